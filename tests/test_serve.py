"""`serve` and `serve --watch`, run as a curator runs them: `python build.py serve` in a subprocess,
on a copy of the project, read over HTTP and in Chromium (Debian's, as in test_browser.py)."""

from __future__ import annotations

import fcntl
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import ROOT, copy_project, free_port

TIMEOUT = 90  # seconds a rebuild may take to show, generous for a loaded machine
KIM = "content/entities/kim-jong-un.md"
NEW_TITLE = "Kim Jong-un reçoit une délégation russe à Pyongyang"
NEW_SLUG = "kim-jong-un-recoit-une-delegation-russe-a-pyongyang"


class Served:
    """`python build.py serve ARGS` running in the project copy at `root`: what it printed, its pages."""

    def __init__(self, root: Path, *args: str, base: str = ""):
        self.root, self.base, self.port = root, base, free_port()
        command = [sys.executable, str(ROOT / "build.py"), "serve", "--root", str(root), "--port", str(self.port),
                   "--no-propose", *(["--base-path", base] if base else []), *args]
        # A session of its own: Ctrl-C (SIGINT) then reaches the server and the builds it starts, as in a terminal;
        # and SIGINT as a terminal leaves it, whatever the tests were started from (a job a shell put in the
        # background ignores it, and so would the server, which Python then gives no KeyboardInterrupt).
        self.process = subprocess.Popen(
            command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def url(self, path: str) -> str:
        return f"http://localhost:{self.port}{self.base}{path}"

    def get(self, path: str, method: str = "GET") -> tuple[int, dict, bytes]:
        """Status, headers and body of the page at `path` under the base path."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{self.base}{path}", method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def wait_for(self, check, what: str, timeout: float = TIMEOUT):
        """Poll `check` until it returns something true; fail with what the server printed if it never does."""
        deadline = time.monotonic() + timeout
        while not (result := check()):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{what}: not seen in {timeout} s; the server printed:\n{self.output}")
            time.sleep(0.2)
        return result

    def wait_for_line(self, text: str, after: int = 0) -> int:
        """The index of the first line from `after` on that contains `text`, once printed."""
        def found():  # the index plus one: 0 is not found yet
            return next((i + 1 for i, line in enumerate(self.lines[after:], after) if text in line), 0)

        return self.wait_for(found, repr(text)) - 1

    def stop(self) -> int:
        """Ctrl-C, as a curator stops it; killed if it has not stopped within a while. Its exit status."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        return self.process.returncode


@pytest.fixture
def serve(tmp_path):
    """serve(*args, base='') -> a Served on a fresh copy of the project, its first build done; stopped at the end."""
    started = []

    def start(*args: str, base: str = "") -> Served:
        server = Served(copy_project(tmp_path / f"project{len(started)}"), *args, base=base)
        started.append(server)
        server.wait_for_line("serving ")
        return server

    try:
        yield start
    finally:
        for server in started:
            server.stop()


def rebuilds(server: Served) -> int:
    """How many times the server said it builds again."""
    return sum(line.endswith(": building again") for line in server.lines)


def build_number(server: Served) -> str:
    status, _, body = server.get("/__dossier__/build")
    assert status == 200
    return body.decode()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.site  # `serve` builds the site (class Served)
def test_the_open_page_reloads_itself_when_the_registry_changes(serve, browser):
    server = serve("--watch", base="/repo")
    page = browser.new_page()
    try:
        page.goto(server.url("/acteurs/kim-jong-un/"))
        expect(page.locator(".lede")).to_contain_text("petit-fils du fondateur du régime")
        page.evaluate("window.notReloaded = true")
        edit(server.root / KIM, "petit-fils du fondateur du régime", "héritier désigné par le test")
        expect(page.locator(".lede")).to_contain_text("héritier désigné par le test", timeout=TIMEOUT * 1000)
        assert page.evaluate("window.notReloaded") is None  # the page reloaded itself
    finally:
        page.close()
    assert "content/entities/kim-jong-un.md: building again" in server.output
    assert "site built again: the open pages reload" in server.output


@pytest.mark.site  # `serve` builds the site (class Served)
def test_a_new_seed_is_built_and_its_page_served(serve):
    server = serve("--watch")
    seed = (server.root / "seeds" / "003_f667be46968b6bc2.txt").read_text(encoding="utf-8")
    seed = seed.replace("Poutine renforce ses liens avec la Corée du Nord face à l’Occident", NEW_TITLE)
    seed += "\n\nUn paragraphe de plus, qui en fait un autre article.\n"
    (server.root / "seeds" / "delegation.txt").write_text(seed, encoding="utf-8")
    server.wait_for_line("site built again: the open pages reload")
    status, _, page = server.get(f"/articles/{NEW_SLUG}/")
    assert status == 200 and NEW_TITLE in page.decode()
    assert "content/articles/: 1 new" in server.output
    # The article the build wrote into content/articles/ does not start another build.
    time.sleep(3)
    assert rebuilds(server) == 1, server.output


@pytest.mark.site  # `serve` builds the site (class Served)
def test_a_registry_error_is_reported_and_fixing_it_builds_again(serve):
    server = serve("--watch")
    original = (server.root / KIM).read_text(encoding="utf-8")
    edit(server.root / KIM, "type: person", "type: pays")
    error = server.wait_for_line("error: content/entities/kim-jong-un.md:3: field 'type': 'pays' is not one of")
    server.wait_for_line("site built again with errors", after=error)
    # Still serving: the site as the build made it, the invalid entry left out, as every build does.
    assert server.get("/")[0] == 200
    assert server.get("/acteurs/vladimir-poutine/")[0] == 200
    status, _, page = server.get("/acteurs/kim-jong-un/")
    assert status == 404 and b"Page introuvable" in page and b"/__dossier__/build" in page  # it reloads once fixed
    fixed = len(server.lines)
    (server.root / KIM).write_text(original, encoding="utf-8")
    server.wait_for_line("site built again: the open pages reload", after=fixed)
    assert any(re.search(r" 44 entities, 7 events, \d+ warnings, 0 errors", line) for line in server.lines[fixed:])
    assert server.get("/acteurs/kim-jong-un/")[0] == 200


@pytest.mark.site  # `serve` builds the site (class Served)
def test_a_build_that_stops_leaves_the_last_site_served(serve):
    server = serve("--watch")
    before, number = server.get("/acteurs/kim-jong-un/")[2], build_number(server)
    with open(server.root / ".dossier-build.lock", "a") as lock:  # another build of the project, running
        fcntl.flock(lock, fcntl.LOCK_EX)
        edit(server.root / KIM, "petit-fils du fondateur du régime", "héritier désigné par le test")
        stopped = server.wait_for_line("another build of this dossier is running")
        server.wait_for_line("the build failed: still serving the last site", after=stopped)
        assert server.get("/acteurs/kim-jong-un/")[2] == before and build_number(server) == number
    os.utime(server.root / KIM)  # saved again, once the other build has ended
    server.wait_for_line("site built again: the open pages reload", after=stopped)
    assert b"h\xc3\xa9ritier d\xc3\xa9sign\xc3\xa9 par le test" in server.get("/acteurs/kim-jong-un/")[2]
    assert int(build_number(server)) == int(number) + 1


@pytest.mark.site  # `serve` builds the site (class Served)
def test_watching_adds_the_reload_script_to_served_pages_only(serve):
    server = serve("--watch")
    output = server.root / "output"
    for path, file in (("/", "index.html"), ("/acteurs/kim-jong-un/", "acteurs/kim-jong-un/index.html")):
        status, headers, body = server.get(path)
        on_disk = (output / file).read_bytes()
        assert status == 200 and b"__dossier__" not in on_disk
        assert int(headers["Content-Length"]) == len(body)
        script = body[on_disk.rindex(b"</body>"):body.rindex(b"</body>")]
        assert script.startswith(b"<script>") and b'fetch("/__dossier__/build"' in script
        assert body == on_disk.replace(b"</body>", script + b"</body>")
        assert int(server.get(path, method="HEAD")[1]["Content-Length"]) == len(body)
    assert b'fetch("/__dossier__/build"' in server.get("/no-such-page/")[2]
    assert build_number(server) == "1"
    assert server.get("/theme/css/style.css")[2] == (output / "theme" / "css" / "style.css").read_bytes()
    time.sleep(2.5)  # what the first build wrote does not start another
    assert rebuilds(server) == 0, server.output
    assert server.stop() == 0  # Ctrl-C stops it cleanly
    assert "Traceback" not in server.output


@pytest.mark.site  # `serve` builds the site (class Served)
def test_serving_without_watch_sends_the_files_as_they_are(serve):
    server = serve(base="/repo")
    output = server.root / "output"
    for path, file in (("/", "index.html"), ("/acteurs/kim-jong-un/", "acteurs/kim-jong-un/index.html")):
        status, headers, body = server.get(path)
        assert status == 200 and body == (output / file).read_bytes()
        assert int(headers["Content-Length"]) == len(body)
    status, _, body = server.get("/no-such-page/")
    assert status == 404 and body == (output / "404.html").read_bytes()
    assert server.get("/__dossier__/build")[0] == 404


def test_help_documents_watch():
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--help"], check=True, capture_output=True, text=True)
    description, examples = result.stdout.split("examples:")
    assert "with --watch it is built\nagain when" in description
    assert "python build.py serve --watch" in examples
    assert re.search(r"--watch\s+build again when", result.stdout)
