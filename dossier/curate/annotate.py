"""Annotate: find the registry's entities and events in an article, write annotated Markdown.

Every mention becomes a wiki-link `[[target|text as written]]`. Names match longest
first, on word boundaries, with hyphen/space and straight/curly apostrophe variants;
events match by a trigger phrase, or by an explicit date written in a sentence that
also names one of their participants or their place. The result is written to
`content/articles/<slug>.md` with its metadata and provenance in YAML front matter.
Once written, the file belongs to the curator: a file whose text no longer matches
the hash stored in it has been edited by hand, and is kept as it is.

Invisible characters (zero-width space, joiners, word joiner, a BOM inside the text, soft
hyphen: `text.INVISIBLE`) are ignored when matching, so "Pou\\u200btine" is Poutine; the
link keeps the text as written, invisible character included (`[[vladimir-poutine|Pou\\u200btine]]`):
the annotated body must render as the same characters as the seed, the joiners are part of
the spelling in some scripts, and a soft hyphen is the author's hyphenation hint. Invisible
characters just before or after a name stay outside its link.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import frontmatter

from ..analysis.names import subject_word
from ..core.errors import AnnotateError
from ..core.files import UnreadableFile, UnsafeName, inside, read_text, write_atomic
from ..core.model import Article, Block, Registry
from ..core.text import APOSTROPHES, escape_markdown, normalize_key, sentence_spans, without_invisible
from .registry import needs_case_sensitive

HASH_FIELD = "generated_sha256"


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of a block's text that names `target` (an entity or event id)."""

    start: int
    end: int
    target: str


class Matcher:
    """Finds the names of a registry's entities and the trigger phrases of its events."""

    def __init__(self, registry: Registry):
        from ..analysis.dates import find_dates  # here: a build that annotates nothing loads neither it nor Babel

        self.registry, self._find_dates = registry, find_dates
        self._targets: dict[str, str] = {}
        # A one-word name that ends a longer name of its entity (a surname: "Parata" of "Te Kaurinui Robert
        # Parata"), and the words of its entity's names ("te", "kaurinui", "robert"): after another given
        # name ("Hori Parata", "Hunter Biden") it names someone else.
        self._surnames: dict[str, set[str]] = {}
        names: set[str] = set()
        for entity in registry.entities.values():
            for name in entity.names:
                self._targets[normalize_key(name)] = entity.id
                names.add(without_invisible(name)[0].strip())
        for key, target in self._targets.items():
            entity = registry.entities.get(target)
            if entity is not None and " " not in key and any(
                    len(name.split()) > 1 and normalize_key(name.split()[-1]) == key for name in entity.names):
                self._surnames[key] = {normalize_key(word) for name in entity.names for word in name.split()}
        for event in registry.events.values():
            for trigger in event.triggers:
                self._targets[normalize_key(trigger)] = event.id
                names.add(without_invisible(trigger)[0].strip())
        names.discard("")
        # Longest first: "Conseil de sécurité de l'ONU" before "ONU".
        ordered = sorted(names, key=lambda n: (-len(n), n))
        alternation = "|".join(_name_pattern(n) for n in ordered) or r"(?!x)x"
        self._pattern = re.compile(rf"(?<![\w])(?:{alternation})(?![\w])")

    def names(self, text: str, language: str | None = None) -> list[Span]:
        """Spans of `text` (in `language`) naming an entity or, by a trigger phrase, an event."""
        visible, offsets = without_invisible(text)
        return _in_text(self._names(visible, language), offsets)

    def find(self, text: str, language: str | None = None) -> list[Span]:
        """All spans of `text` (in `language`): names, then dates that designate an event in their sentence."""
        visible, offsets = without_invisible(text)
        return _in_text(self._find(visible, language), offsets)

    def _names(self, text: str, language: str | None = None) -> list[Span]:
        spans = []
        for match in self._pattern.finditer(text):
            key = normalize_key(match.group())
            target = self._targets.get(key)
            if target and not (key in self._surnames and self._someone_else(text, match.start(), key, language)):
                spans.append(Span(match.start(), match.end(), target))
        return spans

    def _someone_else(self, text: str, start: int, key: str, language: str | None) -> bool:
        """Whether the surname `key` at `start` follows another given name than its entity's ("Hori Parata"):
        a capitalised word that may be a name (not a title, a function word, a month…) and that is no word
        of the entity's names ("Te Kaurinui Parata", "Robert Parata" are its own). Not in German, which
        capitalises every noun ("Kremlchef Putin")."""
        if (language or "").split("-")[0].lower() == "de":
            return False
        before = _WORD_BEFORE.search(text, max(0, start - 60), start)
        return bool(before) and subject_word(before.group(1)) and normalize_key(before.group(1)) not in self._surnames[key]

    def _find(self, text: str, language: str | None = None) -> list[Span]:
        spans = self._names(text, language)
        for begin, end in sentence_spans(text):
            here = {s.target for s in spans if begin <= s.start < end}
            for mention in self._find_dates(text[begin:end]):
                start, stop = begin + mention.start, begin + mention.end
                if any(s.start < stop and start < s.end for s in spans):
                    continue
                event = self._event_on(mention.date, here)
                if event:
                    spans.append(Span(start, stop, event))
        return sorted(spans)

    def _event_on(self, date, targets: set[str]) -> str | None:
        """The one event on `date` whose participant or place is named nearby, if unambiguous."""
        if date.precision == "year":
            return None  # "en 2019" is too vague to designate an event
        first, last = date.first_day(), date.last_day()
        candidates = []
        for event in self.registry.events.values():
            if event.id in targets:
                return None  # the sentence already links the event by its trigger
            if event.first_day <= last and first <= event.last_day and targets & ({*event.participants, event.place} - {None}):
                candidates.append(((event.last_day - event.first_day).days, event.id))
        candidates.sort()
        if not candidates or (len(candidates) > 1 and candidates[0][0] == candidates[1][0]):
            return None
        return candidates[0][1]


# The word right before a name: capitalised, then spaces.
_WORD_BEFORE = re.compile(r"(?<![\w’'‐-])([^\W\d_][\w’'‐-]*)[ \u00a0]+$")


def _in_text(spans: list[Span], offsets: list[int] | None) -> list[Span]:
    """Spans found in the text without its invisible characters, as offsets in the text as written."""
    if offsets is None:
        return spans
    return [Span(offsets[s.start], offsets[s.end - 1] + 1, s.target) for s in spans]


def _name_pattern(name: str) -> str:
    # Proper names match as written; a descriptive name ("Péninsule coréenne", "cosmodrome de
    # Vostochny") may also start with the other case, at a sentence start or in running text.
    # A short or stop-word name (declared case_sensitive in the registry) matches only as written.
    descriptive = not needs_case_sensitive(name) and (
        name[:1].islower() or any(word[:1].islower() for word in name.split()[1:])
    )
    parts = []
    for index, char in enumerate(name):
        if char in " -‐‑\u00a0":
            parts.append(r"[\s\u00a0\-‐‑]")
        elif char in APOSTROPHES:
            parts.append(f"[{APOSTROPHES}]")
        elif index == 0 and descriptive and len(char.lower()) == len(char.upper()) == 1 and char.lower() != char.upper():
            # one character each ("İ".lower() is two); the character itself too ("ǅ" is neither)
            parts.append("[" + "".join(re.escape(c) for c in dict.fromkeys(char + char.lower() + char.upper())) + "]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def link_text(text: str, spans: list[Span]) -> str:
    """Markdown for `text` with each span written as `[[target|text]]`, the rest escaped."""
    out, position = [], 0
    for span in spans:
        out.append(escape_markdown(text[position:span.start]))
        out.append(f"[[{span.target}|{escape_markdown(text[span.start:span.end])}]]")
        position = span.end
    out.append(escape_markdown(text[position:]))
    return "".join(out)


# The word before a photo's credit, in the article's language (English for a language not listed).
CREDIT_LABELS = {"fr": "Photo : ", "en": "Photo: ", "de": "Foto: "}


# The most names an article links: each is a mention, listed with its sentence on its entity's page and in
# mentions.csv. The dossier's articles link 10 to 60, the densest of their paragraphs one name every 66
# characters: the corpus's longest article (48,322 characters) would link some 730. A seed that names
# "Kim" 200,000 times would otherwise put 200,000 sentences on one page.
MAX_LINKS = 2_000


def block_markdown(block: Block, matcher: Matcher, language: str = "fr", room: int | None = None) -> tuple[str, list[Span]]:
    """The Markdown of one block (in an article of `language`) and the spans it links (its first `room`, if given)."""
    spans = matcher.find(block.text, language)
    if room is not None:
        spans = spans[: max(room, 0)]
    body = link_text(block.text, spans)
    if block.kind == "heading":
        return f"## {body}", spans
    if block.kind == "bullet":
        return f"- {body}", spans
    if block.kind == "numbered":
        return f"{block.extra or 1}. {body}", spans
    if block.kind == "caption":
        label = CREDIT_LABELS.get(language.split("-")[0].lower(), CREDIT_LABELS["en"])
        credit = f" *({label}{escape_markdown(block.extra)})*" if block.extra else ""
        return f"{body}{credit}\n{{: .caption }}", spans
    if block.kind == "author":
        return f"{body}\n{{: .author-note }}", spans
    if block.kind == "quote":
        if not block.extra.strip():  # a quotation the page credits to nobody: no empty "— " line
            return f"> {body}", spans
        attribution = f"\n>\n> — {link_text(block.extra, matcher.find(block.extra, language))}\n> {{: .attribution }}"
        return f"> {body}{attribution}", spans + matcher.find(block.extra, language)
    return body, spans


def annotate(article: Article, matcher: Matcher) -> tuple[str, list[str], list[str]]:
    """Annotated Markdown body of `article`, and the entity and event ids it links, in order."""
    chunks: list[str] = []
    targets: dict[str, None] = {}
    previous = None
    linked = 0
    for block in article.blocks:
        markdown, spans = block_markdown(block, matcher, article.language or "fr", MAX_LINKS - linked)
        linked += len(spans)
        targets.update((s.target, None) for s in spans)
        tight = previous == block.kind and block.kind in ("bullet", "numbered")
        chunks.append(("\n" if tight else "\n\n") + markdown if chunks else markdown)
        previous = block.kind
    if linked >= MAX_LINKS:
        said = f"{article.seed}: names entities and events {MAX_LINKS:,} times or more; only the first {MAX_LINKS:,} are linked"
        if said not in article.warnings:
            article.warnings.append(said)
    registry = matcher.registry
    entities = [t for t in targets if t in registry.entities]
    events = [t for t in targets if t in registry.events]
    return "".join(chunks) + "\n", entities, events


def article_document(article: Article, matcher: Matcher, extra: dict | None = None) -> str:
    """The full text of `content/articles/<slug>.md`: front matter (plus `extra`), annotated body, hash."""
    body, entities, events = annotate(article, matcher)
    metadata = {
        "title": article.title,
        "slug": article.slug,
        "date": article.date.iso() if article.date else None,
        "date_precision": article.date.precision if article.date else "unknown",
        "authors": article.authors,
        "outlet": article.outlet,
        **({"agency": article.agency} if article.agency and article.agency != article.outlet else {}),
        "url": article.url,
        "genre": article.genre,
        "language": article.language,
        "entities": entities,
        "events": events,
        "seed": article.seed,
        "seed_sha256": article.seed_sha256,
        **(extra or {}),
    }
    text = frontmatter.dumps(frontmatter.Post(body, **metadata), sort_keys=False, allow_unicode=True, width=1000)
    return _with_hash(text + "\n")


def _with_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return text.replace("\n---\n", f"\n{HASH_FIELD}: {digest}\n---\n", 1)


def stored_hash_matches(text: str) -> bool:
    """True when `text` is exactly what the build wrote (no hand edit since)."""
    match = re.search(rf"^{HASH_FIELD}: ([0-9a-f]{{64}})\n", text, re.M)
    if not match:
        return False
    original = text[:match.start()] + text[match.end():]
    return hashlib.sha256(original.encode("utf-8")).hexdigest() == match.group(1)


def write_article(article: Article, matcher: Matcher, folder: Path, force: bool = False, extra: dict | None = None) -> str:
    """Write the article's annotated file; return 'new', 'updated', 'unchanged' or 'kept' (hand-edited)."""
    try:
        path = inside(folder, article.slug, ".md")
    except UnsafeName as error:
        raise AnnotateError(f"{article.seed}: slug {error}; not written") from None
    document = article_document(article, matcher, extra)
    if path.exists():
        try:
            current = read_text(path, folder.parent.parent, encoding="utf-8")  # folder: the dossier's content/articles
        except UnreadableFile:  # a link out of the dossier, a FIFO: the curator's, never replaced (reading it said why)
            return "kept"
        if current == document:
            return "unchanged"
        if not force and not stored_hash_matches(current):
            return "kept"
        status = "updated"
    else:
        status = "new"
    write_atomic(path, document)
    return status
