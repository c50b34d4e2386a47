"""The annotated articles as the render reads them: content/articles/*.md, front matter with its lines, the body."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core import frontmatter
from ..core.errors import shown
from ..core.files import UnreadableFile, read_bytes
from ..core.frontmatter import FrontMatterError
from ..core.text import UNSAFE, slugify
from ..curate.annotate import stored_hash_matches

# Never shown, never written to a feed (see text.UNSAFE).
_INVISIBLE = UNSAFE


LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")


def clean_text(value: str) -> str:
    """`value` without control and bidirectional-formatting characters (line ends and tabs kept)."""
    return _INVISIBLE.sub("", value)


def clean_line(value: str) -> str:
    """One line of text to show: cleaned, its runs of white space made single spaces."""
    return " ".join(clean_text(value).split())


def has_invisible(value: str) -> bool:
    return bool(_INVISIBLE.search(value))


@dataclass
class SourceArticle:
    """An annotated article file as the curator may have edited it."""

    path: str
    metadata: dict
    body: str
    lines: dict[str, int] = field(default_factory=dict)  # front matter key -> its line in the file
    body_line: int = 1  # line of the file where the body starts
    edited: bool = False  # written from a seed, then edited by hand (its stored hash no longer matches)


def parse_front_matter(text: str) -> tuple[dict, dict[str, int], list[tuple[int, str, str]], str, int]:
    """An article file's typed fields, the line of each, the fields that could not be read as
    (line, key, reason) — "date: 2024-02-31" is YAML's timestamp of no day — the body (stripped)
    and the line the body starts on. Raises FrontMatterError when the front matter as a whole
    cannot be read."""
    front = frontmatter.read(text)
    body = front.body.lstrip()
    body_line = front.body_line + front.body.count("\n", 0, len(front.body) - len(body))
    return front.fields, front.lines, front.refused, body.rstrip(), body_line


def type_name(value) -> str:
    """How a curator would name the type of a YAML value."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dt.date):
        return "a date"
    return {list: "a list", dict: "a mapping", int: "a number", float: "a number", str: "text"}.get(
        type(value), "nothing" if value is None else type(value).__name__
    )


@dataclass
class Sources:
    """The article files that can be rendered, and what is wrong with the others."""

    articles: list[SourceArticle] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class SourceRead:
    """One article file as read: its text, the article (None when it cannot be rendered), what is wrong with it."""

    path: Path
    text: str = ""
    article: SourceArticle | None = None
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unreadable: bool = False  # not read at all: a link out of the dossier, not a regular file, refused by the system


def source_name(path: Path, root: Path) -> str:
    """How messages name the article file at `path`: from the dossier's folder `root`."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def read_source(path: Path, root: Path, data: bytes | None = None) -> SourceRead:
    """Read one `content/articles/*.md` (`data`: its bytes, when read already); a file that cannot be
    read is an error, and left out."""
    name = source_name(path, root)
    read = SourceRead(path)
    try:
        if data is None:
            data = read_bytes(path, root)  # never a link out of the dossier, never a FIFO
        read.text = text = data.decode("utf-8-sig")
    except UnreadableFile as error:
        read.errors.append(f"{error}; article left out")
        read.unreadable = True
        return read
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        read.errors.append(
            f"{name}:{line}: not UTF-8 text (byte 0x{data[error.start]:02x}); article left out "
            "(save the file as UTF-8)"
        )
        return read
    try:
        metadata, lines, bad, body, body_line = parse_front_matter(text)
    except FrontMatterError as error:
        where = f"{name}:{error.line}" if error.line else name
        read.errors.append(f"{where}: invalid front matter: {error}; article left out")
        return read
    for line, key, reason in bad:
        read.errors.append(f"{name}:{line}: field {shown(key)}: {reason}; ignored")
    slug = metadata.get("slug")
    if slug is not None and not isinstance(slug, str | int):
        read.errors.append(f"{name}:{lines['slug']}: field 'slug': must be text, not {type_name(slug)}; ignored")
        slug = None
    slug = str(slug or path.stem)
    if slug != slugify(slug):
        # The slug becomes a folder of the site: never let it leave its place.
        where = f"{name}:{lines['slug']}" if "slug" in lines else name
        read.warnings.append(f"{where}: field 'slug': {shown(slug)} is not a safe slug; using {shown(slugify(slug) or path.stem)}")
        slug = slugify(slug) or slugify(path.stem) or "article"
    metadata["slug"] = slug
    read.article = SourceArticle(name, metadata, body, lines, body_line, hand_edited(metadata, text))
    return read


def hand_edited(metadata: dict, text: str) -> bool:
    """Whether an article file the build wrote from a seed (it names one) was edited by hand since:
    the hash the build stored of what it wrote no longer matches (the check the build makes before
    writing it again)."""
    return isinstance(metadata.get("seed"), str) and not stored_hash_matches(text)


def collect_sources(reads) -> Sources:
    """The articles of `reads` (in their order) that can be rendered: two may not share a slug."""
    found, seen = Sources(), {}
    for read in reads:
        found.warnings += read.warnings
        found.errors += read.errors
        article = read.article
        if article is None:
            continue
        slug = article.metadata["slug"]
        if slug in seen:
            found.errors.append(f"{article.path}: field 'slug': {shown(slug)} is already the slug of {seen[slug]}; article left out")
            continue
        seen[slug] = article.path
        found.articles.append(article)
    return found


def read_sources(folder: Path, root: Path) -> Sources:
    """Read every `content/articles/*.md`; a file that cannot be read is an error, and left out."""
    return collect_sources(read_source(path, root) for path in sorted(folder.glob("*.md")))


def read_articles(folder: Path, root: Path) -> tuple[list[SourceArticle], list[str]]:
    """Read every `content/articles/*.md`; return the articles and one message per problem (errors included)."""
    found = read_sources(folder, root)
    return found.articles, found.warnings + found.errors


def field_text(value) -> str | None:
    """A front matter value as text, if it is one: text, a number or a date; None for lists, mappings, true/false."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | dt.date):
        return None
    return str(value)


def body_language(metadata: dict) -> str | None:
    """The language of an article (its field `language`, "fr" when there is none); None when it is not a language code."""
    value = metadata.get("language")
    if value is None or value == "":
        return "fr"
    match = LANGUAGE_TAG.match(value.strip()) if isinstance(value, str) else None
    return match.group(1).lower() if match else None
