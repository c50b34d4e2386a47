"""The description an accepted entity's file starts with, in the dossier's language, until the curator writes one.

`dossier accept` writes it (`curate.candidates.accept`); the render recognises it in any of the
languages, whatever the dossier's, so that it is never published as a description, and the build
names the entities that still have it.
"""

from __future__ import annotations

import re

PLACEHOLDERS = {
    "fr": "À compléter : une ou deux phrases de description.",
    "en": "To be written: one or two sentences of description.",
    "de": "Noch zu schreiben: ein oder zwei Sätze zur Beschreibung.",
}
FALLBACK = "en"  # a dossier in a language without a placeholder of its own

_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def placeholder(language: str | None) -> str:
    """The placeholder of a dossier whose DEFAULT_LANG is `language` ("de-AT" is German)."""
    primary = re.split(r"[-_]", str(language or "").strip())[0].lower()
    return PLACEHOLDERS.get(primary, PLACEHOLDERS[FALLBACK])


def _key(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


_KEYS = frozenset(_key(text) for text in PLACEHOLDERS.values())


def is_placeholder(text: str | None) -> bool:
    """Whether a description is one of the placeholders (spaces and case aside), not the curator's words."""
    return bool(text) and _key(text) in _KEYS
