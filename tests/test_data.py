"""The dossier's data as downloads (dossier/sections/data.py): the files of /donnees/, their counts against the
site's pages, the database's full-text search, the data package, the data page, and that a second
build writes the same bytes; the files made a column at a time as they were a cell at a time; made in a
process of their own, the same files, the same errors, and the data page showing what was written."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import networkx
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.sections import data as data_module
from dossier.sections.data import FORMULA_STARTS, Field, Table, csv_cell, to_csv
from tests.conftest import ROOT, copy_project, run_build

FILES = (
    "entities.csv", "entities.json", "mentions.csv", "events.json", "articles.csv", "quotes.csv",
    "network.gexf", "dossier.db", "datapackage.json",
)


@pytest.fixture(scope="module")
def output(built_dossier) -> Path:
    return built_dossier / "output"


@pytest.fixture(scope="module")
def data(output) -> Path:
    return output / "donnees"


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def pages_under(output: Path, *folders: str) -> set[str]:
    """The ids of the pages right under `folders` (acteurs/kim-jong-un/ → kim-jong-un), pagination aside."""
    return {
        path.parent.name
        for folder in folders
        for path in (output / folder).glob("*/index.html")
        if path.parent.name != "page"
    }


def test_every_file_loads(data):
    for name in FILES:
        assert (data / name).is_file(), name
    for name in ("entities.csv", "mentions.csv", "articles.csv"):
        assert read_csv(data / name), name
        assert b"\r" not in (data / name).read_bytes()
    for name in ("entities.json", "events.json", "datapackage.json"):
        json.loads((data / name).read_text(encoding="utf-8"))
    with sqlite3.connect(data / "dossier.db") as db:
        assert {"entities", "mentions", "events", "articles", "comentions"} <= {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    assert networkx.read_gexf(data / "network.gexf").number_of_nodes()


def test_counts_match_the_site(output, data):
    entities = read_csv(data / "entities.csv")
    assert {row["id"] for row in entities} == pages_under(output, "acteurs", "lieux")
    assert [row["id"] for row in entities] == sorted(row["id"] for row in entities)
    assert json.loads((data / "entities.json").read_text(encoding="utf-8")) == [
        {**row, "aliases": row["aliases"].split("; ") if row["aliases"] else [], "wikidata": row["wikidata"] or None,
         "mentions": int(row["mentions"]), "articles": int(row["articles"])}
        for row in entities
    ]
    articles = read_csv(data / "articles.csv")
    assert {row["slug"] for row in articles} == pages_under(output, "articles")
    events = json.loads((data / "events.json").read_text(encoding="utf-8"))
    assert {event["id"] for event in events} == pages_under(output, "evenements")
    with sqlite3.connect(data / "dossier.db") as db:
        for table, count in (("entities", len(entities)), ("articles", len(articles)), ("events", len(events))):
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count


@pytest.mark.parametrize("entity", ["kim-jong-un", "russie", "region-de-koursk"])
def test_mention_rows_are_the_mentions_an_entity_page_shows(output, data, entity):
    mentions = Counter(row["entity"] for row in read_csv(data / "mentions.csv") if row["kind"] == "entity")
    folder = "lieux" if (output / "lieux" / entity).is_dir() else "acteurs"
    page = BeautifulSoup((output / folder / entity / "index.html").read_bytes(), "html.parser")
    shown = re.search(r"(\d+) mentions?", page.find("p", class_="meta").get_text())
    assert mentions[entity] == int(shown.group(1))


def test_mentions_point_at_paragraphs_of_their_article(output, data):
    rows = read_csv(data / "mentions.csv")
    assert {row["kind"] for row in rows} == {"entity", "event"}
    for row in rows[:40]:
        page = (output / "articles" / row["article"] / "index.html").read_text(encoding="utf-8")
        assert f'id="{row["paragraph"]}"' in page
        assert row["sentence"]


def test_full_text_search_finds_koursk(data):
    with sqlite3.connect(data / "dossier.db") as db:
        found = db.execute("SELECT sentence FROM mentions_fts WHERE mentions_fts MATCH 'Koursk'").fetchall()
        titles = db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Russie'").fetchone()[0]
    assert found and all("Koursk" in sentence for (sentence,) in found)
    assert titles


def test_network_has_the_network_page_counts(output, data):
    graph = networkx.read_gexf(data / "network.gexf")
    page = BeautifulSoup((output / "reseau" / "index.html").read_bytes(), "html.parser")
    counts = [int(n) for n in re.findall(r"\d+", page.find("header", class_="page-header").find("p", class_="meta").get_text())]
    assert [graph.number_of_nodes(), graph.number_of_edges()] == counts
    assert b"lastmodifieddate" in (data / "network.gexf").read_bytes()


def _gexf_row(entity_id: str, name: str, kind: str, count: int):
    entity = SimpleNamespace(id=entity_id, name=name, type=kind, mention_count=count, url=f"acteurs/{entity_id}/")
    return SimpleNamespace(entity=entity)


def test_network_gexf_reads_back_as_written_and_as_networkx_writes_it():
    """The GEXF the data process writes with ElementTree: networkx reads back every node with its label and
    typed attributes and every weighted edge; names with markup are text; the same elements networkx's own
    writer gives the same graph (bar its creator), so that Gephi and networkx users get what they got."""
    rows = [_gexf_row("b-corp", 'B & <Co> "Ltd"', "organisation", 3), _gexf_row("a-land", "Åland\nIslands", "place", 12)]
    edges = {("a-land", "b-corp"): 2}
    dated = SimpleNamespace(articles=[SimpleNamespace(date=SimpleNamespace(last_day=lambda: date(2024, 6, 19))),
                                      SimpleNamespace(date=None)])
    written = data_module.network_gexf(dated, (rows, edges), "https://example.org/d")
    graph = networkx.read_gexf(io.BytesIO(written))
    assert dict(graph.nodes(data=True)) == {
        "a-land": {"label": "Åland\nIslands", "type": "place", "mentions": 12, "url": "https://example.org/d/acteurs/a-land/"},
        "b-corp": {"label": 'B & <Co> "Ltd"', "type": "organisation", "mentions": 3, "url": "https://example.org/d/acteurs/b-corp/"},
    }
    assert [(a, b, w["weight"]) for a, b, w in graph.edges(data=True)] == [("a-land", "b-corp", 2)]
    assert b'<meta lastmodifieddate="2024-06-19">' in written and b"<script" not in written and b"<Co>" not in written

    by_networkx = networkx.Graph()
    for row in sorted(rows, key=lambda row: row.entity.id):
        view = row.entity
        by_networkx.add_node(view.id, label=view.name, type=view.type, mentions=view.mention_count,
                             url=f"https://example.org/d/{view.url}")
    by_networkx.add_edge("a-land", "b-corp", weight=2)
    theirs = io.BytesIO()
    networkx.write_gexf(by_networkx, theirs)
    expected = re.sub(rb"<meta[^>]*>\s*<creator>[^<]*</creator>", b"", theirs.getvalue())
    assert re.sub(rb"<meta[^>]*>\s*<creator>[^<]*</creator>", b"", written).strip() == expected.strip()
    undated = data_module.network_gexf(SimpleNamespace(articles=[]), (rows, edges), "")
    assert b"<meta>" in undated and b"lastmodifieddate" not in undated


def test_datapackage_names_every_file_and_column(data):
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    resources = {resource["path"]: resource for resource in package["resources"]}
    assert set(resources) == set(FILES) - {"datapackage.json"}  # the package describes the other files
    for path, resource in resources.items():
        assert resource["format"] and resource["mediatype"], path
        if path.endswith(".csv"):
            with (data / path).open(encoding="utf-8", newline="") as file:
                header = next(csv.reader(file))
            assert [field["name"] for field in resource["schema"]["fields"]] == header
            assert all(field["type"] and field["description"] for field in resource["schema"]["fields"])
        else:
            assert resource["bytes"] == (data / path).stat().st_size


def test_data_page_lists_every_file_and_links_work(output, data):
    page = BeautifulSoup((data / "index.html").read_bytes(), "html.parser")
    links = {a["href"] for a in page.select("main a[href], .data-table a[href]")}
    for name in FILES:
        assert f"/donnees/{name}" in links, name
        assert (output / "donnees" / name).is_file()
    assert "datasette dossier.db" in page.get_text()
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/donnees/</loc>" in sitemap


def test_footer_and_about_page_link_to_the_data(output):
    home = BeautifulSoup((output / "index.html").read_bytes(), "html.parser")
    assert home.find("footer").find("a", href="/donnees/")
    about = BeautifulSoup((output / "a-propos" / "index.html").read_bytes(), "html.parser")
    assert about.find("main").find("a", href="../donnees/")


def test_a_second_build_writes_the_same_bytes(tmp_path, data):
    root = copy_project(tmp_path / "again", with_articles=False)
    result = run_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in (*FILES, "index.html"):
        assert (root / "output" / "donnees" / name).read_bytes() == (data / name).read_bytes(), name


# --- the files made cheaply: the same bytes as a cell at a time --------------------------------------------------

def csv_a_cell_at_a_time(table: Table) -> bytes:
    """to_csv as it was written first: the csv module, csv_cell on every cell."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([f.name for f in table.fields])
    for row in table.rows:
        writer.writerow([csv_cell(row[f.name], f.type) for f in table.fields])
    return text.getvalue().encode("utf-8")


def formula_as_csv_cell_says(value: str) -> bool:
    return value[:1] in FORMULA_STARTS or value.lstrip()[:1] in FORMULA_STARTS


def test_the_formula_pattern_is_csv_cells_test_for_every_character():
    """FORMULA.match, one C call a cell, says what csv_cell's test says: every character of the BMP first,
    alone, before a formula's sign and before a letter."""
    for code in range(0x10000):
        for value in (chr(code), chr(code) + "=1", chr(code) + "x", chr(code) * 2 + "@x", "x" + chr(code)):
            assert bool(data_module.FORMULA.match(value)) == formula_as_csv_cell_says(value), (hex(code), value)


CELLS = st.one_of(
    st.none(), st.integers(-10**6, 10**6), st.booleans(), st.floats(allow_nan=False), st.just(""),
    st.text(alphabet=st.sampled_from(list(' \t\r\n"=+-@,;\'x\u00a0\u2028\u3000\x1c\x85é')), max_size=8),
    st.text(max_size=12),
    st.lists(st.text(alphabet=st.sampled_from(list(' \t"=@x;')), max_size=4), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(kinds=st.lists(st.sampled_from(["string", "integer"]), min_size=1, max_size=4),
       rows=st.lists(st.lists(CELLS, min_size=4, max_size=4), max_size=6))
def test_to_csv_writes_the_bytes_of_a_cell_at_a_time(kinds, rows):
    fields = tuple(Field(f"f{number}", kind, "") for number, kind in enumerate(kinds))
    table = Table("t", fields, [{f.name: row[number] for number, f in enumerate(fields)} for row in rows])
    assert to_csv(table) == csv_a_cell_at_a_time(table)


def test_to_csv_of_a_table_without_fields_or_rows_is_the_csv_modules():
    for table in (Table("t", (), [{}, {}]), Table("t", (Field("a", "string", ""),), [])):
        assert to_csv(table) == csv_a_cell_at_a_time(table)


def test_the_database_holds_each_row_as_given_lists_joined(tmp_path):
    fields = (Field("id", "string", ""), Field("names", "string", ""), Field("count", "integer", ""))
    table = Table("entities", fields, [
        {"id": "a", "names": ["x", "=y"], "count": 3},
        {"id": "b", "names": None, "count": None},
        {"id": "c", "count": 1},  # a field missing: NULL
        {"id": "d", "names": "déjà", "count": 0},
    ], key="id")
    empty = [Table(name, (Field("sentence", "string", ""), Field("title", "string", ""), Field("quote", "string", "")), [])
             for name in ("mentions", "articles", "quotes")]
    path = tmp_path / "dossier.db"
    path.write_bytes(data_module.database([table, *empty]))
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT id, names, count FROM entities ORDER BY id").fetchall() == [
            ("a", "x; =y", 3), ("b", None, None), ("c", None, 1), ("d", "déjà", 0),
        ]


@pytest.fixture
def small_dossier(tmp_path):
    from dossier.render.link import build_dossier

    from .helpers import SAMPLE_ENTITIES, SAMPLE_EVENTS, make_registry, source

    registry = make_registry(tmp_path, SAMPLE_ENTITIES, SAMPLE_EVENTS)
    sources = [
        source("b", "[[kim-jong-un|Kim]] reçoit [[vladimir-poutine|Poutine]] ; [[kim-jong-un|Kim]] sourit.\n\n"
                    "Au [[sommet-hanoi-2019|sommet de Hanoï]], [[kim-jong-un|Kim]] et [[donald-trump|Trump]].\n\n"
                    + "\n\n".join(f"Paragraphe {n} : [[russie|Russie]]." for n in range(3, 13)), date="2024-06-20"),
        source("a", "=[[onu|ONU]] et [[otan|OTAN]] à [[hanoi|Hanoï]], \"dit-on\".\n\n[[kim-jong-un|Kim]].", date="2019-02"),
    ]
    return build_dossier(registry, sources, "Titre", "Description")


def test_mention_rows_are_in_the_order_of_a_sort_by_article_paragraph_id_and_sentence(small_dossier):
    """The rows as first made: one dict per mention, sorted (stably) by article, paragraph's rank, id, sentence."""
    rows = [
        {"article": mention.article.slug, "paragraph": mention.paragraph, "entity": view.id, "kind": kind,
         "sentence": " ".join((mention.before + mention.text + mention.after).split())}
        for kind, views in (("entity", small_dossier.entities), ("event", small_dossier.events))
        for view in views
        for mention in view.mentions
    ]
    rows.sort(key=lambda row: (row["article"], int(row["paragraph"].rsplit("-", 1)[1]), row["entity"], row["sentence"]))
    made = data_module.mention_table(small_dossier).rows
    assert made == rows and [list(row) for row in made] == [list(row) for row in rows]
    assert [row["paragraph"] for row in made if row["article"] == "b"][-3:] == ["p-10", "p-11", "p-12"]  # ranks, not text
    assert {row["kind"] for row in made} == {"entity", "event"}


# --- the files made in a process of their own, while the build renders the other pages ---------------------------

needs_fork = pytest.mark.skipif(not data_module.forks.can_fork(), reason="the data files are made apart where the system forks (Linux)")


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def made(dossier, folder: Path, apart: bool) -> tuple[list, bool]:
    """What the data page shows of the files made into `folder`, and whether a process was forked for them."""
    downloads = data_module.Downloads(dossier, "https://example.org/dossier", folder, apart=apart)
    forked = downloads.process is not None
    return downloads.listed(), forked


def records(path: Path) -> int | None:
    """The records of a data file as a reader counts them."""
    if path.suffix == ".csv":
        return len(read_csv(path))
    if path.name == "datapackage.json":
        return None
    if path.suffix == ".json":
        return len(json.loads(path.read_text(encoding="utf-8")))
    if path.suffix == ".gexf":
        return networkx.read_gexf(path).number_of_nodes()
    with sqlite3.connect(path) as db:  # its tables, the full-text search's aside
        return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'").fetchone()[0]


@needs_fork
def test_the_files_made_apart_are_those_made_here_and_the_page_shows_them(small_dossier, tmp_path):
    apart, forked = made(small_dossier, tmp_path / "apart", apart=True)
    here, forked_here = made(small_dossier, tmp_path / "here", apart=False)
    assert forked and not forked_here
    assert files_in(tmp_path / "apart") == files_in(tmp_path / "here")
    assert apart == here
    assert [file.path for file in apart] == list(FILES)
    for file in apart:
        path = tmp_path / "apart" / file.path
        assert file.size == path.stat().st_size, file.path
        assert (len(file.tables) if file.tables else file.rows) == records(path), file.path


@needs_fork
def test_the_process_of_the_files_yields_the_processors_to_the_builds(small_dossier, tmp_path, monkeypatch):
    """It is wanted only by the data page, written last: the build's process (the render) runs first."""
    original, seen = data_module.data_files, tmp_path / "priority"

    def data_files(*args):
        seen.write_text(str(os.getpriority(os.PRIO_PROCESS, 0)))
        return original(*args)

    monkeypatch.setattr(data_module, "data_files", data_files)
    _, forked = made(small_dossier, tmp_path / "apart", apart=True)
    assert forked and data_module.DATA_NICENESS >= 5
    assert int(seen.read_text()) == min(19, os.getpriority(os.PRIO_PROCESS, 0) + data_module.DATA_NICENESS)


@needs_fork
def test_a_full_disk_in_the_process_is_said_as_here(small_dossier, tmp_path, monkeypatch):
    from dossier.core.errors import WriteError

    def full(folder, files):
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / files[0].path))

    def sqlite_full(tables):
        raise WriteError("/tmp/x/dossier.db", "SQLite: database or disk is full", "", errno.ENOSPC)

    for patch, raised in (("write_files", full), ("database", sqlite_full)):
        monkeypatch.setattr(data_module, patch, raised)
        errors = []
        for apart in (True, False):
            with pytest.raises(OSError) as error:
                made(small_dossier, tmp_path / patch, apart=apart)
            errors.append((type(error.value), str(error.value), error.value.errno, error.value.filename))
        assert errors[0] == errors[1], patch
        monkeypatch.undo()


class TwoPartError(Exception):
    """An error that a pipe cannot carry: made again from its message alone, it lacks an argument."""

    def __init__(self, what, why):
        super().__init__(f"{what}: {why}")


@needs_fork
def test_an_error_the_process_cannot_send_is_raised_by_making_the_files_here(small_dossier, tmp_path, monkeypatch):
    build = os.getpid()

    def failing(dossier, site_url):
        raise TwoPartError("entities.csv", "apart" if os.getpid() != build else "here")

    monkeypatch.setattr(data_module, "data_files", failing)
    with pytest.raises(TwoPartError, match="^entities.csv: here$"):
        made(small_dossier, tmp_path / "apart", apart=True)


@needs_fork
def test_a_killed_process_leaves_the_files_to_the_build(small_dossier, tmp_path, monkeypatch):
    build, real = os.getpid(), data_module.data_files
    folder = tmp_path / "apart"

    def killed(dossier, site_url):
        if os.getpid() != build:
            folder.mkdir()
            (folder / ".mentions.csv.x1_y2z3w").write_bytes(b"half a file")  # write_files' temporary file
            os.kill(os.getpid(), signal.SIGKILL)
        return real(dossier, site_url)

    monkeypatch.setattr(data_module, "data_files", killed)
    apart, forked = made(small_dossier, folder, apart=True)
    monkeypatch.undo()
    here, _ = made(small_dossier, tmp_path / "here", apart=False)
    assert forked and apart == here
    assert files_in(folder) == files_in(tmp_path / "here")  # the temporary file removed


@needs_fork
def test_the_process_is_stopped_when_the_render_stops(small_dossier, tmp_path, monkeypatch):
    from dossier.render.pages import Site

    monkeypatch.setattr(data_module, "data_files", lambda dossier, site_url: time.sleep(60))
    site = Site(small_dossier, "", output=tmp_path)
    start = time.monotonic()
    with pytest.raises(RuntimeError), data_module.started(site):
        process = site.started["data"].process
        raise RuntimeError("a page could not be rendered")
    assert time.monotonic() - start < 10
    assert process.exitcode == -signal.SIGTERM and not process.is_alive()
    assert site.started == {}


# A build whose process that makes the data files says so (the build's process, then its own, in `mark`); with
# "here", a build on a system that cannot fork (forks.can_fork).
WATCHED_BUILD = """
import os, sys
sys.path.insert(0, sys.argv[1])
from dossier.core import forks
from dossier.sections import data
mark, how = sys.argv[2], sys.argv[3]
if how == "here":
    forks.can_fork = lambda: False
make_apart = data._make_apart
def watched(*args):
    with open(mark, "a") as file:
        file.write(f"made by {os.getpid()}, forked from {os.getppid()}\\n")
    make_apart(*args)
data._make_apart = watched
with open(mark, "a") as file:
    file.write(f"build {os.getpid()}\\n")
from dossier.cli import main
sys.exit(main(sys.argv[4:]))
"""


def watched_build(tmp_path: Path, how: str) -> tuple[Path, list[str]]:
    """The golden dossier built into a folder of `tmp_path`, the data files made `how` ("apart" or "here"):
    its data folder and what the build said of the process that made them."""
    from .golden_site import DOSSIER, _ignore

    script, mark, root = tmp_path / "watched.py", tmp_path / f"{how}.txt", tmp_path / how
    script.write_text(WATCHED_BUILD, encoding="utf-8")
    shutil.copytree(DOSSIER, root, ignore=_ignore)
    result = subprocess.run([sys.executable, str(script), str(ROOT), str(mark), how, "--root", str(root), "--no-propose"],
                            cwd=root, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "output" / "donnees", mark.read_text(encoding="utf-8").splitlines()


def shown_number(text: str) -> float:
    """A number as the French pages show it: "1 234,5" (thin spaces between thousands)."""
    return float(re.sub(r"[^\d,]", "", text).replace(",", "."))


@pytest.mark.site
@needs_fork
def test_the_data_page_shows_the_files_the_forked_process_wrote_and_the_same_as_made_here(tmp_path):
    folder, said = watched_build(tmp_path, "apart")
    build = said[0].removeprefix("build ")
    assert len(said) == 2 and said[1].endswith(f"forked from {build}") and not said[1].startswith(f"made by {build},"), said
    page = BeautifulSoup((folder / "index.html").read_bytes(), "html.parser")
    shown = {row.th.get_text(strip=True): [cell.get_text(strip=True) for cell in row.select("td.num")]
             for row in page.select(".data-table tbody tr")}
    assert list(shown) == list(FILES)
    for name, (size, count) in shown.items():
        assert size.endswith(" ko") and shown_number(size) == round((folder / name).stat().st_size / 1000, 1), (name, size)
        expected = records(folder / name)
        assert (count == "") if expected is None else (int(shown_number(count.split()[0])) == expected), (name, count)
    here, said_here = watched_build(tmp_path, "here")
    assert len(said_here) == 1, said_here  # no process forked to make them
    assert files_in(here) == files_in(folder)  # the files and their page, byte for byte
