"""Events: their index, in chronological order, and a page for each with how every source told it."""

from __future__ import annotations

from collections.abc import Iterator

from ..render import i18n, jsonld, related, views
from ..render.pages import Page, Site, paged
from . import compare, feeds


def pages(site: Site) -> Iterator[Page]:
    """The index of the events, then each event's pages (DOSSIER_PASSAGES_PER_PAGE passages a page)."""
    dossier, site_url = site.dossier, site.site_url
    url = i18n.address("events")
    yield Page(url, "events", {
        "events": dossier.events, "nav_section": url,
        "page_title": i18n._("Events"), "page_description": i18n._("The dossier’s events, in chronological order."),
    })
    per_page = site.number("DOSSIER_PASSAGES_PER_PAGE", compare.PASSAGES_PER_PAGE)
    comparisons = compare.compare(dossier)
    near = related.near_events(dossier)
    for event in dossier.events:
        comparison = comparisons[event.event.id]
        cut = compare.pages(comparison, per_page)
        # The later pages hold other accounts only: what they show of the event is its heading, no count,
        # and what the registry says of it, not the articles that cite it.
        described = jsonld.event_jsonld(event, site_url)
        heading = views.EventHeading.of(event)
        heading_jsonld = {key: value for key, value in described.items() if key != "subjectOf"}
        for number, outlets in enumerate(cut, start=1):
            first = number == 1
            yield Page(views.page_url(event.url, number), "event", {
                "event": event if first else heading, "nav_section": url,
                "page_title": paged(event.name, number),
                "page_description": event.description or i18n._("The dossier’s articles that cite %(name)s.", name=event.name),
                "jsonld": described if first else heading_jsonld,
                "feed": feeds.feed_url(event.url), "feed_title": i18n._("Articles about %(name)s", name=event.name),
                "outlet_groups": outlets, "comparison": comparison if first else None, "sources_shown": compare.SOURCES_SHOWN,
                "event_before": near[event.event.id][0], "event_after": near[event.event.id][1],
                **views.pages_context(event.url, number, len(cut)),
            })


def searched(context: dict) -> list | None:
    """What the search reads of an event's page (event.html marks it for Pagefind), for the key of its words
    (render.link.page_keys): on the first page, its header (name, dates, place, participants, description);
    a later page, nothing (it is not marked). So that an account added changes the page, not the index of the
    actors', places' and events' pages."""
    if context["page_number"] != 1:
        return None
    event = context["event"]
    return [event.id, event.name, event.date_label, event.start_iso, event.place, list(event.participants),
            event.description, event.wikidata, event.wikidata_url, context["page_title"]]
