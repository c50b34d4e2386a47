"""French date expressions in running text: "le 4 décembre 2024", "en septembre 2023", "2019"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.model import MONTHS_FR, PartialDate

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


def find_dates(text: str) -> list[DateMention]:
    """Every explicit date of `text` (day + month + year, month + year, or "en 2019")."""
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


# Dated statements: every date or range written in a text, with or without its year.
# `find_dates` above stays as annotate uses it; the timeline reads the richer forms below.

_MONTH_NUMBERS = {name: index for index, name in enumerate(MONTHS_FR, 1)}
_MONTH_NUMBERS.update({"fevrier": 2, "aout": 8, "decembre": 12})  # written without accents
_M = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_D = r"1er|[12]\d|3[01]|0?[1-9]"
_Y = r"(?:19|20)\d\d"
_SP = r"[\s\u00a0]+"
_APOS = "['’]"


def _expression(pattern: str) -> re.Pattern:
    # Dates never start or end inside a word or a number ("2 000", "COVID-19").
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


# Each form has a `lead` (the words before the date, not marked) and named parts.
# Listed by priority: at the same place, the first form that matches wins.
_FORMS = (
    # "les 18 et 19 juin", "du 30 juin au 2 juillet 2024", "18-19 juin 2024"
    _expression(
        rf"(?P<lead>(?:les|du|entre{_SP}le){_SP})?(?P<d1>{_D})(?:{_SP}(?P<m1>{_M})(?:{_SP}(?P<y1>{_Y}))?)?"
        rf"(?:{_SP}(?:et|au|à){_SP}(?:le{_SP})?|[\s\u00a0]*[-–][\s\u00a0]*)(?P<d2>{_D}){_SP}(?P<m2>{_M})(?:{_SP}(?P<y2>{_Y}))?"
    ),
    # "entre 2023 et 2024", "de septembre 2023 à juin 2024", "du 4 décembre 2024 au 5 janvier 2025"
    _expression(
        rf"(?P<lead>(?:entre|de|du|d{_APOS})[\s\u00a0]*(?:le{_SP})?)"
        rf"(?:(?:(?P<d1>{_D}){_SP})?(?P<m1>{_M}){_SP})?(?P<y1>{_Y})"
        rf"{_SP}(?:et|à|au){_SP}(?:le{_SP})?(?:(?:(?P<d2>{_D}){_SP})?(?P<m2>{_M}){_SP})?(?P<y2>{_Y})"
    ),
    # "entre septembre et décembre 2024", "de juin à août 2024"
    _expression(
        rf"(?P<lead>(?:entre|de|d{_APOS})[\s\u00a0]*)(?P<m1>{_M}){_SP}(?:et|à){_SP}(?P<m2>{_M}){_SP}(?P<y2>{_Y})"
    ),
    # "2023-2024"
    _expression(rf"(?P<y1>{_Y})[\s\u00a0]*[-–][\s\u00a0]*(?P<y2>{_Y})"),
    # "le 4 décembre 2024", "1er mai 2024", "le 19 juin"
    _expression(rf"(?P<lead>le{_SP})?(?P<d2>{_D}){_SP}(?P<m2>{_M})(?:{_SP}(?P<y2>{_Y}))?"),
    # "en septembre 2023", "depuis février 2022", "juin 2024"
    _expression(
        rf"(?P<lead>(?:(?:en|depuis|dès|début|fin|courant){_SP}|mi-|d{_APOS}|de{_SP}))?(?P<m2>{_M}){_SP}(?P<y2>{_Y})"
    ),
    # "en septembre" (the year is not written)
    _expression(rf"(?P<lead>(?:en|depuis|dès|début|fin|courant){_SP}|mi-)(?P<m2>{_M})"),
    # "en 2019", "depuis 2011", "fin 2024", "mi-2023"
    _expression(
        rf"(?P<lead>(?:en|depuis|dès|début|fin|courant|à{_SP}partir{_SP}de|au{_SP}cours{_SP}de{_SP}l{_APOS}année){_SP}|mi-)"
        rf"(?P<y2>{_Y})"
    ),
)


def _number(value: str | None) -> int | None:
    if value is None:
        return None
    return 1 if value.lower() == "1er" else int(value)


def _month(value: str | None) -> int | None:
    return None if value is None else _MONTH_NUMBERS[value.lower()]


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


def find_date_expressions(text: str) -> list[DateExpression]:
    """Every date or range written in `text`, in order: days, months, years, ranges, with or without the year."""
    candidates = []
    for priority, form in enumerate(_FORMS):
        for match in form.finditer(text):
            candidates.append((match.start(), -match.end(), priority, match))
    candidates.sort(key=lambda c: c[:3])
    found, taken_until = [], -1
    for begin, _, _, match in candidates:
        if begin < taken_until:
            continue  # inside a longer or earlier date
        parts = match.groupdict()
        first = None
        if parts.get("y1") or parts.get("m1") or parts.get("d1"):
            first = (_number(parts.get("y1")), _month(parts.get("m1")), _number(parts.get("d1")))
        last = (_number(parts.get("y2")), _month(parts.get("m2")), _number(parts.get("d2")))
        expression = DateExpression(match.end("lead") if parts.get("lead") else begin, match.end(), first, last)
        taken_until = match.end()  # an invalid date hides what it contains: "31 février 2024" is not "février 2024"
        try:
            expression.dates(2000)  # 2000 is a leap year: "29 février" is a date when the year is missing
        except ValueError:
            continue  # "31 février", a range that goes backwards
        found.append(expression)
    return found


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
