"""Ingest: turn one seed file into an Article (metadata + body blocks), site chrome removed.

Seeds are news articles as a curator saved them: a title, a date line, a byline,
photo captions, the text, and whatever the web page had around it (comment forms,
navigation, slogans). This stage keeps the article and its metadata, and drops the
rest. It never invents: a date it cannot find is unknown.

Three formats, one parser: a `.txt` seed is read line by line; a `.md` seed may carry YAML
front matter whose fields win over what the heuristics find, and its Markdown marks
headings, lists and quotations; an `.html` seed (a saved web page) gives its metadata in
its meta tags and JSON-LD, and its text in the `<article>` element. Each becomes a list of
pieces of text that the same heuristics (chrome filters, bylines, dates, captions) turn
into an Article.
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import hashlib
import json
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from html import unescape as unescape_html
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup
from bs4.element import NavigableString, PreformattedString, Tag

try:  # bs4 >= 4.13
    from bs4.exceptions import ParserRejectedMarkup
except ImportError:  # pragma: no cover - older bs4
    from bs4.builder import ParserRejectedMarkup

from ..core.errors import IngestError
from ..core.model import MONTHS_FR, Article, Block, PartialDate
from ..core.text import UNSAFE, normalize_key, sentence_spans, slugify
from . import chrome, extract, metadata, outlets

# A news article, even a saved page with its scripts, is a few MB at most; past this, a seed is
# something else (a dump, a book) that would hold up every build.
MAX_SEED_BYTES = 20_000_000
# File name endings read_seed understands; anything else is read as plain text.
SEED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")

# Section labels of news sites; they tell the genre, they are not text.
_SECTION_GENRES = {
    "nouvelles": "news",
    "actualités": "news",
    "actualité": "news",
    "international": "news",
    "monde": "news",
    "politique": "news",
    "opinion": "opinion",
    "opinions": "opinion",
    "tribune": "opinion",
    "tribunes": "opinion",
    "point de vue": "opinion",
    "éditorial": "opinion",
    "chronique": "opinion",
    "analyse": "news",
}
_OPINION_HINTS = re.compile(r"\b(opinion|tribune|chroniqueu?r|éditorial|éditorialiste|point de vue)\b", re.I)

_MONTH = "|".join(MONTHS_FR)
_URL_LINE = re.compile(r"^https?://\S+$")
_ISO_DATE_LINE = re.compile(r"^(\d{4}-\d{2}(?:-\d{2})?)$")
_DATE_PREFIX = re.compile(r"^date\s+(\d{4}(?:-\d{2}(?:-\d{2})?)?)\s+(.+)$", re.I)
_FRENCH_DATE = re.compile(
    rf"^(?:(?:publié|mis à jour)\s+(?:le\s+)?)?(?:(\d{{1,2}}|1er)\s+)?({_MONTH})\s+(\d{{4}})(?:\s+à\s+\S+)?$", re.I
)
_BYLINE_FR = re.compile(r"^Par\s+(.+)$")
_BYLINE_TAG = re.compile(r"^(Author|Auteur|Auteurs|Autrice)s?\s*[,:]\s*(.+)$", re.I)
_ROLE_TAG = re.compile(r"^(Role|Rôle|Fonction)\s*[,:]\s*(.+)$", re.I)
_BY_EN = re.compile(r"^By\s+(.+)$")
_BY_ANY = re.compile(r"^(?:Par|By|Von)\s+\S", re.I)
_CATEGORIES = re.compile(r"^Catégories?\s*:\s*(.+)$", re.I)
_BBC_CAPTION = re.compile(r"^Crédit photo,\s*(.+?)\s+Légende image,\s*(.+)$")
_CREDIT_TAIL = re.compile(
    r"^(.*\S)\s*\(((?:Photo\s*:\s*)?[^()]*\b(?:AP|AFP|Reuters|Getty|Photo|Sputnik|EPA|Pool|File)\b[^()]*)\)\s*$"
)
# A caption's credit after its text: "… 2023. KCNA VIA KNS / AFP", "… 2022. Photograph: Ann Lee/Getty
# Images", "… 2026. | OUEST-FRANCE", "… (Photo: Jane Doe/Reuters)", "… Foto: dpa".
_CREDIT_FORMS = (
    re.compile(r"^(?P<text>.+?[.!?»”)])\s*©\s*(?P<credit>[^©]{2,60})$"),
    re.compile(
        r"^(?P<text>.+?[.!?»”)])\s*(?:\|\s*)?\(?(?P<credit>(?:Photo(?:graph)?|Photos|Foto|Bild|Image|Crédits?(?:\s+photo)?|Credit)"
        r"\s*[:,]\s*[^.:]{2,80}?)\)?\s*$",
        re.I,
    ),
    re.compile(r"^(?P<text>.+?[.!?»”)])\s+(?P<credit>[A-ZÀ-Ý][A-ZÀ-Ý'’ .-]{1,60}(?:\s*/\s*[\wÀ-ÿ'’ .-]{2,40}){1,3})$"),
    re.compile(
        r"^(?P<text>.+?[.!?»”)])\s+(?P<credit>[A-ZÀ-Ý][\wÀ-ÿ'’.-]+(?:\s+[A-ZÀ-Ý][\wÀ-ÿ'’.-]+){0,3}\s*/\s*"
        r"(?:AFP|AP|Reuters|EPA|Getty Images|Hans Lucas(?:\s+via\s+AFP)?|MAXPPP|SIPA|dpa|picture alliance|"
        r"Bloomberg|Keystone|Anadolu|Shutterstock|Imago|[A-Z][\w-]+\s+via\s+[A-Z]\w+))$"
    ),
    re.compile(r"^(?P<text>.+?[.!?»”)])\s*\|\s*(?P<credit>[A-ZÀ-Ý][A-ZÀ-Ý'’ .-]{2,40}|[^|]{2,40}/[^|]{2,40})$"),
)
# A caption in two lines: "Image source, Getty Images" then "Image caption, Boats in Tromsø".
_IMAGE_SOURCE = re.compile(
    r"^(?:Image source|Source de l['’]image|Crédit photo|Bildquelle|Foto|Photo credit)\s*[,:]\s*(.+)$", re.I
)
_IMAGE_CAPTION = re.compile(
    r"^(?:Image caption|Légende (?:de l['’])?image|Bildunterschrift|Caption)\s*[,:]\s*(.+)$", re.I
)
_CAPTION_START = re.compile(r"^(FILE|DOSSIER|PHOTO|ARCHIVES?)\s*[-–—:]\s+", re.I)
_BULLET = re.compile(r"^[•·▪●◦‣\-*–]\s*(.+)$")
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(.+)$")
_ATTRIBUTION = re.compile(r"^[A-ZÀ-Ý][\w’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]+)+,\s+[^.!?]+$")
# A paragraph break lost when the page was copied: "ukrainien.En plus de ces…".
_GLUED = re.compile(r"(?<=[a-zà-ÿ]{2}[.!?])(?=[A-ZÀ-Ý][a-zà-ÿ])")
_TERMINAL = tuple('.!?:;…»"”)')
# An update line glued to the publication line: "Publié le 12 févr. 2025 à 17:40Mis à jour le 13 févr. …"
_GLUED_UPDATE = re.compile(r"(?<=\d)(?=(?:Mis\s+à\s+jour|Modifié|Updated|Aktualisiert|Stand)\b)")
_HEADING_WORDS = 6  # a heading of the article's text between teasers and the text is this short at most
_SENTENCE_BREAK = re.compile(r"[.!?…]\s+[A-ZÀ-Ý«“\"]")  # the end of one sentence and the start of another


# Files that are not text, whatever their name says: (signature at the start, what they are).
_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or an office document"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable"),
    (b"OggS", "an audio or video file"),
    (b"\x1aE\xdf\xa3", "a video file"),
    (b"wOFF", "a font"),
    (b"wOF2", "a font"),
)
_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# Control characters make feeds malformed XML; bidirectional overrides turn a title around.
_UNSAFE_CHARACTERS = UNSAFE
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
# Codecs a page may declare: real character sets, never a transform like base64 or unicode_escape.
_CHARSET_CODECS = re.compile(
    r"^(cp\d+|iso8859-\d+|koi8-[a-z]+|mac-[a-z]+|euc_[a-z0-9_]+|shift_jis(x0213|_2004)?|gb2312|gbk|gb18030"
    r"|big5(hkscs)?|iso2022_[a-z0-9_]+|tis-620|johab|hz|ptcp154|kz1048)$"
)
# In a real cp1252 text, accented letters and typographic signs are a few per cent of the
# characters (a third in the densest French line); in another encoding read as cp1252 (Korean
# in EUC-KR, Russian in cp1251) or in binary noise, they are well over half of them.
_MAX_LEGACY_SHARE = 0.4
# cp1252 signs that prose almost never uses, but that noise read as cp1252 is full of.
_RARE_IN_TEXT = frozenset("¤¦¨¬¯´¸¹¶ˆ˜‡‰‹›ƒ¢¥ÐÞðþ")


def decode(data: bytes, name: str, *, html: bool = False) -> str:
    """Decode seed bytes: UTF-8 (BOM or not), UTF-16/32 with a BOM, an HTML page's declared charset, else cp1252."""
    if not data.strip():
        raise IngestError(f"{name}: empty file")
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise IngestError(f"{name}: binary file ({kind}), not a text article")
    if data[:4] == b"RIFF" or data[4:8] == b"ftyp":
        raise IngestError(f"{name}: binary file (an image, audio or video file), not a text article")
    text = _decode_bom(data, name)
    if text is None:
        if b"\x00" in data[:8192]:
            raise IngestError(f"{name}: binary file (NUL bytes), not a text article")
        text = _decode_bytes(data, name, html)
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if controls > max(2, len(text) // 100):
        raise IngestError(f"{name}: does not look like text ({controls} control characters)")
    if not text.strip("\ufeff \t\r\n"):
        raise IngestError(f"{name}: empty file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE_CHARACTERS.sub("", unicodedata.normalize("NFC", text))


def _decode_bom(data: bytes, name: str) -> str | None:
    """The text of a file that starts with a UTF-16 or UTF-32 byte-order mark; None without one."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                raise IngestError(
                    f"{name}: does not look like text: it starts with a {label} byte-order mark"
                    f" but is not {label} ({error.reason} at byte {error.start + len(bom)})"
                ) from None
    return None


def _decode_bytes(data: bytes, name: str, html: bool) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data) if html else None
    if declared and declared != "cp1252":
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration: guess as for a text file
    return _decode_legacy(data, name)


def _declared_charset(data: bytes) -> str | None:
    """The codec an HTML page declares in <meta charset> (or an XML declaration), if Python has it."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    if codec in ("ascii", "iso8859-1", "latin-1", "cp1252"):
        return "cp1252"  # browsers read these labels as windows-1252 too
    return codec if _CHARSET_CODECS.match(codec) else None


def _decode_legacy(data: bytes, name: str) -> str:
    """Bytes that are not UTF-8 as a whole: UTF-8 where they are, cp1252 elsewhere; garbage refused.

    Byte by byte rather than all or nothing, because a cp1252 file with a passage pasted from
    a UTF-8 page (or the reverse) is common, and either reading alone garbles half of it.
    """
    _legacy_bytes.count = 0
    try:
        text = data.decode("utf-8", errors="dossier-cp1252").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise IngestError(
            f"{name}: does not look like text: its bytes decode neither as UTF-8 nor as cp1252/latin-1"
        ) from None
    legacy = _legacy_bytes.count
    visible = sum(1 for ch in text if not ch.isspace())
    rare = sum(1 for ch in text if ch in _RARE_IN_TEXT)
    if (legacy >= 8 and legacy > _MAX_LEGACY_SHARE * visible) or (rare >= 8 and rare > 0.02 * visible):
        raise IngestError(
            f"{name}: does not look like text: it is not UTF-8, and read as cp1252 {legacy} of its"
            f" {visible} characters would be accented letters or symbols; save it as UTF-8"
        )
    return text


_legacy_bytes = threading.local()


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 read as cp1252 (raises on its five undefined bytes)."""
    text = error.object[error.start : error.end].decode("cp1252")
    _legacy_bytes.count = getattr(_legacy_bytes, "count", 0) + len(text)
    return text, error.end


codecs.register_error("dossier-cp1252", _cp1252_fallback)


def read_seed(path: Path, root: Path) -> Article:
    """Read the seed at `path` (its name reported relative to `root`) into an Article, by its format."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    size = path.stat().st_size
    if size > MAX_SEED_BYTES:
        raise IngestError(
            f"{name}: {size / 1e6:.1f} MB, over the {MAX_SEED_BYTES / 1e6:.0f} MB a seed may be;"
            " save the article's page or text alone"
        )
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        article = parse_html(decode(data, name, html=True), name)
    elif suffix in MARKDOWN_SUFFIXES:
        article = parse_markdown(decode(data, name), name)
    else:
        article = parse_text(decode(data, name), name)
    article.seed_sha256 = hashlib.sha256(data).hexdigest()
    return article


@dataclass
class _Piece:
    """A line (or paragraph) of a seed, before the heuristics say what it is."""

    line: int
    text: str
    kind: str = ""  # "": plain text for the heuristics; "title": a Markdown `# ` line; else a Block kind
    extra: str = ""
    blank_before: bool = False  # a text seed's blank line above it: a new block of the page begins


def parse_text(text: str, name: str) -> Article:
    """Parse the decoded text of a plain-text seed."""
    pieces, last = [], 0
    for number, line in _pieces(text):
        pieces.append(_Piece(number, line, blank_before=number > last + 1 and last > 0))
        last = number
    return _parse_pieces(pieces, name)


def _parse_pieces(
    pieces: list[_Piece], name: str, meta: dict | None = None, *, mark_headings: bool = True, keep_header: bool = False
) -> Article:
    """The heuristics shared by every format; `meta` holds what the seed's own metadata says, which wins.

    `mark_headings`: short lines followed by text become headings (when the seed marks none);
    `keep_header`: when the metadata or a `# ` line gives the title, the other short lines above
    the text are kept as text (.md and .html seeds) rather than dropped as title candidates.
    """
    meta = meta or {}
    article = Article(seed=name, seed_sha256="", title="")
    article.warnings.extend(meta.get("warnings", ()))
    genre_hints: list[str] = list(meta.get("genre_hints", ()))
    # Found before the page's foot is cut off (a box's button may be the last line kept).
    promotions = {id(pieces[index]) for index in _promotions(pieces)}
    # A video's length and the title under it are furniture wherever they stand, even above the text.
    players = {id(pieces[index]) for index in _players(pieces)}
    kept = _drop_trailing_navigation(pieces)
    foot_cut = len(kept) < len(pieces)  # the page's menus and footer after the text were cut off
    pieces = kept

    # The site's own name: printed first, as its logo, or in its copyright line at the foot of the page.
    masthead = _masthead(pieces) or next(filter(None, (_copyright_holder(piece.text) for piece in pieces)), None)
    header_done = False
    # Lines before the text that may be the title: (position among the blocks, block, is a `# ` line).
    held: list[tuple[int, Block, bool]] = []
    blocks: list[Block] = []
    listing = ""  # inside a table of "contents" or a list of "teasers": its short lines are links
    listed: set[str] = set()  # the entries of that list so far
    credit = ""  # "Image source, Getty Images": the credit of the caption on the next line
    previous = ""  # what the last line read was: "headline", "prose", "date", "byline", "outlet", "other"

    def read(piece: _Piece, paragraphs: int) -> str:
        """Read one line of the header or the text; say what it was."""
        nonlocal header_done, credit
        lineno, line = piece.line, piece.text
        if piece.kind == "title" and not header_done:
            held.append((len(blocks), Block("heading", line, lineno), True))
            return "headline"
        authors = article.authors or meta.get("authors") or meta.get("fallback_authors") or []
        if paragraphs >= 2 and piece.kind in ("", "heading") and line in authors:
            return "byline"  # an author's name over the box about the authors, at the foot
        if piece.kind:
            kind = "heading" if piece.kind == "title" else piece.kind
            blocks.append(Block(kind, line, lineno, piece.extra))
            # A caption may sit above the byline and the date, as in the text seeds.
            header_done = header_done or kind != "caption"
            return "other"
        if not header_done and (m := _DATE_PREFIX.match(line)):  # "date 2023-09 Title": a date, then the title
            _set_date(article, m.group(1), f"line {lineno}", name, lineno)
            line = m.group(2).strip()
        if _metadata_line(article, line, lineno, name, meta, paragraphs < 2, header_done, genre_hints):
            return "date"
        # A line of names alone is a byline only right below the headline, the standfirst or the dates.
        bare = paragraphs < 2 and previous in ("headline", "prose", "date", "byline", "outlet", "names")
        if (by := _byline(line, bare, paragraphs)) is not None:
            if by.authors and not article.authors:
                article.authors = by.authors
                article.agency = article.agency or by.outlet
            elif by.authors and previous == "names" and not metadata.is_prefixed_byline(line):
                article.authors += [a for a in by.authors if a not in article.authors]  # one name a line
            if _OPINION_HINTS.search(by.role):
                genre_hints.append("opinion")
            # The line after a line of names may name the outlet ("Jane Doe" / "BBC News").
            return "names" if by.authors and not metadata.is_prefixed_byline(line) and not by.outlet else "byline"
        if authors and (about := _about_the_authors(line, authors)):
            if about == "note":  # "Anna Berger ist Chefärztin …": kept, apart from the text
                blocks.append(Block("author", line, lineno))
            return "byline"  # the byline printed again under the title, or the authors' box at the end
        if (
            previous in ("byline", "names")
            and len(line.split()) <= 12
            and metadata.is_role(line)
            and (paragraphs >= 2 or not _is_paragraph(line))
        ):
            return "byline"  # "Korrespondent für Arbeitsrecht in Berlin." under the author's name
        if paragraphs >= 1 and outlets.is_known(line):
            return "outlet"  # the site's name alone: a logo or a credit
        if (
            previous == "names"
            and paragraphs < 2
            and _outlet_name(line)
            and line[:1].isupper()
            and not chrome.has_interface_words(line)
            and not metadata.is_role(line)  # "Environment correspondent" under the name
        ):
            article.outlet = article.outlet or line
            return "outlet"
        if caption := _caption(line, lineno):
            if not blocks or (blocks[-1].kind, blocks[-1].text) != ("caption", caption.text):  # a gallery repeats it
                blocks.append(caption)
            return "other"
        if m := _IMAGE_SOURCE.match(line):
            credit = m.group(1).strip()
            return "other"
        if m := _IMAGE_CAPTION.match(line):
            blocks.append(Block("caption", m.group(1).strip(), lineno, extra=credit))
            credit = ""
            return "other"
        if not header_done:
            if _is_paragraph(line) and not _is_headline(line, held):
                header_done = True
            else:
                genre = _SECTION_GENRES.get(line.lower())
                if genre:
                    genre_hints.append(genre)
                elif _glued_sections(line):
                    genre_hints.extend(_glued_sections(line))
                elif outlets.is_known(line) and any(len(block.text.split()) >= 4 for _, block, _ in held):
                    article.outlet = article.outlet or outlets.readable(line)  # the site's name under the headline
                    return "outlet"
                else:
                    held.append((len(blocks), Block("paragraph", line, lineno), False))
                return "headline" if len(line.split()) >= 4 else "other"
        blocks.append(_body_block(line, lineno))
        return "prose" if _is_paragraph(line) else "other"

    paragraphs, counted = 0, 0  # prose read so far: a standfirst may come before the byline and the date
    for index, piece in enumerate(pieces):
        line = piece.text
        if piece.kind == "teaser":
            continue  # kept this far so that the page's reading by trafilatura agrees on it
        paragraphs += sum(block.kind == "paragraph" and _is_paragraph(block.text) for block in blocks[counted:])
        counted = len(blocks)
        if paragraphs >= 2 and chrome.is_comments_heading(line):
            foot_cut = True
            break  # the readers' comments: the article has ended
        if paragraphs >= 3 and index > 0.75 * len(pieces) and chrome.is_closing_heading(line) and piece.kind != "title":
            foot_cut = True
            break  # "Other Opinion Columns", "More from World" at the foot of the page: other articles
        # The list ends at a contents' first entry seen again (the text's first heading), or at a
        # heading of the article: a line right above the text, shorter than the teasers before it.
        if (
            listing and piece.kind in ("", "bullet", "numbered", "heading") and _is_list_entry(line)
            and line not in listed and not (listing == "teasers" and _heads_text(pieces, index, paragraphs > 0))
        ):
            listed.add(line)
            continue
        listing = (
            "contents" if chrome.is_table_of_contents(line) else "teasers" if chrome.is_teaser_heading(line) else ""
        )
        listed = set() if listing else listed
        if not line or _is_chrome(line) or listing or id(piece) in players or (id(piece) in promotions and paragraphs >= 2):
            continue
        previous = read(piece, paragraphs)
    if foot_cut:  # the topics listed between the text and the page's foot go with it
        _drop_trailing_topics(blocks)

    _choose_title(article, meta.get("title"), held, blocks, name, keep_header)
    article.blocks = _group_quotes(_mark_headings(blocks) if mark_headings else blocks)
    article.blocks = _drop_pull_quotes(article.blocks)
    # What the seed says of itself (front matter, meta tags) wins over what the heuristics found.
    for key in ("authors", "outlet", "url"):
        if meta.get(key):
            setattr(article, key, meta[key])
    if meta.get("date") is not None:
        article.date, article.date_source = meta["date"], meta["date_source"]
    if article.date is None and meta.get("fallback_date") is not None:
        article.date, article.date_source = meta["fallback_date"], "the page's markup (htmldate)"
    if not article.authors and meta.get("fallback_authors"):
        article.authors = meta["fallback_authors"]
    first_text = next((b.text for b in article.blocks if b.kind == "paragraph"), "")
    article.agency = article.agency or metadata.dateline(first_text)
    # The outlet: as the page prints it, else from its address, else the agency whose story it is.
    if article.outlet and not meta.get("outlet"):
        article.outlet = outlets.readable(article.outlet)
    if not article.outlet and article.url:
        article.outlet = outlets.from_url(article.url)
    elif article.url and not meta.get("outlet") and (agency := metadata.AGENCIES.get((article.outlet or "").lower())):
        # An agency's story on another site ("Associated Press" printed on a Yahoo News page): the site is the outlet.
        site = outlets.from_url(article.url)
        if site and site != agency:
            article.outlet, article.agency = site, article.agency or agency
    article.outlet = article.outlet or masthead or article.agency
    if article.url and re.search(r"/(opinion|opinions|tribune|tribunes)/", urlsplit(article.url).path):
        genre_hints.append("opinion")
    article.genre = meta.get("genre") or ("opinion" if "opinion" in genre_hints else "news")
    article.language = meta.get("language") or guess_language(" ".join(b.text for b in article.blocks))
    if article.date is None:
        article.warnings.append(f"{name}: no publication date found; the date is shown as unknown")
    article.slug = slugify(article.title, max_length=60) or slugify(Path(name).stem) or "article"
    return article


def _promotions(pieces: list[_Piece]) -> set[int]:
    """The lines of the promotion boxes set in the text: a newsletter's pitch, a teaser behind a paywall.

    A box ends with a sign-up button ("S'inscrire", "Jetzt anmelden") and begins at its heading
    ("Newsletter Sports") or at the blank line above it; its lines are short. A button alone in
    its block ("Subscribe to read") labels the short lines that follow it.
    """
    found: set[int] = set()
    for index, piece in enumerate(pieces):
        if not chrome.is_call_to_action(piece.text):
            continue
        box, above = [index], index - 1
        while above >= 0 and len(box) <= 3 and not pieces[above + 1].blank_before:
            if chrome.is_promo_heading(pieces[above].text):
                box.append(above)
                break
            if not _is_promo_line(pieces[above].text):
                box = [index]  # not a box: the text runs into the button
                break
            box.append(above)
            above -= 1
        else:
            if above < 0 or not pieces[above + 1].blank_before:
                box = [index]  # neither a heading nor a blank line above it: not a box
        found.update(box)
        if piece.blank_before:
            below = index + 1
            while below < len(pieces) and not pieces[below].blank_before and not _is_paragraph(pieces[below].text):
                found.add(below)
                below += 1
    return found


_PLAYER_TIME = re.compile(r"\d{1,2}:\d\d(?::\d\d)?")


def _players(pieces: list[_Piece]) -> set[int]:
    """The lines of the video players set in the page: a length ("2:36") and the short title right under it."""
    found: set[int] = set()
    for index, piece in enumerate(pieces):
        if _PLAYER_TIME.fullmatch(piece.text):
            found.add(index)
            title = pieces[index + 1] if index + 1 < len(pieces) else None
            if title and not title.blank_before and not _is_paragraph(title.text) and len(title.text.split()) <= 16:
                found.add(index + 1)
    return found


def _is_promo_line(line: str) -> bool:
    """Short enough to be a line of a promotion box: a sentence or two, 30 words at most."""
    return len(line.split()) <= 30 and len(_SENTENCE_BREAK.findall(line)) <= 1


def _is_list_entry(line: str) -> bool:
    """A line that may be an entry of a list of links: not prose, or one short sentence ("Wer haftet?")."""
    return not _is_paragraph(line) or (len(line.split()) <= 16 and len(_SENTENCE_BREAK.findall(line)) <= 1)


def _heads_text(pieces: list[_Piece], index: int, in_text: bool) -> bool:
    """Whether the line at `index`, within a list of links, is rather the headline or a heading of the text.

    It is when the text follows it directly (no blank line between, in a text seed) and, once the
    text has begun, it is as short as a heading is (teasers are headlines, longer than headings).
    """
    after = index + 1
    while after < len(pieces) and _is_chrome(pieces[after].text):
        after += 1
    if after == len(pieces) or not _is_paragraph(pieces[after].text):
        return False
    if any(piece.blank_before for piece in pieces[index + 1 : after + 1]):
        return False
    return not in_text or len(pieces[index].text.split()) <= _HEADING_WORDS


def _about_the_authors(line: str, authors: list[str]) -> str:
    """"again": the byline printed again ("MARGARET HOLLIS", "Claire Vasseur (Chisinau)"); "note": a line
    about its authors ("Hollis covers the Supreme Court for The Associated Press.", "Anna Berger ist
    Chefärztin …", "By Alex Heath, a deputy editor and author of …"), an author's name, then what the
    author is or does; "" for any other line."""
    again = metadata.byline(line, bare=True)
    if again is not None and again.authors and set(again.authors) <= set(authors):
        return "again"
    names = "|".join(re.escape(part) for name in authors for part in (name, name.split()[-1]))
    if re.fullmatch(rf"\(?(?:{re.escape(' and '.join(authors))}|{names})(?:\s*[,(][^()]{{1,60}}\)?)?\)?", line):
        return "again"  # "Clémence Vautrin (Correspondante à Lyon)", "(Maria Hofbauer, 14.1.2025)"
    note = len(line) < 400 and bool(
        re.match(rf"^(?:{names})\s+{_ABOUT_AN_AUTHOR}", line) or re.match(rf"^(?:by|par|von)\s+(?:{names}),\s+\w", line, re.I)
    )
    return "note" if note else ""


# What follows an author's name in a line about the author: a verb of being or of covering a beat.
_ABOUT_AN_AUTHOR = (
    r"(?:is|was|has\s+been|est|était|a\s+été|ist|war|covers|has\s+covered|reports\s+on|writes\s+(?:about|for)|"
    r"couvre|écrit\s+(?:sur|pour)|berichtet\s+(?:über|aus)|schreibt\s+(?:über|für)|joined|a\s+rejoint)\b"
)


def _metadata_line(
    article: Article,
    line: str,
    lineno: int,
    name: str,
    meta: dict,
    near_top: bool,
    header_done: bool,
    genre_hints: list,
) -> bool:
    """Read a line that says something of the article (its address, date, rubric, outlet); True if it was one."""
    if _URL_LINE.match(line):
        article.url = article.url or line
        return True
    if m := _CATEGORIES.match(line):
        genre_hints.extend(_SECTION_GENRES.get(c.strip().lower(), "") for c in m.group(1).split(","))
        return True
    if m := _BYLINE_TAG.match(line):
        article.authors = article.authors or _split_names(m.group(2))
        return True
    if m := _ROLE_TAG.match(line):
        article.outlet = article.outlet or m.group(2).strip()
        return True
    if m := _SOURCE_LINE.match(line):  # "Quelle: ZEIT ONLINE, dpa", "Source: Al Jazeera"
        for part in re.split(r"\s*[,/]\s*", m.group(1)):
            if part.lower() in metadata.AGENCIES:
                article.agency = article.agency or metadata.AGENCIES[part.lower()]
            elif part:
                article.outlet = article.outlet or outlets.readable(part)
        return True
    if not header_done and metadata.is_breadcrumb(line):
        genre_hints.extend(_SECTION_GENRES.get(part.strip().lower(), "") for part in re.split(r"[>›»/|→]", line))
        return True
    if not header_done and (m := _OUTLET_WITH_AGENCY.match(line)):
        article.outlet = article.outlet or m.group("outlet").strip()
        article.agency = article.agency or metadata.AGENCIES[m.group("agency").lower()]
        return True
    if (
        near_top
        and _SEPARATED.search(line)
        and all(
            metadata.date_line(part, meta.get("language"))
            or metadata.byline(part)
            or outlets.is_known(part)
            or chrome.is_chrome(part)
            for part in _SEPARATED.split(line)
        )
    ):
        # "Le Monde | 04.05.2015 à 13h36 • Mis à jour le 05.05.2015 | Par Martin Untersinger": each part read alone
        for part in _SEPARATED.split(line):
            if (by := metadata.byline(part)) and not article.authors:
                article.authors = by.authors
            elif outlets.is_known(part):
                article.outlet = article.outlet or outlets.readable(part)
            else:
                _metadata_line(article, part, lineno, name, meta, near_top, header_done, genre_hints)
        return True
    if not header_done and (_ISO_DATE_LINE.match(line) or _FRENCH_DATE.match(line)):
        _set_date(article, line, f"line {lineno}", name, lineno)  # a date line that is no date is an error
        return True
    if (when := metadata.date_line(line, meta.get("language"))) is not None:
        # A publication or update line is never text; only one at the top dates the article.
        if when.published is not None and near_top and article.date is None:
            article.date, article.date_source = when.published, f"line {lineno}"
        return True
    return False


_SOURCE_LINE = re.compile(r"^(?:Quelle|Source|Sources)\s*:\s*([\w’'.&+ ,/-]{2,60})$")
_SEPARATED = re.compile(r"\s+[|•·]\s+")
# "L'Express avec AFP", "Le Monde with Reuters": the outlet and the agency whose story it runs.
_OUTLET_WITH_AGENCY = re.compile(
    r"^(?P<outlet>[A-ZÀ-Ý][\w’'. -]{1,40}?)\s+(?:avec|with|mit|et|and|/)\s+(?:l['’])?"
    r"(?P<agency>AFP|Reuters|AP|dpa|ANSA|EFE)$",
    re.I,
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\s*©?)\s*(?:\d{4}\s*[-–]?\s*)?(?P<name>[A-ZÀ-Ý][\w’'. &-]{1,50}?)\s*(?:\d{4})?\s*"
    r"(?:[.,]\s*(?:all rights reserved|tous droits réservés|alle rechte vorbehalten).*)?\.?$",
    re.I,
)


def _copyright_holder(line: str) -> str | None:
    """The outlet a copyright line names ("© Le Figaro 2025", "Copyright 2025 BBC. All rights reserved.")."""
    line = line.strip()
    m = _COPYRIGHT.match(line) or _COPYRIGHT_AFTER.match(line)
    if not m or len(line) > 160:
        return None
    holder = m.group("name").strip(" .")
    if re.fullmatch(r"(?:all rights reserved|tous droits réservés|alle rechte vorbehalten)", holder, re.I):
        return None
    return outlets.readable(holder) if _outlet_name(holder) else None


_COPYRIGHT_AFTER = re.compile(r"^(?P<name>[A-ZÀ-Ý][\w’'. &-]{1,50}?)\s*©\s*\d{4}\.?$")


def _masthead(pieces: list[_Piece]) -> str | None:
    """The site's name printed first, as its logo, when a menu follows it ("Le Figaro" / "Rechercher")."""
    plain = [piece.text for piece in pieces[:12] if not piece.kind and not chrome.is_chrome(piece.text)][:2]
    if len(plain) < 2 or _SECTION_GENRES.get(plain[0].lower()):
        return None
    if not _outlet_name(plain[0]) and not outlets.is_known(plain[0]):
        return None
    if chrome.is_chrome(plain[0]) or metadata.is_breadcrumb(plain[0]) or _glued_sections(plain[0]):
        return None
    menu_follows = chrome.is_chrome(plain[1]) or len(plain[1].split()) <= 2
    # A menu's first entry looks the same: the site's name is known, or printed again (a copyright,
    # a credit, a source line).
    again = re.compile(
        rf"(?:©|copyright|quelle|source|photo|foto|[|/(]|\bfor\b|\bpour\b).*\b{re.escape(plain[0])}\b", re.I
    )
    recurs = any(again.search(piece.text) for piece in pieces[12:])
    return outlets.readable(plain[0]) if menu_follows and (outlets.is_known(plain[0]) or recurs) else None


def _outlet_name(line: str) -> bool:
    """A short capitalised name that may be a publication's ("BBC News", "Le Figaro")."""
    words = line.split()
    return 1 <= len(words) <= 4 and line[:1].isalnum() and not line.endswith(_TERMINAL) and not metadata.find_date(line)


_MONTHS = "|".join(re.escape(name.capitalize()) for name in sorted(metadata.MONTHS, key=len, reverse=True))
# A month's name glued to the word before it ("MufsonMarch 18"): two elements of the page side by side.
_GLUED_MONTH = re.compile(rf"(?<=[a-zà-ÿ])(?=(?:{_MONTHS})\b)")
_MONTH_DAY = re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\.?\s+(?:{_MONTHS})\b", re.I)


def _byline(line: str, bare: bool, paragraphs: int) -> metadata.Byline | None:
    """The byline this line is, if any. "Par X", "By X", "Von X" name the authors above or at the top
    of the text, a line of names alone (`bare`) only where a byline stands; further down, a short
    "By X" (who posted the page) is dropped without naming anyone."""
    if len(line) >= 160:
        return None
    if paragraphs < 2:
        found = metadata.byline(line, bare=bare)
        if found is None and metadata.is_prefixed_byline(line):
            # "By Steven MufsonMarch 18 at 12:22 PM Follow @StevenMufson": the names, then the date
            unglued = _GLUED_MONTH.sub(" ", line)
            if (date := _MONTH_DAY.search(unglued)) is not None and date.start() > 0:
                found = metadata.byline(unglued[: date.start()].strip(" ,|–-"), bare=bare)
        if found is not None:
            return found
    if _BY_ANY.match(line) and len(line.split()) <= 5 and not line.endswith(_TERMINAL):
        return metadata.Byline()
    return None


def _is_headline(line: str, held: list) -> bool:
    """A headline that ends like a sentence: a question, an exclamation, a quotation
    ("Marc Tessier : « Nous ne pouvons plus… »"), before any other headline was seen."""
    return (
        line.rstrip().endswith(("?", "!", "»", "”", '"'))
        and len(line.split()) <= 25
        and len(sentence_spans(line)) == 1
        and not any(len(block.text.split()) >= 4 for _, block, _ in held)
    )


def _headline(lines: list[str]) -> str:
    """The headline among the short lines above the text: the longest that reads as one.

    A pasted page puts menus, rubrics, kickers and buttons around the headline; they are
    a few words each, where a headline is a phrase. Between phrases of equal length, the later.
    """
    phrases = [line for line in lines if 3 <= len(line.split()) <= 22]
    if not phrases:
        return lines[-1]
    longest = max(reversed(phrases), key=len)
    # A headline and, right under it, its longer standfirst (no full stop): the first is the headline.
    before = lines.index(longest) - 1
    if before >= 0 and len(longest.split()) >= 15 and lines[before] in phrases and len(lines[before].split()) >= 5:
        return lines[before]
    return longest


def _choose_title(article: Article, given: str | None, held, blocks: list[Block], name: str, keep_header: bool) -> None:
    """The title: the seed's own metadata, else a `# ` line, else the last short line before the text."""
    h1 = next((block for _, block, is_h1 in held if is_h1), None)
    keep = []
    if given:
        article.title = given
    elif h1 is not None:
        article.title = h1.text
    elif held:
        article.title = _headline([block.text for _, block, _ in held])
    else:
        article.title = _title_from_lead(blocks)
        article.warnings.append(
            f"{name}: no title line found; using the opening words of the text"
            " (edit the title in the article's front matter)"
        )
    if keep_header and (given or h1 is not None):
        # The title is known from the seed's metadata or markup, so the short lines above the
        # text are not candidates for it: they are text (a subtitle, a kicker), not site chrome,
        # which the filters dropped already. A .txt seed has no such certainty.
        title_key = normalize_key(article.title)
        keep = [(position, block) for position, block, _ in held if normalize_key(block.text) != title_key]
    elif held:
        # Below the headline, a phrase of ten words or more is its standfirst, which is text.
        title_at = (
            max(i for i, (_, block, _) in enumerate(held) if block.text == article.title)
            if not given and h1 is None and any(block.text == article.title for _, block, _ in held)
            else len(held)
        )
        keep = [(position, block) for position, block, _ in held[title_at + 1 :] if len(block.text.split()) >= 10]
    for position, block in reversed(keep):
        blocks.insert(position, block)


# --- Markdown seeds -------------------------------------------------------------------------

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


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, but every scalar stays the text the curator wrote (bar `null`).

    YAML 1.1 would read `title: Non` as False, `title: 1984` as a number and `date: 2024-13-02`
    as a crash inside the parser; as text, each field is checked and reported by name.
    """


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_markdown(text: str, name: str) -> Article:
    """Parse the decoded text of a Markdown seed: optional YAML front matter, then a Markdown-ish body."""
    fields, body, first_line = _split_front_matter(text, name)
    meta = _front_matter_meta(fields, name) if fields is not None else {}
    pieces, marked_headings = _markdown_pieces(body, first_line)
    return _parse_pieces(pieces, name, meta, mark_headings=not marked_headings, keep_header=True)


def _split_front_matter(text: str, name: str) -> tuple[dict | None, str, int]:
    """(fields with their lines, body, line of the body's first line); no front matter: (None, text, 1)."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start == len(lines) or lines[start].rstrip() != "---":
        return None, text, 1
    for end in range(start + 1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        raise IngestError(f"{name}:{start + 1}: invalid front matter: the opening '---' has no closing '---' line")
    source = "\n".join(lines[start + 1 : end])
    fields = _load_front_matter(source, name, first_line=start + 2)
    return fields, "\n".join(lines[end + 1 :]), end + 2


def _load_front_matter(source: str, name: str, first_line: int) -> dict[str, tuple[object, int]]:
    """The front matter's keys, each with its value and the line of the seed it is on."""
    loader = _FrontMatterLoader(source)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            found = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
            raise IngestError(f"{name}:{first_line}: invalid front matter: expected 'key: value' lines, found {found}")
        fields: dict[str, tuple[object, int]] = {}
        for key_node, value_node in node.value:
            key = str(loader.construct_object(key_node, deep=True))
            line = key_node.start_mark.line + first_line
            if key in fields:
                raise IngestError(
                    f"{name}:{line}: invalid front matter: key {key!r} given twice (first on line {fields[key][1]})"
                )
            try:
                fields[key] = (loader.construct_object(value_node, deep=True), line)
            except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as error:
                # A tag YAML cannot build ("!!int abc", "!!timestamp 2024-13-45"): PyYAML's own errors.
                problem = f"{key!r} cannot be read ({error or 'empty'})"
                raise IngestError(f"{name}:{line}: invalid front matter: {problem}") from None
        return fields
    except RecursionError:
        raise IngestError(f"{name}:{first_line}: invalid front matter: nested too deeply") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else first_line - 1
        problem = error.problem or error.context or "not YAML"
        raise IngestError(f"{name}:{line}: invalid front matter: {problem}") from None
    except yaml.YAMLError as error:
        raise IngestError(f"{name}:{first_line - 1}: invalid front matter: {error}") from None
    finally:
        loader.dispose()


def _front_matter_meta(fields: dict[str, tuple[object, int]], name: str) -> dict:
    """Check the front matter's fields; the metadata they give, in the form _parse_pieces takes."""
    meta: dict = {"warnings": []}
    for key, (value, line) in fields.items():
        where = f"{name}:{line}"
        if key not in _FRONT_MATTER_KEYS:
            meta["warnings"].append(f"{where}: unknown front-matter key {key!r} ignored{_key_hint(key)}")
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
            raise IngestError(f"{where}: field {key!r}: {error}") from None
    return meta


def _key_hint(key: str) -> str:
    known = ", ".join(sorted(_FRONT_MATTER_KEYS))
    guess = _FRONT_MATTER_SYNONYMS.get(key.lower()) or next(
        iter(difflib.get_close_matches(key.lower(), _FRONT_MATTER_KEYS, n=1)), None
    )
    return f" (did you mean {guess!r}?)" if guess else f" (known keys: {known})"


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
        return _parse_date(value)
    except ValueError as error:
        raise ValueError(f"{value.strip()!r} is not a valid date ({error})") from None


def _field_authors(value) -> list[str]:
    if isinstance(value, str):
        return _split_names(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [name for name in (_field_text(item) for item in value) if name]
    raise ValueError(f"expected a list of names or a name, found {_kind_of(value)}")


def _field_url(value) -> str:
    url = _field_text(value)
    if not _is_web_address(url):
        raise ValueError(f"{url!r} is not an http(s) address")
    return url


def _field_genre(value) -> str:
    text = _field_text(value).lower()
    genre = text if text in ("news", "opinion") else _SECTION_GENRES.get(text)
    if not genre:
        raise ValueError(f"{text!r} is neither 'news' nor 'opinion'")
    return genre


def _field_language(value) -> str:
    language = _language_code(_field_text(value))
    if not language:
        raise ValueError(f"{value!r} is not a language code such as 'fr' or 'en'")
    return language


def _language_code(value: str) -> str | None:
    """The primary language of a tag: 'fr' for "fr", "fr-FR", "fr_FR"; None if it is not a tag."""
    match = _LANGUAGE_TAG.match(value or "")
    return match.group(1).lower() if match else None


def _is_web_address(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"\s", value)


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+(.+)$")
_MD_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.+)$")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_MD_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_MD_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_MD_ATTRIBUTION = re.compile(r"^(?:[—–]|--?(?=\s))\s*(.+)$")
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


def _markdown_pieces(body: str, first_line: int) -> tuple[list[_Piece], bool]:
    """The body's pieces (paragraphs, headings, list items, quotations); and whether it marks headings.

    Paragraphs are separated by blank lines, as in Markdown, and their lines are joined; a body
    without any blank line is one paragraph per line, as a .txt seed is. A metadata line (a date,
    a byline, an address) stays a line of its own so that the heuristics still see it.
    """
    lines = body.split("\n")
    texts = [i for i, line in enumerate(lines) if line.strip()]
    joined = any(not lines[i].strip() for i in range(texts[0], texts[-1])) if texts else False
    pieces: list[_Piece] = []
    current: dict | None = None  # the paragraph, item or quotation being read
    marked_headings, h1_count, fenced = False, 0, False

    def flush():
        nonlocal current
        if current is not None:
            pieces.extend(_markdown_piece(current))
            current = None

    for offset, raw in enumerate(lines):
        lineno = first_line + offset
        stripped = raw.strip()
        if _MD_FENCE.match(raw):
            flush()
            fenced = not fenced
            continue
        if fenced:
            if stripped:
                pieces.append(_Piece(lineno, _clean_space(stripped)))
            continue
        if not stripped:
            flush()
            continue
        if _MD_RULE.match(raw) or _MD_LINK_DEFINITION.match(raw):
            flush()
            continue
        if m := _MD_HEADING.match(raw):
            flush()
            level = len(m.group(1))
            h1_count += level == 1
            marked_headings = marked_headings or level > 1 or h1_count > 1
            pieces.append(_Piece(lineno, _strip_inline(m.group(2)), "title" if level == 1 else "heading"))
            continue
        if m := _MD_QUOTE.match(raw):
            if current is None or current["kind"] != "quote" or not joined:
                flush()
                current = {"kind": "quote", "line": lineno, "lines": [], "extra": ""}
            if m.group(1).strip():
                current["lines"].append(m.group(1).strip())
            continue
        if (m := _MD_BULLET.match(raw)) and not _MD_RULE.match(raw):
            flush()
            current = {"kind": "bullet", "line": lineno, "lines": [m.group(1)], "extra": ""}
            continue
        if m := _MD_NUMBERED.match(raw):
            flush()
            current = {"kind": "numbered", "line": lineno, "lines": [m.group(2)], "extra": m.group(1)}
            continue
        # A plain line: it continues the paragraph, item or quotation above (Markdown's lazy
        # continuation) unless the body is one paragraph per line or the line is metadata.
        if (
            current is not None
            and joined
            and not _stands_alone(stripped)
            and not _stands_alone(current["lines"][-1] if current["lines"] else "")
        ):
            current["lines"].append(stripped)
            continue
        flush()
        current = {"kind": "", "line": lineno, "lines": [stripped], "extra": ""}
    flush()
    return pieces, marked_headings


def _markdown_piece(current: dict) -> list[_Piece]:
    lines = [line for line in current["lines"] if line]
    kind, extra = current["kind"], current["extra"]
    if kind == "quote" and len(lines) > 1 and (m := _MD_ATTRIBUTION.match(lines[-1])):
        lines, extra = lines[:-1], _strip_inline(m.group(1))
    text = _strip_inline(" ".join(lines))
    if not text:
        return []
    if kind:
        return [_Piece(current["line"], text, kind, extra)]
    return [_Piece(current["line"], part.strip()) for part in _GLUED.split(text) if part.strip()]


def _stands_alone(line: str) -> bool:
    """A line that is metadata or chrome, never the continuation of a paragraph."""
    line = _strip_inline(line)
    return bool(
        _is_chrome(line)
        or _URL_LINE.match(line)
        or _ISO_DATE_LINE.match(line)
        or _FRENCH_DATE.match(line)
        or _DATE_PREFIX.match(line)
        or _BYLINE_TAG.match(line)
        or _ROLE_TAG.match(line)
        or _CATEGORIES.match(line)
        or (_BYLINE_FR.match(line) and len(line.split()) <= 8 and not line.endswith(_TERMINAL))
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
    return _clean_space(text)


def _clean_space(text: str) -> str:
    """Invisible characters of web copies removed, runs of spaces made one space."""
    text = _UNSAFE_CHARACTERS.sub("", re.sub("[\u00ad\u200b\u2060\ufeff]", "", text))  # "&#x202e;" in a page too
    return re.sub(r"[ \t\n\r\f\v\u00a0]+", " ", text).strip()


# --- HTML seeds (saved web pages) -----------------------------------------------------------

# Elements that are never article text.
# fmt: off
_HTML_DROP = frozenset({
    "script", "style", "noscript", "iframe", "nav", "header", "footer", "aside", "form", "button",
    "svg", "img", "picture", "source", "video", "audio", "canvas", "object", "embed", "template",
    "select", "input", "textarea", "label", "dialog", "head", "title", "meta", "link", "map",
})
# fmt: on
_HTML_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"})
# Words in a class or id that mark site furniture ("comments", "share-bar", "newsletter-box").
_HTML_CHROME_WORDS = (
    "comment", "share", "sharing", "social", "newsletter", "related", "cookie", "advert", "menu", "breadcrumb", "promo",
)  # fmt: skip
_HTML_CHROME_EXCEPTIONS = re.compile(r"commentary|commentaries")
# Elements that start a new block of text; anything else is inline (a, em, span…).
# fmt: off
_HTML_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
# fmt: on
# Blocks read by a rule of their own; the other blocks are wrappers whose children are read.
# fmt: off
_HTML_TEXT_BLOCKS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "pre", "dt", "dd", "summary", "caption", "ul", "ol", "li",
    "blockquote", "figcaption", "hr",
})
# fmt: on
_BREAK, _PARAGRAPH_BREAK = "\u2028", "\u2029"  # a <br>, and the edge of a block, inside collected text
_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report)$")
_HTML_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?=$|[T\s+Z])")
_HTML_CREDIT = re.compile(
    r"^(.*?\S)\s*[(\[]?\s*(?:©|\(c\)|Crédits?\s*(?:photo)?\s*:|Credits?\s*:|Photo\s*:)\s*([^()\[\]]+?)\s*[)\]]?\s*$",
    re.I,
)


def parse_html(text: str, name: str) -> Article:
    """Parse the decoded text of a saved web page: metadata from its meta tags, text from its article."""
    try:
        soup = BeautifulSoup(text, "html.parser")
    except (ParserRejectedMarkup, AssertionError) as error:
        raise IngestError(f"{name}: cannot be read as HTML ({error})") from None
    if soup.find() is None:  # not a single tag: a text saved under an .html name
        return parse_text(text, name)
    extracted = extract.extract(text)
    try:
        meta = _html_metadata(soup, name)
        main = _html_main(soup)
        reader = _HtmlText(main)
        pieces = reader.pieces
        if extracted is not None:
            # trafilatura's reading says which of the page's text is the article: in the page's
            # own <article> or <main> if that holds most of it, else anywhere in the page.
            selected, share = extract.select(
                pieces, extracted, _is_prose_piece, _is_metadata_piece, _Piece, reader.dropped
            )
            if share < 0.6 and main is not soup.body and soup.body is not None:
                whole = _HtmlText(soup.body)
                wider, wider_share = extract.select(
                    whole.pieces, extracted, _is_prose_piece, _is_metadata_piece, _Piece, whole.dropped
                )
                if wider_share > share:
                    reader, selected = whole, wider
            pieces = selected or pieces
    except RecursionError:
        raise IngestError(f"{name}: the page's elements are nested too deeply to be read") from None
    meta["title"] = _visible_title(soup, main, meta.get("title"))
    if extracted is not None:
        meta["fallback_date"] = _trafilatura_date(extracted.date)
        meta["fallback_authors"] = _trafilatura_authors(extracted.authors, meta)
    marked_headings = any(piece.kind == "heading" for piece in pieces)
    return _parse_pieces(pieces, name, meta, mark_headings=not marked_headings, keep_header=True)


def _visible_title(soup: BeautifulSoup, main: Tag, given: str | None) -> str | None:
    """The headline a reader sees: the <h1> that the page's metadata names, else the article's
    first <h1>, else the metadata's title. Social titles (og:title) are often rewritten for
    sharing, and <title> carries the site's name or the author's."""
    headings = [(h, _title_text(h)) for h in soup.find_all("h1") if h.find_parent("svg") is None and not _in_chrome(h)]
    headings = [(h, text) for h, text in headings if 2 <= len(text.split()) <= 30]
    if given:
        wanted = extract.key(given)
        for _, text in headings:
            found = extract.key(text)
            if found and (found == wanted or found in wanted or wanted in found):
                return text
    inside = [text for h, text in headings if any(parent is main for parent in h.parents)]
    if inside:
        return inside[0]
    # No <h1> is the metadata's title: the metadata may be the site's own ("Yahoo News - Latest News").
    phrases = [text for _, text in headings if len(text.split()) >= 4 and not outlets.is_known(text)]
    return next(iter(phrases), None) or given or next((text for _, text in headings), None)


# Class, itemprop or rel values that mark a byline ("author", "byline__name"), not a "follow the author" button.
_BYLINE_MARK = re.compile(r"(?!.*follow)(?:[\w-]*[-_])?(?:byline|author|authors)(?:[-_]+(?:name|link|names))?")


def _visible_bylines(soup: BeautifulSoup) -> list[str]:
    """The first byline element of the article (rel=author, itemprop=author, class "byline"), "By" removed.

    Only the first: a page lists other articles with their own bylines further down.
    """

    def is_byline(tag: Tag) -> bool:
        itemprop = str(tag.get("itemprop") or "").split()  # "author creator"
        marks = [m.lower() for m in (*(tag.get("class") or []), *itemprop, *(tag.get("rel") or []))]
        return any(_BYLINE_MARK.fullmatch(m) for m in marks) and not _in_chrome(tag)

    main = _html_main(soup)
    for root in (main, soup):
        for tag in root.find_all(is_byline):
            text = _element_text(tag)
            if text and len(text) < 160 and metadata.byline(text, bare=True):
                # Co-authors marked one by one beside it: "<span class=author>A</span> et <span class=author>B</span>".
                beside = (
                    [_element_text(t) for t in tag.parent.find_all(is_byline, recursive=False)] if tag.parent else []
                )
                names = beside if len(beside) > 1 else [text]
                return [re.sub(r"^(?:par|by|von)\s+", "", name, flags=re.I) for name in names]
    return []


def _title_text(tag: Tag) -> str:
    """A heading's text as shown: no space before a comma or a full stop that markup put there."""
    return re.sub(r"\s+([,.)])", r"\1", _element_text(tag))


def _trafilatura_date(value: str | None) -> PartialDate | None:
    """trafilatura's date of the page (htmldate, from the page's markup only), if it is one."""
    try:
        return _html_date(value) if value else None
    except ValueError:
        return None


# Bylines that name a desk, not a person.
_NOT_A_PERSON = re.compile(
    r"\b(?:staff|team|desk|editors?|editorial|newsroom|reporters|correspondents?|agenc(?:y|ies)|rédaction|redaktion|"
    r"username|admin|contributors?|wires?)\b",
    re.I,
)


def _person_names(names: list[str], site_names: list[str]) -> list[str]:
    """The names that are people: not the publisher, not a desk, not a user name, no date glued on."""
    sites = {extract.key(site) for site in site_names}
    people = []
    for name in names:
        found = metadata.byline(name, bare=True)
        for person in found.authors if found else []:
            if extract.key(person) not in sites and not _NOT_A_PERSON.search(person):
                people.append(person)
    return list(dict.fromkeys(people))


def _trafilatura_authors(value: str | None, meta: dict) -> list[str]:
    """trafilatura's authors ("Jane Doe; JANE DOE"), as people, once each."""
    if not value:
        return []
    names = _person_names([part.strip() for part in value.split(";")], meta.get("site_names", []))
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(name.casefold(), name)
    return list(unique.values())


def _is_prose_piece(piece: _Piece) -> bool:
    """A piece that reads as the article's text even where trafilatura left it out."""
    if piece.kind in ("caption", "quote"):
        return True
    if piece.kind == "heading":  # a lead paragraph set as a heading
        return len(piece.text.split()) >= 12 and _is_paragraph(piece.text)
    return piece.kind in ("", "bullet", "numbered") and _is_paragraph(piece.text) and not _is_chrome(piece.text)


def _is_metadata_piece(piece: _Piece) -> bool:
    """A byline or a date line above the article's text."""
    if piece.kind:
        return False
    if metadata.is_prefixed_byline(piece.text) and len(piece.text.split()) <= 15 and not _is_paragraph(piece.text):
        return True  # "By Steven MufsonMarch 18 at 12:22 PM Follow @StevenMufson"
    return _stands_alone(piece.text) and not _is_chrome(piece.text)


def _html_metadata(soup: BeautifulSoup, name: str) -> dict:
    """Title, date, authors, outlet, URL, language and genre hints from meta tags and JSON-LD."""
    metas = _meta_tags(soup)
    ld = _json_ld_article(soup)
    meta: dict = {"warnings": [], "genre_hints": []}

    def first(*keys: str) -> tuple[str, int] | None:
        return next((metas[key][0] for key in keys if key in metas), None)

    site_names = [value for value, _ in metas.get("og:site_name", [])] + _ld_names(ld.get("publisher"))
    if site_names:
        meta["outlet"] = site_names[0]

    title = first("og:title")
    # The page's <title>, not the <title> of an inline SVG icon.
    title_tag = next((t for t in soup.find_all("title") if t.find_parent("svg") is None), None)
    if title is None and title_tag is not None and _element_text(title_tag):
        title = (_element_text(title_tag), title_tag.sourceline or 0)
    if title is None and isinstance(ld.get("headline"), str) and ld["headline"].strip():
        title = (_clean_space(ld["headline"]), 0)
    if title:
        meta["title"] = _strip_site_name(title[0], site_names)

    keys = ("article:published_time", "article:published", "datepublished", "og:published_time", "pdate")
    dates = [(value, line, f"meta {key}") for key in keys for value, line in metas.get(key, [])]
    dates += [(item["datePublished"], item["@line"], "JSON-LD datePublished") for item in _json_ld_dated(soup)]
    # Where the page's own statements differ, the earliest is the publication: a later one is an
    # update labelled as publication (a <meta> rewritten when the page was edited).
    stated = []
    for value, line, source in dates:
        try:
            stated.append((_html_date(value), f"{source}, line {line}"))
        except ValueError as error:
            meta["warnings"].append(f"{name}:{line}: the page's date {value!r} ({source}) is ignored: {error}")
    if not stated:  # a <time> element only when the page's metadata says nothing
        for tag in _publication_times(soup):
            try:
                stated.append((_html_date(tag["datetime"]), f"<time datetime>, line {tag.sourceline or 0}"))
                break
            except ValueError as error:
                meta["warnings"].append(
                    f"{name}:{tag.sourceline or 0}: the page's date {tag['datetime']!r} (<time datetime>)"
                    f" is ignored: {error}"
                )
    if stated:
        earliest = min(date.first_day() for date, _ in stated)
        meta["date"], meta["date_source"] = next((d, src) for d, src in stated if d.first_day() == earliest)

    meta["site_names"] = site_names
    tagged = [
        value for key in ("author", "article:author") for value, _ in metas.get(key, []) if not _is_web_address(value)
    ]
    authors = _person_names([n for value in tagged for n in _split_names(value)], site_names)
    if not authors:
        authors = _person_names(_ld_names(ld.get("author")), site_names)
    if not authors:
        authors = _person_names(_visible_bylines(soup), site_names)
    meta["authors"] = authors

    canonical = soup.find("link", rel=lambda rel: rel and "canonical" in rel, href=True)
    for url in (first("og:url"), (canonical["href"], 0) if canonical else None, (ld.get("url"), 0)):
        if url and isinstance(url[0], str):
            address = url[0].strip()
            address = "https:" + address if address.startswith("//") else address  # "//us.yahoo.com/news/"
            if _is_web_address(address):
                meta["url"] = address
                break

    root = soup.find("html")
    for language in ((root.get("lang") if root else None), (first("og:locale") or ("", 0))[0], ld.get("inLanguage")):
        if isinstance(language, str) and _language_code(language):
            meta["language"] = _language_code(language)
            break

    sections = [value for value, _ in metas.get("article:section", [])] + _ld_strings(ld.get("articleSection"))
    if any(_SECTION_GENRES.get(s.lower()) == "opinion" or _OPINION_HINTS.search(s) for s in sections) or any(
        "opinion" in kind.lower() for kind in _ld_types(ld)
    ):
        meta["genre_hints"].append("opinion")
    return meta


def _meta_tags(soup: BeautifulSoup) -> dict[str, list[tuple[str, int]]]:
    """Every <meta> with a content, by its property, name or itemprop (lowercase): [(content, line)]."""
    found: dict[str, list[tuple[str, int]]] = {}
    for tag in soup.find_all("meta"):
        value = _clean_space(tag.get("content") or "")
        keys = {
            str(tag.get(attribute)).strip().lower()
            for attribute in ("property", "name", "itemprop")
            if tag.get(attribute)
        }
        for key in sorted(keys) if value else ():
            found.setdefault(key, []).append((value, tag.sourceline or 0))
    return found


def _json_ld_article(soup: BeautifulSoup) -> dict:
    """The page's JSON-LD object for the article (the first whose @type is an article), or {}."""
    objects = _json_ld_objects(soup)
    articles = [o for o in objects if any(_ARTICLE_TYPES.search(t) for t in _ld_types(o))]
    return (articles or [o for o in objects if "datePublished" in o or "headline" in o] or [{}])[0]


def _json_ld_objects(soup: BeautifulSoup) -> list[dict]:
    """Every JSON-LD object of the page (@graph members too), each with the line of its script as "@line"."""
    objects = []
    for script in soup.find_all("script"):
        if str(script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        # Pages wrap their JSON-LD in CDATA sections or HTML comments for old browsers.
        source = re.sub(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$", "", script.string or "")
        try:
            data = json.loads(source)
        except (ValueError, RecursionError):
            continue  # a page's broken JSON-LD is the page's problem, not the curator's
        queue = [data]
        while queue:
            item = queue.pop(0)
            if isinstance(item, list):
                queue.extend(item)
            elif isinstance(item, dict):
                objects.append({**item, "@line": script.sourceline or 0})
                if isinstance(item.get("@graph"), list):
                    queue.extend(item["@graph"])
    return objects


def _json_ld_dated(soup: BeautifulSoup) -> list[dict]:
    """The page's JSON-LD objects for its article that state a publication date (a page may hold several)."""
    return [
        item
        for item in _json_ld_objects(soup)
        if isinstance(item.get("datePublished"), str)
        and (item.get("headline") or any(_ARTICLE_TYPES.search(t) for t in _ld_types(item)))
    ]


def _ld_types(item: dict) -> list[str]:
    return _ld_strings(item.get("@type"))


def _ld_strings(value) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [_clean_space(v) for v in values if isinstance(v, str) and v.strip()]


def _ld_names(value) -> list[str]:
    """Names in a JSON-LD person or organisation value: "X", {"name": "X"}, or a list of them."""
    if isinstance(value, list):
        return [name for item in value for name in _ld_names(item)]
    if isinstance(value, dict):
        return _ld_names(value.get("name"))
    if isinstance(value, str) and value.strip() and not _is_web_address(value.strip()):
        return [_clean_space(value)]
    return []


def _strip_site_name(title: str, site_names: list[str]) -> str:
    """ "Title - Site" and "Title | Site" (or "Site | Title") when Site is the page's own site name."""
    for site in site_names:
        site = re.escape(site)
        for pattern in (rf"^(.+?)\s+[-|–—·:]+\s+{site}$", rf"^{site}\s+[-|–—·:]+\s+(.+)$"):
            if m := re.match(pattern, title, re.I):
                return m.group(1).strip()
    return title


def _html_date(value: str) -> PartialDate:
    """The date an ISO timestamp starts with ("2024-11-02T08:00:00+01:00"), as written; or a French date."""
    if m := _HTML_DATE.match(value):
        return PartialDate(*(int(g) if g else None for g in m.groups()))
    if m := re.fullmatch(r"\s*((?:19|20)\d\d)(\d\d)(\d\d)\s*", value):  # "20160729"
        return PartialDate(*map(int, m.groups()))
    if found := metadata.find_date(value, "en"):  # "Sat Dec 07 2024 01:36:42 GMT+0000"
        return found[0]
    if _FRENCH_DATE.match(value.strip()):
        return _parse_date(value)
    raise ValueError("not an ISO date (YYYY-MM-DD)")


def _publication_times(soup: BeautifulSoup) -> list[Tag]:
    """<time datetime> elements that may date the article: marked as its publication, then the first of its text."""
    times = [t for t in soup.find_all("time", datetime=True) if not _in_chrome(t)]
    marked = [t for t in times if t.has_attr("pubdate") or str(t.get("itemprop", "")).lower() == "datepublished"]
    # An update's time is not the publication's.
    times = [t for t in times if "modif" not in str(t.get("itemprop", "")).lower() + " ".join(t.get("class") or [])]
    container = _html_main(soup)
    inside = [t for t in times if any(parent is container for parent in t.parents)]
    return marked + inside[:1] + times[:1]


def _in_chrome(element: Tag) -> bool:
    """Inside a comment thread, a sidebar, a menu or another piece of furniture (the page header is fine)."""
    for parent in element.parents:
        if parent.name in ("aside", "nav", "footer", "form") or (
            parent.name not in ("html", "body") and _chrome_attribute(parent)
        ):
            return True
    return False


def _chrome_attribute(tag: Tag) -> bool:
    words = " ".join([*(tag.get("class") or []), str(tag.get("id") or "")]).lower()
    words = _HTML_CHROME_EXCEPTIONS.sub("", words)
    return any(word in words for word in _HTML_CHROME_WORDS) or bool(_HTML_CHROME_NAMES.search(words))


# Class names of boxes of other articles: "other-opinion-columns", "more-stories", "most-read", "recirc".
_HTML_CHROME_NAMES = re.compile(
    r"(?:other|more)[-_][\w-]*(?:columns|stories|articles|news)|most[-_]?(?:read|popular|viewed)|recirc|read[-_]?next"
)


def _html_main(soup: BeautifulSoup) -> Tag:
    """The element holding the article: the <article> with the most text, else <main>, else <body>."""
    articles = [
        a for a in soup.find_all("article") if not any(p.name in ("aside", "nav", "footer", "form") for p in a.parents)
    ]
    if articles:
        main = max(articles, key=lambda a: sum(len(p.get_text()) for p in a.find_all("p")))
        # Its wrapper, when that adds little: the lead photo and its caption, set just above the <article>.
        size = len(main.get_text())
        while (
            main.parent is not None
            and main.parent.name not in ("body", "html", "[document]")
            and len(main.parent.get_text()) <= 1.1 * size
        ):
            main = main.parent
        return main
    return soup.find("main") or soup.find(attrs={"role": "main"}) or soup.body or soup


def _element_text(tag: Tag) -> str:
    return _clean_space(tag.get_text(" "))


@dataclass
class _Frame:
    """An element being read by _HtmlText._container: its children left, and the loose text met so far."""

    element: Tag
    children: object
    parts: list = field(default_factory=list)
    line: int = 0


class _HtmlText:
    """The pieces of text of an element, in reading order, furniture dropped."""

    def __init__(self, root: Tag):
        self.root = root
        self.size = len(root.get_text()) or 1
        self.pieces: list[_Piece] = []
        self.h1: list[str] = []
        self.dropped: list[str] = []  # the text of the furniture left out (asides, menus, hidden elements)
        self._container(root)

    def _dropped(self, tag: Tag) -> bool:
        if tag is self.root:
            return False
        if tag.name == "header" and tag.find("h1") is not None and tag.find_parent(["article", "main"]) is not None:
            return False  # the article's own header: its headline, standfirst, byline and date
        if tag.name in _HTML_DROP or tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true":
            return True
        if str(tag.get("role", "")).lower() in _HTML_DROP_ROLES:
            return True
        if re.search(r"display\s*:\s*none", str(tag.get("style", ""))):
            return True
        # A wrapper holding most of the page ("menu-and-content") is layout, not furniture.
        return _chrome_attribute(tag) and len(tag.get_text()) < self.size / 2

    def _container(self, element: Tag) -> None:
        """Blocks in order; text between them (not in any <p>) makes paragraphs too.

        A loop over a stack, not recursion: saved pages nest wrappers hundreds deep.
        """
        frames = [_Frame(element, iter(element.children))]
        while frames:
            frame = frames[-1]
            child = next(frame.children, None)
            if child is None:
                self._flush(frame)
                frames.pop()
            elif isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString) and str(child).strip():
                    frame.line = frame.line or frame.element.sourceline or 0
                    frame.parts.append(str(child))
            elif not isinstance(child, Tag):
                continue
            elif self._dropped(child):
                if child.name not in ("script", "style", "noscript", "template", "svg"):
                    self.dropped.append(child.get_text(" "))
            elif child.name == "figure" and child.find("figcaption") is None and child.find(_is_credit) is not None:
                self._flush(frame)
                self._caption(child)  # a photo with no caption but its credit ("JIM WATSON/AFP/Getty Images")
            elif _caption_class(child) and child.find_parent(["figure", "figcaption"]) is None and child.get_text(strip=True):
                self._flush(frame)
                self._caption(child)  # <span class="pb-caption">, <p class="caption">: a caption, by its class
            elif child.name == "br":
                frame.parts.append(_BREAK)
            elif child.name in _HTML_BLOCKS or child.find(_HTML_BLOCKS) is not None:
                self._flush(frame)
                if child.name in _HTML_TEXT_BLOCKS:
                    self._block(child)
                else:  # a wrapper (div, section, figure, a link around a heading…): read its children
                    frames.append(_Frame(child, iter(child.children)))
            else:
                frame.line = frame.line or child.sourceline or 0
                frame.parts.append(self._inline(child))

    def _flush(self, frame: _Frame) -> None:
        self._paragraphs("".join(frame.parts), frame.line or frame.element.sourceline or 0)
        frame.parts, frame.line = [], 0

    def _block(self, tag: Tag) -> None:
        line = tag.sourceline or 0
        name = tag.name
        if name == "h1":
            self.h1.append(self._text(tag))  # the title, known from the page's metadata
            self._add(line, self.h1[-1], "title")  # where the article's header starts
        elif name in ("h2", "h3", "h4"):
            self._add(line, self._text(tag), "heading")
        elif name == "p" and _link_only(tag):
            self._add(line, self._text(tag), "teaser")  # a link to another article, alone in its paragraph
        elif name in ("p", "h5", "h6", "pre", "dt", "dd", "summary", "caption"):
            self._paragraphs(self._inline(tag), line)
        elif name in ("ul", "ol"):
            self._list(tag)
        elif name == "li":
            self._item(tag, "bullet", "")
        elif name == "blockquote":
            self._quote(tag)
        elif name == "figcaption":
            self._caption(tag)
        elif name not in _HTML_TEXT_BLOCKS:
            self._container(tag)

    def _inline(self, tag: Tag, skip: tuple[Tag, ...] = (), skip_names: tuple[str, ...] = ()) -> str:
        """The text inside `tag`, <br> and block edges marked, dropped elements left out."""
        if tag.name == "br":
            return _BREAK
        parts: list[str] = []
        stack = [(iter(tag.children), "")]  # (children left, text that closes the element)
        while stack:
            children, closing = stack[-1]
            child = next(children, None)
            if child is None:
                parts.append(closing)
                stack.pop()
            elif isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):
                    parts.append(str(child))
            elif (
                isinstance(child, Tag)
                and not self._dropped(child)
                and child.name not in skip_names
                and not any(child is other for other in skip)  # identity: Tag == compares markup
            ):
                if child.name == "br":
                    parts.append(_BREAK)
                    continue
                edge = _PARAGRAPH_BREAK if child.name in _HTML_BLOCKS else ""
                parts.append(edge)
                stack.append((iter(child.children), edge))
        return "".join(parts)

    def _text(self, tag: Tag, skip: tuple[Tag, ...] = (), skip_names: tuple[str, ...] = ()) -> str:
        text = self._inline(tag, skip, skip_names)
        return _clean_space(text.replace(_BREAK, " ").replace(_PARAGRAPH_BREAK, " "))

    def _paragraphs(self, text: str, line: int) -> None:
        # Each <br> line stands alone, as each line of a .txt seed does: "Par X<br>Publié le…".
        for part in re.split(f"[{_BREAK}{_PARAGRAPH_BREAK}]", text):
            self._add(line, _clean_space(part), "")

    def _add(self, line: int, text: str, kind: str, extra: str = "") -> None:
        if not text:
            return
        if kind:
            self.pieces.append(_Piece(line, text, kind, extra))
        else:
            self.pieces.extend(_Piece(line, part.strip()) for part in _GLUED.split(text) if part.strip())

    def _list(self, tag: Tag) -> None:
        ordered = tag.name == "ol"
        number = int(tag["start"]) if str(tag.get("start", "")).isdigit() else 1
        for child in tag.children:
            if not isinstance(child, Tag) or self._dropped(child):
                continue
            if child.name == "li":
                if str(child.get("value", "")).isdigit():
                    number = int(child["value"])
                self._item(child, "numbered" if ordered else "bullet", str(number) if ordered else "")
                number += 1
            elif child.name in _HTML_BLOCKS:
                self._block(child)

    def _item(self, item: Tag, kind: str, extra: str) -> None:
        self._add(item.sourceline or 0, self._text(item, skip_names=("ul", "ol")), kind, extra)
        for sublist in item.find_all(["ul", "ol"]):
            if sublist.find_parent("li") is item and not self._dropped_between(sublist, item):
                self._list(sublist)

    def _dropped_between(self, tag: Tag, ancestor: Tag) -> bool:
        node = tag
        while node is not None and node is not ancestor:
            if self._dropped(node):
                return True
            node = node.parent
        return False

    def _quote(self, quote: Tag) -> None:
        """A quotation; a <cite> or <footer> of its own, or a last line "— Name", is its attribution."""
        sources = [c for c in quote.find_all(["cite", "footer"]) if c.find_parent("p") is None]
        attribution = next((text for text in map(_element_text, sources) if text), "")
        lines = re.split(f"[{_BREAK}{_PARAGRAPH_BREAK}]", self._inline(quote, skip=tuple(sources)))
        lines = [line for line in map(_clean_space, lines) if line]
        if not attribution and len(lines) > 1 and (m := _MD_ATTRIBUTION.match(lines[-1])):
            attribution, lines = m.group(1), lines[:-1]
        self._add(quote.sourceline or 0, " ".join(lines), "quote", _clean_space(attribution.lstrip("—–- ")))

    def _caption(self, caption: Tag) -> None:
        """A photo caption; its credit from an element of its own (class credit, <small>), or a trailing "© X"."""
        credit_tag = caption.find(
            lambda t: (
                t.name in ("small", "cite")
                or any(w in " ".join(t.get("class") or []).lower() for w in ("credit", "copyright", "source", "attribution"))
            )
        )
        credit = self._text(credit_tag) if credit_tag is not None else ""
        text = self._text(caption, skip=(credit_tag,) if credit_tag is not None else ())
        if not credit and (m := _HTML_CREDIT.match(text) or _CREDIT_TAIL.match(text)):
            text, credit = m.group(1).strip(), m.group(2).strip()
        credit = re.sub(r"^(?:©|\(c\)|Crédits?\s*(?:photo)?\s*:|Credits?\s*:|Photo\s*:)\s*", "", credit, flags=re.I)
        if _FILE_NAME.fullmatch(text):
            return  # "WEB18-Facebook-1160x768.jpg": the image's file name, not a caption
        if not text:  # a photo with its credit alone under it: the credit is what the page shows
            text, credit = credit, ""
        self._add(caption.sourceline or 0, text, "caption", credit)


_FILE_NAME = re.compile(r"\S+\.(?:jpe?g|png|gif|webp|avif|svg|tiff?)", re.I)


def _is_credit(tag: Tag) -> bool:
    """A photo's credit line by its class ("attribution", "credit", "copyright")."""
    return any(w in " ".join(tag.get("class") or []).lower() for w in ("credit", "copyright", "attribution"))


def _caption_class(tag: Tag) -> bool:
    """Whether the element's class names it a caption ("caption", "pb-caption", "caption-text")."""
    if tag.name in ("figure", "figcaption", "img"):
        return False
    return any(
        re.fullmatch(r"(?!(?:no|has|with|without)[-_])(?:[\w-]*[-_])?caption(?:[-_][\w-]*)?", name.lower())
        for name in tag.get("class") or []
    )


def _link_only(tag: Tag) -> bool:
    """A paragraph that is one link to another page and nothing else ("Five things we learned from …")."""
    only = tag
    while True:
        children = [c for c in only.children if not (isinstance(c, NavigableString) and not c.strip())]
        if len(children) != 1 or not isinstance(children[0], Tag):
            return False
        only = children[0]
        if only.name == "a":
            href = str(only.get("href") or "")
            return bool(href) and not href.startswith("#") and len(only.get_text(" ").split()) >= 3
        if only.name not in ("strong", "b", "em", "i", "span"):
            return False


def guess_language(text: str) -> str:
    """The language of a text, as a two-letter code, by py3langid's classifier ("fr" for no text)."""
    sample = text[:4000]  # plenty for a language, and classifying costs as the text is long
    if len(re.findall(r"\w+", sample)) < 3:
        return "fr"
    import py3langid  # imported here: only articles whose page does not say their language need it

    language, _ = py3langid.classify(sample)
    return language


def _pieces(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their numbers; paragraphs glued together are split again."""
    result = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = re.sub(r"[ \t\u00a0]+", " ", raw).strip()
        if not line:
            continue
        for glued in _GLUED_UPDATE.split(line):
            for piece in _GLUED.split(glued):
                if piece.strip():
                    result.append((number, piece.strip()))
    return result


def _drop_trailing_navigation(pieces: list[_Piece]) -> list[_Piece]:
    """Drop a run of three or more short menu-like lines at the end ("Nos projets", "Nous contacter")."""
    kept, menu = list(pieces), []
    # Marked-up structure (a list, a heading) is the author's, never a menu the copy dragged along.
    while kept and not kept[-1].kind and (_is_chrome(kept[-1].text) or _is_menu_item(kept[-1].text)):
        piece = kept.pop()
        if _is_menu_item(piece.text):
            menu.append(piece)
    return kept if len(menu) >= 3 else pieces


_PULL_QUOTE = re.compile(r"^[«“\"„‘]\s*(.{8,160}?)\s*[»”\"“’]$")


def _drop_pull_quotes(blocks: list[Block]) -> list[Block]:
    """Without the pull quotes: a short quotation set apart, whose words the text says in full elsewhere."""
    texts = [normalize_key(block.text) for block in blocks]
    kept = []
    for index, block in enumerate(blocks):
        m = _PULL_QUOTE.match(block.text)
        if m and block.kind in ("paragraph", "heading", "quote") and len(m.group(1).split()) <= 15:
            words = normalize_key(m.group(1))
            if any(words in text for other, text in enumerate(texts) if other != index and len(text) > len(words)):
                continue
        kept.append(block)
    return kept


def _drop_trailing_topics(blocks: list[Block]) -> None:
    """Drop the list of topics the page sets between the text's end and its comments: three or more
    short lines ("Agriculture", "Biodiversité", "Ille-et-Vilaine")."""
    count = 0
    while count < len(blocks) and blocks[-1 - count].kind == "paragraph" and _is_menu_item(blocks[-1 - count].text):
        count += 1
    if count >= 3:
        del blocks[-count:]


def _is_chrome(line: str) -> bool:
    return chrome.is_chrome(line)


def _is_menu_item(line: str) -> bool:
    return (
        len(line.split()) <= 4
        and not line.endswith(_TERMINAL)
        and ":" not in line
        and not line[:1].isdigit()
        and not _URL_LINE.match(line)
        and not _BY_EN.match(line)
        and not _BYLINE_FR.match(line)
    )


def _glued_sections(line: str) -> list[str]:
    """Section labels written without spaces: "ActualitésInternational" -> ['news', 'news']."""
    parts = re.findall(r"[A-ZÀ-Ý][a-zà-ÿ]+", line)
    if len(parts) > 1 and "".join(parts) == line and all(p.lower() in _SECTION_GENRES for p in parts):
        return [_SECTION_GENRES[p.lower()] for p in parts]
    return []


def _is_paragraph(line: str) -> bool:
    return line.endswith(_TERMINAL) and len(line.split()) >= 8


def _caption(line: str, lineno: int) -> Block | None:
    """A photo caption with its credit, in the forms news sites print them."""
    if m := _BBC_CAPTION.match(line):
        return Block("caption", m.group(2).strip(), lineno, extra=m.group(1).strip())
    m = _CREDIT_TAIL.match(line)
    if m and (_CAPTION_START.match(line) or "photo" in m.group(2).lower()):
        credit = re.sub(r"^Photo\s*:\s*", "", m.group(2).strip(), flags=re.I)
        return Block("caption", m.group(1).strip(), lineno, extra=credit)
    for form in _CREDIT_FORMS:
        if (m := form.match(line)) and len(m.group("text").split()) >= 3:
            credit = _clean_space(m.group("credit"))
            return Block("caption", m.group("text").strip(), lineno, extra=credit)
    return None


def _body_block(line: str, lineno: int) -> Block:
    if m := _BULLET.match(line):
        return Block("bullet", m.group(1).strip(), lineno)
    if m := _NUMBERED.match(line):
        return Block("numbered", m.group(2).strip(), lineno, extra=m.group(1))
    return Block("paragraph", line, lineno)


def _mark_headings(blocks: list[Block]) -> list[Block]:
    """A short line without final punctuation, followed by text, is a section heading."""
    for index, block in enumerate(blocks):
        follows = index + 1 < len(blocks)
        if (
            block.kind == "paragraph"
            and follows
            and not block.text.rstrip('»"” ').endswith(_TERMINAL)
            and len(block.text.split()) <= 14
            and block.text[:1].isupper()
        ):
            block.kind = "heading"
    return blocks


def _group_quotes(blocks: list[Block]) -> list[Block]:
    """A short paragraph followed by "First Last, role" is a quotation with its attribution."""
    result: list[Block] = []
    for block in blocks:
        previous = result[-1] if result else None
        if (
            block.kind in ("heading", "paragraph")
            and previous is not None
            and (previous.kind == "paragraph" or (previous.kind == "quote" and not previous.extra))
            and len(previous.text) < 300
            and not block.text.endswith(_TERMINAL)
            and _ATTRIBUTION.match(block.text)
        ):
            previous.kind, previous.extra = "quote", block.text
            continue
        result.append(block)
    return result


def _split_names(value: str) -> list[str]:
    names = re.split(r",\s*|\s+et\s+|\s+and\s+|\s*&\s*", value.strip())
    return [n.strip() for n in names if n.strip()]


def _set_date(article: Article, value: str, source: str, name: str, lineno: int) -> None:
    if article.date is not None:
        return
    try:
        article.date = _parse_date(value)
    except ValueError as error:
        raise IngestError(f"{name}:{lineno}: impossible date {value!r}: {error}") from None
    article.date_source = source


def _parse_date(value: str) -> PartialDate:
    """`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a French date ("1er mai 2024"); ValueError otherwise."""
    if m := _FRENCH_DATE.match(value.strip()):
        day, month, year = m.groups()
        day = 1 if day == "1er" else int(day) if day else None
        return PartialDate(int(year), MONTHS_FR.index(month.lower()) + 1, day)
    return PartialDate.parse(value)


def _title_from_lead(blocks: list[Block]) -> str:
    for block in blocks:
        if block.kind == "paragraph":
            start, end = sentence_spans(block.text)[0]
            sentence = block.text[start:end].rstrip(".")
            if len(sentence) <= 110:
                return sentence
            cut = sentence[:100].rsplit(" ", 1)[0]
            return cut.rstrip(",;:") + "…"
    return "Sans titre"
