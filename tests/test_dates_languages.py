"""Dates in running text in French, English and German: each language's forms and ranges, the year
taken from the article's date, relative dates and false friends refused, and a built site whose
English and German dates reach the timeline and the event's comparison."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dossier.analysis.date_forms import grammar
from dossier.analysis.dates import find_date_expressions
from dossier.analysis.figures import figures
from dossier.render.link import build_dossier
from dossier.sections.compare import compare
from dossier.sections.timeline import timeline_groups

from .conftest import copy_project, run_build
from .helpers import SAMPLE_ENTITIES, SAMPLE_EVENTS, dates_in, make_registry, source


@pytest.mark.parametrize(
    "text, expected",
    [
        ("On June 19, 2024, Putin signed", [("June 19, 2024", "2024-06-19", None, "text")]),
        ("It was signed on 19 June 2024.", [("19 June 2024", "2024-06-19", None, "text")]),
        ("June 19 2024 was hot", [("June 19 2024", "2024-06-19", None, "text")]),
        ("on June 19, he", [("June 19", "2023-06-19", None, "publication")]),
        ("talks on June 18-19 in Pyongyang", [("June 18-19", "2023-06-18", "2023-06-19", "publication")]),
        ("talks on June 18–19, 2024", [("June 18–19, 2024", "2024-06-18", "2024-06-19", "text")]),
        ("from June 18 to 19", [("June 18 to 19", "2023-06-18", "2023-06-19", "publication")]),
        ("between June 18 and 19", [("June 18 and 19", "2023-06-18", "2023-06-19", "publication")]),
        ("June 18 to June 20, 2024", [("June 18 to June 20, 2024", "2024-06-18", "2024-06-20", "text")]),
        ("from June 30 to July 2, 2024", [("June 30 to July 2, 2024", "2024-06-30", "2024-07-02", "text")]),
        ("from 18 to 20 June 2024", [("18 to 20 June 2024", "2024-06-18", "2024-06-20", "text")]),
        ("Sept. 3; Sep. 4; Sep 5", [("Sept. 3", "2023-09-03", None, "publication"), ("Sep. 4", "2023-09-04", None, "publication"),
                                         ("Sep 5", "2023-09-05", None, "publication")]),
        ("on Monday, June 17, the", [("June 17", "2023-06-17", None, "publication")]),
        ("on the 19th of June", [("19th of June", "2023-06-19", None, "publication")]),
        ("in September 2023, then", [("September 2023", "2023-09", None, "text")]),
        ("since February 2022", [("February 2022", "2022-02", None, "text")]),
        ("in May 2024", [("May 2024", "2024-05", None, "text")]),
        ("in March", [("March", "2023-03", None, "publication")]),
        ("in 2019, and since 2011", [("2019", "2019", None, "text"), ("2011", "2011", None, "text")]),
        ("between 2023 and 2024", [("2023 and 2024", "2023", "2024", "text")]),
        ("from September 2023 to June 2024", [("September 2023 to June 2024", "2023-09", "2024-06", "text")]),
        ("between September and December 2024", [("September and December 2024", "2024-09", "2024-12", "text")]),
    ],
)
def test_english_forms(text, expected):
    assert dates_in(text, "en", "2023-07-01") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Putin kam am 19. Juni 2024 an.", [("19. Juni 2024", "2024-06-19", None, "text")]),
        ("am 19. Juni", [("19. Juni", "2023-06-19", None, "publication")]),
        ("Vertrag vom 19.06.2024 und vom 3.10.2019", [("19.06.2024", "2024-06-19", None, "text"), ("3.10.2019", "2019-10-03", None, "text")]),
        ("vom 18. bis 19. Juni", [("18. bis 19. Juni", "2023-06-18", "2023-06-19", "publication")]),
        ("am 18.–19. Juni 2024", [("18.–19. Juni 2024", "2024-06-18", "2024-06-19", "text")]),
        ("am 18. und 19. Juni 2024", [("18. und 19. Juni 2024", "2024-06-18", "2024-06-19", "text")]),
        ("vom 30. Juni bis zum 2. Juli 2024", [("30. Juni bis zum 2. Juli 2024", "2024-06-30", "2024-07-02", "text")]),
        ("Am 3. Oktober 2019 trafen sie sich.", [("3. Oktober 2019", "2019-10-03", None, "text")]),
        ("am 3. Okt. 2019", [("3. Okt. 2019", "2019-10-03", None, "text")]),
        ("am Montag, 17. Juni", [("17. Juni", "2023-06-17", None, "publication")]),
        ("im September 2023", [("September 2023", "2023-09", None, "text")]),
        ("im März", [("März", "2023-03", None, "publication")]),
        ("seit 2011 und im Jahr 2019", [("2011", "2011", None, "text"), ("2019", "2019", None, "text")]),
        ("zwischen 2023 und 2024", [("2023 und 2024", "2023", "2024", "text")]),
        ("von September 2023 bis Juni 2024", [("September 2023 bis Juni 2024", "2023-09", "2024-06", "text")]),
    ],
)
def test_german_forms(text, expected):
    assert dates_in(text, "de", "2023-07-01") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("le 19 juin 2024", [("19 juin 2024", "2024-06-19", None, "text")]),
        ("le 1er juin", [("1er juin", "2023-06-01", None, "publication")]),
        ("du 18 au 19 juin", [("18 au 19 juin", "2023-06-18", "2023-06-19", "publication")]),
        ("le 19/06/2024", [("19/06/2024", "2024-06-19", None, "text")]),
        ("le 3 sept. 2024", [("3 sept. 2024", "2024-09-03", None, "text")]),
        ("mercredi 19 juin 2024", [("19 juin 2024", "2024-06-19", None, "text")]),
        ("depuis fevrier 2022", [("fevrier 2022", "2022-02", None, "text")]),
        # not dates: the number seven, a duration
        ("sept ans plus tard, le 7 sept", []),
        ("depuis 2000 ans", []),
    ],
)
def test_french_forms(text, expected):
    assert dates_in(text, "fr", "2023-07-01") == expected


@pytest.mark.parametrize(
    "text, language",
    [
        ("yesterday, last week, two days ago, on Monday", "en"),
        ("last June 19, then in June last year, and June 3 of next year", "en"),
        ("gestern, letzte Woche, vor zwei Tagen, am Montag", "de"),
        ("im Juni letzten Jahres, am 19. Juni des Vorjahres", "de"),
        ("hier, la semaine dernière, il y a deux jours, lundi", "fr"),
        ("en juin dernier, le 19 juin prochain, en mai de l'année dernière", "fr"),
    ],
)
def test_relative_dates_are_never_given_a_calendar_date(text, language):
    assert find_date_expressions(text, language) == []
    assert find_date_expressions(text, None) == []


def test_a_relative_qualifier_does_not_refuse_a_written_year():
    assert dates_in("in June 2023, last year's talks", "en", "2024-01-01") == [("June 2023", "2023-06", None, "text")]


@pytest.mark.parametrize(
    "text",
    [
        "Theresa May said so.",
        "Theresa May 2019 memoirs",  # a name before the month
        "confidence in May, the prime minister",  # "May" alone, without a day
        "they may 19 times",  # the verb
        "the march 2024",  # not capitalised
        "06/19/2024 and 19/06/2024",  # numeric dates: English writes both orders
        "on June 31",  # no such day
    ],
)
def test_false_friends_are_no_english_dates(text):
    assert find_date_expressions(text, "en") == []


def test_a_weekday_before_the_month_is_no_name():
    assert dates_in("Wednesday June 19, 2024", "en") == [("June 19, 2024", "2024-06-19", None, "text")]


def test_a_text_of_unknown_language_is_read_in_all_three_but_numeric_dates_are_left_out():
    text = "On June 19, 2024; am 3. Oktober 2019; le 4 décembre 2024; 06/07/2024; 19.06.2024."
    for language in (None, "it"):
        assert [iso for _, iso, _, _ in dates_in(text, language)] == ["2024-06-19", "2019-10-03", "2024-12-04"]
    # A text read in its own language only: English words are no French date, nor the reverse.
    assert dates_in("On June 19, 2024", "fr") == []
    assert dates_in("le 4 décembre 2024", "en") == []


def test_the_names_come_from_cldr_in_each_languages_locales():
    assert {"sept", "sep", "june", "jun"} <= set(grammar("en").months)  # British "Sept", American "Sep"
    assert grammar("de").months["janner"] == 1  # Austrian "Jänner", without its accent too
    assert grammar("de").month("Jänner") == 1 and grammar("fr").month("Févr.") == 2
    assert grammar("en") is grammar("en")  # built once


def test_the_year_comes_from_the_publication_else_from_an_event_nearby_in_every_language():
    visit = (dt.date(2024, 6, 18), dt.date(2024, 6, 19))
    for text, language in (("June 18-19", "en"), ("18.–19. Juni", "de"), ("18-19 juin", "fr")):
        assert dates_in(text, language, "2024-06-20")[0][1:] == ("2024-06-18", "2024-06-19", "publication")
        assert dates_in(text, language, None, [visit])[0][1:] == ("2024-06-18", "2024-06-19", "event")
        assert dates_in(text, language) == []  # never invented


def test_the_year_of_a_date_is_no_figure():
    assert figures("In June 2024 soldiers were sent.", "en") == []
    assert [f.text for f in figures("On June 19, 2024, 3,000 soldiers arrived.", "en")] == ["3,000 soldiers"]
    assert [f.text for f in figures("Am 3. Oktober 2019 kamen 3000 Soldaten.", "de")] == ["3000 Soldaten"]


def test_the_timeline_and_the_comparison_read_each_article_in_its_language(tmp_path):
    registry = make_registry(tmp_path, SAMPLE_ENTITIES, SAMPLE_EVENTS)
    sources = [
        source("en", "On June 19, [[vladimir-poutine|Putin]] arrived for the [[visite-pyongyang-2024|state visit]].",
               date="2024-06-21", language="en"),
        source("de", "Am 3. Oktober 2019 sprach [[kim-jong-un|Kim]] in [[hanoi|Hanoi]].", date="2019-10-05", language="de"),
        source("fr", "On June 19, 2024, rien.", date="2024-06-21", language="fr"),  # English words in a French article
    ]
    dossier = build_dossier(registry, sources, "Titre", "Description")
    entries = {g.label: [(s.article.slug, s.text) for s in g.statements] for g in timeline_groups(dossier)}
    assert entries["18–19 juin 2024"] == [("en", "June 19")]
    assert entries["3 octobre 2019"] == [("de", "3. Oktober 2019")]
    assert not any(slug == "fr" for statements in entries.values() for slug, _ in statements)  # read in French: no date
    (account,) = compare(dossier)["visite-pyongyang-2024"].accounts
    assert [(item.text, item.differs) for item in account.dates] == [("June 19", False)]


# A small dossier built by the tool: an English and a German article, written as the build writes them.

ENGLISH = """\
---
title: Putin signs a partnership in Pyongyang
slug: putin-in-pyongyang
date: 2024-06-21
outlet: The Daily Example
language: en
---

On June 19, 2024, [[vladimir-poutine|Vladimir Putin]] signed a [[visite-poutine-pyongyang-2024|strategic partnership]] in [[pyongyang|Pyongyang]].
"""
GERMAN = """\
---
title: Kim spricht in Hanoi
slug: kim-in-hanoi
date: 2019-10-05
outlet: Die Beispielzeitung
language: de
---

Am 3. Oktober 2019 sprach [[kim-jong-un|Kim Jong-un]] in [[hanoi|Hanoi]] vor der Presse.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("languages"), with_articles=False)
    for seed in (root / "seeds").iterdir():
        seed.unlink()
    articles = root / "content" / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    (articles / "putin-in-pyongyang.md").write_text(ENGLISH, encoding="utf-8")
    (articles / "kim-in-hanoi.md").write_text(GERMAN, encoding="utf-8")
    result = run_build(root, "--no-propose")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "output"


def page(output: Path, *parts: str) -> BeautifulSoup:
    return BeautifulSoup((output.joinpath(*parts) / "index.html").read_bytes(), "html.parser")


def words(element) -> str:
    return " ".join(element.get_text(" ").split())


def test_the_built_timeline_shows_the_english_and_the_german_dates(site):
    timeline = page(site, "chronologie")
    visit = timeline.find(id="d-2024-06-18--2024-06-19")
    assert [mark.get_text() for mark in visit.select(".chrono-statements mark")] == ["June 19, 2024"]
    assert "On June 19, 2024 , Vladimir Putin signed a strategic partnership in Pyongyang." in words(visit)
    quote = visit.select_one(".chrono-statements blockquote.mention-quote")
    assert quote["lang"] == "en" and quote.find("a")["href"] == "/articles/putin-in-pyongyang/#p-1"
    german = timeline.find(id="d-2019-10-03")
    assert words(german.find("h2")) == "3 octobre 2019 (jour)"
    assert [mark.get_text() for mark in german.select(".chrono-statements mark")] == ["3. Oktober 2019"]
    assert "Kim spricht in Hanoi" in words(german)


def test_the_built_comparison_gives_the_english_date(site):
    event = page(site, "evenements", "visite-poutine-pyongyang-2024")
    (row,) = event.select("table.comparison-table tbody tr:not(.outlet-row)")
    date = row.find("td", attrs={"data-label": "Date"})
    assert words(date) == "June 19, 2024"
    assert date.find("a")["href"] == "/articles/putin-in-pyongyang/#p-1"
    assert not date.select(".flag")  # on the event's own dates: no difference


def test_a_regional_language_code_is_its_language():
    assert dates_in("am 19.06.2024", "de-AT") == [("19.06.2024", "2024-06-19", None, "text")]
    assert dates_in("19 Jänner 2024", "de_AT") == [("Jänner 2024", "2024-01", None, "text")]  # a German day is written "19."
    assert dates_in("19. Jänner 2024", "de_AT") == [("19. Jänner 2024", "2024-01-19", None, "text")]
