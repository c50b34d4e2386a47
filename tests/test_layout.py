"""Layout tests: what a reader sees of the pages at a desk's width and on a phone, in Chromium.

The dossier (the five seeds) is built once for this module, for http://127.0.0.1:PORT/dossier-test,
and served there as in test_browser.py. The tests measure the pages as laid out:

- every section heading of a sidebar can be brought into the viewport by scrolling the page, on a
  desk screen of 900 or 700 pixels high (a sticky sidebar taller than the screen hides its bottom);
- no page kind scrolls sideways on a phone;
- on a wide desk, index pages use more than a column of running text, and running text keeps it;
- the network's drawing fits a phone's screen (it used to be a side-scroll of a 672px drawing).
"""

from __future__ import annotations

import pytest

from .conftest import copy_project, published_site

ACTOR = "/acteurs/kim-jong-un/"  # the actor whose sidebar is the tallest: co-mentions, events, drawings
ARTICLE = "/articles/alliance-strategique-entre-la-russie-et-la-coree-du-nord-une/"
EVENT = "/evenements/visite-poutine-pyongyang-2024/"
NETWORK = "/reseau/"
PHONE = {"width": 390, "height": 844}
REM = 16  # pixels: the root font size the theme keeps (its sizes are in rem)
MEASURE = 40 * REM  # the theme's measure of running text


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """site('/acteurs/') -> the absolute URL of that page of the dossier, built once for the module."""
    root = copy_project(tmp_path_factory.mktemp("layout"), with_articles=False)
    with published_site(root) as url:
        yield lambda path="/": url + path


@pytest.fixture
def open_page(browser, site):
    """open_page(path, width, height) -> a Playwright page showing it, laid out and its fonts loaded."""
    contexts = []

    def open_(path, width, height):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
        contexts.append(context)
        page = context.new_page()
        page.goto(site(path))
        page.evaluate("document.fonts.ready")
        return page

    yield open_
    for context in contexts:
        context.close()


# Scrolls the window (only the window: never a scroll box inside the page) through its whole height
# and tells, for each element of `selector`, whether at some scroll position its box lies wholly in
# the viewport with the element itself painted at its centre (not covered, not clipped by a box).
REACHABLE_BY_SCROLLING = """selector => {
  const targets = [...document.querySelectorAll(selector)];
  const seen = targets.map(() => false);
  const last = document.documentElement.scrollHeight - innerHeight;
  const positions = [];
  for (let y = 0; y < last; y += Math.max(1, Math.floor(innerHeight / 4))) positions.push(y);
  positions.push(Math.max(0, last));
  for (const y of positions) {
    window.scrollTo(0, y);
    targets.forEach((element, i) => {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return;
      if (box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) return;
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      if (hit && (hit === element || element.contains(hit))) seen[i] = true;
    });
  }
  window.scrollTo(0, 0);
  return targets.map((element, i) => ({text: element.textContent.trim(), seen: seen[i]}));
}"""


@pytest.mark.parametrize("height", [900, 700])
@pytest.mark.parametrize("path", [ACTOR, ARTICLE], ids=["actor", "article"])
def test_every_heading_of_a_sidebar_can_be_scrolled_into_view(open_page, path, height):
    page = open_page(path, 1280, height)
    headings = page.evaluate(REACHABLE_BY_SCROLLING, "aside.side h2, aside.side h3")
    assert len(headings) >= 2, headings
    hidden = [heading["text"] for heading in headings if not heading["seen"]]
    assert hidden == [], f"at 1280×{height}, scrolling the page never shows these sidebar headings: {hidden}"


@pytest.mark.parametrize(
    "path",
    ["/", ARTICLE, ACTOR, EVENT, "/chronologie/", NETWORK],
    ids=["home", "article", "actor", "event", "timeline", "network"],
)
def test_no_page_scrolls_sideways_on_a_phone(open_page, path):
    page = open_page(path, **PHONE)
    widths = page.evaluate("""() => ({
        document: document.documentElement.scrollWidth, body: document.body.scrollWidth, viewport: innerWidth,
        clipped: [document.documentElement, document.body].some(e => getComputedStyle(e).overflowX !== 'visible'),
    })""")
    assert widths["document"] <= widths["viewport"] and widths["body"] <= widths["viewport"], widths
    assert not widths["clipped"], "the page must not hide what overflows it: it would be out of reach"


# The horizontal extent of what `main` shows: from the leftmost to the rightmost box inside it.
CONTENT_EXTENT = """selector => {
  const boxes = [...document.querySelectorAll(selector)].map(e => e.getBoundingClientRect()).filter(b => b.width > 0);
  return Math.max(...boxes.map(b => b.right)) - Math.min(...boxes.map(b => b.left));
}"""


@pytest.mark.parametrize("path", ["/acteurs/", "/articles/", "/"], ids=["actors", "articles", "home"])
def test_index_pages_use_a_desks_width(open_page, path):
    page = open_page(path, 1600, 900)
    extent = page.evaluate(CONTENT_EXTENT, "main li, main p, main h2")
    assert extent > MEASURE + REM, f"{path}: its content spans {extent}px of a 1600px screen, one column of text"


@pytest.mark.parametrize(
    ("path", "text"),
    [(ARTICLE, ".article-body p"), (ACTOR, ".mentions blockquote"), (EVENT, ".passages blockquote")],
    ids=["article", "actor", "event"],
)
def test_running_text_keeps_a_readable_measure_on_a_wide_desk(open_page, path, text):
    page = open_page(path, 1600, 900)
    widths = page.locator(text).evaluate_all("elements => elements.map(e => e.getBoundingClientRect().width)")
    assert widths and max(widths) <= MEASURE + REM, f"{path}: lines of {max(widths)}px"


def test_the_network_drawing_fits_a_phones_screen(open_page):
    page = open_page(NETWORK, **PHONE)
    drawing = page.locator("svg.net-svg")
    box = drawing.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    frame = page.evaluate("""() => {
        const frame = document.querySelector('svg.net-svg').parentElement;
        return {scroll: frame.scrollWidth, client: frame.clientWidth};
    }""")
    assert frame["scroll"] <= frame["client"], f"the drawing scrolls sideways in its frame: {frame}"
    # Names are written: the drawing is drawn, at a phone's width, not left blank.
    assert drawing.locator("text").count() > 5


def test_the_focused_network_drawing_opens_at_full_size_inside_its_frame(open_page):
    page = open_page(NETWORK, **PHONE)
    frame = page.locator(".net-scroll")
    fitted = page.locator("svg.net-svg").bounding_box()["width"]
    page.keyboard.press("Tab")
    for _ in range(40):  # to the drawing, with the keyboard, as a reader without a mouse
        if frame.evaluate("e => e === document.activeElement"):
            break
        page.keyboard.press("Tab")
    assert frame.evaluate("e => e === document.activeElement"), "the drawing cannot be reached with Tab"
    full = page.locator("svg.net-svg").bounding_box()["width"]
    assert full > fitted * 1.5, (fitted, full)
    page.keyboard.press("ArrowRight")
    widths = page.evaluate("""() => ({
        frame: document.querySelector('.net-scroll').scrollWidth > document.querySelector('.net-scroll').clientWidth,
        page: document.documentElement.scrollWidth, viewport: innerWidth})""")
    assert widths["frame"] and widths["page"] <= widths["viewport"], widths
