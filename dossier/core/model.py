"""Plain data shared by the stages: partial dates, seed articles, registry entries."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from .errors import shown

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)

ENTITY_TYPES = ("person", "organisation", "country", "place")

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or the year only."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self):
        if not 1 <= (self.month or 1) <= 12:
            raise ValueError(f"month {self.month} is not between 1 and 12")
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month")
            dt.date(self.year, self.month, self.day)  # raises on 31 février

    @classmethod
    def parse(cls, value) -> PartialDate:
        """Read `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a date object; ValueError otherwise."""
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int):
            value = str(value)
        match = _ISO.match(str(value).strip()) if isinstance(value, str) else None
        if not match:
            raise ValueError(f"{shown(value)} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = (int(g) if g else None for g in match.groups())
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day()
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        return self.iso()


@dataclass
class Block:
    """One block of an article body, in reading order, as plain text."""

    kind: str  # paragraph, heading, bullet, numbered, caption, quote, author (a note about the authors)
    text: str
    line: int = 0  # line in the seed where the block starts
    extra: str = ""  # photo credit of a caption, attribution of a quote


@dataclass
class Article:
    """What ingest read from one seed."""

    seed: str  # path of the seed, relative to the project
    seed_sha256: str
    title: str
    slug: str = ""
    date: PartialDate | None = None
    date_source: str = ""  # where the date was read, for the curator
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    agency: str | None = None  # the news agency whose story this is ("AFP", "Reuters"), if the page says so
    url: str | None = None
    genre: str = "news"  # news or opinion
    language: str = "fr"
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Entity:
    """A person, organisation, country or place of the registry."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    wikidata: str | None = None
    path: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Event:
    """Something that happened, with its dates, place, participants and trigger phrases."""

    id: str
    name: str
    start: PartialDate
    end: PartialDate | None = None
    place: str | None = None
    participants: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    description: str = ""
    wikidata: str | None = None
    path: str = ""

    @property
    def first_day(self) -> dt.date:
        return self.start.first_day()

    @property
    def last_day(self) -> dt.date:
        return (self.end or self.start).last_day()


@dataclass
class Registry:
    """Every entity and event of the dossier, by id."""

    entities: dict[str, Entity] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)

    def get(self, target: str) -> Entity | Event | None:
        return self.entities.get(target) or self.events.get(target)
