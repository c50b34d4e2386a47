"""Social cards: what every page's head tells a social network or a chat that shows a link to it (Open Graph
and Twitter tags), and the dossier's image those cards show.

The image is the curator's own when the settings name one (DOSSIER_SOCIAL_IMAGE, a file of content/,
copied into the site at the same path), else one drawn here: 1200×630, the dossier's title (and its
description, when short) in the theme's colours, with the fonts of the theme's `card/` folder. It is drawn
once for a title, a description, a theme and a Pillow, kept in .cache/, and the same inputs give the same bytes.

Open Graph wants whole addresses (og:url, og:image): a site built without SITEURL, or with a path only
(a local preview, `/repo`), has none to give, so its pages leave those tags out; `Card.absolute` says it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import re
import shutil
from pathlib import Path

from ..core.files import write_atomic
from . import i18n

SIZE = (1200, 630)  # what Facebook, LinkedIn, Mastodon and X crop the least
SETTING = "DOSSIER_SOCIAL_IMAGE"
ALT_SETTING = "DOSSIER_SOCIAL_IMAGE_ALT"
CACHE = Path(".cache") / "dossier-card"
FONTS = Path(__file__).resolve().parent.parent / "theme" / "card"  # the package's; a dossier's own theme may have its own
# The theme's colours (style.css, :root) the card uses, read from the theme's stylesheet where it gives them.
COLOURS = {"bg": "#fbfaf7", "fg": "#1c1d1f", "muted": "#50555c", "link": "#0a57a5", "border": "#d6d1c6"}
DRAWING = "1"  # bump when the drawing changes: the cached cards are drawn again
TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}


@dataclasses.dataclass(frozen=True)
class Card:
    """What every page's head says of the dossier, whatever the page: its locale and its image, a path from
    the site's root. `absolute`: the site's address is a whole one (http…), so og:url and og:image may be given."""

    locale: str
    image: str
    width: int
    height: int
    type: str
    alt: str
    absolute: bool


@dataclasses.dataclass(frozen=True)
class Prepared:
    """The card, and where its image's bytes are to be taken from for the site; what was wrong, said once."""

    card: Card
    source: Path | None
    warnings: tuple[str, ...] = ()
    data: bytes = b""  # the drawn card's bytes when .cache/ could not keep them


def og_locale(language: str) -> str:
    """The Open Graph locale of text in `language` (fr -> fr_FR, en -> en_US, de-CH -> de_CH): its region
    given, else the one CLDR finds likeliest; en_US when the language is not one CLDR knows."""
    from babel.core import get_global

    language, _, region = language.replace("_", "-").partition("-")
    language = language.lower()
    if region.isalpha() and len(region) == 2:
        return f"{language}_{region.upper()}"
    likely = get_global("likely_subtags").get(language, "")
    parts = likely.split("_")
    if language.isalpha() and len(parts) > 1 and len(parts[-1]) == 2 and parts[-1].isalpha():
        return f"{language}_{parts[-1]}"
    return "en_US"


def prepare(settings: dict, title: str, description: str, root: Path, theme: Path | None = None) -> Prepared:
    """The dossier's card: the curator's image when DOSSIER_SOCIAL_IMAGE names a readable one, else the
    drawn card (drawn now unless .cache/ has it)."""
    site_url = settings.get("SITEURL") or ""
    common = {"locale": og_locale(i18n.language()), "absolute": site_url.startswith(("http://", "https://")),
              "alt": str(settings.get(ALT_SETTING) or title)}
    given = settings.get(SETTING) or ""
    warnings: list[str] = []
    if given:
        own, problem = _own_image(Path(settings["PATH"]), given)
        if own is not None:
            return Prepared(Card(image=own[0], width=own[1], height=own[2], type=own[3], **common), Path(settings["PATH"]) / own[0])
        warnings.append(f"pelicanconf.py: {SETTING} {given!r}: {problem}; the card drawn from the dossier's title is used")
    colours = theme_colours(theme)
    site_name = str(settings.get("SITENAME") or "")
    site_name = "" if site_name == title else site_name
    key = card_key(title, description, site_name, colours)
    name = f"card-{key[:12]}.png"
    card = Card(image=name, width=SIZE[0], height=SIZE[1], type="image/png", **common)
    path = root / CACHE / name
    if path.is_file():
        return Prepared(card, path, tuple(warnings))
    data = draw(title, description, site_name, colours)
    try:
        for older in path.parent.glob("card-*.png"):  # the cards of a former title: never read again
            older.unlink(missing_ok=True)
        write_atomic(path, data, durable=False)  # whole or not at all: another build may read it meanwhile
    except OSError:  # .cache/ read-only: drawn again next time
        return Prepared(card, None, tuple(warnings), data)
    return Prepared(card, path, tuple(warnings))


def _own_image(content: Path, given: str) -> tuple[tuple[str, int, int, str] | None, str]:
    """The curator's image (its path from content/, its size and type), or None and why it cannot be used."""
    from PIL import Image, UnidentifiedImageError

    relative = Path(str(given).replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts:
        return None, "not a path inside content/"
    path = content / relative
    if not path.is_file():
        return None, "no such file in content/"
    if not path.resolve().is_relative_to(content.resolve()):  # a link out of it: the site would publish what it points to
        return None, "a link to a file outside content/"
    try:
        with Image.open(path) as image:
            kind, (width, height) = image.format, image.size
    except (OSError, UnidentifiedImageError):
        return None, "not an image this build can read"
    if kind not in TYPES:
        return None, f"a {kind} image; social networks show PNG, JPEG, GIF and WebP"
    return (relative.as_posix(), width, height, TYPES[kind]), ""


def write(prepared: Prepared, output: Path) -> None:
    """Put the card's image into the site at its address: a hard link to the cached card, a copy of the curator's."""
    target = output / prepared.card.image
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    if prepared.source is None:
        target.write_bytes(prepared.data)
        return
    try:
        os.link(prepared.source, target)
    except OSError:
        shutil.copyfile(prepared.source, target)


def theme_colours(theme: Path | None) -> dict[str, str]:
    """The card's colours: the light ones the theme's stylesheet sets in its first `:root` block, else the package's."""
    colours = dict(COLOURS)
    stylesheet = theme / "static" / "css" / "style.css" if theme else None
    if stylesheet and stylesheet.is_file():
        text = stylesheet.read_text(encoding="utf-8", errors="replace")
        root = re.search(r":root\s*\{([^}]*)\}", text)
        for name, value in re.findall(r"--([a-z-]+)\s*:\s*(#[0-9a-fA-F]{6})\b", root.group(1) if root else ""):
            if name in colours:
                colours[name] = value.lower()
    return colours


def card_key(title: str, description: str, site_name: str, colours: dict[str, str]) -> str:
    """What the drawn card is made of: its words, colours and fonts, the drawing and Pillow's version."""
    from PIL import __version__ as pillow

    words = "\0".join((title, description, site_name))
    digest = hashlib.sha256(f"{DRAWING}\0{pillow}\0{words}\0{sorted(colours.items())}\0".encode("utf-8", "surrogatepass"))
    for font in sorted(FONTS.glob("*.ttf")):
        digest.update(font.read_bytes())
    return digest.hexdigest()


def draw(title: str, description: str, site_name: str, colours: dict[str, str]) -> bytes:
    """The card as PNG bytes: the title large, the description under it (cut after three lines), the site's
    name at the foot, a band of the theme's link colour; no date nor any other chunk that would change from
    one build to the next."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = SIZE
    margin, band = 80, 16
    image = Image.new("RGB", SIZE, colours["bg"])
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, width, band), fill=colours["link"])
    pen.rectangle((0, height - 4, width, height), fill=colours["border"])

    def font(name: str, size: int):
        return ImageFont.truetype(str(FONTS / name), size, layout_engine=ImageFont.Layout.BASIC)

    room = width - 2 * margin
    for size in (76, 68, 60, 54, 48, 44):  # the largest size that holds the title in four lines
        title_font = font("DejaVuSans-Bold.ttf", size)
        title_lines = wrap(title, title_font, room, 4)
        if not title_lines[-1].endswith("…"):
            break
    body_font = font("DejaVuSans.ttf", 32)
    body_lines = wrap(description, body_font, room, 3) if description and len(description) <= 240 else []
    leading, body_leading = int(size * 1.18), 44
    block = len(title_lines) * leading + (28 + len(body_lines) * body_leading if body_lines else 0)
    y = max(band + margin // 2, (height - 60 - block) // 2)
    for line in title_lines:
        pen.text((margin, y), line, font=title_font, fill=colours["fg"])
        y += leading
    y += 28
    for line in body_lines:
        pen.text((margin, y), line, font=body_font, fill=colours["muted"])
        y += body_leading
    if site_name:
        pen.text((margin, height - 70), wrap(site_name, font("DejaVuSans-Bold.ttf", 28), room, 1)[0], font=font("DejaVuSans-Bold.ttf", 28),
                 fill=colours["link"])
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)  # Pillow writes no time chunk unless asked to
    return buffer.getvalue()


def wrap(text: str, font, room: int, most: int) -> list[str]:
    """`text` in lines no wider than `room` pixels, at most `most` of them; the last ends with "…" when cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while font.getlength(word) > room:  # a word longer than a line: cut where it stops fitting
            cut = max(1, next(i for i in range(len(word), 0, -1) if font.getlength(word[:i]) <= room))
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= room:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) <= most:
        return lines or [""]
    last = lines[most - 1]
    while last and font.getlength(last + "…") > room:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    return [*lines[: most - 1], last.rstrip(" ,;:–—") + "…"]
