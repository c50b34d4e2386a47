"""What a page family's emitter yields: the pages to write, each an address, a template and its values.

The dossier's pages are written by emitters (`dossier/sections/`), one per family (articles,
actors and places, events, the timeline…). Each takes a `Site` (the linked dossier, its public
address, its settings, its output folder) and yields `Page`s; the Pelican plugin writes them with
the theme's templates. A new family of pages is one emitter and one template.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import i18n
from .views import Dossier


@dataclass
class Page:
    """One page to write: at `url` (its folder's index.html, unless `save_as` says another file), with
    `template` and its `context`. `listed` pages go to the sitemap and the count of the pages written.

    `inputs`: the key of what the page is made of, when its emitter knows it without making the page
    (render.link.event_inputs): the page of the last render made of the same inputs is kept as it is,
    and the rest of its context, what `fill` gives, is not worked out (see `filled`)."""

    url: str
    template: str
    context: dict
    save_as: str = ""
    listed: bool = True
    inputs: str | None = None
    fill: Callable[[], dict] | None = None

    def filled(self) -> dict:
        """The whole context: `context` with what `fill` gives, asked once."""
        if self.fill is not None:
            fill, self.fill = self.fill, None
            self.context.update(fill())
        return self.context

    @property
    def path(self) -> str:
        return self.save_as or f"{self.url}index.html"


@dataclass
class Site:
    """What every emitter reads: the linked dossier, the site's public address, its settings, the folder written."""

    dossier: Dossier
    site_url: str
    settings: dict = field(default_factory=dict)
    output: Path = Path()
    # Work a section began before the pages were rendered (data.started), for its emitter to collect.
    started: dict = field(default_factory=dict)

    def number(self, name: str, default: int) -> int:
        """An integer setting of the dossier (DOSSIER_…), or its default."""
        return int(self.settings.get(name, default))


Emitter = Callable[[Site], Iterator[Page]]


def paged(title: str, number: int) -> str:
    """The title of page `number` of a page cut into several: "Acteurs", "Acteurs (page 2)"."""
    return title if number == 1 else i18n._("%(title)s (page %(number)s)", title=title, number=number)


def chunks(items: list, per_page: int) -> list[list]:
    """`items` cut into pages of `per_page`; one empty page when there are none."""
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]
