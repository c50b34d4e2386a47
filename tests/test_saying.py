"""The verbs of saying, grouped by their first letter for speed, match what the plain alternation matches."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.analysis import saying
from dossier.core import text


def _plain(languages: tuple[str, ...]) -> re.Pattern:
    """The verbs of saying as one alternation, as they were read before they were grouped."""
    verbs = {"fr": saying._FR_VERBS, "en": saying._EN_VERBS, "de": saying._DE_VERBS}
    sources = "|".join(saying._SOURCES[lang] for lang in languages)
    alternation = "|".join(verbs[lang] for lang in languages)
    return re.compile(rf"(?i)\b(?:{alternation}|{sources})\b")


def _words() -> list[str]:
    """Words that match, or nearly: each literal verb, each French stem with each ending, and their kin."""
    stems = saying._FR_STEMS.split("|")
    endings = ["", *saying._FR_ENDINGS.split("|")]
    literal = [w for pattern in (saying._EN_VERBS, saying._DE_VERBS, saying._FR_VERBS) for w in text.alternatives(pattern)
               if re.fullmatch(r"[\w ]+", w)]
    words = [*literal, *(stem + ending for stem in stems if re.fullmatch(r"\w+", stem) for ending in endings[::3]),
             "mettait en garde", "mis en garde", "selon", "d'après", "d’après", "according to", "laut", "zufolge"]
    kin = [variant for word in words for variant in (word.upper(), word.title(), word[:-1], word + "s", "x" + word)]
    return [*words, *kin, "le", "the", "Putin", "Scholz", "«", "»", "2024", "İstanbul", "ſaid"]


WORDS = _words()
LANGUAGES = [("fr",), ("en",), ("de",), ("fr", "en", "de")]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", ", ", "-", "'", "’", "\n", "", ". "])), max_size=30),
       st.sampled_from(LANGUAGES))
def test_the_verbs_grouped_by_first_letter_find_what_the_alternation_finds(pieces, languages):
    text = "".join(word + separator for word, separator in pieces)
    grouped = saying._vocabulary(languages).saying
    plain = _plain(languages)
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for word, _ in pieces:
        assert bool(grouped.fullmatch(word)) == bool(plain.fullmatch(word))


def test_every_word_of_the_vocabulary_is_found_by_both_and_the_groups_are_by_letter():
    for languages in LANGUAGES:
        grouped, plain = saying._vocabulary(languages).saying, _plain(languages)
        for word in WORDS:
            assert [m.span() for m in grouped.finditer(word)] == [m.span() for m in plain.finditer(word)], word
    assert text.by_first_letter("(?:ab|cd)e|af|d['’]x") == "(?=a)(?:abe|af)|(?=c)(?:cde)|(?=d)(?:d['’]x)"
    assert text.alternatives("a|b(?:c|d)|[|]e") == ["a", "b(?:c|d)", "[|]e"]
