"""Reading a seed: its bytes decoded (UTF-8, a BOM, a declared charset, cp1252 where nothing else fits), refused
when it is not text, and handed to the reader of its kind (`.txt`, `.md`, `.html`)."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from pathlib import Path

from ..core.errors import IngestError
from ..core.files import UnreadableFile, read_bytes, strerror
from ..core.model import Article
from ..core.text import UNSAFE

# A news article, even a saved page with its scripts, is a few MB at most; past this, a seed is
# something else (a dump, a book) that would hold up every build.
MAX_SEED_BYTES = 20_000_000


# File name endings read_seed understands; anything else is read as plain text.
SEED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


MARKDOWN_SUFFIXES = (".md", ".markdown")


HTML_SUFFIXES = (".html", ".htm")


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


# The control characters (Unicode's category Cc) but line ends and tabs.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

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
    controls = _CONTROLS.subn("", text)[1]  # counted without a list of them
    if controls > max(2, len(text) // 100):
        raise IngestError(f"{name}: does not look like text ({controls} control characters)")
    if not text.strip("\ufeff \t\r\n"):
        raise IngestError(f"{name}: empty file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return UNSAFE.sub("", unicodedata.normalize("NFC", text))


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
    # Each byte that is not UTF-8 becomes a lone surrogate (U+DC80 + its value), never a character of
    # text; each run of them is then read as cp1252. Linear, and no codec handler registered anywhere.
    legacy = 0

    def cp1252(run: re.Match) -> str:
        nonlocal legacy
        legacy += len(run.group())
        return bytes(ord(ch) - 0xDC00 for ch in run.group()).decode("cp1252")

    try:
        text = _ESCAPED.sub(cp1252, data.decode("utf-8", errors="surrogateescape")).removeprefix("\ufeff")
    except UnicodeDecodeError:  # one of the five bytes cp1252 leaves undefined
        raise IngestError(
            f"{name}: does not look like text: its bytes decode neither as UTF-8 nor as cp1252/latin-1"
        ) from None
    visible = sum(1 for ch in text if not ch.isspace())
    rare = sum(1 for ch in text if ch in _RARE_IN_TEXT)
    if (legacy >= 8 and legacy > _MAX_LEGACY_SHARE * visible) or (rare >= 8 and rare > 0.02 * visible):
        raise IngestError(
            f"{name}: does not look like text: it is not UTF-8, and read as cp1252 {legacy} of its"
            f" {visible} characters would be accented letters or symbols; save it as UTF-8"
        )
    return text


_ESCAPED = re.compile("[\udc80-\udcff]+")


def read_seed(path: Path, root: Path) -> Article:
    """Read the seed at `path` (its name reported relative to `root`) into an Article, by its format."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        size = os.stat(path).st_size
        data = read_bytes(path, root, limit=MAX_SEED_BYTES) if size <= MAX_SEED_BYTES else b""
    except UnreadableFile as error:  # a link out of the dossier, a FIFO, no permission: this seed only
        raise IngestError(f"{name}: {error.reason}") from None
    except OSError as error:
        raise IngestError(f"{name}: cannot be read ({strerror(error)})") from None
    if max(size, len(data)) > MAX_SEED_BYTES:
        raise IngestError(
            f"{name}: {max(size, len(data)) / 1e6:.1f} MB, over the {MAX_SEED_BYTES / 1e6:.0f} MB a seed may be;"
            " save the article's page or text alone"
        )
    # The readers are imported when a seed is read (BeautifulSoup takes a tenth of a second): a build
    # with nothing new to read does without them.
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        from .html import parse_html

        article = parse_html(decode(data, name, html=True), name)
    elif suffix in MARKDOWN_SUFFIXES:
        from .markdown import parse_markdown

        article = parse_markdown(decode(data, name), name)
    else:
        from .text import parse_text

        article = parse_text(decode(data, name), name)
    article.seed_sha256 = hashlib.sha256(data).hexdigest()
    return article
