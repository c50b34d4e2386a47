"""The plugin driven the Pelican way: `pelican content` on a Pelican site that names it in PLUGINS.
(Found under Pelican's namespace with no PLUGINS at all: tests/test_package.py, which installs the wheel;
an editable install does not list it in the namespace.)"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def pelican_site(folder: Path, settings: str) -> Path:
    """A Pelican site of the dossier's registry and annotated articles (no seeds/: not built by dossier)."""
    for name in ("entities", "events", "articles", "pages"):
        shutil.copytree(ROOT / "content" / name, folder / "content" / name)
    (folder / "pelicanconf.py").write_text(settings, encoding="utf-8")
    return folder


def test_pelican_content_on_a_pelican_site_with_the_plugin(tmp_path):
    site = pelican_site(tmp_path / "site", 'SITENAME = "Revue"\nPATH = "content"\nTIMEZONE = "UTC"\nPLUGINS = ["dossier"]\n')
    result = subprocess.run([sys.executable, "-m", "pelican", "content"], cwd=site, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    output = site / "output"
    home = (output / "index.html").read_text(encoding="utf-8")
    assert "Revue" in home and "articles/" in home
    assert len(list((output / "articles").glob("*/index.html"))) == len(list((ROOT / "content" / "articles").glob("*.md")))
    assert (output / "a-propos" / "index.html").is_file()  # the site's own page, in the dossier's theme
    assert (output / "theme" / "css" / "style.css").is_file()  # the theme from the package
    assert (output / "pagefind" / "pagefind-entry.json").is_file()  # indexed from Pelican's finalized signal
    assert not (site / "seeds").exists()  # nothing ingested: there is nothing to ingest


def test_the_plugin_is_importable_under_pelicans_namespace():
    from dossier.pelican_plugin import register
    from pelican.plugins import dossier as plugin

    assert plugin.register is register
