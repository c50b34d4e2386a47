"""The dossier's files: written so that a crash or a kill never leaves one half-written; named and read
so that nothing from its data leads out of its folder.

- `write_atomic`: every write, through a temporary file swapped in whole.
- `inside`: every path made from data (an id, a slug, a file name) is a file of its folder, or an
  `UnsafeName` saying which value is refused.
- `read_bytes` / `read_text`: every read of a file of the dossier; a link that leads out of the
  dossier and anything that is not a regular file (a FIFO, a socket, a device, a folder) are refused
  without being opened, and an OSError becomes an `UnreadableFile` naming the file as the curator
  does (from the dossier's folder).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from .errors import DossierError, WriteError, reason, shown  # shown: used by the modules that name files


def write_atomic(path: Path, text: str | bytes, *, durable: bool = True) -> None:
    """Write `text` (or bytes) to `path` through a temporary file in the same folder, swapped in whole; synced to
    the disk first, unless not `durable` (a cache, which the next build checks).

    Raises WriteError (a DossierError) when it cannot be written, the file as it was."""
    try:
        _write_atomic(path, text, durable)
    except WriteError:
        raise
    except OSError as error:
        raise not_written(path, error) from None


def _write_atomic(path: Path, text: str | bytes, durable: bool = True) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777  # the file keeps its permissions
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # a new file gets what the curator's umask gives
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, mode)
        binary = isinstance(text, bytes)
        with os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def not_written(path: Path, error: OSError, root: Path | None = None) -> WriteError:
    """The WriteError of a file `write_atomic` could not write: named from `root` (else from the current
    folder when inside it), and kept as it was (or never created)."""
    kept = "the previous version is kept" if os.path.lexists(path) else "it was not created"
    return WriteError(shown_path(path, root), reason(error), kept, error.errno)


def shown_path(path: Path, root: Path | None = None) -> str:
    """`path` as a message names it: from `root`, else from the current folder when inside it, else whole."""
    path = Path(os.path.abspath(path))
    try:
        here = Path.cwd()
    except OSError:  # the current folder was removed
        here = None
    for base in (root, here):
        if base is not None and path.is_relative_to(os.path.abspath(base)):
            return path.relative_to(os.path.abspath(base)).as_posix() or "."
    return str(path)


@contextlib.contextmanager
def naming(path: Path):
    """An OSError raised while writing `path` names it (a failed write() names no file)."""
    try:
        yield
    except OSError as error:
        if error.filename is None:
            error.filename = str(path)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# --- names made from data ------------------------------------------------------------------------------------

# The longest file name most file systems take (bytes of its UTF-8).
NAME_MAX = 255


class UnsafeName(DossierError):
    """A name from the dossier's data (an id, a slug, a file name) that does not name a file inside its folder."""


def inside(folder: Path, name: str, suffix: str = "", *, nested: bool = False) -> Path:
    """`folder / (name + suffix)`, where `name` comes from data: one file name of `folder` (with `nested`,
    a relative path of names under it). Raises UnsafeName naming the value when it would lead anywhere
    else: an absolute path, `..`, a separator where one name is expected, a NUL, a name too long for a
    file system, or a link out of `folder`."""
    problem = _name_problem(name, suffix, nested)
    if problem is None:
        path = folder / f"{name}{suffix}"
        base, target = Path(os.path.realpath(folder)), Path(os.path.realpath(path))
        if target.is_relative_to(base) and target != base:
            return path
        problem = f"leads out of {folder.name}/ (through a link)"
    raise UnsafeName(f"{shown(name)} {problem}")


def _name_problem(name: str, suffix: str, nested: bool) -> str | None:
    """Why `name` cannot be a file name (or with `nested`, a relative path), or None."""
    if not isinstance(name, str) or not name:
        return "is not a name" if not isinstance(name, str) else "is empty"
    if "\0" in name:
        return "holds a NUL character"
    if "\\" in name:
        return "holds a '\\' (a path separator on Windows)"
    if name.startswith("/"):
        return "is an absolute path"
    parts = name.split("/")
    if ".." in parts:
        return "leads up out of its folder ('..')"
    if len(parts) > 1 and not nested:
        return "holds a '/': one file name is expected"
    if any(part in ("", ".") for part in parts):
        return "is not a file name" if len(parts) == 1 else "holds an empty or '.' part: not a path of file names"
    if len(f"{parts[-1]}{suffix}".encode("utf-8", "surrogatepass")) > NAME_MAX:
        return f"is longer than the {NAME_MAX} bytes a file name may have"
    return None


# --- reading ---------------------------------------------------------------------------------------------------


class UnreadableFile(DossierError):
    """A file of the dossier that is not read: a link out of the dossier, not a regular file, or one the
    system would not give (no permission, an input/output error, gone while being read). `name` is the
    file as the curator names it, `reason` what is wrong with it."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name, self.reason = name, reason


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def relative_name(path: Path, root: Path) -> str:
    """`path` as the curator names it: from the dossier's folder `root` (as it is when it is elsewhere)."""
    path, root = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def read_bytes(path: Path, root: Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file at `path`, a file of the dossier whose folder is `root`; at most
    `limit` + 1 of them when `limit` is given (the caller says what is too large).

    Raises UnreadableFile (a DossierError) when `path` leads out of `root` through a link, is not a
    regular file (never opened, so a FIFO cannot block), or cannot be read."""
    try:
        target = os.path.realpath(path)
        if not _within(target, os.path.realpath(root)):
            raise UnreadableFile(relative_name(path, root), f"a link to {shown(target)}, outside the dossier; not followed")
        _check_regular(path, root, os.stat(target).st_mode)
        # O_NONBLOCK: should a FIFO take the file's place between stat and open, opening it does not wait.
        handle = os.open(target, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with open(handle, "rb") as stream:
            _check_regular(path, root, os.fstat(handle).st_mode)
            return stream.read() if limit is None else stream.read(limit + 1)
    except OSError as error:
        raise UnreadableFile(relative_name(path, root), f"cannot be read ({strerror(error)})") from None


def _within(target: str, folder: str) -> bool:
    """Whether the real path `target` is `folder` or under it (both real paths)."""
    return target == folder or target.startswith(folder.rstrip(os.sep) + os.sep)


def read_text(path: Path, root: Path, encoding: str = "utf-8-sig", errors: str = "strict") -> str:
    """The text of the regular file at `path` (see read_bytes); a UnicodeDecodeError is the caller's to tell."""
    return read_bytes(path, root).decode(encoding, errors)


def _check_regular(path: Path, root: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = next((kind for test, kind in _KINDS if test(mode)), "not a file")
        raise UnreadableFile(relative_name(path, root), f"cannot be read ({kind}, not a regular file)")


def strerror(error: OSError) -> str:
    """"Permission denied" -> "permission denied"."""
    text = error.strerror or str(error) or type(error).__name__
    return text[:1].lower() + text[1:]
