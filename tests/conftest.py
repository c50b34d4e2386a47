"""Shared fixtures: a copy of the project in a temporary folder, built in a subprocess."""

from __future__ import annotations

import contextlib
import functools
import http.server
import inspect
import re
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("seeds", "content", "pelicanconf.py", "build.py")


def copy_project(destination: Path, with_articles: bool = True) -> Path:
    """Copy what a build reads (seeds, content, theme, settings) into `destination`."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / name)
    if not with_articles:
        shutil.rmtree(destination / "content" / "articles", ignore_errors=True)
    return destination


TOOL_SOURCES = ("pyproject.toml", "README.md", "dossier", "pelican")  # what a wheel of the tool is built from


def copy_tool_sources(destination: Path) -> Path:
    """Copy the tool's sources (not the dossier, the tests or the build's leftovers) into `destination`."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in TOOL_SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, destination / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(ROOT / name, destination / name)
    return destination


def run_build(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` in `root`, in a subprocess (Pelican's signals are process-global)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def built_dossier(tmp_path_factory) -> Path:
    """The real dossier (the five seeds), built from scratch into ROOT_COPY/output; returns the copy."""
    root = copy_project(tmp_path_factory.mktemp("dossier"), with_articles=False)
    result = run_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


SUB_PATH = "/dossier-test"


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the dossier, built once: its articles written, up to date and read for proposals."""
    root = copy_project(tmp_path / "project")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site only under SUB_PATH, as GitHub Pages serves a project site."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".json": "application/json",
        ".wasm": "application/wasm",
        ".svg": "image/svg+xml",
    }

    def translate_path(self, path):
        if not (path == SUB_PATH or path.startswith(SUB_PATH + "/")):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path(path[len(SUB_PATH):] or "/")

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def published_site(root: Path):
    """Build the project copy at `root` for http://127.0.0.1:PORT/dossier-test and serve it there.

    Yields the site's public address (without a final slash).
    """
    port = free_port()
    site_url = f"http://127.0.0.1:{port}{SUB_PATH}"
    result = run_build(root, "--site-url", site_url + "/")
    assert result.returncode == 0, result.stdout + result.stderr
    handler = functools.partial(SubPathHandler, directory=str(root / "output"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield site_url
    finally:
        server.shutdown()
        server.server_close()


# The browser of the browser tests: Debian's chromium, driven by Playwright, one for the session
# (Playwright's synchronous API allows one instance at a time).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# ---------- Tiers: `site`, `browser` and `slow` tests, found from the code they run ----------

TIERS = {
    # A build: a build helper of this file or of a test file, `python build.py [serve] --root DIR`, `pelican content`.
    "site": re.compile(r"(?<!\w)(run_build|build_and_probe|published_site|_start_build|build)\("
                       r'|"build\.py"\), (?:"serve", )?"--root"|"pelican", "content"'),
    "browser": re.compile(r"\bsync_playwright\b"),  # Chromium, driven by Playwright
    "slow": re.compile(r"\bload_model\("),  # a spaCy model loaded
}


def pytest_collection_modifyitems(items):
    """Mark each test `site`, `browser` or `slow` from what its code calls, so that nobody has to remember to.

    A test's code is its own function and every fixture it uses, directly or through other fixtures:
    a fixture that builds a site (`built_dossier`, `project`, ...) makes every test that uses it a
    `site` test. `pytest -m "not site and not browser and not slow"` is then the fast tier (see
    CONTRIBUTING.md). What these patterns cannot see (a build behind a class or a helper of another
    name, a fresh virtual environment, a large input) is marked in the test file itself.
    """
    for item in items:
        if not isinstance(item, pytest.Function):
            continue
        fixtures = item._fixtureinfo.name2fixturedefs  # pytest's record of the fixtures the test uses, by name
        functions = [item.function, *(d.func for name in item.fixturenames for d in fixtures.get(name, ()))]
        code = "\n".join(map(_test_source, functions))
        for marker, pattern in TIERS.items():
            if pattern.search(code):
                item.add_marker(marker)


@functools.cache
def _test_source(function) -> str:
    """The source of a test or fixture of tests/ (pytest's own fixtures, such as tmp_path, are left out)."""
    return inspect.getsource(function) if function.__module__.startswith("tests.") else ""
