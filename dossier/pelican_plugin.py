"""Pelican plugin: a generator that writes the dossier's pages with the theme's templates.

Pelican reads the settings, copies the theme's static files and renders the
curator's own pages (`content/pages`); this generator reads the registry and
the annotated articles, cross-links them (`link.build_dossier`) and writes the
home page, one page per article, entity and event, and their indexes.

The plugin acts on dossiers only (`is_dossier`): Pelican loads every plugin installed under its
namespace when a site sets no PLUGINS, so a plain Pelican blog built in the same environment
is left exactly as Pelican writes it.

One file is never the whole site: an article or a page that cannot be read or shown
is reported as an error naming the file (and the line, where there is one) and left
out, and the rest is built. Curator pages are sanitised like articles (`bodies.sanitise`:
the same allow-list), and their titles cleaned of control and text-direction characters.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import functools
import hashlib
import logging
import os
import shutil
import sys
from pathlib import Path

from markdown import Markdown
from markdown.extensions import meta as markdown_meta
from pelican.contents import Page
from pelican.generators import Generator
from pelican.readers import MarkdownReader

from pelican import signals

from .core import files, forks
from .core import settings as dossier_settings
from .core.errors import SHOWN, shown
from .render import ahead, apart, bodies, i18n, link, markdown_work, social, sources, template_cache, views, writing
from .render import pages as site_pages
from .render.pages import Emitter, Site
from .sections import articles, data, entities, events, home, network, search, speakers, timeline
from .sections import feeds as publish

logger = logging.getLogger(__name__)

# Templates the generator renders; the theme must provide each one (tests check it).
TEMPLATES = ("index", "article", "articles", "entity", "entities", "event", "events", "404", "timeline", "network", "search", "data",
             "quotes")
# The pages kept from the last render when their key is the same (link.page_key): those of articles,
# actors, places and events, the articles' index, whose later pages one new article leaves as they
# were (views.paginate_from_oldest), and the later pages of the timeline and of who said what, which show
# nothing of the whole; the other indexes and the network one new article changes, and they are few.
KEPT = ("article", "articles", "entity", "event", "timeline", "quotes")
# The values of a page's context its template shows only inside elements marked data-pagefind-ignore that hold
# no Pagefind attribute (data-pagefind-filter, -meta, -sort…): the search reads nothing of them, so a page
# whose other values are the same is the same to Pagefind (link.page_keys), and the bundle of articles holding
# it is taken from the last render as it is. An article's related reading (related.html), its provenance
# (provenance.html) and its family of copies (article_copies.html): an article added changes the related reading
# of others, and makes copies of others, in as many bundles.
UNSEARCHED = {"article": frozenset({"related", "provenance", "repeat"})}
# What the search reads of the pages of a template that marks a few of their parts for Pagefind (the header of an
# actor's or an event's page), said by a function of the page's context; with the theme of this package only.
SEARCHED_OF = {"entity": entities.searched, "event": events.searched}
# The families of pages, each an emitter of dossier/sections/ (it yields the pages to write): a new
# family is one emitter here and one template in the theme.
EMITTERS: tuple[Emitter, ...] = (home.pages, articles.pages, entities.pages, events.pages, timeline.pages, network.pages, speakers.pages)
# Families rendered in a process forked from the build's (apart.Apart), while it renders the others: the
# events' pages, whose comparisons take as long as the actors' pages and the rest together.
APART: tuple[Emitter, ...] = (events.pages,)
# Families whose pages the search reads (besides the articles'), written before the other families: the search
# index of their pages starts while the others are written. A page of another family that the theme marks for
# the search is read too, its bundle then indexed again once every page is written.
SEARCHED: tuple[Emitter, ...] = (entities.pages, events.pages)
# Families the search does not index, written while Pagefind indexes the pages of the others.
LATE_EMITTERS: tuple[Emitter, ...] = (data.pages,)
# Where the dossier writes: a curator page may not take these addresses (nor those of own_folders).
OWN_FILES = ("index.html", "404.html", "atom.xml", "sitemap.xml", "robots.txt", "previews.json", ".nojekyll")
# Where `is_dossier` keeps its answer, in the site's settings. A site may set it itself (True or False) to say
# whether it is a dossier; left unset, the settings and the folders say it.
SITE_KEY = "DOSSIER_SITE"
# DOSSIER_* keys the plugin itself adds to the settings (dossier.settings.apply's defaults, and the answer):
# not a sign of a dossier, or a site would become one by being looked at.
ADDED_KEYS = frozenset({SITE_KEY, *(key for key in dossier_settings.DEFAULTS if key.startswith("DOSSIER_"))})


def is_dossier(settings) -> bool:
    """Whether the Pelican site of these settings is a dossier, the only kind of site the plugin acts on."""
    # Every receiver asks, of its sender's settings: Pelican loads every plugin installed under its namespace
    # when a site sets no PLUGINS (and then overwrites PLUGINS, so "unset" cannot be told from "named"), and
    # signals are process-global. The answer is kept in the settings dict itself: the Pelican object, its
    # generators, its readers and the content objects all hold that same dict, so it is worked out once per
    # build (in the `initialized` receivers, before `initialise` adds anything to the settings) and is one
    # lookup for every content object after that; it goes with its settings, where a cache keyed by id() could
    # answer for a later build whose settings happen to get the same id.
    if not settings:
        return False
    known = settings.get(SITE_KEY)
    if known is None:
        known = settings[SITE_KEY] = _looks_like_dossier(settings)
    return bool(known)


def _looks_like_dossier(settings) -> bool:
    # The build's DOSSIER_ROOT and DOSSIER_INPUT, or a setting of the site's own: Pelican's defaults have no
    # DOSSIER_* key, and every pelicanconf.py `dossier init` writes sets DOSSIER_TITLE.
    if any(isinstance(key, str) and key.startswith("DOSSIER_") and key not in ADDED_KEYS for key in settings):
        return True
    # Or a dossier's folders: the registry in the content folder (a Pelican site of a dossier's content,
    # settings without DOSSIER_*), or seeds/ beside it.
    if not settings.get("PATH"):
        return False
    content = Path(os.path.abspath(settings["PATH"]))
    return (content / "entities").is_dir() or (content / "events").is_dir() or (content.parent / "seeds").is_dir()


class DossierGenerator(Generator):
    """Reads the dossier into the context, then writes its pages."""

    def generate_context(self):
        """The dossier the build linked (DOSSIER_INPUT); run alone, Pelican asks the pipeline for it."""
        given = self.settings.get("DOSSIER_INPUT")  # a given.RenderInput when the dossier's build runs Pelican
        if given is None:  # `pelican content`: the build's steps before the render, and the link
            from .pipeline import for_pelican

            root = Path(self.settings.get("DOSSIER_ROOT") or Path(self.path).parent)
            problems, given = for_pelican(root, self.settings)
            for level, message in [*problems, *((logging.WARNING, w) for w in given.warnings),
                                   *((logging.ERROR, e) for e in given.errors)]:
                logger.log(level, message)
        self.context["dossier"] = self.dossier = given.dossier
        # The dossier's social card, in every page's head (base.html): the curator's pages read it from here.
        self.social = social.prepare(self.settings, self.dossier.title, self.dossier.description, _root(self.settings),
                                     Path(self.settings["THEME"]))
        self.context["social"] = self.social.card
        for warning in self.social.warnings:
            if self.settings.get("DOSSIER_INPUT") is not None:  # the build says them with its own messages
                given.warnings.append(warning)
            else:
                logger.warning(warning)

    def generate_output(self, writer):
        """Write the pages of every family (EMITTERS), then those the search does not read (LATE_EMITTERS),
        the feeds, the sitemap and robots.txt, while Pagefind indexes the others: the bundles of articles
        alone from when the articles' pages are written, the rest from when every family's are."""
        dossier, site_url = self.dossier, self.settings.get("SITEURL", "")
        given = self.settings.get("DOSSIER_INPUT")
        stage = given.progress.stage("rendering pages") if given is not None else None
        if given is not None:  # every page's menu links the about page when the curator wrote one (base.html)
            given.frame_key = _with_curator_pages(given.frame_key, self.context.get("pages", []))
            given.own_theme = _own_theme(self.settings)
            if given.registry_key:  # what keys an article's page by its inputs (link.article_inputs)
                given.input_salt = link.inputs_salt(given.frame_key, given.registry_key, self.social.card)
                given.source_digests = link.source_digests(given.sources.articles)
        output = Path(self.output_path)
        social.write(self.social, output)
        site_ = Site(dossier, site_url, self.settings, output)
        urls: list[str] = []

        def written(page: site_pages.Page) -> None:
            if given is not None and page.listed:
                given.pages_written += 1
                stage.advance()

        def write(emitters, listed: list[str] = urls, done=written) -> list[site_pages.Page]:
            """The pages of `emitters` kept or written (those written returned), their addresses noted in `listed`."""
            pages_to_write = [page for emitter in emitters for page in emitter(site_) if not self._listed_or_kept(page, listed, given, output)]
            writing.write_pages(lambda page: self._write(writer, page, dossier, site_url), pages_to_write, done)
            return pages_to_write

        def family(emitters) -> _Rendered:
            """The pages of `emitters` written or kept, in a process of their own (apart.Apart): what this one
            must know of them."""
            keys, searched, inputs = len(given.page_keys), len(given.searched_keys), len(given.page_inputs)
            kept, warned, failed = given.pages_kept, len(given.warnings), len(given.errors)
            listed: list[str] = []
            pages_to_write = write(emitters, listed, None)
            return _Rendered(listed, list(given.page_keys.items())[keys:], list(given.searched_keys.items())[searched:],
                             list(given.page_inputs.items())[inputs:], given.pages_kept - kept,
                             sum(page.listed for page in pages_to_write), given.warnings[warned:], given.errors[failed:])

        # Families rendered in a process of their own while this one renders the others (on one core: none).
        aside = tuple(emitter for emitter in APART if given is not None and forks.processes(2) > 1)
        views.articles_settled(dossier)  # once, before the data files' and the events' processes are forked: all read them
        # Worked out once, before those processes are forked: the network (the network's page and the data files
        # show it) and the articles' dated statements (the timeline and the events' comparisons read them).
        network.network_graph(dossier)
        timeline.statements_of(dossier)
        with data.started(site_), contextlib.ExitStack() as stack:  # the data files made in a process of their own
            if aside:
                other = stack.enter_context(contextlib.closing(apart.Apart(functools.partial(family, aside))))
            # The articles' pages first: Pagefind indexes their bundles while the other pages are written; then the
            # other pages the search reads (SEARCHED), whose bundle Pagefind indexes while the rest are written.
            first = EMITTERS.index(articles.pages) + 1
            write(EMITTERS[:first])
            indexing = self._start_index(given, output)
            try:
                indexing.start_articles()
                write(emitter for emitter in EMITTERS[first:] if emitter in SEARCHED and emitter not in aside)
                if aside:
                    rendered, there = other.result()
                    urls.extend(rendered.listed)
                    given.pages_written += rendered.written
                    if stage:
                        stage.advance(rendered.written)
                    if there:
                        given.page_keys.update(rendered.keys)
                        given.searched_keys.update(rendered.searched)
                        given.page_inputs.update(rendered.inputs)
                        given.pages_kept += rendered.kept
                        given.warnings.extend(rendered.warnings)
                        given.errors.extend(rendered.errors)
                if given is not None:  # the pages of the last render linked ahead that this one does not make
                    ahead.drop(given.previous, output, given.ahead - given.page_keys.keys())
                indexing.start_rest(final=False)
                write(emitter for emitter in EMITTERS[first:] if emitter not in SEARCHED and emitter not in aside)
                indexing.start_rest()
                write(LATE_EMITTERS)
                pages = [page.url for page in self.context.get("pages", [])]
                feed_limit = int(self.settings.get("DOSSIER_FEED_LIMIT", publish.FEED_LIMIT))
                publish.write_extras(output, dossier, site_url, sorted(urls + pages), feed_limit,
                                     kept=given and functools.partial(_feed_kept, given, output))
                if stage:
                    stage.finish(f"{given.pages_kept:,} kept from the last build" if given.pages_kept else "")
                self._finish_index(indexing, given)
            finally:
                indexing.close()

    def _listed_or_kept(self, page: site_pages.Page, urls: list[str], given, output: Path) -> bool:
        """Note `page`'s address for the sitemap when it is listed; whether it was kept from the last render.
        The page gets the social card first: its key reads it (an image of another size changes every page)."""
        page.context.setdefault("social", self.social.card)
        if page.listed:
            urls.append(page.url)
        if given is not None and self._kept(page, given, output):
            given.pages_kept += 1
            return True
        if given is not None and page.url in given.ahead:  # the last render's page, linked ahead: not to be written into
            ahead.unlink(output, page.url)
        return False

    def _start_index(self, given, output: Path) -> search.Indexing:
        """Pagefind started on the pages written: the search index, in the site's language (search.plan)."""
        plan = search.plan(((a.url, a.language) for a in self.dossier.articles), i18n.language())
        self.search_stage = given.progress.stage("search index") if given is not None else None
        return search.Indexing(output, i18n.language(), plan, previous=given and given.previous,
                               known=given and given.previous_search, record=given and given.search_keys,
                               keys=given and collections.ChainMap(given.searched_keys, given.page_keys),
                               site=given and given.output)

    def _finish_index(self, indexing: search.Indexing, given) -> None:
        if given is not None:  # while Pagefind ends: the build's caches, which the render does not change
            given.save_caches()
        warnings = indexing.finish()
        if self.search_stage:
            self.search_stage.finish()
        if given is not None:  # the build says them with its own messages
            given.warnings.extend(warnings)
        else:
            for warning in warnings:
                logger.warning(warning)

    @staticmethod
    def _kept(page: site_pages.Page, given, output: Path) -> bool:
        """Whether the page of the last render showed the same (link.page_key), and was kept as it is. A page made of
        the same inputs as then (its emitter's Page.inputs; an article's: link.article_inputs) is kept with the keys it
        had, not worked out again, nor the rest of its context (Page.fill)."""
        if page.template not in KEPT:
            return False
        inputs = page.inputs
        if inputs is None and page.template == "article" and given.input_salt:
            inputs = link.article_inputs(given.input_salt, page.url, page.context, given.source_digests, given.cards)
        if inputs is not None:
            given.page_inputs[page.url] = inputs
            key = given.previous_keys.get(page.url)
            if key is not None and given.previous_inputs.get(page.url) == inputs and _keep(given.previous, output, page.url):
                given.page_keys[page.url] = key
                if page.url in given.previous_searched:
                    given.searched_keys[page.url] = given.previous_searched[page.url]
                return True
        key, searched = link.page_keys(given.frame_key, page.url, page.template, page.filled(), given.cards,
                                       UNSEARCHED.get(page.template, frozenset()),
                                       SEARCHED_OF.get(page.template) if given.own_theme else None)
        if key is None:
            return False
        given.page_keys[page.url] = key
        if searched != key:
            given.searched_keys[page.url] = searched
        return given.previous_keys.get(page.url) == key and _keep(given.previous, output, page.url)

    def _write(self, writer, page: site_pages.Page, dossier, site_url: str) -> None:
        """Render `page` with its template; an index page without JSON-LD of its own is a CollectionPage."""
        context = page.filled()
        context.setdefault("nav_section", None)
        context.setdefault("feed", publish.feed_url(""))
        context.setdefault("feed_title", dossier.title)
        context.setdefault("jsonld", {  # index pages: a collection of the pages they list
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "name": context["page_title"],
            "description": context["page_description"],
            "url": f"{site_url}/{page.url}",
            "isPartOf": {"@type": "WebSite", "name": dossier.title, "url": f"{site_url}/"},
        })
        writer.write_file(page.path, self.get_template(page.template), self.context, canonical=page.url, **context)


def _own_theme(settings: dict) -> bool:
    """Whether the pages are rendered with this package's theme alone (no theme of the dossier's, no template
    overridden): the parts of its pages it marks for the search are then those SEARCHED_OF says."""
    return Path(settings["THEME"]).resolve() == dossier_settings.PACKAGE_THEME and not settings.get("THEME_TEMPLATES_OVERRIDES")


def _with_curator_pages(frame_key: str, pages) -> str:
    """The key of what every page is made with (`frame_key`) and the addresses of the curator's pages: the menu
    of every page links the about page only when there is one, so that one written or removed renders every
    page again, as a first build would."""
    addresses = "\0".join(sorted(str(page.url) for page in pages))
    return hashlib.sha256(f"{frame_key}\0{addresses}".encode()).hexdigest()


@dataclasses.dataclass
class _Rendered:
    """What the build's process must know of a family of pages rendered in another (`family`): the
    addresses it listed, its pages' keys (and of what the search reads of them), how many it kept and wrote,
    and what it found wrong."""

    listed: list[str]
    keys: list[tuple[str, str]]
    searched: list[tuple[str, str]]  # the keys of what the search reads of them, where not their keys
    inputs: list[tuple[str, str]]  # the keys of their inputs, where known (Page.inputs)
    kept: int
    written: int
    warnings: list[str]
    errors: list[str]


def _keep(previous: Path | None, output: Path, url: str, name: str = "index.html") -> bool:
    """Put the page at `url` of the last render (in `previous`) into `output` as it is: a hard link
    (a copy where the system has none). False when there is no such page, or it went while being
    taken (another build of the same output put its site in place): the page is then rendered.
    `name`: the file at `url` (a feed: "atom.xml"). Plain `os` calls: a rebuild keeps a thousand pages."""
    if previous is None:
        return False
    if name == ahead.PAGE and os.path.isfile(os.path.join(output, url, name)):  # linked ahead (render.ahead)
        return True
    source = os.path.join(previous, url, name)
    if not os.path.isfile(source):
        return False
    folder = os.path.join(output, url)
    target = os.path.join(folder, name)
    try:
        os.link(source, target)
    except FileNotFoundError:  # its folder is not there yet
        os.makedirs(folder, exist_ok=True)
        return _take_file(source, target)
    except OSError:
        return _take_file(source, target)
    return True


def _take_file(source: str, target: str) -> bool:
    try:
        os.link(source, target)
    except OSError:
        try:
            shutil.copy2(source, target)
        except FileNotFoundError:
            return False
    return True


def _feed_kept(given, output: Path, path: str, inputs: dict) -> bool:
    """Whether the feed at `path` made of `inputs` (its articles' cards among them) is the last render's, and
    was kept as it is (link.page_key, as a page's)."""
    key = link.page_key(given.frame_key, path, "atom", inputs, given.cards)
    if key is None:
        return False
    given.page_keys[path] = key
    folder, _, name = path.rpartition("/")
    return given.previous_keys.get(path) == key and _keep(given.previous, output, folder, name)


# The curator's pages (content/pages), read by Pelican.


class PageError(Exception):
    """What is wrong with a page, at a line of its file when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


class PageHeader(dict):
    """The "Key: value" lines that open a page, read as Python-Markdown's meta extension reads them: the
    line of each key (lowercase) where it is first given; `repeated`, (key, line, line of the first) for
    each key given again; `first`, the value of each key's first giving (a line, and its continuation lines)."""

    def __init__(self):
        super().__init__()
        self.repeated: list[tuple[str, int, int]] = []
        self.first: dict[str, list[str]] = {}
        self.end = 0  # the lines of the header, the closing "---" or "..." included: the text starts after them


def metadata_lines(text: str) -> PageHeader:
    """The line of each "Key: value" line that opens a page, the keys given twice, the first values."""
    header = PageHeader()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = 1 if lines and markdown_meta.BEGIN_RE.match(lines[0]) else 0
    key = current = None  # the last key read (continuation lines are its), and the one whose first value is read
    for number in range(start, len(lines)):
        line = lines[number].expandtabs(4)
        header.end = number
        if not line.strip() or markdown_meta.END_RE.match(line):
            header.end += bool(line.strip())
            break
        if found := markdown_meta.META_RE.match(line):
            key = found.group("key").lower().strip()
            if key in header:
                header.repeated.append((key, number + 1, header[key]))
                current = None
            else:
                header[key], header.first[key], current = number + 1, [found.group("value").strip()], key
        elif (more := markdown_meta.META_MORE_RE.match(line)) and key:
            if current:
                header.first[current].append(more.group("value").strip())
        else:
            break
    else:
        header.end = len(lines)
    return header


class PageReader(MarkdownReader):
    """Pelican's Markdown reader, telling which byte or which field of a page it could not read."""

    def read(self, source_path):
        """Pelican's MarkdownReader.read, on the file read once through files.read_bytes: a link out of the
        dossier, a FIFO, a folder or a file the system refuses is a PageError, never opened by Pelican."""
        try:
            data = files.read_bytes(Path(source_path), _root(self.settings))
        except files.UnreadableFile as error:
            raise PageError(error.reason) from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PageError(f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8",
                            data.count(b"\n", 0, error.start) + 1) from None
        self._lines = metadata_lines(text)
        self._source_path = source_path
        self._md = Markdown(**self.settings["MARKDOWN"])
        # As pelican_open gives it: read in text mode, so with universal newlines.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        costly = markdown_work.costly(text)
        if costly is None:
            content = self._md.convert(text)
        else:  # as an article's body: its fields read, its text shown as written, as plain text (render.markdown_work)
            lines = text.split("\n", self._lines.end)  # the header's lines, then the rest in one
            self._md.convert("\n".join(lines[: self._lines.end]))
            content = bodies.plain_html(lines[self._lines.end] if len(lines) > self._lines.end else "")[0]
            logger.warning(
                f"{_relative(self.settings, source_path)}:{text.count(chr(10), 0, costly) + 1}: the page is shown as "
                "plain text, as written: its links or HTML tags that do not close (the costliest starts on this line) "
                "would take too long to render; close or remove them"
            )
        metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        return content, metadata

    def _parse_metadata(self, meta):
        """Pelican's reading of the page's fields; a key given twice is an error at the line of the second,
        and its first value is kept (Pelican would make a list of both: a heading showing "['A', 'B']"); the
        lines of a title written on several lines are one title."""
        header = getattr(self, "_lines", None)
        if isinstance(header, PageHeader) and header.repeated:
            name = _relative(self.settings, self._source_path)
            for key, line, first in header.repeated:
                logger.error(f"{name}:{line}: field {shown(key)} given twice (first on line {first}); the first is kept")
            twice = {key for key, _, _ in header.repeated}
            meta = {key: header.first[key] if key in twice and key in header.first else values for key, values in meta.items()}
        if len(meta.get("title") or ()) > 1:  # a title on several lines is one title, not a list
            meta = {**meta, "title": [" ".join(meta["title"])]}
        return super()._parse_metadata(meta)

    def process_metadata(self, name, value):
        try:
            return super().process_metadata(name, value)
        except Exception as error:  # noqa: BLE001 — Pelican's processors raise whatever they raise
            told = ", ".join(map(str, value[:4])) if isinstance(value, list) else value
            line = getattr(self, "_lines", {}).get(name)
            raise PageError(f"field {shown(name)}: {shown(told)} cannot be read ({str(error)[:SHOWN]})", line) from None


def use_page_reader(readers):
    """A dossier's curator pages are read by PageReader, which says where a page cannot be read."""
    if not is_dossier(readers.settings):
        return
    for extension in MarkdownReader.file_extensions:
        readers.reader_classes[extension] = PageReader


def sanitise_page(content):
    """Every curator page: its HTML sanitised as an article's body is, its title and summary cleaned."""
    if not isinstance(content, Page) or not is_dossier(content.settings):
        return
    name = _relative(content.settings, content.source_path)
    lines = _page_lines(content)

    def where(key: str) -> str:
        return f"{name}:{lines[key]}" if key in lines else name

    html, removed = bodies.sanitise(content._content or "")
    content._content = html
    if removed:
        logger.warning(
            f"{name}: removed from the page: {', '.join(removed)} (a page shows text, links and simple formatting)"
        )
    if isinstance(getattr(content, "title", None), str):
        title = sources.clean_line(content.title)
        if title != " ".join(content.title.split()):
            logger.warning(f"{where('title')}: field 'title': control or text-direction characters removed")
        if title:
            content.title = content.metadata["title"] = title
        else:
            del content.title  # Pelican then leaves the page out, and says so
    if isinstance(content.metadata.get("summary"), str):
        content.metadata["summary"] = content._summary = bodies.sanitise(content.metadata["summary"])[0]
    if content.template != "page":
        logger.error(
            f"{where('template')}: field 'template': {shown(content.template)}: the theme has only the template 'page'; ignored"
        )
        content.template = "page"


def _page_lines(content) -> dict[str, int]:
    try:
        return metadata_lines(files.read_text(Path(content.source_path), _root(content.settings)))
    except (files.UnreadableFile, UnicodeDecodeError):
        return {}


def own_folders() -> set[str]:
    """The first folder of every address the dossier writes under: articles/, pagefind/, theme/ and those
    of its pages in the site's language (acteurs/, lieux/…, donnees/ with the data files; not the about page, which is the curator's)."""
    addresses = [address for key, address in i18n.addresses().items() if key != "about"]
    return {address.split("/")[0] for address in (*i18n.FIXED_FOLDERS, *addresses)}


def check_addresses(generator):
    """Leave out a page whose address is one the dossier writes, another page's, or too long for a file name:
    Pelican would stop the build."""
    if not is_dossier(generator.settings):
        return
    kinds = ("pages", "hidden_pages", "draft_pages", "translations", "hidden_translations", "draft_translations")
    taken: dict[str, str] = {}
    left_out = set()
    own = own_folders()
    for page in sorted((p for kind in kinds for p in getattr(generator, kind, [])), key=lambda p: str(p.source_path)):
        name = _relative(generator.settings, page.source_path)
        save_as = str(page.save_as).lstrip("/")
        lines = _page_lines(page)
        key = next((k for k in ("save_as", "slug", "title") if k in lines), None)
        where = f"{name}:{lines[key]}" if key else name
        if any(len(part.encode("utf-8", "surrogatepass")) > files.NAME_MAX for part in save_as.split("/")):
            logger.error(  # the file could not be written: Pelican would stop the whole render
                f"{where}: its address {files.shown(save_as)} is longer than the {files.NAME_MAX} bytes a file name may have; "
                "page left out (give it a shorter Slug:)"
            )
        elif save_as.split("/")[0] in own or save_as in OWN_FILES:
            logger.error(
                f"{where}: its address {shown(save_as)} is one of the dossier's own pages; page left out (give it another Slug:)"
            )
        elif save_as in taken:
            logger.error(f"{where}: its address {shown(save_as)} is already the address of {taken[save_as]}; page left out")
        else:
            taken[save_as] = name
            continue
        left_out.add(id(page))
    for kind in kinds:  # in place: the context holds these same lists
        pages = getattr(generator, kind, None)
        if isinstance(pages, list):
            pages[:] = [p for p in pages if id(p) not in left_out]


class _PelicanMessages(logging.Filter):
    """Pelican's messages about a page it leaves out, told as the dossier tells them: file, line, reason."""

    def __init__(self, settings: dict):
        super().__init__()
        self.settings = settings
        self.told: set[str] = set()

    def relative(self, path) -> str:
        return _relative(self.settings, path)

    def filter(self, record):
        if not isinstance(record.msg, str) or not record.args:
            return True
        if record.msg.startswith("There are %s"):
            return False  # pages sharing a slug: check_addresses says which one is left out
        if record.msg == "Could not process %s":  # logged where the exception is being handled
            name, error = self.relative(record.args[0]), sys.exc_info()[1]
            line = getattr(error, "line", None)
            reason = str(error) if isinstance(error, PageError) else f"cannot be read ({type(error).__name__}: {str(error)[:SHOWN]})"
            message = f"{name}:{line}" if line else name, reason
        elif record.msg.startswith("Skipping %s:"):
            name = self.relative(record.args[0])
            if "could not find information about" in record.msg:
                message = name, f"field {shown(record.args[1])}: missing"
            else:
                message = name, f"it would be written outside the site ({shown(record.args[1])})"
        else:
            return True
        if name in self.told:
            return False  # one message per page left out
        self.told.add(name)
        record.msg, record.args = "%s: %s; page left out", message
        return True


def _root(settings: dict) -> Path:
    """The dossier's folder: the build's DOSSIER_ROOT, or the folder of the content (`pelican content`)."""
    return Path(settings.get("DOSSIER_ROOT") or Path(settings["PATH"]).resolve().parent).resolve()


def exclude_folder_links(settings: dict) -> None:
    """Leave out of the curator's pages each folder of content/pages that is a link out of the dossier, or to a
    folder that holds it (a loop), each said once: Pelican walks into linked folders (os.walk, followlinks=True)."""
    content, root = Path(settings["PATH"]), _root(settings)
    excludes = list(settings.get("PAGE_EXCLUDES") or [])
    for pages in settings.get("PAGE_PATHS") or []:
        for folder, names, _ in os.walk(content / pages):  # not into links: they are listed, not entered
            for linked in (Path(folder) / name for name in sorted(names)):
                if not linked.is_symlink():
                    continue
                target = Path(os.path.realpath(linked))
                if not target.is_relative_to(root):
                    reason = f"a link to {files.shown(str(target))}, outside the dossier"
                elif Path(os.path.realpath(folder)).is_relative_to(target):
                    reason = "a link to a folder that holds it"
                else:
                    continue
                excludes.append(linked.relative_to(content).as_posix())
                logger.error(f"{_relative(settings, linked)}: {reason}; not followed, the pages in it left out")
    settings["PAGE_EXCLUDES"] = excludes


def _relative(settings: dict, path) -> str:
    """A file's path as the curator names it: from the dossier's folder."""
    content = Path(settings["PATH"]).resolve()
    root = _root(settings)
    path = Path(str(path))
    if not path.is_absolute():
        path = content / path
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


_LOGGERS = ("pelican.generators", "pelican.contents", "pelican.utils")


def initialise(pelican):
    """A dossier's settings completed (dossier.settings.apply), its theme and filters, Pelican's messages retold."""
    # Loggers are process-wide: a filter left by a dossier built earlier in this process would retell this site's.
    for name in _LOGGERS:
        for old in [f for f in logging.getLogger(name).filters if isinstance(f, _PelicanMessages)]:
            logging.getLogger(name).removeFilter(old)
    if not is_dossier(pelican.settings):
        return
    root = Path(pelican.settings.get("DOSSIER_ROOT") or Path(pelican.settings["PATH"]).parent)
    dossier_settings.apply(pelican.settings, root)
    exclude_folder_links(pelican.settings)
    pelican.theme = pelican.settings["THEME"]
    # The templates compiled once, kept in .cache/ for the next build (install_language adds gettext, newstyle).
    environment = pelican.settings["JINJA_ENVIRONMENT"]
    environment["bytecode_cache"] = template_cache.bytecode_cache(root, {**environment, "i18n": "newstyle"})
    # Grouping is done in Python, in one pass: a template filtering every mention per article is quadratic.
    pelican.settings.setdefault("JINJA_FILTERS", {}).update(by_article=views.group_by_article, by_type=views.group_by_type)
    for key in ("SITENAME", "DOSSIER_TITLE", "DOSSIER_DESCRIPTION"):  # shown on every page
        if isinstance(pelican.settings.get(key), str):
            pelican.settings[key] = sources.clean_line(pelican.settings[key])
    messages = _PelicanMessages(pelican.settings)
    for name in _LOGGERS:
        logging.getLogger(name).addFilter(messages)


def use_language(pelican):
    """The site's language (DEFAULT_LANG) and the addresses of its pages (DOSSIER_URLS) for this build;
    what is wrong with them is said once."""
    if not is_dossier(pelican.settings):
        return
    for warning in i18n.use(pelican.settings.get("DEFAULT_LANG"), pelican.settings.get("DOSSIER_URLS")):
        logger.warning(warning)


def install_language(generator):
    """Every generator's templates (the dossier's and the curator pages') speak the site's language:
    `_()`, `ngettext()` and `pgettext()` from its catalog, `ui_language` for `<html lang>` and `urls`,
    the addresses of the dossier's pages."""
    if not is_dossier(generator.settings):
        return
    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(i18n.translations(), newstyle=True)
    gettext = i18n.template_gettext(i18n.translations().gettext)
    env.globals.update(_=gettext, gettext=gettext, ui_language=i18n.language(), urls=i18n.addresses())


def get_generators(pelican):
    """The dossier's generator, for a dossier; for another site none (Pelican's run takes an empty tuple)."""
    return DossierGenerator if is_dossier(pelican.settings) else ()


def register():
    """Connect the receivers to Pelican's signals; each acts on a dossier only (is_dossier)."""
    signals.initialized.connect(initialise)
    signals.initialized.connect(use_language)
    signals.generator_init.connect(install_language)
    signals.readers_init.connect(use_page_reader)
    signals.content_object_init.connect(sanitise_page)
    signals.page_generator_finalized.connect(check_addresses)
    signals.get_generators.connect(get_generators)
