"""What the three readers share: the article's pieces cleaned of trailing navigation, pull quotes and topics,
captions and headings marked, quotes grouped, dates and titles set."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.model import MONTHS_FR, Block, PartialDate
from ..core.text import UNSAFE, normalize_key, sentence_spans
from . import chrome
from .language import plain_language

# Section labels of news sites; they tell the genre, they are not text.
SECTION_GENRES = {
    "nouvelles": "news",
    "actualités": "news",
    "actualité": "news",
    "international": "news",
    "monde": "news",
    "politique": "news",
    "opinion": "opinion",
    "opinions": "opinion",
    "tribune": "opinion",
    "tribunes": "opinion",
    "point de vue": "opinion",
    "éditorial": "opinion",
    "chronique": "opinion",
    "analyse": "news",
}


OPINION_HINTS = re.compile(r"\b(opinion|tribune|chroniqueu?r|éditorial|éditorialiste|point de vue)\b", re.I)


_MONTH = "|".join(MONTHS_FR)


URL_LINE = re.compile(r"^https?://\S+$")


ISO_DATE_LINE = re.compile(r"^(\d{4}-\d{2}(?:-\d{2})?)$")


DATE_PREFIX = re.compile(r"^date\s+(\d{4}(?:-\d{2}(?:-\d{2})?)?)\s+(.+)$", re.I)


FRENCH_DATE = re.compile(
    rf"^(?:(?:publié|mis à jour)\s+(?:le\s+)?)?(?:(\d{{1,2}}|1er)\s+)?({_MONTH})\s+(\d{{4}})(?:\s+à\s+\S+)?$", re.I
)


BYLINE_FR = re.compile(r"^Par\s+(.+)$")


BYLINE_TAG = re.compile(r"^(Author|Auteur|Auteurs|Autrice)s?\s*[,:]\s*(.+)$", re.I)


ROLE_TAG = re.compile(r"^(Role|Rôle|Fonction)\s*[,:]\s*(.+)$", re.I)


_BY_EN = re.compile(r"^By\s+(.+)$")


BY_ANY = re.compile(r"^(?:Par|By|Von)\s+\S", re.I)


CATEGORIES = re.compile(r"^Catégories?\s*:\s*(.+)$", re.I)


# A credit and its caption glued on one line: "Crédit photo, X Légende image, Y", "Image copyrightPAImage captionY".
_BBC_CAPTION = re.compile(
    r"^(?:Crédit photo|Image (?:source|copyright)|Bildquelle),?\s*(.+?)\s*(?:Légende image|Image caption|Bildunterschrift),?\s*(.+)$"
)


CREDIT_TAIL = re.compile(
    r"^(.*\S)\s*\(((?:Photo\s*:\s*)?[^()]*\b(?:AP|AFP|Reuters|Getty|Photo|Sputnik|EPA|Pool|File)\b[^()]*)\)\s*$"
)


# A caption's credit after its text: "… 2023. KCNA VIA KNS / AFP", "… 2022. Photograph: Ann Lee/Getty
# Images", "… 2026. | OUEST-FRANCE", "… (Photo: Jane Doe/Reuters)", "… Foto: dpa".
_CREDIT_FORMS = (
    re.compile(r"^(?P<text>.+?[.!?»”)])\s*©\s*(?P<credit>[^©]{2,60})$"),
    re.compile(
        r"^(?P<text>.+?[.!?»”)])\s*(?:\|\s*)?\(?(?P<credit>(?:Photo(?:graph)?|Photos|Foto|Bild|Image|Crédits?(?:\s+photo)?|Credit)"
        r"\s*[:,]\s*[^.:]{2,80}?)\)?\s*$",
        re.I,
    ),
    re.compile(r"^(?P<text>.+?[.!?»”)])\s+(?P<credit>[A-ZÀ-Ý][A-ZÀ-Ý'’ .-]{1,60}(?:\s*/\s*[\wÀ-ÿ'’ .-]{2,40}){1,3})$"),
    re.compile(
        r"^(?P<text>.+?[.!?»”)])\s+(?P<credit>[A-ZÀ-Ý][\wÀ-ÿ'’.-]+(?:\s+[A-ZÀ-Ý][\wÀ-ÿ'’.-]+){0,3}\s*/\s*"
        r"(?:AFP|AP|Reuters|EPA|Getty Images|Hans Lucas(?:\s+via\s+AFP)?|MAXPPP|SIPA|dpa|picture alliance|"
        r"Bloomberg|Keystone|Anadolu|Shutterstock|Imago|[A-Z][\w-]+\s+via\s+[A-Z]\w+))$"
    ),
    re.compile(r"^(?P<text>.+?[.!?»”)])\s*\|\s*(?P<credit>[A-ZÀ-Ý][A-ZÀ-Ý'’ .-]{2,40}|[^|]{2,40}/[^|]{2,40})$"),
)


# A caption in two lines: "Image source, Getty Images" then "Image caption, Boats in Tromsø".
IMAGE_SOURCE = re.compile(
    r"^(?:(?:Image source|Image copyright|Source de l['’]image|Bildquelle)\s*[,:]?|(?:Crédit photo|Foto|Photo credit)\s*[,:])\s*(.+)$",
    re.I,
)


IMAGE_CAPTION = re.compile(
    r"^(?:(?:Image caption|Légende (?:de l['’])?image|Bildunterschrift)\s*[,:]?|Caption\s*[,:])\s*(.+)$", re.I
)


# A figure's label alone on its line, before the caption or the credit it labels ("Image caption", "Image copyright").
FIGURE_LABEL = re.compile(
    r"(?P<caption>image\s+caption|légende\s+(?:de\s+l['’])?image|bildunterschrift)|"
    r"(?:image\s+(?:source|copyright)|source\s+de\s+l['’]image|crédit\s+photo|bildquelle)",
    re.I,
)


_CAPTION_START = re.compile(r"^(FILE|DOSSIER|PHOTO|ARCHIVES?)\s*[-–—:]\s+", re.I)


_BULLET = re.compile(r"^[•·▪●◦‣\-*–]\s*(.+)$")


_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(.+)$")


_ATTRIBUTION = re.compile(r"^[A-ZÀ-Ý][\w’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]+)+,\s+[^.!?]+$")


# A paragraph break lost when the page was copied: "ukrainien.En plus de ces…".
GLUED = re.compile(r"(?<=[a-zà-ÿ]{2}[.!?])(?=[A-ZÀ-Ý][a-zà-ÿ])")


TERMINAL = tuple('.!?:;…»"”)')


HEADING_WORDS = 6  # a heading of the article's text between teasers and the text is this short at most


SENTENCE_BREAK = re.compile(r"[.!?…]\s+[A-ZÀ-Ý«“\"]")  # the end of one sentence and the start of another


# Control characters make feeds malformed XML; bidirectional overrides turn a title around.
_UNSAFE_CHARACTERS = UNSAFE


# What one seed may hold, far beyond what an article has: the 31 saved pages of the corpus
# (/work/shared/corpus/readability) have at most 48,322 characters of text, 1,279 in a paragraph
# and 111 in a title. Past these, a seed is a dump, a book or a page pasted without its line breaks;
# it is cut down with a warning, so that every later step (annotation, the page, the search index)
# has bounded work: a 5 MB seed of one line used to give a title of 4.9 million characters.
MAX_TITLE = 300  # characters of a title: its first sentence, or this many, whichever is shorter
MAX_PARAGRAPH = 20_000  # characters of a paragraph; a longer one is split at the ends of its sentences
PARAGRAPH_TARGET = 800  # characters a paragraph split at the ends of sentences gathers, at least
MAX_TEXT = 1_000_000  # characters of a seed's text (20 times the corpus's longest); the rest is left out


@dataclass
class Piece:
    """A line (or paragraph) of a seed, before the heuristics say what it is."""

    line: int
    text: str
    kind: str = ""  # "": plain text for the heuristics; "title": a Markdown `# ` line; else a Block kind
    extra: str = ""
    blank_before: bool = False  # a text seed's blank line above it: a new block of the page begins


def clean_space(text: str) -> str:
    """Invisible characters of web copies removed, runs of spaces made one space."""
    text = _UNSAFE_CHARACTERS.sub("", re.sub("[\u00ad\u200b\u2060\ufeff]", "", text))  # "&#x202e;" in a page too
    return re.sub(r"[ \t\n\r\f\v\u00a0]+", " ", text).strip()


def guess_language(text: str) -> str:
    """The language of a text, as a two-letter code ("fr" for no text): French, English or German when its
    function words say it plainly (dossier.seeds.language), else py3langid's classifier's."""
    sample = text[:4000]  # plenty for a language, and classifying costs as the text is long
    if len(re.findall(r"\w+", sample)) < 3:
        return "fr"
    plain = plain_language(sample)  # without loading py3langid's model, which takes half a second
    if plain:
        return plain
    import py3langid  # imported here: only articles whose page does not say their language need it

    language, _ = py3langid.classify(sample)
    return language


def drop_trailing_navigation(pieces: list[Piece]) -> list[Piece]:
    """Drop a run of three or more short menu-like lines at the end ("Nos projets", "Nous contacter")."""
    kept, menu = list(pieces), []
    # Marked-up structure (a list, a heading) is the author's, never a menu the copy dragged along.
    while kept and not kept[-1].kind and (chrome.is_chrome(kept[-1].text) or _is_menu_item(kept[-1].text)):
        piece = kept.pop()
        if _is_menu_item(piece.text):
            menu.append(piece)
    return kept if len(menu) >= 3 else pieces


_PULL_QUOTE = re.compile(r"^[«“\"„‘]\s*(.{8,160}?)\s*[»”\"“’]$")


def drop_pull_quotes(blocks: list[Block]) -> list[Block]:
    """Without the pull quotes: a short quotation set apart, whose words the text says in full elsewhere."""
    texts = [normalize_key(block.text) for block in blocks]
    kept = []
    for index, block in enumerate(blocks):
        m = _PULL_QUOTE.match(block.text)
        if m and block.kind in ("paragraph", "heading", "quote") and len(m.group(1).split()) <= 15:
            words = normalize_key(m.group(1))
            if any(words in text for other, text in enumerate(texts) if other != index and len(text) > len(words)):
                continue
        kept.append(block)
    return kept


def drop_trailing_topics(blocks: list[Block]) -> None:
    """Drop the list of topics the page sets between the text's end and its comments: three or more
    short lines ("Agriculture", "Biodiversité", "Ille-et-Vilaine")."""
    count = 0
    while count < len(blocks) and blocks[-1 - count].kind == "paragraph" and _is_menu_item(blocks[-1 - count].text):
        count += 1
    if count >= 3:
        del blocks[-count:]


def _is_menu_item(line: str) -> bool:
    return (
        len(line.split()) <= 4
        and not line.endswith(TERMINAL)
        and ":" not in line
        and not line[:1].isdigit()
        and not URL_LINE.match(line)
        and not _BY_EN.match(line)
        and not BYLINE_FR.match(line)
    )


def glued_sections(line: str) -> list[str]:
    """Section labels written without spaces: "ActualitésInternational" -> ['news', 'news']."""
    parts = re.findall(r"[A-ZÀ-Ý][a-zà-ÿ]+", line)
    if len(parts) > 1 and "".join(parts) == line and all(p.lower() in SECTION_GENRES for p in parts):
        return [SECTION_GENRES[p.lower()] for p in parts]
    return []


def is_paragraph(line: str) -> bool:
    return line.endswith(TERMINAL) and len(line.split()) >= 8


def caption_block(line: str, lineno: int) -> Block | None:
    """A photo caption with its credit, in the forms news sites print them."""
    if m := _BBC_CAPTION.match(line):
        return Block("caption", m.group(2).strip(), lineno, extra=m.group(1).strip())
    m = CREDIT_TAIL.match(line)
    if m and (_CAPTION_START.match(line) or "photo" in m.group(2).lower()):
        credit = re.sub(r"^Photo\s*:\s*", "", m.group(2).strip(), flags=re.I)
        return Block("caption", m.group(1).strip(), lineno, extra=credit)
    for form in _CREDIT_FORMS:
        if (m := form.match(line)) and len(m.group("text").split()) >= 3:
            credit = clean_space(m.group("credit"))
            return Block("caption", m.group("text").strip(), lineno, extra=credit)
    return None


def body_block(line: str, lineno: int) -> Block:
    if m := _BULLET.match(line):
        return Block("bullet", m.group(1).strip(), lineno)
    if m := _NUMBERED.match(line):
        return Block("numbered", m.group(2).strip(), lineno, extra=m.group(1))
    return Block("paragraph", line, lineno)


def mark_section_headings(blocks: list[Block]) -> list[Block]:
    """A short line without final punctuation, followed by text, is a section heading."""
    for index, block in enumerate(blocks):
        follows = index + 1 < len(blocks)
        if (
            block.kind == "paragraph"
            and follows
            and not block.text.rstrip('»"” ').endswith(TERMINAL)
            and len(block.text.split()) <= 14
            and block.text[:1].isupper()
        ):
            block.kind = "heading"
    return blocks


def group_quotes(blocks: list[Block]) -> list[Block]:
    """A short paragraph followed by "First Last, role" is a quotation with its attribution."""
    result: list[Block] = []
    for block in blocks:
        previous = result[-1] if result else None
        if (
            block.kind in ("heading", "paragraph")
            and previous is not None
            and (previous.kind == "paragraph" or (previous.kind == "quote" and not previous.extra))
            and len(previous.text) < 300
            and not block.text.endswith(TERMINAL)
            and _ATTRIBUTION.match(block.text)
        ):
            previous.kind, previous.extra = "quote", block.text
            continue
        result.append(block)
    return result


def split_names(value: str) -> list[str]:
    names = re.split(r",\s*|\s+et\s+|\s+and\s+|\s*&\s*", value.strip())
    return [n.strip() for n in names if n.strip()]


def parse_date(value: str) -> PartialDate:
    """`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a French date ("1er mai 2024"); ValueError otherwise."""
    if m := FRENCH_DATE.match(value.strip()):
        day, month, year = m.groups()
        day = 1 if day == "1er" else int(day) if day else None
        return PartialDate(int(year), MONTHS_FR.index(month.lower()) + 1, day)
    return PartialDate.parse(value)


def title_from_lead(blocks: list[Block]) -> str:
    for block in blocks:
        if block.kind == "paragraph":
            start, end = sentence_spans(block.text)[0]
            sentence = block.text[start:end].rstrip(".")
            if len(sentence) <= 110:
                return sentence
            cut = sentence[:100].rsplit(" ", 1)[0]
            return cut.rstrip(",;:") + "…"
    return "Sans titre"


def bounded(pieces: list[Piece], name: str, one_line: bool = False) -> tuple[list[Piece], list[str]]:
    """The pieces of a seed cut down to what an article holds, and the warnings that say so: the text
    past MAX_TEXT characters left out; a paragraph longer than MAX_PARAGRAPH, or, in a seed with no line
    breaks (`one_line`), any paragraph longer than PARAGRAPH_TARGET, split at the ends of its sentences."""
    warnings: list[str] = []
    total = sum(len(piece.text) for piece in pieces)
    if total > MAX_TEXT:
        pieces = _first_characters(pieces, MAX_TEXT)
        warnings.append(
            f"{name}: {total:,} characters of text, over the {MAX_TEXT:,} an article may have; only the first "
            f"{MAX_TEXT:,} are kept (up to line {pieces[-1].line if pieces else 1}), the rest is left out"
        )
    result: list[Piece] = []
    split = 0
    for piece in pieces:
        long = len(piece.text) > MAX_PARAGRAPH or (one_line and len(piece.text) > PARAGRAPH_TARGET)
        parts = split_paragraph(piece.text) if long and piece.kind not in ("title", "teaser", "rubric") else [piece.text]
        if len(parts) == 1:
            result.append(piece)
            continue
        split += 1
        kind = piece.kind if piece.kind in ("quote", "bullet", "numbered", "caption", "author") else "paragraph"
        result.extend(Piece(piece.line, part, kind, piece.extra, piece.blank_before) for part in parts)
        if not one_line:
            warnings.append(f"{name}:{piece.line}: a paragraph of {len(piece.text):,} characters, over the {MAX_PARAGRAPH:,} "
                            f"one may have; split into {len(parts)} at the ends of its sentences")
    if one_line and split:
        warnings.append(f"{name}: no line breaks; its text is split into paragraphs at the ends of sentences "
                        "(a blank line between the paragraphs of the seed keeps them as written)")
    return result, warnings


def _first_characters(pieces: list[Piece], limit: int) -> list[Piece]:
    """The first pieces, up to `limit` characters of text in all; the last cut at a word."""
    kept, size = [], 0
    for piece in pieces:
        if size + len(piece.text) > limit:
            rest = _cut_at_word(piece.text, limit - size)
            if rest:
                kept.append(Piece(piece.line, rest, piece.kind, piece.extra, piece.blank_before))
            break
        kept.append(piece)
        size += len(piece.text)
    return kept


def _cut_at_word(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, at a space when there is one in its second half."""
    if len(text) <= limit:
        return text
    return text[slice(*next(_word_cuts(text, 0, len(text), limit)))].rstrip()


def _word_cuts(text: str, start: int, end: int, limit: int):
    """The (start, end) of the parts of text[start:end], each of at most `limit` characters, cut at a
    space when there is one in the second half of the part (else anywhere): linear in end - start."""
    while start < end:
        if end - start <= limit:
            yield start, end
            return
        space = text.rfind(" ", start + limit // 2, start + limit + 1)
        stop = space if space > start else start + limit
        yield start, stop
        start = stop
        while start < end and text[start].isspace():
            start += 1


def split_paragraph(text: str, target: int = PARAGRAPH_TARGET, limit: int = MAX_PARAGRAPH) -> list[str]:
    """`text` split at the ends of its sentences into paragraphs of `target` characters or more; a
    sentence longer than `limit` is cut at words (a page pasted without punctuation)."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for sentence_start, sentence_end in sentence_spans(text):
        for start, end in _word_cuts(text, sentence_start, sentence_end, limit):
            current.append(text[start:end].rstrip())
            size += end - start + 1
            if size >= target:
                parts.append(" ".join(current))
                current, size = [], 0
    if current:
        parts.append(" ".join(current))
    return parts or [text]


def short_title(title: str) -> str:
    """`title` as a title is: its first sentence, or MAX_TITLE characters cut at a word with "…", whichever
    is shorter; a title of MAX_TITLE characters or fewer is as it was (a headline may be two sentences)."""
    if len(title) <= MAX_TITLE:
        return title
    window = title[: MAX_TITLE + 20]  # enough to see where the first sentence ends, never the whole title
    spans = sentence_spans(window)
    if spans and spans[0][1] - spans[0][0] <= MAX_TITLE and spans[0][1] < len(window.rstrip()):
        return window[spans[0][0] : spans[0][1]]
    return _cut_at_word(title, MAX_TITLE - 1).rstrip(",;:") + "…"
