"""The golden site: the golden dossier (tests/golden/dossier/) built again is tests/golden/site/, file for file.

Any change to the site's output fails here: a template, a translation, the render code, the data
downloads, the search bundle. What is compared and what is normalised is in tests/golden_site.py.
After an intended change, write the golden site again and review it in `git diff`:

    .venv/bin/python scripts/regen_golden.py

With DOSSIER_REGEN_GOLDEN=1 in the environment, test_golden_site writes it too (and is skipped).
"""

from __future__ import annotations

import os
import warnings

import pytest

from . import golden_site


def test_golden_dossier_holds_no_build_leftovers():
    assert golden_site.leftovers() == [], (
        "tests/golden/dossier/ must stay as committed: a build runs on a copy of it; remove "
        + ", ".join(golden_site.leftovers())
    )


def test_golden_site(tmp_path):
    site = golden_site.build(tmp_path)
    built = golden_site.read_tree(site)
    if os.environ.get("DOSSIER_REGEN_GOLDEN") == "1":
        golden_site.write_tree(golden_site.SITE, built)
        pytest.skip(f"DOSSIER_REGEN_GOLDEN=1: wrote {golden_site.SITE} ({len(built)} files); review it with git diff")
    assert golden_site.SITE.is_dir(), f"no golden site yet: {golden_site.REGEN}"
    comparison = golden_site.compare(golden_site.read_tree(golden_site.SITE), built)
    for note in comparison.notes:
        warnings.warn(note, stacklevel=1)
    if comparison:
        pytest.fail(golden_site.describe(comparison), pytrace=False)
