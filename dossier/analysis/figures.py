"""Figures and "first since" claims in a passage of an article (French, English or German).

A figure is a number with what it counts: "jusqu'à 8 000 soldats", "12,000 North Korean troops",
"Tausende Soldaten". A claim is a statement of the form "the first … since 2000". Event pages put
what each article says about an event side by side; `figure_compare.differ` tells when two figures
cannot both be true. What each language writes is in `figure_lexicons`.

Dates ("19 juin 2024", "en 2011"), bare numbers and references ("article 4", "Covid-19", "F-16")
are not figures: a number counts only when a known noun follows it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .dates import find_date_expressions
from .figure_lexicons import LEXICONS, MONTHS, Lexicon

# What a figure counts (its kind), and what the kind is called in each language of the site.
UNITS: dict[str, dict[str, str]] = {
    "soldiers": {"fr": "soldats", "en": "soldiers", "de": "Soldaten"},
    "civilians": {"fr": "civils", "en": "civilians", "de": "Zivilisten"},
    "people": {"fr": "personnes", "en": "people", "de": "Menschen"},
    "workers": {"fr": "travailleurs", "en": "workers", "de": "Arbeiter"},
    "refugees": {"fr": "réfugiés", "en": "refugees", "de": "Flüchtlinge"},
    "prisoners": {"fr": "prisonniers", "en": "prisoners", "de": "Gefangene"},
    "deaths": {"fr": "morts", "en": "deaths", "de": "Tote"},
    "wounded": {"fr": "blessés", "en": "wounded", "de": "Verletzte"},
    "shells": {"fr": "obus", "en": "shells", "de": "Granaten"},
    "missiles": {"fr": "missiles", "en": "missiles", "de": "Raketen"},
    "drones": {"fr": "drones", "en": "drones", "de": "Drohnen"},
    "tanks": {"fr": "chars", "en": "tanks", "de": "Panzer"},
    "dollars": {"fr": "dollars", "en": "dollars", "de": "Dollar"},
    "euros": {"fr": "euros", "en": "euros", "de": "Euro"},
    "tons": {"fr": "tonnes", "en": "tons", "de": "Tonnen"},
    "km": {"fr": "km", "en": "km", "de": "km"},
    "miles": {"fr": "miles", "en": "miles", "de": "Meilen"},
    "percent": {"fr": "pour cent", "en": "percent", "de": "Prozent"},
    "years": {"fr": "ans", "en": "years", "de": "Jahre"},
    "months": {"fr": "mois", "en": "months", "de": "Monate"},
    "weeks": {"fr": "semaines", "en": "weeks", "de": "Wochen"},
    "days": {"fr": "jours", "en": "days", "de": "Tage"},
    "hours": {"fr": "heures", "en": "hours", "de": "Stunden"},
}

# The qualifier of a figure with a number, and that of a vague amount (no number: "des milliers").
QUALIFIERS = ("", "up to", "about", "more than", "at least", "less than")
VAGUE_QUALIFIERS = ("dozens", "hundreds", "thousands", "millions", "billions")


@dataclass(frozen=True)
class Figure:
    """A number with what it counts, as written in a passage."""

    kind: str
    low: float | None
    high: float | None
    qualifier: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Claim:
    """A "first … since" statement: `value` is the year it refers to, in 4 digits."""

    kind: str
    value: str
    text: str
    start: int
    end: int


# ---------------------------------------------------------------------------------------------
# The lexicons compiled once, at import.

_DIGITS = (
    r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?"  # 8 000, 8 000,5
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 8,000 and 1,000.5
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?"  # 8.000 and 1.000,5
    r"|\d+(?:[.,]\d+)?"  # 24, 1,5, 1.5
)
_DIGITS_END = r"(?!\d|[.,:/]\d)"
_NUMBER_START = r"(?<![\w.,/\-–°#§+])"  # not in "F-16", "Covid-19", "G7", "1.8.3", "n°4"
_CURRENCY = r"US\s?\$|\$|€"
_GAP_TOKEN = r"(?:[^\s.!?;:,()]+|(?:[A-Z]\.){2,}|(?:M|Mr|Mrs|Ms|Dr|St|Mme)\.)"
_YEAR = r"(?:1[5-9]|20)\d\d"


# Nouns that count something only in some contexts: "2 rounds of talks" are no shells.
_NOUN_GUARDS = {"rounds": r"(?!\s+of\s+(?!ammunition|artillery|ammo|munitions|shells)\w)"}


def _alternation(words: list[str]) -> str:
    """A regular-expression alternation of `words`, longest first, spaces matching any space."""
    escaped = (
        re.escape(word).replace(r"\ ", r"\s+") + _NOUN_GUARDS.get(word, "")
        for word in sorted(words, key=len, reverse=True)
    )
    return "|".join(escaped)


@dataclass(frozen=True)
class _Grammar:
    """One language's compiled patterns and look-up tables."""

    lexicon: Lexicon
    phrase: re.Pattern[str]  # a number or a vague amount, with its qualifier
    noun: re.Pattern[str]  # what follows the amount up to the noun (matched where the amount ends)
    number_token: re.Pattern[str]  # one word of a number written in words
    qualifier_of: tuple[tuple[re.Pattern[str], str], ...]
    kind_of: dict[str, str]  # lower-case noun -> kind
    claim: re.Pattern[str]
    core_words: frozenset[str]  # lower-case words an amount is built around: "deux", "milliers", "dozen"


def _word_number(lexicon: Lexicon) -> str:
    """The fragment matching a number written in words: "vingt-quatre", "two hundred", "zweihundert".

    A word for one ("un", "a", "ein") starts a number only before a multiplier or a scale ("a dozen").
    """
    words = sorted(lexicon.number_words, key=len, reverse=True)
    ones = "|".join(word for word in words if lexicon.number_words[word][1] <= 1)
    # German writes its numbers as one word ("dreiundzwanzig"): a run of number words there.
    alternatives = "|".join(words) if lexicon.compound_numbers else "|".join(re.escape(word) for word in words)
    token = rf"(?:{alternatives})+(?!\w)" if lexicon.compound_numbers else rf"(?:{alternatives})(?!\w)"
    first = rf"(?<![\w-])(?!(?:{ones})(?!\w)){token}"
    return rf"(?:{lexicon.number_first}|{first})(?:{lexicon.number_separator}(?<!\w){token})*"


def _phrase_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    """The pattern of an amount: qualifier, then a vague amount, an approximate one or a number or range."""
    qualifier = rf"(?P<qual>(?<!\w)(?:{'|'.join(lexicon.qualifiers)}))(?:\s+|(?<=['’]))"
    scale = rf"(?:{_alternation(lexicon.scales)})(?!\w)"
    number = rf"(?:{_DIGITS}){_DIGITS_END}|{_word_number(lexicon)}"
    first = rf"(?:(?P<cur1>{_CURRENCY})\s?)?{_NUMBER_START}(?P<n1>{number})(?:\s*(?P<s1>{scale}))?"
    second = rf"(?:(?P<cur2>{_CURRENCY})\s?)?(?P<n2>{number})(?:\s*(?P<s2>{scale}))?"
    separator = rf"(?(btw)\s+(?:{lexicon.between_and})\s+|\s*(?:{lexicon.range_separators})\s*)"
    approximate_words = "|".join(lexicon.approximate) or "(?!)"  # "(?!)": never, in English and German
    approximate = (
        rf"(?<!\w)(?P<approx>une?\s+(?P<aword>{approximate_words})(?!\w)"
        r"(?:\s+de\s+(?P<amult>milliers|millions)(?!\w))?)"
    )
    amount = (
        rf"(?<!\w)(?P<vague>{lexicon.vague_pattern})(?!\w)"
        rf"|{approximate}"
        rf"|(?:(?P<btw>(?<!\w)(?:{lexicon.between}))\s+)?{first}(?:(?P<sep>{separator}){second})?"
    )
    return re.compile(rf"(?:{qualifier})?(?:{amount})", re.IGNORECASE)


def _noun_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    """The pattern from the end of an amount to its noun: link word, adjectives, noun."""
    plain = _alternation([noun for nouns in lexicon.nouns.values() for noun in nouns])
    compound_nouns = [noun for kind in lexicon.compound_kinds for noun in lexicon.nouns[kind] if noun != "Mann"]
    compound = rf"|(?P<prefix>[^\W\d_][\w-]*?)(?P<cbase>{_alternation(compound_nouns)})" if compound_nouns else ""
    stops = _alternation(sorted(lexicon.stop_words | set(MONTHS)))
    filler = rf"(?:(?!(?:{stops})\s)[^\W\d_][\w'’-]*\s+)"
    hyphen = rf"|(?P<hyphen>-)(?={lexicon.hyphen_nouns})" if lexicon.hyphen_nouns else ""
    link = rf"(?:(?P<link>{lexicon.links}){hyphen}|\s+|(?=[%$€])|(?=km(?!\w)))"
    noun = rf"(?P<noun>(?P<base>{plain}){compound})(?![\w²/]|-old)"
    return re.compile(rf"{link}(?P<fill>{filler}{{0,{lexicon.filler_words}}}?){noun}", re.IGNORECASE)


def _claim_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    """The pattern of a "first … since" claim, from its determiner to its year or number of years."""
    units = "|".join(sorted(lexicon.year_units, key=len, reverse=True))
    count = rf"(?P<count>\d{{1,4}}|{_word_number(lexicon)}|(?P<one>{lexicon.one}))\s+(?P<unit>{units})(?!\w)"
    since = (
        rf"(?:{lexicon.since_count})\s+{count}"
        rf"|(?:{lexicon.since_year})\s+(?P<year>{_YEAR})(?![\d\w])"
    )
    return re.compile(
        rf"(?:(?<!\w)(?P<det>{lexicon.determiners})(?:\s+|(?<=['’])))?"
        rf"(?<!\w)(?P<first>{lexicon.first})(?!\w)(?!{lexicon.first_not})"
        rf"(?:\s+{_GAP_TOKEN}){{0,12}}?\s+(?:{since})",
        re.IGNORECASE,
    )


def _german_number_words() -> set[str]:
    """German numbers in words, which are compounds: "zwei" to "neunundneunzig", hundreds, thousands."""
    units = "ein zwei drei vier fünf sechs sieben acht neun".split()
    teens = "zehn elf zwölf dreizehn vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn".split()
    tens = "zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig".split()
    below_hundred = ["", *units[1:], *teens, *tens]
    below_hundred += [f"{unit}und{ten}" for ten in tens for unit in units]
    hundreds = ["", "hundert"] + [f"{unit}hundert" for unit in units]
    words = {f"{hundred}{rest}" for hundred in hundreds for rest in below_hundred}
    words |= {f"{word}tausend" for word in words | {"", "ein"}}
    return words - {""}


def _core_words(lexicon: Lexicon) -> frozenset[str]:
    """The words an amount is built around, in lower case: numbers in words (not "one"), vague amounts."""
    numbers = {word for word, (_, value) in lexicon.number_words.items() if value > 1}
    if lexicon.compound_numbers:
        numbers |= _german_number_words()
    return frozenset(numbers | set(lexicon.approximate) | set(lexicon.vague) | set(lexicon.scales))


def _grammar(lexicon: Lexicon) -> _Grammar:
    """The compiled patterns of one language."""
    words = sorted(lexicon.number_words, key=len, reverse=True)
    return _Grammar(
        lexicon=lexicon,
        phrase=_phrase_pattern(lexicon),
        noun=_noun_pattern(lexicon),
        number_token=re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE),
        qualifier_of=tuple((re.compile(pattern, re.IGNORECASE), qualifier)
                           for pattern, qualifier in lexicon.qualifiers.items()),
        kind_of={re.sub(r"\s+", " ", noun.lower()): kind
                 for kind, nouns in lexicon.nouns.items() for noun in nouns},
        claim=_claim_pattern(lexicon),
        core_words=_core_words(lexicon),
    )


_GRAMMARS = {language: _grammar(lexicon) for language, lexicon in LEXICONS.items()}


def _grammar_for(language: str) -> _Grammar | None:
    """The grammar of a language code ("fr", "en-GB"), or None for a language not handled."""
    return _GRAMMARS.get(language[:2].lower())


# ---------------------------------------------------------------------------------------------
# Numbers.


def _digits_value(written: str, group_separator: str) -> float:
    """The value of a number written in digits, "8 000" -> 8000.0, "1,5" -> 1.5 (French), "1,500" -> 1500.0."""
    digits = re.sub(r"\s", "", written)
    if "," in digits and "." in digits:  # the last separator is the decimal one
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
    elif digits.count(",") + digits.count(".") == 1:
        separator = "," if "," in digits else "."
        is_group = separator == group_separator and len(digits) - digits.index(separator) - 1 == 3
        decimal = "" if is_group else separator
    else:  # none, or a separator repeated: "1.000.000"
        decimal = ""
    if decimal:
        whole, _, fraction = digits.rpartition(decimal)
        return float(re.sub(r"\D", "", whole) + "." + fraction)
    return float(re.sub(r"\D", "", digits))


def _word_value(written: str, grammar: _Grammar) -> float:
    """The value of a number written in words: "vingt-quatre" -> 24, "two hundred" -> 200, "a dozen" -> 12."""
    total, current = 0, 0
    for token in grammar.number_token.findall(written):
        operation, value = grammar.lexicon.number_words.get(token.lower(), ("add", 0))
        if operation == "add":
            current += value
        elif operation == "multiply":
            current = (current or 1) * value
        else:
            total, current = total + (current or 1) * value, 0
    return float(total + current)


def _number_value(written: str, grammar: _Grammar) -> float:
    """The value of a number in digits or in words."""
    if written[0].isdigit():
        return _digits_value(written, grammar.lexicon.group_separator)
    return _word_value(written, grammar)


def _is_year_like(written: str) -> bool:
    """Whether a number could be a year: four digits, no separator, 1000 to 2100."""
    return len(written) == 4 and written.isdigit() and 1000 <= int(written) <= 2100


# ---------------------------------------------------------------------------------------------
# Figures.


def _qualifier(match: re.Match[str], grammar: _Grammar) -> str:
    """The qualifier written before an amount ("jusqu'à" -> "up to"), or ""."""
    written = match.group("qual")
    if not written:
        return ""
    for pattern, qualifier in grammar.qualifier_of:
        if pattern.fullmatch(written):
            return qualifier
    return ""


_PREVIOUS_WORD = re.compile(r"(?:^|[\s(«\"“'’])([^\s(«\"“'’]+)\s*$")


def _previous_word(text: str, start: int) -> str:
    """The word just before `start`, lower case, without an elided article ("l'article" -> "article")."""
    found = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    if not found:
        return ""
    return re.split(r"['’]", found.group(1).lower())[-1]


def _vague_figure(match: re.Match[str], grammar: _Grammar) -> tuple[float | None, float | None, str]:
    """Low, high and qualifier of a vague amount: "des milliers" -> (None, None, "thousands")."""
    last = re.split(r"\s+", match.group("vague").lower())[-1]
    return None, None, grammar.lexicon.vague.get(last, grammar.lexicon.vague.get(last.rstrip("n"), "thousands"))


def _approximate_figure(match: re.Match[str], grammar: _Grammar) -> tuple[float | None, float | None, str]:
    """Low, high and qualifier of "une vingtaine": (20.0, 20.0, "about")."""
    value = float(grammar.lexicon.approximate[match.group("aword").lower()])
    if match.group("amult"):
        value *= 1e3 if match.group("amult").lower() == "milliers" else 1e6
    return value, value, _qualifier(match, grammar) or "about"


def _numeric_figure(match: re.Match[str], grammar: _Grammar) -> tuple[float | None, float | None, str] | None:
    """Low, high and qualifier of a number or range, or None when it is not a count (one, a lone "a")."""
    scales = grammar.lexicon.scales
    scale1 = scales[re.sub(r"\s+", "", match.group("s1").lower())] if match.group("s1") else 1.0
    scale2 = scales[re.sub(r"\s+", "", match.group("s2").lower())] if match.group("s2") else None
    first = _number_value(match.group("n1"), grammar)
    if first < 2 and not match.group("s1") and not match.group("n1")[0].isdigit():
        return None  # "un jour", "one day", "ein Tag": an article as often as a number
    low = first * (scale1 if match.group("s1") or scale2 is None else scale2)
    high = low
    if match.group("n2"):
        high = _number_value(match.group("n2"), grammar) * (scale2 or 1.0)
        low, high = min(low, high), max(low, high)
    qualifier = _qualifier(match, grammar)
    if not qualifier and re.search(r"dozen|dutzend", match.group("n1"), re.IGNORECASE):
        qualifier = "about"  # "a dozen" is a round figure
    return low, high, qualifier


def _is_count(match: re.Match[str], noun: re.Match[str], kind: str, text: str, grammar: _Grammar) -> bool:
    """Whether a number and the noun after it make a figure, not a date, a time of day or a reference."""
    lexicon = grammar.lexicon
    plain = not (match.group("qual") or match.group("btw") or match.group("vague") or match.group("approx"))
    scaled = match.group("s1") or match.group("s2")
    if noun.group("link") and not (scaled or match.group("vague") or match.group("approx")
                                   or re.search(r"dozen|dutzend", match.group("n1") or "", re.IGNORECASE)):
        return False  # "2 of Swords": "of" and "de" follow a scale or a vague amount only
    written = noun.group("noun")
    if lexicon.lower_case_nouns and written[0].isupper() and not written.isupper():
        return False  # "Ninety Mile Beach": a name
    if not plain or match.group("cur1"):
        return True
    before = _previous_word(text, match.start())
    if before in lexicon.reference_words:
        return False
    if kind == "hours" and before in lexicon.time_of_day_words:
        return False
    if _is_year_like(match.group("n1")) and not match.group("s1") and not match.group("n2"):
        is_time = kind in ("years", "months", "weeks", "days", "hours")
        if noun.group("fill") or (before in lexicon.year_words and not is_time):
            return False
    return True


def _counted(match: re.Match[str], text: str, grammar: _Grammar) -> tuple[str, int] | None:
    """What an amount counts and where its figure ends: ("soldiers", end of "soldats"), or None."""
    if match.group("cur1"):  # "$1 billion": the currency sign says it
        return ("euros" if "€" in match.group("cur1") else "dollars"), match.end()
    noun = grammar.noun.match(text, match.end())
    if noun is None:
        return None
    base = noun.group("base") or noun.group("cbase")
    kind = grammar.kind_of.get(re.sub(r"\s+", " ", base.lower()))  # None: a letter whose case folds oddly
    if kind is None or not _is_count(match, noun, kind, text, grammar):
        return None
    return kind, noun.end()


def _figure(match: re.Match[str], text: str, grammar: _Grammar) -> Figure | None:
    """The figure an amount makes with the noun after it, or None."""
    counted = _counted(match, text, grammar)
    if counted is None:
        return None
    kind, end = counted
    if match.group("vague"):
        amount = _vague_figure(match, grammar)
    elif match.group("approx"):
        amount = _approximate_figure(match, grammar)
    else:
        amount = _numeric_figure(match, grammar)
    if amount is None:
        return None
    low, high, qualifier = amount
    start = match.start()
    return Figure(kind, low, high, qualifier, text[start:end], start, end)


_WORD = re.compile(r"[^\W\d_]+")
_DIGIT_RUN = re.compile(r"[\d$€]+")
_TOKEN = re.compile(r"[\w$€]+")
_LOOKBACK = 60  # characters before a number where its qualifier or range may start ("pas moins de", "entre")


def _cores(text: str, grammar: _Grammar) -> list[int]:
    """Where amounts may be: the offsets of each run of digits or currency sign and of each number word."""
    positions = [match.start() for match in _DIGIT_RUN.finditer(text)]
    words = grammar.core_words.intersection(_WORD.findall(text.lower()))
    if words:
        alternation = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
        pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)
        positions = sorted(positions + [match.start() for match in pattern.finditer(text)])
    return positions


def _amounts(text: str, grammar: _Grammar) -> list[re.Match[str]]:
    """The amounts of a passage, in order, none overlapping.

    The amount pattern is tried only at the words just before each number or number word: the same
    amounts as scanning the whole passage, several times faster.
    """
    found: list[re.Match[str]] = []
    end = 0
    for core in _cores(text, grammar):
        if core < end:
            continue
        starts = [token.start() for token in _TOKEN.finditer(text, max(end, core - _LOOKBACK), core)]
        for start in [*starts, core]:
            match = grammar.phrase.match(text, start)
            if match is not None and match.end() > core:
                found.append(match)
                end = match.end()
                break
    return found


def figures(text: str, language: str) -> list[Figure]:
    """The figures of a passage, in order: each number or vague amount with the noun it counts.

    `language` is "fr", "en" or "de"; another language gives no figure.
    """
    grammar = _grammar_for(language)
    if grammar is None:
        return []
    found, dates = [], None
    for match in _amounts(text, grammar):
        figure = _figure(match, text, grammar)
        if figure is not None:
            if dates is None:  # the day or year of a date with its month is no count ("June 2024 soldiers")
                dates = [(d.start, d.end) for d in find_date_expressions(text, language) if d.last[1] or (d.first and d.first[1])]
            if not any(start < match.end() and match.start() < end for start, end in dates):
                found.append(figure)
    return found


# ---------------------------------------------------------------------------------------------
# Claims.


def _claim_year(match: re.Match[str], grammar: _Grammar, published: datetime.date | None) -> str | None:
    """The year a claim refers to, 4 digits: the year written, or `published` minus the years counted."""
    if match.group("year"):
        return match.group("year")
    if published is None:
        return None
    count = 1.0 if match.group("one") else _number_value(match.group("count"), grammar)
    years = count * grammar.lexicon.year_units.get(match.group("unit").lower(), 0)
    year = published.year - int(years)
    return str(year) if 1000 <= year < published.year else None


def claims(text: str, language: str, published: datetime.date | None) -> list[Claim]:
    """The "first … since" claims of a passage, in order, each with the year it refers to.

    A claim counting years ("depuis 24 ans") needs `published`; without it, it is left out.
    """
    grammar = _grammar_for(language)
    if grammar is None or grammar.lexicon.first_stem not in text.lower():
        return []
    found = []
    for match in grammar.claim.finditer(text):
        year = _claim_year(match, grammar, published)
        if year is not None:
            found.append(Claim("first since", year, match.group(), match.start(), match.end()))
    return found
