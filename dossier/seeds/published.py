"""The publication date of a seed, from what its page states in each place, and never a guess.

A saved or pasted page may state when it was published in several places: its meta tags, its
JSON-LD, a <time> element, a line of its header ("Publié le 3 mars 2024", "May 2, 2024"), the
address it was published at (".../2024/03/03/..."). Each is a `Statement`. `settle` chooses:

- statements a day apart or less agree (a timestamp read in another time zone, a print date
  in the address); a month or a year agrees with the days it holds;
- a "published" meta tag or JSON-LD value written exactly as the page's stated update is that
  update, where the page states an earlier publication too;
- a header line that says "published" outweighs a date line alone (a list of other articles
  above the headline prints their dates alone);
- where the statements still disagree, the date most kinds of statement agree on (the JSON-LD
  and the byline against a stale meta tag) is the date; where no date has the most, the date is
  unknown: the build then proposes one from the text (curate/provenance.py) and the curator
  confirms it, rather than the page showing an earlier date (another article's, an event's) as
  the article's.

Everything here is pure: statements in, one statement (or none and the reason) out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..core.model import PartialDate

# The kinds of statement, by the weight of what they say within one date: the page's metadata
# first (its earliest), then a <time> element, a header line, the address.
_PREFERENCE = ("meta", "ld", "time", "labelled", "bare", "dateline", "url")


@dataclass(frozen=True)
class Statement:
    """A date the page states as its publication, where it says it, and the value as written."""

    date: PartialDate
    kind: str  # "meta", "ld", "time", "labelled" (a "published" line), "bare" (a date line alone), "dateline", "url"
    source: str  # "meta article:published_time, line 9", "line 12", "the page's address"
    stamp: str = ""  # the timestamp as written (meta, JSON-LD), to recognise an update stated as publication

    @property
    def family(self) -> str:
        """What a statement counts as when statements disagree: each header line is the page's visible date."""
        return "visible" if self.kind in ("labelled", "bare", "dateline") else self.kind


_URL_DATES = (
    re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/([0-3]?\d)(?=/|$|[-_.])"),  # /2024/03/05/
    re.compile(r"/((?:19|20)\d\d)/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/([0-3]?\d)(?=/|$)", re.I),
    re.compile(r"(?<![\d])((?:19|20)\d\d)(0[1-9]|1[0-2])([0-3]\d)(?=/|$|\.html?$|[-_])"),  # -20190520/, /20160729/
    re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])(?=/)()"),  # /2019/04/: the month
)
_MONTH_ABBREVIATIONS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def url_date(url: str | None) -> PartialDate | None:
    """The date an article's address holds (".../2024/03/05/...", ".../2019/jan/03/...", "...-20190520/"), if any."""
    if not url:
        return None
    path = urlsplit(url).path
    for form in _URL_DATES:
        if m := form.search(path):
            year, month, day = m.groups()
            month = _MONTH_ABBREVIATIONS.index(month.lower()) + 1 if month.isalpha() else int(month)
            try:
                return PartialDate(int(year), month, int(day) if day else None)
            except ValueError:
                return None
    return None


def agree(a: PartialDate, b: PartialDate) -> bool:
    """Whether two stated dates may be the same publication: a day apart at most, or one holding the other."""
    one_day = dt.timedelta(days=1)
    return a.first_day() - one_day <= b.last_day() and b.first_day() - one_day <= a.last_day()


def _instant(stamp: str) -> dt.datetime | str:
    """A timestamp as an instant where it has a time and a zone ("2024-12-07T12:43:39.889Z"), else as written."""
    try:
        value = dt.datetime.fromisoformat(stamp.strip().replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        return stamp.strip()
    return value if value.tzinfo is not None else stamp.strip()


def _not_updates(statements: list[Statement], updates: list[str]) -> list[Statement]:
    """Without the metadata statements that are the page's update stated again as its publication (the
    meta tag rewritten when the page was edited), where the page states an earlier publication."""
    instants = {_instant(stamp) for stamp in updates if stamp}
    metadata = [s for s in statements if s.kind in ("meta", "ld")]
    kept = []
    for statement in statements:
        is_update = statement.kind in ("meta", "ld") and statement.stamp and _instant(statement.stamp) in instants
        if is_update and any(other.date.first_day() < statement.date.first_day() for other in metadata):
            continue
        kept.append(statement)
    return kept


def _groups(statements: list[Statement]) -> list[list[Statement]]:
    """The statements in groups that agree, earliest first: each group starts at a date that disagrees with the last."""
    groups: list[list[Statement]] = []
    for statement in sorted(statements, key=lambda s: (s.date.first_day(), s.date.last_day())):
        if groups and all(agree(statement.date, other.date) for other in groups[-1]):
            groups[-1].append(statement)
        else:
            groups.append([statement])
    return groups


def _best(group: list[Statement]) -> Statement | None:
    """The statement that dates the article within a group that agrees: the page's metadata (its earliest),
    else its <time>, else a header line; the address alone dates nothing."""
    for kind in _PREFERENCE[:-1]:
        found = [s for s in group if s.kind == kind]
        if found:
            return min(found, key=lambda s: (s.date.first_day(), s.date.precision != "day"))
    return None


def settle(statements: list[Statement], updates: list[str] = ()) -> tuple[Statement | None, str]:
    """The statement that dates the article, or None and, where the page's dates disagree, why ("" otherwise).

    `updates`: the page's update timestamps as written (dateModified, article:modified_time).
    """
    statements = _not_updates(list(statements), list(updates))
    if any(s.kind == "labelled" for s in statements):  # "Published May 2": a date alone above it is another's
        statements = [s for s in statements if s.kind != "bare"]
    groups = _groups(statements)
    if len(groups) <= 1:
        return (_best(groups[0]) if groups else None), ""
    votes = [len({s.family for s in group}) for group in groups]
    top = max(votes)
    if votes.count(top) == 1:
        return _best(groups[votes.index(top)]), ""
    said = "; ".join(f"{s.date.iso()} ({s.source})" for group in groups for s in group)
    return None, f"the page's dates disagree: {said}"
