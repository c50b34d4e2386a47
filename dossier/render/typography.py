"""French typography at render: the no-break spaces French puts around its punctuation.

Applied to French article bodies (between their tags), French titles, and every word of the French
interface. It is the site's concern, not the reading of seeds: articles are stored as written.
"""

from __future__ import annotations

import re

# French typography (the Imprimerie nationale's): a narrow no-break space (U+202F) before ; ? ! and
# inside « », a no-break space (U+00A0) before :. Only a space already there is replaced before ; ? ! :
# (never "10:30", "https://"); the guillemets get one even when they have none.
_SPACES = r"(?:[ \t\n\u00a0\u202f]|&nbsp;|&#160;|&#xa0;)"
_FRENCH_RULES = (
    (re.compile(rf"{_SPACES}+([;?!])"), "\u202f\\1"),
    (re.compile(rf"{_SPACES}+:"), "\u00a0:"),
    (re.compile(rf"«{_SPACES}*"), "«\u202f"),
    (re.compile(rf"{_SPACES}*»"), "\u202f»"),
)


# What each rule needs in a text to change it: a text without any is left as it is, unread by the rule.
_TRIGGERS = (";?!", ":", "«", "»")


def french_typography(text: str) -> str:
    """`text` (plain, or the text between two tags of HTML) with French typography's no-break spaces."""
    for (rule, replacement), trigger in zip(_FRENCH_RULES, _TRIGGERS, strict=True):
        if any(mark in text for mark in trigger):
            text = rule.sub(replacement, text)
    return text
