"""An article's language without py3langid's model when its function words say it plainly.

guess_language (dossier.seeds.pieces) asks dossier.seeds.language.plain_language first: French,
English or German told by their commonest words, with a clear margin, else py3langid as before.
Loading py3langid's model costs half a second of CPU in each build that reads a seed whose page
does not say its language. These tests hold the fast path to py3langid's answers on every text
of the project (scripts/language_agreement.py, which prints the counts) and to silence on other
languages, and check that a pasted French, English or German article is read without py3langid.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from functools import cache

import py3langid
import pytest

from dossier.seeds import language
from dossier.seeds.language import FUNCTION_WORDS, MIN_WORDS, OTHER_WORDS, plain_language
from dossier.seeds.pieces import guess_language

from .conftest import ROOT

SCRIPT = ROOT / "scripts" / "language_agreement.py"
THREE = ("fr", "en", "de")


def _load_script():
    spec = importlib.util.spec_from_file_location("language_agreement", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


agreement = _load_script()


@cache
def measured() -> dict:
    """Every text of the project but the corpus read by the build's reader (slow: see below), measured."""
    texts = [*agreement.expected_texts(), *agreement.fixture_texts(), *agreement.seed_texts(),
             *agreement.generated_texts(40), *agreement.other_texts(), *agreement.mixed_texts(), *agreement.spacy_texts()]
    return agreement.measure(texts + list(agreement.prefixes(texts)))


def _misses(result: dict, outcomes=("disagree", "wrong")) -> list:
    return [(d["dataset"], d["name"], d["py3langid"], d["fast"]) for d in result["details"] if d["outcome"] in outcomes]


def test_the_fast_path_answers_as_py3langid_on_every_text_of_the_project():
    result = measured()
    assert not _misses(result)
    counts = result["datasets"]
    # The corpus pages (as Readability extracts them), the ingest fixtures, the seeds and the generated
    # seeds are all French, English or German: the fast path must answer nearly all of them.
    for dataset in ("expected", "fixtures", "seeds", "generated"):
        assert counts[dataset]["py3langid"].keys() <= set(THREE), dataset
        assert counts[dataset]["agree"] >= 0.9 * counts[dataset]["texts"], (dataset, counts[dataset])
    assert counts["expected"]["texts"] >= 30 and counts["fixtures"]["texts"] >= 60 and counts["generated"]["texts"] == 40


@pytest.mark.slow
def test_the_fast_path_answers_as_py3langid_on_the_corpus_as_the_build_reads_it():
    """The real pages read with read_seed, as a build reads them (a few seconds: marked slow)."""
    result = agreement.measure(list(agreement.corpus_texts()))
    assert not _misses(result)
    assert result["datasets"]["corpus"]["agree"] >= 0.9 * result["datasets"]["corpus"]["texts"] >= 27


def test_other_languages_are_left_to_py3langid():
    """Never French, English or German for a paragraph in another language, even its first 50 words:
    py3langid decides, and says what it is."""
    texts = list(agreement.other_texts())
    assert len(texts) >= 3 * 15
    for _, name, text in [*texts, *agreement.prefixes(texts)]:
        assert plain_language(text) is None, name
    for _, name, text in texts:  # the fixture is what it says: py3langid names none of them fr, en or de
        assert guess_language(text) == py3langid.classify(text)[0] not in THREE, name
    spacy = [entry for entry in measured()["details"] if entry["dataset"] == "spacy" and entry["name"] not in (*THREE, "xx")]
    assert len(spacy) > 50 and not [entry["name"] for entry in spacy if entry["fast"]]  # spaCy's examples in 60 languages


def test_a_text_in_two_languages_is_left_to_py3langid():
    """A press release in English then French: more English function words, but py3langid says French;
    the margin asked for leaves it to py3langid."""
    release = next(text for _, name, text in agreement.mixed_texts() if name == "en-fr-bilingual-release")
    assert plain_language(release) is None
    assert guess_language(release) == py3langid.classify(release)[0] == "fr"


def test_the_word_lists_are_disjoint():
    lists = list(FUNCTION_WORDS.values())
    assert all(not (a & b) for i, a in enumerate(lists) for b in lists[i + 1:])
    assert not OTHER_WORDS & frozenset().union(*lists)


def test_french_elisions_are_words_of_their_own():
    words = [w.casefold() for w in language._WORD.findall("Qu’il l'a dit : c’est l’État d'une nation, it's O'Brien's")]
    assert words == ["qu", "il", "l", "a", "dit", "c", "est", "l", "état", "d", "une", "nation", "it's", "o'brien's"]


def test_a_short_text():
    assert guess_language("") == guess_language("Hello world") == guess_language("12 34 — !") == "fr"  # under 3 words: French
    short = "The council met on Tuesday and said that the budget of the city would be cut by ten per cent."
    assert len(short.split()) < MIN_WORDS and plain_language(short) is None  # too few words to be sure
    assert guess_language(short) == py3langid.classify(short)[0] == "en"


READ = """\
import sys
from pathlib import Path
from dossier.seeds.read import read_seed
path = Path(sys.argv[1])
print(read_seed(path, path.parent).language, "py3langid" in sys.modules)
"""


@pytest.mark.parametrize("name", ["fr-lemonde-url-publie-mis-a-jour.txt", "en-wire-dateline-reuters.txt",
                                  "de-zeit-dpa-veroeffentlicht-aktualisiert.txt"])
def test_a_plain_article_is_read_without_py3langid(name):
    """A pasted article in French, English or German, read in a fresh process: its language found,
    py3langid never imported (a paragraph in Spanish imports it, so the check can fail)."""
    seed = ROOT / "tests" / "fixtures" / "ingest" / name
    output = subprocess.run([sys.executable, "-c", READ, str(seed)], capture_output=True, text=True, check=True, cwd=ROOT)
    assert output.stdout.split() == [name[:2], "False"]


def test_another_language_still_loads_py3langid(tmp_path):
    spanish = tmp_path / "lluvias.txt"
    paragraphs = [text for _, name, text in agreement.other_texts() if name.startswith("es-")]
    spanish.write_text("Lluvias torrenciales en Valencia\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    output = subprocess.run([sys.executable, "-c", READ, str(spanish)], capture_output=True, text=True, check=True, cwd=ROOT)
    assert output.stdout.split() == ["es", "True"]
