"""Proposals at scale and across builds: any length read, an over-long seed skipped, a stopped build resumed."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import frontmatter
import yaml

import dossier.curate.recognition as recognition_module
from dossier.curate import proposing
from dossier.curate.candidates import propose
from dossier.curate.recognition import LONGEST_PIECE, _shares, load_model, paragraphs

from .conftest import ROOT
from .helpers import SAMPLE_ENTITIES, make_registry
from .test_regenerate import NEW_ARTICLE

PERSONS = ("Ilona Varga", "Tomasz Wierzbicki", "Antoine Delaporte", "Vladimir Poutine", "Kim Jong-un")
PLACES = ("Moscou", "Pyongyang", "Séoul", "Vladivostok", "Khabarovsk")
TEMPLATES = (
    "{person} a rencontré {other} à {place} lors d'une visite officielle.",
    "Selon {person}, les relations entre la Russie et la Corée du Nord ont changé après des mois de négociations.",
    "À {place}, le porte-parole de {person} a refusé de commenter les livraisons d'armes.",
    "La délégation conduite par {person} est arrivée jeudi à {place}, malgré les sanctions occidentales.",
    "Les diplomates ont salué l'accord, mais {person} a rappelé que rien n'était encore signé.",
)
# Said only at the very end: found only if the whole text was read.
ENDING = "Enfin, Zofia Brzezinska a pris la parole à Vladivostok. Zofia Brzezinska a promis une réponse rapide."

SEOUL = NEW_ARTICLE  # the new article of the regeneration tests
SEOUL_SLUG = "seoul-inquiete-une-cooperation-militaire-accrue"
SLUG = "accord-de-defense-russo-nord-coreen-une-alliance"

# Runs the CLI in-process, says which articles went to entity recognition and whether spaCy was
# imported; PROPOSALS_MAX_TEXT lowers the limit (no need to build a 2 MB article), and
# PROPOSALS_FAIL makes recognition fail as a crash would, after the model is loaded.
PROBE = """
import os, sys
import dossier.curate.candidates as candidates
from dossier.cli import main

read = candidates.propose

def propose(articles, *args, **kwargs):
    print("read for proposals:", " ".join(sorted(slug for slug, _ in articles)), flush=True)
    print("proposals in process:", os.getpid(), flush=True)
    print("proposals at priority:", os.getpriority(os.PRIO_PROCESS, 0), flush=True)
    if os.environ.get("PROPOSALS_KILLED"):
        os._exit(9)  # as the system's out-of-memory killer would end it
    if os.environ.get("PROPOSALS_FAIL"):
        raise RuntimeError("entity recognition stopped")
    return read(articles, *args, **kwargs)

candidates.propose = propose
candidates.MAX_TEXT = int(os.environ.get("PROPOSALS_MAX_TEXT", candidates.MAX_TEXT))
code = main(sys.argv[1:])
print("build in process:", os.getpid())
print("build at priority:", os.getpriority(os.PRIO_PROCESS, 0))
print("spacy imported:", "spacy" in sys.modules)
sys.exit(code)
"""


def long_text(size: int, seed: int = 0) -> str:
    """French news prose of at least `size` characters, in one paragraph: varied sentences naming people and places."""
    rng = random.Random(seed)
    sentences, length = [], 0
    while length < size:
        person, other = rng.sample(PERSONS, 2)
        sentence = rng.choice(TEMPLATES).format(person=person, other=other, place=rng.choice(PLACES))
        sentences.append(sentence)
        length += len(sentence) + 1
    return " ".join(sentences)


def probe(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PROBE, "--root", str(root), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, **env},
    )


def read_for_proposals(result: subprocess.CompletedProcess) -> list[list[str]]:
    """The slugs of each call to entity recognition during a build."""
    lines = result.stdout.splitlines()
    return [line.split(":", 1)[1].split() for line in lines if line.startswith("read for proposals:")]


def recorded(root: Path) -> dict[str, str]:
    return yaml.safe_load((root / "content" / ".candidates-read.yml").read_text(encoding="utf-8"))


def slug_of(root: Path, seed: str) -> str:
    [path] = [p for p in (root / "content" / "articles").glob("*.md") if frontmatter.load(p).get("seed") == seed]
    return path.stem


def test_an_article_over_a_million_characters_is_read_to_its_end(tmp_path):
    nlp = load_model()
    registry = make_registry(tmp_path, {
        **SAMPLE_ENTITIES, "moscou": {"name": "Moscou", "type": "place"}, "seoul": {"name": "Séoul", "type": "place"},
    })
    text = f"{long_text(1_050_000)} {ENDING}"
    # One paragraph longer than spaCy takes in one text (E088): it is cut into pieces.
    assert len(text) > nlp.max_length and "\n" not in text
    assert max(len(piece) for piece in paragraphs(text)) <= LONGEST_PIECE
    candidates = {c.name: c for c in propose([("long", text)], registry, set(), nlp)}
    assert {"Ilona Varga", "Tomasz Wierzbicki", "Antoine Delaporte", "Vladivostok", "Khabarovsk"} <= set(candidates)
    assert candidates["Zofia Brzezinska"].count == 2
    for name in ("Ilona Varga", "Antoine Delaporte"):  # mentions from the whole text, not its first pieces
        assert candidates[name].count > 0.8 * text.count(name)
    assert not {"Vladimir Poutine", "Kim Jong-un", "Moscou", "Séoul", "Pyongyang"} & set(candidates)


def test_names_read_in_several_processes_are_those_one_process_reads(tmp_path, monkeypatch):
    monkeypatch.setattr(recognition_module, "SHARE_CHARACTERS", 40_000)  # less text to read than a real share
    nlp = load_model()
    registry = make_registry(tmp_path, SAMPLE_ENTITIES)
    articles = [(f"article-{n}", long_text(25_000, seed=n)) for n in range(5)]
    shares = _shares(sorted(articles), 2)
    assert len(shares) == 2 and sorted(articles) == shares[0] + shares[1]
    alone = propose(articles, registry, set(), nlp)
    apart = propose(articles, registry, set(), nlp, processes=2)
    assert alone and apart == alone


def test_a_seed_over_the_limit_is_reported_and_the_others_are_proposed_from(project):
    (project / "seeds" / "long.txt").write_text(
        f"Un très long compte rendu des négociations\n\n{long_text(6_000)}\n", encoding="utf-8"
    )
    (project / "seeds" / "seoul.md").write_text(SEOUL, encoding="utf-8")
    result = probe(project, PROPOSALS_MAX_TEXT="5000")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(
        r"^warning: seeds/long\.txt: 6,\d{3} characters of text, over the 5,000 proposals read; "
        r"no entities proposed from it$", result.stderr, re.M,
    ), result.stderr
    long_slug = slug_of(project, "seeds/long.txt")
    assert read_for_proposals(result) == [[SEOUL_SLUG]]
    assert "cho-tae-yul: Cho Tae-yul" in result.stdout
    assert "Ilona Varga" not in (project / "content" / "candidates.yml").read_text(encoding="utf-8")
    assert (project / "output" / "articles" / long_slug / "index.html").exists()  # the rest is built
    assert {long_slug, SEOUL_SLUG} <= set(recorded(project))

    again = probe(project, PROPOSALS_MAX_TEXT="5000")
    assert again.returncode == 0, again.stderr
    assert "spacy imported: False" in again.stdout and "read for names the registry lacks" not in again.stdout and read_for_proposals(again) == []
    assert "long.txt" not in again.stderr  # said once, by the build that read it


def test_proposals_a_failed_build_did_not_make_are_made_by_the_next(project):
    (project / "seeds" / "seoul.md").write_text(SEOUL, encoding="utf-8")
    failed = probe(project, PROPOSALS_FAIL="1")
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    assert (
        "error: content/candidates.yml: entity recognition failed (RuntimeError: entity recognition stopped); "
        "1 article will be read again on the next build"
    ) in failed.stderr
    assert (project / "content" / "articles" / f"{SEOUL_SLUG}.md").exists()
    assert (project / "output" / "articles" / SEOUL_SLUG / "index.html").exists()
    assert SEOUL_SLUG not in recorded(project)

    # Its seed did not change, yet it goes to entity recognition, alone.
    result = probe(project)
    assert result.returncode == 0, result.stderr
    assert "written" not in result.stdout and "updated" not in result.stdout
    assert read_for_proposals(result) == [[SEOUL_SLUG]]
    assert "cho-tae-yul: Cho Tae-yul" in result.stdout
    assert "name: Cho Tae-yul" in (project / "content" / "candidates.yml").read_text(encoding="utf-8")
    assert SEOUL_SLUG in recorded(project)

    result = probe(project)
    assert "spacy imported: False" in result.stdout and "read for names the registry lacks" not in result.stdout and read_for_proposals(result) == []


def test_an_article_written_by_a_build_stopped_before_its_proposals_is_read_by_the_next(project):
    # A build killed between writing the articles and proposing leaves them unrecorded.
    record = recorded(project)
    seed_sha256 = record.pop(SLUG)
    path = project / "content" / ".candidates-read.yml"
    path.write_text(yaml.safe_dump(record), encoding="utf-8")
    article = project / "content" / "articles" / f"{SLUG}.md"
    before = article.stat().st_mtime_ns

    result = probe(project)
    assert result.returncode == 0, result.stderr
    assert read_for_proposals(result) == [[SLUG]]  # from its seed, the others left alone
    assert recorded(project) == {**record, SLUG: seed_sha256}
    assert article.stat().st_mtime_ns == before

    result = probe(project)
    assert "spacy imported: False" in result.stdout and "read for names the registry lacks" not in result.stdout and read_for_proposals(result) == []


def process_of(result: subprocess.CompletedProcess, what: str) -> str:
    [line] = [line for line in result.stdout.splitlines() if line.startswith(f"{what} in process:")]
    return line.split(":")[1].strip()


def test_proposals_are_made_in_a_second_process_while_the_site_renders(project):
    (project / "seeds" / "seoul.md").write_text(SEOUL, encoding="utf-8")
    result = probe(project)
    assert result.returncode == 0, result.stderr
    assert read_for_proposals(result) == [[SEOUL_SLUG]]
    assert process_of(result, "proposals") != process_of(result, "build")
    # The proposals are wanted once the site is built: the build's process, the render, has the processors first.
    build, proposals = (int(re.search(rf"^{who} at priority: (-?\d+)$", result.stdout, re.M).group(1)) for who in ("build", "proposals"))
    assert proposals == min(19, build + proposing.PROPOSALS_NICENESS) > build
    assert "spacy imported: False" in result.stdout  # the build's own process never loads the model
    assert "1 article read for names the registry lacks (entity recognition)" in result.stdout
    assert "cho-tae-yul: Cho Tae-yul" in result.stdout  # its findings reported as if made in the build's process
    assert "name: Cho Tae-yul" in (project / "content" / "candidates.yml").read_text(encoding="utf-8")


def test_a_proposals_process_that_is_killed_is_reported_and_the_site_is_built(project):
    (project / "seeds" / "seoul.md").write_text(SEOUL, encoding="utf-8")
    killed = probe(project, PROPOSALS_KILLED="1")
    assert killed.returncode == 1
    assert "Traceback" not in killed.stderr
    assert (
        "error: content/candidates.yml: entity recognition stopped (its process ended with status 9); "
        "1 article will be read again on the next build"
    ) in killed.stderr
    assert (project / "output" / "articles" / SEOUL_SLUG / "index.html").exists()
    assert SEOUL_SLUG not in recorded(project)

    again = probe(project)
    assert again.returncode == 0, again.stderr
    assert read_for_proposals(again) == [[SEOUL_SLUG]]
    assert SEOUL_SLUG in recorded(project)

