"""What rendering a Markdown body costs, told before rendering it, and a bound on it.

Python-Markdown and the HTML parser it uses scan forward from some openings until they close: a
tag from `<` to its `>` (past quoted values), a comment to `-->`, a link's `](` to its matching `)`,
a wiki-link's `[[target|` to `]]` or the end of its line. An opening that never closes is scanned
to the end of the body (a tag) or of its paragraph (a link), so a body of many of them costs the
square of its length: `<a ` written 20,000 times took 33 s to render, `[x](` 5,000 times in one
paragraph 5 s. The build never writes such a body (a seed's `<`, `[` and `]` are escaped), but a
body edited by hand may hold one.

Python-Markdown also copies a paragraph each time it finds something in it (a link, an escape, a
tag): a paragraph of 100,000 escaped brackets took 5.5 s. A block (the text between two blank
lines) longer than a seed's longest paragraph (20,000 characters) is not rendered either.

`costly(text)` adds up those scans (stopping as soon as they pass the bound) in time linear in the
text; a body over the bound is shown as plain text (`bodies.plain_html`), and the build says where
its costliest opening is. The bound is a fixed amount plus a few times what rendering the body's
length costs anyway. What is left grows with the length, not its square, though not as slowly for
every text: Python-Markdown spends about as much on each element (a heading, a list item, a link)
whatever its size, so 800 kB of one-line headings took 13 s, against 0.5 s for a megabyte of prose.
"""

from __future__ import annotations

import re

LONGEST_BLOCK = 20_000  # characters between two blank lines (as a seed's paragraphs, at most)
FIXED = 1_000_000  # characters scanned, whatever the body's length (0.1 to 0.2 s at worst)
PER_CHARACTER = 10  # and so many more for each character (a megabyte near the bound: 3 s of scans and links)


# The openings, and what costs more than a scan by a regular expression in C: the link's scan is a
# loop in Python (weighed 1), a tag's a regular expression with groups (weighed 1/2), a wiki-link's
# a lazy `.+?` (weighed 1/4: 19 ns a character, against 100 for the loop and 56 for the tag).
_TAG = re.compile(r"<[A-Za-z/!?]")
_LINK = re.compile(r"\]\(")
_WIKI = re.compile(r"\[\[[a-z0-9]+(?:-[a-z0-9]+)*\|")
_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|$)")
_TITLE_END = {quote: re.compile(re.escape(quote) + r" *\)") for quote in "'\""}
_QUOTES_AT_MOST = 8  # quoted values followed in a tag before the rest of the body is counted


def bound(text: str) -> int:
    """The characters of scanning a body of `text`'s length may cost."""
    return FIXED + PER_CHARACTER * len(text)


def costly(text: str) -> int | None:
    """None when rendering `text` scans no more than its bound and it has no block longer than
    LONGEST_BLOCK; else where a writer should look: the start of the first long block, or the offset
    of the costliest opening."""
    limit, length = bound(text), len(text)
    # At most so many openings (weighed), each scanning at most the whole text.
    openings = (text.count("<") + 1) // 2 + text.count("](") + (text.count("[[") + 3) // 4
    if length <= LONGEST_BLOCK and openings * length <= limit:
        return None  # no scan can cost more than the whole text: most bodies are told here
    start = 0
    for blank in _BLANK_LINE.finditer(text):
        if blank.start() - start > LONGEST_BLOCK:
            return start
        start = blank.end()
    if length - start > LONGEST_BLOCK:
        return start
    if openings * length <= limit:
        return None
    work, worst, worst_at = 0, -1, 0
    for cost, at in _scans(text):
        work += cost
        if cost > worst:
            worst, worst_at = cost, at
        if work > limit:
            return worst_at
    return None


class _Next:
    """The next occurrence of `needle` in `text` from a position, for positions that mostly grow: an
    answer is kept while later questions fall before it, so finding them all reads the text once."""

    def __init__(self, text: str, needle: str) -> None:
        self.text, self.needle = text, needle
        self.asked, self.found = 1, 0  # nothing kept yet

    def after(self, position: int) -> int:
        """The offset of the first `needle` at or after `position`, or -1."""
        if not (self.asked <= position and (position <= self.found or self.found == -1)):
            self.asked, self.found = position, self.text.find(self.needle, position)
        return self.found


def _scans(text: str):
    """(weighted characters scanned, offset) of each opening, tags first, then links, then wiki-links."""
    length = len(text)
    ends = {needle: _Next(text, needle) for needle in (">", "'", '"', "-->", "]]>", "]]", "\n")}
    for match in _TAG.finditer(text):
        at = match.start()
        yield (_tag_end(text, at, ends) - at) // 2, at
    block_end = -1
    for match in _LINK.finditer(text):
        at = match.start()
        if at >= block_end:
            blank = _BLANK_LINE.search(text, at)
            block_end = blank.start() if blank else length
        yield _link_end(text, at + 1, block_end) - at, at
    for match in _WIKI.finditer(text):
        at = match.start()
        found = [end for end in (ends["]]"].after(at), ends["\n"].after(at)) if end != -1]
        yield (min(found, default=length) - at) // 4, at


def _tag_end(text: str, at: int, ends: dict[str, _Next]) -> int:
    """Where the HTML parser's scan of the tag, comment or declaration opened at `at` stops, at most."""
    length = len(text)
    for opening, closing in (("<!--", "-->"), ("<![", "]]>")):
        if text.startswith(opening, at):
            end = ends[closing].after(at + len(opening))
            return length if end == -1 else end + len(closing)
    position = at + 1
    for _ in range(_QUOTES_AT_MOST):
        closing = ends[">"].after(position)
        if closing == -1:
            return length
        quotes = [q for q in (ends["'"].after(position), ends['"'].after(position)) if q != -1 and q < closing]
        if not quotes:
            return closing + 1
        quote = min(quotes)
        after = ends[text[quote]].after(quote + 1)
        if after == -1:
            return length
        position = after + 1
    return length


def _link_end(text: str, opening: int, stop: int) -> int:
    """Where the scan of a link's `(…)` opened at `opening` stops, at most: its matching `)` before
    `stop` (the end of its paragraph), or `stop` when it has none. From a quotation mark before it (a
    title), the scan counts brackets no more, and stops at a `)` after that mark again (spaces between)."""
    depth, position = 0, opening
    next_open = text.find("(", position, stop)
    while True:
        close = text.find(")", position, stop)
        if close == -1:
            return stop
        while next_open != -1 and next_open < close:
            depth += 1
            next_open = text.find("(", next_open + 1, stop)
        depth -= 1
        position = close + 1
        if depth == 0:
            break
    quotes = [q for q in (text.find("'", opening, position), text.find('"', opening, position)) if q != -1]
    if not quotes:
        return position
    quote = min(quotes)
    end = _TITLE_END[text[quote]].search(text, quote + 1, stop)
    return end.end() if end else stop
