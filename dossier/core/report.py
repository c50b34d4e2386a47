"""What a build did, for the summary the command line prints: counts, files written, warnings and errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Report:
    """What a build did, for the summary the CLI prints."""

    articles: int = 0
    entities: int = 0
    events: int = 0
    written: dict[str, list[str]] = field(default_factory=dict)  # status -> article files
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    candidates: list = field(default_factory=list)  # new proposals of this build
    recognised: int = 0  # articles entity recognition read
    output: Path | None = None
    rendered: bool = False  # False: nothing the site is made of changed, the output was left as it was
    pages_written: int = 0  # the dossier's pages rendered (its generator's; not the curator's own pages)
    pages_kept: int = 0  # the dossier's pages kept from the last render, showing the same

    @property
    def recognition_ran(self) -> bool:
        return self.recognised > 0
