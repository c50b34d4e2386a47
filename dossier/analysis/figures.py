"""Figures and "first since" claims in a passage of an article (French, English or German).

A figure is a number with what it counts: "jusqu'à 8 000 soldats", "12,000 North Korean troops",
"Tausende Soldaten". A claim is a statement of the form "the first … since 2000". Event pages put
what each article says about an event side by side; `differ` tells when two figures cannot both be
true.

Dates ("19 juin 2024", "en 2011"), bare numbers and references ("article 4", "Covid-19", "F-16")
are not figures: a number counts only when a known noun follows it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .dates import find_date_expressions

# What a figure counts (its kind), and what the kind is called in each language of the site.
UNITS: dict[str, dict[str, str]] = {
    "soldiers": {"fr": "soldats", "en": "soldiers", "de": "Soldaten"},
    "civilians": {"fr": "civils", "en": "civilians", "de": "Zivilisten"},
    "people": {"fr": "personnes", "en": "people", "de": "Menschen"},
    "workers": {"fr": "travailleurs", "en": "workers", "de": "Arbeiter"},
    "refugees": {"fr": "réfugiés", "en": "refugees", "de": "Flüchtlinge"},
    "prisoners": {"fr": "prisonniers", "en": "prisoners", "de": "Gefangene"},
    "deaths": {"fr": "morts", "en": "deaths", "de": "Tote"},
    "wounded": {"fr": "blessés", "en": "wounded", "de": "Verletzte"},
    "shells": {"fr": "obus", "en": "shells", "de": "Granaten"},
    "missiles": {"fr": "missiles", "en": "missiles", "de": "Raketen"},
    "drones": {"fr": "drones", "en": "drones", "de": "Drohnen"},
    "tanks": {"fr": "chars", "en": "tanks", "de": "Panzer"},
    "dollars": {"fr": "dollars", "en": "dollars", "de": "Dollar"},
    "euros": {"fr": "euros", "en": "euros", "de": "Euro"},
    "tons": {"fr": "tonnes", "en": "tons", "de": "Tonnen"},
    "km": {"fr": "km", "en": "km", "de": "km"},
    "miles": {"fr": "miles", "en": "miles", "de": "Meilen"},
    "percent": {"fr": "pour cent", "en": "percent", "de": "Prozent"},
    "years": {"fr": "ans", "en": "years", "de": "Jahre"},
    "months": {"fr": "mois", "en": "months", "de": "Monate"},
    "weeks": {"fr": "semaines", "en": "weeks", "de": "Wochen"},
    "days": {"fr": "jours", "en": "days", "de": "Tage"},
    "hours": {"fr": "heures", "en": "hours", "de": "Stunden"},
}

# The qualifier of a figure with a number, and that of a vague amount (no number: "des milliers").
QUALIFIERS = ("", "up to", "about", "more than", "at least", "less than")
VAGUE_QUALIFIERS = ("dozens", "hundreds", "thousands", "millions", "billions")


@dataclass(frozen=True)
class Figure:
    """A number with what it counts, as written in a passage."""

    kind: str
    low: float | None
    high: float | None
    qualifier: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Claim:
    """A "first … since" statement: `value` is the year it refers to, in 4 digits."""

    kind: str
    value: str
    text: str
    start: int
    end: int


# ---------------------------------------------------------------------------------------------
# What each language writes. Regular-expression fragments are matched without regard to case.


@dataclass(frozen=True)
class _Lexicon:
    """The words of one language that figures and claims are made of."""

    nouns: dict[str, tuple[str, ...]]  # kind -> the nouns that count it
    compound_kinds: frozenset[str]  # kinds whose nouns also end compounds ("Artilleriegranaten")
    hyphen_nouns: str  # nouns joined to a number by a hyphen ("two-day"), or "" for none
    qualifiers: dict[str, str]  # fragment -> qualifier
    scales: dict[str, float]  # "million" -> 1e6, after a number
    number_words: dict[str, tuple[str, int]]  # word -> (operation, value), see _word_value
    number_first: str  # fragment: a word for one, starting a number before a multiplier or scale ("a dozen")
    number_separator: str  # fragment between the words of a number ("vingt-quatre", "two hundred")
    approximate: dict[str, int]  # "vingtaine" -> 20: "une vingtaine de" is about 20
    vague: dict[str, str]  # word -> vague qualifier ("milliers" -> "thousands")
    vague_pattern: str  # fragment: a vague amount
    links: str  # fragment: the word between a scale or a vague amount and the noun ("de", "of")
    range_separators: str  # fragment: "à", "to", "bis"
    between: str  # fragment: "entre", "between", "zwischen"
    between_and: str  # fragment: "et", "and", "und"
    stop_words: frozenset[str]  # words that never stand between a number and its noun
    filler_words: int  # how many other words may
    group_separator: str  # in a number of digits: "," in English, "." in French and German
    compound_numbers: bool  # numbers in words are one word ("vierundzwanzig")
    year_words: frozenset[str]  # a year-like number after these is a date ("en 2019")
    time_of_day_words: frozenset[str]  # hours after these are a time of day ("à 14 heures")
    reference_words: frozenset[str]  # a number after these is a reference ("article 4")
    first: str  # fragment: "première"
    first_not: str  # fragment: what makes "first" a title ("Premier ministre")
    determiners: str  # fragment: the word before "first" that a claim's text keeps
    since_year: str  # fragment: before a year ("depuis", "since")
    since_count: str  # fragment: before a number of years ("depuis", "since", "in")
    year_units: dict[str, int]  # "ans" -> 1, "décennies" -> 10
    one: str  # fragment: "a" or "une" before "decade"
    first_stem: str  # what every "first" word contains, in lower case ("premi")
    lower_case_nouns: bool  # a capitalised noun is a name ("Ninety Mile Beach"), except in German


_MONTHS = (
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre "
    "january february march april may june july august september october november december "
    "januar jänner februar märz juni juli oktober dezember"
).split()

_FRENCH = _Lexicon(
    nouns={
        "soldiers": ("soldats", "soldat", "troupes", "militaires", "hommes", "combattants", "conscrits"),
        "civilians": ("civils",),
        "people": ("personnes", "habitants", "individus"),
        "workers": ("travailleurs", "travailleur", "ouvriers", "salariés", "employés"),
        "refugees": ("réfugiés",),
        "prisoners": ("prisonniers", "détenus"),
        "deaths": ("morts", "tués", "décès"),
        "wounded": ("blessés",),
        "shells": ("obus", "munitions", "projectiles"),
        "missiles": ("missiles", "missile", "roquettes"),
        "drones": ("drones", "drone"),
        "tanks": ("chars", "blindés"),
        "dollars": ("dollars", "dollar", "$"),
        "euros": ("euros", "euro", "€"),
        "tons": ("tonnes", "tonne"),
        "km": ("km", "kilomètres", "kilomètre"),
        "miles": ("miles",),
        "percent": ("%", "pour cent", "pourcent"),
        "years": ("ans", "années", "année", "an"),
        "months": ("mois",),
        "weeks": ("semaines", "semaine"),
        "days": ("jours", "jour", "journées"),
        "hours": ("heures", "heure"),
    },
    compound_kinds=frozenset(),
    hyphen_nouns="",
    qualifiers={
        r"jusqu['’]\s?à": "up to",
        r"pas\s+plus\s+d(?:e|['’])": "up to",
        r"environ": "about",
        r"près\s+d(?:e|['’])": "about",
        r"quelque": "about",
        r"presque": "about",
        r"quasiment": "about",
        r"approximativement": "about",
        r"autour\s+d(?:e|['’])": "about",
        r"pas\s+moins\s+d(?:e|['’])": "at least",
        r"plus\s+d(?:e|['’])": "more than",
        r"au-delà\s+d(?:e|['’])": "more than",
        r"au\s+moins": "at least",
        r"au\s+minimum": "at least",
        r"moins\s+d(?:e|['’])": "less than",
    },
    scales={"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9,
            "billion": 1e12, "billions": 1e12},
    number_words={
        "un": ("add", 1), "une": ("add", 1), "deux": ("add", 2), "trois": ("add", 3), "quatre": ("add", 4),
        "cinq": ("add", 5), "six": ("add", 6), "sept": ("add", 7), "huit": ("add", 8), "neuf": ("add", 9),
        "dix": ("add", 10), "onze": ("add", 11), "douze": ("add", 12), "treize": ("add", 13),
        "quatorze": ("add", 14), "quinze": ("add", 15), "seize": ("add", 16), "vingt": ("add", 20),
        "vingts": ("add", 20), "trente": ("add", 30), "quarante": ("add", 40), "cinquante": ("add", 50),
        "soixante": ("add", 60), "quatre-vingt": ("add", 80), "quatre-vingts": ("add", 80),
        "cent": ("multiply", 100), "cents": ("multiply", 100), "mille": ("group", 1000), "et": ("add", 0),
    },
    number_first=r"une?(?=\s+(?:millions?|milliards?)(?!\w))",
    number_separator=r"(?:\s+et\s+(?=une?\b|onze\b)|-et-|[\s-]+)",
    approximate={"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
                 "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000},
    vague={"dizaines": "dozens", "centaines": "hundreds", "milliers": "thousands", "millions": "millions",
           "milliards": "billions"},
    vague_pattern=r"(?:(?:plusieurs|quelques)\s+)?(?:(?:dizaines|centaines)\s+de\s+)?"
    r"(?:milliers|centaines|dizaines|millions|milliards)",
    links=r"\s+de\s+|\s+d['’]\s*",
    range_separators=r"à|-|–|—",
    between=r"entre",
    between_and=r"et",
    stop_words=frozenset(
        "le la les l un une des du de d et ou mais en à au aux dans par pour sur sous avec sans chez entre vers "
        "depuis pendant que qui dont où ne pas plus moins se sa son ses leur leurs ce cet cette ces il elle ils "
        "elles on y a est sont était ont été selon contre après avant comme aussi très déjà".split()
    ),
    filler_words=2,
    group_separator=".",
    compound_numbers=False,
    year_words=frozenset("en depuis dès de du avant après jusqu'en l'an année an fin début mi courant".split()),
    time_of_day_words=frozenset("à vers dès".split()),
    reference_words=frozenset(
        "article art. page p. pp. chapitre section n° no numéro paragraphe alinéa résolution ligne point "
        "tome volume vol. annexe version".split()
    ),
    first=r"premi(?:er|ère|ere)s?",
    first_not=r"\s+(?:ministre|secrétaire|vice|adjoint|dame|ministère|magistrat)(?!\w)",
    determiners=r"la|le|sa|son|leur|cette|ce|une|un|l['’]",
    since_year=r"depuis(?:\s+l['’]an(?:née)?)?",
    since_count=r"depuis",
    year_units={"ans": 1, "années": 1, "décennies": 10, "décennie": 10},
    one=r"une",
    first_stem="premi",
    lower_case_nouns=True,
)

_ENGLISH = _Lexicon(
    nouns={
        "soldiers": ("soldiers", "soldier", "troops", "servicemen", "service members", "personnel", "fighters",
                     "men", "marines"),
        "civilians": ("civilians", "civilian"),
        "people": ("people", "persons", "residents", "inhabitants", "individuals"),
        "workers": ("workers", "worker", "laborers", "labourers", "employees"),
        "refugees": ("refugees",),
        "prisoners": ("prisoners", "detainees"),
        "deaths": ("deaths", "dead", "killed", "fatalities"),
        "wounded": ("wounded", "injured"),
        "shells": ("shells", "rounds", "munitions"),
        "missiles": ("missiles", "missile", "rockets"),
        "drones": ("drones", "drone"),
        "tanks": ("tanks",),
        "dollars": ("dollars", "dollar", "$"),
        "euros": ("euros", "euro", "€"),
        "tons": ("tons", "tonnes", "ton", "tonne"),
        "km": ("km", "kilometres", "kilometers", "kilometre", "kilometer"),
        "miles": ("miles", "mile"),
        "percent": ("%", "percent", "per cent"),
        "years": ("years", "year"),
        "months": ("months", "month"),
        "weeks": ("weeks", "week"),
        "days": ("days", "day"),
        "hours": ("hours", "hour"),
    },
    compound_kinds=frozenset(),
    hyphen_nouns=r"(?:year|month|week|day|hour|mile|km|kilometre|kilometer)(?!\w)",
    qualifiers={
        r"up\s+to": "up to",
        r"as\s+many\s+as": "up to",
        r"no\s+more\s+than": "up to",
        r"about": "about",
        r"around": "about",
        r"nearly": "about",
        r"almost": "about",
        r"some": "about",
        r"roughly": "about",
        r"approximately": "about",
        r"an\s+estimated": "about",
        r"close\s+to": "about",
        r"no\s+fewer\s+than": "at least",
        r"no\s+less\s+than": "at least",
        r"more\s+than": "more than",
        r"over": "more than",
        r"upwards\s+of": "more than",
        r"in\s+excess\s+of": "more than",
        r"at\s+least": "at least",
        r"less\s+than": "less than",
        r"fewer\s+than": "less than",
        r"under": "less than",
    },
    scales={"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6},
    number_words={
        "a": ("add", 1), "one": ("add", 1), "two": ("add", 2), "three": ("add", 3), "four": ("add", 4),
        "five": ("add", 5), "six": ("add", 6), "seven": ("add", 7), "eight": ("add", 8), "nine": ("add", 9),
        "ten": ("add", 10), "eleven": ("add", 11), "twelve": ("add", 12), "thirteen": ("add", 13),
        "fourteen": ("add", 14), "fifteen": ("add", 15), "sixteen": ("add", 16), "seventeen": ("add", 17),
        "eighteen": ("add", 18), "nineteen": ("add", 19), "twenty": ("add", 20), "thirty": ("add", 30),
        "forty": ("add", 40), "fifty": ("add", 50), "sixty": ("add", 60), "seventy": ("add", 70),
        "eighty": ("add", 80), "ninety": ("add", 90), "hundred": ("multiply", 100), "dozen": ("multiply", 12),
        "thousand": ("group", 1000), "and": ("add", 0),
    },
    number_first=r"(?:a|one)(?=\s+(?:dozen|hundred|thousand|million|billion|trillion)(?!\w))",
    number_separator=r"(?:(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+|[\s-]+)",
    approximate={},
    vague={"dozens": "dozens", "scores": "dozens", "hundreds": "hundreds", "thousands": "thousands",
           "millions": "millions", "billions": "billions", "dozen": "dozens", "hundred": "hundreds",
           "thousand": "thousands", "million": "millions", "billion": "billions"},
    vague_pattern=r"(?:(?:several|a\s+few|many)\s+)?(?:(?:tens|hundreds|dozens)\s+of\s+)?"
    r"(?:thousands|hundreds|dozens|scores|millions|billions)"
    r"|(?:several|a\s+few|many)\s+(?:thousand|hundred|dozen|million|billion)",
    links=r"\s+of\s+",
    range_separators=r"to|-|–|—",
    between=r"between",
    between_and=r"and",
    stop_words=frozenset(
        "the a an of and or but in on at to for with from by as is are was were be been has have had that this "
        "these those which who it its their his her our than then there when while after before since until "
        "into over under about between per each every all any some no not more most such so also very".split()
    ),
    filler_words=3,
    group_separator=",",
    compound_numbers=False,
    year_words=frozenset("in since from until by of before after during early late mid year".split()),
    time_of_day_words=frozenset("at".split()),
    reference_words=frozenset(
        "article art. page p. pp. chapter section no. number paragraph resolution line point volume vol. annex "
        "version".split()
    ),
    first=r"first(?:-ever)?",
    first_not=r"\s+(?:lady|minister|secretary|deputy|vice|mate|officer|sergeant|lieutenant)(?!\w)",
    determiners=r"the|his|her|its|their|our|this|a",
    since_year=r"since(?:\s+the\s+year)?",
    since_count=r"since|in",
    year_units={"years": 1, "year": 1, "decades": 10, "decade": 10},
    one=r"an?",
    first_stem="first",
    lower_case_nouns=True,
)

_GERMAN = _Lexicon(
    nouns={
        "soldiers": ("Soldaten", "Soldat", "Truppen", "Mann", "Kämpfer", "Militärs"),
        "civilians": ("Zivilisten",),
        "people": ("Menschen", "Personen", "Einwohner"),
        "workers": ("Arbeiter", "Arbeitern", "Arbeitskräfte", "Beschäftigte"),
        "refugees": ("Flüchtlinge", "Flüchtlingen", "Geflüchtete"),
        "prisoners": ("Gefangene", "Gefangenen", "Häftlinge"),
        "deaths": ("Tote", "Toten", "Todesopfer"),
        "wounded": ("Verletzte", "Verletzten", "Verwundete"),
        "shells": ("Granaten", "Geschosse", "Geschossen", "Schuss"),
        "missiles": ("Raketen", "Rakete", "Marschflugkörper"),
        "drones": ("Drohnen", "Drohne"),
        "tanks": ("Panzer", "Panzern"),
        "dollars": ("Dollar", "US-Dollar", "$"),
        "euros": ("Euro", "€"),
        "tons": ("Tonnen", "Tonne"),
        "km": ("km", "Kilometer", "Kilometern"),
        "miles": ("Meilen",),
        "percent": ("%", "Prozent"),
        "years": ("Jahre", "Jahren", "Jahr"),
        "months": ("Monate", "Monaten", "Monat"),
        "weeks": ("Wochen", "Woche"),
        "days": ("Tage", "Tagen", "Tag"),
        "hours": ("Stunden", "Stunde"),
    },
    compound_kinds=frozenset({"soldiers", "shells", "missiles", "drones", "tanks", "prisoners"}),
    hyphen_nouns="",
    qualifiers={
        r"bis\s+zu": "up to",
        r"höchstens": "up to",
        r"maximal": "up to",
        r"rund": "about",
        r"etwa": "about",
        r"fast": "about",
        r"ungefähr": "about",
        r"circa": "about",
        r"ca\.": "about",
        r"knapp": "about",
        r"nahezu": "about",
        r"beinahe": "about",
        r"an\s+die": "about",
        r"mehr\s+als": "more than",
        r"über": "more than",
        r"mindestens": "at least",
        r"wenigstens": "at least",
        r"weniger\s+als": "less than",
    },
    scales={"tausend": 1e3, "million": 1e6, "millionen": 1e6, "mio.": 1e6, "milliarde": 1e9, "milliarden": 1e9,
            "mrd.": 1e9, "billion": 1e12, "billionen": 1e12},
    number_words={
        "ein": ("add", 1), "eine": ("add", 1), "einen": ("add", 1), "einem": ("add", 1), "zwei": ("add", 2),
        "drei": ("add", 3), "vier": ("add", 4), "fünf": ("add", 5), "sechs": ("add", 6), "sieben": ("add", 7),
        "acht": ("add", 8), "neun": ("add", 9), "zehn": ("add", 10), "elf": ("add", 11), "zwölf": ("add", 12),
        "sechzehn": ("add", 16), "siebzehn": ("add", 17), "zwanzig": ("add", 20), "dreißig": ("add", 30),
        "vierzig": ("add", 40), "fünfzig": ("add", 50), "sechzig": ("add", 60), "siebzig": ("add", 70),
        "achtzig": ("add", 80), "neunzig": ("add", 90), "hundert": ("multiply", 100),
        "dutzend": ("multiply", 12), "tausend": ("group", 1000), "und": ("add", 0),
    },
    number_first=r"eine?(?=\s+(?:Dutzend|Million|Milliarde)(?!\w))",
    number_separator=r"\s+",
    approximate={},
    vague={"dutzende": "dozens", "hunderte": "hundreds", "tausende": "thousands", "zehntausende": "thousands",
           "hunderttausende": "thousands", "millionen": "millions", "milliarden": "billions",
           "dutzend": "dozens", "hundert": "hundreds", "tausend": "thousands"},
    vague_pattern=r"(?:(?:mehrere|einige|viele|etliche)\s+)?"
    r"(?:zehntausende|hunderttausende|tausende|hunderte|dutzende|millionen|milliarden)n?"
    r"|(?:mehrere|einige|etliche|ein\s+paar)\s+(?:tausend|hundert|dutzend)",
    links=r"\s+von\s+",
    range_separators=r"bis|-|–|—",
    between=r"zwischen",
    between_and=r"und",
    stop_words=frozenset(
        "der die das den dem des und oder aber von mit für in im am an auf aus bei nach zu zum zur über unter vor "
        "seit als wie auch nicht ein eine einen einem einer ist sind war waren wurde wurden hat haben sich es er "
        "sie wir".split()
    ),
    filler_words=2,
    group_separator=".",
    compound_numbers=True,
    year_words=frozenset("im jahr jahre seit bis ab von vor nach anfang ende mitte".split()),
    time_of_day_words=frozenset("um gegen ab".split()),
    reference_words=frozenset(
        "artikel art. seite s. kapitel abschnitt nr. nummer absatz ziffer resolution zeile punkt band anhang "
        "version §".split()
    ),
    first=r"erste[nmrs]?|erstmals|erstmalig",
    first_not=r"\s+(?:Bürgermeister|Sekretär|Vizepräsident|Weltkrieg)\w*",
    determiners=r"der|die|das|den|dem|des|zum|sein|seine|seinen|seinem|seiner|ihr|ihre|ihren|ihrem|ihrer|ein|eine|"
    r"einen|einem|einer",
    since_year=r"seit(?:\s+dem\s+Jahre?)?",
    since_count=r"seit",
    year_units={"jahren": 1, "jahr": 1, "jahrzehnten": 10, "jahrzehnt": 10},
    one=r"einem",
    first_stem="erst",
    lower_case_nouns=False,
)

_LEXICONS = {"fr": _FRENCH, "en": _ENGLISH, "de": _GERMAN}


# ---------------------------------------------------------------------------------------------
# The lexicons compiled once, at import.

_DIGITS = (
    r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?"  # 8 000, 8 000,5
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 8,000 and 1,000.5
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?"  # 8.000 and 1.000,5
    r"|\d+(?:[.,]\d+)?"  # 24, 1,5, 1.5
)
_DIGITS_END = r"(?!\d|[.,:/]\d)"
_NUMBER_START = r"(?<![\w.,/\-–°#§+])"  # not in "F-16", "Covid-19", "G7", "1.8.3", "n°4"
_CURRENCY = r"US\s?\$|\$|€"
_GAP_TOKEN = r"(?:[^\s.!?;:,()]+|(?:[A-Z]\.){2,}|(?:M|Mr|Mrs|Ms|Dr|St|Mme)\.)"
_YEAR = r"(?:1[5-9]|20)\d\d"


# Nouns that count something only in some contexts: "2 rounds of talks" are no shells.
_NOUN_GUARDS = {"rounds": r"(?!\s+of\s+(?!ammunition|artillery|ammo|munitions|shells)\w)"}


def _alternation(words: list[str]) -> str:
    """A regular-expression alternation of `words`, longest first, spaces matching any space."""
    escaped = (
        re.escape(word).replace(r"\ ", r"\s+") + _NOUN_GUARDS.get(word, "")
        for word in sorted(words, key=len, reverse=True)
    )
    return "|".join(escaped)


@dataclass(frozen=True)
class _Grammar:
    """One language's compiled patterns and look-up tables."""

    lexicon: _Lexicon
    phrase: re.Pattern[str]  # a number or a vague amount, with its qualifier
    noun: re.Pattern[str]  # what follows the amount up to the noun (matched where the amount ends)
    number_token: re.Pattern[str]  # one word of a number written in words
    qualifier_of: tuple[tuple[re.Pattern[str], str], ...]
    kind_of: dict[str, str]  # lower-case noun -> kind
    claim: re.Pattern[str]
    core_words: frozenset[str]  # lower-case words an amount is built around: "deux", "milliers", "dozen"


def _word_number(lexicon: _Lexicon) -> str:
    """The fragment matching a number written in words: "vingt-quatre", "two hundred", "zweihundert".

    A word for one ("un", "a", "ein") starts a number only before a multiplier or a scale ("a dozen").
    """
    words = sorted(lexicon.number_words, key=len, reverse=True)
    ones = "|".join(word for word in words if lexicon.number_words[word][1] <= 1)
    # German writes its numbers as one word ("dreiundzwanzig"): a run of number words there.
    alternatives = "|".join(words) if lexicon.compound_numbers else "|".join(re.escape(word) for word in words)
    token = rf"(?:{alternatives})+(?!\w)" if lexicon.compound_numbers else rf"(?:{alternatives})(?!\w)"
    first = rf"(?<![\w-])(?!(?:{ones})(?!\w)){token}"
    return rf"(?:{lexicon.number_first}|{first})(?:{lexicon.number_separator}(?<!\w){token})*"


def _phrase_pattern(lexicon: _Lexicon) -> re.Pattern[str]:
    """The pattern of an amount: qualifier, then a vague amount, an approximate one or a number or range."""
    qualifier = rf"(?P<qual>(?<!\w)(?:{'|'.join(lexicon.qualifiers)}))(?:\s+|(?<=['’]))"
    scale = rf"(?:{_alternation(lexicon.scales)})(?!\w)"
    number = rf"(?:{_DIGITS}){_DIGITS_END}|{_word_number(lexicon)}"
    first = rf"(?:(?P<cur1>{_CURRENCY})\s?)?{_NUMBER_START}(?P<n1>{number})(?:\s*(?P<s1>{scale}))?"
    second = rf"(?:(?P<cur2>{_CURRENCY})\s?)?(?P<n2>{number})(?:\s*(?P<s2>{scale}))?"
    separator = rf"(?(btw)\s+(?:{lexicon.between_and})\s+|\s*(?:{lexicon.range_separators})\s*)"
    approximate_words = "|".join(lexicon.approximate) or "(?!)"  # "(?!)": never, in English and German
    approximate = (
        rf"(?<!\w)(?P<approx>une?\s+(?P<aword>{approximate_words})(?!\w)"
        r"(?:\s+de\s+(?P<amult>milliers|millions)(?!\w))?)"
    )
    amount = (
        rf"(?<!\w)(?P<vague>{lexicon.vague_pattern})(?!\w)"
        rf"|{approximate}"
        rf"|(?:(?P<btw>(?<!\w)(?:{lexicon.between}))\s+)?{first}(?:(?P<sep>{separator}){second})?"
    )
    return re.compile(rf"(?:{qualifier})?(?:{amount})", re.IGNORECASE)


def _noun_pattern(lexicon: _Lexicon) -> re.Pattern[str]:
    """The pattern from the end of an amount to its noun: link word, adjectives, noun."""
    plain = _alternation([noun for nouns in lexicon.nouns.values() for noun in nouns])
    compound_nouns = [noun for kind in lexicon.compound_kinds for noun in lexicon.nouns[kind] if noun != "Mann"]
    compound = rf"|(?P<prefix>[^\W\d_][\w-]*?)(?P<cbase>{_alternation(compound_nouns)})" if compound_nouns else ""
    stops = _alternation(sorted(lexicon.stop_words | set(_MONTHS)))
    filler = rf"(?:(?!(?:{stops})\s)[^\W\d_][\w'’-]*\s+)"
    hyphen = rf"|(?P<hyphen>-)(?={lexicon.hyphen_nouns})" if lexicon.hyphen_nouns else ""
    link = rf"(?:(?P<link>{lexicon.links}){hyphen}|\s+|(?=[%$€])|(?=km(?!\w)))"
    noun = rf"(?P<noun>(?P<base>{plain}){compound})(?![\w²/]|-old)"
    return re.compile(rf"{link}(?P<fill>{filler}{{0,{lexicon.filler_words}}}?){noun}", re.IGNORECASE)


def _claim_pattern(lexicon: _Lexicon) -> re.Pattern[str]:
    """The pattern of a "first … since" claim, from its determiner to its year or number of years."""
    units = "|".join(sorted(lexicon.year_units, key=len, reverse=True))
    count = rf"(?P<count>\d{{1,4}}|{_word_number(lexicon)}|(?P<one>{lexicon.one}))\s+(?P<unit>{units})(?!\w)"
    since = (
        rf"(?:{lexicon.since_count})\s+{count}"
        rf"|(?:{lexicon.since_year})\s+(?P<year>{_YEAR})(?![\d\w])"
    )
    return re.compile(
        rf"(?:(?<!\w)(?P<det>{lexicon.determiners})(?:\s+|(?<=['’])))?"
        rf"(?<!\w)(?P<first>{lexicon.first})(?!\w)(?!{lexicon.first_not})"
        rf"(?:\s+{_GAP_TOKEN}){{0,12}}?\s+(?:{since})",
        re.IGNORECASE,
    )


def _german_number_words() -> set[str]:
    """German numbers in words, which are compounds: "zwei" to "neunundneunzig", hundreds, thousands."""
    units = "ein zwei drei vier fünf sechs sieben acht neun".split()
    teens = "zehn elf zwölf dreizehn vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn".split()
    tens = "zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig".split()
    below_hundred = ["", *units[1:], *teens, *tens]
    below_hundred += [f"{unit}und{ten}" for ten in tens for unit in units]
    hundreds = ["", "hundert"] + [f"{unit}hundert" for unit in units]
    words = {f"{hundred}{rest}" for hundred in hundreds for rest in below_hundred}
    words |= {f"{word}tausend" for word in words | {"", "ein"}}
    return words - {""}


def _core_words(lexicon: _Lexicon) -> frozenset[str]:
    """The words an amount is built around, in lower case: numbers in words (not "one"), vague amounts."""
    numbers = {word for word, (_, value) in lexicon.number_words.items() if value > 1}
    if lexicon.compound_numbers:
        numbers |= _german_number_words()
    return frozenset(numbers | set(lexicon.approximate) | set(lexicon.vague) | set(lexicon.scales))


def _grammar(lexicon: _Lexicon) -> _Grammar:
    """The compiled patterns of one language."""
    words = sorted(lexicon.number_words, key=len, reverse=True)
    return _Grammar(
        lexicon=lexicon,
        phrase=_phrase_pattern(lexicon),
        noun=_noun_pattern(lexicon),
        number_token=re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE),
        qualifier_of=tuple((re.compile(pattern, re.IGNORECASE), qualifier)
                           for pattern, qualifier in lexicon.qualifiers.items()),
        kind_of={re.sub(r"\s+", " ", noun.lower()): kind
                 for kind, nouns in lexicon.nouns.items() for noun in nouns},
        claim=_claim_pattern(lexicon),
        core_words=_core_words(lexicon),
    )


_GRAMMARS = {language: _grammar(lexicon) for language, lexicon in _LEXICONS.items()}


def _grammar_for(language: str) -> _Grammar | None:
    """The grammar of a language code ("fr", "en-GB"), or None for a language not handled."""
    return _GRAMMARS.get(language[:2].lower())


# ---------------------------------------------------------------------------------------------
# Numbers.


def _digits_value(written: str, group_separator: str) -> float:
    """The value of a number written in digits, "8 000" -> 8000.0, "1,5" -> 1.5 (French), "1,500" -> 1500.0."""
    digits = re.sub(r"\s", "", written)
    if "," in digits and "." in digits:  # the last separator is the decimal one
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
    elif digits.count(",") + digits.count(".") == 1:
        separator = "," if "," in digits else "."
        is_group = separator == group_separator and len(digits) - digits.index(separator) - 1 == 3
        decimal = "" if is_group else separator
    else:  # none, or a separator repeated: "1.000.000"
        decimal = ""
    if decimal:
        whole, _, fraction = digits.rpartition(decimal)
        return float(re.sub(r"\D", "", whole) + "." + fraction)
    return float(re.sub(r"\D", "", digits))


def _word_value(written: str, grammar: _Grammar) -> float:
    """The value of a number written in words: "vingt-quatre" -> 24, "two hundred" -> 200, "a dozen" -> 12."""
    total, current = 0, 0
    for token in grammar.number_token.findall(written):
        operation, value = grammar.lexicon.number_words.get(token.lower(), ("add", 0))
        if operation == "add":
            current += value
        elif operation == "multiply":
            current = (current or 1) * value
        else:
            total, current = total + (current or 1) * value, 0
    return float(total + current)


def _number_value(written: str, grammar: _Grammar) -> float:
    """The value of a number in digits or in words."""
    if written[0].isdigit():
        return _digits_value(written, grammar.lexicon.group_separator)
    return _word_value(written, grammar)


def _is_year_like(written: str) -> bool:
    """Whether a number could be a year: four digits, no separator, 1000 to 2100."""
    return len(written) == 4 and written.isdigit() and 1000 <= int(written) <= 2100


# ---------------------------------------------------------------------------------------------
# Figures.


def _qualifier(match: re.Match[str], grammar: _Grammar) -> str:
    """The qualifier written before an amount ("jusqu'à" -> "up to"), or ""."""
    written = match.group("qual")
    if not written:
        return ""
    for pattern, qualifier in grammar.qualifier_of:
        if pattern.fullmatch(written):
            return qualifier
    return ""


_PREVIOUS_WORD = re.compile(r"(?:^|[\s(«\"“'’])([^\s(«\"“'’]+)\s*$")


def _previous_word(text: str, start: int) -> str:
    """The word just before `start`, lower case, without an elided article ("l'article" -> "article")."""
    found = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    if not found:
        return ""
    return re.split(r"['’]", found.group(1).lower())[-1]


def _vague_figure(match: re.Match[str], grammar: _Grammar) -> tuple[float | None, float | None, str]:
    """Low, high and qualifier of a vague amount: "des milliers" -> (None, None, "thousands")."""
    last = re.split(r"\s+", match.group("vague").lower())[-1]
    return None, None, grammar.lexicon.vague.get(last, grammar.lexicon.vague.get(last.rstrip("n"), "thousands"))


def _approximate_figure(match: re.Match[str], grammar: _Grammar) -> tuple[float | None, float | None, str]:
    """Low, high and qualifier of "une vingtaine": (20.0, 20.0, "about")."""
    value = float(grammar.lexicon.approximate[match.group("aword").lower()])
    if match.group("amult"):
        value *= 1e3 if match.group("amult").lower() == "milliers" else 1e6
    return value, value, _qualifier(match, grammar) or "about"


def _numeric_figure(match: re.Match[str], grammar: _Grammar) -> tuple[float | None, float | None, str] | None:
    """Low, high and qualifier of a number or range, or None when it is not a count (one, a lone "a")."""
    scales = grammar.lexicon.scales
    scale1 = scales[re.sub(r"\s+", "", match.group("s1").lower())] if match.group("s1") else 1.0
    scale2 = scales[re.sub(r"\s+", "", match.group("s2").lower())] if match.group("s2") else None
    first = _number_value(match.group("n1"), grammar)
    if first < 2 and not match.group("s1") and not match.group("n1")[0].isdigit():
        return None  # "un jour", "one day", "ein Tag": an article as often as a number
    low = first * (scale1 if match.group("s1") or scale2 is None else scale2)
    high = low
    if match.group("n2"):
        high = _number_value(match.group("n2"), grammar) * (scale2 or 1.0)
        low, high = min(low, high), max(low, high)
    qualifier = _qualifier(match, grammar)
    if not qualifier and re.search(r"dozen|dutzend", match.group("n1"), re.IGNORECASE):
        qualifier = "about"  # "a dozen" is a round figure
    return low, high, qualifier


def _is_count(match: re.Match[str], noun: re.Match[str], kind: str, text: str, grammar: _Grammar) -> bool:
    """Whether a number and the noun after it make a figure, not a date, a time of day or a reference."""
    lexicon = grammar.lexicon
    plain = not (match.group("qual") or match.group("btw") or match.group("vague") or match.group("approx"))
    scaled = match.group("s1") or match.group("s2")
    if noun.group("link") and not (scaled or match.group("vague") or match.group("approx")
                                   or re.search(r"dozen|dutzend", match.group("n1") or "", re.IGNORECASE)):
        return False  # "2 of Swords": "of" and "de" follow a scale or a vague amount only
    written = noun.group("noun")
    if lexicon.lower_case_nouns and written[0].isupper() and not written.isupper():
        return False  # "Ninety Mile Beach": a name
    if not plain or match.group("cur1"):
        return True
    before = _previous_word(text, match.start())
    if before in lexicon.reference_words:
        return False
    if kind == "hours" and before in lexicon.time_of_day_words:
        return False
    if _is_year_like(match.group("n1")) and not match.group("s1") and not match.group("n2"):
        is_time = kind in ("years", "months", "weeks", "days", "hours")
        if noun.group("fill") or (before in lexicon.year_words and not is_time):
            return False
    return True


def _counted(match: re.Match[str], text: str, grammar: _Grammar) -> tuple[str, int] | None:
    """What an amount counts and where its figure ends: ("soldiers", end of "soldats"), or None."""
    if match.group("cur1"):  # "$1 billion": the currency sign says it
        return ("euros" if "€" in match.group("cur1") else "dollars"), match.end()
    noun = grammar.noun.match(text, match.end())
    if noun is None:
        return None
    base = noun.group("base") or noun.group("cbase")
    kind = grammar.kind_of.get(re.sub(r"\s+", " ", base.lower()))  # None: a letter whose case folds oddly
    if kind is None or not _is_count(match, noun, kind, text, grammar):
        return None
    return kind, noun.end()


def _figure(match: re.Match[str], text: str, grammar: _Grammar) -> Figure | None:
    """The figure an amount makes with the noun after it, or None."""
    counted = _counted(match, text, grammar)
    if counted is None:
        return None
    kind, end = counted
    if match.group("vague"):
        amount = _vague_figure(match, grammar)
    elif match.group("approx"):
        amount = _approximate_figure(match, grammar)
    else:
        amount = _numeric_figure(match, grammar)
    if amount is None:
        return None
    low, high, qualifier = amount
    start = match.start()
    return Figure(kind, low, high, qualifier, text[start:end], start, end)


_WORD = re.compile(r"[^\W\d_]+")
_DIGIT_RUN = re.compile(r"[\d$€]+")
_TOKEN = re.compile(r"[\w$€]+")
_LOOKBACK = 60  # characters before a number where its qualifier or range may start ("pas moins de", "entre")


def _cores(text: str, grammar: _Grammar) -> list[int]:
    """Where amounts may be: the offsets of each run of digits or currency sign and of each number word."""
    positions = [match.start() for match in _DIGIT_RUN.finditer(text)]
    words = grammar.core_words.intersection(_WORD.findall(text.lower()))
    if words:
        alternation = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
        pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)
        positions = sorted(positions + [match.start() for match in pattern.finditer(text)])
    return positions


def _amounts(text: str, grammar: _Grammar) -> list[re.Match[str]]:
    """The amounts of a passage, in order, none overlapping.

    The amount pattern is tried only at the words just before each number or number word: the same
    amounts as scanning the whole passage, several times faster.
    """
    found: list[re.Match[str]] = []
    end = 0
    for core in _cores(text, grammar):
        if core < end:
            continue
        starts = [token.start() for token in _TOKEN.finditer(text, max(end, core - _LOOKBACK), core)]
        for start in [*starts, core]:
            match = grammar.phrase.match(text, start)
            if match is not None and match.end() > core:
                found.append(match)
                end = match.end()
                break
    return found


def figures(text: str, language: str) -> list[Figure]:
    """The figures of a passage, in order: each number or vague amount with the noun it counts.

    `language` is "fr", "en" or "de"; another language gives no figure.
    """
    grammar = _grammar_for(language)
    if grammar is None:
        return []
    found, dates = [], None
    for match in _amounts(text, grammar):
        figure = _figure(match, text, grammar)
        if figure is not None:
            if dates is None:  # the day or year of a date with its month is no count ("June 2024 soldiers")
                dates = [(d.start, d.end) for d in find_date_expressions(text, language) if d.last[1] or (d.first and d.first[1])]
            if not any(start < match.end() and match.start() < end for start, end in dates):
                found.append(figure)
    return found


# ---------------------------------------------------------------------------------------------
# Claims.


def _claim_year(match: re.Match[str], grammar: _Grammar, published: datetime.date | None) -> str | None:
    """The year a claim refers to, 4 digits: the year written, or `published` minus the years counted."""
    if match.group("year"):
        return match.group("year")
    if published is None:
        return None
    count = 1.0 if match.group("one") else _number_value(match.group("count"), grammar)
    years = count * grammar.lexicon.year_units.get(match.group("unit").lower(), 0)
    year = published.year - int(years)
    return str(year) if 1000 <= year < published.year else None


def claims(text: str, language: str, published: datetime.date | None) -> list[Claim]:
    """The "first … since" claims of a passage, in order, each with the year it refers to.

    A claim counting years ("depuis 24 ans") needs `published`; without it, it is left out.
    """
    grammar = _grammar_for(language)
    if grammar is None or grammar.lexicon.first_stem not in text.lower():
        return []
    found = []
    for match in grammar.claim.finditer(text):
        year = _claim_year(match, grammar, published)
        if year is not None:
            found.append(Claim("first since", year, match.group(), match.start(), match.end()))
    return found


# ---------------------------------------------------------------------------------------------
# Comparing figures.


_INFINITY = float("inf")


def _bounds(figure: Figure) -> tuple[float, float]:
    """The interval of values a figure allows: "up to N" is [0, N], "more than N" is [N, inf)."""
    assert figure.low is not None and figure.high is not None
    if figure.qualifier in ("up to", "less than"):
        return 0.0, figure.high
    if figure.qualifier in ("more than", "at least"):
        return figure.low, _INFINITY
    if figure.qualifier == "about":
        return 0.9 * figure.low, 1.1 * figure.high
    return figure.low, figure.high


def differ(a: Figure, b: Figure) -> bool:
    """Whether two figures of the same kind, both numbers, cannot both be true (their intervals do not meet)."""
    if a.kind != b.kind or a.low is None or b.low is None:
        return False
    low_a, high_a = _bounds(a)
    low_b, high_b = _bounds(b)
    tolerance = 1e-9 * max(low_a, low_b, 1.0)  # "about 10 000" reaches 9 000 despite 0.9 * 10 000 rounding up
    return low_a > high_b + tolerance or low_b > high_a + tolerance


def unit_label(kind: str, language: str) -> str:
    """What a kind is called in a language, in the plural: ("soldiers", "fr") -> "soldats".

    English for a language not handled; the kind itself for a kind not in UNITS.
    """
    labels = UNITS.get(kind)
    if labels is None:
        return kind
    return labels.get(language[:2].lower(), labels["en"])
