"""The pasted-text reader: a page copied from a browser, line by line, told apart into the article's title,
metadata, body, captions and the page's chrome around it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from ..core.errors import IngestError, shown
from ..core.model import Article, Block, PartialDate
from ..core.text import normalize_key, sentence_spans, slugify
from . import chrome, metadata, outlets, published
from .pieces import (
    BY_ANY,
    BYLINE_TAG,
    CATEGORIES,
    DATE_PREFIX,
    FIGURE_LABEL,
    FRENCH_DATE,
    GLUED,
    HEADING_WORDS,
    IMAGE_CAPTION,
    IMAGE_SOURCE,
    ISO_DATE_LINE,
    MAX_TITLE,
    OPINION_HINTS,
    ROLE_TAG,
    SECTION_GENRES,
    SENTENCE_BREAK,
    TERMINAL,
    URL_LINE,
    Piece,
    body_block,
    bounded,
    caption_block,
    drop_pull_quotes,
    drop_trailing_navigation,
    drop_trailing_topics,
    glued_sections,
    group_quotes,
    guess_language,
    is_paragraph,
    mark_section_headings,
    parse_date,
    short_title,
    split_names,
    title_from_lead,
)


def parse_text(text: str, name: str) -> Article:
    """Parse the decoded text of a plain-text seed."""
    pieces, last = [], 0
    for number, line in _numbered_lines(text):
        pieces.append(Piece(number, line, blank_before=number > last + 1 and last > 0))
        last = number
    return parse_pieces(pieces, name, one_line=len({piece.line for piece in pieces}) == 1)


def _numbered_lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their numbers; paragraphs glued together are split again."""
    result = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = re.sub(r"[ \t\u00a0]+", " ", raw).strip()
        if not line:
            continue
        for glued in _GLUED_UPDATE.split(line):
            for piece in GLUED.split(glued):
                if piece.strip():
                    result.append((number, piece.strip()))
    return result


# An update line glued to the publication line: "Publié le 12 févr. 2025 à 17:40Mis à jour le 13 févr. …"
_GLUED_UPDATE = re.compile(r"(?<=\d)(?=(?:Mis\s+à\s+jour|Modifié|Updated|Aktualisiert|Stand)\b)")


def parse_pieces(
    pieces: list[Piece], name: str, meta: dict | None = None, *, mark_headings: bool = True, keep_header: bool = False,
    one_line: bool = False,
) -> Article:
    """The heuristics shared by every format; `meta` holds what the seed's own metadata says, which wins.

    `mark_headings`: short lines followed by text become headings (when the seed marks none);
    `keep_header`: when the metadata or a `# ` line gives the title, the other short lines above
    the text are kept as text (.md and .html seeds) rather than dropped as title candidates;
    `one_line`: the seed's text has no line breaks (it is split into paragraphs at its sentences).
    """
    meta = dict(meta or {})
    pieces, cut = bounded(pieces, name, one_line)  # first: every step after has bounded work
    meta["warnings"] = [*meta.get("warnings", ()), *cut]
    # Found before the page's foot is cut off (a box's button may be the last line kept).
    promotions = {id(pieces[index]) for index in _promotions(pieces) | _reader_prompts(pieces)}
    # A video's length and the title under it are furniture wherever they stand, even above the text.
    players = {id(pieces[index]) for index in _players(pieces)}
    # The site's own name: printed first, as its logo, or in its copyright line at the foot of the page.
    masthead = _masthead(pieces) or next(filter(None, (_copyright_holder(piece.text) for piece in pieces)), None)
    kept = drop_trailing_navigation(pieces)
    foot_cut = len(kept) < len(pieces)  # the page's menus and footer after the text were cut off
    pieces = kept
    reader = _LineReader(name, meta, pasted=not keep_header)
    foot_cut = reader.read_all(pieces, promotions, players) or foot_cut
    if foot_cut:  # the topics listed between the text and the page's foot go with it
        drop_trailing_topics(reader.blocks)

    article, blocks = reader.article, reader.blocks
    _choose_title(article, meta.get("title"), reader.held, blocks, name, keep_header)
    if len(article.title) > MAX_TITLE:
        article.warnings.append(f"{name}: a title of {len(article.title):,} characters; cut to its first sentence or "
                                f"{MAX_TITLE} characters (edit the title in the article's front matter)")
        article.title = short_title(article.title)
    article.blocks = group_quotes(mark_section_headings(blocks) if mark_headings else blocks)
    article.blocks = drop_pull_quotes(article.blocks)
    _apply_seed_metadata(article, meta, reader.dates)
    _settle_outlet(article, meta, masthead)
    if article.url and re.search(r"/(opinion|opinions|tribune|tribunes)/", urlsplit(article.url).path):
        reader.genre_hints.append("opinion")
    article.genre = meta.get("genre") or ("opinion" if "opinion" in reader.genre_hints else "news")
    article.language = meta.get("language") or guess_language(" ".join(b.text for b in article.blocks))
    if article.date is None and not any("no publication date found" in warning for warning in article.warnings):
        article.warnings.append(f"{name}: no publication date found; the date is shown as unknown")
    article.slug = slugify(article.title, max_length=60) or slugify(Path(name).stem) or "article"
    return article


def _apply_seed_metadata(article: Article, meta: dict, dates: list[published.Statement]) -> None:
    """What the seed says of itself (front matter, meta tags) wins over what the heuristics found; the date
    settled between what the page states in each place (its metadata, its header lines, its address)."""
    for key in ("authors", "outlet", "url"):
        if meta.get(key):
            setattr(article, key, meta[key])
    if meta.get("date") is not None:  # the front matter: the curator's word
        article.date, article.date_source = meta["date"], meta["date_source"]
    else:
        _settle_date(article, meta, dates)
    if not article.authors and meta.get("fallback_authors"):
        article.authors = meta["fallback_authors"]


def _settle_date(article: Article, meta: dict, dates: list[published.Statement]) -> None:
    """The date the page's statements agree on; unknown, and why, where they disagree; htmldate's reading
    of the page's markup where it states none."""
    statements = list(meta.get("date_statements", ())) + dates
    if (in_address := published.url_date(article.url)) is not None:
        statements.append(published.Statement(in_address, "url", "the page's address"))
    first_text = next((b.text for b in article.blocks if b.kind == "paragraph"), "")
    if (in_dateline := metadata.dateline_date(first_text)) is not None:
        statements.append(published.Statement(in_dateline, "dateline", "the dateline"))
    chosen, disagreement = published.settle(statements, meta.get("date_updates", ()))
    if chosen is not None:
        article.date, article.date_source = chosen.date, chosen.source
    elif disagreement:
        article.warnings.append(
            f"{article.seed}: no publication date found: {disagreement}; the date is shown as unknown"
            " (set it in content/seeds.yml, or confirm the build's proposal)"
        )
    elif meta.get("fallback_date") is not None:
        article.date, article.date_source = meta["fallback_date"], "the page's markup (htmldate)"


def _settle_outlet(article: Article, meta: dict, masthead: str | None) -> None:
    """The agency of a dateline ("MOSCOU (AFP) –"), and the outlet: as the page prints it, else from its
    address, else the agency whose story it is, else the site's name over the page (`masthead`)."""
    first_text = next((b.text for b in article.blocks if b.kind == "paragraph"), "")
    article.agency = article.agency or metadata.dateline(first_text)
    if article.outlet and not meta.get("outlet"):
        article.outlet = outlets.readable(article.outlet)
    if not article.outlet and article.url:
        article.outlet = outlets.from_url(article.url)
    elif article.url and not meta.get("outlet") and (agency := metadata.AGENCIES.get((article.outlet or "").lower())):
        # An agency's story on another site ("Associated Press" printed on a Yahoo News page): the site is the outlet.
        site = outlets.from_url(article.url)
        if site and site != agency:
            article.outlet, article.agency = site, article.agency or agency
    article.outlet = article.outlet or masthead or article.agency


class _LineReader:
    """Reads a seed's pieces in order and tells each apart: the header (title candidates, rubrics, byline,
    dates), the text, the captions, the furniture. Holds what it has found so far."""

    def __init__(self, name: str, meta: dict, pasted: bool = True):
        self.name, self.meta = name, meta
        self.pasted = pasted  # a page copied as text, whose lines are read alone (not marked up by its author or site)
        self.article = Article(seed=name, seed_sha256="", title="")
        self.article.warnings.extend(meta.get("warnings", ()))
        self.genre_hints: list[str] = list(meta.get("genre_hints", ()))
        self.header_done = False
        # Lines before the text that may be the title: (position among the blocks, block, is a `# ` line).
        self.held: list[tuple[int, Block, bool]] = []
        self.blocks: list[Block] = []
        self.credit = ""  # "Image source, Getty Images": the credit of the caption on the next line
        self.bare_names = False  # the authors were read from a line of names alone, without "By"
        self.label = ""  # "credit" or "caption": a figure's label alone on the line above ("Image caption")
        self.dates: list[published.Statement] = []  # the publication dates the header states, in order
        self.previous = ""  # what the last line read was: "headline", "prose", "date", "byline", "names", "outlet", "other"

    def read_all(self, pieces: list[Piece], promotions: set[int], players: set[int]) -> bool:
        """Read the pieces but the furniture among them (by `id`); True if the article's end was met (the
        readers' comments, other articles), with the page's foot after it left unread."""
        listing = ""  # inside a table of "contents" or a list of "teasers": its short lines are links
        listed: set[str] = set()  # the entries of that list so far
        paragraphs, counted = 0, 0  # prose read so far: a standfirst may come before the byline and the date
        for index, piece in enumerate(pieces):
            line = piece.text
            if piece.kind in ("teaser", "rubric"):  # kept this far so that the page's reading by trafilatura agrees on it
                self.genre_hints.append(SECTION_GENRES.get(line.lower(), "") if piece.kind == "rubric" else "")
                continue
            if self._figure_label(piece):
                continue
            paragraphs += sum(block.kind == "paragraph" and is_paragraph(block.text) for block in self.blocks[counted:])
            counted = len(self.blocks)
            if paragraphs >= 2 and chrome.is_comments_heading(line):
                return True  # the readers' comments: the article has ended
            if paragraphs >= 3 and index > 0.75 * len(pieces) and chrome.is_closing_heading(line) and piece.kind != "title":
                return True  # "Other Opinion Columns", "More from World" at the foot of the page: other articles
            # The list ends at a contents' first entry seen again (the text's first heading), or at a
            # heading of the article: a line right above the text, shorter than the teasers before it.
            if (
                listing and piece.kind in ("", "bullet", "numbered", "heading") and _is_list_entry(line)
                and line not in listed and not (listing == "teasers" and _heads_text(pieces, index, paragraphs > 0))
            ):
                listed.add(line)
                continue
            listing = (
                "contents" if chrome.is_table_of_contents(line) else "teasers" if chrome.is_teaser_heading(line) else ""
            )
            listed = set() if listing else listed
            if not line or chrome.is_chrome(line) or listing or id(piece) in players or (id(piece) in promotions and paragraphs >= 2):
                continue
            self.previous = self.read(piece, paragraphs)
        return False

    def _figure_label(self, piece: Piece) -> bool:
        """A figure's label or credit on a line of its own, read with the caption it belongs to; True if it was one.

        "Image caption" alone: the next line is a caption; "Image copyright" alone: the next line is a credit
        (for the caption after it); "Credit…Name", "(Photo : Foto: Name)" right under a line of a pasted page:
        that line is a caption, and this its credit. A credit under nothing that may be a caption goes.
        """
        line, label = piece.text, self.label
        self.label = ""
        if label == "credit":
            self.credit = line
        elif label == "caption":
            self.blocks.append(Block("caption", line, piece.line, extra=self.credit))
            self.credit = ""
        elif m := FIGURE_LABEL.fullmatch(line):
            self.label = "caption" if m.group("caption") else "credit"
        elif not piece.kind and (m := chrome.CREDIT_LINE.fullmatch(line)):
            last = self.blocks[-1] if self.blocks else None
            if (
                self.pasted and last is not None and last.kind in ("paragraph", "caption") and not last.extra
                and last.line == piece.line - 1 and not piece.blank_before and len(last.text.split()) <= 40
            ):
                last.kind, last.extra = "caption", m.group("credit")
        else:
            return False
        return True

    def read(self, piece: Piece, paragraphs: int) -> str:
        """Read one line of the header or the text; say what it was."""
        lineno, line = piece.line, piece.text
        if piece.kind == "title" and not self.header_done:
            self.held.append((len(self.blocks), Block("heading", line, lineno), True))
            return "headline"
        authors = self.article.authors or self.meta.get("authors") or self.meta.get("fallback_authors") or []
        if paragraphs >= 2 and piece.kind in ("", "heading") and line in authors:
            return "byline"  # an author's name over the box about the authors, at the foot
        if piece.kind == "bullet" and paragraphs < 2 and self._metadata_line(line, lineno, True):
            return "date"  # the page's date in an item of its header ("<li><time>March 12, 2024</time></li>")
        if piece.kind:
            kind = "heading" if piece.kind == "title" else piece.kind
            self.blocks.append(Block(kind, line, lineno, piece.extra))
            # A caption may sit above the byline and the date, as in the text seeds.
            self.header_done = self.header_done or kind != "caption"
            return "other"
        if not self.header_done and (m := DATE_PREFIX.match(line)):  # "date 2023-09 Title": a date, then the title
            self._state(m.group(1), "labelled", lineno)
            line = m.group(2).strip()
        if self._metadata_line(line, lineno, paragraphs < 2):
            return "date"
        found = (
            self._credit_line(line, lineno, paragraphs, authors)
            or self._figure_line(line, lineno)
            or self._header_line(line, lineno)
        )
        if found:
            return found
        self.blocks.append(body_block(line, lineno))
        return "prose" if is_paragraph(line) else "other"

    def _credit_line(self, line: str, lineno: int, paragraphs: int, authors: list[str]) -> str | None:
        """A byline, a line about the authors or their role, or the outlet's name: what it was; None for another line."""
        article, previous = self.article, self.previous
        # A line of names alone is a byline only right below the headline, the standfirst or the dates.
        bare = paragraphs < 2 and previous in ("headline", "prose", "date", "byline", "outlet", "names")
        if (by := _byline(line, bare, paragraphs)) is not None:
            prefixed = metadata.is_prefixed_byline(line)
            if by.authors and (not article.authors or (prefixed and self.bare_names)):
                # "By X" says it is the byline: it wins over a line of names alone read before it ("BBC Homepage").
                article.authors, self.bare_names = by.authors, not prefixed
                article.agency = article.agency or by.outlet
            elif by.authors and previous == "names" and not prefixed:
                article.authors += [a for a in by.authors if a not in article.authors]  # one name a line
            if OPINION_HINTS.search(by.role):
                self.genre_hints.append("opinion")
            # The line after a line of names may name the outlet ("Jane Doe" / "BBC News").
            return "names" if by.authors and not metadata.is_prefixed_byline(line) and not by.outlet else "byline"
        if authors and (about := _about_the_authors(line, authors)):
            if about == "note":  # "Anna Berger ist Chefärztin …": kept, apart from the text
                self.blocks.append(Block("author", line, lineno))
            return "byline"  # the byline printed again under the title, or the authors' box at the end
        if (
            previous in ("byline", "names")
            and len(line.split()) <= 12
            and metadata.is_role(line)
            and ":" not in line  # "(All photos: Atlas staff)" is a credit, not the author's job
            and (paragraphs >= 2 or not is_paragraph(line))
        ):
            return "byline"  # "Korrespondent für Arbeitsrecht in Berlin." under the author's name
        if paragraphs >= 1 and outlets.is_known(line):
            return "outlet"  # the site's name alone: a logo or a credit
        if (
            previous == "names"
            and paragraphs < 2
            and _outlet_name(line)
            and line[:1].isupper()
            and not chrome.has_interface_words(line)
            and not metadata.is_role(line)  # "Environment correspondent" under the name
        ):
            article.outlet = article.outlet or line
            return "outlet"
        return None

    def _figure_line(self, line: str, lineno: int) -> str | None:
        """A photo's caption, or its credit on the line above it: "other"; None for another line."""
        if caption := caption_block(line, lineno):
            if not self.blocks or (self.blocks[-1].kind, self.blocks[-1].text) != ("caption", caption.text):  # a gallery repeats it
                self.blocks.append(caption)
            return "other"
        if m := IMAGE_SOURCE.match(line):
            self.credit = m.group(1).strip()
            return "other"
        if m := IMAGE_CAPTION.match(line):
            self.blocks.append(Block("caption", m.group(1).strip(), lineno, extra=self.credit))
            self.credit = ""
            return "other"
        return None

    def _header_line(self, line: str, lineno: int) -> str | None:
        """A line above the text: a rubric, the site's name, or a candidate for the title. None once the text
        has begun, which a paragraph that is no headline begins."""
        if self.header_done:
            return None
        if is_paragraph(line) and not _is_headline(line, self.held):
            self.header_done = True
            return None
        genre = SECTION_GENRES.get(line.lower())
        if genre:
            self.genre_hints.append(genre)
        elif line.casefold() in {section.casefold() for section in self.meta.get("sections", ())}:
            return "other"  # the page's section, as its metadata names it ("Features"): a rubric, not text
        elif glued_sections(line):
            self.genre_hints.extend(glued_sections(line))
        elif outlets.is_known(line) and any(len(block.text.split()) >= 4 for _, block, _ in self.held):
            self.article.outlet = self.article.outlet or outlets.readable(line)  # the site's name under the headline
            return "outlet"
        else:
            self.held.append((len(self.blocks), Block("paragraph", line, lineno), False))
        return "headline" if len(line.split()) >= 4 else "other"

    def _metadata_line(self, line: str, lineno: int, near_top: bool) -> bool:
        """Read a line that says something of the article (its address, date, rubric, outlet); True if it was one."""
        if self._labelled_line(line):
            return True
        if found := metadata.dated_byline(line, self.meta.get("language")):  # "Publié le 3 février 2024 par X"
            if near_top:
                self._state(found[0].published, "labelled" if found[0].kind == "published" else "bare", lineno)
                if not self.article.authors or self.bare_names:
                    self.article.authors, self.bare_names = found[1].authors, False
            return True
        if not self.header_done and self._rubric_line(line):
            return True
        if near_top and self._separated_line(line, lineno):
            return True
        return self._date_line(line, lineno, near_top)

    def _labelled_line(self, line: str) -> bool:
        """The article's address, or a line that names what it gives ("Catégories :", "Auteur :", "Source :")."""
        article = self.article
        if URL_LINE.match(line):
            article.url = article.url or line
            return True
        if m := CATEGORIES.match(line):
            self.genre_hints.extend(SECTION_GENRES.get(c.strip().lower(), "") for c in m.group(1).split(","))
            return True
        if m := BYLINE_TAG.match(line):
            article.authors = article.authors or split_names(m.group(2))
            return True
        if m := ROLE_TAG.match(line):
            article.outlet = article.outlet or m.group(2).strip()
            return True
        if m := _SOURCE_LINE.match(line):  # "Quelle: ZEIT ONLINE, dpa", "Source: Al Jazeera"
            for part in re.split(r"\s*[,/]\s*", m.group(1)):
                if part.lower() in metadata.AGENCIES:
                    article.agency = article.agency or metadata.AGENCIES[part.lower()]
                elif part:
                    article.outlet = article.outlet or outlets.readable(part)
            return True
        return False

    def _rubric_line(self, line: str) -> bool:
        """Above the text: a breadcrumb of rubrics, or the outlet with the agency whose story it runs."""
        if metadata.is_breadcrumb(line):
            self.genre_hints.extend(SECTION_GENRES.get(part.strip().lower(), "") for part in re.split(r"[>›»/|→]", line))
            return True
        if m := _OUTLET_WITH_AGENCY.match(line):
            self.article.outlet = self.article.outlet or m.group("outlet").strip()
            self.article.agency = self.article.agency or metadata.AGENCIES[m.group("agency").lower()]
            return True
        return False

    def _separated_line(self, line: str, lineno: int) -> bool:
        """Near the top, metadata side by side, each part read alone:
        "Le Monde | 04.05.2015 à 13h36 • Mis à jour le 05.05.2015 | Par Martin Untersinger"."""
        if not separated_metadata(line, self.meta.get("language")):
            return False
        for part in _SEPARATED.split(line):
            if (by := metadata.byline(part)) and not self.article.authors:
                self.article.authors = by.authors
            elif outlets.is_known(part):
                self.article.outlet = self.article.outlet or outlets.readable(part)
            else:
                self._metadata_line(part, lineno, near_top=True)
        return True

    def _date_line(self, line: str, lineno: int, near_top: bool) -> bool:
        """A line of dates: a publication line near the top dates the article; no date line is text."""
        if not self.header_done and (ISO_DATE_LINE.match(line) or FRENCH_DATE.match(line)):
            self._state(line, "bare", lineno)
            return True
        if (when := metadata.date_line(line, self.meta.get("language"))) is not None:
            # A publication or update line is never text; those at the top state the article's date.
            if when.published is not None and near_top:
                self._state(when.published, "labelled" if when.kind == "published" else "bare", lineno)
            return True
        return False

    def _state(self, value: str | PartialDate, kind: str, lineno: int) -> None:
        """A publication date the header states, for `published.settle`; the first, if it is no date, an error."""
        if isinstance(value, str):
            try:
                value = parse_date(value)
            except ValueError as error:
                if self.dates:
                    return
                raise IngestError(f"{self.name}:{lineno}: impossible date {shown(value)}: {error}") from None
        self.dates.append(published.Statement(value, kind, f"line {lineno}"))


def _promotions(pieces: list[Piece]) -> set[int]:
    """The lines of the promotion boxes set in the text: a newsletter's pitch, a teaser behind a paywall.

    A box ends with a sign-up button ("S'inscrire", "Jetzt anmelden") and begins at its heading
    ("Newsletter Sports") or at the blank line above it; its lines are short. A button alone in
    its block ("Subscribe to read") labels the short lines that follow it.
    """
    found: set[int] = set()
    for index, piece in enumerate(pieces):
        if not chrome.is_call_to_action(piece.text):
            continue
        box, above = [index], index - 1
        while above >= 0 and len(box) <= 3 and not pieces[above + 1].blank_before:
            if chrome.is_promo_heading(pieces[above].text):
                box.append(above)
                break
            if not _is_promo_line(pieces[above].text):
                box = [index]  # not a box: the text runs into the button
                break
            box.append(above)
            above -= 1
        else:
            if above < 0 or not pieces[above + 1].blank_before:
                box = [index]  # neither a heading nor a blank line above it: not a box
        found.update(box)
        if piece.blank_before:
            below = index + 1
            while below < len(pieces) and not pieces[below].blank_before and not is_paragraph(pieces[below].text):
                found.add(below)
                below += 1
    return found


def _reader_prompts(pieces: list[Piece]) -> set[int]:
    """The lines of a box asking for a like or a share: its question ("Vous avez aimé cet article ?", "Did you
    enjoy this article?") and the short prompts right under it ("Partagez-le avec vos amis !")."""
    found: set[int] = set()
    for index, piece in enumerate(pieces):
        if not chrome.is_engagement_question(piece.text):
            continue
        found.add(index)
        below = index + 1
        while (
            below < len(pieces)
            and below - index <= 4
            and not pieces[below].blank_before
            and (chrome.is_reader_prompt(pieces[below].text) or chrome.is_chrome(pieces[below].text))
        ):
            found.add(below)
            below += 1
    return found


_PLAYER_TIME = re.compile(r"\d{1,2}:\d\d(?::\d\d)?")


def _players(pieces: list[Piece]) -> set[int]:
    """The lines of the video players set in the page: a length ("2:36") and the short title right under it."""
    found: set[int] = set()
    for index, piece in enumerate(pieces):
        if _PLAYER_TIME.fullmatch(piece.text):
            found.add(index)
            title = pieces[index + 1] if index + 1 < len(pieces) else None
            if title and not title.blank_before and not is_paragraph(title.text) and len(title.text.split()) <= 16:
                found.add(index + 1)
    return found


def _is_promo_line(line: str) -> bool:
    """Short enough to be a line of a promotion box: a sentence or two, 30 words at most."""
    return len(line.split()) <= 30 and len(SENTENCE_BREAK.findall(line)) <= 1


def _is_list_entry(line: str) -> bool:
    """A line that may be an entry of a list of links: not prose, or one short sentence ("Wer haftet?")."""
    return not is_paragraph(line) or (len(line.split()) <= 16 and len(SENTENCE_BREAK.findall(line)) <= 1)


def _heads_text(pieces: list[Piece], index: int, in_text: bool) -> bool:
    """Whether the line at `index`, within a list of links, is rather the headline or a heading of the text.

    It is when the text follows it directly (no blank line between, in a text seed) and, once the
    text has begun, it is as short as a heading is (teasers are headlines, longer than headings).
    """
    after = index + 1
    while after < len(pieces) and chrome.is_chrome(pieces[after].text):
        after += 1
    if after == len(pieces) or not is_paragraph(pieces[after].text):
        return False
    if any(piece.blank_before for piece in pieces[index + 1 : after + 1]):
        return False
    return not in_text or len(pieces[index].text.split()) <= HEADING_WORDS


def _about_the_authors(line: str, authors: list[str]) -> str:
    """"again": the byline printed again ("MARGARET HOLLIS", "Claire Vasseur (Chisinau)"); "note": a line
    about its authors ("Hollis covers the Supreme Court for The Associated Press.", "Anna Berger ist
    Chefärztin …", "By Alex Heath, a deputy editor and author of …"), an author's name, then what the
    author is or does; "" for any other line."""
    again = metadata.byline(line, bare=True)
    if again is not None and again.authors and set(again.authors) <= set(authors):
        return "again"
    # Each pattern below names the authors, so it is compiled for each seed: only for a line that may match
    # (it begins with a name, or with "by"), the pattern then deciding.
    parts = [part for name in authors for part in (name, name.split()[-1])]
    names = "|".join(re.escape(part) for part in parts)
    starts = (" and ".join(authors), *parts)
    if (line.startswith(starts) or (line[:1] == "(" and line[1:].startswith(starts))) and re.fullmatch(
        rf"\(?(?:{re.escape(' and '.join(authors))}|{names})(?:\s*[,(][^()]{{1,60}}\)?)?\)?", line
    ):
        return "again"  # "Clémence Vautrin (Correspondante à Lyon)", "(Maria Hofbauer, 14.1.2025)"
    note = len(line) < 400 and bool(
        (line.startswith(tuple(parts)) and re.match(rf"^(?:{names})\s+{_ABOUT_AN_AUTHOR}", line))
        or (_BY.match(line) and re.match(rf"^(?:by|par|von)\s+(?:{names}),\s+\w", line, re.I))
    )
    return "note" if note else ""


_BY = re.compile(r"(?:by|par|von)\s", re.I)


# What follows an author's name in a line about the author: a verb of being or of covering a beat.
_ABOUT_AN_AUTHOR = (
    r"(?:is|was|has\s+been|est|était|a\s+été|ist|war|covers|has\s+covered|reports\s+on|writes\s+(?:about|for)|"
    r"couvre|écrit\s+(?:sur|pour)|berichtet\s+(?:über|aus)|schreibt\s+(?:über|für)|joined|a\s+rejoint)\b"
)


_SOURCE_LINE = re.compile(r"^(?:Quelle|Source|Sources)\s*:\s*([\w’'.&+ ,/-]{2,60})$")


_SEPARATED = re.compile(r"\s+[|•·]\s+")


def separated_metadata(line: str, language: str | None = None) -> bool:
    """Metadata side by side, each part a date, a byline, the outlet or chrome ("Oct 15, 2015 · 18 min read")."""
    return bool(_SEPARATED.search(line)) and all(
        metadata.date_line(part, language) or metadata.byline(part) or outlets.is_known(part) or chrome.is_chrome(part)
        for part in _SEPARATED.split(line)
    )


# "L'Express avec AFP", "Le Monde with Reuters": the outlet and the agency whose story it runs.
_OUTLET_WITH_AGENCY = re.compile(
    r"^(?P<outlet>[A-ZÀ-Ý][\w’'. -]{1,40}?)\s+(?:avec|with|mit|et|and|/)\s+(?:l['’])?"
    r"(?P<agency>AFP|Reuters|AP|dpa|ANSA|EFE)$",
    re.I,
)


_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\s*©?)\s*(?:\d{4}\s*[-–]?\s*)?(?P<name>[A-ZÀ-Ý][\w’'. &-]{1,50}?)\s*(?:\d{4})?\s*"
    r"(?:[.,]\s*(?:all rights reserved|tous droits réservés|alle rechte vorbehalten).*)?\.?$",
    re.I,
)


def _copyright_holder(line: str) -> str | None:
    """The outlet a copyright line names ("© Le Figaro 2025", "Copyright 2025 BBC. All rights reserved.")."""
    line = line.strip()
    m = _COPYRIGHT.match(line) or _COPYRIGHT_AFTER.match(line)
    if not m or len(line) > 160:
        return None
    holder = m.group("name").strip(" .")
    if re.fullmatch(r"(?:all rights reserved|tous droits réservés|alle rechte vorbehalten)", holder, re.I):
        return None
    return outlets.readable(holder) if _outlet_name(holder) else None


_COPYRIGHT_AFTER = re.compile(r"^(?P<name>[A-ZÀ-Ý][\w’'. &-]{1,50}?)\s*©\s*\d{4}\.?$")


def _masthead(pieces: list[Piece]) -> str | None:
    """The site's name printed first, as its logo, when a menu follows it ("Le Figaro" / "Rechercher")."""
    plain = [piece.text for piece in pieces[:12] if not piece.kind and not chrome.is_chrome(piece.text)][:2]
    if len(plain) < 2 or SECTION_GENRES.get(plain[0].lower()):
        return None
    if not _outlet_name(plain[0]) and not outlets.is_known(plain[0]):
        return None
    if chrome.is_chrome(plain[0]) or metadata.is_breadcrumb(plain[0]) or glued_sections(plain[0]):
        return None
    menu_follows = chrome.is_chrome(plain[1]) or len(plain[1].split()) <= 2
    # A menu's first entry looks the same: the site's name is known, or printed again (a copyright,
    # a credit, a source line).
    again = re.compile(
        rf"(?:©|copyright|quelle|source|photo|foto|[|/(]|\bfor\b|\bpour\b).*\b{re.escape(plain[0])}\b", re.I
    )
    recurs = any(again.search(piece.text) for piece in pieces[12:])
    return outlets.readable(plain[0]) if menu_follows and (outlets.is_known(plain[0]) or recurs) else None


def _outlet_name(line: str) -> bool:
    """A short capitalised name that may be a publication's ("BBC News", "Le Figaro")."""
    words = line.split()
    return 1 <= len(words) <= 4 and line[:1].isalnum() and not line.endswith(TERMINAL) and not metadata.find_date(line)


_MONTHS = "|".join(re.escape(name.capitalize()) for name in sorted(metadata.MONTHS, key=len, reverse=True))


# A month's name glued to the word before it ("MufsonMarch 18"): two elements of the page side by side.
_GLUED_MONTH = re.compile(rf"(?<=[a-zà-ÿ])(?=(?:{_MONTHS})\b)")


_MONTH_DAY = re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\.?\s+(?:{_MONTHS})\b", re.I)


def _byline(line: str, bare: bool, paragraphs: int) -> metadata.Byline | None:
    """The byline this line is, if any. "Par X", "By X", "Von X" name the authors above or at the top
    of the text, a line of names alone (`bare`) only where a byline stands; further down, a short
    "By X" (who posted the page) is dropped without naming anyone."""
    if len(line) >= 160:
        return None
    if paragraphs < 2:
        found = metadata.byline(line, bare=bare)
        if found is None and metadata.is_prefixed_byline(line):
            # "By Steven MufsonMarch 18 at 12:22 PM Follow @StevenMufson": the names, then the date
            unglued = _GLUED_MONTH.sub(" ", line)
            if (date := _MONTH_DAY.search(unglued)) is not None and date.start() > 0:
                found = metadata.byline(unglued[: date.start()].strip(" ,|–-"), bare=bare)
        if found is not None:
            return found
    if BY_ANY.match(line) and len(line.split()) <= 5 and not line.endswith(TERMINAL):
        return metadata.Byline()
    return None


def _is_headline(line: str, held: list) -> bool:
    """A headline that ends like a sentence: a question, an exclamation, a quotation
    ("Marc Tessier : « Nous ne pouvons plus… »"), before any other headline was seen."""
    return (
        line.rstrip().endswith(("?", "!", "»", "”", '"'))
        and len(line.split()) <= 25
        and len(sentence_spans(line)) == 1
        and not any(len(block.text.split()) >= 4 for _, block, _ in held)
    )


def _headline(lines: list[str]) -> str:
    """The headline among the short lines above the text: the longest that reads as one.

    A pasted page puts menus, rubrics, kickers and buttons around the headline; they are
    a few words each, where a headline is a phrase. Between phrases of equal length, the later.
    """
    phrases = [line for line in lines if 3 <= len(line.split()) <= 22]
    if not phrases:
        return lines[-1]
    longest = max(reversed(phrases), key=len)
    # A headline and, right under it, its longer standfirst (no full stop): the first is the headline.
    before = lines.index(longest) - 1
    if before >= 0 and len(longest.split()) >= 15 and lines[before] in phrases and len(lines[before].split()) >= 5:
        return lines[before]
    return longest


def _letters(text: str) -> str:
    return "".join(ch for ch in normalize_key(text) if ch.isalnum())


def _choose_title(article: Article, given: str | None, held, blocks: list[Block], name: str, keep_header: bool) -> None:
    """The title: the seed's own metadata, else a `# ` line, else the last short line before the text."""
    h1 = next((block for _, block, is_h1 in held if is_h1), None)
    keep = []
    if given:
        article.title = given
    elif h1 is not None:
        article.title = h1.text
    elif held:
        article.title = _headline([block.text for _, block, _ in held])
    else:
        article.title = title_from_lead(blocks)
        article.warnings.append(
            f"{name}: no title line found; using the opening words of the text"
            " (edit the title in the article's front matter)"
        )
    if keep_header and (given or h1 is not None):
        # The title is known from the seed's metadata or markup, so the short lines above the
        # text are not candidates for it: they are text (a subtitle, a kicker), not site chrome,
        # which the filters dropped already. A .txt seed has no such certainty.
        title_key = _letters(article.title)  # "Kicker Title" printed "KickerTitle" by the page's styles is the title
        keep = [(position, block) for position, block, _ in held if _letters(block.text) != title_key]
    elif held:
        # Below the headline, a phrase of ten words or more is its standfirst, which is text.
        title_at = (
            max(i for i, (_, block, _) in enumerate(held) if block.text == article.title)
            if not given and h1 is None and any(block.text == article.title for _, block, _ in held)
            else len(held)
        )
        keep = [(position, block) for position, block, _ in held[title_at + 1 :] if len(block.text.split()) >= 10]
    for position, block in reversed(keep):
        blocks.insert(position, block)
