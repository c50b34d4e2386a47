"""Candidates: the French model proposes unknown names; the noise, the known and the rejected are filtered out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest
import yaml

from dossier.core.errors import DossierError
from dossier.core.placeholders import PLACEHOLDERS, is_placeholder
from dossier.core.report import Report
from dossier.curate.annotate import Matcher
from dossier.curate.candidate_files import (
    accept,
    read_candidates,
    read_proposed_from,
    read_rejected,
    reject,
    write_candidates,
    write_proposed_from,
)
from dossier.curate.candidates import MAX_TEXT, Candidate, article_text, merge, propose
from dossier.curate.proposing import CANDIDATES_READ, propose_candidates
from dossier.curate.recognition import load_model, paragraphs
from dossier.curate.registry import load_registry
from dossier.seeds.read import read_seed

from .conftest import ROOT
from .helpers import SAMPLE_ENTITIES, article, make_registry

ENTITIES = {
    **SAMPLE_ENTITIES,
    "moscou": {"name": "Moscou", "type": "place"},
    "seoul": {"name": "Séoul", "type": "place"},
    "washington": {"name": "Washington", "type": "place"},
}

# The model finds both mentions when the name stands apart from the title
# ("Le ministre sud-coréen Cho Tae-yul a rencontré…" hides the first one from it).
CHO = (
    "Le ministre sud-coréen des Affaires étrangères, Cho Tae-yul, a rencontré Vladimir Poutine à Moscou. "
    "Cho Tae-yul a déclaré que la Corée du Nord était un danger."
)
# The model reads "Cho Tae" twice, then "Cho Tae-Yul": three spellings of one name.
CHO_SHORT = (
    "Le ministre Cho Tae-yul a rencontré Vladimir Poutine à Moscou. Cho Tae yul a déclaré que la Corée du Nord "
    "était un danger. Le ministre Cho Tae-Yul est rentré à Séoul."
)
KORMILITSYNA = (
    "La diplomate Kristina Kormilitsyna a rencontré Kim Jong Un à Pyongyang. Kristina Kormilitsyna a ensuite "
    "rejoint Moscou, où Kormilitsyna a parlé aux journalistes."
)
NOISE = (
    "L’armée de Kim Jong a tiré. Kim Jong a prévenu Washington. Les Américains et les Européens s'inquiètent. "
    "Les Chinois, les Japonais et les Occidentaux observent. L’Ukraine proteste. Selon le président Poutine, "
    "la Corée du Nord est une alliée. Les Américains, les Européens et les Japonais protestent."
)


@pytest.fixture(scope="module")
def nlp():
    return load_model()


@pytest.fixture
def registry(tmp_path):
    return make_registry(tmp_path, ENTITIES)


def names(candidates: list[Candidate]) -> list[str]:
    return [c.name for c in candidates]


def test_an_unknown_person_is_proposed_with_its_mentions_and_article(nlp, registry):
    candidates = propose([("visite", CHO)], registry, set(), nlp)
    assert candidates == [
        Candidate(name="Cho Tae-yul", type="person", count=2, articles=["visite"], variants=[], id="cho-tae-yul")
    ]


def test_known_names_and_their_cut_or_titled_forms_are_not_proposed(nlp, registry):
    text = "Kim Jong a rencontré le président Poutine. Kim Jong et Vladimir Poutine ont parlé de l'Ukraine."
    doc = nlp(text)
    assert "Kim Jong" in [e.text for e in doc.ents]  # the model cuts the known "Kim Jong Un" short
    assert propose([("a", text)], registry, set(), nlp) == []


def test_demonyms_elisions_titles_and_cut_names_are_not_proposed(nlp, registry):
    found = {e.text for e in nlp(NOISE).ents}
    assert {"Américains", "Européens", "Japonais", "Kim Jong"} <= found  # what the model tags, and the filter drops
    assert propose([("noise", NOISE)], registry, set(), nlp) == []


def test_a_lone_elided_article_is_not_a_place(nlp, registry):
    text = (
        "Une assistance militaire mutuelle « sans délai »\n\n"
        "L’un des points clés de cet accord est l’engagement des deux pays. L’un des deux États répondra."
    )
    assert {("L’", "LOC"), ("États", "LOC")} <= {(e.text, e.label_) for e in nlp(text).ents}
    # Seen in two articles, the noise would pass the two-mention rule if it were not filtered.
    assert propose([("a", text), ("b", text)], registry, set(), nlp) == []


def test_a_rejected_name_and_its_parts_are_not_proposed(nlp, registry):
    assert names(propose([("a", KORMILITSYNA)], registry, set(), nlp)) == ["Kristina Kormilitsyna"]
    assert propose([("a", KORMILITSYNA)], registry, {"kristina KORMILITSYNA"}, nlp) == []


def test_spellings_of_one_name_merge_into_the_most_frequent_full_form(nlp, registry):
    candidates = propose([("b", CHO_SHORT), ("a", CHO)], registry, set(), nlp)
    assert candidates == [
        Candidate(
            name="Cho Tae-yul", type="person", count=5, articles=["a", "b"],
            variants=["Cho Tae", "Cho Tae-Yul"], id="cho-tae-yul",
        )
    ]


def test_a_surname_alone_merges_into_the_full_name(nlp, registry):
    [candidate] = propose([("a", KORMILITSYNA)], registry, set(), nlp)
    assert (candidate.name, candidate.count, candidate.variants) == ("Kristina Kormilitsyna", 3, ["Kormilitsyna"])


def test_an_axis_of_two_names_is_not_a_person(nlp, tmp_path):
    registry = make_registry(tmp_path, {"moscou": ENTITIES["moscou"]})  # neither Kim nor Poutine known
    text = (
        "Le rapprochement constitue désormais un axe Kim-Poutine. Kim Jong Un a reçu Vladimir Poutine. "
        "Selon Poutine, Kim est un allié. L’axe Kim-Poutine s’est renforcé."
    )
    assert "Kim-Poutine" in {e.text for e in nlp(text).ents}
    # Without the axis, "Poutine" belongs to one longer name only.
    assert propose([("a", text)], registry, set(), nlp) == [
        Candidate("Vladimir Poutine", "person", 2, ["a"], ["Poutine"], "vladimir-poutine")
    ]


def test_names_that_end_like_demonyms_are_kept(nlp, registry):
    text = (
        "Les migrants arrivent à Calais. À Calais, la situation est tendue. Le pape François a parlé. "
        "François a ajouté un mot. Les Libanais et les Canadiens observent. Des Libanais ont fui."
    )
    assert {"Libanais", "Canadiens"} <= {e.text for e in nlp(text).ents}
    assert names(propose([("a", text)], registry, set(), nlp)) == ["Calais", "François"]


def test_a_single_word_needs_two_mentions_and_a_full_name_one(nlp, registry):
    text = "L'agence Sputnik a publié la photo. Le ministre Cho Tae-yul s'en félicite."
    assert {("Sputnik", "PER"), ("Cho Tae", "PER")} <= {(e.text, e.label_) for e in nlp(text).ents}
    assert names(propose([("a", text)], registry, set(), nlp)) == ["Cho Tae"]
    assert names(propose([("a", text), ("b", text)], registry, set(), nlp)) == ["Cho Tae", "Sputnik"]


def test_propose_is_deterministic(nlp, registry):
    articles = [("b", CHO_SHORT), ("a", CHO), ("c", KORMILITSYNA), ("d", NOISE)]
    first = propose(articles, registry, set(), nlp)
    assert first == propose(articles, registry, set(), nlp)
    assert first == propose(list(reversed(articles)), registry, set(), nlp)
    assert [(-c.count, c.name) for c in first] == sorted((-c.count, c.name) for c in first)
    assert len(first) == 2


def test_candidates_file_round_trips_and_is_reviewable(nlp, registry, tmp_path):
    path = tmp_path / "content" / "candidates.yml"
    candidates = propose([("a", CHO), ("c", KORMILITSYNA)], registry, set(), nlp)
    write_candidates(path, candidates)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ") and "accept" in text and "reject" in text
    assert yaml.safe_load(text)[0] == {
        "id": "kristina-kormilitsyna", "name": "Kristina Kormilitsyna", "type": "person", "count": 3,
        "articles": ["c"], "variants": ["Kormilitsyna"],
    }
    assert read_candidates(path) == candidates
    write_candidates(path, candidates)
    assert path.read_text(encoding="utf-8") == text


def _content_with_candidates(nlp, tmp_path) -> Path:
    registry = make_registry(tmp_path, ENTITIES)
    content = tmp_path / "content"
    write_candidates(content / "candidates.yml", propose([("a", CHO), ("c", KORMILITSYNA)], registry, set(), nlp))
    return content


def test_accept_writes_a_valid_registry_entry_found_in_articles(nlp, tmp_path):
    content = _content_with_candidates(nlp, tmp_path)
    path = accept("kristina-kormilitsyna", content, "de")
    assert path == content / "entities" / "kristina-kormilitsyna.md"
    post = frontmatter.load(path)
    assert post.metadata == {"name": "Kristina Kormilitsyna", "type": "person", "aliases": ["Kormilitsyna"]}
    assert post.content == PLACEHOLDERS["de"]  # in the dossier's language
    registry = load_registry(content, tmp_path)  # raises if the new entry is invalid
    entity = registry.entities["kristina-kormilitsyna"]
    assert entity.description == PLACEHOLDERS["de"] and is_placeholder(entity.description)
    assert [s.target for s in Matcher(registry).names("Selon Kormilitsyna et Kristina Kormilitsyna.")] == [
        "kristina-kormilitsyna", "kristina-kormilitsyna",
    ]
    assert names(read_candidates(content / "candidates.yml")) == ["Cho Tae-yul"]
    # Once accepted, the name is known: it is not proposed again.
    assert propose([("c", KORMILITSYNA)], registry, set(), nlp) == []


def test_accept_refuses_an_existing_file_or_an_unknown_id(nlp, tmp_path):
    content = _content_with_candidates(nlp, tmp_path)
    existing = content / "entities" / "cho-tae-yul.md"
    existing.write_text("---\nname: Cho\ntype: person\n---\nÀ la main.\n", encoding="utf-8")
    with pytest.raises(DossierError, match="cho-tae-yul.md"):
        accept("cho-tae-yul", content)
    assert existing.read_text(encoding="utf-8").endswith("À la main.\n")
    with pytest.raises(DossierError, match="candidates.yml.*'nobody'"):
        accept("nobody", content)
    assert names(read_candidates(content / "candidates.yml")) == ["Kristina Kormilitsyna", "Cho Tae-yul"]


def test_reject_persists_and_the_name_is_not_proposed_again(nlp, tmp_path):
    content = _content_with_candidates(nlp, tmp_path)
    registry = load_registry(content, tmp_path)
    assert read_rejected(content / "rejected.yml") == set()
    reject("kristina-kormilitsyna", content)
    reject("cho-tae-yul", content)
    rejected = read_rejected(content / "rejected.yml")
    assert rejected == {"Kristina Kormilitsyna", "Kormilitsyna", "Cho Tae-yul"}
    assert yaml.safe_load((content / "rejected.yml").read_text(encoding="utf-8")) == sorted(rejected)
    assert read_candidates(content / "candidates.yml") == []
    assert propose([("a", CHO), ("c", KORMILITSYNA), ("b", CHO_SHORT)], registry, rejected, nlp) == []
    with pytest.raises(DossierError, match="'cho-tae-yul'"):
        reject("cho-tae-yul", content)


def test_importing_the_module_does_not_import_spacy():
    result = subprocess.run(
        [sys.executable, "-c", "import sys, dossier.curate.candidates; print('spacy' in sys.modules)"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_proposals_on_the_real_seeds(nlp):
    registry = load_registry(ROOT / "content", ROOT)
    articles = [(a.slug, article_text(a)) for a in (read_seed(p, ROOT) for p in sorted((ROOT / "seeds").glob("*.txt")))]
    candidates = propose(articles, registry, set(), nlp)
    print("\nproposals on the seeds:")
    for c in candidates:
        print(f"  {c.count:2d} {c.type:12} {c.name} ({c.id}) variants={c.variants} articles={c.articles}")
    known = {n.casefold() for e in registry.entities.values() for n in e.names}
    assert not [c.name for c in candidates if c.name.casefold() in known]
    assert "Kristina Kormilitsyna" in names(candidates)
    assert len(candidates) <= 10  # the registry is nearly complete: a long list would be noise


def test_merge_replaces_what_articles_read_again_gave_and_drops_decided_names(tmp_path):
    registry = make_registry(tmp_path, ENTITIES)
    kristina = Candidate("Kristina Kormilitsyna", "person", 3, ["c"], ["Kormilitsyna"], "kristina-kormilitsyna")
    cho = Candidate("Cho Tae-yul", "person", 2, ["a"], [], "cho-tae-yul")
    gone = Candidate("Sputnik", "organisation", 2, ["a"], [], "sputnik")
    existing = [kristina, cho, gone]
    # Article "a" read again: its names are what it gives now; "c" was not read again.
    again = [Candidate("Cho Tae-Yul", "person", 3, ["a"], ["Cho Tae"], "cho-tae-yul")]
    assert merge(existing, again, {"a"}, registry, set()) == [again[0], kristina]
    # A new article adds its mentions to a name proposed before.
    new = [Candidate("Kristina Kormilitsyna", "person", 2, ["d"], [], "kristina-kormilitsyna")]
    assert merge(existing, new, {"d"}, registry, set())[0] == Candidate(
        "Kristina Kormilitsyna", "person", 5, ["c", "d"], ["Kormilitsyna"], "kristina-kormilitsyna"
    )
    # Names accepted (now in the registry) or rejected since leave the file.
    assert merge(existing, [], set(), registry, {"Kormilitsyna"}) == [cho, gone]
    registry = make_registry(tmp_path, {"cho": {"name": "Cho Tae-yul", "type": "person"}})
    assert names(merge(existing, [], set(), registry, set())) == ["Kristina Kormilitsyna", "Sputnik"]


def test_a_long_paragraph_is_cut_after_a_sentence_or_at_a_space_and_nothing_is_lost():
    sentence = "Cho Tae-yul a rencontré Vladimir Poutine à Moscou. "  # 51 characters
    words = "sans point ni majuscule " * 10
    text = f"Titre\n\n{sentence * 40}\n \n{words}\n\n{'x' * 250}"
    pieces = list(paragraphs(text, longest=200))
    assert all(len(piece) <= 200 for piece in pieces)
    assert pieces[0] == "Titre"
    cut = [piece for piece in pieces if "Moscou" in piece]
    assert "".join(cut) == sentence * 40 and all(piece.endswith("Moscou. ") for piece in cut)
    spaced = [piece for piece in pieces if "point" in piece]
    assert "".join(spaced) == words and all(piece.endswith(" ") for piece in spaced)
    assert pieces[-2:] == ["x" * 200, "x" * 50]  # no space at all: cut where it must be


def test_the_record_of_proposals_made_round_trips_and_a_damaged_one_is_named(tmp_path):
    path = tmp_path / "content" / ".candidates-read.yml"
    assert read_proposed_from(path) == {}
    record = {"b-article": "1" * 64, "a-article": "0" * 64, "2024": "12e3"}  # names and hashes YAML would retype
    write_proposed_from(path, record)
    assert read_proposed_from(path) == record
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ") and text.index("a-article") < text.index("b-article")
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # the temporary file was renamed into place
    path.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(DossierError, match=r"\.candidates-read\.yml: expected article slugs"):
        read_proposed_from(path)


def test_a_seed_over_the_limit_is_reported_not_read_and_recorded(tmp_path):
    registry = make_registry(tmp_path, ENTITIES)
    text = "Ilona Varga a parlé à Moscou. " * (MAX_TEXT // 30 + 1)
    huge = article(("paragraph", text), seed="seeds/huge.txt", slug="huge", seed_sha256="a" * 64)
    (tmp_path / "content" / "articles").mkdir(parents=True)
    (tmp_path / "content" / "articles" / "huge.md").write_text("---\nseed: seeds/huge.txt\n---\n", encoding="utf-8")
    report = Report()
    assert propose_candidates(tmp_path, [huge], registry, report) == []
    assert report.warnings == [
        f"seeds/huge.txt: {len(text):,} characters of text, over the 2,000,000 proposals read; no entities proposed from it"
    ]
    assert not report.recognition_ran and not report.errors
    # Recorded, so that the next build neither reads it again nor says it again.
    assert read_proposed_from(tmp_path / CANDIDATES_READ) == {"huge": "a" * 64}
    assert read_candidates(tmp_path / "content" / "candidates.yml") == []


def test_spacy_is_loaded_early_only_for_a_seed_new_to_the_proposals():
    """A registry edit reads every seed again; their proposals were made: no spaCy is loaded for them."""
    import hashlib

    from dossier.curate import proposing

    seeds = [hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted((ROOT / "seeds").iterdir()) if path.is_file()]
    assert not proposing.may_propose(ROOT, seeds)
    assert proposing.may_propose(ROOT, [*seeds, "0" * 64])


def test_spacy_is_imported_without_its_command_line_which_stays_at_hand():
    """A build loads a model without importing spaCy's command line (typer, rich, weasel, requests); a later
    `import spacy.cli`, or `spacy.info()`, gets the real one."""
    code = (
        "import json, sys\n"
        "from dossier.curate.recognition import _spacy\n"
        "spacy = _spacy()\n"
        "said = {'cli': sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'weasel', 'rich') or m.startswith('spacy.cli')),\n"
        "        'language': spacy.blank('en')('Moscow and Pyongyang.').text}\n"
        "said['info'] = sorted(spacy.info())[:1]\n"
        "import spacy.cli\n"
        "said['download'] = callable(spacy.cli.download)\n"
        "print(json.dumps(said))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    said = yaml.safe_load(result.stdout)
    assert said["cli"] == [] and said["language"] == "Moscow and Pyongyang."
    assert said["info"] and said["download"] is True
