"""Ingest of saved and pasted pages: the article and only the article, and never a wrong publication date.

The fixtures are tests/fixtures/ingest/ (X.txt or X.html beside X.json: see its README). Every fixture's
date is checked here, in the fast tier; the fixtures of the furniture of four layouts (BBC, Guardian,
Tagesspiegel, New York Times, saved and pasted), of pages whose dates disagree and of blog posts are
checked field by field: every line of the body kept, no line of their furniture left. Lines are compared
by their words, as scripts/ingest_accuracy.py does.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from dossier.core.model import PartialDate
from dossier.curate import provenance
from dossier.seeds import chrome, extract, markup, metadata
from dossier.seeds.published import Statement, agree, settle, url_date
from dossier.seeds.read import read_seed

from .conftest import run_build

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
ALL = sorted(path.name for path in [*FIXTURES.glob("*.txt"), *FIXTURES.glob("*.html")])
# The fixtures written for the furniture of four layouts, the dates that disagree, and blog posts.
PAGES = [
    "de-blog-veroeffentlicht-von-hat-ihnen-gefallen.txt",
    "de-datum-seite-meta-ist-aktualisierung.html",
    "de-tagesspiegel-kopiert-newsletter-newsblog-fotonachweis.txt",
    "de-tagesspiegel-seite-newsletter-newsblog-fotonachweis.html",
    "en-bbc-page-media-caption-simple-guide.html",
    "en-bbc-pasted-media-caption-glued-simple-guide.txt",
    "en-blog-posted-on-by-did-you-enjoy.txt",
    "en-date-page-meta-and-jsonld-disagree-no-visible-date.html",
    "en-date-page-related-time-before-visible-byline-date.html",
    "en-date-page-stale-meta-vs-jsonld-and-byline.html",
    "en-date-page-url-date-contradicts-meta.html",
    "en-date-pasted-two-bare-dates-disagree.txt",
    "en-guardian-page-section-label-topics-tags.html",
    "en-guardian-pasted-section-label-topics-row.txt",
    "en-nytimes-page-figure-credit-captions.html",
    "en-nytimes-pasted-image-credit-lines.txt",
    "fr-blog-publie-le-par-auteur-vous-avez-aime.txt",
    "fr-date-collee-fil-info-puis-publie-le.txt",
    "fr-date-page-evenement-du-chapo-en-balise-time.html",
    "fr-date-page-meta-et-jsonld-en-desaccord.html",
]
SAVED = [name for name in PAGES if name.endswith(".html")]


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def expected(name: str) -> dict:
    return json.loads((FIXTURES / name).with_suffix(".json").read_text(encoding="utf-8"))


def lines(article) -> list[str]:
    """The article's text as a reader gets it: each block, and its caption's credit or quote's attribution."""
    return [line for block in article.blocks if block.kind != "author" for line in (block.text, block.extra) if line]


def test_the_page_fixtures_are_there():
    assert set(PAGES) <= set(ALL) and len(SAVED) == 11


@pytest.mark.parametrize("name", ALL)
def test_no_fixture_is_given_a_wrong_date(name):
    """The date a page states, or unknown where it states none or its dates disagree: never another date."""
    article = read_seed(FIXTURES / name, FIXTURES)
    assert (article.date.iso() if article.date else None) == expected(name)["date"]


@pytest.mark.parametrize("name", PAGES)
def test_a_page_gives_its_metadata_all_its_text_and_none_of_its_furniture(name):
    spec = expected(name)
    article = read_seed(FIXTURES / name, FIXTURES)
    outlet = (article.outlet or "").casefold().removeprefix("the ")  # og:site_name "the Guardian" is The Guardian
    assert (article.title, article.authors, outlet, article.language) == (
        spec["title"], spec["authors"], (spec["outlet"] or "").casefold().removeprefix("the "), spec["language"]
    )
    text = f" {words(chr(10).join(lines(article)))} "
    assert [line for line in spec["body"] if f" {words(line)} " not in text] == []
    body = {words(line) for line in spec["body"]}
    furniture = {words(line) for line in spec["chrome"] + spec.get("metadata_lines", [])} - body
    assert [line for line in lines(article) if words(line) in furniture] == []
    # No caption's label is left alone, nor glued to its caption ("…homes.Credit...Greta Rybus").
    assert not [line for line in lines(article) if re.search(r"(?i)\bcredit\s*(?:\.\.\.|…)|^(?:image|media)\s+caption", line)]


@pytest.mark.parametrize("name", SAVED)
def test_a_saved_page_loses_its_furniture_even_where_trafilatura_reads_nothing(name, monkeypatch):
    """The reader's own rules (links, labels, captions), not trafilatura's choice of text, keep the furniture out."""
    monkeypatch.setattr(extract, "extract", lambda html: None)
    spec = expected(name)
    article = read_seed(FIXTURES / name, FIXTURES)
    body = {words(line) for line in spec["body"]}
    furniture = {words(line) for line in spec["chrome"] + spec.get("metadata_lines", [])} - body
    assert [line for line in lines(article) if words(line) in furniture] == []
    assert (article.date.iso() if article.date else None) == spec["date"]


@pytest.mark.parametrize(
    ("name", "dates"),
    [
        ("en-date-page-meta-and-jsonld-disagree-no-visible-date.html", ["2024-02-11", "2024-03-04"]),
        ("en-date-page-url-date-contradicts-meta.html", ["2023-10-02", "2024-02-20"]),
        ("en-date-pasted-two-bare-dates-disagree.txt", ["2024-04-28", "2024-05-02"]),
        ("fr-date-page-meta-et-jsonld-en-desaccord.html", ["2024-02-11", "2024-03-04"]),
    ],
)
def test_dates_that_disagree_leave_the_date_unknown_and_the_warning_names_them(name, dates):
    article = read_seed(FIXTURES / name, FIXTURES)
    assert article.date is None
    [warning] = [w for w in article.warnings if "no publication date found" in w]
    assert "disagree" in warning and all(date in warning for date in dates)


# --- the date from what the page states ------------------------------------------------------------------


def stated(iso: str, kind: str, stamp: str = "") -> Statement:
    return Statement(PartialDate.parse(iso), kind, f"{kind} {iso}", stamp)


def test_statements_a_day_apart_agree_and_the_metadata_dates_the_article():
    chosen, why = settle([stated("2016-07-29", "meta"), stated("2016-07-30", "url"), stated("2016-07-29", "bare")])
    assert (chosen.date.iso(), chosen.kind, why) == ("2016-07-29", "meta", "")
    assert agree(PartialDate(2019, 4), PartialDate(2019, 4, 30)) and not agree(PartialDate(2024, 2, 11), PartialDate(2024, 2, 13))


def test_a_publication_stamp_that_is_the_update_is_no_disagreement():
    update = "2024-12-07T12:43:39.889Z"
    chosen, _ = settle([stated("2024-12-07", "meta", update), stated("2024-12-05", "ld", "2024-12-05T22:00:40Z")], [update])
    assert chosen.date.iso() == "2024-12-05"


def test_a_published_line_outweighs_dates_alone_above_it():
    chosen, _ = settle([stated("2024-03-08", "bare"), stated("2024-03-09", "bare"), stated("2024-03-14", "labelled")])
    assert chosen.date.iso() == "2024-03-14"


def test_the_date_most_kinds_of_statement_agree_on_wins_and_a_tie_is_unknown():
    chosen, _ = settle([stated("2023-11-20", "meta"), stated("2024-04-09", "ld"), stated("2024-04-09", "labelled")])
    assert chosen.date.iso() == "2024-04-09"
    chosen, why = settle([stated("2024-02-11", "meta"), stated("2024-03-04", "ld")])
    assert chosen is None and "2024-02-11" in why and "2024-03-04" in why


def test_the_address_alone_dates_nothing():
    assert settle([stated("2024-03-05", "url")]) == (None, "")


@pytest.mark.parametrize(
    ("url", "date"),
    [
        ("https://www.nytimes.com/2016/07/30/business/x.html", "2016-07-30"),
        ("http://www.theguardian.com/environment/2019/jan/03/whales", "2019-01-03"),
        ("https://www.quantamagazine.org/hidden-heroines-of-chaos-20190520/", "2019-05-20"),
        ("https://www.citylab.com/design/2019/04/neon-signage/588400/", "2019-04"),
        ("https://www.bbc.co.uk/news/uk-england-devon-48630021", None),
    ],
)
def test_the_date_in_an_address(url, date):
    found = url_date(url)
    assert (found.iso() if found else None) == date


# --- the furniture, by the kind of line, in French, English and German ----------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Media captionThe moment the rocket exploded", "Media caption, The moment the rocket exploded",
        "Media playback is unsupported on your device", "Légende de la vidéo, Le maire devant la digue",
        "Vous avez aimé cet article ?", "Did you enjoy this article?", "Hat Ihnen dieser Artikel gefallen?",
        "J’aime chargement…", "Like Loading...", "Gefällt mir Wird geladen …", "Partager :", "Share this:", "Teilen mit:",
        "Foto: dpa/Kay Nietfeld", "(Photo : Foto: dpa/Kay Nietfeld)", "Credit…Doug Mills/The New York Times", "Credit...",
        "Mehr zum Thema im Newsblog", "Alle aktuellen Entwicklungen aus Berlin im Newsblog", "Suivez notre direct sur la crue",
        "Topics FarmingWaterDrought", "Themen Schule Berliner Senat Bildung", "Explore more on these topics", "A SIMPLE GUIDE",
        "Pour aller plus loin", "Zum Weiterlesen", "Related Internet Links", "Articles similaires", "Ähnliche Beiträge",
        "The BBC is not responsible for the content of external sites.",
        "Follow BBC Devon on Facebook, X and Instagram. Send your story ideas to spotlight@bbc.co.uk.",
        "A version of this article appears in print on March 13, 2024, Section A, Page 14 of the New York edition.",
        "Supported by", "Proudly powered by WordPress", "Propulsé par WordPress", "Reporting from Skowhegan, Maine", "41",
    ],
)
def test_a_line_of_furniture_is_chrome(line):
    assert chrome.is_chrome(line) or chrome.is_teaser_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "The study was funded by the European Union and supported by two charities.",
        "Themen des Tages sind die Wahlen in Thüringen und der Haushalt.",
        "Images of the flood spread quickly on social media, residents said.",
        "Die Polizei berichtete im Newsblog der Stadt, dass die Brücke gesperrt bleibt.",
        "Reporting from Arusha by Amina Yusuf and Peter Kamau", "2024", "Vous avez aimé la première saison, la seconde est pire.",
    ],
)
def test_a_line_of_text_is_not_chrome(line):
    assert not chrome.is_chrome(line)


@pytest.mark.parametrize(
    ("text", "credit", "caption"),
    [
        ("The dam produces power for 9,000 homes.Credit...Greta Rybus", "", ("The dam produces power for 9,000 homes.", "Greta Rybus")),
        ("Baugerüst in Pankow. (Photo : Foto: dpa/Sebastian Gollnow)", "", ("Baugerüst in Pankow.", "dpa/Sebastian Gollnow")),
        ("Image caption, Boats in Tromsø", "Getty Images", ("Boats in Tromsø", "Getty Images")),
        ("Credit...Greta Rybus for The New York Times", "", None),
        ("Foto: dpa/Jens Kalaene", "", None),
        ("Credit…", "", None),
        ("Media caption, The mayor on the dyke", "", None),
        ("", "JIM WATSON/AFP/Getty Images", ("JIM WATSON/AFP/Getty Images", "")),
    ],
)
def test_a_caption_loses_its_labels_and_a_labelled_credit_alone_goes(text, credit, caption):
    assert markup.caption(text, credit) == caption


@pytest.mark.parametrize(
    ("line", "date", "authors"),
    [
        ("Publié le 3 février 2024 par Camille Durand", "2024-02-03", ["Camille Durand"]),
        ("Posted on February 3, 2024 by Martin Hesketh", "2024-02-03", ["Martin Hesketh"]),
        ("Veröffentlicht am 3. Februar 2024 von Anna Weber", "2024-02-03", ["Anna Weber"]),
    ],
)
def test_a_date_and_a_byline_on_one_line(line, date, authors):
    when, by = metadata.dated_byline(line)
    assert (when.published.iso(), when.kind, by.authors) == (date, "published", authors)


def test_a_sentence_with_by_is_no_dated_byline():
    assert metadata.dated_byline("The bridge was closed on May 2, 2024 by the council after an inspection.") is None


# --- the build: an unknown date, and the proposal ----------------------------------------------------------


@pytest.fixture
def project(built_dossier, tmp_path) -> Path:
    """A copy of the real dossier already built once, with a saved page whose dates disagree added."""
    root = Path(shutil.copytree(built_dossier, tmp_path / "project", ignore=shutil.ignore_patterns("second", "again")))
    shutil.copy(FIXTURES / "fr-date-page-meta-et-jsonld-en-desaccord.html", root / "seeds" / "colleges.html")
    return root


def test_a_page_whose_dates_disagree_is_published_undated_with_a_proposal_and_a_warning(project):
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "colleges.html: no publication date found: the page's dates disagree" in result.stdout + result.stderr
    [source] = [
        path for path in (project / "content" / "articles").glob("*.md")
        if "seeds/colleges.html" in path.read_text(encoding="utf-8")
    ]
    assert not yaml.safe_load(source.read_text(encoding="utf-8").split("---")[1]).get("date")
    # The build proposes the month of the latest date the text tells of, for the curator to confirm.
    proposal = provenance.read_proposals(project)["colleges.html"]["date"]
    assert proposal["value"] == "2024-02" and "2024-02-06" in proposal["reason"]
    page = (project / "output" / "articles" / source.stem / "index.html").read_text(encoding="utf-8")
    byline = BeautifulSoup(page, "html.parser").find(class_="byline").get_text(" ", strip=True)
    assert "date inconnue" in byline and "mars" not in byline and "février" not in byline
