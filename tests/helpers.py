"""Small builders for tests: registries and articles from dicts."""

from __future__ import annotations

from pathlib import Path

import yaml

from dossier.analysis.dates import find_date_expressions, resolve_date
from dossier.core.model import Article, Block, PartialDate
from dossier.curate.annotate import Matcher
from dossier.curate.registry import load_registry
from dossier.render.sources import SourceArticle


def write_entry(folder: Path, entry_id: str, description: str = "Une description.", **fields) -> Path:
    """Write one registry file `folder/<id>.md` with `fields` as front matter."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{entry_id}.md"
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{front}---\n{description}\n", encoding="utf-8")
    return path


def make_registry(tmp_path: Path, entities: dict, events: dict | None = None):
    """A validated Registry from {id: fields} dicts, written to tmp_path/content."""
    content = tmp_path / "content"
    for entry_id, fields in entities.items():
        write_entry(content / "entities", entry_id, **fields)
    for entry_id, fields in (events or {}).items():
        write_entry(content / "events", entry_id, **fields)
    (content / "events").mkdir(parents=True, exist_ok=True)
    return load_registry(content, tmp_path)


SAMPLE_ENTITIES = {
    "kim-jong-un": {"name": "Kim Jong-un", "type": "person", "aliases": ["Kim Jong Un", "Kim"]},
    "vladimir-poutine": {"name": "Vladimir Poutine", "type": "person", "aliases": ["Poutine", "Vladimir Putin", "Putin"]},
    "otan": {"name": "OTAN", "type": "organisation", "aliases": ["Organisation du traité de l'Atlantique nord"]},
    "onu": {"name": "ONU", "type": "organisation", "aliases": ["Nations unies"]},
    "conseil-de-securite-onu": {"name": "Conseil de sécurité de l'ONU", "type": "organisation"},
    "ukraine": {"name": "Ukraine", "type": "country"},
    "russie": {"name": "Russie", "type": "country"},
    "coree-du-nord": {"name": "Corée du Nord", "type": "country", "aliases": ["North Korea"]},
    "pyongyang": {"name": "Pyongyang", "type": "place"},
    "hanoi": {"name": "Hanoï", "type": "place", "aliases": ["Hanoi"]},
    "donald-trump": {"name": "Donald Trump", "type": "person", "aliases": ["Trump"]},
    "cosmodrome-vostochny": {"name": "cosmodrome de Vostochny", "type": "place"},
}
SAMPLE_EVENTS = {
    "sommet-hanoi-2019": {
        "name": "Sommet de Hanoï", "start": "2019-02-27", "end": "2019-02-28", "place": "hanoi",
        "participants": ["donald-trump", "kim-jong-un"], "triggers": ["sommet de Hanoï"],
    },
    "visite-pyongyang-2024": {
        "name": "Visite de Poutine à Pyongyang", "start": "2024-06-18", "end": "2024-06-19", "place": "pyongyang",
        "participants": ["vladimir-poutine", "kim-jong-un"], "triggers": ["partenariat stratégique global"],
    },
}


def sample_matcher(tmp_path: Path) -> Matcher:
    return Matcher(make_registry(tmp_path, SAMPLE_ENTITIES, SAMPLE_EVENTS))


def article(*blocks: tuple[str, str], **fields) -> Article:
    """An Article from (kind, text) pairs."""
    defaults = {"seed": "seeds/test.txt", "seed_sha256": "0" * 64, "title": "Titre", "slug": "titre"}
    defaults.update(fields)
    return Article(blocks=[Block(kind, text, line) for line, (kind, text) in enumerate(blocks, 1)], **defaults)


def source(slug: str, body: str, **meta) -> SourceArticle:
    """An annotated article as the site stage reads it, titled after its slug."""
    return SourceArticle(f"content/articles/{slug}.md", {"title": slug.upper(), "slug": slug, **meta}, body)


def metadata(article: Article) -> dict:
    """The metadata ingest extracted from a seed, as one dict to compare exactly."""
    return {
        "title": article.title,
        "slug": article.slug,
        "date": article.date,
        "authors": article.authors,
        "outlet": article.outlet,
        "url": article.url,
        "genre": article.genre,
        "language": article.language,
    }


def dates_in(text: str, language: str | None, publication: str | None = None, periods=()) -> list[tuple]:
    """(text of the date, first, last, where the year comes from) for every date of `text`, in `language` (None: any)."""
    found = []
    for expression in find_date_expressions(text, language):
        dated = resolve_date(expression, PartialDate.parse(publication) if publication else None, periods)
        if dated:
            found.append((text[dated.start:dated.end], dated.first.iso(), dated.last.iso() if dated.last else None, dated.year_from))
    return found
