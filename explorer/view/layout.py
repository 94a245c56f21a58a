"""The shared positions: one plan per view over the union of every dataset, drawn as bands on a lattice.

Each view has a structure a room learns in a minute:

- A (funding and commissioning) reads top-down: national bodies and money, then regional and NHS
  commissioners, then local commissioners and the ways they work, then the services they fund;
- B (interface): the strategic groups in a row above the services and bodies that sit on them;
- C (services): services grouped by sector, each sector a run of neighbouring cells, with the population
  groups in a band of their own below;
- All stacks the layers: A above B above C (an element in several sits in the one it has most links in).

igraph's Sugiyama layout (barycentre crossing reduction across the bands) decides the order within each
band and the order of the sectors; the lattice search (explorer/view/lattice.py) then moves elements between
the cells their band allows, to remove crossings and links through labels, and a last pass shifts each
element a little off its cell's point where a straight link then clears a label. Label boxes are the
browser's (lattice.label_box), at projector mode's and the page's sizes. docs/legibility.md has the
figures for the engines tried.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace

import igraph as ig

from explorer.data.model import Dataset, Element
from explorer.data.vocab import ElementType, Sector
from explorer.view.lattice import (
    CELL,
    CHAR,
    STAGGER,
    W_APART,
    W_THROUGH,
    Board,
    Cell,
    cell_point,
    label_box,
)
from explorer.view.mapmodel import visible
from explorer.view.sizing import view_scale
from explorer.view.state import ViewState
from explorer.view.styles import Scale

Point = tuple[float, float]
VIEWS = ("A", "B", "C", "all")
SLACK = 0.2  # free cells per element in a band, so the search has room to move links off labels
# C's 29 elements on the 8 columns an exported image allows: 0.2 gives seven rows, whose search kept links off
# labels by crossing 100 times over the four maps; 0.1 gives six, crossing 77 (spring 70) with 22 through labels.
SLACK_OF = {"C": 0.1}
ANNEAL_STEPS = 800  # annealing steps per element
SEEDS = (11, 12)  # annealing runs per grid: the search is greedy enough that a second start often does better
# True holds each sector to its own run of cells (the first engine tried: it crossed far more, see
# docs/legibility.md); False lets the sector hubs of the force layout keep sectors together instead.
STRICT_RUNS = False


@dataclass
class ViewGraph:
    """The union of what the datasets show in one view, with a bit per dataset on each element and link."""

    elements: dict[str, Element]
    masks: dict[str, int]
    links: dict[tuple[str, str], int]  # (source, target) in first-seen order → datasets showing the pair


def view_graph(datasets: list[Dataset], view: str, unshown: tuple[Dataset, ...] = ()) -> ViewGraph:
    """`unshown` datasets (the reference pathway) need places but are never drawn as a map: they weigh nothing."""
    elements: dict[str, Element] = {}
    masks: dict[str, int] = {}
    links: dict[tuple[str, str], int] = {}
    pair_of: dict[frozenset, tuple[str, str]] = {}
    for bit, dataset in enumerate([*datasets, *unshown]):
        shown, connections = visible(dataset, ViewState(dataset=dataset.id, layer=view))
        if bit >= len(datasets):
            bit = 64  # a bit beyond the drawn ones: the element is placed, its links weigh nothing
            connections = []
        for e in shown:
            known = elements.get(e.id)
            if known is None or len(e.label) > len(known.label):
                elements[e.id] = e
            masks[e.id] = masks.get(e.id, 0) | 1 << bit
        for c in connections:
            if c.source == c.target:
                continue
            pair = pair_of.setdefault(frozenset((c.source, c.target)), (c.source, c.target))
            links[pair] = links.get(pair, 0) | 1 << bit
    return ViewGraph(elements, masks, links)


def rank(element: Element, view: str) -> int:
    """Which band of the view an element sits in, top to bottom."""
    if view == "A":
        if element.sector is Sector.NATIONAL:
            return 0
        if element.type in (ElementType.SERVICE, ElementType.POPULATION_GROUP):
            return 3
        if element.sector in (Sector.REGIONAL, Sector.NHS):
            return 1
        return 2
    if view == "B":
        return 0 if element.type in (ElementType.STRATEGIC_GROUP, ElementType.REVIEW) else 1
    return 1 if element.type is ElementType.POPULATION_GROUP else 0


@dataclass
class Band:
    members: list[str]  # in the seed order, left to right
    runs: bool = False  # elements keep to their sector's run of cells


def _sugiyama_x(graph: ViewGraph, ids: list[str], layers: list[int]) -> dict[str, float]:
    """Where igraph's Sugiyama layout puts each element across its layer (crossing-reduced order)."""
    index = {i: k for k, i in enumerate(ids)}
    g = ig.Graph(n=len(ids), edges=[(index[a], index[b]) for a, b in graph.links], directed=True)
    layout = g.layout_sugiyama(layers=layers, maxiter=200)
    return {i: layout[index[i]][0] for i in ids}


def bands_for(graph: ViewGraph, view: str, primary: dict[str, str] | None = None) -> list[Band]:
    """The view's bands, top to bottom, each in igraph's crossing-reduced order."""
    ids = sorted(graph.elements)
    if view == "all":
        # One band per layer; within C the sectors keep together (the hub pull in _fr_seed).
        def level(i: str) -> int:
            return "ABC".index((primary or {}).get(i, "C"))

        levels = {i: level(i) for i in ids}
    else:
        levels = {i: rank(graph.elements[i], view) for i in ids}
    used = sorted(set(levels.values()))
    dense = {v: k for k, v in enumerate(used)}
    x = _sugiyama_x(graph, ids, [dense[levels[i]] for i in ids])
    bands = []
    for value in used:
        members = sorted((i for i in ids if levels[i] == value), key=lambda i: (x[i], i))
        runs = (view == "C" and value == 0) or (view == "all" and value == 2)
        bands.append(Band(members, runs))
    return bands


def drawn(element: Element) -> str:
    """The label the map draws for an element (its short label where it has one)."""
    return element.map_label


@dataclass
class Grid:
    """How a view is laid on the lattice: its columns, each band's rows, and the label sizes planned for."""

    columns: int
    rows: list[int]  # per band, top to bottom
    scales: tuple[Scale, ...]  # projector mode's and the page's sizes at their target label size, this extent
    free: int = 0  # cells no label needs

    @property
    def scale(self) -> Scale:
        """Projector mode's sizes (the ones the grid's rows are counted for)."""
        return self.scales[0]


def planning_scales(view: str, columns: int, rows: int, longest: int) -> tuple[Scale, Scale]:
    """The sizes a view that spans `columns` × `rows` cells is drawn at, in projector mode and on the page:
    labels at each one's target size once fitted (sizing.view_scale, before any room check)."""
    box = (0.0, 0.0, (columns - 1) * CELL[0], (rows - 1) * CELL[1] + STAGGER)
    return tuple(view_scale(box, ViewState(projector=p, layer=view), longest) for p in (True, False))


def plan_box(label: str, scales: tuple[Scale, ...], view: str = ""):
    """The box a label covers at any of the sizes, and in All a little smaller (All drawn over fewer cells
    than its grid's is zoomed in, so its text is smaller in model units): smaller text wraps wider."""
    fonts = FONT_RANGE.get(view, (1.0,))
    boxes = [label_box(label, replace(s, font=s.font * k)) for s in scales for k in fonts]
    return tuple(f(b[k] for b in boxes) for k, f in enumerate((min, min, max, max)))


def cells_for(label: str, scales: tuple[Scale, ...], view: str = "") -> int:
    """How many cells down a column a label takes at these sizes: the cells under a tall label stay free."""
    box = plan_box(label, scales, view)
    return max(1, math.ceil((box[3] - box[1]) / CELL[1]))


def grids_for(graph: ViewGraph, bands: list[Band], view: str, longest: int) -> list[Grid]:
    """The grids worth planning a view on at 1280×720 in projector mode, widest-wrapping first.

    For each column count, the fewest rows in which every band's labels fit at the target size (a tall label
    takes the cells below it, and SLACK free cells per element give the search room), counting that more rows
    make a taller map, a smaller zoom and so bigger text in model units. Kept: up to CANDIDATES counts with
    at least WRAP_FLOOR characters a line and FREE free cells per element, widest-wrapping first (fewer lines
    is what a room reads); the plan takes the one whose search ends cheapest."""
    options = []
    for columns in range(3, 16):
        for total in range(len(bands), 16):
            scales = planning_scales(view, columns, total, longest)
            scale = scales[0]
            demand = [
                sum(cells_for(drawn(graph.elements[i]), scales, view) for i in b.members) for b in bands
            ]
            rows = [
                max(1, math.ceil((d + SLACK_OF.get(view, SLACK) * len(b.members)) / columns))
                for d, b in zip(demand, bands, strict=True)
            ]
            if sum(rows) <= total:
                rows[max(range(len(bands)), key=lambda k: (len(bands[k].members), -k))] += total - sum(rows)
                grid = Grid(columns, rows, scales, columns * total - sum(demand))
                options.append((int(scale.text_width / (CHAR * scale.font)), grid))
                break
    roomy = [
        (per, g)
        for per, g in options
        if per >= WRAP_FLOOR
        and g.free >= FREE * len(graph.elements)
        and (view == "all" or g.columns <= PRINT_COLUMNS)
    ]
    roomy.sort(key=lambda o: (-o[0], o[1].columns))
    return [g for _, g in roomy[:CANDIDATES]] or [max(options, key=lambda o: o[0])[1]]


WRAP_FLOOR = 10  # characters a line below which a label reads as a column of fragments
FREE = 0.25  # free cells per element, at least, so the search can move links off labels
CANDIDATES = 3  # grids planned per view; the cheapest plan is kept
# A layer's exported image, pasted 16 cm wide, keeps 8 pt labels up to this many columns (tests/test_print_size.py:
# C on 9 columns printed at 7.1 pt).
PRINT_COLUMNS = 8
# B's two bands have room to keep links off labels anyway (the last pass, Board.nudge, shifts them off): a
# link through a label weighs there what a crossing does, or the search crossed 17 times where spring does once.
THROUGH = {"B": 0.25 * W_THROUGH}
# Label boxes are planned at these fractions of each target font too (plan_box). Only in All: in C the wider
# boxes cost 24 more crossings over the four maps and more links through labels (docs/legibility.md).
FONT_RANGE = {"all": (0.85, 1.0)}


def _serpentine(top: int, rows: int, columns: int) -> list[Cell]:
    """A band's cells column by column, down one column and up the next, so a run stays in one piece."""
    out = []
    for col in range(columns):
        span = range(top, top + rows) if col % 2 == 0 else range(top + rows - 1, top - 1, -1)
        out.extend((col, row) for row in span)
    return out


def _run_cells(band: Band, elements: dict[str, Element], top: int, rows: int, columns: int):
    """Each sector's run of cells along the band, in the order igraph gave the sectors."""
    members = band.members
    mean: dict[Sector, list[int]] = {}
    for k, i in enumerate(members):
        mean.setdefault(elements[i].sector, []).append(k)
    sectors = sorted(mean, key=lambda s: (sum(mean[s]) / len(mean[s]), s.value))
    cells = _serpentine(top, rows, columns)
    sizes = {s: len(mean[s]) for s in sectors}
    spare = len(cells) - len(members)
    # Spare cells go to the biggest sectors first: they have the most links to untangle.
    extra = dict.fromkeys(sectors, 0)
    for k in range(spare):
        extra[sorted(sectors, key=lambda s: (-sizes[s], s.value))[k % len(sectors)]] += 1
    runs: dict[Sector, list[Cell]] = {}
    at = 0
    for s in sectors:
        runs[s] = cells[at : at + sizes[s] + extra[s]]
        at += sizes[s] + extra[s]
    return sectors, runs


def board_for(graph: ViewGraph, bands: list[Band], grid: Grid, view: str = "") -> tuple[Board, list[Cell]]:
    """The lattice problem for a view, and a first placement from the band orders."""
    columns = grid.columns
    ids = [i for b in bands for i in b.members]
    index = {i: k for k, i in enumerate(ids)}
    allowed: list[list[Cell]] = [[] for _ in ids]
    seed: list[Cell] = [(0, 0)] * len(ids)
    top = 0
    for band, rows in zip(bands, grid.rows, strict=True):
        if band.runs and STRICT_RUNS:
            sectors, runs = _run_cells(band, graph.elements, top, rows, columns)
            for s in sectors:
                mine = [i for i in band.members if graph.elements[i].sector is s]
                for k, i in enumerate(mine):
                    allowed[index[i]] = runs[s]
                    seed[index[i]] = runs[s][k]
        else:
            cells = [(c, r) for r in range(top, top + rows) for c in range(columns)]
            per_row = math.ceil(len(band.members) / rows)
            for k, i in enumerate(band.members):
                row, col = divmod(k, per_row)
                in_row = min(per_row, len(band.members) - row * per_row)
                allowed[index[i]] = cells
                seed[index[i]] = (col + (columns - in_row) // 2, top + row)
        top += rows
    board = Board(
        ids=ids,
        boxes=[plan_box(drawn(graph.elements[i]), grid.scales, view) for i in ids],
        masks=[graph.masks[i] for i in ids],
        edges=[(index[a], index[b], m) for (a, b), m in graph.links.items()],
        allowed=allowed,
        apart=W_APART,
        through=THROUGH.get(view, W_THROUGH),
    )
    return board, seed


def _fr_seed(graph: ViewGraph, bands: list[Band], grid: Grid) -> dict[str, Point]:
    """igraph's Fruchterman-Reingold layout with each band held to its rows, and a hidden hub per sector
    in the sector bands pulling a sector's services together: places in lattice units (column, row)."""
    columns = grid.columns
    ids = [i for b in bands for i in b.members]
    index = {i: k for k, i in enumerate(ids)}
    edges = [(index[a], index[b]) for a, b in graph.links]
    weights = [float(m.bit_count()) for m in graph.links.values()]
    miny, maxy, start = [], [], []
    top = 0
    hubs: dict[tuple[int, Sector], int] = {}
    for k, (band, rows) in enumerate(zip(bands, grid.rows, strict=True)):
        for n, i in enumerate(band.members):
            miny.append(top * RATIO)
            maxy.append((top + rows - 1) * RATIO)
            start.append(((n + 0.5) * columns / len(band.members), (top + (rows - 1) / 2) * RATIO))
            if band.runs:
                hub = hubs.setdefault((k, graph.elements[i].sector), len(ids) + len(hubs))
                edges.append((index[i], hub))
                weights.append(SECTOR_PULL)
        top += rows
    for (k, _sector), _hub in sorted(hubs.items(), key=lambda kv: kv[1]):
        members = [index[i] for i in bands[k].members]
        miny.append(min(miny[m] for m in members))
        maxy.append(max(maxy[m] for m in members))
        start.append((columns / 2, miny[-1]))
    n = len(start)
    g = ig.Graph(n=n, edges=edges)
    ig.set_random_number_generator(random.Random(7))  # igraph draws from Python's random: seed it
    try:
        layout = g.layout_fruchterman_reingold(
            weights=weights, niter=1500, seed=start, minx=[0.0] * n, maxx=[columns - 1.0] * n,
            miny=miny, maxy=maxy, grid=False,
        )  # fmt: skip
    finally:
        ig.set_random_number_generator(random)
    return {i: (layout[index[i]][0], layout[index[i]][1] / RATIO) for i in ids}


RATIO = CELL[1] / CELL[0]  # a row is this many columns tall
SECTOR_PULL = 0.6  # a hub edge pulls less than a link shown in one area


def snap(points: dict[str, Point], allowed: dict[str, list[Cell]], order: list[str]) -> dict[str, Cell]:
    """Each element to the nearest free cell it may take, best-linked first (lattice units in, cells out)."""
    taken: set[Cell] = set()
    out: dict[str, Cell] = {}
    for i in order:
        x, y = points[i]
        free = [c for c in allowed[i] if c not in taken]
        cell = min(free, key=lambda c: ((c[0] - x) ** 2 + ((c[1] - y) * RATIO) ** 2, c))
        taken.add(cell)
        out[i] = cell
    return out


def plan_view(
    graph: ViewGraph, view: str, primary: dict[str, str] | None = None, longest: int | None = None
) -> dict[str, Point]:
    """`longest`: the longest label the page allows room for below the map (sizing.anchor_corners)."""
    bands = bands_for(graph, view, primary)
    if longest is None:
        longest = max((len(drawn(e)) for e in graph.elements.values()), default=20)
    best: tuple[float, Board, list[Cell]] | None = None
    for grid in grids_for(graph, bands, view, longest):
        board, _ = board_for(graph, bands, grid, view)
        points = _fr_seed(graph, bands, grid)
        order = sorted(board.ids, key=lambda i: (-len(board.incident[board.ids.index(i)]), i))
        cells = snap(points, dict(zip(board.ids, board.allowed, strict=True)), order)
        for seed in SEEDS:
            place = board.anneal(
                [cells[i] for i in board.ids], steps=ANNEAL_STEPS * len(board.ids), seed=seed
            )
            cost = board.cost(place)
            if best is None or cost < best[0]:
                best = (cost, board, place)
    _, board, place = best
    points = board.nudge(place, NUDGES_OF.get(view, NUDGES)) if NUDGE else [cell_point(c) for c in place]
    return dict(zip(board.ids, points, strict=True))


# The shifts off its cell an element may take in the last pass (Board.nudge): up to 90 units across and 45 down
# or up, so it stays nearer its own cell than any other (placement.py finds shared places by their cell) and
# A's bands stay apart.
NUDGE = True
NUDGES = [(dx, dy) for dx in range(-90, 91, 30) for dy in range(-45, 46, 15)]
# C's exported image keeps 8 pt labels only if neighbours stay a whole cell apart across (its labels wrap at
# the spacing, outputs/map_drawing.label_widths): C's elements shift up or down only.
NUDGES_OF = {"C": [(0, dy) for dy in range(-45, 46, 15)]}


def plan_positions(
    datasets: list[Dataset], unshown: tuple[Dataset, ...] = (), views: tuple[str, ...] = VIEWS
) -> dict[str, dict[str, Point]]:
    """Positions per view ('all', 'A', 'B', 'C') over the union of the datasets: one place per element per view.

    Elements shown in no single layer view (an end of a link that the layer shows, say) take their 'all'
    place there, as the catalog falls back to it.
    """
    from explorer.view.positions import primary_layer

    graphs = {view: view_graph(datasets, view, unshown) for view in VIEWS}
    primary = {i: primary_layer(i, [*datasets, *unshown]) for i in graphs["all"].elements}
    longest = max((len(drawn(e)) for d in datasets for e in d.elements), default=20)  # as the page's
    plan = {}
    for view in views:
        plan[view] = plan_view(graphs[view], view, primary if view == "all" else None, longest)
    return plan
