"""schema.org JSON-LD, one object per page: NewsArticle, Person, Organization, Country, Place, Event."""

from __future__ import annotations

from .views import SCHEMA_TYPES, ArticleView, EntityView, EventView


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
    if not view.description:  # still to be written: the registry's placeholder is not a description
        del data["description"]
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
    if not view.description:
        del data["description"]
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
