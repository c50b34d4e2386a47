"""The dossier's data as downloads: what its pages show, as files a researcher can check and reuse.

Written into the site's data folder (`donnees/`, `data/` in English; `i18n.address("data")`):
`entities.csv` and `entities.json`, `mentions.csv`, `events.json`, `articles.csv`, `quotes.csv`, the network
of co-mentions as `network.gexf`, all of them in one SQLite database `dossier.db` (full-text
search on the mentions' sentences, the articles' titles and the quotations, for `datasette`), and
`datapackage.json`, a Frictionless Data Package describing every file. The data page lists them.

Every file is the same, byte for byte, from one build of the same dossier to the next: rows in
a fixed order (by id or slug, then paragraph), UTF-8, "\\n" line ends, no build date; the
network's date is that of the dossier's newest article.

A CSV file is opened in a spreadsheet, which runs a cell that starts with "=", "+", "-" or "@"
(or a tab or a carriage return before one) as a formula: "=HYPERLINK(…)" in a seed's first line
would be a live link in articles.csv. Following OWASP's advice on CSV injection, every text cell
is quoted (a separator inside a text never starts a new cell), and a text cell that starts with one
of those characters, after any spaces, starts with an apostrophe, which a spreadsheet reads as
"this is text" (`csv_cell`). Numbers stay numbers; the JSON files and the database, which no
spreadsheet evaluates, hold the texts as they are. The data page says so.

The files take a second of CPU at a thousand articles: the build makes them in a process of its own
(`started`, `Downloads`), forked before the other pages are rendered, and the data page, rendered
last, shows what that process wrote.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import gc
import io
import json
import multiprocessing
import os
import pickle
import re
import signal
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

from babel.numbers import format_decimal

from ..core import forks
from ..core.errors import WriteError
from ..core.files import naming
from ..render import i18n
from ..render.i18n import N_
from ..render.jsonld import absolute_url
from ..render.pages import Page, Site
from ..render.views import Dossier
from . import network

LIST_SEPARATOR = "; "  # between the items of a list (aliases, authors, participants) in a CSV cell
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula (OWASP)
# A text csv_cell puts behind an apostrophe: one of FORMULA_STARTS first, or after spaces (`\s` is what
# str.lstrip() strips; after them neither a tab nor a carriage return can come first).
FORMULA = re.compile(r"[\t\r]|\s*[=+\-@]")


@dataclass(frozen=True)
class Field:
    """A column of a table: its name, its Frictionless type, and what it holds (a msgid)."""

    name: str
    type: str
    description: str


@dataclass
class Table:
    """The rows of one kind of record, each a dict of its fields' values (a list for a list field)."""

    name: str
    fields: tuple[Field, ...]
    rows: list[dict]
    key: str | None = None  # the field whose value is unique to each row, the database's primary key


@dataclass
class DataFile:
    """One file of the data folder: its bytes, and what the data page and the package say of it."""

    path: str
    format: str
    mediatype: str
    description: str  # a msgid
    data: bytes
    rows: int | None = None  # records, where the file is a list of them
    fields: tuple[Field, ...] = ()
    tables: list[str] = field(default_factory=list)  # a database's tables

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def size_label(self) -> str:
        return size_label(self.size)

    def listed(self) -> Listed:
        """What the data page shows of the file."""
        return Listed(self.path, self.format, self.mediatype, self.description, self.size, self.rows, self.fields, tuple(self.tables))


@dataclass(frozen=True)
class Listed:
    """What the data page shows of a DataFile: all it holds but its bytes (sent from the process that
    wrote the file, `Downloads`)."""

    path: str
    format: str
    mediatype: str
    description: str  # a msgid
    size: int
    rows: int | None = None
    fields: tuple[Field, ...] = ()
    tables: tuple[str, ...] = ()

    @property
    def size_label(self) -> str:
        return size_label(self.size)


def size_label(size: int) -> str:
    """A file's size in the site's language: "12,4 ko", "12.4 kB"."""
    kilobytes = format_decimal(round(size / 1000, 1), locale=i18n.language())
    return i18n._("%(size)s kB", size=kilobytes)


# The tables: one row per entity, mention, event, article.

ENTITY_FIELDS = (
    Field("id", "string", N_("Identifier of the actor or place, the last part of its page’s address")),
    Field("name", "string", N_("Name")),
    Field("type", "string", N_("Type: person, organisation, country or place")),
    Field("aliases", "string", N_("Other names, separated by “; ”")),
    Field("wikidata", "string", N_("Wikidata identifier, when known")),
    Field("description", "string", N_("Short description")),
    Field("mentions", "integer", N_("Number of mentions in the dossier’s articles")),
    Field("articles", "integer", N_("Number of articles that mention it")),
    Field("url", "string", N_("Address of its page")),
)
MENTION_FIELDS = (
    Field("article", "string", N_("Slug of the article (articles.csv)")),
    Field("paragraph", "string", N_("Identifier of the paragraph, the anchor of its address on the article’s page")),
    Field("entity", "string", N_("Identifier of the actor, place (entities.csv) or event (events.json) mentioned")),
    Field("kind", "string", N_("What is mentioned: entity or event")),
    Field("sentence", "string", N_("The sentence of the mention, as the site shows it")),
)
EVENT_FIELDS = (
    Field("id", "string", N_("Identifier of the event, the last part of its page’s address")),
    Field("name", "string", N_("Name")),
    Field("start", "string", N_("First day, month or year (YYYY-MM-DD, YYYY-MM or YYYY)")),
    Field("end", "string", N_("Last day, month or year, when it lasted")),
    Field("place", "string", N_("Identifier of its place (entities.csv), when known")),
    Field("participants", "string", N_("Identifiers of its participants (entities.csv), separated by “; ”")),
    Field("description", "string", N_("Short description")),
    Field("mentions", "integer", N_("Number of mentions in the dossier’s articles")),
    Field("articles", "integer", N_("Number of articles that mention it")),
    Field("url", "string", N_("Address of its page")),
)
ARTICLE_FIELDS = (
    Field("slug", "string", N_("Identifier of the article, the last part of its page’s address")),
    Field("title", "string", N_("Title")),
    Field("date", "string", N_("Date of publication (YYYY-MM-DD, YYYY-MM or YYYY), when known")),
    Field("outlet", "string", N_("Outlet that published it, when known")),
    Field("authors", "string", N_("Authors, separated by “; ”")),
    Field("language", "string", N_("Language of the article (ISO 639-1)")),
    Field("url", "string", N_("Address of its page in the dossier")),
    Field("source_url", "string", N_("Address of the original article, when known")),
)
QUOTE_FIELDS = (
    Field("article", "string", N_("Slug of the article (articles.csv)")),
    Field("paragraph", "string", N_("Identifier of the paragraph where the quotation begins")),
    Field("speaker", "string", N_("Identifier of the speaker (entities.csv); empty when the article does not name one")),
    Field("speaker_name", "string", N_("Name of the speaker")),
    Field("confidence", "string", N_(
        "How the speaker was found: named (in the quotation’s sentence or attribution line) or resolved (from a pronoun or a role)"
    )),
    Field("quote", "string", N_("The quotation, whole; its paragraphs separated by a blank line")),
    Field("events", "string", N_("Identifiers of the events its paragraphs link to (events.json), separated by “; ”")),
    Field("url", "string", N_("Address of its paragraph")),
    Field("repeats", "string", N_(
        "Slug of the earlier article of its family of copies that gives the same quotation (it is counted there); "
        "empty for a quotation of its own"
    )),
)
COMENTION_FIELDS = (
    Field("source", "string", N_("Identifier of an actor or place (entities.csv)")),
    Field("target", "string", N_("Identifier of another actor or place (entities.csv)")),
    Field("paragraphs", "integer", N_("Number of paragraphs that mention both")),
)

NETWORK_FIELDS = (  # of network.gexf: its nodes' attributes, then its edges'
    Field("id", "string", N_("Node: identifier of an actor or place (entities.csv)")),
    Field("label", "string", N_("Node: its name")),
    Field("type", "string", N_("Node: person, organisation, country or place")),
    Field("mentions", "integer", N_("Node: number of mentions")),
    Field("url", "string", N_("Node: address of its page")),
    Field("weight", "integer", N_("Edge: number of paragraphs that mention both actors")),
)


def _paragraph_number(paragraph: str) -> int:
    """The rank of a paragraph id in its article: "p-12" → 12 (ids sort as numbers, not as text)."""
    return int(paragraph.rsplit("-", 1)[1])


def entity_table(dossier: Dossier, site_url: str) -> Table:
    """Every actor and place of the dossier, by id."""
    rows = [
        {
            "id": view.id, "name": view.name, "type": view.type, "aliases": list(view.aliases),
            "wikidata": view.wikidata, "description": view.description, "mentions": view.mention_count,
            "articles": len(view.articles), "url": absolute_url(site_url, view.url),
        }
        for view in sorted(dossier.entities, key=lambda view: view.id)
    ]
    return Table("entities", ENTITY_FIELDS, rows, key="id")


def mention_table(dossier: Dossier) -> Table:
    """Every mention of an entity or an event, by article, paragraph, then what it mentions."""
    keyed = []  # (article, paragraph's rank, id, sentence, order met: the sort stable, paragraph, kind)
    sentences: dict[str, str] = {}  # a sentence's mentions share it (before + text + after): made once
    numbers: dict[str, int] = {}  # the paragraphs' ranks ("p-12" → 12), a few hundred ids for every mention
    for kind, views in (("entity", dossier.entities), ("event", dossier.events)):
        for view in views:
            id_ = view.id
            for mention in view.mentions:
                said = mention.before + mention.text + mention.after
                sentence = sentences.get(said)
                if sentence is None:
                    sentence = sentences[said] = " ".join(said.split())
                paragraph = mention.paragraph
                number = numbers.get(paragraph)
                if number is None:
                    number = numbers[paragraph] = _paragraph_number(paragraph)
                keyed.append((mention.article.slug, number, id_, sentence, len(keyed), paragraph, kind))
    keyed.sort()
    rows = [
        {"article": article, "paragraph": paragraph, "entity": id_, "kind": kind, "sentence": sentence}
        for article, _, id_, sentence, _, paragraph, kind in keyed
    ]
    return Table("mentions", MENTION_FIELDS, rows)


def event_table(dossier: Dossier, site_url: str) -> Table:
    """Every event of the dossier, by id."""
    rows = [
        {
            "id": view.id, "name": view.name, "start": view.start_iso, "end": view.end_iso,
            "place": view.event.place, "participants": list(view.event.participants),
            "description": view.description, "mentions": view.mention_count, "articles": len(view.articles),
            "url": absolute_url(site_url, view.url),
        }
        for view in sorted(dossier.events, key=lambda view: view.id)
    ]
    return Table("events", EVENT_FIELDS, rows, key="id")


def article_table(dossier: Dossier, site_url: str) -> Table:
    """Every article of the dossier, by slug."""
    rows = [
        {
            "slug": article.slug, "title": article.title, "date": article.date_iso, "outlet": article.outlet,
            "authors": list(article.authors), "language": article.language,
            "url": absolute_url(site_url, article.url), "source_url": article.source_url,
        }
        for article in sorted(dossier.articles, key=lambda article: article.slug)
    ]
    return Table("articles", ARTICLE_FIELDS, rows, key="slug")


def quote_table(dossier: Dossier, site_url: str) -> Table:
    """Every quotation, by article and paragraph, in the order of the article."""
    rows = [
        {
            "article": quote.article.slug, "paragraph": quote.paragraph,
            "speaker": quote.speaker.id if quote.speaker else None,
            "speaker_name": quote.speaker.name if quote.speaker else None, "confidence": quote.confidence or None,
            "quote": quote.text, "events": [event.id for event in quote.events],
            "url": absolute_url(site_url, quote.url), "repeats": quote.repeats or None,
        }
        for article in sorted(dossier.articles, key=lambda article: article.slug)
        for quote in article.quotes
    ]
    return Table("quotes", QUOTE_FIELDS, rows)


def comention_table(edges: dict[tuple[str, str], int]) -> Table:
    """The network's edges (network.network_graph): pairs of entities and the paragraphs they share."""
    rows = [{"source": a, "target": b, "paragraphs": count} for (a, b), count in sorted(edges.items())]
    return Table("comentions", COMENTION_FIELDS, rows)


# The files.


def _flat(value):
    """A value as a CSV cell or a database column holds it: a list as its items joined by LIST_SEPARATOR."""
    return LIST_SEPARATOR.join(value) if isinstance(value, list) else value


def csv_cell(value, kind: str = "string"):
    """A value as its CSV cell: a list joined, None empty; a text that a spreadsheet would run as a
    formula (it starts with one of FORMULA_STARTS, spaces aside) behind an apostrophe. A number stays a number."""
    if value is None:
        return ""
    value = _flat(value)
    if kind == "string" and isinstance(value, str) and (value[:1] in FORMULA_STARTS or value.lstrip()[:1] in FORMULA_STARTS):
        return "'" + value
    return value


def _csv_column(values: list, kind: str) -> list:
    """`values`, a column of `kind`, as csv_cell makes each cell: a text cell tested by FORMULA (one C call),
    any other value by csv_cell itself."""
    if kind != "string":
        plain = None not in values and not any(map(isinstance, values, repeat(list)))
        return values if plain else [csv_cell(value, kind) for value in values]
    formula = FORMULA.match
    return [("'" + value if formula(value) else value) if value.__class__ is str else csv_cell(value, kind) for value in values]


def to_csv(table: Table) -> bytes:
    """The table as CSV: a header of its field names, then its rows; every text quoted, numbers not.
    Made a column at a time (_csv_column): the same cells as csv_cell's, in a fraction of the time; a table
    of texts and integers only (every table of the dossier) written here as the csv module writes it."""
    columns = [_csv_column([row[f.name] for row in table.rows], f.type) for f in table.fields]
    if not columns or not all(set(map(type, column)) <= {str, int} for column in columns):
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow([f.name for f in table.fields])
        writer.writerows(zip(*columns, strict=True) if columns else [()] * len(table.rows))  # no field: an empty line a row
        return text.getvalue().encode("utf-8")
    # csv.QUOTE_NONNUMERIC: a text between double quotes, each of its own doubled; an integer as it is.
    cells = [['"' + value.replace('"', '""') + '"' if value.__class__ is str else str(value) for value in column] for column in columns]
    header = ",".join('"' + f.name.replace('"', '""') + '"' for f in table.fields)
    return "\n".join([header, *map(",".join, zip(*cells, strict=True)), ""]).encode("utf-8")


def to_json(table: Table) -> bytes:
    """The table as a JSON list of objects, lists kept as lists, one object per line."""
    lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in table.rows)
    return f"[\n{lines}\n]\n".encode() if table.rows else b"[]\n"


# GEXF 1.2 (Gephi's format), as networkx writes it: the same elements, attributes and indentation.
_GEXF = "http://www.gexf.net/1.2draft"
_GEXF_ATTRIBUTES = (("type", "string"), ("mentions", "long"), ("url", "string"))  # of a node, in this order


def network_gexf(dossier: Dossier, graph: tuple[list, dict[tuple[str, str], int]], site_url: str) -> bytes:
    """The network of co-mentions as GEXF (Gephi's format): a node per actor or place mentioned, an edge
    weighted by the paragraphs two of them share. Its meta's date is that of the dossier's newest article
    (none when no article is dated), so that the file changes only with the dossier. Written with the
    standard library's ElementTree in the form networkx gives it (networkx reads it back): importing
    networkx to write it took a quarter of a second of every build."""
    from xml.etree import ElementTree

    rows, edges = graph
    root = ElementTree.Element("gexf", {
        "xmlns": _GEXF, "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:schemaLocation": f"{_GEXF} {_GEXF}/gexf.xsd", "version": "1.2",
    })
    newest = max((article.date.last_day() for article in dossier.articles if article.date), default=None)
    meta = ElementTree.SubElement(root, "meta", {"lastmodifieddate": newest.isoformat()} if newest else {})
    ElementTree.SubElement(meta, "creator").text = "dossier"
    network = ElementTree.SubElement(root, "graph", {"defaultedgetype": "undirected", "mode": "static", "name": ""})
    attributes = ElementTree.SubElement(network, "attributes", {"mode": "static", "class": "node"})
    for number, (title, kind) in enumerate(_GEXF_ATTRIBUTES):
        ElementTree.SubElement(attributes, "attribute", {"id": str(number), "title": title, "type": kind})
    nodes = ElementTree.SubElement(network, "nodes")
    for row in sorted(rows, key=lambda row: row.entity.id):
        view = row.entity
        node = ElementTree.SubElement(nodes, "node", {"id": view.id, "label": view.name})
        values = ElementTree.SubElement(node, "attvalues")
        for number, value in enumerate((view.type, str(view.mention_count), absolute_url(site_url, view.url))):
            ElementTree.SubElement(values, "attvalue", {"for": str(number), "value": value})
    links = ElementTree.SubElement(network, "edges")
    for number, ((first, second), count) in enumerate(sorted(edges.items())):
        ElementTree.SubElement(links, "edge", {"source": first, "target": second, "id": str(number), "weight": str(count)})
    ElementTree.indent(root, space="  ")
    out = io.BytesIO()
    ElementTree.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue() + b"\n"


def database(tables: list[Table]) -> bytes:
    """Every table in one SQLite database, with full-text search on the mentions' sentences and the
    articles' titles and the quotations. Built in a temporary folder, rows in the tables' order, then read back.
    Raises WriteError when SQLite cannot write it there (the temporary folder's disk full, say)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dossier.db"
        try:
            return _database(path, tables)
        except sqlite3.Error as error:
            full = getattr(error, "sqlite_errorcode", None) == 13  # SQLITE_FULL
            raise WriteError(str(path), f"SQLite: {error}", "", errno.ENOSPC if full else errno.EIO) from None


def _db_column(values: list) -> list:
    """A column as the database holds it: each list flattened (_flat), when it has lists."""
    return [_flat(value) for value in values] if any(map(isinstance, values, repeat(list))) else values


def _database(path: Path, tables: list[Table]) -> bytes:
    """The database of `tables` built at `path`, read back. With the standard library's sqlite3 alone: the
    statements and transactions are those sqlite-utils 3.39 ran for the same (`create`, then `enable_fts`),
    and the file the same, byte for byte (tests/golden; and at 1,000 articles), without importing sqlite-utils,
    click and pluggy for three calls (0.11 s of CPU at every build that writes the data files, a fifth of
    their process)."""
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA recursive_triggers=on;")
        # A file built from nothing and read back at once: no journal on disk, no fsync per batch of rows.
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA journal_mode = MEMORY")
        conn.execute("PRAGMA temp_store = MEMORY")
        for table in tables:
            with conn:  # the rows inserted before are committed with it
                conn.execute(_create_table(table))
            # The rows as they are, a column at a time.
            names = [f.name for f in table.fields]
            query = f"INSERT INTO [{table.name}] ({', '.join(f'[{n}]' for n in names)}) VALUES ({', '.join('?' * len(names))})"
            conn.executemany(query, zip(*(_db_column([row.get(n) for row in table.rows]) for n in names), strict=True))
        for name, column in _FULL_TEXT:
            conn.executescript(f"CREATE VIRTUAL TABLE [{name}_fts] USING FTS5 (\n    [{column}],\n    content=[{name}]\n)")
            conn.executescript(f"INSERT INTO [{name}_fts] (rowid, [{column}])\n    SELECT rowid, [{column}] FROM [{name}];")
        conn.commit()
    finally:
        # No VACUUM: the file, built in one go, has no room to give back but 4 kB of 12 MB at 1,000 articles (the full-text
        # indexes' merges), and the same bytes at every build; VACUUM took a fifth of the database's time.
        conn.close()
    return path.read_bytes()


_FULL_TEXT = (("mentions", "sentence"), ("articles", "title"), ("quotes", "quote"))  # full-text search: the table, its column


def _create_table(table: Table) -> str:
    """The table's CREATE TABLE statement, as sqlite-utils writes it: its text is the file's schema."""
    columns = ",\n".join(
        f"   [{f.name}] {'INTEGER' if f.type == 'integer' else 'TEXT'}{' PRIMARY KEY' if f.name == table.key else ''}"
        for f in table.fields
    )
    return f"CREATE TABLE [{table.name}] (\n{columns}\n);\n        "


def datapackage(dossier: Dossier, files: list[DataFile]) -> bytes:
    """The Frictionless Data Package of `files`: each one's path, format, media type and size, and for
    a CSV file the schema of its fields."""
    resources = []
    for file in files:
        resource = {
            "name": file.path.replace(".", "-"), "path": file.path, "format": file.format,
            "mediatype": file.mediatype, "encoding": "utf-8", "bytes": file.size,
            "description": i18n._(file.description),
        }
        if file.format == "csv":
            resource["profile"] = "tabular-data-resource"
            resource["schema"] = {
                "fields": [{"name": f.name, "type": f.type, "description": i18n._(f.description)} for f in file.fields]
            }
        resources.append(resource)
    package = {
        "profile": "data-package", "name": "dossier", "title": dossier.title,
        "description": dossier.description, "resources": resources,
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def data_files(dossier: Dossier, site_url: str) -> list[DataFile]:
    """Every file of the data folder, the data package last (it describes the others)."""
    entities, mentions = entity_table(dossier, site_url), mention_table(dossier)
    events, articles = event_table(dossier, site_url), article_table(dossier, site_url)
    graph = network.network_graph(dossier)
    quotes = quote_table(dossier, site_url)
    tables = [entities, mentions, events, articles, quotes, comention_table(graph[1])]
    files = [
        DataFile("entities.csv", "csv", "text/csv", N_("The actors and places."), to_csv(entities),
                 len(entities.rows), entities.fields),
        DataFile("entities.json", "json", "application/json", N_("The actors and places, as JSON."),
                 to_json(entities), len(entities.rows), entities.fields),
        DataFile("mentions.csv", "csv", "text/csv", N_("Every mention of an actor, a place or an event."),
                 to_csv(mentions), len(mentions.rows), mentions.fields),
        DataFile("events.json", "json", "application/json", N_("The events."), to_json(events),
                 len(events.rows), events.fields),
        DataFile("articles.csv", "csv", "text/csv", N_("The articles."), to_csv(articles),
                 len(articles.rows), articles.fields),
        DataFile("quotes.csv", "csv", "text/csv", N_("Every quotation, with its speaker."), to_csv(quotes),
                 len(quotes.rows), quotes.fields),
        DataFile("network.gexf", "gexf", "application/gexf+xml",
                 N_("Who is cited with whom: the network of co-mentions, for Gephi or networkx."),
                 network_gexf(dossier, graph, site_url), len(graph[0]), NETWORK_FIELDS),
        DataFile("dossier.db", "sqlite", "application/vnd.sqlite3",
                 N_("All of the above in one SQLite database, with full-text search."),
                 database(tables), tables=[table.name for table in tables]),
    ]
    files.append(DataFile("datapackage.json", "json", "application/json",
                          N_("The description of these files (Frictionless Data Package)."),
                          datapackage(dossier, files)))
    return files


def write_files(folder: Path, files: list[DataFile]) -> None:
    """Write `files` into `folder`, each into a temporary file then moved in: a reader never sees half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    for file in files:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{file.path}.")
        with naming(folder / file.path), os.fdopen(handle, "wb") as out:  # a full disk names the file
            out.write(file.data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, folder / file.path)


# Made beside the render: in a process of its own while the build's renders the other pages.


class Downloads:
    """The data files made in a process forked from the build's (where the system can fork one:
    forks.can_fork), started before the other pages are rendered, so that they are made on another core
    meanwhile; in this process, when `listed` is asked, otherwise.

    The process writes them into `folder` when `listed` tells it to, where this process wrote them
    before: after the other pages, while Pagefind indexes them. A disk that fills up is then full at
    the same file, and said the same. `listed` returns what the data page shows of each file. What
    stops the process is raised here as it would be raised in this process (a full disk: the same
    WriteError or OSError, naming the same file); a process that ends without a word (killed) or with
    an error that cannot be sent leaves the work to this process, which does it as if no process had
    been forked. The process dies with the build's (forks.die_with_parent); `close` stops it.
    """

    def __init__(self, dossier: Dossier, site_url: str, folder: Path, apart: bool = True):
        self.dossier, self.site_url, self.folder = dossier, site_url, folder
        self.process = None
        if not apart or not forks.can_fork():
            return
        context = multiprocessing.get_context("fork")  # the child has the linked dossier already
        self.receive, send = context.Pipe(duplex=False)
        told, self.tell = context.Pipe(duplex=False)
        try:
            self.process = context.Process(target=_make_apart, args=(send, told, dossier, site_url, folder), daemon=True)
            self.process.start()
        except OSError:  # no process to be had (too many, no memory): made here
            self.process = None
            self.receive.close()
            self.tell.close()
        finally:
            send.close()
            told.close()

    def listed(self) -> list[Listed]:
        """Write the files (or have them written); what the data page shows of each."""
        if self.process is not None:
            found = self._wait()
            if isinstance(found, BaseException):
                raise found
            if found is not None:
                return found
            _remove_unfinished(self.folder)  # what a killed process left: made again here
        files = data_files(self.dossier, self.site_url)
        write_files(self.folder, files)
        return [file.listed() for file in files]

    def _wait(self) -> list[Listed] | BaseException | None:
        """Tell the process to write the files, and wait for what it says: None when it ends without a word."""
        with contextlib.suppress(OSError):  # it ended already: what it said is read below
            self.tell.send(True)
        try:
            found = self.receive.recv()
        except (EOFError, OSError, pickle.UnpicklingError):  # killed, out of memory
            found = None
        self.process.join()
        self._closed()
        return found

    def close(self) -> None:
        """Stop the process if it still runs (the render stopped before the data page), and wait for it."""
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self._closed()

    def _closed(self) -> None:
        self.receive.close()
        self.tell.close()
        self.process = None


# How much the process of the data files yields the processors to the build's (os.nice): they are wanted only
# by the data page, written last, while the build's process is the render's critical path (on two cores, one
# article added to 1,000: 5 % less time, median of 10 pairs).
DATA_NICENESS = 10


def _make_apart(send, told, dossier: Dossier, site_url: str, folder: Path) -> None:
    """The process of `Downloads`: make the files, write them once `told`, then send what the data page shows
    of them, or the error that stopped it (None when it cannot be sent whole: the build's process then makes
    them). Ends without writing when the build's process stops first."""
    forks.die_with_parent()
    forks.yield_to_build(DATA_NICENESS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the build's process, which stops this one
    # No collection of the build's objects (every one of them, shared with the build's process until touched):
    # this process is short, and what it makes is freed as it goes.
    gc.disable()
    try:
        files = data_files(dossier, site_url)
        try:
            told.recv()
        except (EOFError, OSError):  # the build's process stopped before its data page: nothing to write
            return
        write_files(folder, files)
        found = [file.listed() for file in files]
    except Exception as error:  # noqa: BLE001 — raised in the build's process, as if made there
        found = error if forks.sent_whole(error) else None
    send.send(found)
    send.close()


# A temporary file of write_files: "." + the file's name + "." + mkstemp's eight characters.
UNFINISHED = re.compile(r"\..+\.[a-z0-9_]{8}")


def _remove_unfinished(folder: Path) -> None:
    """Remove the temporary files a killed process left in `folder`."""
    if folder.is_dir():
        for path in folder.iterdir():
            if UNFINISHED.fullmatch(path.name) and path.is_file():
                path.unlink(missing_ok=True)


@contextlib.contextmanager
def started(site: Site) -> Iterator[None]:
    """The data files made and written beside what the block renders (Downloads), for `pages` to collect; the
    process stopped when the block ends before."""
    downloads = site.started["data"] = Downloads(site.dossier, site.site_url, site.output / i18n.address("data"))
    try:
        yield
    finally:
        downloads.close()
        site.started.pop("data", None)


def pages(site: Site) -> Iterator[Page]:
    """The data as downloads, written into the site before their page (it shows their sizes): by the process
    `started` forked, or here."""
    downloads = site.started.get("data") or Downloads(site.dossier, site.site_url, site.output / i18n.address("data"), apart=False)
    yield Page(i18n.address("data"), "data", {
        "data_files": downloads.listed(),
        "page_title": i18n._("The dossier’s data"),
        "page_description": i18n._("The dossier’s actors, places, events, articles and mentions, as files to download."),
    })
