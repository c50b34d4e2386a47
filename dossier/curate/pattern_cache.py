"""Long regular expressions compiled while a spaCy model loads, kept in the dossier's `.cache/`.

Why: loading the French model imports spaCy's French data, whose `tokenizer_exceptions` compiles one
pattern of 1,450,369 characters at import (TOKEN_MATCH: the hyphenated and elided words the tokenizer
keeps whole). On CPython 3.11 that one `re.compile` takes 2.3 s of CPU (0.6 s to parse it, 1.7 s to
make its code, most of it in `_optimize_charset`) of the 3.4 s that `import spacy` and the load of
`fr_core_news_sm` take; a build that adds one article waits for it before the article is read. Made
from its stored code, the same pattern takes 0.05 s (the file's 1.4 MB read and checked), and the
load 1.1 s. The English and German loads compile nothing that long: their longest patterns (spaCy's
prefixes and suffixes, 11,000 to 22,000 characters) take 0.03 s in all, 0.002 s made from the file.

How: within `kept_compiled`, `re._compiler.compile` (what `re.compile` calls for a pattern missing
from its own cache) is replaced by `Patterns.compile`. A str pattern of LONG characters or more is
looked up in FILE by the SHA-256 of its flags and text: found, the Pattern is made by `_sre.compile`
from the stored code; missing, it is compiled as the standard library does it (`_parser.parse`,
`_code`, `_sre.compile`) and its code is written to FILE when the block ends.

It relies on CPython's private `re._compiler` and `_sre`, whose `compile` is the same in 3.11, 3.12
and 3.13, and guards that: on another implementation or version, or with one of the names missing,
nothing is replaced. FILE names the Python that wrote it (`sys.version`, `_sre.MAGIC`,
`_sre.CODESIZE`): another one's is not used, and is replaced. At most MAX_BYTES of it are read; an
entry is used only when each value has the type and range the standard library gives, its checksum
holds (a cut file or a flipped digit is not used), and `_sre.compile`'s validator accepts the code
(RuntimeError otherwise). Whatever fails, the pattern is compiled as usual: the file never makes a
load fail. A file written on purpose with other code that the validator accepts, and a checksum to
match, would make a pattern match otherwise: it is the dossier's file, trusted as its pelicanconf.py
is (every build runs it), and written nowhere else (`inside`).

The build's own patterns are kept the same way, in another file (BUILD_FILE, `kept_compiled(root, build=True)`,
around the whole build): the build's process compiles some 650 patterns as it imports the tool and reads one
article added to a dossier (the outlets' credit lines, the words that say who said what, dates and figures in
each language, the registry's names), 0.16 s of CPU before the site's pages are rendered; made from the file,
0.06 s. Every pattern of 32 characters or more is kept. The file is written again only when the patterns
compiled in the block took BUILD_SAVE_AFTER seconds or more (a few patterns change with the articles read: an
outlet's name), with the entries the block used and those it compiled, so that it does not grow with them.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

from ..core.files import inside, read_bytes, write_atomic

FILE = Path(".cache") / "dossier-patterns.json"
BUILD_FILE = Path(".cache") / "dossier-build-patterns.json"

# Shorter patterns are compiled as usual: the longest one spaCy compiles apart from the French
# TOKEN_MATCH has 22,324 characters (German suffixes, 0.026 s); those under 10,000 take 0.01 s or less.
LONG = 10_000

# The most of FILE read (one French load writes 1.4 MB), and written: past it, only the patterns of
# the block that writes it are kept.
MAX_BYTES = 16_000_000

# The build's patterns (BUILD_FILE): the shortest kept (shorter ones compile about as fast as they are made from
# the file), and the compile time, in seconds, of the patterns missing from the file that has it written again.
BUILD_SHORTEST = 32
BUILD_SAVE_AFTER = 0.01

# The Pythons whose re._compiler.compile is known: the one `Patterns.compile` does again.
_KNOWN = ((3, 11), (3, 12), (3, 13))

# What the patterns of this process came from: "stored" (made from FILE), "compiled" (then kept),
# "refused" (an entry of FILE not used). The tests read it; nothing else does.
counts: Counter = Counter()


def _compiler():
    """CPython's `re._compiler` when its names are those `Patterns` uses, else None."""
    if sys.implementation.name != "cpython" or sys.version_info[:2] not in _KNOWN:
        return None
    try:
        import re._compiler as compiler

        names = (compiler.compile, compiler._code, compiler._parser.parse, compiler._sre.compile)
        constants = (compiler._sre.MAGIC, compiler._sre.CODESIZE, compiler.MAXCODE, compiler.SRE_FLAG_DEBUG)
    except (ImportError, AttributeError):
        return None
    return compiler if all(map(callable, names)) and all(isinstance(c, int) for c in constants) else None


def _python(compiler) -> dict:
    """What FILE's code is valid for: this Python, its regular expression engine and the size of its code words."""
    return {"version": sys.version, "magic": compiler._sre.MAGIC, "codesize": compiler._sre.CODESIZE}


@contextlib.contextmanager
def kept_compiled(root: Path | None, build: bool = False):
    """Within the block, the long patterns compiled are made from the dossier's FILE, and those missing
    from it are added to it at the end (the module says how, and why); with `build`, every pattern of
    BUILD_SHORTEST characters or more, in BUILD_FILE. Yields the `Patterns`, or None when nothing is
    replaced: no `root`, or a Python whose private names are not the known ones."""
    compiler = _compiler()
    if root is None or compiler is None:
        yield None
        return
    patterns = Patterns(root, compiler, build)
    compiler.compile = patterns.compile
    try:
        yield patterns
    finally:
        compiler.compile = patterns.original
        patterns.save()


class Patterns:
    """The replacement of `re._compiler.compile` within `kept_compiled`, and the entries of FILE."""

    def __init__(self, root: Path, compiler, build: bool = False):
        self.root, self.compiler, self.original = root, compiler, compiler.compile
        self.python = _python(compiler)
        self.file, self.shortest = (BUILD_FILE, BUILD_SHORTEST) if build else (FILE, LONG)
        self.build = build
        self.stored: dict | None = None  # the file's entries, read at the first long pattern
        self.new: dict[str, dict] = {}
        self.used: set[str] = set()  # the keys of the entries made from the file
        self.spent = 0.0  # seconds compiling the patterns missing from it

    def compile(self, pattern, flags=0):
        """What `re._compiler.compile(pattern, flags)` returns, a long pattern made from FILE when it is there."""
        if type(pattern) is not str or len(pattern) < self.shortest or type(flags) is not int or flags & self.compiler.SRE_FLAG_DEBUG:
            return self.original(pattern, flags)
        key = _key(pattern, flags)
        if self.stored is None:
            self.stored = _read(self.root, self.python, self.file)
        if key in self.stored:
            try:
                compiled = _rebuilt(self.compiler, key, pattern, flags, self.stored[key])
                counts["stored"] += 1
                self.used.add(key)
                return compiled
            except Exception:  # noqa: BLE001 — any entry the checks or _sre refuse: compiled again, and replaced
                counts["refused"] += 1
                del self.stored[key]
        start = time.process_time()
        try:
            compiled, entry = _compiled(self.compiler, key, pattern, flags)
        except Exception:  # noqa: BLE001 — an invalid pattern: re.error, as the standard library says it
            return self.original(pattern, flags)
        self.spent += time.process_time() - start
        counts["compiled"] += 1
        self.new[key] = entry
        return compiled

    def save(self) -> None:
        """Write FILE with the entries compiled in the block, when there are any; never fails (a cache)."""
        if not self.new or (self.build and self.spent < BUILD_SAVE_AFTER):
            return
        with contextlib.suppress(Exception):
            stored = self.stored or {}
            kept = {**({key: stored[key] for key in self.used} if self.build else stored), **self.new}
            text = _file_text(self.python, kept)
            if len(text) > MAX_BYTES:
                text = _file_text(self.python, self.new)
            if len(text) <= MAX_BYTES:
                write_atomic(inside(self.root, self.file.as_posix(), nested=True), text, durable=False)


def _file_text(python: dict, entries: dict) -> str:
    return json.dumps({"python": python, "patterns": dict(sorted(entries.items()))}, separators=(",", ":")) + "\n"


def _key(pattern: str, flags: int) -> str:
    """The SHA-256 of a pattern and its flags, as FILE names its entry."""
    return hashlib.sha256(f"{flags}\0{pattern}".encode("utf-8", "surrogatepass")).hexdigest()


def _checksum(key: str, flags: int, groups: int, groupindex: dict, code: list) -> str:
    """The SHA-256 of an entry of FILE, with the key it is stored under: its code as 64-bit words (a quarter of
    the time of its JSON, for the hundreds of patterns a build makes), or as JSON when it holds other values
    than such words (an entry crafted: `_rebuilt` refuses it anyway)."""
    head = json.dumps([key, flags, groups, groupindex], separators=(",", ":")).encode()
    try:
        words = array.array("Q", code).tobytes()
    except (TypeError, OverflowError, ValueError):
        words = json.dumps(code, separators=(",", ":")).encode()
    return hashlib.sha256(head + b"\0" + words).hexdigest()


def _read(root: Path, python: dict, file: Path = FILE) -> dict:
    """The entries of `file` written by this Python: {} when there is none, or it is too long, not JSON,
    not the shape `_file_text` writes, or another Python's."""
    try:
        data = read_bytes(root / file, root, MAX_BYTES)
        if len(data) > MAX_BYTES:
            return {}
        data = json.loads(data)
    except Exception:  # noqa: BLE001 — none, unreadable, not JSON (or nested past the recursion limit)
        return {}
    if not isinstance(data, dict) or data.get("python") != python or not isinstance(data.get("patterns"), dict):
        return {}
    return data["patterns"]


def _compiled(compiler, key: str, pattern: str, flags: int):
    """The Pattern `re._compiler.compile` makes of `pattern` (the same steps), and its entry for FILE."""
    parsed = compiler._parser.parse(pattern, flags)
    code = compiler._code(parsed, flags)
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    final, groups = flags | parsed.state.flags, parsed.state.groups
    compiled = compiler._sre.compile(pattern, final, code, groups - 1, groupindex, tuple(indexgroup))
    entry = {"flags": final, "groups": groups, "groupindex": dict(groupindex), "code": list(code)}
    entry["check"] = _checksum(key, final, groups, entry["groupindex"], entry["code"])
    return compiled, entry


def _rebuilt(compiler, key: str, pattern: str, flags: int, entry):
    """The Pattern of `pattern` made from its `entry` of FILE; ValueError when the entry is not one
    `_compiled` writes, RuntimeError when _sre refuses its code."""
    if not isinstance(entry, dict) or set(entry) != {"flags", "groups", "groupindex", "code", "check"}:
        raise ValueError("not an entry")
    final, groups, groupindex, code = entry["flags"], entry["groups"], entry["groupindex"], entry["code"]
    if not (_whole(final, 0, 2**31 - 1) and final & flags == flags and _whole(groups, 1, len(pattern))):
        raise ValueError("flags or groups")
    if not isinstance(groupindex, dict) or not all(isinstance(name, str) and _whole(index, 1, groups - 1)
                                                   for name, index in groupindex.items()):
        raise ValueError("group names")
    # Each word an int (JSON's numbers are ints or floats; a bool is no code word either) of the engine's range.
    if not isinstance(code, list) or set(map(type, code)) != {int} or min(code) < 0 or max(code) > compiler.MAXCODE:
        raise ValueError("code")
    if entry["check"] != _checksum(key, final, groups, groupindex, code):
        raise ValueError("checksum")
    indexgroup = [None] * groups
    for name, index in groupindex.items():
        if indexgroup[index] is not None:
            raise ValueError("a group named twice")
        indexgroup[index] = name
    return compiler._sre.compile(pattern, final, code, groups - 1, dict(groupindex), tuple(indexgroup))


def _whole(value, low: int, high: int) -> bool:
    """Whether `value` is an int (not a bool) from `low` to `high`."""
    return type(value) is int and low <= value <= high
