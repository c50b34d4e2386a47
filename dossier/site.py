"""Link: read the annotated articles, render their bodies, and cross-link the whole dossier.

The result is a `Dossier` of plain views — one per article, entity and event — with
every mention in context (its sentence, linked to its paragraph), co-mentions,
events per actor and passages per event. Templates only display these views.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import markdown
import nh3
import yaml
from bs4 import BeautifulSoup, Tag

from .markdown_ext import DossierExtension, Target
from .model import TYPE_LABELS, TYPE_LABELS_PLURAL, Entity, Event, PartialDate, Registry, range_label
from .text import sentence_at, slugify, sort_key

UNKNOWN_OUTLET = "Source non identifiée"
GENRE_LABELS = {"news": "Actualité", "opinion": "Tribune"}
SCHEMA_TYPES = {"person": "Person", "organisation": "Organization", "country": "Country", "place": "Place"}
WIKIDATA_URL = "https://www.wikidata.org/wiki/{}"

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "a", "em", "strong",
    "code", "pre", "br", "hr", "span", "sup", "sub", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"*": {"id", "class"}, "a": {"href", "data-entity", "title"}}


def entity_url(entity: Entity) -> str:
    """Relative URL of an entity's page: places under lieux/, the others under acteurs/."""
    return f"{'lieux' if entity.type == 'place' else 'acteurs'}/{entity.id}/"


def event_url(event: Event) -> str:
    return f"evenements/{event.id}/"


@dataclass
class SourceArticle:
    """An annotated article file as the curator may have edited it."""

    path: str
    metadata: dict
    body: str


def read_articles(folder: Path, root: Path) -> tuple[list[SourceArticle], list[str]]:
    """Read every `content/articles/*.md`; return the articles and one warning per unreadable file."""
    articles, warnings, seen = [], [], {}
    for path in sorted(folder.glob("*.md")):
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        try:
            post = frontmatter.loads(path.read_text(encoding="utf-8-sig"))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"{name}:{mark.line + 2}" if mark else name
            warnings.append(f"{where}: invalid front matter, article skipped: {getattr(error, 'problem', error)}")
            continue
        except UnicodeDecodeError:
            warnings.append(f"{name}: not UTF-8 text, article skipped")
            continue
        if not str(post.get("title") or "").strip():
            warnings.append(f"{name}: field 'title': missing, article skipped")
            continue
        metadata = dict(post.metadata)
        slug = str(metadata.get("slug") or path.stem)
        if slug != slugify(slug):
            # The slug becomes a folder of the site: never let it leave its place.
            warnings.append(f"{name}: field 'slug': {slug!r} is not a safe slug; using {slugify(slug) or path.stem!r}")
            slug = slugify(slug) or slugify(path.stem) or "article"
        if slug in seen:
            warnings.append(f"{name}: field 'slug': {slug!r} is already the slug of {seen[slug]}; article skipped")
            continue
        seen[slug] = name
        metadata["slug"] = slug
        articles.append(SourceArticle(name, metadata, post.content))
    return articles, warnings


def render_body(text: str, resolve) -> tuple[str, list[str]]:
    """HTML of an annotated Markdown body, sanitised; and the wiki-link targets it could not resolve."""
    md = markdown.Markdown(extensions=["attr_list", DossierExtension(resolve=resolve)], output_format="html")
    html = md.convert(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )
    return clean, list(md.unresolved_links)


@dataclass
class RawMention:
    """One link to `target` found in a rendered paragraph."""

    target: str
    paragraph: str  # id of the paragraph, "p-3"
    paragraph_text: str
    offset: int
    text: str


def extract_mentions(html: str) -> list[RawMention]:
    """Every mention link of a rendered body, with its paragraph and its place in that paragraph's text."""
    soup = BeautifulSoup(html, "html.parser")
    mentions = []
    for block in soup.find_all(id=re.compile(r"^p-\d+$")):
        offset, found = 0, []
        for node in block.descendants:
            if isinstance(node, Tag):
                if node.name == "a" and node.get("data-entity"):
                    found.append((node["data-entity"], offset, node.get_text()))
            else:
                offset += len(node)
        text = block.get_text()
        mentions.extend(RawMention(t, block["id"], text, o, s) for t, o, s in found)
    return mentions


# Views: what templates see.


@dataclass(eq=False)
class Mention:
    """A mention in context: the sentence split around the mention, and the paragraph it links to."""

    article: ArticleView
    paragraph: str
    before: str
    text: str
    after: str

    @property
    def url(self) -> str:
        return f"{self.article.url}#{self.paragraph}"


@dataclass(eq=False)
class ArticleView:
    slug: str
    title: str
    date: PartialDate | None
    authors: list[str]
    outlet: str | None
    agency: str | None  # the news agency whose story the outlet runs
    source_url: str | None
    genre: str
    language: str
    content: str
    summary: str
    path: str
    entities: list = field(default_factory=list)
    events: list = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"articles/{self.slug}/"

    @property
    def date_label(self) -> str:
        return self.date.label() if self.date else "date inconnue"

    @property
    def date_iso(self) -> str | None:
        return self.date.iso() if self.date else None

    @property
    def genre_label(self) -> str:
        return GENRE_LABELS.get(self.genre, GENRE_LABELS["news"])


@dataclass(eq=False)
class EntityView:
    entity: Entity
    mentions: list[Mention] = field(default_factory=list)
    comentions: list = field(default_factory=list)
    events: list = field(default_factory=list)

    def __getattr__(self, name):
        return getattr(self.entity, name)

    @property
    def url(self) -> str:
        return entity_url(self.entity)

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.entity.type]

    @property
    def wikidata_url(self) -> str | None:
        return WIKIDATA_URL.format(self.entity.wikidata) if self.entity.wikidata else None

    @property
    def mention_count(self) -> int:
        return len(self.mentions)

    @property
    def articles(self) -> list[ArticleView]:
        return list(dict.fromkeys(m.article for m in self.mentions))


@dataclass(eq=False)
class EventView:
    event: Event
    place: EntityView | None = None
    participants: list[EntityView] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def __getattr__(self, name):
        return getattr(self.event, name)

    @property
    def url(self) -> str:
        return event_url(self.event)

    @property
    def date_label(self) -> str:
        return range_label(self.event.start, self.event.end)

    @property
    def start_iso(self) -> str:
        return self.event.start.iso()

    @property
    def end_iso(self) -> str | None:
        return self.event.end.iso() if self.event.end else None

    @property
    def wikidata_url(self) -> str | None:
        return WIKIDATA_URL.format(self.event.wikidata) if self.event.wikidata else None

    @property
    def mention_count(self) -> int:
        return len(self.mentions)

    @property
    def articles(self) -> list[ArticleView]:
        return list(dict.fromkeys(m.article for m in self.mentions))

    @property
    def passages_by_outlet(self) -> list[tuple[str, list[Mention]]]:
        groups: dict[str, list[Mention]] = defaultdict(list)
        for mention in self.mentions:
            groups[mention.article.outlet or UNKNOWN_OUTLET].append(mention)
        return sorted(groups.items(), key=lambda item: (item[0] == UNKNOWN_OUTLET, sort_key(item[0])))


@dataclass
class Dossier:
    title: str
    description: str
    articles: list[ArticleView]
    entities: list[EntityView]
    events: list[EventView]
    warnings: list[str] = field(default_factory=list)

    @property
    def main_actors(self) -> list[EntityView]:
        actors = [e for e in self.entities if e.type != "place" and e.mention_count]
        return sorted(actors, key=lambda e: (-e.mention_count, e.name))[:8]

    @property
    def counts(self) -> dict[str, int]:
        return {"articles": len(self.articles), "entities": len(self.entities), "events": len(self.events)}

    def entity_groups(self, types) -> list[tuple[str, list[EntityView]]]:
        return [
            (TYPE_LABELS_PLURAL[kind], [e for e in self.entities if e.type == kind])
            for kind in types
            if any(e.type == kind for e in self.entities)
        ]


def _summary(html: str, length: int = 220) -> str:
    soup = BeautifulSoup(html, "html.parser")
    first = next((p for p in soup.find_all("p") if "caption" not in (p.get("class") or [])), None)
    text = " ".join((first.get_text() if first else "").split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _article_date(value, name: str, warnings: list[str]) -> PartialDate | None:
    if value in (None, "", "unknown"):
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as error:
        warnings.append(f"{name}: field 'date': {error}; shown as unknown")
        return None


def build_dossier(
    registry: Registry, sources: list[SourceArticle], title: str, description: str, site_url: str = ""
) -> Dossier:
    """Render every article and cross-link articles, entities and events; links start with `site_url`."""
    warnings: list[str] = []
    entities = {e.id: EntityView(e) for e in sorted(registry.entities.values(), key=lambda e: (sort_key(e.name), e.id))}
    events = {ev.id: EventView(ev) for ev in sorted(registry.events.values(), key=lambda ev: (ev.first_day, ev.last_day, ev.id))}
    for view in events.values():
        view.place = entities.get(view.event.place) if view.event.place else None
        view.participants = [entities[p] for p in view.event.participants if p in entities]

    def resolve(target: str) -> Target | None:
        if target in entities:
            entity = entities[target].entity
            return Target(f"{site_url}/{entity_url(entity)}", entity.type, entity.name)
        if target in events:
            return Target(f"{site_url}/{event_url(events[target].event)}", "event", events[target].event.name)
        return None

    articles: list[ArticleView] = []
    paragraphs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for source in sources:
        meta = source.metadata
        html, unresolved = render_body(source.body, resolve)
        for target in sorted(set(unresolved)):
            warnings.append(f"{source.path}: link [[{target}]] names no entity or event; shown as plain text")
        authors = meta.get("authors") or []
        article = ArticleView(
            slug=str(meta["slug"]),
            title=str(meta["title"]).strip(),
            date=_article_date(meta.get("date"), source.path, warnings),
            authors=[str(a) for a in authors] if isinstance(authors, list) else [str(authors)],
            outlet=meta.get("outlet") or None,
            agency=str(meta["agency"]) if meta.get("agency") else None,
            source_url=meta.get("url") or None,
            genre=meta.get("genre") if meta.get("genre") in GENRE_LABELS else "news",
            language=str(meta.get("language") or "fr"),
            content=html,
            summary=_summary(html),
            path=source.path,
        )
        counts: Counter[str] = Counter()
        for raw in extract_mentions(html):
            start, end = sentence_at(raw.paragraph_text, raw.offset)
            mention = Mention(
                article=article,
                paragraph=raw.paragraph,
                before=raw.paragraph_text[start:raw.offset],
                text=raw.text,
                after=raw.paragraph_text[raw.offset + len(raw.text):end],
            )
            (entities.get(raw.target) or events[raw.target]).mentions.append(mention)
            counts[raw.target] += 1
            paragraphs[(article.slug, raw.paragraph)].add(raw.target)
        article.entities = sorted(
            (entities[t] for t in counts if t in entities), key=lambda e: (-counts[e.id], sort_key(e.name))
        )
        article.events = [events[t] for t in events if t in counts]
        articles.append(article)

    _link_entities(entities, events, paragraphs)
    articles.sort(key=lambda a: (a.date is None, -(a.date.last_day().toordinal() if a.date else 0), sort_key(a.title)))
    return Dossier(title, description, articles, list(entities.values()), list(events.values()), warnings)


def _link_entities(entities: dict[str, EntityView], events: dict[str, EventView], paragraphs) -> None:
    """Co-mentions (paragraphs shared) and related events of every entity."""
    shared: dict[str, Counter[str]] = defaultdict(Counter)
    near_events: dict[str, set[str]] = defaultdict(set)
    for targets in paragraphs.values():
        actors = sorted(t for t in targets if t in entities)
        for actor in actors:
            shared[actor].update(other for other in actors if other != actor)
            near_events[actor].update(t for t in targets if t in events)
    for entity_id, view in entities.items():
        view.comentions = sorted(
            ((entities[other], count) for other, count in shared[entity_id].items()),
            key=lambda pair: (-pair[1], sort_key(pair[0].name)),
        )[:12]
        related = set(near_events[entity_id])
        related.update(
            event_id for event_id, event in events.items()
            if entity_id in event.event.participants or entity_id == event.event.place
        )
        view.events = [events[e] for e in events if e in related]


# schema.org JSON-LD, one object per page.


def absolute_url(site_url: str, url: str) -> str:
    """A page's address for the outside world: with the site URL when known, else from the root."""
    return f"{site_url}/{url}" if site_url else f"/{url}"


def entity_jsonld(view: EntityView, site_url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES[view.type],
        "name": view.name,
        "description": view.description,
        "url": absolute_url(site_url, view.url),
    }
    if view.aliases:
        data["alternateName"] = list(view.aliases)
    if view.wikidata_url:
        data["sameAs"] = view.wikidata_url
    return data


def article_jsonld(view: ArticleView, site_url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "OpinionNewsArticle" if view.genre == "opinion" else "NewsArticle",
        "headline": view.title,
        "url": absolute_url(site_url, view.url),
        "inLanguage": view.language,
        "mentions": [
            {"@type": SCHEMA_TYPES[e.type], "name": e.name, "url": absolute_url(site_url, e.url)} for e in view.entities
        ]
        + [{"@type": "Event", "name": e.name, "url": absolute_url(site_url, e.url)} for e in view.events],
    }
    if view.date:
        data["datePublished"] = view.date.iso()
    if view.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in view.authors]
    if view.outlet:
        data["publisher"] = {"@type": "Organization", "name": view.outlet}
    if view.source_url:
        data["isBasedOn"] = view.source_url
    return data


def event_jsonld(view: EventView, site_url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": view.name,
        "description": view.description,
        "startDate": view.start_iso,
        "endDate": view.end_iso or view.start_iso,
        "url": absolute_url(site_url, view.url),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if view.place:
        data["location"] = {"@type": "Place", "name": view.place.name, "url": absolute_url(site_url, view.place.url)}
    if view.participants:
        data["attendee"] = [
            {"@type": SCHEMA_TYPES[p.type] if p.type != "country" else "Country", "name": p.name}
            for p in view.participants
        ]
    if view.articles:
        data["subjectOf"] = [
            {"@type": "NewsArticle", "headline": a.title, "url": absolute_url(site_url, a.url)} for a in view.articles
        ]
    if view.wikidata_url:
        data["sameAs"] = view.wikidata_url
    return data
