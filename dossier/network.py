"""Network: who is mentioned with whom across the dossier (to be completed)."""

from __future__ import annotations


def network_context(dossier, site_url: str) -> dict:
    """Template context of /reseau/."""
    return {"network_svg": "", "network_rows": []}


def entity_context(entity, dossier, site_url: str) -> dict:
    """Extra template context of an actor's page: its neighbourhood and its mentions over time."""
    return {"neighbourhood_svg": "", "mentions_chart_svg": ""}
