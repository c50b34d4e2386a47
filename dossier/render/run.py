"""The render: Pelican run on the dossier into a staging folder swapped into place, handed the Dossier
linked once (`link`); nothing rendered when nothing the site is made of changed, and the pages that
show the same as the last render's kept as they are.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import json
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..core import output as site_output
from ..core.files import UnreadableFile, read_bytes, read_text, write_atomic
from ..curate.proposing import CANDIDATES, CANDIDATES_READ
from . import ahead, failures
from .given import RenderInput

if TYPE_CHECKING:
    from ..core.statcache import Digests
from .sources import clean_line


class _Collect(logging.Handler):
    """Keeps the warnings and errors Pelican and the plugin log during a render."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


RENDER_MANIFEST = Path(".cache") / "dossier-render.json"


def render(root: Path, output: Path, site_url: str | None, given: RenderInput) -> list[tuple[int, str]]:
    """Run Pelican on `root` into a fresh folder beside `output`, then replace `output` with it.

    Returns what Pelican and the plugin logged, as (level, message) pairs. When nothing the site
    is made of changed since the last render into `output` (content, theme, settings, the code,
    the site's address) and `output` is as that render left it, nothing is rendered: the site
    is already right, and the messages of that render are said again. When only content changed,
    a page of an article, an actor or a place whose key (page_key) is the last render's is kept
    as it is.
    """
    output = output.resolve()
    manifest = root / RENDER_MANIFEST
    frame = _frame_key(root, site_url, output, given.digests)
    inputs = _content_key(root, frame, given.digests)
    try:
        last = json.loads(read_text(manifest, root, encoding="utf-8"))
    except (UnreadableFile, ValueError):  # none yet, or not one this build can read: render
        last = {}
    last = last if isinstance(last, dict) else {}
    current = _output_fingerprint(output)
    if current is not None and last.get("outputs") == current:  # the output is as the last render left it
        if last.get("inputs") == inputs:
            site_output.remove_dead(output)
            return [(int(level), str(message)) for level, message in last.get("messages", [])]
        if last.get("frame") == frame and isinstance(last.get("pages"), dict):
            given.previous, given.previous_keys = output, last["pages"]
            given.previous_search = last.get("search") if isinstance(last.get("search"), dict) else {}
            given.previous_inputs = last.get("page_inputs") if isinstance(last.get("page_inputs"), dict) else {}
            given.previous_searched = last.get("searched") if isinstance(last.get("searched"), dict) else {}
    given.frame_key = frame
    with contextlib.suppress(OSError):  # .cache/ read-only: the manifest still describes the output, kept if the render fails
        manifest.unlink(missing_ok=True)  # a render stopped halfway must not leave a manifest that says "done"
    messages = _render(root, output, site_url, given)
    record = {"inputs": inputs, "frame": frame, "outputs": _output_fingerprint(output), "messages": messages,
              "pages": dict(sorted(given.page_keys.items())), "search": dict(sorted(given.search_keys.items())),
              "page_inputs": dict(sorted(given.page_inputs.items())), "searched": dict(sorted(given.searched_keys.items()))}
    with contextlib.suppress(OSError):  # without it, the next build renders again: the site in place is right
        # One line a record: the json module's C encoder (an indented file is written by its Python one).
        write_atomic(manifest, json.dumps(record, separators=(",", ":")) + "\n", durable=False)
    return messages


def _frame_key(root: Path, site_url: str | None, output: Path, digests: Digests | None = None) -> str:
    """A fingerprint of what every page is made with: the theme, the settings, the code, the address."""
    digest = hashlib.sha256(f"{__version__}\0{site_url or ''}\0{output}\0".encode())
    package = Path(__file__).resolve().parent.parent  # the tool's code: dossier/
    for folder in (root / "themes", package):
        _digest_folder(digest, folder, digests)
    for settings in ("pelicanconf.py", "publishconf.py"):
        if (root / settings).is_file():
            digest.update(settings.encode() + hashlib.sha256((root / settings).read_bytes()).digest())
    return digest.hexdigest()


def _content_key(root: Path, frame: str, digests: Digests | None = None) -> str:
    """A fingerprint of everything a render reads: `frame` and content/."""
    digest = hashlib.sha256(frame.encode())
    _digest_folder(digest, root / "content", digests, unread={root / CANDIDATES, root / CANDIDATES_READ})
    return digest.hexdigest()


def _digest_folder(digest, folder: Path, digests: Digests | None = None, unread: set[Path] = frozenset()) -> None:
    """Each file under `folder` (but caches and temporary files), its path from `folder`'s parent and its bytes' SHA-256
    (from `digests` when the file is unchanged since the last build)."""
    skipped = "__pycache__" in folder.parts
    for parts, entry in _walk(folder):
        if skipped or "__pycache__" in parts or entry.name.endswith(".tmp") or not entry.is_file():
            continue
        path = Path(entry.path)
        if path in unread:
            continue
        digest.update(f"{folder.name}/{'/'.join(parts)}\0".encode())
        try:
            digest.update(digests.sha256(path, folder.parent) if digests else hashlib.sha256(read_bytes(path, folder.parent)).digest())
        except UnreadableFile as error:  # the step that reads it says so; once mended, the key changes
            digest.update(hashlib.sha256(f"not read: {error.reason}".encode()).digest())


def _walk(folder: Path) -> list[tuple[tuple[str, ...], os.DirEntry]]:
    """Everything under `folder` as `folder.rglob("*")` gives it (never through a link to a folder; a folder
    that may not be read left out), in the order of sorted paths: (its parts from `folder`, its entry)."""
    found: list[tuple[tuple[str, ...], os.DirEntry]] = []
    pending = [((), str(folder))] if folder.is_dir() else []
    while pending:
        parts, directory = pending.pop()
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except PermissionError:
            continue
        for entry in listed:
            found.append(((*parts, entry.name), entry))
            try:
                below = entry.is_dir() and not entry.is_symlink()
            except OSError:
                below = False
            if below:
                pending.append(((*parts, entry.name), entry.path))
    found.sort(key=lambda item: item[0])
    return found


def _output_fingerprint(output: Path) -> str | None:
    """The output folder as it stands: every file's path, size and modification time; None when it
    changes while it is read (another build of the same output put its site in place): unknown, so
    the next build renders again."""
    digest = hashlib.sha256()
    try:
        for parts, entry in _walk(output):
            if entry.is_file():
                stat = entry.stat()
                digest.update(f"{'/'.join(parts)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    except OSError:
        return None
    return digest.hexdigest()


def link(root: Path, settings: dict, given: RenderInput, cache: bool = True) -> None:
    """Step 5a: the articles the build read cross-linked with the registry, once, into the Dossier the
    render writes (`given.dossier`); its problems, with the articles', in `given.warnings` and `.errors`."""
    from . import i18n  # here, not above: a build with nothing to render loads neither them nor Babel
    from .link import build_dossier

    i18n.use(settings.get("DEFAULT_LANG"), settings.get("DOSSIER_URLS"))  # entity addresses are in the site's language
    with given.progress.stage("linking"):
        dossier = build_dossier(
            given.registry,
            given.sources.articles,
            title=clean_line(settings.get("DOSSIER_TITLE") or settings["SITENAME"]),
            description=clean_line(settings.get("DOSSIER_DESCRIPTION", "")),
            site_url=settings.get("SITEURL", ""),
            cache=root / ".cache" / "dossier-bodies" if cache else None,
            link_first_mention=bool(settings.get("DOSSIER_LINK_FIRST_MENTION", True)),
        )
    dossier.warnings[:] = list(dict.fromkeys(given.sources.warnings + dossier.warnings))
    dossier.errors[:] = list(dict.fromkeys(given.sources.errors + dossier.errors))
    given.dossier = dossier
    given.warnings[:], given.errors[:] = dossier.warnings, dossier.errors


def _render(root: Path, output: Path, site_url: str | None, given: RenderInput) -> list[tuple[int, str]]:
    """Pelican's run, handed `given`: what the build read; it receives the problems of the dossier's pages."""
    from ..core import settings as dossier_settings

    given.output = output
    with site_output.staging(output) as staging:
        overrides = {
            "PATH": str(root / "content"),
            "OUTPUT_PATH": str(staging),
            "DOSSIER_ROOT": str(root),
            "DOSSIER_INPUT": given,
            "DELETE_OUTPUT_DIRECTORY": False,
        }
        if site_url is not None:
            overrides["SITEURL"] = site_url.rstrip("/")
        collector = _Collect()
        logger = logging.getLogger()
        level = logger.level
        logger.addHandler(collector)
        logger.setLevel(logging.WARNING)
        try:
            settings = dossier_settings.load(root, overrides)
            gc.freeze()  # the articles and the registry read (see below)
            # The last render's pages linked into the staging folder on another core while the articles are linked.
            with contextlib.closing(ahead.Ahead(given.previous, staging, list(given.previous_keys))) as early:
                link(root, settings, given)
                given.ahead = early.wait()
            # What the build read and linked lives until the render ends: out of the collector's sight, its
            # full collections walk only what the render makes (and forked processes leave its memory shared).
            gc.freeze()
            with contextlib.redirect_stdout(io.StringIO()):  # Pelican prints its own summary
                failures.pelican_class()(settings).run()
            failures.check_written(collector.records, staging, output)
        except Exception as error:  # a file not written, Pelican's own failures (template errors): said, the site kept
            said = failures.not_rendered(error, output, staging)
            if said is error:
                raise
            raise said from error
        finally:
            gc.unfreeze()
            logger.removeHandler(collector)
            logger.setLevel(level)
        messages = [(record.levelno, re.sub(r"\s+", " ", record.getMessage())) for record in collector.records]
        messages += [(logging.WARNING, warning) for warning in given.warnings]
        messages += [(logging.ERROR, error) for error in given.errors]
        with given.progress.stage("swap into place"):
            site_output.swap(staging, output)
    return messages
