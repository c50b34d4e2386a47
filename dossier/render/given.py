"""What the build hands the render: the registry and the article files it read, and what the render
found and kept (RenderInput). Apart from the link (link.py), so that a build with nothing to render
does not load what linking needs (Markdown, the sanitiser, the quotation finder)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.progress import Progress
from .sources import Sources

if TYPE_CHECKING:
    from ..core.statcache import Digests
    from .views import Dossier


@dataclass
class RenderInput:
    """What the build already read, handed to the render stage so that nothing is read twice (the
    registry and its problems, the article files); and what the render found wrong, returned here."""

    registry: object  # Registry
    sources: Sources
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Pages of the last render that may be kept: its output folder (as that render left it), the
    # key of each page of an article, an actor or a place then (page_key), and the key of what every
    # page is made with (theme, code, settings, address). The render fills `page_keys` with its own.
    previous: Path | None = None
    output: Path | None = None  # the folder the render's site replaces
    previous_keys: dict[str, str] = field(default_factory=dict)
    ahead: frozenset[str] = frozenset()  # the addresses of its pages linked into the staging folder ahead (render.ahead)
    frame_key: str = ""
    page_keys: dict[str, str] = field(default_factory=dict)
    # Of the pages whose key and the key of what the search reads of them differ (link.page_keys), the latter.
    searched_keys: dict[str, str] = field(default_factory=dict)
    own_theme: bool = False  # whether the pages are rendered with this package's theme (what it marks for the search is known)
    # The same for the search index's bundles (search.index_site): each one's fingerprint, then and now.
    previous_search: dict[str, str] = field(default_factory=dict)
    search_keys: dict[str, str] = field(default_factory=dict)
    cards: dict = field(default_factory=dict)  # page_key's cards of the views, for one render
    # A page of an article is also keyed by its inputs (link.article_inputs): the article files it shows, the
    # registry (its fingerprint: `registry_key`), what every page is made with. Inputs the last render's, its
    # page and the key of what it showed are taken as they are, that key not worked out again.
    registry_key: str = ""
    previous_inputs: dict[str, str] = field(default_factory=dict)
    previous_searched: dict[str, str] = field(default_factory=dict)  # the last render's searched_keys
    page_inputs: dict[str, str] = field(default_factory=dict)
    input_salt: str = ""  # link.inputs_salt, once per render ("" when the registry's fingerprint is not known)
    source_digests: dict[str, str] = field(default_factory=dict)  # link.source_digests of the article files
    # Told each stage of the render (linking, pages, search index); the pages it rendered and kept.
    progress: Progress = field(default_factory=Progress)
    dossier: Dossier | None = None  # the articles, entities and events linked (render.run.link)
    pages_written: int = 0
    pages_kept: int = 0
    digests: Digests | None = None  # the SHA-256 of the files the render's keys are made of, kept between builds
    caches: list = field(default_factory=list)  # the build's caches of what it read (core/statcache), saved when it ends

    def save_caches(self) -> None:
        """Save the build's caches of what it read, once: while the render waits for Pagefind, with nothing else
        to do (they hold nothing the render writes), or when the build ends."""
        caches, self.caches = self.caches, []
        for cache in caches:
            cache.save()
