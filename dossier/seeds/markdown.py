"""Markdown seeds: their front matter (the curator's metadata, with the line of each field) and their body."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from html import unescape as unescape_html
from urllib.parse import urlsplit

from ..core import frontmatter
from ..core.errors import IngestError, shown
from ..core.model import Article, PartialDate
from . import chrome
from .pieces import (
    BYLINE_FR,
    BYLINE_TAG,
    CATEGORIES,
    DATE_PREFIX,
    FRENCH_DATE,
    GLUED,
    ISO_DATE_LINE,
    ROLE_TAG,
    SECTION_GENRES,
    TERMINAL,
    URL_LINE,
    Piece,
    clean_space,
    parse_date,
    split_names,
)
from .text import parse_pieces

_FRONT_MATTER_KEYS = ("title", "date", "authors", "source", "url", "genre", "language")


_FRONT_MATTER_SYNONYMS = {
    "author": "authors",
    "auteur": "authors",
    "auteurs": "authors",
    "outlet": "source",
    "publisher": "source",
    "media": "source",
    "média": "source",
    "link": "url",
    "lien": "url",
    "lang": "language",
    "langue": "language",
    "titre": "title",
    "published": "date",
}


_LANGUAGE_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$")


def parse_markdown(text: str, name: str) -> Article:
    """Parse the decoded text of a Markdown seed: optional YAML front matter, then a Markdown-ish body."""
    fields, body, first_line = _split_front_matter(text, name)
    meta = front_matter_meta(fields, name) if fields is not None else {}
    pieces, marked_headings = _markdown_pieces(body, first_line)
    one_line = "\n" not in body.strip()
    return parse_pieces(pieces, name, meta, mark_headings=not marked_headings, keep_header=True, one_line=one_line)


def _split_front_matter(text: str, name: str) -> tuple[dict | None, str, int]:
    """(fields with their lines, body, line of the body's first line); no front matter: (None, text, 1)."""
    try:
        front = frontmatter.read(text, as_text=True, strict=True)
    except frontmatter.FrontMatterError as error:
        raise IngestError(f"{name}:{error.line}: invalid front matter: {error}") from None
    if not front.found:
        return None, text, 1
    return {key: (value, front.lines[key]) for key, value in front.fields.items()}, front.body, front.body_line


def front_matter_meta(fields: dict[str, tuple[object, int]], name: str) -> dict:
    """Check the front matter's fields; the metadata they give, in the form parse_pieces takes."""
    meta: dict = {"warnings": []}
    for key, (value, line) in fields.items():
        where = f"{name}:{line}"
        if key not in _FRONT_MATTER_KEYS:
            meta["warnings"].append(f"{where}: unknown front-matter key {shown(key)} ignored{_key_hint(key)}")
            continue
        if value is None or value == "" or value == []:
            continue
        try:
            if key == "title":
                meta["title"] = _field_text(value)
            elif key == "date":
                meta["date"] = _field_date(value)
                meta["date_source"] = f"front matter, line {line}"
            elif key == "authors":
                meta["authors"] = _field_authors(value)
            elif key == "source":
                meta["outlet"] = _field_text(value)
            elif key == "url":
                meta["url"] = _field_url(value)
            elif key == "genre":
                meta["genre"] = _field_genre(value)
            elif key == "language":
                meta["language"] = _field_language(value)
        except ValueError as error:
            raise IngestError(f"{where}: field {shown(key)}: {error}") from None
    return meta


def _key_hint(key: str) -> str:
    known = ", ".join(sorted(_FRONT_MATTER_KEYS))
    guess = _FRONT_MATTER_SYNONYMS.get(key.lower()) or next(
        iter(difflib.get_close_matches(key.lower(), _FRONT_MATTER_KEYS, n=1)), None
    )
    return f" (did you mean {shown(guess)}?)" if guess else f" (known keys: {known})"


def _kind_of(value) -> str:
    return {list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def _field_text(value) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, found {_kind_of(value)}")
    return re.sub(r"\s+", " ", value).strip()


def _field_date(value) -> PartialDate:
    if isinstance(value, dt.date):  # an explicit `!!timestamp`
        return PartialDate.parse(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a date (YYYY, YYYY-MM or YYYY-MM-DD), found {_kind_of(value)}")
    try:
        return parse_date(value)
    except ValueError as error:
        raise ValueError(f"{shown(value.strip())} is not a valid date ({error})") from None


def _field_authors(value) -> list[str]:
    if isinstance(value, str):
        return split_names(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [name for name in (_field_text(item) for item in value) if name]
    raise ValueError(f"expected a list of names or a name, found {_kind_of(value)}")


def _field_url(value) -> str:
    url = _field_text(value)
    if not is_web_address(url):
        raise ValueError(f"{shown(url)} is not an http(s) address")
    return url


def _field_genre(value) -> str:
    text = _field_text(value).lower()
    genre = text if text in ("news", "opinion") else SECTION_GENRES.get(text)
    if not genre:
        raise ValueError(f"{shown(text)} is neither 'news' nor 'opinion'")
    return genre


def _field_language(value) -> str:
    language = language_code(_field_text(value))
    if not language:
        raise ValueError(f"{shown(value)} is not a language code such as 'fr' or 'en'")
    return language


def language_code(value: str) -> str | None:
    """The primary language of a tag: 'fr' for "fr", "fr-FR", "fr_FR"; None if it is not a tag."""
    match = _LANGUAGE_TAG.match(value or "")
    return match.group(1).lower() if match else None


def is_web_address(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"\s", value)


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")


_MD_BULLET = re.compile(r"^\s*[-*+]\s+(.+)$")


_MD_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.+)$")


_MD_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")


_MD_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")


_MD_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


_MD_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")


MD_ATTRIBUTION = re.compile(r"^(?:[—–]|--?(?=\s))\s*(.+)$")


_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")


_MD_CODE = re.compile(r"(`+)(.+?)\1")


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\((?:[^()]|\([^()]*\))*\)")


_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^()]*\))*\)")


_MD_REFERENCE_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")


_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")


_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


_MD_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")


_MD_EMPHASIS_STAR = re.compile(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])")


_MD_EMPHASIS_UNDERSCORE = re.compile(r"(?<![_\w])_(?=\S)(.+?)(?<=\S)_(?![_\w])")


_MD_HTML_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.S)


_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _markdown_pieces(body: str, first_line: int) -> tuple[list[Piece], bool]:
    """The body's pieces (paragraphs, headings, list items, quotations); and whether it marks headings.

    Paragraphs are separated by blank lines, as in Markdown, and their lines are joined; a body
    without any blank line is one paragraph per line, as a .txt seed is. A metadata line (a date,
    a byline, an address) stays a line of its own so that the heuristics still see it.
    """
    lines = body.split("\n")
    texts = [i for i, line in enumerate(lines) if line.strip()]
    joined = any(not lines[i].strip() for i in range(texts[0], texts[-1])) if texts else False
    reader = _MarkdownBody(joined)
    for offset, raw in enumerate(lines):
        reader.read(raw, first_line + offset)
    reader.flush()
    return reader.pieces, reader.marked_headings


class _MarkdownBody:
    """Reads a Markdown body line by line: the pieces so far, and the block being read."""

    def __init__(self, joined: bool):
        self.joined = joined  # paragraphs are separated by blank lines, their lines joined
        self.pieces: list[Piece] = []
        self.current: dict | None = None  # the paragraph, item or quotation being read
        self.marked_headings, self.h1_count, self.fenced = False, 0, False

    def flush(self) -> None:
        """The block being read is complete: its pieces."""
        if self.current is not None:
            self.pieces.extend(_markdown_piece(self.current))
            self.current = None

    def start(self, kind: str, lineno: int, lines: list[str], extra: str = "") -> None:
        """A new block begins: a paragraph (kind ""), an item or a quotation."""
        self.flush()
        self.current = {"kind": kind, "line": lineno, "lines": lines, "extra": extra}

    def read(self, raw: str, lineno: int) -> None:
        """Read one line of the body: it ends the block being read, begins one, or continues it."""
        stripped = raw.strip()
        if _MD_FENCE.match(raw):
            self.flush()
            self.fenced = not self.fenced
        elif self.fenced:
            if stripped:
                self.pieces.append(Piece(lineno, clean_space(stripped)))
        elif not stripped or _MD_RULE.match(raw) or _MD_LINK_DEFINITION.match(raw):
            self.flush()
        elif m := _MD_HEADING.match(raw):
            self.flush()
            level = len(m.group(1))
            self.h1_count += level == 1
            self.marked_headings = self.marked_headings or level > 1 or self.h1_count > 1
            self.pieces.append(Piece(lineno, _strip_inline(m.group(2)), "title" if level == 1 else "heading"))
        elif m := _MD_QUOTE.match(raw):
            if self.current is None or self.current["kind"] != "quote" or not self.joined:
                self.start("quote", lineno, [])
            if m.group(1).strip():
                self.current["lines"].append(m.group(1).strip())
        elif (m := _MD_BULLET.match(raw)) and not _MD_RULE.match(raw):
            self.start("bullet", lineno, [m.group(1)])
        elif m := _MD_NUMBERED.match(raw):
            self.start("numbered", lineno, [m.group(2)], m.group(1))
        else:
            self._plain(stripped, lineno)

    def _plain(self, stripped: str, lineno: int) -> None:
        """A plain line: it continues the paragraph, item or quotation above (Markdown's lazy
        continuation) unless the body is one paragraph per line or the line is metadata."""
        current = self.current
        if (
            current is not None
            and self.joined
            and not stands_alone(stripped)
            and not stands_alone(current["lines"][-1] if current["lines"] else "")
        ):
            current["lines"].append(stripped)
        else:
            self.start("", lineno, [stripped])


def _markdown_piece(current: dict) -> list[Piece]:
    lines = [line for line in current["lines"] if line]
    kind, extra = current["kind"], current["extra"]
    if kind == "quote" and len(lines) > 1 and (m := MD_ATTRIBUTION.match(lines[-1])):
        lines, extra = lines[:-1], _strip_inline(m.group(1))
    text = _strip_inline(" ".join(lines))
    if not text:
        return []
    if kind:
        return [Piece(current["line"], text, kind, extra)]
    return [Piece(current["line"], part.strip()) for part in GLUED.split(text) if part.strip()]


def stands_alone(line: str) -> bool:
    """A line that is metadata or chrome, never the continuation of a paragraph."""
    line = _strip_inline(line)
    return bool(
        chrome.is_chrome(line)
        or URL_LINE.match(line)
        or ISO_DATE_LINE.match(line)
        or FRENCH_DATE.match(line)
        or DATE_PREFIX.match(line)
        or BYLINE_TAG.match(line)
        or ROLE_TAG.match(line)
        or CATEGORIES.match(line)
        or (BYLINE_FR.match(line) and len(line.split()) <= 8 and not line.endswith(TERMINAL))
    )


def _strip_inline(text: str) -> str:
    """Markdown inline markup removed: the text a reader sees (`**Kim**` -> `Kim`, links -> their text)."""
    kept: list[str] = []

    def keep(value: str) -> str:
        kept.append(value)
        return f"\ue000{len(kept) - 1}\ue001"

    text = _MD_ESCAPE.sub(lambda m: keep(m.group(1)), text)
    text = _MD_CODE.sub(lambda m: keep(m.group(2).strip()), text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_REFERENCE_LINK.sub(r"\1", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    text = _MD_HTML_TAG.sub("", text)
    for _ in range(2):  # nested emphasis: ***x***, **_x_**
        text = _MD_STRONG.sub(r"\2", text)
        text = _MD_STRIKE.sub(r"\1", text)
        text = _MD_EMPHASIS_STAR.sub(r"\1", text)
        text = _MD_EMPHASIS_UNDERSCORE.sub(r"\1", text)
    text = _ENTITY.sub(lambda m: unescape_html(m.group()), text)
    text = re.sub(r"\ue000(\d+)\ue001", lambda m: kept[int(m.group(1))], text)
    return clean_space(text)
