"""Mentions: the spans a spaCy model tags as names, cleaned into names by the rules of their language,
and kept only when the curator has not decided on the name yet.

The model's output is noisy on news, so every span is cleaned by the rules of its language
(determiners, elisions, titles, punctuation, common words: `Language`) and checked against the
registry and the curator's rejections (`Known`). `recognition` reads the articles with the
model; `candidates` makes candidates of the mentions it finds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from ..core.model import Registry
from ..core.text import APOSTROPHES, normalize_key
from .annotate import Matcher

# Entity labels of the two schemes spaCy's models use, as the dossier's types: the French,
# German, Spanish... models' (PER, ORG, LOC, MISC) and the English ones' (OntoNotes: PERSON,
# ORG, GPE, LOC, FAC, NORP, EVENT...). A place or an organisation that CLDR names a country in
# the article's language is a country (`countries`). MISC is too vague to propose; NORP names
# groups of people ("Americans", "Democrats"), EVENT an event (the registry's events have dates of their own).
LABELS = {
    "PER": "person", "PERSON": "person",
    "ORG": "organisation",
    "LOC": "place", "GPE": "place", "FAC": "place",
}

# No full stop: the tokenizer splits a sentence's final one, and keeps the one of "D.C.".
_QUOTES_AND_PUNCTUATION = "«»\"“”„‘’'`()[]{}<>,;:!?…–—-‐‑/\\*•·|" + APOSTROPHES
# What precedes a capital that belongs to the sentence rather than to the name (spaces aside).
_SENTENCE_END = set(".!?…:;«“\"\n")

# A name with one of these words is an organisation, whatever the model says: it tags
# photo credits ("Getty Images", "Kremlin Pool") and institutions as persons. French and
# English words both: credits and institutions are quoted in either, whatever the article's language.
_ORGANISATION_WORDS = frozenset({
    "images", "pool", "press", "presse", "news", "agence", "agency", "photo", "photos",
    "institut", "institute", "université", "university", "ministère", "ministry", "conseil",
    "council", "parti", "party", "banque", "bank", "armée", "army", "commission",
    "fondation", "foundation", "école", "school", "center", "centre", "group", "groupe",
})


@dataclass(frozen=True)
class Language:
    """What cleaning a mention needs to know of the language it is in: the words the model leaves
    around a name, the titles before a person's, and the capitalised words that are no names."""

    code: str = ""  # the language's code ("fr"): whose country names `countries` reads
    determiners: frozenset[str] = frozenset()  # articles the model leaves before a name ("la Corée du Nord")
    trailing: frozenset[str] = frozenset()  # and, with the determiners, the words it leaves after one
    elision: re.Pattern | None = None  # an elided word glued to the front of a name ("l’Ukraine")
    titles: frozenset[str] = frozenset()  # capitalised titles before a person's name ("President Biden")
    organisation_words: frozenset[str] = _ORGANISATION_WORDS
    # Capitalised words the model takes for names: compass points, institutions named by a
    # common noun, days and months at the start of a sentence, collective nouns.
    common_words: frozenset[str] = frozenset()
    demonym: re.Pattern | None = None  # plural demonyms ("Européens"): groups of people, not entities
    plural_determiners: frozenset[str] = frozenset()  # before a demonym, it is a plural ("les Japonais")


# French writes its titles in lowercase ("le président Poutine"): a person's leading lowercase
# words are dropped in any language, so French needs no list of titles.
_FRENCH_DETERMINERS = frozenset({"le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au", "aux"})
_FRENCH = Language(
    code="fr",
    determiners=_FRENCH_DETERMINERS,
    trailing=_FRENCH_DETERMINERS | {"et", "ou", "à", "en", "sur", "par", "pour"},
    elision=re.compile(rf"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)[{APOSTROPHES}]", re.I),
    common_words=frozenset({
        "nord", "sud", "est", "ouest", "état", "états", "etat", "etats", "gouvernement", "président",
        "présidente", "ministre", "premier", "dossier", "file", "photo", "selon", "alliés",
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre", "occidentaux", "orientaux", "russes", "turcs", "grecs",
        "belges", "suisses", "arabes", "kurdes", "serbes", "croates", "tchèques", "baltes",
        "soviétiques", "asiatiques", "nord-coréens", "sud-coréens", "coréens",
    }),
    demonym=re.compile(r"(?:iens|iennes|éens|éennes|ains|aines|ais|aises|ois|oises|aux)$"),
    plural_determiners=frozenset({
        "les", "des", "aux", "ces", "ses", "leurs", "nos", "vos", "plusieurs", "certains", "deux",
    }),
)
# English models tag nationalities and other groups of people NORP, never proposed: no demonyms.
_ENGLISH_DETERMINERS = frozenset({"the", "a", "an"})
_ENGLISH = Language(
    code="en",
    determiners=_ENGLISH_DETERMINERS,
    trailing=_ENGLISH_DETERMINERS | {
        "and", "or", "of", "in", "on", "at", "to", "for", "by", "from", "with", "'s", "’s",
    },
    titles=frozenset({
        "mr", "mrs", "ms", "dr", "president", "vice", "prime", "minister", "foreign", "defence", "defense",
        "secretary", "senator", "sen", "governor", "gov", "chancellor", "ambassador", "general", "gen",
        "supreme", "leader", "spokesman", "spokeswoman", "spokesperson",
    }),
    common_words=frozenset({
        "north", "south", "east", "west", "western", "westerners", "state", "states", "government",
        "president", "minister", "prime", "file", "photo", "according", "allies",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    }),
)
# German capitalises every noun: its titles are capitalised too ("Präsident Putin").
_GERMAN_DETERMINERS = frozenset({
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
})
_GERMAN = Language(
    code="de",
    determiners=_GERMAN_DETERMINERS,
    trailing=_GERMAN_DETERMINERS | {
        "und", "oder", "in", "im", "am", "an", "auf", "von", "vom", "zu", "zum", "zur", "für", "mit", "bei",
        "aus", "nach",
    },
    titles=frozenset({
        "herr", "frau", "dr", "präsident", "präsidentin", "kanzler", "kanzlerin", "minister", "ministerin",
        "außenminister", "außenministerin", "staatschef", "machthaber", "general",
    }),
    organisation_words=_ORGANISATION_WORDS | {
        "partei", "ministerium", "universität", "stiftung", "agentur", "gruppe", "bundesamt", "zeitung",
    },
    common_words=frozenset({
        "nord", "süd", "ost", "west", "staat", "staaten", "regierung", "präsident", "minister", "kanzler",
        "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
        "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
        "oktober", "november", "dezember",
    }),
)
_LANGUAGES = {"fr": _FRENCH, "en": _ENGLISH, "de": _GERMAN}
# A language without rules of its own: punctuation, stop-words and capitals only.
_ANY_LANGUAGE = Language()
# Words between known names run together ("Russie et Corée du Nord", "Russia and North Korea"),
# in any language: an article quotes names from others.
_CONNECTORS = frozenset().union(*(language.trailing for language in _LANGUAGES.values()))
# Tags that a lone proper noun never has: "Renforcer" heading a list is a verb.
_NOT_A_NAME_POS = {"VERB", "AUX", "ADV", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "PART", "INTJ", "NUM"}


@dataclass
class Mention:
    """A name as an article writes it (cleaned), its type (person, organisation, country or place) and the article's slug."""

    text: str
    type: str
    slug: str
    paragraph: int = 0  # the paragraph of the article it is in, from 0 (a long one's pieces count apart)
    country: str = ""  # the CLDR name of the country it names, if it names one
    dateline: bool = False  # the place of a dateline, written in capitals there: its spelling is a guess


def language_rules(language: str) -> Language:
    """The rules of cleaning a mention in `language` ("fr"), those of any language for a language without its own."""
    return _LANGUAGES.get(language) or replace(_ANY_LANGUAGE, code=language)


def entity_pieces(ent):
    """The parts of an entity between line breaks: the model runs a credit line into the next paragraph."""
    start = ent.start
    for token in ent:
        if token.is_space or "\n" in token.text:
            if token.i > start:
                yield ent.doc[start:token.i]
            start = token.i + 1
    if start < ent.end:
        yield ent.doc[start:ent.end]


def _sentence_start(token, text: str) -> bool:
    """The token begins a sentence or a line: what precedes it, spaces aside, ends one (`text` is its doc's)."""
    if token.is_sent_start:
        return True
    i = token.idx
    # Backwards over the spaces only: a regular expression on text[:idx] would read the whole prefix.
    while i > 0 and text[i - 1].isspace():
        if text[i - 1] == "\n":
            return True
        i -= 1
    return i == 0 or text[i - 1] in _SENTENCE_END


def clean_mention(span, kind: str, text: str, language: Language) -> tuple[str, str, int, int] | None:
    """The mention as a name (text, type, start, end offsets), or None when it is noise; `text` is the doc's."""
    tokens = list(span)
    changed = True
    while tokens and changed:
        changed = False
        first, last = tokens[0], tokens[-1]
        leading = _is_leading_article(first, text, language) or (kind == "person" and _is_title(tokens, language))
        if _is_debris(first) or leading:
            tokens.pop(0)
            changed = True
        elif _is_debris(last) or (last.lower_ in language.trailing and last.is_lower):
            tokens.pop()
            changed = True
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    name = text[start:end]
    # The tokenizer sometimes leaves an elision or a quote glued to the name.
    while True:
        stripped = name.strip(_QUOTES_AND_PUNCTUATION + " \t\n\u00a0")
        if language.elision:
            stripped = language.elision.sub("", stripped)
        if stripped == name:
            break
        start, name = start + name.find(stripped), stripped
    end = start + len(name)
    name = " ".join(name.split())
    letters = sum(ch.isalpha() for ch in name)
    if letters < 3 or name.islower() or not name[0].isupper():
        # A proper name starts with a capital; "ministre des Affaires étrangères" is a description.
        return None
    words = name.split()
    if any(w.casefold().strip(_QUOTES_AND_PUNCTUATION) in language.organisation_words for w in words):
        kind = "organisation"
    if len(words) == 1 and _common_word(name, tokens, language):
        return None
    return name, kind, start, end


# A dateline: the place, in capitals, that opens a news paragraph; after a comma a date or a region,
# the agency in parentheses, then a dash: "SEOUL —", "MOSCOU (AFP) -", "WASHINGTON (Reuters) -",
# "BERLIN, 3. Oktober (dpa) -", "SEOUL, South Korea (AP) —".
_WORD = r"[^\W\d_][^\W\d_'’.]*"
_DATELINE = re.compile(
    rf"\s*(?P<place>{_WORD}(?:[ \-'’]{_WORD}){{0,3}})"
    r"(?:\s*,\s*(?P<when>[^\W_][^\n()—–-]{0,39}?))?"
    r"\s*(?P<agency>\([^\n()]{1,30}\))?"
    r"\s*(?:[—–]|--?)\s"
)


@dataclass(frozen=True)
class Dateline:
    """The dateline a paragraph opens with: where its place is, the place as a name, where its agency is."""

    start: int
    end: int
    name: str  # "Seoul" of "SEOUL", "Rio de Janeiro" of "RIO DE JANEIRO"
    agency: tuple[int, int] | None  # "(AFP)"

    def covers(self, start: int, end: int) -> bool:
        """The stretch [start, end) of the paragraph overlaps the dateline's place or agency."""
        return any(s < end and start < e for s, e in ((self.start, self.end), self.agency or (0, 0)))


def dateline(text: str) -> Dateline | None:
    """The dateline `text` (a paragraph) opens with, if it opens with one: a place in capitals then a dash."""
    match = _DATELINE.match(text)
    if not match:
        return None
    place, when = match.group("place"), match.group("when")
    if not place.isupper() or sum(ch.isalpha() for ch in place) < 2:
        return None
    if when and not (when[0].isdigit() or when[0].isupper()):  # "NATO, the alliance -" is a sentence
        return None
    agency = match.span("agency") if match.group("agency") else None
    return Dateline(match.start("place"), match.end("place"), _capitalised(place), agency)


def _capitalised(place: str) -> str:
    """A name written in capitals as a name: each word capitalised, the connectors of any language
    not ("RIO DE JANEIRO": "Rio de Janeiro", "PORT-AU-PRINCE": "Port-au-Prince", "N'DJAMENA": "N'Djamena")."""
    parts = re.split(rf"([\s\-{APOSTROPHES}]+)", place.lower())
    for i in range(0, len(parts), 2):
        if i == 0 or parts[i] not in _CONNECTORS:
            parts[i] = parts[i][:1].upper() + parts[i][1:]
    return "".join(parts)


def _is_debris(token) -> bool:
    """Punctuation, space, or an elided word ("l’", "qu’", "s’") cut off from its noun."""
    return (
        token.is_space
        or token.is_punct
        or token.is_quote
        or all(ch in _QUOTES_AND_PUNCTUATION for ch in token.text)
        or token.text[-1:] in APOSTROPHES
    )


def _is_title(tokens, language: Language) -> bool:
    """The first of a person's `tokens` is a title: a lowercase word ("président Poutine", "former
    President Biden"), or one of the language's capitalised titles before more of the name ("Mr. Biden")."""
    first = tokens[0]
    return first.is_lower or (len(tokens) > 1 and first.lower_.rstrip(".") in language.titles)


def _is_leading_article(token, text: str, language: Language) -> bool:
    """"la" in "la Corée du Nord"; a capitalised "La" only where the capital is the sentence's ("Le Pen" stays)."""
    if token.lower_ not in language.determiners:
        return False
    return token.is_lower or _sentence_start(token, text)


def _common_word(text: str, tokens, language: Language) -> bool:
    """A lone capitalised word that is a common word, a demonym or not a noun at all."""
    word = text.casefold()
    if word in language.common_words or tokens[0].vocab[word].is_stop:
        return True
    pos = {t.pos_ for t in tokens if not _is_debris(t)}
    if pos and pos <= _NOT_A_NAME_POS:
        return True
    if not (language.demonym and language.demonym.search(word)):
        return False
    # "Calais", "Amiens" and "François" end like demonyms too: a demonym is a common noun,
    # or plural, or follows a plural determiner ("les Japonais", tagged a singular proper noun).
    first = tokens[0]
    previous = first.doc[first.i - 1].lower_ if first.i > 0 else ""
    return "PROPN" not in pos or "Plur" in first.morph.get("Number") or previous in language.plural_determiners


def name_key(value: str) -> str:
    """normalize_key with accents folded too: "Choïgu" and "Choigu" are one name."""
    value = unicodedata.normalize("NFKD", normalize_key(value))
    return "".join(ch for ch in value if not unicodedata.combining(ch))


def occurs_in(short: str, long: str) -> bool:
    """`short` occurs in `long` on word boundaries (both keys)."""
    return re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long) is not None


class Known:
    """What the curator already decided: the registry's names and the rejected names."""

    def __init__(self, registry: Registry, rejected: set[str]):
        self.matcher = Matcher(registry)
        names = {n for e in registry.entities.values() for n in e.names}
        self.names = {name_key(n) for n in names}
        self.exact = self.names | {name_key(n) for ev in registry.events.values() for n in (ev.name, *ev.triggers)}
        self.rejected = {name_key(n) for n in rejected}
        self._parents = sorted(self.names | self.rejected)
        alternation = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(self.names, key=len, reverse=True))
        self._pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.I) if alternation else None
        self._decided: dict[str, bool] = {}

    def covers(self, mention: tuple[str, str, int, int], spans: list[tuple[int, int]]) -> bool:
        """True when the mention is a known or rejected name, a part of one, or known names run together."""
        text, _, start, end = mention
        # The model cut across a name the registry finds in the text ("S Rajaratnam de Singapour").
        if any(s < end and start < e and not (start <= s and e <= end) for s, e in spans):
            return True
        # A long article names the same few people thousands of times: each name is checked once.
        if text not in self._decided:
            self._decided[text] = self._is_known(text)
        return self._decided[text]

    def _is_known(self, text: str) -> bool:
        key = name_key(text)
        if key in self.exact:
            return True
        # A part of a known name is the model cutting it short: "Kim Jong" of "Kim Jong Un".
        if any(occurs_in(key, name) for name in self._parents):
            return True
        # Known names run together: "Kim-Poutine", "Russie et Corée du Nord". Any other word
        # makes another name: "Kim Yo-jong" is not "Kim", "Asie centrale" not "Asie".
        if self._pattern:
            rest = self._pattern.sub(" ", _fold(text))
            if rest != _fold(text) and all(w.casefold().strip("'") in _CONNECTORS for w in rest.split()):
                return True
        return False


def _fold(value: str) -> str:
    """Accents, apostrophes and hyphens folded like name_key, but the case kept."""
    value = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", value))
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = re.sub(f"[{APOSTROPHES}]", "'", value)
    return " ".join(re.sub(r"[\-‐‑–]", " ", value).split())
