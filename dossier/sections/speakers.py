"""Who said what: every quotation of the dossier by speaker, pages cut between speakers."""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis import quotes
from ..render import i18n, site
from ..render.pages import Page, Site, paged


def quote_pages(site_: Site) -> tuple[list[list[tuple]], dict[str, str]]:
    """The speakers cut into pages (DOSSIER_QUOTES_PER_PAGE quotations a page), and the address of the
    page where each speaker's quotations are, by entity id ("" for the quotations nobody is said to have said)."""
    per_page = site_.number("DOSSIER_QUOTES_PER_PAGE", quotes.QUOTES_PER_PAGE)
    url = i18n.address("quotes")
    cut = site.paginate(site_.dossier.speakers, per_page)
    where = {(speaker.id if speaker else ""): site.page_url(url, number)
             for number, page in enumerate(cut, start=1) for speaker, _ in page}
    return cut, where


def pages(site_: Site) -> Iterator[Page]:
    """The pages of "who said what", the first with the table of who is quoted about each event."""
    dossier = site_.dossier
    url = i18n.address("quotes")
    cut, where = quote_pages(site_)
    for number, page in enumerate(cut, start=1):
        yield Page(site.page_url(url, number), "quotes", {
            "nav_section": url, "speaker_groups": page,
            "speaker_pages": where, "speaker_total": len(dossier.speakers), "quote_total": len(dossier.quotes),
            "quotes_by_event": dossier.quotes_by_event if number == 1 else [],
            "page_title": paged(i18n._("Who said what"), number),
            "page_description": i18n._("The quotations of the dossier’s articles, by speaker and by event."),
            **site.pages_context(url, number, len(cut)),
        })
