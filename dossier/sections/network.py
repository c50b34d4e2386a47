"""Network: who is mentioned with whom across the dossier.

Two entities are linked when one paragraph of an article mentions both; the weight of the
link is the number of such paragraphs. The whole network is drawn for its page (/reseau/) with
a force-directed layout computed here in pure Python (seeded, a fixed number of steps, only
arithmetic and square roots: the same drawing at every build), and each actor or place
page gets its neighbourhood and a chart of its mentions by month of publication.
Every drawing is an SVG built with ElementTree (so every text is escaped) and is
doubled by a table or a list, the accessible content.
"""

from __future__ import annotations

import functools
import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

import numpy as np
from markupsafe import Markup

from ..core.model import PartialDate
from ..core.text import sort_key
from ..render import i18n
from ..render.pages import Page, Site, chunks, paged
from ..render.views import Drawn, page_url, pages_context, type_label
from . import network_view

SEED = 20240619
ITERATIONS = 400
NETWORK_NODES = 60  # nodes the drawing of /reseau/ shows at most, the most mentioned (setting DOSSIER_NETWORK_NODES)
NETWORK_ROWS_PER_PAGE = 250  # rows of its table on a page (setting DOSSIER_NETWORK_ROWS_PER_PAGE)
TOP_COMENTIONS = 5  # co-mentions listed per row of the table
EGO_LIMIT = 12  # neighbours drawn on an actor's page (the side list shows as many)


def _n(value: float) -> str:
    """A coordinate rounded to 1 decimal, without a useless ".0"."""
    text = f"{round(value, 1):.1f}"
    if text == "-0.0":
        text = "0.0"
    return text.removesuffix(".0")


def _svg(width: float, height: float, css_class: str) -> ET.Element:
    return ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg",
        "viewBox": f"0 0 {_n(width)} {_n(height)}",
        "width": _n(width),
        "height": _n(height),
        "class": css_class,
        "aria-hidden": "true",
    })


def _markup(svg: ET.Element) -> Markup:
    return Markup(ET.tostring(svg, encoding="unicode"))


def _mentions(count: int) -> str:
    return i18n.ngettext("%(num)d mention", "%(num)d mentions", count)


def _shared(count: int) -> str:
    return i18n.ngettext("%(num)d shared paragraph", "%(num)d shared paragraphs", count)


# The data: nodes and weighted edges.


def cooccurrences(dossier) -> Counter:
    """Number of paragraphs where two entities are both mentioned, by pair of ids (sorted)."""
    entity_ids = {view.id for view in dossier.entities}
    paragraphs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for view in dossier.entities:
        for mention in view.mentions:
            paragraphs[(mention.article.slug, mention.paragraph)].add(view.id)
    pairs: Counter = Counter()
    for ids in paragraphs.values():
        ordered = sorted(ids & entity_ids)
        for index, first in enumerate(ordered):
            for second in ordered[index + 1:]:
                pairs[(first, second)] += 1
    return pairs


@dataclass(eq=False)
class Row:
    """One actor or place of the network, with its co-mentions by decreasing count."""

    entity: object  # EntityView
    comentions: list = field(default_factory=list)  # (EntityView, count)

    @property
    def top(self) -> list:
        return self.comentions[:TOP_COMENTIONS]

    @property
    def degree(self) -> int:
        return len(self.comentions)


def network_rows(dossier, pairs: Counter | None = None) -> list[Row]:
    """A row per entity with at least one mention, the most mentioned first."""
    pairs = cooccurrences(dossier) if pairs is None else pairs
    views = {view.id: view for view in dossier.entities if view.mention_count}
    neighbours: dict[str, list] = defaultdict(list)
    for (first, second), count in pairs.items():
        if first in views and second in views:
            neighbours[first].append((views[second], count))
            neighbours[second].append((views[first], count))
    rows = [
        Row(view, sorted(neighbours[view.id], key=lambda pair: (-pair[1], sort_key(pair[0].name), pair[0].id)))
        for view in views.values()
    ]
    return sorted(rows, key=lambda row: (-row.entity.mention_count, sort_key(row.entity.name), row.entity.id))


def network_graph(dossier) -> tuple[list[Row], dict[tuple[str, str], int]]:
    """The network the network's page shows and the data folder's GEXF holds: its nodes (network_rows,
    the entities mentioned) and its edges, the paragraphs shared by each pair of them. Worked out once for
    the last dossier asked (`_last_graph`), the render's: its network page and its data files' process,
    forked after it is (pelican_plugin), both read it; neither changes it."""
    if _last_graph and _last_graph[0] is dossier:
        return _last_graph[1]
    pairs = cooccurrences(dossier)
    rows = network_rows(dossier, pairs)
    present = {row.entity.id for row in rows}
    graph = rows, {pair: count for pair, count in pairs.items() if pair[0] in present and pair[1] in present}
    _last_graph[:] = [dossier, graph]
    return graph


_last_graph: list = []  # [the dossier, its network_graph]


# The layout: Fruchterman-Reingold, seeded, with a fixed number of steps.


def layout(ids: list[str], edges: dict[tuple[str, str], int], width: float, height: float,
           iterations: int = ITERATIONS, seed: int = SEED, mass: dict | None = None) -> dict[str, tuple[float, float]]:
    """Positions of `ids` in a `width` × `height` frame; linked nodes near, the others apart.

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
    # The steps of the definition (each pair of nodes once, in the order of their ranks; each link in turn), on
    # arrays: every value is worked out by the same operations, in the same order, as by a loop over the pairs
    # (tests/test_network.py holds that loop and compares their bits), in a sixth of the time. A node's
    # repulsions are summed along its row of the pairs' forces, left to right (np.cumsum: one value after the
    # other, not in pairs as np.sum), each pair's force worked out once, for the first of the two and negated
    # for the second; the links' pulls are added node by node in the order of the links (np.add.at).
    rank = {i: n for n, i in enumerate(ids)}
    xs = np.array([x[i] for i in ids])
    ys = np.array([y[i] for i in ids])
    pulls = (k * k) * np.array([mass[i] for i in ids])  # kk * masses[a], the first of each pair
    masses = np.array([mass[i] for i in ids])
    count = len(ids)
    upper = np.triu(np.ones((count, count), dtype=bool), 1)  # the pairs (a, b), a < b
    first = np.array([rank[a] for a, _, _ in weighted], dtype=np.intp)
    second = np.array([rank[b] for _, b, _ in weighted], dtype=np.intp)
    weights = np.array([weight for _, _, weight in weighted])
    ends = np.empty(2 * len(weighted), dtype=np.intp)  # each link's two nodes, link after link
    ends[0::2], ends[1::2] = first, second
    zero = np.zeros((count, 1))
    for _ in range(iterations):
        ddx, ddy = xs[:, None] - xs[None, :], ys[:, None] - ys[None, :]
        distance2 = ddx * ddx + ddy * ddy
        close = distance2 < 0.01
        ddx, ddy, distance2 = np.where(close, 0.1, ddx), np.where(close, 0.1, ddy), np.where(close, 0.02, distance2)
        force = pulls[:, None] * masses[None, :] / distance2  # repulsion k²/d, along the unit vector (ddx/d, ddy/d)
        fx, fy = np.where(upper, ddx * force, 0.0), np.where(upper, ddy * force, 0.0)
        fx, fy = fx - fx.T, fy - fy.T  # the second of a pair gets the first's force, negated: a - b is b + (-a)
        dx = np.cumsum(np.hstack((zero, fx)), axis=1)[:, -1]
        dy = np.cumsum(np.hstack((zero, fy)), axis=1)[:, -1]
        if len(weighted):
            lx, ly = xs[first] - xs[second], ys[first] - ys[second]
            distance = np.sqrt(lx * lx + ly * ly)
            distance = np.where(distance == 0, 0.01, distance)
            pull = distance * weights / k  # attraction d²/k, times the weight
            px, py = np.empty(len(ends)), np.empty(len(ends))
            px[0::2], px[1::2] = -(lx * pull), lx * pull
            py[0::2], py[1::2] = -(ly * pull), ly * pull
            np.add.at(dx, ends, px)
            np.add.at(dy, ends, py)
        # a little gravity keeps the nodes with few links in the picture
        dx = dx - xs * 0.02 * k / 10
        dy = dy - ys * 0.02 * k / 10
        length = np.sqrt(dx * dx + dy * dy)
        moving = length > 0
        step = np.minimum(length, temperature)
        divided = np.where(moving, length, 1.0)
        xs = np.where(moving, xs + dx / divided * step, xs)
        ys = np.where(moving, ys + dy / divided * step, ys)
        temperature -= cooling
    xs, ys = xs.tolist(), ys.tolist()
    x, y = dict(zip(ids, xs, strict=True)), dict(zip(ids, ys, strict=True))
    return {i: (x[i], y[i]) for i in ids}


def _fit(positions: dict, radius: dict, width: float, height: float, margin: float) -> dict:
    """Scale the layout into the frame, then push overlapping nodes apart."""
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x = (max(xs) - min(xs)) or 1
    span_y = (max(ys) - min(ys)) or 1
    # Fill the frame; stretch one direction at most 1.5 times more than the other.
    scale_x = (width - 2 * margin) / span_x
    scale_y = (height - 2 * margin) / span_y
    scale_x, scale_y = min(scale_x, scale_y * 1.5), min(scale_y, scale_x * 1.5)
    left = (width - span_x * scale_x) / 2
    top = (height - span_y * scale_y) / 2
    fitted = {i: [left + (p[0] - min(xs)) * scale_x, top + (p[1] - min(ys)) * scale_y] for i, p in positions.items()}
    ids = sorted(fitted)
    for _ in range(60):
        moved = False
        for index, a in enumerate(ids):
            for b in ids[index + 1:]:
                ddx = fitted[b][0] - fitted[a][0]
                ddy = fitted[b][1] - fitted[a][1]
                distance = math.sqrt(ddx * ddx + ddy * ddy) or 0.01
                need = radius[a] + radius[b] + 6
                if distance < need:
                    push = (need - distance) / 2
                    ux, uy = (ddx / distance, ddy / distance) if distance > 0.01 else (1.0, 0.0)
                    fitted[a][0] -= ux * push
                    fitted[a][1] -= uy * push
                    fitted[b][0] += ux * push
                    fitted[b][1] += uy * push
                    moved = True
        for i in ids:
            fitted[i][0] = min(max(fitted[i][0], radius[i] + 2), width - radius[i] - 2)
            fitted[i][1] = min(max(fitted[i][1], radius[i] + 2), height - radius[i] - 2)
        if not moved:
            break
    return {i: (p[0], p[1]) for i, p in fitted.items()}


RADIUS_MENTIONS = 100  # past this many mentions for the most cited, every circle is scaled down alike


def node_radius(mentions: int, most: int = 0) -> float:
    """Radius of a node: its area grows with the number of mentions; when the most cited node of the
    drawing (`most` mentions) has more than RADIUS_MENTIONS, all are scaled so that it keeps the
    size it would have with RADIUS_MENTIONS, and the circles leave room for one another."""
    scale = math.sqrt(RADIUS_MENTIONS / most) if most > RADIUS_MENTIONS else 1.0
    return 4 + 2.2 * math.sqrt(mentions) * scale


def _text_width(text: str, size: float) -> float:
    return len(text) * size * 0.62 + 4


def _overlap(a, b) -> float:
    """Overlapping area of two boxes (x1, y1, x2, y2)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def label_lines(view, width: int = 22) -> list[str]:
    """The visible name of a node: the name, or its acronym ("OTAN"), or the name on two lines."""
    if len(view.name) <= width:
        return [view.name]
    for alias in view.aliases:
        if 2 <= len(alias) <= 6 and alias.isupper() and " " not in alias:
            return [alias]
    lines, line = [], ""
    for word in view.name.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
        if len(lines[1]) > width:
            lines[1] = lines[1][:width - 1].rstrip() + "…"
    return lines


def _place_labels(labels, nodes, width, height, size, always: int = 0) -> dict:
    """For each (id, lines, x, y, r), in order, the place of its name that overlaps least:
    (anchor, x, y of the first line, line height).

    Greedy and deterministic. A name that would cover one already placed is left out (its node
    keeps its <title>), except the first `always` ones.
    """
    placed, result = [], {}
    node_boxes = [(x - r, y - r, x + r, y + r) for x, y, r in nodes]
    step = size * 1.15
    for index, (ident, lines, x, y, r) in enumerate(labels):
        w = max(_text_width(line, size) for line in lines)
        h = step * (len(lines) - 1) + size * 1.1
        middle = y - h / 2 + size * 0.8  # first baseline of a block centred on the node
        options = [
            ("start", x + r + 4, middle, (x + r + 3, y - h / 2, x + r + 5 + w, y + h / 2)),
            ("end", x - r - 4, middle, (x - r - 5 - w, y - h / 2, x - r - 3, y + h / 2)),
            ("middle", x, y + r + size + 1, (x - w / 2, y + r + 2, x + w / 2, y + r + 3 + h)),
            ("middle", x, y - r - 5 - step * (len(lines) - 1), (x - w / 2, y - r - 4 - h, x + w / 2, y - r - 4)),
        ]
        best = None
        for rank, (anchor, tx, ty, box) in enumerate(options):
            outside = box[0] < 2 or box[2] > width - 2 or box[1] < 2 or box[3] > height - 2
            cost = sum(_overlap(box, other) for other in placed) * 3
            cost += sum(_overlap(box, other) for other in node_boxes)
            cost += 1e6 if outside else 0
            cost += rank * 0.5
            if best is None or cost < best[0]:
                best = (cost, anchor, tx, ty, box)
        if index >= always and any(_overlap(best[4], other) > 0 for other in placed):
            continue
        placed.append(best[4])
        result[ident] = (best[1], best[2], best[3], step)
    return result


NETWORK_WIDTH = 760
NETWORK_HEIGHT = 560  # of the biggest connected group; the small groups get rows below it
STRIP_ROW = 64  # height of a row of small groups
LABEL_SIZE = 14
LABELLED = 18  # the most mentioned nodes get a visible name where it fits; every node has a <title>
ALWAYS_LABELLED = 6  # ... and the first ones even where it does not


def components(ids: list[str], edges) -> list[list[str]]:
    """Connected groups of `ids`, the biggest first (then by their first id), each sorted."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    seen, groups = set(), []
    for start in sorted(ids):
        if start in seen:
            continue
        group, stack = [], [start]
        seen.add(start)
        while stack:
            node = stack.pop()
            group.append(node)
            for other in sorted(neighbours[node] - seen):
                seen.add(other)
                stack.append(other)
        groups.append(sorted(group))
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def network_positions(views: dict, edges: dict, radius: dict) -> tuple[dict, float]:
    """Positions of every node and the height of the drawing.

    The biggest connected group fills the main frame; the smaller groups and the actors cited
    alone are set in rows under it, so that they do not push the main group into a corner.
    """
    groups = components(list(views), edges)
    main, others = groups[0], groups[1:]
    pos = {}
    if len(main) > 1 or not others:
        main_edges = {pair: count for pair, count in edges.items() if pair[0] in main}
        raw = layout(main, main_edges, NETWORK_WIDTH, NETWORK_HEIGHT, mass={i: radius[i] / 6 for i in main})
        pos.update(_fit(raw, radius, NETWORK_WIDTH, NETWORK_HEIGHT, margin=30))
        top = NETWORK_HEIGHT
    else:
        others = groups
        top = 0
    # Small groups, left to right: a group of n nodes takes n slots, on the next row when it does
    # not fit what is left of this one; a group longer than a row goes on over the next rows.
    slot = 110
    per_row = int((NETWORK_WIDTH - 20) // slot)
    row, column = 0, 0
    for group in others:
        if column and column + len(group) > per_row:
            row, column = row + 1, 0
        for ident in group:
            if column == per_row:
                row, column = row + 1, 0
            pos[ident] = (10 + slot * column + slot / 2, top + STRIP_ROW * row + STRIP_ROW / 2 - 8)
            column += 1
    height = top + (STRIP_ROW * (row + 1) if others else 0)
    return pos, height


@dataclass(frozen=True)
class Drawing:
    """The drawing of the network's nodes: its edges, the radius and position of each node, its height."""

    edges: dict
    radius: dict
    positions: dict
    height: float


def drawing(rows: list[Row], pairs: Counter) -> Drawing:
    """Lay out `rows` (not empty): computed once for the static drawing and the interactive view."""
    views = {row.entity.id: row.entity for row in rows}
    edges = {pair: count for pair, count in pairs.items() if pair[0] in views and pair[1] in views}
    most = max(v.mention_count for v in views.values())
    radius = {i: node_radius(v.mention_count, most) for i, v in views.items()}
    pos, height = network_positions(views, edges, radius)
    return Drawing(edges, radius, pos, height)


def network_svg(rows: list[Row], drawn: Drawing, site_url: str) -> Markup:
    """The whole network as an inline SVG, laid out as `drawn` says: every node a link to its page."""
    views = {row.entity.id: row.entity for row in rows}
    edges, radius, pos, height = drawn.edges, drawn.radius, drawn.positions, drawn.height
    svg = _svg(NETWORK_WIDTH, height, "net-svg")
    strongest = max(edges.values(), default=1)
    lines = ET.SubElement(svg, "g", {"class": "net-edges"})
    for (a, b), count in sorted(edges.items(), key=lambda item: (item[1], item[0])):
        ET.SubElement(lines, "line", {
            "x1": _n(pos[a][0]), "y1": _n(pos[a][1]), "x2": _n(pos[b][0]), "y2": _n(pos[b][1]),
            "stroke-width": _n(0.6 + 4 * count / strongest),
        })
    order = [row.entity.id for row in rows]  # most mentioned first
    label_pos = _place_labels(
        [(i, label_lines(views[i]), pos[i][0], pos[i][1], radius[i]) for i in order[:LABELLED]],
        [(pos[i][0], pos[i][1], radius[i]) for i in order],
        NETWORK_WIDTH, height, LABEL_SIZE, always=ALWAYS_LABELLED,
    )
    nodes = ET.SubElement(svg, "g", {"class": "net-nodes"})
    degrees = {row.entity.id: row.degree for row in rows}
    for ident in reversed(order):  # the big nodes drawn last, on top
        view = views[ident]
        link = ET.SubElement(nodes, "a", {
            "href": f"{site_url}/{view.url}", "class": f"net-node type-{view.type}", "tabindex": "-1",
        })
        ET.SubElement(link, "title").text = i18n._(
            "%(name)s (%(type)s): %(mentions)s, cited with %(actors)s", name=view.name, type=type_label(view.type),
            mentions=_mentions(view.mention_count),
            actors=i18n.ngettext("%(num)d actor", "%(num)d actors", degrees[ident]),
        )
        ET.SubElement(link, "circle", {"cx": _n(pos[ident][0]), "cy": _n(pos[ident][1]), "r": _n(radius[ident])})
    labels = ET.SubElement(svg, "g", {"class": "net-labels"})
    for ident in order[:LABELLED]:
        if ident not in label_pos:
            continue  # it would cover another name: its <title> says it
        view = views[ident]
        anchor, tx, ty, step = label_pos[ident]
        link = ET.SubElement(labels, "a", {"href": f"{site_url}/{view.url}", "tabindex": "-1"})
        attributes = {"x": _n(tx), "y": _n(ty)}
        if anchor != "start":
            attributes["text-anchor"] = anchor
        text = ET.SubElement(link, "text", attributes)
        lines = label_lines(view)
        if len(lines) == 1:
            text.text = lines[0]
        else:
            for index, line in enumerate(lines):
                ET.SubElement(text, "tspan", {"x": _n(tx), "y": _n(ty + step * index)}).text = line
    return _markup(svg)


def network_context(dossier, site_url: str, nodes: int = NETWORK_NODES) -> dict:
    """Template context of the network's page (/reseau/): the drawing of the `nodes` most mentioned, the
    table rows of all, the counts.

    The layout's cost grows with the square of the nodes drawn, and a drawing of thousands of
    circles says nothing: past `nodes`, the others are in the table, and in the interactive view
    (network_view), set around their neighbours, for a search to find them.
    """
    rows, edges = network_graph(dossier)
    drawn = rows[: max(nodes, 1)]
    geometry = drawing(drawn, edges) if drawn else None
    return {
        "network_svg": network_svg(drawn, geometry, site_url) if geometry else Markup(""),
        "network_view": network_view.network_view(dossier, rows, geometry, site_url) if geometry else None,
        "network_rows": rows,
        "network_drawn": len(drawn),
        "network_counts": {"nodes": len(rows), "edges": len(edges)},
        "network_types": network_view.types_of(drawn),  # the drawing's legend
    }


# An actor's page: its neighbourhood and its mentions over time.

EGO_WIDTH = 250
EGO_ROW = 24
EGO_CHARS = 19  # characters of a name and its count right of the fan, 13 px text


def neighbourhood_svg(entity, neighbours: list, site_url: str) -> Markup:
    """The entity and its co-mentioned actors as a fan: one line to each, as thick as their shared paragraphs."""
    if not neighbours:
        return Markup("")
    shown = neighbours[:EGO_LIMIT]
    height = max(len(shown) * EGO_ROW + 12, 60)
    svg = _svg(EGO_WIDTH, height, "ego-svg")
    centre_x, centre_y, column_x = 18, height / 2, 84
    strongest = max(count for _, count in shown)
    edges = ET.SubElement(svg, "g", {"class": "net-edges"})
    nodes = ET.SubElement(svg, "g", {"class": "net-nodes"})
    for index, (other, count) in enumerate(shown):
        y = 6 + EGO_ROW * index + EGO_ROW / 2
        ET.SubElement(edges, "path", {
            "d": f"M{_n(centre_x)} {_n(centre_y)}C{_n(52)} {_n(centre_y)} {_n(52)} {_n(y)} {_n(column_x)} {_n(y)}",
            "stroke-width": _n(1 + 5 * count / strongest),
        })
        link = ET.SubElement(nodes, "a", {
            "href": f"{site_url}/{other.url}", "class": f"net-node type-{other.type}", "tabindex": "-1",
        })
        ET.SubElement(link, "title").text = i18n._("%(name)s: %(shared)s", name=other.name, shared=_shared(count))
        ET.SubElement(link, "circle", {"cx": _n(column_x), "cy": _n(y), "r": "6"})
        budget = EGO_CHARS - len(str(count)) - 1  # the name and its count fit in the width
        short = label_lines(other, budget)  # the name, or its acronym ("OTAN")
        name = short[0] if len(short) == 1 else other.name
        if len(name) > budget:
            name = name[:budget - 1].rstrip() + "…"
        text = ET.SubElement(link, "text", {"x": _n(column_x + 11), "y": _n(y + 4.5)})
        text.text = name
        ET.SubElement(text, "tspan", {"class": "net-count"}).text = f" {count}"
    centre = ET.SubElement(nodes, "g", {"class": f"net-node net-centre type-{entity.type}"})
    ET.SubElement(centre, "title").text = entity.name
    ET.SubElement(centre, "circle", {"cx": _n(centre_x), "cy": _n(centre_y), "r": "11"})
    return _markup(svg)


def month_frame(dossier) -> tuple[list[tuple[int, int]], bool]:
    """(year, month) from the first to the last month of publication of the dossier's dated articles,
    and whether an article's date is unknown: the frame every actor's chart shares, computed once."""
    months = sorted(
        (a.date.year, a.date.month) for a in dossier.articles if a.date is not None and a.date.month is not None
    )
    undated = any(a.date is None for a in dossier.articles)
    if not months:
        return [], undated
    (year, month), last = months[0], months[-1]
    bins = []
    while (year, month) <= last:
        bins.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return bins, undated


@dataclass(frozen=True)
class Bar:
    """One bar of the chart of mentions: a month, a year whose month is unknown, or the unknown date."""

    key: tuple
    label: str
    short: str  # under the bar
    count: int


def mention_bars(entity, dossier, frame: tuple | None = None) -> list[Bar]:
    """Mentions of `entity` per month of publication of their articles; then the years without month, then unknown dates.

    `frame` is `month_frame(dossier)`, when the caller draws many charts.
    """
    counts: Counter = Counter()
    for mention in entity.mentions:
        date = mention.article.date
        if date is None:
            counts[("unknown",)] += 1
        elif date.month is None:
            counts[("year", date.year)] += 1
        else:
            counts[("month", date.year, date.month)] += 1
    bins, undated = frame or month_frame(dossier)
    if len(bins) > 36:  # a long dossier: one bar per year
        yearly: Counter = Counter()
        for key, count in counts.items():
            if key[0] != "unknown":
                yearly[key[1]] += count
        years = range(bins[0][0], bins[-1][0] + 1)
        bars = [Bar(("y", y), str(y), str(y), yearly[y]) for y in years]
    else:
        bars = [
            Bar(("month", y, m), i18n.date_label(PartialDate(y, m)), i18n.month_initial(m), counts[("month", y, m)])
            for y, m in bins
        ]
        for key in sorted(k for k in counts if k[0] == "year"):
            bars.append(Bar(key, i18n._("%(year)s (month unknown)", year=key[1]), "?", counts[key]))
    if counts[("unknown",)] or undated:
        bars.append(Bar(("unknown",), i18n._("unknown date"), "?", counts[("unknown",)]))
    return bars


CHART_WIDTH = 250
CHART_HEIGHT = 150
# The width of a character of the chart's labels, in its units (a digit of the values, 12px semibold, and of
# the ticks and years, 11px: each at most this wide in the theme's sans-serif), and the room left between two.
CHART_CHARACTER = 7.2
CHART_GAP = 2.0


def mentions_chart_svg(bars: list[Bar]) -> Markup:
    """A bar chart of `bars`, the unknown dates set apart at the right. Its labels never overlap: each bar's
    count when all of them fit over their bars, else the highest bar's only (every bar's count is in its
    title, and the summary beside the chart gives them all); a tick under every bar, or under every n-th
    when they would touch; the years, each under its first month, the one with fewer months left out
    where two would touch."""
    if not bars or not any(bar.count for bar in bars):
        return Markup("")
    svg = _svg(CHART_WIDTH, CHART_HEIGHT, "chart-svg")
    left, right, top, base = 8, CHART_WIDTH - 8, 18, CHART_HEIGHT - 40
    known = [bar for bar in bars if bar.key[0] != "unknown"]
    unknown = [bar for bar in bars if bar.key[0] == "unknown"]
    slots = len(known) + (len(unknown) * 1.6 if unknown else 0)
    slot = (right - left) / slots
    biggest = max(bar.count for bar in bars)
    every_count = all(_label_width(str(bar.count)) <= slot for bar in bars if bar.count)
    highest = next(index for index, bar in enumerate(bars) if bar.count == biggest)
    ticks = max(_label_width(bar.short) for bar in bars)
    tick_every = max(1, math.ceil(ticks / slot))
    grid = ET.SubElement(svg, "g", {"class": "chart-axis"})
    ET.SubElement(grid, "line", {"x1": _n(left), "x2": _n(right), "y1": _n(base), "y2": _n(base)})
    group = ET.SubElement(svg, "g", {"class": "chart-bars"})
    labels = ET.SubElement(svg, "g", {"class": "chart-labels"})
    years: list[tuple[float, int, int]] = []  # (where its first bar begins, the year, its bars)
    x = left
    for index, bar in enumerate(bars):
        is_unknown = bar.key[0] == "unknown"
        if is_unknown:
            x += slot * 0.6  # a gap before the bar of unknown dates
        width = slot * 0.72
        centre = x + slot / 2
        height = (base - top) * bar.count / biggest
        if bar.count:
            rect = ET.SubElement(group, "rect", {
                "class": "chart-bar chart-bar-unknown" if is_unknown else "chart-bar",
                "x": _n(centre - width / 2), "y": _n(base - height), "width": _n(width), "height": _n(height),
            })
            ET.SubElement(rect, "title").text = i18n._(
                "%(period)s: %(mentions)s", period=bar.label, mentions=_mentions(bar.count)
            )
            if every_count or index == highest:
                half = _label_width(str(bar.count)) / 2
                ET.SubElement(labels, "text", {
                    "class": "chart-value", "x": _n(min(max(centre, left + half), right - half)),
                    "y": _n(base - height - 4), "text-anchor": "middle",
                }).text = str(bar.count)
        if is_unknown or index % tick_every == 0:
            ET.SubElement(labels, "text", {
                "class": "chart-tick", "x": _n(centre), "y": _n(base + 14), "text-anchor": "middle",
            }).text = "?" if is_unknown else bar.short
        if bar.key[0] == "month":
            if years and years[-1][1] == bar.key[1]:
                years[-1] = (years[-1][0], bar.key[1], years[-1][2] + 1)
            else:
                years.append((centre - slot / 2 + 1, bar.key[1], 1))
        x += slot
    shown = _years_shown(years, right - _label_width(i18n._("unknown")) if unknown else right)
    for begin, year, _ in shown:
        ET.SubElement(labels, "text", {"class": "chart-year", "x": _n(begin), "y": _n(base + 30)}).text = str(year)
    if unknown:
        ET.SubElement(labels, "text", {
            "class": "chart-year", "x": _n(right), "y": _n(base + 30), "text-anchor": "end",
        }).text = i18n._("unknown")
    return _markup(svg)


def _label_width(text: str) -> float:
    """The room a label of the chart takes, in its units, with the gap after it."""
    return len(text) * CHART_CHARACTER + CHART_GAP


def _years_shown(years: list[tuple[float, int, int]], end: float) -> list[tuple[float, int, int]]:
    """The years (where each begins, the year, its bars) whose label is written, left to right before `end`:
    of two that would touch, the one with more bars (the later on a tie)."""
    shown: list[tuple[float, int, int]] = []
    for year in years:
        if year[0] + _label_width(str(year[1])) > end + CHART_GAP:
            continue
        if shown and shown[-1][0] + _label_width(str(shown[-1][1])) > year[0]:
            if shown[-1][2] > year[2]:
                continue
            shown.pop()
        shown.append(year)
    return shown


def _mentions_summary(entity, bars: list[Bar]) -> str:
    dated = [bar for bar in bars if bar.count and bar.key[0] != "unknown"]
    unknown = sum(bar.count for bar in bars if bar.key[0] == "unknown")
    parts = [i18n._("%(count)s in %(period)s", count=bar.count, period=bar.label) for bar in dated]
    if unknown:
        parts.append(i18n._("%(count)s in articles without a date", count=unknown))
    total = _mentions(entity.mention_count)
    return i18n._("%(total)s: %(parts)s.", total=total, parts=", ".join(parts)) if parts else f"{total}."


def entity_context(entity, dossier, site_url: str, frame: tuple | None = None) -> dict:
    """Extra template context of an actor's page: its neighbourhood and its mentions over time.

    `frame` is `month_frame(dossier)`, computed once for all the actors' pages.
    """
    neighbours = entity.neighbours if entity.mention_count else []  # co-mentions, counted once by build_dossier
    bars = mention_bars(entity, dossier, frame) if entity.mention_count else []
    if len(neighbours) == 1:
        other, count = neighbours[0]
        summary = i18n._(
            "Cited with one actor or place only: %(name)s (%(shared)s).", name=other.name, shared=_shared(count)
        )
    elif neighbours:
        strongest = neighbours[0]
        summary = i18n._(
            "Cited with %(others)s, most often %(name)s (%(shared)s).",
            others=i18n.ngettext("%(num)d actor or place", "%(num)d actors and places", len(neighbours)),
            name=strongest[0].name, shared=_shared(strongest[1]),
        )
        if len(neighbours) > EGO_LIMIT:
            summary += " " + i18n._("The drawing shows the %(count)s most frequent.", count=EGO_LIMIT)
    else:
        summary = ""
    # The drawings, made only if the page is written (a page kept from the last render is keyed by what they show).
    drawn = [[other.url, other.type, other.name, list(other.aliases), count] for other, count in neighbours[:EGO_LIMIT]]
    return {
        "neighbourhood_svg": Drawn(functools.partial(neighbourhood_svg, entity, neighbours, site_url),
                                   ["neighbourhood", entity.type, entity.name, site_url, drawn], bool(neighbours)),
        "neighbourhood_summary": summary,
        "mentions_chart_svg": Drawn(functools.partial(mentions_chart_svg, bars), ["chart", bars],
                                    any(bar.count for bar in bars)),
        "mentions_bars": [bar for bar in bars if bar.count],
        "mentions_summary": _mentions_summary(entity, bars) if bars else "",
        "local_graph": network_view.local_graph(entity, site_url) if neighbours else None,
    }


def pages(site: Site) -> Iterator[Page]:
    """The network of the actors: its drawing (DOSSIER_NETWORK_NODES, the most cited) and its table, cut
    into pages (DOSSIER_NETWORK_ROWS_PER_PAGE rows a page)."""
    url = i18n.address("network")
    context = network_context(site.dossier, site.site_url, site.number("DOSSIER_NETWORK_NODES", NETWORK_NODES))
    per_page = site.number("DOSSIER_NETWORK_ROWS_PER_PAGE", NETWORK_ROWS_PER_PAGE)
    cut = chunks(context.pop("network_rows"), per_page)
    drawn = {key: context.pop(key) for key in ("network_svg", "network_view")}  # on the first page only
    for number, rows in enumerate(cut, start=1):
        yield Page(page_url(url, number), "network", {
            "nav_section": url,
            "page_title": paged(i18n._("Network of the actors"), number),
            "page_description": i18n._("Who is cited with whom in the dossier’s articles."),
            "network_rows": rows, "first_row": (number - 1) * per_page + 1,
            **pages_context(url, number, len(cut)),
            **context,
            **(drawn if number == 1 else {}),
        })
