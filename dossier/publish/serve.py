"""`serve`: the built site over HTTP for a reader, and with `--watch`, rebuilt as the curator edits.

The server serves the output folder by its path, looked up at every request: a build
replaces the folder whole (output.swap), and the next request reads the new one.

With `--watch`, the sources a curator edits are polled about once a second (path, size and
modification time of each file); a change, once the files stop changing for a moment, is
built again in a fresh process, while the last site is still served. The pages the server
sends (never the files in the output folder) then carry a small script that asks the server
for the number of the site it serves and reloads the page when that number changes.
"""

from __future__ import annotations

import errno
import functools
import http.server
import io
import json
import multiprocessing
import os
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from ..core import forks
from ..core.errors import DossierError, UsageError, reason

# What a curator edits, relative to the project: folders (every file in them) and files.
WATCHED_FOLDERS = ("seeds", "content/entities", "content/events", "content/pages", "content/articles", "themes")
WATCHED_FILES = ("content/seeds.yml", "content/rejected.yml", "pelicanconf.py", "publishconf.py")
BUILD_WRITES = "content/articles/"  # the only sources a build writes: the articles of new and changed seeds
POLL_SECONDS = 1.0
SETTLE_SECONDS = 0.3  # a burst of saves closer together than this is built once
BUILD_PATH = "/__dossier__/build"  # under the base path: the number of the site served
RELOAD_SCRIPT = """<script>/* dossier serve --watch: reload this page when the site is built again */
(function () {
  var seen = %(site)s;
  setInterval(function () {
    fetch(%(url)s, {cache: "no-store"})
      .then(function (response) { return response.ok ? response.text() : seen; })
      .then(function (site) { if (site !== seen) location.reload(); })
      .catch(function () {});
  }, 1000);
})();
</script>
"""

Snapshot = dict[str, tuple[int, int]]  # path relative to the project -> (size, mtime in ns)


@dataclass(frozen=True)
class Watch:
    """What `serve --watch` builds again: the project at `root`, with `build`.

    `build` runs one build as the first one ran and returns its exit status; it is run in a
    process of its own, so it must pickle (a module-level function or a partial of one).
    """

    root: Path
    build: Callable[[], int]


class _Site:
    """The site being served: its folder, and while watching, the number of its latest build."""

    def __init__(self, folder: Path, watching: bool):
        self.folder = folder
        self.watching = watching
        self.number = 1
        self.identity = _identity(folder)

    def replaced(self) -> bool:
        """Whether a build swapped a new folder in since the last call; counts it if so."""
        identity = _identity(self.folder)
        if identity == self.identity:
            return False
        self.identity = identity
        self.number += 1
        return True


class _Server(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET


class _Server6(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6


def listen(bind: str, port: int) -> http.server.ThreadingHTTPServer:
    """A server listening on `bind`:`port` (an IPv6 address too), that serves nothing yet: bound before
    the first build, so that a port in use is said at once. Raises DossierError, the option named,
    when the system refuses."""
    server_class = _Server6 if ":" in bind else _Server
    try:
        return server_class((bind, port), http.server.BaseHTTPRequestHandler)
    except OSError as error:
        raise _refused(bind, port, error) from None


def _refused(bind: str, port: int, error: OSError) -> DossierError:
    """What to say when the server cannot listen on `bind`:`port`."""
    said = reason(error)
    if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:
        return UsageError(
            f"--bind {bind!r}: no address of this machine ({said}); give one of its addresses: "
            "127.0.0.1 (the default) for this machine only, 0.0.0.0 for every network it is on"
        )
    if error.errno == errno.EADDRINUSE:
        other = port + 1 if port < 65535 else 8000
        return DossierError(f"--port {port}: already in use on {bind} (another server is listening there); give another, e.g. --port {other}")
    if error.errno == errno.EACCES and port < 1024:
        return DossierError(f"--port {port}: a port below 1024 needs the administrator's rights; give one from 1024 up, e.g. --port 8000")
    return DossierError(f"--bind {bind} --port {port}: cannot listen there ({said})")


def serve(server: http.server.ThreadingHTTPServer, folder: Path, base: str = "", watch: Watch | None = None) -> int:
    """Serve `folder` over HTTP with `server` (from `listen`), under the path `base`, until interrupted;
    with `watch`, build again on every change to its sources and have the open pages reload."""
    site = _Site(folder, watching=watch is not None)
    server.RequestHandlerClass = functools.partial(type("Handler", (_Handler,), {"base": base, "site": site}), directory=str(folder))
    bind, port = server.server_address[:2]
    # The sources as they are before the curator is told the site is served: a file saved from then on is seen.
    sources = _snapshot(watch.root) if watch is not None else {}
    with server:
        address = f"http://{public_host(bind)}:{port}{base}/"
        watching = ", building again when its sources change" if watch else ""
        print(f"serving {_shown(folder)} on {address}{watching} (Ctrl-C to stop)", flush=True)
        try:
            if watch is None:
                server.serve_forever()
            else:
                threading.Thread(target=server.serve_forever, daemon=True).start()
                try:
                    _watch(watch, site, sources)
                finally:
                    server.shutdown()
        except KeyboardInterrupt:
            pass
    return 0


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under `base` only, and the site's 404 page for what it does not have.

    While watching, it answers BUILD_PATH under `base` with the site's number, and adds the
    reload script to every HTML page it sends.
    """

    base = ""
    site: _Site

    def translate_path(self, path):
        path = path.split("?", 1)[0].split("#", 1)[0]
        if self.base and not (path == self.base or path.startswith(self.base + "/")):
            return str(Path(self.directory) / ".not-found")
        return super().translate_path(path[len(self.base):] or "/")

    def send_head(self):
        if not self.site.watching:
            return super().send_head()
        if self._asks_for_build():
            return self._send(200, "text/plain; charset=utf-8", str(self.site.number).encode())
        page = self._html_file()
        try:
            body = page.read_bytes() if page else None
        except OSError:  # gone with the folder a build just replaced
            body = None
        if body is None:
            return super().send_head()
        return self._send(200, "text/html; charset=utf-8", self._with_reload(body))

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = self._with_reload(page.read_bytes()) if self.site.watching else page.read_bytes()
        self._send(404, "text/html; charset=utf-8", body)
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_request(self, code="-", size="-"):
        if not self._asks_for_build():  # the open pages ask every second: not worth a line each
            super().log_request(code, size)

    def _asks_for_build(self) -> bool:
        return self.site.watching and urllib.parse.urlsplit(self.path).path == self.base + BUILD_PATH

    def _html_file(self) -> Path | None:
        """The HTML file the request is for, if it is one (a folder's index.html for a folder's address)."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urllib.parse.urlsplit(self.path).path.endswith("/"):
                return None  # SimpleHTTPRequestHandler redirects to the address with a slash
            path = path / "index.html"
        return path if path.suffix == ".html" and path.is_file() else None

    def _with_reload(self, page: bytes) -> bytes:
        """`page` with the reload script before its `</body>` (at its end if it has none)."""
        script = RELOAD_SCRIPT % {
            "site": json.dumps(str(self.site.number)),
            "url": json.dumps(self.base + BUILD_PATH).replace("</", "<\\/"),
        }
        at = page.lower().rfind(b"</body>")
        at = len(page) if at < 0 else at
        return page[:at] + script.encode() + page[at:]

    def _send(self, code: int, content_type: str, body: bytes) -> io.BytesIO:
        """Send the headers of a response made here, never cached; return its body to copy."""
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)


def _watch(watch: Watch, site: _Site, last: Snapshot) -> None:
    """Build again whenever the sources change from `last` (a _snapshot of them), until interrupted."""
    while True:
        time.sleep(POLL_SECONDS)
        now = _snapshot(watch.root)
        if now == last:
            continue
        now = _settled(watch.root, now)
        print(f"{_changes(last, now)}: building again", flush=True)
        status = _build_apart(watch.build)
        if site.replaced():
            print(f"site built again{' with errors' if status else ''}: the open pages reload", flush=True)
        elif status:
            print("the build failed: still serving the last site", flush=True)
        else:
            print("the site is unchanged", flush=True)
        last = _after_build(now, _snapshot(watch.root))


def _snapshot(root: Path) -> Snapshot:
    """The path, size and modification time of every file a curator edits in the project at `root`."""
    paths = [root / name for name in WATCHED_FILES]
    for name in WATCHED_FOLDERS:
        paths.extend((root / name).rglob("*"))
    files = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError:  # absent, or removed while looked at
            continue
        if S_ISREG(stat.st_mode):
            files[path.relative_to(root).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return files


def _settled(root: Path, now: Snapshot) -> Snapshot:
    """The sources once they stop changing for SETTLE_SECONDS: a burst of saves is one change."""
    while True:
        time.sleep(SETTLE_SECONDS)
        later = _snapshot(root)
        if later == now:
            return now
        now = later


def _after_build(before: Snapshot, after: Snapshot) -> Snapshot:
    """What to compare the sources with once a build ends: the articles as the build left them (the
    files it writes do not start another build), every other source as the build started on it (one
    saved while the build ran is built next)."""
    read = {path: seen for path, seen in before.items() if not path.startswith(BUILD_WRITES)}
    return read | {path: seen for path, seen in after.items() if path.startswith(BUILD_WRITES)}


def _changes(before: Snapshot, after: Snapshot) -> str:
    """The files that changed, said in a few words."""
    changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    shown = ", ".join(changed[:3])
    return shown + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")


def _build_apart(build: Callable[[], int]) -> int:
    """Run `build` in a fresh process (spawned, not forked: this one has the server's threads, and
    Pelican's plugin signals are global to a process); return its exit status. It prints as a
    build does, on this process's output."""
    process = multiprocessing.get_context("spawn").Process(target=_run_build, args=(build,))
    process.start()
    try:
        process.join()
    except BaseException:  # interrupted: the build stops with the server
        process.terminate()
        process.join()
        raise
    return process.exitcode


def _run_build(build: Callable[[], int]) -> None:
    """In the build's process: run it; an error the curator can fix is said as the CLI says it."""
    forks.die_with_parent()  # the server stopped (killed), its build stops too
    try:
        status = build()
    except DossierError as error:
        print(f"error: {error}", file=sys.stderr)
        status = 1
    except KeyboardInterrupt:
        status = 130
    sys.exit(status)


def public_host(bind: str) -> str:
    """The host of the server's address as a reader types it: localhost for 127.0.0.1, an IPv6
    address in brackets."""
    if bind in ("127.0.0.1", ""):
        return "localhost"
    return f"[{bind}]" if ":" in bind else bind


def _identity(folder: Path) -> tuple[int, int] | None:
    """Which folder is at `folder` now: a build that publishes swaps a new one in."""
    try:
        stat = os.stat(folder)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _shown(path: Path) -> str:
    """`path` as the build's summary line shows it: relative to the current folder when inside it."""
    try:
        return path.relative_to(Path.cwd()).as_posix() + "/"
    except ValueError:
        return str(path) + "/"
