"""Pelican plugin: a generator that writes the dossier's pages with the theme's templates.

Pelican reads the settings, copies the theme's static files and renders the
curator's own pages (`content/pages`); this generator reads the registry and
the annotated articles, cross-links them (`site.build_dossier`) and writes the
home page, one page per article, entity and event, and their indexes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from . import network, publish, site, timeline
from .registry import load_registry

logger = logging.getLogger(__name__)

# Templates the generator renders; the theme must provide each one (tests check it).
TEMPLATES = ("index", "article", "articles", "entity", "entities", "event", "events", "404", "timeline", "network", "search")


class DossierGenerator(Generator):
    """Reads the dossier into the context, then writes its pages."""

    def generate_context(self):
        content = Path(self.path)
        root = Path(self.settings.get("DOSSIER_ROOT") or content.parent)
        registry = load_registry(content, root)
        sources, warnings = site.read_articles(content / "articles", root)
        dossier = site.build_dossier(
            registry,
            sources,
            title=self.settings.get("DOSSIER_TITLE") or self.settings["SITENAME"],
            description=self.settings.get("DOSSIER_DESCRIPTION", ""),
            site_url=self.settings.get("SITEURL", ""),
        )
        dossier.warnings[:0] = warnings
        for warning in dossier.warnings:
            logger.warning(warning)
        self.context["dossier"] = dossier
        self.dossier = dossier

    def generate_output(self, writer):
        dossier, site_url = self.dossier, self.settings.get("SITEURL", "")

        urls: list[str] = []

        def write(url: str, template: str, **context):
            urls.append(url)
            context.setdefault("nav_section", None)
            context.setdefault("feed", publish.feed_url(""))
            context.setdefault("feed_title", dossier.title)
            context.setdefault("jsonld", {  # index pages: a collection of the pages they list
                "@context": "https://schema.org",
                "@type": "CollectionPage",
                "name": context["page_title"],
                "description": context["page_description"],
                "url": f"{site_url}/{url}",
                "isPartOf": {"@type": "WebSite", "name": dossier.title, "url": f"{site_url}/"},
            })
            writer.write_file(
                f"{url}index.html", self.get_template(template), self.context, canonical=url, **context
            )

        write(
            "",
            "index",
            page_title="Accueil",
            page_description=dossier.description or dossier.title,
            jsonld={
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": dossier.title,
                "description": dossier.description,
                "url": f"{site_url}/",
            },
        )
        write(
            "articles/", "articles", articles=dossier.articles, nav_section="articles",
            page_title="Articles", page_description=f"Les {len(dossier.articles)} articles du dossier.",
        )
        for article in dossier.articles:
            write(
                article.url, "article", article=article, nav_section="articles",
                page_title=article.title, page_description=article.summary,
                jsonld=site.article_jsonld(article, site_url),
            )
        write(
            "acteurs/", "entities", nav_section="acteurs", index_title="Acteurs",
            groups=dossier.entity_groups(("person", "organisation", "country")),
            page_title="Acteurs", page_description="Les personnes, organisations et pays cités dans le dossier.",
        )
        write(
            "lieux/", "entities", nav_section="lieux", index_title="Lieux",
            groups=dossier.entity_groups(("place",)),
            page_title="Lieux", page_description="Les lieux cités dans le dossier.",
        )
        for entity in dossier.entities:
            write(
                entity.url, "entity", entity=entity,
                nav_section="lieux" if entity.type == "place" else "acteurs",
                page_title=entity.name, page_description=entity.description,
                jsonld=site.entity_jsonld(entity, site_url),
                feed=publish.feed_url(entity.url), feed_title=f"Articles citant {entity.name}",
                **network.entity_context(entity, dossier, site_url),
            )
        write(
            "evenements/", "events", events=dossier.events, nav_section="evenements",
            page_title="Événements", page_description="Les événements du dossier, dans l'ordre chronologique.",
        )
        for event in dossier.events:
            write(
                event.url, "event", event=event, nav_section="evenements",
                page_title=event.name, page_description=event.description,
                jsonld=site.event_jsonld(event, site_url),
                feed=publish.feed_url(event.url), feed_title=f"Articles sur {event.name}",
            )
        # The reader's tools: the timeline, the network of actors, the search page.
        write(
            "chronologie/", "timeline", nav_section="chronologie",
            page_title="Chronologie", page_description="Les événements et les dates citées dans les articles du dossier.",
            **timeline.timeline_context(dossier, site_url),
        )
        write(
            "reseau/", "network", nav_section="reseau",
            page_title="Réseau des acteurs", page_description="Qui est cité avec qui dans les articles du dossier.",
            **network.network_context(dossier, site_url),
        )
        write(
            "recherche/", "search", nav_section="recherche",
            page_title="Recherche", page_description="Chercher dans les articles, les acteurs et les événements du dossier.",
        )
        writer.write_file(
            "404.html", self.get_template("404"), self.context, canonical="404.html", nav_section=None,
            page_title="Page introuvable", page_description="Cette page n'existe pas ou plus.",
            jsonld={"@context": "https://schema.org", "@type": "WebPage", "name": "Page introuvable",
                    "isPartOf": {"@type": "WebSite", "name": dossier.title, "url": f"{site_url}/"}}, feed=publish.feed_url(""), feed_title=dossier.title,
        )
        pages = [page.url for page in self.context.get("pages", [])]
        publish.write_extras(Path(self.output_path), dossier, site_url, sorted(urls + pages))


def get_generators(pelican):
    return DossierGenerator


def register():
    signals.get_generators.connect(get_generators)
