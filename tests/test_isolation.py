"""One bad file is never the whole site: real builds of a copy of the project, broken by a careless curator.

Each test breaks one article, page, entity or event of a copy of the built project and builds
again: the problem is reported naming the file (and its line), without a traceback, the
other articles are still built, and nothing in seeds/ or content/ is changed by the build.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from .conftest import copy_project, run_build

VICTIM = "ce-que-la-coree-du-nord-et-la-russie-gagnent-une-alliance"  # dated, with an outlet
ARTICLE = f"content/articles/{VICTIM}.md"
OTHERS = (
    "accord-de-defense-russo-nord-coreen-une-alliance",
    "alliance-strategique-entre-la-russie-et-la-coree-du-nord-une",
    "la-communaute-internationale-doit-imperativement-reconnaitre",
    "poutine-renforce-ses-liens-avec-la-coree-du-nord-face-a",
)
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The real project with its articles, built once for the module."""
    root = copy_project(tmp_path_factory.mktemp("isolation") / "project")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def project(built, tmp_path) -> Path:
    return Path(shutil.copytree(built, tmp_path / "project"))


def curated(root: Path) -> dict[str, bytes]:
    """Every file of seeds/ and content/, by path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for d in ("seeds", "content") for p in (root / d).rglob("*") if p.is_file()}


def line_of(text: str, pattern: str) -> int:
    """The 1-based line of the first line matching `pattern` (a regular expression)."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if re.search(pattern, line))


def build(root: Path, only: tuple[str, ...] = ()):
    """Build; check that no traceback is shown and that seeds/ and content/ (or seeds/ and `only`) are as they were.

    A change of the registry rewrites the articles the build wrote and the curator did not edit: then
    only the seeds and the files the test edited are compared.
    """
    before = curated(root)
    result = run_build(root)
    after = curated(root)
    if only:
        before, after = ({k: v for k, v in d.items() if k.startswith("seeds/") or k in only} for d in (before, after))
    assert after == before, "the build changed a file of seeds/ or content/"
    assert "Traceback" not in result.stderr, result.stderr
    return result


def build_after(root: Path, path: str, edit, only: tuple[str, ...] = ()) -> tuple:
    """Apply `edit` (text -> text) to the file at `path`, build; return the result and the edited text."""
    target = root / path
    text = edit(target.read_text(encoding="utf-8"))
    target.write_text(text, encoding="utf-8")
    return build(root, only), text


def page(root: Path, slug: str) -> Path:
    return root / "output" / "articles" / slug / "index.html"


def assert_others_built(root: Path) -> None:
    for slug in OTHERS:
        assert page(root, slug).exists(), slug


def replace_field(key: str, value: str):
    """An edit giving the front matter field `key` (and its list items, if any) the YAML `value`."""
    return lambda text: re.sub(rf"^{key}:.*\n(?:- .*\n)*", lambda _: f"{key}: {value}\n", text, count=1, flags=re.MULTILINE)


def append(body: str):
    return lambda text: text.rstrip("\n") + "\n\n" + body + "\n"


# (edit, pattern of the line reported, what the message says, whether the article is left out)
ARTICLE_CASES = {
    "html-link-to-no-entity": (append('Voir <a href="https://example.org" data-entity="nope">ici</a>.'),
                               "data-entity", "data-entity 'nope' names no entity or event; shown as plain text", False),
    "attr-list-link-to-no-entity": (append('Un [lien](https://example.org){: data-entity="nope" } ici.'),
                                    "data-entity", "data-entity 'nope' names no entity or event; shown as plain text", False),
    "outlet-mapping": (replace_field("outlet", "{x: y}"), "^outlet:", "field 'outlet': a mapping is not text; ignored", False),
    "title-list": (replace_field("title", "[Un, titre]"), "^title:", "field 'title': a list is not text; article left out", True),
    "date-no-date": (replace_field("date", "31 février"), "^date:", "field 'date': '31 février' is not a date", False),
    "authors-mapping": (replace_field("authors", "{George: Wright}"), "^authors:", "field 'authors': a mapping is not a list", False),
    "entities-text": (replace_field("entities", "x"), "^entities:", "field 'entities': 'x' is not a list of ids", False),
    "genre-number": (replace_field("genre", "3"), "^genre:", "field 'genre': 3 is not one of news, opinion", False),
    "language-list": (replace_field("language", "[fr]"), "^language:", "field 'language': a list is not a language code", False),
}


@pytest.mark.parametrize("case", ARTICLE_CASES)
def test_a_bad_article_is_reported_at_its_line_and_the_rest_is_built(project, case):
    edit, pattern, message, left_out = ARTICLE_CASES[case]
    result, text = build_after(project, ARTICLE, edit)
    assert result.returncode == 1
    assert f"error: {ARTICLE}:{line_of(text, pattern)}: " in result.stderr, result.stderr
    assert message in result.stderr, result.stderr
    assert_others_built(project)
    assert page(project, VICTIM).exists() is not left_out  # a field of the wrong type is ignored, the article shown
    if case == "date-no-date":
        assert "date inconnue" in page(project, VICTIM).read_text(encoding="utf-8")


def test_an_article_not_in_utf8_is_reported_and_left_out(project):
    path = project / ARTICLE
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp1252"))
    result = build(project)
    assert result.returncode == 1
    line = line_of(text, "[^\x00-\x7f]")  # the first byte cp1252 writes differently
    assert f"error: {ARTICLE}:{line}: not UTF-8 text" in result.stderr, result.stderr
    assert not page(project, VICTIM).exists()
    assert_others_built(project)


def test_an_article_not_in_utf8_survives_a_change_of_the_registry(project):
    path = project / ARTICLE
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    result, _ = build_after(project, "content/entities/japon.md", lambda text: text.rstrip() + " Un archipel.\n",
                            only=(ARTICLE, "content/entities/japon.md"))
    assert result.returncode == 1 and f"error: {ARTICLE}:" in result.stderr
    assert_others_built(project)


@pytest.mark.parametrize("path, key, value", [
    (ARTICLE, "date", "2024-02-31"),
    ("content/articles/accord-de-defense-russo-nord-coreen-une-alliance.md", "events", "3"),  # an article of unknown date
])
def test_what_the_pipeline_reads_of_an_article_is_reported_too(project, path, key, value):
    result, text = build_after(project, path, replace_field(key, value))
    assert result.returncode == 1
    assert f"error: {path}:{line_of(text, f'^{key}:')}: field {key!r}" in result.stderr
    assert page(project, Path(path).stem).exists()


def test_a_curator_page_is_sanitised_like_an_article(project):
    hostile = (
        "Un paragraphe visible <script>alert(1)</script> et une image <img src=x onerror=alert(1)>.\n\n"
        "Un [lien piégé](javascript:alert(1)) et <a href=\"javascript:alert(2)\" onclick=\"alert(3)\">un autre</a>.\n\n"
        "Un paragraphe {: onmouseover=\"alert(4)\" }\n"
    )
    result, _ = build_after(project, "content/pages/a-propos.md", append(hostile))
    assert result.returncode == 0, result.stderr  # sanitised and said, not an error: the page is shown
    assert "warning: content/pages/a-propos.md: removed from the page: <script>" in result.stderr
    soup = BeautifulSoup((project / "output" / "a-propos" / "index.html").read_text(encoding="utf-8"), "html.parser")
    prose = soup.find(class_="prose")
    assert not prose.find_all(["script", "img", "iframe", "style"])
    assert "alert(1)" not in prose.get_text()  # a script's text is not shown either
    for tag in soup.find_all(True):
        assert not any(name.lower().startswith("on") for name in tag.attrs), tag
        assert not str(tag.get("href", "")).lower().lstrip().startswith("javascript:"), tag
    text = prose.get_text()
    assert "Un paragraphe visible" in text and "lien piégé" in text and "un autre" in text
    assert "Ce dossier rassemble" in text  # the page's own text is still there
    assert_others_built(project)


def test_a_bad_page_is_left_out_and_named(project):
    pages = project / "content" / "pages"
    (pages / "notes.md").write_bytes("Title: Notes\n\nUne note écrite en cp1252.\n".encode("cp1252"))
    (pages / "articles.md").write_text("Title: Articles\n\nMes lectures.\n", encoding="utf-8")  # the dossier's /articles/
    (pages / "apropos.md").write_text("Title: À propos\n\nUn double.\n", encoding="utf-8")  # the slug of a-propos.md
    result = build(project)
    assert result.returncode == 1
    assert "error: content/pages/notes.md:3: not UTF-8 text" in result.stderr, result.stderr
    assert "error: content/pages/articles.md:1: its address 'articles/index.html' is one of the dossier's own" in result.stderr
    assert "error: content/pages/apropos.md:1: its address 'a-propos/index.html' is already the address of content/pages/a-propos.md" in result.stderr
    assert not (project / "output" / "notes").exists()
    assert "Ce dossier rassemble" in (project / "output" / "a-propos" / "index.html").read_text(encoding="utf-8")
    assert "Mes lectures" not in (project / "output" / "articles" / "index.html").read_text(encoding="utf-8")
    assert_others_built(project)


def test_control_and_direction_characters_never_reach_pages_or_feeds(project):
    def edit(text):
        text = replace_field("title", '"Ce que\\x01 la Corée\\e gagne \\u202eà l\'envers\\u202c \\u2066isolé\\u2069"')(text)
        text = replace_field("outlet", '"BBC\\x1b News\\u202e"')(text)
        return append("Un paragraphe\x01 avec\x1b[31m des caractères \u202eà l'envers et &#x202e; &#1; cachés.")(text)

    japan = project / "content" / "entities" / "japon.md"
    japan.write_text(japan.read_text(encoding="utf-8").replace("name: Japon", 'name: "Jap\\x01on\\u202e"'), encoding="utf-8")
    result, _ = build_after(project, ARTICLE, edit, only=(ARTICLE, "content/entities/japon.md"))
    assert result.returncode == 0, result.stderr
    feeds = sorted((project / "output").rglob("atom.xml"))
    assert len(feeds) > 40
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
    assert f"warning: {ARTICLE}:2: field 'title': control or text-direction characters removed" in result.stderr
    html = page(project, VICTIM).read_text(encoding="utf-8")
    assert not INVISIBLE.search(html)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("h1").get_text() == "Ce que la Corée gagne à l'envers isolé"
    assert soup.find(class_="outlet").get_text() == "BBC News"
    japan_page = (project / "output" / "acteurs" / "japon" / "index.html").read_text(encoding="utf-8")
    assert not INVISIBLE.search(japan_page) and "<h1>Japon</h1>" in japan_page
    assert not INVISIBLE.search((project / "output" / "previews.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path, edit, message", [
    ("content/entities/japon.md", lambda t: t.replace("name: Japon", "name: [Japon, Nippon]"), "field 'name'"),
    ("content/events/deploiement-troupes-koursk-2024.md", replace_field("start", "31 février"), "field 'start': '31 février' is not a date"),
])
def test_a_bad_registry_entry_is_named_without_a_traceback(project, path, edit, message):
    # The articles the build wrote are annotated again without the entry: only the seeds and the
    # edited entry are the curator's here.
    result, text = build_after(project, path, edit, only=(path,))
    assert result.returncode == 1
    key = message.split("'")[1]  # the field, reported at its line
    assert f"error: {path}:{line_of(text, f'^{key}:')}: {message}" in result.stderr, result.stderr
    assert_others_built(project)  # the entry is left out; the rest of the site is built
    assert page(project, VICTIM).exists()
    slug = Path(path).stem
    assert not (project / "output" / ("acteurs" if "entities" in path else "evenements") / slug).exists()
