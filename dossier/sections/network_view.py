"""The data of the interactive network (theme/static/js/network.js, with sigma.js and graphology).

Two graphs, both plain dicts and lists that a template embeds with `|tojson` in a
<script type="application/json"> (every "<", ">", "&" and "'" escaped: a name from a seed or the
registry never ends the script):

- the network's page gets the nodes its drawing shows, at the drawing's positions (the layout is
  computed once, for both), its edges, its types and, for the event filter, the nodes of each event:
  its participants, its place and the actors cited in its articles;
- an actor's or a place's page gets its local graph: its neighbours (depth 1) and the strongest
  neighbours of each of them (depth 2), capped, set on two circles around it. It reads only the
  neighbourhood of the page's entity, so an article that does not touch that neighbourhood leaves
  the page as it was.

The static drawing and the table stay in the page: the view is an enhancement, drawn only when the
scripts run and WebGL works.
"""

from __future__ import annotations

import math
from collections import defaultdict

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


def network_view(dossier, rows: list, drawn, site_url: str, types: list) -> dict:
    """The graph of the network's page: the `rows` drawn, laid out as the static drawing (`drawn`, a
    network.Drawing: its positions, y pointing up as sigma.js draws, its radii, its edges by pair of ids);
    `types` (kind, label) for the filter."""
    edges, positions, radius, height = drawn.edges, drawn.positions, drawn.radius, drawn.height
    ids = [row.entity.id for row in rows]
    index = {ident: number for number, ident in enumerate(ids)}
    nodes = [
        _node(row.entity, site_url, positions[row.entity.id][0], height - positions[row.entity.id][1],
              size=_r(radius[row.entity.id]), mentions=row.entity.mention_count,
              aliases=sorted(row.entity.aliases or ()))  # the search finds a node by any of its names
        for row in rows
    ]
    links = sorted([*sorted((index[a], index[b])), count] for (a, b), count in edges.items() if a in index and b in index)
    events = _event_members(dossier, set(ids))
    for event in events:
        event["nodes"] = sorted(index[ident] for ident in event["nodes"])
    return {"nodes": nodes, "edges": links, "types": [list(pair) for pair in types], "events": events}


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
