"""Direct quotations in an article's body and who said them.

A quotation is the text between quotation marks (« … », “ … ”, „ … “, " … "), whole: over
several sentences, and over several paragraphs when the next paragraph opens with a quotation
mark again (the convention of French and English newspapers), or a block quotation. Its speaker
is an actor the article links to:

- the name on a block quotation's attribution line ("— Jens Stoltenberg, secrétaire général");
- the actor a verb of saying names around the quotation: before it ("Kim a qualifié … de « … »",
  "Yang a ajouté : « … »") or after it ("« … », a déclaré Bernard Loo", "… », he said");
  "selon X", "according to X", "laut X";
- a pronoun or a role ("il a ajouté", "le maître du Kremlin a salué") resolved to the nearest
  named speaker before it; so is a paragraph that opens with a quotation and says nobody, right
  after a paragraph whose speaker is named ("Yang Uk estime que … ¶ « Si la Russie … »").

The first two give a speaker "named" in the quotation's sentence; the last two a speaker
"resolved", less sure. A quotation whose speaker cannot be found stays unattributed. A short
quotation (fewer than MIN_WORDS words) that nobody is said to have said is a term the article
holds at a distance (« sans délai »), not a statement: it is not kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_WORDS = 4
QUOTES_PER_PAGE = 250  # quotations on a page of "who said what" (setting DOSSIER_QUOTES_PER_PAGE)
QUOTES_ON_ACTOR_PAGE = 20  # an actor's page shows its first quotations, "who said what" all (DOSSIER_QUOTES_ON_ACTOR_PAGE)
SPEAKING = ("person", "organisation", "country")  # the kinds of entity that speak; places and events do not

# Quotation marks: the opening mark and the marks that close it.
_CLOSING = {"«": "»", "“": "”", "„": "“”", '"': '"', "‹": "›"}
_OPENING = re.compile(r'[«“„"‹]')
_SPACE = "\u00a0\u202f"  # no-break spaces, which French typography puts inside « »

# A verb of saying, or a preposition naming a source, in French, English and German.
_FR_STEMS = (
    "déclar|affirm|ajout|estim|expliqu|soulign|assur|annonc|qualifi|salu|critiqu|dénonc|martel|martèl|"
    "insist|répét|répèt|confi|précis|rappel|observ|comment|tweet|racont|témoign|plaid|accus|fustig|"
    "félicit|considér|considèr|regrett|menac|confirm|ironis|résum|rétorqu|répliqu|exhort|indiqu|avou|"
    "prôn|assén|lâch|tonn|jur|appel|invit|avanc|argu|nuanc|concéd|concèd|admett|interrog|demand|"
    "prévien|souhait|espér|espèr|mett\\w* en garde|mis en garde|met en garde"
)
_FR_ENDINGS = "e|es|ent|é|ée|és|ées|ait|aient|er|ant|era|erait|ons|ez|ne|nt|ra|rait"
_SAYING = re.compile(
    rf"(?i)\b(?:(?:{_FR_STEMS})(?:{_FR_ENDINGS})?|dit|dire|disait|dira|écrit|écrivait|promis|promet|"
    r"reconnu|reconnaît|reconnait|conclu|conclut|prévenu|averti|avertit|réagi|réagit|répond|répondu|"
    r"soutenu|soutient|selon|d['’]après|"
    r"said|says|say|told|tells|added|adds|stated|states|declared|warned|warns|noted|notes|explained|"
    r"argued|insisted|claimed|claims|wrote|writes|described|called|calls|praised|criticised|criticized|"
    r"announced|asked|replied|urged|recalled|stressed|emphasised|emphasized|tweeted|posted|according to|"
    r"sagte|sagt|sagten|erklärte|erklärt|betonte|betont|warnte|warnt|meinte|meint|hinzu|schrieb|schreibt|"
    r"sprach|nannte|nennt|bezeichnete|bezeichnet|kritisierte|lobte|forderte|fordert|laut)\b"
)
_SO = re.compile(r"so\b")
_SOURCE = re.compile(r"(?i)\b(?:selon|d['’]après|according to|laut)\b")
# Words before a name that make it a complement ("le maître du Kremlin", "chercheur à l'Institut"), not a subject.
_COMPLEMENT = re.compile(
    r"(?i)(?:\b(?:de|du|des|d['’]|à|au|aux|chez|en|of|at|from|for|in|von|vom|der|des|am|beim)\s*(?:la\s+|le\s+|l['’]|les\s+|the\s+)?)$"
)
# A singular pronoun or a role ("le maître du Kremlin") as the subject of a verb of saying.
_SUBJECT = re.compile(
    r"(?i)(?:^|[,;:.]\s*|\bque\s+|\bqu['’])(?P<subject>[^,;:.]{0,60}?)\s*"
    r"(?:a|avait|aurait|était|has|had|hat|hatte)?\s*(?:-t-)?\s*$"
)
_PRONOUN = re.compile(r"(?i)^(?:il|elle|he|she|er|sie|celui-ci|celle-ci|ce dernier|cette dernière)$")
_ROLE = re.compile(r"(?i)^(?:le|la|l['’]|the|der|die|das)\s*\w")
_INVERTED = re.compile(r"(?i)-t-(?:il|elle)\b|-(?:il|elle)\b|\b(?:he|she)\s+(?:said|added|told|wrote)|\b(?:sagte|erklärte|betonte)\s+(?:er|sie)\b")
_AGENT = re.compile(r"(?i)\b(?:par|by|von)\s+$")  # the agent of a verb in the passive voice
_WORD = re.compile(r"\w+")
_ATTRIBUTION = re.compile(r"^\s*[—–―-]\s*\S")


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


def find_quotes(body: list[Block]) -> list[Quote]:
    """Every quotation of a body, in order, with its speaker."""
    quotes: list[Quote] = []
    last_speaker: tuple[str, int] | None = None  # the last speaker named, and the index of its block
    index = 0
    while index < len(body):
        block = body[index]
        if block.tag.startswith("h"):  # a heading echoes the body's words; its quotations are not statements
            index += 1
            continue
        if block.tag == "blockquote":
            quote = _block_quotation(block)
            if quote:
                quotes.append(quote)
                if quote.speaker:
                    last_speaker = (quote.speaker, index)
            index += 1
            continue
        spans = _spans(block.text)
        said = _said_in(block)
        following = index  # the last block a quotation of this one runs into
        for number, span in enumerate(spans):
            parts = [block.text[span.start:span.end]]
            events = {link.target for link in block.links if link.kind == "event"}
            if span.open:  # over several paragraphs, each opening with a quotation mark again
                following = _continued(body, index, parts, events)
            text = "\n\n".join(_inside(part) for part in parts)
            speaker, confidence = _speaker(block, span, spans, last_speaker)
            opens = speaker is None and number == 0 and span.start == _indent(block.text) and said is None
            if opens and last_speaker and last_speaker[1] >= index - 1:  # a paragraph that opens with a quotation
                speaker, confidence = last_speaker[0], "resolved"
            if speaker or len(_WORD.findall(text)) >= MIN_WORDS:
                quotes.append(Quote(block.id, span.start, text, speaker, confidence, tuple(sorted(events))))
            if speaker:
                last_speaker = (speaker, following)
        if said:
            last_speaker = (said, index)
        index = following + 1
    return quotes


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
            if mark == '"' and start > _indent(text):
                position = start + 1  # a lone straight mark inside a paragraph: unknown, skipped
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
        if mark == "«" and char == "«":
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


def _frame(text: str, span: _Span) -> tuple[int, int]:
    """The sentence around a quotation: from the end of the sentence before it to the end of the one after."""
    boundary = re.compile(r"[.!?…](?=\s+[A-ZÀ-ÖØ-Þ«“\"])")
    before = [m.end() for m in boundary.finditer(text, 0, span.start)]
    start = before[-1] if before else 0
    after = boundary.search(text, span.end)  # a sentence ending inside the quotation does not end the frame
    end = after.end() if after else len(text)
    return start, end


def _speaker(block: Block, span: _Span, spans: list[_Span], last: tuple[str, int] | None):
    """(speaker, confidence) of the quotation at `span` in `block`, or (None, "")."""
    text = block.text
    start, end = _frame(text, span)
    candidates = [link for link in block.links if link.kind in SPEAKING and start <= link.start < end
                  and not any(s.start <= link.start < s.end for s in spans)]
    after = _outside(text, spans, span.end, end)
    before = _outside(text, spans, start, span.start)
    words_after = re.match(r"^[\s,;:—–-]*((?:\S+\s+){0,7}\S*)", after)
    near_after = words_after.group(1) if words_after else ""
    # After the quotation: "», a déclaré Bernard Loo", "», said Mr X", "», he said".
    verb = _SAYING.search(near_after) or _SO.match(near_after)  # "„…“, so Scholz": German only after a quotation
    if verb and not re.match(r"(?i)selon|d['’]après|according|laut", verb.group()):
        limit = span.end + (after.find(near_after)) + len(near_after) + 60
        chosen = _first([c for c in candidates if span.end <= c.start < limit], text, forward=True)
        if chosen:
            return chosen.target, "named"
        if _INVERTED.search(after[:80]) and last:
            return last[0], "resolved"
    # "selon X", "according to X" anywhere in the sentence.
    for source in _SOURCE.finditer(_outside(text, spans, start, end)):
        place = start + source.end()
        chosen = _first([c for c in candidates if place <= c.start < place + 80], text, forward=True)
        if chosen:
            return chosen.target, "named"
    # Before it: "Kim a qualifié … de « … »", "Yang a ajouté : « … »".
    verbs = list(_SAYING.finditer(before))
    colon = re.search(r":\s*$", before)
    if verbs or colon:
        at = start + (verbs[-1].start() if verbs else colon.start())
        agents = [c for c in candidates if at < c.start < span.start and _AGENT.search(text[max(0, c.start - 6):c.start])]
        if agents:  # "a été saluée par Vladimir Poutine comme un « … »"
            return agents[0].target, "named"
        chosen = _first([c for c in candidates if c.start < at], text, forward=False)
        if chosen:
            return chosen.target, "named"
        subject = _SUBJECT.search(text[start:at])
        said = subject.group("subject").strip() if subject else ""
        if last and (_PRONOUN.match(said) or (_ROLE.match(said) and len(said.split()) <= 6)):
            return last[0], "resolved"
    return None, ""


def _first(candidates: list[Link], text: str, forward: bool) -> Link | None:
    """The speaker among the candidates: a person before an organisation or a country, the nearest
    to the verb, and never a name that completes another ("le maître du Kremlin")."""
    subjects = [c for c in candidates if not _COMPLEMENT.search(text[max(0, c.start - 12):c.start])]
    for among, kinds in ((subjects, ("person",)), (subjects, ("organisation", "country")), (candidates, ("person",))):
        found = [c for c in among if c.kind in kinds]
        if found:
            return found[0] if forward else found[-1]
    return None


def _said_in(block: Block) -> str | None:
    """The person a verb of saying names in a block without quotations ("Yang Uk … estime que …"),
    who may be the speaker of a quotation that opens the next paragraph."""
    verb = _SAYING.search(block.text)
    if verb is None:
        return None
    people = [link for link in block.links if link.kind == "person" and link.start < verb.start()]
    return people[-1].target if people else None


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
