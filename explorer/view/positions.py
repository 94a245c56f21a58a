"""Node positions: the shared, stored ones first; any element without one is placed once, deterministically.

Stored positions make toggling between areas a comparison: a service sits in the same place in every map.
"""

from __future__ import annotations

import networkx as nx

from explorer.data.model import Dataset

Point = tuple[float, float]


def positions_for(dataset: Dataset, shared: dict[str, Point]) -> dict[str, Point]:
    """Positions for every element of the dataset, keeping the shared ones exactly.

    >>> from explorer.data.model import Element
    >>> from explorer.data.vocab import ElementType, Sector, Layer, Provenance
    >>> els = tuple(Element(i, i, ElementType.SERVICE, Sector.NHS, (Layer.C,)) for i in "ab")
    >>> pos = positions_for(Dataset("d", "D", "", Provenance.IMPORTED, elements=els), {"a": (0.0, 0.0)})
    >>> pos["a"], len(pos)
    ((0.0, 0.0), 2)
    """
    ids = [e.id for e in dataset.elements]
    if dataset.positions:  # an imported map keeps the places its own file gave, at our scale
        shared = {**shared, **own_positions(dataset)}
    missing = [i for i in ids if i not in shared]
    out = {i: shared[i] for i in ids if i in shared}
    if not missing:
        return out
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from((c.source, c.target) for c in dataset.connections)
    if len(missing) >= SPRING_MAX:
        return _bounded(graph, missing, out)
    spacing = 260.0
    if out:
        # Known nodes stay fixed; the rest settle near their neighbours, then scale to the known extent.
        xs = [p[0] for p in out.values()]
        ys = [p[1] for p in out.values()]
        span = max(max(xs) - min(xs), max(ys) - min(ys), spacing)
        fixed = {i: ((x - min(xs)) / span, (y - min(ys)) / span) for i, (x, y) in out.items()}
        raw = nx.spring_layout(graph, pos=fixed, fixed=list(fixed), seed=7, k=0.5 / len(ids) ** 0.5)
        for i in missing:
            out[i] = (raw[i][0] * span + min(xs), raw[i][1] * span + min(ys))
        return out
    raw = nx.spring_layout(graph, seed=7, iterations=100 if len(ids) < 500 else 40)
    side = spacing * max(len(ids), 4) ** 0.5
    return {i: (float(raw[i][0]) * side / 2, float(raw[i][1]) * side / 2) for i in ids}


SPRING_MAX = 400  # networkx's spring layout needs scipy from 500 nodes, and a dense n×n matrix without it


def _bounded(graph: nx.Graph, missing: list[str], known: dict[str, Point]) -> dict[str, Point]:
    """Large maps in linear time and memory: a wide grid in breadth-first order from each component's
    best-linked element, so linked elements mostly sit near each other; below any known positions.

    (The layout engine is being replaced; this only keeps big imports drawable meanwhile.)
    """
    wanted = set(missing)
    order: list[str] = []
    seen: set[str] = set()
    for start in sorted(wanted, key=lambda n: (-graph.degree(n), n)):
        if start in seen:
            continue
        component = [start, *(v for _, v in nx.bfs_edges(graph, start))]  # each node once
        seen.update(component)
        order.extend(node for node in component if node in wanted)
    top = max((p[1] for p in known.values()), default=-CELL[1]) + CELL[1] + BAND_GAP
    return {**known, **grid(order, columns_for(len(order)), top if known else 0.0)}


def own_positions(dataset: Dataset, spacing: float = 260.0) -> dict[str, Point]:
    """The file's positions of an imported map, scaled so that the map spans what a spring layout of as many
    elements would (Kumu's coordinates run to thousands, Gephi's to hundreds).

    >>> from explorer.data.vocab import Provenance
    >>> d = Dataset("d", "D", "", Provenance.IMPORTED, positions=(("a", 0.0, 0.0), ("b", 10.0, 5.0)))
    >>> own_positions(d)
    {'a': (0.0, 0.0), 'b': (520.0, 260.0)}
    """
    points = {item: (x, y) for item, x, y in dataset.positions}
    x1, y1, x2, y2 = bounding_box(list(points.values()))
    span = max(x2 - x1, y2 - y1) or 1.0
    scale = spacing * max(len(points), 4) ** 0.5 / span
    return {item: ((x - x1) * scale, (y - y1) * scale) for item, (x, y) in points.items()}


def bounding_box(points: list[Point]) -> tuple[float, float, float, float]:
    """(x1, y1, x2, y2) of the points, or a unit box when there are none."""
    if not points:
        return (0.0, 0.0, 1.0, 1.0)
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


VIEWS = ("A", "B", "C")
CELL = (300.0, 220.0)  # model units per grid cell; the stylesheet sizes labels to fit a cell
BAND_GAP = 140.0
STAGGER = 55.0


def columns_for(n: int, aspect: float = 1.85) -> int:
    """Grid columns that give n cells roughly the canvas aspect (wide, for a projector)."""
    return max(1, min(n, round((n * aspect * CELL[1] / CELL[0]) ** 0.5 + 0.49)))


def grid(order: list[str], columns: int, top: float = 0.0) -> dict[str, Point]:
    """Row-major grid positions, the last row centred.

    >>> grid(["a", "b", "c"], 2)
    {'a': (0.0, 0.0), 'b': (300.0, 55.0), 'c': (150.0, 220.0)}
    """
    out: dict[str, Point] = {}
    for index, item in enumerate(order):
        row, col = divmod(index, columns)
        in_row = min(columns, len(order) - row * columns)
        offset = (columns - in_row) * CELL[0] / 2
        # Odd columns sit a little lower, so a straight link along a row does not run through its nodes.
        out[item] = (offset + col * CELL[0], top + row * CELL[1] + (col % 2) * STAGGER)
    return out


def primary_layer(element_id: str, datasets: list[Dataset]) -> str:
    """The layer where an element has most of its links, across datasets (ties go to the later layer)."""
    counts = {layer: 0 for layer in VIEWS}
    layers: set[str] = set()
    for d in datasets:
        item = d.get(element_id)
        if item is None:
            continue
        layers |= {layer.value for layer in item.layers}
        for c in d.connections:
            if element_id in (c.source, c.target) and not c.cross_layer:
                counts[c.layer.value] += 1
    candidates = [layer for layer in VIEWS if layer in layers] or list(VIEWS)
    return max(reversed(candidates), key=lambda layer: counts[layer])


def plan_positions(datasets: list[Dataset], reading_order: list[str]) -> dict[str, dict[str, Point]]:
    """Positions per view: a wide grid for each layer, and the three stacked for 'all'.

    Every view holds the union of the datasets' elements, so a service keeps its place in every area.
    `reading_order` (e.g. the stored positions read top-left to bottom-right) decides who sits near whom.
    """
    rank = {item: i for i, item in enumerate(reading_order)}
    every = {e.id: e for d in datasets for e in d.elements}
    ordered = sorted(every, key=lambda i: (rank.get(i, len(rank)), every[i].label))
    plan: dict[str, dict[str, Point]] = {}
    for view in VIEWS:
        members = [i for i in ordered if view in {layer.value for layer in every[i].layers}]
        plan[view] = grid(members, columns_for(len(members)))
    bands = {view: [i for i in ordered if primary_layer(i, datasets) == view] for view in VIEWS}
    columns = max(columns_for(len(ordered), aspect=2.4), *(min(len(b), 1) for b in bands.values()))
    top = 0.0
    plan["all"] = {}
    for view in VIEWS:
        placed = grid(bands[view], columns, top)
        plan["all"].update(placed)
        rows = -(-len(bands[view]) // columns)
        top += rows * CELL[1] + BAND_GAP
    return plan
