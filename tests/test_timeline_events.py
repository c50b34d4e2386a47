"""Timeline: one entry per event, holding the statements that date it; "depuis" dates are references."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dossier.render.link import build_dossier
from dossier.sections.timeline import timeline_context, timeline_entries, timeline_groups

from .helpers import SAMPLE_ENTITIES, SAMPLE_EVENTS, make_registry, source

EVENTS = {
    **SAMPLE_EVENTS,
    "sommet-vladivostok-2019": {
        "name": "Sommet de Vladivostok", "start": "2019-04-25",
        "participants": ["vladimir-poutine", "kim-jong-un"], "triggers": ["sommet de Vladivostok"],
    },
}


def dossier_of(tmp_path, *bodies: str, date: str | None = "2024-07-01"):
    registry = make_registry(tmp_path, SAMPLE_ENTITIES, EVENTS)
    sources = [source(f"a{index}", body, date=date, outlet="Le Journal") for index, body in enumerate(bodies, 1)]
    return build_dossier(registry, sources, "Titre", "Description")


def entries(dossier) -> list[tuple[str, list[str], list[str]]]:
    """(label of the entry, its events, the dates written by its statements) of every entry."""
    return [(g.label, [e.id for e in g.events], [s.text for s in g.statements]) for g in timeline_groups(dossier)]


def test_statements_that_date_an_event_go_under_its_entry(tmp_path):
    dossier = dossier_of(
        tmp_path,
        "En juin 2024, [[vladimir-poutine|Poutine]] arrive.",  # the month of the visit, naming a participant
        "Le 19 juin 2024, un traité est signé à [[pyongyang|Pyongyang]].",  # a day within the visit, its place
        "Les 18 et 19 juin 2024, [[kim-jong-un|Kim]] reçoit son hôte.",  # the visit's own dates
        "La [[visite-pyongyang-2024|visite]] de 2024 et celle d'octobre 2023.",  # a year linking it
    )
    assert entries(dossier) == [
        ("27–28 février 2019", ["sommet-hanoi-2019"], []),
        ("25 avril 2019", ["sommet-vladivostok-2019"], []),
        ("octobre 2023", [], ["octobre 2023"]),  # names nothing of the visit, and not its month: its own entry
        ("18–19 juin 2024", ["visite-pyongyang-2024"], ["juin 2024", "18 et 19 juin 2024", "19 juin 2024"]),
    ]
    # "La visite de 2024": "de 2024" is no date expression; the statements keep their own dates, in order
    visit = timeline_groups(dossier)[3]
    assert [(s.label, visit.shows_own_date(s)) for s in visit.statements] == [
        ("juin 2024", True), ("18–19 juin 2024", True), ("19 juin 2024", True),
    ]


def test_an_unrelated_month_stays_on_its_own_date(tmp_path):
    dossier = dossier_of(
        tmp_path,
        "En juin 2024, la bourse de [[hanoi|Hanoï]] chute.",  # names a place, not the visit's
        "En juillet 2024, [[vladimir-poutine|Poutine]] revient.",  # a participant, but not the visit's month
        "Le 20 juin 2024, [[kim-jong-un|Kim]] se repose.",  # a participant, a day outside the visit
    )
    assert entries(dossier)[2:] == [
        ("juin 2024", [], ["juin 2024"]),
        ("18–19 juin 2024", ["visite-pyongyang-2024"], []),
        ("20 juin 2024", [], ["20 juin 2024"]),
        ("juillet 2024", [], ["juillet 2024"]),
    ]
    group = timeline_groups(dossier)[2]
    assert not group.shows_own_date(group.statements[0])  # its date is the entry's: written once


def test_of_several_events_the_linked_one_else_the_closest(tmp_path):
    dossier = dossier_of(
        tmp_path,
        # a year that contains both summits, naming participants of both: the closest in time, Hanoï
        "En 2019, [[donald-trump|Trump]] et [[vladimir-poutine|Poutine]] rencontrent [[kim-jong-un|Kim]].\n\n"
        # the same, linking the later summit: that one
        "En 2019, [[kim-jong-un|Kim]] va au [[sommet-vladivostok-2019|sommet de Vladivostok]].",
    )
    assert entries(dossier)[:2] == [
        ("27–28 février 2019", ["sommet-hanoi-2019"], ["2019"]),
        ("25 avril 2019", ["sommet-vladivostok-2019"], ["2019"]),
    ]
    assert [g.label for g in timeline_groups(dossier)] == [
        "27–28 février 2019", "25 avril 2019", "18–19 juin 2024",
    ]


def test_a_depuis_date_makes_no_entry(tmp_path):
    dossier = dossier_of(
        tmp_path,
        "Sa première visite depuis 2011 à [[pyongyang|Pyongyang]].\n\n"
        "Les sanctions durent depuis le 3 mars 2016.",
    )
    groups, left_out = timeline_entries(dossier)
    assert [g.label for g in groups] == ["27–28 février 2019", "25 avril 2019", "18–19 juin 2024"]
    assert left_out == 2
    context = timeline_context(dossier, "")
    assert context["timeline_counts"]["dates"] == 3 and context["timeline_counts"]["statements"] == 0
    assert context["timeline_counts"]["references_left_out"] == 2


def test_a_depuis_date_goes_under_an_entry_that_has_its_date(tmp_path):
    dossier = dossier_of(
        tmp_path,
        "En 2011, un accord est signé.",
        "Les relations se sont réchauffées depuis 2011.",
        # "depuis" a date that dates the visit: under the visit
        "Depuis juin 2024, [[vladimir-poutine|Poutine]] et [[kim-jong-un|Kim]] sont alliés.",
    )
    groups, left_out = timeline_entries(dossier)
    assert left_out == 0
    year = groups[0]
    assert year.label == "2011" and [(s.text, s.reference) for s in year.statements] == [
        ("2011", False), ("2011", True),
    ]
    assert [year.shows_own_date(s) for s in year.statements] == [False, True]  # the reference is marked
    visit = groups[-1]
    assert [(s.text, s.reference) for s in visit.statements] == [("juin 2024", True)]


def test_the_page_marks_references_and_counts_what_it_shows(tmp_path):
    from dossier.render import i18n

    i18n.use("fr")
    dossier = dossier_of(tmp_path, "En 2011, un accord. Il tient depuis 2011.", "Rien ne bouge depuis 2005.")
    context = timeline_context(dossier, "")
    assert context["timeline_counts"] == {
        "dates": 4, "events": 3, "statements": 2, "articles": 1, "references_left_out": 1,
    }
    year = context["timeline"][0]
    assert [s.reference for s in year.statements] == [False, True]


# The real dossier, built from the five seeds.


@pytest.fixture(scope="module")
def chronologie(built_dossier: Path) -> BeautifulSoup:
    return BeautifulSoup((built_dossier / "output" / "chronologie" / "index.html").read_bytes(), "html.parser")


def _entries(chronologie) -> list:
    return chronologie.select("ol.chrono > li")


def test_the_june_2024_visit_has_one_entry_with_all_its_statements(chronologie):
    ids = [li["id"] for li in _entries(chronologie)]
    assert "d-2024-06" not in ids and "d-2024-06-19" not in ids
    visit = chronologie.find(id="d-2024-06-18--2024-06-19")
    assert [a["href"] for a in visit.select(".chrono-events a")] == ["/evenements/visite-poutine-pyongyang-2024/"]
    statements = visit.select(".chrono-statements > li")
    marks = [li.find("mark").get_text() for li in statements]
    assert sorted(marks) == ["18 et 19 juin", "19 juin 2024", "juin 2024"]
    own_dates = [li.select_one(".chrono-own-date").get_text(strip=True) for li in statements]
    assert own_dates == ["juin 2024", "18–19 juin 2024", "19 juin 2024"]
    articles = {li.select_one(".chrono-source a")["href"] for li in statements}
    assert len(articles) == 3


def test_the_built_timeline_has_one_entry_per_event_and_no_depuis_entry(chronologie):
    entries = _entries(chronologie)
    events = [a["href"] for a in chronologie.select("ol.chrono .chrono-events a")]
    assert len(events) == 7
    assert "d-2011" not in {li["id"] for li in entries}  # "depuis 2011" only
    # every entry but one ("entre 2023 et 2024", which names no event) is an event's
    assert [li["id"] for li in entries if "has-event" not in li["class"]] == ["d-2023--2024"]
    summary = chronologie.select_one(".page-header .meta").get_text(" ", strip=True)
    shown = chronologie.select(".chrono-statements > li")
    assert summary.startswith(f"{len(entries)} dates · 7 événements · {len(shown)} passages datés")
    assert summary.endswith("· 2 renvois à des dates antérieures non affichés")  # depuis 2011, depuis 2019


def test_the_built_drawing_matches_the_list(chronologie):
    svg = chronologie.select_one("figure.chrono-figure svg")
    marks = svg.select("a[href^='#']")
    entries = _entries(chronologie)
    assert [a["href"][1:] for a in marks] == [li["id"] for li in entries]
    for mark, entry in zip(marks, entries, strict=True):
        count = len(entry.select(".chrono-statements > li"))
        text = mark.select_one("text.chrono-date").get_text()
        assert (f" · {count} passage" in text) == bool(count)
        assert ("chrono-mark-event" in mark.circle["class"]) == bool(entry.select(".chrono-events"))


def test_a_date_only_one_article_gives_an_event_that_others_date_otherwise_is_marked(tmp_path):
    dossier = dossier_of(
        tmp_path,
        "Le [[visite-pyongyang-2024|partenariat stratégique global]] est signé le 12 juin 2024.",
        "Le [[visite-pyongyang-2024|partenariat stratégique global]] est signé le 19 juin 2024.",
        "Le 12 mai 2024, [[kim-jong-un|Kim]] inspecte une usine.",  # a date of its own, linking no event
    )
    marked = {s.text: (s.contradicted[0].id, [a.slug for a in s.contradicted[1]]) if s.contradicted else None
              for g in timeline_groups(dossier) for s in g.statements}
    assert marked == {"12 juin 2024": ("visite-pyongyang-2024", ["a2"]), "19 juin 2024": None, "12 mai 2024": None}


def test_the_timeline_page_says_which_date_is_contradicted(tmp_path):
    from tests.conftest import copy_project, run_build

    root = copy_project(tmp_path / "site")
    article = root / "content" / "articles" / "zz-date-contredite.md"
    article.write_text(
        "---\ntitle: Une date contredite\nslug: zz-date-contredite\ndate: 2024-07-01\n---\n\n"
        "Le [[visite-poutine-pyongyang-2024|partenariat stratégique global]] a été signé le 12 juin 2024.\n",
        encoding="utf-8",
    )
    result = run_build(root, "--no-propose")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((root / "output" / "chronologie" / "index.html").read_text(encoding="utf-8"), "html.parser")
    (note,) = page.select(".chrono-contradicted")
    words = " ".join(note.get_text(" ").split())
    assert words.startswith("contredite Seul cet article donne cette date ;")
    assert "Visite d'État de Vladimir Poutine à Pyongyang" in words
    assert note.find("a")["href"].endswith("/evenements/visite-poutine-pyongyang-2024/#comparaison")
