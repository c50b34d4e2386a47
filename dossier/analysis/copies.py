"""Copies: the articles that repeat another (a wire story run by two outlets, lightly rewritten).

Each text is folded (case, compatibility forms, apostrophes; punctuation dropped) into words, and the
words into shingles: every run of SHINGLE words. Two texts are copies when at least THRESHOLD of the
shorter one's shingles are in the other (containment: a rewrite that adds paragraphs to a wire story
is still a copy of it) and they share at least JACCARD of all their shingles (a copy adds at most as
much as it repeats). A wire story of five paragraphs with a new lede and two paragraphs added: 0.8 and
0.52 (tests/test_copies.py).

Measured on the benchmark's generated articles, which recombine 64 real paragraphs (so that any two
share some): on 1,000 of them, containment 0.7 alone puts 223 in families, the largest of 73 (chained
through pairs sharing a few paragraphs); with Jaccard 0.5 too, 15 in 7 families of 2 or 3, each pair
sharing nearly all its paragraphs (the bands below find 13 of them, in 6; on 4,000: 210 in 92).

Pairs are not all compared: each text's MinHash signature (PERMUTATIONS hashes, numpy) is cut into
BANDS bands, and only the texts sharing a band, and whose signatures agree on ESTIMATED of their hashes,
are shingled again and compared exactly. Two texts of Jaccard 0.5 share a band 87 times in 100, 0.6:
98; two sharing a paragraph or two (Jaccard 0.1 to 0.2) 0.3 to 5 times in 1,000. On 1,000 generated
articles, 517 pairs are measured of 499,500 (on 4,000, 7,552 of 8 million): the cost grows with the
number of texts and with the pairs that are nearly copies, not with the square of the number of texts.
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
JACCARD = 0.5  # …and when half of all they say is shared (a copy adds at most as much as it repeats)
MIN_SHINGLES = 12  # a text shorter than this (a brief of two lines) is compared with no other
PERMUTATIONS = 128
BANDS = 32  # of PERMUTATIONS // BANDS rows each
ESTIMATED = JACCARD - 0.15  # signatures agreeing less often: not measured (a Jaccard of 0.5 agrees this little 3 times in 10,000)
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of `text`, case folded, in compatibility form (ligatures, no-break spaces), punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold().replace("’", "'"))


_WORD_HASHES: dict[str, int] = {}  # a dossier's vocabulary: tens of thousands of words
# A shingle's hash: the sum of its words' hashes, each times its own odd multiplier, modulo 2^64.
_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                         0xFF51AFD7ED558CCD], dtype=np.uint64)


def _word_hashes(text: str) -> np.ndarray:
    known = _WORD_HASHES
    hashes = []
    for word in words(text):
        value = known.get(word)
        if value is None:
            value = known[word] = zlib.crc32(word.encode("utf-8", "surrogatepass"))
        hashes.append(value)
    return np.array(hashes, dtype=np.uint64)


def shingles(text: str) -> frozenset[int]:
    """The SHINGLE-word runs of `text` as integers (stable from run to run: no salted hash)."""
    hashes = _word_hashes(text)
    if not len(hashes):
        return frozenset()
    windows = np.lib.stride_tricks.sliding_window_view(hashes, min(SHINGLE, len(hashes)))
    with np.errstate(over="ignore"):
        values = (windows * _MULTIPLIERS[: windows.shape[1]]).sum(axis=1, dtype=np.uint64) >> np.uint64(16)
    return frozenset(values.tolist())


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


def sketch(shingled: frozenset[int]) -> np.ndarray:
    """The signature a text is banded by: its MinHash signature, or zeros for a text too short to compare."""
    return signature(shingled) if len(shingled) >= MIN_SHINGLES else np.zeros(PERMUTATIONS, dtype=np.uint64)


def candidates(signatures: np.ndarray) -> list[tuple[int, int]]:
    """The pairs (i < j) of rows of `signatures` (sketch) that share a band and agree on more than ESTIMATED
    of their hashes (an estimate of their Jaccard similarity): those worth measuring. Rows of zeros: none.
    Each band's rows are grouped by numpy (np.unique on their bytes), not one by one."""
    rows = PERMUTATIONS // BANDS
    live = np.flatnonzero(signatures.any(axis=1))
    if len(live) < 2:
        return []
    bands = np.ascontiguousarray(signatures[live], dtype=np.uint64).reshape(len(live), BANDS, rows)
    pairs = set()
    for band in range(BANDS):
        keys = np.ascontiguousarray(bands[:, band, :]).view(np.dtype((np.void, rows * 8))).ravel()
        _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        if counts.max() < 2:
            continue
        grouped = live[np.argsort(inverse.ravel(), kind="stable")].tolist()  # the rows, group after group
        starts = np.cumsum(counts) - counts
        shared = counts > 1  # only the groups of two rows or more: most rows of a band share it with none
        for start, count in zip(starts[shared].tolist(), counts[shared].tolist(), strict=True):
            members = sorted(grouped[start:start + count])
            pairs.update((first, other) for position, first in enumerate(members) for other in members[position + 1 :])
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
    return copies_of(texts, np.array([sketch(shingles(text)) for text in texts]).reshape(-1, PERMUTATIONS))


def copies_of(texts: list[str], signatures: np.ndarray, threshold: float = THRESHOLD,
              keys: list[str] | None = None, measured: dict | None = None) -> list[Copy]:
    """Every pair of `texts` one of which repeats the other, in order, given their `signatures` (sketch):
    only the pairs they make candidates are shingled and measured. With `keys` (a fingerprint of each
    text) and `measured` ((key, key) -> (containment, Jaccard) of the pairs measured before, filled with
    those measured now), a pair of texts already measured is not measured again."""
    sets: dict[int, frozenset[int]] = {}

    def shingled(index: int) -> frozenset[int]:
        if index not in sets:
            sets[index] = shingles(texts[index])
        return sets[index]

    found = []
    for a, b in candidates(signatures):
        pair = (keys[a], keys[b]) if keys is not None and measured is not None else None
        if pair is not None and pair in measured:
            score, similar = measured[pair]
        else:
            score, similar = containment(shingled(a), shingled(b)), jaccard(shingled(a), shingled(b))
            if pair is not None:
                measured[pair] = (score, similar)
        if score >= threshold and similar >= JACCARD:
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
