"""HTML seeds (saved web pages): the article's text and metadata, with trafilatura, JSON-LD, meta tags and the
page's visible byline and date."""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from bs4.element import NavigableString, PreformattedString, Tag

try:  # bs4 >= 4.13
    from bs4.exceptions import ParserRejectedMarkup
except ImportError:  # pragma: no cover - older bs4
    from bs4.builder import ParserRejectedMarkup

from ..core.errors import IngestError, shown
from ..core.model import Article, PartialDate
from . import chrome, extract, markup, metadata, outlets
from .markdown import MD_ATTRIBUTION, is_web_address, language_code, stands_alone
from .pieces import (
    FRENCH_DATE,
    GLUED,
    OPINION_HINTS,
    SECTION_GENRES,
    Piece,
    clean_space,
    is_paragraph,
    parse_date,
    split_names,
)
from .published import Statement
from .text import parse_pieces, parse_text, separated_metadata

# Elements that are never article text.
# fmt: off
_HTML_DROP = frozenset({
    "script", "style", "noscript", "iframe", "nav", "header", "footer", "aside", "form", "button",
    "svg", "img", "picture", "source", "video", "audio", "canvas", "object", "embed", "template",
    "select", "input", "textarea", "label", "dialog", "head", "title", "meta", "link", "map",
})


# fmt: on
_HTML_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"})


# Words in a class or id that mark site furniture ("comments", "share-bar", "newsletter-box").
_HTML_CHROME_WORDS = (
    "comment", "share", "sharing", "social", "newsletter", "related", "cookie", "advert", "menu", "breadcrumb", "promo",
)  # fmt: skip


_HTML_CHROME_EXCEPTIONS = re.compile(r"commentary|commentaries")


# Elements that start a new block of text; anything else is inline (a, em, span…).
# fmt: off
_HTML_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})


# fmt: on
# Blocks read by a rule of their own; the other blocks are wrappers whose children are read.
# fmt: off
_HTML_TEXT_BLOCKS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "pre", "dt", "dd", "summary", "caption", "ul", "ol", "li",
    "blockquote", "figcaption", "hr",
})


# fmt: on
_BREAK, _PARAGRAPH_BREAK = "\u2028", "\u2029"  # a <br>, and the edge of a block, inside collected text


_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report)$")


_HTML_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?=$|[T\s+Z])")


def parse_html(text: str, name: str) -> Article:
    """Parse the decoded text of a saved web page: metadata from its meta tags, text from its article."""
    try:
        with warnings.catch_warnings():  # a page that is only an address: read as text below, without BeautifulSoup's advice
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            soup = BeautifulSoup(text, "html.parser")
    except (ParserRejectedMarkup, AssertionError) as error:
        raise IngestError(f"{name}: cannot be read as HTML ({error})") from None
    if soup.find() is None:  # not a single tag: a text saved under an .html name
        return parse_text(text, name)
    extracted = extract.extract(text)
    try:
        meta = _html_metadata(soup, name)
        main = _html_main(soup)
        reader = _HtmlText(main)
        pieces = reader.pieces
        if extracted is not None:
            # trafilatura's reading says which of the page's text is the article: in the page's
            # own <article> or <main> if that holds most of it, else anywhere in the page.
            selected, share = extract.select(
                pieces, extracted, _is_prose_piece, _is_metadata_piece, Piece, reader.dropped
            )
            if share < 0.6 and main is not soup.body and soup.body is not None:
                whole = _HtmlText(soup.body)
                wider, wider_share = extract.select(
                    whole.pieces, extracted, _is_prose_piece, _is_metadata_piece, Piece, whole.dropped
                )
                if wider_share > share:
                    reader, selected = whole, wider
            pieces = selected or pieces
    except RecursionError:
        raise IngestError(f"{name}: the page's elements are nested too deeply to be read") from None
    meta["title"] = _visible_title(soup, main, meta.get("title"))
    if extracted is not None:
        meta["fallback_date"] = _trafilatura_date(extracted.date)
        meta["fallback_authors"] = _trafilatura_authors(extracted.authors, meta)
    marked_headings = any(piece.kind == "heading" for piece in pieces)
    return parse_pieces(pieces, name, meta, mark_headings=not marked_headings, keep_header=True)


def _visible_title(soup: BeautifulSoup, main: Tag, given: str | None) -> str | None:
    """The headline a reader sees: the <h1> that the page's metadata names, else the article's
    first <h1>, else the metadata's title. Social titles (og:title) are often rewritten for
    sharing, and <title> carries the site's name or the author's."""
    headings = [(h, _title_text(h)) for h in soup.find_all("h1") if h.find_parent("svg") is None and not _in_chrome(h)]
    headings = [(h, text) for h, text in headings if 2 <= len(text.split()) <= 30]
    if given:
        wanted = extract.key(given)
        for _, text in headings:
            found = extract.key(text)
            if found == wanted and _SEPARATOR.search(given) and not _SEPARATOR.search(text):
                return given  # "Kicker: Title", which the <h1> sets apart by styles alone ("Kicker Title")
            if found and (found == wanted or found in wanted or wanted in found):
                return text
    inside = [text for h, text in headings if any(parent is main for parent in h.parents)]
    if inside:
        return inside[0]
    # No <h1> is the metadata's title: the metadata may be the site's own ("Yahoo News - Latest News").
    phrases = [text for _, text in headings if len(text.split()) >= 4 and not outlets.is_known(text)]
    return next(iter(phrases), None) or given or next((text for _, text in headings), None)


_SEPARATOR = re.compile(r"\s[|–—-]\s|:\s")


# Class, itemprop or rel values that mark a byline ("author", "byline__name"), not a "follow the author" button.
_BYLINE_MARK = re.compile(r"(?!.*follow)(?:[\w-]*[-_])?(?:byline|author|authors)(?:[-_]+(?:name|link|names))?")


def _visible_bylines(soup: BeautifulSoup) -> list[str]:
    """The first byline element of the article (rel=author, itemprop=author, class "byline"), "By" removed.

    Only the first: a page lists other articles with their own bylines further down.
    """

    def is_byline(tag: Tag) -> bool:
        itemprop = str(tag.get("itemprop") or "").split()  # "author creator"
        marks = [m.lower() for m in (*(tag.get("class") or []), *itemprop, *(tag.get("rel") or []))]
        return any(_BYLINE_MARK.fullmatch(m) for m in marks) and not _in_chrome(tag)

    main = _html_main(soup)
    for root in (main, soup):
        for tag in root.find_all(is_byline):
            text = _element_text(tag)
            if text and len(text) < 160 and metadata.byline(text, bare=True):
                # Co-authors marked one by one beside it: "<span class=author>A</span> et <span class=author>B</span>".
                beside = (
                    [_element_text(t) for t in tag.parent.find_all(is_byline, recursive=False)] if tag.parent else []
                )
                names = beside if len(beside) > 1 else [text]
                return [re.sub(r"^(?:par|by|von)\s+", "", name, flags=re.I) for name in names]
    return []


def _title_text(tag: Tag) -> str:
    """A heading's text as shown: no space before a comma or a full stop that markup put there."""
    return re.sub(r"\s+([,.)])", r"\1", _element_text(tag))


def _trafilatura_date(value: str | None) -> PartialDate | None:
    """trafilatura's date of the page (htmldate, from the page's markup only), if it is one."""
    try:
        return _html_date(value) if value else None
    except ValueError:
        return None


# Bylines that name a desk, not a person.
_NOT_A_PERSON = re.compile(
    r"\b(?:staff|team|desk|editors?|editorial|newsroom|reporters|correspondents?|agenc(?:y|ies)|rédaction|redaktion|"
    r"username|admin|contributors?|wires?)\b",
    re.I,
)


def _person_names(names: list[str], site_names: list[str]) -> list[str]:
    """The names that are people: not the publisher, not a desk, not a user name, no date glued on."""
    sites = {extract.key(site) for site in site_names}
    people = []
    for name in names:
        found = metadata.byline(name, bare=True)
        for person in found.authors if found else []:
            if extract.key(person) not in sites and not _NOT_A_PERSON.search(person):
                people.append(person)
    return list(dict.fromkeys(people))


def _trafilatura_authors(value: str | None, meta: dict) -> list[str]:
    """trafilatura's authors ("Jane Doe; JANE DOE"), as people, once each."""
    if not value:
        return []
    names = _person_names([part.strip() for part in value.split(";")], meta.get("site_names", []))
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(name.casefold(), name)
    return list(unique.values())


def _is_prose_piece(piece: Piece) -> bool:
    """A piece that reads as the article's text even where trafilatura left it out."""
    if piece.kind in ("caption", "quote"):
        return True
    if piece.kind == "heading":  # a lead paragraph set as a heading
        return len(piece.text.split()) >= 12 and is_paragraph(piece.text)
    return piece.kind in ("", "bullet", "numbered") and is_paragraph(piece.text) and not chrome.is_chrome(piece.text)


def _is_metadata_piece(piece: Piece) -> bool:
    """A byline or a date line above the article's text."""
    if piece.kind:
        return False
    if metadata.is_prefixed_byline(piece.text) and len(piece.text.split()) <= 15 and not is_paragraph(piece.text):
        return True  # "By Steven MufsonMarch 18 at 12:22 PM Follow @StevenMufson"
    text = piece.text
    dated = metadata.date_line(text) is not None or separated_metadata(text)
    return (stands_alone(text) or dated) and not chrome.is_chrome(text)


def _html_metadata(soup: BeautifulSoup, name: str) -> dict:
    """Title, date, authors, outlet, URL, language and genre hints from meta tags and JSON-LD."""
    metas = _meta_tags(soup)
    ld = _json_ld_article(soup)
    meta: dict = {"warnings": [], "genre_hints": []}

    def first(*keys: str) -> tuple[str, int] | None:
        return next((metas[key][0] for key in keys if key in metas), None)

    site_names = [value for value, _ in metas.get("og:site_name", [])] + _ld_names(ld.get("publisher"))
    if site_names:
        meta["outlet"] = site_names[0]

    title = first("og:title")
    # The page's <title>, not the <title> of an inline SVG icon.
    title_tag = next((t for t in soup.find_all("title") if t.find_parent("svg") is None), None)
    if title is None and title_tag is not None and _element_text(title_tag):
        title = (_element_text(title_tag), title_tag.sourceline or 0)
    if title is None and isinstance(ld.get("headline"), str) and ld["headline"].strip():
        title = (clean_space(ld["headline"]), 0)
    if title:
        meta["title"] = _strip_site_name(title[0], site_names)

    meta["date_statements"], meta["date_updates"] = _date_statements(soup, metas, name, meta["warnings"])

    meta["site_names"] = site_names
    tagged = [
        value for key in ("author", "article:author") for value, _ in metas.get(key, []) if not is_web_address(value)
    ]
    authors = _person_names([n for value in tagged for n in split_names(value)], site_names)
    if not authors:
        authors = _person_names(_ld_names(ld.get("author")), site_names)
    if not authors:
        authors = _person_names(_visible_bylines(soup), site_names)
    meta["authors"] = authors

    canonical = soup.find("link", rel=lambda rel: rel and "canonical" in rel, href=True)
    for url in (first("og:url"), (canonical["href"], 0) if canonical else None, (ld.get("url"), 0)):
        if url and isinstance(url[0], str):
            address = url[0].strip()
            address = "https:" + address if address.startswith("//") else address  # "//us.yahoo.com/news/"
            if is_web_address(address):
                meta["url"] = address
                break

    root = soup.find("html")
    for language in ((root.get("lang") if root else None), (first("og:locale") or ("", 0))[0], ld.get("inLanguage")):
        if isinstance(language, str) and language_code(language):
            meta["language"] = language_code(language)
            break

    sections = [value for value, _ in metas.get("article:section", [])] + _ld_strings(ld.get("articleSection"))
    meta["sections"] = sections
    if any(SECTION_GENRES.get(s.lower()) == "opinion" or OPINION_HINTS.search(s) for s in sections) or any(
        "opinion" in kind.lower() for kind in _ld_types(ld)
    ):
        meta["genre_hints"].append("opinion")
    return meta


_PUBLISHED_KEYS = ("article:published_time", "article:published", "datepublished", "og:published_time", "pdate")
_MODIFIED_KEYS = ("article:modified_time", "article:modified", "datemodified", "og:updated_time", "dateupdated")


def _date_statements(soup: BeautifulSoup, metas: dict, name: str, warnings: list[str]) -> tuple[list[Statement], list[str]]:
    """What the page's markup states of its publication (meta tags and JSON-LD, else its first <time>), for
    `published.settle`; and its update timestamps as written."""
    stated = [(value, line, f"meta {key}", "meta") for key in _PUBLISHED_KEYS for value, line in metas.get(key, [])]
    stated += [(item["datePublished"], item["@line"], "JSON-LD datePublished", "ld") for item in _json_ld_dated(soup)]
    updates = [value for key in _MODIFIED_KEYS for value, _ in metas.get(key, [])]
    updates += [item["dateModified"] for item in _json_ld_objects(soup) if isinstance(item.get("dateModified"), str)]
    if not stated:  # a <time> element only when the page's metadata says nothing
        stated = [(tag["datetime"], tag.sourceline or 0, "<time datetime>", "time") for tag in _publication_times(soup)]
    statements = []
    for value, line, source, kind in stated:
        try:
            statements.append(Statement(_html_date(value), kind, f"{source}, line {line}", value))
        except ValueError as error:
            warnings.append(f"{name}:{line}: the page's date {shown(value)} ({source}) is ignored: {error}")
            continue
        if kind == "time":
            break  # the first <time> that is a date
    return statements, updates


def _meta_tags(soup: BeautifulSoup) -> dict[str, list[tuple[str, int]]]:
    """Every <meta> with a content, by its property, name or itemprop (lowercase): [(content, line)]."""
    found: dict[str, list[tuple[str, int]]] = {}
    for tag in soup.find_all("meta"):
        value = clean_space(tag.get("content") or "")
        keys = {
            str(tag.get(attribute)).strip().lower()
            for attribute in ("property", "name", "itemprop")
            if tag.get(attribute)
        }
        for key in sorted(keys) if value else ():
            found.setdefault(key, []).append((value, tag.sourceline or 0))
    return found


def _json_ld_article(soup: BeautifulSoup) -> dict:
    """The page's JSON-LD object for the article (the first whose @type is an article), or {}."""
    objects = _json_ld_objects(soup)
    articles = [o for o in objects if any(_ARTICLE_TYPES.search(t) for t in _ld_types(o))]
    return (articles or [o for o in objects if "datePublished" in o or "headline" in o] or [{}])[0]


def _json_ld_objects(soup: BeautifulSoup) -> list[dict]:
    """Every JSON-LD object of the page (@graph members too), each with the line of its script as "@line"."""
    objects = []
    for script in soup.find_all("script"):
        if str(script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        # Pages wrap their JSON-LD in CDATA sections or HTML comments for old browsers.
        source = re.sub(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$", "", script.string or "")
        try:
            data = json.loads(source)
        except (ValueError, RecursionError):
            continue  # a page's broken JSON-LD is the page's problem, not the curator's
        queue = [data]
        while queue:
            item = queue.pop(0)
            if isinstance(item, list):
                queue.extend(item)
            elif isinstance(item, dict):
                objects.append({**item, "@line": script.sourceline or 0})
                if isinstance(item.get("@graph"), list):
                    queue.extend(item["@graph"])
    return objects


def _json_ld_dated(soup: BeautifulSoup) -> list[dict]:
    """The page's JSON-LD objects for its article that state a publication date (a page may hold several)."""
    return [
        item
        for item in _json_ld_objects(soup)
        if isinstance(item.get("datePublished"), str)
        and (item.get("headline") or any(_ARTICLE_TYPES.search(t) for t in _ld_types(item)))
    ]


def _ld_types(item: dict) -> list[str]:
    return _ld_strings(item.get("@type"))


def _ld_strings(value) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [clean_space(v) for v in values if isinstance(v, str) and v.strip()]


def _ld_names(value) -> list[str]:
    """Names in a JSON-LD person or organisation value: "X", {"name": "X"}, or a list of them."""
    if isinstance(value, list):
        return [name for item in value for name in _ld_names(item)]
    if isinstance(value, dict):
        return _ld_names(value.get("name"))
    if isinstance(value, str) and value.strip() and not is_web_address(value.strip()):
        return [clean_space(value)]
    return []


def _strip_site_name(title: str, site_names: list[str]) -> str:
    """ "Title - Site" and "Title | Site" (or "Site | Title") when Site is the page's own site name."""
    for site in site_names:
        site = re.escape(site)
        for pattern in (rf"^(.+?)\s+[-|–—·:]+\s+{site}$", rf"^{site}\s+[-|–—·:]+\s+(.+)$"):
            if m := re.match(pattern, title, re.I):
                return m.group(1).strip()
    return title


def _html_date(value: str) -> PartialDate:
    """The date an ISO timestamp starts with ("2024-11-02T08:00:00+01:00"), as written; or a French date."""
    if m := _HTML_DATE.match(value):
        return PartialDate(*(int(g) if g else None for g in m.groups()))
    if m := re.fullmatch(r"\s*((?:19|20)\d\d)(\d\d)(\d\d)\s*", value):  # "20160729"
        return PartialDate(*map(int, m.groups()))
    if found := metadata.find_date(value, "en"):  # "Sat Dec 07 2024 01:36:42 GMT+0000"
        return found[0]
    if FRENCH_DATE.match(value.strip()):
        return parse_date(value)
    raise ValueError("not an ISO date (YYYY-MM-DD)")


def _publication_times(soup: BeautifulSoup) -> list[Tag]:
    """<time datetime> elements that may date the article: marked as its publication, then the first of its text;
    never one in a sentence (an event's date) or beside a link to another article (that article's date)."""
    times = [t for t in soup.find_all("time", datetime=True) if not _in_chrome(t) and not _dates_another(t)]
    marked = [t for t in times if t.has_attr("pubdate") or str(t.get("itemprop", "")).lower() == "datepublished"]
    # An update's time is not the publication's.
    times = [t for t in times if "modif" not in str(t.get("itemprop", "")).lower() + " ".join(t.get("class") or [])]
    container = _html_main(soup)
    inside = [t for t in times if any(parent is container for parent in t.parents)]
    return marked + inside[:1] + times[:1]


def _dates_another(time: Tag) -> bool:
    """A <time> inside a sentence of the text ("after the flood of <time>12 January</time>, …"), or in a list
    item that links to another article ("Shrimp season to open early <time>Feb. 26</time>")."""
    block = time.find_parent(["p", "li", "dd", "td", "figcaption", "blockquote"])
    text = clean_space(block.get_text(" ")) if block is not None else ""
    if is_paragraph(text) and not metadata.is_prefixed_byline(text) and not separated_metadata(text):
        return True
    item = time.find_parent("li")
    return item is not None and any(
        len(link.get_text(" ").split()) >= 3 and not str(link["href"]).startswith("#") for link in item.find_all("a", href=True)
    )


def _in_chrome(element: Tag) -> bool:
    """Inside a comment thread, a sidebar, a menu or another piece of furniture (the page header is fine)."""
    for parent in element.parents:
        if parent.name in ("aside", "nav", "footer", "form") or (
            parent.name not in ("html", "body") and _chrome_attribute(parent)
        ):
            return True
    return False


def _chrome_attribute(tag: Tag) -> bool:
    words = " ".join([*(tag.get("class") or []), str(tag.get("id") or "")]).lower()
    words = _HTML_CHROME_EXCEPTIONS.sub("", words)
    return any(word in words for word in _HTML_CHROME_WORDS) or bool(_HTML_CHROME_NAMES.search(words))


# Class names of boxes of other articles: "other-opinion-columns", "more-stories", "most-read", "recirc".
_HTML_CHROME_NAMES = re.compile(
    r"(?:other|more)[-_][\w-]*(?:columns|stories|articles|news)|most[-_]?(?:read|popular|viewed)|recirc|read[-_]?next"
)


def _html_main(soup: BeautifulSoup) -> Tag:
    """The element holding the article: the <article> with the most text, else <main>, else <body>."""
    articles = [
        a for a in soup.find_all("article") if not any(p.name in ("aside", "nav", "footer", "form") for p in a.parents)
    ]
    if articles:
        main = max(articles, key=lambda a: sum(len(p.get_text()) for p in a.find_all("p")))
        # Its wrapper, when that adds little: the lead photo and its caption, set just above the <article>.
        size = len(main.get_text())
        while (
            main.parent is not None
            and main.parent.name not in ("body", "html", "[document]")
            and len(main.parent.get_text()) <= 1.1 * size
        ):
            main = main.parent
        return main
    return soup.find("main") or soup.find(attrs={"role": "main"}) or soup.body or soup


def _element_text(tag: Tag) -> str:
    return clean_space(tag.get_text(" "))


@dataclass
class _Frame:
    """An element being read by _HtmlText._container: its children left, and the loose text met so far."""

    element: Tag
    children: object
    parts: list = field(default_factory=list)
    line: int = 0
    inline: list = field(default_factory=list)  # the elements and strings the parts were read from


class _HtmlText:
    """The pieces of text of an element, in reading order, furniture dropped."""

    def __init__(self, root: Tag):
        self.root = root
        self.size = len(root.get_text()) or 1
        self.pieces: list[Piece] = []
        self.h1: list[str] = []
        self.dropped: list[str] = []  # the text of the furniture left out (asides, menus, hidden elements)
        self.has_h1 = root.find("h1") is not None  # above it, a link alone is the section's (a rubric)
        self._container(root)

    def _dropped(self, tag: Tag) -> bool:
        if tag is self.root:
            return False
        if tag.name == "header" and tag.find("h1") is not None and tag.find_parent(["article", "main"]) is not None:
            return False  # the article's own header: its headline, standfirst, byline and date
        if tag.name in _HTML_DROP or tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true":
            return True
        if str(tag.get("role", "")).lower() in _HTML_DROP_ROLES:
            return True
        if re.search(r"display\s*:\s*none", str(tag.get("style", ""))):
            return True
        # A wrapper holding most of the page ("menu-and-content") is layout, not furniture.
        return _chrome_attribute(tag) and len(tag.get_text()) < self.size / 2

    def _container(self, element: Tag) -> None:
        """Blocks in order; text between them (not in any <p>) makes paragraphs too.

        A loop over a stack, not recursion: saved pages nest wrappers hundreds deep.
        """
        frames = [_Frame(element, iter(element.children))]
        while frames:
            frame = frames[-1]
            child = next(frame.children, None)
            if child is None:
                self._flush(frame)
                frames.pop()
            elif isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):
                    # The space between two links is a space: "Topics Farming Water", not "TopicsFarmingWater".
                    if str(child).strip():
                        frame.line = frame.line or frame.element.sourceline or 0
                    frame.parts.append(str(child))
                    frame.inline.append(child)
            elif not isinstance(child, Tag):
                continue
            elif self._dropped(child):
                if child.name not in ("script", "style", "noscript", "template", "svg"):
                    self.dropped.append(child.get_text(" "))
            elif child.name == "figure" and child.find("figcaption") is None and child.find(markup.is_credit) is not None:
                self._flush(frame)
                self._caption(child)  # a photo with no caption but its credit ("JIM WATSON/AFP/Getty Images")
            elif markup.caption_class(child) and child.find_parent(["figure", "figcaption"]) is None and child.get_text(strip=True):
                self._flush(frame)
                self._caption(child)  # <span class="pb-caption">, <p class="caption">: a caption, by its class
            elif child.name == "br":
                frame.parts.append(_BREAK)
            elif child.name in _HTML_BLOCKS or child.find(_HTML_BLOCKS) is not None:
                self._flush(frame)
                if child.name in _HTML_TEXT_BLOCKS:
                    self._block(child)
                else:  # a wrapper (div, section, figure, a link around a heading…): read its children
                    frames.append(_Frame(child, iter(child.children)))
            else:
                frame.line = frame.line or child.sourceline or 0
                frame.parts.append(self._inline(child))
                frame.inline.append(child)

    def _flush(self, frame: _Frame) -> None:
        line = frame.line or frame.element.sourceline or 0
        kind = self._links_kind(frame.inline)
        if kind:
            self._add(line, clean_space("".join(frame.parts).replace(_BREAK, " ").replace(_PARAGRAPH_BREAK, " ")), kind)
        else:
            self._paragraphs("".join(frame.parts), line)
        frame.parts, frame.line, frame.inline = [], 0, []

    def _links_kind(self, parts: list) -> str:
        """"teaser" for text that is a row of links to other pages ("Topics Farming Water Drought"); "rubric" for
        one short link above the headline (the section's: "Farming"); "" for any other text."""
        if markup.is_link_row(*markup.link_share(parts)):
            return "teaser"
        return "rubric" if self.has_h1 and not self.h1 and markup.is_rubric_link(parts) else ""

    def _block(self, tag: Tag) -> None:
        line = tag.sourceline or 0
        name = tag.name
        if name == "h1":
            self.h1.append(self._text(tag))  # the title, known from the page's metadata
            self._add(line, self.h1[-1], "title")  # where the article's header starts
        elif name in ("h2", "h3", "h4"):  # a heading that is a link: another article's headline
            self._add(line, self._text(tag), "teaser" if markup.is_link_heading(tag) else "heading")
        elif name == "p" and markup.link_only(tag):
            self._add(line, self._text(tag), "teaser")  # a link to another article, alone in its paragraph
        elif name == "p" and (kind := self._links_kind(list(tag.children))):
            self._add(line, self._text(tag), kind)
        elif name in ("p", "h5", "h6", "pre", "dt", "dd", "summary", "caption"):
            self._paragraphs(self._inline(tag), line)
        elif name in ("ul", "ol"):
            self._list(tag)
        elif name == "li":
            self._item(tag, "bullet", "")
        elif name == "blockquote":
            self._quote(tag)
        elif name == "figcaption":
            self._caption(tag)
        elif name not in _HTML_TEXT_BLOCKS:
            self._container(tag)

    def _inline(self, tag: Tag, skip: tuple[Tag, ...] = (), skip_names: tuple[str, ...] = ()) -> str:
        """The text inside `tag`, <br> and block edges marked, dropped elements left out."""
        if tag.name == "br":
            return _BREAK
        parts: list[str] = []
        stack = [(iter(tag.children), "")]  # (children left, text that closes the element)
        while stack:
            children, closing = stack[-1]
            child = next(children, None)
            if child is None:
                parts.append(closing)
                stack.pop()
            elif isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):
                    parts.append(str(child))
            elif (
                isinstance(child, Tag)
                and not self._dropped(child)
                and child.name not in skip_names
                and not any(child is other for other in skip)  # identity: Tag == compares markup
            ):
                if child.name == "br":
                    parts.append(_BREAK)
                    continue
                edge = _PARAGRAPH_BREAK if child.name in _HTML_BLOCKS else ""
                parts.append(edge)
                stack.append((iter(child.children), edge))
        return "".join(parts)

    def _text(self, tag: Tag, skip: tuple[Tag, ...] = (), skip_names: tuple[str, ...] = ()) -> str:
        text = self._inline(tag, skip, skip_names)
        return clean_space(text.replace(_BREAK, " ").replace(_PARAGRAPH_BREAK, " "))

    def _paragraphs(self, text: str, line: int) -> None:
        # Each <br> line stands alone, as each line of a .txt seed does: "Par X<br>Publié le…".
        for part in re.split(f"[{_BREAK}{_PARAGRAPH_BREAK}]", text):
            self._add(line, clean_space(part), "")

    def _add(self, line: int, text: str, kind: str, extra: str = "") -> None:
        if not text:
            return
        if kind:
            self.pieces.append(Piece(line, text, kind, extra))
        else:
            self.pieces.extend(Piece(line, part.strip()) for part in GLUED.split(text) if part.strip())

    def _list(self, tag: Tag) -> None:
        if markup.is_link_list(tag):  # links to other pages, each alone in its item, and the heading over them
            if self.pieces and self.pieces[-1].kind == "heading" and len(self.pieces[-1].text.split()) <= 8:
                self.pieces[-1].kind = "teaser"
            for item in tag.find_all("li", recursive=False):
                self._add(item.sourceline or 0, self._text(item), "teaser")
            return
        ordered = tag.name == "ol"
        number = int(tag["start"]) if str(tag.get("start", "")).isdigit() else 1
        for child in tag.children:
            if not isinstance(child, Tag) or self._dropped(child):
                continue
            if child.name == "li":
                if str(child.get("value", "")).isdigit():
                    number = int(child["value"])
                self._item(child, "numbered" if ordered else "bullet", str(number) if ordered else "")
                number += 1
            elif child.name in _HTML_BLOCKS:
                self._block(child)

    def _item(self, item: Tag, kind: str, extra: str) -> None:
        self._add(item.sourceline or 0, self._text(item, skip_names=("ul", "ol")), kind, extra)
        for sublist in item.find_all(["ul", "ol"]):
            if sublist.find_parent("li") is item and not self._dropped_between(sublist, item):
                self._list(sublist)

    def _dropped_between(self, tag: Tag, ancestor: Tag) -> bool:
        node = tag
        while node is not None and node is not ancestor:
            if self._dropped(node):
                return True
            node = node.parent
        return False

    def _quote(self, quote: Tag) -> None:
        """A quotation; a <cite> or <footer> of its own, or a last line "— Name", is its attribution."""
        sources = [c for c in quote.find_all(["cite", "footer"]) if c.find_parent("p") is None]
        attribution = next((text for text in map(_element_text, sources) if text), "")
        lines = re.split(f"[{_BREAK}{_PARAGRAPH_BREAK}]", self._inline(quote, skip=tuple(sources)))
        lines = [line for line in map(clean_space, lines) if line]
        if not attribution and len(lines) > 1 and (m := MD_ATTRIBUTION.match(lines[-1])):
            attribution, lines = m.group(1), lines[:-1]
        self._add(quote.sourceline or 0, " ".join(lines), "quote", clean_space(attribution.lstrip("—–- ")))

    def _caption(self, caption: Tag) -> None:
        """A photo caption; its credit from an element of its own (class credit, <small>), a trailing "© X" or
        "Credit…X", or the figure's "Image source, X"; a video's caption is no caption of the text."""
        credit_tag = caption.find(
            lambda t: (
                t.name in ("small", "cite")
                or any(w in " ".join(t.get("class") or []).lower() for w in ("credit", "copyright", "source", "attribution"))
            )
        )
        credit = self._text(credit_tag) if credit_tag is not None else ""
        text = self._text(caption, skip=(credit_tag,) if credit_tag is not None else ())
        if found := markup.caption(text, credit or markup.figure_credit(caption)):
            self._add(caption.sourceline or 0, found[0], "caption", found[1])
