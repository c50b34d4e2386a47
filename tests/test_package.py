"""The tool as a new user gets it: a wheel installed (not editable) in a fresh virtual environment,
`dossier init`, an article copied into seeds/, `dossier build`; and Pelican's own command on it.

Slow (the environment installs the dependencies from the package index, through pip's cache),
so one environment serves every test of this file.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from .conftest import copy_tool_sources

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "readability"

pytestmark = pytest.mark.slow  # a wheel built, installed into a new virtual environment


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the sources (a build writes into the folder it builds)."""
    source = copy_tool_sources(tmp_path_factory.mktemp("source"))
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
        check=True, capture_output=True, text=True, timeout=600,
    )
    (built,) = dist.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin/ folder."""
    folder = tmp_path_factory.mktemp("venv")
    venv.create(folder, with_pip=True)
    result = subprocess.run(
        [str(folder / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True, text=True, timeout=1200,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return folder / "bin"


def run(command: list, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900)


def test_the_wheel_holds_the_theme_the_translations_the_skeleton_and_the_pelican_plugin(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert wheel.name.startswith("news_dossier-")
    for name in (
        "dossier/theme/templates/base.html",
        "dossier/theme/static/css/style.css",
        "dossier/theme/translations/fr/LC_MESSAGES/messages.po",
        "dossier/theme/translations/en/LC_MESSAGES/messages.po",
        "dossier/skeleton/pelicanconf.py.in",
        "dossier/skeleton/pages.yml",
        "pelican/plugins/dossier/__init__.py",
    ):
        assert name in names, name
    # Pelican's namespace stays Pelican's: the wheel adds a plugin to it, nothing above.
    assert "pelican/__init__.py" not in names and "pelican/plugins/__init__.py" not in names


@pytest.mark.site  # `dossier build`, from the installed wheel
def test_init_then_build_an_english_dossier_from_an_installed_wheel(installed, tmp_path):
    folder = tmp_path / "sudan"
    result = run([installed / "dossier", "init", folder, "--lang", "en", "--title", "Sudan and its neighbours"], tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("pelicanconf.py", "publishconf.py", ".gitignore", ".github/workflows/pages.yml", "requirements.txt",
                 "seeds/README.md", "content/pages/about.md"):
        assert (folder / name).is_file(), name
    assert (folder / "content" / "entities").is_dir() and (folder / "content" / "events").is_dir()

    # An empty dossier builds, and its home page says what to do.
    result = run([installed / "dossier", "build"], folder)
    assert result.returncode == 0, result.stderr
    home = (folder / "output" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in home and "Sudan and its neighbours" in home
    assert "seeds/" in home  # the empty home page tells where articles go
    assert (folder / "output" / "about" / "index.html").is_file()

    shutil.copy(CORPUS / "nytimes-1" / "source.html", folder / "seeds" / "sudan-sanctions.html")
    result = run([installed / "dossier", "build"], folder)
    assert result.returncode == 0, result.stderr
    (article,) = (folder / "output" / "articles").glob("*/index.html")
    page = article.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Sudan" in page
    assert "Articles" in page and "Acteurs" not in page and "Rechercher" not in page
    assert (folder / "output" / "actors" / "index.html").is_file()
    languages = json.loads((folder / "output" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    assert set(languages) == {"en"}
    # No English spaCy model on the package index: the build says how to get one, once, without a traceback.
    assert result.stderr.count("not read for new names") == 1, result.stderr
    assert "python -m spacy download en_core_web_sm" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_then_build_a_french_dossier_with_proposals_and_pelican_alone(installed, tmp_path):
    folder = tmp_path / "renseignement"
    assert run([installed / "dossier", "init", folder], tmp_path).returncode == 0
    assert run([installed / "dossier", "init", folder], tmp_path).returncode == 1  # not empty any more
    shutil.copy(CORPUS / "lemonde-1" / "source.html", folder / "seeds" / "loi-renseignement.html")
    result = run([installed / "dossier", "build"], folder)
    assert result.returncode == 0, result.stderr
    assert "1 article read for names the registry lacks" in result.stdout
    assert "names not in the registry found" in result.stdout  # proposals, for the curator to review
    home = (folder / "output" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in home and "Renseignement" in home
    assert (folder / "output" / "a-propos" / "index.html").is_file()

    # Pelican's own command on the same dossier: the whole site, search index included.
    shutil.rmtree(folder / "output")
    result = run([installed / "pelican", "content"], folder)
    assert result.returncode == 0, result.stderr
    assert (folder / "output" / "pagefind" / "pagefind-entry.json").is_file()
    assert list((folder / "output" / "articles").glob("*/index.html"))

    # Without PLUGINS, Pelican loads the plugins installed under its namespace: the dossier's is one.
    settings = folder / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8").replace('PLUGINS = ["dossier"]\n', ""), encoding="utf-8")
    shutil.rmtree(folder / "output")
    result = run([installed / "pelican", "content"], folder)
    assert result.returncode == 0, result.stderr
    assert (folder / "output" / "pagefind" / "pagefind-entry.json").is_file()
    assert "Renseignement" in (folder / "output" / "index.html").read_text(encoding="utf-8")
