"""Ingest: turn one seed file into an Article (metadata + body blocks), site chrome removed.

Seeds are news articles as a curator saved them: a title, a date line, a byline,
photo captions, the text, and whatever the web page had around it (comment forms,
navigation, slogans). This stage keeps the article and its metadata, and drops the
rest. It never invents: a date it cannot find is unknown.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from .errors import IngestError
from .model import MONTHS_FR, Article, Block, PartialDate
from .text import sentence_spans, slugify

# Outlets named by the address of their site; anything else falls back to the host name.
KNOWN_OUTLETS = {
    "thehill.com": "The Hill",
    "bbc.com": "BBC News",
    "bbc.co.uk": "BBC News",
    "lemonde.fr": "Le Monde",
    "lefigaro.fr": "Le Figaro",
    "liberation.fr": "Libération",
    "france24.com": "France 24",
    "rfi.fr": "RFI",
    "reuters.com": "Reuters",
    "apnews.com": "Associated Press",
    "nytimes.com": "The New York Times",
    "theguardian.com": "The Guardian",
    "lesechos.fr": "Les Échos",
    "ouest-france.fr": "Ouest-France",
}

# Whole lines that are site furniture, never article text.
_CHROME = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"laisser un commentaire",
        r"retour en haut( de (la )?page)?",
        r"votre adresse (e-?mail|de messagerie) ne sera pas publiée.*",
        r"les champs obligatoires sont indiqués.*",
        r"(partager|partagez)( (sur|cet article|l'article).*)?",
        r"(facebook|twitter|linkedin|whatsapp|e-?mail|imprimer|copier le lien)",
        r"lire (aussi|également|la suite).*",
        r"publicité",
        r"(abonnez-vous|inscrivez-vous).*",
        r"(nous contacter|contactez-nous|mentions légales|politique de confidentialité)",
        r"il y a \d+ (secondes?|minutes?|heures?|jours?)",
        r"(cet article|ce site) utilise des cookies.*",
        r".*(accepter|acceptez|gérer) les cookies.*",
        r".*\bcontactez-nous\b.*",
        r".*\boptions de sponsoring\b.*",
    )
]
# Section labels of news sites; they tell the genre, they are not text.
_SECTION_GENRES = {
    "nouvelles": "news", "actualités": "news", "actualité": "news", "international": "news",
    "monde": "news", "politique": "news", "opinion": "opinion", "opinions": "opinion",
    "tribune": "opinion", "tribunes": "opinion", "point de vue": "opinion",
    "éditorial": "opinion", "chronique": "opinion", "analyse": "news",
}
_OPINION_HINTS = re.compile(r"\b(opinion|tribune|chroniqueu?r|éditorial|éditorialiste|point de vue)\b", re.I)

_MONTH = "|".join(MONTHS_FR)
_URL_LINE = re.compile(r"^https?://\S+$")
_ISO_DATE_LINE = re.compile(r"^(\d{4}-\d{2}(?:-\d{2})?)$")
_DATE_PREFIX = re.compile(r"^date\s+(\d{4}(?:-\d{2}(?:-\d{2})?)?)\s+(.+)$", re.I)
_FRENCH_DATE = re.compile(rf"^(?:(?:publié|mis à jour)\s+(?:le\s+)?)?(?:(\d{{1,2}}|1er)\s+)?({_MONTH})\s+(\d{{4}})(?:\s+à\s+\S+)?$", re.I)
_BYLINE_FR = re.compile(r"^Par\s+(.+)$")
_BYLINE_TAG = re.compile(r"^(Author|Auteur|Auteurs|Autrice)s?\s*[,:]\s*(.+)$", re.I)
_ROLE_TAG = re.compile(r"^(Role|Rôle|Fonction)\s*[,:]\s*(.+)$", re.I)
_BY_EN = re.compile(r"^By\s+(.+)$")
_CATEGORIES = re.compile(r"^Catégories?\s*:\s*(.+)$", re.I)
_BBC_CAPTION = re.compile(r"^Crédit photo,\s*(.+?)\s+Légende image,\s*(.+)$")
_CREDIT_TAIL = re.compile(r"^(.*\S)\s*\(((?:Photo\s*:\s*)?[^()]*\b(?:AP|AFP|Reuters|Getty|Photo|Sputnik|EPA|Pool|File)\b[^()]*)\)\s*$")
_CAPTION_START = re.compile(r"^(FILE|DOSSIER|PHOTO|ARCHIVES?)\s*[-–—:]\s+", re.I)
_BULLET = re.compile(r"^[•·▪●◦‣\-*–]\s*(.+)$")
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(.+)$")
_ATTRIBUTION = re.compile(r"^[A-ZÀ-Ý][\w’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]+)+,\s+[^.!?]+$")
# A paragraph break lost when the page was copied: "ukrainien.En plus de ces…".
_GLUED = re.compile(r"(?<=[a-zà-ÿ]{2}[.!?])(?=[A-ZÀ-Ý][a-zà-ÿ])")
_TERMINAL = tuple(".!?:;…»\"”)")


def decode(data: bytes, name: str) -> str:
    """Decode seed bytes: UTF-8 (with or without BOM), else cp1252; LF line ends, NFC."""
    if not data.strip():
        raise IngestError(f"{name}: empty file")
    if b"\x00" in data[:8192]:
        raise IngestError(f"{name}: binary file (NUL bytes), not a text article")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise IngestError(f"{name}: bytes decode neither as UTF-8 nor as cp1252/latin-1")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if controls > max(2, len(text) // 100):
        raise IngestError(f"{name}: does not look like text ({controls} control characters)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def read_seed(path: Path, root: Path) -> Article:
    """Read the seed at `path` (its name reported relative to `root`) into an Article."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    data = path.read_bytes()
    text = decode(data, name)
    article = parse_text(text, name)
    article.seed_sha256 = hashlib.sha256(data).hexdigest()
    return article


def parse_text(text: str, name: str) -> Article:
    """Parse the decoded text of a plain-text seed."""
    article = Article(seed=name, seed_sha256="", title="")
    genre_hints: list[str] = []
    lines = _pieces(text)
    lines = _drop_trailing_navigation(lines)

    header_done = False
    title_candidates: list[tuple[int, str]] = []
    blocks: list[Block] = []
    for lineno, line in lines:
        if _is_chrome(line):
            continue
        if _URL_LINE.match(line):
            article.url = article.url or line
            continue
        if m := _CATEGORIES.match(line):
            genre_hints.extend(_SECTION_GENRES.get(c.strip().lower(), "") for c in m.group(1).split(","))
            continue
        if m := _BYLINE_TAG.match(line):
            article.authors = article.authors or _split_names(m.group(2))
            continue
        if m := _ROLE_TAG.match(line):
            article.outlet = article.outlet or m.group(2).strip()
            continue
        if (m := _BYLINE_FR.match(line)) and len(line) < 160:
            names, _, role = m.group(1).partition(",")
            article.authors = article.authors or _split_names(names)
            if _OPINION_HINTS.search(role):
                genre_hints.append("opinion")
            continue
        if (m := _BY_EN.match(line)) and len(line.split()) <= 5:
            # "By X" in a French page is the name of whoever posted it on the site.
            continue
        if caption := _caption(line, lineno):
            blocks.append(caption)
            continue
        if not header_done:
            if m := _DATE_PREFIX.match(line):
                _set_date(article, m.group(1), f"line {lineno}", name, lineno)
                line = m.group(2).strip()
            elif _ISO_DATE_LINE.match(line) or _FRENCH_DATE.match(line):
                _set_date(article, line, f"line {lineno}", name, lineno)
                continue
            if _is_paragraph(line):
                header_done = True
            else:
                genre = _SECTION_GENRES.get(line.lower())
                if genre:
                    genre_hints.append(genre)
                elif _glued_sections(line):
                    genre_hints.extend(_glued_sections(line))
                else:
                    title_candidates.append((lineno, line))
                continue
        blocks.append(_body_block(line, lineno))

    if title_candidates:
        article.title = title_candidates[-1][1]
    else:
        article.title = _title_from_lead(blocks)
        article.warnings.append(
            f"{name}: no title line found; using the opening words of the text"
            " (edit the title in the article's front matter)"
        )
    article.blocks = _group_quotes(_mark_headings(blocks))
    if not article.outlet and article.url:
        article.outlet = outlet_from_url(article.url)
    if article.url and re.search(r"/(opinion|opinions|tribune|tribunes)/", urlsplit(article.url).path):
        genre_hints.append("opinion")
    article.genre = "opinion" if "opinion" in genre_hints else "news"
    article.language = guess_language(" ".join(b.text for b in article.blocks))
    if article.date is None:
        article.warnings.append(f"{name}: no publication date found; the date is shown as unknown")
    article.slug = slugify(article.title, max_length=60) or slugify(Path(name).stem)
    return article


def outlet_from_url(url: str) -> str:
    """The outlet's name for a URL: a known site, else its host name."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    for domain, outlet in KNOWN_OUTLETS.items():
        if host == domain or host.endswith("." + domain):
            return outlet
    return host or None


def guess_language(text: str) -> str:
    """'fr' or 'en', by counting common function words."""
    words = re.findall(r"[a-zà-ÿ']+", text.lower())
    fr = sum(w in {"le", "la", "les", "des", "est", "et", "une", "du", "que", "qui", "dans", "pour"} for w in words)
    en = sum(w in {"the", "and", "of", "is", "to", "in", "that", "with", "for", "on"} for w in words)
    return "en" if en > fr else "fr"


def _pieces(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their numbers; paragraphs glued together are split again."""
    result = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = re.sub(r"[ \t\u00a0]+", " ", raw).strip()
        if not line:
            continue
        for piece in _GLUED.split(line):
            if piece.strip():
                result.append((number, piece.strip()))
    return result


def _drop_trailing_navigation(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop a run of three or more short menu-like lines at the end ("Nos projets", "Nous contacter")."""
    kept, menu = list(lines), []
    while kept and (_is_chrome(kept[-1][1]) or _is_menu_item(kept[-1][1])):
        line = kept.pop()
        if _is_menu_item(line[1]):
            menu.append(line)
    return kept if len(menu) >= 3 else lines


def _is_chrome(line: str) -> bool:
    return any(p.fullmatch(line) for p in _CHROME)


def _is_menu_item(line: str) -> bool:
    return (
        len(line.split()) <= 4
        and not line.endswith(_TERMINAL)
        and ":" not in line
        and not line[:1].isdigit()
        and not _URL_LINE.match(line)
        and not _BY_EN.match(line)
        and not _BYLINE_FR.match(line)
    )


def _glued_sections(line: str) -> list[str]:
    """Section labels written without spaces: "ActualitésInternational" -> ['news', 'news']."""
    parts = re.findall(r"[A-ZÀ-Ý][a-zà-ÿ]+", line)
    if len(parts) > 1 and "".join(parts) == line and all(p.lower() in _SECTION_GENRES for p in parts):
        return [_SECTION_GENRES[p.lower()] for p in parts]
    return []


def _is_paragraph(line: str) -> bool:
    return line.endswith(_TERMINAL) and len(line.split()) >= 8


def _caption(line: str, lineno: int) -> Block | None:
    if m := _BBC_CAPTION.match(line):
        return Block("caption", m.group(2).strip(), lineno, extra=m.group(1).strip())
    m = _CREDIT_TAIL.match(line)
    if m and (_CAPTION_START.match(line) or "photo" in m.group(2).lower()):
        credit = re.sub(r"^Photo\s*:\s*", "", m.group(2).strip(), flags=re.I)
        return Block("caption", m.group(1).strip(), lineno, extra=credit)
    return None


def _body_block(line: str, lineno: int) -> Block:
    if m := _BULLET.match(line):
        return Block("bullet", m.group(1).strip(), lineno)
    if m := _NUMBERED.match(line):
        return Block("numbered", m.group(2).strip(), lineno, extra=m.group(1))
    return Block("paragraph", line, lineno)


def _mark_headings(blocks: list[Block]) -> list[Block]:
    """A short line without final punctuation, followed by text, is a section heading."""
    for index, block in enumerate(blocks):
        follows = index + 1 < len(blocks)
        if (
            block.kind == "paragraph"
            and follows
            and not block.text.rstrip("»\"” ").endswith(_TERMINAL)
            and len(block.text.split()) <= 14
            and block.text[:1].isupper()
        ):
            block.kind = "heading"
    return blocks


def _group_quotes(blocks: list[Block]) -> list[Block]:
    """A short paragraph followed by "First Last, role" is a quotation with its attribution."""
    result: list[Block] = []
    for block in blocks:
        previous = result[-1] if result else None
        if (
            block.kind in ("heading", "paragraph")
            and previous is not None
            and previous.kind == "paragraph"
            and len(previous.text) < 300
            and not block.text.endswith(_TERMINAL)
            and _ATTRIBUTION.match(block.text)
        ):
            previous.kind, previous.extra = "quote", block.text
            continue
        result.append(block)
    return result


def _split_names(value: str) -> list[str]:
    names = re.split(r",\s*|\s+et\s+|\s+and\s+|\s*&\s*", value.strip())
    return [n.strip() for n in names if n.strip()]


def _set_date(article: Article, value: str, source: str, name: str, lineno: int) -> None:
    if article.date is not None:
        return
    try:
        if m := _FRENCH_DATE.match(value.strip()):
            day, month, year = m.groups()
            day = 1 if day == "1er" else int(day) if day else None
            article.date = PartialDate(int(year), MONTHS_FR.index(month.lower()) + 1, day)
        else:
            article.date = PartialDate.parse(value)
    except ValueError as error:
        raise IngestError(f"{name}:{lineno}: impossible date {value!r}: {error}") from None
    article.date_source = source


def _title_from_lead(blocks: list[Block]) -> str:
    for block in blocks:
        if block.kind == "paragraph":
            start, end = sentence_spans(block.text)[0]
            sentence = block.text[start:end].rstrip(".")
            if len(sentence) <= 110:
                return sentence
            cut = sentence[:100].rsplit(" ", 1)[0]
            return cut.rstrip(",;:") + "…"
    return "Sans titre"
