"""Candidates: propose the persons, organisations and places that new articles name and the registry lacks.

The spaCy model of each article's language tags the names in it (the dossier's
`DOSSIER_SPACY_MODELS`: `fr_core_news_sm` for French, `en_core_web_sm` for English...).
Its output is noisy on news, so every mention is cleaned by the rules of its language
(determiners, elisions, titles, punctuation, common words: `_Language`), checked against
the registry and the curator's rejections, and the spellings of one name are merged,
whatever the language of the articles that spell it. What is left is written to `content/candidates.yml`
for review: an accepted candidate becomes `content/entities/<id>.md`, a rejected one
goes to `content/rejected.yml` and is never proposed again.

spaCy is imported only by `load_model()`: loading a model takes seconds, and a build
in which no article changed must not pay for it. A model reads the articles paragraph by
paragraph, in batches, so that an article of any length fits in spaCy's limit
(`nlp.max_length`) and in memory; the build skips a seed over MAX_TEXT characters.
"""

from __future__ import annotations

import multiprocessing
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..core import forks
from ..core.errors import DossierError
from ..core.files import write_atomic
from ..core.model import ENTITY_TYPES, Article, Registry
from ..core.placeholders import placeholder
from ..core.text import APOSTROPHES, normalize_key, slugify
from .annotate import Matcher
from .registry import needs_case_sensitive

MODEL = "fr_core_news_sm"  # the model of French articles, and of propose() given none
CANDIDATES_FILE = "candidates.yml"
REJECTED_FILE = "rejected.yml"

# The most text of one seed proposals are made from, in characters; the build reports a
# longer seed and proposes nothing from it. Memory is no reason (the model reads one batch
# at a time: 5,000,000 characters peaked at 374 MB, the model alone taking 318 MB); time
# is: on this 2-core machine the model reads ~36,000 characters per second of CPU, so 5 MB
# take 140 s and 2,000,000 characters (300,000 words, a hundred times a long article) a minute.
MAX_TEXT = 2_000_000
# Paragraphs per nlp.pipe() batch, and most text per batch: the model's memory grows with
# the text of a batch (~2 GB for 600,000 characters) and it is no faster past ~20,000.
BATCH_SIZE = 64
BATCH_CHARACTERS = 20_000
# A paragraph longer than this is cut, after a sentence or at a space (a news paragraph is
# under 1,000): spaCy refuses a text over nlp.max_length (1,000,000 characters, error E088)
# and one long text would make a batch of its own, of that many characters.
LONGEST_PIECE = 5_000
# What neither the NER nor the filters below read, not run: they read the morphologizer's
# tags and morphology. The parser runs: the NER never lets a name cross one of its
# sentence boundaries, so without it the names found change.
_UNUSED_PIPES = ("attribute_ruler", "lemmatizer")

# Entity labels of the two schemes spaCy's models use, as the dossier's types: the French,
# German, Spanish... models' (PER, ORG, LOC, MISC) and the English ones' (OntoNotes: PERSON,
# ORG, GPE, LOC, FAC, NORP, EVENT...). A country is a place here: the curator gives it the type
# country on accepting it. MISC is too vague to propose; NORP names groups of people
# ("Americans", "Democrats"), EVENT an event (the registry's events have dates of their own).
LABELS = {
    "PER": "person", "PERSON": "person",
    "ORG": "organisation",
    "LOC": "place", "GPE": "place", "FAC": "place",
}
_TYPE_ORDER = ("person", "organisation", "place")  # tie-break of the majority label

# No full stop: the tokenizer splits a sentence's final one, and keeps the one of "D.C.".
_QUOTES_AND_PUNCTUATION = "«»\"“”„‘’'`()[]{}<>,;:!?…–—-‐‑/\\*•·|" + APOSTROPHES
# What precedes a capital that belongs to the sentence rather than to the name (spaces aside).
_SENTENCE_END = set(".!?…:;«“\"\n")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Where a paragraph too long for the model is cut: after a sentence, else at a space.
_CUTS = (re.compile(r"[.!?…][»\"”’)\]]*\s+"), re.compile(r"\s+"))

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
class _Language:
    """What cleaning a mention needs to know of the language it is in: the words the model leaves
    around a name, the titles before a person's, and the capitalised words that are no names."""

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
_FRENCH = _Language(
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
_ENGLISH = _Language(
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
_GERMAN = _Language(
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
_ANY_LANGUAGE = _Language()
# Words between known names run together ("Russie et Corée du Nord", "Russia and North Korea"),
# in any language: an article quotes names from others.
_CONNECTORS = frozenset().union(*(language.trailing for language in _LANGUAGES.values()))
# Tags that a lone proper noun never has: "Renforcer" heading a list is a verb.
_NOT_A_NAME_POS = {"VERB", "AUX", "ADV", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "PART", "INTJ", "NUM"}


@dataclass
class Candidate:
    """A name the registry does not know, proposed for review."""

    name: str  # the best spelling (most frequent full form)
    type: str  # person, organisation or place
    count: int  # mentions across the articles read
    articles: list[str] = field(default_factory=list)  # slugs, sorted
    variants: list[str] = field(default_factory=list)  # other spellings merged into it, sorted
    id: str = ""  # proposed registry id: slugify(name)


@dataclass
class _Mention:
    text: str
    type: str
    slug: str


def load_model(name: str | Path = MODEL):
    """Load a spaCy model, by package name or folder (the French one by default); spaCy is imported
    here only, as loading takes seconds. OSError when there is no such model."""
    import spacy

    return spacy.load(name)


def load_models(setting, languages: dict[str, str], root: Path) -> tuple[dict, list[str]]:
    """The model of each language of the articles `languages` (slug -> language), each loaded once,
    by `setting` (DOSSIER_SPACY_MODELS: language -> package name, or folder relative to `root`);
    and one warning for each language left without a model: none set, or one not installed."""
    if not isinstance(setting, dict):
        raise DossierError(
            "DOSSIER_SPACY_MODELS in pelicanconf.py must map language codes to spaCy models, "
            f"such as {{'fr': '{MODEL}'}}"
        )
    models, warnings = {}, []
    for language, count in sorted(Counter(languages.values()).items()):
        model, missing = _model_of(language, setting.get(language), root)
        if model is None:
            articles = "article" if count == 1 else "articles"
            warnings.append(f"{count} {_language_name(language)} {articles} not read for new names: {missing}")
        else:
            models[language] = model
    return models, warnings


def _model_of(language: str, name, root: Path):
    """The model `name` of `language` loaded, or None and why not, with what to do (for the build's warning)."""
    if not name:
        return None, (
            f"DOSSIER_SPACY_MODELS has no spaCy model for {language!r}; "
            "add one in pelicanconf.py (spaCy's models: https://spacy.io/models)"
        )
    name = str(name)  # a path may be given as a Path
    try:
        return load_model(_model_location(name, root)), ""
    except OSError as error:
        if name.isidentifier():  # a package's name, such as en_core_web_sm
            return None, (
                f"the spaCy model {name} is not installed; install it with: python -m spacy download {name} "
                "(or set DOSSIER_SPACY_MODELS in pelicanconf.py)"
            )
        return None, f"the spaCy model {name} cannot be loaded ({error}); set DOSSIER_SPACY_MODELS in pelicanconf.py"


def _model_location(name: str, root: Path) -> str | Path:
    """A model's folder in the dossier (`name` relative to `root`), else `name` for spaCy to find:
    an installed package, or a folder (an absolute one, or relative to the working folder)."""
    folder = root / name
    return folder if folder.is_dir() else name


def _language_name(code: str) -> str:
    """The English name of a language code ("English" for "en"), else the code, quoted."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code).english_name
    except (ValueError, TypeError, UnknownLocaleError):
        return repr(code)


def article_text(article: Article) -> str:
    """The plain text propose() reads for an article: every block, with its photo credit or quote attribution."""
    parts = []
    for block in article.blocks:
        parts.append(block.text)
        if block.extra and block.kind in ("caption", "quote"):  # credits name photographers and agencies
            parts.append(block.extra)
    return "\n\n".join(parts)


def propose(
    articles: list[tuple[str, str]], registry: Registry, rejected: set[str], nlp=None, processes: int = 1,
    languages: dict[str, str] | None = None, done=None,
) -> list[Candidate]:
    """Unknown names in (slug, text) pairs, by (-count, name): a person of 2+ words needs 1 mention, others 2.

    `nlp` reads every article, by the rules of its language (the French model when None). With
    `languages` (slug -> language), `nlp` is instead the model of each language ({language: model})
    and each article is read by its language's model and rules; the mentions of a name in all
    languages count together.

    With `processes` > 1 (Linux only), that many processes forked from this one, sharing a
    model, read a share of its articles each: the same names as one process finds, sooner.
    `done(count)`, when given, is told as articles are read.
    """
    models = nlp
    if languages is None:
        model = load_model() if nlp is None else nlp
        models, languages = {model.lang: model}, {slug: model.lang for slug, _ in articles}
    known = _Known(registry, rejected)
    mentions, seen = [], set()
    for language, model in sorted(models.items()):
        group = sorted(pair for pair in articles if languages[pair[0]] == language)
        found, names = _read_all(model, _LANGUAGES.get(language, _ANY_LANGUAGE), known, group, processes, done)
        mentions += found
        seen |= names
    candidates = []
    for group in _merge(_without_compounds(_group(mentions), seen)):
        candidate = _candidate(group)
        words = len(candidate.name.split())
        enough = candidate.count >= (1 if candidate.type == "person" and words >= 2 else 2)
        # An id already taken by the registry could never be accepted.
        if enough and candidate.id and registry.get(candidate.id) is None:
            candidates.append(candidate)
    return sorted(candidates, key=lambda c: (-c.count, c.name, c.id))


# A share of the articles worth a process of its own: below it, forking costs more than it saves.
SHARE_CHARACTERS = 200_000


def _shares(articles: list[tuple[str, str]], processes: int) -> list[list[tuple[str, str]]]:
    """`articles` cut into at most `processes` runs of consecutive articles of about equal text."""
    total = sum(len(text) for _, text in articles)
    count = max(1, min(processes, total // SHARE_CHARACTERS))
    shares: list[list[tuple[str, str]]] = [[]]
    read = 0
    for pair in articles:
        if len(shares) < count and read >= total * len(shares) / count:
            shares.append([])
        shares[-1].append(pair)
        read += len(pair[1])
    return [share for share in shares if share]


def _read_all(nlp, language: _Language, known: _Known, articles: list[tuple[str, str]], processes: int, done=None):
    """`_read` of `articles`, shared between `processes` forked processes when there is text enough."""
    shares = _shares(articles, processes if forks.can_fork() else 1)
    if len(shares) == 1:
        return _read(nlp, language, known, shares[0], done)
    mentions, seen = [], set()
    for share, (found, names) in zip(shares, _read_apart(nlp, language, known, shares), strict=True):
        mentions += found  # in the order of the articles, as one process reads them
        seen |= names
        if done:
            done(len(share))
    return mentions, seen


def _read(nlp, language: _Language, known: _Known, articles: list[tuple[str, str]], done=None):
    """The mentions of unknown names in `articles` (in `language`), in their order, and every name the
    model tagged: (list of _Mention, set of keys). `done(1)` is told as each article is read."""
    mentions: list[_Mention] = []
    seen: set[str] = set()  # every name the model tagged, known, MISC or noise: a compound's halves
    longest = min(LONGEST_PIECE, nlp.max_length)
    disable = [name for name in _UNUSED_PIPES if name in nlp.pipe_names]
    # Generators: the model holds one batch of paragraphs at a time, whatever the articles' length.
    pieces = ((piece, slug) for slug, text in articles for piece in paragraphs(text, longest))
    docs = (
        pair
        for batch in _batches(pieces, BATCH_SIZE, BATCH_CHARACTERS)
        for pair in nlp.pipe(batch, as_tuples=True, batch_size=len(batch), disable=disable)
    )
    current, counted = None, 0
    for doc, slug in docs:
        if done and slug != current:
            if current is not None:
                done(1)
                counted += 1
            current = slug
        text = doc.text  # spaCy joins the tokens again on each access: read once, passed down
        spans = [(s.start, s.end) for s in known.matcher.names(text)]
        for ent in doc.ents:
            seen.add(_key(ent.text))
            if ent.label_ not in LABELS:
                continue
            for piece in _pieces(ent):
                mention = _clean(piece, LABELS[ent.label_], text, language)
                if mention and not known.covers(mention, spans):
                    mentions.append(_Mention(mention[0], mention[1], slug))
    if done and len(articles) > counted:
        done(len(articles) - counted)  # the last one, and any without a paragraph to read
    return mentions, seen


def _read_apart(nlp, language: _Language, known: _Known, shares: list[list[tuple[str, str]]]):
    """`_read` of each share in a process forked from this one (the model loaded once, shared), in order."""
    context = multiprocessing.get_context("fork")
    running = []
    for share in shares:
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_read_and_send, args=(send, nlp, language, known, share), daemon=True)
        process.start()
        send.close()
        running.append((receive, process))
    results = []
    for receive, process in running:
        try:
            results.append(receive.recv())
        except EOFError:
            results.append(None)
        process.join()
    for result, (_, process) in zip(results, running, strict=True):
        if result is None:
            raise RuntimeError(f"a process reading names ended with status {process.exitcode}")
        if isinstance(result, BaseException):
            raise result
    return results


def _read_and_send(send, nlp, language, known, share) -> None:
    try:
        result = _read(nlp, language, known, share)
    except Exception as error:  # sent back, raised in the process that asked
        result = RuntimeError(f"{type(error).__name__}: {error}")
    send.send(result)
    send.close()


def paragraphs(text: str, longest: int = LONGEST_PIECE):
    """The paragraphs of `text` (split on blank lines), one longer than `longest` cut after a sentence or at a space."""
    for paragraph in _PARAGRAPH_BREAK.split(text):
        while len(paragraph) > longest:
            cut = _cut(paragraph, longest)
            if paragraph[:cut].strip():
                yield paragraph[:cut]
            paragraph = paragraph[cut:]
        if paragraph.strip():
            yield paragraph


def _batches(pieces, size: int, characters: int):
    """Lists of (text, slug) pairs of at most `size` texts and `characters` characters (or one longer text)."""
    batch, length = [], 0
    for piece in pieces:
        if batch and (len(batch) == size or length + len(piece[0]) > characters):
            yield batch
            batch, length = [], 0
        batch.append(piece)
        length += len(piece[0])
    if batch:
        yield batch


def _cut(text: str, longest: int) -> int:
    """Where to cut `text` before `longest`: after the last sentence or space of its second half, else at `longest`."""
    half = longest // 2
    window = text[half:longest]
    for pattern in _CUTS:
        end = 0
        for match in pattern.finditer(window):
            end = match.end()
        if end:
            return half + end
    return longest  # a single "word" of that length: no boundary to respect


def merge(
    existing: list[Candidate], proposals: list[Candidate], slugs: set[str], registry: Registry, rejected: set[str]
) -> list[Candidate]:
    """The candidates file after reading the articles `slugs` again: their proposals replace what they gave before."""
    known = _Known(registry, rejected)
    by_id: dict[str, Candidate] = {}
    reread: dict[str, bool] = {}
    for old in existing:
        others = [a for a in old.articles if a not in slugs]
        if others:  # a candidate seen only in articles read again is whatever their proposals say now
            by_id[old.id] = Candidate(old.name, old.type, old.count, others, list(old.variants), old.id)
            reread[old.id] = len(others) < len(old.articles)
    for new in proposals:
        old = by_id.get(new.id)
        if old is None:
            by_id[new.id] = new
            continue
        # The old count is not kept by article: when it already included an article read again,
        # the larger of the two counts is the best estimate; otherwise the mentions add up.
        count = max(old.count, new.count) if reread[old.id] else old.count + new.count
        name = new.name if new.count >= old.count else old.name
        variants = sorted({old.name, new.name, *old.variants, *new.variants} - {name})
        articles = sorted({*old.articles, *new.articles})
        # The old type stays: the curator may have corrected it in the file.
        by_id[new.id] = Candidate(name, old.type, count, articles, variants, new.id)
    # Names accepted or rejected since the file was written leave it.
    kept = [
        c for c in by_id.values()
        if registry.get(c.id) is None and not any(known.covers((n, c.type, 0, 0), []) for n in (c.name, *c.variants))
    ]
    return sorted(kept, key=lambda c: (-c.count, c.name, c.id))


def _pieces(ent):
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


def _clean(span, kind: str, text: str, language: _Language) -> tuple[str, str, int, int] | None:
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


def _is_debris(token) -> bool:
    """Punctuation, space, or an elided word ("l’", "qu’", "s’") cut off from its noun."""
    return (
        token.is_space
        or token.is_punct
        or token.is_quote
        or all(ch in _QUOTES_AND_PUNCTUATION for ch in token.text)
        or token.text[-1:] in APOSTROPHES
    )


def _is_title(tokens, language: _Language) -> bool:
    """The first of a person's `tokens` is a title: a lowercase word ("président Poutine", "former
    President Biden"), or one of the language's capitalised titles before more of the name ("Mr. Biden")."""
    first = tokens[0]
    return first.is_lower or (len(tokens) > 1 and first.lower_.rstrip(".") in language.titles)


def _is_leading_article(token, text: str, language: _Language) -> bool:
    """"la" in "la Corée du Nord"; a capitalised "La" only where the capital is the sentence's ("Le Pen" stays)."""
    if token.lower_ not in language.determiners:
        return False
    return token.is_lower or _sentence_start(token, text)


def _common_word(text: str, tokens, language: _Language) -> bool:
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


def _key(value: str) -> str:
    """normalize_key with accents folded too: "Choïgu" and "Choigu" are one name."""
    value = unicodedata.normalize("NFKD", normalize_key(value))
    return "".join(ch for ch in value if not unicodedata.combining(ch))


def _within(short: str, long: str) -> bool:
    """`short` occurs in `long` on word boundaries (both keys)."""
    return re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long) is not None


class _Known:
    """What the curator already decided: the registry's names and the rejected names."""

    def __init__(self, registry: Registry, rejected: set[str]):
        self.matcher = Matcher(registry)
        names = {n for e in registry.entities.values() for n in e.names}
        self.names = {_key(n) for n in names}
        self.exact = self.names | {_key(n) for ev in registry.events.values() for n in (ev.name, *ev.triggers)}
        self.rejected = {_key(n) for n in rejected}
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
        key = _key(text)
        if key in self.exact:
            return True
        # A part of a known name is the model cutting it short: "Kim Jong" of "Kim Jong Un".
        if any(_within(key, name) for name in self._parents):
            return True
        # Known names run together: "Kim-Poutine", "Russie et Corée du Nord". Any other word
        # makes another name: "Kim Yo-jong" is not "Kim", "Asie centrale" not "Asie".
        if self._pattern:
            rest = self._pattern.sub(" ", _fold(text))
            if rest != _fold(text) and all(w.casefold().strip("'") in _CONNECTORS for w in rest.split()):
                return True
        return False


def _fold(value: str) -> str:
    """Accents, apostrophes and hyphens folded like _key, but the case kept."""
    value = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", value))
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = re.sub(f"[{APOSTROPHES}]", "'", value)
    return " ".join(re.sub(r"[\-‐‑–]", " ", value).split())


def _group(mentions: list[_Mention]) -> dict[str, list[_Mention]]:
    """Mentions by key: case, accents, hyphens and apostrophes folded."""
    groups: dict[str, list[_Mention]] = {}
    for mention in mentions:
        groups.setdefault(_key(mention.text), []).append(mention)
    return groups


def _without_compounds(groups: dict[str, list[_Mention]], seen: set[str]) -> dict[str, list[_Mention]]:
    """Drop "Kim-Poutine" (an axis, not a person) when the model tagged both halves elsewhere on their own."""
    compounds = set()
    for key, group in groups.items():
        halves = group[0].text.split("-")
        if len(halves) == 2 and " " not in group[0].text and all(h[:1].isupper() for h in halves):
            others = [other.split() for other in seen if not _within(key, other)]
            if all(any(_key(half) in words for words in others) for half in halves):
                compounds.add(key)
    return {key: group for key, group in groups.items() if key not in compounds}


def _majority(mentions: list[_Mention]) -> str:
    counts = Counter(m.type for m in mentions)
    return max(_TYPE_ORDER, key=lambda t: (counts[t], -_TYPE_ORDER.index(t)))


def _merge(groups: dict[str, list[_Mention]]) -> list[list[_Mention]]:
    """Fold a part of a person's name into the one longer name it begins or ends ("Kim Jong" into "Kim Jong Un")."""
    merged = {key: list(group) for key, group in groups.items()}
    # Longest first: "Kim Jong" joins "Kim Jong Un" before "Kim" looks for where it belongs,
    # so that "Kim" finds one longer name, not two.
    for key in sorted(groups, key=lambda k: (-len(k.split()), k)):
        kind = _majority(merged[key])
        targets = []
        for other in merged:
            if len(other.split()) <= len(key.split()):
                continue
            if not (other.startswith(key + " ") or other.endswith(" " + key)):
                continue
            # Only persons: a place or an organisation that begins or ends another is usually
            # another one ("Asie" and "Asie-Pacifique", "Nations unies" and its Conseil de sécurité).
            # The model often tags a lone surname as a place: it belongs to the person all the same.
            if _majority(merged[other]) == "person" and (kind == "person" or len(key.split()) == 1):
                targets.append(other)
        if len(targets) == 1:  # "Kim" beside "Kim Jong Un" and "Kim Yo-jong" stays ambiguous
            merged[targets[0]].extend(_Mention(m.text, "person", m.slug) for m in merged.pop(key))
    return [merged[key] for key in sorted(merged)]


def _candidate(group: list[_Mention]) -> Candidate:
    """The candidate of one merged group: its best spelling, majority type, count and articles."""
    spellings = Counter(m.text for m in group)
    longest = max(len(_key(s).split()) for s in spellings)
    full = [s for s in spellings if len(_key(s).split()) == longest]
    name = min(full, key=lambda s: (-spellings[s], -len(s), s))
    return Candidate(
        name=name,
        type=_majority(group),
        count=len(group),
        articles=sorted({m.slug for m in group}),
        variants=sorted(s for s in spellings if s != name),
        id=slugify(name),
    )


_HEADER = """\
# Candidates: names found in new articles that the registry does not know yet.
# Review each one, by its id:
#   - accept it (dossier accept ID): content/entities/<id>.md is created with its
#     name, type and variants as aliases; then write its description, and give a place that
#     is a country the type country;
#   - reject it (dossier reject ID): its name and variants go to content/rejected.yml
#     and are never proposed again.
# The build updates this file when it reads new or changed articles; a type corrected here is kept.
"""


def write_candidates(path: Path, candidates: list[Candidate]) -> None:
    """Write the candidates as a reviewable YAML list under a comment saying what to do."""
    items = [
        {"id": c.id, "name": c.name, "type": c.type, "count": c.count, "articles": list(c.articles),
         "variants": list(c.variants)}
        for c in candidates
    ]
    body = yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    write_atomic(path, _HEADER + body)


def read_candidates(path: Path) -> list[Candidate]:
    """The candidates of a file written by write_candidates; none when it does not exist."""
    if not path.exists():
        return []
    items = _load_yaml(path) or []
    fields = set(Candidate.__dataclass_fields__)
    if not isinstance(items, list) or not all(isinstance(i, dict) and {"id", "name", "type"} <= set(i) for i in items):
        raise DossierError(f"{path}: expected a list of candidates with id, name and type")
    return [
        Candidate(**{k: v for k, v in item.items() if k in fields} | {
            "count": int(item.get("count") or 0),
            "articles": list(item.get("articles") or []),
            "variants": list(item.get("variants") or []),
        })
        for item in items
    ]


_PROPOSED_HEADER = """\
# The articles entity recognition has read, by slug, with the sha256 of the seed it read:
# an article missing here, or whose seed changed since, is read on the next build (a build
# stopped before its proposals leaves them to the next one, and an article in a language
# without a spaCy model installed waits for one). Written by the build; deleting this file
# has every article read again.
"""


def read_proposed_from(path: Path) -> dict[str, str]:
    """Article slug -> sha256 of the seed its proposals were made from; none when the file does not exist."""
    if not path.exists():
        return {}
    proposed = _load_yaml(path) or {}
    if not isinstance(proposed, dict) or not all(isinstance(v, str) for v in [*proposed, *proposed.values()]):
        raise DossierError(f"{path}: expected article slugs and seed hashes; delete it to read every article again")
    return proposed


def write_proposed_from(path: Path, proposed: dict[str, str]) -> None:
    """Write which seed each article's proposals were made from, atomically (a killed build leaves the old file)."""
    body = yaml.safe_dump(dict(sorted(proposed.items())), allow_unicode=True, width=1000, default_flow_style=False)
    write_atomic(path, _PROPOSED_HEADER + body)


def read_rejected(path: Path) -> set[str]:
    """The names the curator rejected (a YAML list); none when the file does not exist."""
    if not path.exists():
        return set()
    names = _load_yaml(path) or []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise DossierError(f"{path}: expected a YAML list of names")
    return {n.strip() for n in names if n.strip()}


def accept(candidate_id: str, content: Path, language: str = "fr") -> Path:
    """Create `content/entities/<id>.md` from a candidate (its description the placeholder of the dossier's
    `language`) and remove it from the candidates file."""
    candidates_path = content / CANDIDATES_FILE
    candidates = read_candidates(candidates_path)
    candidate = _find(candidate_id, candidates, candidates_path)
    if candidate.type not in ENTITY_TYPES:
        expected = ", ".join(ENTITY_TYPES)
        raise DossierError(f"{candidates_path}: {candidate.id}: type {candidate.type!r} is not one of {expected}")
    path = content / "entities" / f"{candidate.id}.md"
    if path.exists():
        raise DossierError(f"{path}: already exists; add {candidate.name!r} as an alias there, or reject it")
    # A variant the registry would refuse ("UE", "de") is left out: it would stop being linked, not the build.
    aliases = [name for name in candidate.variants if not needs_case_sensitive(name)]
    front = {"name": candidate.name, "type": candidate.type, "aliases": aliases}
    front_matter = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    write_atomic(path, f"---\n{front_matter}---\n{placeholder(language)}\n")
    write_candidates(candidates_path, [c for c in candidates if c is not candidate])
    return path


def reject(candidate_id: str, content: Path) -> None:
    """Add a candidate's name and variants to `content/rejected.yml` and remove it from the candidates file."""
    candidates_path = content / CANDIDATES_FILE
    candidates = read_candidates(candidates_path)
    candidate = _find(candidate_id, candidates, candidates_path)
    rejected_path = content / REJECTED_FILE
    names = sorted(read_rejected(rejected_path) | {candidate.name, *candidate.variants})
    header = "# Names never to be proposed as entities again (see candidates.yml).\n"
    write_atomic(rejected_path, header + yaml.safe_dump(names, allow_unicode=True, width=1000))
    write_candidates(candidates_path, [c for c in candidates if c is not candidate])


def _find(candidate_id: str, candidates: list[Candidate], path: Path) -> Candidate:
    for candidate in candidates:
        if candidate.id == candidate_id:
            return candidate
    raise DossierError(f"{path}: no candidate with id {candidate_id!r}")


def _load_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise DossierError(f"{where}: invalid YAML: {getattr(error, 'problem', None) or error}") from None
    except UnicodeDecodeError:
        raise DossierError(f"{path}: not UTF-8 text") from None
