"""Events: their index, in chronological order, and a page for each with how every source told it."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from ..render import i18n, jsonld, link, related, views
from ..render.pages import Page, Site, paged
from . import compare, feeds


def pages(site: Site) -> Iterator[Page]:
    """The index of the events, then each event's pages (DOSSIER_PASSAGES_PER_PAGE passages a page). An event's
    pages are keyed by their inputs (link.event_inputs): those of the last render made of the same are kept
    as they are, and the event is not compared again (its comparison is what takes long)."""
    dossier, site_url = site.dossier, site.site_url
    url = i18n.address("events")
    yield Page(url, "events", {
        "events": dossier.events, "nav_section": url,
        "page_title": i18n._("Events"), "page_description": i18n._("The dossier’s events, in chronological order."),
    })
    per_page = site.number("DOSSIER_PASSAGES_PER_PAGE", compare.PASSAGES_PER_PAGE)
    given = site.settings.get("DOSSIER_INPUT")
    salt = given.input_salt if given is not None else ""
    comparer = compare.comparer(dossier)
    near = related.near_events(dossier)
    mentioning = compare.mentioning(dossier)
    for event in dossier.events:
        inputs = link.event_inputs(salt, event, mentioning.get(event.id, []), given.source_digests, per_page) if salt else None
        count = _kept_count(given, event.url, inputs)
        made = _Made(comparer, event, per_page)
        if count is None:  # compared now: its pages are to be written, or keyed by what they show
            count = len(made.cut())
        # The later pages hold other accounts only: what they show of the event is its heading, no count,
        # and what the registry says of it, not the articles that cite it.
        described = jsonld.event_jsonld(event, site_url)
        heading = views.EventHeading.of(event)
        heading_jsonld = {key: value for key, value in described.items() if key != "subjectOf"}
        for number in range(1, count + 1):
            first = number == 1
            yield Page(views.page_url(event.url, number), "event", {
                "event": event if first else heading, "nav_section": url,
                "page_title": paged(event.name, number),
                "page_description": event.description or i18n._("The dossier’s articles that cite %(name)s.", name=event.name),
                "jsonld": described if first else heading_jsonld,
                "feed": feeds.feed_url(event.url), "feed_title": i18n._("Articles about %(name)s", name=event.name),
                "sources_shown": compare.SOURCES_SHOWN,
                "event_before": near[event.event.id][0], "event_after": near[event.event.id][1],
                **views.pages_context(event.url, number, count),
            }, inputs=f"{inputs} {count}" if inputs else None, fill=functools.partial(made.page, number))


def _kept_count(given, url: str, inputs: str | None) -> int | None:
    """How many pages an event had in the last render, when they were made of the same `inputs` (its first page
    at `url`): the same pages again. None when they were not, or it is not known."""
    recorded = given.previous_inputs.get(url) if inputs is not None else None
    if not isinstance(recorded, str):  # none, or not as this code writes it (the last render's record, edited)
        return None
    last, _, count = recorded.partition(" ")
    if last != inputs or not count.isdigit() or not 0 < int(count) <= len(given.previous_inputs):
        return None
    # Its last page recorded with the same: a record edited to say more pages than there were is not believed.
    return int(count) if given.previous_inputs.get(views.page_url(url, int(count))) == recorded else None


class _Made:
    """An event's comparison, and its accounts cut into pages, worked out when first asked."""

    def __init__(self, comparer, event, per_page: int):
        self.comparer, self.event, self.per_page = comparer, event, per_page
        self.comparison, self.pages = None, None

    def cut(self) -> list:
        if self.pages is None:
            self.comparison = self.comparer(self.event)
            self.pages = compare.pages(self.comparison, self.per_page)
        return self.pages

    def page(self, number: int) -> dict:
        """What page `number` shows of the comparison: the comparison itself on the first, the accounts of each."""
        cut = self.cut()
        return {"outlet_groups": cut[number - 1] if number <= len(cut) else [],
                "comparison": self.comparison if number == 1 else None}


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
