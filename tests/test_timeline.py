"""Timeline: French date expressions, year inference (never invented), grouping by date, the built page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dossier.analysis.dates import find_dates
from dossier.render.link import build_dossier
from dossier.sections.timeline import timeline_context, timeline_groups

from .helpers import SAMPLE_ENTITIES, SAMPLE_EVENTS, make_registry, source
from .helpers import dates_in as dates_in_language


def dates_in(text: str, publication=None, periods=()) -> list[tuple[str, str, str | None, str]]:
    """(text of the date, first, last, where the year comes from) for every date of the French `text`."""
    return dates_in_language(text, None, publication, periods)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Le 4 décembre 2024, la Russie", [("4 décembre 2024", "2024-12-04", None, "text")]),
        ("le 1er mai 2024", [("1er mai 2024", "2024-05-01", None, "text")]),
        ("En septembre 2023, Poutine", [("septembre 2023", "2023-09", None, "text")]),
        ("depuis février 2022.", [("février 2022", "2022-02", None, "text")]),
        ("le sommet de juin 2024", [("juin 2024", "2024-06", None, "text")]),
        ("d’avril 2019 à mai", [("avril 2019", "2019-04", None, "text")]),
        ("en 2019, puis depuis 2011", [("2019", "2019", None, "text"), ("2011", "2011", None, "text")]),
        ("Entre 2023 et 2024, les relations", [("2023 et 2024", "2023", "2024", "text")]),
        ("de septembre 2023 à juin 2024", [("septembre 2023 à juin 2024", "2023-09", "2024-06", "text")]),
        ("entre septembre et décembre 2024", [("septembre et décembre 2024", "2024-09", "2024-12", "text")]),
        ("les 27 et 28 février 2019", [("27 et 28 février 2019", "2019-02-27", "2019-02-28", "text")]),
        ("du 30 décembre au 2 janvier 2025", [("30 décembre au 2 janvier 2025", "2024-12-30", "2025-01-02", "text")]),
        ("la saison 2023-2024", [("2023-2024", "2023", "2024", "text")]),
        # not dates
        ("8 000 soldats en 2 jours, depuis 24 ans, COVID-19", []),
        ("le 31 février 2024", []),  # not "février 2024" either
        ("entre 2024 et 2023", []),
        ("avant 2020 et après 2019", []),  # not the date of anything
    ],
)
def test_french_date_expressions(text, expected):
    assert dates_in(text) == expected


def test_a_date_without_its_year_takes_the_year_of_publication():
    assert dates_in("les 18 et 19 juin, à Pyongyang", "2024-06-20") == [
        ("18 et 19 juin", "2024-06-18", "2024-06-19", "publication")
    ]
    assert dates_in("le 4 décembre", "2024") == [("4 décembre", "2024-12-04", None, "publication")]
    assert dates_in("en septembre, il", "2023-09") == [("septembre", "2023-09", None, "publication")]
    assert dates_in("le 29 février", "2023-05-01") == []  # 2023 has no 29 February


def test_without_publication_date_an_event_nearby_gives_the_year():
    visit = (dt.date(2024, 6, 18), dt.date(2024, 6, 19))
    deployment = (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert dates_in("les 18 et 19 juin", None, [visit]) == [("18 et 19 juin", "2024-06-18", "2024-06-19", "event")]
    assert dates_in("le 19 juin", None, [deployment, visit]) == [("19 juin", "2024-06-19", None, "event")]
    assert dates_in("en novembre", None, [deployment]) == [("novembre", "2024-11", None, "event")]


def test_a_year_is_never_invented():
    visit = (dt.date(2024, 6, 18), dt.date(2024, 6, 19))
    assert dates_in("les 18 et 19 juin") == []  # no publication date, no event
    assert dates_in("les 17 et 18 juin", None, [visit]) == []  # the event does not contain the 17th
    assert dates_in("le 3 mars", None, [visit]) == []
    # two events of different years contain the day: the year stays unknown
    assert dates_in("le 18 juin", None, [visit, (dt.date(2019, 6, 1), dt.date(2019, 6, 30))]) == []


def test_find_dates_keeps_its_behaviour_for_annotate():
    found = find_dates("Le 19 juin 2024, en 2019 et avant 2020, les 18 et 19 juin, entre 2023 et 2024.")
    assert [m.date.iso() for m in found] == ["2024-06-19", "2019", "2020"]


@pytest.fixture
def small_dossier(tmp_path):
    registry = make_registry(tmp_path, SAMPLE_ENTITIES, SAMPLE_EVENTS)
    sources = [
        source("a", "Le 19 juin 2024, [[vladimir-poutine|Poutine]] signe à [[pyongyang|Pyongyang]].\n\n"
                    "Entre 2023 et 2024, tout change. En 2023, déjà.", date="2024-06-20", outlet="Le Journal"),
        source("b", "La [[visite-pyongyang-2024|visite d'État]] a lieu les 18 et 19 juin. Rien le 3 mars.\n\n"
                    "Le 20 juin, puis le 18 juin.\n\n"
                    "En 2019, le [[sommet-hanoi-2019|sommet de Hanoï]].", date=None),
    ]
    return build_dossier(registry, sources, "Titre", "Description")


def test_timeline_groups_events_and_statements_by_date(small_dossier):
    groups = timeline_groups(small_dossier)
    summary = [
        (g.label, g.precision_label, [e.id for e in g.events], [(s.article.slug, s.paragraph, s.text) for s in g.statements])
        for g in groups
    ]
    # One entry per event: "en 2019" linking the summit goes under it, "le 19 juin 2024" naming Poutine
    # and Pyongyang under the visit of 18–19 June (a new grouping: they had dates of their own before).
    assert summary == [
        ("27–28 février 2019", "jour", ["sommet-hanoi-2019"], [("b", "p-3", "2019")]),
        ("2023", "année", [], [("a", "p-2", "2023")]),
        ("2023 – 2024", "année", [], [("a", "p-2", "2023 et 2024")]),  # a range after the single year it starts with
        ("18–19 juin 2024", "jour", ["visite-pyongyang-2024"], [("b", "p-1", "18 et 19 juin"), ("a", "p-1", "19 juin 2024")]),
    ]
    # "le 3 mars" has no year and no event; "le 20 juin, puis le 18 juin" has no event in its paragraph: left out
    visit = groups[3]
    statement = visit.statements[0]
    assert (statement.url, statement.before, statement.after) == (
        "articles/b/#p-1", "La visite d'État a lieu les ", ".",
    )
    assert statement.year_from == "event" and "événement" in statement.year_note
    assert visit.anchor == "d-2024-06-18--2024-06-19" and visit.iso == "2024-06-18"


def test_timeline_drawing_is_safe_deterministic_svg(small_dossier):
    first = timeline_context(small_dossier, "https://user.github.io/repo")
    second = timeline_context(small_dossier, "https://user.github.io/repo")
    svg = str(first["timeline_svg"])
    assert svg == str(second["timeline_svg"])
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ')
    assert "ns0:" not in svg and 'aria-hidden="true"' in svg
    soup = BeautifulSoup(svg, "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert "https://user.github.io/repo/evenements/visite-pyongyang-2024/" in hrefs
    assert "#d-2024-06-18--2024-06-19" in hrefs
    assert {t.get_text() for t in soup.find_all("text", class_="chrono-year")} == {"2019", "2023", "2024"}


def test_seed_text_in_the_drawing_is_escaped(tmp_path):
    events = {"x": {"name": "Sommet <script>alert(1)</script> & co", "start": "2024-01-02", "triggers": ["sommet"]}}
    registry = make_registry(tmp_path, {}, events)
    svg = str(timeline_context(build_dossier(registry, [], "T", "D"), "")["timeline_svg"])
    assert "<script>" not in svg
    assert "Sommet &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in svg


# The real dossier, built from the five seeds.


@pytest.fixture(scope="module")
def chronologie(built_dossier: Path) -> BeautifulSoup:
    return BeautifulSoup((built_dossier / "output" / "chronologie" / "index.html").read_bytes(), "html.parser")


def test_the_built_timeline_lists_the_seven_events_in_order(chronologie):
    hrefs = [a["href"] for a in chronologie.select("ol.chrono .chrono-events a")]
    assert hrefs == [
        "/evenements/sommet-hanoi-2019/",
        "/evenements/sommet-vladivostok-2019/",
        "/evenements/invasion-ukraine-2022/",
        "/evenements/rencontre-vostochny-2023/",
        "/evenements/visite-poutine-pyongyang-2024/",
        "/evenements/deploiement-troupes-koursk-2024/",
        "/evenements/entree-en-vigueur-traite-2024/",
    ]
    datetimes = [t["datetime"] for t in chronologie.select("ol.chrono > li > h2 time")]
    assert datetimes[0] == "2019-02-27"  # "depuis 2011" is a reference, not an entry (new grouping)
    assert "2024-06-18" in datetimes and "2024-12-04" in datetimes
    assert len(datetimes) == len(chronologie.select("ol.chrono > li"))


def test_the_built_timeline_links_statements_to_their_paragraph(built_dossier, chronologie):
    group = chronologie.find(id="d-2024-12-04")
    assert "4 décembre 2024" in group.find("h2").get_text() and "(jour)" in group.find("h2").get_text()
    assert group.select_one(".chrono-events a")["href"] == "/evenements/entree-en-vigueur-traite-2024/"
    # "en décembre 2024" dates the same event, and comes first: its month starts earlier (new grouping)
    quotes = group.select(".chrono-statements .mention-quote a")
    assert [q.find("mark").get_text() for q in quotes] == ["décembre 2024", "4 décembre 2024"]
    quote = quotes[1]
    assert quote["href"] == "/articles/accord-de-defense-russo-nord-coreen-une-alliance/#p-1"
    article = BeautifulSoup(
        (built_dossier / "output" / "articles" / "accord-de-defense-russo-nord-coreen-une-alliance" / "index.html").read_bytes(),
        "html.parser",
    )
    assert "4 décembre 2024" in article.find(id="p-1").get_text()
    # a day without its year, in an undated article: the year comes from the event in the sentence
    visit = chronologie.find(id="d-2024-06-18--2024-06-19")
    marks = [m.get_text() for m in visit.select(".chrono-statements mark")]
    assert "18 et 19 juin" in marks  # with the other statements that date the visit (new grouping)
    assert "déduite de l'événement" in visit.select_one(".chrono-note").get_text()
    assert chronologie.find(id="d-2023--2024").find("h2").get_text(" ", strip=True) == "2023 – 2024 (année)"
    # "en septembre 2023" with Poutine and Kim: under the meeting of 13 September, its own date beside it
    vostochny = chronologie.find(id="d-2023-09-13")
    assert vostochny.select_one(".chrono-own-date").get_text(strip=True) == "septembre 2023"
    assert chronologie.find(id="d-2023-09") is None


def test_the_built_timeline_drawing_links_every_event(chronologie):
    svg = chronologie.select_one("figure.chrono-figure svg")
    assert svg["aria-hidden"] == "true" and svg["viewbox"].startswith("0 0 ")
    hrefs = {a["href"] for a in svg.find_all("a")}
    assert {f"/evenements/{e}/" for e in ("sommet-hanoi-2019", "entree-en-vigueur-traite-2024")} <= hrefs
    anchors = {a["href"][1:] for a in svg.find_all("a") if a["href"].startswith("#")}
    assert anchors == {li["id"] for li in chronologie.select("ol.chrono > li")}
