"""Search: index the rendered site with Pagefind (to be completed)."""

from __future__ import annotations

from pathlib import Path


def index_site(folder: Path) -> list[str]:
    """Index the site in `folder` for search; return warnings."""
    return []
