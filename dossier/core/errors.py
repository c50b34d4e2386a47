"""The exceptions of the pipeline: one small tree, caught once by the CLI."""

import errno


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
