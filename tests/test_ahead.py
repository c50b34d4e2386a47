"""The last render's pages linked into the staging folder ahead of the render (dossier/render/ahead.py): by
another process, only inside the staging folder; the links of pages the render no longer makes removed;
and a rebuild that writes a page anew never writes into the last site's file of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.core import forks
from dossier.render import ahead
from tests.conftest import ROOT

needs_fork = pytest.mark.skipif(not forks.can_fork(), reason="pages are linked ahead where the system forks (Linux)")


def page(folder: Path, url: str, text: str) -> Path:
    path = folder / url / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@needs_fork
def test_the_last_renders_pages_are_linked_into_the_staging_folder_by_another_process(tmp_path):
    previous, staging = tmp_path / "site" / "output", tmp_path / "site" / "staging"
    staging.mkdir(parents=True)
    kept = [page(previous, url, url) for url in ("articles/a/", "acteurs/b/", "")]
    page(tmp_path / "site", "secret/", "outside the site")
    early = ahead.Ahead(previous, staging, ["articles/a/", "acteurs/b/", "", "articles/gone/", "../secret/", "/etc/",
                                            "articles/./a/", "articles/../../secret/"])
    assert early.pid not in (None, os.getpid())
    urls = early.wait()
    assert urls == {"articles/a/", "acteurs/b/", "articles/gone/"}  # what leaves the folder is not even tried
    for path in kept[:2]:
        linked = staging / path.relative_to(previous)
        assert linked.read_text() == path.read_text() and linked.stat().st_ino == path.stat().st_ino
    assert not (staging / "articles" / "gone").exists()  # no page then, no folder made for it
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        "site/output/acteurs/b/index.html", "site/output/articles/a/index.html", "site/output/index.html",
        "site/secret/index.html", "site/staging/acteurs/b/index.html", "site/staging/articles/a/index.html",
    ]


def test_without_a_last_render_or_a_fork_nothing_is_linked(tmp_path, monkeypatch):
    assert ahead.Ahead(None, tmp_path, ["articles/a/"]).wait() == frozenset()
    page(tmp_path / "previous", "articles/a/", "a")
    monkeypatch.setattr(forks, "can_fork", lambda: False)
    assert ahead.Ahead(tmp_path / "previous", tmp_path / "staging", ["articles/a/"]).wait() == frozenset()
    assert not (tmp_path / "staging").exists()


def test_drop_removes_the_links_of_pages_not_made_and_their_empty_folders(tmp_path):
    previous, staging = tmp_path / "output", tmp_path / "staging"
    for url in ("articles/gone/", "articles/anew/", "acteurs/x/"):
        source = page(previous, url, "last render")
        (staging / url).mkdir(parents=True)
        os.link(source, staging / url / "index.html")
    (staging / "acteurs" / "x" / "atom.xml").write_text("a feed of this render")
    ahead.unlink(staging, "articles/anew/")
    page(staging, "articles/anew/", "this render")  # written anew: another file
    ahead.drop(previous, staging, {"articles/gone/", "articles/anew/", "acteurs/x/", "articles/never/"})
    assert not (staging / "articles" / "gone").exists()
    assert (staging / "articles" / "anew" / "index.html").read_text() == "this render"
    assert not (staging / "acteurs" / "x" / "index.html").exists() and (staging / "acteurs" / "x" / "atom.xml").exists()
    assert all((previous / url / "index.html").read_text() == "last render" for url in ("articles/gone/", "articles/anew/", "acteurs/x/"))


@pytest.mark.site
@needs_fork
def test_a_rebuild_never_writes_into_the_last_sites_files(tmp_path):
    """The pages of the last site are hard links in the new one: a page written anew must be a new file,
    or the site in place (and any copy of it linked elsewhere) would change before the new one is whole."""
    from .golden_site import DOSSIER, _ignore

    root = tmp_path / "dossier"
    shutil.copytree(DOSSIER, root, ignore=_ignore)

    def build() -> None:
        result = subprocess.run([sys.executable, "-m", "dossier", "build", "--root", str(root), "--no-propose", "-q"],
                                cwd=root, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert result.returncode == 0, result.stdout + result.stderr

    build()
    output, snapshot = root / "output", tmp_path / "snapshot"
    pages = sorted(path.relative_to(output) for path in output.rglob("index.html"))
    for relative in pages:  # the last site's files, linked elsewhere: they must keep their bytes
        (snapshot / relative).parent.mkdir(parents=True, exist_ok=True)
        os.link(output / relative, snapshot / relative)
    before = {relative: (snapshot / relative).read_bytes() for relative in pages}
    seed = sorted((root / "seeds").iterdir())[0]
    seed.write_text(seed.read_text(encoding="utf-8") + "\n\nUn paragraphe ajouté à la main.\n", encoding="utf-8")
    build()
    assert {relative: (snapshot / relative).read_bytes() for relative in pages} == before
    kept = [r for r in pages if (output / r).exists() and (output / r).stat().st_ino == (snapshot / r).stat().st_ino]
    changed = [r for r in pages if (output / r).exists() and (output / r).read_bytes() != before[r]]
    assert kept and changed  # pages kept as they were (the same files), and pages written anew beside them
    assert not set(kept) & set(changed)
