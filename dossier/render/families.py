"""Families of copies: the articles that repeat another (analysis.copies), grouped, each group named
after its earliest article or after the agency whose story it is; what each copy changed or added; the
quotations a copy repeats, counted once."""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..analysis import copies
from ..core.files import write_atomic
from ..core.text import sentence_spans
from ..seeds.metadata import AGENCIES
from .views import ArticleView

_AGENCIES = {name.casefold(): name for name in AGENCIES.values()}
CHANGED_SHOWN = 8  # sentences a copy's page lists of those it changed or added; the others are counted
# What the signatures kept depend on: the shingles, the hashes and their number (a change makes the cache stale).
_CACHE_VERSION = f"{copies.SHINGLE} {copies.PERMUTATIONS} {copies.BANDS} {copies.MIN_SHINGLES} 1"


@dataclass(eq=False)
class Family:
    """Articles that repeat one story: the earliest first (`_order`); `agency`, the one their bylines name."""

    members: list[ArticleView]
    agency: str | None = None

    @property
    def first(self) -> ArticleView:
        return self.members[0]

    @property
    def key(self) -> str:
        return self.first.slug

    @property
    def name(self) -> str:
        return self.agency or self.first.title


@dataclass(eq=False)
class Repeat:
    """What an article's page says of its family: the article it repeats (`of`, None for the earliest),
    the agency, the sentences it changed or added (at most CHANGED_SHOWN) and their number; of the earliest, the others."""

    of: ArticleView | None
    agency: str | None
    changed: list[str] = field(default_factory=list)
    changed_count: int = 0
    others: list[ArticleView] = field(default_factory=list)


def agency(article: ArticleView) -> str | None:
    """The news agency whose story the article is: the one its byline names, or its outlet when that is one."""
    return article.agency or _AGENCIES.get((article.outlet or "").casefold())


def _order(article: ArticleView) -> tuple:
    """Earliest first: by date, then an agency's own dispatch (its outlet is an agency) before the outlets
    running it the same day, then by slug."""
    own = (article.outlet or "").casefold() in _AGENCIES
    return (article.date is None, article.date.first_day().toordinal() if article.date else 0, not own, article.slug)


def _text(article: ArticleView) -> str:
    return text_of(article.paragraphs)


def text_of(paragraphs) -> str:
    """The text of an article's paragraphs, as its copies are found in."""
    return "\n".join(paragraph.text for paragraph in paragraphs)


def signature_of(text: str) -> tuple[str, str]:
    """A text's SHA-256 and its signature (copies.sketch), as link() keeps them: worked out where the text
    is first read (a first build's processes that render the bodies), so that link() finds it known."""
    return _digest(text), copies.sketch(copies.shingles(text)).tobytes().hex()


def _digest(text: str) -> str:
    """The SHA-256 a text's signature is kept by."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _agency(members: list[ArticleView]) -> str | None:
    """The agency most of the members' bylines name (ties: the first in alphabetical order), or None."""
    named = sorted(name for name in map(agency, members) if name)
    return max(sorted(set(named)), key=named.count) if named else None


def link(articles: list[ArticleView], cache: Path | None = None, known: dict[str, str] | None = None) -> list[Family]:
    """Find the copies among `articles`, set each member's `family` and `repeat`, and count each
    quotation repeated by a copy once (`QuoteView.repeats`, `copies`). The families, by first member.
    `cache`: a file where each text's signature is kept for the next build (only a new text is shingled
    then, with those its signature makes candidates); `known`: signatures worked out already (signature_of),
    by the text's SHA-256."""
    for article in articles:  # as if never linked
        article.family = article.repeat = None
        for quote in article.quotes:
            quote.repeats, quote.copies = "", []
    ordered = sorted(articles, key=_order)
    texts = [_text(article) for article in ordered]
    digests = list(map(_digest, texts))
    kept = _read_cache(cache)
    signatures = _signatures(texts, digests, kept, known or {})
    measured = _measured(kept)
    found = copies.copies_of(texts, signatures, keys=digests, measured=measured)
    _write_cache(cache, kept, digests, signatures, measured)
    groups = copies.families(len(ordered), found, list(range(len(ordered))))
    families = [Family([ordered[i] for i in members]) for members in groups]
    for family, members in zip(families, groups, strict=True):
        family.agency = _agency(family.members)
        original = copies.shingles(texts[members[0]])
        for article in family.members:
            article.family = family
            if article is family.first:
                article.repeat = Repeat(None, family.agency, others=family.members[1:])
                continue
            sentences = _sentences(article)
            changed = [sentences[i] for i in copies.changed_sentences(sentences, original)]
            article.repeat = Repeat(family.first, family.agency, changed[:CHANGED_SHOWN], len(changed))
        _quotes(family)
    return families


def _read_cache(cache: Path | None) -> dict:
    """What the last build kept in `cache`: each text's signature, and the pairs it measured; {} when unusable."""
    if cache is None:
        return {}
    try:
        kept = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return kept if isinstance(kept, dict) and kept.get("version") == _CACHE_VERSION else {}


def _signatures(texts: list[str], digests: list[str], kept: dict, given: dict[str, str]) -> np.ndarray:
    """The signature (copies.sketch) of each text: kept or `given` by the text's SHA-256 (`digests`), else worked out."""
    known = {**given, **kept["signatures"]} if isinstance(kept.get("signatures"), dict) else given
    rows = []
    for digest, text in zip(digests, texts, strict=True):
        value = known.get(digest)
        try:
            row = np.frombuffer(bytes.fromhex(value), dtype=np.uint64) if isinstance(value, str) else None
        except ValueError:
            row = None
        if row is None or row.shape != (copies.PERMUTATIONS,):
            row = copies.sketch(copies.shingles(text))
        rows.append(row)
    return np.array(rows, dtype=np.uint64).reshape(-1, copies.PERMUTATIONS)


def _measured(kept: dict) -> dict[tuple[str, str], tuple[float, float]]:
    """The pairs of texts the last build measured: (SHA-256, SHA-256) -> (containment, Jaccard)."""
    pairs = kept.get("pairs") if isinstance(kept.get("pairs"), dict) else {}
    measured = {}
    for pair, value in pairs.items():
        first, _, second = pair.partition(":")
        if second and isinstance(value, list) and len(value) == 2 and all(isinstance(v, int | float) for v in value):
            measured[(first, second)] = (float(value[0]), float(value[1]))
    return measured


def _write_cache(cache: Path | None, kept: dict, digests: list[str], signatures: np.ndarray, measured: dict) -> None:
    """Keep these texts' signatures and the pairs measured among them for the next build, when they changed:
    only a new text is then shingled, with those its signature makes candidates."""
    if cache is None:
        return
    present = set(digests)
    fresh = {
        "version": _CACHE_VERSION,
        "signatures": dict(sorted((digest, row.tobytes().hex()) for digest, row in zip(digests, signatures, strict=True))),
        "pairs": {f"{a}:{b}": list(value) for (a, b), value in sorted(measured.items()) if a in present and b in present},
    }
    if fresh != kept:
        with contextlib.suppress(OSError):  # a cache: the next build works them out again
            write_atomic(cache, json.dumps(fresh), durable=False)


def _sentences(article: ArticleView) -> list[str]:
    return [paragraph.text[start:end].strip() for paragraph in article.paragraphs if paragraph.tag != "h2"
            for start, end in sentence_spans(paragraph.text)]


def _quotes(family: Family) -> None:
    """A quotation of a later member that an earlier one gives too (same speaker, same words): repeated,
    listed under the earlier one's `copies`."""
    said: dict[tuple, object] = {}
    for article in family.members:
        for quote in article.quotes:
            key = (quote.speaker.id if quote.speaker else "", " ".join(copies.words(quote.text)))
            if key in said:
                quote.repeats = said[key].article.slug
                if article not in said[key].copies:
                    said[key].copies.append(article)
            else:
                said[key] = quote
