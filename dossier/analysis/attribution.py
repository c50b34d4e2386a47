"""Who is the subject of a verb of saying, and who a pronoun or a role stands for.

A block's narration (its text with its quotations blanked out) is read once (`read`): the registry's
links, the other people it names (`names.find_names`), its pronouns, its roles ("the spokesperson",
"le maître du Kremlin", "ein Sprecher") and its verbs of saying. The subject of a verb is the nearest of
them before it with nothing between them but small words ("has", "a ainsi", "am Dienstag"), an apposition
("Jo Grady, the UCU general secretary, said"), or, when nothing stands before the verb, the first after it
("a déclaré Bernard Loo", "sagte er", "says Parata"). A name after a preposition ("le régime de Kim") or
before a possessive ("Putin’s spokesman") is not a subject.

A `Thread` follows an article from block to block: the last speaker, and the people named since. A
pronoun or a definite role goes to the last speaker only when no one else was named in between, whether
the registry knows them or not; an indefinite role ("a UCEA spokesperson", "un diplomate") is someone new.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .names import find_names, subject_word
from .saying import Vocabulary

UNKNOWN = "unknown"  # a subject that is there but is nobody the article names ("officials", "the report")
CONTINUING = "continuing"  # a quotation that goes on from the last speaker's
_TOKEN = re.compile(r"[\w’'‐-]+|[^\w\s]")
# A name's complement between it and its verb: "Mitch McConnell of Kentucky called", "Loo, de Singapour".
_COMPLEMENT_AFTER = re.compile(r"^\s+(?:of|from|de|du|des|d['’]|von|vom|aus)\s+(?:the\s+|la\s+|le\s+|l['’])?(?:[A-ZÀ-ÖØ-Þ][\w’'‐-]*\s*)+")
# What completes a role: "du Kremlin", "of the union", "des Affaires étrangères", "der Bundesregierung".
_COMPLEMENT = re.compile(
    r"\s+(\w+)(?:\s+(?:the|la|le|les|der|die|das|des|dem|den)\b|\s*[’'])?\s*[\w‐-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w’'‐-]*){0,3}"
    r"(?:\s+(?:étrang\w+|russes?|américaine?s?|allemande?s?|nord-coréenne?s?))?"
)


@dataclass(frozen=True)
class Candidate:
    """Something that may be the subject of a verb of saying.

    kind: "entity" (target: an entity id, speaks: its kind), "other" (target: the key of a person the
    registry does not hold), "pronoun" (target: person, thing, any or none), "role" (target: definite,
    leader or other), "relative" ("who", "qui")."""

    start: int
    end: int
    kind: str
    target: str
    speaks: str = ""
    complement: bool = False
    possessive: bool = False


@dataclass
class Reading:
    """A block as attribution reads it: its narration, its candidates and its verbs of saying (start, end)."""

    original: str
    text: str
    candidates: list[Candidate]
    verbs: list[tuple[int, int]]
    vocabulary: Vocabulary


@dataclass
class Thread:
    """The last speaker of an article (an identity, the entity id or None, its kind, its block), the
    people named since, and the people named so far in the current sentence."""

    known: dict[str, str] = field(default_factory=dict)  # last word of a name -> its key
    identity: str | None = None
    target: str | None = None
    kind: str = ""
    block: int = -1
    named_since: set[str] = field(default_factory=set)
    in_sentence: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # identity -> (entity id, kind)

    def sentence(self) -> None:
        self.in_sentence = {}

    def mention(self, candidate: Candidate) -> None:
        """Someone named: the last speaker named again is the nearest person named again."""
        if identity(candidate) == self.identity:
            self.named_since = set()
        else:
            self.named_since.add(identity(candidate))
        self.in_sentence[identity(candidate)] = (candidate.target if candidate.kind == "entity" else None,
                                                 candidate.speaks if candidate.kind == "entity" else "other")

    def speaks(self, who: str, target: str | None, kind: str, block: int) -> None:
        self.identity, self.target, self.kind, self.block = who, target, kind, block
        self.named_since = set()

    def follows(self, fits: str) -> bool:
        """Whether the last speaker may be who a pronoun or a role stands for: nobody else named since, and
        of the kind it stands for (person: "he", "the spokesperson"; thing: "it"; any: "il", "er")."""
        if self.identity is None or self.named_since - {self.identity}:
            return False
        return _fits(self.kind, fits)

    def resolve(self, subject, block: int, position: int) -> tuple[str | None, str]:
        """(speaker, confidence) for the subject of a verb of saying, and the thread moved on to it."""
        if isinstance(subject, Candidate) and subject.kind in ("entity", "other"):
            target = subject.target if subject.kind == "entity" else None
            self.speaks(identity(subject), target, subject.speaks if target else "other", block)
            return target, "named" if target else ""
        fits = "person" if subject == CONTINUING else "none" if not isinstance(subject, Candidate) else (
            subject.target if subject.kind == "pronoun" else "person" if subject.target in ("definite", "leader") else "none")
        if self.follows(fits):
            self.speaks(self.identity or "", self.target, self.kind, block)
            return self.target, "resolved" if self.target else ""
        alone = list(self.in_sentence.items())
        if isinstance(subject, Candidate) and subject.kind == "pronoun" and len(alone) == 1 and _fits(alone[0][1][1], fits):
            # "Vladimir Poutine effectue une visite … face à ce qu'il qualifie d'« … »": the one person of its sentence
            (who, (target, kind)), = alone
            self.speaks(who, target, kind, block)
            return target, "resolved" if target else ""
        if subject != CONTINUING and not (isinstance(subject, Candidate) and subject.kind == "pronoun" and fits == "none"):
            self.speaks(f"?{block}:{position}", None, "other", block)  # someone the article does not name
        return None, ""


def _fits(kind: str, fits: str) -> bool:
    """Whether a speaker of `kind` (person, other, organisation, country) is what a pronoun or role stands for."""
    person = kind in ("person", "other")
    return fits != "none" and not (fits == "person" and not person or fits == "thing" and person)


def identity(candidate: Candidate) -> str:
    """Who a candidate names: an entity ("@id"), a person the registry does not hold ("~key"), or, for a role,
    someone met there ("?offset")."""
    if candidate.kind == "role":
        return f"?{candidate.start}"
    return f"@{candidate.target}" if candidate.kind == "entity" else f"~{candidate.target}"


def someone_new(reading: Reading, candidate: Candidate) -> bool:
    """Whether a role names someone new ("a UCEA spokesperson", "ein Sprecher der Arbeitgeber", "Putin’s
    adviser"), not the person named beside it ("Senator Mark Warner", "Jo Grady, a union leader,")."""
    if candidate.kind != "role" or candidate.target != "other":
        return False
    text = reading.text
    for other in reading.candidates:
        if other.kind in ("entity", "other") and not other.complement and (
                re.fullmatch(r"\s*,?\s*", text[candidate.end:other.start]) if other.start >= candidate.end
                else re.fullmatch(r"\s*,?\s*", text[other.end:candidate.start]) if other.end <= candidate.start else False):
            return False
    return True


def read(text: str, blanked: str, links, vocabulary: Vocabulary, known: dict[str, str], speaking) -> Reading:
    """Read a block: `blanked` is its text with quotations blanked out; `links` its registry links
    (target, kind, start, end); `known` the surnames met so far in the article (grows)."""
    candidates = []
    taken = []
    for link in links:
        if link.kind not in speaking or blanked[link.start:link.end].strip() == "":
            continue
        taken.append((link.start, link.end))
        if link.kind == "person":
            last = text[link.start:link.end].split()[-1:]
            if last:
                known.setdefault(re.sub(r"[’']s?$", "", last[0]).lower(), f"@{link.target}")
        candidates.append(_candidate(blanked, link.start, link.end, "entity", link.target, vocabulary, link.kind))
    for name in find_names(blanked, taken, known):
        kind, target = ("entity", name.key[1:]) if name.key.startswith("@") else ("other", name.key)
        candidates.append(_candidate(blanked, name.start, name.end, kind, target, vocabulary, "person"))
    candidates += _small_words(blanked, vocabulary)
    verbs = [(m.start(), m.end()) for m in vocabulary.saying.finditer(blanked)]
    return Reading(text, blanked, sorted(candidates, key=lambda c: (c.start, c.end)), verbs, vocabulary)


def _candidate(text: str, start: int, end: int, kind: str, target: str, vocabulary: Vocabulary, speaks: str) -> Candidate:
    possessive = bool(re.match(r"[’']s?\b", text[end:end + 2])) or text[end - 2:end] in ("’s", "'s")
    return Candidate(start, end, kind, target, speaks, _after_preposition(text, start, vocabulary), possessive)


def _after_preposition(text: str, start: int, vocabulary: Vocabulary) -> bool:
    """Whether the words before `start` make what starts there a complement ("of the union", "du Kremlin",
    "with President Putin"): a preposition, then at most an article and two titles or roles."""
    words = [w.lower() for w in _TOKEN.findall(text[max(0, start - 60):start])]
    for index, word in enumerate(reversed(words[-4:])):
        if word in vocabulary.prepositions:
            return True
        if not (word in vocabulary.definite or word in ("l", "d", "’", "'") or _is_role(word, vocabulary)
                or word[:1].isupper() and index < 2 and word.istitle()):
            return False
    return False


# The words whose being a role a vocabulary remembers, at most; its memo is emptied when full.
ROLE_WORDS = 100_000


def _is_role(word: str, vocabulary: Vocabulary) -> bool:
    """vocabulary.roles.match(word), remembered."""
    known = vocabulary.role_words
    found = known.get(word)
    if found is None:
        if len(known) >= ROLE_WORDS:
            known.clear()
        found = known[word] = vocabulary.roles.match(word) is not None
    return found


def _small_words(text: str, vocabulary: Vocabulary) -> list[Candidate]:
    """The pronouns, relative pronouns and roles of a narration."""
    found = []
    for match in re.finditer(r"[\w‐-]+", text):  # "qu’il", "a-t-il": the pronoun apart
        word = match.group().lower()
        if word in vocabulary.pronouns:
            found.append(Candidate(match.start(), match.end(), "pronoun", vocabulary.pronouns[word]))
        elif word in vocabulary.relative:
            found.append(Candidate(match.start(), match.end(), "relative", word))
        elif _is_role(word, vocabulary) and (role := _role(text, match.start(), match.end(), vocabulary)):
            found.append(role)
    return found


def _role(text: str, start: int, end: int, vocabulary: Vocabulary) -> Candidate | None:
    """A role and the words before it up to its article: definite ("the spokesperson", "le porte-parole",
    "der Sprecher"), leader (a definite role that stands for who leads what completes it: "le maître du
    Kremlin"), or other (an indefinite one, one of someone's: "a UCEA spokesperson", "Putin’s adviser", or
    a title before a name: "Senator Mark Warner"). None for a role word that is none of these ("since
    becoming president")."""
    before = list(re.finditer(r"[\w’'‐-]+|[^\w\s]", text[max(0, start - 50):start]))
    begin, article = start, None
    for match in reversed(before[-4:]):
        word = match.group().lower()
        if not re.match(r"\w", word) or vocabulary.saying.fullmatch(word):
            break
        if word.endswith(("’s", "'s")) or word in _POSSESSIVES:
            begin, article = max(0, start - 50) + match.start(), "’s"
            break
        if word in vocabulary.definite or word in vocabulary.indefinite or word in ("l",):
            begin, article = max(0, start - 50) + match.start(), word
            break
    word = text[start:end]
    if article is None:
        return Candidate(start, end, "role", "other") if re.match(r"\s+[A-ZÀ-ÖØ-Þ]", text[end:end + 3]) else None
    complement = _COMPLEMENT.match(text, end)
    completed = bool(complement) and complement.group(1).lower() in _GENITIVE
    if completed:
        end = complement.end()
    if article in vocabulary.definite or article == "l":
        kind = "leader" if vocabulary.leaders.match(word) else ("other" if completed else "definite")
    else:
        kind = "other"
    return Candidate(begin, end, "role", kind)


_POSSESSIVES = {"his", "her", "their", "its", "son", "sa", "ses", "leur", "sein", "seine", "seiner", "ihr", "ihre", "ihrer"}
_GENITIVE = {"de", "du", "des", "d", "of", "for", "at", "von", "vom", "der", "aus"}  # what completes a role: whose it is


def clean(gap: str, vocabulary: Vocabulary) -> bool:
    """Whether only small words stand between a subject and its verb."""
    for word in _TOKEN.findall(gap):
        lower = word.lower().strip("’'")
        if lower in vocabulary.skip or vocabulary.adverb.match(lower) or lower in ("-", "-t-", "t") or lower.isdigit():
            continue
        if re.fullmatch(r"[\w]+[’'][\w-]+", lower) and all(p in vocabulary.skip for p in re.split(r"[’']", lower)):
            continue
        return False
    return True


def _apposition(gap: str, vocabulary: Vocabulary) -> bool:
    """", the UCU general secretary, " or ", expert en stratégie militaire, a ": an apposition, then small words."""
    match = re.fullmatch(r"\s*,([^;:]+),([^,]*)", gap)
    return bool(match) and match.group(1).strip() != "" and clean(match.group(2), vocabulary)


def left_subject(reading: Reading, low: int, verb: int) -> Candidate | str | None:
    """The subject before a verb of saying, from `low`: a Candidate, UNKNOWN, or None when nothing stands there."""
    text, vocabulary = reading.text, reading.vocabulary
    low += len(text[low:verb]) - len(text[low:verb].lstrip(" ,;:—–-\u00a0\u202f"))  # "», a déclaré": the comma
    if clean(text[low:verb], vocabulary):
        return None
    before = [c for c in reading.candidates if low <= c.start and c.end <= verb]
    for candidate in reversed(before):
        if candidate.complement or candidate.possessive:
            continue
        gap = _COMPLEMENT_AFTER.sub("", text[candidate.end:verb], count=1)  # "Mitch McConnell of Kentucky called"
        enclosed = re.fullmatch(r"\s*,([^,]*)", gap)
        enclosed = enclosed and re.search(r",\s*$", text[low:candidate.start]) and clean(enclosed.group(1), vocabulary)
        if clean(gap, vocabulary) or _apposition(gap, vocabulary) or enclosed:
            return _named_instead(reading, before, candidate, low)
    tail = text[low:verb]
    for match in reversed(list(re.finditer(r"[\w’'‐-]+", tail))):
        if clean(match.group(), vocabulary):
            continue
        if (clean(tail[match.end():], vocabulary) and match.group()[:1].isupper() and subject_word(match.group())
                and _not_after_article(tail, match, vocabulary) and not _after_preposition(text, low + match.start(), vocabulary)):
            return Candidate(low + match.start(), low + match.end(), "other", match.group().lower())
        break
    return UNKNOWN


def _not_after_article(tail: str, word: re.Match, vocabulary: Vocabulary) -> bool:
    before = tail[:word.start()].split()[-1:]
    return not before or before[0].lower() not in vocabulary.definite | vocabulary.indefinite


def _named_instead(reading: Reading, before: list[Candidate], chosen: Candidate, low: int) -> Candidate | str:
    """A role in apposition to a name stands for that name ("Jo Grady, the union's leader, said"); a
    relative pronoun for the name just before it ("Jo Grady, who said")."""
    if chosen.kind not in ("role", "relative"):
        return chosen
    earlier = [c for c in before if c.end <= chosen.start and c.kind in ("entity", "other") and not c.complement]
    if earlier and re.fullmatch(r"\s*,?\s*", reading.text[earlier[-1].end:chosen.start]):
        return earlier[-1]
    return UNKNOWN if chosen.kind == "relative" else chosen


def first_subject(reading: Reading, low: int, verb: int) -> Candidate | str:
    """The subject of a clause whose verb comes last, right after its conjunction ("dass Putin Kim „…“ nannte"):
    the first name, pronoun or role after `low`, with nothing but small words before it."""
    for candidate in (c for c in reading.candidates if low <= c.start and c.end <= verb):
        if candidate.complement or not clean(reading.text[low:candidate.start], reading.vocabulary):
            return UNKNOWN
        return candidate
    return UNKNOWN


def right_subject(reading: Reading, verb_end: int, high: int) -> Candidate | str | None:
    """The subject after a verb of saying, up to `high` ("a déclaré jeudi Bernard Loo", "said chief inspector
    Jennifer Mattinson", "sagte er"): a Candidate, UNKNOWN, or None when nothing stands there."""
    text, vocabulary = reading.text, reading.vocabulary
    stretch = text[verb_end:high]
    if not re.search(r"\w", stretch):
        return None
    for candidate in (c for c in reading.candidates if verb_end <= c.start < high):
        if candidate.complement or candidate.kind == "relative":
            continue
        if not _passable(text[verb_end:candidate.start], vocabulary):
            break
        if candidate.kind == "role":
            after = [c for c in reading.candidates if c.start >= candidate.end and c.kind in ("entity", "other")]
            if after and re.fullmatch(r"\s*,?\s*", text[candidate.end:after[0].start]):
                return after[0]
        return candidate
    first = re.match(r"\s*(?:[,:]\s*)?([\w’'‐-]+)", stretch)
    if first and first.group(1)[:1].isupper() and subject_word(first.group(1)):
        return Candidate(verb_end + first.start(1), verb_end + first.end(1), "other", first.group(1).lower())
    return UNKNOWN


def _passable(gap: str, vocabulary: Vocabulary) -> bool:
    """Small words, and complements ("à l'AFP", "to reporters", "am Dienstag"), between a verb and its subject."""
    words = _TOKEN.findall(gap)
    object_next = False
    for word in words:
        lower = word.lower().strip("’'")
        if object_next:
            object_next = lower in vocabulary.definite or lower in ("l", "d")
            continue
        if lower in vocabulary.prepositions or lower in ("à", "to"):
            object_next = True
        elif not (lower in vocabulary.skip or vocabulary.adverb.match(lower) or lower in ("-", "t", "-t-")):
            return False
    return len(words) <= 8
