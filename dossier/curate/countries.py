"""Countries: a name that a model tags as a place or an organisation is a country when it is one of the
territory names of CLDR (Babel's `Locale(language).territories`) in the article's language.

The comparison folds case, accents, hyphens and apostrophes (`name_key`) and leaves out the
language's determiners ("the United States", "la Corée du Nord", "die Vereinigten Staaten"); a
German name may be declined ("den Vereinigten Staaten", "Russlands", "des Vereinigten Königreichs").
What is found is the CLDR spelling of the country, which a candidate takes as its name.
"""

from __future__ import annotations

import functools
import re

from .mentions import Language, name_key

# CLDR's codes that are no country: the European Union, the eurozone, the United Nations, "Outlying
# Oceania", "Unknown Region", pseudo-locales, and the regions ISO 3166-1 only reserves (Ascension,
# Clipperton, Diego Garcia, Ceuta and Melilla, the Canary Islands, Tristan da Cunha). Numeric codes
# are continents and regions ("Africa", "Western Europe"): places.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AC", "CP", "DG", "EA", "IC", "TA"})

# The endings a word of a name takes when it is declined, by language: German declines names and their
# adjectives ("Vereinigte Staaten": "den Vereinigten Staaten"; "Russland": "Russlands").
_ENDINGS = {"de": ("n", "s", "es", "en")}
# Strong adjective endings that a declined form replaces: "Vereinigtes Königreich", "des Vereinigten Königreichs".
_ADJECTIVE_ENDINGS = ("es", "er")
_PARENTHESES = re.compile(r"\s*\(([^()]+)\)")


def country_name(name: str, language: Language) -> str | None:
    """The CLDR name of the country `name` names in `language` (its `code`), or None when it names none."""
    if not language.code:
        return None
    return _country_name(name, language)


@functools.cache
def _country_name(name: str, language: Language) -> str | None:
    words = _words(name, language)
    if not words:
        return None
    names = _names(language)
    if words in names:
        return names[words]
    endings = _ENDINGS.get(language.code.split("_")[0].split("-")[0], ())
    if endings:
        for key, country in names.items():
            if len(key) == len(words) and all(w in _declined(k, endings) for w, k in zip(words, key, strict=True)):
                return country
    return None


def _words(name: str, language: Language) -> tuple[str, ...]:
    """The folded words of `name`, its leading determiners left out."""
    words = name_key(name).split()
    while words and words[0] in language.determiners:
        words.pop(0)
    return tuple(words)


@functools.cache
def _declined(word: str, endings: tuple[str, ...]) -> frozenset[str]:
    """`word` and its declined forms: with each ending, and an adjective's strong ending replaced."""
    forms = {word, *(word + ending for ending in endings)}
    if word.endswith(_ADJECTIVE_ENDINGS):
        forms |= {word[:-1] + ending for ending in ("n", "m", "r", "s")}
    return frozenset(forms)


@functools.cache
def _names(language: Language) -> dict[tuple[str, ...], str]:
    """Folded words -> CLDR name, of every country in `language`: each name, its parts in parentheses
    ("Myanmar (Burma)": "Myanmar", "Burma"), "&" written as the language's "and"."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(language.code)
    except (ValueError, TypeError, UnknownLocaleError):
        return {}
    pair = locale.list_patterns.get("standard", {}).get("2", "{0} and {1}")
    conjunction = pair.replace("{0}", "").replace("{1}", "").strip() or "and"
    found: dict[tuple[str, ...], dict[str, str]] = {}  # words -> {code: form}
    for code, territory in sorted(locale.territories.items()):
        if len(code) != 2 or not code.isalpha() or code in _NOT_COUNTRIES:
            continue
        territory = territory.replace("&", conjunction)
        outside = _PARENTHESES.sub("", territory).strip()
        for form in sorted({outside, *_PARENTHESES.findall(territory)}):
            words = _words(form, language)
            if words:
                found.setdefault(words, {}).setdefault(code, form)
    # A form two countries share names neither.
    return {words: next(iter(forms.values())) for words, forms in sorted(found.items()) if len(forms) == 1}
