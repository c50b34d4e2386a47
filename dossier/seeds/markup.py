"""What a saved page's markup says of its furniture, where its words alone do not: a list whose items
are links to other pages (a box of explainers, a row of tags), a heading that is a link (another
article's headline), a section's link above the headline, and a photo's caption with the label a
screen reader reads before it ("Image caption, ") and its credit ("Credit…", "Foto:", "Image source, ").

Used by `html._HtmlText`, which reads the pieces of text in order; everything here reads one element.
"""

from __future__ import annotations

import re

from bs4.element import NavigableString, Tag

from .pieces import CREDIT_TAIL, IMAGE_SOURCE, clean_space

# The label of a credit, in the caption or on its own: "©", "Crédit photo :", "Credit…", "Photo : Foto:".
_CREDIT_LABEL = (
    r"(?:©|\(c\)|(?:(?:Photo|Foto)\s*:\s*)?(?:Crédits?(?:\s+photo)?|Credits?|Photo(?:graph)?|Foto|Bild)\s*(?::|\.\.\.|…))"
)
_CREDIT_AFTER = re.compile(rf"^(.*?)\s*[(\[]?\s*{_CREDIT_LABEL}\s*([^()\[\]]+?)\s*[)\]]?\s*$", re.I)
_CREDIT_START = re.compile(rf"^\s*[(\[]?\s*{_CREDIT_LABEL}\s*", re.I)
_LABEL_ONLY = re.compile(rf"^\s*[(\[]?\s*{_CREDIT_LABEL}?\s*[)\]]?\s*$", re.I)

# What a screen reader hears before a caption ("Image caption, "), and before a video's ("Media caption, ").
_IMAGE_LABEL = re.compile(r"^(?:(?:image\s+caption|légende\s+(?:de\s+l['’])?image|bildunterschrift)\s*[,:]?|caption\s*[,:])\s*", re.I)
_MEDIA_LABEL = re.compile(r"^(?:media|video)\s*caption|^légende\s+(?:de\s+la\s+)?vidéo|^video(?:unterschrift|beschreibung)", re.I)

_FILE_NAME = re.compile(r"\S+\.(?:jpe?g|png|gif|webp|avif|svg|tiff?)", re.I)

# Addresses of a person's page: a link there is a byline, never a rubric.
_PERSON_PAGE = re.compile(r"/(?:by|authors?|autor(?:en|in)?|auteurs?|profiles?|people|journalist\w*|redaktion|team|contributors?)/", re.I)


def caption(text: str, credit: str) -> tuple[str, str] | None:
    """A caption's text and credit as the page shows them, labels removed; None for no caption: a video's
    caption (the video is not kept), an image's file name, a credit's label with nothing after it ("Credit…")."""
    if _MEDIA_LABEL.match(text):
        return None
    text = _IMAGE_LABEL.sub("", text, count=1)
    labelled = bool(_CREDIT_START.match(credit))
    if not credit and (m := _CREDIT_AFTER.match(text)):
        text, credit, labelled = m.group(1).strip(), m.group(2).strip(), True
    elif not credit and (m := CREDIT_TAIL.match(text)):
        text, credit = m.group(1).strip(), m.group(2).strip()
    while (stripped := _CREDIT_START.sub("", credit, count=1)) != credit:  # "Photo : Foto: dpa/X" -> "dpa/X"
        credit = stripped
    credit = "" if _LABEL_ONLY.match(credit) else credit
    if _FILE_NAME.fullmatch(text) or _LABEL_ONLY.match(text):
        text = ""  # "WEB18-Facebook-1160x768.jpg": the image's file name; "Credit…": a label with nothing after it
    if not text and not labelled:  # a photo with its credit alone under it ("JIM WATSON/AFP"): what the page shows
        text, credit = credit, ""
    # A labelled credit alone ("Foto: dpa/X", "Credit…X") is the page's credit line, for a photo not kept: as in a text seed.
    return (text, credit) if text else None


def figure_credit(caption_tag: Tag) -> str:
    """The credit set apart from the caption in its figure, as a screen reader reads it ("Image source, Getty")."""
    figure = caption_tag.find_parent("figure")
    if figure is None:
        return ""
    for tag in figure.find_all(True):
        if tag is caption_tag or any(parent is caption_tag for parent in tag.parents):
            continue
        if m := IMAGE_SOURCE.match(clean_space(tag.get_text(" "))):
            return m.group(1).strip()
    return ""


def is_credit(tag: Tag) -> bool:
    """A photo's credit line by its class ("attribution", "credit", "copyright")."""
    return any(w in " ".join(tag.get("class") or []).lower() for w in ("credit", "copyright", "attribution"))


def caption_class(tag: Tag) -> bool:
    """Whether the element's class names it a caption ("caption", "pb-caption", "caption-text")."""
    if tag.name in ("figure", "figcaption", "img"):
        return False
    return any(
        re.fullmatch(r"(?!(?:no|has|with|without)[-_])(?:[\w-]*[-_])?caption(?:[-_][\w-]*)?", name.lower())
        for name in tag.get("class") or []
    )


def _outward(link: Tag) -> bool:
    """A link to another page, not to a place in this one."""
    href = str(link.get("href") or "").strip()
    return bool(href) and not href.startswith(("#", "javascript:"))


def _letters(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def link_only(tag: Tag, words: int = 3) -> bool:
    """An element that is one link to another page and nothing else ("Five things we learned from …"),
    of `words` words at least."""
    only = tag
    while True:
        children = [c for c in only.children if not (isinstance(c, NavigableString) and not c.strip())]
        if len(children) != 1 or not isinstance(children[0], Tag):
            return False
        only = children[0]
        if only.name == "a":
            return _outward(only) and len(only.get_text(" ").split()) >= words
        if only.name not in ("strong", "b", "em", "i", "span"):
            return False


def link_share(parts: list) -> tuple[int, int, int]:
    """Of inline parts (elements and strings): how many links to other pages, their letters, all letters."""
    links = linked = total = 0
    for part in parts:
        text = part.get_text(" ") if isinstance(part, Tag) else str(part)
        total += _letters(text)
        if isinstance(part, Tag):
            found = [part] if part.name == "a" else part.find_all("a")
            found = [a for a in found if _outward(a)]
            links += len(found)
            linked += sum(_letters(a.get_text(" ")) for a in found)
    return links, linked, total


def is_link_row(links: int, linked: int, total: int) -> bool:
    """Two links or more, and little beside them but a label: a row of tags, a line of links to other pages."""
    return links >= 2 and total > 0 and linked >= 0.75 * total


def is_link_item(item: Tag) -> bool:
    """A list item that is a link to another page, with a few words at most beside it (a date, a label)."""
    links = [a for a in item.find_all("a") if _outward(a)]
    if not links:
        return False
    text = clean_space(item.get_text(" "))
    for other in links + item.find_all("time"):
        text = text.replace(clean_space(other.get_text(" ")), " ", 1)
    return len(text.split()) <= 3


def is_link_list(tag: Tag) -> bool:
    """A list of two items or more, each a link to another page ("Why are floods getting worse?", "Farming")."""
    items = [child for child in tag.children if isinstance(child, Tag) and child.name == "li"]
    return len(items) >= 2 and all(is_link_item(item) for item in items)


def is_link_heading(tag: Tag) -> bool:
    """A heading that is a link to another page, inside it or around it: another article's headline."""
    links = [a for a in tag.find_all("a") if _outward(a)]
    if links and sum(_letters(a.get_text(" ")) for a in links) >= 0.9 * _letters(tag.get_text(" ")):
        return True
    around = tag.find_parent("a")
    return around is not None and _outward(around) and _letters(around.get_text(" ")) <= 2 * _letters(tag.get_text(" "))


def is_rubric_link(parts: list) -> bool:
    """Inline parts that are one short link to a section of the site ("Farming", "Climate"), not to a person."""
    tags = [part for part in parts if isinstance(part, Tag)]
    links = [a for tag in tags for a in ([tag] if tag.name == "a" else tag.find_all("a")) if _outward(a)]
    if len(links) != 1 or _PERSON_PAGE.search(str(links[0].get("href"))):
        return False
    _, linked, total = link_share(parts)
    return linked == total and 0 < len(links[0].get_text(" ").split()) <= 4
