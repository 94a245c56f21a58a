"""Layout engines side by side: `python -m explorer layouts` prints, per engine, what each shipped map would show.

Pure Python, no browser: the geometry of `explorer/devtools/legibility.py` on the places each engine gives,
with the label boxes the engine plans with (explorer/view/lattice.label_box). The browser's own figures for
the chosen engine come from `python -m explorer legibility`.

Engines (each over the union of the datasets, one place per element per view, except the spring baseline):

- spring: networkx.spring_layout of each dataset's own view (seeds 1-3, median), the baseline to beat;
- sugiyama: igraph's Sugiyama layout with the view's bands as its layers, one cell per unit;
- kamada-kawai: igraph's Kamada-Kawai layout of the union, scaled to the lattice and snapped to free cells;
- bands+lattice: the shipped engine (explorer/view/layout.py): bands, Fruchterman-Reingold with sector hubs,
  snapped, then the annealed lattice search.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from itertools import combinations
from pathlib import Path

import igraph as ig

from explorer.data.catalog import DEFAULT_DATA_DIR, load_catalog
from explorer.devtools.legibility import boxes_overlap, crossings, spring_crossings, unique_pairs
from explorer.view.lattice import CELL, cell_point, hits, label_box
from explorer.view.layout import bands_for, plan_view, snap, view_graph
from explorer.view.mapmodel import visible
from explorer.view.positions import primary_layer
from explorer.view.sizing import view_scale
from explorer.view.state import ViewState

VIEWS = ("A", "B", "C", "all")


def sugiyama(graph, view, primary):
    bands = bands_for(graph, view, primary)
    ids = [i for b in bands for i in b.members]
    layers = [k for k, b in enumerate(bands) for _ in b.members]
    index = {i: k for k, i in enumerate(ids)}
    g = ig.Graph(n=len(ids), edges=[(index[a], index[b]) for a, b in graph.links], directed=True)
    layout = g.layout_sugiyama(layers=layers, maxiter=200)
    return {i: (layout[index[i]][0] * CELL[0], layout[index[i]][1] * CELL[1]) for i in ids}


def kamada_kawai(graph, view, primary):
    ids = sorted(graph.elements)
    index = {i: k for k, i in enumerate(ids)}
    g = ig.Graph(n=len(ids), edges=[(index[a], index[b]) for a, b in graph.links])
    layout = g.layout_kamada_kawai(seed=[(float(k % 7), float(k // 7)) for k in range(len(ids))])
    xs, ys = zip(*layout.coords, strict=True)
    columns = math.ceil(math.sqrt(len(ids) * 1.5 * 1.9 * CELL[1] / CELL[0]))
    rows = math.ceil(len(ids) * 1.5 / columns)
    sx = (columns - 1) / max(max(xs) - min(xs), 1e-9)
    sy = (rows - 1) / max(max(ys) - min(ys), 1e-9)
    points = {i: ((layout[index[i]][0] - min(xs)) * sx, (layout[index[i]][1] - min(ys)) * sy) for i in ids}
    cells = [(c, r) for c in range(columns) for r in range(rows)]
    placed = snap(points, dict.fromkeys(ids, cells), ids)
    return {i: cell_point(c) for i, c in placed.items()}


def chosen(graph, view, primary):
    return plan_view(graph, view, primary)


ENGINES = {"sugiyama": sugiyama, "kamada-kawai": kamada_kawai, "bands+lattice": chosen}


def figures(maps, places: dict[str, dict[str, tuple[float, float]]] | None):
    """Per view: crossings, links through labels, links, label overlaps, summed over the maps; worst share."""
    out = {}
    longest = max(len(e.map_label) for d in maps for e in d.elements)
    for view in VIEWS:
        cross = through = links = overlaps = 0
        worst = 0.0
        for d in maps:
            elements, connections = visible(d, ViewState(dataset=d.id, layer=view))
            pairs = unique_pairs([{"source": c.source, "target": c.target} for c in connections])
            if places is None:
                cross += spring_crossings([e.id for e in elements], pairs)
                continue
            pos = places[view]
            cross += crossings([(pos[a], pos[b]) for a, b in pairs])
            xs = [pos[e.id][0] for e in elements]
            ys = [pos[e.id][1] for e in elements]
            # The sizes projector mode aims for on this extent (the engine plans for them).
            box = (min(xs), min(ys), max(xs), max(ys))
            scale = view_scale(box, ViewState(dataset=d.id, layer=view, projector=True), longest)
            boxes = {}
            for e in elements:
                b = label_box(e.map_label, scale)
                x, y = pos[e.id]
                boxes[e.id] = (x + b[0], y + b[1], x + b[2], y + b[3])
            hit = sum(
                any(
                    hits(pos[c.source], pos[c.target], (b[0] + 1, b[1] + 1, b[2] - 1, b[3] - 1))
                    for i, b in boxes.items()
                    if i not in (c.source, c.target)
                )
                for c in connections
            )
            text = [(b[0], b[1] + scale.node, b[2], b[3]) for b in boxes.values()]
            overlaps += sum(1 for p, q in combinations(text, 2) if boxes_overlap(p, q))
            through += hit
            links += len(connections)
            worst = max(worst, hit / max(len(connections), 1))
        out[view] = (cross, through, links, overlaps, worst)
    return out


def _cmd_layouts(args) -> int:
    catalog = load_catalog(Path(args.data))
    maps = list(catalog.datasets.values())
    unshown = (catalog.reference,) if catalog.reference else ()
    graphs = {v: view_graph(maps, v, unshown) for v in VIEWS}
    primary = {i: primary_layer(i, [*maps, *unshown]) for i in graphs["all"].elements}
    print(
        "| engine | seconds | crossings A / B / C / All (sum) | links through labels (worst view) | label overlaps |"
    )
    print("|---|---|---|---|---|")
    rows = {"spring": (None, 0.0)}
    for name, engine in ENGINES.items():
        start = time.perf_counter()
        rows[name] = ({v: engine(graphs[v], v, primary) for v in VIEWS}, time.perf_counter() - start)
    for name, (places, seconds) in rows.items():
        f = figures(maps, places)
        cross = " / ".join(str(f[v][0]) for v in VIEWS) + f" ({sum(f[v][0] for v in VIEWS)})"
        if places is None:
            print(f"| {name} (per map) | – | {cross} | – | – |")
            continue
        through = sum(f[v][1] for v in VIEWS)
        links = sum(f[v][2] for v in VIEWS)
        worst = max(f[v][4] for v in VIEWS)
        overlaps = sum(f[v][3] for v in VIEWS)
        print(f"| {name} | {seconds:.1f} | {cross} | {through}/{links} ({100 * worst:.0f}%) | {overlaps} |")
    print(f"\nload average at the end: {' '.join(f'{x:.1f}' for x in __import__('os').getloadavg())}")
    return 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register `layouts` with the `python -m explorer` command line."""
    p = subparsers.add_parser("layouts", help="compare layout engines on the shipped maps (no browser)")
    p.add_argument("--data", default=str(DEFAULT_DATA_DIR), help="data folder")
    p.set_defaults(run=_cmd_layouts)
    return p


__all__ = ["add_parser", "figures", "statistics"]
