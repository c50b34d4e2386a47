"""Timeline: every event and every dated statement of the articles, by date (to be completed)."""

from __future__ import annotations


def timeline_context(dossier, site_url: str) -> dict:
    """Template context of /chronologie/."""
    return {"timeline": [], "timeline_svg": ""}
