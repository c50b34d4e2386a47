"""How well quotations are credited: the hand-checked gold set tests/fixtures/quotes/gold.yml, measured.

Each article of the gold set is read as a build reads it: a real page of the shared corpus
(../shared/corpus/readability/NAME/source.html) or a French seed of ../shared/seeds, read by the tool's
own reader (`dossier.seeds.read.read_seed`), or a German text of the gold file itself; annotated with the
article's small registry (`curate.annotate`), rendered and read back (`render.bodies`), and its quotations
found (`analysis.quotes.find_quotes`, in the article's language). Each quotation of the gold set is
found by its opening words and its speaker compared with the gold one:

- right: the speaker is the gold one (an entity of the article's registry), or there is none when the
  gold speaker is not in the registry or the article names nobody ("none");
- wrong: a speaker that is not the gold one;
- unattributed: no speaker (or the quotation left out as a term) when the gold speaker is in the registry.

    python scripts/quote_accuracy.py            # the table, per language
    python scripts/quote_accuracy.py --details  # and every quotation that is not right
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dossier.analysis import quotes  # noqa: E402
from dossier.core.model import Article, Block, Entity, Registry  # noqa: E402
from dossier.curate.annotate import Matcher, annotate  # noqa: E402
from dossier.render import bodies  # noqa: E402
from dossier.render.markdown_ext import Target  # noqa: E402
from dossier.seeds.read import read_seed  # noqa: E402

GOLD = ROOT / "tests" / "fixtures" / "quotes" / "gold.yml"
SHARED = ROOT.parent / "shared"
LANGUAGES = ("en", "de", "fr")


@dataclass
class Result:
    """One quotation of the gold set: its article, its opening words, the gold speaker and the one found."""

    article: str
    language: str
    opens: str
    gold: str
    found: str | None
    in_registry: bool

    @property
    def verdict(self) -> str:
        if self.found is not None and self.found != self.gold:
            return "wrong"
        if self.in_registry and self.found is None:
            return "unattributed"
        return "right"


def _article(entry: dict) -> Article:
    source = entry["source"]
    if source.startswith("corpus/"):
        path = SHARED / "corpus" / "readability" / source.removeprefix("corpus/") / "source.html"
        return read_seed(path, path.parent)
    if source.startswith("seeds/"):
        path = SHARED / source
        return read_seed(path, path.parent)
    paragraphs = [p.strip() for p in entry["text"].split("\n\n") if p.strip()]
    return Article(seed=source, seed_sha256="", title=entry.get("title", source), language=entry["language"],
                   blocks=[Block("paragraph", " ".join(p.split())) for p in paragraphs])


def _registry(entry: dict) -> Registry:
    entities = {}
    for item in entry.get("registry", []):
        names = item["names"]
        entities[item["id"]] = Entity(item["id"], names[0], item.get("type", "person"), tuple(names[1:]))
    return Registry(entities=entities)


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[‘’ʼ]", "'", text).split()).lower()


def _blocks(entry: dict) -> tuple[list[quotes.Block], Registry, str]:
    """An article of the gold set as a build reads it: annotated with its registry, rendered, read back."""
    article = _article(entry)
    registry = _registry(entry)
    body, _, _ = annotate(article, Matcher(registry))
    entities = registry.entities

    def resolve(target: str) -> Target | None:
        entity = entities.get(target)
        return Target(f"/{target}/", entity.type, entity.name) if entity else None

    html, _ = bodies.render_body(body, resolve, first_mention=True, french=article.language == "fr")
    kinds = {key: entity.type for key, entity in entities.items()}
    return quotes.blocks(bodies.read_body(html)[0], kinds), registry, entry.get("language", article.language)


def found_texts(entry: dict) -> list[str]:
    """Every quotation of an article, the short ones the tool leaves out included (normalised)."""
    blocks, _, _ = _blocks(entry)
    texts = [_normal(quotes._inside(b.text[s.start:s.end])) for b in blocks for s in quotes._spans(b.text)]
    return texts + [_normal(q.text) for b in blocks if b.tag == "blockquote" and (q := quotes._block_quotation(b))]


def measure_article(entry: dict) -> list[Result]:
    """The gold quotations of one article, each with the speaker the tool finds."""
    blocks, registry, language = _blocks(entry)
    entities = registry.entities
    found = quotes.find_quotes(blocks, language)
    results = []
    for item in entry["quotes"]:
        opens = _normal(str(item["opens"]))
        match = next((q for q in found if _normal(q.text).startswith(opens)), None)
        gold = str(item["speaker"])
        results.append(Result(entry["source"], language, item["opens"], gold, match.speaker if match else None,
                              gold in entities))
    return results


def measure(gold: Path = GOLD) -> list[Result]:
    """Every quotation of the gold set, measured."""
    document = yaml.safe_load(gold.read_text(encoding="utf-8"))
    return [result for entry in document["articles"] for result in measure_article(entry)]


def table(results: list[Result]) -> dict[str, dict[str, int]]:
    """Per language: quotations, those whose speaker is in the registry, right, wrong, unattributed, and
    right among those whose speaker is in the registry."""
    rows = {}
    for language in LANGUAGES:
        mine = [r for r in results if r.language == language]
        rows[language] = {
            "quotations": len(mine),
            "in_registry": sum(r.in_registry for r in mine),
            "right": sum(r.verdict == "right" for r in mine),
            "wrong": sum(r.verdict == "wrong" for r in mine),
            "unattributed": sum(r.verdict == "unattributed" for r in mine),
            "right_in_registry": sum(r.verdict == "right" and r.in_registry for r in mine),
        }
    return rows


def render(rows: dict[str, dict[str, int]]) -> str:
    lines = ["| language | quotations | speaker in registry | right | wrong | unattributed | right, speaker in registry |",
             "|---|---|---|---|---|---|---|"]
    for language, row in rows.items():
        share = row["right_in_registry"] / row["in_registry"] if row["in_registry"] else 1.0
        lines.append(f"| {language} | {row['quotations']} | {row['in_registry']} | {row['right']} | {row['wrong']} | "
                     f"{row['unattributed']} | {row['right_in_registry']}/{row['in_registry']} ({share:.0%}) |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--details", action="store_true", help="every quotation that is not right")
    args = parser.parse_args()
    results = measure()
    print(render(table(results)))
    if args.details:
        for r in results:
            if r.verdict != "right":
                print(f"{r.verdict:13} {r.article}: “{r.opens}” gold={r.gold} found={r.found}")


if __name__ == "__main__":
    main()
