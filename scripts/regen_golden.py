#!/usr/bin/env python3
"""Write the golden site (tests/golden/site/) again from the golden dossier (tests/golden/dossier/).

    .venv/bin/python scripts/regen_golden.py

Run it after an intended change to the site's output (a template, a translation, the render code,
a new version of a library that writes part of it); tests/test_golden.py then passes again. It
builds a copy of the golden dossier twice, in a temporary folder, as the test does
(tests/golden_site.py), and refuses to write anything when the two builds differ (the golden site
would then fail at once). Otherwise it prints the files added, removed and changed, replaces
tests/golden/site/ with the build, and exits 0; review the change with `git diff tests/golden/site/`
before committing it. Exits 1 when the dossier does not build or the builds differ.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import golden_site  # noqa: E402


def main() -> int:
    if golden_site.leftovers():
        print(
            f"error: build leftovers in {golden_site.DOSSIER}: {', '.join(golden_site.leftovers())}; "
            "remove them (the golden dossier is built from a copy)",
            file=sys.stderr,
        )
        return 1
    with tempfile.TemporaryDirectory(prefix="golden-") as folder:
        try:
            first = golden_site.read_tree(golden_site.build(Path(folder) / "first"))
            second = golden_site.read_tree(golden_site.build(Path(folder) / "second"))
        except golden_site.BuildError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    unstable = golden_site.compare(first, second)
    if unstable or unstable.notes:
        print(
            "error: two builds of the golden dossier differ, so a golden site would not hold; "
            "tests/golden/site/ is left as it is.",
            file=sys.stderr,
        )
        print(golden_site.describe(unstable, "the first build", "second build", hint=False), file=sys.stderr)
        return 1
    site = golden_site.SITE
    relative = site.relative_to(golden_site.ROOT)
    expected = golden_site.read_tree(site) if site.is_dir() else {}
    comparison = golden_site.compare(expected, first)
    # Written as the build wrote it; the summary counts real bytes, not the normalised ones.
    raw_changed = sorted(name for name in set(expected) & set(first) if expected[name] != first[name])
    added = sorted(set(first) - set(expected))
    removed = sorted(set(expected) - set(first))
    golden_site.write_tree(site, first)
    if not (added or removed or raw_changed):
        print(f"{relative}/ is up to date: {len(first)} files, {sum(map(len, first.values()))} bytes")
        return 0
    for title, names in (("added", added), ("removed", removed), ("changed", raw_changed)):
        if names:
            print(f"{title} ({len(names)}):")
            for name in names:
                print(f"  {name}")
    if not comparison:
        print(
            "(only bytes the test does not compare changed: the SQLite version in donnees/dossier.db's header, "
            "or Pagefind's version)"
        )
    print(
        f"wrote {relative}/: {len(first)} files, {sum(map(len, first.values()))} bytes; "
        f"review with: git diff --stat {relative}/"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
