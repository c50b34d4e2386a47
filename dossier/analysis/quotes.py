"""Direct quotations in an article's body and who said them.

A quotation is the text between quotation marks (« … », “ … ”, „ … “, » … «, " … "), whole: over
several sentences, and over several paragraphs when the next paragraph opens with a quotation
mark again (the convention of French and English newspapers), or a block quotation. Its speaker
is an entity of the registry the article links to, found with the verbs of saying of the article's
language (`saying.vocabulary`):

- the name on a block quotation's attribution line ("— Jens Stoltenberg, secrétaire général"); without
  one, the speaker of the paragraph just before, when nobody else was named since ("…, Zuckerberg said
  at the trial." then the block quotation);
- the subject of the verb of saying that governs the quotation (`attribution`): right after it when
  the quotation ends its clause ("« … », a déclaré Bernard Loo", "“…,” Kaplan says", "„…“, so Scholz"),
  else a source in its sentence ("selon X", "according to X", "laut X", "X zufolge"), else the last verb
  before it in its sentence ("Kim a qualifié … de « … »", "Kim said Russia … against “imperialist”
  attacks"), or the agent of that verb ("saluée par Vladimir Poutine comme un « … »");
- when that subject is a pronoun or a definite role ("he added", "il a ajouté", "der Sprecher", "le
  maître du Kremlin"), the last speaker, only when nobody else was named since, whether the registry
  holds them or not ("Joe Biden … he said" is not the registry's last speaker's); so is a quotation
  that says nobody and opens its paragraph right after the speaker's, or its sentence right after the
  speaker's sentence ("“…,” Kaplan says. “…”").

A name that is the subject gives a speaker "named"; a pronoun, a role or a quotation going on gives a
speaker "resolved", less sure. A subject the registry does not hold (a name, "a UCEA spokesperson",
"officials") leaves the quotation unattributed, as does a quotation no verb of saying governs. A short
quotation (fewer than MIN_WORDS words) that nobody is said to have said is a term the article holds at
a distance (« sans délai », 'imperialist'), not a statement: it is not kept.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from . import attribution, saying

MIN_WORDS = 4
TRAILING = 100  # characters between a quotation and the verb of saying that ends its sentence ("” in that law, Azzouz said")
QUOTES_PER_PAGE = 250  # quotations on a page of "who said what" (setting DOSSIER_QUOTES_PER_PAGE)
QUOTES_ON_ACTOR_PAGE = 20  # an actor's page shows its first quotations, "who said what" all (DOSSIER_QUOTES_ON_ACTOR_PAGE)
SPEAKING = ("person", "organisation", "country")  # the kinds of entity that speak; places and events do not

# Quotation marks: the opening mark and the marks that close it. German prints guillemets pointing inwards too
# (»…«, ›…‹); such a mark opens a quotation only when its closing one follows in the block: in French, » and ›
# close (a stray one is not a quotation to the end of the block).
_CLOSING = {"«": "»", "“": "”", "„": "“”", '"': '"', "‹": "›", "»": "«", "›": "‹"}
_OPENING = re.compile(r'[«“„"‹»›]')
_INWARDS = "»›"
_SPACE = "\u00a0\u202f"  # no-break spaces, which French typography puts inside « »

_WORD = re.compile(r"\w+")
_ATTRIBUTION = re.compile(r"^\s*[—–―-]\s*\S")
_SENTENCE = re.compile(r"[.!?…](?=\s+[A-ZÀ-ÖØ-Þ«“\"„])")
_ABBREVIATIONS = {"Mr", "Mrs", "Ms", "Dr", "St", "Sen", "Rep", "Gov", "Gen", "Col", "Lt", "Sgt", "Prof", "Jr", "Sr", "Mt",
                  "No", "vs", "M", "MM", "Mme", "Mlle", "Me", "Pr", "Nr", "bzw", "ca", "av", "etc", "cf"}
_SUBORDINATE = re.compile(r"\b(?:dass|weil|obwohl|nachdem|ob|wenn|da|wie|sodass|damit)\b")  # German: its verb comes last
_AUXILIARY = re.compile(r"\b(?:hat|hatte|habe|hätte|haben|hatten)\b")  # German: the finite verb of a participle's clause
_AGENT = re.compile(r"(?i)\b(?:par|by|von)\s+$")  # the agent of a verb in the passive voice
_COMPLEMENT = re.compile(
    r"(?i)(?:\b(?:de|du|des|d['’]|à|au|aux|chez|en|of|at|from|for|in|von|vom|der|des|am|beim)\s*(?:la\s+|le\s+|l['’]|les\s+|the\s+)?)$"
)


@dataclass(frozen=True)
class Link:
    """A link of a paragraph: its target, its kind ("person", … "event"), where it is in the text."""

    target: str
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """A numbered block of a body, as the quotations need it."""

    id: str
    text: str
    tag: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Quote:
    """A quotation: where it starts (paragraph id and offset), its words, its speaker (an entity id
    or None), how sure the speaker is ("named", "resolved" or ""), and the events its paragraphs link to."""

    paragraph: str
    start: int
    text: str
    speaker: str | None
    confidence: str
    events: tuple[str, ...]


@dataclass
class _Span:
    """A quotation found in one block: offsets of the opening and past the closing mark; open: not closed."""

    start: int
    end: int
    open: bool


def blocks(paragraphs, kinds: dict[str, str]) -> list[Block]:
    """The Blocks of rendered paragraphs (bodies.Paragraph: id, text, tag, links as (target, offset, text))."""
    return [
        Block(p.id, p.text, p.tag, tuple(
            Link(target, kinds.get(target, ""), offset, offset + len(text)) for target, offset, text in p.links
        ))
        for p in paragraphs
    ]


def find_quotes(body: list[Block], language: str | None = "fr") -> list[Quote]:
    """Every quotation of a body, in order, with its speaker; `language` chooses the verbs of saying."""
    words = saying.vocabulary(language)
    thread = attribution.Thread()
    quotes: list[Quote] = []
    index = 0
    while index < len(body):
        block = body[index]
        if block.tag.startswith("h"):  # a heading echoes the body's words; its quotations are not statements
            index += 1
            continue
        if block.tag == "blockquote":
            quote = _block_quotation(block)
            if quote and not quote.speaker and thread.block == index - 1:
                # No attribution line, right after its speaker's paragraph ("…, Zuckerberg said at the trial."):
                # theirs, as a paragraph opening with a quotation there would be, when nobody else was named since.
                speaker, confidence = thread.resolve(attribution.CONTINUING, index, 0)
                quote = dataclasses.replace(quote, speaker=speaker, confidence=confidence)
            if quote:
                quotes.append(quote)
                if quote.speaker:
                    kind = next((link.kind for link in block.links if link.target == quote.speaker), "")
                    thread.speaks(f"@{quote.speaker}", quote.speaker, kind, index)
            index += 1
            continue
        found, following = _quotes_of(body, index, words, thread)
        quotes.extend(found)
        index = following + 1
    return quotes


def _quotes_of(body: list[Block], index: int, words, thread: attribution.Thread) -> tuple[list[Quote], int]:
    """The quotations that start in body[index], with their speakers; the index of the last block they run into."""
    block = body[index]
    spans = _spans(block.text)
    reading = attribution.read(block.text, _outside(block.text, spans, 0, len(block.text)), block.links, words,
                               thread.known, SPEAKING)
    sentences = _sentences(block.text, spans)
    subjects = _subjects(reading, spans, sentences)
    governors = [_governor(reading, span, spans, subjects, sentences) for span in spans]
    speakers = _follow(reading, spans, sentences, subjects, governors, thread, index, _recent(body, index, thread))
    quotes, following = [], index
    for number, span in enumerate(spans):
        parts = [block.text[span.start:span.end]]
        events = {link.target for link in block.links if link.kind == "event"}
        if span.open:  # over several paragraphs, each opening with a quotation mark again
            following = _continued(body, index, parts, events)
        text = "\n\n".join(_inside(part) for part in parts)
        speaker, confidence = speakers[number]
        if speaker or len(_WORD.findall(text)) >= MIN_WORDS:
            quotes.append(Quote(block.id, span.start, text, speaker, confidence, tuple(sorted(events))))
    if thread.block == index:
        thread.block = following
    return quotes, following


def _sentences(text: str, spans: list[_Span]) -> list[int]:
    """Where the sentences of a block start: not after an abbreviation or an initial ("Mr. Frankel",
    "C. Eugene Steuerle"), nor inside a quotation."""
    ends = []
    for match in _SENTENCE.finditer(text):
        word = re.search(r"(\S*)$", text[:match.start()]).group(1)
        if match.group() == "." and (word in _ABBREVIATIONS or (len(word) == 1 and word.isupper())):
            continue
        if not any(s.start <= match.start() < s.end for s in spans):
            ends.append(match.end())
    return [0, *ends]


def _sentence_of(sentences: list[int], position: int, length: int = 10**9) -> tuple[int, int]:
    start = max(s for s in sentences if s <= position)
    end = min((s for s in sentences if s > position), default=length)
    return start, end


def _tight(text: str, span: _Span) -> bool:
    """Whether a quotation ends its clause, so that what follows may say who said it: “…,” she said;
    « … », a-t-il ajouté; „…“, so Scholz; “…?” he asked. Not 'imperialist' attacks and praised…."""
    inner = text[span.start:span.end].rstrip()[:-1].rstrip(" " + _SPACE) if not span.open else ""
    after = text[span.end:]
    if re.match(r"\s*[,;:—–]", after) or inner.endswith((",", "?", "!")):
        return True
    return inner.endswith((".", "…")) and bool(re.match(r"\s*[a-zà-ÿ]", after))


def _subjects(reading: attribution.Reading, spans: list[_Span], sentences: list[int]) -> list:
    """The subject of each verb of saying of a block: a Candidate, UNKNOWN or None. A verb that shares
    the subject of the one before it ("Kim said … and praised", "retweeted the story, saying") has it too."""
    subjects: list = []
    for number, verb in enumerate(reading.verbs):
        subject = _subject(reading, verb, spans, sentences)
        if subject == attribution.UNKNOWN and number and _joined(reading, reading.verbs[number - 1], verb, sentences):
            subject = subjects[-1]
        subjects.append(subject)
    return subjects


def _joined(reading: attribution.Reading, before: tuple[int, int], verb: tuple[int, int], sentences: list[int]) -> bool:
    if _sentence_of(sentences, before[0]) != _sentence_of(sentences, verb[0]):
        return False
    between = reading.text[before[1]:verb[0]]
    participle = re.search(r"(?:ing|ant)$", reading.text[verb[0]:verb[1]])
    return bool(participle and re.search(r",\s*$", between)) or bool(re.search(r"\b(?:and|et|und)\s+(?:\w+\s+){0,2}$", between))


def _subject(reading: attribution.Reading, verb: tuple[int, int], spans: list[_Span], sentences: list[int]):
    """The subject of a verb of saying: before it, from the start of its sentence or the end of a quotation
    it follows; else after it, up to the next quotation."""
    original, words = reading.original, reading.vocabulary
    start, end = _sentence_of(sentences, verb[0], len(original))
    high = min([end, *(s.start for s in spans if s.start >= verb[1])])
    if words.source.fullmatch(original[verb[0]:verb[1]]):  # "selon X", "according to X", "laut X"
        return attribution.right_subject(reading, verb[1], high)
    low = max([start, *(s.end for s in spans if s.end <= verb[0] and _tight(original, s))])
    if words.so and (subordinate := list(_SUBORDINATE.finditer(reading.text, low, verb[0]))):
        return attribution.first_subject(reading, subordinate[-1].end(), verb[0])  # "…, wie Lümali sagte"
    auxiliary = _AUXILIARY.search(reading.text, low, verb[0]) if words.so else None
    if auxiliary and not original[verb[0]:verb[1]].endswith(("te", "ten")):  # "Putin hatte … als „…“ bezeichnet"
        verb = (auxiliary.start(), auxiliary.end())
    subject = attribution.left_subject(reading, low, verb[0])
    if subject is None:
        return attribution.right_subject(reading, verb[1], high)
    return subject


def _governor(reading: attribution.Reading, span: _Span, spans: list[_Span], subjects: list, sentences: list[int]):
    """What says who said a quotation: ("verb", index of the verb) or ("subject", a Candidate), or None.

    A verb right after it ("“…,” she said", "« … », a déclaré X") when the quotation ends its clause; else
    a source in its sentence ("selon X", "according to X", "laut X", "X zufolge"); else the last verb of
    saying before it in its sentence, or the agent of that verb ("saluée par Vladimir Poutine comme un « … »");
    else, for a quotation that opens its sentence, the one verb of saying after it that ends the sentence
    ("“…” in that law, Azzouz said")."""
    original, words = reading.original, reading.vocabulary
    start, end = _sentence_of(sentences, span.start, len(original))
    following = min([end, *(s.start for s in spans if s.start > span.start)])
    verbs = [(n, v) for n, v in enumerate(reading.verbs) if subjects[n] is not None]
    if _tight(original, span):
        after = [n for n, v in verbs if span.end <= v[0] < following and v[0] - span.end <= 120]
        if after:
            return ("verb", after[0])
        so = re.match(r"[\s,]*so\s", reading.text[span.end:following]) if words.so else None
        if so:
            subject = attribution.right_subject(reading, span.end + so.end(), following)
            return ("subject", subject) if subject is not None else None
    if words.so:  # German puts the verb last: "Putin hatte das Abkommen als „…“ bezeichnet"
        last = [n for n, v in verbs if span.end <= v[0] < following and not re.search(r"[,;:.!?]", reading.text[span.end:v[0]])]
        if last:
            return ("verb", last[0])
    sources = [n for n, v in verbs if start <= v[0] < end and _source(original[v[0]:v[1]], words)]
    if sources:
        return ("verb", min(sources, key=lambda n: abs(reading.verbs[n][0] - span.start)))
    before = [n for n, v in verbs if start <= v[0] and v[1] <= span.start]
    if not before:
        # A quotation that opens its sentence, its clause going on before the one verb of saying that ends it:
        # "“We must pay attention to what is written” in that law, Azzouz said."
        # Not a term of a few words: "“Fake news” is the phrase Trump used, Biden said" is not Biden's.
        after = [n for n, v in verbs if span.end <= v[0] < end]
        opens = original[start:span.start].strip() == "" and len(_WORD.findall(original[span.start:span.end])) >= MIN_WORDS
        if opens and len(after) == 1 and reading.verbs[after[0]][0] < following and reading.verbs[after[0]][0] - span.end <= TRAILING:
            return ("verb", after[0])
        return None
    verb = reading.verbs[before[-1]]
    for candidate in reading.candidates:
        if verb[1] < candidate.start < span.start and candidate.kind == "entity" \
                and _AGENT.search(reading.text[max(0, candidate.start - 6):candidate.start]):
            return ("subject", candidate)
    return ("verb", before[-1])


def _source(form: str, words) -> bool:
    return bool(words.source.fullmatch(form) or words.source_after.fullmatch(form))


def _follow(reading: attribution.Reading, spans: list[_Span], sentences: list[int], subjects: list, governors: list,
            thread: attribution.Thread, index: int, recent: bool) -> list[tuple[str | None, str]]:
    """(speaker, confidence) of each quotation of a block: the people it names, the subjects of its verbs
    and its quotations followed in the order of the text, the thread carrying the last speaker."""
    events: list[tuple[int, int, str, object]] = []
    for candidate in reading.candidates:
        person = candidate.kind == "other" or (candidate.kind == "entity" and candidate.speaks == "person")
        if (person and not candidate.complement) or attribution.someone_new(reading, candidate):
            events.append((candidate.start, 0, "mention", candidate))
    governed = {g[1] for g in governors if g and g[0] == "verb"}
    for number, verb in enumerate(reading.verbs):
        subject = subjects[number]
        if subject is None or (subject == attribution.UNKNOWN and number not in governed):
            continue
        events.append((subject.start if isinstance(subject, attribution.Candidate) else verb[0], 1, "verb", number))
    for number, governor in enumerate(governors):
        if governor is None:
            events.append((spans[number].start, 2, "orphan", number))
        elif governor[0] == "subject":
            events.append((governor[1].start if isinstance(governor[1], attribution.Candidate) else spans[number].end, 1, "subject", number))
    events += [(start, -1, "sentence", None) for start in sentences]
    said: dict[int, tuple[str | None, str]] = {}
    speakers: list[tuple[str | None, str]] = [(None, "")] * len(spans)
    for position, _, what, item in sorted(events, key=lambda e: e[:2]):
        if what == "sentence":
            thread.sentence()
        elif what == "mention":
            thread.mention(item)
        elif what == "verb":
            said[item] = thread.resolve(subjects[item], index, position)
        elif what == "subject":
            speakers[item] = thread.resolve(governors[item][1], index, position)
        else:
            speakers[item] = _continuing(reading.original, spans[item], sentences, thread, index, recent)
    return [said[g[1]] if g and g[0] == "verb" else speakers[n] for n, g in enumerate(governors)]


# Captions of the speaker's photo (list items naming the speaker, without a quotation: a page sets them as a
# list) that may stand between the speaker's paragraph and the paragraph that goes on quoting them.
_CAPTIONS = 2


def _recent(body: list[Block], index: int, thread: attribution.Thread) -> bool:
    """Whether the last speaker's block is right before body[index], or only captions of their photo stand
    between: at most _CAPTIONS list items that link to the speaker and hold no quotation ("Hori Parata at
    his farm"; not "2. Apply the sanctions.", after which a quotation may be anyone's)."""
    between = range(thread.block + 1, index)
    return thread.block >= 0 and len(between) <= _CAPTIONS and all(
        body[i].tag == "li" and not _OPENING.search(body[i].text)
        and thread.target is not None and any(link.target == thread.target for link in body[i].links)
        for i in between)


def _continuing(text: str, span: _Span, sentences: list[int], thread: attribution.Thread, index: int,
                recent: bool) -> tuple[str | None, str]:
    """A quotation nobody is said to have said, that opens its paragraph (right after the speaker's
    paragraph) or its sentence (after the speaker's sentence in the same paragraph): the last speaker's,
    when nobody else was named since."""
    opens_paragraph = span.start == _indent(text)
    opens_sentence = text[max(s for s in sentences if s <= span.start):span.start].strip() == ""
    if (opens_paragraph and recent) or (opens_sentence and thread.block == index):
        return thread.resolve(attribution.CONTINUING, index, span.start)
    return None, ""


def _continued(body: list[Block], index: int, parts: list[str], events: set[str]) -> int:
    """Add to `parts` the paragraphs after body[index] that go on with its open quotation; the index
    of the last one."""
    while index + 1 < len(body):
        after = body[index + 1]
        spans = _spans(after.text) if after.tag == "p" else []
        if not spans or spans[0].start != _indent(after.text):
            break
        index += 1
        parts.append(after.text[spans[0].start:spans[0].end])
        events.update(link.target for link in after.links if link.kind == "event")
        if not spans[0].open:
            break
    return index


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _spans(text: str) -> list[_Span]:
    """The quotations of a block: each from its opening mark past its closing one; one not closed
    runs to the end of the block (it goes on in the next paragraph, or the article forgot to close it)."""
    spans: list[_Span] = []
    position = 0
    while (match := _OPENING.search(text, position)) is not None:
        mark, start = match.group(), match.start()
        if mark == '"' and start > 0 and text[start - 1].isalnum():
            position = start + 1  # 12" or a closing straight mark: not an opening
            continue
        end = _closing(text, start, mark)
        if end is None:
            if mark == '"' and start > _indent(text) or mark in _INWARDS:
                position = start + 1  # a lone straight mark inside a paragraph, or a closing guillemet: skipped
                continue
            spans.append(_Span(start, len(text), True))
            break
        spans.append(_Span(start, end, False))
        position = end
    return spans


def _closing(text: str, start: int, mark: str) -> int | None:
    """Past the mark that closes the quotation opened at `start`, quotations inside it skipped."""
    depth, position = 0, start + 1
    closers = _CLOSING[mark]
    while position < len(text):
        char = text[position]
        if mark in ("«", "»") and char == mark:
            depth += 1
        elif char in closers and not (mark == '"' and text[position - 1].isspace() and position + 1 < len(text)
                                      and text[position + 1].isalnum()):
            if depth == 0:
                return position + 1
            depth -= 1
        position += 1
    return None


def _inside(quoted: str) -> str:
    """The words of a quotation, without its marks and the spaces inside them."""
    text = quoted.strip()
    if text[:1] in _CLOSING:
        closers = _CLOSING[text[0]]
        text = text[1:]
        if text[-1:] and text[-1] in closers:
            text = text[:-1]
    text = text.strip(" \t\n" + _SPACE).removesuffix(",").rstrip()  # “We will not accept this,” he said
    return re.sub(r"\s+([.,;:!?])$", r"\1", re.sub(rf"[ \t{_SPACE}]+", " ", text))


def _outside(text: str, spans: list[_Span], start: int, end: int) -> str:
    """text[start:end] with every quotation blanked out (same length: offsets stay true)."""
    chars = list(text[start:end])
    for span in spans:
        for position in range(max(span.start, start), min(span.end, end)):
            chars[position - start] = " "
    return "".join(chars)


def _first(candidates: list[Link], text: str, forward: bool) -> Link | None:
    """The speaker among the candidates: a person before an organisation or a country, the nearest
    to the verb, and never a name that completes another ("le maître du Kremlin")."""
    subjects = [c for c in candidates if not _COMPLEMENT.search(text[max(0, c.start - 12):c.start])]
    for among, kinds in ((subjects, ("person",)), (subjects, ("organisation", "country")), (candidates, ("person",))):
        found = [c for c in among if c.kind in kinds]
        if found:
            return found[0] if forward else found[-1]
    return None


def _block_quotation(block: Block) -> Quote | None:
    """A block quotation, its speaker the person (or organisation) on its attribution line."""
    lines = block.text.strip().split("\n")
    attribution = lines[-1] if len(lines) > 1 and _ATTRIBUTION.match(lines[-1]) else None
    words = "\n".join(lines[:-1] if attribution else lines).strip()
    if not words:
        return None
    speaker = None
    if attribution is not None:
        where = block.text.rfind(attribution)
        named = [link for link in block.links if link.start >= where and link.kind in SPEAKING]
        chosen = _first(named, block.text, forward=True)
        speaker = chosen.target if chosen else None
    text = _inside(words) if words[:1] in _CLOSING else re.sub(rf"[ \t{_SPACE}]+", " ", words)
    events = tuple(sorted({link.target for link in block.links if link.kind == "event"}))
    return Quote(block.id, 0, text, speaker, "named" if speaker else "", events)
