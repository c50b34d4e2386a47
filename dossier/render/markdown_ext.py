"""Python-Markdown extension: `[[target|text]]` wiki-links to entity and event pages, paragraph ids.

The resolver maps a target id to its page; a target it does not know is kept as
plain text and recorded in `md.unresolved_links`, so the build can say so.
Every top-level block (paragraph, heading, list item, quotation) gets an id
`p-1`, `p-2`, … so that a mention elsewhere can link to the exact paragraph.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
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

    def reset(self):
        self.md.unresolved_links = []
