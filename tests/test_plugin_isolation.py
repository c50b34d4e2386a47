"""The plugin acts on dossiers only: a plain Pelican blog built where the package is installed comes out
as Pelican writes it without the plugin, and a dossier is still a dossier.

Pelican loads every plugin installed under its namespace when a site sets no PLUGINS. An editable install
(this project's .venv) is not listed in that namespace, a wheel is (tests/test_package.py): so the builds
here run Pelican from `overlay`, a copy of the installed Pelican with the plugin inside it, as a wheel
installs it, put first on PYTHONPATH. Every build runs in a subprocess: Pelican's signals are process-global.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, run_build

BLOG_SETTINGS = 'SITENAME = "A plain blog"\nPATH = "content"\nTIMEZONE = "UTC"\n'  # feeds: Pelican's defaults
POSTS = {
    "first-post.md": "Title: First post\nDate: 2024-01-02 10:00\nCategory: News\nTags: alpha, beta\n\n"
                     "Hello, *world*. A [link](https://example.org/).\n",
    "second-post.md": "Title: Second post\nDate: 2024-02-03 11:30\nCategory: Notes\nTags: beta, gamma\n\n"
                      "Another post, with a list:\n\n- one\n- two\n",
}
LOADED = (
    "from pelican import Pelican\nfrom pelican.settings import read_settings\n"
    "print(Pelican(read_settings('pelicanconf.py')).settings['PLUGINS'])\n"
)


@pytest.fixture(scope="module")
def overlay(tmp_path_factory) -> Path:
    """A folder for PYTHONPATH: the installed Pelican, with the plugin in its namespace as a wheel puts it."""
    import pelican

    folder = tmp_path_factory.mktemp("overlay")
    ignore = shutil.ignore_patterns("__pycache__", "tests")
    shutil.copytree(Path(pelican.__file__).parent, folder / "pelican", ignore=ignore)
    shutil.copytree(ROOT / "pelican" / "plugins" / "dossier", folder / "pelican" / "plugins" / "dossier",
                    ignore=ignore, dirs_exist_ok=True)
    return folder


def run(command: list, cwd: Path, overlay: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(overlay), os.environ.get("PYTHONPATH"))))}
    return subprocess.run([sys.executable, *command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def blog(folder: Path, settings: str) -> Path:
    (folder / "content").mkdir(parents=True)
    for name, text in POSTS.items():
        (folder / "content" / name).write_text(text, encoding="utf-8")
    (folder / "pelicanconf.py").write_text(settings, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def blogs(overlay, tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """The same blog built with PLUGINS unset (the plugin loaded) and with PLUGINS = [] (none): what each wrote."""
    written = {}
    for name, settings in (("unset", BLOG_SETTINGS), ("none", BLOG_SETTINGS + "PLUGINS = []\n")):
        site = blog(tmp_path_factory.mktemp(name) / "blog", settings)
        if name == "unset":  # else the comparison below would pass without the plugin
            loaded = run(["-c", LOADED], site, overlay)
            assert loaded.returncode == 0, loaded.stderr
            assert "pelican.plugins.dossier" in loaded.stdout, loaded.stdout
        result = run(["-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "out"], site, overlay)
        assert result.returncode == 0, result.stderr
        assert "Processed 2 articles" in " ".join(result.stdout.split()), result.stdout
        assert "ERROR" not in result.stdout + result.stderr, result.stdout + result.stderr
        written[name] = tree(site / "out")
    return written


def test_a_plain_blog_writes_the_same_files_with_the_plugin_loaded(blogs):
    assert sorted(blogs["unset"]) == sorted(blogs["none"])
    files = set(blogs["unset"])
    # The blog itself, so that the two are not equal for being empty: posts, tags, categories, feeds.
    assert {"first-post.html", "second-post.html", "index.html", "archives.html", "tags.html",
            "categories.html"} <= files
    assert {"tag/alpha.html", "tag/beta.html", "tag/gamma.html", "category/news.html", "category/notes.html"} <= files
    assert {"feeds/all.atom.xml", "feeds/news.atom.xml", "feeds/notes.atom.xml"} <= files
    assert b"Hello, <em>world</em>" in blogs["unset"]["first-post.html"]
    assert not any(name.startswith(("pagefind/", "articles/")) for name in files)  # nothing of a dossier's
    assert not files & {"atom.xml", "404.html", "previews.json", "sitemap.xml"}


def test_a_plain_blog_writes_the_same_bytes_with_the_plugin_loaded(blogs):
    changed = [name for name in blogs["none"] if blogs["unset"].get(name) != blogs["none"][name]]
    assert not changed


def test_what_makes_a_dossier(tmp_path):
    """The settings or the folders of a dossier; never what the plugin itself adds to the settings."""
    from pelican.settings import DEFAULT_CONFIG

    from dossier.core import settings as dossier_settings
    from dossier.pelican_plugin import SITE_KEY, is_dossier

    def settings(folder: Path, **given) -> dict:
        (folder / "content").mkdir(parents=True, exist_ok=True)
        return {**copy.deepcopy(DEFAULT_CONFIG), "PATH": str(folder / "content"), **given}

    plain = settings(tmp_path / "plain")
    assert not is_dossier(plain) and plain[SITE_KEY] is False  # worked out once, kept in the settings
    completed = settings(tmp_path / "plain")
    dossier_settings.apply(completed, tmp_path / "plain")  # adds DOSSIER_SPACY_MODELS
    assert not is_dossier(completed)
    assert is_dossier(settings(tmp_path / "titled", DOSSIER_TITLE="Un dossier"))
    assert is_dossier(settings(tmp_path / "built", DOSSIER_ROOT=str(tmp_path / "built")))
    for folder in ("content/entities", "content/events", "seeds"):
        (tmp_path / folder.replace("/", "-") / folder).mkdir(parents=True)
        assert is_dossier(settings(tmp_path / folder.replace("/", "-"))), folder
    assert not is_dossier(settings(tmp_path / "titled-off", DOSSIER_TITLE="Un dossier", DOSSIER_SITE=False))


SEED = "Ilona Varga à Moscou\n\nIlona Varga, ministre, a rencontré Vladimir Poutine à Moscou le 3 mars 2024.\n"


@pytest.fixture(scope="module")
def new_dossier(tmp_path_factory) -> Path:
    """A dossier made by `dossier init`, one article in seeds/, built by build.py."""
    from dossier.init import create

    folder = tmp_path_factory.mktemp("new") / "dossier"
    create(folder, title="Un dossier de test")
    (folder / "seeds" / "ilona.txt").write_text(SEED, encoding="utf-8")
    result = run_build(folder, "--no-propose", "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def article_pages(output: Path) -> list[Path]:
    return [p for p in (output / "articles").glob("*/index.html") if p.parent.name != "page"]


def test_a_new_dossier_still_builds(new_dossier):
    (page,) = article_pages(new_dossier / "output")
    assert "Ilona Varga à Moscou" in page.read_text(encoding="utf-8")
    assert (new_dossier / "output" / "pagefind" / "pagefind-entry.json").is_file()


def test_pelican_alone_on_a_dossier_without_plugins_still_renders_it(new_dossier, overlay, tmp_path):
    """`pelican content` in the dossier's folder, PLUGINS removed: the plugin is loaded from Pelican's namespace,
    and the dossier's DOSSIER_TITLE says the site is one."""
    settings = new_dossier / "pelicanconf.py"
    text = settings.read_text(encoding="utf-8")
    assert 'PLUGINS = ["dossier"]\n' in text and "DOSSIER_TITLE" in text
    settings.write_text(text.replace('PLUGINS = ["dossier"]\n', ""), encoding="utf-8")
    try:
        result = run(["-m", "pelican", "content", "-o", str(tmp_path / "site")], new_dossier, overlay)
    finally:
        settings.write_text(text, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    (page,) = article_pages(tmp_path / "site")
    assert "Ilona Varga à Moscou" in page.read_text(encoding="utf-8")
    assert "Un dossier de test" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").is_file()
