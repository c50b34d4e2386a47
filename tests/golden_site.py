"""The golden site: a tiny dossier, the site it builds into, and how a new build is compared with it.

`tests/golden/dossier/` is a dossier made for this (two seeds, one `.txt` and one `.md` with front
matter; six entities, one event, an about page, its own `pelicanconf.py`). `tests/golden/site/` is
what

    python build.py build --root COPY --output DIR --no-propose --site-url https://example.org/golden

writes from a copy of it, file for file and byte for byte, as the build wrote it (nothing in it is
rewritten). The build always runs on a copy in a temporary folder: a build writes
`content/articles/`, `.cache/` and a lock into its dossier, and none of that belongs in
`tests/golden/dossier/`. `tests/test_golden.py` builds it again and compares;
`scripts/regen_golden.py` writes `tests/golden/site/` again after an intended change. Both go
through `build` and `compare` below.

What is compared, and why (established by building the same dossier ten times, from different
folders, time zones, locales, hash seeds, seed modification times and on one CPU, and by
`diff -r` on the outputs: they were byte-identical, Pagefind's bundle included):

* Every file is compared byte for byte, under its own name; the set of files must be the same
  (hidden files included: `.nojekyll`, `.dossier-site`). That covers the pages, the feeds, the
  sitemap, the theme's assets (none is fingerprinted: `theme/css/style.css` is named as it is),
  the data downloads and the search bundle.
* Pagefind names its fragment, filter, index and metadata files after a hash of their content
  (`pagefind/fragment/fr_49e596a.pf_fragment`, `pagefind/pagefind.fr_d935c765d5.pf_meta`). Their
  content does not vary from build to build (Pagefind's fragments are stable, and the build sorts
  the filter values Pagefind writes in a random order: `dossier.sections.search.stabilise_filters`), so
  neither do their names, and they are compared like the other files: comparing the names with
  the hash replaced by a placeholder and then the contents would check exactly the same thing.
  A failure report pairs a removed and an added file whose names are the same once the hash is
  replaced by `{hash}`: it is one file whose content changed.
* Two exceptions, both about the version of a library rather than about the dossier:
  - `donnees/dossier.db`: bytes 96-99 of an SQLite database's header hold the version number of
    the SQLite library that wrote it (3.40.1 gives 3040001); they are set to zero on both sides.
    The rest of the file is compared byte for byte.
  - `pagefind/`: Pagefind copies its own scripts, styles and WebAssembly into the bundle, and its
    index format is its own, so the whole folder changes with Pagefind's version (pyproject.toml
    allows any 1.x from 1.3). When the `version` in the build's `pagefind/pagefind-entry.json` is
    not the golden site's, `pagefind/` is compared only by the languages of that file and the
    number of pages indexed in each, and the test warns that the bundle was not compared byte for
    byte until the golden site is written again with that version.

A failure lists the files changed, added and removed, and shows a unified diff of the first
changed file that reads as text (the site's own files before Pagefind's; `dossier.db` as its SQL
dump), then the command that writes the golden site again.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
DOSSIER = GOLDEN / "dossier"
SITE = GOLDEN / "site"
SITE_URL = "https://example.org/golden"
# The day the build says the golden articles were added (their `added` field is the day they are first
# written): pinned, as reproducible builds pin their time, so that the golden site is the same every day.
ADDED_EPOCH = "1718668800"  # 2024-06-18
BUILD_ARGS = ("build", "--no-propose", "--site-url", SITE_URL)
REGEN = ".venv/bin/python scripts/regen_golden.py"

# What a build writes into its dossier: never in tests/golden/dossier/.
LEFTOVERS = ("content/articles", ".cache", ".dossier-build.lock", "output")

SQLITE_FILES = ("donnees/dossier.db",)
SQLITE_VERSION_BYTES = slice(96, 100)  # the header's SQLITE_VERSION_NUMBER of the library that wrote the file
PAGEFIND = "pagefind/"
PAGEFIND_ENTRY = "pagefind/pagefind-entry.json"
# The hash in the name of a Pagefind file: `fr_49e596a.pf_fragment`, `pagefind.fr_d935c765d5.pf_meta`.
HASHED_NAME = re.compile(r"^(pagefind/(?:[a-z]+/)?(?:pagefind\.)?[A-Za-z-]+_)([0-9a-f]{7,})(\.pf_[a-z]+)$")


class BuildError(RuntimeError):
    """The golden dossier did not build."""


def leftovers() -> list[str]:
    """What a build left in tests/golden/dossier/ (it must build from a copy)."""
    return [name for name in LEFTOVERS if (DOSSIER / name).exists()]


def _ignore(folder: str, names: list[str]) -> set[str]:
    """What a copy of the golden dossier leaves out: Python's caches and a build's leftovers, if any."""
    where = Path(folder).relative_to(DOSSIER)
    return {name for name in names if name == "__pycache__" or (where / name).as_posix() in LEFTOVERS}


def build(workdir: Path) -> Path:
    """Build a copy of the golden dossier in `workdir` into `workdir/site`, in a subprocess; return that folder."""
    root = workdir / "dossier"
    shutil.copytree(DOSSIER, root, ignore=_ignore)
    output = workdir / "site"
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), *BUILD_ARGS, "--output", str(output)],
        cwd=root,
        env={**os.environ, "SOURCE_DATE_EPOCH": ADDED_EPOCH},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise BuildError(
            f"the golden dossier did not build (exit status {result.returncode}):\n{result.stdout}{result.stderr}"
        )
    return output


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path relative to it (with '/'), as bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


def write_tree(folder: Path, files: dict[str, bytes]) -> None:
    """Replace `folder` with exactly `files`."""
    staging = folder.with_name(f".{folder.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    for name, data in files.items():
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)


def pagefind_version(files: dict[str, bytes]) -> str | None:
    try:
        return json.loads(files[PAGEFIND_ENTRY]).get("version")
    except (KeyError, ValueError, AttributeError):
        return None


def _page_counts(entry: bytes) -> bytes:
    """pagefind-entry.json reduced to its languages and their page counts."""
    try:
        languages = json.loads(entry).get("languages", {})
        counts = {language: info.get("page_count") for language, info in languages.items()}
    except (ValueError, AttributeError):
        return entry
    return (json.dumps({"page_count": counts}, indent=1, sort_keys=True) + "\n").encode()


def normalise(files: dict[str, bytes], *, pagefind_bytes: bool = True) -> dict[str, bytes]:
    """The files as they are compared (see the module's docstring)."""
    result = {}
    for name, data in files.items():
        if name in SQLITE_FILES and len(data) >= SQLITE_VERSION_BYTES.stop:
            data = data[: SQLITE_VERSION_BYTES.start] + bytes(4) + data[SQLITE_VERSION_BYTES.stop :]
        if not pagefind_bytes and name.startswith(PAGEFIND):
            if name != PAGEFIND_ENTRY:
                continue
            data = _page_counts(data)
        result[name] = data
    return result


@dataclasses.dataclass
class Comparison:
    """How a build (`actual`) differs from the golden site (`expected`), both normalised."""

    expected: dict[str, bytes]
    actual: dict[str, bytes]
    added: list[str]
    removed: list[str]
    changed: list[str]
    renamed: list[tuple[str, list[str], list[str]]]  # (name with {hash}, removed, added): content changed
    notes: list[str]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.renamed)


def _placeholder(name: str) -> str:
    return HASHED_NAME.sub(r"\1{hash}\3", name)


def compare(expected: dict[str, bytes], actual: dict[str, bytes]) -> Comparison:
    """Compare a build's files with the golden site's (both as `read_tree` gives them)."""
    notes = []
    versions = pagefind_version(expected), pagefind_version(actual)
    pagefind_bytes = versions[0] == versions[1]
    if not pagefind_bytes:
        notes.append(
            f"the golden site's search bundle was written by Pagefind {versions[0]}, this build's by "
            f"Pagefind {versions[1]}: pagefind/ was compared only by its page counts per language, not "
            f"byte for byte; to compare it again, write the golden site with this Pagefind: {REGEN}"
        )
    expected = normalise(expected, pagefind_bytes=pagefind_bytes)
    actual = normalise(actual, pagefind_bytes=pagefind_bytes)
    added = sorted(set(actual) - set(expected))
    removed = sorted(set(expected) - set(actual))
    changed = sorted(name for name in set(expected) & set(actual) if expected[name] != actual[name])
    renamed = []
    for key in sorted({_placeholder(name) for name in added} & {_placeholder(name) for name in removed}):
        gone = [name for name in removed if _placeholder(name) == key]
        new = [name for name in added if _placeholder(name) == key]
        renamed.append((key, gone, new))
        added = [name for name in added if name not in new]
        removed = [name for name in removed if name not in gone]
    return Comparison(expected, actual, added, removed, changed, renamed, notes)


def _text(name: str, data: bytes) -> list[str] | None:
    """The lines of a file to show in a diff, or None for a binary file."""
    if name in SQLITE_FILES:  # its SQL dump
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "dump.db"
            path.write_bytes(data)
            connection = sqlite3.connect(path)
            try:
                return "\n".join(connection.iterdump()).splitlines(keepends=True)
            except sqlite3.DatabaseError:
                return None
            finally:
                connection.close()
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return None


def _listing(title: str, names: list[str], limit: int = 25) -> list[str]:
    if not names:
        return []
    lines = [f"{title} ({len(names)}):"]
    lines += [f"  {name}" for name in names[:limit]]
    if len(names) > limit:
        lines.append(f"  … and {len(names) - limit} more")
    return lines


def describe(
    comparison: Comparison,
    expected_label: str = "tests/golden/site/",
    actual_label: str = "build",
    diff_lines: int = 40,
    hint: bool = True,
) -> str:
    """A report of the differences: files added, removed and changed, and a diff of the first changed text file."""
    c = comparison

    def names(paths: list[str]) -> str:
        return ", ".join(path.rsplit("/", 1)[-1] for path in paths)

    renamed = [f"{key}: {names(gone)} -> {names(new)}" for key, gone, new in c.renamed]
    lines = [
        (
            f"The {actual_label} of tests/golden/dossier/ differs from {expected_label}: "
            f"{len(c.changed) + len(c.renamed)} changed, {len(c.added)} added, {len(c.removed)} removed "
            f"(python build.py {' '.join(BUILD_ARGS)})"
        ),
        *_listing("changed", c.changed),
        *_listing("changed, so renamed (Pagefind names these files after a hash of their content)", renamed),
        *_listing(f"added (not in {expected_label})", c.added),
        *_listing(f"removed (in {expected_label}, not in the {actual_label})", c.removed),
    ]
    # The first changed file that reads as text, the site's own before Pagefind's bundle.
    candidates = sorted(c.changed, key=lambda name: (name.startswith(PAGEFIND), name))
    for name in candidates:
        before, after = _text(name, c.expected[name]), _text(name, c.actual[name])
        if before is None or after is None:
            continue
        labels = f"{expected_label.rstrip('/')}/{name}", f"{actual_label}/{name}"
        diff = list(difflib.unified_diff(before, after, *labels, n=2))
        shown = [line.rstrip("\n")[:240] for line in diff[:diff_lines]]
        if len(diff) > diff_lines:
            shown.append(f"… ({len(diff) - diff_lines} more lines of diff)")
        lines += ["", f"first changed text file: {name}" + (" (its SQL dump)" if name in SQLITE_FILES else ""), *shown]
        break
    if hint:
        lines += ["", f"if the change is intended: {REGEN}"]
    return "\n".join(lines)
