"""The command line, run as a curator runs it: in a subprocess, on a copy of the project."""

from __future__ import annotations

import subprocess
import sys

from bs4 import BeautifulSoup

from .conftest import ROOT, copy_project, run_build


def test_help_documents_every_command_and_option():
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for word in ("build", "serve", "--output", "--site-url", "--force", "--port", "--root"):
        assert word in result.stdout


def test_build_prints_a_summary_and_writes_articles(built_dossier):
    assert sorted(p.name for p in (built_dossier / "content" / "articles").glob("*.md")) == [
        "accord-de-defense-russo-nord-coreen-une-alliance.md",
        "alliance-strategique-entre-la-russie-et-la-coree-du-nord-une.md",
        "ce-que-la-coree-du-nord-et-la-russie-gagnent-une-alliance.md",
        "la-communaute-internationale-doit-imperativement-reconnaitre.md",
        "poutine-renforce-ses-liens-avec-la-coree-du-nord-face-a.md",
    ]
    result = run_build(built_dossier, "--output", str(built_dossier / "second"))
    assert result.returncode == 0, result.stderr
    # Nothing changed since the first build: no article is read again, so no warning is repeated.
    assert result.stdout.strip().splitlines()[-1].startswith("5 articles, 44 entities, 7 events, 0 warnings, 0 errors")


def test_two_builds_are_byte_identical(built_dossier):
    first, second = built_dossier / "output", built_dossier / "again"
    assert run_build(built_dossier, "--output", str(second)).returncode == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    different = [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []


def test_a_bad_seed_is_reported_and_the_rest_still_builds(tmp_path):
    root = copy_project(tmp_path / "project", with_articles=False)
    (root / "seeds" / "empty.txt").write_bytes(b"")
    result = run_build(root)
    assert result.returncode == 1
    assert "error: seeds/empty.txt: empty file" in result.stderr
    assert len(list((root / "output" / "articles").glob("*/index.html"))) == 5


def test_an_invalid_registry_entry_is_reported_and_left_out_and_the_rest_is_built(tmp_path):
    root = copy_project(tmp_path / "project", with_articles=False)
    (root / "content" / "entities" / "russie.md").write_text("---\nname: Russie\ntype: pays\n---\nUn pays.\n", encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 1
    assert "error: content/entities/russie.md: field 'type': 'pays' is not one of" in result.stderr
    # Events that name Russia as a participant are left out with it, each said.
    assert "field 'participants': unknown entity 'russie'" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(list((root / "output" / "articles").glob("*/index.html"))) == 5
    assert not (root / "output" / "acteurs" / "russie").exists()
    assert (root / "output" / "acteurs" / "kim-jong-un" / "index.html").exists()


def test_seed_html_is_shown_as_text(tmp_path):
    root = copy_project(tmp_path / "project", with_articles=False)
    (root / "seeds" / "hostile.txt").write_text(
        "Un titre <script>alert(1)</script>\n\n"
        "La Russie et la Corée du Nord <img src=x onerror=alert(1)> signent un accord <iframe src=x></iframe> à Pyongyang.\n\n"
        "Un lien [vers](javascript:alert(1)) et <style>body{display:none}</style> dans le texte de l'article.\n",
        encoding="utf-8",
    )
    assert run_build(root).returncode == 0
    page = next((root / "output" / "articles").glob("un-titre*/index.html")).read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<iframe" not in page and "<img" not in page and "<style>body" not in page
    soup = BeautifulSoup(page, "html.parser")
    for tag in soup.find_all(True):
        assert not any(name.startswith("on") for name in tag.attrs), tag
        assert not any("javascript:" in str(value) for value in tag.attrs.values()), tag
    assert "<script>alert(1)</script>" in soup.find("h1").get_text()  # the reader sees the text as written
    assert "[vers](javascript:alert(1))" in soup.find(class_="article-body").get_text()


def test_serve_previews_the_site_under_a_base_path(tmp_path):
    import socket
    import time
    import urllib.error
    import urllib.request

    root = copy_project(tmp_path / "project")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--root", str(root), "--port", str(port), "--base-path", "/repo", "-q"],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/repo/acteurs/kim-jong-un/", timeout=2) as response:
                    page = response.read().decode()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        else:
            raise AssertionError("serve did not answer")
        assert f'href="http://localhost:{port}/repo/theme/css/style.css"' in page
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/repo/no-such-page/", timeout=2)
        except urllib.error.HTTPError as error:
            assert error.code == 404 and "Page introuvable" in error.read().decode()
        else:
            raise AssertionError("a missing page must answer 404")
    finally:
        process.terminate()
        process.wait(timeout=10)
