"""Quotations credited in English, German and French, measured on the hand-checked gold set
tests/fixtures/quotes/gold.yml by scripts/quote_accuracy.py (its docstring and the gold file's header say
how each article is read and how its registry is given).

Per language: no quotation credited to the wrong speaker, and at least 80 % of the quotations whose
speaker is in the article's registry credited to them. The English and French articles are real pages of
../shared/corpus/readability and ../shared/seeds (CI has ../shared beside the project); their absence
fails the test.

    python scripts/quote_accuracy.py --details   # the table, and every quotation not right
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "quote_accuracy.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("quote_accuracy", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["quote_accuracy"] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


accuracy = _load_script()


@pytest.fixture(scope="module")
def results():
    if not (accuracy.SHARED / "corpus" / "readability").is_dir():
        pytest.fail(f"the shared corpus is missing: {accuracy.SHARED} (CI has ../shared beside the project)")
    return accuracy.measure()


def test_the_gold_set_holds_sixty_quotations_or_more_in_each_language(results):
    counts = {language: sum(r.language == language for r in results) for language in accuracy.LANGUAGES}
    assert sum(counts.values()) >= 60
    assert all(count >= 20 for count in counts.values()), counts


@pytest.mark.parametrize("language", accuracy.LANGUAGES)
def test_no_quotation_is_credited_to_the_wrong_speaker(results, language):
    wrong = [f"{r.article}: “{r.opens}” gold={r.gold} found={r.found}" for r in results
             if r.language == language and r.verdict == "wrong"]
    assert wrong == [], "\n" + accuracy.render(accuracy.table(results))


@pytest.mark.parametrize("language", accuracy.LANGUAGES)
def test_most_quotations_of_registry_speakers_are_credited(results, language):
    row = accuracy.table(results)[language]
    assert row["right_in_registry"] >= 0.8 * row["in_registry"], "\n" + accuracy.render(accuracy.table(results))


def test_every_quotation_of_the_gold_set_is_found_in_its_article(results):
    """An opening that matches nothing would count as "said by nobody" without being checked."""
    document = accuracy.yaml.safe_load(accuracy.GOLD.read_text(encoding="utf-8"))
    missing = []
    for entry in document["articles"]:
        found = accuracy.found_texts(entry)
        missing += [f"{entry['source']}: {item['opens']}" for item in entry["quotes"]
                    if not any(text.startswith(accuracy._normal(str(item["opens"]))) for text in found)]
    assert missing == []
