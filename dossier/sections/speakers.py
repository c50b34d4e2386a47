"""Who said what: every quotation of the dossier by speaker, pages cut between speakers."""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis import quotes
from ..render import i18n, views
from ..render.pages import Page, Site, paged


def quote_pages(site: Site) -> tuple[list[list[tuple]], dict[str, str]]:
    """The speakers cut into pages (DOSSIER_QUOTES_PER_PAGE quotations a page), and the address of the
    page where each speaker's quotations begin, by entity id ("" for the quotations nobody is said to have
    said). A speaker's quotations stay on one page when they fit on one; more are cut across pages, a page
    of them at a time, so that no page grows with the dossier (a speaker quoted 3,000 times in 4,000 articles
    made one page of a megabyte)."""
    per_page = site.number("DOSSIER_QUOTES_PER_PAGE", quotes.QUOTES_PER_PAGE)
    url = i18n.address("quotes")
    groups = [(speaker, said[start : start + per_page]) for speaker, said in site.dossier.speakers
              for start in range(0, len(said), max(per_page, 1))]
    cut = views.paginate(groups, per_page)
    where: dict[str, str] = {}
    for number, page in enumerate(cut, start=1):
        for speaker, _ in page:
            where.setdefault(_key(speaker), views.page_url(url, number))
    return cut, where


def _key(speaker) -> str:
    """A speaker's key in `where` and `speaker_counts`: its entity id, "" for the quotations nobody is said to have said."""
    return speaker.id if speaker else ""


def pages(site: Site) -> Iterator[Page]:
    """The pages of "who said what", the first with the counts of the whole and the table of who is quoted
    about each event. A speaker's heading gives the number of all its quotations (`speaker_counts`) on the
    page where they begin; on a later page it is said to be continued (`continued`). A later page shows
    nothing of the whole, so that a quotation added changes the pages it lands on, not every page."""
    dossier = site.dossier
    url = i18n.address("quotes")
    cut, where = quote_pages(site)
    counts: dict[str, int] = {}  # each speaker's quotations, on all its pages
    for page in cut:
        for speaker, said in page:
            counts[_key(speaker)] = counts.get(_key(speaker), 0) + len(said)
    seen: set[str] = set()
    for number, page in enumerate(cut, start=1):
        keys = [_key(speaker) for speaker, _ in page]
        first = number == 1
        yield Page(views.page_url(url, number), "quotes", {
            "nav_section": url, "speaker_groups": page,
            "speaker_pages": where if first else {},
            "speaker_total": len(dossier.speakers) if first else None,
            "quote_total": len(dossier.independent_quotes) if first else None,
            "speaker_counts": {key: counts[key] for key in keys if key not in seen}, "continued": sorted(seen.intersection(keys)),
            "quotes_by_event": dossier.quotes_by_event if first else [],
            "page_title": paged(i18n._("Who said what"), number),
            "page_description": i18n._("The quotations of the dossier’s articles, by speaker and by event."),
            **views.pages_context(url, number, len(cut)),
        })
        seen.update(keys)
