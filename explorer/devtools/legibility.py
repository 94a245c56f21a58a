"""What the room sees: label sizes, overlaps, links through labels and crossings, read from the live map.

`python -m explorer legibility` opens each dataset × view in headless Chromium, reads the cytoscape
instance the page draws (`document.getElementById('map')._cyreg.cy`) and prints one row per view:

- label px: the median (and smallest) rendered label size, font-size × zoom;
- overlaps: pairs of element labels whose boxes overlap;
- thru %: links whose straight segment passes through the label box of an element that is not one of
  its ends;
- over text: link labels (the "gap", "absent" marks) whose box overlaps an element's label;
- crossings: crossings of the straight link segments, and the same count for a `networkx.spring_layout`
  of the same visible graph (median of three seeds), the force-directed drawing peers use;
- map %: the share of the window the map container covers.

`--projector` measures projector mode, `--compare ID` the left map side by side with another area.

The geometry is pure Python below, so the tests can check it on hand-made cases.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import networkx as nx

from explorer.data.catalog import DEFAULT_DATA_DIR, load_catalog
from explorer.devtools.bench.server import AppProcess
from explorer.devtools.chromium import CHROMIUM_ARGS
from explorer.view.lattice import hits
from explorer.view.mapmodel import visible
from explorer.view.state import ViewState

Box = tuple[float, float, float, float]  # x1, y1, x2, y2
Point = tuple[float, float]
Segment = tuple[Point, Point]


def _orient(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def segments_cross(s: Segment, t: Segment) -> bool:
    """True when two segments cross at a point inside both (touching ends or sharing one is no crossing).

    >>> segments_cross(((0, 0), (2, 2)), ((0, 2), (2, 0)))
    True
    >>> segments_cross(((0, 0), (1, 1)), ((1, 1), (2, 0)))
    False
    """
    (a, b), (c, d) = s, t
    d1, d2 = _orient(c, d, a), _orient(c, d, b)
    d3, d4 = _orient(a, b, c), _orient(a, b, d)
    return d1 * d2 < 0 and d3 * d4 < 0


def crossings(segments: list[Segment]) -> int:
    """Pairs of segments that cross, ignoring pairs that share an end (they meet at a node, not cross).

    >>> crossings([((0, 0), (2, 2)), ((0, 2), (2, 0)), ((0, 0), (0, 2))])
    1
    """
    count = 0
    for s, t in combinations(segments, 2):
        if {s[0], s[1]} & {t[0], t[1]}:
            continue
        if segments_cross(s, t):
            count += 1
    return count


def segment_hits_box(s: Segment, box: Box) -> bool:
    """True when the segment passes through (or inside) the box; Liang-Barsky clipping.

    >>> segment_hits_box(((0, 5), (10, 5)), (4, 4, 6, 6))
    True
    >>> segment_hits_box(((0, 0), (10, 0)), (4, 4, 6, 6))
    False
    """
    return hits(s[0], s[1], box)


def boxes_overlap(a: Box, b: Box, tolerance: float = 1.0) -> bool:
    """True when two boxes share more than a `tolerance`-pixel sliver in both directions.

    >>> boxes_overlap((0, 0, 10, 10), (9.5, 0, 20, 10)), boxes_overlap((0, 0, 10, 10), (5, 5, 20, 20))
    (False, True)
    """
    return min(a[2], b[2]) - max(a[0], b[0]) > tolerance and min(a[3], b[3]) - max(a[1], b[1]) > tolerance


def shrink(box: Box, by: float) -> Box:
    return (box[0] + by, box[1] + by, box[2] - by, box[3] - by)


@dataclass(frozen=True)
class Reading:
    """One view as drawn: what the browser reported, in rendered pixels."""

    zoom: float
    nodes: dict[str, dict]  # id → {x, y, font, label: Box | None}
    edges: list[dict]  # {source, target, label: Box | None}
    map_share: float


@dataclass(frozen=True)
class Figures:
    label_median: float
    label_min: float
    overlaps: int
    links: int
    through: int
    over_text: int
    crossings: int
    spring_crossings: int
    map_share: float

    @property
    def through_share(self) -> float:
        return self.through / self.links if self.links else 0.0


def unique_pairs(edges: list[dict]) -> list[tuple[str, str]]:
    """One undirected pair per linked couple: two links between the same ends are drawn side by side."""
    seen: dict[frozenset, tuple[str, str]] = {}
    for e in edges:
        if e["source"] != e["target"]:
            seen.setdefault(frozenset((e["source"], e["target"])), (e["source"], e["target"]))
    return list(seen.values())


def spring_crossings(nodes: list[str], pairs: list[tuple[str, str]], seeds=(1, 2, 3)) -> int:
    """Median crossings of a plain networkx spring layout of the same graph, over a few seeds."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(pairs)
    counts = []
    for seed in seeds:
        pos = nx.spring_layout(graph, seed=seed)
        counts.append(crossings([(tuple(pos[a]), tuple(pos[b])) for a, b in pairs]))
    return int(statistics.median(counts))


def figures(reading: Reading) -> Figures:
    nodes = reading.nodes
    labelled = {i: n for i, n in nodes.items() if n["label"] is not None}
    sizes = [n["font"] * reading.zoom for n in labelled.values()] or [0.0]
    overlaps = sum(
        1 for (_, a), (_, b) in combinations(labelled.items(), 2) if boxes_overlap(a["label"], b["label"])
    )
    through = 0
    for e in reading.edges:
        s = (
            (nodes[e["source"]]["x"], nodes[e["source"]]["y"]),
            (nodes[e["target"]]["x"], nodes[e["target"]]["y"]),
        )
        ends = {e["source"], e["target"]}
        # A 1 px margin: a line that grazes the text background is not running through the words.
        if any(segment_hits_box(s, shrink(n["label"], 1.0)) for i, n in labelled.items() if i not in ends):
            through += 1
    over_text = sum(
        1
        for e in reading.edges
        if e["label"] is not None and any(boxes_overlap(e["label"], n["label"]) for n in labelled.values())
    )
    pairs = unique_pairs(reading.edges)
    drawn = crossings([((nodes[a]["x"], nodes[a]["y"]), (nodes[b]["x"], nodes[b]["y"])) for a, b in pairs])
    return Figures(
        label_median=statistics.median(sizes),
        label_min=min(sizes),
        overlaps=overlaps,
        links=len(reading.edges),
        through=through,
        over_text=over_text,
        crossings=drawn,
        spring_crossings=spring_crossings(list(nodes), pairs),
        map_share=reading.map_share,
    )


# Runs in the page: the visible elements of the live map, in rendered (screen) pixels.
READ_JS = """() => {
  const box = document.getElementById('map');
  const cy = box._cyreg.cy;
  const asBox = b => (b && b.w > 0 && b.h > 0) ? [b.x1, b.y1, b.x2, b.y2] : null;
  const nodes = {};
  cy.nodes(':visible').not('.anchor').forEach(n => {
    const p = n.renderedPosition();
    const text = n.style('label');
    nodes[n.id()] = {
      x: p.x, y: p.y, font: parseFloat(n.style('font-size')),
      label: text ? asBox(n.renderedBoundingBox({includeLabels: true, includeNodes: false, includeOverlays: false,
                                                 includeUnderlays: false})) : null,
    };
  });
  const edges = [];
  cy.edges(':visible').forEach(e => {
    if (!(e.source().id() in nodes && e.target().id() in nodes)) return;
    const text = e.style('label');
    edges.push({
      source: e.source().id(), target: e.target().id(),
      label: text ? asBox(e.renderedBoundingBox({includeLabels: true, includeEdges: false, includeNodes: false,
                                                 includeOverlays: false, includeUnderlays: false})) : null,
    });
  });
  const r = box.getBoundingClientRect();
  const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
  const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
  return {zoom: cy.zoom(), nodes, edges, map_share: (w * h) / (innerWidth * innerHeight)};
}"""

# Waits until the map shows exactly the expected elements and the viewport has settled on them.
READY_JS = """expected => {
  const box = document.getElementById('map');
  const cy = box && box._cyreg && box._cyreg.cy;
  if (!cy) return false;
  const ids = cy.nodes(':visible').not('.anchor').map(n => n.id()).sort();
  if (ids.join('|') !== expected.join('|')) return false;
  const view = [cy.zoom(), cy.pan().x, cy.pan().y].map(v => v.toFixed(3)).join(',');
  const settled = box.dataset.legibilityView === view;
  box.dataset.legibilityView = view;
  return settled;
}"""


def expected_ids(dataset, layer: str) -> list[str]:
    """The element ids the view model shows for the dataset in this view: the map is ready when it shows them."""
    elements, _ = visible(dataset, ViewState(dataset=dataset.id, layer=layer))
    return sorted(e.id for e in elements)


def read_view(page, url: str, expected: list[str]) -> Reading:
    page.goto(url)
    # READY_JS calls the view settled on two equal viewport readings in a row, so it polls on an interval.
    page.wait_for_function(READY_JS, arg=expected, timeout=30000, polling=200)
    raw = page.evaluate(READ_JS)
    return Reading(zoom=raw["zoom"], nodes=raw["nodes"], edges=raw["edges"], map_share=raw["map_share"])


SIZES = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}
VIEWS = ("A", "B", "C", "all")


def table(rows: list[tuple[str, str, str, Figures]]) -> str:
    """A Markdown table, one row per window × dataset × view, with the sums of the counts at the end."""
    head = (
        "| window | dataset | view | label px (median / min) | label overlaps | links through labels | "
        "link labels over text | crossings (spring) | map % |"
    )
    lines = [head, "|" + "---|" * 9]
    for window, dataset, view, f in rows:
        lines.append(
            f"| {window} | {dataset} | {view} | {f.label_median:.1f} / {f.label_min:.1f} | {f.overlaps} | "
            f"{f.through}/{f.links} ({100 * f.through_share:.0f}%) | {f.over_text} | "
            f"{f.crossings} ({f.spring_crossings}) | {100 * f.map_share:.0f} |"
        )
    total = [r[3] for r in rows]
    lines.append(
        f"| **sum** | | | | {sum(f.overlaps for f in total)} | "
        f"{sum(f.through for f in total)}/{sum(f.links for f in total)} | {sum(f.over_text for f in total)} | "
        f"{sum(f.crossings for f in total)} ({sum(f.spring_crossings for f in total)}) | |"
    )
    return "\n".join(lines)


def measure(base_url: str, datasets, views, sizes, query: str = "", progress=None) -> list:
    """Open every window size × dataset × view in headless Chromium and read its figures."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("error: Debian chromium is not installed (apt-get install chromium)")
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for size in sizes:
                width, height = SIZES[size]
                page = browser.new_page(viewport={"width": width, "height": height})
                for dataset in datasets:
                    for view in views:
                        url = f"{base_url}/?dataset={dataset.id}&layer={view}" + (
                            f"&{query}" if query else ""
                        )
                        reading = read_view(page, url, expected_ids(dataset, view))
                        rows.append((size, dataset.id, view, figures(reading)))
                        if progress:
                            progress(f"{size} {dataset.id} {view}")
                page.close()
        finally:
            browser.close()
    return rows


def extra_query(query: str, projector: bool = False, compare: str | None = None) -> str:
    """The query string added to every view's URL.

    >>> extra_query("highlight=gaps", projector=True, compare="west")
    'highlight=gaps&projector=1&compare=west'
    """
    parts = [query] if query else []
    if projector:
        parts.append("projector=1")
    if compare:
        parts.append(f"compare={compare}")
    return "&".join(parts)


A4_WIDTH_PT = 16 / 2.54 * 72  # a layer image pasted 16 cm wide on an A4 page


def export_points(svg: str) -> tuple[float, float]:
    """Median and smallest element-label size, in points, of an exported SVG pasted 16 cm wide.

    Reads the image's width, the map group's scale and the label texts' font sizes (map_drawing's labels).

    >>> svg = ('<svg width="907" height="600"><g class="map" transform="translate(0,0) scale(0.5) translate(0,0)">'
    ...        '<g class="label"><text font-size="32.0">a</text></g><g class="label"><text font-size="40">b</text>'
    ...        '</g></g><g class="legend"></g></svg>')
    >>> export_points(svg)
    (9.0, 8.0)
    """
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg)[1])
    k = float(re.search(r'<g class="map" transform="[^"]*scale\(([\d.]+)\)', svg)[1])
    body = svg.split('<g class="map"', 1)[1].split('<g class="legend"', 1)[0]
    labels = re.findall(r'<g class="label"[^>]*>\s*(?:<rect[^>]*/>\s*)?<text[^>]*font-size="([\d.]+)"', body)
    sizes = sorted(float(x) * k * A4_WIDTH_PT / width for x in labels) or [0.0]
    return round(statistics.median(sizes), 1), round(sizes[0], 1)


def _cmd_legibility(args) -> int:
    catalog = load_catalog(Path(args.data))
    unknown = [d for d in args.datasets or () if d not in catalog.datasets]
    if unknown:
        raise SystemExit(f"error: no dataset {unknown[0]!r}; known: {', '.join(sorted(catalog.datasets))}")
    datasets = [catalog.datasets[i] for i in (args.datasets or list(catalog.datasets))]
    query = extra_query(args.query, args.projector, args.compare)
    if args.compare:  # a map is not compared with itself
        datasets = [d for d in datasets if d.id != args.compare]
    if args.export:  # no browser: the exported images are drawn in Python
        from explorer.outputs.images import render_svg
        from explorer.service import MapService

        service = MapService(catalog)
        print("| dataset | view | exported label pt at 16 cm (median / min) |\n|---|---|---|")
        for d in datasets:
            for view in args.views:
                median, smallest = export_points(render_svg(d, ViewState(dataset=d.id, layer=view), service))
                print(f"| {d.id} | {view} | {median} / {smallest} |")
        return 0
    server = None
    base = args.url
    if base is None:
        # python app.py in a subprocess: tools outside explorer/web/ talk to the app over HTTP only.
        server = AppProcess(Path(args.data))
        base = server.url
    try:
        rows = measure(
            base.rstrip("/"), datasets, args.views, args.sizes, query,
            progress=lambda s: print(s, file=sys.stderr),
        )  # fmt: skip
    finally:
        if server is not None:
            server.stop()
    print(table(rows))
    return 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register `legibility` with the `python -m explorer` command line."""
    p = subparsers.add_parser(
        "legibility", help="label sizes, overlaps, links through labels and crossings, from headless Chromium"
    )
    p.add_argument("--url", help="measure a running app (default: serve the data folder on a free port)")
    p.add_argument("--data", default=str(DEFAULT_DATA_DIR), help="data folder")
    p.add_argument("--datasets", nargs="*", help="dataset ids (default: every map)")
    p.add_argument("--views", nargs="*", default=list(VIEWS), choices=list(VIEWS))
    p.add_argument("--sizes", nargs="*", default=list(SIZES), choices=list(SIZES))
    p.add_argument("--query", default="", help="extra query string for every view, e.g. highlight=gaps")
    p.add_argument("--export", action="store_true", help="label sizes of the exported images at 16 cm, in pt")
    p.add_argument("--projector", action="store_true", help="measure projector mode (adds projector=1)")
    p.add_argument("--compare", help="measure the left map side by side with this dataset (adds compare=ID)")
    p.set_defaults(run=_cmd_legibility)
    return p
