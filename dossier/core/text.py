"""Small text helpers shared by the stages: sentences, slugs, Markdown escaping, invisible characters."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata

APOSTROPHES = "'’ʼ"
# Characters that take no room on the page but split a word for a program: zero-width space,
# non-joiner and joiner, word joiner, zero-width no-break space (a BOM inside the text), soft hyphen.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
# Never text an article means: control characters (but tab and line ends), the characters that
# reorder text around them (bidirectional embeddings, overrides, isolates and marks), and what
# XML cannot hold (lone surrogates, U+FFFE, U+FFFF).
UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_ABBREVIATIONS = {"M", "MM", "Mme", "Dr", "Pr", "St", "av", "J.-C", "etc", "cf", "p", "n°"}

# A sentence ends at . ! ? or … (possibly followed by closing quotes or brackets)
# when the next one starts with a capital, a digit or an opening quote.
_SENTENCE_END = re.compile(r"[.!?…]+[»\"”’)\]]*(?=\s+[«\"“(A-ZÀ-ÖØ-Þ0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split `text` into sentences; return their (start, end) offsets, whitespace trimmed. Linear in
    the length of `text`: a paragraph of a million characters is split as fast as a thousand of them."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.group().startswith("."):
            token = _word_before(text, match.start())
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isupper()):
                continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    result = []
    for begin, end in spans:
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        if begin < end:
            result.append((begin, end))
    return result


_WORD_LIMIT = 64  # characters of the word before a full stop read to tell an abbreviation: far more than any has


def _word_before(text: str, end: int) -> str:
    """The word that ends where the spaces before `end` begin ("" when none), at most _WORD_LIMIT of its last
    characters: what `text[:end].rsplit(None, 1)[-1]` gives, without copying all of the text before `end`."""
    stop = end
    while stop > 0 and text[stop - 1].isspace():
        stop -= 1
    start = stop
    while start > 0 and stop - start < _WORD_LIMIT and not text[start - 1].isspace():
        start -= 1
    return text[start:stop]


def sentence_at(text: str, offset: int, spans: list[tuple[int, int]] | None = None) -> tuple[int, int]:
    """The (start, end) of the sentence of `text` that contains `offset`; `spans`: sentence_spans(text), when
    the caller has them already (several offsets in one paragraph)."""
    spans = sentence_spans(text) if spans is None else spans
    index = bisect.bisect_right(spans, (offset, len(text) + 1)) - 1
    if index >= 0 and spans[index][0] <= offset < spans[index][1]:
        return spans[index]
    return 0, len(text)


def slugify(value: str, max_length: int = 80) -> str:
    """ASCII, lowercase, hyphenated slug; cut at a word boundary near `max_length`."""
    value = re.sub(r"(?i)\b(?:qu|[cdjlmnst])['’]", "", value)  # l'accord -> accord
    value = unicodedata.normalize("NFKD", value)
    value = value.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    value = value.encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", value)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length and slug:
            break
        slug = candidate
    return slug[:max_length]


@functools.lru_cache(maxsize=8192)  # names and titles are sorted again and again (an actor's, in each article)
def sort_key(value: str) -> str:
    """Key for ordering names as a French reader expects: accents and case ignored (É with E)."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def without_invisible(text: str) -> tuple[str, list[int] | None]:
    """`text` without its INVISIBLE characters, and where each kept character was in `text`.

    The offsets are None when there was nothing to remove; otherwise `offsets[i]` is the index
    in `text` of the i-th character of the result, and `offsets[len(result)]` is `len(text)`.
    """
    if not _INVISIBLE.search(text):
        return text, None
    offsets = [index for index, char in enumerate(text) if char not in INVISIBLE]
    return "".join(text[index] for index in offsets), [*offsets, len(text)]


def normalize_key(value: str) -> str:
    """Key under which two spellings are the same name: case, hyphens, apostrophes, invisible characters folded."""
    value = unicodedata.normalize("NFC", _INVISIBLE.sub("", value))
    value = re.sub(f"[{APOSTROPHES}]", "'", value)
    value = re.sub(r"[\s\u00a0\-‐‑–]+", " ", value)
    return value.strip().casefold()


_MD_INLINE = re.compile(r"([\\`*_\[\]{}<>|#])")
_MD_LINE_START = re.compile(r"^(\s*)(\d+(?=\.\s)|)([-+.])(?=\s)")


def escape_markdown(text: str) -> str:
    """Make seed text inert in Markdown: it renders as the same characters, never as markup."""
    text = text.replace("&", "&amp;")
    text = _MD_INLINE.sub(lambda m: "&lt;" if m.group() == "<" else "&gt;" if m.group() == ">" else "\\" + m.group(), text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + m.group(2) + "\\" + m.group(3), text)


# Regular expressions: an alternation of many words, arranged for the engine.


def _top_level(pattern: str):
    """Each character of `pattern` with its depth of groups, None inside a character class or after a backslash."""
    depth, index = 0, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            yield index, None
            index += 1
            yield index, None
        elif char == "[":
            end = index + 1 + (pattern[index + 1:index + 2] == "^")
            end += pattern[end:end + 1] == "]"  # a "]" first in a class is one of its characters
            while end < len(pattern) and pattern[end] != "]":
                end += 1 + (pattern[end] == "\\")
            for inside in range(index, min(end, len(pattern) - 1) + 1):
                yield inside, None
            index = end
        else:
            depth += char == "("
            yield index, depth
            depth -= char == ")"
        index += 1


def alternatives(pattern: str) -> list[str]:
    """The alternatives of `pattern`'s top level: "a|b(?:c|d)" gives "a" and "b(?:c|d)"."""
    found, start = [], 0
    for index, depth in _top_level(pattern):
        if depth == 0 and pattern[index] == "|":
            found.append(pattern[start:index])
            start = index + 1
    return [*found, pattern[start:]]


def distributed(alternative: str) -> list[str]:
    """`alternative` as alternatives that each begin with what they match first: a group it begins with, if
    neither optional nor repeated, is opened ("(?:a|b)c" gives "ac" and "bc", tried in the same order)."""
    if alternative.startswith("(?:"):
        for index, depth in _top_level(alternative):
            if depth == 1 and alternative[index] == ")":
                inner, rest = alternative[3:index], alternative[index + 1:]
                if rest[:1] not in ("?", "*", "+", "{"):
                    return [each for part in alternatives(inner) for each in distributed(part + rest)]
                break
    return [alternative]


def letter_led(alternative: str) -> bool:
    """Whether whatever `alternative` matches begins with its first character, a letter."""
    return alternative[:1].isalpha() and alternative[1:2] not in ("?", "*", "+", "{")


def by_first_letter(pattern: str) -> str:
    """`pattern`, an alternation of words (or patterns) each beginning with a letter, as the same alternation
    grouped by that letter (`grouped_by_letter`)."""
    return grouped_by_letter([each for part in alternatives(pattern) for each in distributed(part)])


def grouped_by_letter(words: list[str]) -> str:
    """The alternation of `words` (patterns each beginning with a letter, `letter_led`), grouped by that letter,
    each group behind a look-ahead of its letter: the regular expression engine tries the few words of the
    letter it meets, not every word (it does not skip them by their first letter when the case is ignored).
    It matches what the plain alternation matches, where it does, with the same word: two words of different
    first letters never match at one place, and each group keeps its words' order."""
    groups: dict[str, list[str]] = {}
    for word in words:
        if not letter_led(word):
            raise ValueError(f"an alternative that does not begin with a letter: {word!r}")
        groups.setdefault(word[0].lower(), []).append(word)
    return "|".join(f"(?={letter})(?:{'|'.join(members)})" for letter, members in groups.items())
