"""Link: the annotated articles rendered and cross-linked with the registry into one Dossier (build_dossier),
and the key of what a page shows (page_key). What the build hands the render is a RenderInput (given.py)."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import io
import json
import pickle
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from ..analysis import quotes
from ..core.errors import shown
from ..core.model import Event, PartialDate, Registry
from ..core.placeholders import is_placeholder
from ..core.text import sort_key
from . import families, i18n, markdown_work
from .bodies import BodyCache, Paragraph, mention_contexts, paragraph_mentions, read_body, unlink
from .fragments import original_link
from .markdown_ext import Target
from .sources import SourceArticle, body_language, clean_line, clean_text, field_text, has_invisible, type_name
from .typography import french_typography
from .views import (
    GENRE_LABELS,
    ArticleMentions,
    ArticleView,
    Dossier,
    Drawn,
    EntityView,
    EventView,
    Mention,
    Provenance,
    QuoteView,
    entity_url,
    event_url,
)


def page_key(frame_key: str, url: str, template: str, context: dict, cards: dict | None = None) -> str | None:
    """A fingerprint of everything a page shows: its address, its template and the part of each
    value of its `context` the theme's templates read; the same key, the same bytes, so the page of
    the last render can be kept as it is. None for a context holding a value it cannot read.
    `cards`: what is shown of the articles, actors and events linked from pages, kept from page to
    page of one render (a view shows the same card on every page that lists it)."""
    return page_keys(frame_key, url, template, context, cards)[0]


def page_keys(frame_key: str, url: str, template: str, context: dict, cards: dict | None = None,
              unsearched: frozenset[str] = frozenset(), searched_of=None) -> tuple[str | None, str | None]:
    """`page_key`, and the key of what the search reads of the page: the same without the values of
    `context` named in `unsearched` (those the template shows only where Pagefind does not look); or,
    with `searched_of`, the key of what it says the search reads (searched_of(context): of a page whose
    template marks a few of its parts for Pagefind). (None, None) for a context holding a value it cannot read."""
    cards = {} if cards is None else cards
    try:
        shown = {key: _whole(value, cards) for key, value in sorted(context.items())}
        if searched_of is not None:
            read = _shown(searched_of(context), cards)
            return _fingerprint([frame_key, url, template, shown]), _fingerprint([frame_key, url, template, "searched", read])
        rest = {key: shown.pop(key) for key in sorted(unsearched.intersection(shown))}
        searched = _fingerprint([frame_key, url, template, shown])
        # The page's key: that one when the search reads all it shows, else that one and the rest (each pickled once).
        return (_fingerprint([searched, rest]) if rest else searched), searched
    except (TypeError, AttributeError, KeyError, pickle.PicklingError, RecursionError):  # a value it cannot read, or write down
        return None, None


# An article's page: what its context holds (sections/articles.py). Each value is the article's own (its file's),
# but its related reading (the files of the articles it lists, and the actors and events they share), its
# family of copies (shown whole) and the dossier's social card: `article_inputs` keys the page by those.
ARTICLE_CONTEXT = frozenset({"article", "nav_section", "provenance", "page_title", "page_description", "og_type",
                             "og_locale", "jsonld", "related", "repeat", "social"})
# The libraries the values of a page depend on beyond the files and the tool's code: dates and numbers in words
# (Babel), bodies made HTML (Markdown, nh3, lxml, BeautifulSoup), templates (Jinja, MarkupSafe, Pelican).
INPUT_LIBRARIES = ("babel", "markdown", "nh3", "lxml", "beautifulsoup4", "jinja2", "markupsafe", "pelican")


def inputs_salt(frame_key: str, registry_key: str, social_card: dict) -> str:
    """What every article's page is made of beyond its files: the frame (theme, settings, code, address, the
    curator's pages), the registry's files, the social card, Python and the libraries' versions."""
    import importlib.metadata

    versions = []
    for name in INPUT_LIBRARIES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} -")
    return _fingerprint(["inputs 1", frame_key, registry_key, sys.version, versions, _shown(social_card, {})])


def source_digests(sources) -> dict[str, str]:
    """The digest of each article file the render reads (SourceArticle), by its path: its fields (each value
    with its type: a date is not its text), its body, and whether the curator edited it by hand."""
    def typed(value):
        return f"{type(value).__name__}:{value}"

    digests = {}
    for source in sources:
        try:
            fields = json.dumps(source.metadata, ensure_ascii=False, sort_keys=True, default=typed)
        except (TypeError, ValueError, RecursionError):  # keys that do not sort, a value that holds itself: no digest,
            continue  # and its page (and those listing it) keyed by what they show
        text = f"{source.path}\0{fields}\0{source.edited:d}\0{source.body}"
        digests[source.path] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return digests


def article_inputs(salt: str, url: str, context: dict, digests: dict[str, str], cards: dict) -> str | None:
    """The key of an article's page by its inputs (`salt`: inputs_salt; `digests`: source_digests): the same
    key, the same page, as `page_keys` would say of it. None for a context it does not know all of (a value
    added to the page: its key is then worked out from what it shows)."""
    if context.keys() != ARTICLE_CONTEXT:
        return None
    try:
        related = [[digests[item.article.path], [[type(view).__name__, view.id] for view in item.shared]]
                   for item in context["related"]]
        return _fingerprint([salt, url, digests[context["article"].path], related, _shown(context["repeat"], cards)])
    except (KeyError, AttributeError, TypeError, pickle.PicklingError, RecursionError):
        return None


def event_inputs(salt: str, event: EventView, articles: list[ArticleView], digests: dict[str, str], per_page: int) -> str | None:
    """The key of an event's pages by their inputs (`salt`: inputs_salt, which holds the registry, and with it
    the event's record, its participants and the events near it; `digests`: source_digests): the files of the
    `articles` that mention it (its passages, its comparison, its accounts), each with its family of copies (the
    files of its members, which count as one source and are named after the earliest, and the agency their
    bylines name), and the passages a page shows. None for an article whose file has no digest."""
    try:
        shown = [[digests[article.path],
                  [[digests[member.path] for member in article.family.members], article.family.agency]
                  if article.family is not None else None]
                 for article in articles]
        return _fingerprint(["event inputs 1", salt, event.id, per_page, shown])
    except (KeyError, AttributeError, TypeError):
        return None


def _fingerprint(shown: list) -> str:
    """The SHA-256 of what is shown, serialised by pickle without its memo ("fast" mode): each value is
    written whole wherever it repeats, so that equal values give equal bytes whatever objects hold them,
    and the bytes stand for the values alone (a str is not an int, nor a list a dict). A sixth of
    json.dumps's time on a rebuild's thousand pages; a tree only (`_shown` makes one), as fast mode has no
    guard against a value that holds itself."""
    stream = io.BytesIO()
    pickler = pickle.Pickler(stream, protocol=5)
    pickler.fast = True
    pickler.dump(shown)
    return hashlib.sha256(stream.getbuffer()).hexdigest()


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _whole(value, cards: dict):
    """What a page shows of a value of its context: of a dataclass (an event's comparison, on each of its
    pages), the digest of it all, worked out once per render; of anything else, `_shown` of it as the subject."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type | ArticleView | EntityView | EventView):
        key = ("digest", id(value))
        if key not in cards:
            cards[key] = (value, _digest(_shown(value, cards)))
        return cards[key][1]
    return _shown(value, cards, subject=True)


def _shown(value, cards: dict, subject: bool = False):
    """What a template may show of `value`: of an article, an actor or an event, all of it when it is
    the page's subject (`subject`), else what a link, a card or a list shows of it (kept in `cards`)."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is Drawn:  # a drawing, by what it is drawn from (made only if its page is written)
        return ["drawn", _shown(value.inputs, cards)]
    if kind is ArticleMentions or (kind is tuple and len(value) == 2 and isinstance(value[0], ArticleView) and _mentions(value[1])):
        # An article's mentions of the page's actor (group_by_article): their sentences are cut from the
        # article's body, so its digest stands for them, with the paragraphs they link to.
        article, mentions = value
        return ["mentions", _shown(article, cards), _content(article, cards), [mention.paragraph for mention in mentions]]
    if kind is dict:
        # Most often plain data (a page's JSON-LD): written whole by the json module's C encoder, keys sorted,
        # in a fifth of the time. Not plain data (a view in it, keys that do not sort): each value, below.
        with contextlib.suppress(TypeError, ValueError):
            return ["json", json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=True)]
    if kind is list or kind is tuple:
        return [_shown(item, cards) for item in value]
    if isinstance(value, str | int | float | bool):  # Markup, and the like
        return str(value) if isinstance(value, Markup) else value
    if isinstance(value, list | tuple):
        return [_shown(item, cards) for item in value]
    if isinstance(value, dict):
        return {str(key): _shown(item, cards) for key, item in sorted(value.items(), key=lambda pair: str(pair[0]))}
    if isinstance(value, ArticleView | EntityView | EventView):
        key = ("subject", id(value)) if subject else id(value)
        if key not in cards:  # the view itself is kept too, so that its id is not reused
            # Of a card, the digest too: an actor's page lists eighty articles, each page of a dossier thousands of
            # cards; their fields hashed once per render, not pickled again into the key of each page showing them.
            cards[key] = (value, _digest(_view_shown(value, cards)) if subject else ["card", _digest(_card(value))])
        return cards[key][1]
    if isinstance(value, Mention):
        return [value.url, value.before, value.text, value.after]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # Bar, IndexGroup, Comparison…: their fields
        # Once per render: an event's comparison is on each of its pages, and the views do not change while rendered.
        # And what its class names in SHOWN_TOO: what templates read of it beyond its fields (an account's article's family).
        # A class that says it is DIGESTED (an event's account: in its comparison and on its page) by the digest
        # of its fields, so that each page's key and the comparison's hash a few bytes for it, not all of it again.
        key = ("fields", id(value))
        if key not in cards:
            names = (*_field_names(kind), *getattr(kind, "SHOWN_TOO", ()))
            fields = [kind.__name__, *(_shown(getattr(value, name), cards) for name in names)]
            cards[key] = (value, ["digest", _digest(fields)] if getattr(kind, "DIGESTED", False) else fields)
        return cards[key][1]
    raise TypeError(kind.__name__)


def _mentions(value) -> bool:
    return type(value) is list and bool(value) and all(type(item) is Mention for item in value)


def _content(article: ArticleView, cards: dict) -> str:
    """The SHA-256 of an article's rendered body, once per render: its page and every mention cut from it show it."""
    key = ("content", id(article))
    if key not in cards:
        cards[key] = (article, hashlib.sha256(article.content.encode("utf-8", "surrogatepass")).hexdigest())
    return cards[key][1]


def _digest(shown: list) -> str:
    """A fingerprint of what is shown of a value kept for the whole render, so that each page's key
    hashes it once, not each time a page shows it."""
    return _fingerprint(shown)


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def _card(value) -> list:
    """What a link, a card or a list shows of an article, an actor or an event."""
    if isinstance(value, ArticleView):
        return [value.url, value.slug, value.title, value.genre, value.genre_label, value.outlet, value.agency,
                value.authors, value.date_label, value.date_iso, value.summary, value.language]  # lang="…" of a card
    if isinstance(value, EntityView):
        return [value.id, value.type, value.type_label, value.url, value.name]
    return [value.id, value.url, value.name, value.date_label, value.start_iso, value.end_iso,
            value.place.name if value.place else None]


def _view_shown(value, cards: dict) -> list:
    """All a page shows of its subject: its card and the rest of it."""
    if isinstance(value, ArticleView):
        # Not its family of copies: its page shows it from its own value ("repeat"), which the search does not read.
        return _card(value) + [value.source_url, value.language, _content(value, cards), [_shown(e, cards) for e in value.entities],
                               [_shown(ev, cards) for ev in value.events]]
    if isinstance(value, EntityView):
        return _card(value) + [value.description, _shown(value.aliases, cards), value.wikidata_url, value.mention_count,
                               len(value.articles), [_shown(ev, cards) for ev in value.events],
                               [[_shown(other, cards), shared] for other, shared in value.comentions],
                               [_shown(quote, cards) for quote in value.quotes]]
    return _card(value) + [value.description, value.wikidata_url, _shown(value.place, cards),
                           [_shown(participant, cards) for participant in value.participants], value.mention_count,
                           len(value.articles)]


_BREAKING_SPACES = re.compile(r"[^\S\u00a0\u202f]+")  # white space, but not French typography's no-break spaces


def _summary(first_paragraph: str, length: int = 220) -> str:
    text = _BREAKING_SPACES.sub(" ", clean_text(first_paragraph)).strip()
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;:\u00a0\u202f") + "…"


def _where(source: SourceArticle, key: str | None = None, line: int | None = None) -> str:
    """"content/articles/x.md:4": the file, and the line of a field when it has one."""
    line = line or (source.lines.get(key) if key else None)
    return f"{source.path}:{line}" if line else source.path


class _Fields:
    """Reads an article's front matter: a field of the wrong type is reported as an error and ignored."""

    def __init__(self, source: SourceArticle, warnings: list[str], errors: list[str]):
        self.source, self.meta, self.warnings, self.errors = source, source.metadata, warnings, errors

    def wrong(self, key: str, expected: str, consequence: str = "ignored") -> None:
        value = self.meta.get(key)
        told = shown(value) if isinstance(value, str | int | float) and not isinstance(value, bool) else type_name(value)
        self.errors.append(f"{_where(self.source, key)}: field {key!r}: {told} is not {expected}; {consequence}")

    def line(self, key: str, value: str) -> str:
        """`value` made one line of visible text; says so when invisible characters were removed."""
        if has_invisible(value):
            self.warnings.append(
                f"{_where(self.source, key)}: field {key!r}: control or text-direction characters removed"
            )
        return clean_line(value)

    def text(self, key: str) -> str | None:
        value = self.meta.get(key)
        if value is None or value == "":
            return None
        if field_text(value) is None:
            self.wrong(key, "text")
            return None
        return self.line(key, field_text(value)) or None

    def title(self) -> str | None:
        value = self.meta.get("title")
        if value is not None and field_text(value) is None:
            self.wrong("title", "text", "article left out")
            return None
        title = self.line("title", field_text(value) or "")
        if not title:
            self.errors.append(f"{_where(self.source, 'title')}: field 'title': missing; article left out")
        return title or None

    def date(self) -> PartialDate | None:
        value = self.meta.get("date")
        if value in (None, "", "unknown"):
            return None
        try:
            date = PartialDate.parse(value)
            date.first_day(), date.last_day()  # a year the calendar has: 1 to 9999
        except (ValueError, TypeError, OverflowError) as error:
            reason = str(error) if "is not a date" in str(error) else f"{shown(value)} is not a date ({error})"
            self.errors.append(f"{_where(self.source, 'date')}: field 'date': {reason}; ignored, shown as unknown")
            return None
        return date

    def authors(self) -> list[str]:
        value = self.meta.get("authors")
        if value is None or value == "" or value == []:
            return []
        if field_text(value) is not None:
            value = [value]
        if not isinstance(value, list) or any(field_text(name) is None for name in value):
            self.wrong("authors", "a list of names")
            return []
        return [name for name in (self.line("authors", field_text(item)) for item in value) if name]

    def url(self) -> str | None:
        value = self.text("url")
        if value and urlsplit(value).scheme.lower() not in ("http", "https"):
            self.wrong("url", "a web address (http or https)")
            return None
        return value

    def choice(self, key: str, choices, default: str) -> str:
        value = self.meta.get(key)
        if value is None or value == "":
            return default
        if isinstance(value, str) and value.strip().lower() in choices:
            return value.strip().lower()
        self.wrong(key, f"one of {', '.join(choices)}", f"ignored, {shown(default)} used")
        return default

    def language(self) -> str:
        value = self.meta.get("language")
        if value is None or value == "":
            return "fr"
        if body_language(self.meta) is None:
            self.wrong("language", "a language code such as 'fr' or 'en'", "ignored, 'fr' used")
            return "fr"
        return body_language(self.meta)

    def ids(self, key: str) -> None:
        """`entities` and `events`, which the build writes: lists of ids (the page takes its links from the body)."""
        value = self.meta.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
            self.wrong(key, "a list of ids")


def _view(
    source: SourceArticle, html: str, paragraphs: list[Paragraph], first: str, warnings: list[str], errors: list[str]
) -> ArticleView | None:
    """The view of one article, or None (with an error) when it cannot be shown."""
    fields = _Fields(source, warnings, errors)
    title = fields.title()
    if title is None:
        return None
    language = fields.language()
    view = ArticleView(
        slug=str(source.metadata["slug"]),
        title=french_typography(title) if language == "fr" else title,
        date=fields.date(),
        authors=fields.authors(),
        outlet=fields.text("outlet"),
        agency=fields.text("agency"),
        source_url=fields.url(),
        genre=fields.choice("genre", tuple(GENRE_LABELS), "news"),
        language=language,
        content=html,
        summary=_summary(first),
        path=source.path,
        paragraphs=paragraphs,
        provenance=_provenance(source),
    )
    fields.ids("entities")
    fields.ids("events")
    return view


_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _provenance(source: SourceArticle) -> Provenance | None:
    """Where the article comes from, as its front matter says (a field the curator spoilt is not shown)."""
    seed = source.metadata.get("seed")
    if not isinstance(seed, str) or not seed.strip():
        return None
    sha256 = source.metadata.get("seed_sha256")
    added = source.metadata.get("added")
    try:
        day = PartialDate.parse(str(added)) if added else None
    except (ValueError, TypeError):
        day = None
    day = day if day is not None and day.precision == "day" else None
    return Provenance(
        seed=clean_line(seed.strip().removeprefix("seeds/")),
        sha256=sha256 if isinstance(sha256, str) and _SHA256.match(sha256) else None,
        added=i18n.date_label(day) if day else None,
        added_iso=day.iso() if day else None,
        edited=source.edited,
    )


def _body_line(source: SourceArticle, *needles: str) -> int | None:
    """The file's line of the first body line holding every one of `needles`."""
    for number, line in enumerate(source.body.split("\n")):
        if all(needle in line for needle in needles):
            return source.body_line + number
    return None


def _clean_entry(entry, warnings: list[str]):
    """A registry entry with its name, aliases and description cleaned of invisible characters."""
    texts = [entry.name, entry.description, *getattr(entry, "aliases", ())]
    if not any(has_invisible(text) for text in texts):
        return entry
    warnings.append(
        f"{entry.path or entry.id}: control or text-direction characters removed from its name or description"
    )
    changes = {"name": clean_line(entry.name) or entry.id, "description": clean_line(entry.description)}
    if hasattr(entry, "aliases"):
        changes["aliases"] = tuple(alias for alias in (clean_line(a) for a in entry.aliases) if alias)
    return dataclasses.replace(entry, **changes)


NAMED = 5  # entries a warning names, of those whose description is still the placeholder


def _described(entries: list, warnings: list[str]) -> list:
    """The entries with the placeholder `dossier accept` writes for a description left without one (a page
    shows none rather than the placeholder), and one warning that names them."""
    waiting = sorted((entry for entry in entries if is_placeholder(entry.description)), key=lambda e: e.path or e.id)
    if not waiting:
        return entries
    named = ", ".join(f"{entry.name} ({entry.path or entry.id})" for entry in waiting[:NAMED])
    more = f" and {len(waiting) - NAMED} more" if len(waiting) > NAMED else ""
    kind = ("event", "events") if isinstance(waiting[0], Event) else ("entity", "entities")
    warnings.append(f"{len(waiting)} {kind[len(waiting) > 1]} without a description yet (the placeholder "
                    f"`dossier accept` writes; the site shows none): {named}{more}; write one or two sentences in each file")
    blank = {id(entry) for entry in waiting}
    return [dataclasses.replace(entry, description="") if id(entry) in blank else entry for entry in entries]


def build_dossier(
    registry: Registry,
    sources: list[SourceArticle],
    title: str,
    description: str,
    site_url: str = "",
    cache: Path | None = None,
    link_first_mention: bool = True,
) -> Dossier:
    """Render every article and cross-link articles, entities and events; links start with `site_url`.

    An article that cannot be shown (no title, a link to no entity, a body that cannot be
    rendered) is left out with an error naming its file; a field of the wrong type is ignored
    with an error naming its line. Errors and warnings are in the returned Dossier. `cache`:
    a folder where rendered bodies are kept for the next build. `link_first_mention`: only the first
    mention of an entity or event per section of a body is a link (setting DOSSIER_LINK_FIRST_MENTION).
    """
    warnings: list[str] = []
    errors: list[str] = []
    entities, events = _registry_views(registry, warnings)
    resolve = _resolver(entities, events, site_url)
    bodies = BodyCache(cache, _targets(resolve, {*entities, *events}))

    def job(source: SourceArticle) -> tuple[str, bool, bool]:
        return source.body, link_first_mention, (body_language(source.metadata) or "fr") == "fr"

    kinds = {**{key: view.type for key, view in entities.items()}, **dict.fromkeys(events, "event")}
    bodies.prefill([(*job(source), _language_of(source)) for source in sources], resolve, kinds)
    articles: list[ArticleView] = []
    paragraphs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for source in sources:
        try:
            html, unresolved, removed, paragraphs_read, first = bodies.render(source.body, resolve, *job(source)[1:])
            found = paragraph_mentions(paragraphs_read)
            contexts = bodies.contexts(source.body, *job(source)[1:], paragraphs_read)
        except Exception as error:  # noqa: BLE001 — whatever a hand-edited body does, the other articles are built
            errors.append(
                f"{source.path}: the body cannot be rendered ({type(error).__name__}: {error}); article left out"
            )
            continue
        if unknown := _names_no_target(source, found, entities, events, errors):
            html = unlink(html, unknown)  # shown as plain text; the article is published
            paragraphs_read, first = read_body(html)
            found, contexts = paragraph_mentions(paragraphs_read), mention_contexts(paragraphs_read)
        article = _view(source, html, paragraphs_read, first, warnings, errors)
        if article is None:
            continue
        _body_warnings(source, unresolved, removed, warnings)
        _attach_mentions(article, found, contexts, entities, events, paragraphs)
        blocks = functools.partial(quotes.blocks, paragraphs_read, kinds)  # read only when its quotations are not kept
        _attach_quotes(article, bodies.quotes(*job(source), blocks, article.language), entities, events)
        articles.append(article)

    bodies.prune()
    families.link(articles, cache.parent / "dossier-copies.json" if cache else None, bodies.signatures)
    _link_entities(entities, events, paragraphs)
    _order(articles, entities)
    return Dossier(title, description, articles, list(entities.values()), list(events.values()), warnings, errors,
                   [quote for article in articles for quote in article.quotes])


def _language_of(source: SourceArticle) -> str:
    """The article's language, as its view will say it (`_Fields.language`), without the messages."""
    return body_language(source.metadata) or "fr"


def _resolver(entities: dict[str, EntityView], events: dict[str, EventView], site_url: str):
    """The resolver of a body's links: the address, kind and label of the entity or event a target names, or None."""

    def resolve(target: str) -> Target | None:
        if target in entities:
            entity = entities[target].entity
            return Target(f"{site_url}/{entity_url(entity)}", entity.type, entity.name)
        if target in events:
            return Target(f"{site_url}/{event_url(events[target].event)}", "event", events[target].event.name)
        return None

    return resolve


def _targets(resolve, keys: set[str]) -> str:
    """Every target a link may name, with what it resolves to, one a line: the rendered bodies kept depend on it."""
    return "\n".join(f"{key}\0{t.url}\0{t.kind}\0{t.label}" for key in sorted(keys) if (t := resolve(key)))


def _names_no_target(source: SourceArticle, found, entities: dict, events: dict, errors: list[str]) -> set[str]:
    """The targets of the article's links (an HTML link's data-entity) that name no entity or event: an error
    for each, at its line; the links are then shown as plain text."""
    unknown = sorted({raw.target for raw in found if raw.target not in entities and raw.target not in events})
    for target in unknown:
        where = _where(source, line=_body_line(source, "data-entity", target))
        errors.append(f"{where}: a link's data-entity {shown(target)} names no entity or event; shown as plain text "
                      "(link with [[id|text]], or remove the attribute)")
    return set(unknown)


def _registry_views(registry: Registry, warnings: list[str]) -> tuple[dict[str, EntityView], dict[str, EventView]]:
    """A view of every entity (by name) and event (by date), an event's place and participants linked."""
    known = _described([_clean_entry(entity, warnings) for entity in registry.entities.values()], warnings)
    entities = {e.id: EntityView(e) for e in sorted(known, key=lambda e: (sort_key(e.name), e.id))}
    happened = _described([_clean_entry(event, warnings) for event in registry.events.values()], warnings)
    events = {ev.id: EventView(ev) for ev in sorted(happened, key=lambda ev: (ev.first_day, ev.last_day, ev.id))}
    for view in events.values():
        view.place = entities.get(view.event.place) if view.event.place else None
        view.participants = [entities[p] for p in view.event.participants if p in entities]
    return entities, events


def _body_warnings(source: SourceArticle, unresolved: list[str], removed: list[str], warnings: list[str]) -> None:
    """What rendering an article's body left out: links to no entity, HTML the sanitiser removed, invisible characters."""
    for target in sorted(set(unresolved)):
        where = _where(source, line=_body_line(source, f"[[{target}|") or _body_line(source, f"[[{target}]]"))
        warnings.append(f"{where}: link [[{shown(target)[1:-1]}]] names no entity or event; shown as plain text")
    if removed:
        warnings.append(
            f"{source.path}: removed from the body: {', '.join(removed)} "
            "(an article shows text, links and simple formatting)"
        )
    costly = markdown_work.costly(source.body)
    if costly is not None:
        line = source.body_line + source.body.count("\n", 0, costly)
        warnings.append(
            f"{_where(source, line=line)}: the body is shown as plain text (its links to entities and events kept): its links or HTML tags "
            "that do not close (the costliest starts on this line) would take too long to render; close or remove them"
        )
    if has_invisible(source.body):
        line = next(n for n, text in enumerate(source.body.split("\n"), source.body_line) if has_invisible(text))
        warnings.append(f"{_where(source, line=line)}: control or text-direction characters removed from the body")


def _attach_mentions(article: ArticleView, found, contexts, entities: dict, events: dict, paragraphs) -> None:
    """Each mention of the article in context (its sentence: `contexts`, bodies.mention_contexts), on its
    entity's or event's view; the article's entities by number of mentions, its events; the paragraphs that name each."""
    counts: Counter[str] = Counter()
    for raw, (before, after) in zip(found, contexts, strict=True):
        mention = Mention(article=article, paragraph=raw.paragraph, before=before, text=raw.text, after=after)
        (entities.get(raw.target) or events[raw.target]).mentions.append(mention)
        counts[raw.target] += 1
        paragraphs[(article.slug, raw.paragraph)].add(raw.target)
    article.entities = sorted(
        (entities[t] for t in counts if t in entities), key=lambda e: (-counts[e.id], sort_key(e.name))
    )
    article.events = [events[t] for t in events if t in counts]


def _attach_quotes(article: ArticleView, found: list[quotes.Quote], entities: dict, events: dict) -> None:
    """The article's quotations, on the article and on their speaker's view."""
    for quote in found:
        speaker = entities.get(quote.speaker) if quote.speaker else None
        view = QuoteView(article, quote.paragraph, quote.text, speaker, quote.confidence,
                         [events[e] for e in quote.events], original_link(article, quote.text))
        article.quotes.append(view)
        if speaker:
            speaker.quotes.append(view)


def _order(articles: list[ArticleView], entities: dict[str, EntityView]) -> None:
    """Articles newest first (undated last); each entity's mentions and each speaker's quotations in the
    articles' order (stable: in the article's order within it), so that the newest are on the first page."""
    articles.sort(key=lambda a: (a.date is None, -(a.date.last_day().toordinal() if a.date else 0), sort_key(a.title)))
    order = {id(article): index for index, article in enumerate(articles)}
    for view in entities.values():
        view.mentions.sort(key=lambda mention: order[id(mention.article)])
        view.quotes.sort(key=lambda quote: order[id(quote.article)])


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
        pairs = [(entities[other], count) for other, count in shared[entity_id].items()]
        view.comentions = sorted(pairs, key=lambda pair: (-pair[1], sort_key(pair[0].name)))[:12]
        view.neighbours = sorted(pairs, key=lambda pair: (-pair[1], sort_key(pair[0].name), pair[0].id))
        related = set(near_events[entity_id])
        related.update(
            event_id for event_id, event in events.items()
            if entity_id in event.event.participants or entity_id == event.event.place
        )
        view.events = [events[e] for e in events if e in related]
