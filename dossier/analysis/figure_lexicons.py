"""What French, English and German write when they give a figure or a "first … since" claim.

One `Lexicon` per language: the nouns that count each kind of figure, the qualifiers ("jusqu'à",
"up to", "bis zu"), numbers in words, vague amounts, the words before a date or a reference, and
the words of a claim. `figures` compiles each into its patterns once, at import.
Regular-expression fragments are matched without regard to case.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lexicon:
    """The words of one language that figures and claims are made of."""

    nouns: dict[str, tuple[str, ...]]  # kind -> the nouns that count it
    compound_kinds: frozenset[str]  # kinds whose nouns also end compounds ("Artilleriegranaten")
    hyphen_nouns: str  # nouns joined to a number by a hyphen ("two-day"), or "" for none
    qualifiers: dict[str, str]  # fragment -> qualifier
    scales: dict[str, float]  # "million" -> 1e6, after a number
    number_words: dict[str, tuple[str, int]]  # word -> (operation, value), see figures._word_value
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


MONTHS = (
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre "
    "january february march april may june july august september october november december "
    "januar jänner februar märz juni juli oktober dezember"
).split()

_FRENCH = Lexicon(
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

_ENGLISH = Lexicon(
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

_GERMAN = Lexicon(
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

LEXICONS = {"fr": _FRENCH, "en": _ENGLISH, "de": _GERMAN}
