"""Network: co-mentions by paragraph, a deterministic layout, the /reseau/ page and each actor's neighbourhood."""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from dossier.render.link import build_dossier
from dossier.sections import network
from dossier.sections.network import (
    components,
    cooccurrences,
    entity_context,
    label_lines,
    layout,
    mention_bars,
    network_context,
    network_positions,
    network_rows,
)

from .helpers import SAMPLE_ENTITIES, SAMPLE_EVENTS, make_registry, source


@pytest.fixture
def small_dossier(tmp_path):
    registry = make_registry(tmp_path, SAMPLE_ENTITIES, SAMPLE_EVENTS)
    sources = [
        source("a", "[[kim-jong-un|Kim]] reçoit [[vladimir-poutine|Poutine]] à [[pyongyang|Pyongyang]].\n\n"
                    "[[kim-jong-un|Kim]] et [[vladimir-poutine|Poutine]], encore [[kim-jong-un|Kim]].\n\n"
                    "La [[russie|Russie]] seule.", date="2024-06-20"),
        source("b", "[[kim-jong-un|Kim Jong Un]] et [[donald-trump|Trump]] à [[hanoi|Hanoï]].\n\n"
                    "[[kim-jong-un|Kim]] et [[vladimir-poutine|Poutine]].", date="2024-09"),
        source("c", "[[onu|ONU]] et [[otan|OTAN]].\n\n[[kim-jong-un|Kim]].", date=None),
    ]
    return build_dossier(registry, sources, "Titre", "Description")


def test_edges_count_the_paragraphs_shared(small_dossier):
    assert dict(cooccurrences(small_dossier)) == {
        ("kim-jong-un", "vladimir-poutine"): 3,  # twice in a, once in b; Kim twice in one paragraph counts once
        ("kim-jong-un", "pyongyang"): 1,
        ("pyongyang", "vladimir-poutine"): 1,
        ("donald-trump", "kim-jong-un"): 1,
        ("donald-trump", "hanoi"): 1,
        ("hanoi", "kim-jong-un"): 1,
        ("onu", "otan"): 1,
    }


def test_rows_are_the_mentioned_entities_most_mentioned_first(small_dossier):
    rows = network_rows(small_dossier)
    assert [(r.entity.id, r.entity.mention_count) for r in rows][:2] == [("kim-jong-un", 6), ("vladimir-poutine", 3)]
    ids = {r.entity.id for r in rows}
    assert ids == {e.id for e in small_dossier.entities if e.mention_count}
    assert "russie" in ids and "ukraine" not in ids  # cited alone is still in the network; never cited is not
    kim = rows[0]
    assert [(other.id, count) for other, count in kim.comentions] == [
        ("vladimir-poutine", 3), ("donald-trump", 1), ("hanoi", 1), ("pyongyang", 1),
    ]
    assert components(sorted(ids), cooccurrences(small_dossier))[0][0] == "donald-trump"


def test_layout_is_deterministic_and_inside_its_frame():
    ids = [f"n{i}" for i in range(12)]
    edges = {(f"n{i}", f"n{i + 1}"): i + 1 for i in range(11)}
    first = layout(ids, edges, 400, 300)
    assert first == layout(list(reversed(ids)), dict(reversed(edges.items())), 400, 300)
    assert first != layout(ids, edges, 400, 300, seed=1)
    assert set(first) == set(ids)


def test_the_network_drawing_is_deterministic_and_links_every_node(small_dossier):
    site_url = "https://user.github.io/repo"
    context = network_context(small_dossier, site_url)
    assert str(context["network_svg"]) == str(network_context(small_dossier, site_url)["network_svg"])
    svg = BeautifulSoup(str(context["network_svg"]), "html.parser")
    nodes = svg.select("a.net-node")
    assert sorted(a["href"] for a in nodes) == sorted(f"{site_url}/{r.entity.url}" for r in context["network_rows"])
    assert all(a.find("title") and a.find("circle") for a in nodes)
    assert context["network_counts"] == {"nodes": len(context["network_rows"]), "edges": 7}
    assert "ns0:" not in str(context["network_svg"])


def test_names_in_the_drawings_are_escaped(tmp_path):
    entities = {"x": {"name": "A & <b>B</b>", "type": "person"}, "y": {"name": "Y", "type": "country", "case_sensitive": True}}
    registry = make_registry(tmp_path, entities)
    dossier = build_dossier(registry, [source("a", "[[x|A]] et [[y|Y]].", date="2024-01")], "T", "D")
    svg = str(network_context(dossier, "")["network_svg"])
    assert "<b>" not in svg and "A &amp; &lt;b&gt;B&lt;/b&gt;" in svg
    y = next(e for e in dossier.entities if e.id == "y")
    ego = str(entity_context(y, dossier, "")["neighbourhood_svg"])
    assert "<b>" not in ego and "&lt;b&gt;" in ego


def test_long_names_are_shortened_or_wrapped(small_dossier):
    otan = next(e for e in small_dossier.entities if e.id == "otan")
    assert label_lines(otan) == ["OTAN"]


def test_an_actor_gets_its_neighbourhood_and_its_mentions_by_month(small_dossier):
    kim = next(e for e in small_dossier.entities if e.id == "kim-jong-un")
    context = entity_context(kim, small_dossier, "")
    ego = BeautifulSoup(str(context["neighbourhood_svg"]), "html.parser")
    assert [a["href"] for a in ego.find_all("a")] == [
        "/acteurs/vladimir-poutine/", "/acteurs/donald-trump/", "/lieux/hanoi/", "/lieux/pyongyang/",
    ]
    assert context["neighbourhood_summary"].startswith("Cité avec 4 acteurs et lieux, le plus souvent Vladimir Poutine")
    # months from the first to the last month of publication, then the unknown dates
    bars = [(bar.label, bar.count) for bar in mention_bars(kim, small_dossier)]
    assert bars == [
        ("juin 2024", 3), ("juillet 2024", 0), ("août 2024", 0), ("septembre 2024", 2), ("date inconnue", 1),
    ]
    assert context["mentions_summary"] == "6 mentions\u00a0: 3 en juin 2024, 2 en septembre 2024, 1 dans des articles sans date."
    chart = BeautifulSoup(str(context["mentions_chart_svg"]), "html.parser")
    assert [r.find("title").get_text() for r in chart.find_all("rect")] == [
        "juin 2024\u00a0: 3 mentions", "septembre 2024\u00a0: 2 mentions", "date inconnue\u00a0: 1 mention",
    ]
    never = next(e for e in small_dossier.entities if e.id == "ukraine")
    assert entity_context(never, small_dossier, "")["neighbourhood_svg"] == ""
    assert entity_context(never, small_dossier, "")["mentions_chart_svg"] == ""



def _chart_labels(svg) -> dict[str, list[tuple[float, float, str]]]:
    """Each kind of label of a chart: (where it begins, where it ends, its text), its width as the chart reckons it."""
    labels: dict[str, list[tuple[float, float, str]]] = {}
    for text in BeautifulSoup(str(svg), "html.parser").find_all("text"):
        width = network._label_width(text.get_text()) - network.CHART_GAP
        x = float(text["x"])
        begin = {"middle": x - width / 2, "end": x - width}.get(text.get("text-anchor"), x)
        labels.setdefault(text["class"][0], []).append((begin, begin + width, text.get_text()))
    return labels


@pytest.mark.parametrize("months", [4, 14, 36])
def test_the_labels_of_a_chart_of_mentions_never_overlap(months):
    # From December: the first year has one month, its label would touch the next year's.
    bins = [(2023 + (11 + i) // 12, (11 + i) % 12 + 1) for i in range(months)]
    bars = [network.Bar(("month", y, m), f"{m}/{y}", "JFMAMJJASOND"[m - 1], 100 + 37 * i % 90) for i, (y, m) in enumerate(bins)]
    bars.append(network.Bar(("unknown",), "unknown date", "?", 150))
    labels = _chart_labels(network.mentions_chart_svg(bars))
    for kind, found in labels.items():
        found.sort()
        for (_, end, a), (begin, _, b) in itertools.pairwise(found):
            assert end <= begin, (kind, a, b)  # each ends before the next begins
        assert all(begin >= 0 and end <= network.CHART_WIDTH for begin, end, _ in found), kind
    values = [text for *_, text in labels["chart-value"]]
    ticks = [text for *_, text in labels["chart-tick"]]
    years = [text for *_, text in labels["chart-year"]]
    if months == 4:  # room for every count and every tick, and for both years
        assert values == [str(bar.count) for bar in bars] and len(ticks) == len(bars)
        assert years[:2] == ["2023", "2024"]
    else:  # the highest bar's count only; December 2023 gives way to 2024
        assert values == [str(max(bar.count for bar in bars))]
        assert years[0] == "2024" and "2023" not in years
    if months == 36:  # a tick under every other bar or fewer
        assert len(bars) // 4 <= len(ticks) < len(bars)
    else:
        assert len(ticks) == len(bars)


# The real dossier, built from the five seeds.


@pytest.fixture(scope="module")
def output(built_dossier: Path) -> Path:
    return built_dossier / "output"


def read(output: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((output / url.strip("/") / "index.html").read_bytes(), "html.parser")


def test_every_node_of_the_built_network_links_to_a_page(output):
    page = read(output, "/reseau/")
    nodes = page.select("figure.net-figure svg a.net-node")
    assert len(nodes) > 30
    missing = [a["href"] for a in nodes if not (output / urlsplit(a["href"]).path.strip("/") / "index.html").is_file()]
    assert missing == []
    assert all(a.find("title").get_text() for a in nodes)
    labels = [t.get_text() for t in page.select("figure.net-figure svg .net-labels text")]
    assert {"Russie", "Corée du Nord", "Kim Jong-un", "Vladimir Poutine"} <= set(labels)


def test_the_built_network_table_has_a_row_per_node(output):
    page = read(output, "/reseau/")
    table = page.select_one("table.net-table")
    assert table.find("caption").get_text(strip=True)
    rows = table.select("tbody tr")
    nodes = page.select("figure.net-figure svg a.net-node")
    assert len(rows) == len(nodes)
    assert {r.select_one("th a")["href"] for r in rows} == {a["href"] for a in nodes}
    first = rows[0]
    assert first.select_one("th a").get_text() == "Corée du Nord"
    assert first.select_one("td.num").get_text() == str(len(read(output, "/acteurs/coree-du-nord/").select(".mention-quote")))
    assert first.select(".net-comentions li")[0].get_text(" ", strip=True) == "Russie (27)"


def test_an_actor_page_has_its_neighbourhood_and_its_chart(output):
    page = read(output, "/acteurs/kim-jong-un/")
    section = page.select_one("aside .entity-network")
    ego = section.select_one("svg.ego-svg")
    hrefs = [a["href"] for a in ego.find_all("a")]
    side = [a["href"] for a in page.select("aside ol.comentions a")]
    assert hrefs == side  # the drawing shows the side list of co-mentioned actors
    assert all((output / h.strip("/") / "index.html").is_file() for h in hrefs)
    chart = section.select_one("svg.chart-svg")
    assert [r.find("title").get_text() for r in chart.find_all("rect")] == [
        "septembre 2023\u00a0: 11 mentions", "date inconnue\u00a0: 10 mentions",
    ]
    assert "21 mentions\u00a0: 11 en septembre 2023, 10 dans des articles sans date." in section.get_text()


def test_a_small_group_longer_than_a_row_goes_on_over_the_next_rows():
    main = [f"m{i:02d}" for i in range(15)]
    second = [f"s{i:02d}" for i in range(10)]  # longer than a row of small groups
    edges = {(a, b): 1 for group in (main, second) for a, b in zip(group, group[1:], strict=False)}
    ids = main + second + ["alone"]
    pos, height = network_positions(dict.fromkeys(ids), edges, dict.fromkeys(ids, 6.0))
    assert sorted(pos) == sorted(ids)  # every node placed, none left out
    assert all(0 <= x <= 760 and 0 <= y <= height for x, y in pos.values())
    assert len(set(pos.values())) == len(ids)  # no two in the same slot


def test_circles_keep_their_size_in_a_small_dossier_and_are_scaled_down_alike_in_a_large_one():
    from dossier.sections.network import RADIUS_MENTIONS, node_radius

    assert node_radius(49, 49) == node_radius(49) == 4 + 2.2 * 7
    biggest = node_radius(RADIUS_MENTIONS, RADIUS_MENTIONS)
    assert node_radius(3000, 3000) == pytest.approx(biggest)  # the most cited: never bigger than that
    assert node_radius(750, 3000) == pytest.approx(4 + (biggest - 4) / 2)  # a quarter of the mentions: half the radius



def reference_layout(ids: list[str], edges: dict[tuple[str, str], int], width: float, height: float,
           iterations: int = network.ITERATIONS, seed: int = network.SEED, mass: dict | None = None) -> dict[str, tuple[float, float]]:
    """network.layout as first written, over dicts by id: the oracle of the one over lists.

    Fruchterman-Reingold; two nodes repel each other in proportion to the product of their
    `mass` (1 by default), so that the big nodes keep room around them for their names.

    Deterministic: the start comes from a seeded generator over the sorted ids, and the
    steps use only arithmetic and square roots, which are exact to the last bit everywhere.
    """
    ids = sorted(ids)
    if not ids:
        return {}
    if len(ids) == 1:
        return {ids[0]: (width / 2, height / 2)}
    mass = {i: (mass or {}).get(i, 1.0) for i in ids}
    rng = random.Random(seed)
    x = {i: rng.uniform(-width / 2, width / 2) for i in ids}
    y = {i: rng.uniform(-height / 2, height / 2) for i in ids}
    k = math.sqrt(width * height / len(ids)) * 0.75
    strongest = max(edges.values(), default=1)
    weighted = [
        (a, b, 1 + 2 * math.sqrt(count / strongest)) for (a, b), count in sorted(edges.items()) if a in x and b in x
    ]
    temperature = width / 8
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        dx = dict.fromkeys(ids, 0.0)
        dy = dict.fromkeys(ids, 0.0)
        for index, a in enumerate(ids):
            for b in ids[index + 1:]:
                ddx, ddy = x[a] - x[b], y[a] - y[b]
                distance2 = ddx * ddx + ddy * ddy
                if distance2 < 0.01:
                    ddx, ddy, distance2 = 0.1, 0.1, 0.02
                force = k * k * mass[a] * mass[b] / distance2  # repulsion k²/d, along the unit vector (ddx/d, ddy/d)
                dx[a] += ddx * force
                dy[a] += ddy * force
                dx[b] -= ddx * force
                dy[b] -= ddy * force
        for a, b, weight in weighted:
            ddx, ddy = x[a] - x[b], y[a] - y[b]
            distance = math.sqrt(ddx * ddx + ddy * ddy) or 0.01
            force = distance * weight / k  # attraction d²/k, times the weight
            dx[a] -= ddx * force
            dy[a] -= ddy * force
            dx[b] += ddx * force
            dy[b] += ddy * force
        for a in ids:
            # a little gravity keeps the nodes with few links in the picture
            dx[a] -= x[a] * 0.02 * k / 10
            dy[a] -= y[a] * 0.02 * k / 10
            length = math.sqrt(dx[a] * dx[a] + dy[a] * dy[a])
            if length > 0:
                step = min(length, temperature)
                x[a] += dx[a] / length * step
                y[a] += dy[a] / length * step
        temperature -= cooling
    return {i: (x[i], y[i]) for i in ids}


@pytest.mark.parametrize("trial", range(12))
def test_the_layout_gives_the_bits_of_its_plain_formulation(trial):
    """network.layout steps over lists by rank; the same operations in the same order as over dicts by id
    (reference_layout): the same positions, to the last bit."""
    rng = random.Random(trial)
    count = rng.randint(1, 45)
    ids = [f"n{i}" for i in range(count)]
    rng.shuffle(ids)
    edges = {tuple(sorted(rng.sample(ids, 2))): rng.randint(1, 50) for _ in range(rng.randint(0, 3 * count)) if count > 1}
    mass = {i: rng.uniform(0.5, 4) for i in ids} if trial % 2 else None
    width, height = rng.choice([(900, 600), (300, 300), (1200, 800)])
    assert network.layout(ids, edges, width, height, iterations=60, mass=mass) == reference_layout(ids, edges, width, height, iterations=60, mass=mass)


@pytest.mark.parametrize("trial", range(4))
def test_the_layout_gives_the_bits_of_its_plain_formulation_at_full_length_and_in_a_tight_frame(trial):
    """The same bits with every step (ITERATIONS), up to the drawing's 60 nodes and a dense network, and in a frame
    so small that nodes fall within 0.1 of each other (the pushes of nodes that close)."""
    rng = random.Random(100 + trial)
    count = (60, 44, 7, 2)[trial]
    ids = [f"n{i}" for i in range(count)]
    edges = {tuple(sorted(rng.sample(ids, 2))): rng.randint(1, 300) for _ in range(4 * count)}
    mass = {i: rng.uniform(0.5, 4) for i in ids}
    width, height = ((900, 600), (800, 600), (0.2, 0.1), (0.05, 0.05))[trial]
    made = network.layout(ids, edges, width, height, mass=mass)
    assert made == reference_layout(ids, edges, width, height, iterations=network.ITERATIONS, mass=mass)
    assert all(math.isfinite(value) for point in made.values() for value in point)
