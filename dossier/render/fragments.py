"""Links to a sentence of an article's original web page: URL text fragments (`#:~:text=`).

A fragment must match the original page's text, which is the seed's. The dossier's copy differs from
it by French typography's no-break spaces (typography.py), put where the seed had a space, or none
(inside « »); a quotation's words, by the space the seed may put before its final stop. So a
fragment's words are taken from the dossier's sentence with the typography's spaces made plain again
(a no-break space of the seed's own, "8 000", is kept: Chromium matches it to a plain space too),
never across a place where the typography may have added a space (a guillemet, or a ";", ":", "?",
"!" standing after a space), and without the punctuation that ends the match. A short sentence is
matched whole; a long one by a few words at its start and a few at its end (textStart,textEnd),
which survive an edit in its middle.
See https://wicg.github.io/scroll-to-text-fragment/.
"""

from __future__ import annotations

import re
from urllib.parse import quote

WORDS = 5  # words of textStart, and of textEnd; a run of fewer than twice as many is matched whole
SURE = 3  # a run of fewer words is too common to start or end a match, when a longer one is there

# The spaces French typography writes (before ; : ? !, inside « »), made plain again: the seed had a
# space there, or none by a guillemet. Other no-break spaces ("8 000") are the seed's own and kept.
_TYPOGRAPHY = re.compile(r"[\u00a0\u202f]+(?=[;:?!])|(?<=«)[\u00a0\u202f]+|[\u00a0\u202f]+(?=»)")
_BREAKING_SPACES = re.compile(r"[^\S\u00a0\u202f]+")
# A word the typography may have changed the space before or after: a guillemet in it, or the
# punctuation French sets apart ("Moscou :", "pourquoi ?").
_UNSURE = re.compile(r"[«»‹›]|^[;:?!]+$")
_FINAL = ".,;:!?…"


def runs(text: str) -> list[list[str]]:
    """The words of `text` in runs that no place touched by French typography interrupts."""
    found: list[list[str]] = [[]]
    for word in _BREAKING_SPACES.split(_TYPOGRAPHY.sub(" ", text).strip()):
        if _UNSURE.search(word):
            found.append([])
        else:
            found[-1].append(word)
    return [run for run in found if run]


def encode(term: str) -> str:
    """`term` percent-encoded for a text directive: all but the unreserved characters, and "-" too,
    which the directive's syntax reserves (as "&" and ",")."""
    return quote(term, safe="").replace("-", "%2D")


def directive(text: str) -> str | None:
    """The text directive ("text=start,end" or "text=whole") that finds `text` in a page, or None when
    it has no word to match."""
    found = [run for run in (_unpunctuated(run) for run in runs(text)) if run]
    if not found:
        return None
    # The start is looked for from the top of the page: a run of a few words at least. The end is looked
    # for after it: the sentence's last run, however short.
    first = next((run for run in found if len(run) >= SURE), found[0])
    last = found[-1]
    if first is last and len(first) < 2 * WORDS:  # start and end would overlap: matched whole
        return "text=" + encode(" ".join(first))
    return f"text={encode(' '.join(first[:WORDS]))},{encode(' '.join(last[-WORDS:]))}"


def _unpunctuated(run: list[str]) -> list[str]:
    """A run without the punctuation that ends it: a quotation's words are kept without the space the
    seed may put before its final stop ("système ." is "système."), and a match needs none."""
    words = [*run[:-1], run[-1].rstrip(_FINAL)]
    return words if words[-1] else words[:-1]


def is_web_url(url: str | None) -> bool:
    return bool(url) and url.lower().startswith(("http://", "https://"))


def fragment_url(url: str | None, text: str) -> str | None:
    """`url` (an original's address) with a text fragment that opens it on `text`; None when the address
    is not a web one or `text` has no word. A fragment the address has already is kept before it."""
    if not is_web_url(url):
        return None
    found = directive(text)
    if found is None:
        return None
    base, _, fragment = url.partition("#")
    return f"{base}#{fragment.split(':~:', 1)[0]}:~:{found}"


def original_link(article, sentence: str) -> str | None:
    """The address of `sentence` in the original of `article` (an ArticleView), when it is known."""
    return fragment_url(article.source_url, sentence)
