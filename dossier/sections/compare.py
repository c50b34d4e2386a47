"""What each article says of an event, side by side, and where the articles differ.

An event's passages are the paragraphs that link to it, and the paragraphs right after one of
them that refer back to it without naming it: a demonstrative and a word of the event's name,
of its triggers, or a word for events ("Cette visite…", "ce sommet", "the meeting", "dieser
Besuch"). From its passages, each article gives the event:

- dates: the dates its sentences write that fall on the event, or that a sentence linking the
  event writes (such a date off the event's own dates differs from the record, and is flagged);
- places: the places it says the event was in ("signé à Moscou", "held in Pyongyang");
- figures: numbers with what they count (figures.figures);
- claims: "the first … since YEAR" (figures.claims).

Where two articles give figures of the same kind that cannot both be true, or different
"first since" years, or different places, the difference is listed with each value's sources,
the event's own record (its description, its place) among them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..analysis import figures as numbers
from ..analysis.figure_compare import clashing, unit_label
from ..core.text import sentence_spans, sort_key
from ..render import i18n
from ..render.fragments import original_link
from ..render.views import paginate_stable, unknown_outlet
from .timeline import dates_event, statements_of

# Words for events, which a back-reference may use whatever the event is called.
EVENT_WORDS = {
    "fr": "visite|sommet|rencontre|voyage|réunion|entretien|entrevue|accord|traité|pacte|déploiement|signature|"
          "cérémonie|invasion|guerre|offensive|attaque|frappe|élection|scrutin|conférence|manifestation|"
          "négociations?|pourparlers|séjour|déplacement",
    "en": "visit|summit|meeting|trip|talks|agreement|treaty|pact|deployment|signing|ceremony|invasion|war|"
          "offensive|attack|strike|election|vote|conference|protest|negotiations",
    "de": "Besuch|Gipfel|Treffen|Reise|Abkommen|Vertrag|Pakt|Einsatz|Unterzeichnung|Zeremonie|Invasion|Krieg|"
          "Offensive|Angriff|Wahl|Konferenz|Verhandlungen",
}
_DEMONSTRATIVES = {
    "fr": r"ce|cet|cette|ces",
    "en": r"this|that|these|the",
    "de": r"dieser|diese|dieses|diesem|diesen|der|die|das|dem|den",
}
# A place the event is said to be in: "signé à Moscou", "tenu à Pyongyang", "held in Pyongyang", or a
# place right before or after the event's mention ("visite … de deux jours à Pyongyang", "à Vladivostok
# en avril 2019"), when no other event is named nearer to it.
_LOCATED = re.compile(
    r"(?i)\b(?:à|au|aux|en|dans|in|at|im|nach)\s+(?:la\s+|le\s+|l['’]|les\s+|the\s+|der\s+|dem\s+)?$"
)
_HAPPENED = re.compile(
    r"(?i)\b(?:sign[ée]e?s?|tenue?s?|organis[ée]e?s?|réunie?s?|rencontr[ée]e?s?|déroulée?s?|accueillie?s?|"
    r"held|signed|hosted|met|took place|unterzeichnet|stattgefunden|abgehalten)(?:\s+\S+){1,5}\s*$"
)
SOURCES_SHOWN = 6  # sources named under each value of a difference; the others are counted
PASSAGES_PER_PAGE = 50  # an event's page shows this many passages (paragraphs) at most (setting DOSSIER_PASSAGES_PER_PAGE)
NEAR = 40  # characters between the event's mention and a place it is said to be in
CLAIM_LABELS = {"first since": i18n.N_("first since")}


@dataclass(eq=False)
class Passage:
    """A paragraph that speaks of the event: its text in segments, the event's mentions and
    back-references marked; `referred`: it refers back to the event without naming it."""

    article: object  # views.ArticleView
    paragraph: str
    segments: list[tuple[str, bool]]
    referred: bool = False

    @property
    def url(self) -> str:
        return f"{self.article.url}#{self.paragraph}"


@dataclass(eq=False)
class Item:
    """One thing an article says of the event (a date, a place, a figure, a claim) as it is shown:
    its words, the value compared, and whether it differs from what another source says."""

    kind: str  # "date", "place", a figure's kind ("soldiers"…) or a claim's ("first since")
    text: str  # as the article writes it
    value: object  # what is compared: (low, high), a year, a place's id, a date range
    paragraph: str = ""
    differs: bool = False
    figure: object = None  # the figures.Figure of a figure
    original: str | None = None  # the address of its sentence in the original (fragments), when known

    @property
    def label(self) -> str:
        return kind_label(self.kind)


@dataclass(eq=False)
class Account:
    """What one article says of an event."""

    article: object
    passages: list[Passage] = field(default_factory=list)
    dates: list[Item] = field(default_factory=list)
    places: list[Item] = field(default_factory=list)
    figures: list[Item] = field(default_factory=list)
    claims: list[Item] = field(default_factory=list)

    # What the event's page shows of its article beyond its card (render.link.page_key reads these too): the
    # article it is a copy of, and its family, which the count of independent accounts reads.
    SHOWN_TOO = ("copy_of", "source_key")
    # Its key a digest of all that (render.link._shown), written once: an account is in its event's comparison,
    # on each of its pages, and on the page that lists it.
    DIGESTED = True

    @property
    def items(self) -> list[Item]:
        return [*self.dates, *self.places, *self.figures, *self.claims]

    @property
    def copy_of(self):
        """The article this one repeats (an ArticleView), or None."""
        repeat = self.article.repeat
        return repeat.of if repeat is not None else None

    @property
    def source_key(self) -> str:
        return self.article.source_key


@dataclass(eq=False)
class Source:
    """Where a value comes from: an article (and its paragraph), or the event's record (article None)."""

    article: object | None
    paragraph: str
    text: str
    original: str | None = None  # the address of its sentence in the original, when known
    copies: list = field(default_factory=list)  # the later articles of its family of copies giving the same value

    @property
    def url(self) -> str | None:
        return f"{self.article.url}#{self.paragraph}" if self.article else None


@dataclass(eq=False)
class Difference:
    """Sources that disagree on one thing: (value shown, its sources) for each value they give."""

    kind: str
    values: list[tuple[str, list[Source]]]

    @property
    def label(self) -> str:
        return kind_label(self.kind)


@dataclass(eq=False)
class Comparison:
    """An event's accounts, by outlet (an article whose outlet is unknown is a group of its own),
    and the differences between its sources."""

    event: object
    outlets: list[tuple[str, list[Account]]]
    differences: list[Difference]

    @property
    def accounts(self) -> list[Account]:
        return [account for _, accounts in self.outlets for account in accounts]

    @property
    def passage_count(self) -> int:
        return sum(len(account.passages) for account in self.accounts)

    @property
    def independent(self) -> int:
        """The independent accounts among its articles: articles that copy one another count once."""
        return len({account.source_key for account in self.accounts})


def kind_label(kind: str) -> str:
    """What a kind of item is called on the page: "date", "lieu", "soldats", "première depuis"."""
    if kind in ("date", "place"):
        return i18n._("Date") if kind == "date" else i18n._("Place")
    if kind in CLAIM_LABELS:
        return i18n._(CLAIM_LABELS[kind])
    return unit_label(kind, i18n.language())


def referring(event, language: str) -> re.Pattern:
    """A back-reference to `event` (an EventView) in `language`: a demonstrative, perhaps an adjective,
    then a word for events or a word of the event's name or triggers."""
    words = {w for text in (event.event.name, *event.event.triggers) for w in re.findall(r"\w{4,}", text)
             if w.islower()}
    nouns = "|".join([EVENT_WORDS.get(language, EVENT_WORDS["en"]), *sorted(map(re.escape, words))])
    demonstratives = _DEMONSTRATIVES.get(language, _DEMONSTRATIVES["en"])
    if language == "de":  # nouns keep their capital; "Der Besuch" opens a sentence too
        return re.compile(rf"\b(?i:{demonstratives})\s+(?:[\w-]+\s+)?(?:{nouns})\w*\b")
    return re.compile(rf"(?i)\b(?:{demonstratives})\s+(?:[\w-]+\s+)?(?:{nouns})s?\b")


def passages(event, article, pattern: re.Pattern, event_ids: set[str]) -> list[Passage]:
    """The paragraphs of `article` that speak of `event`: those linking it, and after each the
    paragraphs that refer back to it (each right after the last, none linking another of the
    `event_ids`)."""
    found: list[Passage] = []
    previous = False  # the last paragraph was a passage
    for paragraph in article.paragraphs:
        marks = [(offset, offset + len(text)) for target, offset, text in paragraph.links if target == event.event.id]
        if marks:
            found.append(Passage(article, paragraph.id, _segments(paragraph.text, marks)))
            previous = True
            continue
        if previous and paragraph.tag == "p":
            match = pattern.search(paragraph.text)
            if match and not any(target in event_ids for target, _, _ in paragraph.links):
                found.append(Passage(article, paragraph.id, _segments(paragraph.text, [match.span()]), referred=True))
                continue
        previous = False
    return found


def _segments(text: str, marks: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    segments, position = [], 0
    for start, end in sorted(marks):
        if start < position:
            continue
        segments += [(text[position:start], False), (text[start:end], True)]
        position = end
    segments.append((text[position:], False))
    return [segment for segment in segments if segment[0]]


def account(event, article, found: list[Passage], statements: list, events: dict, places: dict) -> Account:
    """What `article` says of `event` in its passages `found`; `statements`: the article's dated
    statements (timeline.article_statements), `events`: the dossier's EventViews by id, `places`: its
    places by id. Places, figures and claims are read in the sentences that speak of the event: from
    the first that names it (or refers back to it) to the next one naming only another event."""
    result = Account(article, found)
    language = article.language if article.language in EVENT_WORDS else "en"
    happened = event.event.start.first_day()  # "sa première depuis 24 ans": 24 years before the event
    texts = {p.id: p for p in article.paragraphs}
    kept = {passage.paragraph for passage in found}
    for statement in statements:
        if statement.reference or statement.paragraph not in kept:
            continue
        on_event = dates_event(statement, event)
        if on_event or statement.events == [event]:  # off its dates: only when its sentence links no other event
            _add(result.dates, Item("date", statement.text, (statement.first, statement.last),
                                    statement.paragraph, differs=not on_event, original=statement.original))
    for passage in found:
        paragraph = texts[passage.paragraph]
        marked = _marked(passage)
        starts = {mark for mark, _ in marked}
        for start, end in _scope(paragraph, marked, event.event.id, events):
            sentence = paragraph.text[start:end]
            original = original_link(article, sentence)
            mentions = [(o, o + len(words)) for t, o, words in paragraph.links if t in events and start <= o < end]
            for target, offset, text in paragraph.links:
                if not start <= offset < end or target not in places:
                    continue
                before = paragraph.text[max(start, offset - 30):offset]
                near = any(0 <= offset - stop <= NEAR or 0 <= mark - offset - len(text) <= NEAR for mark, stop in marked)
                nearest = min(mentions, key=lambda m: min(abs(offset - m[1]), abs(m[0] - offset - len(text))), default=None)
                if nearest is not None and nearest[0] not in starts:
                    continue  # "…à Hanoï en [février 2019], et … à Vladivostok en [avril 2019]": the other event's
                if _LOCATED.search(before) and (near or _HAPPENED.search(before)) and target not in [item.value for item in result.places]:
                    result.places.append(Item("place", text, target, passage.paragraph, original=original))
            claims = numbers.claims(sentence, language, happened)
            for claim in claims:
                _add(result.claims, Item(claim.kind, claim.text, claim.value, passage.paragraph, original=original))
            for figure in numbers.figures(sentence, language):
                if not any(c.start < figure.end and figure.start < c.end for c in claims):  # "depuis 24 ans" is a claim
                    _add(result.figures, Item(figure.kind, figure.text, (figure.low, figure.high),
                                              passage.paragraph, figure=figure, original=original))
    return result


def _add(items: list[Item], item: Item) -> None:
    """Add `item` unless the article already says the same ("des milliers de soldats" twice, "2 jours"
    then "deux jours")."""
    def same(other: Item) -> bool:
        if item.figure is not None and other.figure is not None:
            return (other.kind, other.value, other.figure.qualifier) == (item.kind, item.value, item.figure.qualifier)
        return other.kind == item.kind and other.text == item.text

    if not any(same(other) for other in items):
        items.append(item)


def _scope(paragraph, marked: list[tuple[int, int]], event_id: str, events: dict) -> list[tuple[int, int]]:
    """The sentences of a passage's paragraph that speak of the event, as (start, end) spans."""
    spans, inside = [], False
    for start, end in sentence_spans(paragraph.text):
        if any(start <= mark < end for mark, _ in marked):
            inside = True
        elif any(start <= offset < end and target in events and target != event_id
                 for target, offset, _ in paragraph.links):
            inside = False
        if inside:
            spans.append((start, end))
    return spans


def _marked(passage: Passage) -> list[tuple[int, int]]:
    """Where the event's mentions and back-references are in a passage's paragraph."""
    spans, position = [], 0
    for text, marked in passage.segments:
        if marked:
            spans.append((position, position + len(text)))
        position += len(text)
    return spans


def compare(dossier) -> dict[str, Comparison]:
    """The comparison of every event of `dossier` (views.Dossier), by event id."""
    one = comparer(dossier)
    return {event.event.id: one(event) for event in dossier.events}


def comparer(dossier) -> Callable[[object], Comparison]:
    """What compares one event of `dossier` (an EventView) when asked: the event's page kept from the last
    render by its inputs (render.link.event_inputs) needs none."""
    events = {event.event.id: event for event in dossier.events}
    places = {entity.id: entity for entity in dossier.entities if entity.type == "place"}
    linking = mentioning(dossier)
    statements = statements_of(dossier)  # each article's dated statements, read once for all its events

    def one(event) -> Comparison:
        accounts = []
        patterns: dict[str, re.Pattern] = {}
        others = set(events) - {event.event.id}
        for article in linking.get(event.event.id, []):
            language = article.language if article.language in EVENT_WORDS else "en"
            pattern = patterns.get(language) or patterns.setdefault(language, referring(event, language))
            found = passages(event, article, pattern, others)
            if found:
                accounts.append(account(event, article, found, statements[id(article)], events, places))
        return Comparison(event, _by_outlet(accounts), _differences(event, accounts, places))

    return one


def mentioning(dossier) -> dict[str, list]:
    """The articles that mention each event, by the event's id, in the dossier's order."""
    found: dict[str, list] = {}
    for article in dossier.articles:
        for event in article.events:
            found.setdefault(event.event.id, []).append(article)
    return found


def pages(comparison: Comparison, per_page: int) -> list[list[tuple[str, list[Account]]]]:
    """The accounts of a comparison by outlet, cut into pages of `per_page` passages at most where the
    accounts say (views.paginate_stable: an article added changes the page it is on), never cutting an
    article's; an outlet cut across two pages is named again on the second."""
    flat = [((number, item), item.passages) for number, (_, accounts) in enumerate(comparison.outlets)
            for item in accounts]
    result = []
    for page in paginate_stable(flat, per_page, key=lambda group: group[0][1].article.url):
        outlets: dict[int, list[Account]] = {}  # by the outlet group's rank: two unknown outlets stay apart
        for (number, item), _ in page:
            outlets.setdefault(number, []).append(item)
        result.append([(comparison.outlets[number][0], accounts) for number, accounts in outlets.items()])
    return result


def _by_outlet(accounts: list[Account]) -> list[tuple[str, list[Account]]]:
    """Accounts grouped by outlet, outlets in alphabetical order; an article of unknown outlet alone,
    under its own heading, after them."""
    known: dict[str, list[Account]] = {}
    unknown = []
    for item in accounts:
        if item.article.outlet:
            known.setdefault(item.article.outlet, []).append(item)
        else:
            unknown.append(item)
    groups = sorted(known.items(), key=lambda pair: sort_key(pair[0]))
    return groups + [(unknown_outlet(), [item]) for item in unknown]


def _differences(event, accounts: list[Account], places: dict) -> list[Difference]:
    """Where the sources disagree: figures of a kind, "first since" claims, places, dates off the event."""
    differences = []
    record = Source(None, "", i18n._("the event’s record"))
    # Figures: a kind for which two sources (articles, the record's description) give values that cannot
    # both be true.
    own = [(None, Item(f.kind, f.text, (f.low, f.high), figure=f))
           for f in numbers.figures(event.event.description or "", i18n.language())]
    kinds = sorted({item.kind for a in accounts for item in a.figures})
    for kind in kinds:
        items = [(a, item) for a in [*accounts, None] for item in (a.figures if a else [i for _, i in own])
                 if item.kind == kind and item.figure.low is not None]
        sources = {id(a): number for number, a in enumerate(dict.fromkeys(a for a, _ in items))}  # the record: None
        differs = clashing([item.figure for _, item in items], [sources[id(a)] for a, _ in items])
        if any(differs):
            for (_, item), differ_ in zip(items, differs, strict=True):
                item.differs = differ_
            differences.append(Difference(kind, _values(
                [(item.text, _source(a, item) if a else record) for a, item in items])))
    # Claims "first since": the record's description is a source too.
    claims = [(a, item) for a in accounts for item in a.claims]
    if claims:
        said = numbers.claims(event.event.description or "", i18n.language(), event.event.start.first_day())
        years = {item.value for _, item in claims} | {claim.value for claim in said}
        if len(years) > 1:
            for _, item in claims:
                item.differs = True
            values = [(item.value, _source(a, item)) for a, item in claims]
            values += [(claim.value, record) for claim in said]
            differences.append(Difference("first since", _values(values)))
    # Places: an article placing the event elsewhere than the record, or than another article.
    placed = [(a, item) for a in accounts for item in a.places]
    said = {item.value for _, item in placed}
    expected = {event.event.place} if event.event.place else set()
    if (expected and said - expected) or (not expected and len(said) > 1):
        for _, item in placed:
            item.differs = item.value not in expected if expected else True
        values = [(places[item.value].name, _source(a, item)) for a, item in placed]
        if event.place is not None:
            values.append((event.place.name, record))
        differences.append(Difference("place", _values(values)))
    # Dates: a sentence linking the event that dates it off its dates.
    off = [(a, item) for a in accounts for item in a.dates if item.differs]
    if off:
        values = [(item.text, _source(a, item)) for a, item in off]
        values.append((event.date_label, record))
        differences.append(Difference("date", _values(values)))
    return differences


def _source(account: Account, item: Item) -> Source:
    """Where an article's `item` comes from: its paragraph, and its sentence in the original."""
    return Source(account.article, item.paragraph, item.text, item.original)


def _values(pairs: list[tuple[str, Source]]) -> list[tuple[str, list[Source]]]:
    """(value, sources) pairs merged by value, in the order values first appear; the articles of one
    family of copies giving a value are one source: the earliest of them, with the others as its `copies`."""
    merged: dict[str, dict[str, list[Source]]] = {}
    for value, source in pairs:
        groups = merged.setdefault(str(value), {})
        key = source.article.source_key if source.article is not None else f"record {len(groups)}"
        groups.setdefault(key, []).append(source)
    return [(value, [_one(same) for same in groups.values()]) for value, groups in merged.items()]


def _one(same: list[Source]) -> Source:
    """The sources of one family of copies as one: the earliest article's, the others its copies."""
    if len(same) == 1 or same[0].article.family is None:  # one article, which may give the value twice
        return same[0]
    members = same[0].article.family.members
    same = sorted(same, key=lambda source: members.index(source.article))
    first = same[0]
    first.copies = list(dict.fromkeys(source.article for source in same[1:] if source.article is not first.article))
    return first
