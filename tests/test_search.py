"""Search and previews: the Pagefind index of the built dossier, its filters, the search forms, previews.json.

The searches themselves run Pagefind's own browser module (`pagefind/pagefind.js`)
in Node (which .ci/run installs where it is missing), its files read from disk. The
behaviour in a browser (results list, preview cards) is for the browser tests.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dossier.core.errors import RenderError
from dossier.sections import search

from .conftest import copy_project, run_build

ENTITY_FOLDERS = ("acteurs", "lieux")


def pages(output: Path, folder: str) -> list[Path]:
    return sorted((output / folder).glob("*/index.html"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_bytes(), "html.parser")


@pytest.fixture(scope="module")
def output(built_dossier) -> Path:
    return built_dossier / "output"


def test_the_index_is_french_and_holds_every_article_entity_and_event(output):
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"fr"}
    expected = sum(len(pages(output, folder)) for folder in ("articles", *ENTITY_FOLDERS, "evenements"))
    assert expected == 5 + 44 + 7
    assert entry["languages"]["fr"]["page_count"] == expected == search.indexed_pages(output)
    assert (output / "pagefind" / "pagefind.js").is_file()


def test_only_articles_entities_and_events_are_marked_for_the_index(output):
    for folder in ("articles", *ENTITY_FOLDERS, "evenements"):
        for path in pages(output, folder):
            marked = soup(path).select("[data-pagefind-body]")
            # the page's header or body; on an actor's page, its statements too
            assert len(marked) == 1 or [m.get("class") for m in marked[1:]] == [["statements"]], path
    others = [output / "index.html", output / "404.html"] + [
        output / name / "index.html"
        for name in ("articles", "acteurs", "lieux", "evenements", "recherche", "chronologie", "reseau", "a-propos",
                     "qui-a-dit-quoi", "donnees")
    ]
    for path in others:
        if path.exists():
            assert not soup(path).select("[data-pagefind-body]"), path


def test_other_names_are_inside_the_indexed_part_of_an_entity_page(output):
    page = soup(output / "acteurs" / "vladimir-poutine" / "index.html")
    body = page.select_one("[data-pagefind-body]")
    assert "Putin" in body.get_text()
    assert body.find("h1").get_text() == "Vladimir Poutine"
    assert body["data-pagefind-filter"] == "type:Acteur"
    place = soup(output / "lieux" / "region-de-koursk" / "index.html").select_one("[data-pagefind-body]")
    assert place["data-pagefind-filter"] == "type:Lieu"


def filter_values(output: Path) -> dict[str, dict[str, int]]:
    """The filters of the index, read from its files: {name: {value: number of pages}}."""
    bundle = output / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = search._read_index_file(bundle / f"pagefind.{entry['languages']['fr']['hash']}.pf_meta")
    found = {}
    for name, file_hash in meta[3]:
        key, values = search._read_index_file(bundle / "filter" / f"{file_hash}.pf_filter")
        assert key == name
        assert [v for v, _ in values] == sorted(v for v, _ in values), "values in a stable order"
        found[name] = {value: len(page_numbers) for value, page_numbers in values}
    return found


def test_filters_by_kind_and_by_outlet(output):
    filters = filter_values(output)
    places = len(pages(output, "lieux"))
    assert filters["type"] == {"Article": 5, "Acteur": 44 - places, "Lieu": places, "Événement": 7}
    assert filters["média"] == {"BBC News": 1, "The Hill": 1, "Source non identifiée": 3}


def test_pagefind_output_is_made_stable(output, tmp_path):
    """Pagefind writes filter values in a random order; two runs give the same bytes once stabilised."""
    runs = []
    for number in range(2):
        site = tmp_path / f"site-{number}"
        shutil.copytree(output, site, ignore=shutil.ignore_patterns("pagefind"))
        assert search.index_site(site) == []
        runs.append({p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()})
    assert runs[0].keys() == runs[1].keys()
    assert [name for name in runs[0] if runs[0][name] != runs[1][name]] == []


def test_a_failing_pagefind_is_a_render_error(tmp_path, monkeypatch):
    with pytest.raises(RenderError, match="search: no page of .* has anything for Pagefind to index"):
        search.index_site(tmp_path)  # no HTML page at all
    (tmp_path / "index.html").write_text("<html lang=fr><body><main data-pagefind-body>Séoul</main></body></html>")
    monkeypatch.setattr(search, "PAGEFIND_ARGUMENTS", ("--no-such-option",))
    with pytest.raises(RenderError, match="search: Pagefind failed .*no-such-option"):
        search.index_site(tmp_path)
    monkeypatch.setattr(search.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(RenderError, match=r"Pagefind is not installed; install it with: pip install 'pagefind\[bin\]'"):
        search.index_site(tmp_path)


def test_cbor_round_trip_of_pagefind_index_files(output):
    bundle = output / "pagefind"
    files = [*bundle.glob("*.pf_meta"), *bundle.glob("filter/*.pf_filter"), *bundle.glob("index/*.pf_index")]
    assert files
    for path in files:  # what is read and written back is byte for byte what Pagefind wrote
        assert search.SIGNATURE + search._cbor_encode(search._read_index_file(path)) == gzip.decompress(path.read_bytes())


# The forms: they work without JavaScript.


def test_the_search_page_has_a_get_form_and_says_what_to_do_without_javascript(output):
    page = soup(output / "recherche" / "index.html")
    form = page.select_one("main form[role=search]")
    assert form["method"] == "get" and form["action"] == "/recherche/"
    field = form.select_one("input[name=q]")
    assert page.select_one(f"label[for={field['id']}]").get_text(strip=True)
    fallback = page.select_one("#recherche-sans-js")
    assert "JavaScript" in fallback.get_text()
    assert {a["href"] for a in fallback.find_all("a")} >= {"/articles/", "/acteurs/", "/lieux/", "/evenements/"}
    assert page.select_one("#recherche-app").has_attr("hidden")
    script = page.find("script", src="/theme/js/search.js")
    assert script["data-root"] == "/" and script.has_attr("defer")


def test_every_page_has_a_labelled_search_box_in_its_header(output):
    for path in [output / "index.html", output / "articles" / "index.html", *pages(output, "acteurs")[:3]]:
        page = soup(path)
        form = page.select_one("header.site-header form[role=search]")
        assert form["action"] == "/recherche/" and form["method"] == "get", path
        field = form.select_one("input[name=q]")
        assert page.select_one(f"label[for={field['id']}]").get_text(strip=True), path
        assert page.find("script", src="/theme/js/previews.js")["data-root"] == "/"
        assert page.find("a", href="/recherche/"), "the search page is linked, not only reached by the form"


def test_scripts_take_the_site_root_from_their_data_attribute_under_a_sub_path(tmp_path):
    from .conftest import copy_project, run_build

    root = copy_project(tmp_path / "project")
    result = run_build(root, "--site-url", "https://user.github.io/repo/")
    assert result.returncode == 0, result.stderr
    page = soup(root / "output" / "recherche" / "index.html")
    assert page.find("script", src="https://user.github.io/repo/theme/js/search.js")["data-root"] == "https://user.github.io/repo/"
    assert page.select_one("main form[role=search]")["action"] == "https://user.github.io/repo/recherche/"
    theme = Path(__file__).resolve().parent.parent / "dossier" / "theme" / "static" / "js"
    for name in ("search.js", "previews.js"):
        code = (theme / name).read_text(encoding="utf-8")
        assert 'getAttribute("data-root")' in code
        assert "innerHTML" not in code and "location.origin + \"/" not in code


# Previews: one entry per entity and event, relative URLs, counts as on the pages.


def test_previews_data_lists_every_entity_and_event(output):
    raw = (output / "previews.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert list(data) == sorted(data)
    assert len(data) == 44 + 7
    for entry_id, entry in data.items():
        assert set(entry) >= {"name", "type", "type_label", "description", "mentions", "articles", "url"}
        assert entry["url"].endswith(f"/{entry_id}/") and (output / entry["url"] / "index.html").is_file()
    kim = data["kim-jong-un"]
    assert (kim["name"], kim["type"], kim["type_label"]) == ("Kim Jong-un", "person", "Personne")
    page = soup(output / "acteurs" / "kim-jong-un" / "index.html")
    assert page.select_one(".entity-header .meta").get_text(" ", strip=True).startswith(f"{kim['mentions']} mentions")
    event = data["sommet-hanoi-2019"]
    assert event["type"] == "event" and event["type_label"] == "Événement" and event["date"]


# Searching, with Pagefind's own code (Node).

NODE_SEARCH = r"""
import { readFile, copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
const [bundle, work, queries] = process.argv.slice(2);
await writeFile(join(work, "package.json"), '{"type":"module"}');
await copyFile(join(bundle, "pagefind.js"), join(work, "pagefind.js"));
globalThis.fetch = async (input) => new Response(await readFile(fileURLToPath(new URL(String(input.url || input)))));
const pagefind = await import(pathToFileURL(join(work, "pagefind.js")).href);
await pagefind.options({ basePath: pathToFileURL(bundle).href + "/", baseUrl: "/" });
await pagefind.init();
const answers = [];
for (const [query, filters] of JSON.parse(queries)) {
  const found = await pagefind.search(query, { filters });
  const data = await Promise.all(found.results.map((r) => r.data()));
  answers.push(data.map((d) => ({ url: d.url, title: d.meta.title, filters: d.filters, excerpt: d.excerpt })));
}
console.log(JSON.stringify(answers));
"""


@pytest.fixture(scope="module")
def run_search(output, tmp_path_factory):
    node = shutil.which("node")
    assert node, "Node.js is needed to run Pagefind's search module (.ci/run installs it)"
    work = tmp_path_factory.mktemp("pagefind-node")
    script = work / "search.mjs"
    script.write_text(NODE_SEARCH, encoding="utf-8")

    def run(*queries):
        result = subprocess.run(
            [node, str(script), str(output / "pagefind"), str(work), json.dumps(queries)],
            capture_output=True, text=True, timeout=120, check=False,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return run


def urls(results):
    return [r["url"] for r in results]


def test_koursk_finds_the_article_and_the_place(run_search):
    (found,) = run_search(["koursk", {}])
    assert "/lieux/region-de-koursk/" in urls(found)
    assert "/articles/alliance-strategique-entre-la-russie-et-la-coree-du-nord-une/" in urls(found)
    assert any("<mark>Koursk" in r["excerpt"] for r in found)


def test_accents_are_optional_and_other_names_are_found(run_search):
    coree, putin, poutine = run_search(["coree", {}], ["Putin", {}], ["poutine", {}])
    assert {"/acteurs/coree-du-nord/", "/acteurs/coree-du-sud/"} <= set(urls(coree))
    assert urls(putin)[0] == "/acteurs/vladimir-poutine/"
    assert "/acteurs/vladimir-poutine/" in urls(poutine)


def test_search_with_filters(run_search):
    articles, outlet, events = run_search(
        ["coree", {"type": {"any": ["Article"]}}],
        [None, {"média": {"any": ["BBC News"]}}],
        ["sommet", {"type": {"any": ["Événement"]}}],
    )
    assert len(articles) == 5 and all(r["url"].startswith("/articles/") for r in articles)
    assert urls(outlet) == ["/articles/ce-que-la-coree-du-nord-et-la-russie-gagnent-une-alliance/"]
    assert events and all(r["url"].startswith("/evenements/") and r["filters"]["type"] == ["Événement"] for r in events)


def test_a_quotation_finds_its_speakers_page(run_search):
    (found,) = run_search(["rusé agressif", {}])
    assert "/acteurs/vladimir-poutine/" in urls(found)
    (found,) = run_search(["indéfectible", {"type": {"any": ["Acteur"]}}])
    assert urls(found) == ["/acteurs/vladimir-poutine/"]


def test_pages_outside_the_index_are_never_found(run_search):
    (found,) = run_search(["dossier", {}])
    assert not any(u in ("/", "/recherche/", "/articles/", "/acteurs/") for u in urls(found))


# A dossier in two languages: each language's articles in an index stemmed by its own rules.

MIXED_FRENCH = """\
---
title: Les pourparlers de Port-Albany
date: 2024-11-20
source: Le Quotidien d'exemple
language: fr
---
Les délégations ont négocié toute la nuit à Port-Albany sans parvenir à un accord sur le cessez-le-feu.
"""
MIXED_ENGLISH = """\
---
title: Port Albany talks end without a deal
date: 2024-11-21
source: The Daily Example
language: en
---
The delegations spent the night negotiating in Port Albany without reaching a ceasefire agreement.
"""


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("mixed"), with_articles=False)
    for seed in (root / "seeds").iterdir():
        seed.unlink()
    (root / "seeds" / "pourparlers.md").write_text(MIXED_FRENCH, encoding="utf-8")
    (root / "seeds" / "talks.md").write_text(MIXED_ENGLISH, encoding="utf-8")
    result = run_build(root, "--no-propose")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "output"


def search_bundle(bundle: Path, work: Path, *queries):
    node = shutil.which("node")
    assert node, "Node.js is needed to run Pagefind's search module (.ci/run installs it)"
    script = work / "search.mjs"
    script.write_text(NODE_SEARCH, encoding="utf-8")
    result = subprocess.run([node, str(script), str(bundle), str(work), json.dumps(queries)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return [urls(found) for found in json.loads(result.stdout)]


def test_a_mixed_dossier_is_searched_in_each_language_by_its_own_rules(mixed, tmp_path):
    french, english = "/articles/les-pourparlers-de-port-albany/", "/articles/port-albany-talks-end-without-a-deal/"
    assert search.read_entry(mixed)["languages"].keys() == {"fr"}  # the English article is not stemmed as French
    assert json.loads((mixed / "pagefind-en" / "pagefind-entry.json").read_text())["languages"].keys() == {"en"}
    (fr_work := tmp_path / "fr").mkdir()
    (en_work := tmp_path / "en").mkdir()
    # "négociations" is not in the French article, "négocié" is: French stemming joins them.
    in_french, english_in_french = search_bundle(mixed / "pagefind", fr_work, ["négociations", {}], ["negotiating", {}])
    assert french in in_french and english not in in_french + english_in_french
    # "negotiations" is not in the English article, "negotiating" is: English stemming joins them.
    assert search_bundle(mixed / "pagefind-en", en_work, ["negotiations", {}], ["négociations", {}]) == [[english], []]
    # The search page loads both bundles; the English page says its language, the site stays French.
    script = soup(mixed / "recherche" / "index.html").select_one("script[data-bundles]")
    assert script["data-bundles"] == "pagefind pagefind-en"
    page = soup(mixed / "articles" / "port-albany-talks-end-without-a-deal" / "index.html")
    assert page.html["lang"] == "fr" and page.select_one("article")["data-search-language"] == "en"
    assert page.select_one("[lang=en]") is not None and page.select_one("[data-pagefind-body]") is None


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript", ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass


def test_the_search_page_merges_the_results_of_every_language(mixed, browser):
    """In Chromium: the French site's search page finds the English article by an English inflection,
    the French one by a French inflection, and both by a name they share."""
    handler = functools.partial(SiteHandler, directory=str(mixed))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    try:
        found = {}
        for query in ("negotiations", "négociations", "Port Albany"):
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/recherche/?q={query}")
            page.wait_for_selector("#recherche-resultats h3 a")
            found[query] = [a.get_attribute("href") for a in page.locator("#recherche-resultats h3 a").all()]
    finally:
        page.close()
        server.shutdown()
        server.server_close()
    english, french = "/articles/port-albany-talks-end-without-a-deal/", "/articles/les-pourparlers-de-port-albany/"
    assert english in found["negotiations"] and french not in found["negotiations"]
    assert french in found["négociations"] and english not in found["négociations"]
    assert {english, french} <= set(found["Port Albany"])


# A large dossier's articles are shared between bundles (search.plan); the five seeds, shared with
# SHARD = 2, stand for it.


def test_the_plan_shares_a_language_past_shard_between_a_power_of_two_of_bundles(monkeypatch):
    monkeypatch.setattr(search, "SHARD", 2)
    urls_ = [f"articles/a{number}/" for number in range(5)]
    few = search.plan([(url, "fr") for url in urls_[:2]] + [("articles/talks/", "en")], "fr")
    assert few == {"articles/a0/": "pagefind", "articles/a1/": "pagefind", "articles/talks/": "pagefind-en"}
    many = search.plan([(url, "fr") for url in urls_], "fr")
    assert set(many.values()) <= {f"pagefind-fr-{n}" for n in (1, 2, 3, 4)} and len(set(many.values())) > 1
    assert search.plan([(url, "fr") for url in reversed(urls_)], "fr") == many  # the order of the articles changes nothing
    assert search.bundles_of(many)[0] == "pagefind" and search.bundles_of(many)[1:] == sorted(set(many.values()))
    # A bundle splits in two when the number of bundles doubles: an article never goes to another pair.
    more = search.plan([(f"articles/a{number}/", "fr") for number in range(9)], "fr")
    assert all(int(more[url].rsplit("-", 1)[1]) % 4 == int(many[url].rsplit("-", 1)[1]) % 4 for url in urls_)


def shared_plan(site: Path) -> dict[str, str]:
    """search.plan of the site's articles with SHARD = 2: the five seeds shared as a large dossier's are."""
    articles = [(path.parent.relative_to(site).as_posix() + "/", "fr") for path in pages(site, "articles")]
    old = search.SHARD
    search.SHARD = 2
    try:
        return search.plan(articles, "fr")
    finally:
        search.SHARD = old


@pytest.fixture(scope="module")
def shared(output, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The site of the five seeds indexed with its articles shared between bundles (SHARD = 2)."""
    site = tmp_path_factory.mktemp("shared") / "site"
    shutil.copytree(output, site, ignore=shutil.ignore_patterns("pagefind*"))
    plan = shared_plan(site)
    record: dict[str, str] = {}
    assert search.index_site(site, "fr", plan, record=record) == []
    assert set(record) == set(search.bundles_of(plan)) and len(record) > 2
    return site, record


def test_shared_bundles_find_what_one_bundle_finds(output, shared, tmp_path):
    site, record = shared
    queries = (["Koursk", {}], ["Poutine", {}], ["traité", {}], ["sanctions", {"type": ["Article"]}])
    (whole := tmp_path / "whole").mkdir()
    expected = search_bundle(output / "pagefind", whole, *queries)
    found: list[set[str]] = [set() for _ in queries]
    for name in record:
        (work := tmp_path / name).mkdir()
        for number, results in enumerate(search_bundle(site / name, work, *queries)):
            found[number] |= set(results)
    assert found == [set(results) for results in expected] and all(found)
    # Each article is in one bundle only, the actors, places and events in pagefind/.
    entries = {name: json.loads((site / name / "pagefind-entry.json").read_text())["languages"]["fr"]["page_count"] for name in record}
    assert sum(entries.values()) == search.indexed_pages(output) and entries["pagefind"] == 44 + 7


def test_a_bundle_whose_pages_did_not_change_is_taken_from_the_last_render(shared, tmp_path):
    site, record = shared
    again = tmp_path / "again"
    shutil.copytree(site, again, ignore=shutil.ignore_patterns("pagefind*"))
    article = pages(again, "articles")[0]
    article.write_text(article.read_text(encoding="utf-8").replace("</h1>", " Nouveau</h1>", 1), encoding="utf-8")
    plan = shared_plan(again)
    changed = plan[article.parent.relative_to(again).as_posix() + "/"]
    now: dict[str, str] = {}
    assert search.index_site(again, "fr", plan, previous=site, known=record, record=now) == []
    assert {name for name in now if now[name] != record[name]} == {changed}
    for name in now:
        files = sorted(path.relative_to(again / name) for path in (again / name).rglob("*") if path.is_file())
        same_inode = all((again / name / f).stat().st_ino == (site / name / f).stat().st_ino for f in files if (site / name / f).exists())
        assert same_inode == (name != changed), name
    (work := tmp_path / "work").mkdir()
    assert search_bundle(again / changed, work, ["Nouveau", {}]) == [["/" + article.parent.relative_to(again).as_posix() + "/"]]


def test_the_search_page_merges_the_results_of_shared_bundles(shared, browser):
    """In Chromium: the search page of a site whose articles are shared between bundles (its
    data-bundles, as the build writes it for a large dossier) finds articles from each of them."""
    site, record = shared
    page_file = site / "recherche" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    bundles = " ".join(["pagefind", *sorted(set(record) - {"pagefind"})])
    page_file.write_text(html.replace('data-bundles="pagefind"', f'data-bundles="{bundles}"'), encoding="utf-8")
    handler = functools.partial(SiteHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/recherche/?q=Corée&type=Article")
        page.wait_for_selector("#recherche-resultats h3 a")
        found = {a.get_attribute("href") for a in page.locator("#recherche-resultats h3 a").all()}
    finally:
        page.close()
        server.shutdown()
        server.server_close()
        page_file.write_text(html, encoding="utf-8")
    articles = {"/" + path.parent.relative_to(site).as_posix() + "/" for path in pages(site, "articles")}
    assert articles <= found  # every article names Korea, each bundle of articles answered


def test_a_page_found_after_its_bundle_was_started_is_indexed_with_it(shared, tmp_path):
    """The bundles of articles start before the other pages are written (Indexing.start_articles); a page
    written later that belongs to one of them (a page in the article's language that no plan names) makes
    that bundle indexed again whole, not left without it."""
    site, record = shared
    again = tmp_path / "again"
    shutil.copytree(site, again, ignore=shutil.ignore_patterns("pagefind*"))
    plan = shared_plan(again)
    article = pages(again, "articles")[0]
    url = article.parent.relative_to(again).as_posix() + "/"
    html = article.read_text(encoding="utf-8")
    assert "data-pagefind-body" in html
    article.write_text(html.replace("data-pagefind-body", 'data-search-language="en"', 1), encoding="utf-8")
    plan = {**plan, url: "pagefind-en"}
    indexing = search.Indexing(again, "fr", plan)
    try:
        indexing.start_articles()
        assert [name for name, _ in indexing.running] or indexing.waiting  # the bundles of articles, started
        late = again / "late" / "index.html"
        late.parent.mkdir()
        late.write_text(html.replace("data-pagefind-body", 'data-search-language="en"', 1).replace("</h1>", " Zanzibar</h1>", 1),
                        encoding="utf-8")
        indexing.start_rest()
        indexing.finish()
    finally:
        indexing.close()
    entry = json.loads((again / "pagefind-en" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 2
    (work := tmp_path / "work").mkdir()
    assert search_bundle(again / "pagefind-en", work, ["Zanzibar", {}]) == [["/late/"]]


def test_a_bundle_of_articles_whose_pages_kept_their_keys_is_taken_without_reading_them(shared, tmp_path):
    """With the pages' keys (render.link.page_key: the same key, the same bytes), a bundle of articles is
    fingerprinted by them: taken from the last render as it is while the keys are the same, whatever the
    files say (they are not read), and indexed again when one key changes."""
    site, _ = shared
    first = tmp_path / "first"
    shutil.copytree(site, first, ignore=shutil.ignore_patterns("pagefind*"))
    plan = shared_plan(first)
    keys = {url: f"key of {url}" for url in plan}
    record: dict[str, str] = {}
    assert search.index_site(first, "fr", plan, record=record, keys=keys) == []
    article = pages(first, "articles")[0]
    url = article.parent.relative_to(first).as_posix() + "/"
    changed = plan[url]
    for keyed, expect_taken in ((keys, True), ({**keys, url: "another key"}, False)):
        again = tmp_path / f"again-{expect_taken}"
        shutil.copytree(first, again, ignore=shutil.ignore_patterns("pagefind*"))
        page = again / url / "index.html"
        page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " Zanzibar</h1>", 1), encoding="utf-8")
        now: dict[str, str] = {}
        assert search.index_site(again, "fr", plan, previous=first, known=record, record=now, keys=keyed) == []
        entry = again / changed / "pagefind-entry.json"
        assert (entry.stat().st_ino == (first / changed / "pagefind-entry.json").stat().st_ino) == expect_taken
        (work := tmp_path / f"work-{expect_taken}").mkdir()
        assert search_bundle(again / changed, work, ["Zanzibar", {}]) == [[] if expect_taken else ["/" + url]]


def test_a_page_marked_for_the_search_after_the_bundle_of_actors_was_started_is_indexed_with_it(shared, tmp_path):
    """The bundle of the actors', places' and events' pages starts before the timeline, the network and who
    said what are written (Indexing.start_rest(final=False)); a page of those that a theme marks for the
    search makes the bundle indexed again whole once every page is written, with the pages it had."""
    site, _ = shared
    again = tmp_path / "again"
    shutil.copytree(site, again, ignore=shutil.ignore_patterns("pagefind*"))
    plan = shared_plan(again)
    late = again / "chronologie" / "index.html"
    html = late.read_text(encoding="utf-8")
    assert "data-pagefind-body" not in html
    late.unlink()
    indexing = search.Indexing(again, "fr", plan)
    try:
        indexing.start_articles()
        indexing.start_rest(final=False)
        assert "pagefind" in [name for name, _ in indexing.running] + indexing.waiting  # the actors' bundle, started
        late.write_text(html.replace("<main ", "<main data-pagefind-body ", 1).replace("</h1>", " Zanzibar</h1>", 1),
                        encoding="utf-8")
        indexing.start_rest()
        assert indexing.finish() == []
    finally:
        indexing.close()
    (work := tmp_path / "work").mkdir()
    zanzibar, koursk = search_bundle(again / "pagefind", work, ["Zanzibar", {}], ["Koursk", {"type": {"any": ["Lieu"]}}])
    assert zanzibar == ["/chronologie/"] and koursk == ["/lieux/region-de-koursk/"]


def test_pagefind_is_started_as_its_executable_or_through_python_when_it_has_none(monkeypatch, tmp_path):
    """Pagefind's own executable, as its package finds it (no Python started for each bundle); a path that is
    not an executable (PAGEFIND_BINARY_PATH set to a text file) leaves it to `python -m pagefind`, which says why."""
    search._pagefind.cache_clear()
    try:
        command = search._pagefind()
        assert len(command) == 1 and Path(command[0]).name.startswith("pagefind")
        assert subprocess.run([*command, "--version"], capture_output=True, text=True, check=True).stdout.startswith("pagefind ")
        (not_a_program := tmp_path / "pagefind").write_text("not a program")
        monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(not_a_program))
        search._pagefind.cache_clear()
        assert search._pagefind() == (sys.executable, "-m", "pagefind")
    finally:
        search._pagefind.cache_clear()


def test_pagefind_runs_on_one_thread_and_yields_the_processors_to_the_build(monkeypatch):
    """Pagefind is started below the build's priority (`nice`) and with one thread (its rayon pool), unless the curator
    set RAYON_NUM_THREADS: the build's process renders the pages meanwhile, and is the build's critical path."""
    shown = "import os; print(os.nice(0), os.environ['RAYON_NUM_THREADS'])"
    started = subprocess.run([*search._yielding(), sys.executable, "-c", shown], env=search._environment(),
                             capture_output=True, text=True, check=True).stdout.split()
    assert started == [str(os.nice(0) + search.PAGEFIND_NICENESS), "1"]
    assert subprocess.run([*search._yielding(), *search._pagefind(), "--version"], env=search._environment(),
                          capture_output=True, text=True, check=True).stdout.startswith("pagefind ")
    monkeypatch.setenv("RAYON_NUM_THREADS", "3")
    assert search._environment()["RAYON_NUM_THREADS"] == "3"


# The sections of an article's page that show the values pelican_plugin.UNSEARCHED names, and those values.
UNSEARCHED_SECTIONS = {
    "related": ("related.html", r'<section class="related"[^>]*>.*?</section>'),
    "provenance": ("provenance.html", r'<footer class="article-footer"[^>]*>.*?</footer>'),
    "repeat": ("article_copies.html", r'<section class="copies"[^>]*>.*?</section>'),
}


def test_the_values_an_article_page_shows_where_pagefind_does_not_look_change_nothing_it_indexes(output, tmp_path):
    """A page whose only change is in a value of pelican_plugin.UNSEARCHED keeps the key of what the search
    reads (link.page_keys), and its bundle is taken from the last render: the templates show those values
    only in their own sections, each marked data-pagefind-ignore with no Pagefind attribute inside, and
    whatever those sections hold, Pagefind indexes the page the same."""
    import re

    from dossier import pelican_plugin
    from dossier.core.settings import PACKAGE_THEME

    assert set(pelican_plugin.UNSEARCHED) == {"article"} and set(pelican_plugin.UNSEARCHED["article"]) == set(UNSEARCHED_SECTIONS)
    templates = Path(PACKAGE_THEME) / "templates"

    def reads(path: Path, name: str) -> bool:  # `name` as a variable in the template's tags, strings left out
        tags = re.findall(r"\{[{%](.*?)[%}]\}", path.read_text(encoding="utf-8"), flags=re.S)
        return any(re.search(rf"(?<![\w.]){name}(?!\w)", re.sub(r"\"[^\"]*\"|'[^']*'", "", tag)) for tag in tags)

    for name, (own, _) in UNSEARCHED_SECTIONS.items():
        assert sorted(path.name for path in templates.glob("*.html") if reads(path, name)) == [own], name
    article = next(path for path in pages(output, "articles") if 'class="related"' in path.read_text(encoding="utf-8"))
    html = article.read_text(encoding="utf-8")
    copies = ('<section class="copies" aria-labelledby="copie" data-pagefind-ignore><h2 id="copie">Une copie</h2>'
              '<p>Cet article reprend <a href="/articles/autre/">Un autre</a>.</p></section>')
    variants = {"as built": html, "other sections": html.replace("<div class=\"with-aside\">", copies + "<div class=\"with-aside\">", 1)}
    for name, (_, pattern) in UNSEARCHED_SECTIONS.items():
        sections = re.findall(pattern, variants["other sections"], flags=re.S)
        assert sections, name
        for section in sections:
            opening = section[:section.index(">") + 1]
            assert "data-pagefind-ignore" in opening and not re.search(r"data-pagefind-(?!ignore)", section), section[:200]
            changed = re.sub(r">[^<]+<", ">Autre chose, 12 000 soldats en 2031<", section)
            variants["other sections"] = variants["other sections"].replace(section, changed.replace('href="/', 'href="/x/'), 1)
    assert variants["other sections"] != html
    indexed = []
    for name, text in variants.items():
        site = tmp_path / name.replace(" ", "-")
        (site / "articles" / article.parent.name).mkdir(parents=True)
        (site / "articles" / article.parent.name / "index.html").write_text(text, encoding="utf-8")
        assert search.index_site(site, "fr") == []
        indexed.append({p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "pagefind").rglob("*")) if p.is_file()})
    assert indexed[0] == indexed[1]


def test_the_key_of_what_the_search_reads_leaves_out_only_the_unsearched_values():
    from dossier.render import link

    unsearched = frozenset({"related"})
    page = {"page_title": "Un titre", "related": ["a", "b"]}
    key, searched = link.page_keys("frame", "articles/x/", "article", page, unsearched=unsearched)
    other_reading = link.page_keys("frame", "articles/x/", "article", {**page, "related": ["c"]}, unsearched=unsearched)
    other_title = link.page_keys("frame", "articles/x/", "article", {**page, "page_title": "Un autre"}, unsearched=unsearched)
    assert other_reading[0] != key and other_reading[1] == searched
    assert other_title[0] != key and other_title[1] != searched
    whole = link.page_key("frame", "articles/x/", "article", page)
    assert link.page_keys("frame", "articles/x/", "article", page) == (whole, whole) and key != searched
    assert link.page_keys("other frame", "articles/x/", "article", page, unsearched=unsearched)[1] != searched


def test_what_pagefind_never_reads_is_left_out_of_its_copy_and_it_indexes_the_same(output, tmp_path, monkeypatch):
    """The parts of an actor's, a place's or an event's page the theme marks as never read by Pagefind (its
    mentions and side lists, an event's comparison and accounts) are left out of the copy Pagefind is given:
    most of the page's bytes, none of what Pagefind reads. So are those of an article's page (its side list,
    provenance and related reading, all marked data-pagefind-ignore), and of every page its head, the site's
    header and footer (outside the parts marked data-pagefind-body): half of the sample's articles' pages. The index is the
    same, byte for byte, as the one Pagefind makes of the whole pages."""
    import re

    attributes = re.compile(rb'data-pagefind[-\w]*(?:="[^"]*")?')
    whole = {path: path.read_bytes() for folder in (*ENTITY_FOLDERS, "evenements") for path in pages(output, folder)}
    cut = {path: search.unsearched_cut(html) for path, html in whole.items()}
    assert sum(map(len, cut.values())) * 3 < sum(map(len, whole.values()))
    articles = {path: path.read_bytes() for path in pages(output, "articles")}
    cut |= {path: search.unsearched_cut(html) for path, html in articles.items()}
    assert len(articles) == 5 and sum(len(cut[path]) for path in articles) * 3 < sum(map(len, articles.values())) * 2
    whole |= articles
    for path, html in whole.items():
        assert b"<!--unsearched-->" in html and b"<!--unsearched-->" not in cut[path], path
        assert attributes.findall(cut[path]) == attributes.findall(html) and re.findall(rb"<h1.*?</h1>", cut[path]) == re.findall(rb"<h1.*?</h1>", html)
    indexed = {}
    for name, cutting in (("cut", search.unsearched_cut), ("whole", lambda html: html)):
        monkeypatch.setattr(search, "unsearched_cut", cutting)
        site = tmp_path / name
        shutil.copytree(output, site, ignore=shutil.ignore_patterns("pagefind*"))
        assert search.index_site(site) == []
        indexed[name] = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.glob("pagefind*/**/*")) if p.is_file()}
    assert len(indexed["cut"]) > 10 and indexed["cut"] == indexed["whole"]


def test_a_part_marked_as_never_read_that_holds_what_pagefind_reads_is_kept():
    kept = (b'<!--unsearched--><div data-pagefind-filter="type:Lieu"></div><!--/unsearched-->'
            b'<!--unsearched--><h1>S\xc3\xa9oul</h1><!--/unsearched--><!--unsearched--><IMG src="/a.png"><!--/unsearched-->')
    page = (b'<html lang="fr"><body><!--unsearched--><ul><li>1 000 mentions</li></ul><!--/unsearched-->'
            b'<main data-pagefind-body><p>Corps</p></main>' + kept + b'<!--unsearched--><aside>Voisins</aside><!--/unsearched--></body></html>')
    assert search.unsearched_cut(page) == b'<html lang="fr"><body><main data-pagefind-body><p>Corps</p></main>' + kept + b"</body></html>"
    unmarked = b"<p>rien</p>"
    assert search.unsearched_cut(unmarked) is unmarked
    # Each part from a start to the next end; a start with no end after it cuts nothing from there.
    assert search.unsearched_cut(b"a<!--unsearched-->b<!--/unsearched-->c<!--unsearched-->d") == b"ac<!--unsearched-->d"
    assert search.unsearched_cut(b"<!--unsearched-->a<!--unsearched-->b<!--/unsearched-->c<!--/unsearched-->") == b"c<!--/unsearched-->"
