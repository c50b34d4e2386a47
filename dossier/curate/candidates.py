"""Candidates: propose the persons, organisations, countries and places that new articles name and the registry lacks.

The spaCy model of each article's language tags the names in it (`recognition`); every mention
is cleaned by the rules of its language and checked against the registry and the curator's
rejections (`mentions`); here the spellings of one name are merged, whatever the language of the
articles that spell it, and ranked. What is left is written to `content/candidates.yml` for review
(`candidate_files`): an accepted candidate becomes `content/entities/<id>.md`, a rejected one goes
to `content/rejected.yml` and is never proposed again.

Importing this module imports no spaCy: `recognition.load_model()` does, when a model is needed.
The build skips a seed over MAX_TEXT characters.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ..core.model import Article, Registry
from ..core.text import slugify
from .mentions import Known, Mention, language_rules, name_key, occurs_in
from .recognition import load_model, read_mentions

# The description an accepted candidate's entity file starts with (candidate_files.accept).

# The most text of one seed proposals are made from, in characters; the build reports a
# longer seed and proposes nothing from it. Memory is no reason (the model reads one batch
# at a time: 5,000,000 characters peaked at 374 MB, the model alone taking 318 MB); time
# is: on this 2-core machine the model reads ~36,000 characters per second of CPU, so 5 MB
# take 140 s and 2,000,000 characters (300,000 words, a hundred times a long article) a minute.
MAX_TEXT = 2_000_000

_TYPE_ORDER = ("person", "organisation", "country", "place")  # tie-break of the majority label

# An article shorter than this, in words, is a brief: an organisation or a country it names once is one
# of its subjects, not a passing mention. News briefs run 250 to 320 words in the corpus of saved pages
# (breitbart, msn, liberation-1, buzzfeed-1), and every other article there 528 words or more.
SHORT_ARTICLE = 400
# A headline in title case ("United States to Lift Sudan Sanctions", "Yahoo’s Sale to Verizon Leaves
# Shareholders With Little Say"): models take its capitalised words for names ("Lift Sudan Sanctions",
# "Trump Supporters"). Of its mentions, only those its article writes too count, and they do not make
# a name prominent. Title case: this many words of 4 letters or more after the first, all capitalised.
_TITLE_CASE_WORDS = 3


@dataclass
class Candidate:
    """A name the registry does not know, proposed for review."""

    name: str  # the best spelling (most frequent full form)
    type: str  # person, organisation, country or place
    count: int  # mentions across the articles read
    articles: list[str] = field(default_factory=list)  # slugs, sorted
    variants: list[str] = field(default_factory=list)  # other spellings merged into it, sorted
    id: str = ""  # proposed registry id: slugify(name)


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
    languages: dict[str, str] | None = None, done=None, headlines: dict[str, str] | None = None,
) -> list[Candidate]:
    """Unknown names in (slug, text) pairs, by (-count, name). A person of 2+ words needs 1 mention; an
    organisation or a country too when it is named in a headline or in an article of under SHORT_ARTICLE
    words; any other name 2 mentions.

    `headlines` (slug -> headline) are read as the first paragraph of their article.

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
    headlines = {slug: headline for slug, headline in (headlines or {}).items() if headline.strip()}
    titled = {slug for slug, headline in headlines.items() if _title_case(headline)}
    short = {slug for slug, text in articles if len(text.split()) < SHORT_ARTICLE}
    bodies = dict(articles)
    articles = [(slug, f"{headlines[slug]}\n\n{text}" if slug in headlines else text) for slug, text in articles]
    known = Known(registry, rejected)
    mentions, seen = [], set()
    for language, model in sorted(models.items()):
        group = sorted(pair for pair in articles if languages[pair[0]] == language)
        found, names = read_mentions(model, language_rules(language), known, group, processes, done)
        mentions += [m for m in found if not (m.slug in titled and m.paragraph == 0 and m.text not in bodies[m.slug])]
        seen |= names
    candidates = []
    for group in _merge(_without_compounds(_group(mentions), seen)):
        candidate = _candidate(group)
        prominent = any(_prominent(m, headlines, titled, short) for m in group)
        # An id already taken by the registry could never be accepted.
        if _enough(candidate, prominent) and candidate.id and registry.get(candidate.id) is None:
            candidates.append(candidate)
    return sorted(candidates, key=lambda c: (-c.count, c.name, c.id))


def _prominent(mention: Mention, headlines: dict[str, str], titled: set[str], short: set[str]) -> bool:
    """The mention is in a headline, or in a short article; not in a headline in title case."""
    in_headline = mention.slug in headlines and mention.paragraph == 0
    if in_headline and mention.slug in titled:
        return False
    return in_headline or mention.slug in short


def _title_case(headline: str) -> bool:
    """Every word of 4 letters or more after the first is capitalised, and there are _TITLE_CASE_WORDS of them."""
    words = [w for w in re.findall(r"[^\W\d_][^\W\d_'’-]*", headline)[1:] if sum(ch.isalpha() for ch in w) >= 4]
    return len(words) >= _TITLE_CASE_WORDS and all(w[0].isupper() for w in words)


def _enough(candidate: Candidate, prominent: bool) -> bool:
    """Whether `candidate` has mentions enough to be proposed; `prominent`: named in a headline or a short article."""
    if candidate.type == "person":
        return candidate.count >= (1 if len(candidate.name.split()) >= 2 else 2)
    return candidate.count >= (1 if prominent and candidate.type in ("organisation", "country") else 2)


def merge(
    existing: list[Candidate], proposals: list[Candidate], slugs: set[str], registry: Registry, rejected: set[str]
) -> list[Candidate]:
    """The candidates file after reading the articles `slugs` again: their proposals replace what they gave before."""
    known = Known(registry, rejected)
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


def _group(mentions: list[Mention]) -> dict[str, list[Mention]]:
    """Mentions by key: case, accents, hyphens and apostrophes folded; a country's by its CLDR name
    ("den Vereinigten Staaten" is the "Vereinigte Staaten")."""
    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(name_key(mention.country or mention.text), []).append(mention)
    return groups


def _without_compounds(groups: dict[str, list[Mention]], seen: set[str]) -> dict[str, list[Mention]]:
    """Drop "Kim-Poutine" (an axis, not a person) when the model tagged both halves elsewhere on their own."""
    compounds = set()
    for key, group in groups.items():
        halves = group[0].text.split("-")
        if len(halves) == 2 and " " not in group[0].text and all(h[:1].isupper() for h in halves):
            others = [other.split() for other in seen if not occurs_in(key, other)]
            if all(any(name_key(half) in words for words in others) for half in halves):
                compounds.add(key)
    return {key: group for key, group in groups.items() if key not in compounds}


def _majority(mentions: list[Mention]) -> str:
    counts = Counter(m.type for m in mentions)
    return max(_TYPE_ORDER, key=lambda t: (counts[t], -_TYPE_ORDER.index(t)))


def _merge(groups: dict[str, list[Mention]]) -> list[list[Mention]]:
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
            merged[targets[0]].extend(replace(m, type="person", country="") for m in merged.pop(key))
    return [merged[key] for key in sorted(merged)]


def _candidate(group: list[Mention]) -> Candidate:
    """The candidate of one merged group: its best spelling, majority type, count and articles. A country's
    name is its CLDR name; a spelling guessed from a dateline in capitals is the last resort."""
    written = [m for m in group if not m.dateline] or group
    spellings = Counter(m.text for m in written)
    longest = max(len(name_key(s).split()) for s in spellings)
    full = [s for s in spellings if len(name_key(s).split()) == longest]
    name = min(full, key=lambda s: (-spellings[s], -len(s), s))
    kind = _majority(group)
    countries = Counter(m.country for m in group if m.country)
    if kind == "country" and countries:
        name = min(countries, key=lambda s: (-countries[s], s))
    return Candidate(
        name=name,
        type=kind,
        count=len(group),
        articles=sorted({m.slug for m in group}),
        variants=sorted(s for s in spellings if s != name),
        id=slugify(name),
    )
