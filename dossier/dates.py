"""French date expressions in running text: "le 4 décembre 2024", "en septembre 2023", "2019"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import MONTHS_FR, PartialDate

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
