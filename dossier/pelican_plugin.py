"""Pelican plugin: a generator that writes the dossier's pages with the theme's templates.

Pelican reads the settings, copies the theme's static files and renders the
curator's own pages (`content/pages`); this generator reads the registry and
the annotated articles, cross-links them (`site.build_dossier`) and writes the
home page, one page per article, entity and event, and their indexes.

The plugin acts on dossiers only (`is_dossier`): Pelican loads every plugin installed under its
namespace when a site sets no PLUGINS, so a plain Pelican blog built in the same environment
is left exactly as Pelican writes it.

One file is never the whole site: an article or a page that cannot be read or shown
is reported as an error naming the file (and the line, where there is one) and left
out, and the rest is built. Curator pages are sanitised like articles (`site.sanitise`:
the same allow-list), and their titles cleaned of control and text-direction characters.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
from pathlib import Path

from pelican.contents import Page
from pelican.generators import Generator
from pelican.readers import MarkdownReader

from pelican import signals

from .analysis import quotes
from .core import settings as dossier_settings
from .curate.registry import read_registry
from .render import i18n, site
from .sections import compare, data, network, search, timeline
from .sections import feeds as publish

logger = logging.getLogger(__name__)

# Templates the generator renders; the theme must provide each one (tests check it).
TEMPLATES = ("index", "article", "articles", "entity", "entities", "event", "events", "404", "timeline", "network", "search", "data",
             "quotes")
# The pages kept from the last render when their key is the same (site.page_key): those of articles,
# actors and places, that one new article leaves as they were (the indexes, the timeline and the
# network it changes, and they are few).
KEPT = ("article", "entity")
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
        content = Path(self.path)
        root = Path(self.settings.get("DOSSIER_ROOT") or content.parent)
        given = self.settings.get("DOSSIER_INPUT")  # a site.RenderInput when the dossier's build runs Pelican
        if given is not None:
            registry, found = given.registry, given.sources
        elif (root / "seeds").is_dir():  # `pelican content` on a dossier: the build's steps before the render
            from .pipeline import prepare

            report, prepared = prepare(root)
            for warning in report.warnings:
                logger.warning(warning)
            for error in report.errors:
                logger.error(error)
            registry, found = prepared.registry, prepared.sources
        else:  # another Pelican site using the plugin: its registry and annotated articles, as they are
            registry, problems = read_registry(content, root)
            for problem in problems:
                logger.error(problem)
            found = site.read_sources(content / "articles", root)
        linking = given.progress.stage("linking") if given is not None else None
        dossier = site.build_dossier(
            registry,
            found.articles,
            title=site.clean_line(self.settings.get("DOSSIER_TITLE") or self.settings["SITENAME"]),
            description=site.clean_line(self.settings.get("DOSSIER_DESCRIPTION", "")),
            site_url=self.settings.get("SITEURL", ""),
            cache=root / ".cache" / "dossier-bodies" if self.settings.get("DOSSIER_ROOT") else None,
            link_first_mention=bool(self.settings.get("DOSSIER_LINK_FIRST_MENTION", True)),
        )
        if linking:
            linking.finish()
        dossier.warnings[:] = list(dict.fromkeys(found.warnings + dossier.warnings))
        dossier.errors[:] = list(dict.fromkeys(found.errors + dossier.errors))
        if given is not None:  # returned to the build, which counts the errors: it exits with 1
            given.warnings[:], given.errors[:] = dossier.warnings, dossier.errors
        else:
            for warning in dossier.warnings:
                logger.warning(warning)
            for error in dossier.errors:
                logger.error(error)
        self.context["dossier"] = dossier
        self.dossier = dossier

    def generate_output(self, writer):
        dossier, site_url = self.dossier, self.settings.get("SITEURL", "")

        urls: list[str] = []
        given = self.settings.get("DOSSIER_INPUT")
        stage = given.progress.stage("rendering pages") if given is not None else None

        def write(url: str, template: str, **context):
            urls.append(url)
            if given is not None and template in KEPT:
                # The page of the last render, when it showed the same: kept as it is, not rendered.
                key = site.page_key(given.frame_key, url, template, context)
                if key is not None:
                    given.page_keys[url] = key
                    if given.previous_keys.get(url) == key and _keep(given.previous, Path(self.output_path), url):
                        given.pages_kept += 1
                        return
            if given is not None:
                given.pages_written += 1
                stage.advance()
            context.setdefault("nav_section", None)
            context.setdefault("feed", publish.feed_url(""))
            context.setdefault("feed_title", dossier.title)
            context.setdefault("jsonld", {  # index pages: a collection of the pages they list
                "@context": "https://schema.org",
                "@type": "CollectionPage",
                "name": context["page_title"],
                "description": context["page_description"],
                "url": f"{site_url}/{url}",
                "isPartOf": {"@type": "WebSite", "name": dossier.title, "url": f"{site_url}/"},
            })
            writer.write_file(
                f"{url}index.html", self.get_template(template), self.context, canonical=url, **context
            )

        write(
            "",
            "index",
            page_title=i18n._("Home"),
            page_description=dossier.description or dossier.title,
            jsonld={
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": dossier.title,
                "description": dossier.description,
                "url": f"{site_url}/",
            },
        )
        per_page = int(self.settings.get("DOSSIER_ARTICLES_PER_PAGE", site.ARTICLES_PER_PAGE))
        chunks = [dossier.articles[i : i + per_page] for i in range(0, len(dossier.articles), per_page)] or [[]]
        for number, chunk in enumerate(chunks, start=1):
            write(
                site.page_url("articles/", number), "articles", articles=chunk, article_count=len(dossier.articles),
                nav_section="articles/",
                page_title=_paged(i18n._("Articles"), number),
                page_description=i18n.ngettext(
                    "%(num)d article in the dossier.", "%(num)d articles in the dossier.", len(dossier.articles)
                ),
                **site.pages_context("articles/", number, len(chunks)),
            )
        for article in dossier.articles:
            write(
                article.url, "article", article=article, nav_section="articles/",
                page_title=article.title, page_description=article.summary,
                jsonld=site.article_jsonld(article, site_url),
            )
        per_page = int(self.settings.get("DOSSIER_ENTITIES_PER_PAGE", site.ENTITIES_PER_PAGE))
        for url, title, types, description in (
            (i18n.address("actors"), i18n._("Actors"), ("person", "organisation", "country"),
             i18n._("The people, organisations and countries cited in the dossier.")),
            (i18n.address("places"), i18n._("Places"), ("place",), i18n._("The places cited in the dossier.")),
        ):
            groups = dossier.entity_groups(types)
            pages = site.index_pages(url, groups, per_page)
            toc = []  # each group where it begins
            for page in pages:
                toc += [group for group in page if not toc or group.number > toc[-1].number]
            for number, page in enumerate(pages, start=1):
                write(
                    site.page_url(url, number), "entities", nav_section=url, index_title=title,
                    groups=page, toc=toc, entity_total=sum(len(entities) for _, entities in groups),
                    page_url=site.page_url(url, number),
                    page_title=_paged(title, number), page_description=description,
                    **site.pages_context(url, number, len(pages)),
                )
        # Where each speaker's quotations are on "who said what" (an actor's page shows the first ones).
        per_page = int(self.settings.get("DOSSIER_QUOTES_PER_PAGE", quotes.QUOTES_PER_PAGE))
        shown = int(self.settings.get("DOSSIER_QUOTES_ON_ACTOR_PAGE", quotes.QUOTES_ON_ACTOR_PAGE))
        quotes_url = i18n.address("quotes")
        speakers = dossier.speakers
        quote_pages = site.paginate(speakers, per_page)
        speaker_pages = {(speaker.id if speaker else ""): site.page_url(quotes_url, number)
                         for number, page in enumerate(quote_pages, start=1) for speaker, _ in page}
        per_page = int(self.settings.get("DOSSIER_MENTIONS_PER_PAGE", site.MENTIONS_PER_PAGE))
        frame = network.month_frame(dossier)
        for entity in dossier.entities:
            extra = network.entity_context(entity, dossier, site_url, frame)
            pages = site.paginate(site.group_by_article(entity.mentions), per_page)
            for number, groups in enumerate(pages, start=1):
                url = site.page_url(entity.url, number)
                write(
                    url, "entity", entity=entity,
                    nav_section=i18n.address("places" if entity.type == "place" else "actors"),
                    page_title=_paged(entity.name, number),
                    page_description=entity.description,
                    jsonld=site.entity_jsonld(entity, site_url),
                    feed=publish.feed_url(entity.url), feed_title=i18n._("Articles citing %(name)s", name=entity.name),
                    mention_groups=groups, quotes_shown=shown,
                    quotes_page=speaker_pages.get(entity.id),
                    first_article=sum(len(p) for p in pages[: number - 1]) + 1,
                    last_article=sum(len(p) for p in pages[:number]),
                    **site.pages_context(entity.url, number, len(pages)),
                    **extra,
                )
        write(
            i18n.address("events"), "events", events=dossier.events, nav_section=i18n.address("events"),
            page_title=i18n._("Events"), page_description=i18n._("The dossier’s events, in chronological order."),
        )
        per_page = int(self.settings.get("DOSSIER_PASSAGES_PER_PAGE", compare.PASSAGES_PER_PAGE))
        comparisons = compare.compare(dossier)
        for event in dossier.events:
            comparison = comparisons[event.event.id]
            pages = compare.pages(comparison, per_page)
            for number, outlets in enumerate(pages, start=1):
                write(
                    site.page_url(event.url, number), "event", event=event, nav_section=i18n.address("events"),
                    page_title=_paged(event.name, number),
                    page_description=event.description,
                    jsonld=site.event_jsonld(event, site_url),
                    feed=publish.feed_url(event.url), feed_title=i18n._("Articles about %(name)s", name=event.name),
                    outlet_groups=outlets, comparison=comparison, sources_shown=compare.SOURCES_SHOWN,
                    **site.pages_context(event.url, number, len(pages)),
                )
        # The reader's tools: the timeline, the network of actors, the search page.
        per_page = int(self.settings.get("DOSSIER_STATEMENTS_PER_PAGE", timeline.STATEMENTS_PER_PAGE))
        for context in timeline.timeline_pages(dossier, site_url, per_page):
            number = context["page_number"]
            write(
                site.page_url(i18n.address("timeline"), number), "timeline", nav_section=i18n.address("timeline"),
                page_title=_paged(i18n._("Timeline"), number),
                page_description=i18n._("The events and the dates cited in the dossier’s articles."),
                **context,
            )
        nodes = int(self.settings.get("DOSSIER_NETWORK_NODES", network.NETWORK_NODES))
        context = network.network_context(dossier, site_url, nodes)
        per_page = int(self.settings.get("DOSSIER_NETWORK_ROWS_PER_PAGE", network.NETWORK_ROWS_PER_PAGE))
        rows = context.pop("network_rows")
        chunks = [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]
        for number, chunk in enumerate(chunks, start=1):
            write(
                site.page_url(i18n.address("network"), number), "network", nav_section=i18n.address("network"),
                page_title=_paged(i18n._("Network of the actors"), number),
                page_description=i18n._("Who is cited with whom in the dossier’s articles."),
                network_rows=chunk, first_row=(number - 1) * per_page + 1,
                **site.pages_context(i18n.address("network"), number, len(chunks)),
                **context,
            )
        # Who said what: every quotation by speaker, pages cut between speakers.
        for number, page in enumerate(quote_pages, start=1):
            write(
                site.page_url(quotes_url, number), "quotes", nav_section=quotes_url, speaker_groups=page,
                speaker_pages=speaker_pages, speaker_total=len(speakers), quote_total=len(dossier.quotes),
                quotes_by_event=dossier.quotes_by_event if number == 1 else [],
                page_title=_paged(i18n._("Who said what"), number),
                page_description=i18n._("The quotations of the dossier’s articles, by speaker and by event."),
                **site.pages_context(quotes_url, number, len(quote_pages)),
            )
        # The data as downloads, and the page that lists them (their sizes: written first).
        files = data.data_files(dossier, site_url)
        data.write_files(Path(self.output_path) / i18n.address("data"), files)
        write(
            i18n.address("data"), "data", data_files=files,
            page_title=i18n._("The dossier’s data"),
            page_description=i18n._("The dossier’s actors, places, events, articles and mentions, as files to download."),
        )
        write(
            i18n.address("search"), "search", nav_section=i18n.address("search"),
            page_title=i18n._("Search"),
            page_description=i18n._("Search the dossier’s articles, actors and events."),
        )
        writer.write_file(
            "404.html", self.get_template("404"), self.context, canonical="404.html", nav_section=None,
            page_title=i18n._("Page not found"),
            page_description=i18n._("This page does not exist, or no longer does."),
            jsonld={"@context": "https://schema.org", "@type": "WebPage", "name": i18n._("Page not found"),
                    "isPartOf": {"@type": "WebSite", "name": dossier.title, "url": f"{site_url}/"}}, feed=publish.feed_url(""), feed_title=dossier.title,
        )
        pages = [page.url for page in self.context.get("pages", [])]
        feed_limit = int(self.settings.get("DOSSIER_FEED_LIMIT", publish.FEED_LIMIT))
        publish.write_extras(Path(self.output_path), dossier, site_url, sorted(urls + pages), feed_limit)
        if stage:
            stage.finish(f"{given.pages_kept:,} kept from the last build" if given.pages_kept else "")


def _paged(title: str, number: int) -> str:
    """The title of page `number` of a page cut into several: "Acteurs", "Acteurs (page 2)"."""
    return title if number == 1 else i18n._("%(title)s (page %(number)s)", title=title, number=number)


def _keep(previous: Path | None, output: Path, url: str) -> bool:
    """Put the page at `url` of the last render (in `previous`) into `output` as it is: a hard link
    (a copy where the system has none). False when there is no such page."""
    if previous is None or not (previous / url / "index.html").is_file():
        return False
    target = output / url / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(previous / url / "index.html", target)
    except OSError:
        shutil.copy2(previous / url / "index.html", target)
    return True


# The curator's pages (content/pages), read by Pelican.


class PageError(Exception):
    """What is wrong with a page, at a line of its file when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def metadata_lines(text: str) -> dict[str, int]:
    """The line of each "Key: value" line that opens a page, up to the first blank line."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            break
        if match := re.match(r"^([A-Za-z0-9_-]+)\s*:", line):
            lines.setdefault(match.group(1).lower(), number)
    return lines


class PageReader(MarkdownReader):
    """Pelican's Markdown reader, telling which byte or which field of a page it could not read."""

    def read(self, source_path):
        data = Path(source_path).read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PageError(f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8",
                            data.count(b"\n", 0, error.start) + 1) from None
        self._lines = metadata_lines(text)
        return super().read(source_path)

    def process_metadata(self, name, value):
        try:
            return super().process_metadata(name, value)
        except Exception as error:  # noqa: BLE001 — Pelican's processors raise whatever they raise
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            line = getattr(self, "_lines", {}).get(name)
            raise PageError(f"field {name!r}: {shown!r} cannot be read ({error})", line) from None


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
    name = _messages.relative(content.source_path)
    lines = _page_lines(content)

    def where(key: str) -> str:
        return f"{name}:{lines[key]}" if key in lines else name

    html, removed = site.sanitise(content._content or "")
    content._content = html
    if removed:
        logger.warning(
            f"{name}: removed from the page: {', '.join(removed)} (a page shows text, links and simple formatting)"
        )
    if isinstance(getattr(content, "title", None), str):
        title = site.clean_line(content.title)
        if title != " ".join(content.title.split()):
            logger.warning(f"{where('title')}: field 'title': control or text-direction characters removed")
        if title:
            content.title = content.metadata["title"] = title
        else:
            del content.title  # Pelican then leaves the page out, and says so
    if isinstance(content.metadata.get("summary"), str):
        content.metadata["summary"] = content._summary = site.sanitise(content.metadata["summary"])[0]
    if content.template != "page":
        logger.error(
            f"{where('template')}: field 'template': {content.template!r}: the theme has only the template 'page'; ignored"
        )
        content.template = "page"


def _page_lines(content) -> dict[str, int]:
    try:
        return metadata_lines(Path(content.source_path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return {}


def own_folders() -> set[str]:
    """The first folder of every address the dossier writes under: articles/, pagefind/, theme/ and those
    of its pages in the site's language (acteurs/, lieux/…, donnees/ with the data files; not the about page, which is the curator's)."""
    addresses = [address for key, address in i18n.addresses().items() if key != "about"]
    return {address.split("/")[0] for address in (*i18n.FIXED_FOLDERS, *addresses)}


def check_addresses(generator):
    """Leave out a page whose address is one the dossier writes, or another page's: Pelican would stop the build."""
    if not is_dossier(generator.settings):
        return
    kinds = ("pages", "hidden_pages", "draft_pages", "translations", "hidden_translations", "draft_translations")
    taken: dict[str, str] = {}
    left_out = set()
    own = own_folders()
    for page in sorted((p for kind in kinds for p in getattr(generator, kind, [])), key=lambda p: str(p.source_path)):
        name = _messages.relative(page.source_path)
        save_as = str(page.save_as).lstrip("/")
        lines = _page_lines(page)
        key = next((k for k in ("save_as", "slug", "title") if k in lines), None)
        where = f"{name}:{lines[key]}" if key else name
        if save_as.split("/")[0] in own or save_as in OWN_FILES:
            logger.error(
                f"{where}: its address {save_as!r} is one of the dossier's own pages; page left out (give it another Slug:)"
            )
        elif save_as in taken:
            logger.error(f"{where}: its address {save_as!r} is already the address of {taken[save_as]}; page left out")
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

    def __init__(self):
        super().__init__()
        self.root = self.content = None
        self.told: set[str] = set()

    def relative(self, path) -> str:
        path = Path(str(path))
        if not path.is_absolute() and self.content:
            path = self.content / path
        try:
            return path.relative_to(self.root).as_posix() if self.root else str(path)
        except ValueError:
            return str(path)

    def filter(self, record):
        if not isinstance(record.msg, str) or not record.args:
            return True
        if record.msg.startswith("There are %s"):
            return False  # pages sharing a slug: check_addresses says which one is left out
        if record.msg == "Could not process %s":  # logged where the exception is being handled
            name, error = self.relative(record.args[0]), sys.exc_info()[1]
            line = getattr(error, "line", None)
            reason = str(error) if isinstance(error, PageError) else f"cannot be read ({type(error).__name__}: {error})"
            message = f"{name}:{line}" if line else name, reason
        elif record.msg.startswith("Skipping %s:"):
            name = self.relative(record.args[0])
            if "could not find information about" in record.msg:
                message = name, f"field {record.args[1]!r}: missing"
            else:
                message = name, f"it would be written outside the site ({record.args[1]!r})"
        else:
            return True
        if name in self.told:
            return False  # one message per page left out
        self.told.add(name)
        record.msg, record.args = "%s: %s; page left out", message
        return True


_messages = _PelicanMessages()


_LOGGERS = ("pelican.generators", "pelican.contents", "pelican.utils")


def initialise(pelican):
    """A dossier's settings completed (dossier.settings.apply), its theme and filters, Pelican's messages retold."""
    if not is_dossier(pelican.settings):
        # The filter is process-wide: left by a dossier built earlier in this process, it would retell this site's.
        for name in _LOGGERS:
            logging.getLogger(name).removeFilter(_messages)
        return
    root = Path(pelican.settings.get("DOSSIER_ROOT") or Path(pelican.settings["PATH"]).parent)
    dossier_settings.apply(pelican.settings, root)
    pelican.theme = pelican.settings["THEME"]
    # Grouping is done in Python, in one pass: a template filtering every mention per article is quadratic.
    pelican.settings.setdefault("JINJA_FILTERS", {})["by_article"] = site.group_by_article
    for key in ("SITENAME", "DOSSIER_TITLE", "DOSSIER_DESCRIPTION"):  # shown on every page
        if isinstance(pelican.settings.get(key), str):
            pelican.settings[key] = site.clean_line(pelican.settings[key])
    _messages.root, _messages.content, _messages.told = root.resolve(), Path(pelican.settings["PATH"]).resolve(), set()
    for name in _LOGGERS:
        if _messages not in logging.getLogger(name).filters:
            logging.getLogger(name).addFilter(_messages)


def index_for_search(pelican):
    """Pagefind's index of the site Pelican wrote, in the site's language: the search page reads it."""
    if not is_dossier(pelican.settings):
        return
    given = pelican.settings.get("DOSSIER_INPUT")
    stage = given.progress.stage("search index") if given is not None else None
    warnings = search.index_site(Path(pelican.output_path), i18n.language())
    if stage:
        stage.finish()
    if given is not None:  # the build says them with its own messages
        given.warnings.extend(warnings)
    else:
        for warning in warnings:
            logger.warning(warning)


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
    env.globals.update(ui_language=i18n.language(), urls=i18n.addresses())


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
    signals.finalized.connect(index_for_search)
