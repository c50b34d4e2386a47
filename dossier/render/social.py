"""Social cards: what every page's head tells a social network or a chat that shows a link to it (Open Graph
and Twitter tags), and the dossier's image those cards show.

The image is the curator's own when the settings name one (DOSSIER_SOCIAL_IMAGE, a file of content/,
copied into the site at the same path), else one drawn here: 1200×630, the dossier's title (and its
description, when short) in the theme's colours, with the fonts of the theme's `card/` folder. It is drawn
once for a title, a description, a theme and a Pillow, kept in .cache/, and the same inputs give the same bytes.
A text with letters those fonts do not have (a title in Korean or Chinese) is drawn with a font of the
system that has them all (fontconfig's `fc-list` finds it); with none, it is left off the card, and the
build says so (a box for each letter would be worse).

Open Graph wants whole addresses (og:url, og:image): a site built without SITEURL, or with a path only
(a local preview, `/repo`), has none to give, so its pages leave those tags out; `Card.absolute` says it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import os
import re
import shutil
import subprocess
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


@functools.lru_cache(maxsize=256)
def og_locale(language: str) -> str:
    """The Open Graph locale of text in `language` (fr -> fr_FR, en -> en_US, de-CH -> de_CH): its region
    given, else the one CLDR finds likeliest; en_US when the language is not one CLDR knows. Once for each
    language (an article page asks for its own)."""
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
    faces = fonts_for(title, description, site_name)
    for (what, setting), text, face in zip(_TEXTS, (title, description, site_name), faces, strict=True):
        if face is None:
            letters = "".join(letter for letter in _missing(text, _BUNDLED[what != "description"]) if letter.isprintable())[:12]
            warnings.append(f"pelicanconf.py: {setting}: the social card's fonts do not have every letter of the {what} "
                            f"({letters}); it is left off the card. Install a font that has them (fontconfig finds "
                            f"it), or give an image of your own ({SETTING})")
    key = card_key(title, description, site_name, colours, faces)
    name = f"card-{key[:12]}.png"
    card = Card(image=name, width=SIZE[0], height=SIZE[1], type="image/png", **common)
    path = root / CACHE / name
    if path.is_file():
        return Prepared(card, path, tuple(warnings))
    data = draw(title, description, site_name, colours, faces)
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


def card_key(title: str, description: str, site_name: str, colours: dict[str, str], faces: tuple | None = None) -> str:
    """What the drawn card is made of: its words, colours and fonts (`faces`: fonts_for's, by default the
    package's), the drawing and Pillow's version. A font of the system counts by its file's path, size and time."""
    from PIL import __version__ as pillow

    words = "\0".join((title, description, site_name))
    digest = hashlib.sha256(f"{DRAWING}\0{pillow}\0{words}\0{sorted(colours.items())}\0".encode("utf-8", "surrogatepass"))
    for font in sorted(FONTS.glob("*.ttf")):
        digest.update(font.read_bytes())
    if faces is not None and faces != _DEFAULT_FACES:  # a text drawn with a font of the system, or left off
        for face in (face for text in faces for face in text or (None,)):
            if face is None or Path(face[0]).parent == FONTS:  # the package's, by name (wherever it is installed): read above
                digest.update(f"{face and (Path(face[0]).name, face[1])}\0".encode("utf-8", "surrogatepass"))
                continue
            try:
                stat = os.stat(face[0])
            except OSError:
                stat = None
            digest.update(f"{face}\0{stat and (stat.st_size, stat.st_mtime_ns)}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# The texts of the card: what the build calls each in a message, and the setting that gives it.
_TEXTS = (("title", "DOSSIER_TITLE"), ("description", "DOSSIER_DESCRIPTION"), ("site name", "SITENAME"))
_BOLD, _REGULAR = "DejaVuSans-Bold.ttf", "DejaVuSans.ttf"
_BUNDLED = {True: (str(FONTS / _BOLD), 0), False: (str(FONTS / _REGULAR), 0)}  # by boldness: the package's fonts
_DEFAULT_FACES = ((_BUNDLED[True],), (_BUNDLED[False],), (_BUNDLED[True],))


def fonts_for(title: str, description: str, site_name: str) -> tuple[tuple[tuple[str, int], ...] | None, ...]:
    """The fonts each text of the card is drawn with, each a (file, index in a collection): the package's (bold
    for the title and the site's name), then, when it lacks letters of the text, the first font fontconfig lists
    that has all those (a bold one first where bold is wanted), for them; None when none has them: the text is left off."""
    faces = []
    for bold, text in ((True, title), (False, description), (True, site_name)):
        face = _BUNDLED[bold]
        missing = _missing(text, face)
        other = _system_font(missing, bold) if missing else None
        faces.append((face,) if not missing else (face, other) if other else None)
    return tuple(faces)


# Letters the package's fonts have (Basic Latin to Latin Extended-B, and General Punctuation: tests check
# it): a text of these alone is not looked at glyph by glyph.
_PLAIN = re.compile(r"[\u0020-\u024f\u2000-\u206f\s]*")


def _missing(text: str, face: tuple[str, int]) -> str:
    """The letters of `text` the font `face` has no glyph for (it would draw a box), in order, each once."""
    if face in _BUNDLED.values() and _PLAIN.fullmatch(text):
        return ""
    box, glyph = _glyphs(face)
    return "".join(dict.fromkeys(letter for letter in text if not letter.isspace() and glyph(letter) == box))


@functools.cache
def _glyphs(face: tuple[str, int]):
    """The mask of the glyph the font `face` draws for a letter it lacks (that of a private-use letter), and a
    function giving any letter's."""
    from PIL import ImageFont

    font = ImageFont.truetype(face[0], 40, index=face[1], layout_engine=ImageFont.Layout.BASIC)

    def glyph(letter: str) -> bytes:
        mask = font.getmask(letter)
        return bytes(mask) + repr(mask.size).encode()

    return glyph("\ue000"), glyph


FONT_LISTING_TIMEOUT = 20  # seconds


def _system_font(letters: str, bold: bool) -> tuple[str, int] | None:
    """A font of the system (fontconfig's `fc-list`) that has every one of `letters` (the first 500): the first
    by name, a bold one first when `bold`, an upright one before an italic; None when fontconfig is not there or lists none."""
    listing = shutil.which("fc-list")
    if listing is None:
        return None
    charset = " ".join(f"{ord(letter):x}" for letter in sorted(set(letters))[:500])
    try:
        found = subprocess.run([listing, "--format", "%{file}\t%{index}\t%{style}\n", f":charset={charset}"],
                               capture_output=True, text=True, timeout=FONT_LISTING_TIMEOUT, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    faces = []
    for line in sorted(found.splitlines()):
        path, _, rest = line.partition("\t")
        index, _, style = rest.partition("\t")
        if path.lower().endswith((".ttf", ".otf", ".ttc", ".otc")) and index.isdigit() and os.path.isfile(path):
            faces.append(((bold != ("bold" in style.lower()), "italic" in style.lower() or "oblique" in style.lower()),
                          path, int(index)))
    return min(faces)[1:] if faces else None


def draw(title: str, description: str, site_name: str, colours: dict[str, str], faces: tuple | None = None) -> bytes:
    """The card as PNG bytes: the title large, the description under it (cut after three lines), the site's
    name at the foot, a band of the theme's link colour; no date nor any other chunk that would change from
    one build to the next. `faces`: the font of each text (fonts_for; None leaves it off), the package's by default."""
    from PIL import Image, ImageDraw

    width, height = SIZE
    margin, band = 80, 16
    image = Image.new("RGB", SIZE, colours["bg"])
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, width, band), fill=colours["link"])
    pen.rectangle((0, height - 4, width, height), fill=colours["border"])

    title_face, body_face, site_face = faces or _DEFAULT_FACES
    room = width - 2 * margin
    title_lines, size = [], 44
    for size in (76, 68, 60, 54, 48, 44) if title_face else ():  # the largest size that holds the title in four lines
        title_font = _Fonts(title_face, size)
        title_lines = wrap(title, title_font, room, 4)
        if not title_lines[-1].endswith("…"):
            break
    body_font = _Fonts(body_face, 32) if body_face else None
    body_lines = wrap(description, body_font, room, 3) if body_font and description and len(description) <= 240 else []
    leading, body_leading = int(size * 1.18), 44
    block = len(title_lines) * leading + (28 + len(body_lines) * body_leading if body_lines else 0)
    y = max(band + margin // 2, (height - 60 - block) // 2)
    for line in title_lines:
        title_font.draw(pen, (margin, y), line, colours["fg"])
        y += leading
    y += 28
    for line in body_lines:
        body_font.draw(pen, (margin, y), line, colours["muted"])
        y += body_leading
    if site_name and site_face:
        site_font = _Fonts(site_face, 28)
        site_font.draw(pen, (margin, height - 70), wrap(site_name, site_font, room, 1)[0], colours["link"])
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)  # Pillow writes no time chunk unless asked to
    return buffer.getvalue()


class _Fonts:
    """One text's fonts at one size (fonts_for): the package's, and another for the letters it lacks."""

    def __init__(self, faces: tuple[tuple[str, int], ...], size: int):
        from PIL import ImageFont

        self.faces = faces
        self.fonts = [ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.BASIC) for path, index in faces]

    def runs(self, text: str) -> list[tuple[object, str]]:
        """`text` cut where its font changes: (font, letters)."""
        if len(self.fonts) == 1:
            return [(self.fonts[0], text)]
        lacks = set(_missing(text, self.faces[0]))
        runs: list[tuple[object, str]] = []
        for letter in text:
            font = self.fonts[letter in lacks]
            if runs and runs[-1][0] is font:
                runs[-1] = (font, runs[-1][1] + letter)
            else:
                runs.append((font, letter))
        return runs

    def getlength(self, text: str) -> float:
        return sum(font.getlength(letters) for font, letters in self.runs(text))

    def draw(self, pen, at: tuple[int, int], text: str, fill: str) -> None:
        """`text` drawn from `at` (its top left), each run of letters in its font, on the first font's baseline."""
        if len(self.fonts) == 1:
            pen.text(at, text, font=self.fonts[0], fill=fill)
            return
        x, baseline = at[0], at[1] + self.fonts[0].getmetrics()[0]
        for font, letters in self.runs(text):
            pen.text((x, baseline), letters, font=font, fill=fill, anchor="ls")
            x += font.getlength(letters)


def wrap(text: str, font, room: int, most: int) -> list[str]:
    """`text` in lines no wider than `room` pixels, at most `most` of them; the last ends with "…" when cut."""
    lines: list[str] = []
    line = ""
    for word, glued in _pieces(text):
        while font.getlength(word) > room:  # a word longer than a line: cut where it stops fitting
            cut = max(1, next(i for i in range(len(word), 0, -1) if font.getlength(word[:i]) <= room))
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = (line + word if glued else f"{line} {word}") if line else word
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


# A letter of Chinese, Japanese or Korean, with the punctuation that may not open a line after it: a line may
# break before and after it, where those languages put no space between words.
_WIDE = "\u1100-\u11ff\u2e80-\u303f\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_PIECE = re.compile(f"[{_WIDE}][、。，．：；！？）」』】〉》・ー]*|[^\\s{_WIDE}]+")


def _pieces(text: str):
    """The words of `text`, each letter of Chinese, Japanese or Korean one: (word, whether it follows the one
    before with no space)."""
    for word in text.split():
        for index, piece in enumerate(_PIECE.findall(word)):
            yield piece, index > 0
