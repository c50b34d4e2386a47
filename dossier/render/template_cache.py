"""The theme's templates kept compiled between builds, in `.cache/dossier-templates/`.

Jinja compiles each template from its source at every build, about a third of a second for the theme's
templates; a build that renders a few pages (an article added) spends as much on that as on the pages.
Jinja's own bytecode cache keeps the compiled code of each template, under a name made of the
template's name and checked against its source's checksum. This one adds what a cache the build trusts
must have:

- a file whose bytes are not those written (a disk error, a file cut short) is not used: each file
  ends with the SHA-256 of what precedes it, checked before Jinja reads it;
- what a template compiles to depends on the environment's settings (autoescape, extensions), not only
  on its source: the folder is named after them, so that other settings never read this code;
- a cache that cannot be written (a read-only or full disk) costs nothing but the compile.

The folder is the dossier's own (`.cache/` is ignored by git); like `pelicanconf.py`, which the build
runs, it is the dossier's and trusted as such.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

FOLDER = Path(".cache") / "dossier-templates"
DIGEST = hashlib.sha256().digest_size


class CheckedBytecodeCache(FileSystemBytecodeCache):
    """Jinja's bytecode cache in a folder, each file checked by the SHA-256 it ends with."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            with open(self._get_cache_filename(bucket), "rb") as stream:
                data = stream.read()
        except OSError:
            return
        body, digest = data[:-DIGEST], data[-DIGEST:]
        if len(data) > DIGEST and hashlib.sha256(body).digest() == digest:
            bucket.bytecode_from_string(body)  # Jinja checks its own header and the source's checksum

    def dump_bytecode(self, bucket: Bucket) -> None:
        body = bucket.bytecode_to_string()
        with contextlib.suppress(OSError):
            os.makedirs(self.directory, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.directory)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(body + hashlib.sha256(body).digest())
                os.replace(temporary, self._get_cache_filename(bucket))
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise


def bytecode_cache(root: Path, environment: dict) -> CheckedBytecodeCache:
    """The cache of the dossier at `root`, for templates compiled with Jinja's `environment` settings
    (Pelican's JINJA_ENVIRONMENT, with the extensions every generator adds)."""
    described = repr(sorted((str(key), repr(value)) for key, value in environment.items() if key != "bytecode_cache"))
    kind = hashlib.sha256(f"{jinja2.__version__}\0{described}".encode()).hexdigest()[:16]
    return CheckedBytecodeCache(str(root / FOLDER / kind))
