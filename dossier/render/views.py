"""What templates see: one view per article, entity and event, the Dossier that holds them, and the cutting of
long pages into pages."""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..core.model import Entity, Event, PartialDate
from ..core.text import sort_key
from . import i18n

# Labels of the pages, as msgids of the theme's catalogs: translated where they are shown (i18n).
UNKNOWN_OUTLET = i18n.N_("Unidentified source")


GENRE_LABELS = {"news": i18n.N_("News"), "opinion": i18n.N_("Opinion")}


TYPE_LABELS = {
    "person": i18n.N_("Person"), "organisation": i18n.N_("Organisation"),
    "country": i18n.N_("Country"), "place": i18n.N_("Place"),
}


TYPE_LABELS_PLURAL = {
    "person": i18n.N_("People"), "organisation": i18n.N_("Organisations"),
    "country": i18n.N_("Countries"), "place": i18n.N_("Places"),
}


SCHEMA_TYPES = {"person": "Person", "organisation": "Organization", "country": "Country", "place": "Place"}


WIKIDATA_URL = "https://www.wikidata.org/wiki/{}"


def entity_url(entity: Entity) -> str:
    """Relative URL of an entity's page: places under the places' address (lieux/), the others under
    the actors' (acteurs/)."""
    return f"{i18n.address('places' if entity.type == 'place' else 'actors')}{entity.id}/"


def event_url(event: Event) -> str:
    return f"{i18n.address('events')}{event.id}/"


def type_label(kind: str) -> str:
    """"Personne", "Lieu"…: the label of an entity type in the site's language."""
    return i18n._(TYPE_LABELS[kind])


def unknown_outlet() -> str:
    """What stands for the outlet of an article that does not name it."""
    return i18n._(UNKNOWN_OUTLET)


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
class QuoteView:
    """A quotation: its article and paragraph, its words, its speaker (an EntityView or None), how sure
    the speaker is ("named": in its sentence; "resolved": from a pronoun or a role), the events around it."""

    article: ArticleView
    paragraph: str
    text: str
    speaker: EntityView | None
    confidence: str
    events: list
    original: str | None = None  # the address of its words in the article's original (fragments), when known
    repeats: str = ""  # the slug of an earlier article of its family of copies that gives it (counted there)
    copies: list = field(default_factory=list)  # the later articles of its family that repeat it

    @property
    def repeated(self) -> bool:
        return bool(self.repeats)

    @property
    def url(self) -> str:
        return f"{self.article.url}#{self.paragraph}"

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n\n")


MENTIONS_PER_PAGE = 250  # an actor's page lists this many mentions at most (setting DOSSIER_MENTIONS_PER_PAGE)


def paginate(groups: list[tuple], per_page: int) -> list[list[tuple]]:
    """Groups of mentions (article, mentions) cut into pages of `per_page` mentions at most, never
    cutting an article's group; always one page at least (which may be empty)."""
    pages: list[list[tuple]] = [[]]
    count = 0
    for group in groups:
        if pages[-1] and count + len(group[1]) > per_page:
            pages.append([])
            count = 0
        pages[-1].append(group)
        count += len(group[1])
    return pages


def paginate_from_oldest(groups: list, per_page: int, key, weight=lambda group: len(group[1])) -> list[list]:
    """Groups of a list whose newest come first, cut into pages counted from its end (`paginate_stable`, from
    the oldest group): a group added at the front changes the first page only, the others stay as they were
    until the first page's share is half a page and ends as a page may (the pages are then numbered again).
    The first page holds what is left over, with the next page's groups when that is under half a page.
    Always one page at least (which may be empty)."""
    pages = paginate_stable(groups[::-1], per_page, key, weight)  # from the oldest
    if len(pages) > 1 and sum(map(weight, pages[-1])) * 2 < per_page:
        pages[-2:] = [pages[-2] + pages[-1]]
    return [page[::-1] for page in reversed(pages)]


DRAWN_FROM = 20  # the fewest a page holds (by weight) for its groups to draw where it ends (paginate_stable)


def paginate_stable(groups: list, per_page: int, key, weight=lambda group: len(group[1])) -> list[list]:
    """`groups` cut into pages of `per_page` (by `weight`) at most, never cutting a group (one over a page has
    a page of its own), where the groups themselves say: a page ends after a group whose `key` (a string that
    never changes) draws an end, once the page holds half of `per_page`. A group added, removed or changed
    changes the page it is on, and seldom more (when the page would then hold more than `per_page`, or
    reach half of it before an end drawn earlier): the others end where they did. Each unit of a group's
    weight draws an end at odds of one in a quarter of `per_page`: a page holds 0.7 of `per_page` on
    average. Measured on lists of 20 pages (tests/test_pagination.py): one group added changes one page
    in 96 of 100 times at 250 a page, 73 at 50 (1.4 pages on average, against 9 for pages of a fixed
    length). Under DRAWN_FROM a page, a page holds too few groups for them to draw its end: pages are cut by
    their length alone. Always one page at least (which may be empty)."""
    odds = per_page // 4
    pages: list[list] = [[]]
    count = 0
    for group in groups:
        size = weight(group)
        if pages[-1] and count + size > per_page:
            pages.append([])
            count = 0
        pages[-1].append(group)
        count += size
        if per_page >= DRAWN_FROM and count * 2 >= per_page and zlib.crc32(key(group).encode()) % odds < size:
            pages.append([])
            count = 0
    if len(pages) > 1 and not pages[-1]:
        pages.pop()
    return pages


@dataclass(frozen=True)
class EntityHeading:
    """What the later pages of an actor's or a place's mentions show of it: what the registry says,
    no count and no neighbours, so that an article added elsewhere leaves those pages as they were."""

    id: str
    type: str
    type_label: str
    url: str
    name: str
    description: str | None
    aliases: tuple
    wikidata: str | None
    wikidata_url: str | None

    @classmethod
    def of(cls, view: EntityView) -> EntityHeading:
        return cls(view.id, view.type, view.type_label, view.url, view.name, view.description, tuple(view.aliases or ()),
                   view.wikidata, view.wikidata_url)


@dataclass(frozen=True)
class EventHeading:
    """What the later pages of an event's accounts show of it: what the registry says, no count, so that an
    article added to another page leaves them as they were."""

    id: str
    url: str
    name: str
    date_label: str
    start_iso: str
    place: EntityView | None
    participants: tuple
    description: str | None
    wikidata: str | None
    wikidata_url: str | None

    @classmethod
    def of(cls, view: EventView) -> EventHeading:
        return cls(view.id, view.url, view.name, view.date_label, view.start_iso, view.place, tuple(view.participants),
                   view.description, view.wikidata, view.wikidata_url)


ENTITIES_PER_PAGE = 250  # entries of the actors' or the places' index on a page (setting DOSSIER_ENTITIES_PER_PAGE)


@dataclass(frozen=True)
class IndexGroup:
    """A heading of an index of actors or places, and its entries on one page."""

    number: int  # the group's rank in the whole index: its anchor is #groupe-NUMBER on every page
    heading: str
    entities: list
    total: int  # entries of the group across all pages
    url: str  # the page the group begins on


def index_pages(url: str, groups: list[tuple[str, list]], per_page: int) -> list[list[IndexGroup]]:
    """An index's groups (heading, entries) cut into pages of `per_page` entries at most; a group cut
    across pages is headed again on each. Always one page at least (which may be empty)."""
    pieces: list[list[tuple[int, str, list, int]]] = [[]]  # per page: (group number, heading, entries, total)
    count = 0
    begins: dict[int, str] = {}
    for number, (heading, entities) in enumerate(groups, start=1):
        start = 0
        while start < len(entities):
            if count == per_page:
                pieces.append([])
                count = 0
            chunk = entities[start : start + per_page - count]
            begins.setdefault(number, page_url(url, len(pieces)))
            pieces[-1].append((number, heading, chunk, len(entities)))
            start += len(chunk)
            count += len(chunk)
    return [[IndexGroup(n, heading, chunk, total, begins[n]) for n, heading, chunk, total in page] for page in pieces]


ARTICLES_PER_PAGE = 200  # entries of the articles' index on a page (setting DOSSIER_ARTICLES_PER_PAGE)


def page_url(url: str, number: int) -> str:
    """The address of page `number` of a paginated page: its own address for the first."""
    return url if number == 1 else f"{url}page/{number}/"


def pages_context(url: str, number: int, count: int) -> dict:
    """What the templates' pagination needs on page `number` of `count` of the page at `url`."""
    return {
        "page_number": number,
        "page_count": count,
        "previous_page": page_url(url, number - 1) if number > 1 else None,
        "next_page": page_url(url, number + 1) if number < count else None,
    }


class Drawn:
    """A drawing (an SVG) made only when a page is written with it (Jinja asks its `__html__`), not when the page
    is only keyed: render.link.page_keys keys it by `inputs`, all that `draw` reads to make it. `shown`: whether
    there is anything to draw (a template tests it; the drawing is then "")."""

    __slots__ = ("draw", "inputs", "shown", "_drawn")

    def __init__(self, draw, inputs: list, shown: bool):
        self.draw, self.inputs, self.shown, self._drawn = draw, inputs, shown, None

    def __html__(self) -> str:
        if self._drawn is None:
            self._drawn = str(self.draw()) if self.shown else ""
        return self._drawn

    __str__ = __html__

    def __bool__(self) -> bool:
        return self.shown

    def __eq__(self, other) -> bool:
        return str(self) == str(other) if isinstance(other, str | Drawn) else NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))


class ArticleMentions(tuple):
    """An article and its mentions of one actor or event, a pair (group_by_article): a page's key knows it by its type."""

    __slots__ = ()


def group_by_type(entities, types) -> tuple[dict[str, list], list]:
    """Entities grouped by their type, in one pass: a list (in their order) for each of `types`, and those of
    any other type."""
    grouped: dict[str, list] = {kind: [] for kind in types}
    others = []
    for entity in entities:
        grouped.get(entity.type, others).append(entity)
    return grouped, others


def group_by_article(mentions: list[Mention]) -> list[ArticleMentions]:
    """Mentions grouped by their article, in the order of each article's first mention (one pass):
    pairs (ArticleView, [Mention])."""
    groups: dict[int, list[Mention]] = {}
    articles: dict[int, ArticleView] = {}
    for mention in mentions:
        key = id(mention.article)
        if key not in groups:
            groups[key], articles[key] = [], mention.article
        groups[key].append(mention)
    return [ArticleMentions((articles[key], group)) for key, group in groups.items()]


@dataclass(frozen=True)
class Provenance:
    """Where an article's file comes from: its seed (a file of seeds/), the seed's SHA-256, the day the
    article was added to the dossier (its label and ISO date; None for an article written before the
    build kept it), and whether the curator edited the file by hand since the build wrote it."""

    seed: str
    sha256: str | None
    added: str | None
    added_iso: str | None
    edited: bool


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
    paragraphs: list = field(default_factory=list)  # the Paragraphs of `content`, read once
    quotes: list = field(default_factory=list)  # its QuoteViews, in order
    provenance: Provenance | None = None  # None for an article written by hand, with no seed
    family: object = None  # families.Family: the articles repeating one story, when it is one of them
    repeat: object = None  # families.Repeat: what its page says of its family

    @property
    def url(self) -> str:
        return f"articles/{self.slug}/"

    @property
    def source_key(self) -> str:
        """One key per independent account: its family's, else its own (its slug)."""
        return self.family.key if self.family is not None else self.slug

    @property
    def date_label(self) -> str:
        return i18n.date_label(self.date) if self.date else i18n._("unknown date")

    @property
    def date_iso(self) -> str | None:
        return self.date.iso() if self.date else None

    @property
    def genre_label(self) -> str:
        return i18n._(GENRE_LABELS.get(self.genre, GENRE_LABELS["news"]))


@dataclass(eq=False)
class EntityView:
    entity: Entity
    mentions: list[Mention] = field(default_factory=list)
    comentions: list = field(default_factory=list)  # the 12 most co-mentioned (EntityView, paragraphs shared)
    neighbours: list = field(default_factory=list)  # every co-mentioned (EntityView, paragraphs shared)
    events: list = field(default_factory=list)
    quotes: list = field(default_factory=list)  # the QuoteViews it is the speaker of

    def __getattr__(self, name):
        return getattr(self.entity, name)

    @property
    def url(self) -> str:
        return entity_url(self.entity)

    @property
    def type_label(self) -> str:
        return type_label(self.entity.type)

    @property
    def wikidata_url(self) -> str | None:
        return WIKIDATA_URL.format(self.entity.wikidata) if self.entity.wikidata else None

    @property
    def mention_count(self) -> int:
        return len(self.mentions)

    @property
    def articles(self) -> list[ArticleView]:
        return _articles_of(self)


def articles_settled(dossier) -> None:
    """Work out the articles of every actor and event (`_articles_of`), so that the processes forked from
    this one have them too."""
    for view in (*dossier.entities, *dossier.events):
        _articles_of(view)


def _articles_of(view) -> list[ArticleView]:
    """The articles of a view's mentions, in their order: worked out once for its list of mentions as it stands
    (again when the list is another or has another length), a copy each time. Read by each page, table and
    count that shows an actor's or an event's articles: thousands of mentions walked each time otherwise."""
    mentions = view.mentions
    kept = view.__dict__.get("_articles")
    if kept is None or kept[0] is not mentions or kept[1] != len(mentions):
        kept = view.__dict__["_articles"] = (mentions, len(mentions), list(dict.fromkeys(m.article for m in mentions)))
    return list(kept[2])


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
        return i18n.range_label(self.event.start, self.event.end)

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
        return _articles_of(self)

    @property
    def passages_by_outlet(self) -> list[tuple[str, list[Mention]]]:
        groups: dict[str, list[Mention]] = defaultdict(list)
        unknown = unknown_outlet()
        for mention in self.mentions:
            groups[mention.article.outlet or unknown].append(mention)
        return sorted(groups.items(), key=lambda item: (item[0] == unknown, sort_key(item[0])))


@dataclass
class Dossier:
    title: str
    description: str
    articles: list[ArticleView]
    entities: list[EntityView]
    events: list[EventView]
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # each names a file: left out, or a field of it ignored
    quotes: list = field(default_factory=list)  # every QuoteView, article by article

    @property
    def speakers(self) -> list[tuple[EntityView | None, list]]:
        """The quotations by speaker, the most quoted first; the unattributed ones last, under None. A quotation
        a copy repeats is counted and shown once, with its first article."""
        said: dict[int, list] = {}
        for quote in self.independent_quotes:
            if quote.speaker:
                said.setdefault(id(quote.speaker), []).append(quote)
        speakers = sorted((quotes[0].speaker for quotes in said.values()),
                          key=lambda e: (-len(said[id(e)]), sort_key(e.name), e.id))
        unattributed = [q for q in self.independent_quotes if q.speaker is None]
        return [(e, said[id(e)]) for e in speakers] + ([(None, unattributed)] if unattributed else [])

    @property
    def independent_quotes(self) -> list:
        """The quotations, those a copy repeats left out."""
        return [quote for quote in self.quotes if not quote.repeated]

    @property
    def quotes_by_event(self) -> list[tuple]:
        """The events quotations are about, in the order of events, each with who is quoted about it:
        (event, [(speaker or None, number of quotations)]), the most quoted first, the unattributed last."""
        table = []
        for event in self.events:
            counts = Counter(q.speaker for q in self.independent_quotes if event in q.events)
            if counts:
                order = sorted(counts, key=lambda s: (s is None, -counts[s], sort_key(s.name) if s else ""))
                table.append((event, [(speaker, counts[speaker]) for speaker in order]))
        return table

    @property
    def main_actors(self) -> list[EntityView]:
        actors = [e for e in self.entities if e.type != "place" and e.mention_count]
        return sorted(actors, key=lambda e: (-e.mention_count, e.name))[:8]

    @property
    def counts(self) -> dict[str, int]:
        return {"articles": len(self.articles), "entities": len(self.entities), "events": len(self.events)}

    def entity_groups(self, types) -> list[tuple[str, list[EntityView]]]:
        return [
            (i18n._(TYPE_LABELS_PLURAL[kind]), [e for e in self.entities if e.type == kind])
            for kind in types
            if any(e.type == kind for e in self.entities)
        ]
