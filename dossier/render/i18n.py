"""The site's language: the words of its pages, its dates and the addresses of its pages.

Pelican's `DEFAULT_LANG` is the language of the site's interface (`<html lang>`, headings,
labels, dates, addresses): French ("fr"), English ("en") or German ("de"); another value gives
English pages, with a warning. Each article keeps its own language (its front matter's `language`).

Words come from the gettext catalogs shipped with the theme,
`theme/translations/<lang>/LC_MESSAGES/messages.po`, whose msgids are English. No compiled
`.mo` file is kept: a catalog is compiled in memory with Babel the first time it is asked
for. Templates reach them through Jinja's i18n extension (`_()`, `ngettext()`, `pgettext()`,
installed by the plugin in every generator's environment), Python code through `_`,
`ngettext` and `pgettext` here; `N_` marks a msgid written in a table, translated where it
is shown. Both always read their message as a format string (`%(name)s`, `%%` for "%"):
`ngettext` gives the count as `num`.

After a change to the words of a template or of the code, a maintainer updates the
catalogs from the project's folder, then translates what is new in the French and German
catalogs (the English one may leave a msgstr empty: the msgid is shown):

    pybabel extract -F dossier/theme/babel.cfg -o /tmp/messages.pot .
    pybabel update -i /tmp/messages.pot -d dossier/theme/translations -l fr
    pybabel update -i /tmp/messages.pot -d dossier/theme/translations -l en
    pybabel update -i /tmp/messages.pot -d dossier/theme/translations -l de

Dates are written as the language writes them, with Babel's data ("2 novembre 2024",
"November 2, 2024", "2. November 2024"), and so are ranges ("18–19 juin 2024", "June 18–19, 2024",
"18.–19. Juni 2024").

The addresses of the dossier's own pages (actors, places, events, timeline, network, search, data)
and of the about page the navigation links to are the language's (`ADDRESSES`); the setting
`DOSSIER_URLS` changes any of them.

`use()` sets the language and the addresses of what follows: the plugin calls it when Pelican
starts. Until then, and for code run outside a build, they are French. They are held in a context
variable, as gettext's active language is in web frameworks: a build in another thread or context
(`contextvars.copy_context().run`) has its own, and no module-level value is ever changed.
"""

from __future__ import annotations

import functools
import gettext
import io
import itertools
import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, dates
from babel.messages import mofile, pofile

from ..core.errors import shown
from ..core.settings import LANGUAGES
from .typography import french_typography

FALLBACK = "en"  # the interface of a site in a language the theme does not speak
TRANSLATIONS = Path(__file__).resolve().parent.parent / "theme" / "translations"

ADDRESSES = {
    "fr": {
        "actors": "acteurs/", "places": "lieux/", "events": "evenements/", "timeline": "chronologie/",
        "network": "reseau/", "search": "recherche/", "data": "donnees/", "about": "a-propos/",
        "quotes": "qui-a-dit-quoi/",
    },
    "en": {
        "actors": "actors/", "places": "places/", "events": "events/", "timeline": "timeline/",
        "network": "network/", "search": "search/", "data": "data/", "about": "about/",
        "quotes": "who-said-what/",
    },
    "de": {
        "actors": "akteure/", "places": "orte/", "events": "ereignisse/", "timeline": "chronik/",
        "network": "netzwerk/", "search": "suche/", "data": "daten/", "about": "ueber/",
        "quotes": "wer-sagte-was/",
    },
}
# Folders of the site that no setting moves: the articles, the search index, the theme's files.
FIXED_FOLDERS = ("articles/", "pagefind/", "theme/")
_ADDRESS = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*$")


@dataclass(frozen=True)
class _Interface:
    """The language of the pages rendered now, and the addresses of the dossier's pages."""

    language: str = "fr"
    addresses: dict[str, str] = field(default_factory=lambda: dict(ADDRESSES["fr"]))


_INTERFACE: ContextVar[_Interface | None] = ContextVar("dossier_interface", default=None)
_FRENCH = _Interface()


def _now() -> _Interface:
    return _INTERFACE.get() or _FRENCH


def use(language: str | None, addresses: dict | None = None) -> list[str]:
    """Make `language` (Pelican's DEFAULT_LANG) and the `addresses` (DOSSIER_URLS) those of the
    pages rendered next; return what is wrong with them (each then replaced by the default)."""
    ui, warnings = _interface_language(language)
    chosen, problems = _addresses(ui, addresses)
    _INTERFACE.set(_Interface(ui, chosen))
    return warnings + problems


def _interface_language(language: str | None) -> tuple[str, list[str]]:
    """The theme's language for a DEFAULT_LANG ("fr-CA" is French), and a warning when it has none."""
    primary = re.split(r"[-_]", str(language or "").strip())[0].lower()
    if primary in LANGUAGES:
        return primary, []
    return FALLBACK, [
        f"DEFAULT_LANG {shown(language)}: the theme's pages are in {' or '.join(LANGUAGES)}; they are in English"
    ]


def _addresses(language: str, overrides: dict | None) -> tuple[dict[str, str], list[str]]:
    """The language's addresses with those of DOSSIER_URLS that are folders no other page takes."""
    chosen, problems = dict(ADDRESSES[language]), []
    if overrides is not None and not isinstance(overrides, dict):
        return chosen, ["DOSSIER_URLS: expected a dict such as {'actors': 'people/'}; ignored"]
    for key, value in sorted((overrides or {}).items(), key=lambda item: str(item[0])):
        folder = value.strip("/") + "/" if isinstance(value, str) else None
        others = [address for name, address in chosen.items() if name != key]
        if key not in chosen:
            problems.append(f"DOSSIER_URLS: {shown(key)} is not one of {', '.join(ADDRESSES[language])}; ignored")
        elif folder is None or not _ADDRESS.match(folder[:-1]):
            problems.append(f"DOSSIER_URLS[{shown(key)}]: {shown(value)} is not a folder such as 'people/'; {shown(chosen[key])} used")
        elif folder in others or folder.split("/")[0] + "/" in FIXED_FOLDERS:
            problems.append(f"DOSSIER_URLS[{shown(key)}]: {shown(value)} is the address of other pages; {shown(chosen[key])} used")
        else:
            chosen[key] = folder
    return chosen, problems


def language() -> str:
    """The language of the interface: "fr", "en" or "de"."""
    return _now().language


def address(key: str) -> str:
    """The address of one of the dossier's pages ("actors", "timeline"…), relative to the site: "acteurs/"."""
    return _now().addresses[key]


def addresses() -> dict[str, str]:
    """Every address `address` knows, by key."""
    return dict(_now().addresses)


# Words.


# The words a template's `_()` remembers, at most (a page asks for the same ones tens of times).
TEMPLATE_WORDS = 10_000


def template_gettext(translate):
    """A template's `_()` and `gettext()`: what Jinja's i18n extension gives them with newstyle gettext (the
    translation, Markup when the template escapes, formatted with its variables), but without its alias's
    look-up of `gettext` in the context at each call, and with the result of a call without variables
    remembered (the same words, in the same escaping, give the same Markup)."""
    from jinja2 import pass_context
    from markupsafe import Markup

    known: dict[tuple[str, bool], str] = {}

    @pass_context
    def gettext(context, string: str, **variables) -> str:
        escape = context.eval_ctx.autoescape
        if variables:
            text = translate(string)
            return (Markup(text) if escape else text) % variables
        found = known.get((string, escape))
        if found is None:
            if len(known) >= TEMPLATE_WORDS:
                known.clear()
            text = translate(string)
            found = known[(string, escape)] = (Markup(text) if escape else text) % variables
        return found

    return gettext


def translations(language: str | None = None) -> gettext.GNUTranslations:
    """The catalog of `language` (the interface's by default), compiled in memory once."""
    return _compiled(language or _now().language)


@functools.cache
def _compiled(language: str) -> gettext.GNUTranslations:
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = pofile.read_po(file)
    if language == "fr":  # the interface's words with French typography's no-break spaces
        for message in catalog:
            if message.id:
                message.string = (tuple(map(french_typography, message.string)) if isinstance(message.string, tuple | list)
                                  else french_typography(message.string))
    compiled = io.BytesIO()
    mofile.write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str, **values) -> str:
    """`message` in the interface's language, its `%(name)s` filled from `values`."""
    return translations().gettext(message) % values


def ngettext(singular: str, plural: str, count: int, **values) -> str:
    """The form of `singular`/`plural` the language uses for `count`, its `%(num)d` the count."""
    return translations().ngettext(singular, plural, count) % {"num": count, **values}


def pgettext(context: str, message: str, **values) -> str:
    """`message` in the interface's language, where the same English words need different ones."""
    return translations().pgettext(context, message) % values


def N_(message: str) -> str:
    """Mark `message` as a msgid (for the extraction) where it is written, to be translated where it is shown."""
    return message


# Dates: objects with `year`, `month` and `day` (None when unknown) and `precision` (model.PartialDate).

SKELETONS = {"day": "yMMMMd", "month": "yMMMM", "year": "y"}
FIRST_OF_MONTH = {"fr": "1er"}  # the first day of a month, where the language does not write it "1"
DAY_MARK = {"de": "."}  # what follows the number of a day ("18."), written after the first day of a range too
RANGE = "{} – {}"  # two dates that share neither their month nor their year


@functools.cache
def _tokens(language: str, precision: str) -> tuple:
    """The language's pattern of a date of `precision` ("d MMMM y"), as Babel's tokens."""
    skeletons = Locale.parse(language).datetime_skeletons
    return tuple(dates.tokenize_pattern(skeletons[dates.match_skeleton(SKELETONS[precision], skeletons)].pattern))


def _write(date, fill: dict[str, str]) -> str:
    """`date` written in the language, its fields named in `fill` ("d", "M") replaced by that text."""
    return _written(_now().language, date.precision, date.first_day(), tuple(sorted(fill.items())))


@functools.lru_cache(maxsize=8192)  # a site writes the same few hundred dates tens of thousands of times
def _written(language: str, precision: str, day, fill: tuple[tuple[str, str], ...]) -> str:
    fill = dict(fill)
    tokens = [
        ("chars", fill[value[0]]) if kind == "field" and value[0] in fill else (kind, value)
        for kind, value in _tokens(language, precision)
    ]
    pattern = ""
    for kind, group in itertools.groupby(tokens, key=lambda token: token[0]):
        values = [value for _, value in group]
        if kind == "chars":  # one quoted literal: "''" inside it is a quote
            pattern += "'" + "".join(values).replace("'", "''") + "'"
        else:
            pattern += "".join(letter * width for letter, width in values)
    return dates.format_date(day, pattern, locale=language)


def _day(day: int) -> str:
    return FIRST_OF_MONTH.get(_now().language, "1") if day == 1 else str(day)


def date_label(date) -> str:
    """"2 novembre 2024", "1er mai 2024", "septembre 2023", "2019"; "November 2, 2024", "May 2024"."""
    return _write(date, {"d": _day(date.day)} if date.day else {})


def range_label(start, end=None) -> str:
    """A range of dates, sharing what its two ends share: "18–19 juin 2024", "juin–août 2024",
    "June 18–19, 2024", "18.–19. Juni 2024"; else both dates in full: "juin 2024 – mars 2025"."""
    if end is None or end == start:
        return date_label(start)
    if start.precision == end.precision == "day" and (start.year, start.month) == (end.year, end.month):
        return _write(end, {"d": f"{_day(start.day)}{DAY_MARK.get(_now().language, '')}–{end.day}"})
    if start.precision == end.precision == "month" and start.year == end.year:
        months = _month_names(_now().language)
        return _write(end, {"M": f"{months[start.month]}–{months[end.month]}"})
    return RANGE.format(date_label(start), date_label(end))


@functools.cache
def _month_names(language: str):
    return dates.get_month_names("wide", "format", locale=language)


def month_initial(month: int) -> str:
    """The letter under a month's bar in a chart: "J" for janvier and for January."""
    return _month_initials(_now().language)[month]


@functools.cache
def _month_initials(language: str):
    return dates.get_month_names("narrow", "stand-alone", locale=language)
