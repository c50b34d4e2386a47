"""The lines around an article that say who wrote it, when and for whom, in French, English and German.

A page pasted as text keeps its header: a breadcrumb, a rubric, the title, a byline, a
publication line, an update line, a dateline at the start of the text. This module
recognises each kind of line by its grammar (keywords of the three languages, dates in
their usual written forms, names), never by a list of whole lines, and says what it
states. It never fills in what a line does not say: "Mars 2025" is a month, "4 hours
ago" is no date at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.model import PartialDate

# Month names and their usual abbreviations, in French, English and German.
MONTHS = {
    **dict.fromkeys(("janvier", "janv", "january", "jan", "januar", "jänner", "jän"), 1),
    **dict.fromkeys(("février", "fevrier", "févr", "fevr", "fév", "fev", "february", "feb", "februar", "febr"), 2),
    **dict.fromkeys(("mars", "march", "mar", "märz", "maerz", "mrz"), 3),
    **dict.fromkeys(("avril", "avr", "april", "apr"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("juin", "june", "jun", "juni"), 6),
    **dict.fromkeys(("juillet", "juil", "july", "jul", "juli"), 7),
    **dict.fromkeys(("août", "aout", "august", "aug"), 8),
    **dict.fromkeys(("septembre", "sept", "sep", "september"), 9),
    **dict.fromkeys(("octobre", "oct", "october", "oktober", "okt"), 10),
    **dict.fromkeys(("novembre", "nov", "november"), 11),
    **dict.fromkeys(("décembre", "decembre", "déc", "dec", "december", "dezember", "dez"), 12),
}
_MONTH = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_WEEKDAY = (
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|mo|di|mi|do|fr|sa|so"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:19|20)\d\d"

# Dates as written in a line: the day, the month and the year each known or not, never guessed.
_DATE_FORMS = [
    # 2025-03-02, 2025-03
    re.compile(rf"(?<!\d)(?P<y>{_YEAR})-(?P<m>0?[1-9]|1[0-2])(?:-(?P<d>{_DAY}))?(?!\d)"),
    # 2 mars 2025, 1er mars 2025, 2. März 2025, 2 Mar 2025, 02 mars 2025
    re.compile(rf"(?<![\w.])(?P<d>{_DAY})(?:er|st|nd|rd|th)?\.?\s+(?P<mn>{_MONTH})\.?,?\s+(?P<y>{_YEAR})(?!\d)", re.I),
    # March 2, 2025 / Mar. 2 2025
    re.compile(rf"(?<![\w.])(?P<mn>{_MONTH})\.?\s+(?P<d>{_DAY})(?:st|nd|rd|th)?,?\s+(?P<y>{_YEAR})(?!\d)", re.I),
    # 02/03/2025, 02.03.2025
    re.compile(rf"(?<![\d/.])(?P<a>{_DAY})(?P<sep>[/.])(?P<b>{_DAY})(?P=sep)(?P<y>{_YEAR})(?![\d/])"),
    # 14. 2. 2025: spaced after the points, as some German sites print it
    re.compile(rf"(?<![\d/.])(?P<a>{_DAY})(?P<sep>\.)\s(?P<b>{_DAY})\.\s(?P<y>{_YEAR})(?![\d/])"),
    # 22/05/25, 23.05.25: two-digit years, read only in a date line (see date_line)
    re.compile(rf"(?<![\d/.])(?P<a>{_DAY})(?P<sep>[/.])(?P<b>{_DAY})(?P=sep)(?P<yy>\d\d)(?![\d/.])"),
    # Mars 2025, March 2025, März 2025: the month only
    re.compile(rf"(?<![\w.])(?P<mn>{_MONTH})\.?\s+(?P<y>{_YEAR})(?!\d)", re.I),
]
_TIME = re.compile(
    r"(?<!\d)(?:[01]?\d|2[0-3])\s*(?:[h:.]\s*[0-5]\d|h)(?:[:.][0-5]\d)?(?:\s*(?:a\.?m\.?|p\.?m\.?|uhr))?(?!\d)"
    r"|(?<!\d)(?:1[0-2]|0?[1-9])\s*(?:a\.?m\.?|p\.?m\.?)",
    re.I,
)
_ZONE = (
    r"(?:UTC|GMT|CET|CEST|MEZ|MESZ|BST|EST|EDT|CST|CDT|PST|PDT|ET|PT|HNE|AEST|AEDT|KST|JST|MSK)"
    r"(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?"
)

# Keywords of a publication or an update line, and of a relative time ("4 hours ago").
_PUBLISHED = (
    r"publié(?:e|es|s)?|paru(?:e)?|mis en ligne|créé|published|posted|first published|originally published"
    r"|veröffentlicht|erschienen|erstellt"
)
_UPDATED = (
    r"mis à jour|mise à jour|màj|actualisé(?:e)?|modifié(?:e)?|updated?|last updated|last modified|modified|edited"
    r"|aktualisiert|zuletzt aktualisiert|stand|geändert|update"
)
_KEYWORD = re.compile(rf"(?<![\w])(?:(?P<pub>{_PUBLISHED})|(?P<upd>{_UPDATED}))(?![\w])", re.I)
_RELATIVE = re.compile(
    r"\b(?:il y a|depuis)\s+\d+\s*(?:s|sec|secondes?|min|minutes?|h|heures?|jours?|semaines?|mois)\b"
    r"|\b\d+\s*(?:s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?)\s+ago\b"
    r"|\bvor\s+\d+\s*(?:sek(?:unden)?|min(?:uten?)?|std|stunden?|tag(?:en)?|wochen?|monaten?)\b"
    r"|\b(?:aujourd['’]hui|hier|avant-hier|today|yesterday|heute|gestern|vorgestern|just now|à l['’]instant"
    r"|gerade eben)\b",
    re.I,
)
# Words that may stand in a date line around the date itself: "le", "à", "at", "um", "Uhr".
_FILLER = re.compile(
    rf"\b(?:{_WEEKDAY}|le|la|les|du|à|a|at|on|um|am|the|of|uhr|heure|heures|h|de|et|and|und|ou|"
    rf"{_ZONE}|mise?|jour|dernière|last|first|originally|zuletzt|time|date|datum|le|lu)\b\.?",
    re.I,
)


@dataclass
class DateLine:
    """A line that dates the article: when it says it was published, and whether it only says when it was updated."""

    published: PartialDate | None  # the publication date the line states, if any
    kind: str  # "published", "updated" (an update only), "date" (a bare date), "relative" (no date stated)


def find_date(text: str, language: str | None = None) -> tuple[PartialDate, int, int] | None:
    """The first date written in `text`, with its span; its precision as written."""
    best = None
    for form in _DATE_FORMS:
        for match in form.finditer(text):
            date = _date_of(match, language)
            if date is not None and (best is None or match.start() < best[1]):
                best = (date, match.start(), match.end())
                break
    return best


def _date_of(match: re.Match, language: str | None) -> PartialDate | None:
    groups = match.groupdict()
    year = int(groups["y"]) if groups.get("y") else 2000 + int(groups["yy"])
    try:
        if groups.get("a"):
            first, second = int(groups["a"]), int(groups["b"])
            # Day first in French and German, and in English outside the United States; a
            # first number over 12 settles it, and "/" with an English text is month first.
            if first > 12 or groups["sep"] == "." or language not in ("en",):
                day, month = first, second
            else:
                month, day = first, second
            return PartialDate(year, month, day)
        month = int(groups["m"]) if groups.get("m") else MONTHS.get(groups["mn"].lower().rstrip("."))
        if month is None:
            return None
        day = int(groups["d"]) if groups.get("d") else None
        return PartialDate(year, month, day)
    except ValueError:  # "31 février 2025": not a date
        return None


def date_line(line: str, language: str | None = None) -> DateLine | None:
    """What a line of the page's header says of its dates; None if it is not a date line.

    A date line is made of dates, times, time zones, weekdays and the keywords of publication
    and update, with little else ("Publié le 2 mars 2025 à 18h30, mis à jour à 19h02",
    "Updated April 29, 2019 at 3:33 pm", "Stand: 03.03.2025 08:12 Uhr", "Updated 4 hours ago").
    """
    if len(line) > 160:
        return None
    segments = _segments(line)
    published, updated_only, any_date, relative = None, True, False, False
    rest = line
    for label, text in segments:
        found = find_date(text, language)
        if _RELATIVE.search(text):
            relative = True
        if found is None:
            continue
        any_date = True
        date, start, end = found
        rest = rest.replace(text[start:end], " ", 1)
        if label == "pub" and published is None:
            published = date
        if label != "upd":
            updated_only = False
            if label is None and published is None and not any(lab == "pub" for lab, _ in segments):
                published = date
    if not any_date and not relative:
        return None
    if not _only_date_words(rest):
        return None
    if published is not None:
        return DateLine(published, "published" if any(label == "pub" for label, _ in segments) else "date")
    if any_date and updated_only and any(label == "upd" for label, _ in segments):
        return DateLine(None, "updated")
    if any(label == "pub" for label, _ in segments) and not any_date:
        return DateLine(None, "relative")
    return DateLine(None, "relative") if relative else None


def _segments(line: str) -> list[tuple[str | None, str]]:
    """The line cut at each keyword: [(None, text before any), ("pub"|"upd", text from the keyword)]."""
    cuts = [(m.start(), "pub" if m.group("pub") else "upd") for m in _KEYWORD.finditer(line)]
    segments = []
    start, label = 0, None
    for position, kind in cuts:
        if position > start or label is not None:
            segments.append((label, line[start:position]))
        start, label = position, kind
    segments.append((label, line[start:]))
    return segments


def _only_date_words(rest: str) -> bool:
    """What is left of a date line once dates are taken out: times, keywords and small words only."""
    rest = _RELATIVE.sub(" ", rest)
    rest = _TIME.sub(" ", rest)
    rest = _KEYWORD.sub(" ", rest)
    rest = _FILLER.sub(" ", rest)
    words = re.findall(r"[^\W\d_]{2,}", rest)
    return len(words) <= 1 and not re.search(r"\d{3,}", _strip_dates(rest))


def _strip_dates(text: str) -> str:
    return re.sub(r"\d{1,2}[:.h]\d\d", " ", text)


# --- Bylines --------------------------------------------------------------------------------

# News agencies: a story of theirs is said as such, and they are never its authors.
AGENCIES = {
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "ap": "Associated Press",
    "associated press": "Associated Press",
    "the associated press": "Associated Press",
    "dpa": "dpa",
    "epd": "epd",
    "kna": "KNA",
    "apa": "APA",
    "sda": "SDA",
    "ats": "ATS",
    "belga": "Belga",
    "ansa": "ANSA",
    "efe": "EFE",
    "bloomberg": "Bloomberg",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "tass": "TASS",
    "ria novosti": "RIA Novosti",
    "xinhua": "Xinhua",
    "upi": "UPI",
    "pa": "PA Media",
    "pa media": "PA Media",
    "aa": "Anadolu",
    "anadolu": "Anadolu",
}
# "Par", "By", "Von", and what may come before it: "Article rédigé par", "Propos recueillis par",
# "Reporting from Kyiv by", "Ein Gastkommentar von", "Texte :".
_BY = re.compile(
    r"^(?:(?:un|une|ein|eine|an?)\s+)?(?:(?:article|texte|text|story|analysis|analyse|commentary|commentaire|kommentar|"
    r"gastkommentar|interview|entretien|reportage|tribune|chronique|report)\s+)?(?:rédigée?|écrite?|written|propos\s+recueillis|"
    r"reporting(?:\s+from\s+[A-ZÀ-Ý][\w'’ -]{1,30}?)?|edited|interviewed|recueillis)?\s*"
    r"(?:par|by|von|texte\s*:|text\s*:)\s*:?\s+(?P<rest>.+)$",
    re.I,
)
_HONORIFIC = re.compile(r"^(?:Dr|Prof|Pr|Me|M|Mme|Mlle|Mr|Mrs|Ms|Sir|Dame)\.?\s+(?=[A-ZÀ-Ý])")
# Words of a job or a desk, never of a person's name.
_ROLE_WORDS = re.compile(
    r"\b(?:senior|staff|editor|editors|editorial|correspondent|correspondente?|reporter|writer|director|chief|"
    r"professor|analyst|columnist|contributor|contributing|technologist|manager|officer|president|minister|"
    r"special|envoy|envoyée?|spéciale?|journaliste|rédact(?:eur|rice)|chroniqueu(?:r|se)|korrespondent(?:in)?|"
    r"redakteur(?:in)?|autor(?:in)?|korrespondentin|reporterin|journalistin|project|program|news|magazine|times|post|press|daily|team|desk|service)\b",
    re.I,
)
# Words that start a phrase, never a name: "En Andalousie, l'eau…", "The Hague".
_NOT_FIRST = frozenset(
    """
    en le la les l un une des du au aux à a dans pour sur avec selon d'après the an in on at of for with according
    der die das ein eine im am zum zur mit laut our notre nos unser unsere your votre
    """.split()
)
_NAME_PARTICLES = {
    "de",
    "du",
    "des",
    "la",
    "le",
    "von",
    "van",
    "der",
    "den",
    "da",
    "di",
    "del",
    "dos",
    "bin",
    "al",
    "el",
    "ter",
    "zu",
}
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|[A-ZÀ-ÖØ-Þ]\.)$")
_CONJUNCTIONS = re.compile(r"\s*(?:,|;|\bet\b|\band\b|\bund\b|&|\+)\s*", re.I)


@dataclass
class Byline:
    """Who wrote the article, and the agency or outlet the byline names."""

    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    role: str = ""  # what follows the names: "correspondante à Berlin", "envoyée spéciale"


def byline(line: str, *, bare: bool = False) -> Byline | None:
    """The authors a byline names ("Par Anne Martin et Paul Roux, avec Reuters", "By JANE DOE").

    `bare`: also read a line of names without "Par"/"By"/"Von" ("Jane Doe, Reuters",
    "Jane Doe and John Roe"), as in a page's header; the names must then all look like names.
    """
    line = line.strip()
    if len(line) > 200 or not line:
        return None
    m = _BY.match(line)
    if m is None and not bare:
        return None
    rest = m.group("rest") if m else line
    if found := find_date(rest):  # "By Laura Topolsky July 10, 2015": the date is not a name
        rest = rest[: found[1]]
    result = Byline()
    rest, roles, helpers = _parenthesised(rest)
    rest = re.split(r"\s[|•·]\s|\s[-–—]\s", rest)[0]
    rest, agency = _strip_agency(rest)
    result.outlet = agency
    names, role_parts = [], list(roles)
    for part in _CONJUNCTIONS.split(rest):
        part = part.strip(" .:")
        if not part:
            continue
        if part.lower() in AGENCIES:
            result.outlet = result.outlet or AGENCIES[part.lower()]
            continue
        # Names come first: after a role ("Senior Staff Technologist"), capitalised words are
        # the role's ("ACLU Speech, Privacy and Technology Project"), not more authors.
        name = None if role_parts[len(roles) :] or _ROLE_WORDS.search(part) else _name(part)
        if name is None and not names and not role_parts[len(roles) :]:
            name, role = _name_then_role(part)
            if role:
                role_parts.append(role)
        if name:
            names.append(name)
        elif names or m is not None:
            role_parts.append(part)  # "correspondante à Berlin", "BBC News"
        else:
            return None
    names.extend(helpers)
    if not names:
        return None
    # A line of names alone is not a sentence: "Jane Doe, magistrate honoraire", not "Selon X, les soldats…".
    if bare and m is None and (len(line.split()) > 16 or (line.endswith((".", "!", "?")) and len(line.split()) > 6)):
        return None
    known_role = any(_ROLE_WORDS.search(part) or part[:1].islower() for part in role_parts)
    if bare and m is None and role_parts and not result.outlet and not _outlet_like(role_parts) and not known_role:
        return None
    if bare and m is None:
        result.outlet = result.outlet or (_outlet_like(role_parts) or None)
    result.authors = list(dict.fromkeys(names))
    result.role = ", ".join(p for p in role_parts if p)
    return result


def _parenthesised(rest: str) -> tuple[str, list[str], list[str]]:
    """A byline without its parentheses, what they say of where and what ("(Bruxelles, envoyée spéciale)"),
    and the co-authors they name ("(avec Damien Leloup et Morgane Tual)")."""
    roles, helpers = [], []
    for inner in re.findall(r"\(([^()]*)\)", rest):
        if co := re.match(r"^(?:avec|with|mit)\s+(.+)$", inner.strip(), re.I):
            helpers.extend(filter(None, (_name(p.strip(" .")) for p in _CONJUNCTIONS.split(co.group(1)))))
        else:
            roles.append(inner)
    return re.sub(r"\([^()]*\)", " ", rest), roles, helpers


def _name_then_role(text: str) -> tuple[str | None, str]:
    """ "Imogen Carr Environment correspondent" -> ("Imogen Carr", "Environment correspondent")."""
    words = text.split()
    for cut in range(2, min(len(words), 5)):
        rest = " ".join(words[cut:])
        if _ROLE_WORDS.search(rest) and (name := _name(" ".join(words[:cut]))):
            return name, rest
    return None, ""


def _strip_agency(text: str) -> tuple[str, str | None]:
    """ "Anne Martin, avec Reuters" -> ("Anne Martin", "Reuters"); "with AP", "mit dpa" too."""
    m = re.search(r"[,;]?\s*\b(?:avec|with|mit|d['’]après|und)\s+(?:l['’])?(?P<a>[\w .-]+?)\s*$", text, re.I)
    if m and m.group("a").strip().lower() in AGENCIES:
        return text[: m.start()], AGENCIES[m.group("a").strip().lower()]
    return text, None


def _outlet_like(parts: list[str]) -> str:
    """An outlet's name among what follows the names: "Reuters", "BBC News"; '' if none."""
    for part in parts:
        if part.lower() in AGENCIES:
            return AGENCIES[part.lower()]
        words = part.split()
        if 1 <= len(words) <= 4 and all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words):
            return part
    return ""


def _name(text: str) -> str | None:
    """A person's name, in its usual case ("JANE DOE" -> "Jane Doe"); None if `text` is not one."""
    from .chrome import is_interface_text
    from .outlets import is_known

    text = _HONORIFIC.sub("", text.strip())
    if is_interface_text(text) or is_known(text):  # "Open Navigation Menu", "Live TV", "Al Jazeera"
        return None
    words = text.split()
    if len(words) >= 3 and words[-1].lower().rstrip(".") in MONTHS and words[-1][:1].isupper():
        words = words[:-1]  # "Joshua Sokol May": the month of a date glued to the byline
        text = " ".join(words)
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in text):
        return None
    if words[-1].lower() in _NAME_PARTICLES or words[0].lower() in _NOT_FIRST:
        return None
    if text.lower() in AGENCIES:
        return None
    for word in words:
        if word.lower() in _NAME_PARTICLES:
            continue
        if not _NAME_WORD.match(word):
            return None
    if text.isupper():
        words = [w if len(w) <= 2 and w.endswith(".") else _title_case(w) for w in words]
    return " ".join(words)


def _title_case(word: str) -> str:
    return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))


# --- Datelines, breadcrumbs --------------------------------------------------------------------

_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-Ý][A-ZÀ-Ýa-zà-ÿ' .’-]{1,40}?)(?:,\s*(?P<when>[^()]{1,30}?))?\s*"
    r"\((?P<agency>[A-Za-zÀ-ÿ. -]{2,30})\)\s*[-–—:]\s*"
)


def dateline(paragraph: str) -> str | None:
    """The agency of a dateline that opens a paragraph ("KYIV, March 2 (Reuters) -" -> "Reuters")."""
    m = _DATELINE.match(paragraph)
    if m is None:
        return None
    agency = m.group("agency").strip()
    return AGENCIES.get(agency.lower())


# A correspondent's dateline, without an agency: a place, a day with its year, a dash ("Berlin, 12. März 2025 –",
# "Paris, 12 mars 2025 -", "WASHINGTON, March 3, 2025 —"). Only a whole day dates the article: "Washington, however,
# said on March 3 -" gives none.
_DATED_PLACE = re.compile(r"^(?P<place>[A-ZÀ-Ý][A-ZÀ-Ýa-zà-ÿ' .’-]{1,40}?),\s*(?P<when>[^()–—]{4,30}?)\s*[-–—]\s")


def dateline_date(paragraph: str) -> PartialDate | None:
    """The day a dateline that opens a paragraph gives, with its year ("BERLIN, 20. Juni 2024 (dpa) –", or a
    correspondent's, "Paris, 12 mars 2025 –")."""
    m = _DATELINE.match(paragraph) or _DATED_PLACE.match(paragraph)
    if m is None or not m.group("when"):
        return None
    found = date_line(m.group("when").strip(), None)
    return found.published if found and found.published and found.published.precision == "day" else None


_CRUMB_SEPARATORS = re.compile(r"\s+[>›»/|→]\s+|\s*[›→]\s*")


def is_breadcrumb(line: str) -> bool:
    """ "Accueil > Politique > Europe", "Home › News › World": short labels joined by arrows."""
    if len(line) > 120:
        return False
    parts = [p for p in _CRUMB_SEPARATORS.split(line.strip()) if p]
    return len(parts) >= 2 and all(
        len(p.split()) <= 4 and not p.endswith((".", "?", "!")) and not re.search(r"[<>()\[\]{}=\"«»“”]", p)
        for p in parts
    )


_DATED_BYLINE = re.compile(r"^(?P<when>.{6,80}?)\s+(?P<by>(?:par|by|von)\s+\S.{1,100})$", re.I)


def dated_byline(line: str, language: str | None = None) -> tuple[DateLine, Byline] | None:
    """A publication line and a byline in one line, as blogs print them: "Publié le 3 février 2024 par Camille
    Durand", "Posted on February 3, 2024 by Jane Doe", "Veröffentlicht am 3. Februar 2024 von Anna Weber"."""
    m = _DATED_BYLINE.match(line.strip())
    if m is None or (when := date_line(m.group("when"), language)) is None or when.published is None:
        return None
    by = byline(m.group("by"))
    return (when, by) if by is not None and by.authors else None


def is_prefixed_byline(line: str) -> bool:
    """A byline that says it is one ("Par …", "By …", "Propos recueillis par …")."""
    return bool(_BY.match(line.strip()))


def is_role(line: str) -> bool:
    """A line that names a job ("Redakteurin für Wirtschaft", "Environment correspondent")."""
    return bool(_ROLE_WORDS.search(line))
