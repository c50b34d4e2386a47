#!/usr/bin/env python3
"""The function-word fast path of guess_language against py3langid, on every text the project has.

    python scripts/language_agreement.py [--details] [--generated N] [--corpus DIR] [--json FILE]

dossier.seeds.language.plain_language names a text French, English or German when its function
words say so plainly, and else leaves it to py3langid (dossier.seeds.pieces.guess_language). Here
both are run on the same sample of each text (its first 4,000 characters, as guess_language
takes), and each text counts as agreed (the fast path answered py3langid's language), disagreed
(it answered another) or fallen back (it left the text to py3langid). The datasets:

- corpus: the real pages of ../shared/corpus/readability/*/source.html, read with
  dossier.seeds.read.read_seed, the build's own reader (the text guess_language is given: the
  article's blocks, joined); it takes a few seconds;
- expected: the same pages' expected.html (Readability's extraction), as plain text;
- fixtures: tests/fixtures/ingest/*.txt and *.html, read with read_seed;
- seeds: the seeds of ../shared/seeds, of seeds/ and of tests/golden/dossier/seeds;
- generated: the first N seeds of benchmarks/generated_seeds.py (French, recombined from seeds/);
- others: tests/fixtures/languages/others.yml, paragraphs in 18 other languages; the fast path
  must leave every one to py3langid (an answer there is counted as "wrong", whatever py3langid says);
- mixed: tests/fixtures/languages/mixed.yml, French, English and German quoting other languages;
- spacy: the example sentences spaCy ships for each of its languages (spacy/lang/*/examples.py,
  read as text, spaCy not imported), each language's joined into one text: short, and in some 60
  languages and scripts; the fast path may answer only on fr, en and de ("wrong" elsewhere) and
  on xx, spaCy's sentences in several languages, where it must agree with py3langid;
- prefixes: the first 50, 100 and 200 words of every text above with that many words, a harder
  test of the margin than whole articles.

A text of fewer than 3 words is left out: guess_language calls it French before either is asked.
tests/test_language_guess.py asserts on `measure()`.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dossier.seeds.language import plain_language  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "readability"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = 4000  # guess_language's sample of a text
PREFIXES = (50, 100, 200)  # words
THREE = ("fr", "en", "de")

Text = tuple[str, str, str]  # dataset, name, text


def read_text(path: Path) -> str:
    """The text guess_language is given for the seed at `path`: its article's blocks, joined."""
    from dossier.seeds.read import read_seed

    article = read_seed(path, path.parent)
    return " ".join(block.text for block in article.blocks)


def corpus_texts(corpus: Path = CORPUS) -> Iterator[Text]:
    for page in sorted(corpus.glob("*/source.html")):
        yield "corpus", page.parent.name, read_text(page)


def expected_texts(corpus: Path = CORPUS) -> Iterator[Text]:
    from bs4 import BeautifulSoup

    for page in sorted(corpus.glob("*/expected.html")):
        yield "expected", page.parent.name, BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")


def fixture_texts() -> Iterator[Text]:
    for path in sorted((FIXTURES / "ingest").iterdir()):
        if path.suffix in (".txt", ".html"):
            yield "fixtures", path.name, read_text(path)


def seed_texts() -> Iterator[Text]:
    seen = set()
    for folder in (SHARED_SEEDS, ROOT / "seeds", ROOT / "tests" / "golden" / "dossier" / "seeds"):
        for path in sorted(folder.glob("*")):
            text = read_text(path)
            if text not in seen:  # ../shared/seeds and seeds/ hold the same five
                seen.add(text)
                yield "seeds", f"{folder.name}/{path.name}" if folder.name != "seeds" else path.name, text


def generated_texts(count: int) -> Iterator[Text]:
    from benchmarks.generated_seeds import generate
    from dossier.seeds.text import parse_text

    for seed in generate(count, ROOT / "seeds"):
        article = parse_text(seed.text, seed.name)
        yield "generated", seed.name, " ".join(block.text for block in article.blocks)


def other_texts() -> Iterator[Text]:
    import yaml

    others = yaml.safe_load((FIXTURES / "languages" / "others.yml").read_text(encoding="utf-8"))
    for language, paragraphs in others.items():
        for number, paragraph in enumerate(paragraphs, 1):
            yield "others", f"{language}-{number}", paragraph


def mixed_texts() -> Iterator[Text]:
    import yaml

    for entry in yaml.safe_load((FIXTURES / "languages" / "mixed.yml").read_text(encoding="utf-8")):
        yield "mixed", entry["name"], entry["text"]


def spacy_texts() -> Iterator[Text]:
    """spaCy's example sentences, one text per language (its code, the folder's name)."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return
    for path in sorted(Path(spec.submodule_search_locations[0]).glob("lang/*/examples.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "sentences" for target in node.targets):
                sentences = ast.literal_eval(node.value)
                yield "spacy", path.parent.name, " ".join(s if s.rstrip().endswith((".", "?", "!")) else f"{s}." for s in sentences)


def prefixes(texts: list[Text]) -> Iterator[Text]:
    """The first 50, 100 and 200 words of each text that has more."""
    for dataset, name, text in texts:
        words = text[:SAMPLE].split()
        for count in PREFIXES:
            if len(words) > count:
                yield f"{dataset} prefixes", f"{name}[:{count}]", " ".join(words[:count])


def all_texts(generated: int = 300, corpus: Path = CORPUS, read_corpus: bool = True) -> list[Text]:
    texts = [*(corpus_texts(corpus) if read_corpus else ()), *expected_texts(corpus), *fixture_texts(), *seed_texts(),
             *generated_texts(generated), *other_texts(), *mixed_texts(), *spacy_texts()]
    return texts + list(prefixes(texts))


def judge(text: str) -> dict | None:
    """py3langid's language and the fast path's answer for `text`, as guess_language samples it; None under 3 words."""
    import py3langid

    sample = text[:SAMPLE]
    if len(re.findall(r"\w+", sample)) < 3:
        return None
    return {"py3langid": py3langid.classify(sample)[0], "fast": plain_language(sample)}


def outcome(dataset: str, name: str, verdict: dict) -> str:
    if verdict["fast"] is None:
        return "fallback"
    if dataset.startswith("others") or (dataset.startswith("spacy") and name.split("[")[0] not in (*THREE, "xx")):
        return "wrong"  # any answer on another language is wrong
    return "agree" if verdict["fast"] == verdict["py3langid"] else "disagree"


def measure(texts: list[Text]) -> dict:
    """Per dataset, the count of texts, of each outcome, and of each py3langid language; every text's verdict."""
    datasets: dict[str, dict] = {}
    details = []
    for dataset, name, text in texts:
        verdict = judge(text)
        if verdict is None:
            continue
        result = outcome(dataset, name, verdict)
        counts = datasets.setdefault(dataset, {"texts": 0, "agree": 0, "disagree": 0, "fallback": 0, "wrong": 0, "py3langid": {}})
        counts["texts"] += 1
        counts[result] += 1
        counts["py3langid"][verdict["py3langid"]] = counts["py3langid"].get(verdict["py3langid"], 0) + 1
        details.append({"dataset": dataset, "name": name, "outcome": result, **verdict})
    return {"datasets": datasets, "details": details}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="print every text the fast path did not answer as py3langid did")
    parser.add_argument("--generated", type=int, default=300, help="how many generated seeds (300)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--json", type=Path, help="write the whole result there")
    args = parser.parse_args()
    result = measure(all_texts(args.generated, args.corpus))
    print(f"{'dataset':22} {'texts':>6} {'agree':>6} {'disagree':>8} {'fallback':>8} {'wrong':>6}  py3langid")
    for dataset, counts in result["datasets"].items():
        languages = ", ".join(f"{language} {count}" for language, count in sorted(counts["py3langid"].items(), key=lambda item: -item[1]))
        print(f"{dataset:22} {counts['texts']:6} {counts['agree']:6} {counts['disagree']:8} {counts['fallback']:8} {counts['wrong']:6}  {languages}")
    if args.details:
        for entry in result["details"]:
            if entry["outcome"] != "agree" and not (entry["outcome"] == "fallback" and entry["py3langid"] not in THREE):
                print(f"{entry['outcome']:9} {entry['dataset']:22} {entry['name']:60} py3langid={entry['py3langid']} fast={entry['fast']}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
