"""What a build read from the dossier's files, kept in `.cache/` for the next build, and trusted only
while each file is the very file that was read, unchanged.

A file is known by its stat: its size, its modification time, its change time and its inode. The
change time (st_ctime) is the system's own: no program can set it back, so a file edited in place,
to the same size, and then given its old modification time again (`touch -d`, `os.utime`) still
differs; a file replaced (an editor that saves to a new file, `git checkout`) has a new inode.

A file changed less than SETTLE before it was read is *racy*: a second change within the same tick
of the file system's clock could leave its stat as it was. An entry of such a file is trusted only
once the file's bytes, read again, have the hash the entry holds (`same_bytes`); the next build then
knows it as settled (git's index does the same).

A cache is one JSON file, written whole (`write_atomic`). One that cannot be read, is larger than its
bound, is not JSON or not of the shape this code writes is ignored: every file is read again. What
each entry holds is checked by its user, and an entry that is not as written is read again too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from pathlib import Path

from .files import UnreadableFile, read_bytes, write_atomic

# How long after its last change a file is settled: above the coarsest clock of common file systems
# (FAT's two seconds) and small offsets between a network file system's clock and this machine's.
SETTLE_NS = 3_000_000_000


def now() -> int:
    """The time to record with a stat taken after it (nanoseconds, the system's clock)."""
    return time.time_ns()


def file_key(path: Path | str) -> list[int] | None:
    """[size, modification time, change time, inode] of the regular file at `path`; None when it is
    not one (a link, a folder, a FIFO), or is not there: such a file is never taken from a cache."""
    try:
        status = os.lstat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]


def settled(key: list[int], checked: int) -> bool:
    """Whether a file of stat `key`, read at the time `checked`, had not changed for SETTLE by then."""
    return max(key[1], key[2]) < checked - SETTLE_NS


def matches(entry, key: list[int] | None) -> bool:
    """Whether `entry` (an entry of a cache, as read) is of the file whose stat is `key`, now."""
    return (
        key is not None and isinstance(entry, dict) and entry.get("stat") == key
        and type(entry.get("checked")) is int and isinstance(entry.get("sha256"), str)
    )


def trusted(entry: dict, key: list[int], path: Path) -> bool:
    """Whether an entry that `matches` the file at `path` holds what the file holds: at once when the
    file was settled when read; else once `confirm`ed by its bytes."""
    return settled(key, entry["checked"]) or confirm(entry, path)


def confirm(entry: dict, path: Path) -> bool:
    """Whether the file at `path` has, now, the stat and the bytes' hash `entry` holds; if so, its
    `checked` time moves to now (the entry is settled from then on if the file was, for the caller
    to keep)."""
    checked = now()
    key = file_key(path)  # after the time: a change after it is a change of stat
    if key is None or key != entry["stat"]:
        return False
    data = same_bytes(path, key)
    if data is None or hashlib.sha256(data).hexdigest() != entry["sha256"]:
        return False
    entry["checked"] = checked
    return True


def settle(entries: dict[str, dict], paths: dict[str, Path]) -> None:
    """At the end of a build: each racy entry (its file changed just before it was read) whose file
    is settled by now, confirmed by its bytes, so that the next build trusts its stat alone (and need
    not read it nor write the cache again); an entry whose file changed since is dropped."""
    moment = now()
    for name in [name for name, entry in entries.items() if not settled(entry["stat"], entry["checked"])]:
        if settled(entries[name]["stat"], moment) and not confirm(entries[name], paths[name]):
            del entries[name]


def same_bytes(path: Path, key: list[int]) -> bytes | None:
    """The bytes of the regular file at `path` (never a link, never a FIFO) when it is still the file
    of stat `key`; else None."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return None
    with open(handle, "rb") as stream:
        try:
            status = os.fstat(handle)
            if not stat.S_ISREG(status.st_mode) or status.st_ino != key[3]:
                return None
            data = stream.read(key[0] + 1)
        except OSError:
            return None
    return data if len(data) == key[0] else None


def inside(folder: Path, root: Path) -> bool:
    """Whether `folder` is, links followed, the dossier's folder `root` or under it: only then are the
    files of `folder` that are not links (file_key) files of the dossier."""
    try:
        real, top = os.path.realpath(folder), os.path.realpath(root)
    except (OSError, ValueError):
        return False
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def load(path: Path, root: Path, kind: str, limit: int) -> dict:
    """The entries of the cache at `path` (`root`'s `.cache/…`) when it is one of `kind` (a name that
    says what the entries hold and the code that made them) and at most `limit` bytes; else {}."""
    try:
        data = read_bytes(path, root, limit)
    except UnreadableFile:  # none yet, or not a file this build may read
        return {}
    if len(data) > limit:
        return {}
    try:
        record = json.loads(data)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, nested beyond what Python reads
        return {}
    if not isinstance(record, dict) or record.get("kind") != kind or not isinstance(record.get("entries"), dict):
        return {}
    return record["entries"]


def save(path: Path, kind: str, entries: dict) -> None:
    """Write the cache at `path`; one that cannot be written (a read-only .cache/, a full disk) is left
    as it was: the next build reads the files again, and is as right. Not synced to the disk: after a
    crash, a cache that is not whole is not JSON, and ignored."""
    text = json.dumps({"kind": kind, "entries": entries}, ensure_ascii=False, separators=(",", ":"))
    with contextlib.suppress(OSError):  # WriteError is an OSError
        write_atomic(path, text + "\n", durable=False)


DIGESTS = Path(".cache") / "dossier-digests.json"
DIGESTS_KIND = "sha256 1"
DIGESTS_BOUND = 64 << 20  # some 400,000 files


class Digests:
    """The SHA-256 of files (the seeds, content/, the theme, the tool's code), taken from the last
    build's when a file is unchanged; `save` keeps this build's for the next one."""

    def __init__(self, root: Path):
        self.root, self.prefix = root, f"{str(root).rstrip(os.sep)}{os.sep}"
        self.entries = load(root / DIGESTS, root, DIGESTS_KIND, DIGESTS_BOUND)
        self.kept: dict[str, dict] = {}
        self.paths: dict[str, Path] = {}  # the file of each entry kept
        self.changed = False
        self.inside: dict[Path, bool] = {}  # by folder: whether its files are files under the folder they are read from
        self.hashed: dict[str, tuple] = {}  # by file: its stat and SHA-256 when this build read it (not read twice)

    def sha256(self, path: Path, top: Path) -> bytes:
        """The SHA-256 of the file at `path` as read_bytes(path, top) reads it, which raises UnreadableFile
        as it does: a file that is not a regular one, or a link, is read every time."""
        folder = path.parent
        if folder not in self.inside:
            self.inside[folder] = inside(folder, top)
        name = str(path)
        name = name[len(self.prefix):] if name.startswith(self.prefix) else name  # the tool's code: by its absolute path
        key = file_key(path) if self.inside[folder] else None
        if key is not None and self.hashed.get(name, (None,))[0] == key:  # read by this build already, unchanged since
            return self.hashed[name][1]
        entry = self.entries.get(name)
        if matches(entry, key) and len(entry["sha256"]) == 64:
            checked = entry["checked"]
            with contextlib.suppress(ValueError):  # not hexadecimal: read again
                digest = bytes.fromhex(entry["sha256"])
                if trusted(entry, key, path):
                    self.kept[name], self.paths[name] = entry, path
                    self.changed |= entry["checked"] != checked
                    return digest
        checked = now()
        key = file_key(path) if self.inside[folder] else None  # before the bytes: a change after it is a change of stat
        data = read_bytes(path, top)
        digest = hashlib.sha256(data)
        if key is not None and len(data) == key[0]:
            self.kept[name], self.paths[name] = {"stat": key, "checked": checked, "sha256": digest.hexdigest()}, path
            self.changed = True
            self.hashed[name] = (key, digest.digest())
        return digest.digest()

    def known(self, path: Path) -> bool:
        """Whether the last build hashed the file at `path` as it is now (the same stat), without reading it."""
        name = str(path)
        return matches(self.entries.get(name[len(self.prefix):] if name.startswith(self.prefix) else name), file_key(path))

    def save(self) -> None:
        """Keep the digests of the files this build read (those of files gone are dropped), if any changed."""
        if self.changed:
            settle(self.kept, self.paths)
        if self.changed or self.kept.keys() != self.entries.keys():
            save(self.root / DIGESTS, DIGESTS_KIND, self.kept)
