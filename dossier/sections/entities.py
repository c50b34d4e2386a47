"""Actors and places: their two indexes, cut into pages between letters, and a page for each."""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis import quotes
from ..render import i18n, jsonld, views
from ..render.pages import Page, Site, paged
from . import feeds, network, speakers


def pages(site: Site) -> Iterator[Page]:
    """The index of the actors, the index of the places, then each one's page."""
    yield from _indexes(site)
    yield from _entity_pages(site)


def _indexes(site: Site) -> Iterator[Page]:
    dossier = site.dossier
    per_page = site.number("DOSSIER_ENTITIES_PER_PAGE", views.ENTITIES_PER_PAGE)
    for url, title, types, description in (
        (i18n.address("actors"), i18n._("Actors"), ("person", "organisation", "country"),
         i18n._("The people, organisations and countries cited in the dossier.")),
        (i18n.address("places"), i18n._("Places"), ("place",), i18n._("The places cited in the dossier.")),
    ):
        groups = dossier.entity_groups(types)
        cut = views.index_pages(url, groups, per_page)
        toc = []  # each group where it begins
        for page in cut:
            toc += [group for group in page if not toc or group.number > toc[-1].number]
        for number, page in enumerate(cut, start=1):
            yield Page(views.page_url(url, number), "entities", {
                "nav_section": url, "index_title": title,
                "groups": page, "toc": toc, "entity_total": sum(len(entities) for _, entities in groups),
                "page_url": views.page_url(url, number),
                "page_title": paged(title, number), "page_description": description,
                **views.pages_context(url, number, len(cut)),
            })


def _entity_pages(site: Site) -> Iterator[Page]:
    """Each actor's and place's page: its mentions by article (DOSSIER_MENTIONS_PER_PAGE a page), its
    first quotations, its network."""
    dossier, site_url = site.dossier, site.site_url
    shown = site.number("DOSSIER_QUOTES_ON_ACTOR_PAGE", quotes.QUOTES_ON_ACTOR_PAGE)
    _, speaker_pages = speakers.quote_pages(site)
    per_page = site.number("DOSSIER_MENTIONS_PER_PAGE", views.MENTIONS_PER_PAGE)
    frame = network.month_frame(dossier)
    for entity in dossier.entities:
        cut = views.paginate_from_oldest(views.group_by_article(entity.mentions), per_page, key=_article_url)
        common = {
            "nav_section": i18n.address("places" if entity.type == "place" else "actors"),
            "page_description": entity.description or i18n._("The dossier’s articles that cite %(name)s.", name=entity.name),
            "jsonld": jsonld.entity_jsonld(entity, site_url),
            "feed": feeds.feed_url(entity.url),
            "feed_title": i18n._("Articles citing %(name)s", name=entity.name),
        }
        for number, groups in enumerate(cut, start=1):
            # The later pages list older mentions only: what they show of the entity is its heading.
            first = number == 1
            yield Page(views.page_url(entity.url, number), "entity", {
                **common,
                "entity": entity if first else views.EntityHeading.of(entity),
                "page_title": paged(entity.name, number),
                "mention_groups": groups,
                **({"quotes_shown": shown, "quotes_page": speaker_pages.get(entity.id),
                    **network.entity_context(entity, dossier, site_url, frame)} if first else {}),
                **views.pages_context(entity.url, number, len(cut)),
            })


def searched(context: dict) -> list | None:
    """What the search reads of an actor's or a place's page (entity.html marks it for Pagefind), for the key of
    its words (render.link.page_keys): on the first page, its header but its counts (data-pagefind-ignore) and its
    statements; a later page, nothing (it is not marked). So that a mention added changes the page, not the index
    of the actors', places' and events' pages."""
    if context["page_number"] != 1:
        return None
    entity = context["entity"]
    statements = [quote for quote in entity.quotes if not quote.repeated][: context["quotes_shown"]]
    return [entity.id, entity.type, entity.type_label, entity.name, entity.description, list(entity.aliases),
            entity.wikidata, entity.wikidata_url, statements, context["quotes_page"], context["page_title"]]


def _article_url(group) -> str:
    return group[0].url
