"""Copies: the articles that repeat another (a wire story run by two outlets, lightly rewritten).

Each text is folded (case, accents kept, punctuation and typography dropped) into words, and the
words into shingles: every run of SHINGLE words. Two texts are a copy of one another when most of the
shorter one's shingles are in the longer one (containment, not Jaccard: a rewrite that adds two
paragraphs to a wire story is still a copy of it).

Pairs are not all compared: each text's MinHash signature (PERMUTATIONS hashes, numpy) is cut into
BANDS bands, and only the texts sharing a band are compared exactly. Two texts sharing half their
shingles (Jaccard 0.5) share a band 87 times in 100, 0.6: 98; two recombining a paragraph or two of the
same stories (Jaccard 0.1 to 0.2) 0.3 to 5 times in 1,000; each pair found is then measured exactly.
The cost grows with the number of texts, not its square.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

SHINGLE = 5  # words a shingle
THRESHOLD = 0.7  # share of the shorter text's shingles found in the longer: a copy at or above…
JACCARD = 0.4  # …when they also share this share of all their shingles (not a wire story in a long analysis)
MIN_SHINGLES = 12  # a text shorter than this (a brief of two lines) is compared with no other
PERMUTATIONS = 128
BANDS = 32  # of PERMUTATIONS // BANDS rows each
ESTIMATED = JACCARD - 0.15  # signatures agreeing less often than this: not measured (a Jaccard of 0.4 agrees under 0.25 once in 500)
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of `text`, case folded, in compatibility form (ligatures, no-break spaces), punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold().replace("’", "'"))


def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8", "surrogatepass"))


def shingles(text: str) -> frozenset[int]:
    """The SHINGLE-word runs of `text` as integers (stable from run to run: no salted hash)."""
    hashes = [_word_hash(word) for word in words(text)]
    if len(hashes) < SHINGLE:
        return frozenset([hash(tuple(hashes))]) if hashes else frozenset()
    return frozenset(hash(tuple(hashes[i : i + SHINGLE])) & 0xFFFFFFFFFFFF for i in range(len(hashes) - SHINGLE + 1))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """The share of their union the two sets share."""
    return len(a & b) / len(a | b) if a or b else 0.0


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """The share of the smaller set found in the other."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


_RNG = np.random.default_rng(20240619)
_A = _RNG.integers(1, 1 << 63, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)  # odd multipliers
_B = _RNG.integers(0, 1 << 63, size=PERMUTATIONS, dtype=np.uint64)


def signature(shingled: frozenset[int]) -> np.ndarray:
    """The MinHash signature of a set of shingles: the least of each of PERMUTATIONS hashes of its members
    (multiply-shift hashing: (a·x + b) mod 2^64, its high 32 bits)."""
    values = np.fromiter(shingled, dtype=np.uint64, count=len(shingled))
    with np.errstate(over="ignore"):
        mixed = (values[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    return mixed.min(axis=0)


def candidates(sets: list[frozenset[int]]) -> list[tuple[int, int]]:
    """The pairs (i < j) of `sets` that share a band of their signatures and whose signatures agree on
    more than ESTIMATED of their hashes (an estimate of their Jaccard similarity): those worth measuring."""
    rows = PERMUTATIONS // BANDS
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    signatures = np.zeros((len(sets), PERMUTATIONS), dtype=np.uint64)
    for index, shingled in enumerate(sets):
        if len(shingled) < MIN_SHINGLES:
            continue
        signatures[index] = minimums = signature(shingled)
        for band in range(BANDS):
            buckets[(band, minimums[band * rows : (band + 1) * rows].tobytes())].append(index)
    pairs = set()
    for members in buckets.values():
        for position, first in enumerate(members):
            pairs.update((first, other) for other in members[position + 1 :])
    if not pairs:
        return []
    found = np.array(sorted(pairs), dtype=np.int64)
    agree = (signatures[found[:, 0]] == signatures[found[:, 1]]).mean(axis=1)
    return [(int(a), int(b)) for a, b in found[agree >= ESTIMATED]]


@dataclass(frozen=True)
class Copy:
    """Texts `a` and `b` (indexes, a < b) repeat one another: `score`, the containment."""

    a: int
    b: int
    score: float


def copies(texts: list[str]) -> list[Copy]:
    """Every pair of `texts` one of which repeats the other, in order."""
    return copies_of([shingles(text) for text in texts])


def copies_of(sets: list[frozenset[int]], threshold: float = THRESHOLD) -> list[Copy]:
    """Every pair of shingle sets one of which repeats the other, in order."""
    found = []
    for a, b in candidates(sets):
        score = containment(sets[a], sets[b])
        if score >= threshold and jaccard(sets[a], sets[b]) >= JACCARD:
            found.append(Copy(a, b, score))
    return found


def families(count: int, pairs: list[Copy], order: list) -> list[list[int]]:
    """The connected groups of the `pairs` among `count` texts, each in the order of `order` (a sort key
    per text: its date, then its slug), the groups by their first member; texts in no pair are left out."""
    parent = list(range(count))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for pair in pairs:
        parent[root(pair.b)] = root(pair.a)
    groups: dict[int, list[int]] = defaultdict(list)
    for pair in pairs:
        for index in (pair.a, pair.b):
            groups[root(index)].append(index)
    ordered = [sorted(set(members), key=lambda i: order[i]) for members in groups.values()]
    return sorted(ordered, key=lambda members: order[members[0]])


def changed_sentences(sentences: list[str], original: frozenset[int], share: float = THRESHOLD) -> list[int]:
    """The indexes of `sentences` (of a copy) that its `original`'s shingles do not hold: fewer than
    `share` of a sentence's shingles found there, a sentence changed or added."""
    changed = []
    for index, sentence in enumerate(sentences):
        if len(words(sentence)) < SHINGLE:
            continue  # "Il a démenti.": too short to tell
        own = shingles(sentence)
        if len(own & original) < share * len(own):
            changed.append(index)
    return changed
