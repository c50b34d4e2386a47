"""Proposals per language: each article is read by the spaCy model of its language (DOSSIER_SPACY_MODELS)
and cleaned by that language's rules; the articles of a language without a model wait for one, said once.

So that what a model tags is known in advance, these tests build real pipelines (a sentencizer and an
entity ruler that labels names as English models do: PERSON, ORG, GPE, NORP; or as German ones do: PER,
ORG, LOC) and save them to folders, which a dossier's settings name as its models. The English model
itself reads English in tests/test_candidates_english.py.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.curate.candidate_files import read_candidates
from dossier.curate.candidates import SHORT_ARTICLE, propose
from dossier.curate.recognition import load_model

from .conftest import ROOT, copy_project
from .helpers import SAMPLE_ENTITIES, make_registry
from .test_proposals_scale import recorded, slug_of
from .test_regenerate import NEW_ARTICLE

FRENCH_SLUG = "seoul-inquiete-une-cooperation-militaire-accrue"  # NEW_ARTICLE's, which names Cho Tae-yul
ENGLISH = """\
---
title: Port Albany talks end without a deal
date: 2024-11-21
authors: [Jane Doe]
source: The Daily Example
url: https://example.org/port-albany-talks
language: en
---
Hollis Brandt, the envoy of the Meridian Institute, arrived in Port Albany on Tuesday for talks on the crisis.

Brandt said the Meridian Institute would publish its report once the talks in Port Albany end.
"""
ENGLISH_NAMES = {"hollis-brandt": "Hollis Brandt", "meridian-institute": "Meridian Institute", "port-albany": "Port Albany"}
ITALIAN = """\
---
title: Incontro a {city}
date: 2024-11-22
source: Il Quotidiano
language: it
---
Il ministro Aldo Ferraresi ha incontrato a {city} i rappresentanti della Fondazione Meridiana per discutere della crisi.
"""
PATTERNS = [
    {"label": "PERSON", "pattern": "Hollis Brandt"},
    {"label": "PERSON", "pattern": "Brandt"},
    {"label": "ORG", "pattern": "Meridian Institute"},
    {"label": "GPE", "pattern": "Port Albany"},
    # What English models get wrong, for the English rules to mend: a title, an article or a
    # possessive in a name, a weekday taken for a person, a nationality (NORP, never proposed).
    {"label": "PERSON", "pattern": "President Hollis Brandt"},
    {"label": "PERSON", "pattern": "Mr. Hollis Brandt"},
    {"label": "PERSON", "pattern": [{"ORTH": "Brandt"}, {"ORTH": "'s"}]},
    {"label": "ORG", "pattern": "the Meridian Institute"},
    {"label": "PERSON", "pattern": "Monday"},
    {"label": "NORP", "pattern": "Americans"},
    {"label": "PERSON", "pattern": "Anita D'Souza"},
    {"label": "PERSON", "pattern": "D'Souza"},
    # A dateline's place and agency, as English models tag them ("SEOUL" is an ORG as often as a GPE).
    {"label": "ORG", "pattern": "SEOUL"},
    {"label": "ORG", "pattern": "Reuters"},
    {"label": "ORG", "pattern": "NATO"},
    {"label": "GPE", "pattern": "South Korea"},
    {"label": "GPE", "pattern": "Harwick"},
    {"label": "PERSON", "pattern": "Michael Jordan"},
    {"label": "GPE", "pattern": "Jordan"},
]
# An English brief: a dateline, an organisation, a country and a town named once each.
BRIEF = "SEOUL (Reuters) — NATO sent observers to South Korea on Monday. Hollis Brandt met them in Harwick."
# 480 words without a name: what makes an article long.
FILLER = "The observers spent the day reviewing reports and talking with local officials about the situation. " * 30
WARNED = "not read for new names"
GERMAN = """\
---
title: Gespräche in {city}
date: 2024-11-22
source: Die Zeitung
language: de
---
BERLIN, 3. Oktober (dpa) - Die Außenministerin Hanna Vogler hat in {city} den Botschafter der Vereinigten Staaten getroffen.

Vogler sagte, die Stiftung Nordlicht werde ihren Bericht bald veröffentlichen.
"""
GERMAN_PATTERNS = [
    {"label": "LOC", "pattern": "BERLIN"},  # a dateline: a place, never "BERLIN"
    {"label": "ORG", "pattern": "dpa"},
    {"label": "PER", "pattern": "Hanna Vogler"},
    {"label": "PER", "pattern": "Vogler"},
    {"label": "LOC", "pattern": "Vereinigten Staaten"},  # declined: the country "Vereinigte Staaten"
    {"label": "ORG", "pattern": "Stiftung Nordlicht"},
]

# Runs the CLI in-process and says which model read which articles for proposals (in whichever
# process reads them: the build forks one, and that one may fork readers).
PROBE = """
import sys
import dossier.curate.recognition as recognition
from dossier.cli import main

read = recognition._read

def _read(nlp, language, known, articles, done=None):
    print("read by the model of", nlp.lang + ":", " ".join(slug for slug, _ in articles), flush=True)
    return read(nlp, language, known, articles, done)

recognition._read = _read
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def english_model(tmp_path_factory) -> Path:
    """The folder of a real English spaCy pipeline that tags the names of PATTERNS, as an English model would."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entity_ruler").add_patterns(PATTERNS)
    path = tmp_path_factory.mktemp("models") / "en_model"
    nlp.to_disk(path)
    return path


@pytest.fixture(scope="module")
def german_model(tmp_path_factory) -> Path:
    """The folder of a real German spaCy pipeline that tags the names of GERMAN_PATTERNS, as a German model would."""
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entity_ruler").add_patterns(GERMAN_PATTERNS)
    path = tmp_path_factory.mktemp("models") / "de_model"
    nlp.to_disk(path)
    return path


@pytest.fixture
def dossier(tmp_path) -> Path:
    """A copy of the project with no seeds and no articles: each test writes the seeds it needs."""
    root = copy_project(tmp_path / "project", with_articles=False)
    for seed in (root / "seeds").iterdir():
        seed.unlink()
    return root


def set_models(root: Path, models: dict) -> None:
    """Give the dossier's pelicanconf.py the setting DOSSIER_SPACY_MODELS = `models`."""
    conf = root / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + f"\nDOSSIER_SPACY_MODELS = {models!r}\n", encoding="utf-8")


def build(root: Path) -> tuple[subprocess.CompletedProcess, dict[str, list[str]]]:
    """Build the dossier; returns the run and, by the language of the model, the articles it read for proposals."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "--root", str(root)], cwd=ROOT, capture_output=True, text=True, timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    read: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        if line.startswith("read by the model of "):
            language, slugs = line.removeprefix("read by the model of ").split(":", 1)
            read[language] = sorted(read.get(language, []) + slugs.split())
    return result, read


def names(candidates) -> list[str]:
    return [c.name for c in candidates]


def proposed(root: Path) -> dict[str, list[str]]:
    """The candidates of the dossier, by id: the articles each was found in."""
    return {c.id: c.articles for c in read_candidates(root / "content" / "candidates.yml")}


def warned(result: subprocess.CompletedProcess) -> list[str]:
    """The build's warnings about articles left unread for want of a model."""
    return [line for line in result.stderr.splitlines() if WARNED in line]


def test_english_mentions_are_cleaned_by_english_rules(english_model, tmp_path):
    nlp = load_model(english_model)
    registry = make_registry(tmp_path, SAMPLE_ENTITIES)
    text = (
        "President Hollis Brandt met Vladimir Putin in Port Albany on Monday. Mr. Hollis Brandt said the Meridian "
        "Institute would report. Americans worry, Brandt's aides said. Monday was calm: Anita D'Souza of the "
        "Meridian Institute visited Port Albany. D'Souza left."
    )
    labels = {(ent.text, ent.label_) for ent in nlp(text).ents}
    assert {("President Hollis Brandt", "PERSON"), ("Brandt's", "PERSON"), ("Americans", "NORP")} <= labels
    candidates = propose([("a", text)], registry, set(), nlp)
    # Titles, "the" and "'s" are not part of a name; a weekday is none, nor a nationality; the
    # French elision "d’" is no English one ("D'Souza" stays whole); a known name stays known.
    assert [(c.name, c.type, c.count, c.variants) for c in candidates] == [
        ("Hollis Brandt", "person", 3, ["Brandt"]),
        ("Anita D'Souza", "person", 2, ["D'Souza"]),
        ("Meridian Institute", "organisation", 2, []),
        ("Port Albany", "place", 2, []),
    ]


def test_an_organisation_or_a_country_named_in_a_headline_or_a_short_article_is_proposed(english_model, tmp_path):
    nlp = load_model(english_model)
    registry = make_registry(tmp_path, {})
    # A short article: its organisation and its country are proposed from one mention; a place needs
    # two; the agency of its dateline is no name, and its place not one spelled in capitals.
    assert {(c.name, c.type, c.count) for c in propose([("brief", BRIEF)], registry, set(), nlp)} == {
        ("NATO", "organisation", 1), ("South Korea", "country", 1), ("Hollis Brandt", "person", 1),
    }
    # A long one: named once, they are passing mentions; in its headline, a subject.
    long = f"{BRIEF}\n\n{FILLER}"
    assert len(long.split()) > SHORT_ARTICLE
    assert names(propose([("long", long)], registry, set(), nlp)) == ["Hollis Brandt"]
    headline = {"long": "South Korea welcomes observers"}
    assert {(c.name, c.count) for c in propose([("long", long)], registry, set(), nlp, headlines=headline)} == {
        ("South Korea", 2), ("Hollis Brandt", 1),
    }
    # A headline in title case: models take its capitalised words for names; named there only, no proposal.
    quiet = f"{BRIEF.replace('NATO', 'The alliance')}\n\n{FILLER}"
    for headline, found in (("NATO observers arrive for talks", ["NATO"]), ("NATO Observers Arrive for Talks Today", [])):
        assert names(propose([("long", quiet)], registry, set(), nlp, headlines={"long": headline})) == ["Hollis Brandt", *found]
    # The place of two datelines: a place of two mentions, spelled as a name.
    other = BRIEF.replace("Hollis Brandt", "Anita D'Souza")
    found = {c.name: c for c in propose([("a", long), ("b", other)], registry, set(), nlp)}
    assert (found["Seoul"].type, found["Seoul"].count, found["Seoul"].variants) == ("place", 2, [])
    assert not {"SEOUL", "Reuters", "SEOUL (Reuters"} & set(found)


def test_a_country_named_like_a_persons_surname_leaves_the_person_his_name(english_model, tmp_path):
    nlp = load_model(english_model)
    text = "Michael Jordan met officials in Harwick. Jordan said the trip was useful. Harwick welcomed him."
    # The lone "Jordan" is folded into the one longer person's name it ends, as a lone surname tagged a place is.
    assert [(c.name, c.type, c.count, c.variants) for c in propose([("a", text)], make_registry(tmp_path, {}), set(), nlp)] == [
        ("Harwick", "place", 2, []), ("Michael Jordan", "person", 2, ["Jordan"]),
    ]


def test_each_article_is_read_by_the_model_of_its_language(dossier, english_model):
    set_models(dossier, {"fr": "fr_core_news_sm", "en": str(english_model)})
    (dossier / "seeds" / "seoul.md").write_text(NEW_ARTICLE, encoding="utf-8")
    (dossier / "seeds" / "port-albany.md").write_text(ENGLISH, encoding="utf-8")
    result, read = build(dossier)
    english = slug_of(dossier, "seeds/port-albany.md")
    assert read == {"fr": [FRENCH_SLUG], "en": [english]}  # the English article never read by the French model
    assert not warned(result)
    found = proposed(dossier)
    assert {i: found.get(i) for i in ENGLISH_NAMES} == {i: [english] for i in ENGLISH_NAMES}
    assert found["cho-tae-yul"] == [FRENCH_SLUG]
    assert {i for i, articles in found.items() if english in articles} == set(ENGLISH_NAMES)
    assert "hollis-brandt: Hollis Brandt" in result.stdout
    assert {FRENCH_SLUG, english} <= set(recorded(dossier))


def write_german(root: Path, *cities: str) -> list[str]:
    """German seeds, one per city; their articles' slugs once built."""
    for city in cities:
        (root / "seeds" / f"{city.lower()}.md").write_text(GERMAN.format(city=city), encoding="utf-8")
    return [f"gesprache-in-{city.lower()}" for city in cities]


def waiting_for(root: Path, language: str) -> list[str]:
    """The articles recorded as waiting for a model of `language`."""
    return sorted(slug for slug, record in recorded(root).items() if record.endswith(f" waiting for {language}"))


@pytest.mark.skipif(importlib.util.find_spec("de_core_news_sm") is not None, reason="the German model is installed")
def test_articles_without_a_model_are_said_once_and_read_once_it_is_installed(dossier, german_model):
    (dossier / "seeds" / "seoul.md").write_text(NEW_ARTICLE, encoding="utf-8")
    first = write_german(dossier, "Hamburg", "Bremen")
    result, read = build(dossier)  # the default setting: de_core_news_sm for German
    message = (
        "the spaCy model de_core_news_sm is not installed; install it with: python -m spacy download de_core_news_sm "
        "(or set DOSSIER_SPACY_MODELS in pelicanconf.py)"
    )
    assert warned(result) == [f"warning: 2 German articles not read for new names: {message}"]  # once, for both
    assert read == {"fr": [FRENCH_SLUG]}
    assert sorted(first) == waiting_for(dossier, "de") and FRENCH_SLUG in recorded(dossier)
    assert (dossier / "output" / "articles" / first[0] / "index.html").exists()  # on the site all the same

    result, read = build(dossier)  # nothing new: not said again, no model loaded
    assert not warned(result) and read == {}
    assert "read for names the registry lacks" not in result.stdout

    later = write_german(dossier, "Bonn")
    result, read = build(dossier)  # a new German article: said again, for it
    assert warned(result) == [f"warning: 1 German article not read for new names: {message}"]
    assert read == {} and waiting_for(dossier, "de") == sorted(first + later)

    set_models(dossier, {"fr": "fr_core_news_sm", "de": str(german_model)})
    result, read = build(dossier)
    assert read == {"de": sorted(first + later)}  # the articles left unread, alone
    assert not warned(result) and waiting_for(dossier, "de") == []
    found = {c.id: c for c in read_candidates(dossier / "content" / "candidates.yml")}
    assert {i: (c.name, c.type, c.count) for i, c in found.items() if i != "cho-tae-yul"} == {
        "hanna-vogler": ("Hanna Vogler", "person", 6),
        "stiftung-nordlicht": ("Stiftung Nordlicht", "organisation", 3),
        "vereinigte-staaten": ("Vereinigte Staaten", "country", 3),  # the CLDR name, the declined one a variant
        "berlin": ("Berlin", "place", 3),  # the datelines' place; the agency is no name
    }
    assert found["vereinigte-staaten"].variants == ["Vereinigten Staaten"] and found["berlin"].variants == []
    assert found["cho-tae-yul"].articles == [FRENCH_SLUG]  # what the first build proposed stays

    result, read = build(dossier)
    assert read == {} and not warned(result)


def test_a_language_without_a_model_in_the_settings_is_said_once(dossier):
    for city in ("Roma", "Milano"):
        (dossier / "seeds" / f"{city.lower()}.md").write_text(ITALIAN.format(city=city), encoding="utf-8")
    result, read = build(dossier)
    assert warned(result) == [(
        "warning: 2 Italian articles not read for new names: DOSSIER_SPACY_MODELS has no spaCy model for 'it'; "
        "add one in pelicanconf.py (spaCy's models: https://spacy.io/models)"
    )]
    assert read == {}
    assert proposed(dossier) == {}
    # Recorded as waiting for a model: the next build neither reads them nor says so again.
    assert waiting_for(dossier, "it") == sorted(slug_of(dossier, f"seeds/{city}.md") for city in ("roma", "milano"))
    result, read = build(dossier)
    assert not warned(result) and read == {}
