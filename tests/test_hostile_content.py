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
import time

import pytest

from dossier.core.errors import SHOWN, RegistryError, shown
from dossier.curate.registry import load_registry
from dossier.sections.data import Field, Table, to_csv, to_json
from dossier.seeds.pieces import MAX_PARAGRAPH
from dossier.seeds.read import read_seed

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
