"""Timeline: every event and every dated statement of the articles, one entry per event or date.

A statement is a sentence of an article that writes a date ("le 4 décembre 2024",
"en septembre 2023", "entre 2023 et 2024", "les 18 et 19 juin", read in the article's
language: "June 18-19", "am 3. Oktober 2019"); it links to its paragraph. Each event of the registry has an entry; a statement goes under an event's
entry when it dates that event: its date lies within the event's dates, or is a month
or year that contains the event's start, and its sentence links the event or names one
of its participants or its place (the event it links first, else the closest in time).
Other statements share one entry per date (or range). A date introduced by "depuis"
("since", "seit") is a reference, not a date of its own: it goes under the entry that
holds that date if there is one, and is otherwise left out (and counted). Entries are
in chronological order, a range or a coarser date at its start, after the finer dates
that start on the same day. The page shows the entries twice: as a drawing (an SVG
computed here, the same at every build) and as an ordered list, the accessible content.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from markupsafe import Markup

from ..analysis.dates import find_date_expressions, resolve_date
from ..core.model import PartialDate
from ..core.text import sentence_at, sentence_spans
from ..render import i18n
from ..render.bodies import read_body
from ..render.fragments import original_link
from ..render.pages import Page, Site, paged
from ..render.views import page_url, pages_context, paginate, unknown_outlet

# msgids of the theme's catalogs, translated where they are shown
PRECISION_LABELS = {"day": i18n.N_("day"), "month": i18n.N_("month"), "year": i18n.N_("year")}
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
YEAR_FROM_LABELS = {
    "publication": i18n.N_("year taken from the article's date of publication"),
    "event": i18n.N_("year taken from the event the excerpt cites"),
}


@dataclass(eq=False)
class Statement:
    """A sentence of an article that writes a date, split around the date, linking to its paragraph."""

    article: object  # ArticleView
    paragraph: str
    before: str
    text: str
    after: str
    first: PartialDate
    last: PartialDate | None = None
    year_from: str = "text"
    events: list = field(default_factory=list)  # events linked in the same sentence
    named: list[str] = field(default_factory=list)  # ids of the entities and events linked in the sentence
    reference: bool = False  # "depuis février 2022": a reference to an earlier date, not a date of its own
    # A date only this article gives to an event its sentence links, which other articles date otherwise:
    # (that EventView, the other articles)
    contradicted: tuple | None = None
    original: str | None = None  # the address of its sentence in the original (fragments), when known

    @property
    def label(self) -> str:
        """The statement's own date ("19 juin 2024"), written next to it under an event's entry."""
        return i18n.range_label(self.first, self.last)

    @property
    def iso(self) -> str:
        return self.first.iso()

    @property
    def url(self) -> str:
        return f"{self.article.url}#{self.paragraph}"

    @property
    def outlet(self) -> str:
        return self.article.outlet or unknown_outlet()

    @property
    def year_note(self) -> str:
        return i18n._(YEAR_FROM_LABELS[self.year_from]) if self.year_from in YEAR_FROM_LABELS else ""


@dataclass(eq=False)
class DateGroup:
    """Everything the dossier places on one date or range: events, then statements."""

    first: PartialDate
    last: PartialDate | None = None
    events: list = field(default_factory=list)  # EventView
    statements: list[Statement] = field(default_factory=list)

    def shows_own_date(self, statement: Statement) -> bool:
        """Whether the list writes the statement's date next to it: in an event's entry, for another date
        than the entry's, for a reference."""
        own = _key(statement.first, statement.last) != _key(self.first, self.last)
        return bool(self.events) or statement.reference or own

    @property
    def precision(self) -> str:
        """The coarser precision of the two ends: a range of years is of year precision."""
        ends = [self.first] + ([self.last] if self.last else [])
        return max((end.precision for end in ends), key=_PRECISION_RANK.__getitem__)

    @property
    def precision_label(self) -> str:
        return i18n._(PRECISION_LABELS[self.precision])

    @property
    def label(self) -> str:
        return i18n.range_label(self.first, self.last)

    @property
    def iso(self) -> str:
        return self.first.iso()

    @property
    def end_iso(self) -> str | None:
        return self.last.iso() if self.last else None

    @property
    def anchor(self) -> str:
        """Id of the group in the page: "d-2024-06-18", "d-2024-06-18--2024-06-19"."""
        return f"d-{self.iso}" + (f"--{self.end_iso}" if self.last else "")

    @property
    def is_range(self) -> bool:
        return self.last is not None

    @property
    def sort_key(self) -> tuple:
        return (self.first.first_day(), _PRECISION_RANK[self.precision], (self.last or self.first).last_day())


def _key(first: PartialDate, last: PartialDate | None) -> tuple[PartialDate, PartialDate | None]:
    return first, (None if last == first else last)


# A date introduced by one of these words is a reference ("depuis 2011"), not a date of its own.
_REFERENCE = re.compile(r"(?<!\w)(?:depuis|since|seit)(?:\s+(?:le|the|dem|den))?\s*$", re.IGNORECASE)


def _blocks(article):
    """(paragraph id, text, [(entity or event id, offset)]) of every numbered block of an article's body."""
    paragraphs = article.paragraphs or read_body(article.content)[0]
    for paragraph in paragraphs:
        yield paragraph.id, paragraph.text, [(target, offset) for target, offset, _ in paragraph.links]


def article_statements(article, events: dict) -> list[Statement]:
    """Every dated statement of one article (ArticleView), in reading order.

    `events` maps event ids to EventViews: an event linked in the same sentence, else in the
    same paragraph, gives the year of a date written without one when the article's own date
    is unknown and the event's dates contain that day or month.
    """
    statements = []
    for paragraph, text, links in _blocks(article):
        linked = [(events[target], offset) for target, offset in links if target in events]
        spans = None  # the paragraph's sentences, split once for all its dates
        for expression in find_date_expressions(text, article.language):
            spans = sentence_spans(text) if spans is None else spans
            begin, end = sentence_at(text, expression.start, spans)
            in_sentence = [event for event, offset in linked if begin <= offset < end]
            named = [target for target, offset in links if begin <= offset < end]
            dated = resolve_date(expression, article.date, [(e.first_day, e.last_day) for e in in_sentence])
            if dated is None and not expression.has_year and article.date is None:
                dated = resolve_date(expression, None, [(e.first_day, e.last_day) for e, _ in linked])
            if dated is None:
                continue  # a day or month without its year, and nothing to find it from
            statements.append(Statement(
                article=article,
                paragraph=paragraph,
                before=text[begin:expression.start],
                text=text[expression.start:expression.end],
                after=text[expression.end:max(end, expression.end)],
                first=dated.first,
                last=dated.last,
                year_from=dated.year_from,
                events=list(dict.fromkeys(in_sentence)),
                named=list(dict.fromkeys(named)),
                reference=bool(_REFERENCE.search(text[begin:expression.start])),
                original=original_link(article, text[begin:max(end, expression.end)]),
            ))
    return statements


def dates_event(statement: Statement, event) -> bool:
    """Whether the date of `statement` dates `event` (an EventView): it lies within the event's dates,
    or is a single month or year that contains the event's start ("en juin 2024" for 18–19 June 2024)."""
    return _dates(statement, statement.first.first_day(), (statement.last or statement.first).last_day(),
                  event.first_day, event.last_day)


def _dates(statement: Statement, first_day, last_day, event_first, event_last) -> bool:
    """dates_event, of the statement's first and last days and the event's (each worked out once by the caller)."""
    if event_first <= first_day and last_day <= event_last:
        return True
    return statement.last is None and statement.first.precision != "day" and first_day <= event_first <= last_day


def _event_of(statement: Statement, concerned: dict, days: dict):
    """The event `statement` is placed under, or None: among the events whose date it writes and that its
    sentence links or names a participant or the place of (`concerned`: id of an entity or event -> the
    events it concerns), one it links, else the closest in time (`days`: each event's first and last days)."""
    candidates = dict.fromkeys(event for target in statement.named for event in concerned.get(target, ()))
    if not candidates:
        return None
    first_day, last_day = statement.first.first_day(), (statement.last or statement.first).last_day()
    candidates = [event for event in candidates if _dates(statement, first_day, last_day, *days[id(event)])]
    if not candidates:
        return None
    return min(candidates, key=lambda e: (
        e not in statement.events, abs((days[id(e)][0] - first_day).days), *days[id(e)], e.id,
    ))


_last_statements: list = []  # [dossier, its statements]: statements_of's


def statements_of(dossier) -> dict[int, list[Statement]]:
    """The dated statements of every article of `dossier` (article_statements), by the article's id(): worked
    out once for the last dossier asked, the render's. Its timeline and its events' comparisons (sections.compare)
    both read them; the render asks before it forks the process that compares the events, which inherits them."""
    if _last_statements and _last_statements[0] is dossier:
        return _last_statements[1]
    events = {event.event.id: event for event in dossier.events}
    found = {id(article): article_statements(article, events) for article in dossier.articles}
    _last_statements[:] = [dossier, found]
    return found


def timeline_entries(dossier) -> tuple[list[DateGroup], int]:
    """The entries of the timeline in chronological order, and the number of references left out
    (statements "depuis <date>" whose date has no entry)."""
    groups: dict[tuple, DateGroup] = {}

    def group(first, last) -> DateGroup:
        key = _key(first, last)
        if key not in groups:
            groups[key] = DateGroup(*key)
        return groups[key]

    for event in dossier.events:
        group(event.event.start, event.event.end).events.append(event)
    concerned: dict[str, list] = {}  # an event, its participants and its place -> the event
    for event in dossier.events:
        for target in dict.fromkeys([event.event.id, *event.event.participants, event.event.place]):
            if target:
                concerned.setdefault(target, []).append(event)
    by_article = statements_of(dossier)
    statements = [s for article in dossier.articles for s in by_article[id(article)]]
    days = {id(event): (event.first_day, event.last_day) for event in dossier.events}
    references = []
    for statement in statements:
        event = _event_of(statement, concerned, days)
        if event is not None:
            group(event.event.start, event.event.end).statements.append(statement)
        elif statement.reference:
            references.append(statement)
        else:
            group(statement.first, statement.last).statements.append(statement)
    left_out = 0
    for statement in references:  # after the others: a reference makes no entry of its own
        key = _key(statement.first, statement.last)
        if key in groups:
            groups[key].statements.append(statement)
        else:
            left_out += 1
    _mark_contradicted(groups)
    order = {article.slug: index for index, article in enumerate(dossier.articles)}
    for item in groups.values():
        item.events.sort(key=lambda e: (e.event.first_day, e.event.last_day, e.event.id))
        # In the order of their own dates (those of an event's entry differ), then of the articles.
        item.statements.sort(key=lambda s: (
            *DateGroup(s.first, s.last).sort_key, order[s.article.slug], int(s.paragraph[2:]), len(s.before),
        ))
    return sorted(groups.values(), key=lambda g: (*g.sort_key, g.anchor)), left_out


def _mark_contradicted(groups: dict[tuple, DateGroup]) -> None:
    """Mark the statements of a date that only one article gives, to an event its sentence links,
    when other articles date that event at its own dates."""
    for item in groups.values():
        if item.events or len({id(s.article) for s in item.statements}) != 1:
            continue
        for statement in item.statements:
            for event in statement.events:
                entry = groups.get(_key(event.event.start, event.event.end))
                others = dict.fromkeys(s.article for s in entry.statements if s.article is not statement.article) if entry else {}
                if others:
                    statement.contradicted = (event, list(others))
                    break


def timeline_groups(dossier) -> list[DateGroup]:
    """The entries of the timeline of `dossier`: one per event (with the statements that date it)
    or other date, in chronological order."""
    return timeline_entries(dossier)[0]


# The drawing: a vertical axis, years on the left, one mark and one label block per date.

WIDTH = 380
AXIS_X = 64
TEXT_X = 80
LINE = 17  # height of a line of label text
WRAP = 36  # characters per line of an event name (14 px text in 300 units)
# Width of a character, on average, in units: of a date's label (bold), of its count. A label and its count
# wider than the drawing from TEXT_X are cut by its edge: the count then goes under the label, and a
# label wider still (a range of two dates in words: "15. Juli 2024 – 14. Dezember 2024") is wrapped.
DATE_CHARACTER = 8.2
COUNT_CHARACTER = 7.2
LABEL_ROOM = WIDTH - TEXT_X - 6
DAY_HEIGHT = 0.12  # units per day between two dates, at most MAX_GAP
MAX_GAP = 48
BREAK = 30  # height of the dashed axis standing for years without any date


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + ([line] if line else [])


def _n(value: float) -> str:
    """A coordinate, rounded to 1 decimal, without a useless ".0"."""
    text = f"{round(value, 1):.1f}"
    return text.removesuffix(".0")


def _count_label(group: DateGroup) -> str:
    count = len(group.statements)
    return i18n.ngettext("%(num)d excerpt", "%(num)d excerpts", count) if count else ""


def timeline_svg(groups: list[DateGroup], site_url: str, where: dict[str, str] | None = None) -> Markup:
    """The timeline as an inline SVG (aria-hidden: the list after it is the accessible content)."""
    if not groups:
        return Markup("")
    first_page = i18n.address("timeline")
    svg = ET.Element("svg")
    axis = ET.SubElement(svg, "g", {"class": "chrono-axis"})
    years_layer = ET.SubElement(svg, "g", {"class": "chrono-years"})
    marks_layer = ET.SubElement(svg, "g", {"class": "chrono-marks"})

    years = sorted({g.first.year for g in groups})
    stops = [(PartialDate(year).first_day(), 0, year) for year in years]
    stops += [(g.first.first_day(), 1, index) for index, g in enumerate(groups)]
    stops.sort(key=lambda s: (s[0], s[1], s[2]))

    top = 24
    y, free, previous_day, previous_year = top, top, None, None
    segments = []  # (y1, y2, dashed)
    for day, kind, value in stops:
        gap = 0 if previous_day is None else min((day - previous_day).days * DAY_HEIGHT, MAX_GAP)
        if kind == 0:
            if previous_year is not None and value - previous_year > 1:
                # Years without any date: a short dashed axis instead of their full height.
                start = max(y + 6, free - 10)
                segments.append((y, start, False))
                segments.append((start, start + BREAK, True))
                y = free = start + BREAK
                gap = 0
            y_new = max(y + gap, free)
            segments.append((y, y_new, False))
            y = y_new
            ET.SubElement(years_layer, "line", {
                "class": "chrono-year-rule", "x1": _n(8), "x2": _n(WIDTH - 8), "y1": _n(y), "y2": _n(y)})
            text = ET.SubElement(years_layer, "text", {"class": "chrono-year", "x": _n(8), "y": _n(y + 18)})
            text.text = str(value)
            free = y + 12
            previous_year = value
        else:
            group = groups[value]
            y_new = max(y + gap, free)
            segments.append((y, y_new, False))
            y = y_new
            # A date on the first page is a link within the page; on another, a link to that page.
            page = (where or {}).get(group.anchor, first_page)
            href = f"#{group.anchor}" if page == first_page else f"{site_url}/{page}#{group.anchor}"
            free = _date_mark(marks_layer, group, y, href, site_url)
        previous_day = day
    bottom = free + 4
    segments.append((y, bottom - 8, False))
    _axis(axis, segments)
    # The size is known only now; xmlns and viewBox first, for people reading the source.
    svg.attrib = {
        "xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {WIDTH} {_n(bottom)}",
        "width": str(WIDTH), "height": _n(bottom), "class": "chrono-svg", "aria-hidden": "true",
    }
    return Markup(ET.tostring(svg, encoding="unicode"))


def _date_mark(layer: ET.Element, group: DateGroup, y: float, href: str, site_url: str) -> float:
    """A date on the axis at height `y`: its mark, its label and count, its events' names under it (wrapped);
    returns where the next mark may start."""
    is_event = bool(group.events)
    link = ET.SubElement(layer, "a", {"href": href, "tabindex": "-1"})
    ET.SubElement(link, "title").text = f"{group.label} ({group.precision_label})"
    ET.SubElement(link, "circle", {
        "class": "chrono-mark chrono-mark-event" if is_event else "chrono-mark",
        "cx": _n(AXIS_X), "cy": _n(y), "r": "6" if is_event else "4.5",
    })
    label = ET.SubElement(link, "text", {"class": "chrono-date", "x": _n(TEXT_X), "y": _n(y + 5)})
    count = _count_label(group)
    lines = _wrap(group.label, int(LABEL_ROOM / DATE_CHARACTER))
    line_y = y + 5
    label.text = lines[0]
    for line in lines[1:]:
        line_y += LINE
        ET.SubElement(label, "tspan", {"x": _n(TEXT_X), "y": _n(line_y)}).text = line
    if count:
        if len(lines[-1]) * DATE_CHARACTER + len(f" · {count}") * COUNT_CHARACTER <= LABEL_ROOM:
            ET.SubElement(label, "tspan", {"class": "chrono-count"}).text = f" · {count}"
        else:  # under the label, where it is not cut
            line_y += LINE
            ET.SubElement(label, "tspan", {"class": "chrono-count", "x": _n(TEXT_X), "y": _n(line_y)}).text = count
    for event in group.events:
        event_link = ET.SubElement(layer, "a", {"href": f"{site_url}/{event.url}", "tabindex": "-1"})
        ET.SubElement(event_link, "title").text = event.name
        text = ET.SubElement(event_link, "text", {"class": "chrono-event", "x": _n(TEXT_X)})
        for index, line in enumerate(_wrap(event.name, WRAP)):
            line_y += LINE + (3 if index == 0 else 0)
            span = ET.SubElement(text, "tspan", {"x": _n(TEXT_X), "y": _n(line_y)})
            span.text = line
    return line_y + LINE + 6


def _axis(axis: ET.Element, segments: list[tuple]) -> None:
    """The axis: one line per stretch of solid or dashed (years without a date) axis."""
    merged: list[list] = []
    for y1, y2, dashed in segments:
        if y2 <= y1:
            continue
        if merged and merged[-1][2] == dashed and merged[-1][1] >= y1:
            merged[-1][1] = max(merged[-1][1], y2)
        else:
            merged.append([y1, y2, dashed])
    for y1, y2, dashed in merged:
        ET.SubElement(axis, "line", {
            "class": "chrono-axis-break" if dashed else "chrono-axis-line",
            "x1": _n(AXIS_X), "x2": _n(AXIS_X), "y1": _n(y1), "y2": _n(y2),
        })


STATEMENTS_PER_PAGE = 250  # dated passages on a page of the timeline at most (setting DOSSIER_STATEMENTS_PER_PAGE)


def timeline_context(dossier, site_url: str) -> dict:
    """Template context of the whole timeline on one page."""
    return timeline_pages(dossier, site_url, per_page=10**9)[0]


def timeline_pages(dossier, site_url: str, per_page: int) -> list[dict]:
    """Template context of each page of the timeline (/chronologie/): its date groups (`per_page` dated
    passages at most, a date never cut), and on the first page the drawing of all of them and a few counts
    (a later page shows nothing of the whole: a passage added changes the pages it lands on, not every page)."""
    url = i18n.address("timeline")
    groups, references_left_out = timeline_entries(dossier)
    # A date cited more than a page holds is cut too: its next passages open the next page under it again.
    parts = [
        dataclasses.replace(g, events=g.events if start == 0 else [], statements=g.statements[start : start + per_page])
        for g in groups
        for start in range(0, max(len(g.statements), 1), per_page)
    ]
    pages = [[part for part, _ in page] for page in paginate([(p, p.statements) for p in parts], per_page)]
    where: dict[str, str] = {}
    for number, page in enumerate(pages, 1):
        for group in page:
            where.setdefault(group.anchor, page_url(url, number))  # where the date begins
    counts = {
        "dates": len(groups),
        "events": sum(len(g.events) for g in groups),
        "statements": sum(len(g.statements) for g in groups),
        "articles": len({s.article.slug for g in groups for s in g.statements}),
        "references_left_out": references_left_out,
    }
    drawing = timeline_svg(groups, site_url, where)
    return [
        {
            "timeline": page,
            "timeline_svg": drawing if number == 1 else "",
            "timeline_counts": counts if number == 1 else None,
            **pages_context(url, number, len(pages)),
        }
        for number, page in enumerate(pages, 1)
    ]


def pages(site: Site) -> Iterator[Page]:
    """The timeline's pages (DOSSIER_STATEMENTS_PER_PAGE dated passages a page)."""
    url = i18n.address("timeline")
    per_page = site.number("DOSSIER_STATEMENTS_PER_PAGE", STATEMENTS_PER_PAGE)
    for context in timeline_pages(site.dossier, site.site_url, per_page):
        yield Page(page_url(url, context["page_number"]), "timeline", {
            "nav_section": url,
            "page_title": paged(i18n._("Timeline"), context["page_number"]),
            "page_description": i18n._("The events and the dates cited in the dossier’s articles."),
            **context,
        })
