"""Link: read the annotated articles, render their bodies, and cross-link the whole dossier.

The result is a `Dossier` of plain views — one per article, entity and event — with
every mention in context (its sentence, linked to its paragraph), co-mentions,
events per actor and passages per event. Templates only display these views.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import json
import multiprocessing
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3
import yaml
from bs4 import BeautifulSoup, Tag
from markupsafe import Markup

from ..analysis import quotes
from ..core import forks
from ..core.files import write_atomic
from ..core.model import Entity, Event, PartialDate, Registry
from ..core.progress import Progress
from ..core.text import UNSAFE, sentence_at, slugify, sort_key
from . import i18n, markdown_ext, typography
from .markdown_ext import DossierExtension, Target
from .typography import french_typography

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

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "a", "em", "strong",
    "code", "pre", "br", "hr", "span", "sup", "sub", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"*": {"id", "class"}, "a": {"href", "data-entity", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

# Never shown, never written to a feed (see text.UNSAFE).
_INVISIBLE = UNSAFE
LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")


def clean_text(value: str) -> str:
    """`value` without control and bidirectional-formatting characters (line ends and tabs kept)."""
    return _INVISIBLE.sub("", value)


def clean_line(value: str) -> str:
    """One line of text to show: cleaned, its runs of white space made single spaces."""
    return " ".join(clean_text(value).split())


def has_invisible(value: str) -> bool:
    return bool(_INVISIBLE.search(value))


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


@dataclass
class SourceArticle:
    """An annotated article file as the curator may have edited it."""

    path: str
    metadata: dict
    body: str
    lines: dict[str, int] = field(default_factory=dict)  # front matter key -> its line in the file
    body_line: int = 1  # line of the file where the body starts


class FrontMatterError(ValueError):
    """Front matter that cannot be read at all; `line` is the file's line, when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


# python-frontmatter's delimiter, so that the render reads a file as the pipeline does.
_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)


def parse_front_matter(text: str) -> tuple[dict, dict[str, int], list[tuple[int, str, str]], str, int]:
    """Read a Markdown file with YAML front matter, one field at a time.

    Returns the fields, the line of each, the fields that could not be read as
    (line, key, reason) — "date: 2024-02-31" is YAML's timestamp of no day — the body
    (stripped, as python-frontmatter gives it) and the line the body starts on.
    Raises FrontMatterError when the front matter as a whole cannot be read.
    """
    start = _BOUNDARY.match(text)
    if not start:
        return {}, {}, [], text.strip(), 1 + text.count("\n", 0, len(text) - len(text.lstrip()))
    end = _BOUNDARY.search(text, start.end())
    if not end:
        raise FrontMatterError("the opening '---' has no closing '---' line", 1)
    offset = text.count("\n", 0, start.end())  # lines before the front matter's text
    source = text[start.end():end.start()]
    if _FAST_LOADER is not yaml.SafeLoader:
        # libyaml's parser is much faster; on a front matter it cannot read, the pure-Python one
        # reads it again, so that the curator gets the same message either way.
        with contextlib.suppress(FrontMatterError):
            return _front_matter(text, source, offset, end, _FAST_LOADER)
    return _front_matter(text, source, offset, end, yaml.SafeLoader)


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _front_matter(text: str, source: str, offset: int, end: re.Match, loader_class) -> tuple:
    loader = loader_class(source)
    metadata: dict = {}
    lines: dict[str, int] = {}
    bad: list[tuple[int, str, str]] = []
    try:
        node = loader.get_single_node()
        if node is not None and not isinstance(node, yaml.MappingNode):
            found = "a list" if isinstance(node, yaml.SequenceNode) else "text"
            raise FrontMatterError(f"expected 'key: value' lines, found {found}", offset + node.start_mark.line + 1)
        if node is not None:
            loader.flatten_mapping(node)  # "<<: *anchor" merges
            for key_node, value_node in node.value:
                line = offset + key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    raise FrontMatterError("a key must be a word, not a list or a mapping", line)
                key = key_node.value
                try:
                    metadata[key] = loader.construct_object(value_node, deep=True)
                except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
                    metadata.pop(key, None)
                    bad.append((line, key, _yaml_reason(error)))
                lines[key] = line
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise FrontMatterError(_yaml_reason(error), offset + mark.line + 1 if mark else None) from None
    except RecursionError:
        raise FrontMatterError("nested too deeply", offset + 1) from None
    finally:
        loader.dispose()
    rest = text[end.end():]
    body = rest.strip()
    body_line = 1 + text.count("\n", 0, end.end() + len(rest) - len(rest.lstrip()))
    return metadata, lines, bad, body, body_line


def _yaml_reason(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    if isinstance(error, yaml.YAMLError):
        return str(getattr(error, "problem", None) or error)
    return f"{error}" if str(error) else type(error).__name__


def _kind(value) -> str:
    """How a curator would name the type of a YAML value."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dt.date):
        return "a date"
    return {list: "a list", dict: "a mapping", int: "a number", float: "a number", str: "text"}.get(
        type(value), "nothing" if value is None else type(value).__name__
    )


@dataclass
class Sources:
    """The article files that can be rendered, and what is wrong with the others."""

    articles: list[SourceArticle] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class SourceRead:
    """One article file as read: its text, the article (None when it cannot be rendered), what is wrong with it."""

    path: Path
    text: str = ""
    article: SourceArticle | None = None
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_source(path: Path, root: Path) -> SourceRead:
    """Read one `content/articles/*.md`; a file that cannot be read is an error, and left out."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    read = SourceRead(path)
    try:
        data = path.read_bytes()
        read.text = text = data.decode("utf-8-sig")
    except OSError as error:
        read.errors.append(f"{name}: cannot be read ({error.strerror or error}); article left out")
        return read
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        read.errors.append(
            f"{name}:{line}: not UTF-8 text (byte 0x{data[error.start]:02x}); article left out "
            "(save the file as UTF-8)"
        )
        return read
    try:
        metadata, lines, bad, body, body_line = parse_front_matter(text)
    except FrontMatterError as error:
        where = f"{name}:{error.line}" if error.line else name
        read.errors.append(f"{where}: invalid front matter: {error}; article left out")
        return read
    for line, key, reason in bad:
        read.errors.append(f"{name}:{line}: field {key!r}: {reason}; ignored")
    slug = metadata.get("slug")
    if slug is not None and not isinstance(slug, str | int):
        read.errors.append(f"{name}:{lines['slug']}: field 'slug': must be text, not {_kind(slug)}; ignored")
        slug = None
    slug = str(slug or path.stem)
    if slug != slugify(slug):
        # The slug becomes a folder of the site: never let it leave its place.
        where = f"{name}:{lines['slug']}" if "slug" in lines else name
        read.warnings.append(f"{where}: field 'slug': {slug!r} is not a safe slug; using {slugify(slug) or path.stem!r}")
        slug = slugify(slug) or slugify(path.stem) or "article"
    metadata["slug"] = slug
    read.article = SourceArticle(name, metadata, body, lines, body_line)
    return read


def collect_sources(reads) -> Sources:
    """The articles of `reads` (in their order) that can be rendered: two may not share a slug."""
    found, seen = Sources(), {}
    for read in reads:
        found.warnings += read.warnings
        found.errors += read.errors
        article = read.article
        if article is None:
            continue
        slug = article.metadata["slug"]
        if slug in seen:
            found.errors.append(f"{article.path}: field 'slug': {slug!r} is already the slug of {seen[slug]}; article left out")
            continue
        seen[slug] = article.path
        found.articles.append(article)
    return found


def read_sources(folder: Path, root: Path) -> Sources:
    """Read every `content/articles/*.md`; a file that cannot be read is an error, and left out."""
    return collect_sources(read_source(path, root) for path in sorted(folder.glob("*.md")))


@dataclass
class RenderInput:
    """What the build already read, handed to the render stage so that nothing is read twice (the
    registry and its problems, the article files); and what the render found wrong, returned here."""

    registry: object  # Registry
    sources: Sources
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Pages of the last render that may be kept: its output folder (as that render left it), the
    # key of each page of an article, an actor or a place then (page_key), and the key of what every
    # page is made with (theme, code, settings, address). The render fills `page_keys` with its own.
    previous: Path | None = None
    previous_keys: dict[str, str] = field(default_factory=dict)
    frame_key: str = ""
    page_keys: dict[str, str] = field(default_factory=dict)
    # Told each stage of the render (linking, pages, search index); the pages it rendered and kept.
    progress: Progress = field(default_factory=Progress)
    dossier: Dossier | None = None  # the articles, entities and events linked (pipeline.link)
    pages_written: int = 0
    pages_kept: int = 0


def page_key(frame_key: str, url: str, template: str, context: dict) -> str | None:
    """A fingerprint of everything a page shows: its address, its template and the part of each
    value of its `context` the theme's templates read; the same key, the same bytes, so the page of
    the last render can be kept as it is. None for a context holding a value it cannot read."""
    try:
        shown = [frame_key, url, template, {key: _shown(value, subject=True) for key, value in sorted(context.items())}]
    except TypeError:
        return None
    return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()


def _shown(value, subject: bool = False):
    """What a template may show of `value`: of an article, an actor or an event, all of it when it is
    the page's subject (`subject`), else what a link, a card or a list shows of it."""
    if value is None or isinstance(value, str | int | float | bool):
        return str(value) if isinstance(value, Markup) else value
    if isinstance(value, list | tuple):
        return [_shown(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _shown(item) for key, item in sorted(value.items(), key=lambda pair: str(pair[0]))}
    if isinstance(value, ArticleView):
        card = [value.url, value.slug, value.title, value.genre, value.genre_label, value.outlet, value.agency,
                value.authors, value.date_label, value.date_iso, value.summary]
        if subject:
            card += [value.source_url, value.language, value.content, [_shown(e) for e in value.entities],
                     [_shown(ev) for ev in value.events]]
        return card
    if isinstance(value, EntityView):
        link = [value.id, value.type, value.type_label, value.url, value.name]
        if subject:
            link += [value.description, _shown(value.aliases), value.wikidata_url, value.mention_count,
                     len(value.articles), [_shown(ev) for ev in value.events],
                     [[_shown(other), shared] for other, shared in value.comentions],
                     [_shown(quote) for quote in value.quotes]]
        return link
    if isinstance(value, EventView):
        return [value.id, value.url, value.name, value.date_label, value.start_iso, value.end_iso,
                value.place.name if value.place else None]
    if isinstance(value, Mention):
        return [value.url, value.before, value.text, value.after]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # Bar, IndexGroup…: their fields
        return [type(value).__name__, *(_shown(getattr(value, f.name)) for f in dataclasses.fields(value))]
    raise TypeError(type(value).__name__)


def read_articles(folder: Path, root: Path) -> tuple[list[SourceArticle], list[str]]:
    """Read every `content/articles/*.md`; return the articles and one message per problem (errors included)."""
    found = read_sources(folder, root)
    return found.articles, found.warnings + found.errors


def render_body(text: str, resolve, first_mention: bool = True, french: bool = False) -> tuple[str, list[str]]:
    """HTML of an annotated Markdown body, sanitised; and the wiki-link targets it could not resolve.

    `first_mention`: only the first mention of an entity or event per section is a link (see
    `link_first_mentions`); `french`: French typography's no-break spaces (see `french_spaces`)."""
    html, unresolved, _ = _render(text, resolve, first_mention, french)
    return html, unresolved


def _render(text: str, resolve, first_mention: bool = True, french: bool = False) -> tuple[str, list[str], list[str]]:
    """render_body, and what the sanitiser removed (see `sanitise`)."""
    md = markdown.Markdown(extensions=["attr_list", DossierExtension(resolve=resolve)], output_format="html")
    html, removed = sanitise(md.convert(text))
    if first_mention:
        html = link_first_mentions(html)
    if french:
        html = french_spaces(html)
    return html, list(md.unresolved_links), removed


# A tag of sanitised HTML (its attribute values are quoted), and its parts.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_DATA_ENTITY = re.compile(r"""\sdata-entity=(?:"([^"]*)"|'([^']*)')""")
_CLASS = re.compile(r"""\sclass=(?:"([^"]*)"|'([^']*)')""")
_SECTION_HEADINGS = {"h2", "h3"}


def link_first_mentions(html: str) -> str:
    """`html` where only the first mention of each entity or event per section (the text between two
    h2/h3 headings; the whole body when it has none) is a link: the later ones become
    `<span class="mention" data-entity="id">`, plain text that read_body still counts as a mention."""
    out: list[str] = []
    seen: set[str] = set()
    position, unlinked = 0, False
    for match in _TAG.finditer(html):
        out.append(html[position:match.start()])
        position = match.end()
        tag, closing, name = match.group(0), match.group(1), match.group(2).lower()
        if name in _SECTION_HEADINGS and not closing:
            seen = set()
        elif name == "a" and closing:
            if unlinked:
                tag, unlinked = "</span>", False
        elif name == "a":
            target, kind = _DATA_ENTITY.search(tag), _CLASS.search(tag)
            if target and kind and "mention" in (kind.group(1) or kind.group(2) or "").split():
                entity = target.group(1) if target.group(1) is not None else target.group(2)
                if entity in seen:
                    tag, unlinked = f'<span class="mention" data-entity="{entity}">', True
                seen.add(entity)
        out.append(tag)
    out.append(html[position:])
    return "".join(out)


_VERBATIM = {"code", "pre", "kbd", "samp", "script", "style"}


def french_spaces(html: str) -> str:
    """`html` with French typography's no-break spaces in its text (not in tags, their attributes, code)."""
    out: list[str] = []
    position, verbatim = 0, 0
    for match in [*_TAG.finditer(html), None]:
        end = match.start() if match else len(html)
        text = html[position:end]
        if text and not verbatim:
            text = french_typography(text)
        out.append(text)
        if match is None:
            break
        position = match.end()
        out.append(match.group(0))
        if match.group(2).lower() in _VERBATIM:
            verbatim = max(0, verbatim + (-1 if match.group(1) else 1))
    return "".join(out)


def sanitise(html: str) -> tuple[str, list[str]]:
    """`html` with only the allowed tags, attributes and link schemes, and no invisible characters.

    Also returns what was removed that a writer may have meant: elements, event-handler
    attributes and links of other schemes ("<script>", "attribute onerror", "a javascript: link").
    """
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None)
    removed: dict[str, None] = {}
    if clean != html:
        for tag in BeautifulSoup(html, "html.parser").find_all(True):
            if tag.name not in ALLOWED_TAGS:
                removed[f"<{tag.name}>"] = None
            for attribute, value in tag.attrs.items():
                if attribute.lower().startswith("on"):
                    removed[f"attribute {attribute.lower()}"] = None
                elif attribute in ("href", "src", "action", "formaction", "xlink:href"):
                    scheme = urlsplit(re.sub(r"[\x00-\x20]+", "", str(value))).scheme.lower()
                    if scheme and scheme not in URL_SCHEMES:
                        removed[f"a {scheme}: link"] = None
    return clean_text(clean), list(removed)


@dataclass
class RawMention:
    """One link to `target` found in a rendered paragraph."""

    target: str
    paragraph: str  # id of the paragraph, "p-3"
    paragraph_text: str
    offset: int
    text: str


@dataclass
class Paragraph:
    """A numbered block of a rendered body: its id ("p-3"), its text, its links (target, offset, text)
    and its tag ("p", "li", "h2", "blockquote"…)."""

    id: str
    text: str
    links: list[tuple[str, int, str]]
    tag: str = "p"


def read_body(html: str) -> tuple[list[Paragraph], str]:
    """The numbered blocks of a rendered body and the text of its first paragraph: one parse for all
    that the pages need of it (mentions, dated statements, the summary)."""
    soup = BeautifulSoup(html, "html.parser")
    paragraphs = []
    for block in soup.find_all(id=_PARAGRAPH_ID):
        offset, links = 0, []
        for node in block.descendants:
            if isinstance(node, Tag):
                if node.name in ("a", "span") and node.get("data-entity"):  # a span: a mention not linked
                    links.append((node["data-entity"], offset, node.get_text()))
            else:
                offset += len(node)
        paragraphs.append(Paragraph(block["id"], block.get_text(), links, block.name))
    first = next((p for p in soup.find_all("p") if "caption" not in (p.get("class") or [])), None)
    return paragraphs, (first.get_text() if first else "")


_PARAGRAPH_ID = re.compile(r"^p-\d+$")


def extract_mentions(html: str) -> list[RawMention]:
    """Every mention of a rendered body (a link, or a later mention left unlinked), with its paragraph
    and its place in that paragraph's text."""
    return _mentions(read_body(html)[0])


def _mentions(paragraphs: list[Paragraph]) -> list[RawMention]:
    return [RawMention(t, p.id, p.text, o, s) for p in paragraphs for t, o, s in p.links]


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
class QuoteView:
    """A quotation: its article and paragraph, its words, its speaker (an EntityView or None), how sure
    the speaker is ("named": in its sentence; "resolved": from a pronoun or a role), the events around it."""

    article: ArticleView
    paragraph: str
    text: str
    speaker: EntityView | None
    confidence: str
    events: list

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


def group_by_article(mentions: list[Mention]) -> list[tuple[ArticleView, list[Mention]]]:
    """Mentions grouped by their article, in the order of each article's first mention (one pass)."""
    groups: dict[int, tuple[ArticleView, list[Mention]]] = {}
    for mention in mentions:
        groups.setdefault(id(mention.article), (mention.article, []))[1].append(mention)
    return list(groups.values())


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

    @property
    def url(self) -> str:
        return f"articles/{self.slug}/"

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
        return list(dict.fromkeys(m.article for m in self.mentions))

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
        """The quotations by speaker, the most quoted first; the unattributed ones last, under None."""
        speakers = sorted({id(q.speaker): q.speaker for q in self.quotes if q.speaker}.values(),
                          key=lambda e: (-len(e.quotes), sort_key(e.name), e.id))
        unattributed = [q for q in self.quotes if q.speaker is None]
        return [(e, e.quotes) for e in speakers] + ([(None, unattributed)] if unattributed else [])

    @property
    def quotes_by_event(self) -> list[tuple]:
        """The events quotations are about, in the order of events, each with who is quoted about it:
        (event, [(speaker or None, number of quotations)]), the most quoted first, the unattributed last."""
        table = []
        for event in self.events:
            counts = Counter(q.speaker for q in self.quotes if event in q.events)
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


def _text(value) -> str | None:
    """A front matter value as text, if it is one: text, a number or a date; None for lists, mappings, true/false."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | dt.date):
        return None
    return str(value)


def body_language(metadata: dict) -> str | None:
    """The language of an article (its field `language`, "fr" when there is none); None when it is not a language code."""
    value = metadata.get("language")
    if value is None or value == "":
        return "fr"
    match = LANGUAGE_TAG.match(value.strip()) if isinstance(value, str) else None
    return match.group(1).lower() if match else None


class _Fields:
    """Reads an article's front matter: a field of the wrong type is reported as an error and ignored."""

    def __init__(self, source: SourceArticle, warnings: list[str], errors: list[str]):
        self.source, self.meta, self.warnings, self.errors = source, source.metadata, warnings, errors

    def wrong(self, key: str, expected: str, consequence: str = "ignored") -> None:
        value = self.meta.get(key)
        shown = repr(value) if isinstance(value, str | int | float) and not isinstance(value, bool) else _kind(value)
        self.errors.append(f"{_where(self.source, key)}: field {key!r}: {shown} is not {expected}; {consequence}")

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
        if _text(value) is None:
            self.wrong(key, "text")
            return None
        return self.line(key, _text(value)) or None

    def title(self) -> str | None:
        value = self.meta.get("title")
        if value is not None and _text(value) is None:
            self.wrong("title", "text", "article left out")
            return None
        title = self.line("title", _text(value) or "")
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
            reason = str(error) if "is not a date" in str(error) else f"{value!r} is not a date ({error})"
            self.errors.append(f"{_where(self.source, 'date')}: field 'date': {reason}; ignored, shown as unknown")
            return None
        return date

    def authors(self) -> list[str]:
        value = self.meta.get("authors")
        if value is None or value == "" or value == []:
            return []
        if _text(value) is not None:
            value = [value]
        if not isinstance(value, list) or any(_text(name) is None for name in value):
            self.wrong("authors", "a list of names")
            return []
        return [name for name in (self.line("authors", _text(item)) for item in value) if name]

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
        self.wrong(key, f"one of {', '.join(choices)}", f"ignored, {default!r} used")
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
    )
    fields.ids("entities")
    fields.ids("events")
    return view


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


# Bodies to render from which several processes are worth starting, and how many at most.
PARALLEL_BODIES = 40
RENDER_PROCESSES = 2
_RESOLVE = None  # in a process BodyCache.prefill forks (only there): the link resolver it was handed


def _resolve_with(resolve) -> None:
    """A forked process's start: keep the link resolver (a closure: it cannot be sent with each body)."""
    global _RESOLVE
    _RESOLVE = resolve


def _render_apart(job: tuple[str, bool, bool]):
    """A body rendered in a forked process: BodyCache.render's result, or None when rendering fails
    (the article's turn then renders it again, in the build's process, to say why)."""
    try:
        body, first_mention, french = job
        return _render_and_read(body, _RESOLVE, first_mention, french)
    except Exception:  # noqa: BLE001 — reported where the body is rendered again
        return None


def _render_and_read(
    body: str, resolve, first_mention: bool = True, french: bool = False
) -> tuple[str, list[str], list[str], list[Paragraph], str]:
    """A body's html, unresolved links, what the sanitiser removed, its paragraphs and its first paragraph's text."""
    html, unresolved, removed = _render(body, resolve, first_mention, french)
    return (html, unresolved, removed, *read_body(html))


class BodyCache:
    """Rendered bodies kept between builds (one JSON file each), keyed by everything a body's
    rendering depends on: its Markdown, the targets its links may name, the code that renders.
    A rebuild after one article was added renders one body; the others are read back."""

    def __init__(self, folder: Path | None, targets: str):
        self.folder = folder
        code = b"".join(Path(module).read_bytes() for module in (__file__, markdown_ext.__file__, typography.__file__))
        versions = "".join(importlib.metadata.version(name) for name in ("markdown", "nh3"))
        self.salt = hashlib.sha256(code + targets.encode() + versions.encode()).hexdigest()
        self.used: set[str] = set()
        self.rendered: dict[str, tuple] = {}  # bodies rendered beforehand, by key

    def _key(self, body: str, first_mention: bool = True, french: bool = False) -> str:
        return hashlib.sha256(f"{self.salt}\0{first_mention:d}{french:d}\0{body}".encode()).hexdigest()

    def prefill(self, bodies: list[tuple[str, bool, bool]], resolve) -> None:
        """Render the `bodies` (body, first_mention, french) not kept yet in processes forked from this
        one, when there are many (a first build; Linux only): each is then only looked up when its
        article's turn comes."""
        missing: dict[str, tuple[str, bool, bool]] = {}
        for job in bodies:
            key = self._key(*job)
            if not (self.folder and (self.folder / f"{key}.json").exists()):
                missing[key] = job
        missing = list(missing.items())
        processes = forks.processes(RENDER_PROCESSES)
        if len(missing) < PARALLEL_BODIES or processes < 2:
            return
        # Forked, the processes are handed the resolver as they start; this process keeps no copy.
        with multiprocessing.get_context("fork").Pool(processes, initializer=_resolve_with, initargs=(resolve,)) as pool:
            results = pool.map(_render_apart, [body for _, body in missing], chunksize=8)
        self.rendered = {key: result for (key, _), result in zip(missing, results, strict=True) if result is not None}

    def render(
        self, body: str, resolve, first_mention: bool = True, french: bool = False
    ) -> tuple[str, list[str], list[str], list[Paragraph], str]:
        """html, unresolved links, what the sanitiser removed, the paragraphs and the first paragraph's text."""
        key = self._key(body, first_mention, french)
        path = self.folder / f"{key}.json" if self.folder else None
        if path is not None:
            self.used.add(path.name)
            with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                kept = json.loads(path.read_text(encoding="utf-8"))
                paragraphs = [Paragraph(i, t, [tuple(link) for link in links], tag) for i, t, links, tag in kept["paragraphs"]]
                return kept["html"], kept["unresolved"], kept["removed"], paragraphs, kept["first"]
        rendered = self.rendered.pop(key, None) or _render_and_read(body, resolve, first_mention, french)
        html, unresolved, removed, paragraphs, first = rendered
        if path is not None:
            record = {
                "html": html, "unresolved": unresolved, "removed": removed, "first": first,
                "paragraphs": [[p.id, p.text, [list(link) for link in p.links], p.tag] for p in paragraphs],
            }
            with contextlib.suppress(OSError):
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(path, json.dumps(record, ensure_ascii=False))
        return html, unresolved, removed, paragraphs, first

    def prune(self) -> None:
        """Forget the bodies this build did not ask for (articles changed or gone)."""
        if self.folder and self.folder.is_dir():
            for path in self.folder.glob("*.json"):
                if path.name not in self.used:
                    path.unlink(missing_ok=True)


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
    known = [_clean_entry(entity, warnings) for entity in registry.entities.values()]
    entities = {e.id: EntityView(e) for e in sorted(known, key=lambda e: (sort_key(e.name), e.id))}
    happened = [_clean_entry(event, warnings) for event in registry.events.values()]
    events = {ev.id: EventView(ev) for ev in sorted(happened, key=lambda ev: (ev.first_day, ev.last_day, ev.id))}
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

    targets = "\n".join(
        f"{key}\0{t.url}\0{t.kind}\0{t.label}" for key in sorted({*entities, *events}) if (t := resolve(key))
    )
    bodies = BodyCache(cache, targets)

    def job(source: SourceArticle) -> tuple[str, bool, bool]:
        return source.body, link_first_mention, (body_language(source.metadata) or "fr") == "fr"

    bodies.prefill([job(source) for source in sources], resolve)
    articles: list[ArticleView] = []
    paragraphs: dict[tuple[str, str], set[str]] = defaultdict(set)
    kinds = {**{key: view.type for key, view in entities.items()}, **dict.fromkeys(events, "event")}
    for source in sources:
        try:
            html, unresolved, removed, paragraphs_read, first = bodies.render(source.body, resolve, *job(source)[1:])
            found = _mentions(paragraphs_read)
        except Exception as error:  # noqa: BLE001 — whatever a hand-edited body does, the other articles are built
            errors.append(
                f"{source.path}: the body cannot be rendered ({type(error).__name__}: {error}); article left out"
            )
            continue
        unknown = sorted({raw.target for raw in found if raw.target not in entities and raw.target not in events})
        if unknown:
            for target in unknown:
                where = _where(source, line=_body_line(source, "data-entity", target))
                errors.append(f"{where}: a link's data-entity {target!r} names no entity or event; article left out "
                              "(link with [[id|text]], or remove the attribute)")
            continue
        article = _view(source, html, paragraphs_read, first, warnings, errors)
        if article is None:
            continue
        for target in sorted(set(unresolved)):
            warnings.append(f"{source.path}: link [[{target}]] names no entity or event; shown as plain text")
        if removed:
            warnings.append(
                f"{source.path}: removed from the body: {', '.join(removed)} "
                "(an article shows text, links and simple formatting)"
            )
        if has_invisible(source.body):
            line = next(n for n, text in enumerate(source.body.split("\n"), source.body_line) if has_invisible(text))
            warnings.append(f"{_where(source, line=line)}: control or text-direction characters removed from the body")
        counts: Counter[str] = Counter()
        for raw in found:
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
        for quote in quotes.find_quotes(quotes.blocks(paragraphs_read, kinds)):
            speaker = entities.get(quote.speaker) if quote.speaker else None
            view = QuoteView(article, quote.paragraph, quote.text, speaker, quote.confidence,
                             [events[e] for e in quote.events])
            article.quotes.append(view)
            if speaker:
                speaker.quotes.append(view)
        articles.append(article)

    bodies.prune()
    _link_entities(entities, events, paragraphs)
    articles.sort(key=lambda a: (a.date is None, -(a.date.last_day().toordinal() if a.date else 0), sort_key(a.title)))
    order = {id(article): index for index, article in enumerate(articles)}
    for view in entities.values():
        view.quotes.sort(key=lambda quote: order[id(quote.article)])  # stable: in the article's order within it
    return Dossier(title, description, articles, list(entities.values()), list(events.values()), warnings, errors,
                   [quote for article in articles for quote in article.quotes])


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


JSONLD_ARTICLES = 50  # articles an event's structured data names (the page's size stays bounded)


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
            {"@type": "NewsArticle", "headline": a.title, "url": absolute_url(site_url, a.url)}
            for a in view.articles[:JSONLD_ARTICLES]
        ]
    if view.wikidata_url:
        data["sameAs"] = view.wikidata_url
    return data
