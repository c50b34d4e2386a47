"""The articles: their index, cut into pages, and a page for each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..render import i18n, jsonld, related, social, views
from ..render.pages import Page, Site, paged


def pages(site: Site) -> Iterator[Page]:
    """The index of the articles (DOSSIER_ARTICLES_PER_PAGE a page), then each article's page."""
    dossier = site.dossier
    per_page = site.number("DOSSIER_ARTICLES_PER_PAGE", views.ARTICLES_PER_PAGE)
    # Cut from the oldest: an article added at the top changes the first page only (the later ones
    # say nothing of the whole, not even its count).
    cut = views.paginate_from_oldest(dossier.articles, per_page, key=lambda article: article.url, weight=lambda article: 1)
    for number, chunk in enumerate(cut, start=1):
        yield Page(views.page_url("articles/", number), "articles", {
            "articles": chunk, "nav_section": "articles/",
            "page_title": paged(i18n._("Articles"), number),
            **({"article_count": len(dossier.articles), "page_description": i18n.ngettext(
                "%(num)d article in the dossier.", "%(num)d articles in the dossier.", len(dossier.articles))}
               if number == 1 else {"page_description": i18n._("The dossier’s older articles.")}),
            **views.pages_context("articles/", number, len(cut)),
        })
    root = site.settings.get("DOSSIER_ROOT")  # a build's: the lists kept between builds in its .cache/
    related_to = related.related_articles(dossier, root=Path(root) if root else None)
    for article in dossier.articles:
        yield Page(article.url, "article", {
            "article": article, "nav_section": "articles/", "provenance": article.provenance,
            "page_title": article.title, "page_description": article.summary,
            "og_type": "article",  # with its date and authors (base.html)
            "og_locale": social.og_locale(article.language),  # its text's, which may not be the site's
            "jsonld": jsonld.article_jsonld(article, site.site_url),
            "related": related_to[article.slug],
            "repeat": article.repeat,  # its family of copies (article_copies.html)
        })
