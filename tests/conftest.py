"""Shared fixtures: a copy of the project in a temporary folder, built in a subprocess."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("seeds", "content", "themes", "pelicanconf.py", "build.py")


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
