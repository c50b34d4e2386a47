"""Browser tests: a reader's journeys through the real dossier, in Chromium, under a sub-path.

The dossier (the five seeds) is built for http://127.0.0.1:PORT/dossier-test and served
there, as GitHub Pages serves a project site. Every test opens its own page; a console
error or an uncaught exception on any page it visits fails it. The tests also run axe-core
on every page kind (light and dark, desk and phone) and write full-page screenshots of
each page kind to tests/screenshots/.

Chromium is Debian's (/usr/bin/chromium): Playwright never downloads a browser here.
"""

from __future__ import annotations

import re

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import ROOT, SUB_PATH, copy_project, published_site
from .test_languages import make_dossier

PREFIX = SUB_PATH
SCREENSHOTS = ROOT / "tests" / "screenshots"
DESK = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# The real dossier: what a reader looks for in it.
ALLIANCE = "alliance-strategique-entre-la-russie-et-la-coree-du-nord-une"  # the article naming Koursk
ALLIANCE_TITLE = "L'alliance stratégique entre la Russie et la Corée du Nord : une menace pour l'ordre mondial"
BBC = "ce-que-la-coree-du-nord-et-la-russie-gagnent-une-alliance"
BBC_TITLE = "Ce que la Corée du Nord et la Russie gagnent d’une alliance militaire"
PUTIN_ARTICLE = "poutine-renforce-ses-liens-avec-la-coree-du-nord-face-a"
PUTIN_ARTICLE_TITLE = "Poutine renforce ses liens avec la Corée du Nord face à l’Occident"
VISIT = "visite-poutine-pyongyang-2024"
VISIT_NAME = "Visite d'État de Vladimir Poutine à Pyongyang"
ACTORS = {"kim-jong-un": "Kim Jong-un", "vladimir-poutine": "Vladimir Poutine"}

expect.set_options(timeout=10_000)


def registry_events() -> dict[str, str]:
    """{id: name} of the dossier's events, read from content/events/."""
    events = {}
    for path in sorted((ROOT / "content" / "events").glob("*.md")):
        front = path.read_text(encoding="utf-8").split("---")[1]
        events[path.stem] = yaml.safe_load(front)["name"]
    return events


EVENTS = registry_events()


# ---------- The site, the server, the browser ----------

@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    """The dossier built for http://127.0.0.1:PORT/dossier-test and served there; its public address."""
    root = copy_project(tmp_path_factory.mktemp("browser"), with_articles=False)
    with published_site(root) as url:
        yield url


@pytest.fixture
def new_page(browser, site_url):
    """Open pages in fresh contexts; at the end, fail on any console error or page error they saw."""
    contexts, errors = [], []
    host_favicon = site_url.removesuffix(PREFIX) + "/favicon.ico"  # the host's root, outside the site

    def open_page(**options):
        options.setdefault("viewport", DESK)
        options.setdefault("locale", "fr-FR")
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        def on_console(message):
            source = message.location.get("url", "")
            # Chromium asks for /favicon.ico once per browser, in whichever test comes first:
            # test_pages_declare_an_icon_inside_the_site checks for that, on every page.
            if message.type == "error" and source != host_favicon:
                errors.append(f"console error on {page.url}: {message.text} ({source})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: errors.append(f"uncaught exception on {page.url}: {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == [], "\n".join(errors)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def site(site_url):
    """site('/acteurs/') -> the absolute URL of that page of the served site."""
    return lambda path="/": site_url + path


# Absolute URLs of links, HTML or SVG (an SVG link's `href` is not a string).
RESOLVED_HREFS = "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)"


def main_heading(page):
    return page.get_by_role("main").get_by_role("heading", level=1)


def normalise(text: str) -> str:
    return " ".join(text.split())


# ---------- Reader journeys ----------

@pytest.mark.parametrize(
    ("actor", "slug", "title"),
    [("kim-jong-un", BBC, BBC_TITLE), ("vladimir-poutine", PUTIN_ARTICLE, PUTIN_ARTICLE_TITLE)],
    ids=["kim-jong-un", "vladimir-poutine"],
)
def test_home_to_article_to_actor_to_paragraph_to_event(page, site, actor, slug, title):
    name = ACTORS[actor]
    page.goto(site("/"))
    expect(main_heading(page)).to_be_visible()

    # Home -> the article, by its title.
    page.get_by_role("main").get_by_role("link", name=title, exact=True).first.click()
    expect(page).to_have_url(site(f"/articles/{slug}/"))
    expect(main_heading(page)).to_have_text(title)

    # Article -> the actor, by a mention in the body.
    mention = page.locator(f'.article-body a.mention[href$="/acteurs/{actor}/"]').first
    expect(mention).to_be_visible()
    mention.click()
    expect(page).to_have_url(site(f"/acteurs/{actor}/"))
    expect(main_heading(page)).to_have_text(name)

    # Actor -> one mention, in its sentence, back to the article's paragraph.
    quote = page.get_by_role("region", name="Mentions").locator(f'a[href*="/articles/{slug}/#p-"]').first
    expect(quote).to_be_visible()
    sentence = normalise(quote.inner_text())
    marked = normalise(quote.locator("mark").first.inner_text())
    assert marked and marked in sentence
    quote.click()
    expect(page).to_have_url(re.compile(re.escape(site(f"/articles/{slug}/")) + r"#p-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    paragraph = page.locator(f"#{anchor}")
    expect(paragraph).to_be_in_viewport()
    assert sentence in normalise(paragraph.inner_text()), "the paragraph holds the sentence the actor page showed"

    # Back on the actor page -> an event it takes part in.
    page.go_back()
    expect(page).to_have_url(site(f"/acteurs/{actor}/"))
    page.get_by_role("main").get_by_role("link", name=VISIT_NAME, exact=True).first.click()
    expect(page).to_have_url(site(f"/evenements/{VISIT}/"))
    expect(main_heading(page)).to_have_text(VISIT_NAME)

    # How each article tells it: where the sources differ, then a row per article.
    comparison = page.get_by_role("region", name="Ce que chaque article en dit")
    expect(comparison.get_by_role("heading", name="Où les sources divergent")).to_be_visible()
    expect(comparison.get_by_role("table").locator("tbody th[scope=row]")).to_have_count(3)
    # The passages, grouped by outlet: one titled group per outlet, the two articles of unknown
    # outlet apart, each with its passages.
    passages = page.get_by_role("region", name="Ce qu'en disent les articles")
    expect(passages).to_be_visible()
    expect(passages.get_by_role("heading", name="The Hill", exact=True)).to_be_visible()
    expect(passages.get_by_role("heading", name="Source non identifiée", exact=True)).to_have_count(2)
    for group in passages.locator(".outlet-group").all():
        expect(group.locator('a[href*="/articles/"][href*="#p-"]').first).to_be_visible()


def test_search_page_finds_the_article_that_names_koursk(page, site):
    page.goto(site("/recherche/?q=Koursk"))
    expect(main_heading(page)).to_be_visible()
    result = page.get_by_role("main").locator(f'a[href*="/articles/{ALLIANCE}/"]').first
    expect(result).to_be_visible()
    assert result.evaluate("a => a.href").startswith(site(f"/articles/{ALLIANCE}/")), "result links under the sub-path"
    result.click()
    expect(page).to_have_url(re.compile(re.escape(site(f"/articles/{ALLIANCE}/"))))
    expect(main_heading(page)).to_have_text(ALLIANCE_TITLE)


def test_the_header_search_box_finds_koursk(page, site):
    page.goto(site("/a-propos/"))  # a page that links to no article
    box = page.get_by_role("banner").locator('input[type="search"], input[name="q"]').first
    expect(box).to_be_visible()
    box.fill("Koursk")
    box.press("Enter")
    result = page.locator(f'a[href*="/articles/{ALLIANCE}/"]').first
    expect(result).to_be_visible()
    assert result.evaluate("a => a.href").startswith(site(f"/articles/{ALLIANCE}/"))
    result.click()
    expect(main_heading(page)).to_have_text(ALLIANCE_TITLE)


def test_searching_putin_finds_vladimir_poutine(page, site):
    page.goto(site("/recherche/?q=Putin"))
    result = page.get_by_role("main").locator('a[href*="/acteurs/vladimir-poutine/"]').first
    expect(result).to_be_visible()
    assert result.evaluate("a => a.href").startswith(site("/acteurs/vladimir-poutine/"))
    result.click()
    expect(page).to_have_url(site("/acteurs/vladimir-poutine/"))
    expect(main_heading(page)).to_have_text("Vladimir Poutine")


def test_the_timeline_is_reached_from_the_navigation_and_shows_the_seven_events(page, site):
    assert len(EVENTS) == 7
    page.goto(site("/"))
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Chronologie").click()
    expect(page).to_have_url(site("/chronologie/"))
    expect(main_heading(page)).to_contain_text("Chronologie")
    main = page.get_by_role("main")
    linked = {
        href.rstrip("/").rsplit("/", 1)[-1]
        for href in main.locator('a[href*="/evenements/"]').evaluate_all(RESOLVED_HREFS)
    }
    assert linked == set(EVENTS), "the timeline links every event, and only events that exist"
    for event_id, name in EVENTS.items():
        link = main.get_by_role("link", name=name, exact=True).first
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", re.compile(rf"/evenements/{event_id}/$"))


def test_tab_reaches_the_skip_link_first_and_it_moves_focus_to_main(page, site):
    page.goto(site(f"/articles/{BBC}/"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    expect(page).to_have_url(site(f"/articles/{BBC}/#contenu"))


# What a preview card can be: a tooltip, or a card/popover element of the enhancement script.
PREVIEW = (
    '[role="tooltip"], [popover], [class*="preview"], [class*="popover"], [class*="tooltip"], [class*="card"]'
)


def test_focusing_a_mention_shows_its_preview_card_and_escape_hides_it(page, site):
    page.goto(site(f"/articles/{BBC}/"))
    mention = page.locator('.article-body a.mention[href$="/acteurs/kim-jong-un/"]').first
    cards = page.locator(PREVIEW).filter(has_text="Kim Jong-un").filter(visible=True)
    expect(cards).to_have_count(0)
    mention.focus()
    expect(cards.first).to_be_visible()
    page.keyboard.press("Escape")
    expect(cards).to_have_count(0)
    expect(mention).to_be_focused()  # dismissed without moving focus (WCAG 1.4.13)


def test_pages_declare_an_icon_inside_the_site(page, site):
    """Without <link rel="icon">, a browser asks the host for /favicon.ico: outside a project
    site (https://user.github.io/favicon.ico), a 404 logged in the console."""
    for path in ("/", f"/articles/{BBC}/", "/acteurs/kim-jong-un/", "/chronologie/", "/recherche/"):
        page.goto(site(path))
        icons = page.locator('head link[rel~="icon"]')
        assert icons.count() >= 1, f"{path}: no <link rel=\"icon\"> in the head"
        href = icons.first.evaluate("link => link.href")
        if not href.startswith("data:"):
            assert href.startswith(site("/")), f"{path}: the icon {href} is outside the site"
            assert page.request.get(href).ok, f"{path}: the icon {href} does not answer"


# ---------- Without JavaScript ----------

@pytest.fixture
def static_page(new_page):
    return new_page(java_script_enabled=False)


def test_without_javascript_the_home_page_lists_the_articles_and_links_work(static_page, site):
    page = static_page
    page.goto(site("/"))
    expect(main_heading(page)).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name=BBC_TITLE, exact=True)).to_be_visible()
    page.get_by_role("main").get_by_role("link", name=BBC_TITLE, exact=True).click()
    expect(page).to_have_url(site(f"/articles/{BBC}/"))
    expect(main_heading(page)).to_have_text(BBC_TITLE)


def test_without_javascript_an_article_shows_its_body_and_mentions_link(static_page, site):
    page = static_page
    page.goto(site(f"/articles/{BBC}/"))
    expect(main_heading(page)).to_have_text(BBC_TITLE)
    expect(page.locator(".article-body p").first).to_be_visible()
    page.locator('.article-body a.mention[href$="/acteurs/kim-jong-un/"]').first.click()
    expect(page).to_have_url(site("/acteurs/kim-jong-un/"))
    expect(main_heading(page)).to_have_text("Kim Jong-un")


def test_without_javascript_an_actor_page_shows_its_mentions_and_they_link_to_paragraphs(static_page, site):
    page = static_page
    page.goto(site("/acteurs/kim-jong-un/"))
    expect(main_heading(page)).to_have_text("Kim Jong-un")
    said = page.get_by_role("region", name="Ses déclarations").locator("figure blockquote")
    expect(said).to_have_text("liens stratégiques éternels")
    quote = page.get_by_role("region", name="Mentions").locator('a[href*="/articles/"][href*="#p-"]').first
    expect(quote.locator("mark")).to_be_visible()
    quote.click()
    expect(page).to_have_url(re.compile(r"/articles/[^/]+/#p-\d+$"))
    expect(page.locator(f"#{page.url.rsplit('#', 1)[1]}")).to_be_in_viewport()


def test_without_javascript_an_event_page_shows_its_passages_and_links_work(static_page, site):
    page = static_page
    page.goto(site(f"/evenements/{VISIT}/"))
    expect(main_heading(page)).to_have_text(VISIT_NAME)
    passages = page.get_by_role("region", name="Ce qu'en disent les articles")
    expect(passages.locator("blockquote").first).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Vladimir Poutine", exact=True).first.click()
    expect(page).to_have_url(site("/acteurs/vladimir-poutine/"))
    expect(main_heading(page)).to_have_text("Vladimir Poutine")


def test_without_javascript_the_timeline_shows_the_events_and_links_work(static_page, site):
    page = static_page
    page.goto(site("/chronologie/"))
    expect(main_heading(page)).to_contain_text("Chronologie")
    main = page.get_by_role("main")
    for event_id, name in EVENTS.items():
        link = main.get_by_role("link", name=name, exact=True).first
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", re.compile(rf"/evenements/{event_id}/$"))
    main.get_by_role("link", name=VISIT_NAME, exact=True).first.click()
    expect(page).to_have_url(site(f"/evenements/{VISIT}/"))
    expect(main_heading(page)).to_have_text(VISIT_NAME)


# ---------- Accessibility (axe-core) ----------

AXE_PAGES = {
    "home": "/",
    "article": f"/articles/{ALLIANCE}/",
    "actor": "/acteurs/kim-jong-un/",
    "speaker": "/acteurs/vladimir-poutine/",
    "place": "/lieux/pyongyang/",
    "event": f"/evenements/{VISIT}/",
    "who said what": "/qui-a-dit-quoi/",
    "data": "/donnees/",
    "timeline": "/chronologie/",
    "network": "/reseau/",
    "search": "/recherche/?q=Koursk",
    "articles index": "/articles/",
    "actors index": "/acteurs/",
    "places index": "/lieux/",
    "events index": "/evenements/",
}


def settle(page):
    """Let scripts finish what they draw after load (search results, charts)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)


def assert_no_axe_violations(page, label: str):
    violations = Axe().run(page).response["violations"]
    report = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        report.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
            + "; ".join(targets[:8]) + (f" … (+{len(targets) - 8})" if len(targets) > 8 else "")
        )
    assert not report, f"axe on {label} ({page.url}):\n" + "\n".join(report)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(AXE_PAGES))
def test_axe_finds_no_violation(page, site, kind, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site(AXE_PAGES[kind]))
    settle(page)
    assert_no_axe_violations(page, f"{kind}, {scheme}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["article", "event", "who said what"])
def test_axe_finds_no_violation_on_a_phone(new_page, site, kind, scheme):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page.emulate_media(color_scheme=scheme)
    page.goto(site(AXE_PAGES[kind]))
    settle(page)
    assert_no_axe_violations(page, f"{kind} on a phone, {scheme}")


# ---------- A German dossier: `dossier init --lang de`, the same seeds and registry ----------

GERMAN_PAGES = {
    "home": "/",
    "article": f"/articles/{ALLIANCE}/",
    "actor": "/akteure/kim-jong-un/",
    "actor without a description": "/akteure/iran/",
    "place": "/orte/pyongyang/",
    "event": f"/ereignisse/{VISIT}/",
    "who said what": "/wer-sagte-was/",
    "data": "/daten/",
    "timeline": "/chronik/",
    "network": "/netzwerk/",
    "search": "/suche/?q=Kursk",
    "about": "/ueber/",
    "actors index": "/akteure/",
    "events index": "/ereignisse/",
}


@pytest.fixture(scope="session")
def german(tmp_path_factory):
    """german('/akteure/') -> the absolute URL of that page of the German dossier, built and served."""
    root = make_dossier(tmp_path_factory.mktemp("german"), "de")
    with published_site(root) as url:
        yield lambda path="/": url + path


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(GERMAN_PAGES))
def test_axe_finds_no_violation_on_the_german_site(page, german, kind, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(german(GERMAN_PAGES[kind]))
    settle(page)
    assert page.evaluate("document.documentElement.lang") == "de"
    assert_no_axe_violations(page, f"German {kind}, {scheme}")


def test_the_german_search_and_preview_cards_speak_german(page, german):
    page.goto(german("/suche/?q=Koursk"))  # the French articles' word, and an alias of the place
    expect(page.locator("#recherche-statut")).to_have_text(re.compile(r"^\d+ Ergebnisse für „Koursk“\.$"))
    expect(page.locator("#recherche-filtres legend")).to_have_text(["Typ", "Medium"])
    expect(page.locator(".search-result .type-badge.type-article").first).to_have_text("Artikel")
    expect(page.locator(".search-result .type-badge.type-place").first).to_have_text("Ort")
    page.get_by_role("checkbox", name=re.compile(r"^Ort \(")).check()
    expect(page.locator("#recherche-statut")).to_have_text("1 Ergebnis für „Koursk“ mit diesen Filtern.")
    page.goto(german("/suche/?q=zzzzqqq"))
    expect(page.locator("#recherche-statut")).to_have_text(
        "Keine Ergebnisse für „zzzzqqq“. Versuchen Sie ein anderes Wort oder weniger Filter.")
    page.goto(german(f"/articles/{BBC}/"))
    page.locator('.article-body a.mention[href$="/akteure/kim-jong-un/"]').first.focus()
    card = page.locator(".preview-card").filter(visible=True)
    expect(card.locator(".preview-kind")).to_have_text("Person")
    expect(card.locator(".preview-count")).to_have_text(re.compile(r"^\d+ Erwähnungen in \d+ Artikeln?$"))


# ---------- Screenshots (tests/screenshots/, git-ignored) ----------

def open_preview(page):
    # previews.js closes the card on resize, and a full-page shot resizes the viewport:
    # make the viewport as tall as the page first, then shoot the viewport.
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": page.viewport_size["width"], "height": height})
    page.locator('.article-body a.mention[href$="/acteurs/kim-jong-un/"]').first.focus()
    expect(page.locator(PREVIEW).filter(has_text="Kim Jong-un").filter(visible=True).first).to_be_visible()


def wait_for_results(page):
    expect(page.get_by_role("main").locator(f'a[href*="/articles/{ALLIANCE}/"]').first).to_be_visible()


SHOTS = {
    # name: (path, context options, what to do before the shot)
    "home": ("/", {}, None),
    "article": (f"/articles/{BBC}/", {}, None),
    "actor": ("/acteurs/kim-jong-un/", {}, None),
    "place": ("/lieux/pyongyang/", {}, None),
    "event": (f"/evenements/{VISIT}/", {}, None),
    "event-phone": (f"/evenements/{VISIT}/", {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}, None),
    "who-said-what": ("/qui-a-dit-quoi/", {}, None),
    "speaker": ("/acteurs/vladimir-poutine/", {}, None),
    "index-articles": ("/articles/", {}, None),
    "index-acteurs": ("/acteurs/", {}, None),
    "index-lieux": ("/lieux/", {}, None),
    "index-evenements": ("/evenements/", {}, None),
    "timeline": ("/chronologie/", {}, None),
    "network": ("/reseau/", {}, None),
    "search": ("/recherche/?q=Koursk", {}, wait_for_results),
    "preview-card": (f"/articles/{BBC}/", {}, open_preview),
    "article-phone": (f"/articles/{BBC}/", {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}, None),
    "article-dark": (f"/articles/{BBC}/", {"color_scheme": "dark"}, None),
}


@pytest.mark.parametrize("name", list(SHOTS))
def test_screenshot(new_page, site, name):
    path, options, prepare = SHOTS[name]
    page = new_page(**options)
    page.goto(site(path))
    settle(page)
    expect(main_heading(page)).to_be_visible()
    if prepare:
        prepare(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=prepare is not open_preview, animations="disabled")
    assert target.stat().st_size > 5_000


@pytest.mark.parametrize("language, opening, closing", [("de", "„", "“"), ("fr", "«\u00a0", "\u00a0»"), ("en", "“", "”")])
def test_a_quotation_is_set_in_the_quotation_marks_of_its_language(browser, language, opening, closing):
    """Who said what and an actor's page set a quotation's marks by CSS (open-quote, close-quote), in its
    language's: „…“ in German, « … » in French, “…” in English."""
    css = (ROOT / "dossier" / "theme" / "static" / "css" / "style.css").read_text(encoding="utf-8")
    page = browser.new_page()
    page.set_content(f'<html lang="{language}"><head><style>{css}</style></head><body><figure class="quotation">'
                     "<blockquote><p>Wir halten fest</p></blockquote></figure></body></html>")
    marks = page.evaluate("getComputedStyle(document.querySelector('.quotation blockquote')).quotes")
    page.close()
    assert marks.startswith(f'"{opening}" "{closing}"')


@pytest.mark.parametrize("language", ["de", "fr", "en"])
def test_every_label_of_the_timeline_drawing_lies_within_it(browser, language):
    """The drawing beside the timeline, in Chromium with the theme's styles: the longest labels of each
    language (a range of two dates in words, its count) end within the drawing, not cut by its edge,
    and no two labels overlap."""
    from dossier.core.model import PartialDate
    from dossier.render import i18n
    from dossier.sections.timeline import DateGroup, timeline_svg

    i18n.use(language)
    try:
        groups = []
        for first, last, count in [
            (PartialDate(2024, 7, 15), PartialDate(2024, 12, 14), 1),  # „15. Juli 2024 – 14. Dezember 2024“
            (PartialDate(2024, 9, 30), PartialDate(2025, 11, 28), 12),
            (PartialDate(2025, 1, 9), PartialDate(2025, 1, 11), 2),
            (PartialDate(2025, 2), None, 1),
        ]:
            group = DateGroup(first, last)
            group.statements.extend([None] * count)  # the drawing counts them
            groups.append(group)
        svg = str(timeline_svg(groups, ""))
    finally:
        i18n.use("fr")
    css = (ROOT / "dossier" / "theme" / "static" / "css" / "style.css").read_text(encoding="utf-8")
    page = browser.new_page(viewport=DESK)
    page.set_content(f'<html lang="{language}"><head><style>{css}</style></head><body><main><figure class="chrono-figure">'
                     f"{svg}</figure></main></body></html>")
    boxes = page.evaluate("""() => {
        const svg = document.querySelector('svg.chrono-svg');
        const width = svg.viewBox.baseVal.width;
        return [width, [...svg.querySelectorAll('text.chrono-date')].map(t => {
            const box = t.getBBox();
            return [t.textContent, box.x, box.y, box.x + box.width, box.y + box.height];
        })];
    }""")
    page.close()
    width, labels = boxes
    assert len(labels) == 4
    for text, left, _, right, _ in labels:
        assert left >= 0 and right <= width, (text, right, width)
    for (a, _, _, _, a_bottom), (b, _, b_top, _, _) in zip(labels, labels[1:], strict=False):
        assert a_bottom <= b_top + 1, (a, b)
