"""The article files as read by the last build (`read_source`), kept in `.cache/dossier-articles.json`: a
rebuild takes an article file that has not changed from there instead of parsing its front matter
again (core/statcache says when a file counts as unchanged).

Each entry holds all that `read_source` gives: the text, the fields, their lines, the body, and the
warnings and errors, which every build says again. An article whose fields JSON would not give back
exactly as they are (a value YAML builds that JSON has no form for) is read every time.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import sys
from pathlib import Path

from .. import __version__
from ..core import frontmatter, statcache
from ..core.files import UnreadableFile, read_bytes
from ..core.text import slugify
from .sources import SourceArticle, SourceRead, hand_edited, read_source, source_name

CACHE = Path(".cache") / "dossier-articles.json"
# The bound of the cache read back: what this code writes for files of that size, with room to spare.
BOUND_FACTOR, BOUND_MORE = 4, 1 << 20


@functools.cache
def _kind() -> str:
    """What the entries hold and the code that made them: a new version of the code reads every file again."""
    package = Path(__file__).resolve().parent.parent
    versions = f"{__version__}\0{sys.version}\0{frontmatter.yaml.__version__}\0{frontmatter._FAST_LOADER.__name__}"  # Unicode's tables, YAML's reader
    digest = hashlib.sha256(f"articles\0{versions}\0".encode())
    for path in [Path(__file__), package / "render" / "sources.py", *sorted((package / "core").glob("*.py"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"articles {digest.hexdigest()[:20]}"


class SourceCache:
    """`read_source` for the article files of one build, taken from the cache when a file is unchanged;
    `save` keeps what this build read for the next one."""

    def __init__(self, root: Path, folder: Path):
        self.root = root
        self.usable = statcache.inside(folder, root)  # content/articles/ a link out of the dossier: read_source refuses each file
        self.listed = sorted(folder.glob("*.md"))
        self.keys = {path: statcache.file_key(path) for path in self.listed} if self.usable else {}
        bound = BOUND_FACTOR * sum(key[0] for key in self.keys.values() if key) + BOUND_MORE
        self.entries = statcache.load(root / CACHE, root, _kind(), bound) if self.usable else {}
        self.kept: dict[str, dict] = {}  # what the next build finds: the entries of the files read by this one
        self.files: dict[str, Path] = {}  # the file of each entry kept
        self.changed = False

    def paths(self) -> list[Path]:
        """The article files, as listed when this build started."""
        return list(self.listed)

    def read(self, path: Path) -> SourceRead:
        """The article file at `path` as `read_source` reads it."""
        if not self.usable:
            return read_source(path, self.root)
        name = source_name(path, self.root)
        key = self.keys.pop(path, None) or statcache.file_key(path)  # listed at the start; else (written since) now
        entry = self.entries.get(name)
        if statcache.matches(entry, key):
            checked = entry["checked"]
            read = _from_entry(path, name, entry) if statcache.trusted(entry, key, path) else None
            if read is not None:
                self.kept[name], self.files[name] = entry, path
                self.changed |= entry["checked"] != checked
                return read
        return self._read_anew(path, name)

    def _read_anew(self, path: Path, name: str) -> SourceRead:
        checked = statcache.now()
        key = statcache.file_key(path)  # before its bytes: a change after this one is a change of stat
        try:
            data = read_bytes(path, self.root)
        except UnreadableFile:
            return read_source(path, self.root)  # which says why
        read = read_source(path, self.root, data)
        entry = _entry(read, data) if key is not None and len(data) == key[0] else None
        self.changed = True
        if entry is not None:
            self.kept[name], self.files[name] = {"stat": key, "checked": checked, **entry}, path
        return read

    def save(self) -> None:
        """Keep the entries of the files this build read (those of files gone are dropped), if any changed."""
        if self.usable and self.changed:
            statcache.settle(self.kept, self.files)
        if self.usable and (self.changed or self.kept.keys() != self.entries.keys()):
            statcache.save(self.root / CACHE, _kind(), self.kept)


def _entry(read: SourceRead, data: bytes) -> dict | None:
    """What the cache keeps of `read`; None when its fields would not come back exactly as they are."""
    entry = {"sha256": hashlib.sha256(data).hexdigest(), "text": read.text, "warnings": list(read.warnings), "errors": list(read.errors)}
    article = read.article
    if article is None:
        return {**entry, "article": None}
    fields = _fields_json(article.metadata)
    if fields is None:
        return None
    start = read.text.rfind(article.body)  # the body is text of the file: kept as where it is
    entry["article"] = {
        "fields": fields, "lines": dict(article.lines), "body": [start, len(article.body)], "body_line": article.body_line,
        "dated": _DATE in fields, "edited": article.edited,  # of the text: its hash not worked out again
    }
    return entry


_DATE = "\\u0000date"  # the key of a date (or a date and time) as the cache writes it: {"\u0000date": "2024-06-19"}


def _fields_json(metadata: dict) -> str | None:
    """`metadata` as JSON, if JSON gives it back exactly (types, order, values): else None."""
    try:
        text = json.dumps(metadata, ensure_ascii=False, default=_dated)
        back = _fields(text, _DATE in text)
    except (TypeError, ValueError, RecursionError):  # a key that is not text, a value that refers to itself
        return None
    return text if repr(back) == repr(metadata) else None


def _dated(value):
    if isinstance(value, dt.date):  # datetime too
        return {"\0date": value.isoformat()}
    raise TypeError(type(value).__name__)


def _undated(mapping: dict):
    if len(mapping) == 1 and isinstance(mapping.get("\0date"), str):
        text = mapping["\0date"]
        return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)
    return mapping


def _fields(text: str, dated: bool):
    return json.loads(text, object_hook=_undated) if dated else json.loads(text)


def _from_entry(path: Path, name: str, entry: dict) -> SourceRead | None:
    """The SourceRead `entry` holds; None when the entry is not as this code writes them."""
    text, warnings, errors, article = entry.get("text"), entry.get("warnings"), entry.get("errors"), entry.get("article", 0)
    if not (isinstance(text, str) and _texts(warnings) and _texts(errors)):
        return None
    read = SourceRead(path, text, None, list(warnings), list(errors))
    if article is None:
        return read
    try:
        fields, lines, (start, length), body_line = (
            _fields(article["fields"], article["dated"] is True), article["lines"], article["body"], article["body_line"])
    except (TypeError, ValueError, KeyError, RecursionError):
        return None
    if not (isinstance(fields, dict) and isinstance(lines, dict) and all(type(v) is int for v in lines.values())
            and type(start) is int and type(length) is int and 0 <= start <= start + length <= len(text) and type(body_line) is int):
        return None
    slug = fields.get("slug")
    if not (isinstance(slug, str) and slug and slugify(slug) == slug):  # a folder of the site: as safe as read_source makes it
        return None
    edited = article.get("edited")
    edited = edited if type(edited) is bool else hand_edited(fields, text)
    read.article = SourceArticle(name, fields, text[start:start + length], lines, body_line, edited)
    return read


def _texts(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
