"""The interactive network (js/network.js, sigma.js and graphology vendored in the theme).

Its data first (the graph of the network's page, an actor's local graph), then the real dossier
built, served and driven in Chromium: search, the type and event filters, a click on a node, the
keyboard, a tap on a phone, the local graph of an actor's page, axe, the page without JavaScript.
The served copy names Iran with a hostile name (a `</script>` in it): the embedded data must
stay data.
"""

from __future__ import annotations

import itertools
import json
import math

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from dossier.render.link import build_dossier
from dossier.sections import network, network_view
from dossier.sections.network import entity_context, network_context

from .conftest import copy_project, published_site
from .helpers import SAMPLE_ENTITIES, SAMPLE_EVENTS, make_registry, source
from .test_browser import DESK, PHONE, VISIT, assert_no_axe_violations, settle

DRAWN = 8
HOSTILE = "Iran</script><script>window.pwned = 1</script><!--"


@pytest.fixture
def small_dossier(tmp_path):
    registry = make_registry(tmp_path, SAMPLE_ENTITIES, SAMPLE_EVENTS)
    sources = [
        source("a", "[[kim-jong-un|Kim]] reçoit [[vladimir-poutine|Poutine]] à [[pyongyang|Pyongyang]].\n\n"
                    "Le [[visite-pyongyang-2024|partenariat stratégique global]] avec la [[russie|Russie]].",
               date="2024-06-20"),
        source("b", "[[kim-jong-un|Kim Jong Un]] et [[donald-trump|Trump]] à [[hanoi|Hanoï]].", date="2024-09"),
        source("c", "[[onu|ONU]] et [[otan|OTAN]].\n\n[[kim-jong-un|Kim]].", date=None),
    ]
    return build_dossier(registry, sources, "Titre", "Description")


def by_id(dossier, ident):
    return next(view for view in dossier.entities if view.id == ident)


# The data.


def test_the_view_has_the_nodes_and_edges_of_the_drawing_at_its_positions(small_dossier):
    context = network_context(small_dossier, "https://x.org")
    view, svg = context["network_view"], BeautifulSoup(str(context["network_svg"]), "html.parser")
    ids = [node["id"] for node in view["nodes"]]
    assert ids == [row.entity.id for row in network.network_rows(small_dossier)]
    assert {node["url"] for node in view["nodes"]} == {a["href"] for a in svg.select(".net-nodes a")}
    circles = {a["href"]: (float(a.circle["cx"]), float(a.circle["cy"])) for a in svg.select(".net-nodes a")}
    height = float(svg.svg["height"])
    for node in view["nodes"]:  # the drawing's positions, y pointing up
        cx, cy = circles[node["url"]]
        assert abs(node["x"] - cx) < 0.1 and abs(height - node["y"] - cy) < 0.1, node
    assert all(a < b for a, b, _ in view["edges"])
    pairs = {tuple(sorted((ids[a], ids[b]))): count for a, b, count in view["edges"]}
    assert pairs == dict(network.cooccurrences(small_dossier))
    kim = view["nodes"][ids.index("kim-jong-un")]
    assert kim["label"] == "Kim Jong-un" and "Kim Jong Un" in kim["aliases"] and kim["type"] == "person"
    assert json.dumps(view) == json.dumps(network_context(small_dossier, "https://x.org")["network_view"])


def test_the_view_holds_the_actors_past_the_drawing_set_around_their_strongest_neighbour(small_dossier):
    context = network_context(small_dossier, "", nodes=3)
    view, rows = context["network_view"], network.network_rows(small_dossier)
    ids = [node["id"] for node in view["nodes"]]
    assert ids == [row.entity.id for row in rows] and len(ids) > 3  # all of them: a search finds any
    svg = BeautifulSoup(str(context["network_svg"]), "html.parser")
    assert len(svg.select(".net-nodes a")) == 3  # the static drawing keeps its three
    place = {node["id"]: (node["x"], node["y"]) for node in view["nodes"]}
    assert len(set(place.values())) == len(place)  # no two on one point
    linked = {ident: set() for ident in ids}
    for a, b, count in view["edges"]:
        assert a < b and count > 0
        linked[ids[a]].add(ids[b])
        linked[ids[b]].add(ids[a])
    for row in rows[3:]:  # each past the drawing: its strongest links, up to SATELLITE_LINKS, and next to one of them
        strongest = [other.id for other, _ in row.comentions][:network_view.SATELLITE_LINKS]
        assert set(strongest) <= linked[row.entity.id]
        if row.comentions:
            near = min(math.dist(place[other.id], place[row.entity.id]) for other, _ in row.comentions)
            assert near < 40 + 3 * network_view.SATELLITE_GAP, (row.entity.id, near)
    kinds = {node["type"] for node in view["nodes"]}
    assert {kind for kind, _ in view["types"]} == kinds  # a filter for every type in the view, not the drawing's only
    capped = network_view.network_view(small_dossier, rows, network.drawing(rows[:3], network.cooccurrences(small_dossier)),
                                       "", limit=4)
    assert [node["id"] for node in capped["nodes"]] == ids[:4]
    assert json.dumps(view) == json.dumps(network_context(small_dossier, "", nodes=3)["network_view"])  # the same at every build


def test_an_event_filter_holds_its_participants_its_place_and_the_actors_of_its_articles(small_dossier):
    view = network_context(small_dossier, "")["network_view"]
    ids = [node["id"] for node in view["nodes"]]
    events = {event["id"]: sorted(ids[i] for i in event["nodes"]) for event in view["events"]}
    # article a mentions the visit: Russia comes from it; Trump's summit has no article, its participants only
    assert events["visite-pyongyang-2024"] == ["kim-jong-un", "pyongyang", "russie", "vladimir-poutine"]
    assert events["sommet-hanoi-2019"] == ["donald-trump", "hanoi", "kim-jong-un"]


def test_a_local_graph_has_depth_one_then_two_and_is_capped(small_dossier):
    kim = by_id(small_dossier, "kim-jong-un")
    graph = network_view.local_graph(kim, "")
    depth = {node["id"]: node["depth"] for node in graph["nodes"]}
    assert depth["kim-jong-un"] == 0 and graph["nodes"][0]["id"] == "kim-jong-un"
    assert {ident for ident, d in depth.items() if d == 1} == {other.id for other, _ in kim.neighbours}
    poutine = by_id(small_dossier, "vladimir-poutine")
    second = network_view.local_graph(poutine, "")
    far = {node["id"] for node in second["nodes"] if node["depth"] == 2}
    assert far and far <= {other.id for other, _ in kim.neighbours} - {"vladimir-poutine", "pyongyang", "russie"}
    capped = network_view.local_graph(poutine, "", first=1, second=1, limit=3)
    assert [node["depth"] for node in capped["nodes"]] == [0, 1, 2]
    assert entity_context(by_id(small_dossier, "otan"), small_dossier, "")["local_graph"]["nodes"][1]["id"] == "onu"
    assert entity_context(by_id(small_dossier, "russie"), small_dossier, "")["local_graph"] is None  # cited alone


def test_an_article_away_from_an_actor_leaves_its_local_graph_as_it_was(tmp_path):
    registry = make_registry(tmp_path, SAMPLE_ENTITIES, SAMPLE_EVENTS)
    first = [source("a", "[[onu|ONU]] et [[otan|OTAN]].", date="2024-01"),
             source("b", "[[kim-jong-un|Kim]] et [[vladimir-poutine|Poutine]].", date="2024-02")]
    more = [*first, source("c", "[[kim-jong-un|Kim]] à [[pyongyang|Pyongyang]].", date="2024-03")]
    before, after = (build_dossier(registry, sources, "T", "D") for sources in (first, more))
    assert network_view.local_graph(by_id(before, "otan"), "") == network_view.local_graph(by_id(after, "otan"), "")
    assert network_view.local_graph(by_id(before, "kim-jong-un"), "") != network_view.local_graph(by_id(after, "kim-jong-un"), "")


def test_paragraphs_shared_by_two_neighbours_elsewhere_leave_the_local_graph_as_it_was(tmp_path):
    registry = make_registry(tmp_path, SAMPLE_ENTITIES, SAMPLE_EVENTS)
    first = [source("a", "[[onu|ONU]] et [[kim-jong-un|Kim]].", date="2024-01"),
             source("b", "[[kim-jong-un|Kim]] et [[vladimir-poutine|Poutine]].", date="2024-02")]
    more = [*first, source("c", "[[kim-jong-un|Kim]] revoit [[vladimir-poutine|Poutine]].", date="2024-03")]
    before, after = (build_dossier(registry, sources, "T", "D") for sources in (first, more))
    graph = network_view.local_graph(by_id(after, "onu"), "")
    assert [(node["id"], node["depth"]) for node in graph["nodes"]] == [("onu", 0), ("kim-jong-un", 1), ("vladimir-poutine", 2)]
    assert graph["edges"] == [[0, 1, 1], [1, 2, 0]]  # Kim and Poutine share 2 paragraphs: not ONU's business
    assert graph == network_view.local_graph(by_id(before, "onu"), "")
    assert network_view.local_graph(by_id(after, "kim-jong-un"), "")["edges"] == [[0, 1, 2], [0, 2, 1]]


# The real dossier, served; Iran renamed with a hostile name.


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("netview"), with_articles=False)
    entry = root / "content" / "entities" / "iran.md"
    text = entry.read_text(encoding="utf-8").replace("name: Iran\n", f"name: {json.dumps(HOSTILE)}\n")
    entry.write_text(text.replace("aliases:\n", "aliases:\n  - Iran\n"), encoding="utf-8")
    settings = root / "pelicanconf.py"  # a drawing of 8: the view holds the others too
    settings.write_text(settings.read_text(encoding="utf-8") + f"\nDOSSIER_NETWORK_NODES = {DRAWN}\n", encoding="utf-8")
    with published_site(root) as url:
        yield url


@pytest.fixture
def site(site_url):
    return lambda path="/": site_url + path


@pytest.fixture
def new_page(browser):
    """Pages in fresh contexts (French, a desk screen by default); a console error or an uncaught exception fails the test."""
    contexts, errors = [], []

    def open_page(**options):
        context = browser.new_context(**{"viewport": DESK, "locale": "fr-FR", **options})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("console", lambda message: message.type == "error" and "favicon" not in message.location.get("url", "")
                and errors.append(f"console error on {page.url}: {message.text}"))
        page.on("pageerror", lambda error: errors.append(f"uncaught exception on {page.url}: {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == [], "\n".join(errors)


@pytest.fixture
def page(new_page):
    return new_page()


NODES = """root => {
  const data = JSON.parse(root.querySelector('script.netview-data').textContent);
  const renderer = root.dossierNetwork.renderer;
  return data.nodes.map((node, index) => {
    const shown = renderer.getNodeDisplayData(String(index)) || {};
    return {id: node.id, type: node.type, hidden: !!shown.hidden, highlighted: !!shown.highlighted,
            faded: !shown.hidden && shown.label === '' && index !== 0};
  });
}"""

NODE_POINT = """([root, id]) => {
  const {graph, renderer} = root.dossierNetwork;
  const node = graph.findNode((key, attributes) => attributes.url.endsWith('/' + id + '/'));
  const point = renderer.graphToViewport(graph.getNodeAttributes(node));
  const box = root.querySelector('.netview-canvas').getBoundingClientRect();
  return {x: box.left + point.x, y: box.top + point.y};
}"""


EXPLORE = "Explorer le réseau : recherche et filtres"


def open_view(page, url):
    """The view of the page at `url`: on the network's page, its button pressed; on an actor's, scrolled into sight."""
    page.goto(url)
    settle(page)
    view = page.locator("[data-netview]")
    if "/reseau/" in url:
        page.get_by_role("button", name=EXPLORE).click()
    else:
        page.locator(".entity-network").scroll_into_view_if_needed()
    expect(view).to_be_visible()
    return view


def node_point(page, view, ident) -> dict:
    """Where the node of `ident` is drawn, in the viewport (the canvas scrolled into it)."""
    view.locator(".netview-canvas").scroll_into_view_if_needed()
    return page.evaluate(NODE_POINT, [view.element_handle(), ident])


def nodes(view) -> dict:
    return {node["id"]: node for node in view.evaluate(NODES)}


def test_the_libraries_are_loaded_only_when_the_view_is_used(page, site):
    loaded = []
    page.on("request", lambda request: "/vendor/" in request.url and loaded.append(request.url.rsplit("/", 1)[1]))
    page.goto(site("/reseau/"))
    settle(page)
    assert loaded == [] and page.locator(".net-svg").is_visible()
    page.get_by_role("button", name=EXPLORE).click()
    expect(page.get_by_label("Trouver un acteur ou un lieu")).to_be_focused()
    assert loaded == ["graphology.umd.min.js", "sigma.min.js"]
    expect(page.locator(".net-svg")).to_be_hidden()  # the view stands in its place
    expect(page.get_by_role("button", name=EXPLORE)).to_be_hidden()


def test_search_finds_a_node_by_an_alias_without_accents_and_highlights_its_neighbourhood(page, site):
    view = open_view(page, site("/reseau/"))
    view.get_by_label("Trouver un acteur ou un lieu").fill("coree du n")  # "Corée du Nord", accents left out
    results = view.locator(".netview-results a")
    expect(results.first).to_have_text("Corée du Nord")
    shown = nodes(view)
    assert shown["coree-du-nord"]["highlighted"]
    faded = [ident for ident, node in shown.items() if node["faded"]]
    assert faded and "coree-du-nord" not in faded
    expect(view.locator(".netview-info a").first).to_have_text("Ouvrir la page de Corée du Nord")
    view.get_by_label("Trouver un acteur ou un lieu").fill("zzz")
    expect(view.locator(".netview-results")).to_have_text("Aucun acteur ni lieu ne correspond.")


def test_search_finds_an_actor_the_drawing_leaves_out_and_opens_its_page(page, site):
    view = open_view(page, site("/reseau/"))
    data = json.loads(view.locator("script.netview-data").text_content())
    drawn = page.locator(".net-svg .net-nodes a").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert len(drawn) == DRAWN < len(data["nodes"])
    left_out = next(node for node in reversed(data["nodes"]) if node["url"] not in drawn and "<" not in node["label"])
    view.get_by_label("Trouver un acteur ou un lieu").fill(left_out["label"])
    results = view.locator(".netview-results a")
    expect(results.first).to_have_text(left_out["label"])
    assert nodes(view)[left_out["id"]]["highlighted"]
    point = node_point(page, view, left_out["id"])
    page.mouse.click(point["x"], point["y"])
    expect(page).to_have_url(left_out["url"])


def test_a_type_filter_hides_the_other_types(page, site):
    view = open_view(page, site("/reseau/"))
    total = len(nodes(view))
    for label in ("Organisation", "Pays", "Lieu"):
        view.get_by_label(label, exact=True).uncheck()
    shown = nodes(view)
    people = [ident for ident, node in shown.items() if node["type"] == "person"]
    assert all(node["hidden"] == (node["type"] != "person") for node in shown.values())
    expect(view.locator(".netview-status")).to_have_text(f"Affichés : {len(people)} sur {total} acteurs et lieux")


def test_an_event_filter_shows_its_subgraph(page, site):
    view = open_view(page, site("/reseau/"))
    data = json.loads(view.locator("script.netview-data").text_content())
    event = next(event for event in data["events"] if event["id"] == VISIT)
    view.get_by_label("Événement").select_option(label=event["label"])
    members = {data["nodes"][index]["id"] for index in event["nodes"]}
    shown = nodes(view)
    assert {ident for ident, node in shown.items() if not node["hidden"]} == members
    assert {"kim-jong-un", "vladimir-poutine", "pyongyang"} <= members < set(shown)


def test_clicking_a_node_opens_its_page(page, site):
    view = open_view(page, site("/reseau/"))
    point = node_point(page, view, "vladimir-poutine")
    page.mouse.move(point["x"], point["y"])
    expect(view.locator(".netview-info a").first).to_have_text("Ouvrir la page de Vladimir Poutine")
    page.mouse.click(point["x"], point["y"])
    expect(page).to_have_url(site("/acteurs/vladimir-poutine/"))


def test_the_keyboard_reaches_a_result_and_enter_opens_it(page, site):
    view = open_view(page, site("/reseau/"))
    box = view.get_by_label("Trouver un acteur ou un lieu")
    box.focus()
    page.keyboard.type("poutine")
    page.keyboard.press("ArrowDown")
    expect(view.locator(".netview-results a").first).to_be_focused()
    assert nodes(view)["vladimir-poutine"]["highlighted"]
    page.keyboard.press("Enter")
    expect(page).to_have_url(site("/acteurs/vladimir-poutine/"))
    page.go_back()
    open_view(page, site("/reseau/")).get_by_label("Trouver un acteur ou un lieu").fill("kim")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site("/acteurs/kim-jong-un/"))


def test_on_a_phone_a_tap_highlights_and_a_second_tap_opens(new_page, site):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    view = open_view(page, site("/reseau/"))
    point = node_point(page, view, "kim-jong-un")
    page.touchscreen.tap(point["x"], point["y"])
    expect(view.locator(".netview-info a").first).to_have_text("Ouvrir la page de Kim Jong-un")
    assert nodes(view)["kim-jong-un"]["highlighted"]
    page.wait_for_timeout(600)  # a second tap, not a double tap
    page.touchscreen.tap(point["x"], point["y"])
    expect(page).to_have_url(site("/acteurs/kim-jong-un/"))


LABELS_OUT = """root => {
  const {graph, renderer} = root.dossierNetwork;
  const box = root.querySelector('.netview-canvas').getBoundingClientRect();
  const context = document.createElement('canvas').getContext('2d');
  context.font = '600 13px system-ui, sans-serif';
  const shown = [...renderer.displayedNodeLabels];
  const out = shown.filter(node => {
    const attributes = graph.getNodeAttributes(node), point = renderer.graphToViewport(attributes);
    const size = renderer.getNodeDisplayData(node).size;
    return point.x + size + 3 + context.measureText(attributes.label).width > box.width;
  }).map(node => graph.getNodeAttribute(node, 'label'));
  return {shown: shown.length, out};
}"""


def test_on_a_phone_the_names_drawn_fit_in_the_view(new_page, site):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    view = open_view(page, site("/reseau/"))
    page.wait_for_timeout(300)  # a frame drawn with its labels
    drawn = view.evaluate(LABELS_OUT)
    assert drawn["shown"] >= 3 and drawn["out"] == [], drawn


def test_an_actor_page_has_its_local_graph_of_depth_one_then_two(page, site):
    view = open_view(page, site("/acteurs/kim-jong-un/"))
    expect(page.locator(".ego-figure svg")).to_be_hidden()  # the static fan gives way to the graph
    first = nodes(view)
    depth = {node["id"]: node["depth"] for node in json.loads(view.locator("script.netview-data").text_content())["nodes"]}
    assert {ident for ident, node in first.items() if not node["hidden"]} == {i for i, d in depth.items() if d <= 1}
    view.get_by_label("Et leurs voisins").check()
    assert not any(node["hidden"] for node in nodes(view).values()) and 2 in depth.values()
    point = node_point(page, view, "vladimir-poutine")
    page.mouse.click(point["x"], point["y"])
    expect(page).to_have_url(site("/acteurs/vladimir-poutine/"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/reseau/", "/acteurs/kim-jong-un/"])
def test_axe_finds_no_violation_with_the_view(new_page, site, path, scheme):
    for options in ({"viewport": DESK}, {"viewport": PHONE, "is_mobile": True, "has_touch": True}):
        page = new_page(**options)
        page.emulate_media(color_scheme=scheme)
        open_view(page, site(path))
        assert_no_axe_violations(page, f"{path}, {scheme}, {options['viewport']['width']} px")


def test_without_javascript_the_drawing_and_the_table_stay(new_page, site):
    page = new_page(java_script_enabled=False)
    page.goto(site("/reseau/"))
    expect(page.locator("[data-netview]")).to_be_hidden()
    expect(page.get_by_role("button", name=EXPLORE)).to_be_hidden()
    expect(page.locator(".net-svg")).to_be_visible()
    expect(page.locator(".net-table tbody tr").first).to_be_visible()
    page.locator(".net-table").get_by_role("link", name="Vladimir Poutine", exact=True).first.click()
    expect(page).to_have_url(site("/acteurs/vladimir-poutine/"))
    expect(page.locator(".ego-svg")).to_be_visible()


def test_a_hostile_name_stays_data(page, site):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("/reseau/", "/acteurs/kim-jong-un/", "/acteurs/iran/"):
        response = page.goto(site(path))
        if response.status == 404:
            continue
        settle(page)
        raw = page.content()
        assert page.evaluate("window.pwned") is None, path
        scripts = page.locator("script.netview-data")
        if scripts.count():
            text = scripts.first.text_content()
            assert "</script" not in text.lower() and "<!--" not in text
            names = [node["label"] for node in json.loads(text)["nodes"]]
            assert HOSTILE in names or path != "/reseau/", path
        assert "<script>window.pwned" not in raw, path
    view = open_view(page, site("/reseau/"))
    view.get_by_label("Trouver un acteur ou un lieu").fill("iran")
    expect(view.locator(".netview-results a").first).to_have_text(HOSTILE)
    assert page.evaluate("window.pwned") is None and not dialogs


DRAWN_NAMES = """root => {
  const {graph, renderer, labels} = root.dossierNetwork;
  const canvas = root.querySelector('.netview-canvas');
  const discs = [];
  graph.forEachNode(node => {
    const shown = renderer.getNodeDisplayData(node);
    if (!shown || shown.hidden) return;
    const at = renderer.framedGraphToViewport(shown);
    discs.push({name: graph.getNodeAttribute(node, 'name'), x: at.x, y: at.y, r: renderer.scaleSize(shown.size)});
  });
  return {labels: labels.map(box => ({...box})), discs, width: canvas.clientWidth, height: canvas.clientHeight};
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_the_names_of_a_local_graph_cover_no_other_name_nor_node(new_page, site, viewport):
    """An actor's local graph, at depth 1 then 2: every name drawn lies within the view, over no other name
    and no node but its own (the names were written at the right of each node, over their neighbours on the
    ring); at depth 1, most of the neighbours are named."""
    page = new_page(viewport=viewport)
    view = open_view(page, site("/acteurs/vladimir-poutine/"))
    for depth in (1, 2):
        if depth == 2:
            view.get_by_label("Et leurs voisins").check()
        page.wait_for_timeout(300)  # a frame drawn with its names
        drawn = view.evaluate(DRAWN_NAMES)
        labels, discs = drawn["labels"], drawn["discs"]
        if depth == 1:
            assert len(labels) >= (len(discs) - 1) // 2, (labels, len(discs))
        assert labels, depth
        for box in labels:
            assert box["left"] >= 0 and box["top"] >= 0, box
            assert box["right"] <= drawn["width"] and box["bottom"] <= drawn["height"], box
            for disc in discs:
                if disc["name"] == box["label"]:
                    continue
                covered = (box["left"] < disc["x"] + disc["r"] and disc["x"] - disc["r"] < box["right"]
                           and box["top"] < disc["y"] + disc["r"] and disc["y"] - disc["r"] < box["bottom"])
                assert not covered, (depth, box["label"], disc["name"])
        for a, b in itertools.combinations(labels, 2):
            apart = a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
            assert apart, (depth, a["label"], b["label"])
