"""The reader's analysis on the five seeds' site: who said what (actor pages, the quotations page,
quotes.csv and the database), and how each article tells an event (passages, figures, claims,
differences)."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from bs4 import BeautifulSoup


@pytest.fixture(scope="module")
def output(built_dossier) -> Path:
    return built_dossier / "output"


def page(output: Path, address: str) -> BeautifulSoup:
    return BeautifulSoup((output / address / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


# Each quotation the reader looks for, on its speaker's page: its first and last words, its article.
QUOTES = {
    "kim-jong-un": [("liens stratégiques éternels", "liens stratégiques éternels", "accord-de-defense")],
    "vladimir-poutine": [  # articles in the site's order: newest first, then by title (both are undated)
        ("pas important vers un nouvel ordre mondial multipolaire", "multipolaire", "accord-de-defense"),
        ("ennemi rusé, dangereux et agressif", "ennemi rusé, dangereux et agressif", "poutine-renforce"),
        ("soutien indéfectible", "soutien indéfectible", "poutine-renforce"),
        ("la lutte héroïque du peuple nord-coréen", "de l’indépendance et du développement", "poutine-renforce"),
    ],
    "yang-uk": [
        ("Si la Russie paye en pétrole", "qu'ils n'avaient pas auparavant.\"", "ce-que-la-coree"),
        ("Nous essayons depuis 15 ans", "pourrait être la cause de l’effondrement de tout ce système.", "ce-que-la-coree"),
    ],
    "jens-stoltenberg": [("La Russie, membre permanent", "viole désormais les sanctions imposées à la Corée du Nord.", "poutine-renforce")],
    "volodymyr-zelensky": [("réaction zéro", "réaction zéro", "alliance-strategique")],
    "bernard-loo": [("Pendant la guerre froide", "comme les enfants affrontent leurs parents", "ce-que-la-coree")],
}


@pytest.mark.parametrize("speaker", sorted(QUOTES))
def test_each_quotation_is_whole_on_its_speakers_page_with_a_link_to_its_paragraph(output, speaker):
    statements = page(output, f"acteurs/{speaker}").find("section", class_="statements")
    assert statements is not None and text(statements.h2) == "Ses déclarations"
    assert statements.has_attr("data-pagefind-body")  # found by the search
    figures = statements.find_all("figure", class_="quotation")
    assert len(figures) == len(QUOTES[speaker])
    for figure, (first, last, article) in zip(figures, QUOTES[speaker], strict=True):
        words = " ".join(p.get_text() for p in figure.blockquote.find_all("p"))
        assert words.startswith(first) and words.endswith(last), words
        link = figure.figcaption.find("a", href=lambda h: h and "#p-" in h)
        assert f"/articles/{article}" in link["href"]
        paragraph = link["href"].split("#")[1]
        target = page(output, link["href"].split("#")[0].strip("/")).find(id=paragraph)
        assert first.split()[0] in target.get_text()  # the paragraph holds the quotation


def test_the_quotations_page_lists_every_quotation_by_speaker_and_event(output):
    quotes = page(output, "qui-a-dit-quoi")
    assert text(quotes.h1) == "Qui a dit quoi"
    groups = quotes.find_all("section", class_="speaker-group")
    said = {text(g.h3.a) if g.h3.a else "": len(g.find_all("figure")) for g in groups}
    assert said["Vladimir Poutine"] == 4 and said["Yang Uk"] == 2 and said["Jens Stoltenberg"] == 1
    rows = {text(row.th): text(row.find_all("td")[-1]) for row in quotes.find("section", class_="quotes-by-event").tbody("tr")}
    assert "Vladimir Poutine (1)" in rows["Visite d'État de Vladimir Poutine à Pyongyang"]
    assert "Kim Jong-un (1)" in rows["Rencontre entre Vladimir Poutine et Kim Jong-un au cosmodrome de Vostotchny"]
    nav = page(output, "").find("nav", class_="site-nav")
    assert nav.find("a", string="Qui a dit quoi")["href"].endswith("/qui-a-dit-quoi/")


def test_quotes_csv_and_the_database_hold_the_quotations_the_pages_show(output):
    with (output / "donnees" / "quotes.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    shown = len(page(output, "qui-a-dit-quoi").find_all("figure", class_="quotation"))
    assert len(rows) == shown
    by_speaker = {}
    for row in rows:
        by_speaker.setdefault(row["speaker"], []).append(row)
    assert {row["confidence"] for row in by_speaker["yang-uk"]} == {"named", "resolved"}
    with sqlite3.connect(output / "donnees" / "dossier.db") as db:
        assert db.execute("select count(*) from quotes").fetchone()[0] == len(rows)
        found = db.execute("select speaker from quotes where rowid in "
                           "(select rowid from quotes_fts where quotes_fts match 'rusé')").fetchall()
        assert found == [("vladimir-poutine",)]


ARTICLES_ON_THE_VISIT = {
    "/articles/accord-de-defense-russo-nord-coreen-une-alliance/",
    "/articles/la-communaute-internationale-doit-imperativement-reconnaitre/",
    "/articles/poutine-renforce-ses-liens-avec-la-coree-du-nord-face-a/",
}


def test_the_june_2024_page_shows_the_passages_of_its_three_articles_and_their_differing_claims(output):
    event = page(output, "evenements/visite-poutine-pyongyang-2024")
    passages = event.find("section", class_="passages")
    linked = {a["href"].split("#")[0] for a in passages.select("blockquote.passage a")}
    assert linked == ARTICLES_ON_THE_VISIT
    # the paragraph that refers back to the visit ("Cette visite, la première…") is one of them, whole
    whole = [text(b) for b in passages.select("blockquote.passage")]
    assert any(w.startswith("Cette visite, la première d’un dirigeant russe de ce niveau depuis 2011") for w in whole)
    # the claims side by side, each with its source, the event's record with the article that agrees
    (difference,) = [d for d in event.select(".difference") if text(d.find(class_="difference-what")) == "première depuis"]
    values = {text(v.find(class_="value")): [text(s) for s in v.select(".sources li")] for v in difference.select(".difference-values > li")}
    assert set(values) == {"2000", "2011"}
    assert any("sa première en Corée du Nord depuis 24 ans" in s for s in values["2000"])
    assert "la fiche de l’événement" in values["2000"]
    assert any("depuis 2011" in s and "Poutine renforce ses liens" in s for s in values["2011"])
    # the table: a row per article, its claim flagged
    rows = event.select("table.comparison-table tbody tr:not(.outlet-row)")
    assert {r.th.a["href"] for r in rows} == ARTICLES_ON_THE_VISIT
    flagged = [text(li) for li in event.select("table.comparison-table li.differs")]
    assert any("depuis 2011" in f and f.endswith("diverge") for f in flagged)


def test_two_articles_of_unknown_outlet_are_two_sources(output):
    event = page(output, "evenements/visite-poutine-pyongyang-2024")
    groups = event.select("table.comparison-table tbody")
    unknown = [g for g in groups if text(g.find("tr", class_="outlet-row")) == "Source non identifiée"]
    assert [len(g.select("tr:not(.outlet-row)")) for g in unknown] == [1, 1]
