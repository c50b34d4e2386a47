"""Reading the articles: only the first mention of an entity or event per section is a link
(setting DOSSIER_LINK_FIRST_MENTION), French typography's no-break spaces in French bodies, and
no relative canonical link when the site's address is not known.

The real dossier (its five seeds, plus an English seed and a French one with a time and a web
address) is built twice: as it is, and with DOSSIER_LINK_FIRST_MENTION = False.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from dossier.render.bodies import french_spaces, render_body
from dossier.render.markdown_ext import Target

from .conftest import ROOT, copy_project

NNBSP, NBSP = "\u202f", "\u00a0"

ENGLISH_SEED = """\
Is Moscow's pact with Pyongyang an alliance ? Analysts disagree

By Jane Smith

March 3, 2025

Russia and North Korea signed a treaty in June 2024 : both promised help in case of war ; \
the West worries ! Kim Jong Un called it « a true alliance » in Pyongyang.

Vladimir Putin said that North Korea was a friend. Russia needs shells, and North Korea sends them ?
"""

FRENCH_SEED = """\
---
title: "Une réunion à Pyongyang"
date: 2025-03-04
authors:
  - Jeanne Martin
outlet: Le Quotidien
url: https://www.lequotidien.example/monde/reunion
language: fr
---

La réunion entre la Russie et la Corée du Nord commence à 10:30 : elle porte sur le traité ; \
les deux pays parlent de « coopération » et d'aide !

Le texte du traité est publié sur https://example.org/traite?article=4:2 depuis hier.

Qui paie ? La Russie, dit-on.
"""


def _start_build(root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), "--no-propose", "-q"],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """{"first": the dossier built as it is, "all": built with DOSSIER_LINK_FIRST_MENTION = False}; their output folders."""
    roots = {}
    for name in ("first", "all"):
        root = copy_project(tmp_path_factory.mktemp(f"reading-{name}"), with_articles=False)
        (root / "seeds" / "900_english.txt").write_text(ENGLISH_SEED, encoding="utf-8")
        (root / "seeds" / "901_reunion.md").write_text(FRENCH_SEED, encoding="utf-8")
        if name == "all":
            with (root / "pelicanconf.py").open("a", encoding="utf-8") as settings:
                settings.write("\nDOSSIER_LINK_FIRST_MENTION = False\n")
        roots[name] = root
    processes = {name: _start_build(root) for name, root in roots.items()}
    for name, process in processes.items():
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, f"{name}: {output}"
    return {name: root / "output" for name, root in roots.items()}


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _articles(output: Path) -> dict[str, BeautifulSoup]:
    """The article pages' bodies, by slug."""
    bodies = {}
    for page in sorted((output / "articles").glob("*/index.html")):
        body = _soup(page).select_one(".article-body")
        if body is not None:
            bodies[page.parent.name] = body
    return bodies


def _language(output: Path, slug: str) -> str:
    soup = _soup(output / "articles" / slug / "index.html")
    holder = soup.select_one(".article-body[lang]") or soup.select_one("article[lang]") or soup.find("html")
    return (holder.get("lang") or "").split("-")[0]


def _sections(body: Tag) -> list[list[Tag]]:
    """The mentions (links and unlinked spans) of a body, section by section (h2/h3 start one)."""
    sections: list[list[Tag]] = [[]]
    for node in body.descendants:
        if not isinstance(node, Tag):
            continue
        if node.name in ("h2", "h3"):
            sections.append([])
        if node.get("data-entity"):
            sections[-1].append(node)
    return sections


def _quotes(output: Path) -> dict[str, int]:
    """The mentions in context shown on every actor, place and event page (first pages), by page."""
    counts = {}
    for folder in ("acteurs", "lieux", "evenements"):
        for page in sorted((output / folder).glob("*/index.html")):
            counts[f"{folder}/{page.parent.name}"] = len(_soup(page).select(".mention-quote"))
    return counts


def test_the_seeds_of_the_test_are_read_as_english_and_french(builds):
    languages = {slug: _language(builds["first"], slug) for slug in _articles(builds["first"])}
    assert sorted(languages.values()).count("en") == 1, languages
    assert "fr" in languages.values(), languages


def test_each_entity_or_event_is_linked_once_per_section_at_most(builds):
    wrong, later = [], 0
    for slug, body in _articles(builds["first"]).items():
        for number, mentions in enumerate(_sections(body)):
            linked: set[str] = set()
            for mention in mentions:
                target = mention["data-entity"]
                if mention.name == "a":
                    if target in linked:
                        wrong.append(f"{slug}, section {number}: {target} linked twice")
                    linked.add(target)
                else:
                    later += 1
                    if mention.name != "span" or mention.get("href") or mention.get("class") != ["mention"]:
                        wrong.append(f"{slug}: an unlinked mention is {mention}")
                    if target not in linked:
                        wrong.append(f"{slug}, section {number}: the first mention of {target} is not a link")
    assert not wrong, "\n".join(wrong)
    assert later > 0, "no mention was left unlinked"


def test_every_mention_is_still_counted(builds):
    first, every = builds["first"], builds["all"]
    assert _quotes(first) == _quotes(every)
    assert (first / "previews.json").read_text(encoding="utf-8") == (every / "previews.json").read_text(encoding="utf-8")
    for slug, body in _articles(first).items():
        other = _articles(every)[slug]
        assert [m["data-entity"] for m in body.select("[data-entity]")] == [
            m["data-entity"] for m in other.select("[data-entity]")
        ], slug


def test_with_the_setting_false_every_mention_is_a_link(builds):
    for slug, body in _articles(builds["all"]).items():
        assert not body.select("span[data-entity]"), slug
        assert len(body.select("a.mention[data-entity]")) == len(
            _articles(builds["first"])[slug].select("[data-entity]")
        ), slug


def test_fewer_links_with_the_setting(builds):
    first = sum(len(b.select("a[data-entity]")) for b in _articles(builds["first"]).values())
    every = sum(len(b.select("a[data-entity]")) for b in _articles(builds["all"]).values())
    assert first < every


def _prose(body: Tag) -> str:
    """The text of a body outside code."""
    return "".join(
        text for text in body.find_all(string=True) if not text.find_parent(("code", "pre"))
    )


def test_french_bodies_have_no_break_spaces_in_french_typography(builds):
    wrong, fixed = [], 0
    for slug, body in _articles(builds["first"]).items():
        if _language(builds["first"], slug) != "fr":
            continue
        text = _prose(body)
        for match in re.finditer(r"[ \t\n][;:!?»]|«[ \t\n]", text):
            wrong.append(f"{slug}: {text[max(0, match.start() - 30):match.end() + 10]!r}")
        fixed += text.count(NNBSP) + text.count(NBSP + ":")
        for tag in body.find_all(True):
            for name, value in tag.attrs.items():
                if NNBSP in str(value) or NBSP in str(value):
                    wrong.append(f"{slug}: attribute {name}={value!r} changed")
    assert not wrong, "\n".join(wrong)
    assert fixed > 0


def test_times_and_web_addresses_are_unchanged(builds):
    body = _articles(builds["first"])["une-reunion-a-pyongyang"]
    text = _prose(body)
    assert "10:30\u00a0: elle" in text
    assert f"«{NNBSP}coopération{NNBSP}»" in text
    assert "publié sur https://example.org/traite?article=4:2 depuis hier." in text
    assert f"Qui paie{NNBSP}?" in text


def test_an_english_body_is_untouched(builds):
    slug = next(s for s in _articles(builds["first"]) if _language(builds["first"], s) == "en")
    text = _prose(_articles(builds["first"])[slug])
    assert NNBSP not in text and NBSP not in text
    assert "in June 2024 : both" in text
    assert "in case of war ; the West worries !" in text
    assert "« a true alliance »" in text


def test_french_titles_and_the_interfaces_words_have_french_typography_an_english_title_not(builds):
    output = builds["first"]
    page = _soup(output / "articles" / "alliance-strategique-entre-la-russie-et-la-coree-du-nord-une" / "index.html")
    assert page.h1.get_text().endswith(f"Corée du Nord{NBSP}: une menace pour l'ordre mondial")
    assert f"Nord{NBSP}: une menace" in page.title.get_text()
    label = _soup(output / "evenements" / "visite-poutine-pyongyang-2024" / "index.html").select_one("table caption")
    assert f"par média{NNBSP}; une valeur" in label.get_text()
    english = next(s for s in _articles(output) if _language(output, s) == "en")
    title = _soup(output / "articles" / english / "index.html").h1.get_text()
    assert NBSP not in title and NNBSP not in title


def test_no_canonical_link_without_a_site_address(builds):
    pages = sorted(builds["first"].rglob("*.html"))
    assert pages
    assert [p for p in pages if _soup(p).find("link", rel="canonical")] == []


# The functions themselves.


def _resolve(target: str) -> Target:
    return Target(f"/acteurs/{target}/", "person", target)


def test_first_mention_per_section_in_a_rendered_body():
    html, _ = render_body("[[kim|Kim]] et [[kim|lui]], [[putin|Poutine]].\n\n## Titre\n\n[[kim|Kim]] puis [[kim|il]].", _resolve)
    soup = BeautifulSoup(html, "html.parser")
    assert [(m.name, m.get_text()) for m in soup.select("[data-entity]")] == [
        ("a", "Kim"), ("span", "lui"), ("a", "Poutine"), ("a", "Kim"), ("span", "il"),
    ]
    every, _ = render_body("[[kim|Kim]] et [[kim|lui]].", _resolve, first_mention=False)
    assert len(BeautifulSoup(every, "html.parser").select("a[data-entity]")) == 2


def test_french_spaces_leave_tags_code_and_numbers_alone():
    html = ('<p>« Oui » : 10:30 ? <a href="https://x.org/?a=1;b" title="a ; b">lien</a> !'
            ' <code>a ; b</code> &amp; «<em>x</em>»</p>')
    assert french_spaces(html) == (
        f'<p>«{NNBSP}Oui{NNBSP}»{NBSP}: 10:30{NNBSP}? <a href="https://x.org/?a=1;b" title="a ; b">lien</a>{NNBSP}!'
        f' <code>a ; b</code> &amp; «{NNBSP}<em>x</em>{NNBSP}»</p>'
    )
    french, _ = render_body("Il dit : « non » ; pourquoi ?", _resolve, french=True)
    assert french == f'<p id="p-1">Il dit{NBSP}: «{NNBSP}non{NNBSP}»{NNBSP}; pourquoi{NNBSP}?</p>'
    english, _ = render_body("He said : « no » ; why ?", _resolve)
    assert english == '<p id="p-1">He said : « no » ; why ?</p>'


def test_the_summary_of_a_french_article_keeps_its_no_break_spaces(builds):
    cards = _soup(builds["first"] / "articles" / "index.html").select(".card-summary")
    summaries = [card.get_text() for card in cards if "10:30" in card.get_text()]
    assert summaries and f"10:30{NBSP}: elle" in summaries[0], summaries
