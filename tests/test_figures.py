"""Figures (numbers with what they count) and "first since" claims in French, English and German
passages. When two figures disagree, and what a kind is called: test_figure_compare.py.

Sentences marked "article" come from content/articles/*.md (link markup stripped to its text);
those marked "corpus" from the English pages of ../shared/corpus/readability.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.analysis import figures as figures_module
from dossier.analysis.figures import (
    QUALIFIERS,
    UNITS,
    VAGUE_QUALIFIERS,
    Claim,
    claims,
    figures,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "readability"
PUBLISHED = dt.date(2024, 6, 19)


def found(text: str, language: str) -> list[tuple[str, float | None, float | None, str, str]]:
    """(kind, low, high, qualifier, text) of every figure of `text`."""
    return [(f.kind, f.low, f.high, f.qualifier, f.text) for f in figures(text, language)]


# ---------------------------------------------------------------------------------------------
# Numbers as written


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("8 000 soldats", "fr", ("soldiers", 8000.0, 8000.0, "", "8 000 soldats")),
        ("8\u00a0000 soldats", "fr", ("soldiers", 8000.0, 8000.0, "", "8\u00a0000 soldats")),
        ("8\u202f000 soldats", "fr", ("soldiers", 8000.0, 8000.0, "", "8\u202f000 soldats")),
        ("8,000 soldiers", "en", ("soldiers", 8000.0, 8000.0, "", "8,000 soldiers")),
        ("8.000 Soldaten", "de", ("soldiers", 8000.0, 8000.0, "", "8.000 Soldaten")),
        ("8.000 soldats", "fr", ("soldiers", 8000.0, 8000.0, "", "8.000 soldats")),
        ("1 000 000 obus", "fr", ("shells", 1e6, 1e6, "", "1 000 000 obus")),
        ("1,000,000 shells", "en", ("shells", 1e6, 1e6, "", "1,000,000 shells")),
        ("1,5 million de personnes", "fr", ("people", 1.5e6, 1.5e6, "", "1,5 million de personnes")),
        ("1.5 million people", "en", ("people", 1.5e6, 1.5e6, "", "1.5 million people")),
        ("1,5 Millionen Menschen", "de", ("people", 1.5e6, 1.5e6, "", "1,5 Millionen Menschen")),
        ("2 millions d'obus", "fr", ("shells", 2e6, 2e6, "", "2 millions d'obus")),
        ("3 millions d’obus", "fr", ("shells", 3e6, 3e6, "", "3 millions d’obus")),
        ("24 ans", "fr", ("years", 24.0, 24.0, "", "24 ans")),
        ("4,2 %", "fr", ("percent", 4.2, 4.2, "", "4,2 %")),
        ("4.2 percent", "en", ("percent", 4.2, 4.2, "", "4.2 percent")),
        ("13%", "en", ("percent", 13.0, 13.0, "", "13%")),
        ("12 Prozent", "de", ("percent", 12.0, 12.0, "", "12 Prozent")),
        ("2.5 metric tons", "en", ("tons", 2.5, 2.5, "", "2.5 metric tons")),
        ("25\u00a0tonnes", "fr", ("tons", 25.0, 25.0, "", "25\u00a0tonnes")),
        ("30 Tonnen", "de", ("tons", 30.0, 30.0, "", "30 Tonnen")),
        ("300 km", "fr", ("km", 300.0, 300.0, "", "300 km")),
        ("300km", "en", ("km", 300.0, 300.0, "", "300km")),
        ("190 kilometers", "en", ("km", 190.0, 190.0, "", "190 kilometers")),
        ("300 kilomètres", "fr", ("km", 300.0, 300.0, "", "300 kilomètres")),
    ],
)
def test_numbers_in_digits(text: str, language: str, expected: tuple) -> None:
    assert found(text, language) == [expected]


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("deux jours", "fr", ("days", 2.0, 2.0, "", "deux jours")),
        ("two days", "en", ("days", 2.0, 2.0, "", "two days")),
        ("zwei Tage", "de", ("days", 2.0, 2.0, "", "zwei Tage")),
        ("Deux soldats", "fr", ("soldiers", 2.0, 2.0, "", "Deux soldats")),
        ("trois ans", "fr", ("years", 3.0, 3.0, "", "trois ans")),
        ("douze missiles", "fr", ("missiles", 12.0, 12.0, "", "douze missiles")),
        ("twelve missiles", "en", ("missiles", 12.0, 12.0, "", "twelve missiles")),
        ("zwölf Raketen", "de", ("missiles", 12.0, 12.0, "", "zwölf Raketen")),
        ("onze jours", "fr", ("days", 11.0, 11.0, "", "onze jours")),
        ("elf Tage", "de", ("days", 11.0, 11.0, "", "elf Tage")),
        ("vingt ans", "fr", ("years", 20.0, 20.0, "", "vingt ans")),
        ("vingt-quatre ans", "fr", ("years", 24.0, 24.0, "", "vingt-quatre ans")),
        ("vingt et un jours", "fr", ("days", 21.0, 21.0, "", "vingt et un jours")),
        ("dix-sept jours", "fr", ("days", 17.0, 17.0, "", "dix-sept jours")),
        ("quatre-vingt-dix jours", "fr", ("days", 90.0, 90.0, "", "quatre-vingt-dix jours")),
        ("cent soldats", "fr", ("soldiers", 100.0, 100.0, "", "cent soldats")),
        ("deux cents soldats", "fr", ("soldiers", 200.0, 200.0, "", "deux cents soldats")),
        ("mille soldats", "fr", ("soldiers", 1000.0, 1000.0, "", "mille soldats")),
        ("deux mille soldats", "fr", ("soldiers", 2000.0, 2000.0, "", "deux mille soldats")),
        ("twenty-four years", "en", ("years", 24.0, 24.0, "", "twenty-four years")),
        ("two hundred and fifty troops", "en", ("soldiers", 250.0, 250.0, "", "two hundred and fifty troops")),
        ("a hundred soldiers", "en", ("soldiers", 100.0, 100.0, "", "a hundred soldiers")),
        ("three thousand troops", "en", ("soldiers", 3000.0, 3000.0, "", "three thousand troops")),
        ("vierundzwanzig Jahre", "de", ("years", 24.0, 24.0, "", "vierundzwanzig Jahre")),
        ("zweihundert Soldaten", "de", ("soldiers", 200.0, 200.0, "", "zweihundert Soldaten")),
        ("dreitausend Soldaten", "de", ("soldiers", 3000.0, 3000.0, "", "dreitausend Soldaten")),
        ("zwanzig Jahre", "de", ("years", 20.0, 20.0, "", "zwanzig Jahre")),
        ("deux millions d'obus", "fr", ("shells", 2e6, 2e6, "", "deux millions d'obus")),
        ("two million shells", "en", ("shells", 2e6, 2e6, "", "two million shells")),
        ("un million d'obus", "fr", ("shells", 1e6, 1e6, "", "un million d'obus")),
        ("a million shells", "en", ("shells", 1e6, 1e6, "", "a million shells")),
        ("eine Million Granaten", "de", ("shells", 1e6, 1e6, "", "eine Million Granaten")),
        ("more than one million tons", "en", ("tons", 1e6, 1e6, "more than", "more than one million tons")),
        ("a two-day visit", "en", ("days", 2.0, 2.0, "", "two-day")),
        ("a 10-year plan", "en", ("years", 10.0, 10.0, "", "10-year")),
    ],
)
def test_numbers_in_words(text: str, language: str, expected: tuple) -> None:
    assert found(text, language) == [expected]


@pytest.mark.parametrize(
    "text, language",
    [
        ("un jour, il reviendra", "fr"),
        ("un soldat", "fr"),
        ("one day he came back", "en"),
        ("a day later", "en"),
        ("ein Tag später", "de"),
        ("un an", "fr"),
    ],
)
def test_a_word_for_one_is_an_article_not_a_count(text: str, language: str) -> None:
    assert found(text, language) == []


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("une douzaine de soldats", "fr", ("soldiers", 12.0, 12.0, "about", "une douzaine de soldats")),
        ("a dozen people", "en", ("people", 12.0, 12.0, "about", "a dozen people")),
        ("two dozen tanks", "en", ("tanks", 24.0, 24.0, "about", "two dozen tanks")),
        ("ein Dutzend Panzer", "de", ("tanks", 12.0, 12.0, "about", "ein Dutzend Panzer")),
        ("more than a dozen people", "en", ("people", 12.0, 12.0, "more than", "more than a dozen people")),
        ("une vingtaine de soldats", "fr", ("soldiers", 20.0, 20.0, "about", "une vingtaine de soldats")),
        ("une centaine de chars", "fr", ("tanks", 100.0, 100.0, "about", "une centaine de chars")),
        ("un millier de soldats", "fr", ("soldiers", 1000.0, 1000.0, "about", "un millier de soldats")),
        ("plus d'une vingtaine de blessés", "fr",
         ("wounded", 20.0, 20.0, "more than", "plus d'une vingtaine de blessés")),
        ("une trentaine de personnes", "fr", ("people", 30.0, 30.0, "about", "une trentaine de personnes")),  # corpus
    ],
)
def test_dozens_and_round_amounts(text: str, language: str, expected: tuple) -> None:
    assert found(text, language) == [expected]


# ---------------------------------------------------------------------------------------------
# Ranges and qualifiers


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("10 000 à 12 000 soldats", "fr", ("soldiers", 10000.0, 12000.0, "", "10 000 à 12 000 soldats")),
        ("entre 10 000 et 12 000 soldats", "fr", ("soldiers", 10000.0, 12000.0, "", "entre 10 000 et 12 000 soldats")),
        ("10,000-12,000 troops", "en", ("soldiers", 10000.0, 12000.0, "", "10,000-12,000 troops")),
        ("10,000–12,000 troops", "en", ("soldiers", 10000.0, 12000.0, "", "10,000–12,000 troops")),
        ("between 10,000 and 12,000 troops", "en",
         ("soldiers", 10000.0, 12000.0, "", "between 10,000 and 12,000 troops")),
        ("zwischen 10.000 und 12.000 Soldaten", "de",
         ("soldiers", 10000.0, 12000.0, "", "zwischen 10.000 und 12.000 Soldaten")),
        ("10.000 bis 12.000 Soldaten", "de", ("soldiers", 10000.0, 12000.0, "", "10.000 bis 12.000 Soldaten")),
        ("deux à trois jours", "fr", ("days", 2.0, 3.0, "", "deux à trois jours")),
        ("two to three days", "en", ("days", 2.0, 3.0, "", "two to three days")),
        ("entre 10 et 12 millions d'obus", "fr", ("shells", 10e6, 12e6, "", "entre 10 et 12 millions d'obus")),
        ("between $600 and $800", "en", ("dollars", 600.0, 800.0, "", "between $600 and $800")),  # corpus
        ("$24 to $28", "en", ("dollars", 24.0, 28.0, "", "$24 to $28")),  # corpus
    ],
)
def test_ranges(text: str, language: str, expected: tuple) -> None:
    assert found(text, language) == [expected]


@pytest.mark.parametrize(
    "text, language, qualifier",
    [
        ("jusqu'à 8 000 soldats", "fr", "up to"),
        ("jusqu’à 8 000 soldats", "fr", "up to"),
        ("up to 8,000 troops", "en", "up to"),
        ("as many as 8,000 troops", "en", "up to"),
        ("bis zu 8.000 Soldaten", "de", "up to"),
        ("pas plus de 8 000 soldats", "fr", "up to"),
        ("environ 8 000 soldats", "fr", "about"),
        ("près de 8 000 soldats", "fr", "about"),
        ("quelque 8 000 soldats", "fr", "about"),
        ("about 8,000 troops", "en", "about"),
        ("around 8,000 troops", "en", "about"),
        ("nearly 8,000 troops", "en", "about"),
        ("almost 8,000 troops", "en", "about"),
        ("some 8,000 troops", "en", "about"),
        ("roughly 8,000 troops", "en", "about"),
        ("rund 8.000 Soldaten", "de", "about"),
        ("etwa 8.000 Soldaten", "de", "about"),
        ("fast 8.000 Soldaten", "de", "about"),
        ("plus de 8 000 soldats", "fr", "more than"),
        ("more than 8,000 troops", "en", "more than"),
        ("over 8,000 troops", "en", "more than"),
        ("mehr als 8.000 Soldaten", "de", "more than"),
        ("über 8.000 Soldaten", "de", "more than"),
        ("au moins 8 000 soldats", "fr", "at least"),
        ("pas moins de 8 000 soldats", "fr", "at least"),
        ("at least 8,000 troops", "en", "at least"),
        ("mindestens 8.000 Soldaten", "de", "at least"),
        ("moins de 8 000 soldats", "fr", "less than"),
        ("less than 8,000 troops", "en", "less than"),
        ("fewer than 8,000 troops", "en", "less than"),
        ("weniger als 8.000 Soldaten", "de", "less than"),
    ],
)
def test_qualifiers(text: str, language: str, qualifier: str) -> None:
    (result,) = figures(text, language)
    assert (result.kind, result.low, result.high, result.qualifier, result.text) == (
        "soldiers", 8000.0, 8000.0, qualifier, text)


def test_a_qualifier_is_part_of_the_text_and_its_offsets() -> None:
    passage = "Selon Washington, d'environ 8 000 soldats nord-coréens."
    (result,) = figures(passage, "fr")
    assert result.text == "environ 8 000 soldats"
    assert passage[result.start:result.end] == result.text


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("des milliers de soldats", "fr", ("soldiers", None, None, "thousands", "milliers de soldats")),
        ("plusieurs milliers de soldats", "fr", ("soldiers", None, None, "thousands", "plusieurs milliers de soldats")),
        ("des dizaines de milliers de personnes", "fr",
         ("people", None, None, "thousands", "dizaines de milliers de personnes")),
        ("des centaines de missiles", "fr", ("missiles", None, None, "hundreds", "centaines de missiles")),
        ("des dizaines de drones", "fr", ("drones", None, None, "dozens", "dizaines de drones")),
        ("des millions d'obus", "fr", ("shells", None, None, "millions", "millions d'obus")),
        ("thousands of troops", "en", ("soldiers", None, None, "thousands", "thousands of troops")),
        ("tens of thousands of civilians", "en",
         ("civilians", None, None, "thousands", "tens of thousands of civilians")),  # corpus
        ("millions of artillery shells", "en", ("shells", None, None, "millions", "millions of artillery shells")),
        ("hundreds of millions of dollars", "en",
         ("dollars", None, None, "millions", "hundreds of millions of dollars")),  # corpus
        ("several thousand troops", "en", ("soldiers", None, None, "thousands", "several thousand troops")),
        ("dozens of drones", "en", ("drones", None, None, "dozens", "dozens of drones")),
        ("Tausende Soldaten", "de", ("soldiers", None, None, "thousands", "Tausende Soldaten")),
        ("tausende Soldaten", "de", ("soldiers", None, None, "thousands", "tausende Soldaten")),
        ("Tausende von Soldaten", "de", ("soldiers", None, None, "thousands", "Tausende von Soldaten")),
        ("Zehntausende Soldaten", "de", ("soldiers", None, None, "thousands", "Zehntausende Soldaten")),
        ("Hunderte Drohnen", "de", ("drones", None, None, "hundreds", "Hunderte Drohnen")),
        ("Millionen Schuss Munition", "de", ("shells", None, None, "millions", "Millionen Schuss")),
        ("mehrere tausend Soldaten", "de", ("soldiers", None, None, "thousands", "mehrere tausend Soldaten")),
    ],
)
def test_vague_amounts(text: str, language: str, expected: tuple) -> None:
    assert found(text, language) == [expected]


# ---------------------------------------------------------------------------------------------
# The counted noun and its kind


@pytest.mark.parametrize(
    "text, language, kind, written",
    [
        ("8 000 soldats nord-coréens", "fr", "soldiers", "8 000 soldats"),
        ("8 000 jeunes soldats", "fr", "soldiers", "8 000 jeunes soldats"),
        ("3 millions de nouveaux obus", "fr", "shells", "3 millions de nouveaux obus"),
        ("12,000 North Korean troops", "en", "soldiers", "12,000 North Korean troops"),
        ("10.000 nordkoreanische Soldaten", "de", "soldiers", "10.000 nordkoreanische Soldaten"),
        ("8 000 troupes", "fr", "soldiers", "8 000 troupes"),
        ("8 000 militaires", "fr", "soldiers", "8 000 militaires"),
        ("8 000 hommes", "fr", "soldiers", "8 000 hommes"),
        ("8 000 combattants", "fr", "soldiers", "8 000 combattants"),
        ("8,000 soldiers", "en", "soldiers", "8,000 soldiers"),
        ("8,000 personnel", "en", "soldiers", "8,000 personnel"),
        ("8.000 Truppen", "de", "soldiers", "8.000 Truppen"),
        ("10.000 Mann", "de", "soldiers", "10.000 Mann"),
        ("500 Elitesoldaten", "de", "soldiers", "500 Elitesoldaten"),
        ("3 000 obus", "fr", "shells", "3 000 obus"),
        ("3 000 munitions", "fr", "shells", "3 000 munitions"),
        ("3,000 shells", "en", "shells", "3,000 shells"),
        ("3,000 artillery rounds", "en", "shells", "3,000 artillery rounds"),
        ("2 million rounds of ammunition", "en", "shells", "2 million rounds"),
        ("3.000 Granaten", "de", "shells", "3.000 Granaten"),
        ("3.000 Geschosse", "de", "shells", "3.000 Geschosse"),
        ("3.000 Artilleriegranaten", "de", "shells", "3.000 Artilleriegranaten"),
        ("50 missiles balistiques", "fr", "missiles", "50 missiles"),
        ("50 ballistic missiles", "en", "missiles", "50 ballistic missiles"),
        ("50 Raketen", "de", "missiles", "50 Raketen"),
        ("300 Kurzstreckenraketen", "de", "missiles", "300 Kurzstreckenraketen"),
        ("24 années", "fr", "years", "24 années"),
        ("24 years", "en", "years", "24 years"),
        ("24 Jahre", "de", "years", "24 Jahre"),
        ("seit 24 Jahren", "de", "years", "24 Jahren"),
        ("2 jours", "fr", "days", "2 jours"),
        ("2 days", "en", "days", "2 days"),
        ("2 Tagen", "de", "days", "2 Tagen"),
        ("18 mois", "fr", "months", "18 mois"),
        ("18 months", "en", "months", "18 months"),
        ("3 semaines", "fr", "weeks", "3 semaines"),
        ("72 heures", "fr", "hours", "72 heures"),
        ("$1 billion", "en", "dollars", "$1 billion"),
        ("US$3 billion", "en", "dollars", "US$3 billion"),
        ("1 milliard de dollars", "fr", "dollars", "1 milliard de dollars"),
        ("5 $", "fr", "dollars", "5 $"),
        ("1,5 Milliarden US-Dollar", "de", "dollars", "1,5 Milliarden US-Dollar"),
        ("10 millions d’euros", "fr", "euros", "10 millions d’euros"),
        ("10 €", "fr", "euros", "10 €"),
        ("€5 million", "en", "euros", "€5 million"),
        ("5 Millionen Euro", "de", "euros", "5 Millionen Euro"),
        ("400 travailleurs", "fr", "workers", "400 travailleurs"),
        ("400 workers", "en", "workers", "400 workers"),
        ("400 Arbeiter", "de", "workers", "400 Arbeiter"),
        ("400 city laborers", "en", "workers", "400 city laborers"),  # corpus
        ("200 personnes", "fr", "people", "200 personnes"),
        ("200 people", "en", "people", "200 people"),
        ("200 Menschen", "de", "people", "200 Menschen"),
        ("28 millions d’habitants", "fr", "people", "28 millions d’habitants"),  # corpus
        ("20 tonnes", "fr", "tons", "20 tonnes"),
        ("20 tons", "en", "tons", "20 tons"),
        ("20 Tonnen", "de", "tons", "20 Tonnen"),
        ("5 000 morts", "fr", "deaths", "5 000 morts"),
        ("26 blessés", "fr", "wounded", "26 blessés"),
        ("10 civilians", "en", "civilians", "10 civilians"),
        ("91 prisonniers", "fr", "prisoners", "91 prisonniers"),  # corpus
        ("20 000 réfugiés", "fr", "refugees", "20 000 réfugiés"),
        ("40 drones", "fr", "drones", "40 drones"),
        ("40 chars", "fr", "tanks", "40 chars"),
        ("40 Panzer", "de", "tanks", "40 Panzer"),
        ("100 miles", "en", "miles", "100 miles"),
    ],
)
def test_kinds(text: str, language: str, kind: str, written: str) -> None:
    (result,) = figures(text, language)
    assert (result.kind, result.text) == (kind, written)


# ---------------------------------------------------------------------------------------------
# What is not a figure


@pytest.mark.parametrize(
    "text, language",
    [
        ("le 19 juin 2024", "fr"),
        ("Le 4 décembre, Pyongyang a répondu.", "fr"),
        ("le 2 juin", "fr"),
        ("les 18 et 19 juin", "fr"),
        ("en 2011", "fr"),
        ("depuis 2019", "fr"),
        ("2024", "fr"),
        ("en février 2022", "fr"),
        ("June 19, 2024", "en"),
        ("in December 2015", "en"),
        ("am 19. Juni 2024", "de"),
        ("im Jahr 2000", "de"),
        ("In 2011 people took to the streets.", "en"),
        ("en 2019 soldats et civils", "fr"),
        ("the 2009 Pulitzer Prize winners", "en"),
        ("la pandémie de Covid-19", "fr"),
        ("Covid-19 patients", "en"),
        ("le sommet du G7", "fr"),
        ("G7 leaders", "en"),
        ("des F-16", "fr"),
        ("F-16 fighter jets", "en"),
        ("B-52 bombers", "en"),
        ("l'article 4 du traité", "fr"),
        ("l'article 4 des soldats", "fr"),
        ("Article 4 troops", "en"),
        ("page 12 soldats", "fr"),
        ("page 12 soldiers", "en"),
        ("Seite 12 Soldaten", "de"),
        ("PlayStation 4 Pro games", "en"),  # corpus
        ("Gears of War 4 runs natively", "en"),  # corpus
        ("an NVIDIA GTX 1080 GPU", "en"),  # corpus
        ("Investment Company Act of 1940", "en"),  # corpus
        ("had a 2 of Swords", "en"),  # corpus
        ("his first mass beaching on Ninety Mile Beach", "en"),  # corpus
        ("version 1.8.3 packets", "en"),
        ("à 14 heures", "fr"),
        ("at 3 hours past noon", "en"),
        ("um 14 Stunden", "de"),
        ("14h30", "fr"),
        ("8:51 p.m. (1451 GMT)", "en"),  # corpus
        ("1/2 jours", "fr"),
        ("les années 90", "fr"),
        ("die 90er Jahre", "de"),
        ("a 10-year-old boy", "en"),
        ("two rounds of talks", "en"),
        ("5 km²", "fr"),
        ("120 km/h", "fr"),
        ("8 000", "fr"),
        ("8,000 of them", "en"),
        ("8 000 d'entre eux", "fr"),
        ("les deux pays", "fr"),
        ("the two countries", "en"),
        ("des obus et des missiles", "fr"),
        ("des soldats nord-coréens", "fr"),
        ("troops and soldiers", "en"),
    ],
)
def test_not_figures(text: str, language: str) -> None:
    assert found(text, language) == []


def test_a_day_of_the_month_is_not_a_number_of_days_but_a_number_of_days_is() -> None:
    assert found("le 2 juin, pour 2 jours", "fr") == [("days", 2.0, 2.0, "", "2 jours")]


def test_a_year_like_number_counts_when_its_noun_follows() -> None:
    assert found("depuis 2000 ans", "fr") == [("years", 2000.0, 2000.0, "", "2000 ans")]
    assert found("plus de 2000 soldats", "fr") == [("soldiers", 2000.0, 2000.0, "more than", "plus de 2000 soldats")]
    assert found("may be 2,000 years old", "en") == [("years", 2000.0, 2000.0, "", "2,000 years")]  # corpus


def test_a_language_not_handled_gives_nothing() -> None:
    assert figures("8 000 soldados", "es") == []
    assert claims("el primero desde 2000", "es", PUBLISHED) == []


def test_a_regional_language_code_is_its_language() -> None:
    assert found("8 000 soldats", "fr-FR") == [("soldiers", 8000.0, 8000.0, "", "8 000 soldats")]


def test_every_qualifier_is_in_the_vocabulary() -> None:
    passage = ("jusqu'à 8 000 soldats, environ 3 obus, des milliers de soldats, plus de 2 jours, au moins 2 ans, "
               "moins de 5 %, une vingtaine de chars, des centaines de drones, des dizaines de morts")
    for result in figures(passage, "fr"):
        assert result.qualifier in QUALIFIERS + VAGUE_QUALIFIERS
        assert result.kind in UNITS


# ---------------------------------------------------------------------------------------------
# Real sentences


ARTICLE_SENTENCES = [
    (
        "Selon les services de renseignement américains, jusqu'à 8 000 soldats nord-coréens auraient été déployés "
        "dans la région de Koursk, en Russie, pour combattre aux côtés des forces russes.",
        [("soldiers", 8000.0, 8000.0, "up to", "jusqu'à 8 000 soldats")],
    ),
    (
        "Selon les informations, la Corée du Nord fournirait à la Russie des obus, des missiles et même des milliers "
        "de soldats pour combattre sur le front ukrainien.",
        [("soldiers", None, None, "thousands", "milliers de soldats")],
    ),
    (
        "En plus de ces milliers de soldats, la Corée du Nord aurait également fourni à la Russie une quantité "
        "importante d'obus et de missiles.",
        [("soldiers", None, None, "thousands", "milliers de soldats")],
    ),
    (
        "Le président ukrainien, Volodymyr Zelensky, a ainsi critiqué la \"réaction zéro\" des Occidentaux face au "
        "déploiement des soldats nord-coréens en Russie.",
        [],
    ),
    (
        "Cette dynamique s’est accélérée avec le sommet de juin 2024, tenu à Pyongyang, où Vladimir Poutine a "
        "effectué une visite, sa première en Corée du Nord depuis 24 ans.",
        [("years", 24.0, 24.0, "", "24 ans")],
    ),
    (
        "Cette visite, la première d’un dirigeant russe de ce niveau depuis 2011, devrait déboucher sur la signature "
        "d’un accord de partenariat stratégique global entre Moscou et Pyongyang.",
        [],
    ),
    (
        "Vladimir Poutine effectue une visite historique de 2 jours en Corée du Nord pour renforcer leur alliance "
        "face à l'Occident.",
        [("days", 2.0, 2.0, "", "2 jours")],
    ),
    (
        "Le président russe Vladimir Poutine effectue en effet une visite d’État exceptionnelle de deux jours à "
        "Pyongyang, les 18 et 19 juin, dans le but de renforcer leur partenariat face à l'Occident.",
        [("days", 2.0, 2.0, "", "deux jours")],
    ),
    (
        "« Nous essayons depuis 15 ans de mettre en place une structure de sanctions contre la Corée du Nord, pour "
        "arrêter le développement et l'échange d'armes de destruction massive. »",
        [("years", 15.0, 15.0, "", "15 ans")],
    ),
    (
        "La Russie et la Corée du Nord ont renforcé leurs liens depuis le début de l'invasion russe de l'Ukraine en "
        "février 2022.",
        [],
    ),
    (
        "Cet accord, entré en vigueur en décembre 2024, a symbolisé une nouvelle étape dans la coopération entre les "
        "deux régimes.",
        [],
    ),
]

CORPUS_SENTENCES = [
    (
        "But they have repeatedly reaffirmed the “ironclad” nature of the U.S. alliance with South Korea, which it "
        "views as an important bulwark against North Korea, China and Russia, and which hosts almost 30,000 "
        "American troops.",
        [("soldiers", 30000.0, 30000.0, "about", "almost 30,000 American troops")],
    ),
    (
        "The G40 figures are cabinet ministers Jonathan Moyo and Saviour Kasukuwere, who fled to the compound after "
        "their homes were attacked by troops in Tuesday night's coup, the source, who said he had spoken to people "
        "inside the compound, told Reuters.",
        [],
    ),
    (
        "In 1998, Bin Laden’s agents blew up the United States Embassies in Kenya and Tanzania, killing more than "
        "200 people.",
        [("people", 200.0, 200.0, "more than", "more than 200 people")],
    ),
    (
        "After rebels in Darfur staged an uprising in 2003, Sudanese security services and their militia allies "
        "slaughtered tens of thousands of civilians, leading to condemnation around the world.",
        [("civilians", None, None, "thousands", "tens of thousands of civilians")],
    ),
    (
        "LONDON — After nearly 20 years of hostile relations, the American government plans to reverse its position "
        "on Sudan and lift trade sanctions, Obama administration officials said late Thursday.",
        [("years", 20.0, 20.0, "about", "nearly 20 years")],
    ),
    (
        "Each year, agency officials said, it uses more than one million tons of asphalt to repave more than 1,300 "
        "lane-miles of street.",
        [("tons", 1e6, 1e6, "more than", "more than one million tons")],
    ),
    (
        "After all, he's the man behind his company's $19 billion acquisition of WhatsApp, he personally brokered "
        "its $1 billion buyout of Instagram and closed the $3 billion deal to buy Oculus VR.",
        [("dollars", 19e9, 19e9, "", "$19 billion"), ("dollars", 1e9, 1e9, "", "$1 billion"),
         ("dollars", 3e9, 3e9, "", "$3 billion")],
    ),
    (
        "Local people reported seeing a flash of light and hearing a loud thud west of the regional capital of "
        "Kyzyl, more than 3,600 kilometers (2,200 miles) east of Moscow.",
        [("km", 3600.0, 3600.0, "more than", "more than 3,600 kilometers"),
         ("miles", 2200.0, 2200.0, "", "2,200 miles")],
    ),
    (
        "CAIRO — Gunmen opened fire on visitors at Tunisia’s most renowned museum on Wednesday, killing at least 19 "
        "people, including 17 foreigners.",
        [("people", 19.0, 19.0, "at least", "at least 19 people")],
    ),
    (
        "It didn't quite match my rig though, which is powered by Intel Core i7 4790k CPU running at 4GHz, 16GB "
        "DDR3 RAM and an NVIDIA GTX 1080 GPU.",
        [],
    ),
]

GERMAN_SENTENCES = [
    (
        "Nach Angaben Südkoreas hat Nordkorea rund 11.000 Soldaten nach Russland geschickt, dazu Millionen "
        "Artilleriegranaten.",
        [("soldiers", 11000.0, 11000.0, "about", "rund 11.000 Soldaten"),
         ("shells", None, None, "millions", "Millionen Artilleriegranaten")],
    ),
    (
        "Putin besuchte am 19. Juni 2024 Pjöngjang, zum ersten Mal seit 24 Jahren; bis zu 12.000 Soldaten sollen "
        "folgen.",
        [("years", 24.0, 24.0, "", "24 Jahren"), ("soldiers", 12000.0, 12000.0, "up to", "bis zu 12.000 Soldaten")],
    ),
]


@pytest.mark.parametrize("text, expected", ARTICLE_SENTENCES)
def test_article_sentences(text: str, expected: list) -> None:
    assert found(text, "fr") == expected


@pytest.mark.parametrize("text, expected", CORPUS_SENTENCES)
def test_corpus_sentences(text: str, expected: list) -> None:
    assert found(text, "en") == expected


@pytest.mark.parametrize("text, expected", GERMAN_SENTENCES)
def test_german_sentences(text: str, expected: list) -> None:
    assert found(text, "de") == expected


@pytest.mark.parametrize("text, language", [(text, "fr") for text, _ in ARTICLE_SENTENCES]
                         + [(text, "en") for text, _ in CORPUS_SENTENCES])
def test_offsets_give_the_text(text: str, language: str) -> None:
    for result in figures(text, language):
        assert text[result.start:result.end] == result.text


# ---------------------------------------------------------------------------------------------
# Claims "first … since"


@pytest.mark.parametrize(
    "text, language, expected",
    [
        (
            "Cette visite, la première d’un dirigeant russe de ce niveau depuis 2011, devrait déboucher sur la "
            "signature d’un accord.",  # article
            "fr",
            [("2011", "la première d’un dirigeant russe de ce niveau depuis 2011")],
        ),
        (
            "Vladimir Poutine a effectué une visite, sa première en Corée du Nord depuis 24 ans.",  # article
            "fr",
            [("2000", "sa première en Corée du Nord depuis 24 ans")],
        ),
        ("C'est le premier sommet depuis 2000.", "fr", [("2000", "le premier sommet depuis 2000")]),
        ("pour la première fois depuis 2019", "fr", [("2019", "la première fois depuis 2019")]),
        ("le premier sommet depuis vingt-quatre ans", "fr", [("2000", "le premier sommet depuis vingt-quatre ans")]),
        ("la première visite depuis l'an 2000", "fr", [("2000", "la première visite depuis l'an 2000")]),
        ("la première guerre depuis deux décennies", "fr", [("2004", "la première guerre depuis deux décennies")]),
        ("It was the first summit since 2000.", "en", [("2000", "the first summit since 2000")]),
        ("Putin's first visit to North Korea in 24 years", "en", [("2000", "first visit to North Korea in 24 years")]),
        ("his first visit in 24 years", "en", [("2000", "his first visit in 24 years")]),
        ("the first time in two decades", "en", [("2004", "the first time in two decades")]),
        ("the first-ever visit since 2000", "en", [("2000", "the first-ever visit since 2000")]),
        (
            "The deficit is expected to total nearly $1 trillion next year — the first time it has been that big "
            "since 2012, when the economy was still struggling.",  # corpus
            "en",
            [("2012", "the first time it has been that big since 2012")],
        ),
        (
            "Many of them said they learned about the martial law order, South Korea’s first since 1980, from "
            "Yoon’s surprise TV address.",  # corpus
            "en",
            [("1980", "first since 1980")],
        ),
        ("der erste Besuch seit 2000", "de", [("2000", "der erste Besuch seit 2000")]),
        ("der erste Besuch seit 24 Jahren", "de", [("2000", "der erste Besuch seit 24 Jahren")]),
        ("zum ersten Mal seit 24 Jahren", "de", [("2000", "zum ersten Mal seit 24 Jahren")]),
        ("erstmals seit 2000", "de", [("2000", "erstmals seit 2000")]),
        ("der erste Besuch seit dem Jahr 2000", "de", [("2000", "der erste Besuch seit dem Jahr 2000")]),
    ],
)
def test_claims(text: str, language: str, expected: list) -> None:
    result = claims(text, language, PUBLISHED)
    assert [(claim.value, claim.text) for claim in result] == expected
    for claim in result:
        assert claim.kind == "first since"
        assert text[claim.start:claim.end] == claim.text


@pytest.mark.parametrize(
    "text, language",
    [
        ("le Premier ministre depuis 2019", "fr"),
        ("la première dame depuis 2017", "fr"),
        ("the First Lady since 2017", "en"),
        ("the first minister since 2016", "en"),
        ("his first visit to Pyongyang in 2000", "en"),  # "in" a year: when it happened
        ("la première visite. Depuis 2011, rien.", "fr"),  # two sentences
        ("He came first; since 2000 nothing.", "en"),
        ("la première, depuis 2011", "fr"),
        ("la première visite depuis la fin de la guerre froide", "fr"),
        ("la première visite depuis plus de 20 ans", "fr"),  # not an exact number of years
        ("first visit in more than two decades", "en"),
        ("die erste Reise seit über 20 Jahren", "de"),
        (
            "la première visite d'un chef d'État étranger dans ce pays très isolé et très fermé au monde extérieur "
            "depuis 2011",  # more than 12 words apart
            "fr",
        ),
        ("il vit ici depuis 2011", "fr"),
        ("since 2000 the first", "en"),
    ],
)
def test_not_claims(text: str, language: str) -> None:
    assert claims(text, language, PUBLISHED) == []


def test_a_number_of_years_needs_the_publication_date() -> None:
    text = "sa première en Corée du Nord depuis 24 ans, la première d’un dirigeant russe depuis 2011"
    assert [claim.value for claim in claims(text, "fr", None)] == ["2011"]
    assert [claim.value for claim in claims(text, "fr", dt.date(2024, 6, 19))] == ["2000", "2011"]
    assert [claim.value for claim in claims(text, "fr", dt.date(2020, 1, 1))] == ["1996", "2011"]


def test_claims_are_claim_objects() -> None:
    (claim,) = claims("le premier sommet depuis 2000", "fr", None)
    assert claim == Claim("first since", "2000", "le premier sommet depuis 2000", 0, 29)


# ---------------------------------------------------------------------------------------------
# Speed, and the same figures as a scan of every position


def corpus_paragraphs() -> list[tuple[str, str]]:
    """(language, text) of every paragraph of the corpus pages and of the dossier's articles."""
    paragraphs = []
    french = ("lemonde-1", "liberation-1", "videos-2")
    for page in sorted(CORPUS.glob("*/expected.html")):
        language = "fr" if page.parent.name in french else "en"
        for block in re.split(r"</p>|<br\s*/?>|</li>|</h\d>", page.read_text(encoding="utf-8")):
            text = html.unescape(re.sub(r"<[^>]+>", "", block)).strip()
            if text:
                paragraphs.append((language, text))
    for article in sorted((ROOT / "content" / "articles").glob("*.md")):
        for line in article.read_text(encoding="utf-8").splitlines():
            text = re.sub(r"\[\[[^|\]]*\|([^\]]*)\]\]", r"\1", line).strip()
            if text:
                paragraphs.append(("fr", text))
    return paragraphs


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the project")
def test_trying_only_near_numbers_finds_what_a_full_scan_finds() -> None:
    for language, text in corpus_paragraphs():
        grammar = figures_module._GRAMMARS[language]
        scanned = [figures_module._figure(match, text, grammar) for match in grammar.phrase.finditer(text)]
        assert figures(text, language) == [result for result in scanned if result is not None], text


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the project")
def test_fast_enough_for_a_large_dossier() -> None:
    paragraphs = corpus_paragraphs()
    repeat = max(1, 10_000 // len(paragraphs))
    started = time.perf_counter()
    for _ in range(repeat):
        for language, text in paragraphs:
            figures(text, language)
            claims(text, language, PUBLISHED)
    elapsed = time.perf_counter() - started
    assert elapsed < 5, f"{repeat * len(paragraphs)} paragraphs in {elapsed:.1f} s"


# Pieces of passages, shuffled into any order: numbers, number words, nouns, qualifiers, claim words.
PIECES = st.sampled_from(
    "0 1 8 24 2011 2024 10,000 8.000 1,5 - – à et and to $ € % de d' of "
    "deux vingt-quatre mille two hundred dozen zwölf vierundzwanzig milliers thousands Tausende "
    "soldats troops Soldaten obus ans years Jahren jours days juin June Covid-19 F-16 article "
    "environ plus jusqu'à about up over bis rund première first erste depuis since in seit . , İ ſ".split()
    + ["8\u00a0000", "8\u202f000", "8 000"]  # split() would cut these
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=25), st.sampled_from(["fr", "en", "de"]))
def test_any_passage_gives_figures_and_claims_at_their_offsets(pieces: list[str], language: str) -> None:
    text = " ".join(pieces)
    for result in figures(text, language):
        assert text[result.start:result.end] == result.text
        assert result.kind in UNITS
        assert result.qualifier in QUALIFIERS + VAGUE_QUALIFIERS
        assert (result.low is None) == (result.qualifier in VAGUE_QUALIFIERS)
        assert result.low is None or result.low <= result.high
    for claim in claims(text, language, PUBLISHED):
        assert text[claim.start:claim.end] == claim.text
        assert re.fullmatch(r"\d{4}", claim.value)
