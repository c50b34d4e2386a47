"""The pages of the last render put into the staging folder ahead of the render (Ahead): hard links to
them, made in a process forked while the build's process links the articles, on a core idle meanwhile.

A rebuild keeps most pages as they were (pelican_plugin._keep): each one a folder made and a hard link,
a thousand of them after one article is added. Made here, before the render, they cost the render
nothing. The render then takes a page linked ahead as kept when its key is the last render's; it
removes the link before writing a page whose key changed (a hard link written into would change the
site in place too), and the links of pages it no longer makes (`drop`). What the process did not
link (it failed, or the system forks no process) is kept as before, by the render itself.
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

from ..core import forks

PAGE = "index.html"  # the file of a page at its address


class Ahead:
    """Each page at `urls` of the last render's site (`previous`) linked into `staging` by a forked process
    (the addresses of pages, ending in "/"; others are left out); `wait` waits for it and returns the
    addresses it was given (each one linked, or not there), `close` stops it."""

    def __init__(self, previous: Path | None, staging: Path, urls: list[str]):
        self.pid: int | None = None
        self.urls: frozenset[str] = frozenset()
        urls = [url for url in urls if _inside(url)]
        if previous is None or not urls or not forks.can_fork():
            return
        try:
            pid = os.fork()
        except OSError:  # no process to be had: the render keeps the pages itself
            return
        if pid == 0:  # the forked process: links, then ends without running anything of the build's
            try:
                forks.die_with_parent()
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                _link_all(str(previous), str(staging), urls)
            finally:
                os._exit(0)
        self.pid, self.urls = pid, frozenset(urls)

    def wait(self) -> frozenset[str]:
        """Wait for the process; the addresses of the pages it was to link."""
        if self.pid is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None
        return self.urls

    def close(self) -> None:
        """Stop the process if it still runs (the build stopped first), and wait for it."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.wait()


def _inside(url: str) -> bool:
    """Whether the address stays inside the site's folder (the manifest it comes from is a file of the project)."""
    parts = url.split("/")
    return bool(url) and url.endswith("/") and not url.startswith("/") and "\0" not in url and not {"..", "."} & set(parts[:-1])


def _link_all(previous: str, staging: str, urls: list[str]) -> None:
    for url in urls:
        source, folder = os.path.join(previous, url, PAGE), os.path.join(staging, url)
        try:
            os.link(source, os.path.join(folder, PAGE))
        except FileNotFoundError:  # its folder is not there yet (or the page is not: no folder made for it)
            if os.path.isfile(source):
                with contextlib.suppress(OSError):
                    os.makedirs(folder, exist_ok=True)
                    os.link(source, os.path.join(folder, PAGE))
        except OSError:  # not linked: the render keeps it or writes it
            continue


def unlink(staging: Path, url: str) -> None:
    """Remove the link to the last render's page at `url`, before the page is written anew."""
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        os.unlink(os.path.join(staging, url, PAGE))


def drop(previous: Path | None, staging: Path, urls: set[str] | frozenset[str]) -> None:
    """Remove the links made ahead to pages at `urls` (those the render did not make): each one that is
    still the last render's file (the same inode), with its folder when that is left empty."""
    if previous is None:
        return
    for url in sorted(urls):
        target = os.path.join(staging, url, PAGE)
        try:
            if os.stat(target).st_ino != os.stat(os.path.join(previous, url, PAGE)).st_ino:
                continue  # written by this render
            os.unlink(target)
        except OSError:
            continue
        folder = os.path.join(staging, url)
        while os.path.normpath(folder) != os.path.normpath(staging):
            try:
                os.rmdir(folder)
            except OSError:
                break
            folder = os.path.dirname(os.path.normpath(folder))
