"""Social cards: every page of a built site carries its Open Graph and Twitter tags, with its own title,
description and address, and the dossier's image, which is in the site, 1200×630, the same bytes from one
build to the next, and the curator's own when the settings name one (dossier/render/social.py).

The golden dossier (two articles, an about page) is built in French and in English, its articles one to a
page so that the articles' index has later pages, with a third seed whose title is hostile markup.
"""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageFont

from dossier.render import social

from .conftest import ROOT, run_build

GOLDEN = ROOT / "tests" / "golden" / "dossier"
SITE_URL = "https://example.org/golden"
HOSTILE = "Le \"piège\"><script>alert('og')</script> & <b>l’écho</b>"
OPEN_GRAPH = ("og:site_name", "og:locale", "og:type", "og:title", "og:description", "og:url", "og:image", "og:image:type",
              "og:image:width", "og:image:height", "og:image:alt")
TWITTER = ("twitter:card", "twitter:title", "twitter:description", "twitter:image", "twitter:image:alt")
# A page of each kind, by the site's language (render/i18n addresses); the about page is the curator's (its slug).
KINDS = {
    "fr": ("index.html", "404.html", "articles/index.html", "articles/page/2/index.html", "acteurs/index.html",
           "acteurs/kim-jong-un/index.html", "lieux/index.html", "lieux/pyongyang/index.html", "evenements/index.html",
           "evenements/visite-poutine-pyongyang-2024/index.html", "chronologie/index.html", "reseau/index.html",
           "qui-a-dit-quoi/index.html", "recherche/index.html", "donnees/index.html", "a-propos/index.html"),
    "en": ("index.html", "404.html", "articles/index.html", "articles/page/2/index.html", "actors/index.html",
           "actors/kim-jong-un/index.html", "places/index.html", "places/pyongyang/index.html", "events/index.html",
           "events/visite-poutine-pyongyang-2024/index.html", "timeline/index.html", "network/index.html",
           "who-said-what/index.html", "search/index.html", "data/index.html", "a-propos/index.html"),
}


def dossier_copy(destination: Path, language: str = "fr", settings: str = "") -> Path:
    """The golden dossier in `destination`: in `language`, one article a page, a hostile seed, `settings` added."""
    shutil.copytree(GOLDEN, destination)
    config = destination / "pelicanconf.py"
    text = config.read_text(encoding="utf-8").replace('DEFAULT_LANG = "fr"', f'DEFAULT_LANG = "{language}"')
    config.write_text(text + "\nDOSSIER_ARTICLES_PER_PAGE = 1\n" + settings, encoding="utf-8")
    (destination / "seeds" / "003_hostile.md").write_text(
        f"---\ntitle: '{HOSTILE.replace(chr(39), chr(39) * 2)}'\ndate: 2024-06-20\nsource: Exemple Actu\n"
        "authors:\n  - \"Jo <i>Hostile</i>\"\nlanguage: fr\n---\n"
        "Vladimir Poutine et Kim Jong-un se sont retrouvés à Pyongyang. La visite a duré deux jours.\n",
        encoding="utf-8")
    return destination


def build(root: Path, *args: str) -> Path:
    output = root / "output"
    result = run_build(root, "--no-propose", "--output", str(output), *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The French and the English site, built for SITE_URL."""
    base = tmp_path_factory.mktemp("social")
    return {language: build(dossier_copy(base / language, language), "--site-url", SITE_URL) for language in KINDS}


def pages(site: Path) -> dict[str, BeautifulSoup]:
    """Every HTML page of the site (not Pagefind's), parsed, by its path in the site."""
    found = sorted(path for path in site.rglob("*.html") if "pagefind" not in path.relative_to(site).parts)
    return {path.relative_to(site).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") for path in found}


def tags(page: BeautifulSoup) -> dict[str, list[str]]:
    """The page's Open Graph (property) and Twitter (name) tags: each key's values, in order."""
    found: dict[str, list[str]] = {}
    for meta in page.find_all("meta"):
        key = meta.get("property") or meta.get("name") or ""
        if key.startswith(("og:", "twitter:", "article:")):
            found.setdefault(key, []).append(meta["content"])
    return found


def one(found: dict[str, list[str]], key: str) -> str:
    assert len(found.get(key, [])) == 1, f"{key}: {found.get(key)}"
    return found[key][0]


@pytest.mark.parametrize("language", list(KINDS))
def test_every_page_has_every_tag_with_its_own_values(sites, language):
    site = sites[language]
    parsed = pages(site)
    assert set(KINDS[language]) <= set(parsed), set(KINDS[language]) - set(parsed)
    for path, page in parsed.items():
        found = tags(page)
        for key in OPEN_GRAPH + TWITTER:
            one(found, key)
        stem = page.title.string.rsplit(" · ", 1)[0]
        h1 = page.h1.get_text(" ", strip=True) if page.h1 else None
        assert one(found, "og:title") in (stem, h1), path
        assert one(found, "twitter:title") == one(found, "og:title")
        description = page.find("meta", attrs={"name": "description"})["content"]
        assert one(found, "og:description") == one(found, "twitter:description") == description, path
        assert one(found, "og:url") == page.find("link", rel="canonical")["href"], path
        assert one(found, "og:url").startswith(SITE_URL + "/")
        # An article's tags are in its own language (a French article of an English site: fr_FR), the others in the site's.
        text = (page.h1.get("lang") if page.h1 and one(found, "og:type") == "article" else None) or language
        assert one(found, "og:locale") == {"fr": "fr_FR", "en": "en_US"}[text], path
        assert one(found, "og:site_name") == "Dossier doré"
        assert one(found, "twitter:card") == "summary_large_image"
        assert one(found, "og:type") == ("article" if path.startswith("articles/") and "/page/" not in path and path != "articles/index.html"
                                         else "website"), path
    home = tags(parsed["index.html"])
    assert one(home, "og:title") == "Le site de référence des tests"  # its h1, not "Home"
    locales = {one(tags(page), "og:locale") for page in parsed.values()}
    assert locales == ({"fr_FR"} if language == "fr" else {"en_US", "fr_FR"})  # the English site's French articles


@pytest.mark.parametrize("language", list(KINDS))
def test_the_image_is_in_the_site_at_the_address_given(sites, language):
    site = sites[language]
    found = tags(pages(site)["index.html"])
    image = one(found, "og:image")
    assert image == one(found, "twitter:image") and image.startswith(SITE_URL + "/")
    path = site / image.removeprefix(SITE_URL + "/")
    with Image.open(path) as card:
        assert (card.format, card.size) == ("PNG", (1200, 630))
    assert (one(found, "og:image:width"), one(found, "og:image:height"), one(found, "og:image:type")) == ("1200", "630", "image/png")
    assert one(found, "og:image:alt") == "Le site de référence des tests"
    assert path.stat().st_mode & 0o777 == (site / "index.html").stat().st_mode & 0o777  # a web server reads it as it reads the pages
    # Drawn once: the same title and theme give the same card in both sites, byte for byte.
    other = sites["en" if language == "fr" else "fr"]
    assert path.read_bytes() == (other / path.name).read_bytes()


def test_an_article_page_says_when_and_by_whom(sites):
    found = tags(pages(sites["fr"])["articles/poutine-renforce-ses-liens-avec-la-coree-du-nord-face-a/index.html"])
    assert one(found, "og:type") == "article"
    assert found["article:published_time"] == ["2024-06-18"]
    assert found["article:author"] == ["Camille Exemple"]


def test_a_hostile_title_reaches_the_tags_as_text(sites):
    site = sites["fr"]
    hostile = list(site.glob("articles/le-piege-*/index.html"))
    assert len(hostile) == 1
    raw = hostile[0].read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "<b>l’écho" not in raw and "<i>Hostile" not in raw
    found = tags(BeautifulSoup(raw, "html.parser"))
    assert one(found, "og:title") == one(found, "twitter:title") == HOSTILE
    assert found["article:author"] == ["Jo <i>Hostile</i>"]
    head = raw.split("</head>")[0]
    assert len(re.findall(r"<script\b", head)) == 2  # previews.js and the JSON-LD: none came from the title


def test_without_a_whole_address_the_tags_that_need_one_are_left_out(tmp_path, sites):
    site = build(dossier_copy(tmp_path / "local"))
    for path, page in pages(site).items():
        found = tags(page)
        for key in ("og:url", "og:image", "og:image:width", "twitter:image"):
            assert key not in found, (path, key)
        for key in ("og:title", "og:description", "og:type", "og:locale", "og:site_name", "twitter:title", "twitter:description"):
            one(found, key)
        assert one(found, "twitter:card") == "summary"  # no image to show large
    # The card is still drawn, for a site published later, and drawn the same in another folder (no shared cache).
    cards = list(site.glob("card-*.png"))
    assert len(cards) == 1
    assert cards[0].read_bytes() == (sites["fr"] / cards[0].name).read_bytes()


def test_the_curators_image_is_used_when_set(tmp_path):
    root = dossier_copy(tmp_path / "own", settings='DOSSIER_SOCIAL_IMAGE = "images/card.jpg"\n'
                                                  'DOSSIER_SOCIAL_IMAGE_ALT = "La carte \\"maison\\" <du dossier>"\n')
    buffer = io.BytesIO()
    Image.new("RGB", (800, 420), "#336699").save(buffer, "JPEG")
    (root / "content" / "images").mkdir()
    (root / "content" / "images" / "card.jpg").write_bytes(buffer.getvalue())
    site = build(root, "--site-url", SITE_URL)
    for path, page in pages(site).items():
        found = tags(page)
        assert one(found, "og:image") == f"{SITE_URL}/images/card.jpg", path
        assert (one(found, "og:image:width"), one(found, "og:image:height"), one(found, "og:image:type")) == ("800", "420", "image/jpeg")
        assert one(found, "og:image:alt") == 'La carte "maison" <du dossier>'
    assert (site / "images" / "card.jpg").read_bytes() == buffer.getvalue()
    assert not list(site.glob("card-*.png"))


def test_an_image_that_cannot_be_used_is_said_and_the_card_drawn(tmp_path):
    root = dossier_copy(tmp_path / "missing", settings='DOSSIER_SOCIAL_IMAGE = "images/none.png"\n')
    output = root / "output"
    result = run_build(root, "--no-propose", "--output", str(output), "--site-url", SITE_URL)
    assert "DOSSIER_SOCIAL_IMAGE 'images/none.png': no such file in content/" in result.stdout + result.stderr
    found = tags(pages(output)["index.html"])
    assert (output / one(found, "og:image").removeprefix(SITE_URL + "/")).is_file()


def test_an_image_linked_from_outside_the_content_is_not_published(tmp_path):
    outside = tmp_path / "private.png"
    Image.new("RGB", (600, 315), "#000000").save(outside, "PNG")
    root = dossier_copy(tmp_path / "linked", settings='DOSSIER_SOCIAL_IMAGE = "card.png"\n')
    (root / "content" / "card.png").symlink_to(outside)
    output = root / "output"
    result = run_build(root, "--no-propose", "--output", str(output), "--site-url", SITE_URL)
    assert "DOSSIER_SOCIAL_IMAGE 'card.png': a link to a file outside content/" in result.stdout + result.stderr
    assert not (output / "card.png").exists()
    assert one(tags(pages(output)["index.html"]), "og:image").startswith(f"{SITE_URL}/card-")


# The drawing itself, without a build.


def test_the_card_is_the_same_bytes_for_the_same_words_and_changes_with_them():
    colours = social.theme_colours(None)
    first = social.draw("La Corée et la Größe", "Une description courte.", "Dossier", colours)
    assert first == social.draw("La Corée et la Größe", "Une description courte.", "Dossier", colours)
    assert first != social.draw("La Corée et la Grösse", "Une description courte.", "Dossier", colours)
    with Image.open(io.BytesIO(first)) as card:
        assert (card.format, card.size) == ("PNG", (1200, 630))
        assert not set(card.info) & {"date", "Creation Time", "timestamp"}
    assert b"tIME" not in first


def test_the_cards_fonts_draw_accented_letters():
    # Pillow's own default font (Aileron) draws a box for each of them: the theme's card/ fonts do not.
    for name in ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf"):
        font = ImageFont.truetype(str(social.FONTS / name), 40, layout_engine=ImageFont.Layout.BASIC)
        missing = bytes(font.getmask("\ue000"))
        for letter in "éèêàçôœÉÀÇßäöüÄÖÜ’«»–—…€":
            assert bytes(font.getmask(letter)) != missing, (name, letter)


def test_a_long_title_is_cut_with_an_ellipsis_and_fits():
    font = ImageFont.truetype(str(social.FONTS / "DejaVuSans-Bold.ttf"), 44, layout_engine=ImageFont.Layout.BASIC)
    lines = social.wrap("mot " * 200 + "Anticonstitutionnellement" * 8, font, 1040, 4)
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 1040 for line in lines)
    assert social.wrap("Court", font, 1040, 4) == ["Court"]


def test_the_card_is_drawn_once_per_title_and_the_former_one_dropped(tmp_path, monkeypatch):
    settings = {"SITEURL": SITE_URL, "PATH": str(tmp_path / "content"), "SITENAME": "Dossier"}
    first = social.prepare(settings, "Un titre", "Une description.", tmp_path)
    assert first.source.is_file() and first.card.image == first.source.name

    def no_drawing(*args):
        raise AssertionError("drawn again")

    with monkeypatch.context() as patch:
        patch.setattr(social, "draw", no_drawing)
        again = social.prepare(settings, "Un titre", "Une description.", tmp_path)  # a rebuild: read from .cache/
    assert again.card == first.card
    other = social.prepare(settings, "Un autre titre", "Une description.", tmp_path)
    assert other.card.image != first.card.image
    assert sorted(path.name for path in (tmp_path / social.CACHE).iterdir()) == [other.card.image]


def test_the_open_graph_locale_of_a_language_is_its_likeliest_region_or_the_one_given():
    from dossier.render.social import og_locale

    assert [og_locale(code) for code in ("fr", "en", "de", "es", "en-GB", "de-ch", "pt_PT")] == [
        "fr_FR", "en_US", "de_DE", "es_ES", "en_GB", "de_CH", "pt_PT"]
    assert og_locale("zz") == og_locale("") == og_locale("x-y") == "en_US"  # no language CLDR knows


# Letters the card's fonts lack: Chinese, Japanese, Korean.


def test_the_cards_fonts_have_every_letter_the_card_takes_as_theirs_without_looking():
    """social._PLAIN: the letters a text may hold to be drawn with the package's fonts unlooked at."""
    for bold in (True, False):
        box, glyph = social._glyphs(social._BUNDLED[bold])
        letters = [chr(code) for code in (*range(0x20, 0x250), *range(0x2000, 0x2070))]
        missing = [letter for letter in letters if unicodedata.category(letter)[0] not in "CZ" and glyph(letter) == box]
        assert social._PLAIN.fullmatch("".join(letters)) and missing == [], (bold, missing)


TITLE_JA = "北朝鮮とロシアの同盟：2024年の条約と、その後の展開について"


def test_a_title_in_japanese_is_drawn_with_a_font_of_the_system_for_its_letters():
    """The letters DejaVu lacks are drawn with a font fontconfig finds (.ci/run installs Debian's
    fonts-droid-fallback), the others with the package's: no letter of the card is a box."""
    title_faces, description_faces, site_faces = social.fonts_for(TITLE_JA, "Une alliance – 北朝鮮.", "Dossier")
    assert title_faces[0] == social._BUNDLED[True] and len(title_faces) == 2, title_faces
    assert description_faces[0] == social._BUNDLED[False] and len(description_faces) == 2
    assert site_faces == (social._BUNDLED[True],)
    fonts = social._Fonts(title_faces, 60)
    runs = fonts.runs(TITLE_JA)
    assert "".join(letters for _, letters in runs) == TITLE_JA and len(runs) > 2  # the digits in DejaVu, the rest not
    for font, letters in runs:
        face = title_faces[fonts.fonts.index(font)]
        box, glyph = social._glyphs(face)
        assert all(glyph(letter) != box for letter in letters), (face, letters)
    lines = social.wrap(TITLE_JA, fonts, 1040, 4)
    assert len(lines) > 1 and "".join(lines) == TITLE_JA and all(fonts.getlength(line) <= 1040 for line in lines)
    assert not any(line.startswith(("、", "：")) for line in lines)  # closing punctuation stays with its letter
    colours = social.theme_colours(None)
    drawn = social.draw(TITLE_JA, "Une alliance – 北朝鮮.", "Dossier", colours, (title_faces, description_faces, site_faces))
    assert drawn == social.draw(TITLE_JA, "Une alliance – 北朝鮮.", "Dossier", colours, (title_faces, description_faces, site_faces))
    assert drawn != social.draw(TITLE_JA, "Une alliance – 北朝鮮.", "Dossier", colours)  # DejaVu alone: boxes


def test_a_title_no_font_can_draw_is_left_off_the_card_and_said(tmp_path, monkeypatch):
    """With no font of the system for its letters (no fontconfig here), the title is left off the card, not drawn
    as boxes, and the build says so, naming the setting; once a font is found, the card is drawn again."""
    settings = {"SITEURL": SITE_URL, "PATH": str(tmp_path / "content"), "SITENAME": "Dossier"}
    with monkeypatch.context() as patch:
        patch.setattr(social.shutil, "which", lambda name: None)
        alone = social.prepare(settings, TITLE_JA, "Une description.", tmp_path)
    assert len(alone.warnings) == 1
    assert alone.warnings[0].startswith("pelicanconf.py: DOSSIER_TITLE: the social card's fonts do not have every letter "
                                        "of the title (北朝鮮とロシアの同盟")
    assert "DOSSIER_SOCIAL_IMAGE" in alone.warnings[0]
    colours = social.theme_colours(None)
    no_title = (None, (social._BUNDLED[False],), (social._BUNDLED[True],))
    assert alone.source.read_bytes() == social.draw(TITLE_JA, "Une description.", "Dossier", colours, no_title)
    with Image.open(alone.source) as card:  # the description and the site's name only: nothing above the description
        assert card.crop((0, 40, 1200, 240)).getcolors() == [(1200 * 200, tuple(int(colours["bg"][i:i + 2], 16) for i in (1, 3, 5)))]
    found = social.prepare(settings, TITLE_JA, "Une description.", tmp_path)  # fontconfig, and its font, there
    assert found.warnings == () and found.card.image != alone.card.image


def test_the_cards_name_does_not_depend_on_where_the_tool_is_installed(tmp_path, monkeypatch):
    """The same dossier built by the tool installed elsewhere (a clone, a virtual environment) names the same card,
    whether the package's fonts draw it all or a font of the system draws some of it."""
    colours = social.theme_colours(None)
    faces = social.fonts_for(TITLE_JA, "Une description.", "Dossier")
    here = social.card_key("Un titre", "Une description.", "Dossier", colours)
    here_ja = social.card_key(TITLE_JA, "Une description.", "Dossier", colours, faces)
    elsewhere, package = tmp_path / "card", social.FONTS
    shutil.copytree(package, elsewhere)
    monkeypatch.setattr(social, "FONTS", elsewhere)
    monkeypatch.setattr(social, "_BUNDLED", {bold: (str(elsewhere / Path(path).name), index)
                                             for bold, (path, index) in social._BUNDLED.items()})
    monkeypatch.setattr(social, "_DEFAULT_FACES", ((social._BUNDLED[True],), (social._BUNDLED[False],), (social._BUNDLED[True],)))
    assert social.card_key("Un titre", "Une description.", "Dossier", colours) == here
    moved = tuple(tuple((str(elsewhere / Path(path).name) if Path(path).parent == package else path, index) for path, index in text)
                  for text in faces)
    assert moved != faces and social.card_key(TITLE_JA, "Une description.", "Dossier", colours, moved) == here_ja
