"""The exceptions of the pipeline: one small tree, caught once by the CLI; and `shown`, the form a
value from the dossier takes in a message."""

from __future__ import annotations

import builtins
import errno
import reprlib
from itertools import islice

SHOWN = 80  # the most characters of a value a message shows


class _Short(reprlib.Repr):
    """The standard library's bounded repr, bounded everywhere.

    `reprlib.Repr` is kept for what it does well: a limit per kind of value (characters of a
    string, items of a list, levels of nesting) so that a value is never walked beyond what is
    shown. Three of its methods are replaced, because they still cost as much as the value is
    large: a dict or a set is sorted whole before its first items are taken, an int is written out
    whole (and one of more than 4,300 digits raises ValueError), and any other object (bytes, a
    subclass of str or list) gets its whole builtin repr. Dispatch is by isinstance, not by the
    exact type's name, so that a subclass of str, list or dict is cut like its base.
    """

    def __init__(self):
        super().__init__()
        self.fillvalue = "…"
        self.maxlevel = 2
        self.maxtuple = self.maxlist = self.maxset = self.maxfrozenset = self.maxdeque = self.maxarray = 4
        self.maxdict = 3
        self.maxstring = self.maxother = SHOWN
        self.maxlong = 30

    def repr1(self, x, level):
        if isinstance(x, bool) or x is None:
            return builtins.repr(x)
        for kind, method in ((str, self.repr_str), (bytes | bytearray, self.repr_bytes), (int, self.repr_int),
                             (dict, self.repr_dict), (list, self.repr_list), (tuple, self.repr_tuple),
                             (set | frozenset, self.repr_set)):
            if isinstance(x, kind):
                return method(x, level)
        return self.repr_instance(x, level)

    def repr_str(self, x, level):
        return _cut(builtins.repr(str(x[: self.maxstring + 1])), len(x) > self.maxstring, self.maxstring)

    def repr_bytes(self, x, level):
        return _cut(builtins.repr(bytes(x[: self.maxstring + 1])), len(x) > self.maxstring, self.maxstring)

    def repr_int(self, x, level):
        if x.bit_length() > 3 * self.maxlong:  # ~0.3 digit a bit: never writes out a huge number
            return f"<a number of about {int(x.bit_length() * 0.30103) + 1:,} digits>"
        return builtins.repr(int(x))

    def repr_dict(self, x, level):
        if not x:
            return "{}"
        if level <= 0:
            return "{" + self.fillvalue + "}"
        pieces = [f"{self.repr1(key, level - 1)}: {self.repr1(value, level - 1)}" for key, value in islice(x.items(), self.maxdict)]
        if len(x) > self.maxdict:
            pieces.append(self.fillvalue)
        return "{" + ", ".join(pieces) + "}"

    def repr_set(self, x, level):
        if not x:
            return "set()"
        # In order when small (the same message from one run to the next); never sorted whole when large.
        items = sorted(x, key=builtins.repr) if len(x) <= 100 else x
        return self._repr_iterable(list(islice(items, self.maxset + 1)), level, "{", "}", self.maxset)

    def _repr_iterable(self, x, level, left, right, maxiter, trail=""):
        if level <= 0 and len(x):
            return left + self.fillvalue + right
        pieces = [self.repr1(item, level - 1) for item in islice(x, maxiter)]
        if len(x) > maxiter:
            pieces.append(self.fillvalue)
        if len(x) == 1 and trail:
            right = trail + right
        return left + ", ".join(pieces) + right

    def repr_instance(self, x, level):
        if hasattr(x, "__len__") or hasattr(x, "__iter__"):  # a collection of unknown kind: counted, never walked
            try:
                return f"<{type(x).__name__} of {len(x):,} items>"
            except Exception:  # noqa: BLE001 — an object's len() may raise anything
                return f"<{type(x).__name__}>"
        try:
            text = builtins.repr(x)  # a date, a float, a dataclass of a few fields
        except Exception:  # noqa: BLE001 — an object's repr() may raise anything
            return f"<{type(x).__name__}>"
        return _cut(text, False, self.maxother)


def _cut(text: str, longer: bool, limit: int) -> str:
    """`text` (a repr) cut to `limit` characters, an ellipsis where it was cut; a quoted string keeps its closing quote."""
    if not longer and len(text) <= limit:
        return text
    quote = text[-1] if text[-1:] in ("'", '"') else ""
    return text[: limit - 1 - len(quote)] + "…" + quote


_SHORT = _Short()


def shown(value, limit: int = SHOWN) -> str:
    """`value` as a message shows it: its repr (quoted, invisible characters escaped, so a terminal
    shows them as codes), at most `limit` characters, cut with "…". The cost is that of the part
    shown, however large the value: a 5 MB string or a list of a billion items is never written out."""
    return _cut(_SHORT.repr(value), False, limit)


class DossierError(Exception):
    """An error the curator can fix; the CLI prints it without a traceback."""


class IngestError(DossierError):
    """A seed could not be read or understood."""


class RegistryError(DossierError):
    """The entity or event registry is invalid; carries every problem found."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class AnnotateError(DossierError):
    """An article could not be annotated or written."""


class RenderError(DossierError):
    """Pelican could not render the site."""


class UsageError(DossierError):
    """The command was given wrongly (a folder that is not a dossier): exit status 2, as for a bad option."""


class WriteError(DossierError, OSError):
    """A file that could not be written (no space left on the device, no permission, a read-only disk),
    said as: which file, why, and what is kept. An OSError too: a write that may fail unsaid (a cache)
    is still suppressed as one.

    `name` is the file as the message shows it; `kept` says what is left in its place, and a caller
    that knows more (the site in output/ is the last build's) may add to it.
    """

    def __init__(self, name: str, reason: str, kept: str, code: int | None = None):
        OSError.__init__(self, code, reason)
        self.name, self.reason, self.kept = name, reason, kept

    def __str__(self) -> str:
        return f"{self.name} could not be written ({self.reason}); {self.kept}"

    def __reduce__(self):  # sent whole from a forked process
        return type(self), (self.name, self.reason, self.kept, self.errno)

    @property
    def full(self) -> bool:
        """Whether the device is full (or the file may grow no more): every later write fails as well."""
        return self.errno in FULL


# The errors of a device that takes no more bytes: full, over quota, or a file at its size limit.
FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def reason(error: OSError) -> str:
    """What the system said, as a message says it: "No space left on device" -> "no space left on device"."""
    text = error.strerror or str(error) or type(error).__name__
    return text[:1].lower() + text[1:]
