"""Hostile and unlucky content (issue 23): values in messages, spreadsheet formulas in the downloads, a
seed of one endless line, keys given twice, a link to an entity the registry lacks.

Each case builds a real copy of the dossier with the command line, and checks what the curator and
the reader see: the message names the file (and the line), no traceback, the exit status, and the
rest of the site built.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sqlite3
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dossier.core.errors import SHOWN, RegistryError, shown
from dossier.curate.registry import load_registry
from dossier.sections.data import Field, Table, to_csv, to_json
from dossier.seeds.pieces import MAX_PARAGRAPH
from dossier.seeds.read import read_seed

from .conftest import copy_project, run_build

# --- every value in a message is shortened --------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("nope", "'nope'"),
    (3, "3"),
    (None, "None"),
    (True, "True"),
    (dt.date(2024, 6, 19), "datetime.date(2024, 6, 19)"),
    ("a\x1b[31m\u202e", r"'a\x1b[31m\u202e'"),  # a terminal shows the codes, never obeys them
    ({"k": [1, 2, 3, 4, 5, 6]}, "{'k': [1, 2, 3, 4, …]}"),
])
def test_a_short_value_is_shown_as_its_repr(value, expected):
    assert shown(value) == expected


def test_a_long_value_is_cut_to_eighty_characters_at_a_cost_that_does_not_grow_with_it():
    huge = "x" * 20_000_000
    nested: list = ["y" * 1000] * 10
    for _ in range(60):  # 10**60 strings once expanded: what a YAML alias bomb builds
        nested = [nested] * 10
    values = [huge, nested, 10**20_000, b"\0" * 10_000_000, set(range(1_000_000)), {str(n): n for n in range(1_000_000)}]
    started = time.perf_counter()
    results = [shown(value) for value in values]
    assert time.perf_counter() - started < 0.1
    assert all(len(text) <= SHOWN for text in results), results
    assert results[0] == "'" + "x" * (SHOWN - 3) + "…'"
    assert results[2] == "<a number of about 20,001 digits>"


def test_a_huge_value_in_a_registry_entry_gives_a_short_message(tmp_path):
    entities = tmp_path / "content" / "entities"
    entities.mkdir(parents=True)
    (entities / "kim.md").write_text(
        f"---\nname: Kim Jong-un\ntype: [{', '.join(['person'] * 5000)}]\nwikidata: Q{'9' * 1_000_000}x\n---\nUn dirigeant.\n",
        encoding="utf-8",
    )
    with pytest.raises(RegistryError) as error:
        load_registry(tmp_path / "content", tmp_path)
    problems = error.value.problems
    assert problems == [
        f"content/entities/kim.md:4: field 'wikidata': 'Q{'9' * (SHOWN - 4)}…' is not a Wikidata id such as Q7747",
        "content/entities/kim.md:3: field 'type': ['person', 'person', 'person', 'person', …] is not one of "
        "person, organisation, country, place",
    ]


# --- the CSV downloads carry no spreadsheet formula ------------------------------------------------


def test_a_text_cell_a_spreadsheet_would_run_starts_with_an_apostrophe_and_numbers_stay_numbers():
    table = Table("t", (Field("text", "string", ""), Field("count", "integer", ""), Field("names", "string", "")), [
        {"text": '=HYPERLINK("http://x","y")', "count": -3, "names": ["@Kim", "=Moon"]},
        {"text": "+33 1 23", "count": 0, "names": []},
        {"text": "-1", "count": 12, "names": None},
        {"text": "\t=1+1", "count": 1, "names": ["a;=1+1"]},
        {"text": "  =1+1", "count": 1, "names": ["\r@x"]},
        {"text": "Un titre = une phrase", "count": 2, "names": ["Kim Jong-un"]},
    ])
    rows = list(csv.reader(io.StringIO(to_csv(table).decode("utf-8"), newline="")))
    assert rows[1:] == [
        ["'=HYPERLINK(\"http://x\",\"y\")", "-3", "'@Kim; =Moon"],
        ["'+33 1 23", "0", ""],
        ["'-1", "12", ""],
        ["'\t=1+1", "1", "a;=1+1"],
        ["'  =1+1", "1", "'\r@x"],
        ["Un titre = une phrase", "2", "Kim Jong-un"],
    ]
    lines = to_csv(table).decode("utf-8").split("\n")
    assert lines[1].startswith('"\'=HYPERLINK(""http://x"",""y"")",-3,')  # a text quoted, a number bare
    assert json.loads(to_json(table))[0]["text"] == '=HYPERLINK("http://x","y")'  # JSON holds the text as it is


# --- long lines: a title is short, a paragraph bounded, a seed's text bounded ----------------------


def test_a_title_is_its_first_sentence_or_three_hundred_characters(tmp_path):
    (tmp_path / "seeds").mkdir()
    sentence = "Le sommet de Pyongyang scelle une alliance militaire entre la Russie et la Corée du Nord. "
    (tmp_path / "seeds" / "a.md").write_text(f"---\ntitle: {sentence * 20}\n---\n\nUn texte.\n", encoding="utf-8")
    (tmp_path / "seeds" / "b.md").write_text(f"---\ntitle: {'mot ' * 600}\n---\n\nUn texte.\n", encoding="utf-8")
    (tmp_path / "seeds" / "c.md").write_text("---\ntitle: Deux phrases. Un titre court.\n---\n\nUn texte.\n", encoding="utf-8")
    first, words, short = (read_seed(tmp_path / "seeds" / name, tmp_path) for name in ("a.md", "b.md", "c.md"))
    assert first.title == sentence.strip()
    assert len(words.title) <= 300 and words.title.endswith("mot…")
    assert short.title == "Deux phrases. Un titre court."  # within 300 characters, a title is as written
    assert f"seeds/a.md: a title of {len(sentence * 20) - 1:,} characters; cut to its first sentence or 300 characters " \
        "(edit the title in the article's front matter)" in first.warnings


def test_a_paragraph_far_too_long_is_split_at_its_sentences(tmp_path):
    (tmp_path / "seeds").mkdir()
    sentence = "La Russie et la Corée du Nord ont signé un traité de défense mutuelle à Pyongyang, selon Séoul. "
    (tmp_path / "seeds" / "a.txt").write_text(f"Un titre d'article\n\n{sentence * 400}\n\nUn dernier paragraphe.\n", encoding="utf-8")
    article = read_seed(tmp_path / "seeds" / "a.txt", tmp_path)
    assert article.title == "Un titre d'article"
    assert max(len(block.text) for block in article.blocks) <= MAX_PARAGRAPH
    assert all(block.text.endswith(".") for block in article.blocks)  # cut at the ends of sentences
    assert "".join(block.text for block in article.blocks).replace(" ", "") == (sentence * 400 + "Un dernier paragraphe.").replace(" ", "")
    paragraphs = len(article.blocks) - 1
    assert 2 * 400 * len(sentence) // MAX_PARAGRAPH < paragraphs < 400
    assert (f"seeds/a.txt:3: a paragraph of {len(sentence * 400) - 1:,} characters, over the 20,000 one may have; "
            f"split into {paragraphs} at the ends of its sentences") in article.warnings


# --- a real dossier, built with hostile content -----------------------------------------------------

VICTIM = "ce-que-la-coree-du-nord-et-la-russie-gagnent-une-alliance"  # an article of the project
OTHERS = (
    "accord-de-defense-russo-nord-coreen-une-alliance",
    "alliance-strategique-entre-la-russie-et-la-coree-du-nord-une",
    "la-communaute-internationale-doit-imperativement-reconnaitre",
    "poutine-renforce-ses-liens-avec-la-coree-du-nord-face-a",
)
FORMULA_SEED = """=HYPERLINK("http://x","y")
Par Jeanne Exemple
Publié le 19 juin 2024

@Kim Jong-un a reçu Vladimir Poutine à Pyongyang mercredi, selon l'agence officielle du régime nord-coréen.

« =1+1 n'est pas une réponse à nos questions », a déclaré Kim Jong-un devant la presse réunie à Pyongyang.

-Le texte continue ici avec une phrase assez longue pour être un paragraphe de l'article sur la Corée.
"""
UNKNOWN_LINK = 'Voir <a href="https://example.org" data-entity="nope">ce lien perdu</a> pour la suite.'
PAGE_TWICE = "Title: Notes de lecture\n    du dossier\nSlug: notes\nTitle: Un autre titre\nSlug: autres\n\nMes notes.\n"


# A hand-written article whose brackets never close: each `[x](` would be scanned to the end of its
# paragraph (the square of its length), so the body is shown as plain text, its wiki-links kept.
BRACKETS = ("---\ntitle: Crochets\nlanguage: fr\n---\nUn premier paragraphe, [[russie|la Russie]].\n\n"
            "Le deuxième commence ici " + "[x](y " * 2000 + "\n")

BRACKETS_PAGE = "Title: Des crochets\nSlug: des-crochets\n\nUn paragraphe.\n\n" + "[x](" * 2000 + "\n"


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line holding `needle`."""
    return next(number for number, line in enumerate(text.split("\n"), 1) if needle in line)


def curated(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for d in ("seeds", "content") for p in (root / d).rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The project with a seed whose first line is a spreadsheet formula, a hand-edited article with a link
    to no entity, an article that cannot be shown, a page with keys given twice and an event naming an
    unknown participant; built once, then built again with nothing changed."""
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (root / "seeds" / "formule.txt").write_text(FORMULA_SEED, encoding="utf-8")
    article = root / "content" / "articles" / f"{VICTIM}.md"
    article.write_text(article.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{UNKNOWN_LINK}\n", encoding="utf-8")
    (root / "content" / "articles" / "crochets.md").write_text(BRACKETS, encoding="utf-8")
    (root / "content" / "pages" / "crochets.md").write_text(BRACKETS_PAGE, encoding="utf-8")
    (root / "content" / "articles" / "sans-titre.md").write_text("---\ntitle: [Un, titre]\n---\nUn texte.\n", encoding="utf-8")
    (root / "content" / "pages" / "notes.md").write_text(PAGE_TWICE, encoding="utf-8")
    (root / "content" / "entities" / "formule-un.md").write_text(
        "---\nname: Formule Un\ntype: organisation\n---\n=1+1 est une formule qui calcule.\n", encoding="utf-8")
    (root / "content" / "events" / "fantome.md").write_text(
        "---\nname: Sommet fantôme\nstart: 2024-06\nparticipants:\n- coree-du-nord\n- fantome\n---\nUn sommet.\n", encoding="utf-8")
    before = curated(root)
    first = run_build(root, "--no-propose")
    second = run_build(root, "--no-propose")
    return root, first, second, before


def test_a_hostile_dossier_is_built_with_each_problem_named_at_its_line(hostile):
    root, first, second, before = hostile
    assert first.returncode == 1, first.stdout + first.stderr  # errors: the exit status says so
    assert "Traceback" not in first.stderr + first.stdout
    article = (root / "content" / "articles" / f"{VICTIM}.md").read_text(encoding="utf-8")
    assert (f"error: content/articles/{VICTIM}.md:{line_of(article, 'data-entity')}: a link's data-entity 'nope' names no "
            "entity or event; shown as plain text") in first.stderr
    assert "error: content/pages/notes.md:4: field 'title' given twice (first on line 1); the first is kept" in first.stderr
    assert "error: content/pages/notes.md:5: field 'slug' given twice (first on line 3); the first is kept" in first.stderr
    assert "error: content/events/fantome.md:4: field 'participants': unknown entity 'fantome'" in first.stderr
    assert "error: content/articles/sans-titre.md:2: field 'title': a list is not text; article left out" in first.stderr
    assert ("content/articles/crochets.md:7: the body is shown as plain text (its links to entities and events kept): its links or HTML tags that do not "
            "close (the costliest starts on this line) would take too long to render; close or remove them") in first.stderr
    assert ("content/pages/crochets.md:6: the page is shown as plain text, as written: its links or HTML tags that do not "
            "close (the costliest starts on this line) would take too long to render; close or remove them") in first.stderr
    output = root / "output"
    for slug in (*OTHERS, VICTIM, "hyperlink-http-x-y", "crochets"):
        assert (output / "articles" / slug / "index.html").is_file(), slug
    assert not (output / "articles" / "sans-titre").exists()
    # Nothing the curator wrote is changed by the build (the articles it wrote from their seeds are its own).
    own = {k for k in before if k.startswith("content/articles/")} - {
        f"content/articles/{VICTIM}.md", "content/articles/sans-titre.md", "content/articles/crochets.md"}
    after = curated(root)
    assert {k: after.get(k) for k in before if k not in own} == {k: v for k, v in before.items() if k not in own}


def test_a_link_to_no_entity_is_plain_text_and_its_article_is_published(hostile):
    root = hostile[0]
    page = BeautifulSoup((root / "output" / "articles" / VICTIM / "index.html").read_text(encoding="utf-8"), "html.parser")
    paragraph = next(p for p in page.find_all("p") if "ce lien perdu" in p.get_text())
    assert paragraph.find("a") is None and "nope" not in str(paragraph)
    assert "Voir ce lien perdu pour la suite." in " ".join(paragraph.get_text().split())


def test_a_body_of_brackets_that_never_close_is_shown_as_plain_text(hostile):
    page = BeautifulSoup((hostile[0] / "output" / "articles" / "crochets" / "index.html").read_text(encoding="utf-8"), "html.parser")
    body = page.find(id="p-1").parent
    paragraphs = [p.get_text() for p in body.find_all("p", id=re.compile(r"^p-\d+$"))]
    assert paragraphs == ["Un premier paragraphe, la Russie.", "Le deuxième commence ici " + "[x](y " * 1999 + "[x](y"]
    assert body.find("a", href=re.compile(r"^y")) is None
    link = body.find(id="p-1").find("a")  # the wiki-link is still a link, and the mention counted
    assert link["data-entity"] == "russie" and link.get_text() == "la Russie"
    russia = BeautifulSoup((hostile[0] / "output" / "acteurs" / "russie" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert russia.find("a", href=re.compile(r"articles/crochets/")) is not None


def test_a_page_of_brackets_that_never_close_is_shown_as_plain_text_with_its_fields(hostile):
    page = BeautifulSoup((hostile[0] / "output" / "des-crochets" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("h1").get_text(" ", strip=True) == "Des crochets"
    texts = [p.get_text() for p in page.find_all("p", id=re.compile(r"^p-\d+$"))]
    assert texts == ["Un paragraphe.", "[x](" * 2000]


def test_a_page_with_a_key_given_twice_keeps_the_first(hostile):
    root = hostile[0]
    page = BeautifulSoup((root / "output" / "notes" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("h1").get_text(" ", strip=True) == "Notes de lecture du dossier"  # the first title, continued
    assert "Mes notes." in page.get_text()
    assert not (root / "output" / "autres").exists()


def test_the_summary_counts_the_articles_shown(hostile):
    _, first, second, _ = hostile
    shown_articles = 7  # the five of the project, the formula seed's and the brackets'; not the one left out
    assert first.stdout.strip().splitlines()[-1].startswith(f"{shown_articles} articles, ")
    assert "nothing to do" in second.stdout, second.stdout  # nothing changed: the last render's count is said
    assert second.stdout.strip().splitlines()[-1].startswith(f"{shown_articles} articles, "), second.stdout
    assert second.returncode == 1 and "field 'title' given twice" in second.stderr  # and its messages


def test_no_cell_of_the_csv_downloads_is_a_formula(hostile):
    data = hostile[0] / "output" / "donnees"
    texts = {name: list(csv.DictReader(io.StringIO((data / name).read_text(encoding="utf-8"), newline="")))
             for name in ("articles.csv", "entities.csv", "mentions.csv", "quotes.csv")}
    title = next(row["title"] for row in texts["articles.csv"] if row["slug"] == "hyperlink-http-x-y")
    assert title == "'=HYPERLINK(\"http://x\",\"y\")"
    assert any(row["sentence"].startswith("'@Kim Jong-un a reçu") for row in texts["mentions.csv"])
    assert any(row["quote"].startswith("'=1+1") for row in texts["quotes.csv"]), texts["quotes.csv"]
    for name, rows in texts.items():
        for row in rows:
            for key, value in row.items():
                assert value.lstrip()[:1] not in ("=", "+", "@", "\t", "\r") and not value.startswith("-"), (name, key, value)
    assert all(row["mentions"].isdigit() for row in texts["entities.csv"])  # numbers stay numbers
    entity = next(row for row in texts["entities.csv"] if row["id"] == "formule-un")
    assert entity["description"] == "'=1+1 est une formule qui calcule." and entity["name"] == "Formule Un"
    # The JSON files and the database are data, not formulas: the texts as they are.
    described = {row["id"]: row["description"] for row in json.loads((data / "entities.json").read_text(encoding="utf-8"))}
    assert described["formule-un"] == "=1+1 est une formule qui calcule."
    with sqlite3.connect(data / "dossier.db") as db:
        assert db.execute("SELECT title FROM articles WHERE slug = 'hyperlink-http-x-y'").fetchone() == ('=HYPERLINK("http://x","y")',)
    page = (data / "index.html").read_text(encoding="utf-8")
    assert "précédé d’une apostrophe" in page


@pytest.mark.slow  # a 5 MB seed
def test_a_five_megabyte_seed_of_one_line_is_built_with_a_short_title_and_bounded_pages(tmp_path):
    root = copy_project(tmp_path / "project")
    sentence = "Les ministres se sont rencontrés à Pyongyang pour signer un accord de défense mutuelle, selon Séoul. "
    (root / "seeds" / "long.txt").write_text(sentence * 52_000, encoding="utf-8")  # 5.4 MB without a line break
    (root / "seeds" / "mots.txt").write_text("Kim " * 200_000, encoding="utf-8")  # without punctuation either
    assert (root / "seeds" / "long.txt").stat().st_size > 5_000_000
    result = run_build(root, "--no-propose")  # within run_build's time limit
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for seed in ("long.txt", "mots.txt"):
        assert (f"warning: seeds/{seed}: no line breaks; its text is split into paragraphs at the ends of sentences") in result.stderr
    assert ("warning: seeds/long.txt: 5,251,999 characters of text, over the 1,000,000 an article may have; only the first "
            "1,000,000 are kept (up to line 1), the rest is left out") in result.stderr
    assert "warning: seeds/mots.txt: names entities and events 2,000 times or more; only the first 2,000 are linked" in result.stderr
    pages = {path: path.stat().st_size for path in (root / "output").rglob("*.html")}
    # It was a 15.9 MB page; "Kim" 200,000 times put 194 MB on Kim Jong-un's page. Now 1.9 MB at most.
    assert max(pages.values()) < 2_500_000, max(pages.items(), key=lambda item: item[1])
    titles = []
    for slug in ("les-ministres-se-sont-rencontres-a-pyongyang-pour-signer-un", "kim-kim-kim-kim-kim-kim-kim-kim-kim-kim-kim-kim-kim-kim-kim"):
        page = BeautifulSoup((root / "output" / "articles" / slug / "index.html").read_text(encoding="utf-8"), "html.parser")
        titles.append(page.find("h1").get_text(strip=True))
    assert all(len(title) <= 300 for title in titles), titles  # it was 4.9 million characters
    for slug in (*OTHERS, VICTIM):
        assert (root / "output" / "articles" / slug / "index.html").is_file(), slug


# LibreOffice reads a CSV file as a spreadsheet would (its formulas evaluated: the 13th option of its CSV
# filter), and writes it as a flat OpenDocument spreadsheet, where a formula cell has a table:formula.
CSV_FILTER = "CSV:44,34,76,1,,0,false,true,false,false,false,-1,true"


def formula_cells(csv_file: Path, work: Path) -> list[str]:
    """The formulas LibreOffice finds in `csv_file` once it opens it."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed to open the downloads (.ci/run installs libreoffice-calc-nogui)"
    result = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{work}/profile", f"--infilter={CSV_FILTER}",
                             "--convert-to", "fods", "--outdir", str(work), str(csv_file)],
                            capture_output=True, text=True, timeout=300, check=False)
    converted = work / f"{csv_file.stem}.fods"
    assert result.returncode == 0 and converted.is_file(), result.stdout + result.stderr
    return re.findall(r'table:formula="([^"]*)"', converted.read_text(encoding="utf-8"))


def test_the_csv_downloads_open_in_libreoffice_without_a_formula(hostile, tmp_path):
    # The check can fail: a cell written as the downloads wrote it before is a formula to LibreOffice.
    (tmp_path / "control.csv").write_text('title,n\n"=HYPERLINK(""http://x"",""y"")",1\n', encoding="utf-8")
    assert formula_cells(tmp_path / "control.csv", tmp_path), "LibreOffice did not evaluate the control's formula"
    data = hostile[0] / "output" / "donnees"
    for name in ("articles.csv", "entities.csv", "mentions.csv", "quotes.csv"):
        assert formula_cells(data / name, tmp_path) == [], name
