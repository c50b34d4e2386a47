"""The article's text in a web page, by agreement between trafilatura and the page's own structure.

trafilatura (a well-kept main-text extractor) is good at telling the article from the
page around it, but it flattens what the page marks up: photo captions and their
credits, quotations and who said them, the source line of each paragraph. Our reader
(`html._HtmlText`) keeps all of that but cannot tell a "most read" list from the text.
So both read the page, and the result is our reader's pieces, kept where trafilatura
agrees they are the article:

- a piece whose text trafilatura kept is kept;
- a piece between the first and the last kept ones that reads as prose (a full sentence
  of eight words or more, a caption, a quotation) is kept too, as trafilatura sometimes
  drops a paragraph next to a link or an embedded player;
- a paragraph trafilatura kept that our reader did not see is added where it falls.

Everything here is pure: text in, pieces out.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

# Fewer characters than this, a piece must equal a whole block of trafilatura's to count as
# kept: "Share" or "Advertisement" is inside many paragraphs, a sentence is not.
_SHORT = 40


@dataclass
class Extracted:
    """What trafilatura read in a page: its blocks of text in order, and the metadata it found."""

    blocks: list[str]
    title: str | None = None
    authors: str | None = None
    date: str | None = None
    site_name: str | None = None
    url: str | None = None


def extract(html: str) -> Extracted | None:
    """trafilatura's reading of `html`, or None when it finds no article text."""
    import trafilatura  # imported here: a build without web pages does not pay for it

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_formatting=False,
        deduplicate=False,
        # Only what the page states: no date guessed from a link or the text around it.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or document.body is None:
        return None
    blocks = [text for text in (_element_text(element) for element in _leaves(document.body)) if text]
    return Extracted(
        blocks=blocks,
        title=document.title,
        authors=document.author,
        date=document.date,
        site_name=document.sitename,
        url=document.url,
    )


def _leaves(body):
    """The text-bearing elements of trafilatura's XML, in order: paragraphs, headings, list items, rows."""
    for element in body:
        if element.tag in ("list", "table", "quote", "div") and len(element):
            yield from _leaves(element)
        else:
            yield element


def _element_text(element) -> str:
    return re.sub(r"\s+", " ", " ".join(element.itertext())).strip()


def key(text: str) -> str:
    """A text's letters and digits only, folded: what two readings of one paragraph share."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def select(
    pieces: list, extracted: Extracted, is_prose, is_metadata, make_piece, dropped: list[str] = ()
) -> tuple[list, float]:
    """The pieces of our reader that are the article, with trafilatura's missing paragraphs added.

    `is_prose(piece)` says whether an unconfirmed piece inside the article reads as text;
    `is_metadata(piece)` whether a piece above the article is a byline or a date line, kept
    for the metadata rules; `make_piece(line, text)` builds a piece for a paragraph only
    trafilatura saw, unless it is in `dropped`, the text of the furniture our reader left out
    (an <aside> inset teasing another story, a hidden element). Also returns the share of trafilatura's text that our pieces held, which
    says whether our reader looked at the right part of the page.
    """
    blocks = _Blocks(extracted.blocks)
    matched = [blocks.block_of(key(piece.text)) for piece in pieces]
    for piece in pieces:
        if (text := blocks.trimmed.get(key(piece.text))) is not None and len(key(text)) < 0.8 * len(key(piece.text)):
            piece.text = text
    if all(index is None for index in matched):
        return [], 0.0
    kept = _kept(pieces, matched, is_prose, is_metadata)
    result = _with_missing(kept, blocks, dropped, make_piece)
    total = sum(len(block_key) for block_key in blocks.keys) or 1
    held_length = sum(len(key(piece.text)) for i, piece in enumerate(pieces) if matched[i] is not None)
    return result, min(1.0, held_length / total)


class _Blocks:
    """trafilatura's blocks, by their keys: which of them holds the text of a piece."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        self.keys = [key(text) for text in texts]
        self.whole = "\x00".join(self.keys)
        self.starts, offset = [], 0
        for block_key in self.keys:
            self.starts.append(offset)
            offset += len(block_key) + 1
        self.exact = {block_key: index for index, block_key in reversed(list(enumerate(self.keys)))}
        self.trimmed: dict[str, str] = {}  # piece key -> trafilatura's text of it, without what was glued on

    def block_of(self, piece_key: str) -> int | None:
        """The index of trafilatura's block that holds this text, if any."""
        if not piece_key:
            return None
        if piece_key in self.exact:
            return self.exact[piece_key]
        position = self.whole.find(piece_key)
        if position < 0:
            return self._holding(piece_key)
        index = bisect.bisect_right(self.starts, position) - 1
        # A short text inside a long paragraph is chance ("Share" in a sentence about shares);
        # inside a block barely longer than itself, it is the same line read another way.
        block_key = self.keys[index]
        if (
            len(piece_key) < _SHORT
            and len(block_key) > 2 * len(piece_key) + _SHORT
            and not block_key.startswith(piece_key)
            and not block_key.endswith(piece_key)
        ):
            return None
        return index

    def _holding(self, piece_key: str) -> int | None:
        """The block our piece holds with more around it (a caption glued to the paragraph)."""
        for index, block_key in enumerate(self.keys):
            if len(block_key) >= _SHORT and block_key in piece_key:
                self.trimmed[piece_key] = self.texts[index]
                return index
        return None


def _kept(pieces: list, matched: list[int | None], is_prose, is_metadata) -> list[tuple[int | None, object]]:
    """The pieces that are the article, each with the index of trafilatura's block that holds it (None
    for a piece kept without one: a byline above the text, a caption, prose trafilatura dropped)."""
    confirmed = [i for i, index in enumerate(matched) if index is not None]
    first, last = confirmed[0], confirmed[-1]
    # The text starts at the first long piece trafilatura kept: bylines and dates above it are
    # read for the metadata (never as text, by the rules that read them).
    start = next((i for i in confirmed if len(key(pieces[i].text)) >= _SHORT), first)
    headline = next((i for i in range(start) if pieces[i].kind == "title"), None)
    kept: list = []
    tail = True  # still in the run of captions and quotations right after the last kept piece
    for i, piece in enumerate(pieces):
        if matched[i] is not None:
            kept.append((matched[i], piece))
        elif i < start and is_metadata(piece):
            kept.append((None, piece))
        elif i < start and piece.kind == "caption" and all(
            len(other.text.split()) <= 6 or other.kind in ("caption", "title") or is_metadata(other)
            for other in pieces[i + 1 : start]
        ):
            kept.append((None, piece))  # the lead photo's caption, right above the text or the article's header
        elif headline is not None and headline < i < start and (
            piece.kind == "title"
            or is_prose(piece)
            or (piece.kind == "heading" and len(piece.text.split()) >= 6)
            or (piece.kind == "" and len(piece.text.split()) >= 10)  # a standfirst without a full stop
        ):
            kept.append((None, piece))  # under the headline: the standfirst, the lead photo's caption
        elif first < i < last and (is_prose(piece) or is_metadata(piece)):
            kept.append((None, piece))  # a byline or a date line under the standfirst is read as metadata
        elif i > last and tail and piece.kind in ("caption", "quote"):
            kept.append((None, piece))  # trafilatura drops a closing quotation or figure
        elif i > last:
            tail = False
    return kept


def _with_missing(kept: list, blocks: _Blocks, dropped: list[str], make_piece) -> list:
    """The kept pieces, with trafilatura's blocks that no kept piece holds: each inserted after the
    piece of the block before it, unless it is the text of furniture our reader left out (`dropped`)."""
    covered = {index for index, _ in kept if index is not None}
    kept_keys = [key(piece.text) for _, piece in kept]
    held = "\x00".join(kept_keys)
    result: list = []
    # Only between blocks we agree on: at the edges, trafilatura may have wandered off the article.
    low, high = min(covered), max(covered)
    refused = "\x00".join(key(text) for text in dropped)
    missing = [
        (index, text)
        for index, text in enumerate(blocks.texts)
        if low < index < high
        and index not in covered
        and blocks.keys[index]
        and blocks.keys[index] not in held
        and blocks.keys[index] not in refused
        and not _read_otherwise(blocks.keys[index], kept_keys)
    ]
    pending = iter(missing)
    upcoming = next(pending, None)
    for index, piece in kept:
        while upcoming is not None and index is not None and upcoming[0] < index:
            result.append(make_piece(piece.line, upcoming[1]))
            upcoming = next(pending, None)
        result.append(piece)
    line = kept[-1][1].line if kept else 0
    while upcoming is not None:
        result.append(make_piece(line, upcoming[1]))
        upcoming = next(pending, None)
    return result


def _read_otherwise(block_key: str, kept_keys: list[str]) -> bool:
    """Whether a kept piece is this block read with a few more characters: the text of an inline element
    (a <time>, an abbreviation) that trafilatura leaves out of a paragraph it keeps."""
    for piece_key in kept_keys:
        if len(block_key) <= len(piece_key) <= len(block_key) + 40:
            matcher = SequenceMatcher(None, block_key, piece_key, autojunk=False)
            if matcher.quick_ratio() > 0.9 and matcher.ratio() > 0.9:
                return True
    return False
