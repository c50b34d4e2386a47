"""The data of the interactive network (theme/static/js/network.js, with sigma.js and graphology).

Two graphs, both plain dicts and lists that a template embeds with `|tojson` in a
<script type="application/json"> (every "<", ">", "&" and "'" escaped: a name from a seed or the
registry never ends the script):

- the network's page gets every actor and place cited (VIEW_NODES at most, the most cited): those its
  drawing shows at the drawing's positions (the layout is computed once, for both) with all their
  edges, the others set around their strongest neighbour (`_satellites`) with their strongest links;
  its types and, for the event filter, the nodes of each event: its participants, its place and the
  actors cited in its articles;
- an actor's or a place's page gets its local graph: its neighbours (depth 1) and the strongest
  neighbours of each of them (depth 2), capped, set on two circles around it. It reads only the
  neighbourhood of the page's entity, so an article that does not touch that neighbourhood leaves
  the page as it was.

The static drawing and the table stay in the page: the view is an enhancement, drawn only when the
scripts run and WebGL works.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict

from ..render.views import TYPE_LABELS, type_label

VIEW_NODES = 1000  # nodes of the network's view at most, the most cited (a search finds any of them)
SATELLITE_LINKS = 6  # links of each node past the drawing: its strongest ones
SATELLITE_GAP = 16  # space between a node and the nodes set around it, and their step outwards
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))  # turn between two nodes set around one: they never line up
FIRST_ANGLE = 0.75 * math.pi  # the first one below left (y down): its neighbour's name is written on its right
LOCAL_FIRST = 12  # neighbours on an actor's local graph (the fan of its page shows as many)
LOCAL_SECOND = 3  # neighbours of each of them, at depth 2
LOCAL_NODES = 30  # nodes of a local graph at most, the entity included
LOCAL_SCAN = 40  # neighbours of a depth-1 node searched for links between the nodes shown


def _r(value: float) -> float:
    """A coordinate rounded (the same bytes at every build), without "-0.0"."""
    return round(value, 2) + 0.0


def _node(view, site_url: str, x: float, y: float, **extra) -> dict:
    return {"id": view.id, "label": view.name, "type": view.type, "url": f"{site_url}/{view.url}", "x": _r(x), "y": _r(y), **extra}


def _event_members(dossier, drawn: set[str]) -> list[dict]:
    """For each event with a drawn node: its name and the drawn nodes of its participants, its place and
    the actors cited in its articles (their indices in the node list are set by the caller)."""
    cited: dict[str, set[str]] = defaultdict(set)  # article slug -> drawn entity ids it cites
    for view in dossier.entities:
        if view.id in drawn:
            for mention in view.mentions:
                cited[mention.article.slug].add(view.id)
    events = []
    for event in dossier.events:
        members = {view.id for view in event.participants if view.id in drawn}
        if event.place is not None and event.place.id in drawn:
            members.add(event.place.id)
        for article in event.articles:
            members |= cited.get(article.slug, set())
        if members:
            events.append({"id": event.id, "label": event.name, "nodes": sorted(members)})
    return events


def types_of(rows: list) -> list[tuple[str, str]]:
    """The types of the entities of `rows` (network.Row), each with its label, in the order of the legend."""
    present = {row.entity.type for row in rows}
    return [(kind, type_label(kind)) for kind in TYPE_LABELS if kind in present]


def network_view(dossier, rows: list, drawn, site_url: str, limit: int = VIEW_NODES) -> dict:
    """The graph of the network's page: the first `limit` of `rows` (all the network's, the most cited
    first), with their types for the filter. Those the static drawing shows (`drawn`, a network.Drawing:
    their positions, radii and edges by pair of ids) are laid out as it; the others are set around them
    (`_satellites`) with their SATELLITE_LINKS strongest links. y points up, as sigma.js draws."""
    rows = rows[:limit]
    positions, radius = dict(drawn.positions), dict(drawn.radius)
    extra = [row for row in rows if row.entity.id not in positions]
    height = _satellites(extra, positions, radius, rows[0].entity.mention_count, drawn.height)
    ids = [row.entity.id for row in rows]
    index = {ident: number for number, ident in enumerate(ids)}
    nodes = [
        _node(row.entity, site_url, positions[row.entity.id][0], height - positions[row.entity.id][1],
              size=_r(radius[row.entity.id]), mentions=row.entity.mention_count,
              aliases=sorted(row.entity.aliases or ()))  # the search finds a node by any of its names
        for row in rows
    ]
    pairs = {tuple(sorted((index[a], index[b]))): count for (a, b), count in drawn.edges.items() if a in index and b in index}
    for row in extra:
        for other, count in [pair for pair in row.comentions if pair[0].id in index][:SATELLITE_LINKS]:
            pairs[tuple(sorted((index[row.entity.id], index[other.id])))] = count
    links = sorted([a, b, count] for (a, b), count in pairs.items())
    events = _event_members(dossier, set(ids))
    for event in events:
        event["nodes"] = sorted(index[ident] for ident in event["nodes"])
    return {"nodes": nodes, "edges": links, "types": [list(pair) for pair in types_of(rows)], "events": events}


def _satellites(rows: list, positions: dict, radius: dict, most: int, height: float) -> float:
    """Set `rows` (network.Row past the drawing, the most cited first) into `positions` and `radius`, in the
    drawing's frame (y down), which is `height` high. Each is set around its strongest neighbour already set,
    on a spiral (the golden angle between two, further out the more there are), the most cited first among
    those that have one set; when none has, the most cited left starts a grid under the drawing and its
    neighbours gather around it. The height of the whole, for the view to turn y up. Costs O(nodes × links
    · log nodes), where a layout of them all would cost their square."""
    from .network import NETWORK_WIDTH, node_radius  # the drawing's frame and sizes

    if not rows:
        return height
    rank = {row.entity.id: number for number, row in enumerate(rows)}
    around: dict[str, int] = defaultdict(int)  # nodes set around each so far
    ready = [number for number, row in enumerate(rows) if any(other.id in positions for other, _ in row.comentions)]
    heapq.heapify(ready)
    per_row, step = int(NETWORK_WIDTH // (3 * SATELLITE_GAP)), 3 * SATELLITE_GAP
    seeds, next_seed = 0, 0
    while True:
        if ready:
            row = rows[heapq.heappop(ready)]
        else:  # none left next to one set: the most cited left starts anew, in the grid
            while next_seed < len(rows) and rows[next_seed].entity.id in positions:
                next_seed += 1
            if next_seed == len(rows):
                break
            row = rows[next_seed]
        ident = row.entity.id
        if ident in positions:
            continue
        radius[ident] = node_radius(row.entity.mention_count, most)
        centre = next((other.id for other, _ in row.comentions if other.id in positions), None)
        if centre is None:
            positions[ident] = (step * (seeds % per_row + 0.5), height + step * (seeds // per_row + 1))
            seeds += 1
        else:
            turn = around[centre]
            around[centre] += 1
            distance = radius[centre] + SATELLITE_GAP * (1 + math.sqrt(turn))
            x, y = positions[centre]
            angle = FIRST_ANGLE + turn * GOLDEN_ANGLE
            positions[ident] = (x + distance * math.cos(angle), y + distance * math.sin(angle))
        for other, _ in row.comentions:
            if other.id in rank and other.id not in positions:
                heapq.heappush(ready, rank[other.id])
    return max(height, max(y for _, y in positions.values()) + step)


def local_graph(entity, site_url: str, first: int = LOCAL_FIRST, second: int = LOCAL_SECOND,
                limit: int = LOCAL_NODES, scan: int = LOCAL_SCAN) -> dict | None:
    """The local graph of an entity's page: the entity at the centre, its `first` strongest neighbours
    around it, then up to `second` neighbours of each of them further out, `limit` nodes in all; its
    links to its neighbours with their counts of shared paragraphs, the other links with 0.
    None when the entity has no neighbour. Costs O(first × scan), whatever the size of the dossier."""
    inner = [other for other, _ in entity.neighbours[:first]]
    if not inner:
        return None
    chosen = {entity.id: 0, **{other.id: 1 for other in inner}}
    children: dict[str, list] = {}
    for other in inner:
        children[other.id] = []
        for far, _ in other.neighbours[:scan]:
            if len(chosen) >= limit or len(children[other.id]) >= second:
                break
            if far.id not in chosen:
                chosen[far.id] = 2
                children[other.id].append(far)
    nodes = [_node(entity, site_url, 0.0, 0.0, depth=0, size=12)]
    step = 2 * math.pi / len(inner)
    for number, other in enumerate(inner):
        angle = step * number - math.pi / 2
        nodes.append(_node(other, site_url, 100 * math.cos(angle), -100 * math.sin(angle), depth=1, size=7))
        outer = children[other.id]
        for rank, far in enumerate(outer):
            spread = angle + step * 0.7 * ((rank + 0.5) / len(outer) - 0.5)
            nodes.append(_node(far, site_url, 200 * math.cos(spread), -200 * math.sin(spread), depth=2, size=4))
    index = {node["id"]: number for number, node in enumerate(nodes)}
    links = {(0, index[other.id]): count for other, count in entity.neighbours[:first]}
    for other in inner:
        for far, _ in other.neighbours[:scan]:
            if far.id in index and far.id != entity.id:
                # Between two other nodes, a link without its count: the page changes when its
                # neighbourhood does, not with every paragraph its neighbours share elsewhere.
                links[tuple(sorted((index[other.id], index[far.id])))] = 0
    return {"nodes": nodes, "edges": sorted([a, b, count] for (a, b), count in links.items())}
