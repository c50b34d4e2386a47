"""Every word the tool writes is in the dossier's language.

For each language of the theme, a dossier is started with `dossier init --lang L`, given the
project's seeds and registry (the curator's, in French) and one entity accepted from the proposals
(its description still the placeholder `accept` writes), and built. Then every page, and every file
a reader downloads or a program reads (the data folder, the feeds, the preview cards' data, the
search page), is read for words that belong to the interface of another language: the words of
the other catalogs (msgstr, or the msgid the English catalog shows), of the other languages' month
names and of what `init` writes in them, that the site's own language does not use and that the
curator's own text, shown as it is, does not hold (the registry; the articles' outlets and authors;
the seeds, on a site in their language). Text the page marks as another language (`lang`,
`xml:lang`: the French articles of an English site) is the articles' own and is left out, and so
are code, file names and table names, which are no language's.

Run on the main branch before German was added, it failed: `--lang de` refused; the English site
published the French placeholder ("phrases", in entities.csv, previews.json, the actors' index and
the entity's page) and its feeds held the French articles' titles and summaries unmarked.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as etree
from functools import cache
from pathlib import Path

import frontmatter
import pytest
from babel import dates
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from dossier import init
from dossier.render import i18n

from .conftest import ROOT, run_build

SITES = ("fr", "en", "de")  # the languages a dossier can be started in
WORD = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")
SHORTEST = 3  # letters of the shortest word looked for
SEEDS_LANGUAGE = "fr"  # the project's seeds (tests/test_ingest.py reads them as French)
ACCEPTED = "iran"  # an entity of the registry, removed from it and proposed instead, then accepted
ATTRIBUTES = ("aria-label", "placeholder", "content", "title", "alt", "data-pagefind-filter", "data-pagefind-meta",
              "data-words")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NO_LANGUAGE = re.compile(r"[\w/-]+\.(?:csv|json|gexf|db|md|xml)\b|\w+_\w+")  # file and table names: events.json, mentions_fts


def words(text: str) -> set[str]:
    return {word.lower() for word in WORD.findall(NO_LANGUAGE.sub(" ", text)) if len(word) >= SHORTEST}


@cache
def vocabulary(language: str) -> frozenset[str]:
    """The words the tool writes in `language`: its catalog, its month and day names, what `init` writes."""
    with (i18n.TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalog = read_po(file)
    texts = []
    for message in catalog:
        if message.id:
            ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
            strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
            # An empty msgstr shows the msgid: the English catalog's words, a word missing from another's.
            texts += [string or (msgid if language == "en" else "") for msgid, string in zip(ids, strings, strict=False)]
    for context in ("format", "stand-alone"):
        texts += dates.get_month_names("wide", context, locale=language).values()
        texts += dates.get_day_names("wide", context, locale=language).values()
    texts += [*init.WORDS[language].values(), (init.SKELETON / f"about.{language}.md").read_text(encoding="utf-8")]
    found = set()
    for text in texts:
        found |= words(re.sub(r"%\(\w+\)[sd]|<code>.*?</code>|`[^`]*`|<[^>]+>|\$\w+|\{\w+\}", " ", text))
    return frozenset(found)


@cache
def curators_words(site: str) -> frozenset[str]:
    """The words of the curator's texts a page of a site in `site` shows unmarked: the project's registry
    (names, aliases, descriptions, in French), and its seeds when they are in the site's language."""
    paths = [path for folder in ("entities", "events") for path in (ROOT / "content" / folder).glob("*.md")]
    if site == SEEDS_LANGUAGE:
        paths += sorted((ROOT / "seeds").iterdir())
    return frozenset().union(*(words(path.read_text(encoding="utf-8")) for path in paths))


def bylines(folder: Path) -> set[str]:
    """The words of the articles' outlets and authors (read from the seeds), which a page shows unmarked."""
    found = set()
    for path in (folder / "content" / "articles").glob("*.md"):
        metadata = frontmatter.load(path).metadata
        found |= words(" ".join([str(metadata.get("outlet") or ""), *map(str, metadata.get("authors") or [])]))
    return found


def foreign_words(site: str, folder: Path | None = None) -> dict[str, str]:
    """The distinctive words of the other languages' interfaces, each with its language (less the bylines
    of the articles of the dossier in `folder`)."""
    own = vocabulary(site) | curators_words(site) | (bylines(folder) if folder else set())
    foreign: dict[str, str] = {}
    for language in i18n.LANGUAGES:
        if language != site:
            for word in sorted(vocabulary(language) - own):
                foreign.setdefault(word, language)
    return foreign


def make_dossier(folder: Path, language: str) -> Path:
    """`dossier init --lang LANGUAGE`, the project's seeds and registry, one entity accepted from the proposals."""
    init.create(folder, title="Test", lang=language, pin=False)
    shutil.copytree(ROOT / "seeds", folder / "seeds", dirs_exist_ok=True)
    for kind in ("entities", "events"):
        shutil.copytree(ROOT / "content" / kind, folder / "content" / kind, dirs_exist_ok=True)
    (folder / "content" / "entities" / f"{ACCEPTED}.md").unlink()
    (folder / "content" / "candidates.yml").write_text(
        f"- id: {ACCEPTED}\n  name: Iran\n  type: country\n  count: 1\n  articles: []\n  variants: []\n", encoding="utf-8")
    accepted = subprocess.run([sys.executable, str(ROOT / "build.py"), "accept", ACCEPTED, "--root", str(folder)],
                              capture_output=True, text=True, timeout=120)
    assert accepted.returncode == 0, accepted.stderr
    return folder


@pytest.fixture(scope="module", params=SITES)
def built(request, tmp_path_factory) -> tuple[str, Path, subprocess.CompletedProcess]:
    """(language, the dossier's folder, what its build said)."""
    language = request.param
    folder = make_dossier(tmp_path_factory.mktemp(f"site-{language}"), language)
    result = run_build(folder, "--no-propose")
    assert result.returncode == 0, result.stdout + result.stderr
    return language, folder, result


def attribute(name: str, value) -> str:
    """The words of an attribute a reader meets: a Pagefind meta's value (not its name), the search
    script's messages (not the keys of its data-words, nor the CSS classes it gives each kind)."""
    if name == "data-pagefind-meta":
        return str(value).partition(":")[2]
    if name == "data-words":
        script = json.loads(value)
        kinds = list(script.pop("kinds"))
        filters = [" ".join(v) if isinstance(v, list) else v for f in script.pop("filters") for v in f.values()]
        messages = " ".join(" ".join(v) if isinstance(v, list) else v for v in script.values())
        return " ".join([*kinds, *filters, re.sub(r"\{\w+\}", " ", messages)])  # {name}: what the script fills in
    return str(value)


def page_texts(output: Path, language: str):
    """(file, text) of every page: its visible text and the attributes a reader meets, less what is marked
    as another language; an article's own title and summary (its <title>, its description) left out."""
    for page in sorted(output.rglob("*.html")):
        html = BeautifulSoup(page.read_bytes(), "html.parser")
        for element in html.select("body [lang]"):
            if element["lang"] != language:
                element.decompose()
        for element in html.select("script:not([data-words]), style, code, pre"):  # code is no language's
            element.decompose()
        for element in html.select('meta[property="og:type"], meta[name="twitter:card"]'):  # Open Graph's and Twitter's words
            element.decompose()
        if page.parent.parent.name == "articles" and html.head:
            html.head.decompose()
        values = [attribute(name, value) for tag in html.find_all(True) for name, value in tag.attrs.items()
                  if name in ATTRIBUTES]
        yield page.relative_to(output).as_posix(), " ".join([html.get_text(" "), *values])


def xml_texts(path: Path, language: str) -> str:
    """The text of an XML file (a feed, the sitemap, the network), less the elements marked as another language."""
    root = etree.parse(path).getroot()

    def texts(element, inherited: str):
        own = element.get(XML_LANG, inherited)
        if own != language:
            return
        yield element.text or ""
        for child in element:
            yield from texts(child, own)
            yield child.tail or ""

    return " ".join(texts(root, root.get(XML_LANG, language)))


def data_texts(output: Path, language: str):
    """(file, text) of each file of the site that is not a page: data, feeds, preview cards."""
    data = output / i18n.ADDRESSES[language]["data"]
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    described = [resource["description"] for resource in package["resources"]]
    described += [field["description"] for resource in package["resources"] for field in resource.get("schema", {}).get("fields", [])]
    yield "datapackage.json", " ".join(described)
    for name in ("entities.csv", "quotes.csv"):  # descriptions, and what stands for an unnamed speaker
        with (data / name).open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        yield name, " ".join(row.get("description") or row.get("speaker_name") or "" for row in rows)
    previews = json.loads((output / "previews.json").read_text(encoding="utf-8"))
    yield "previews.json", " ".join(str(value) for card in previews.values() for key, value in card.items()
                                    if key not in ("name", "url", "type"))
    for feed in sorted(output.rglob("atom.xml")):
        yield feed.relative_to(output).as_posix(), xml_texts(feed, language)


@pytest.mark.site
def test_no_page_and_no_file_shows_a_word_of_another_interface_language(built):
    language, folder, _ = built
    output = folder / "output"
    foreign = foreign_words(language, folder)
    assert len(foreign) > 100  # the other catalogs do have words of their own
    found: dict[str, set[str]] = {}
    for name, text in [*page_texts(output, language), *data_texts(output, language)]:
        for word in words(text) & foreign.keys():
            found.setdefault(f"{word} ({foreign[word]})", set()).add(name)
    assert not found, "\n".join(f"{word}: {', '.join(sorted(files)[:4])}" for word, files in sorted(found.items()))


@pytest.mark.site
def test_a_placeholder_description_is_never_published_and_the_build_names_it(built):
    language, folder, result = built
    written = (folder / "content" / "entities" / f"{ACCEPTED}.md").read_text(encoding="utf-8")
    placeholder = written.split("---\n", 2)[2].strip()
    assert not words(placeholder) & foreign_words(language).keys(), placeholder  # it is written in the dossier's language
    output = folder / "output"
    shown = [path.relative_to(output).as_posix() for path in sorted(output.rglob("*"))
             if path.is_file() and path.suffix in (".html", ".json", ".csv", ".xml", ".js")
             and placeholder in " ".join(path.read_text(encoding="utf-8").replace("\u202f", " ").replace("\xa0", " ").split())]
    assert not shown
    page = BeautifulSoup((output / i18n.ADDRESSES[language]["actors"] / ACCEPTED / "index.html").read_bytes(), "html.parser")
    assert page.h1.get_text() == "Iran" and page.select_one(".lede") is None
    assert page.select_one('meta[name="description"]')["content"]  # a description of the page all the same
    said = [line for line in result.stderr.splitlines() + result.stdout.splitlines() if ACCEPTED in line or "Iran" in line]
    assert len(said) == 1 and "1 " in said[0] and f"content/entities/{ACCEPTED}.md" in said[0], said
