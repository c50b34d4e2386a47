"""The home page, the search page and the page for addresses the site does not have."""

from __future__ import annotations

from collections.abc import Iterator

from ..render import i18n
from ..render.pages import Page, Site
from . import feeds
from .search import search_languages


def pages(site: Site) -> Iterator[Page]:
    """The home page (the dossier's title and description as a WebSite), search, and 404.html."""
    dossier, site_url = site.dossier, site.site_url
    yield Page("", "index", {
        "page_title": i18n._("Home"),
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
        # Articles in another language than the site's are in an index of their own (search.index_site).
        "search_languages": search_languages(dossier.articles, i18n.language()),
    })
    yield Page("404.html", "404", {
        "page_title": i18n._("Page not found"),
        "page_description": i18n._("This page does not exist, or no longer does."),
        "jsonld": {"@context": "https://schema.org", "@type": "WebPage", "name": i18n._("Page not found"),
                   "isPartOf": {"@type": "WebSite", "name": dossier.title, "url": f"{site_url}/"}},
        "feed": feeds.feed_url(""), "feed_title": dossier.title,
    }, save_as="404.html", listed=False)
