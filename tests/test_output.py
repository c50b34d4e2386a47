"""The output folder is the tool's own: traps refused, killed builds harmless, concurrent builds whole."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import run_build


def _copy(built_dossier: Path, destination: Path) -> Path:
    shutil.copytree(built_dossier, destination, symlinks=True)
    return destination


def _fingerprint(root: Path) -> dict[str, str]:
    """Every file the curator owns, by its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in ("seeds", "content", "themes")
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize(
    "target, why",
    [
        ("seeds", "is the project's seeds/"),
        ("content", "is the project's content/"),
        ("themes", "is the project's themes/"),
        ("content/articles", "overlaps the project's content/"),
        (".", "this holds the project itself"),
        ("..", "this holds the project itself"),
    ],
)
def test_an_output_that_would_replace_the_project_is_refused(built_dossier, tmp_path, target, why):
    root = _copy(built_dossier, tmp_path / "project")
    before = _fingerprint(root)
    result = run_build(root, "--output", str(root / target))
    assert result.returncode == 1
    assert why in result.stderr and "pass a folder of its own, e.g. --output" in result.stderr
    assert "Traceback" not in result.stderr
    assert _fingerprint(root) == before


def test_a_folder_of_other_files_is_refused_and_left_as_it_is(built_dossier, tmp_path):
    root = _copy(built_dossier, tmp_path / "project")
    other = tmp_path / "photos"
    other.mkdir()
    (other / "vacances.jpg").write_bytes(b"\xff\xd8\xff not really a photo")
    result = run_build(root, "--output", str(other))
    assert result.returncode == 1
    assert "a folder with files a build did not write" in result.stderr
    assert [p.name for p in other.iterdir()] == ["vacances.jpg"]


def test_a_site_built_before_is_replaced_and_marked(built_dossier, tmp_path):
    root = _copy(built_dossier, tmp_path / "project")
    site = tmp_path / "site"
    assert run_build(root, "--output", str(site)).returncode == 0
    assert (site / ".dossier-site").exists() and (site / "index.html").exists()
    assert run_build(root, "--output", str(site)).returncode == 0
    assert not list(tmp_path.glob(".site.staging-*")) and not list(tmp_path.glob(".site.old-*"))


def test_two_builds_into_one_output_publish_a_whole_site(built_dossier, tmp_path):
    first, second = _copy(built_dossier, tmp_path / "a"), _copy(built_dossier, tmp_path / "b")
    site = tmp_path / "site"
    command = [sys.executable, "build.py", "-q", "--output", str(site)]
    env = {**os.environ, "TZ": "UTC"}
    runs = [
        subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for root in (first, second)
    ]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    assert all(code == 0 for code, _ in results), results
    assert (site / "index.html").exists()
    assert len(list((site / "articles").glob("*/index.html"))) == 5
    assert (site / "pagefind" / "pagefind.js").exists()
    assert not list(tmp_path.glob(".site.staging-*"))


@pytest.mark.parametrize("delay", [0.3, 1.0, 2.5])
def test_a_build_killed_at_any_moment_leaves_the_previous_site(built_dossier, tmp_path, delay):
    root = _copy(built_dossier, tmp_path / "project")
    home = (root / "output" / "index.html").read_bytes()
    pages = sorted(p.relative_to(root).as_posix() for p in (root / "output").rglob("*.html"))
    # A registry change makes the build annotate and render everything again: a long build to kill.
    entity = root / "content" / "entities" / "kim-jong-un.md"
    entity.write_text(entity.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    run = subprocess.Popen(
        [sys.executable, "build.py", "-q"], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(delay)
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=60)
    assert (root / "output" / "index.html").read_bytes() == home
    assert sorted(p.relative_to(root).as_posix() for p in (root / "output").rglob("*.html")) == pages
    result = run_build(root)  # the next build cleans up after the killed one and publishes
    assert result.returncode == 0, result.stderr
    assert not list(root.glob(".output.staging-*")) and not list(root.glob(".output.old-*"))
    for article in (root / "content" / "articles").glob("*.md"):
        assert article.read_text(encoding="utf-8").startswith("---\n")  # no article file left half-written


def test_a_build_with_nothing_to_do_removes_what_a_killed_build_left_beside_the_site(built_dossier, tmp_path):
    """A build killed once its record said the site was done, while it emptied the last site into the spare:
    the next build has nothing to render, and removes the old site and a staging folder of a dead build."""
    root = _copy(built_dossier, tmp_path / "project")
    assert run_build(root).returncode == 0  # the copy's output is not the one the record describes: rendered
    old = root / ".output.old-k1ll3d"
    (old / "acteurs").mkdir(parents=True)
    (old / "acteurs" / "index.html").write_text("<p>the last site</p>", encoding="utf-8")
    dead = root / ".output.staging-d3ad"
    (dead / "articles").mkdir(parents=True)
    site = sorted(str(path.relative_to(root / "output")) for path in (root / "output").rglob("*"))
    result = run_build(root)
    assert result.returncode == 0 and "nothing to do" in result.stdout, result.stdout + result.stderr
    assert not old.exists() and not dead.exists()
    assert sorted(str(path.relative_to(root / "output")) for path in (root / "output").rglob("*")) == site


def _folders_and_files(folder: Path) -> tuple[list[str], list[str]]:
    paths = sorted(folder.rglob("*"))
    return (
        [path.relative_to(folder).as_posix() for path in paths if path.is_dir()],
        [path.relative_to(folder).as_posix() for path in paths if not path.is_dir()],
    )


def test_a_site_replaced_leaves_its_folders_and_none_of_its_files_for_the_next_build(built_dossier, tmp_path):
    root = _copy(built_dossier, tmp_path / "project")
    site, spare, search = tmp_path / "site", tmp_path / ".site.spare", tmp_path / ".site.search"
    assert run_build(root, "--output", str(site)).returncode == 0
    first_folders, first_files = _folders_and_files(site)
    assert "articles" in first_folders and "index.html" in first_files
    # The first build into a folder makes the folders of its site beside it, for the next build to write into.
    assert _folders_and_files(spare) == (first_folders, [])
    assert _folders_and_files(search)[0] and not _folders_and_files(search)[1]  # the pages Pagefind read: folders
    # An article removed: the next site has no folder of it (the spare's is removed), nor any empty folder.
    seed = sorted((root / "seeds").glob("*.txt"))[0]
    kept = seed.read_bytes()
    seed.unlink()
    result = run_build(root, "--output", str(site))
    assert result.returncode == 0, result.stderr
    folders, files = _folders_and_files(site)
    assert len([name for name in folders if name.count("/") == 1 and name.startswith("articles/")]) == 4
    assert not [name for name in folders if not any((site / name).iterdir())]
    assert _folders_and_files(spare) == (first_folders, [])  # the first site's folders, without a file
    # Put back: the site is the first one again, file for file.
    seed.write_bytes(kept)
    assert run_build(root, "--output", str(site)).returncode == 0
    assert _folders_and_files(site) == (first_folders, first_files)
    assert not _folders_and_files(spare)[1] and not _folders_and_files(search)[1]


def test_a_folder_kept_where_the_next_site_has_a_file_gives_way(built_dossier, tmp_path):
    root = _copy(built_dossier, tmp_path / "project")
    site, spare = tmp_path / "site", tmp_path / ".site.spare"
    assert run_build(root, "--output", str(site)).returncode == 0
    page = (site / "404.html").read_bytes()
    (spare / "404.html").mkdir()  # a folder of the last site but one, at the name of a page of this one
    (root / "content" / "pages" / "methode.md").write_text("Title: Méthode\n\nUne page de plus.\n", encoding="utf-8")
    result = run_build(root, "--output", str(site))
    assert result.returncode == 0, result.stderr
    assert (site / "404.html").read_bytes() == page and (site / "methode" / "index.html").is_file()
