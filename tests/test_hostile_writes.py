"""Hostile and unlucky writes (issue 23, cases 7, 8 and 11): a full disk, a folder the build may not
write in, a port that cannot be listened on, a site address that is a script, a build killed with
its processes running. Each ends in a message naming what could not be done and what was kept, the
right exit status, no traceback, and the last build's site as it was.

A full disk is made two ways. Where a tmpfs can be mounted (root with CAP_SYS_ADMIN: this machine,
a privileged container), the project sits on one of a few megabytes filled up to the room the test
leaves: the writes fail with ENOSPC, Pagefind's included. Everywhere (an unprivileged container, a
curator's account), the build runs with a file size limit (RLIMIT_FSIZE, SIGXFSZ ignored): a write
past it fails with EFBIG, which the build says as it says a full disk.

A folder without permission: CI runs as root, whom permissions do not stop; the build then runs
with every capability dropped (setpriv), as a user whom they do.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, copy_project, free_port

sys.path.insert(0, str(ROOT / "benchmarks"))
from generated_seeds import generate  # noqa: E402

# What the system says of a full disk (a file at its size limit: too large; SQLite's temporary database: an I/O error).
NOT_WRITTEN = re.compile(
    r"^error: (\S+) could not be written \((no space left on device|file too large|SQLite: disk I/O error|SQLite: database or disk is full)",
    re.M,
)
KEPT = "the site in output/ is the last build's, as it was"


def build(root: Path, *args: str, prefix: tuple[str, ...] = (), preexec=None, env=None, timeout: float = 300) -> subprocess.CompletedProcess:
    """`python build.py --root ROOT ARGS` in a subprocess, from `root`."""
    return subprocess.run(
        [*prefix, sys.executable, str(ROOT / "build.py"), "--root", str(root), *args],
        cwd=root, capture_output=True, text=True, timeout=timeout, preexec_fn=preexec,
        env={**os.environ, **(env or {})},
    )


def unprivileged() -> tuple[str, ...]:
    """What runs a command as a user whom file permissions stop: as root, with every capability dropped
    (the files stay root's: a folder of mode 555 is then one it may not write in)."""
    return ("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--") if os.geteuid() == 0 else ()


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def new_seed(root: Path, count: int = 1) -> str:
    """New seeds in the project (work for the next build): the first `count` generated articles, as web pages
    that state their language (no language model is loaded to read them: under a file size limit, its
    temporary file could not be written). The name of the first."""
    for number, seed in enumerate(generate(count, ROOT / "seeds")):
        paragraphs = "".join(f"<p>{html.escape(text)}</p>\n" for text in seed.text.split("\n\n") if len(text.split()) > 12)
        (root / "seeds" / f"nouveau{number or ''}.html").write_text(
            f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(seed.title)}</title>'
            f'<meta property="article:published_time" content="{seed.date}"></head>\n'
            f"<body><article><h1>{html.escape(seed.title)}</h1>\n{paragraphs}</article></body></html>\n",
            encoding="utf-8",
        )
    return "nouveau.html"


def said(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


# ---------- a full disk ----------


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "64m"):
    """`folder`, a tmpfs of `size` mounted for the test (skipped where none can be mounted: the file size
    limit variants run everywhere)."""
    folder.mkdir(parents=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"no tmpfs can be mounted here ({mounted.stderr.strip()}); the file size limit variants cover a full disk")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, room: int) -> None:
    """Leave `room` bytes free on the file system of `folder` (a tmpfs: the filler's pages are taken)."""
    status = os.statvfs(folder)
    free = status.f_bavail * status.f_frsize
    if free > room:
        handle = os.open(folder / ".filler", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.posix_fallocate(handle, 0, free - room)
        finally:
            os.close(handle)


def file_size_limit(limit: int):
    """What a child runs before the build: no file written past `limit` bytes (EFBIG, SIGXFSZ ignored)."""
    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limited


def on_disk(path: Path) -> int:
    """The bytes the files under `path` take on a tmpfs (whole pages of 4 KiB)."""
    return sum(-(-file.stat().st_size // 4096) * 4096 for file in path.rglob("*") if file.is_file())


# (how the disk is full, where the build is when it fills, the room left or the file size limit)
FULL_DISKS = [
    ("file size limit", "articles", 2_000),
    ("file size limit", "render", 20_000),  # the data files' database, built in the temporary folder, comes first
    ("tmpfs", "articles", 0),
    ("tmpfs", "many articles", 0),  # annotated in several processes (pipeline.PARALLEL_ANNOTATE)
    ("tmpfs", "pages", 200_000),
    ("tmpfs", "search index", None),  # the room for the site but half its search index
]


@pytest.mark.parametrize(("how", "stage", "room"), FULL_DISKS, ids=[f"{how}-{stage}" for how, stage, _ in FULL_DISKS])
def test_a_full_disk_is_said_and_the_last_site_is_kept(tmp_path, how, stage, room):
    with tmpfs(tmp_path / "disk") if how == "tmpfs" else contextlib.nullcontext(tmp_path) as folder:
        root = copy_project(folder / "project")
        first = build(root, "--no-propose")
        assert first.returncode == 0, said(first)
        site, articles = tree(root / "output"), tree(root / "content" / "articles")
        if stage in ("articles", "many articles"):
            new_seed(root, 48 if stage == "many articles" else 1)  # articles to write
        else:  # the settings changed: every page is rendered again, no article written
            with open(root / "pelicanconf.py", "a", encoding="utf-8") as settings:
                settings.write("# changed\n")
        preexec = None
        if how == "tmpfs":
            if room is None:
                output = root / "output"
                search = sum(on_disk(path) for path in output.glob("pagefind*"))
                room = on_disk(output) - search + search // 2
            fill(folder, room)
        else:
            preexec = file_size_limit(room)
        result = build(root, "--no-propose", preexec=preexec)
        (folder / ".filler").unlink(missing_ok=True)
        text = said(result)
        assert result.returncode == 1, text
        assert "Traceback" not in text
        failed = NOT_WRITTEN.search(result.stderr)
        assert failed, text
        if stage in ("articles", "many articles"):
            assert failed.group(1).startswith("content/articles/"), failed.group(0)
        elif how == "tmpfs":
            assert failed.group(1).startswith("output/"), failed.group(0)
        assert KEPT in result.stderr
        if stage == "search index":  # room for half the search index: the disk fills while Pagefind indexes, in
            # its bundles, or in what is written meanwhile (the timeline's, the network's and who-said-what's pages,
            # the data files, the feeds, the sitemap), or in the theme's files copied last (a Pagefind that fills the
            # disk may end without a word); the file named is one of the site's
            meanwhile = r"output/(chronologie|reseau|qui-a-dit-quoi|donnees|theme)/|atom\.xml|sitemap\.xml|robots\.txt"
            assert re.search(rf"pagefind|{meanwhile}|after the render", result.stderr.lower()), result.stderr
        assert tree(root / "output") == site  # the last build's site, byte for byte
        assert tree(root / "content" / "articles") == articles  # nothing half-written, no temporary file
        assert not [path.name for path in root.iterdir() if ".staging-" in path.name or ".old-" in path.name]
        again = build(root, "--no-propose")  # room again: the build that failed is done
        assert again.returncode == 0, said(again)


def test_a_dossier_on_a_read_only_disk_is_said_before_anything_is_read(tmp_path):
    disk = tmp_path / "disk"
    with tmpfs(disk):
        root = copy_project(disk / "project", with_articles=False)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = build(root, "--no-propose", "--output", str(tmp_path / "site"))
    assert result.returncode == 1, said(result)
    assert "Traceback" not in said(result)
    assert ".dossier-build.lock could not be written (read-only file system)" in result.stderr
    assert "nothing was built" in result.stderr
    assert not (tmp_path / "site").exists()


# ---------- folders the build may not write in ----------


def test_a_read_only_articles_folder_is_said_and_the_rest_of_the_site_built(tmp_path):
    root = copy_project(tmp_path / "project")
    first = build(root, "--no-propose")
    assert first.returncode == 0, said(first)
    seed = new_seed(root)
    articles = root / "content" / "articles"
    before = tree(articles)
    articles.chmod(0o555)
    try:
        result = build(root, "--no-propose", prefix=unprivileged())
    finally:
        articles.chmod(0o755)
    text = said(result)
    assert result.returncode == 1, text
    assert "Traceback" not in text
    refused = re.search(r"^error: content/articles/(\S+)\.md could not be written \(permission denied\); it was not created; "
                        r"its article is not on the site$", result.stderr, re.M)
    assert refused, text
    assert tree(articles) == before
    slugs = sorted(path.stem for path in articles.glob("*.md"))
    assert refused.group(1) not in slugs and seed
    for slug in slugs:  # the other articles are on the site
        assert (root / "output" / "articles" / slug / "index.html").exists(), slug
    assert not (root / "output" / "articles" / refused.group(1)).exists()


def test_an_output_whose_folder_may_not_be_written_in_is_said_before_anything_is_built(tmp_path):
    root = copy_project(tmp_path / "project", with_articles=False)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        deeper = build(root, "--no-propose", "--output", str(locked / "sub" / "site"), prefix=unprivileged())
        result = build(root, "--no-propose", "--output", str(locked / "site"), prefix=unprivileged())
    finally:
        locked.chmod(0o755)
    for run, folder in ((result, locked), (deeper, locked / "sub")):
        text = said(run)
        assert run.returncode == 1, text
        assert "Traceback" not in text
        assert f"error: {locked}/ could not be written (permission denied); no site was written to {folder}/site/" in run.stderr
        assert "give --output a folder you may write in" in run.stderr
    assert list(locked.iterdir()) == []
    assert list((root / "content" / "articles").glob("*.md")) == []  # nothing built


# ---------- serve ----------


def serve(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--root", str(root), "--no-propose", *args],
                          cwd=root, capture_output=True, text=True, timeout=120)


def test_serve_says_a_port_in_use_before_building(tmp_path):
    root = copy_project(tmp_path / "project", with_articles=False)
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = serve(root, "--port", str(port))
    assert result.returncode == 1, said(result)
    assert "Traceback" not in said(result)
    assert f"error: --port {port}: already in use on 127.0.0.1" in result.stderr
    assert not (root / "output").exists()  # said before the build, not after it


@pytest.mark.parametrize(("option", "said_"), [
    (("--port", "65536"), "argument --port: 65536 is not a port number (1 to 65535)"),
    (("--port", "-1"), "argument --port: -1 is not a port number (1 to 65535)"),
    (("--port", "0"), "argument --port: 0 is not a port number (1 to 65535)"),
    (("--bind", "192.0.2.1"), "--bind '192.0.2.1': no address of this machine"),  # TEST-NET-1: nobody's
    (("--bind", "no-such-host.invalid"), "--bind 'no-such-host.invalid': no address of this machine"),
    (("--base-path", "/a\"><script>"), "--base-path '/a\"><script>': holds quotation mark"),
])
def test_serve_refuses_an_address_it_cannot_listen_on(tmp_path, option, said_):
    root = copy_project(tmp_path / "project", with_articles=False)
    result = serve(root, *option)
    assert result.returncode == 2, said(result)
    assert "Traceback" not in said(result)
    assert said_ in result.stderr
    assert not (root / "output").exists()


# ---------- the site's address ----------

HOSTILE_SITE_URLS = [
    "javascript:alert(document.domain)//",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/<script>",
    "https://example.org/a b",
    "https://example.org/\u202ex",
    "java\nscript:alert(1)",
    "example.org",
]


@pytest.mark.parametrize("url", HOSTILE_SITE_URLS)
def test_a_site_url_that_is_no_web_address_is_refused(tmp_path, url):
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    for result, where in (
        (build(root, "--site-url", url), "--site-url"),
        (build(root, env={"SITEURL": url}), "$SITEURL"),
    ):
        assert result.returncode == 2, said(result)
        assert "Traceback" not in said(result)
        assert f"error: {where} " in result.stderr
        assert "give an http:// or https:// address" in result.stderr
    init = subprocess.run([sys.executable, str(ROOT / "build.py"), "init", str(tmp_path / "new"), "--site-url", url],
                          capture_output=True, text=True, timeout=60)
    assert init.returncode == 2 and "error: --site-url " in init.stderr, said(init)
    assert not (root / "output").exists() and not (tmp_path / "new").exists()


def test_a_web_address_or_a_path_is_taken(tmp_path):
    from dossier.core.settings import site_url_problem

    for url in ("", "/", "/repo", "/dossier-corée", "https://user.github.io/repo", "http://localhost:8000/x",
                "HTTPS://EXAMPLE.ORG", "https://[::1]:8000/x", "https://corée.example/dossier"):
        assert site_url_problem(url) is None, url


def test_a_hostile_siteurl_in_the_settings_never_reaches_a_page(tmp_path):
    root = copy_project(tmp_path / "project")
    settings = root / "pelicanconf.py"
    settings.write_text(re.sub(r"(?m)^SITEURL = .*$", 'SITEURL = "javascript:alert(document.domain)//"', settings.read_text(encoding="utf-8")),
                        encoding="utf-8")
    result = build(root, "--no-propose")
    assert result.returncode == 2, said(result)
    assert "Traceback" not in said(result)
    assert "error: pelicanconf.py: SITEURL 'javascript:alert(document.domain)/'" in result.stderr
    assert not (root / "output").exists() or not any(
        'href="javascript:' in path.read_text(encoding="utf-8", errors="replace") for path in (root / "output").rglob("*.html")
    )
    given = build(root, "--no-propose", "--site-url", "https://user.github.io/repo")  # the option wins over the file
    assert given.returncode == 0, said(given)
    pages = [path.read_text(encoding="utf-8") for path in (root / "output").rglob("*") if path.suffix in (".html", ".xml", ".json")]
    assert pages and not any("javascript:alert" in page for page in pages)
    assert any('href="https://user.github.io/repo/' in page for page in pages)


# ---------- a killed build's processes ----------


def _session(sid: int) -> list[int]:
    """The living processes of session `sid` but its leader (a zombie is dead)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == sid:
            continue
        try:
            fields = (Path("/proc") / entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] not in ("Z", "X"):
            members.append(int(entry))
    return members


@pytest.mark.skipif(sys.platform != "linux", reason="the build forks processes on Linux only")
@pytest.mark.parametrize("moment", ["reading seeds", "proposing entities"])
def test_a_killed_build_leaves_no_process_and_no_lock(tmp_path, moment):
    root = copy_project(tmp_path / "project", with_articles=False)
    shutil.rmtree(root / "seeds")
    (root / "seeds").mkdir()
    for seed in generate(40, ROOT / "seeds"):  # enough seeds for a pool of readers, and for proposals
        (root / "seeds" / seed.name).write_text(seed.text, encoding="utf-8")
    articles = root / "content" / "articles"
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(root)], cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            children = _session(process.pid)
            written = len(list(articles.glob("*.md")))
            if children and (written == 0 if moment == "reading seeds" else written == 40):
                break
            time.sleep(0.02)
        assert process.poll() is None and children, f"no process forked while {moment}"
        assert _killed_alone(process), f"processes of the killed build still run 2 s after it ({moment})"
    finally:
        _reap(process)
    again = build(root, "--no-propose")
    assert "another build" not in again.stderr, again.stderr
    assert again.returncode == 0, said(again)


def _killed_alone(process: subprocess.Popen) -> bool:
    """SIGKILL the build `process` (a session of its own); whether none of its processes is left 2 s later."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    killed = time.monotonic()
    while _session(process.pid) and time.monotonic() - killed < 2:
        time.sleep(0.02)
    return _session(process.pid) == []


def _reap(process: subprocess.Popen) -> None:
    """Kill the build `process` and what it started, whatever the test found."""
    if process.poll() is None:
        process.kill()
        process.wait()
    for pid in _session(process.pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


# A build whose data files take two minutes to make (data.data_files, in the process forked to make them, says
# its pid in `mark` first).
SLOW_DATA_BUILD = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
from dossier.sections import data
mark = sys.argv[2]
def slow(dossier, site_url):
    with open(mark + ".tmp", "w") as file:
        file.write(str(os.getpid()))
    os.replace(mark + ".tmp", mark)
    time.sleep(120)
data.data_files = slow
from dossier.cli import main
sys.exit(main(sys.argv[3:]))
"""


@pytest.mark.site
@pytest.mark.skipif(sys.platform != "linux", reason="the build forks processes on Linux only")
def test_a_build_killed_while_its_data_files_are_made_leaves_no_process_and_no_lock(tmp_path):
    root = copy_project(tmp_path / "project", with_articles=False)
    script, mark = tmp_path / "slow.py", tmp_path / "data-process"
    script.write_text(SLOW_DATA_BUILD, encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script), str(ROOT), str(mark), "--root", str(root), "--no-propose"], cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None and not mark.exists():
            time.sleep(0.02)
        assert process.poll() is None and mark.exists(), "the data files were not being made"
        making = int(mark.read_text())
        assert making != process.pid and making in _session(process.pid)  # a process of its own, of the build's
        assert _killed_alone(process), "the process making the data files still runs 2 s after the build was killed"
    finally:
        _reap(process)
    again = build(root, "--no-propose")
    assert "another build" not in again.stderr, again.stderr
    assert again.returncode == 0, said(again)
    assert (root / "output" / "donnees" / "dossier.db").is_file()
