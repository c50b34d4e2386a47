"""The output folder: one the tool owns, written whole or not at all.

A build writes the site into a staging folder beside the output and swaps it in once
complete, so that a failed or killed build leaves the previous site as it was. The output
is replaced whole, so it must be a folder the tool owns: never the project, its seeds,
its content or its theme, and never a folder of someone else's files. A small marker
file says a folder was written by a build.

A build's site is kept as folders without files once the next one is in place (`SPARE`): the
build after starts from them, so the folders of the pages (a thousand for a thousand articles) are
neither made again nor removed, where a rebuild of one article writes a few dozen files.

Each build's staging folder has a lock of its own, held while the build runs: a later
build removes only the staging folders whose lock nobody holds (their build was killed),
never those of a build still running. The swap itself holds the output's lock, so two
builds into one folder never interleave their swaps.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import threading
from pathlib import Path

from .errors import DossierError, WriteError, reason
from .files import naming, shown_path

MARKER = ".dossier-site"
_MARKER_TEXT = "This folder is a site written by dossier; each build replaces it whole.\n"
PROTECTED = ("seeds", "content", "themes", ".git")
SPARE = "spare"  # beside the output (`beside`): the folders of the last site but one, without their files


def check(root: Path, output: Path) -> None:
    """Refuse an output the build must not replace: the project, its sources, or a folder of other files."""
    root, output = root.resolve(), output.resolve()
    suggestion = f"pass a folder of its own, e.g. --output {root / 'output'}"
    if output == root or root.is_relative_to(output):
        raise DossierError(
            f"--output {output}: this holds the project itself, which a build would replace; {suggestion}"
        )
    for name in PROTECTED:
        folder = root / name
        if output == folder or output.is_relative_to(folder) or folder.is_relative_to(output):
            raise DossierError(
                f"--output {output}: {'is' if output == folder else 'overlaps'} the project's {name}/, "
                f"which a build would replace; {suggestion}"
            )
    if output.exists() and not output.is_dir():
        raise DossierError(f"--output {output}: a file, not a folder; {suggestion}")
    if output.is_dir() and not _written_by_a_build(output) and any(output.iterdir()):
        raise DossierError(
            f"--output {output}: a folder with files a build did not write (no {MARKER} in it), which a build "
            f"would replace; empty it, or {suggestion}"
        )


def writable(output: Path) -> None:
    """Refuse an output whose folder takes no new folder: a build writes the site beside `output`, then
    puts it in place. Said before anything is built."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        Path(tempfile.mkdtemp(prefix=f".{output.name}.probe-", dir=output.parent)).rmdir()
    except OSError as error:
        error.filename = next(p for p in output.parents if p.exists())  # the folder that refused, not the test's
        refused = unwritable(output, error)
        refused.kept += "; a build writes the site beside --output first, then puts it in place: give --output a folder you may write in"
        raise refused from None


def unwritable(output: Path, error: OSError, staging: Path | None = None) -> WriteError:
    """The error of a site that could not be written: which file (as it would be in `output`), why, and
    what is kept. `staging` is the folder it was being written in."""
    named = [Path(name) for name in (error.filename2, error.filename) if name]
    inside = [path for path in named if staging is not None and path.is_relative_to(staging) and path != staging]
    if inside:
        name = shown_path(output / inside[0].relative_to(staging))
    elif named and named[-1] != staging and not named[-1].is_dir():
        name = shown_path(named[-1])
    else:
        name = shown_path(named[-1] if named and named[-1] != staging else output.parent) + "/"
    return WriteError(name, reason(error), kept(output), error.errno)


def kept(output: Path) -> str:
    """What a build that did not put its site in place leaves: the last build's, or nothing."""
    shown = shown_path(output) + "/"
    try:
        there = output.is_dir() and any(output.iterdir())
    except OSError:
        there = True
    if there:
        return f"the site in {shown} is the last build's, as it was"
    return f"no site was written to {shown}"


@contextlib.contextmanager
def staging(output: Path):
    """A staging folder beside `output`, locked while in use, holding no file (the folders of the last site
    but one, `SPARE`, when there are); removed unless it was swapped in. Empty folders left in it by the
    build are removed when it is swapped in."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        _remove_dead_staging(output)
        folder = Path(tempfile.mkdtemp(prefix=f".{output.name}.staging-", dir=output.parent))
        take_folders(beside(output, SPARE), folder)
        lock = _lock_path(folder).open("a")
    except OSError as error:
        raise unwritable(output, error) from None
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # gone already if it became the output
        _lock_path(folder).unlink(missing_ok=True)
        lock.close()


def swap(folder: Path, output: Path) -> None:
    """Put the site built in `folder` in place of `output`; the old one is removed only once the new one
    is there. Raises DossierError, the old site in place, when the system refuses."""
    try:
        _prune(str(folder))
        with naming(folder / MARKER):
            (folder / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        os.chmod(folder, 0o755)
        with _output_lock(output):
            if not output.exists():
                folder.rename(output)
                old = None
            else:
                old = _old_name(output)
                output.rename(old)
                try:
                    folder.rename(output)
                except OSError:
                    old.rename(output)  # the last build's site back in its place
                    raise
    except OSError as error:
        raise unwritable(output, error, folder) from None
    # The last site is emptied while the build writes its records (`removed` waits for it): its thousands of
    # files take a fifth of a second to unlink, time the system spends outside Python. Its folders are kept for
    # the next build (`SPARE`); the first build into `output` makes them. A build stopped before leaves them
    # to the next (`_remove_dead_staging`).
    if old is not None:
        _meanwhile(keep_folders, old, beside(output, SPARE))
    else:
        _meanwhile(_copy_folders, output, beside(output, SPARE))


def _old_name(output: Path) -> Path:
    """A free name beside `output` for a folder on its way out (an old site's, `.output.old-…`): what a build
    killed before it is removed leaves there is removed by the next (`_remove_dead_staging`)."""
    old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    old.rmdir()
    return old


_REMOVING: list[threading.Thread] = []  # the last sites being emptied, or their folders made (swap, keep_folders_aside)


def _meanwhile(work, *arguments) -> None:
    """`work(*arguments)` on a thread of its own, which `removed` waits for."""
    thread = threading.Thread(target=work, args=arguments, daemon=True)
    thread.start()
    _REMOVING.append(thread)


def removed() -> None:
    """Wait till the sites `swap` replaced are emptied into the spare (or its folders made), and the folders
    `keep_folders_aside` moved are emptied."""
    while _REMOVING:
        _REMOVING.pop().join()


def beside(output: Path, name: str) -> Path:
    """The folder `name` that builds keep beside `output` (hidden: `.output.spare`)."""
    return output.with_name(f".{output.name}.{name}")


def take_folders(kept: Path, into: Path) -> None:
    """Move the folders kept at `kept` (`keep_folders`), if there are, into the empty folder `into`."""
    with contextlib.suppress(OSError):  # none, or another build took them: `into` stays empty
        os.rename(kept, into)  # onto an empty folder: replaces it


def keep_folders(folder: Path, kept: Path) -> None:
    """Remove every file under `folder` and keep its folders at `kept` for a later build (`take_folders`):
    a build that writes into them makes no folder; or remove it whole, when it cannot be emptied or
    there are folders kept there already."""
    try:
        _empty(str(folder))
        os.rename(folder, kept)  # refused onto a folder that is not empty
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def keep_folders_aside(folder: Path, output: Path, kept: Path) -> None:
    """`keep_folders` on another thread (`removed` waits for it), once `folder` is moved beside `output`
    under the name of an old site (a build killed meanwhile leaves it to the next: `remove_dead`): the
    folder it was in (a staging folder) is left at once, and its files are unlinked while the build goes
    on, time the system spends outside Python."""
    try:
        aside = _old_name(output)
        os.rename(folder, aside)
    except OSError:
        keep_folders(folder, kept)
        return
    _meanwhile(keep_folders, aside, kept)


def _copy_folders(site: Path, kept: Path) -> None:
    """Make the folders of `site`, without its files, at `kept` (`keep_folders`)."""
    copy = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-", dir=site.parent))  # a build stopped meanwhile: removed
    try:
        for _, folders, _ in _tree(str(site)):  # a folder before those it holds
            for folder in folders:
                os.mkdir(os.path.join(copy, os.path.relpath(folder, site)))
        os.rename(copy, kept)
    except OSError:
        shutil.rmtree(copy, ignore_errors=True)


def empty(folder: Path) -> None:
    """Remove every file under `folder`, if it is there; keep the folders."""
    with contextlib.suppress(FileNotFoundError):
        _empty(str(folder))


def _empty(top: str) -> None:
    """Unlink every file under the folder `top` (links too, to folders or not); keep the folders."""
    for _, _, files in _tree(top):
        for path in files:
            os.unlink(path)


def _prune(top: str) -> None:
    """Remove the empty folders under `top` (the spare's that this build did not use)."""
    order, kept = [], set()  # the folders, each after the one holding it; those holding a file
    for folder, _, files in _tree(top):
        order.append(folder)
        if files:
            kept.add(folder)
    for folder in reversed(order[1:]):  # a folder before the one holding it
        if folder not in kept:
            try:
                os.rmdir(folder)
                continue
            except OSError:
                pass
        kept.add(os.path.dirname(folder))


def _tree(top: str):
    """Each folder under `top` (itself first, and each before the folders it holds), with the paths of its
    folders and of everything else in it (files, and links, to folders or not): (folder, folders, others)."""
    pending = [top]
    while pending:
        folder = pending.pop()
        folders, others = [], []
        with os.scandir(folder) as entries:
            for entry in entries:
                (folders if entry.is_dir(follow_symlinks=False) else others).append(entry.path)
        yield folder, folders, others
        pending.extend(folders)


def _written_by_a_build(folder: Path) -> bool:
    """The marker, or a site from before it (its home page, .nojekyll and search index)."""
    if (folder / MARKER).exists():
        return True
    return all((folder / name).exists() for name in ("index.html", ".nojekyll", "pagefind"))


def _lock_path(folder: Path) -> Path:
    return folder.with_name(folder.name + ".lock")


@contextlib.contextmanager
def _output_lock(output: Path):
    with open(output.with_name(f".{output.name}.lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def remove_dead(output: Path) -> None:
    """What builds killed beside `output` left (`_remove_dead_staging`), removed by a build that renders
    nothing: one killed once its record said the site was done, while it emptied the last site, leaves
    that site behind an up-to-date one. Nothing is said of a folder that cannot be removed."""
    with contextlib.suppress(OSError):
        _remove_dead_staging(output)


def _remove_dead_staging(output: Path) -> None:
    """Remove the staging folders (and old sites) of builds that were killed: those whose lock is free."""
    for folder in sorted(output.parent.glob(f".{output.name}.staging-*")):
        if folder.suffix == ".lock":
            folder = folder.with_suffix("")  # a lock whose folder is gone: its build was killed
        elif not folder.is_dir():
            continue
        with open(_lock_path(folder), "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a build running now
            shutil.rmtree(folder, ignore_errors=True)
        _lock_path(folder).unlink(missing_ok=True)
    with _output_lock(output):  # an old site left by a swap that was killed half-way
        for old in output.parent.glob(f".{output.name}.old-*"):
            shutil.rmtree(old, ignore_errors=True)
