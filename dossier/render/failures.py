"""A render that could not write the site: said as a message that names the file and says what is kept.

The site is written into a staging folder and put in place only once whole (core/output), so a
render that fails leaves the last build's site as it was. What stops a render is said here: an
OSError (a full disk, a file too large, no permission) names the file as it would be in the output;
Pelican's own failures say what Pelican said. Two failures would otherwise go unsaid:

- Pelican logs a warning, and goes on, when it cannot copy a file (the theme's CSS, a static
  file): a warning that carries an OSError stops the render;
- Pagefind writes its index in a process of its own and says nothing when a file is cut short by
  a full disk: a device left without room after the render stops it too.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import logging
import os
from pathlib import Path

from ..core import output as site_output
from ..core.errors import FULL, DossierError, RenderError, WriteError
from ..core.files import naming, shown_path

# Room left on the device after a render below which a file of it may have been cut short unsaid.
LEAST_ROOM = 64 * 1024


@functools.cache
def pelican_class():
    """Pelican, with a writer whose failures name the file they were writing."""
    from pelican.writers import Writer

    from pelican import Pelican

    class NamingWriter(Writer):
        @contextlib.contextmanager
        def _open_w(self, filename, encoding, override=False):
            if os.path.isdir(filename):  # a folder of the last site but one where this one has a file (core.output.SPARE)
                with contextlib.suppress(OSError):
                    os.rmdir(filename)
            with naming(Path(filename)), super()._open_w(filename, encoding, override) as stream:
                yield stream

    class NamingPelican(Pelican):
        def _get_writer(self):
            writer = super()._get_writer()
            return NamingWriter(self.output_path, settings=self.settings) if type(writer) is Writer else writer

    return NamingPelican


def check_written(records: list[logging.LogRecord], staging: Path, output: Path) -> None:
    """Raise the OSError of a file the render could not write though it went on (a warning Pelican
    logged), or a WriteError when the device has no room left (a file may be cut short unsaid). A file
    that could not be read (a static file without permission) stays a warning: the rest is built."""
    for record in records:
        for error in (arg for arg in (record.args if isinstance(record.args, tuple) else ()) if isinstance(arg, OSError)):
            names = [Path(name) for name in (error.filename2, error.filename) if name]
            if any(name.is_relative_to(staging) for name in names):
                raise error
            if error.errno in FULL or error.errno == errno.EROFS:
                into = [arg for arg in record.args if isinstance(arg, str) and Path(arg).is_relative_to(staging)]
                if into:
                    error.filename2 = into[-1]  # the file it was writing: the last of the site's the message names
                raise error
    room = _room(staging)
    if room is not None and room < LEAST_ROOM:
        raise WriteError(
            shown_path(output) + "/",
            f"no space left on device: {room // 1024} KB free after the render, and Pagefind does not say when it "
            "cuts a file of the search index short",
            "",
        )


def _room(folder: Path) -> int | None:
    """The bytes this process may still write on the device of `folder`; None when the device does not say."""
    try:
        status = os.statvfs(folder)
    except OSError:
        return None
    if status.f_blocks == 0:  # a file system that gives no sizes
        return None
    free = status.f_bfree if os.geteuid() == 0 else status.f_bavail  # root may write into the reserved blocks
    return free * status.f_frsize


def not_rendered(error: Exception, output: Path, staging: Path) -> Exception:
    """The error to say for a render stopped by `error`: the file that could not be written and the site
    that is kept, or what Pelican said and the site that is kept; an error of the dossier as it is."""
    if isinstance(error, WriteError):
        if not error.kept:
            error.kept = site_output.kept(output)
        return error
    if isinstance(error, RenderError):
        room = _room(staging)
        if room is not None and room < LEAST_ROOM:  # Pagefind's failure, say, on a full disk: the disk is said
            return WriteError(shown_path(output) + "/", f"no space left on device, {room // 1024} KB free: {error}", site_output.kept(output))
        return RenderError(f"{error}; {site_output.kept(output)}")
    if isinstance(error, DossierError):
        return error
    if isinstance(error, OSError):
        return site_output.unwritable(output, error, staging)
    return RenderError(f"rendering failed: {type(error).__name__}: {error}; {site_output.kept(output)}")

