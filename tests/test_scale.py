"""What keeps a large dossier fast and its pages small: no render when nothing changed, pages cut
past a size, feeds of the newest articles, entity recognition that can wait."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as etree

from bs4 import BeautifulSoup

from dossier.core.settings import PACKAGE_THEME

from .conftest import ROOT, run_build

# The CLI in-process, saying whether spaCy was loaded.
SPACY_PROBE = (
    "import sys; from dossier.cli import main; code = main(sys.argv[1:]); "
    "print('spacy imported:', 'spacy' in sys.modules); sys.exit(code)"
)
ATOM = "{http://www.w3.org/2005/Atom}"


def page(root: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((root / "output" / url / "index.html").read_bytes(), "html.parser")


def mtimes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in sorted(folder.rglob("*")) if p.is_file()}


def set_settings(root: Path, **settings: int) -> None:
    conf = root / "pelicanconf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + "".join(f"\n{key} = {value!r}" for key, value in settings.items()) + "\n",
        encoding="utf-8",
    )


def test_a_rebuild_with_nothing_changed_renders_nothing_and_says_the_same(project):
    before = mtimes(project / "output")
    first = run_build(project)
    again = run_build(project)
    assert first.returncode == again.returncode == 0, again.stderr
    assert mtimes(project / "output") == before  # not one file written again
    # The same counts, warnings included; the time it took, "(0.0 s)" or "(0.1 s)", aside.
    said = [re.sub(r" \(\d+\.\d s\)$", "", run.stdout.splitlines()[-1]) for run in (first, again)]
    assert said[0] == said[1] and "nothing to do" in said[1]
    assert again.stderr == first.stderr


def test_a_site_changed_by_hand_or_a_changed_theme_is_rendered_again(project):
    home = project / "output" / "index.html"
    home.unlink()
    assert run_build(project).returncode == 0
    assert home.exists()  # the output was not as the last render left it

    # A copy of the theme in the dossier's themes/dossier/ replaces the package's.
    shutil.copytree(PACKAGE_THEME, project / "themes" / "dossier")
    css = project / "themes" / "dossier" / "static" / "css" / "style.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.marker-for-test { color: red; }\n", encoding="utf-8")
    assert run_build(project).returncode == 0
    assert ".marker-for-test" in (project / "output" / "theme" / "css" / "style.css").read_text(encoding="utf-8")


def test_long_pages_are_cut_into_linked_pages(project):
    set_settings(project, DOSSIER_MENTIONS_PER_PAGE=3, DOSSIER_STATEMENTS_PER_PAGE=2, DOSSIER_ARTICLES_PER_PAGE=2)
    result = run_build(project)
    assert result.returncode == 0, result.stderr

    # An actor's page: every mention on exactly one page, pages linked both ways, each with the header.
    russia = project / "output" / "acteurs" / "russie"
    pages = ["acteurs/russie/", *sorted(f"acteurs/russie/page/{p.name}/" for p in (russia / "page").iterdir())]
    assert len(pages) > 2
    quotes = []
    for number, url in enumerate(pages, start=1):
        soup = page(project, url)
        assert soup.h1.get_text(strip=True) == "Russie"
        quotes += [q.get_text() for q in soup.select(".mention-quote")]
        links = {a["rel"][0]: a["href"] for a in soup.select(".pagination a[rel]")}
        assert links.get("next") == (f"/{pages[number]}" if number < len(pages) else None)
        assert links.get("prev") == (f"/{pages[number - 2]}" if number > 1 else None)
    meta = page(project, "acteurs/russie/").select_one(".entity-header .meta").get_text()
    assert f"{len(quotes)} mentions" in meta  # the count of the whole actor, on the first page

    # The articles' index: two a page, the newest first, all of them.
    titles = [h.get_text(strip=True) for url in ("articles/", "articles/page/2/", "articles/page/3/")
              for h in page(project, url).select("ul.cards > li h2")]
    assert len(titles) == 5 and len(set(titles)) == 5

    # The timeline: two dated passages a page at most, a date cited more often cut across pages;
    # the drawing on the first page links the dates of the others to their page.
    timeline = page(project, "chronologie/")
    count = int(timeline.select_one(".page-header .meta").get_text().split("passage")[0].split("·")[-1].split()[0])
    numbers = sorted(int(p.name) for p in (project / "output" / "chronologie" / "page").iterdir())
    shown = 0
    for url in ["chronologie/", *(f"chronologie/page/{n}/" for n in numbers)]:
        soup = page(project, url)
        statements = soup.select(".chrono-statements > li")
        assert len(statements) <= 2
        shown += len(statements)
        # The counts of the whole on the first page alone: a passage added elsewhere leaves a later page as it was.
        assert (soup.select_one(".page-header .meta") is not None) == (url == "chronologie/"), url
    assert shown == count
    later = [a["href"] for a in timeline.select("svg a") if "/chronologie/page/" in a.get("href", "")]
    assert later
    target, anchor = later[0].split("#")
    assert page(project, target.strip("/")).find(id=anchor) is not None

    sitemap = (project / "output" / "sitemap.xml").read_text(encoding="utf-8")
    assert "/acteurs/russie/page/2/" in sitemap and "/chronologie/page/2/" in sitemap


def test_the_later_pages_of_an_event_show_its_heading_and_their_accounts_without_the_counts(project):
    """An event's later pages show what the registry says of it and their own accounts, not the counts and
    differences of the whole (the first page's): an article added to the event elsewhere leaves them as they were."""
    set_settings(project, DOSSIER_PASSAGES_PER_PAGE=2)
    assert run_build(project).returncode == 0
    events = project / "output" / "evenements"
    url = next(f"evenements/{p.parent.parent.name}/" for p in sorted(events.glob("*/page/2")))
    first, second = page(project, url), page(project, url + "page/2/")
    assert first.select_one(".accounts-count") and not second.select(".accounts-count, .differences")
    assert second.h1.get_text(strip=True) == first.h1.get_text(strip=True)
    assert second.select(".comparison-table tbody th[scope=row] a") and second.select(".passage")
    shown = {a["href"] for a in first.select(".comparison-table th[scope=row] a")}
    assert shown.isdisjoint(a["href"] for a in second.select(".comparison-table th[scope=row] a"))
    assert "subjectOf" in first.find("script", type="application/ld+json").string
    assert "subjectOf" not in second.find("script", type="application/ld+json").string


def test_an_article_added_on_top_leaves_the_later_pages_of_long_lists_as_they_were(project):
    """Long lists are cut from their oldest end: the newest article changes their first page, not the
    others, whose bytes (and files: hard links of the last render) stay; the later pages of an actor
    show no count (views.paginate_from_oldest is tested on its own in test_views); the site is what a
    full render gives."""
    from .test_regenerate import NEW_ARTICLE

    set_settings(project, DOSSIER_MENTIONS_PER_PAGE=3, DOSSIER_ARTICLES_PER_PAGE=2)
    assert run_build(project).returncode == 0
    output = project / "output"
    # Five articles two a page: [newest], [2, 3], [4, oldest]; with one more on top, [new, newest] and the same two.
    later = {p: (p.stat().st_ino, p.read_bytes()) for p in (output / "articles" / "page").glob("*/index.html")}
    assert len(later) == 2
    second = page(project, "acteurs/russie/page/2/")
    assert second.h1.get_text(strip=True) == "Russie" and not second.select(".entity-header .meta, aside.side")
    assert second.select_one(".pages-note a")["href"] == "/acteurs/russie/"

    (project / "seeds" / "seoul.md").write_text(NEW_ARTICLE, encoding="utf-8")  # the newest article, citing Russia
    first = (output / "acteurs" / "russie" / "index.html").read_bytes()
    assert run_build(project).returncode == 0
    assert "Séoul s" in page(project, "articles/").get_text() and (output / "acteurs" / "russie" / "index.html").read_bytes() != first
    assert {p: (p.stat().st_ino, p.read_bytes()) for p in later} == later
    site, again = full_render(project)
    assert site == again


def test_a_language_changed_by_hand_reaches_the_pages_that_list_the_article(project):
    """The card of an article that other pages list (an actor's mentions, the articles' index) is part of
    their keys with its language: those pages are rendered again, with lang="en" on its title."""
    assert run_build(project).returncode == 0
    article = next(p for p in sorted((project / "content" / "articles").glob("*.md"))
                   if "[[russie|" in p.read_text(encoding="utf-8"))
    text = article.read_text(encoding="utf-8")
    assert "\nlanguage: fr\n" in text
    article.write_text(text.replace("\nlanguage: fr\n", "\nlanguage: en\n", 1), encoding="utf-8")
    assert run_build(project).returncode == 0
    for url in ("acteurs/russie/", "articles/"):
        link = page(project, url).find("a", href=re.compile(f"/articles/{article.stem}/$"))
        assert link.parent.get("lang") == "en", url
    site, again = full_render(project)
    assert site == again


def test_indexes_and_the_network_table_are_cut_into_pages_and_the_drawing_shows_the_most_cited(project):
    set_settings(project, DOSSIER_ENTITIES_PER_PAGE=7, DOSSIER_NETWORK_ROWS_PER_PAGE=10, DOSSIER_NETWORK_NODES=5)
    result = run_build(project)
    assert result.returncode == 0, result.stderr

    # The actors' index: every actor on exactly one page, at most 7 a page, each page with the
    # whole table of contents, whose links lead to the page and the heading where a group begins.
    first = page(project, "acteurs/")
    total = int(first.select_one(".lede").get_text().split()[0])
    urls = ["acteurs/", *sorted(f"acteurs/page/{p.name}/" for p in (project / "output" / "acteurs" / "page").iterdir())]
    names = []
    for url in urls:
        soup = page(project, url)
        entries = [a.get_text(strip=True) for a in soup.select(".entity-item-head a")]
        assert 0 < len(entries) <= 7
        names += entries
        toc = [a["href"] for a in soup.select("nav.toc a")]
        assert len(toc) == len(first.select("nav.toc a")) > 1
        for href in toc:
            target, anchor = href.split("#")
            assert (page(project, target.strip("/")) if target else soup).find(id=anchor) is not None
    assert len(names) == len(set(names)) == total

    # The network: the drawing, on the first page only, shows the 5 most cited and says so;
    # the table lists every actor and place cited, 10 a page.
    network = page(project, "reseau/")
    nodes = int(network.select_one(".page-header .meta").get_text().split()[0])
    drawn = [a["href"] for a in network.select("svg .net-nodes a")]
    assert len(drawn) == 5 and nodes > 10
    assert "montre les 5 acteurs et lieux les plus cités" in network.select_one("figcaption").get_text()
    rows = [th.a["href"] for th in network.select(".net-table tbody th")]
    assert rows[:5] == drawn[::-1]  # the most cited drawn last, on top
    following = sorted((project / "output" / "reseau" / "page").iterdir(), key=lambda p: int(p.name))
    for folder in following:
        soup = page(project, f"reseau/page/{folder.name}/")
        assert soup.select_one("svg") is None
        rows += [th.a["href"] for th in soup.select(".net-table tbody th")]
    assert len(rows) == len(set(rows)) == nodes
    assert len(following) == (nodes - 1) // 10


def test_a_speaker_quoted_more_than_a_page_holds_is_cut_across_pages_said_continued(project):
    """Who said what: no page holds more than DOSSIER_QUOTES_PER_PAGE quotations, even of one speaker (a
    speaker quoted thousands of times made a page of a megabyte); the speaker's heading is on each page, with
    the count of all its quotations on the first, "(suite)" after; links to the speaker lead to the first. A later
    page shows no count of the whole: a quotation added elsewhere leaves it as it was."""
    set_settings(project, DOSSIER_QUOTES_PER_PAGE=2)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    urls = ["qui-a-dit-quoi/", *sorted(f"qui-a-dit-quoi/page/{p.name}/" for p in (project / "output" / "qui-a-dit-quoi" / "page").iterdir())]
    shown: dict[str, list[tuple[str, int]]] = {}
    for url in urls:
        soup = page(project, url)
        assert len(soup.select(".speaker-group figure.quotation")) <= 2, url
        for group in soup.select("section.speaker-group"):
            name = group.h3.a.get_text(strip=True) if group.h3.a else ""
            continued = group.h3.select_one(".continued")
            shown.setdefault(name, []).append((url, len(group.select("figure.quotation"))))
            assert (continued is not None) == (len(shown[name]) > 1), (url, name)
            count = group.h3.select_one(".count")
            if continued is not None:
                assert continued.get_text() == "(suite)" and count is None
            else:
                assert count.get_text() == "4 citations" if name == "Vladimir Poutine" else count is not None
        assert (soup.select_one(".page-header .meta") is not None) == (url == "qui-a-dit-quoi/"), url
    poutine = shown["Vladimir Poutine"]
    assert [count for _, count in poutine] == [2, 2] and poutine[0][0] != poutine[1][0]
    first = page(project, "qui-a-dit-quoi/")
    links = [a["href"] for a in first.select(".quotes-by-event a") if a.get_text() == "Vladimir Poutine"]
    assert links and all(href.split("#")[0].endswith("/" + poutine[0][0]) for href in links)


def test_the_later_pages_of_the_timeline_and_of_who_said_what_are_kept_when_an_article_added_is_not_on_them(project):
    """A later page of the timeline or of who said what shows nothing of the whole (no counts): an article added
    whose passages and quotations are elsewhere leaves it as it was, the same file kept from the last render."""
    from .test_regenerate import NEW_ARTICLE

    set_settings(project, DOSSIER_STATEMENTS_PER_PAGE=2, DOSSIER_QUOTES_PER_PAGE=2)
    assert run_build(project).returncode == 0
    output = project / "output"
    later = sorted([*output.glob("chronologie/page/*/index.html"), *output.glob("qui-a-dit-quoi/page/*/index.html")])
    assert len(later) > 4
    before = {path: (path.stat().st_ino, path.read_bytes()) for path in later}
    (project / "seeds" / "seoul.md").write_text(NEW_ARTICLE, encoding="utf-8")  # no quotation, one passage dated
    assert run_build(project).returncode == 0
    same = [path for path in later if path.read_bytes() == before[path][1]]
    assert {path for path in same if "qui-a-dit-quoi" in path.parts} == {path for path in later if "qui-a-dit-quoi" in path.parts}
    assert any("chronologie" in path.parts for path in same)
    for path in same:
        assert path.stat().st_ino == before[path][0], path  # kept, not written again
    site, again = full_render(project)
    assert site == again


def test_a_curator_page_removed_or_written_again_changes_every_pages_menu_as_a_full_render_does(project):
    """Every page's menu links the about page only when the curator wrote one: the page removed, the pages kept
    from the last render would link to a page that is no more; they are rendered again, as a first build would."""
    about = project / "content" / "pages" / "a-propos.md"
    text = about.read_text(encoding="utf-8")
    article = next((project / "output" / "articles").glob("*/index.html"))
    assert 'href="/a-propos/"' in article.read_text(encoding="utf-8")
    about.unlink()
    assert run_build(project).returncode == 0
    assert 'href="/a-propos/"' not in article.read_text(encoding="utf-8")
    site, again = full_render(project)
    assert site == again
    about.write_text(text, encoding="utf-8")
    assert run_build(project).returncode == 0
    assert 'href="/a-propos/"' in article.read_text(encoding="utf-8")
    site, again = full_render(project)
    assert site == again


def test_feeds_hold_the_newest_articles(project):
    set_settings(project, DOSSIER_FEED_LIMIT=2)
    assert run_build(project).returncode == 0
    feed = etree.parse(str(project / "output" / "atom.xml"))
    updated = [entry.findtext(f"{ATOM}updated") for entry in feed.iter(f"{ATOM}entry")]
    assert len(updated) == 2
    assert updated == sorted(updated, reverse=True)


def test_entity_recognition_can_wait_for_a_later_build(project):
    seed = project / "seeds" / "005_new.txt"
    seed.write_text(
        "Ilona Varga à Moscou\n\nPar Jean Petit\n\nIlona Varga, ministre hongroise, a rencontré Sergueï Lavrov "
        "à Moscou le 3 mars 2025 pour parler du gaz russe.\n",
        encoding="utf-8",
    )
    quick = subprocess.run(
        [sys.executable, "-c", SPACY_PROBE, "--root", str(project), "--no-propose"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert quick.returncode == 0, quick.stderr
    assert "spacy imported: False" in quick.stdout and "read for names the registry lacks" not in quick.stdout
    assert "(--no-propose); the next build without it proposes them" in quick.stderr
    assert (project / "output" / "articles" / "ilona-varga-a-moscou" / "index.html").exists()

    later = subprocess.run(
        [sys.executable, "-c", SPACY_PROBE, "--root", str(project)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert later.returncode == 0, later.stderr
    assert "read for names the registry lacks (entity recognition)" in later.stdout
    assert "Ilona Varga" in (project / "content" / "candidates.yml").read_text(encoding="utf-8")


def test_rendered_bodies_are_kept_for_the_next_build_and_forgotten_with_their_article(project):
    bodies = project / ".cache" / "dossier-bodies"
    kept = {p.name: p.stat().st_mtime_ns for p in bodies.glob("[0-9a-f]*.json")}
    assert len(kept) == 5  # one per article
    assert len(list(bodies.glob("quotes-*.json"))) == 5  # and its quotations
    article = project / "output" / "articles" / "accord-de-defense-russo-nord-coreen-une-alliance" / "index.html"
    page_before = article.read_bytes()

    # One article more: its body is rendered, the five others are read back, not written again.
    (project / "seeds" / "005_new.txt").write_text(
        "Le Japon inquiet\n\nPar Jean Petit\n\nLe Japon suit de près l'alliance entre Moscou et Pyongyang.\n",
        encoding="utf-8",
    )
    assert run_build(project, "--no-propose").returncode == 0
    now = {p.name: p.stat().st_mtime_ns for p in bodies.glob("[0-9a-f]*.json")}
    assert len(now) == 6 and all(now[name] == mtime for name, mtime in kept.items())

    # A change of the registry changes how links render: every body is rendered again.
    japan = project / "content" / "entities" / "japon.md"
    japan.write_text(japan.read_text(encoding="utf-8").replace("name: Japon", "name: Japon (État)"), encoding="utf-8")
    assert run_build(project, "--no-propose").returncode == 0
    again = sorted(p.name for p in bodies.glob("[0-9a-f]*.json"))
    assert len(again) == 6 and not set(again) & set(now)  # the old ones forgotten
    (project / "seeds" / "005_new.txt").unlink()

    # The same inputs again: the page comes out byte for byte as rendered from scratch.
    japan.write_text(japan.read_text(encoding="utf-8").replace("name: Japon (État)", "name: Japon"), encoding="utf-8")
    assert run_build(project, "--no-propose").returncode == 0
    assert article.read_bytes() == page_before


# The CLI in-process, counting how often each article file and the registry are read.
READ_PROBE = """
import collections, sys
import dossier.pipeline as pipeline
import dossier.render.bodies as bodies
import dossier.render.source_cache as source_cache
import dossier.render.sources as sources
files, registries = collections.Counter(), []
read_source, read_registry = sources.read_source, pipeline.read_registry
def counted_source(path, root, data=None):
    files[path.name] += 1
    return read_source(path, root, data)
def counted_registry(*args):
    registries.append(args)
    return read_registry(*args)
source_cache.read_source = sources.read_source = counted_source
pipeline.read_registry = counted_registry
from dossier.cli import main
code = main(sys.argv[1:])
print("article files:", len(files), "most reads of one:", max(files.values(), default=0), "registry reads:", len(registries))
sys.exit(code)
"""


def test_a_build_reads_each_article_file_and_the_registry_once(project):
    (project / "pelicanconf.py").write_text(
        (project / "pelicanconf.py").read_text(encoding="utf-8") + "\nDOSSIER_TITLE = 'Autre titre'\n", encoding="utf-8"
    )  # so that the site is rendered again
    (project / ".cache" / "dossier-articles.json").unlink()  # else the files the last build read are taken from it, not read
    (project / "seeds" / "ilona.txt").write_text(
        "Ilona Varga à Moscou\n\nIlona Varga a rencontré Vladimir Poutine à Moscou.\n", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-c", READ_PROBE, "--root", str(project), "--no-propose"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "article files: 6 most reads of one: 1 registry reads: 1" in result.stdout
    assert "Autre titre" in (project / "output" / "index.html").read_text(encoding="utf-8")


# The CLI in-process, counting the article pages whose key is worked out from what they show (link.page_keys).
KEY_PROBE = """
import sys
import dossier.render.link as link
worked = []
page_keys = link.page_keys
def counted(frame, url, template, *args, **kwargs):
    if template == "article":
        worked.append(url)
    return page_keys(frame, url, template, *args, **kwargs)
link.page_keys = counted
from dossier.cli import main
code = main(sys.argv[1:])
print("article keys worked out:", len(worked))
sys.exit(code)
"""


def test_an_articles_page_made_of_the_same_inputs_is_kept_without_working_out_its_key(project):
    """A rebuild keys an article's page by its inputs (link.article_inputs: its file, the files of the articles
    its related reading lists, its family of copies, the registry, what every page is made with): the same
    inputs as the last render's, the page is kept with the key it had, not worked out again from what it shows.
    An article added: its page's key is worked out, and those of the pages whose related reading now lists it;
    the site is what a full render gives. An entity renamed: every article's inputs changed."""
    from .test_regenerate import NEW_ARTICLE

    pages = project / "output" / "articles"
    before = {p.parent.name: p.read_bytes() for p in pages.glob("*/index.html")}

    def build() -> int:
        result = subprocess.run([sys.executable, "-c", KEY_PROBE, "--root", str(project), "--no-propose"],
                                cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        return int(result.stdout.split("article keys worked out:")[1].split()[0])

    # An article that names no actor: no related reading lists it, its page alone is keyed from what it shows.
    (project / "seeds" / "pluie.txt").write_text("Il pleut\n\nIl a plu toute la semaine sur la côte.\n", encoding="utf-8")
    assert build() == 1
    assert all((pages / slug / "index.html").read_bytes() == page for slug, page in before.items())
    before = {p.parent.name: p.read_bytes() for p in pages.glob("*/index.html")}

    (project / "seeds" / "seoul.md").write_text(NEW_ARTICLE, encoding="utf-8")
    worked = build()
    added = next(p.parent.name for p in pages.glob("*/index.html") if p.parent.name not in before)
    changed = [slug for slug, page in before.items() if (pages / slug / "index.html").read_bytes() != page]
    assert changed and worked == 1 + len(changed), (worked, changed)  # the new page and those listing it
    assert all(f'href="/articles/{added}/"' in (pages / slug / "index.html").read_text(encoding="utf-8") for slug in changed)
    manifest = json.loads((project / ".cache" / "dossier-render.json").read_text(encoding="utf-8"))
    assert {url for url in manifest["page_inputs"] if url.startswith("articles/")} == {f"articles/{slug}/" for slug in [*before, added]}
    site, again = full_render(project)
    assert site == again

    assert build() == 0  # nothing changed since: no article page's key worked out, nothing rendered

    entity = project / "content" / "entities" / "vladimir-poutine.md"
    entity.write_text(entity.read_text(encoding="utf-8").replace("name: Vladimir Poutine", "name: V. Poutine"), "utf-8")
    assert build() == len(before) + 1
    site, again = full_render(project)
    assert site == again


def test_pelican_alone_renders_the_dossier(project, tmp_path):
    """`pelican content` with the dossier's settings: the plugin ingests a new seed, reads the registry
    and the articles itself, and Pagefind indexes the site (from Pelican's `finalized` signal)."""
    (project / "seeds" / "copie.txt").write_text("Une dépêche\n\nVladimir Poutine a reçu Kim Jong-un à Moscou.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(tmp_path / "site")],
        cwd=project, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    articles = sorted(p.name for p in (tmp_path / "site" / "articles").iterdir() if p.is_dir() and p.name != "page")
    assert articles == sorted(p.stem for p in (project / "content" / "articles").glob("*.md"))
    assert len(articles) == 6  # the five built, and the new seed's, annotated by Pelican's run
    assert (tmp_path / "site" / "acteurs" / "vladimir-poutine" / "index.html").exists()
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").exists()


# The CLI in-process, reading seeds, annotating articles and rendering bodies in several processes from 2 of
# them on (PARALLEL), or each in this one (ALONE); an article links 5 names at most, so that annotating warns.
PROBE = """
import sys
import dossier.curate.annotate as annotate
import dossier.pipeline as pipeline
import dossier.render.bodies as bodies
import dossier.render.sources as sources
import dossier.render.writing as writing
pipeline.PARALLEL_SEEDS = pipeline.PARALLEL_ANNOTATE = bodies.PARALLEL_BODIES = writing.PARALLEL_PAGES = {threshold}
annotate.MAX_LINKS = 5
sys.argv[0] = "build.py"  # its hints name the command as run_build's do
from dossier.cli import main
sys.exit(main(sys.argv[1:]))
"""


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_seeds_read_articles_annotated_bodies_rendered_and_pages_written_in_several_processes_give_the_same_site(tmp_path):
    from .conftest import copy_project

    one, several = (copy_project(tmp_path / name, with_articles=False) for name in ("one", "several"))
    alone, apart = (
        subprocess.run([sys.executable, "-c", PROBE.format(threshold=threshold), "--root", str(root)], cwd=root,
                       capture_output=True, text=True, timeout=300)
        for root, threshold in ((one, 10**6), (several, 2))
    )
    assert alone.returncode == apart.returncode == 0, apart.stderr
    assert apart.stderr == alone.stderr  # the same warnings, in the same order, annotating's among them
    assert alone.stderr.count("only the first 5 are linked") == 5
    # Each stage's time varies, and so does which stages the summary names as the slowest.
    untimed = functools.partial(re.sub, r"\d+\.\d s\b|; built in .*", "T")
    assert untimed(string=apart.stdout) == untimed(string=alone.stdout)
    assert tree(several / "content") == tree(one / "content")
    assert tree(several / "output") == tree(one / "output")


def full_render(root: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The site as it is, and as rendered again from nothing (no output, no render manifest, no rendered
    bodies or quotations kept): the same, always."""
    site = tree(root / "output")
    shutil.rmtree(root / ".cache")
    shutil.rmtree(root / "output")
    assert run_build(root).returncode == 0
    again = tree(root / "output")
    return site, again


def without_local_graph(page: Path) -> str:
    """A page less the data of its local graph (an actor's neighbours and theirs, which an article that does
    not cite it may change)."""
    return re.sub(r'<script type="application/json"[^>]*>.*?</script>', "", page.read_text(encoding="utf-8"), flags=re.S)


COMPARE_PROBE = """
import os, sys
import dossier.sections.compare as compare
comparer = compare.comparer
def counted(dossier):
    one = comparer(dossier)
    def compared(event):
        with open(os.environ["COMPARED"], "a", encoding="utf-8") as log:  # the events' pages may be made in another process
            log.write(event.id + "\\n")
        return one(event)
    return compared
compare.comparer = counted
from dossier.cli import main
sys.exit(main(sys.argv[1:]))
"""

ANOTHER_VISIT = """\
---
title: Kim Jong-un attendu en Russie
date: 2024-12-02
source: Le Quotidien
url: https://example.org/kim-russie
---
Le Kremlin prépare une nouvelle visite de Kim Jong-un, six mois après le sommet de juin 2024.

Les deux dirigeants avaient alors signé un traité de partenariat stratégique global.
"""


def test_an_events_pages_made_of_the_same_inputs_are_kept_without_comparing_it(project, tmp_path):
    """A rebuild keys an event's pages by their inputs (link.event_inputs: the files of the articles that mention
    it and their families of copies, the registry, what every page is made with): the same inputs as the last
    render's, the pages are kept as they are and the event is not compared again. An article added compares the
    events it mentions, and those only; an event renamed in the registry, every event. The site is, each time,
    what a full render gives."""
    log = tmp_path / "compared"

    def build() -> list[str]:
        log.write_text("", encoding="utf-8")
        result = subprocess.run([sys.executable, "-c", COMPARE_PROBE, "--root", str(project), "--no-propose"], cwd=ROOT,
                                capture_output=True, text=True, timeout=300, env={**os.environ, "COMPARED": str(log)})
        assert result.returncode == 0, result.stderr
        return sorted(log.read_text(encoding="utf-8").split())

    events = sorted(path.stem for path in (project / "content" / "events").glob("*.md"))
    (project / "seeds" / "pluie.txt").write_text("Il pleut\n\nIl a plu toute la semaine sur la côte.\n", encoding="utf-8")
    assert build() == []  # an article that names no event: every event's pages kept

    (project / "seeds" / "kim.md").write_text(ANOTHER_VISIT, encoding="utf-8")
    compared = build()
    added = BeautifulSoup((project / "output" / "articles" / "kim-jong-un-attendu-en-russie" / "index.html").read_text(
        encoding="utf-8"), "html.parser")
    named = sorted({a["href"].strip("/").split("/")[-1] for a in added.select("a[href*='/evenements/']")
                    if a["href"].strip("/").split("/")[-1] in events})
    assert named and compared == named, (compared, named)
    manifest = json.loads((project / ".cache" / "dossier-render.json").read_text(encoding="utf-8"))
    assert {url for url in manifest["page_inputs"] if url.startswith("evenements/")} >= {f"evenements/{e}/" for e in events}
    site, again = full_render(project)
    assert site == again

    assert build() == []  # nothing changed since

    # The last render's record edited: an event's page said to be of other inputs, another's of more pages than
    # it had, another's not a text. Those events are compared again; the site is still what a full render gives.
    manifest_path = project / ".cache" / "dossier-render.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    crafted = dict(zip(events[:3], ("0" * 64 + " 1", None, 7), strict=True))
    key = manifest["page_inputs"][f"evenements/{events[1]}/"].split()[0]
    crafted[events[1]] = f"{key} 999999999"
    for event_id, value in crafted.items():
        manifest["page_inputs"][f"evenements/{event_id}/"] = value
    (project / "seeds" / "pluie2.txt").write_text("Il neige\n\nIl a neigé toute la semaine en montagne.\n", encoding="utf-8")
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert build() == sorted(events[:3])
    site, again = full_render(project)
    assert site == again

    event = project / "content" / "events" / f"{events[0]}.md"
    event.write_text(event.read_text(encoding="utf-8").replace("\nname: ", "\nname: Revu — ", 1), "utf-8")
    assert build() == events
    site, again = full_render(project)
    assert site == again


def test_a_rebuild_keeps_the_pages_that_did_not_change_and_equals_a_full_render(project):
    from .test_regenerate import NEW_ARTICLE

    pages = project / "output" / "articles"
    inodes = {p.parent.name: p.stat().st_ino for p in pages.glob("*/index.html")}
    actors = {p: p.stat().st_ino for p in (project / "output").glob("[al][ci]*/*/index.html") if "page" not in p.parts}
    shown = {p: without_local_graph(p) for p in actors}
    feeds = {p: p.stat().st_ino for p in (project / "output").glob("[al][ci]*/*/atom.xml")}
    home_feed = (project / "output" / "atom.xml").stat().st_ino

    # One article added: the other articles' pages are the same files unless their related reading now
    # lists it, and so are the pages of the actors and places it does not cite; the site is what a full
    # render gives.
    (project / "seeds" / "seoul.md").write_text(NEW_ARTICLE, encoding="utf-8")
    assert run_build(project).returncode == 0
    added = next(p for p in pages.glob("*/index.html") if p.parent.name not in inodes)
    new = added.read_text(encoding="utf-8")
    for slug, inode in inodes.items():
        lists_it = f'href="/articles/{added.parent.name}/"' in (pages / slug / "index.html").read_text(encoding="utf-8")
        assert ((pages / slug / "index.html").stat().st_ino == inode) != lists_it, slug
    for path, inode in actors.items():
        cited = f'href="/{path.parent.relative_to(project / "output").as_posix()}/"' in new
        # Rendered again if the new article cites it (its date is within the months the actors' charts
        # span already, so no chart changes); else only if its local graph, two steps deep, changed.
        if cited:
            assert path.stat().st_ino != inode, path
        elif path.stat().st_ino != inode:
            assert without_local_graph(path) == shown[path], path
    # So are their feeds: made again if, and only if, the new article is in them.
    assert (project / "output" / "atom.xml").stat().st_ino != home_feed
    for path, inode in feeds.items():
        cited = f'href="/{path.parent.relative_to(project / "output").as_posix()}/"' in new
        assert (path.stat().st_ino == inode) != cited, path
    site, again = full_render(project)
    assert site == again

    # An entity renamed in the registry: the pages of the articles that cite it are rendered again.
    entity = project / "content" / "entities" / "vladimir-poutine.md"
    entity.write_text(entity.read_text(encoding="utf-8").replace("name: Vladimir Poutine", "name: Vladimir V. Poutine"), "utf-8")
    inodes = {p.parent.name: p.stat().st_ino for p in pages.glob("*/index.html")}
    assert run_build(project).returncode == 0
    renamed = [slug for slug in inodes if "Vladimir V. Poutine" in (pages / slug / "index.html").read_text(encoding="utf-8")]
    assert renamed and all((pages / slug / "index.html").stat().st_ino != inodes[slug] for slug in renamed)
    site, again = full_render(project)
    assert site == again

    # An event renamed in the registry: its page is rendered again, the other events' pages are kept.
    events = project / "output" / "evenements"
    event_pages = {p.parent.name: p.stat().st_ino for p in events.glob("*/index.html")}
    event = sorted((project / "content" / "events").glob("*.md"))[0]
    event.write_text(event.read_text(encoding="utf-8").replace("\nname: ", "\nname: Revu — ", 1), "utf-8")
    assert run_build(project).returncode == 0
    assert "Revu — " in (events / event.stem / "index.html").read_text(encoding="utf-8")
    changed = {slug for slug, inode in event_pages.items() if (events / slug / "index.html").stat().st_ino != inode}
    # and the pages of the events that name it among those before and after them
    assert changed == {slug for slug in event_pages if "Revu — " in (events / slug / "index.html").read_text(encoding="utf-8")}
    assert event.stem in changed and len(changed) < len(event_pages)
    site, again = full_render(project)
    assert site == again

    # An article edited by hand: its page changes, and among the articles' only those whose related
    # reading shows its title.
    article = next((project / "content" / "articles").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Édité — ", 1), "utf-8")
    inodes = {p.parent.name: p.stat().st_ino for p in pages.glob("*/index.html")}
    assert run_build(project).returncode == 0
    changed = {slug for slug, inode in inodes.items() if (pages / slug / "index.html").stat().st_ino != inode}
    assert changed == {slug for slug in inodes if "Édité — " in (pages / slug / "index.html").read_text(encoding="utf-8")}
    assert article.stem in changed
    site, again = full_render(project)
    assert site == again

    # An article removed with its seed: its page goes, and the site is what a full render gives.
    (project / "seeds" / "seoul.md").unlink()
    assert run_build(project).returncode == 0
    assert not any("Cho Tae-yul" in p.read_text(encoding="utf-8") for p in pages.glob("*/index.html"))
    site, again = full_render(project)
    assert site == again

    # A setting changed: every page shows the new title, as a full render does.
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "DOSSIER_TITLE = \"L’alliance", "DOSSIER_TITLE = \"Nouvelle alliance"), encoding="utf-8")
    assert run_build(project).returncode == 0
    assert "Nouvelle alliance" in (project / "output" / "index.html").read_text(encoding="utf-8")
    site, again = full_render(project)
    assert site == again



def marked_parts(site: Path) -> dict[str, str]:
    """What Pagefind reads of each actor's, place's and event's page: its elements marked data-pagefind-body,
    less those marked data-pagefind-ignore, by the page's address."""
    found = {}
    for folder in ("acteurs", "lieux", "evenements"):
        for path in sorted(site.glob(f"{folder}/*/index.html")) + sorted(site.glob(f"{folder}/*/page/*/index.html")):
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            parts = soup.select("[data-pagefind-body]")
            for part in parts:
                for ignored in part.select("[data-pagefind-ignore]"):
                    ignored.decompose()
            found[path.parent.relative_to(site).as_posix() + "/"] = "".join(map(str, parts))
    return found


def test_the_key_of_what_the_search_reads_of_an_actors_or_an_events_page_follows_its_marked_parts(project):
    """The key of what the search reads of an actor's, a place's or an event's page is that of the values its
    marked parts show (pelican_plugin.SEARCHED_OF): the same key, the same marked parts, whatever else changed.
    An article added changes the mentions and counts of many pages and the words of few; a description
    changed, and a quotation added, change the key of the page that shows them."""
    manifest = project / ".cache" / "dossier-render.json"

    def state() -> tuple[dict, dict, dict]:
        record = json.loads(manifest.read_text(encoding="utf-8"))
        marked = marked_parts(project / "output")
        return marked, {url: record["searched"][url] for url in marked}, {url: record["pages"][url] for url in marked}

    def build() -> None:
        result = run_build(project, "--no-propose")
        assert result.returncode == 0, result.stderr

    marked, searched, keys = state()
    assert any(url.count("/") == 2 and text for url, text in marked.items())  # first pages have marked parts
    changes = [
        ("an article that cites actors, quoting none", lambda: (project / "seeds" / "koursk.txt").write_text(
            "Koursk encore\n\nPar Jean Petit\n\nLa Russie et la Corée du Nord renforcent leur coopération à Koursk, "
            "selon Séoul.\n", encoding="utf-8")),
        ("a description changed", lambda: (entity := project / "content" / "entities" / "japon.md").write_text(
            entity.read_text(encoding="utf-8").replace("État insulaire d'Asie", "Archipel d'Asie"), encoding="utf-8")),
        ("a quotation added", lambda: (project / "seeds" / "parole.txt").write_text(
            "Poutine parle\n\nPar Jean Petit\n\n12 mars 2031\n\n« Nous ne reculerons pas », a déclaré Vladimir Poutine "
            "à Moscou.\n", encoding="utf-8")),
    ]
    for change, make in changes:
        make()
        build()
        now, searched_now, keys_now = state()
        same = [url for url in marked.keys() & now.keys() if searched_now[url] == searched[url]]
        assert all(now[url] == marked[url] for url in same), (change, [url for url in same if now[url] != marked[url]])
        moved = {url for url in marked.keys() & now.keys() if now[url] != marked[url]}
        if change.startswith("an article"):
            assert any(keys_now[url] != keys[url] for url in same), change  # pages changed, their words not
        elif change.startswith("a description"):
            assert "acteurs/japon/" in moved and searched_now["acteurs/japon/"] != searched["acteurs/japon/"]
        else:
            assert "acteurs/vladimir-poutine/" in moved, moved
            assert searched_now["acteurs/vladimir-poutine/"] != searched["acteurs/vladimir-poutine/"]
        marked, searched, keys = now, searched_now, keys_now
    site, again = full_render(project)
    assert site == again


# The CLI in-process, saying in order when the registry is read and when the proposals' process is started.
PROPOSALS_PROBE = """
import sys
import dossier.curate.proposing as proposing
import dossier.pipeline as pipeline
said = []
started = proposing.Proposals.__init__
def init(self, root, progress, early=False):
    said.append(f"proposals early={early}")
    started(self, root, progress, early)
proposing.Proposals.__init__ = init
read = pipeline._Steps.read_registry
def read_registry(self):
    said.append("registry")
    return read(self)
pipeline._Steps.read_registry = read_registry
from dossier.cli import main
code = main(sys.argv[1:])
print("said:", ",".join(said))
sys.exit(code)
"""


def test_the_proposals_process_starts_before_the_registry_is_read_when_a_seed_is_new_to_them(project):
    """A seed added: the process that loads spaCy starts first, before the registry is read, and proposes its
    names. Nothing changed: none starts. A seed built with --no-propose, then a build with no seed changed:
    the proposals start once the articles are read (not early: no seed changed), and propose its names."""
    def build(*options: str) -> list[str]:
        result = subprocess.run([sys.executable, "-c", PROPOSALS_PROBE, "--root", str(project), *options],
                                cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        return result.stdout.split("said:")[1].strip().splitlines()[0].split(",")

    candidates = project / "content" / "candidates.yml"
    assert build() == ["registry"]
    (project / "seeds" / "005_varga.txt").write_text(
        "Ilona Varga à Moscou\n\nPar Jean Petit\n\nIlona Varga, ministre hongroise, a rencontré Sergueï Lavrov "
        "à Moscou le 3 mars 2025 pour parler du gaz russe.\n", encoding="utf-8")
    assert build() == ["proposals early=True", "registry"]
    assert "Ilona Varga" in candidates.read_text(encoding="utf-8")
    assert build() == ["registry"]

    (project / "seeds" / "006_novak.txt").write_text(
        "Petra Novak à Pékin\n\nPar Jean Petit\n\nPetra Novak, ministre tchèque, a rencontré Wang Yi à Pékin "
        "le 4 mars 2025.\n", encoding="utf-8")
    assert build("--no-propose") == ["registry"]
    assert "Wang Yi" not in candidates.read_text(encoding="utf-8")
    assert build() == ["registry", "proposals early=False"]
    assert "Wang Yi" in candidates.read_text(encoding="utf-8")
