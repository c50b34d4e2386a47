"""The home page, the search page and the page for addresses the site does not have."""

from __future__ import annotations

from collections.abc import Iterator

from ..render import i18n, views
from ..render.pages import Page, Site
from . import feeds, search


def pages(site: Site) -> Iterator[Page]:
    """The home page (the dossier's title and description as a WebSite), search, and 404.html."""
    dossier, site_url = site.dossier, site.site_url
    yield Page("", "index", {
        "page_title": i18n._("Home"),
        "og_title": dossier.title,  # what the page's h1 says, not "Home"
        "page_description": dossier.description or dossier.title,
        "jsonld": {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": dossier.title,
            "description": dossier.description,
            "url": f"{site_url}/",
        },
    })
    yield Page(i18n.address("search"), "search", {
        "nav_section": i18n.address("search"),
        "page_title": i18n._("Search"),
        "page_description": i18n._("Search the dossier’s articles, actors and events."),
        # The bundles of the search index (search.plan): articles in another language than the site's
        # have their own, and those of a large dossier are shared between several.
        "search_bundles": search.bundles_of(search.plan(((a.url, a.language) for a in dossier.articles), i18n.language())),
        "search_words": search_words(),
    })
    yield Page("404.html", "404", {
        "page_title": i18n._("Page not found"),
        "page_description": i18n._("This page does not exist, or no longer does."),
        "jsonld": {"@context": "https://schema.org", "@type": "WebPage", "name": i18n._("Page not found"),
                   "isPartOf": {"@type": "WebSite", "name": dossier.title, "url": f"{site_url}/"}},
        "feed": feeds.feed_url(""), "feed_title": dossier.title,
    }, save_as="404.html", listed=False)


def search_words() -> dict:
    """The words the search page's script writes, in the site's language, for its `data-words`: its filters
    (their names and values are those the templates write in `data-pagefind-filter`), the CSS class of each
    kind of result, and its messages, where `{name}` stands for what the script fills in. A message that
    depends on a number has its singular and its plural (the script chooses with `Intl.PluralRules`)."""
    article, actor, place, event = i18n._("Article"), i18n._("Actor"), i18n._("Place"), i18n._("Event")
    return {
        "filters": [
            {"key": i18n.pgettext("search filter", "type"), "legend": i18n._("Type"), "order": [article, actor, place, event]},
            {"key": i18n.pgettext("search filter", "outlet"), "legend": i18n._("Outlet"), "last": views.unknown_outlet()},
        ],
        "kinds": {views.type_label(kind): kind for kind in views.TYPE_LABELS} | {
            article: "article", actor: "person", place: "place", event: "event"},
        "results": [i18n.ngettext("%(number)s result", "%(number)s results", n, number="{n}") for n in (1, 2)],
        "none": i18n._("No results"),
        "query": i18n._("%(results)s for “%(query)s”", results="{results}", query="{q}"),
        "filtered": i18n._("%(results)s with these filters", results="{results}"),
        "retry": i18n._("Try another word, or fewer filters."),
        "failed": i18n._("The search failed; reload the page to try again."),
        "missing": i18n._("The search could not load (its index is missing or the browser blocked it)."),
        "title": i18n._("“%(query)s” · %(title)s", query="{q}", title="{title}"),
    }
