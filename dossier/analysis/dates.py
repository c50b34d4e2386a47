"""Date expressions in running text: "le 4 décembre 2024", "June 18-19, 2024", "am 3. Oktober 2019", "en 2019".

`find_dates` reads French day, month and year dates (annotate's); `find_date_expressions` reads the dates
and ranges of French, English and German texts (date_forms), with or without their year, which
`resolve_date` then finds.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..core.model import MONTHS_FR, PartialDate
from .date_forms import Grammar, grammars

_MONTH = "|".join(MONTHS_FR)
_DATE = re.compile(
    rf"(?<![\w-])(?:(?P<day>1er|[12]\d|3[01]|0?[1-9])\s+)?(?P<month>{_MONTH})\s+(?P<year>(?:19|20)\d\d)(?![\w-])"
    rf"|(?<![\w-])(?:en|depuis|dès|avant|après)\s+(?P<lone_year>(?:19|20)\d\d)(?![\w-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """A date written in a text: where it is, and the date it names."""

    start: int
    end: int
    date: PartialDate


def find_dates(text: str, language: str | None = None) -> list[DateMention]:
    """Every explicit date of `text` (day + month + year, month + year, or "en 2019"), in `language`:
    French (the default) by its own pattern; another language by the forms of its CLDR names
    (find_date_expressions), a range by its last day."""
    if (language or "fr").split("-")[0].lower() != "fr":
        return [
            DateMention(expression.start, expression.end, PartialDate(*expression.last))
            for expression in find_date_expressions(text, language)
            if expression.last[0] is not None
        ]
    found = []
    for match in _DATE.finditer(text):
        try:
            if match.group("lone_year"):
                start = match.start("lone_year")
                date = PartialDate(int(match.group("lone_year")))
            else:
                start = match.start()
                day = match.group("day")
                date = PartialDate(
                    int(match.group("year")),
                    MONTHS_FR.index(match.group("month").lower()) + 1,
                    None if day is None else 1 if day == "1er" else int(day),
                )
        except ValueError:  # "31 février 2024": not a date
            continue
        found.append(DateMention(start, match.end(), date))
    return found


# Dated statements: every date or range written in a text, with or without its year, in French,
# English or German (date_forms). `find_dates` above stays as annotate uses it; the timeline reads
# the richer forms below.


def _number(value: str | None) -> int | None:
    """A day or a year as written: "19", "1er", "19th"."""
    return None if value is None else int(re.match(r"\d+", value).group())


@dataclass(frozen=True)
class DateExpression:
    """A date or a range as written in a text; `year` is None when the text does not give it.

    The written parts are kept as (year, month, day) tuples; the first part of a range
    borrows the month and the year of the second when it does not write them ("les 18
    et 19 juin 2024"), and the year it takes is the one before when its month comes
    later in the year ("du 30 décembre au 2 janvier 2025").
    """

    start: int  # offset of the date in the text, the words before it ("le", "en") left out
    end: int
    first: tuple[int | None, int | None, int | None] | None  # None for a single date
    last: tuple[int | None, int | None, int | None]

    @property
    def has_year(self) -> bool:
        return self.last[0] is not None or (self.first is not None and self.first[0] is not None)

    def dates(self, year: int | None = None) -> tuple[PartialDate, PartialDate | None]:
        """The first and last dates (last None for a single date), the missing year taken as `year`.

        ValueError when the year is missing and not given, or when the text names no real date.
        """
        year1, month1, day1 = self.first or (None, None, None)
        year2, month2, day2 = self.last
        if month1 is None and day1 is not None:
            month1 = month2  # "les 18 et 19 juin"
        # A range whose first month comes later in the year than its last runs over the new year.
        wraps = month1 is not None and month2 is not None and (month1, day1 or 0) > (month2, day2 or 0)
        if year2 is None:
            year2 = year1 + wraps if year1 is not None else year
        if year2 is None:
            raise ValueError("the year is not written")
        last = PartialDate(year2, month2, day2)
        if self.first is None:
            return last, None
        first = PartialDate(year2 - wraps if year1 is None else year1, month1, day1)
        if first.first_day() > last.first_day():
            raise ValueError("a range that ends before it starts")
        return (first, None) if first == last else (first, last)


def find_date_expressions(text: str, language: str | None = None) -> list[DateExpression]:
    """Every date or range written in `text`, in order: days, months, years, ranges, with or without the year.

    `language` ("fr", "en", "de") chooses the forms; a text of another or unknown language is read with
    all three. A date without its year that the text makes relative ("juin dernier", "last June 19",
    "im Juni letzten Jahres") is left out, as are relative dates themselves ("yesterday", "hier").
    """
    return list(_date_expressions(text, language))


@functools.lru_cache(maxsize=4096)  # the timeline and the figures read the same paragraphs
def _date_expressions(text: str, language: str | None) -> tuple[DateExpression, ...]:
    candidates = []
    known = len(grammars(language)) == 1  # numeric dates only where the order of their parts is known
    for grammar in grammars(language):
        numeric = grammar.numeric if known and grammar.separator in text else ()
        for form in grammar.forms + numeric:
            for match in form.finditer(text):
                candidates.append((match.start(), -match.end(), len(candidates), match, grammar))
    candidates.sort(key=lambda c: c[:3])
    found, taken_until = [], -1
    for begin, _, _, match, grammar in candidates:
        if begin < taken_until:
            continue  # inside a longer or earlier date
        taken_until = match.end()  # an invalid date hides what it contains: "31 février 2024" is not "février 2024"
        expression = _expression(match, grammar)
        if expression is None or _is_not_a_date(expression, match, grammar, text):
            continue
        found.append(expression)
    return tuple(found)


def _expression(match: re.Match, grammar: Grammar) -> DateExpression | None:
    """The expression a form's match writes, or None when it names no real date ("31 février", a range that goes back)."""
    parts = match.groupdict()
    month = grammar.month
    first = None
    if parts.get("y1") or parts.get("m1") or parts.get("d1"):
        first = (_number(parts.get("y1")), month(parts["m1"]) if parts.get("m1") else None, _number(parts.get("d1")))
    last_month = month(parts["m2"]) if parts.get("m2") else None
    if last_month is None and parts.get("d2") and first is not None:
        last_month = first[1]  # "June 18-19": the second day is in the first's month
    last = (_number(parts.get("y2")), last_month, _number(parts.get("d2")))
    start = match.end("lead") if parts.get("lead") else match.start()
    expression = DateExpression(start, match.end(), first, last)
    try:
        expression.dates(2000)  # 2000 is a leap year: "29 février" is a date when the year is missing
    except ValueError:
        return None
    return expression


def _is_not_a_date(expression: DateExpression, match: re.Match, grammar: Grammar, text: str) -> bool:
    """Whether a well-formed expression is still no date: a name ("Theresa May 2019"), or, without its
    year, a date the text places relative to another ("le 19 juin dernier", "last June 19")."""
    parts = match.groupdict()
    starts_with_month = not parts.get("lead") and any(parts.get(p) and match.start(p) == match.start() for p in ("m1", "m2"))
    if starts_with_month and grammar.names_someone(text, match.start()):
        return True
    if expression.has_year:
        return False
    return bool(grammar.relative_before.search(text, 0, match.start()) or grammar.relative_after.search(text[match.end():]))


@dataclass(frozen=True)
class DatedSpan:
    """A date expression of a text resolved to dates, and how its year was found."""

    start: int
    end: int
    first: PartialDate
    last: PartialDate | None  # the end of a range
    year_from: str = "text"  # "text", "publication" (the article's date) or "event" (an event named nearby)


def resolve_date(
    expression: DateExpression, publication: PartialDate | None = None, periods=()
) -> DatedSpan | None:
    """The dates of `expression`: its written year, else the publication's year, else the one year in
    which it falls within one of `periods` ((first day, last day) of the events named nearby); else None.

    The year is never invented: without publication date and without an event that contains the day
    or month, a date written without its year is left out.
    """
    if expression.has_year:
        first, last = expression.dates()
        return DatedSpan(expression.start, expression.end, first, last)
    if publication is not None:
        try:
            first, last = expression.dates(publication.year)
        except ValueError:  # "29 février" in a year that has none
            return None
        return DatedSpan(expression.start, expression.end, first, last, "publication")
    years = set()
    for begin, end in periods:
        for year in range(begin.year, end.year + 2):
            try:
                first, last = expression.dates(year)
            except ValueError:
                continue
            if begin <= first.first_day() and (last or first).last_day() <= end:
                years.add(year)
    if len(years) != 1:
        return None  # no event, or events of different years: the year stays unknown
    first, last = expression.dates(years.pop())
    return DatedSpan(expression.start, expression.end, first, last, "event")
