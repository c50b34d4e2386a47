"""Seeds that move: renamed, saved again, deleted, or linked from outside seeds/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import frontmatter

from .conftest import run_build

RENAMED = "001_449effa3a6371411.txt"
SLUG = "alliance-strategique-entre-la-russie-et-la-coree-du-nord-une"


def _copy(built_dossier: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built_dossier, root, symlinks=True)
    return root


def _article(root: Path, slug: str = SLUG) -> Path:
    return root / "content" / "articles" / f"{slug}.md"


def test_a_renamed_seed_keeps_its_article_and_its_address(built_dossier, tmp_path):
    root = _copy(built_dossier, tmp_path)
    (root / "seeds" / RENAMED).rename(root / "seeds" / "alliance.txt")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    assert f"seeds/alliance.txt: renamed from seeds/{RENAMED}" in result.stderr
    assert frontmatter.load(_article(root)).metadata["seed"] == "seeds/alliance.txt"
    assert (root / "output" / "articles" / SLUG / "index.html").exists()
    assert len(list((root / "content" / "articles").glob("*.md"))) == 5
    again = run_build(root)  # and the next build finds nothing to say
    assert again.returncode == 0 and "renamed" not in again.stderr


def test_a_renamed_seed_saved_again_in_another_encoding_is_still_recognised(built_dossier, tmp_path):
    root = _copy(built_dossier, tmp_path)
    text = (root / "seeds" / RENAMED).read_text(encoding="utf-8")
    (root / "seeds" / RENAMED).unlink()
    (root / "seeds" / "alliance.txt").write_bytes(text.replace("\n", "\r\n").encode("cp1252", errors="replace"))
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    assert "renamed from" in result.stderr and "the same article as" not in result.stderr
    assert frontmatter.load(_article(root)).metadata["seed"] == "seeds/alliance.txt"


def test_a_renamed_seed_keeps_the_curators_edit(built_dossier, tmp_path):
    root = _copy(built_dossier, tmp_path)
    path = _article(root)
    edited = path.read_text(encoding="utf-8").replace(
        "\n---\n", "\n---\nUne note de la rédaction, ajoutée à la main.\n\n", 1
    )
    path.write_text(edited, encoding="utf-8")
    (root / "seeds" / RENAMED).rename(root / "seeds" / "alliance.txt")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert "Une note de la rédaction, ajoutée à la main." in text
    assert frontmatter.loads(text).metadata["seed"] == "seeds/alliance.txt"
    page = (root / "output" / "articles" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Une note de la rédaction, ajoutée à la main." in page


def test_a_deleted_seed_takes_its_article_off_the_site(built_dossier, tmp_path):
    root = _copy(built_dossier, tmp_path)
    (root / "seeds" / RENAMED).unlink()
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    assert f"seeds/{RENAMED}: no such seed any more; its article content/articles/{SLUG}.md is removed" in result.stderr
    assert not _article(root).exists()
    assert not (root / "output" / "articles" / SLUG).exists()
    assert len(list((root / "output" / "articles").glob("*/index.html"))) == 4


def test_a_deleted_seed_whose_article_was_edited_keeps_it_and_says_how_to_remove_it(built_dossier, tmp_path):
    root = _copy(built_dossier, tmp_path)
    path = _article(root)
    path.write_text(path.read_text(encoding="utf-8") + "\nUn paragraphe ajouté à la main.\n", encoding="utf-8")
    (root / "seeds" / RENAMED).unlink()
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    assert f"edited by hand, so it stays on the site (delete content/articles/{SLUG}.md to remove it)" in result.stderr
    assert "Un paragraphe ajouté à la main." in path.read_text(encoding="utf-8")
    assert (root / "output" / "articles" / SLUG / "index.html").exists()


def test_a_link_to_a_file_outside_seeds_is_refused(built_dossier, tmp_path):
    root = _copy(built_dossier, tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("Un secret\n\nLe mot de passe du serveur de la rédaction est hunter2, ne le dites à personne.\n")
    os.symlink(secret, root / "seeds" / "lien.txt")
    result = run_build(root)
    assert result.returncode == 1
    assert f"seeds/lien.txt: a link to {secret}, outside seeds/; not read" in result.stderr
    assert "Traceback" not in result.stderr
    assert not any(
        "hunter2" in page.read_text(encoding="utf-8", errors="replace")
        for page in (root / "output").rglob("*.*")
        if page.suffix in (".html", ".xml", ".json")
    )
    assert len(list((root / "output" / "articles").glob("*/index.html"))) == 5
