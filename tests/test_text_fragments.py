"""Every claim traced to its sentence: the links to the sentence in an article's original web page
(URL text fragments, https://wicg.github.io/scroll-to-text-fragment/), and an article's provenance.

- the encoding of a text directive: what must be percent-encoded, French typography undone, long
  sentences matched by their start and end;
- on a built site (the project's five seeds, each given an address): every value of the comparison,
  every quotation of "who said what" and every dated statement of the timeline links to its paragraph
  in the article's page and to its sentence in the original, whose words the seed holds;
- in Chromium: a local copy of an original page (Le Monde's, from ../shared/corpus/readability),
  opened from the link of the site that quotes it, scrolls to the sentence and highlights it; and in an
  English dossier of five pages of the corpus, every quotation's link does;
- the provenance block of an article page: its seed, the seed's SHA-256, the day added, hand edits.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import io
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from dossier.render.fragments import directive, encode, fragment_url, runs

from .conftest import copy_project, free_port, run_build
from .helpers import write_entry

ROOT = Path(__file__).resolve().parent.parent
LE_MONDE = ROOT.parent / "shared" / "corpus" / "readability" / "lemonde-1" / "source.html"
ORIGINALS = "https://example.org/original/"


def terms(url: str) -> list[str]:
    """The words a link's text directive looks for: textStart (and textEnd), decoded."""
    fragment = urlsplit(url).fragment
    assert fragment.count(":~:text=") == 1, url
    found = fragment.split(":~:text=", 1)[1].split(",")
    assert 1 <= len(found) <= 2, url
    return [unquote(term) for term in found]


# ---------- The encoding ----------

@pytest.mark.parametrize(("term", "encoded"), [
    ("a-b", "a%2Db"),  # "-" marks a prefix or a suffix in the directive's syntax
    ("x, y", "x%2C%20y"),  # "," separates textStart and textEnd
    ("R&D", "R%26D"),  # "&" separates directives
    ("50 % #1 ?", "50%20%25%20%231%20%3F"),
    ("l’été « déjà »", "l%E2%80%99%C3%A9t%C3%A9%20%C2%AB%20d%C3%A9j%C3%A0%20%C2%BB"),
    ('"<b>"', "%22%3Cb%3E%22"),
    ("Straße 1.5_x~", "Stra%C3%9Fe%201.5_x~"),
])
def test_a_term_is_percent_encoded_as_the_directive_requires(term, encoded):
    assert encode(term) == encoded
    assert unquote(encode(term)) == term


def test_a_short_sentence_is_matched_whole():
    assert directive("Kim Jong-un a reçu Vladimir Poutine.") == "text=Kim%20Jong%2Dun%20a%20re%C3%A7u%20Vladimir%20Poutine"


def test_a_long_sentence_is_matched_by_its_first_and_last_words():
    sentence = ("Selon les services de renseignement américains, jusqu'à 8\u202f000 soldats nord-coréens auraient été "
                "déployés dans la région de Koursk, en Russie.")
    assert directive(sentence) == ("text=Selon%20les%20services%20de%20renseignement,"
                                   "r%C3%A9gion%20de%20Koursk%2C%20en%20Russie")


def test_french_typography_is_undone_and_never_matched_across():
    # The dossier writes a no-break space before ":" and inside « »; the original may have a plain space,
    # or none by a guillemet: the words are taken between those places.
    shown = "Il a déclaré à la presse\u00a0: «\u202fNous ne céderons jamais sur ce point\u202f», ajoute-t-il."
    assert [" ".join(run) for run in runs(shown)] == ["Il a déclaré à la presse", "Nous ne céderons jamais sur ce point",
                                                       "ajoute-t-il."]
    start, end = terms(fragment_url("https://example.org/a", shown))
    assert (start, end) == ("Il a déclaré à la", "ajoute-t-il")
    assert "\u00a0" not in start + end and "\u202f" not in start + end
    # A no-break space the seed writes itself ("8 000") is the original's: kept.
    assert runs("jusqu'à 8\u202f000 soldats") == [["jusqu'à", "8\u202f000", "soldats"]]


def test_hostile_text_stays_inside_the_fragment():
    url = fragment_url("https://example.org/a?x=1", 'He said "<script>alert(1)</script>" & left, #fast -- then :~:text=x')
    fragment = url.split("#", 1)[1]
    assert fragment.startswith(":~:text=")
    assert re.fullmatch(r":~:text=[A-Za-z0-9%._~!$'()*+/:;=?@]+(,[A-Za-z0-9%._~!$'()*+/:;=?@]+)?", fragment), fragment
    assert "<" not in url and '"' not in url and " " not in url and "#" not in fragment


def test_the_original_address_keeps_its_own_fragment_and_only_web_addresses_get_one():
    assert fragment_url("https://example.org/a#part", "Un mot.") == "https://example.org/a#part:~:text=Un%20mot"
    assert fragment_url("https://example.org/a#:~:text=old", "Un mot.") == "https://example.org/a#:~:text=Un%20mot"
    assert fragment_url(None, "Un mot.") is None
    assert fragment_url("javascript:alert(1)", "Un mot.") is None
    assert fragment_url("https://example.org/a", " \u00a0« » ") is None


# ---------- On a built site ----------

def normalized(text: str) -> str:
    """Text with its runs of plain white space made one space (as a browser lays it out)."""
    return re.sub(r"[^\S\u00a0\u202f]+", " ", text)


@pytest.fixture(scope="module")
def traced_site(tmp_path_factory) -> Path:
    """The project's five seeds, each given an address in content/seeds.yml, built from scratch."""
    root = copy_project(tmp_path_factory.mktemp("traced"), with_articles=False)
    addresses = {seed.name: {"url": f"{ORIGINALS}{seed.stem}.html"} for seed in sorted((root / "seeds").iterdir())}
    (root / "content" / "seeds.yml").write_text(yaml.safe_dump(addresses), encoding="utf-8")
    result = run_build(root, "--no-propose")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def _page(root: Path, url: str) -> BeautifulSoup:
    path = root / "output" / urlsplit(url).path.strip("/") / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _check_two_links(root: Path, element, seeds: dict[str, str]) -> None:
    """`element` links to a paragraph of an article page, which has it, and to its sentence in the
    original, whose words are in the article's seed."""
    paragraph = next(a for a in element.find_all("a", href=True) if re.search(r"/articles/[^/]+/#p-\d+$", a["href"]))
    page, anchor = paragraph["href"].split("#")
    assert _page(root, page).find(id=anchor) is not None, paragraph["href"]
    original = element.find("a", class_="original-link")
    assert original is not None, element
    slug = page.rstrip("/").rsplit("/", 1)[1]
    assert original["href"].startswith(f"{ORIGINALS}{seeds[slug]}.html#:~:text=")
    assert original.get("rel") == ["noopener"] and not original.get("target")
    assert original.get_text() == "dans l’original" and original["aria-label"].startswith("dans l’original (")
    text = normalized((root / "seeds" / f"{seeds[slug]}.txt").read_text(encoding="utf-8"))
    found = terms(original["href"])
    position = text.find(found[0])
    assert position >= 0, (found[0], original["href"])
    if len(found) == 2:
        assert text.find(found[1], position + len(found[0])) >= 0, (found, original["href"])


def _seeds(root: Path) -> dict[str, str]:
    """Each article's slug and the stem of its seed."""
    found = {}
    for path in (root / "content" / "articles").glob("*.md"):
        seed = re.search(r"^seed: seeds/(\S+)\.txt$", path.read_text(encoding="utf-8"), re.M)
        found[path.stem] = seed.group(1)
    return found


def test_every_value_of_the_comparisons_has_its_two_links(traced_site):
    seeds = _seeds(traced_site)
    checked = {"items": 0, "sources": 0}
    for page in sorted((traced_site / "output" / "evenements").glob("*/index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for item in soup.select(".comparison-table ul.said > li"):
            _check_two_links(traced_site, item, seeds)
            checked["items"] += 1
        for source in soup.select(".difference-values ul.sources > li"):
            if source.find("a", href=re.compile("/articles/")):  # the event's record has no link
                _check_two_links(traced_site, source, seeds)
                checked["sources"] += 1
    assert checked["items"] >= 10 and checked["sources"] >= 2, checked


def test_every_quotation_of_who_said_what_and_every_dated_statement_has_its_two_links(traced_site):
    seeds = _seeds(traced_site)
    quotations = [q for page in sorted((traced_site / "output" / "qui-a-dit-quoi").rglob("index.html"))
                  for q in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("figure.quotation")]
    assert len(quotations) >= 10
    for quotation in quotations:
        _check_two_links(traced_site, quotation, seeds)
    statements = [s for page in sorted((traced_site / "output" / "chronologie").rglob("index.html"))
                  for s in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(".chrono-statements > li")]
    assert len(statements) >= 10
    for statement in statements:
        _check_two_links(traced_site, statement, seeds)


def test_a_link_to_the_original_only_where_its_address_is_known(built_dossier):
    # Built from scratch, some of the project's seeds give their address, others none.
    urls = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1]).get("url")
            for path in (built_dossier / "content" / "articles").glob("*.md")}
    assert any(urls.values()) and not all(urls.values())
    seen = {True: 0, False: 0}
    for page in sorted((built_dossier / "output" / "evenements").glob("*/index.html")):
        for item in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(".comparison-table ul.said > li"):
            slug = re.search(r"/articles/([^/]+)/#p-\d+", item.a["href"]).group(1)
            original = item.find("a", class_="original-link")
            assert (original is not None) == bool(urls[slug]), item
            if original is not None:
                assert original["href"].startswith(urls[slug].split("#")[0] + "#")
            seen[bool(urls[slug])] += 1
    assert seen[True] and seen[False], seen


# ---------- An article's provenance ----------

def _provenance(root: Path, slug: str) -> dict[str, str]:
    block = _page(root, f"articles/{slug}/").find("details", class_="provenance")
    assert block is not None and block.find_parent("footer") is not None
    return {dt.get_text(strip=True): dd for dt, dd in zip(block.find_all("dt"), block.find_all("dd"), strict=True)}


def test_an_article_page_shows_its_seed_its_digest_the_day_it_was_added_and_hand_edits(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "project", with_articles=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718668800")  # 2024-06-18
    assert run_build(root, "--no-propose").returncode == 0
    seeds = _seeds(root)
    slug = sorted(seeds)[0]
    seed = root / "seeds" / f"{seeds[slug]}.txt"
    shown = _provenance(root, slug)
    assert shown["Fichier source"].get_text() == seed.name
    assert shown["SHA-256 du fichier source"].get_text() == hashlib.sha256(seed.read_bytes()).hexdigest()
    assert shown["Ajouté au dossier"].find("time")["datetime"] == "2024-06-18"
    assert shown["Ajouté au dossier"].get_text() == "18 juin 2024"
    assert shown["Modifié à la main"].get_text().startswith("non")
    # Written once: a later build, another day, keeps the day; a hand edit is said.
    article = root / "content" / "articles" / f"{slug}.md"
    assert "added: '2024-06-18'" in article.read_text(encoding="utf-8")
    article.write_text(article.read_text(encoding="utf-8").replace("\n\n", "\n\nUn paragraphe ajouté.\n\n", 1), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733011200")  # 2024-12-01
    (root / "content" / "entities" / "ajout.md").write_text("---\nname: Ajout\ntype: place\n---\nUn lieu.\n", encoding="utf-8")
    result = run_build(root, "--no-propose")
    assert result.returncode == 0, result.stdout + result.stderr
    shown = _provenance(root, slug)
    assert shown["Ajouté au dossier"].find("time")["datetime"] == "2024-06-18"
    assert shown["Modifié à la main"].get_text().startswith("oui")
    other = _provenance(root, sorted(seeds)[1])  # written again for the new entity: still its first day
    assert other["Ajouté au dossier"].find("time")["datetime"] == "2024-06-18"
    assert other["Modifié à la main"].get_text().startswith("non")


def test_an_article_written_before_its_day_was_kept_shows_none(project):
    # The project's articles were written before `added` existed: no day is made up for them.
    slug = sorted(path.stem for path in (project / "content" / "articles").glob("*.md"))[0]
    shown = _provenance(project, slug)
    assert "Ajouté au dossier" not in shown and "Fichier source" in shown


# ---------- In Chromium: the original opens on its sentence, highlighted ----------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, port


CORPUS = ROOT.parent / "shared" / "corpus" / "readability"
ENGLISH = ("bbc-1", "citylab-1", "ars-1", "cnet", "aclu")  # English pages of the corpus that quote people


@contextlib.contextmanager
def _originals_and_site(root: Path, pages: list[str], language: str):
    """Build the dossier at `root` from corpus `pages` (its registry written), each given the address of its
    copy served from its seeds folder; yields (the site's address, the originals' folder address)."""
    (root / "seeds").mkdir()
    for name in pages:
        (root / "seeds" / f"{name}.html").write_bytes((CORPUS / name / "source.html").read_bytes())
    settings = (ROOT / "tests" / "golden" / "dossier" / "pelicanconf.py").read_text(encoding="utf-8")
    (root / "pelicanconf.py").write_text(settings.replace('DEFAULT_LANG = "fr"', f"DEFAULT_LANG = {language!r}"), encoding="utf-8")
    originals, port = _serve(root / "seeds")
    (root / "content" / "seeds.yml").write_text(
        "".join(f"{name}.html:\n  url: http://127.0.0.1:{port}/{name}.html\n" for name in pages), encoding="utf-8")
    result = run_build(root, "--no-propose")
    assert result.returncode == 0, result.stdout + result.stderr
    site, site_port = _serve(root / "output")
    try:
        yield f"http://127.0.0.1:{site_port}", f"http://127.0.0.1:{port}/"
    finally:
        for server in (originals, site):
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def le_monde(tmp_path_factory):
    """A dossier of one article, Le Monde's page as its seed, whose original is a copy of that page served
    at http://127.0.0.1:PORT/lemonde-1.html; yields (the site's address, the original's)."""
    if not LE_MONDE.is_file():
        pytest.skip(f"{LE_MONDE} is not here (../shared beside the project)")
    root = tmp_path_factory.mktemp("le-monde")
    entities, events = root / "content" / "entities", root / "content" / "events"
    write_entry(entities, "assemblee-nationale", name="Assemblée nationale", type="organisation", aliases=["Assemblée"])
    write_entry(entities, "senat", name="Sénat", type="organisation")
    write_entry(entities, "conseil-constitutionnel", name="Conseil constitutionnel", type="organisation")
    write_entry(entities, "francois-hollande", name="François Hollande", type="person", aliases=["Hollande"])
    write_entry(entities, "christiane-taubira", name="Christiane Taubira", type="person", aliases=["Taubira"])
    write_entry(entities, "cnil", name="CNIL", type="organisation", aliases=["Commission nationale informatique et libertés"])
    write_entry(events, "vote-loi-renseignement-2015", name="Vote de la loi sur le renseignement", start="2015-05-05",
                participants=["assemblee-nationale"], triggers=["vote solennel", "projet de loi sur le renseignement"])
    with _originals_and_site(root, ["lemonde-1"], "fr") as (site, originals):
        yield site, originals + "lemonde-1.html"


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    """An English dossier of five corpus pages that quote people (a BBC interview, a CityLab essay, Ars
    Technica, CNET, the ACLU), each page's copy served as its original; yields (site, originals' folder)."""
    if not all((CORPUS / name / "source.html").is_file() for name in ENGLISH):
        pytest.skip(f"{CORPUS} is not here (../shared beside the project)")
    root = tmp_path_factory.mktemp("english")
    entities = root / "content" / "entities"
    write_entry(entities, "barack-obama", name="Barack Obama", type="person", aliases=["Obama"])
    write_entry(entities, "luis-de-miranda", name="Luis de Miranda", type="person", aliases=["De Miranda", "Miranda"])
    write_entry(entities, "mark-zuckerberg", name="Mark Zuckerberg", type="person", aliases=["Zuckerberg"])
    write_entry(entities, "facebook", name="Facebook", type="organisation")
    write_entry(entities, "microsoft", name="Microsoft", type="organisation")
    write_entry(entities, "kenya", name="Kenya", type="country")
    with _originals_and_site(root, list(ENGLISH), "en") as served:
        yield served


# Where words are on the page: the first line box of their first occurrence in the text of the body
# (its text nodes end to end, any white space between two words), in the page's coordinates.
_WHERE = """(words) => {
  const nodes = [];
  let text = "";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) { nodes.push([node, text.length]); text += node.data; }
  const escaped = words.split(/\\s+/).map((word) => word.replace(/[.*+?^${}()|[\\]\\\\]/g, "\\\\$&"));
  const match = new RegExp(escaped.join("\\\\s+")).exec(text);
  if (!match) return null;
  const at = (offset) => { let i = nodes.length - 1; while (nodes[i][1] > offset) i--; return [nodes[i][0], offset - nodes[i][1]]; };
  const range = document.createRange();
  range.setStart(...at(match.index));
  range.setEnd(...at(match.index + match[0].length));
  const box = range.getClientRects()[0];
  return {x: box.left, y: box.top + window.scrollY, width: box.width, height: box.height, top: box.top,
          bottom: box.bottom, scrolled: window.scrollY, viewport: window.innerHeight};
}"""
HIGHLIGHT = "::target-text { background-color: rgb(0, 255, 0) !important; color: rgb(0, 0, 0) !important; }"


def _green(page, box: dict) -> float:
    """The share of the pixels of `box` (page coordinates) that the highlight paints."""
    from PIL import Image

    shot = page.screenshot(full_page=True, clip={key: box[key] for key in ("x", "y", "width", "height")})
    data = Image.open(io.BytesIO(shot)).convert("RGB").tobytes()
    pixels = [data[i:i + 3] for i in range(0, len(data), 3)]
    return sum(1 for r, g, b in pixels if g > 200 and r < 80 and b < 80) / len(pixels)


@pytest.mark.parametrize("where", ["qui-a-dit-quoi/", "evenements/vote-loi-renseignement-2015/"])
def test_the_link_to_the_original_opens_it_scrolled_to_the_sentence_highlighted(browser, le_monde, where):
    site, original = le_monde
    page = browser.new_page(viewport={"width": 1280, "height": 700})
    try:
        # The original's page asks for its own host's scripts and images: nothing leaves this machine.
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort())
        page.goto(f"{site}/{where}")
        link = page.locator("a.original-link").last  # on who said what: the last quotation, far down the original
        href = link.get_attribute("href")
        assert href.startswith(original + "#:~:text=")
        found = terms(href)
        link.click()
        page.wait_for_url(original + "*")
        page.wait_for_load_state("load")
        page.wait_for_function("window.scrollY > 0", timeout=10_000)
        page.add_style_tag(content=HIGHLIGHT)
        page.wait_for_timeout(100)
        box = page.evaluate(_WHERE, found[-1])
        assert box is not None, found
        assert box["top"] >= 0 and box["bottom"] <= box["viewport"], box  # scrolled to: in view
        assert _green(page, box) > 0.3, (found, box)  # highlighted
        title = page.evaluate(_WHERE, "massivement approuvé")  # the headline: not highlighted
        assert title is not None and _green(page, title) == 0
    finally:
        page.close()


def _green_in_view(page) -> int:
    """How many pixels of the viewport the highlight paints."""
    from PIL import Image

    data = Image.open(io.BytesIO(page.screenshot())).convert("RGB").tobytes()
    return sum(1 for i in range(0, len(data), 3) if data[i + 1] > 200 and data[i] < 80 and data[i + 2] < 80)


def test_every_quotation_of_an_english_dossier_opens_its_original_on_the_words_highlighted(browser, english):
    """Each link to an original on who said what, in an English dossier of five real pages: the original opens
    with the quoted words in view and highlighted (a text fragment Chromium did not find highlights nothing)."""
    site, originals = english
    page = browser.new_page(viewport={"width": 1280, "height": 700})
    try:
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort())
        page.goto(f"{site}/who-said-what/")
        links = list(dict.fromkeys(page.locator("a.original-link").evaluate_all("links => links.map(link => link.href)")))
        assert len(links) >= 20 and {urlsplit(link).path for link in links} >= {"/bbc-1.html", "/citylab-1.html"}, links
        missed = []
        for link in links:
            assert link.startswith(originals) and "#:~:text=" in link, link
            page.goto("about:blank")
            page.goto(link)
            page.wait_for_load_state("load")
            page.add_style_tag(content=HIGHLIGHT)
            page.wait_for_timeout(150)
            if _green_in_view(page) < 200:  # a few words highlighted are thousands of pixels
                missed.append(link)
        assert missed == [], f"{len(missed)} of {len(links)} not highlighted in view: {missed}"
    finally:
        page.close()
