"""An article's body rendered: Markdown to HTML with its links, sanitised, first mentions linked, French spaces;
its paragraphs and mentions read back; rendered bodies kept between builds and rendered in several processes."""

from __future__ import annotations

import contextlib
import hashlib
import html as html_entities
import importlib.metadata
import json
import multiprocessing
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3
from lxml import etree
from lxml import html as lxml_html

from ..analysis import attribution, names, quotes, saying
from ..core import forks
from ..core import text as core_text
from ..core.files import write_atomic
from ..core.text import sentence_at, sentence_spans
from . import markdown_ext, markdown_work, typography
from .families import signature_of, text_of
from .markdown_ext import DossierExtension
from .sources import clean_text
from .typography import french_typography

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "a", "em", "strong",
    "code", "pre", "br", "hr", "span", "sup", "sub", "table", "thead", "tbody", "tr", "th", "td",
}


ALLOWED_ATTRIBUTES = {"*": {"id", "class"}, "a": {"href", "data-entity", "title"}}


URL_SCHEMES = {"http", "https", "mailto"}


def render_body(text: str, resolve, first_mention: bool = True, french: bool = False) -> tuple[str, list[str]]:
    """HTML of an annotated Markdown body, sanitised; and the wiki-link targets it could not resolve.

    `first_mention`: only the first mention of an entity or event per section is a link (see
    `link_first_mentions`); `french`: French typography's no-break spaces (see `french_spaces`)."""
    html, unresolved, _ = _render(text, resolve, first_mention, french)
    return html, unresolved


def _render(text: str, resolve, first_mention: bool = True, french: bool = False) -> tuple[str, list[str], list[str]]:
    """render_body, and what the sanitiser removed (see `sanitise`). A body whose rendering would scan
    more than its bound (`markdown_work`: openings that do not close, written by hand) is plain text."""
    if markdown_work.costly(text) is not None:
        html, unresolved = plain_html(text, resolve)
        html, removed = sanitise(html)
        if first_mention:
            html = link_first_mentions(html)
        return french_spaces(html) if french else html, unresolved, removed
    md = markdown.Markdown(extensions=["attr_list", DossierExtension(resolve=resolve)], output_format="html")
    html, removed = sanitise(md.convert(text))
    if first_mention:
        html = link_first_mentions(html)
    if french:
        html = french_spaces(html)
    return html, list(md.unresolved_links), removed


_BLANK_LINES = re.compile(r"\n[ \t]*\n")


# A wiki-link, its text at most 300 characters (no scan past them), and Markdown's backslash escapes.
_WIKI_TEXT = re.compile(r"\[\[([a-z0-9]+(?:-[a-z0-9]+)*)(?:\|([^\[\]\n]{1,300}))?\]\]")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")


def plain_html(text: str, resolve=None) -> tuple[str, list[str]]:
    """`text` as plain text, escaped, a paragraph (with its id, as Markdown's) between blank lines; with
    `resolve` (an article's body), a wiki-link is its link as Markdown would make it (the text alone when
    it names no target) and a backslash escape its character. Also the targets no link resolved.
    Linear in the text's length."""
    unresolved: list[str] = []

    def shown(piece: str) -> str:
        return html_entities.escape(_ESCAPED.sub(r"\1", piece) if resolve else piece, quote=False)

    def block_html(block: str) -> str:
        if resolve is None:
            return shown(block)
        out, position = [], 0
        for link in _WIKI_TEXT.finditer(block):
            out.append(shown(block[position:link.start()]))
            target_id, target = link.group(1), resolve(link.group(1))
            if target is None:
                unresolved.append(target_id)
                out.append(shown(link.group(2) or target_id))
            else:
                attributes = (f'href="{html_entities.escape(target.url)}" class="mention mention-{html_entities.escape(target.kind)}" '
                              f'data-entity="{target_id}"')
                out.append(f"<a {attributes}>{shown(link.group(2) or target.label)}</a>")
            position = link.end()
        out.append(shown(block[position:]))
        return "".join(out)

    blocks = filter(None, (block.strip() for block in _BLANK_LINES.split(text)))
    return "\n".join(f'<p id="p-{n}">{block_html(block)}</p>' for n, block in enumerate(blocks, 1)), unresolved


# A tag of sanitised HTML (its attribute values are quoted), and its parts.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")


_DATA_ENTITY = re.compile(r"""\sdata-entity=(?:"([^"]*)"|'([^']*)')""")


_CLASS = re.compile(r"""\sclass=(?:"([^"]*)"|'([^']*)')""")


_SECTION_HEADINGS = {"h2", "h3"}


def link_first_mentions(html: str) -> str:
    """`html` where only the first mention of each entity or event per section (the text between two
    h2/h3 headings; the whole body when it has none) is a link: the later ones become
    `<span class="mention" data-entity="id">`, plain text that read_body still counts as a mention."""
    out: list[str] = []
    seen: set[str] = set()
    position, unlinked = 0, False
    for match in _TAG.finditer(html):
        out.append(html[position:match.start()])
        position = match.end()
        tag, closing, name = match.group(0), match.group(1), match.group(2).lower()
        if name in _SECTION_HEADINGS and not closing:
            seen = set()
        elif name == "a" and closing:
            if unlinked:
                tag, unlinked = "</span>", False
        elif name == "a":
            target, kind = _DATA_ENTITY.search(tag), _CLASS.search(tag)
            if target and kind and "mention" in (kind.group(1) or kind.group(2) or "").split():
                entity = target.group(1) if target.group(1) is not None else target.group(2)
                if entity in seen:
                    tag, unlinked = f'<span class="mention" data-entity="{entity}">', True
                seen.add(entity)
        out.append(tag)
    out.append(html[position:])
    return "".join(out)


def unlink(html: str, targets: set[str]) -> str:
    """`html` (sanitised) where the links and mentions (`<a>`, `<span>`) whose data-entity is one of `targets`
    are plain text: their tags removed, their text kept."""
    out: list[str] = []
    position = 0
    opened: dict[str, list[bool]] = {"a": [], "span": []}  # for each element open, whether its tags go
    for match in _TAG.finditer(html):
        name = match.group(2).lower()
        if name not in opened:
            continue
        if match.group(1):
            drop = opened[name].pop() if opened[name] else False
        else:
            found = _DATA_ENTITY.search(match.group(0))
            entity = None if found is None else found.group(1) if found.group(1) is not None else found.group(2)
            drop = entity is not None and html_entities.unescape(entity) in targets
            opened[name].append(drop)
        if drop:
            out.append(html[position : match.start()])
            position = match.end()
    out.append(html[position:])
    return "".join(out)


_VERBATIM = {"code", "pre", "kbd", "samp", "script", "style"}


def french_spaces(html: str) -> str:
    """`html` with French typography's no-break spaces in its text (not in tags, their attributes, code)."""
    out: list[str] = []
    position, verbatim = 0, 0
    for match in [*_TAG.finditer(html), None]:
        end = match.start() if match else len(html)
        text = html[position:end]
        if text and not verbatim:
            text = french_typography(text)
        out.append(text)
        if match is None:
            break
        position = match.end()
        out.append(match.group(0))
        if match.group(2).lower() in _VERBATIM:
            verbatim = max(0, verbatim + (-1 if match.group(1) else 1))
    return "".join(out)


def sanitise(html: str) -> tuple[str, list[str]]:
    """`html` with only the allowed tags, attributes and link schemes, and no invisible characters.

    Also returns what was removed that a writer may have meant: elements, event-handler
    attributes and links of other schemes ("<script>", "attribute onerror", "a javascript: link").
    """
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None)
    removed: dict[str, None] = {}
    if clean != html:
        from bs4 import BeautifulSoup  # here: a body the sanitiser changed is rare

        for tag in BeautifulSoup(html, "html.parser").find_all(True):
            if tag.name not in ALLOWED_TAGS:
                removed[f"<{tag.name}>"] = None
            for attribute, value in tag.attrs.items():
                if attribute.lower().startswith("on"):
                    removed[f"attribute {attribute.lower()}"] = None
                elif attribute in ("href", "src", "action", "formaction", "xlink:href"):
                    scheme = urlsplit(re.sub(r"[\x00-\x20]+", "", str(value))).scheme.lower()
                    if scheme and scheme not in URL_SCHEMES:
                        removed[f"a {scheme}: link"] = None
    return clean_text(clean), list(removed)


@dataclass
class RawMention:
    """One link to `target` found in a rendered paragraph."""

    target: str
    paragraph: str  # id of the paragraph, "p-3"
    paragraph_text: str
    offset: int
    text: str


@dataclass
class Paragraph:
    """A numbered block of a rendered body: its id ("p-3"), its text, its links (target, offset, text)
    and its tag ("p", "li", "h2", "blockquote"…)."""

    id: str
    text: str
    links: list[tuple[str, int, str]]
    tag: str = "p"


def read_body(html: str) -> tuple[list[Paragraph], str]:
    """The numbered blocks of a rendered body and the text of its first paragraph: one parse for all
    that the pages need of it (mentions, dated statements, the summary).

    Parsed by libxml2 (lxml), five times faster than BeautifulSoup's parser in Python; by BeautifulSoup,
    which gives the same blocks (checked on every body of the sample, the corpus and a 1,000-article
    dossier), when libxml2 says anything of the body: past 2,048 nested elements it leaves the deeper
    ones out, and a body the sanitiser let through is never one it has to mend."""
    read = _read_body_fast(html)
    return read if read is not None else _read_body_soup(html)


class _Unusual(Exception):
    """A body the fast reading leaves to BeautifulSoup."""


_LXML_PARSER = lxml_html.HTMLParser(huge_tree=True)


def _read_body_fast(html: str) -> tuple[list[Paragraph], str] | None:
    if not html.strip():
        return [], ""
    if "<!" in html or "<?" in html:  # a comment, a declaration: counted by BeautifulSoup in a block's offsets
        return None
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div", parser=_LXML_PARSER)
        if len(_LXML_PARSER.error_log):
            return None
        paragraphs, first = [], None
        for element in root.iter(etree.Element):
            if element is root:
                continue
            name = element.get("id")
            if name is not None and _PARAGRAPH_ID.match(name):
                paragraphs.append(Paragraph(name, *_text_and_links(element), element.tag))
            if first is None and element.tag == "p" and "caption" not in (element.get("class") or "").split():
                first = "".join(element.itertext())
    except (_Unusual, etree.LxmlError, ValueError):  # a comment, a byte libxml2 refuses: BeautifulSoup reads it
        return None
    return paragraphs, first or ""


def _text_and_links(block) -> tuple[str, list[tuple[str, int, str]]]:
    """A block's text and its links (target, offset in the text, text), as BeautifulSoup's descendants give them."""
    links, texts, offset = [], [], 0
    for event, node in etree.iterwalk(block, events=("start", "end")):
        if not isinstance(node.tag, str):
            raise _Unusual
        if event == "start":
            if node is not block and node.tag in ("a", "span") and node.get("data-entity"):  # a span: a mention not linked
                links.append((node.get("data-entity"), offset, "".join(node.itertext())))
            if node.text:
                texts.append(node.text)
                offset += len(node.text)
        elif node is not block and node.tail:
            texts.append(node.tail)
            offset += len(node.tail)
    return "".join(texts), links


def _read_body_soup(html: str) -> tuple[list[Paragraph], str]:
    from bs4 import BeautifulSoup, Tag  # here: only a body libxml2 has something to say of needs it

    soup = BeautifulSoup(html, "html.parser")
    paragraphs = []
    for block in soup.find_all(id=_PARAGRAPH_ID):
        offset, links = 0, []
        for node in block.descendants:
            if isinstance(node, Tag):
                if node.name in ("a", "span") and node.get("data-entity"):  # a span: a mention not linked
                    links.append((node["data-entity"], offset, node.get_text()))
            else:
                offset += len(node)
        paragraphs.append(Paragraph(block["id"], block.get_text(), links, block.name))
    first = next((p for p in soup.find_all("p") if "caption" not in (p.get("class") or [])), None)
    return paragraphs, (first.get_text() if first else "")


_PARAGRAPH_ID = re.compile(r"^p-\d+$")


def extract_mentions(html: str) -> list[RawMention]:
    """Every mention of a rendered body (a link, or a later mention left unlinked), with its paragraph
    and its place in that paragraph's text."""
    return paragraph_mentions(read_body(html)[0])


def paragraph_mentions(paragraphs: list[Paragraph]) -> list[RawMention]:
    """Every mention of the paragraphs of a body read by `read_body`, in order."""
    return [RawMention(t, p.id, p.text, o, s) for p in paragraphs for t, o, s in p.links]


def mention_contexts(paragraphs: list[Paragraph]) -> list[tuple[str, str]]:
    """The text of its sentence before and after each mention of `paragraphs`, in paragraph_mentions' order:
    at most CONTEXT characters each side, cut at a word with "…" (a mention's context on its entity's page,
    mentions.csv)."""
    return contexts_of(paragraphs, mention_spans(paragraphs))


def mention_spans(paragraphs: list[Paragraph]) -> list[tuple[int, bool, int, bool]]:
    """Where each mention's context (mention_contexts) begins and ends in its paragraph's text, and whether
    each side is cut ("…"): four numbers a mention, which the rendered bodies kept between builds hold."""
    spans = []
    for paragraph in paragraphs:
        if paragraph.links:
            text = paragraph.text
            sentences = sentence_spans(text)  # once for all the paragraph's mentions
            for _, offset, words in paragraph.links:
                start, end = sentence_at(text, offset, sentences)
                spans.append(_context_span(text, start, offset, offset + len(words), end))
    return spans


def contexts_of(paragraphs: list[Paragraph], spans) -> list[tuple[str, str]]:
    """The contexts (before, after) of the mentions of `paragraphs` that `spans` (mention_spans) say."""
    contexts, ends = [], iter(spans)
    for paragraph in paragraphs:
        text = paragraph.text
        for _, offset, words in paragraph.links:
            begin, cut_before, end, cut_after = next(ends)
            before, after = text[begin:offset], text[offset + len(words):end]
            contexts.append(("…" + before if cut_before else before, after + "…" if cut_after else after))
    return contexts


# Characters of a mention's sentence shown on each side of it. The longest sentence of the corpus of saved
# pages has 585 characters: a real one is whole. A "sentence" of 20,000 characters that names someone a
# thousand times would otherwise be shown a thousand times.
CONTEXT = 400


def _context_span(text: str, start: int, offset: int, stop: int, end: int) -> tuple[int, bool, int, bool]:
    """Of the sentence text[start:end] and a mention at text[offset:stop], where the text shown before it
    begins and the text after it ends: at most CONTEXT characters each side, cut at a word (within the first,
    or after the last, CONTEXT // 2 characters), and whether each side is cut (shown with "…")."""
    first, last = max(start, offset - CONTEXT), min(end, stop + CONTEXT)
    begin = first
    if first > start:
        space = text.find(" ", first, min(first + CONTEXT // 2, offset))
        begin = space + 1 if space >= 0 else first
    finish = last
    if last < end:
        space = text.rfind(" ", stop + CONTEXT // 2, last)
        finish = space if space >= 0 else last
    return begin, first > start, finish, last < end


# Bodies to render from which several processes are worth starting, and how many at most.
PARALLEL_BODIES = 40


RENDER_PROCESSES = 2


# In a process BodyCache.prefill forks (only there): the link resolver and the kinds of the targets it was handed.
_RESOLVE = None
_KINDS: dict = {}


def _resolve_with(resolve, kinds: dict) -> None:
    """A forked process's start: keep the link resolver (a closure: it cannot be sent with each body)."""
    global _RESOLVE, _KINDS
    forks.die_with_parent()
    _RESOLVE, _KINDS = resolve, kinds


def _render_apart(job: tuple[str, bool, bool, str]):
    """A body rendered in a forked process, its quotations and its text's signature: BodyCache.render's result,
    the list of quotations and families.signature_of's pair, or None when rendering fails (the article's turn
    then renders it again, in the build's process, to say why)."""
    try:
        body, first_mention, french, language = job
        rendered = _render_and_read(body, _RESOLVE, first_mention, french)
        return rendered, quotes.find_quotes(quotes.blocks(rendered[3], _KINDS), language), signature_of(text_of(rendered[3]))
    except Exception:  # noqa: BLE001 — reported where the body is rendered again
        return None


def _render_and_read(
    body: str, resolve, first_mention: bool = True, french: bool = False
) -> tuple[str, list[str], list[str], list[Paragraph], str]:
    """A body's html, unresolved links, what the sanitiser removed, its paragraphs and its first paragraph's text."""
    html, unresolved, removed = _render(body, resolve, first_mention, french)
    return (html, unresolved, removed, *read_body(html))


class BodyCache:
    """Rendered bodies kept between builds (one JSON file each), keyed by everything a body's
    rendering depends on: its Markdown, the targets its links may name, the code that renders.
    A rebuild after one article was added renders one body; the others are read back, with the
    context of each of their mentions (mention_contexts)."""

    def __init__(self, folder: Path | None, targets: str):
        self.folder = folder
        modules = (__file__, markdown_ext.__file__, markdown_work.__file__, typography.__file__, core_text.__file__)
        code = b"".join(Path(module).read_bytes() for module in modules)
        versions = "".join(importlib.metadata.version(name) for name in ("markdown", "nh3"))
        self.salt = hashlib.sha256(code + targets.encode() + versions.encode()).hexdigest()
        self.used: set[str] = set()
        self.rendered: dict[str, tuple] = {}  # bodies rendered beforehand, by key
        self.quote_salt: str | None = None  # the hash of the code that finds quotations, on first use
        self.found_quotes: dict[str, list] = {}  # quotations found beforehand, by key
        self.keys: dict[tuple[str, bool, bool], str] = {}  # _key's, by body and flags
        self.kept_spans: dict[str, list] = {}  # the mentions' contexts (mention_spans) of the bodies read, by key
        self.signatures: dict[str, str] = {}  # the signatures of the texts rendered beforehand (families.signature_of)

    def _key(self, body: str, first_mention: bool = True, french: bool = False) -> str:
        """The key of a body's rendering; once per body and build (its rendering and its quotations ask)."""
        known = self.keys.get((body, first_mention, french))
        if known is None:
            known = self.keys[(body, first_mention, french)] = hashlib.sha256(
                f"{self.salt}\0{first_mention:d}{french:d}\0{body}".encode()).hexdigest()
        return known

    def prefill(self, bodies: list[tuple[str, bool, bool, str]], resolve, kinds: dict) -> None:
        """Render the `bodies` (body, first_mention, french, language) not kept yet, and find their
        quotations, in processes forked from this one, when there are many (a first build; Linux
        only): each is then only looked up when its article's turn comes."""
        missing: dict[str, tuple[str, bool, bool, str]] = {}
        for job in bodies:
            key = self._key(*job[:3])
            if not (self.folder and (self.folder / f"{key}.json").exists()):
                missing[key] = job
        missing = list(missing.items())
        processes = forks.processes(RENDER_PROCESSES)
        if len(missing) < PARALLEL_BODIES or processes < 2:
            return
        # Forked, the processes are handed the resolver as they start; this process keeps no copy.
        with multiprocessing.get_context("fork").Pool(processes, initializer=_resolve_with, initargs=(resolve, kinds)) as pool:
            results = pool.map(_render_apart, [body for _, body in missing], chunksize=8)
        for (key, job), result in zip(missing, results, strict=True):
            if result is not None:
                self.rendered[key] = result[0]
                self.found_quotes[self._quotes_key(key, job[3])] = result[1]
                digest, signature = result[2]
                self.signatures[digest] = signature

    def render(
        self, body: str, resolve, first_mention: bool = True, french: bool = False
    ) -> tuple[str, list[str], list[str], list[Paragraph], str]:
        """html, unresolved links, what the sanitiser removed, the paragraphs and the first paragraph's text."""
        key = self._key(body, first_mention, french)
        path = self.folder / f"{key}.json" if self.folder else None
        if path is not None:
            self.used.add(path.name)
            with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                kept = json.loads(path.read_text(encoding="utf-8"))
                paragraphs = [Paragraph(i, t, list(map(tuple, links)), tag) for i, t, links, tag in kept["paragraphs"]]
                self.kept_spans[key] = kept["contexts"]
                return kept["html"], kept["unresolved"], kept["removed"], paragraphs, kept["first"]
        rendered = self.rendered.pop(key, None) or _render_and_read(body, resolve, first_mention, french)
        html, unresolved, removed, paragraphs, first = rendered
        if path is not None:
            spans = self.kept_spans[key] = mention_spans(paragraphs)
            record = {
                "html": html, "unresolved": unresolved, "removed": removed, "first": first,
                "paragraphs": [[p.id, p.text, [list(link) for link in p.links], p.tag] for p in paragraphs],
                "contexts": [[begin, int(cut_before), end, int(cut_after)] for begin, cut_before, end, cut_after in spans],
            }
            with contextlib.suppress(OSError):
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(path, json.dumps(record, ensure_ascii=False), durable=False)
        return html, unresolved, removed, paragraphs, first

    def contexts(self, body: str, first_mention: bool, french: bool, paragraphs: list[Paragraph]) -> list[tuple[str, str]]:
        """mention_contexts of the `paragraphs` of a body `render` gave: kept with it, or worked out."""
        kept = self.kept_spans.pop(self._key(body, first_mention, french), None)
        if kept is not None and len(kept) == sum(len(paragraph.links) for paragraph in paragraphs):
            with contextlib.suppress(TypeError, ValueError):  # a record that does not hold four numbers a mention
                return contexts_of(paragraphs, kept)
        return mention_contexts(paragraphs)

    def quotes(self, body: str, first_mention: bool, french: bool, blocks, language: str) -> list[quotes.Quote]:
        """The quotations of a body (of its blocks, which `blocks()` gives, found when they are not kept yet):
        they depend on the rendered body, the kinds of its links' targets (both in the body's key), the
        article's language and the code that finds and credits quotations."""
        key = self._quotes_key(self._key(body, first_mention, french), language)
        if self.folder is None:
            return self.found_quotes.pop(key, None) or quotes.find_quotes(blocks(), language)
        path = self.folder / f"quotes-{key}.json"
        self.used.add(path.name)
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            return [quotes.Quote(p, s, t, speaker, c, tuple(e)) for p, s, t, speaker, c, e in json.loads(path.read_text(encoding="utf-8"))]
        found = self.found_quotes.pop(key, None)
        if found is None:
            found = quotes.find_quotes(blocks(), language)
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            rows = [[q.paragraph, q.start, q.text, q.speaker, q.confidence, list(q.events)] for q in found]
            write_atomic(path, json.dumps(rows, ensure_ascii=False), durable=False)
        return found

    def _quotes_key(self, body_key: str, language: str) -> str:
        if self.quote_salt is None:
            code = b"".join(Path(module.__file__).read_bytes() for module in (quotes, attribution, names, saying))
            self.quote_salt = hashlib.sha256(code).hexdigest()
        return hashlib.sha256(f"{body_key}\0{language}\0{self.quote_salt}".encode()).hexdigest()

    def prune(self) -> None:
        """Forget the bodies this build did not ask for (articles changed or gone)."""
        if self.folder and self.folder.is_dir():
            for path in self.folder.glob("*.json"):
                if path.name not in self.used:
                    path.unlink(missing_ok=True)
