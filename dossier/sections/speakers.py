"""Who said what: every quotation of the dossier by speaker, pages cut between speakers."""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis import quotes
from ..render import i18n, views
from ..render.pages import Page, Site, paged


def quote_pages(site: Site) -> tuple[list[list[tuple]], dict[str, str]]:
    """The speakers cut into pages (DOSSIER_QUOTES_PER_PAGE quotations a page), and the address of the
    page where each speaker's quotations are, by entity id ("" for the quotations nobody is said to have said)."""
    per_page = site.number("DOSSIER_QUOTES_PER_PAGE", quotes.QUOTES_PER_PAGE)
    url = i18n.address("quotes")
    cut = views.paginate(site.dossier.speakers, per_page)
    where = {(speaker.id if speaker else ""): views.page_url(url, number)
             for number, page in enumerate(cut, start=1) for speaker, _ in page}
    return cut, where


def pages(site: Site) -> Iterator[Page]:
    """The pages of "who said what", the first with the table of who is quoted about each event."""
    dossier = site.dossier
    url = i18n.address("quotes")
    cut, where = quote_pages(site)
    for number, page in enumerate(cut, start=1):
        yield Page(views.page_url(url, number), "quotes", {
            "nav_section": url, "speaker_groups": page,
            "speaker_pages": where, "speaker_total": len(dossier.speakers), "quote_total": len(dossier.independent_quotes),
            "quotes_by_event": dossier.quotes_by_event if number == 1 else [],
            "page_title": paged(i18n._("Who said what"), number),
            "page_description": i18n._("The quotations of the dossier’s articles, by speaker and by event."),
            **views.pages_context(url, number, len(cut)),
        })
