"""The command line, run as a curator runs it: in a subprocess, on a copy of the project."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from .conftest import ROOT, copy_project, run_build


def cli(*args, program=("build.py",), cwd=None) -> subprocess.CompletedProcess:
    """The tool run as a curator runs it: `python build.py ARGS` by default."""
    command = [sys.executable, *(str(ROOT / p) if p.endswith(".py") else p for p in program), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd or ROOT, timeout=300)


def test_help_lists_every_command():
    result = cli("--help")
    assert result.returncode == 0
    for command in ("init", "build", "serve", "add", "candidates", "accept", "reject", "metadata", "confirm", "pin"):
        assert re.search(rf"^    {command} +[a-z]", result.stdout, re.M), command
    assert "usage: python build.py" in result.stdout


def test_each_command_has_its_own_help_with_only_its_own_options_and_examples():
    build, serve = cli("build", "--help"), cli("serve", "--help")
    assert build.returncode == serve.returncode == 0
    assert build.stdout != serve.stdout
    for option in ("--port", "--bind", "--base-path", "--watch"):
        assert option in serve.stdout and option not in build.stdout
    assert "--site-url" in build.stdout and "--site-url" not in serve.stdout
    assert "examples:\n  python build.py build\n" in build.stdout and "python build.py build --force SLUG" in build.stdout
    assert "python build.py serve --watch" in serve.stdout
    for command in ("init", "add", "accept", "confirm", "pin"):
        result = cli(command, "--help")
        assert result.returncode == 0 and "examples:" in result.stdout and f"python build.py {command}" in result.stdout


def test_an_option_of_another_command_is_a_usage_error(tmp_path):
    result = cli("build", "--port", "9000", "--root", tmp_path)
    assert result.returncode == 2
    assert "unrecognized arguments: --port 9000" in result.stderr
    assert cli("serve", "--port", "70000").returncode == 2
    assert "not a port number" in cli("serve", "--port", "70000").stderr
    assert cli("accept").returncode == 2  # ids are required
    assert cli("frobnicate").returncode == 2


def test_a_folder_that_is_not_a_dossier_is_a_usage_error_naming_the_command(tmp_path):
    result = cli("build", "--root", tmp_path)
    assert result.returncode == 2
    assert "not a dossier" in result.stderr and "python build.py init DIR" in result.stderr
    assert "Traceback" not in result.stderr


def test_python_m_dossier_runs_the_same_commands():
    result = cli("--version", program=("-m", "dossier"))
    assert result.returncode == 0 and result.stdout.startswith("dossier ")
    result = cli("build", "--help", program=("-m", "dossier"))
    assert result.returncode == 0 and "usage: python -m dossier build" in result.stdout


@pytest.mark.site  # `python build.py --root DIR`, through cli()
def test_options_before_the_command_and_no_command_mean_build(tmp_path):
    root = copy_project(tmp_path / "project", with_articles=False)
    result = cli("--root", root, "--no-propose", "-q")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("5 articles, 44 entities, 7 events")
    result = cli("--root", root, "build", "-q")
    assert result.returncode == 0 and "nothing to do, the site is up to date" in result.stdout


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
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("5 articles, 44 entities, 7 events, 0 warnings, 0 errors")
    # Another output folder: the site is rendered there, and the summary says how long it took.
    assert re.search(r"built in \d+\.\d s \(.*rendering pages \d+\.\d s", last), last
    # Off a terminal, one plain line per stage, with its count and its time.
    assert re.search(r"^reading seeds: 5 unchanged \(\d+\.\d s\)$", result.stdout, re.M), result.stdout
    assert re.search(r"^rendering pages: \d+ \(\d+\.\d s\)$", result.stdout, re.M), result.stdout
    # Nothing to do: said, and nothing rendered.
    result = run_build(built_dossier, "--output", str(built_dossier / "second"))
    assert "nothing to do, the site is up to date" in result.stdout.splitlines()[-1]
    assert "rendering pages" not in result.stdout


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
    assert "error: content/entities/russie.md:3: field 'type': 'pays' is not one of" in result.stderr
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
            except (urllib.error.URLError, ConnectionError, TimeoutError):  # not listening yet, or still building
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


def test_output_read_only_in_part_is_no_traceback(tmp_path):
    root = copy_project(tmp_path / "project", with_articles=False)
    (root / "content" / "candidates.yml").write_text(
        "".join(f"- id: name-{n}\n  name: Name {n}\n  type: person\n  count: 2\n  articles: [a]\n" for n in range(2000)),
        encoding="utf-8",
    )
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "candidates", "--root", str(root)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # as `| head` does, before the command has written everything
    assert "Traceback" not in process.stderr.read().decode()
    assert process.wait() == 141


def test_a_build_says_the_first_candidates_and_articles_and_how_to_see_the_rest(capsys):
    """After a build of many articles, each proposed name shows its first three articles and how many
    more; past twenty names, `candidates` is named for the rest."""
    from dossier import cli
    from dossier.core.report import Report
    from dossier.curate.candidates import Candidate

    candidates = [Candidate(f"Nom {n}", "place", 66, [f"article-{a}" for a in range(66)], [], f"nom-{n}") for n in range(25)]
    assert cli._candidate_line(candidates[0], cli.SAID_ARTICLES) == (
        "  nom-0: Nom 0, place, 66× in article-0, article-1, article-2 and 63 more")
    assert cli._candidate_line(candidates[0]).endswith("article-64, article-65")  # `candidates`: every article
    cli._say_candidates(Report(candidates=candidates), "dossier")
    out = capsys.readouterr().out
    assert out.count("× in ") == 20 and "  and 5 more: dossier candidates lists them all" in out


@pytest.mark.parametrize("plugins", ["", 'PLUGINS = ["dossier_extra"]\nPLUGIN_PATHS = ["."]\n'])
def test_settings_that_do_not_name_the_dossier_plugin_still_give_its_pages(tmp_path, plugins):
    """A pelicanconf.py written by hand, or an older Pelican site's, without `PLUGINS = ["dossier"]` (no PLUGINS
    at all, where an editable install is not in Pelican's namespace, or other plugins only): the build adds the
    dossier's own, which writes the pages, and keeps the others."""
    root = copy_project(tmp_path / "dossier")
    (root / "dossier_extra.py").write_text(
        "from pelican import signals\n\n\ndef ran(pelican):\n"
        "    open(pelican.settings['PATH'] + '/../extra-ran', 'w').close()\n\n\n"
        "def register():\n    signals.initialized.connect(ran)\n",
        encoding="utf-8")
    (root / "pelicanconf.py").write_text(f'SITENAME = "Mine"\nDEFAULT_LANG = "en"\nTIMEZONE = "UTC"\n{plugins}', encoding="utf-8")
    # The command a curator runs, from the dossier's folder (build.py would put this project's pelican/ first on the path).
    result = subprocess.run([sys.executable, "-m", "dossier", "build", "--no-propose"], cwd=root, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    articles = sorted((root / "output" / "articles").glob("*/index.html"))
    assert len(articles) == len(list((root / "content" / "articles").glob("*.md"))) > 0
    assert (root / "output" / "index.html").is_file()
    assert (root / "extra-ran").is_file() == bool(plugins)  # the plugin the settings name still runs
