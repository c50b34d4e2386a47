"""Regenerating: incremental builds, hand edits kept, new entities proposed, bad input, one build at a time."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import frontmatter
from bs4 import BeautifulSoup

from dossier.core import statcache
from dossier.render.source_cache import CACHE as SOURCES_CACHE

from .conftest import ROOT, run_build

SLUG = "accord-de-defense-russo-nord-coreen-une-alliance"

# Runs the CLI in-process and reports whether spaCy was imported.
SPACY_PROBE = "import sys; from dossier.cli import main; code = main(sys.argv[1:]); print('spacy imported:', 'spacy' in sys.modules); sys.exit(code)"


def build_and_probe(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SPACY_PROBE, "--root", str(root), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted(folder.glob("*.md"))}


def page(root: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((root / "output" / url / "index.html").read_bytes(), "html.parser")


def test_the_sample_articles_are_those_this_version_writes(project):
    """A build of the repository's own dossier leaves its content/articles/ as committed: a change to the code that
    reads seeds (reader_fingerprint) has the sample's articles written again and committed with it, so that a
    curator who clones the repository and builds sees no file of theirs changed."""
    committed = {path.name: path.read_bytes() for path in sorted((ROOT / "content" / "articles").glob("*.md"))}
    built = {path.name: path.read_bytes() for path in sorted((project / "content" / "articles").glob("*.md"))}
    assert len(committed) == 5
    assert built == committed, "write them again: python build.py, then commit content/articles/"


def test_a_rebuild_with_nothing_changed_only_renders(project):
    before = mtimes(project / "content" / "articles")
    result = build_and_probe(project)
    assert result.returncode == 0, result.stderr
    assert "spacy imported: False" in result.stdout and "read for names the registry lacks" not in result.stdout
    assert "written" not in result.stdout and "updated" not in result.stdout
    assert mtimes(project / "content" / "articles") == before


def test_a_registry_change_reannotates_without_entity_recognition(project):
    entities = project / "content" / "entities"
    (entities / "margus-tsahkna.md").rename(entities / "tsahkna.md")  # the same person under a new id
    result = build_and_probe(project)
    assert result.returncode == 0, result.stderr
    assert "spacy imported: False" in result.stdout and "read for names the registry lacks" not in result.stdout
    article = frontmatter.load(project / "content" / "articles" / "la-communaute-internationale-doit-imperativement-reconnaitre.md")
    assert "tsahkna" in article["entities"] and "margus-tsahkna" not in article["entities"]
    assert "[[tsahkna|Margus Tsahkna]]" in article.content
    assert (project / "output" / "acteurs" / "tsahkna" / "index.html").exists()
    assert not (project / "output" / "acteurs" / "margus-tsahkna").exists()


def test_a_hand_edit_is_kept_rendered_and_reported_until_forced(project):
    path = project / "content" / "articles" / f"{SLUG}.md"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("title: L’accord de défense", "title: Le pacte de défense").replace("[[japon|Japon]]", "Japon")
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    (project / "content" / "entities" / "japon.md").write_text(
        (project / "content" / "entities" / "japon.md").read_text(encoding="utf-8") + "\nPays insulaire d'Asie orientale.\n",
        encoding="utf-8",
    )  # a registry change must not touch the edited article either
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "content/articles/: 1 article edited by hand kept as it is (python build.py build --force SLUG" in result.stdout
    assert f"  content/articles/{SLUG}.md: kept" in result.stdout
    assert path.read_text(encoding="utf-8") == edited
    assert page(project, f"articles/{SLUG}").h1.get_text(strip=True).startswith("Le pacte de défense")
    japan = page(project, "acteurs/japon")
    assert not any(SLUG in a.get("href", "") for a in japan.find_all("a"))  # the curator removed that link

    result = run_build(project, "--force", SLUG, "--verbose")
    assert result.returncode == 0, result.stderr
    # Forced: written again from its seed, and said once, not also "kept".
    assert f"content/articles/{SLUG}.md: updated from its seed" in result.stdout
    assert "edited by hand" not in result.stdout and ": kept" not in result.stdout, result.stdout
    assert "title: L’accord de défense" in path.read_text(encoding="utf-8")
    assert "[[japon|Japon]]" in path.read_text(encoding="utf-8")


def test_the_same_article_twice_is_reported_once(project):
    seed = (project / "seeds" / "001_449effa3a6371411.txt").read_bytes()
    (project / "seeds" / "copy-of-001.txt").write_bytes(seed.replace(b"\n", b"\r\n"))
    result = run_build(project)
    assert result.returncode == 1
    assert "error: seeds/copy-of-001.txt: the same article as seeds/001_449effa3a6371411.txt; ignored" in result.stderr
    assert len(list((project / "output" / "articles").glob("*/index.html"))) == 5


def test_two_titles_with_one_slug_are_told_apart(project):
    body = "Vladimir Poutine et Kim Jong-un se sont parlé au téléphone pendant une heure, selon le Kremlin.\n"
    (project / "seeds" / "a.txt").write_text("Un appel\n\n" + body, encoding="utf-8")
    (project / "seeds" / "b.txt").write_text("Un appel !\n\nAutre texte : " + body, encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert "seeds/b.txt: its title gives the slug 'un-appel', already used by seeds/a.txt; written as content/articles/un-appel-2.md" in result.stderr
    assert (project / "output" / "articles" / "un-appel" / "index.html").exists()
    assert (project / "output" / "articles" / "un-appel-2" / "index.html").exists()
    again = run_build(project)  # deterministic: the same slugs again, nothing rewritten
    assert "un-appel" in again.stdout or again.returncode == 0
    assert sorted(p.name for p in (project / "content" / "articles").glob("un-appel*.md")) == ["un-appel-2.md", "un-appel.md"]


def test_a_title_cannot_write_outside_the_output(project):
    (project / "seeds" / "evil.txt").write_text(
        "../../../../tmp/evil\n\nUn texte de plusieurs mots qui parle de la Russie et de la Corée du Nord.\n", encoding="utf-8"
    )
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert (project / "output" / "articles" / "tmp-evil" / "index.html").exists()
    assert not (project.parent / "tmp").exists()


def test_an_edited_slug_cannot_write_outside_the_output(project):
    path = project / "content" / "articles" / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(f"slug: {SLUG}", "slug: ../../escaped"), encoding="utf-8")
    result = run_build(project)
    assert "is not a safe slug" in result.stderr
    assert (project / "output" / "articles" / "escaped" / "index.html").exists()
    assert not (project / "escaped").exists() and not (project.parent / "escaped").exists()


def test_a_second_build_at_once_is_refused_with_a_clear_message(project):
    with open(project / ".dossier-build.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run_build(project)
    assert result.returncode == 1
    assert "another build of this dossier is running" in result.stderr
    assert (project / "output" / "index.html").exists()


def test_a_lock_left_by_a_killed_build_does_not_block(project):
    (project / ".dossier-build.lock").write_text("99999999\n")
    assert run_build(project).returncode == 0


def test_a_killed_build_leaves_the_previous_site_complete(project):
    before = sorted(p.relative_to(project / "output") for p in (project / "output").rglob("*"))
    (project / "content" / "entities" / "japon.md").touch()
    for delay in (0.3, 0.8, 1.5):
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "--root", str(project)], cwd=project,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        after = sorted(p.relative_to(project / "output") for p in (project / "output").rglob("*"))
        assert after == before
    assert run_build(project).returncode == 0
    assert not list(project.glob(".output.staging-*"))


NEW_ARTICLE = """\
---
title: Séoul s'inquiète d'une coopération militaire accrue
date: 2024-11-20
authors: [Claire Martin]
source: Le Quotidien
url: https://example.org/seoul-cooperation
---
Le ministre sud-coréen des Affaires étrangères, Cho Tae-yul, a dénoncé mercredi à Séoul la coopération militaire
entre la Russie et la Corée du Nord.

Selon Cho Tae-yul, les soldats envoyés par Kim Jong-un combattent déjà dans la région de Koursk aux côtés des
troupes de Vladimir Poutine.
"""


def test_a_new_article_is_cross_linked_and_its_unknown_person_proposed(project):
    (project / "seeds" / "seoul.md").write_text(NEW_ARTICLE, encoding="utf-8")
    result = build_and_probe(project)
    assert result.returncode == 0, result.stderr
    assert "read for names the registry lacks (entity recognition)" in result.stdout  # a new seed goes to entity recognition
    slug = "seoul-inquiete-une-cooperation-militaire-accrue"
    assert "content/articles/: 1 new" in result.stdout

    article = page(project, f"articles/{slug}")
    links = {a["data-entity"] for a in article.find_all("a", attrs={"data-entity": True})}
    assert {"kim-jong-un", "vladimir-poutine", "russie", "coree-du-nord", "seoul", "region-de-koursk"} <= links
    assert "Le Quotidien" in article.get_text() and "20 novembre 2024" in article.get_text()
    kim = page(project, "acteurs/kim-jong-un")
    assert any(a.get("href", "").endswith(f"/articles/{slug}/#p-2") for a in kim.find_all("a"))

    # The unknown person is proposed, with its count and article, in the build's output and the candidates file.
    assert "cho-tae-yul: Cho Tae-yul" in result.stdout
    candidates = (project / "content" / "candidates.yml").read_text(encoding="utf-8")
    assert "name: Cho Tae-yul" in candidates and slug in candidates

    # Accepted, it becomes a registry entry and is linked on the next build, without entity recognition.
    accepted = run_build(project, "accept", "cho-tae-yul")
    assert accepted.returncode == 0, accepted.stderr
    assert (project / "content" / "entities" / "cho-tae-yul.md").exists()
    result = build_and_probe(project)
    assert result.returncode == 0, result.stderr
    assert "spacy imported: False" in result.stdout and "read for names the registry lacks" not in result.stdout
    cho = page(project, "acteurs/cho-tae-yul")
    assert cho.h1.get_text(strip=True) == "Cho Tae-yul"
    assert len([a for a in cho.find_all("a") if f"/articles/{slug}/#p-" in a.get("href", "")]) == 2


def test_a_rejected_candidate_is_never_proposed_again(project):
    (project / "seeds" / "seoul.md").write_text(NEW_ARTICLE, encoding="utf-8")
    assert run_build(project).returncode == 0
    rejected = run_build(project, "reject", "cho-tae-yul")
    assert rejected.returncode == 0, rejected.stderr
    assert "Cho Tae-yul" in (project / "content" / "rejected.yml").read_text(encoding="utf-8")
    (project / "seeds" / "seoul.md").write_text(NEW_ARTICLE + "\nCho Tae-yul a conclu.\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "Cho Tae-yul" not in result.stdout
    assert "Cho Tae-yul" not in (project / "content" / "candidates.yml").read_text(encoding="utf-8")
    unknown = run_build(project, "accept", "nobody-at-all")
    assert unknown.returncode == 1 and "nobody-at-all" in unknown.stderr


# The CLI in-process with another fingerprint for the code that reads seeds, as a newer version of the tool has.
NEWER_READER = (
    "import sys; import dossier.pipeline as p; p.reader_fingerprint = lambda: 'f' * 16; from dossier.cli import main; "
    "code = main(sys.argv[1:]); print('spacy imported:', 'spacy' in sys.modules); sys.exit(code)"
)


def test_a_newer_reader_reads_the_seeds_again_but_keeps_hand_edits(project):
    articles = project / "content" / "articles"
    edited = articles / f"{SLUG}.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: L’accord de défense", "title: Le pacte"), "utf-8")
    kept = edited.read_text(encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", NEWER_READER, "--root", str(project)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "spacy imported: False" in result.stdout and "read for names the registry lacks" not in result.stdout  # the same seeds: nothing new to propose
    assert edited.read_text(encoding="utf-8") == kept
    others = [path for path in sorted(articles.glob("*.md")) if path != edited]
    assert len(others) == 4
    assert all(frontmatter.load(path)["reader_sha256"] == "f" * 16 for path in others)


def settle(paths: list[Path]) -> None:
    """Wait until the last change of each of `paths` is older than the caches' SETTLE: a build then trusts its stat."""
    newest = max(max(path.stat().st_mtime_ns, path.stat().st_ctime_ns) for path in paths)
    time.sleep(max(0.0, (newest + statcache.SETTLE_NS - time.time_ns()) / 1e9 + 0.2))


def test_an_article_edited_in_place_to_its_old_size_and_mtime_is_rendered_again(project):
    path = project / "content" / "articles" / f"{SLUG}.md"
    settle(sorted((project / "content" / "articles").glob("*.md")))
    again = run_build(project)  # the cache now knows every article file as settled: trusted by its stat alone
    assert again.returncode == 0 and "nothing to do" in again.stdout, again.stdout + again.stderr
    entry = json.loads((project / SOURCES_CACHE).read_text(encoding="utf-8"))["entries"][f"content/articles/{SLUG}.md"]
    assert statcache.settled(entry["stat"], entry["checked"]) and entry["stat"] == statcache.file_key(path)
    before, text = path.stat(), path.read_text(encoding="utf-8")
    edited = text.replace("title: L’accord de défense", "title: L’accord de DÉFENSE")
    assert len(edited.encode()) == len(text.encode()) and edited != text
    with open(path, "r+b") as stream:  # in place, the same inode and size; then its mtime set back
        stream.write(edited.encode())
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns, path.stat().st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "nothing to do" not in result.stdout and "built in" in result.stdout
    assert page(project, f"articles/{SLUG}").h1.get_text(strip=True).startswith("L’accord de DÉFENSE")


def test_corrupt_caches_are_ignored(project):
    (project / SOURCES_CACHE).write_bytes(b"\x00{not json")
    crafted = {"kind": "sha256 1", "entries": {"seeds/001_449effa3a6371411.txt": {"stat": "x", "checked": [], "sha256": 3}}}
    (project / statcache.DIGESTS).write_text(json.dumps(crafted), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "nothing to do" in result.stdout  # the files read again: the site as it was is right
    path = project / "content" / "articles" / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: L’accord de défense", "title: Le pacte"), encoding="utf-8")
    (project / SOURCES_CACHE).write_text('{"kind": 1, "entries": {"content/articles": []}}', encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert page(project, f"articles/{SLUG}").h1.get_text(strip=True).startswith("Le pacte")


BROKEN_ARTICLE = """\
---
title: Un article abîmé
date: 2024-02-31
slug: ../../dehors
---
La Russie et la Corée du Nord.
"""


def test_the_messages_of_a_broken_article_are_said_by_every_build(project):
    (project / "content" / "articles" / "abime.md").write_text(BROKEN_ARTICLE, encoding="utf-8")
    (project / "content" / "articles" / "latin1.md").write_bytes("---\ntitle: Corée\n---\nTexte.\n".encode("latin-1"))

    def said(result) -> list[str]:
        return sorted(line for line in (result.stdout + result.stderr).splitlines() if "abime.md" in line or "latin1.md" in line)

    first = run_build(project)
    assert first.returncode == 1
    messages = said(first)
    assert any("field 'date'" in line for line in messages) and any("not a safe slug" in line for line in messages)
    assert any("latin1.md:2: not UTF-8 text" in line for line in messages), messages
    path = project / "content" / "articles" / f"{SLUG}.md"  # another article edited: the site is rendered again
    path.write_text(path.read_text(encoding="utf-8").replace("title: L’accord de défense", "title: Le pacte"), encoding="utf-8")
    second = run_build(project)
    assert second.returncode == 1 and "nothing to do" not in second.stdout
    assert said(second) == messages
    third = run_build(project)
    assert third.returncode == 1 and "nothing to do" in third.stdout
    assert said(third) == messages
