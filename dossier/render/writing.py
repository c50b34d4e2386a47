"""Writing the pages of a render, shared between processes forked from the build's.

A page is written from its own template and context: no page reads another, so which process
writes it changes nothing in the site. Forking costs a few hundredths of a second and copies
nothing (the processes share the build's memory until they write to it), so the pages are shared
between processes once there are enough of them: a full render of a large dossier takes about half
the time on two cores. The parent keeps the count of pages written and reports what a process
could not write, naming the page.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence

from ..core import forks
from ..core.errors import RenderError

WRITE_PROCESSES = 2  # processes that write pages, at most (fewer on fewer cores)
PARALLEL_PAGES = 150  # fewer pages are written here: forking would cost more than it saves

# The writer and the pages, in a forked process only (`_given`): this process never sets them.
_WORK: tuple = ()


def write_pages(write: Callable, pages: Sequence, written: Callable | None = None) -> None:
    """`write(page)` for each of `pages`, in processes forked from this one when there are many;
    `written(page)` here after each. Raises RenderError naming the first page that could not be written."""
    processes = forks.processes(WRITE_PROCESSES)
    if len(pages) < PARALLEL_PAGES or processes < 2:
        for page in pages:
            write(page)
            if written:
                written(page)
        return
    with multiprocessing.get_context("fork").Pool(processes, initializer=_given, initargs=(write, pages)) as pool:
        # Small chunks: an actor's page can take a hundred times an article's.
        for index, error in pool.imap_unordered(_write_one, range(len(pages)), chunksize=4):
            if isinstance(error, OSError):  # a full disk, say: the file it names is said as the build says others
                raise error
            if error is not None:
                raise RenderError(error)
            if written:
                written(pages[index])


def _given(write: Callable, pages: Sequence) -> None:
    global _WORK
    forks.die_with_parent()
    _WORK = (write, pages)


def _write_one(index: int) -> tuple[int, str | OSError | None]:
    write, pages = _WORK
    page = pages[index]
    try:
        write(page)
    except OSError as error:
        return index, error
    except Exception as error:  # noqa: BLE001 — said by the build's process, naming the page
        return index, f"{getattr(page, 'url', index)}: the page cannot be written ({type(error).__name__}: {error})"
    return index, None
