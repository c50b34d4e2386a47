"""Python-Markdown extension: `[[target|text]]` wiki-links to entity and event pages, paragraph ids.

The resolver maps a target id to its page; a target it does not know is kept as
plain text and recorded in `md.unresolved_links`, so the build can say so.
Every top-level block (paragraph, heading, list item, quotation) gets an id
`p-1`, `p-2`, … so that a mention elsewhere can link to the exact paragraph.
"""

from __future__ import annotations

import bisect
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor, LinkInlineProcessor
from markdown.treeprocessors import Treeprocessor

WIKILINK_RE = r"\[\[([a-z0-9]+(?:-[a-z0-9]+)*)(?:\|(.+?))?\]\]"


class Target:
    """Where a wiki-link points: its URL, its kind (a CSS class) and a label for bare links."""

    def __init__(self, url: str, kind: str, label: str):
        self.url, self.kind, self.label = url, kind, label


class WikiLinkInlineProcessor(InlineProcessor):
    """Turns `[[id|text]]` into `<a class="mention mention-KIND" data-entity="id">text</a>`."""

    def __init__(self, pattern: str, md, resolve: Callable[[str], Target | None]):
        super().__init__(pattern, md)
        self.resolve = resolve

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown's name)
        target_id, text = m.group(1), m.group(2)
        target = self.resolve(target_id)
        if target is None:
            self.md.unresolved_links.append(target_id)
            span = etree.Element("span")
            span.text = text or target_id
            return span, m.start(0), m.end(0)
        link = etree.Element("a")
        link.set("href", target.url)
        link.set("class", f"mention mention-{target.kind}")
        link.set("data-entity", target_id)
        link.text = text or target.label
        return link, m.start(0), m.end(0)


class ParagraphIdTreeprocessor(Treeprocessor):
    """Numbers the top-level blocks and list items: id="p-1", "p-2", …"""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table"}

    def run(self, root):
        number = 0
        for element in root:
            if element.tag in ("ul", "ol"):
                items = [li for li in element if li.tag == "li"]
            elif element.tag in self.BLOCKS:
                items = [element]
            else:
                continue
            for item in items:
                number += 1
                item.set("id", f"p-{number}")


class BracketText:
    """`getText` of Python-Markdown's link and image processors, with the same result: the text between a `[`
    and the `]` that closes it, the index just past that `]` and whether there is one; else the rest of the text.

    Those processors try every `[` of a paragraph, and a body has two at each wiki-link. The library finds the
    closing bracket of every index of the paragraph at once, a Python step per character, and again each time a
    processor changes the paragraph (a link made is a placeholder in its place): a third of the time a body took
    to render, and time growing as the square of a paragraph's links (654 s for a paragraph of 170 kB with 30,000
    links). Here only the brackets are visited (found by a regular expression): the paragraph is cut where its
    depth of brackets changes, and an index's closing bracket is that of its piece (the first `]` after it that
    takes the depth below its own). The closing bracket of an index depends only on the text after it, and a
    processor only changes the paragraph before the index it tries next: when the text from that index is the
    same as in the paragraph cut (compared, not walked), its pieces still hold, shifted."""

    _BRACKET = re.compile(r"[\[\]]")

    def __init__(self) -> None:
        self.data = ""  # the paragraph cut into pieces
        self.starts: list[int] = [0]  # where each piece of it begins
        self.ends: list[int | None] = [None]  # the index past the `]` that closes each piece's depth, or None

    def __call__(self, data: str, index: int) -> tuple[str, int, bool]:
        shift = 0
        if data is not self.data:
            shift = len(data) - len(self.data)
            if not (shift <= index <= len(data) and data.endswith(self.data[index - shift :])):
                self._cut(data)
                shift = 0
        end = self.ends[bisect.bisect_right(self.starts, index - shift) - 1]
        if end is None:
            return data[index:], len(data), False
        return data[index : end + shift - 1], end + shift, True

    def _cut(self, data: str) -> None:
        self.data, self.starts, self.ends = data, [0], [None]
        depth, waiting = 0, [(0, 0)]  # the pieces whose closing bracket is not found yet: (piece, its depth)
        for bracket in self._BRACKET.finditer(data):
            depth += 1 if bracket.group() == "[" else -1
            start = bracket.end()  # the depth changes after the bracket: a new piece begins
            while waiting and depth < waiting[-1][1]:
                self.ends[waiting.pop()[0]] = start
            waiting.append((len(self.starts), depth))
            self.starts.append(start)
            self.ends.append(None)


class DossierExtension(Extension):
    """Wiki-links to the dossier's pages and paragraph anchors."""

    def __init__(self, **kwargs):
        self.config = {
            "resolve": [lambda target: None, "Callable: target id -> Target, or None when unknown"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        self.md = md
        md.unresolved_links = []
        md.registerExtension(self)
        md.inlinePatterns.register(
            WikiLinkInlineProcessor(WIKILINK_RE, md, self.getConfig("resolve")), "dossier_wikilink", 75
        )
        md.treeprocessors.register(ParagraphIdTreeprocessor(md), "dossier_paragraph_ids", 5)
        brackets = BracketText()  # one for them all: they try the same paragraph in turn
        for processor in md.inlinePatterns:
            if isinstance(processor, LinkInlineProcessor):
                processor.getText = brackets

    def reset(self):
        self.md.unresolved_links = []
