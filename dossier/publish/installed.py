"""The tool as a dossier's publishing workflow installs it: the requirement in requirements.txt.

GitHub Pages builds the dossier with what its `requirements.txt` names, so that line must name
exactly the tool that made the dossier, in a form GitHub's runner can install:

- a release from the package index: `news-dossier==0.5.0`;
- a git install (PEP 610: the installer wrote `direct_url.json` with `vcs_info`):
  `news-dossier @ git+https://…@COMMIT`;
- a local checkout (editable or not), a local wheel or archive: none of these is reachable from
  GitHub, so a wheel of the running tool is written into the dossier (`.dossier/wheels/`), to
  be committed with it, and required by its path.

`dossier init` writes the requirement; `dossier pin` writes it again after the tool is upgraded.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core.errors import DossierError
from ..core.files import write_atomic

DISTRIBUTION = "news-dossier"  # the tool's name on the package index
WHEELS = ".dossier/wheels"  # where a dossier keeps the wheel of a tool that is not on an index
REQUIREMENTS = "requirements.txt"
# The wheel's files get this date, so that the same sources give the same bytes (a wheel is a zip,
# which stores times): the dossier's repository does not change when the tool did not.
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01, the earliest date a zip can hold
# What a wheel is built without: the checkout's own build products, caches, environments and site.
_NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "venv", "output", ".cache", "node_modules", "build", "dist", "*.egg-info", "__pycache__",
    ".pytest_cache", ".output.*", ".dossier-build.lock",
)
_HEADER = (
    "# The tool that builds this dossier: GitHub Pages installs it from here (`{command} pin` writes it\n"
    "# again after the tool is upgraded). Other packages the build needs may be added below.\n"
)

_OWN_HEADER = re.compile(r"# (The tool that builds this dossier: GitHub Pages installs it|again after the tool is upgraded)")


@dataclass
class Requirement:
    """A line of requirements.txt that installs the running tool, and what it is, for the curator."""

    line: str
    note: str
    wheel: Path | None = None  # a wheel written into the dossier, when the line requires it by path


def requirement(folder: Path) -> Requirement:
    """The requirement that installs the running tool, for the dossier at `folder`; builds a wheel of
    the tool into `folder/.dossier/wheels/` when nothing else reachable from GitHub would install it."""
    running = Path(__file__).resolve().parent.parent  # the package: dossier/
    # The installation of the code that runs now: an installer's record (*.dist-info), not the
    # *.egg-info a build leaves in a checkout, nor another copy found first on the path.
    installed = [
        (distribution, _origin(distribution))
        for distribution in importlib.metadata.distributions(name=DISTRIBUTION)
        if distribution.read_text("INSTALLER") is not None
    ]
    running_one = [(d, origin) for d, origin in installed if _is_running(d, origin, running)]
    if not running_one:
        return _wheel(folder, _checkout_of(running))  # run from a checkout (python build.py), not installed
    distribution, origin = running_one[0]
    if not origin:  # from an index
        version = distribution.version
        return Requirement(f"{DISTRIBUTION}=={version}", f"{DISTRIBUTION} {version}, from the package index")
    url = origin["url"]
    if "vcs_info" in origin and not url.startswith("file:"):
        vcs = origin["vcs_info"]
        commit = vcs.get("commit_id", "")
        return Requirement(f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{url}@{commit}", f"{DISTRIBUTION} from {url} at commit {commit[:12]}")
    if "archive_info" in origin and url.startswith(("https:", "http:")):
        return Requirement(f"{DISTRIBUTION} @ {url}", f"{DISTRIBUTION} from {url}")
    if url.startswith("file:"):
        if "archive_info" in origin:  # a wheel or a source archive on this machine
            return _wheel(folder, Path(unquote(urlsplit(url).path)))
        return _wheel(folder, _checkout_of(running))  # a checkout, editable or not: the code that runs
    raise DossierError(f"{DISTRIBUTION}: installed from {url}, which GitHub cannot install from; install a release or a git URL")


def _origin(distribution) -> dict:
    """Where `distribution` was installed from (PEP 610's direct_url.json), or {} for an index."""
    text = distribution.read_text("direct_url.json")
    if not text:
        return {}
    try:
        origin = json.loads(text)
    except ValueError:
        origin = None
    if not isinstance(origin, dict) or not isinstance(origin.get("url"), str):
        raise DossierError(f"{DISTRIBUTION}: its installation record (direct_url.json) cannot be read; install it again")
    return origin


def pin(folder: Path, command: str = "dossier") -> Requirement:
    """Write the running tool's requirement into `folder`'s requirements.txt, keeping its other lines;
    remove the wheels of other versions of the tool."""
    found = requirement(folder)
    path = folder / REQUIREMENTS
    try:
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    except (OSError, UnicodeDecodeError) as error:
        raise DossierError(f"{REQUIREMENTS}: cannot be read ({error})") from None
    kept = "".join(f"{line}\n" for line in lines if not _names_the_tool(line) and not _OWN_HEADER.match(line))
    write_atomic(path, _HEADER.format(command=command) + found.line + "\n" + kept.lstrip("\n"))
    wheels = folder / WHEELS
    if wheels.is_dir():
        for old in wheels.glob(f"{DISTRIBUTION.replace('-', '_')}-*.whl"):
            if found.wheel is None or old.resolve() != found.wheel.resolve():
                old.unlink()
    return found


def _names_the_tool(line: str) -> bool:
    """Whether a line of requirements.txt is the tool's requirement (by name, or a wheel of it by path)."""
    text = line.strip().lower()
    return bool(re.match(r"news[-_.]dossier\b", text)) or (f"{WHEELS}/news_dossier-" in text)


def _is_running(distribution, origin: dict, running: Path) -> bool:
    """Whether `distribution` is the code that runs now (not another copy found first on the path)."""
    if origin.get("dir_info", {}).get("editable"):
        return running.is_relative_to(Path(unquote(urlsplit(origin["url"]).path)).resolve())
    return Path(distribution.locate_file("dossier/__init__.py")).resolve().parent == running


def _checkout_of(running: Path) -> Path:
    """The source folder the running package was loaded from: the one holding its pyproject.toml."""
    checkout = running.parent
    project = checkout / "pyproject.toml"
    if not project.is_file() or f'name = "{DISTRIBUTION}"' not in project.read_text(encoding="utf-8", errors="replace"):
        raise DossierError(f"{running}: the tool's sources are not in a checkout that can be built; install a release or a git URL")
    return checkout


def _wheel(folder: Path, source: Path) -> Requirement:
    """A wheel of `source` (a checkout, a wheel file or a source archive) in the dossier's .dossier/wheels/."""
    if not source.exists():
        raise DossierError(f"{source}: the tool was installed from here, and it is gone; install it again")
    target = folder / WHEELS
    target.mkdir(parents=True, exist_ok=True)
    if source.is_file() and source.suffix == ".whl":
        wheel = target / source.name
        if source.resolve() != wheel.resolve():
            shutil.copyfile(source, wheel)
    else:
        wheel = _build_wheel(source, target)
    relative = wheel.relative_to(folder).as_posix()
    return Requirement(f"./{relative}", f"the tool's wheel {relative}, built from {source}: commit it with the dossier", wheel)


def _build_wheel(source: Path, target: Path) -> Path:
    """Build a wheel of the checkout or archive `source` into `target`, from a copy (a build writes
    into the folder it builds), with fixed file dates; return its path."""
    with tempfile.TemporaryDirectory(prefix="dossier-wheel-") as scratch:
        built, copy = Path(scratch) / "built", Path(scratch) / "source"
        if source.is_dir():
            shutil.copytree(source, copy, ignore=_NOT_SOURCES, symlinks=True)
        else:
            copy = source
        environment = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(built), str(copy)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise DossierError(f"{source}: the tool's wheel could not be built ({error})") from None
        wheels = sorted(built.glob("*.whl"))
        if result.returncode != 0 or not wheels:
            last = (result.stderr.strip().splitlines() or ["pip said nothing"])[-1]
            raise DossierError(f"{source}: the tool's wheel could not be built with pip ({last})")
        wheel = target / wheels[0].name
        shutil.copyfile(wheels[0], wheel)
    return wheel
