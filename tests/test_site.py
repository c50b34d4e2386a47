"""The built site, as a reader sees it: pages, links, mentions in context, metadata, no scripts.

Every test reads the site that the session fixture `built_dossier` (tests/conftest.py)
builds from the five seeds. Most tests walk many pages, collect every problem and assert
that the list is empty, so that one failure message names all the pages concerned.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

ARTICLE_COUNT = 5
INDEXES = ("/", "/articles/", "/acteurs/", "/lieux/", "/evenements/")
SCHEMA_TYPES = {"person": "Person", "organisation": "Organization", "country": "Country", "place": "Place"}
ARTICLE_SCHEMA_TYPES = {"NewsArticle", "OpinionNewsArticle"}
ISSUE_EVENTS = (
    "rencontre-vostochny-2023",
    "visite-poutine-pyongyang-2024",
    "entree-en-vigueur-traite-2024",
    "deploiement-troupes-koursk-2024",
    "invasion-ukraine-2022",
    "sommet-hanoi-2019",
    "sommet-vladivostok-2019",
)
LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"))
PARAGRAPH_ID = re.compile(r"^p-\d+$")
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


# Helpers: text, front matter, URLs.


def squash(text: str) -> str:
    """Whitespace-normalised text: what a reader reads, whatever the line breaks."""
    return " ".join(text.split())


def fold(name: str) -> str:
    """A name as the annotator compares it: case, hyphens, spaces and apostrophes folded."""
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r"['’ʼ]", "'", name)
    name = re.sub(r"[\s\u00a0\-‐‑–]+", " ", name)
    return name.strip().casefold()


def front_matter(path: Path) -> dict:
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8-sig"))
    assert match, f"{path}: no YAML front matter"
    return yaml.safe_load(match.group(1)) or {}


def entity_url(entity_id: str, entity_type: str) -> str:
    return f"/{'lieux' if entity_type == 'place' else 'acteurs'}/{entity_id}/"


def event_url(event_id: str) -> str:
    return f"/evenements/{event_id}/"


def article_url(slug: str) -> str:
    return f"/articles/{slug}/"


def url_of(output: Path, file: Path) -> str:
    """The URL of an HTML file of the site: output/acteurs/x/index.html -> /acteurs/x/."""
    relative = file.relative_to(output).as_posix()
    return "/" + relative.removesuffix("index.html")


def file_of(output: Path, path: str) -> Path:
    """The file a root-relative path is served from: a path ending with / means its index.html."""
    path = unquote(path)
    if path.endswith("/"):
        path += "index.html"
    return output / path.lstrip("/")


@dataclass
class Link:
    """One internal link of a page, resolved against the page's URL as a browser does."""

    tag: str
    raw: str  # the attribute as written
    path: str  # root-relative path, without query or fragment
    fragment: str

    @property
    def target(self) -> str:
        return f"{self.path}#{self.fragment}" if self.fragment else self.path


def internal_links(soup: BeautifulSoup, page_url: str) -> list[Link]:
    """Every a[href], link[href], script[src], img[src] of `soup` that stays on the site."""
    links = []
    for tag, attribute in LINK_ATTRIBUTES:
        for element in soup.find_all(tag, attrs={attribute: True}):
            raw = element[attribute].strip()
            parts = urlsplit(urljoin(page_url, raw))
            if parts.scheme or parts.netloc:  # http(s)://, mailto:, //host: not ours
                continue
            links.append(Link(tag, raw, parts.path, parts.fragment))
    return links


def links_to(soup: BeautifulSoup, page_url: str, target_path: str) -> list[Link]:
    """The `<a>` links of a page that lead to `target_path` (fragment ignored)."""
    return [link for link in internal_links(soup, page_url) if link.tag == "a" and link.path == target_path]


def json_ld_blocks(soup: BeautifulSoup) -> list:
    return soup.find_all("script", attrs={"type": "application/ld+json"})


def json_ld(soup: BeautifulSoup) -> dict:
    (block,) = json_ld_blocks(soup)
    return json.loads(block.string or "")


# Fixtures: the built site, its pages and the content it was built from.


@dataclass
class Article:
    slug: str
    title: str
    entities: list[str]
    events: list[str]

    @property
    def url(self) -> str:
        return article_url(self.slug)


@dataclass
class Subject:
    """An entity or an event of the registry: what its page must show."""

    kind: str  # an entity type, or "event"
    id: str
    names: list[str]
    meta: dict

    @property
    def url(self) -> str:
        return event_url(self.id) if self.kind == "event" else entity_url(self.id, self.kind)


@pytest.fixture(scope="session")
def output(built_dossier: Path) -> Path:
    return built_dossier / "output"


@pytest.fixture(scope="session")
def page(output: Path):
    """page("/acteurs/kim-jong-un/") -> the parsed page (parsed once per session)."""
    cache: dict[str, BeautifulSoup] = {}

    def parse(path: str) -> BeautifulSoup:
        if path not in cache:
            file = file_of(output, path)
            assert file.is_file(), f"{path}: no page ({file.relative_to(output)} missing)"
            cache[path] = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        return cache[path]

    return parse


@pytest.fixture(scope="session")
def html_pages(output: Path) -> list[str]:
    """The URL of every HTML page of the site."""
    return sorted(url_of(output, file) for file in output.rglob("*.html"))


@pytest.fixture(scope="session")
def articles(built_dossier: Path) -> list[Article]:
    found = []
    for path in sorted((built_dossier / "content" / "articles").glob("*.md")):
        meta = front_matter(path)
        slug = str(meta.get("slug") or path.stem)
        found.append(Article(slug, str(meta["title"]), meta.get("entities") or [], meta.get("events") or []))
    return found


@pytest.fixture(scope="session")
def entities(built_dossier: Path) -> list[Subject]:
    found = []
    for path in sorted((built_dossier / "content" / "entities").glob("*.md")):
        meta = front_matter(path)
        found.append(Subject(meta["type"], path.stem, [meta["name"], *(meta.get("aliases") or [])], meta))
    return found


@pytest.fixture(scope="session")
def events(built_dossier: Path) -> list[Subject]:
    found = []
    for path in sorted((built_dossier / "content" / "events").glob("*.md")):
        meta = front_matter(path)
        found.append(Subject("event", path.stem, [meta["name"]], meta))
    return found


@pytest.fixture(scope="session")
def subjects(entities, events) -> list[Subject]:
    return [*entities, *events]


def mentioning(articles: list[Article], subject: Subject) -> list[Article]:
    """The articles whose front matter lists `subject`."""
    return [a for a in articles if subject.id in (a.events if subject.kind == "event" else a.entities)]


# 1. The pages the build made.


def test_there_are_exactly_five_article_pages(output, articles):
    pages = sorted(p.parent.name for p in (output / "articles").glob("*/index.html"))
    assert len(pages) == ARTICLE_COUNT, f"article pages: {pages}"
    assert pages == sorted(a.slug for a in articles), "article pages differ from content/articles/*.md"


def test_every_entity_has_a_page_in_its_section(output, entities):
    missing = [e.url for e in entities if not file_of(output, e.url).is_file()]
    assert not missing, f"entity pages missing: {missing}"


def test_no_entity_page_in_the_wrong_section(output, entities):
    wrong = []
    for entity in entities:
        other = "/acteurs/" if entity.kind == "place" else "/lieux/"
        if file_of(output, f"{other}{entity.id}/").is_file():
            wrong.append(f"{other}{entity.id}/ ({entity.kind})")
    assert not wrong, f"entity pages in the wrong section: {wrong}"


def test_every_event_has_a_page(output, events):
    missing = [e.url for e in events if not file_of(output, e.url).is_file()]
    assert not missing, f"event pages missing: {missing}"


def test_the_home_page_and_indexes_exist(output):
    missing = [url for url in INDEXES if not file_of(output, url).is_file()]
    assert not missing, f"index pages missing: {missing}"


# 2. Links.


def test_every_internal_link_leads_to_a_file(output, page, html_pages):
    broken = set()
    for url in html_pages:
        for link in internal_links(page(url), url):
            if not file_of(output, link.path).is_file():
                broken.add(f"{url}: <{link.tag}> {link.raw!r} -> {link.path} (no such file)")
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(sorted(broken))


def test_every_fragment_names_an_id_of_its_page(output, page, html_pages):
    """#p-N of a link to an article (and any other #fragment) must exist in the page it leads to."""
    broken = set()
    for url in html_pages:
        for link in internal_links(page(url), url):
            if not link.fragment or not link.path.endswith("/") or not file_of(output, link.path).is_file():
                continue
            if page(link.path).find(id=link.fragment) is None:
                broken.add(f"{url}: {link.raw!r} -> {link.target} (no id {link.fragment!r} there)")
    assert not broken, f"{len(broken)} links to missing anchors:\n" + "\n".join(sorted(broken))


# 3. Articles link to what they mention.


def test_article_body_mentions_everything_in_its_front_matter(page, articles):
    missing = []
    for article in articles:
        body = page(article.url).select_one(".article-body")
        assert body is not None, f"{article.url}: no .article-body"
        for target in [*article.entities, *article.events]:
            if body.select_one(f'a.mention[data-entity="{target}"]') is None:
                missing.append(f"{article.url}: no mention of {target}")
    assert not missing, "\n".join(missing)


def test_article_body_mentions_link_to_their_pages(page, articles, entities):
    types = {e.id: e.kind for e in entities}
    wrong = set()
    for article in articles:
        soup = page(article.url)
        for target in [*article.entities, *article.events]:
            expected = entity_url(target, types[target]) if target in types else event_url(target)
            for mention in soup.select(f'.article-body a.mention[data-entity="{target}"]'):
                resolved = urlsplit(urljoin(article.url, mention.get("href", ""))).path
                if resolved != expected:
                    href = mention.get("href")
                    wrong.add(f"{article.url}: mention of {target} href={href!r} -> {resolved}, not {expected}")
    assert not wrong, f"{len(wrong)} mentions lead to the wrong page:\n" + "\n".join(sorted(wrong))


def test_article_side_list_links_to_everything_in_its_front_matter(page, articles, entities):
    types = {e.id: e.kind for e in entities}
    missing = []
    for article in articles:
        aside = page(article.url).select_one("aside")
        assert aside is not None, f"{article.url}: no side list (<aside>)"
        listed = {link.path for link in internal_links(aside, article.url)}
        for target in [*article.entities, *article.events]:
            expected = entity_url(target, types[target]) if target in types else event_url(target)
            if expected not in listed:
                missing.append(f"{article.url}: side list has no link to {expected}")
    assert not missing, "\n".join(missing)


# 4. Entity and event pages: back to the articles, with the sentence in context.


def sentence_links(soup: BeautifulSoup, page_url: str, article: Article) -> list:
    """The `<a>` of a page leading to a paragraph (#p-N) of `article`, with a <mark> in them."""
    found = []
    for anchor in soup.find_all("a", href=True):
        parts = urlsplit(urljoin(page_url, anchor["href"]))
        if parts.path == article.url and PARAGRAPH_ID.match(parts.fragment) and anchor.find("mark"):
            found.append((anchor, parts.fragment))
    return found


def test_entity_and_event_pages_link_to_the_articles_mentioning_them(page, articles, subjects):
    missing = []
    for subject in subjects:
        soup = page(subject.url)
        for article in mentioning(articles, subject):
            if not links_to(soup, subject.url, article.url):
                missing.append(f"{subject.url}: no link to {article.url}")
    assert not missing, f"{len(missing)} missing links back:\n" + "\n".join(missing)


def test_entity_and_event_pages_quote_a_sentence_of_each_article(page, articles, subjects):
    missing = []
    for subject in subjects:
        soup = page(subject.url)
        for article in mentioning(articles, subject):
            if not sentence_links(soup, subject.url, article):
                missing.append(f"{subject.url}: no sentence linking to {article.url}#p-N")
    assert not missing, f"{len(missing)} articles without a quoted sentence:\n" + "\n".join(missing)


def test_the_marked_words_are_a_name_of_the_entity(page, articles, subjects):
    wrong = []
    for subject in subjects:
        names = {fold(name) for name in subject.names}
        soup = page(subject.url)
        for article in mentioning(articles, subject):
            for anchor, paragraph in sentence_links(soup, subject.url, article):
                marked = squash(anchor.find("mark").get_text())
                ok = bool(marked) if subject.kind == "event" else fold(marked) in names
                if not ok:
                    where = f"{article.url}#{paragraph}"
                    wrong.append(f"{subject.url}: in {where}, <mark>{marked}</mark> is not one of {subject.names}")
    assert not wrong, f"{len(wrong)} wrong marks:\n" + "\n".join(wrong)


def test_each_quoted_sentence_is_in_its_paragraph(page, articles, subjects):
    wrong = []
    for subject in subjects:
        soup = page(subject.url)
        for article in mentioning(articles, subject):
            for anchor, paragraph in sentence_links(soup, subject.url, article):
                sentence = squash(anchor.get_text())
                block = page(article.url).find(id=paragraph)
                if block is None:
                    wrong.append(f"{subject.url}: {article.url}#{paragraph} does not exist")
                elif sentence not in squash(block.get_text()):
                    wrong.append(f"{subject.url}: {sentence!r} is not in {article.url}#{paragraph}")
    assert not wrong, f"{len(wrong)} sentences out of place:\n" + "\n".join(wrong)


# 5. Every page: one h1, French, a title, JSON-LD.


def test_every_page_has_exactly_one_h1(page, html_pages):
    wrong = [f"{url}: {len(page(url).find_all('h1'))} <h1>" for url in html_pages if len(page(url).find_all("h1")) != 1]
    assert not wrong, "\n".join(wrong)


def test_every_page_is_in_french(page, html_pages):
    wrong = [f"{url}: lang={page(url).html.get('lang')!r}" for url in html_pages if page(url).html.get("lang") != "fr"]
    assert not wrong, "\n".join(wrong)


def test_every_page_has_a_title(page, html_pages):
    wrong = [url for url in html_pages if page(url).title is None or not squash(page(url).title.get_text())]
    assert not wrong, f"pages without a <title>: {wrong}"


def test_every_page_title_names_the_page(page, html_pages):
    """The browser tab shows the page's own heading (the home page is "Accueil")."""
    wrong = []
    for url in html_pages:
        soup = page(url)
        title = squash(soup.title.get_text()) if soup.title else ""
        h1 = squash(soup.h1.get_text()) if soup.h1 else ""
        if url != "/" and h1 not in title:
            wrong.append(f"{url}: <title> {title!r} does not name the page ({h1!r})")
    assert not wrong, "\n".join(wrong)


def test_no_page_has_a_canonical_link_without_a_site_address(page, html_pages):
    # A relative canonical link is worth nothing (and costs SEO points): the site is built here
    # without a site address; test_publish checks the absolute ones of a build with one.
    wrong = [url for url in html_pages if page(url).find("link", rel="canonical") is not None]
    assert not wrong, "\n".join(wrong)


def test_every_page_has_one_json_ld_block_that_parses(page, html_pages):
    wrong = []
    for url in html_pages:
        blocks = json_ld_blocks(page(url))
        if len(blocks) != 1:
            wrong.append(f"{url}: {len(blocks)} JSON-LD blocks")
            continue
        try:
            json.loads(blocks[0].string or "")
        except json.JSONDecodeError as error:
            wrong.append(f"{url}: JSON-LD does not parse: {error}")
    assert not wrong, f"{len(wrong)} pages:\n" + "\n".join(wrong)


def test_article_json_ld_is_a_news_article_about_what_it_mentions(page, articles):
    wrong = []
    for article in articles:
        soup = page(article.url)
        data = json_ld(soup)
        h1 = squash(soup.find("h1").get_text())
        if data.get("@type") not in ARTICLE_SCHEMA_TYPES:
            wrong.append(f"{article.url}: @type {data.get('@type')!r}")
        if squash(str(data.get("headline", ""))) != h1:
            wrong.append(f"{article.url}: headline {data.get('headline')!r} is not the h1 {h1!r}")
        if not data.get("mentions"):
            wrong.append(f"{article.url}: no mentions")
    assert not wrong, "\n".join(wrong)


def test_entity_json_ld_has_the_type_and_name_of_the_entity(page, entities):
    wrong = []
    for entity in entities:
        data = json_ld(page(entity.url))
        if data.get("@type") != SCHEMA_TYPES[entity.kind]:
            wrong.append(f"{entity.url}: @type {data.get('@type')!r}, expected {SCHEMA_TYPES[entity.kind]!r}")
        if data.get("name") != entity.meta["name"]:
            wrong.append(f"{entity.url}: name {data.get('name')!r}, expected {entity.meta['name']!r}")
    assert not wrong, "\n".join(wrong)


def test_event_json_ld_is_an_event_with_its_start_date(page, events):
    wrong = []
    for event in events:
        data = json_ld(page(event.url))
        if data.get("@type") != "Event":
            wrong.append(f"{event.url}: @type {data.get('@type')!r}")
        if data.get("startDate") != str(event.meta["start"]):
            wrong.append(f"{event.url}: startDate {data.get('startDate')!r}, expected {event.meta['start']!r}")
    assert not wrong, "\n".join(wrong)


# 6. The events named in the issue.


@pytest.mark.parametrize("event_id", ISSUE_EVENTS)
def test_issue_event_has_a_page_linked_from_an_article(output, page, articles, event_id):
    url = event_url(event_id)
    assert file_of(output, url).is_file(), f"{url}: no page"
    linking = [a.url for a in articles if links_to(page(a.url), a.url, url)]
    assert linking, f"{url}: no article page links to it"


# 7. No scripts, no event handlers, no javascript: URLs.


def test_no_script_but_json_ld(page, html_pages):
    # Besides JSON-LD and JSON data (the interactive network's), only the theme's own script files (search,
    # preview cards, the network and the libraries it vendors: they enhance pages that work without them),
    # deferred, from the site itself.
    def theme_script(script) -> bool:
        source = script.get("src") or ""
        return bool(re.fullmatch(r"/theme/(js/[a-z-]+|vendor/[a-z]+(\.umd)?\.min)\.js", source)) and script.has_attr("defer") and not script.string

    data = ("application/ld+json", "application/json")
    wrong = [
        f"{url}: {str(script)[:80]!r}"
        for url in html_pages
        for script in page(url).find_all("script")
        if (script.get("type") not in data or script.get("src")) and not theme_script(script)
    ]
    assert not wrong, "\n".join(wrong)


def test_no_event_handler_attributes(page, html_pages):
    wrong = [
        f"{url}: <{element.name} {name}=…>"
        for url in html_pages
        for element in page(url).find_all(True)
        for name in element.attrs
        if name.lower().startswith("on")
    ]
    assert not wrong, "\n".join(wrong)


def test_no_javascript_urls(page, html_pages):
    wrong = []
    for url in html_pages:
        for element in page(url).find_all(True):
            for name, value in element.attrs.items():
                values = value if isinstance(value, list) else [value]
                if any(re.sub(r"\s", "", str(v)).lower().startswith("javascript:") for v in values):
                    wrong.append(f"{url}: <{element.name} {name}={value!r}>")
    assert not wrong, "\n".join(wrong)
