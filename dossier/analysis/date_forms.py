"""The written forms of dates in French, English and German: patterns built from CLDR's month and weekday names.

Each language has its `Grammar`: its forms (regular expressions with named parts, by priority), the
number of each month name it knows, and what makes a date without its year relative ("juin dernier",
"last June 19", "im Juni letzten Jahres"), which is then no calendar date. Month and weekday names come
from Babel (CLDR), wide and abbreviated, in the language's main locales; each is also accepted
without its accents ("fevrier"), and an abbreviation with or without its period where the language
writes one ("Sept. 3", "Sep 3"). English names keep their capital ("may" is a verb); a numeric date is
read only in a language whose order is unambiguous (French "19/06/2024", German "19.06.2024"; never
English, where "06/07/2024" is read both ways).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from babel.dates import get_day_names, get_month_names

LANGUAGES = ("fr", "en", "de")  # tried in this order when a text's language is unknown
# The locales whose names a language's texts use: "Sept" is British, "Jänner" Austrian.
_LOCALES = {"fr": ("fr", "fr_CA"), "en": ("en", "en_GB"), "de": ("de", "de_AT", "de_CH")}

_Y = r"(?:19|20)\d\d"
# A year alone is no date when a unit of time follows it: "depuis 2000 ans", "in 2000 years".
_DURATION = {
    "fr": r"ans|années|mois|semaines|jours|heures",
    "en": r"years?|months?|weeks?|days?|hours?",
    "de": r"Jahren?|Monaten?|Wochen|Tagen?|Stunden",
}
_SP = r"[\s\u00a0]+"  # a space, a no-break space
_OPT = r"[\s\u00a0]*"
_DASH = rf"{_OPT}[-–]{_OPT}"
_APOS = "['’]"


def fold(word: str) -> str:
    """A name as looked up: lower case, without accents or a final period ("Févr." -> "fevr")."""
    decomposed = unicodedata.normalize("NFD", word.lower().rstrip("."))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _unaccented(word: str) -> str:
    return unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)))


def _names(language: str, getter, widths: tuple[str, ...]) -> dict[str, int]:
    """Every CLDR name of `language`'s locales in `widths` (format and stand-alone) -> its number."""
    names: dict[str, int] = {}
    for locale in _LOCALES[language]:
        for width in widths:
            for context in ("format", "stand-alone"):
                for number, name in getter(width, context=context, locale=locale).items():
                    names.setdefault(name, number)
    return names


def _alternation(wide, abbreviated, english: bool) -> str:
    """A regular expression for any of the names, longest first, with and without accents.

    An abbreviation keeps the period CLDR writes ("sept.", "Okt."); an English one may have one or
    not ("Sept. 3", "Sep 3"). English names keep their capital, or are written in capitals.
    """
    written: set[str] = set()
    for name in [*wide, *abbreviated]:
        for form in {name, _unaccented(name)}:
            for cased in {form, form.upper()} if english else {form}:
                if cased.endswith("."):
                    written.add(re.escape(cased[:-1]) + r"\.")
                elif english and name in abbreviated and name not in wide:
                    written.add(re.escape(cased) + r"\.?")
                else:
                    written.add(re.escape(cased))
    pattern = "|".join(sorted(written, key=lambda w: (-len(w), w)))
    return f"(?-i:{pattern})" if english else f"(?:{pattern})"


@dataclass(frozen=True)
class Grammar:
    """How a language writes dates: its forms (by priority), its month names, what makes a date relative."""

    language: str
    forms: tuple[re.Pattern, ...]
    numeric: tuple[re.Pattern, ...]  # read only when the text is known to be of this language
    separator: str  # of the numeric dates' parts: a text without it has none
    months: dict[str, int]  # fold(name) -> 1..12
    relative_before: re.Pattern  # the words before a date without its year that make it relative ("last")
    relative_after: re.Pattern  # and after it ("dernier", "letzten Jahres")
    weekdays: frozenset[str] = frozenset()  # fold(name) of the weekdays, when a capitalised word before a month is a name

    def month(self, value: str) -> int:
        return int(value) if value.isdigit() else self.months[fold(value)]

    def names_someone(self, text: str, start: int) -> bool:
        """Whether the month at `start` follows a capitalised word other than a weekday: a name ("Theresa May 2019")."""
        if not self.weekdays:
            return False
        before = re.search(r"([A-Z][\w'’-]*)[ \u00a0]+$", text[max(0, start - 40):start])
        return before is not None and fold(before.group(1)) not in self.weekdays


# Each form has a `lead` (the words before the date, not marked) and named parts: d1, m1, y1 (the
# first end of a range) and d2, m2, y2. Listed by priority: at the same place, the first form that
# matches wins; the forms of a day and of a range of days take the same leads, so that the longer wins.


def _expression(pattern: str) -> re.Pattern:
    # Dates never start or end inside a word or a number ("2 000", "COVID-19").
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


def _french(m: str, weekday: str) -> tuple[re.Pattern, ...]:
    d = r"1er|[12]\d|3[01]|0?[1-9]"
    return (
        # "les 18 et 19 juin", "du 30 juin au 2 juillet 2024", "18-19 juin 2024"
        _expression(
            rf"(?P<lead>(?:les|du|entre{_SP}le){_SP})?(?P<d1>{d})(?:{_SP}(?P<m1>{m})(?:{_SP}(?P<y1>{_Y}))?)?"
            rf"(?:{_SP}(?:et|au|à){_SP}(?:le{_SP})?|{_DASH})(?P<d2>{d}){_SP}(?P<m2>{m})(?:{_SP}(?P<y2>{_Y}))?"
        ),
        # "entre 2023 et 2024", "de septembre 2023 à juin 2024", "du 4 décembre 2024 au 5 janvier 2025"
        _expression(
            rf"(?P<lead>(?:entre|de|du|d{_APOS})[\s\u00a0]*(?:le{_SP})?)"
            rf"(?:(?:(?P<d1>{d}){_SP})?(?P<m1>{m}){_SP})?(?P<y1>{_Y})"
            rf"{_SP}(?:et|à|au){_SP}(?:le{_SP})?(?:(?:(?P<d2>{d}){_SP})?(?P<m2>{m}){_SP})?(?P<y2>{_Y})"
        ),
        # "entre septembre et décembre 2024", "de juin à août 2024"
        _expression(rf"(?P<lead>(?:entre|de|d{_APOS})[\s\u00a0]*)(?P<m1>{m}){_SP}(?:et|à){_SP}(?P<m2>{m}){_SP}(?P<y2>{_Y})"),
        # "2023-2024"
        _expression(rf"(?P<y1>{_Y}){_DASH}(?P<y2>{_Y})"),
        # "le 4 décembre 2024", "1er mai 2024", "le 19 juin", "lundi 17 juin"
        _expression(rf"(?P<lead>le{_SP}(?:{weekday}{_SP})?|{weekday}{_SP})?(?P<d2>{d}){_SP}(?P<m2>{m})(?:{_SP}(?P<y2>{_Y}))?"),
        # "en septembre 2023", "depuis février 2022", "juin 2024"
        _expression(rf"(?P<lead>(?:(?:en|depuis|dès|début|fin|courant){_SP}|mi-|d{_APOS}|de{_SP}))?(?P<m2>{m}){_SP}(?P<y2>{_Y})"),
        # "en septembre" (the year is not written)
        _expression(rf"(?P<lead>(?:en|depuis|dès|début|fin|courant){_SP}|mi-)(?P<m2>{m})"),
        # "en 2019", "depuis 2011", "fin 2024", "mi-2023"
        _expression(
            rf"(?P<lead>(?:en|depuis|dès|début|fin|courant|à{_SP}partir{_SP}de|au{_SP}cours{_SP}de{_SP}l{_APOS}année){_SP}|mi-)"
            rf"(?P<y2>{_Y})(?![\s\u00a0]+(?:{_DURATION['fr']})(?!\w))"
        ),
    )


def _year(n: int) -> str:
    """ ", 2024" after an English day or month, as the part y1 or y2."""
    return rf",?{_SP}(?P<y{n}>{_Y})"


def _english(m: str, weekday: str, may_less: str) -> tuple[re.Pattern, ...]:
    d = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    to = rf"(?:{_DASH}|{_SP}(?:to|and|through|until|till){_SP}(?:the{_SP})?)"
    early = rf"(?:early|late|mid){_SP}|mid-"
    # Before a day, a range of days: "on", "from", "between", a weekday, "the" ("on Monday, June 17", "on the 19th").
    on = rf"(?:(?:on|from|between){_SP}(?:{weekday},?{_SP})?|{weekday},?{_SP})(?:the{_SP})?|the{_SP}"
    return (
        # "June 18-19", "June 18 to June 20, 2024", "from June 30 to July 2", "between June 18 and 19"
        _expression(
            rf"(?P<lead>{on})?(?P<m1>{m}){_SP}(?P<d1>{d})(?:{_year(1)})?"
            rf"{to}(?:(?P<m2>{m}){_SP})?(?P<d2>{d})(?:{_year(2)})?"
        ),
        # "18-19 June 2024", "from 18 to 20 June", "18 June to 2 July 2024", "between the 18th and the 19th of June"
        _expression(
            rf"(?P<lead>{on})?(?P<d1>{d})(?:{_SP}(?:of{_SP})?(?P<m1>{m})(?:{_year(1)})?)?"
            rf"{to}(?P<d2>{d}){_SP}(?:of{_SP})?(?P<m2>{m})(?:{_year(2)})?"
        ),
        # "between 2023 and 2024", "from September 2023 to June 2024"
        _expression(
            rf"(?P<lead>(?:between|from){_SP})(?:(?P<m1>{m}){_SP})?(?P<y1>{_Y})"
            rf"{_SP}(?:and|to|until|through){_SP}(?:(?P<m2>{m}){_SP})?(?P<y2>{_Y})"
        ),
        # "between September and December 2024", "from June to August 2024"
        _expression(
            rf"(?P<lead>(?:between|from){_SP})(?P<m1>{m}){_SP}(?:and|to|until|through){_SP}(?P<m2>{m}),?{_SP}(?P<y2>{_Y})"
        ),
        # "2023-2024"
        _expression(rf"(?P<y1>{_Y}){_DASH}(?P<y2>{_Y})"),
        # "June 19, 2024", "on Monday, June 17", "Sept. 3"
        _expression(rf"(?P<lead>{on})?(?P<m2>{m}){_SP}(?P<d2>{d})(?:{_year(2)})?"),
        # "19 June 2024", "on the 19th of June"
        _expression(
            rf"(?P<lead>{on})?(?P<d2>{d}){_SP}(?:of{_SP})?(?P<m2>{m})(?:{_year(2)})?"
        ),
        # "in September 2023", "since February 2022", "June 2024", "mid-June 2024"
        _expression(
            rf"(?P<lead>(?:(?:in|since|during|until|by|of){_SP}(?:{early})?|{early}))?(?P<m2>{m}),?{_SP}(?P<y2>{_Y})"
        ),
        # "in September" (the year is not written; "in May" may be Theresa May's)
        _expression(rf"(?P<lead>(?:in|since|during){_SP}(?:{early})?|{early})(?P<m2>{may_less})"),
        # "in 2019", "since 2011", "early 2024", "mid-2023"
        _expression(
            rf"(?P<lead>(?:in|since|during|throughout){_SP}(?:{early})?|{early})(?P<y2>{_Y})(?![\s\u00a0]+(?:{_DURATION['en']})(?!\w))"
        ),
    )


def _german(m: str, weekday: str) -> tuple[re.Pattern, ...]:
    d = r"[12]\d|3[01]|0?[1-9]"
    # Before a day, a range of days: "am", "vom", "zwischen dem", a weekday ("am Montag, 17. Juni").
    am = rf"(?:(?:am|vom|von|dem|den|zwischen{_SP}dem){_SP}(?:{weekday},?{_SP}(?:(?:dem|den){_SP})?)?|{weekday},?{_SP}(?:(?:dem|den){_SP})?)"
    return (
        # "vom 18. bis 19. Juni", "18.–19. Juni 2024", "vom 30. Juni bis zum 2. Juli 2024", "am 18. und 19. Juni"
        _expression(
            rf"(?P<lead>{am})?(?P<d1>{d})\.(?:{_OPT}(?P<m1>{m})(?:{_SP}(?P<y1>{_Y}))?)?"
            rf"(?:{_SP}(?:bis|und)(?:{_SP}(?:zum|dem))?{_SP}|{_DASH})(?P<d2>{d})\.{_OPT}(?P<m2>{m})(?:{_SP}(?P<y2>{_Y}))?"
        ),
        # "zwischen 2023 und 2024", "von September 2023 bis Juni 2024"
        _expression(
            rf"(?P<lead>(?:zwischen|von){_SP})(?:(?P<m1>{m}){_SP})?(?P<y1>{_Y})"
            rf"{_SP}(?:und|bis){_SP}(?:(?P<m2>{m}){_SP})?(?P<y2>{_Y})"
        ),
        # "zwischen September und Dezember 2024", "von Juni bis August 2024"
        _expression(rf"(?P<lead>(?:zwischen|von){_SP})(?P<m1>{m}){_SP}(?:und|bis){_SP}(?P<m2>{m}){_SP}(?P<y2>{_Y})"),
        # "2023-2024"
        _expression(rf"(?P<y1>{_Y}){_DASH}(?P<y2>{_Y})"),
        # "am 19. Juni 2024", "3. Oktober 2019", "am Montag, 17. Juni", "19. Juni"
        _expression(
            rf"(?P<lead>{am})?"
            rf"(?P<d2>{d})\.{_OPT}(?P<m2>{m})(?:{_SP}(?P<y2>{_Y}))?"
        ),
        # "im September 2023", "seit Februar 2022", "Juni 2024", "Mitte Juni 2024"
        _expression(rf"(?P<lead>(?:im|seit|ab|bis|Anfang|Ende|Mitte){_SP})?(?P<m2>{m}){_SP}(?P<y2>{_Y})"),
        # "im September" (the year is not written)
        _expression(rf"(?P<lead>(?:im|seit|ab|Anfang|Ende|Mitte){_SP})(?P<m2>{m})"),
        # "im Jahr 2019", "seit 2011", "Ende 2024"
        _expression(
            rf"(?P<lead>(?:im{_SP}Jahre?|seit|ab|Anfang|Ende|Mitte){_SP})(?P<y2>{_Y})(?![\s\u00a0]+(?:{_DURATION['de']})(?!\w))"
        ),
    )


# Numeric dates, day first, where the language has no other order (never English: "06/07/2024").
_NUMERIC = {
    "fr": ("/", rf"(?P<lead>le{_SP})?(?P<d2>1er|[12]\d|3[01]|0?[1-9])/(?P<m2>0?[1-9]|1[0-2])/(?P<y2>{_Y})"),  # "19/06/2024"
    "de": (".", rf"(?P<lead>am{_SP})?(?P<d2>[12]\d|3[01]|0?[1-9])\.(?P<m2>0?[1-9]|1[0-2])\.(?P<y2>{_Y})"),  # "19.06.2024"
}
# What makes a date written without its year relative: the year is that of another date than the article's.
_RELATIVE_BEFORE = {
    "fr": r"",
    "en": r"(?<!\w)(?:last|next|past|coming)[\s\u00a0]+(?:on[\s\u00a0]+)?$",
    "de": r"(?<!\w)(?:letzten|vergangenen|nächsten|kommenden)[\s\u00a0]+$",
}
_RELATIVE_AFTER = {
    "fr": r"^[\s\u00a0]*(?:dernier|dernière|prochain|prochaine|passé"
          r"|de[\s\u00a0]+l['’](?:année|an)[\s\u00a0]+(?:dernière|dernier|passée|prochaine|prochain))(?!\w)",
    "en": r"^,?[\s\u00a0]+(?:(?:of[\s\u00a0]+)?(?:last|next|the[\s\u00a0]+previous|the[\s\u00a0]+following)[\s\u00a0]+year)(?!\w)",
    "de": r"^[\s\u00a0]+(?:(?:des|im)[\s\u00a0]+)?(?:(?:letzten|vergangenen|nächsten|kommenden)[\s\u00a0]+Jahr(?:es|s)?"
          r"|Vorjahr(?:es|s)?|(?:letztes|vergangenes|nächstes)[\s\u00a0]+Jahr)(?!\w)",
}


@cache
def grammar(language: str) -> Grammar:
    """The date grammar of `language` ("fr", "en" or "de"), built once."""
    wide = _names(language, get_month_names, ("wide",))
    abbreviated = _names(language, get_month_names, ("abbreviated",))
    weekdays = _names(language, get_day_names, ("wide",))
    english = language == "en"
    month = _alternation(wide, abbreviated, english)
    weekday = _alternation(weekdays, (), english)
    if english:
        forms = _english(month, weekday, _alternation([m for m in wide if m != "May"], [m for m in abbreviated if m != "May"], True))
    else:
        forms = (_french if language == "fr" else _german)(month, weekday)
    months = {fold(name): number for name, number in {**abbreviated, **wide}.items()}
    return Grammar(
        language,
        forms,
        (_expression(rf"(?<![\d.,/])(?:{_NUMERIC[language][1]})(?![.,/]\d)"),) if language in _NUMERIC else (),
        _NUMERIC[language][0] if language in _NUMERIC else "",
        months,
        re.compile(_RELATIVE_BEFORE[language] or r"(?!)", re.IGNORECASE),
        re.compile(_RELATIVE_AFTER[language], re.IGNORECASE),
        frozenset(fold(name) for name in weekdays) if english else frozenset(),
    )


def grammars(language: str | None) -> tuple[Grammar, ...]:
    """The grammars a text of `language` ("en", "de-AT") is read with: its own, or all three when it is unknown."""
    code = (language or "").lower().replace("_", "-").split("-")[0]
    return (grammar(code),) if code in LANGUAGES else tuple(grammar(code) for code in LANGUAGES)
