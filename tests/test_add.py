"""`dossier add`: web pages and files into seeds/, against a real local web server (no mocks)."""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import frontmatter
import pytest

from dossier import add as add_module
from dossier.add import add
from dossier.core.errors import DossierError
from dossier.curate import provenance

from .conftest import ROOT, free_port

DATED_PATH = "/world/2024/06/19/putin-in-pyongyang"
DATED_NAME = "2024-06-19-putin-in-pyongyang-a-pact-of-mutual-defence.html"
ARTICLE = """\
<p>Vladimir Putin and Kim Jong Un signed a treaty on Wednesday that commits each country to come to the
other's aid if it is attacked, the most significant agreement between the two states in decades.</p>
<p>The pact was signed in Pyongyang during the Russian president's first visit to North Korea in
twenty-four years, a visit watched closely in Seoul, Tokyo and Washington.</p>
<p>Analysts said the agreement could allow Moscow to draw on North Korean artillery shells for its war
in Ukraine, while Pyongyang hopes for Russian technology and food.</p>
"""
DATED = f"""\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Putin in Pyongyang: a pact of mutual defence | The Daily Courier</title>
<meta property="og:site_name" content="The Daily Courier">
<meta property="article:published_time" content="2024-06-19T08:30:00+00:00">
<link rel="canonical" href="{{base}}{DATED_PATH}">
</head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Putin in Pyongyang: a pact of mutual defence</h1>
{ARTICLE}</article>
<footer>© The Daily Courier</footer>
</body>
</html>
"""
# The same article, shared with a tracking script: other bytes, but the page names the address above as its own.
SHARED = DATED.replace("</head>", "<script>track('share')</script>\n</head>")
UNDATED = """\
<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>Le sommet de Pyongyang vu de Séoul</title></head>
<body><main><h1>Le sommet de Pyongyang vu de Séoul</h1>
<p>À Séoul, la visite du président russe en Corée du Nord est suivie avec inquiétude par le gouvernement,
qui redoute un transfert de technologies militaires vers le Nord.</p>
<p>Le ministère des Affaires étrangères a convoqué l'ambassadeur de Russie pour lui faire part de ses
préoccupations au lendemain de la signature du traité.</p>
</main></body></html>
"""
PAGES = {  # path -> (status, headers, body); "{base}" in a body is the server's address
    DATED_PATH: (200, {"Content-Type": "text/html; charset=utf-8"}, DATED),
    "/share/putin?utm_source=mail": (200, {"Content-Type": "text/html"}, SHARED),
    "/opinion/seoul": (200, {"Content-Type": "text/html; charset=utf-8"}, UNDATED),
    "/s/abc": (302, {"Location": "/opinion/seoul"}, ""),
    "/to-ftp": (302, {"Location": "ftp://127.0.0.1/article.html"}, ""),
    "/report.pdf": (200, {"Content-Type": "application/pdf"}, "%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"),
    "/big-declared": (200, {"Content-Type": "text/html", "Content-Length": "300000"}, "<p>" + "x" * 299_993 + "</p>"),
    "/big": (200, {"Content-Type": "text/html"}, "<html><body>" + "<p>Lorem ipsum dolor sit amet.</p>\n" * 10_000),
}


class Handler(http.server.BaseHTTPRequestHandler):
    """Serves PAGES; anything else is a 404 with an HTML body, as a real server's."""

    def do_GET(self):
        if self.path == "/slow":
            return self.drip()
        host, port = self.server.server_address[:2]
        base = f"http://{host}:{port}"
        status, headers, body = PAGES.get(self.path, (404, {"Content-Type": "text/html"}, "<h1>Not Found</h1>"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body.replace("{base}", base).encode("utf-8"))

    def drip(self):
        """A page that comes a few bytes at a time, each well within a timeout, for ten seconds."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(50):
                self.wfile.write(b"<p>slow</p>\n")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass  # the client gave up: as it should

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    """The address of a local web server serving PAGES."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """A proxy set in the environment must not stand between the tests and the local server."""
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def dossier(tmp_path) -> Path:
    """A dossier as a build needs it: seeds/ and content/ (a README in seeds/, as `dossier init` writes)."""
    root = tmp_path / "d"
    (root / "content").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "seeds" / "README.md").write_text("The dossier's articles.\n", encoding="utf-8")
    return root


def served(site: str, path: str) -> bytes:
    return PAGES[path][2].replace("{base}", site).encode("utf-8")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under seeds/ and content/ (hidden ones too), with its bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for folder in ("seeds", "content")
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    }


def recorded_url(root: Path, seed_name: str) -> str | None:
    return provenance.load_overrides(root).fields.get(seed_name, {}).get("url")


# --- web pages ---------------------------------------------------------------------------------------------------


def test_a_page_is_saved_as_sent_under_its_date_and_title_with_its_address_recorded(dossier, site):
    [result] = add(dossier, [site + DATED_PATH], timeout=5)
    assert result.error is None
    assert (result.seed, result.url) == (f"seeds/{DATED_NAME}", site + DATED_PATH)
    assert (dossier / result.seed).read_bytes() == served(site, DATED_PATH)
    assert recorded_url(dossier, DATED_NAME) == site + DATED_PATH
    assert not [p for p in (dossier / "seeds").iterdir() if p.name.startswith(".")]  # no temporary file left


def test_a_page_without_a_date_is_named_by_its_title_alone(dossier, site):
    [result] = add(dossier, [site + "/opinion/seoul"], timeout=5)
    assert result.seed == "seeds/le-sommet-de-pyongyang-vu-de-seoul.html", result.error


def test_after_a_redirect_the_final_address_is_recorded(dossier, site):
    [result] = add(dossier, [site + "/s/abc"], timeout=5)
    assert result.url == site + "/opinion/seoul", result.error
    assert recorded_url(dossier, Path(result.seed).name) == site + "/opinion/seoul"
    # The short address and the one it leads to are both known now.
    again = add(dossier, [site + "/opinion/seoul", site + "/s/abc"], timeout=5)
    assert [r.seed for r in again] == [None, None]
    assert all(result.seed in r.error for r in again)


def test_the_same_address_twice_is_refused_naming_the_seed_and_writes_nothing(dossier, site):
    add(dossier, [site + DATED_PATH], timeout=5)
    before = snapshot(dossier)
    [again] = add(dossier, [site + DATED_PATH], timeout=5)
    assert again.seed is None
    assert again.error == f"{site}{DATED_PATH}: already added as seeds/{DATED_NAME}; not added again"
    assert snapshot(dossier) == before


def test_the_same_source_twice_in_one_call_the_second_is_a_duplicate_of_the_first(dossier, site, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Une note du curateur sur le sommet de Pyongyang.\n", encoding="utf-8")
    results = add(dossier, [site + DATED_PATH, str(note), site + DATED_PATH, str(note)], timeout=5)
    assert [r.seed for r in results] == [f"seeds/{DATED_NAME}", "seeds/note.txt", None, None]
    assert f"seeds/{DATED_NAME}" in results[2].error
    assert results[3].error.endswith("the same page as seeds/note.txt; not added")


def test_a_page_that_names_the_address_of_a_seed_as_its_own_is_refused(dossier, site):
    add(dossier, [site + DATED_PATH], timeout=5)
    [shared] = add(dossier, [site + "/share/putin?utm_source=mail"], timeout=5)
    assert shared.seed is None
    assert shared.error.endswith(f"gives its address as {site}{DATED_PATH}, that of seeds/{DATED_NAME}; not added")


def test_the_same_page_through_a_file_is_refused_naming_the_seed(dossier, site, tmp_path):
    add(dossier, [site + DATED_PATH], timeout=5)
    saved = tmp_path / "saved.html"
    saved.write_bytes(served(site, DATED_PATH))
    before = snapshot(dossier)
    [copy] = add(dossier, [str(saved)], timeout=5)
    assert copy.error == f"{saved}: the same page as seeds/{DATED_NAME}; not added"
    assert snapshot(dossier) == before


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/report.pdf", ": not a web page (application/pdf); only HTML pages are added"),
        ("/nowhere", ": the server answered 404 Not Found"),
        ("/to-ftp", ": redirects to ftp://127.0.0.1/article.html, not a web address; not followed"),
    ],
)
def test_what_is_not_an_html_page_is_refused_with_a_message_and_writes_nothing(dossier, site, path, message):
    before = snapshot(dossier)
    [result] = add(dossier, [site + path], timeout=5)
    assert (result.seed, result.error) == (None, site + path + message)
    assert snapshot(dossier) == before


@pytest.mark.parametrize("path", ["/big-declared", "/big"])
def test_a_page_over_the_size_cap_is_refused(dossier, site, path, monkeypatch):
    monkeypatch.setattr(add_module, "MAX_PAGE_BYTES", 100_000)  # the real cap is 20 MB: too slow to serve here
    before = snapshot(dossier)
    [result] = add(dossier, [site + path], timeout=5)
    assert result.seed is None and result.error == f"{site}{path}: larger than the 0.1 MB a seed may be; not downloaded"
    assert snapshot(dossier) == before


def test_a_server_that_never_answers_fails_within_the_timeout_and_writes_nothing(dossier):
    with socket.socket() as silent:  # the system accepts connections on it; nobody ever answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/article"
        before = snapshot(dossier)
        start = time.monotonic()
        [result] = add(dossier, [url], timeout=1)
        elapsed = time.monotonic() - start
    assert elapsed < 3
    assert (result.seed, result.error) == (None, f"{url}: cannot be fetched (no answer within 1 s)")
    assert snapshot(dossier) == before


def test_a_page_that_trickles_in_is_given_up_at_the_timeout(dossier, site):
    start = time.monotonic()
    [result] = add(dossier, [site + "/slow"], timeout=1)
    assert time.monotonic() - start < 3
    assert result.error == f"{site}/slow: cannot be fetched (not received in full within 1 s)"


def test_a_closed_port_gives_a_clear_message(dossier):
    url = f"http://127.0.0.1:{free_port()}/article"
    [result] = add(dossier, [url], timeout=1)
    assert (result.seed, result.error) == (None, f"{url}: cannot be fetched (connection refused)")


@pytest.mark.parametrize("source", ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/a", "mailto:a@b.c"])
def test_an_address_that_is_not_http_is_refused(dossier, source):
    before = snapshot(dossier)
    [result] = add(dossier, [source])
    assert result.seed is None
    assert result.error == f"{source}: not a web address this tool fetches (only http:// and https://)"
    assert snapshot(dossier) == before


# --- files -------------------------------------------------------------------------------------------------------


def test_a_file_is_copied_byte_for_byte_under_its_own_name_and_a_taken_name_gets_a_number(dossier, tmp_path):
    first, second = tmp_path / "one" / "notes.txt", tmp_path / "two" / "notes.txt"
    for path, text in ((first, "Premier article.\n"), (second, "Second article, autre texte.\r\n")):
        path.parent.mkdir()
        path.write_bytes(text.encode("cp1252"))
    results = add(dossier, [str(first), str(second)])
    assert [(r.seed, r.error, r.url) for r in results] == [
        ("seeds/notes.txt", None, None),
        ("seeds/notes-2.txt", None, None),
    ]
    assert (dossier / "seeds/notes.txt").read_bytes() == first.read_bytes()
    assert (dossier / "seeds/notes-2.txt").read_bytes() == second.read_bytes()
    assert not (dossier / provenance.OVERRIDES).exists()  # a file has no address to record


def test_files_that_are_not_seeds_are_refused_each_with_its_message(dossier, tmp_path):
    (tmp_path / "data.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / ".hidden.md").write_text("# Caché\n", encoding="utf-8")
    sources = [str(tmp_path / n) for n in ("data.csv", "missing.txt", "folder.txt", ".hidden.md")]
    before = snapshot(dossier)
    errors = [r.error for r in add(dossier, sources)]
    assert errors == [
        f"{sources[0]}: not a seed format (the build reads .txt, .md, .markdown, .html, .htm files); not added",
        f"{sources[1]}: no such file",
        f"{sources[2]}: a folder; name the files in it",
        f"{sources[3]}: the build skips hidden files and READMEs in seeds/; rename it to add it",
    ]
    assert snapshot(dossier) == before


def test_a_seeds_folder_that_cannot_be_written_gives_a_message(dossier, tmp_path):
    (tmp_path / "a.txt").write_text("Un article.\n", encoding="utf-8")
    seeds = dossier / "seeds"
    if os.geteuid() != 0:
        lock, unlock = (lambda: seeds.chmod(0o555)), (lambda: seeds.chmod(0o755))
    else:  # root writes into a read-only folder, not into an immutable one
        def lock():
            return subprocess.run(["chattr", "+i", str(seeds)], capture_output=True).returncode == 0 or pytest.skip(
                    "chattr +i is not available here"
                )
        def unlock():
            return subprocess.run(["chattr", "-i", str(seeds)], capture_output=True)
    lock()
    try:
        [result] = add(dossier, [str(tmp_path / "a.txt")])
    finally:
        unlock()
    assert result.seed is None
    assert result.error.startswith(f"{tmp_path / 'a.txt'}: cannot be written into seeds/ (")
    assert sorted(p.name for p in seeds.iterdir()) == ["README.md"]


# --- the whole call, content/seeds.yml, the build -----------------------------------------------------------------


def test_one_bad_source_does_not_stop_the_others(dossier, site, tmp_path):
    (tmp_path / "a.md").write_text("# Un titre\n\nUn texte.\n", encoding="utf-8")
    sources = [site + "/nowhere", str(tmp_path / "a.md"), "javascript:void(0)", site + DATED_PATH]
    results = add(dossier, sources, timeout=5)
    assert [r.source for r in results] == sources
    assert [r.seed for r in results] == [None, "seeds/a.md", None, f"seeds/{DATED_NAME}"]
    assert [r.error is None for r in results] == [False, True, False, True]


def test_a_folder_that_is_not_a_dossier_is_a_usage_error(tmp_path):
    with pytest.raises(DossierError, match="not a dossier"):
        add(tmp_path, ["notes.txt"])


def test_when_the_address_cannot_be_recorded_the_page_is_not_kept(dossier, site):
    (dossier / provenance.OVERRIDES).write_text("a.txt:\n  url: [unclosed\n", encoding="utf-8")
    before = snapshot(dossier)
    [result] = add(dossier, [site + DATED_PATH], timeout=5)
    assert result.seed is None
    assert result.error.startswith(f"{site}{DATED_PATH}: not added: its address cannot be recorded (content/seeds.yml:")
    assert snapshot(dossier) == before


def test_set_fields_keeps_the_curators_comments_and_the_other_entries(tmp_path):
    (tmp_path / "content").mkdir()
    text = "# mes notes\na.txt:\n  source: Le Monde  # vérifié\nb.html:\n  title: Ancien titre\n"
    (tmp_path / provenance.OVERRIDES).write_text(text, encoding="utf-8")
    provenance.set_fields(tmp_path, "b.html", {"url": "https://example.org/b"})
    written = (tmp_path / provenance.OVERRIDES).read_text(encoding="utf-8")
    assert written.startswith("# mes notes\na.txt:\n  source: Le Monde  # vérifié\n")
    assert provenance.load_overrides(tmp_path).fields["b.html"]["title"] == "Ancien titre"
    assert provenance.load_overrides(tmp_path).fields["b.html"]["url"] == "https://example.org/b"


def build(root: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), "--no-propose", "-q"],
        cwd=root, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_build_publishes_the_recorded_address_and_add_then_knows_the_seeds_own(dossier, site, tmp_path):
    [page] = add(dossier, [site + "/s/abc"], timeout=5)
    dispatch, dispatch_url = tmp_path / "dispatch.txt", "https://www.example.org/news/2024/06/20/seoul"
    dispatch.write_text(
        f"{dispatch_url}\n\nSéoul convoque l'ambassadeur\n\n"
        "Le ministère a convoqué l'ambassadeur de Russie au lendemain de la signature du traité de défense.\n",
        encoding="utf-8",
    )
    [copy] = add(dossier, [str(dispatch)])
    build(dossier)
    articles = {post["seed"]: post for post in map(frontmatter.load, (dossier / "content" / "articles").glob("*.md"))}
    assert articles[page.seed]["url"] == site + "/opinion/seoul"
    assert articles[copy.seed]["url"] == dispatch_url
    # The address a seed gives itself, as the build read it, is known without fetching anything.
    [again] = add(dossier, [dispatch_url], timeout=1)
    assert again.error == f"{dispatch_url}: already added as seeds/dispatch.txt; not added again"


def test_the_command_adds_refuses_a_duplicate_and_says_a_silent_server_without_a_traceback(dossier, site):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "dossier", "add", "--root", str(dossier), *args],
                              capture_output=True, text=True, timeout=60, cwd=dossier)

    result = cli(site + DATED_PATH)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"seeds/{DATED_NAME}: added (from {site}{DATED_PATH})", "next: python -m dossier build"]
    result = cli(site + DATED_PATH)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {site}{DATED_PATH}: already added as seeds/{DATED_NAME}; not added again"
    before = sorted(p.name for p in (dossier / "seeds").iterdir())
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        result = cli("--timeout", "1", f"http://127.0.0.1:{silent.getsockname()[1]}/article")
    assert result.returncode == 1 and "no answer within 1 s" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in (dossier / "seeds").iterdir()) == before
