"""Publishing from the dossier's own repository: the workflow `dossier init` writes, run as GitHub runs it.

A copy of the tool's sources is installed (editable, as a curator working from a checkout
installs it) in an environment of its own; `dossier init` makes a dossier with it, an article
is added, the dossier is committed. Then the copy of the sources is moved away, the dossier
is cloned, and the `run:` steps of its workflow, read from the YAML, run in order in the clone:
they must install the tool from what the dossier holds, and build a site whose every link is
under the project's address. Slow: two environments install the dependencies (from pip's cache).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import copy_tool_sources

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "readability"
BASE_URL = "https://curator.github.io/sudan"  # what configure-pages gives a project site
# The current major of each action, looked up for this workflow (see the README's "Publishing").
MAJORS = {
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "actions/cache": "v5",
    "actions/configure-pages": "v6",
    "actions/upload-pages-artifact": "v5",
    "actions/deploy-pages": "v5",
}


def steps_of(workflow: Path) -> dict[str, list[dict]]:
    """Each job's steps, as the workflow file says them."""
    document = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    return {name: job.get("steps", []) for name, job in document["jobs"].items()}


@pytest.mark.parametrize("workflow", [ROOT / "dossier" / "skeleton" / "pages.yml", ROOT / ".github" / "workflows" / "pages.yml"],
                         ids=["init", "this-repository"])
def test_every_action_is_at_its_current_major(workflow):
    used = [step["uses"] for steps in steps_of(workflow).values() for step in steps if "uses" in step]
    assert {use.split("@")[0] for use in used} == set(MAJORS)
    for use in used:
        action, version = use.split("@")
        assert version == MAJORS[action], use
    build = steps_of(workflow)["build"]
    python = next(step for step in build if step.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["cache"] == "pip"  # spaCy is not downloaded on every run
    assert any("--no-propose" in step.get("run", "") for step in build)


def _run(command, cwd: Path, env=None, timeout=1200) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def tool(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of the tool's sources, installed editable in an environment of its own that borrows the
    test environment's dependencies; returns (the copy, the environment's bin/)."""
    sources = copy_tool_sources(tmp_path_factory.mktemp("checkout") / "dossier-tool")
    environment = tmp_path_factory.mktemp("tool-venv")
    venv.create(environment, with_pip=True)
    site_packages = Path(
        _run([str(environment / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
             environment).stdout.strip()
    )
    (site_packages / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    result = _run([str(environment / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", "-e", str(sources)], environment)
    assert result.returncode == 0, result.stderr[-3000:]
    return sources, environment / "bin"


def clean_environment(home: Path) -> dict[str, str]:
    """A runner's environment: no virtual environment active, nothing of the tool's on the path."""
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    paths = [p for p in env.get("PATH", "").split(os.pathsep) if p and not p.startswith(str(Path(sys.executable).parent))]
    env["PATH"] = os.pathsep.join(paths)
    env["HOME"] = os.environ.get("HOME", str(home))  # pip's cache, as setup-python's `cache: pip` restores it
    return env


@pytest.mark.slow  # the tool installed into a new virtual environment
@pytest.mark.site  # the workflow's `dossier build`
def test_the_workflow_of_a_new_dossier_installs_the_tool_and_builds_under_the_project_path(tool, tmp_path):
    sources, bin_folder = tool
    folder = tmp_path / "sudan"
    result = _run([str(bin_folder / "dossier"), "init", str(folder), "--lang", "en", "--title", "War in Sudan"], tmp_path)
    assert result.returncode == 0, result.stderr
    # From a checkout: a wheel of the tool, built into the dossier and required by its path.
    (wheel,) = (folder / ".dossier" / "wheels").glob("news_dossier-*.whl")
    requirement = f"./.dossier/wheels/{wheel.name}"
    assert requirement in (folder / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "requirements.txt: the tool's wheel .dossier/wheels/" in result.stdout and "commit it" in result.stdout
    assert "python build.py" not in result.stdout + result.stderr

    shutil.copy(CORPUS / "nytimes-1" / "source.html", folder / "seeds" / "sudan-sanctions.html")
    git = ["git", "-c", "user.name=Curator", "-c", "user.email=curator@example.org"]
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "A new dossier"]):
        result = _run([*git, *command], folder)
        assert result.returncode == 0, result.stderr
    tracked = _run(["git", "ls-files"], folder).stdout.splitlines()
    assert f".dossier/wheels/{wheel.name}" in tracked  # the .gitignore that init wrote keeps it

    # The tool's checkout is gone: the runner has only the dossier's repository.
    moved = sources.with_name("moved-away")
    sources.rename(moved)
    try:
        assert _run([str(bin_folder / "python"), "-c", "import dossier"], tmp_path).returncode != 0
        clone = tmp_path / "clone"
        assert _run(["git", "clone", "-q", str(folder), str(clone)], tmp_path).returncode == 0
        env = clean_environment(tmp_path)
        log = []
        for step in steps_of(clone / ".github" / "workflows" / "pages.yml")["build"]:
            if "run" not in step:
                continue
            script = step["run"].replace("${{ steps.pages.outputs.base_url }}", BASE_URL)
            assert "${{" not in script, script
            result = _run(["bash", "-e", "-c", script], clone, env=env)
            log.append(f"$ {script}\n{result.stdout}{result.stderr}")
            assert result.returncode == 0, "\n".join(log)[-6000:]
    finally:
        moved.rename(sources)
    (tmp_path / "workflow.log").write_text("\n".join(log), encoding="utf-8")
    build_log = log[-1]
    assert "Traceback" not in build_log and "python build.py" not in build_log

    # The site the artifact step uploads: every link and asset under the project's path.
    output = clone / "output"
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 10 and (output / "articles").is_dir()
    base = urlsplit(BASE_URL)
    checked = 0
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            for attribute in ("href", "src", "action"):
                link = tag.get(attribute)
                if not link or link.startswith(("#", "mailto:", "data:")):
                    continue
                parts = urlsplit(link)
                if parts.netloc and parts.netloc != base.netloc:
                    continue  # the original articles' addresses
                if parts.netloc or link.startswith("/"):
                    assert parts.path.startswith(base.path + "/"), f"{page.relative_to(output)}: {link}"
                    checked += 1
    assert checked > 100
    article = next((output / "articles").glob("*/index.html")).read_text(encoding="utf-8")
    assert f'href="{BASE_URL}/' in article and re.search(r'<html lang="en"', article)

    # The next publish restores the caches the last one saved (actions/cache, path .cache): in a new clone,
    # whose files all have new dates and inodes, it builds the same site without rendering a body again.
    workflow = steps_of(clone / ".github" / "workflows" / "pages.yml")["build"]
    cached = next(step for step in workflow if step.get("uses", "").startswith("actions/cache"))
    assert cached["with"]["path"] == ".cache" and cached["with"]["restore-keys"] in cached["with"]["key"]
    assert [step.get("name") for step in workflow].index(cached["name"]) < [step.get("name") for step in workflow].index("Build")
    again = tmp_path / "again"
    assert _run(["git", "clone", "-q", str(folder), str(again)], tmp_path).returncode == 0
    shutil.copytree(clone / ".cache", again / ".cache")
    (again / ".venv").symlink_to(clone / ".venv")  # the Install step's environment
    bodies = {path.name: path.stat().st_ino for path in (again / ".cache" / "dossier-bodies").iterdir()}
    assert bodies
    script = next(step["run"] for step in workflow if step.get("name") == "Build").replace("${{ steps.pages.outputs.base_url }}", BASE_URL)
    result = _run(["bash", "-e", "-c", script], again, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert {path.name: path.stat().st_ino for path in (again / ".cache" / "dossier-bodies").iterdir()} == bodies
    first = {path.relative_to(output): path.read_bytes() for path in output.rglob("*") if path.is_file()}
    second = {path.relative_to(again / "output"): path.read_bytes() for path in (again / "output").rglob("*") if path.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
