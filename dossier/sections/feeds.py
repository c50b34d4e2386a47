"""Publish: the files a static host and its readers expect beside the pages.

Atom feeds (the dossier's articles, and per actor and per event the articles that
mention it), `sitemap.xml`, `robots.txt`, `.nojekyll`, and `previews.json`, the data
of the preview cards the theme's script shows over links to actors and events. Every URL starts with the
site's public address when the build knows it (`--site-url`). Output is deterministic:
no build time is written; an entry's `updated` is its publication date, and an
article whose date is unknown takes the date of the newest dated article.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as etree
from collections.abc import Callable
from pathlib import Path

from ..core.files import naming
from ..render import i18n
from ..render.jsonld import absolute_url
from ..render.sources import clean_text
from ..render.views import ArticleView, Dossier

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
EPOCH = dt.date(1970, 1, 1)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _updated(article: ArticleView, fallback: dt.date) -> dt.date:
    return article.date.first_day() if article.date else fallback


def atom_feed(title: str, feed_url: str, page_url: str, site_url: str, articles: list[ArticleView], subtitle: str = "") -> bytes:
    """An Atom 1.0 document listing `articles` (newest first), in the site's language."""
    known = [a.date.first_day() for a in articles if a.date]
    newest = max(known, default=EPOCH)
    etree.register_namespace("", ATOM)
    feed = etree.Element(f"{{{ATOM}}}feed", {XML_LANG: i18n.language()})

    def child(parent, tag, text=None, **attributes):
        # XML cannot hold control characters: whatever a text holds, the feed stays well-formed.
        element = etree.SubElement(parent, f"{{{ATOM}}}{tag}", {k: clean_text(v) for k, v in attributes.items()})
        element.text = clean_text(text) if text else text
        return element

    child(feed, "id", _id(site_url, feed_url))
    child(feed, "title", title)
    if subtitle:
        child(feed, "subtitle", subtitle)
    child(feed, "updated", _timestamp(newest))
    child(feed, "link", rel="self", type="application/atom+xml", href=absolute_url(site_url, feed_url))
    child(feed, "link", rel="alternate", type="text/html", href=absolute_url(site_url, page_url))
    child(child(feed, "author"), "name", title)
    child(feed, "generator", "dossier")
    for article in articles:  # an article in another language than the site's says so, as its page does
        entry = child(feed, "entry", **({XML_LANG: article.language} if article.language != i18n.language() else {}))
        child(entry, "id", _id(site_url, article.url))
        child(entry, "title", article.title)
        child(entry, "link", rel="alternate", type="text/html", href=absolute_url(site_url, article.url))
        child(entry, "updated", _timestamp(_updated(article, newest)))
        if article.date:
            child(entry, "published", _timestamp(article.date.first_day()))
        for name in article.authors:
            child(child(entry, "author"), "name", name)
        child(entry, "summary", article.summary or article.title)
    etree.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + etree.tostring(feed, encoding="utf-8") + b"\n"


def _id(site_url: str, url: str) -> str:
    """Atom ids must be absolute IRIs: the page's address, or a URN when the site's address is unknown."""
    return f"{site_url}/{url}" if site_url else f"urn:dossier:{url or 'index'}"


def sitemap(site_url: str, urls: list[str]) -> bytes:
    """A sitemap listing every page URL."""
    etree.register_namespace("", SITEMAP)
    root = etree.Element(f"{{{SITEMAP}}}urlset")
    for url in urls:
        loc = etree.SubElement(etree.SubElement(root, f"{{{SITEMAP}}}url"), f"{{{SITEMAP}}}loc")
        loc.text = clean_text(absolute_url(site_url, url))
    etree.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + etree.tostring(root, encoding="utf-8") + b"\n"


def robots(site_url: str) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url}/sitemap.xml")
    return "\n".join(lines) + "\n"


PREVIEW_LENGTH = 240  # characters of a description on a preview card


def _shorten(text: str, length: int = PREVIEW_LENGTH) -> str:
    text = " ".join(clean_text(text or "").split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _count(view) -> str:
    """What a card says of the mentions of an entity or an event: "3 mentions in 2 articles"."""
    if not view.mention_count:
        return i18n._("No mention in the dossier’s articles.")
    return i18n._("%(count)s in %(articles)s", count=i18n.ngettext("%(num)d mention", "%(num)d mentions", view.mention_count),
                  articles=i18n.ngettext("%(num)d article", "%(num)d articles", len(view.articles)))


def previews(dossier: Dossier) -> bytes:
    """The preview cards' data: per entity and event id, what its card shows (JSON, keys sorted).

    URLs are relative to the site's root, so that the file is the same whatever the site's address.
    """
    data: dict[str, dict] = {}
    for entity in dossier.entities:
        data[entity.id] = {
            "name": entity.name,
            "type": entity.type,
            "type_label": entity.type_label,
            "description": _shorten(entity.description),
            "mentions": entity.mention_count,
            "articles": len(entity.articles),
            "count": _count(entity),
            "url": entity.url,
        }
    for event in dossier.events:
        data[event.id] = {
            "name": event.name,
            "type": "event",
            "type_label": i18n._("Event"),
            "date": event.date_label,
            "description": _shorten(event.description),
            "mentions": event.mention_count,
            "articles": len(event.articles),
            "count": _count(event),
            "url": event.url,
        }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def feed_url(page_url: str) -> str:
    """Where the feed of a page lives: beside it."""
    return f"{page_url}atom.xml"


FEED_LIMIT = 50  # entries of a feed: the newest articles (setting DOSSIER_FEED_LIMIT)


def write_extras(
    output: Path, dossier: Dossier, site_url: str, page_urls: list[str], feed_limit: int = FEED_LIMIT,
    kept: Callable[[str, dict], bool] | None = None,
) -> None:
    """Write the feeds (each of the newest `feed_limit` articles), the sitemap, robots.txt, .nojekyll
    and the previews' data into `output`. `kept(path, inputs)`, when given, says whether the feed at `path`
    made of `inputs` (atom_feed's arguments) was kept from the last render; it is then not made again."""
    def write(path: str, data: bytes | str):
        target = output / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with naming(target):  # a full disk names the file
            target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    def feed(path: str, **inputs) -> None:
        inputs.update(feed_url=path, site_url=site_url)
        if kept is None or not kept(path, {**inputs, "language": i18n.language()}):
            write(path, atom_feed(**inputs))

    newest = dossier.articles[:feed_limit]  # the dossier's order: the newest first
    feed(feed_url(""), title=dossier.title, page_url="", articles=newest, subtitle=dossier.description)
    for view in [*dossier.entities, *dossier.events]:
        cited = set(view.articles)
        articles = [a for a in dossier.articles if a in cited][:feed_limit]
        feed(feed_url(view.url), title=f"{view.name} · {dossier.title}", page_url=view.url, articles=articles,
             subtitle=i18n._("The dossier’s articles that cite %(name)s.", name=view.name))
    write("sitemap.xml", sitemap(site_url, page_urls))
    write("robots.txt", robots(site_url))
    write(".nojekyll", "")
    write("previews.json", previews(dossier))
