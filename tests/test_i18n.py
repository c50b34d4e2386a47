"""The site's language: the theme's catalogs, an English build of the French dossier, DOSSIER_URLS.

The French site itself is the one every other test builds; here, its words are checked at
their source (every msgid of the templates and of the code has a French and a German
translation), and the same dossier is built with `DEFAULT_LANG = "en"`: English pages whose
French articles keep their language. tests/test_languages.py builds a site in each language.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from dossier.core.model import PartialDate
from dossier.render import i18n

from .conftest import ROOT, copy_project, run_build

PACKAGE = ROOT / "dossier"
LANGUAGES = ("fr", "en", "de")
ENGLISH_FOLDERS = ("actors", "places", "events", "timeline", "network", "search", "who-said-what")
FRENCH_FOLDERS = ("acteurs", "lieux", "evenements", "chronologie", "reseau", "recherche", "qui-a-dit-quoi")
# Words of the French interface that no page of the English site may show (the articles' and the
# registry's own French text left aside).
FRENCH_WORDS = (
    "Acteurs", "Lieux", "Chronologie", "Réseau", "Rechercher", "Recherche", "Aller au contenu", "passages",
    "Événement", "Source non identifiée", "date inconnue", "Accueil", "Page introuvable", "Cité avec",
    "Qui a dit quoi", "Ses déclarations", "diverge", "Où les sources divergent",
)


def extracted() -> dict[tuple[str | None, str], object]:
    """Every message of the templates and the code, as `pybabel extract` with the theme's babel.cfg finds them."""
    with (PACKAGE / "theme" / "babel.cfg").open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)

    def inside_the_package(folder: str) -> bool:
        path = Path(folder).resolve()
        return (path == PACKAGE or PACKAGE in path.parents) and path.name != "__pycache__"

    found = {}
    for _, _, message, _, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=DEFAULT_KEYWORDS, directory_filter=inside_the_package
    ):
        found[(context, message[0] if isinstance(message, tuple) else message)] = message
    return found


def catalog(language: str):
    with (i18n.TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file)


def test_every_message_has_a_french_and_a_german_translation_and_the_catalogs_compile():
    messages = extracted()
    assert len(messages) > 100 and (None, "Skip to content") in messages and (None, "unknown date") in messages
    for language in LANGUAGES:
        po = catalog(language)
        assert po.num_plurals == 2, language
        assert not [(m.id, errors) for m, errors in po.check()], language
        entries = {(m.context, m.id[0] if m.pluralizable else m.id): m for m in po if m.id}
        assert set(entries) == set(messages), f"{language}: run the pybabel commands of dossier/render/i18n.py"
        if language != "en":  # the English catalog may leave a msgstr empty: its msgid is shown
            untranslated = [key for key, m in entries.items() if not all(m.string if m.pluralizable else [m.string])]
            assert not untranslated, language
    french, english, german = i18n.translations("fr"), i18n.translations("en"), i18n.translations("de")
    assert french.gettext("Skip to content") == "Aller au contenu"
    assert english.gettext("Skip to content") == "Skip to content"
    assert german.gettext("Skip to content") == "Zum Inhalt springen"
    # French: the singular up to 1 ("0 passage"); English: only for 1.
    assert [french.ngettext("%(num)d excerpt", "%(num)d excerpts", n) for n in (0, 1, 2)] == [
        "%(num)d passage", "%(num)d passage", "%(num)d passages"]
    assert [english.ngettext("%(num)d excerpt", "%(num)d excerpts", n) for n in (0, 1, 2)] == [
        "%(num)d excerpts", "%(num)d excerpt", "%(num)d excerpts"]
    # German: as English, the singular only for 1.
    assert [german.ngettext("%(num)d excerpt", "%(num)d excerpts", n) for n in (0, 1, 2)] == [
        "%(num)d Textstellen", "%(num)d Textstelle", "%(num)d Textstellen"]


@pytest.fixture
def language():
    """Whatever a test sets with i18n.use, the modules speak French again after it."""
    yield i18n
    i18n.use("fr")


def test_dates_in_each_language(language):
    days, months = (PartialDate(2024, 6, 18), PartialDate(2024, 6, 19)), (PartialDate(2024, 6), PartialDate(2024, 8))
    cases = {
        "fr": ["1er mai 2024", "juin 2024", "2019", "18–19 juin 2024", "juin–août 2024", "juin 2024 – 2025"],
        "en": ["May 1, 2024", "June 2024", "2019", "June 18–19, 2024", "June–August 2024", "June 2024 – 2025"],
        "de": ["1. Mai 2024", "Juni 2024", "2019", "18.–19. Juni 2024", "Juni–August 2024", "Juni 2024 – 2025"],
    }
    for code, expected in cases.items():
        language.use(code)
        assert [
            language.date_label(PartialDate(2024, 5, 1)), language.date_label(PartialDate(2024, 6)),
            language.date_label(PartialDate(2019)), language.range_label(*days), language.range_label(*months),
            language.range_label(PartialDate(2024, 6), PartialDate(2025)),
        ] == expected


def test_another_language_gives_english_pages_and_says_so(language):
    warnings = language.use("it", {"actors": "people", "places": "../x", "when": "w/"})
    assert language.language() == "en" and language._("Skip to content") == "Skip to content"
    assert language.address("actors") == "people/" and language.address("places") == "places/"
    assert len(warnings) == 3 and "DEFAULT_LANG 'it'" in warnings[0]
    assert language.use("fr-CA") == [] and language.language() == "fr" and language.address("actors") == "acteurs/"
    assert language.use("de-AT") == [] and language.language() == "de" and language.address("actors") == "akteure/"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_bytes(), "html.parser")


def set_settings(root: Path, **values) -> None:
    """Give the dossier's pelicanconf.py these settings (each replaces the line that set it, if any)."""
    path = root / "pelicanconf.py"
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        text = re.sub(rf"^{key}\s*=.*\n", "", text, flags=re.MULTILINE) + f"{key} = {value!r}\n"
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    """The dossier (its French articles) built with DEFAULT_LANG = "en"; returns its output."""
    root = copy_project(tmp_path_factory.mktemp("english"))
    set_settings(root, DEFAULT_LANG="en")
    about = root / "content" / "pages" / "a-propos.md"  # an English dossier's about page is at about/
    about.rename(about.with_name("about.md"))
    text = (about.with_name("about.md")).read_text(encoding="utf-8").replace("Slug: a-propos", "Slug: about")
    about.with_name("about.md").write_text(text, encoding="utf-8")
    result = run_build(root, "--no-propose")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "output"


def test_an_english_site_has_english_pages_at_english_addresses(english):
    pages = sorted(english.rglob("*.html"))
    assert pages and all(soup(page).html["lang"] == "en" for page in pages)
    home = soup(english / "index.html")
    assert home.title.text.startswith("Home · ")
    nav = [(a.get_text(), a["href"]) for a in home.select("nav.site-nav a")]
    assert nav == [("Articles", "/articles/"), ("Actors", "/actors/"), ("Places", "/places/"), ("Events", "/events/"),
                   ("Timeline", "/timeline/"), ("Network", "/network/"), ("Who said what", "/who-said-what/"),
                   ("About", "/about/")]
    titles = ("Actors", "Places", "Events", "Timeline", "Network of the actors", "Search", "Who said what")
    for folder, title in zip(ENGLISH_FOLDERS, titles, strict=True):
        assert soup(english / folder / "index.html").title.text.startswith(f"{title} · "), folder
    assert not [folder for folder in FRENCH_FOLDERS if (english / folder).exists()]
    assert soup(english / "actors" / "kim-jong-un" / "index.html").h1.get_text() == "Kim Jong-un"
    assert home.select_one("form.site-search")["action"] == "/search/"


def test_an_english_site_writes_dates_in_english(english):
    event = soup(english / "events" / "visite-poutine-pyongyang-2024" / "index.html")
    assert event.select_one("dd time").get_text() == "June 18–19, 2024"
    count = " ".join(event.select_one(".accounts-count").get_text(" ").split())
    assert re.fullmatch(r"\d+ articles?, \d+ independent accounts? · \d+ excerpts?", count), count
    events = soup(english / "events" / "index.html").get_text(" ")
    assert "October–December 2024" in events and "December 4, 2024" in events
    assert "unknown date" in soup(english / "articles" / "index.html").get_text(" ")


def test_an_english_site_shows_no_french_word_of_its_own(english):
    for page in sorted(english.rglob("*.html")):
        if page.parent.name == "about":
            continue  # the curator's own page, in French
        html = soup(page)
        for element in html.select("body [lang], script"):
            element.decompose()  # the articles' French text, the structured data
        attributes = [value for tag in html.find_all(True) for name, value in tag.attrs.items()
                      if name in ("aria-label", "placeholder", "content", "data-pagefind-filter", "data-pagefind-meta")]
        text = " ".join([html.get_text(" "), *map(str, attributes)])
        assert not [word for word in FRENCH_WORDS if word in text], page.relative_to(english)
    previews = json.loads((english / "previews.json").read_text(encoding="utf-8"))
    assert previews["coree-du-nord"]["type_label"] == "Country"
    assert previews["coree-du-nord"]["url"] == "actors/coree-du-nord/"
    assert 'xml:lang="en"' in (english / "atom.xml").read_text(encoding="utf-8")


def test_french_articles_of_an_english_site_say_their_language(english):
    for page in sorted((english / "articles").glob("*/index.html")):
        article = soup(page)
        assert article.h1["lang"] == "fr" and article.select_one(".article-body")["lang"] == "fr", page
        assert article.select_one(".byline").get("lang") is None  # the interface around it stays English
    actor = soup(english / "actors" / "kim-jong-un" / "index.html")
    quotes = actor.select("blockquote.mention-quote")
    assert quotes and all(quote["lang"] == "fr" for quote in quotes)
    assert all(quote["lang"] == "fr" for quote in soup(english / "timeline" / "index.html").select("blockquote"))


def test_an_english_site_has_an_english_search_index(english):
    entry = json.loads((english / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"en"}
    assert soup(english / "articles" / "index.html").select("[data-pagefind-filter]") == []
    article = next((english / "articles").glob("*/index.html"))
    filters = [tag["data-pagefind-filter"] for tag in soup(article).select("[data-pagefind-filter]")]
    assert filters == ["type:Article", "outlet"]


def test_dossier_urls_moves_the_pages_and_every_link_to_them(tmp_path):
    root = copy_project(tmp_path / "project")
    set_settings(root, DOSSIER_URLS={"actors": "who/", "timeline": "when"})
    result = run_build(root, "--no-propose")
    assert result.returncode == 0, result.stdout + result.stderr
    output = root / "output"
    assert (output / "who" / "kim-jong-un" / "index.html").is_file() and (output / "when" / "index.html").is_file()
    assert not (output / "acteurs").exists() and not (output / "chronologie").exists()
    assert (output / "lieux" / "pyongyang" / "index.html").is_file()  # the others keep the language's address
    home = soup(output / "index.html")
    hrefs = [a["href"] for a in home.select("nav.site-nav a")]
    assert "/who/" in hrefs and "/when/" in hrefs and "/a-propos/" in hrefs
    article = soup(next((output / "articles").glob("*/index.html")))
    assert article.select('a[data-entity][href^="/who/"]')
    previews = json.loads((output / "previews.json").read_text(encoding="utf-8"))
    assert previews["kim-jong-un"]["url"] == "who/kim-jong-un/"
    assert "/who/kim-jong-un/" in (output / "sitemap.xml").read_text(encoding="utf-8")
