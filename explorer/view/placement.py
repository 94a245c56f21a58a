"""Placing an imported map's own elements around the shared ones, at run time, in bounded time and memory.

The same engine as the shared plan (explorer/view/layout.py), cut to what a request can afford:
igraph's Fruchterman-Reingold layout with the known elements pinned (its grid variant keeps time and memory
linear in the size of the map, so a 20,000-element import needs no n × n matrix and no scipy), then each new
element to the nearest free cell of the label-sized lattice, then, for maps small enough, the lattice
search over the new elements only.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable

import igraph as ig

from explorer.view.lattice import CELL, Board, Cell, cell_point, label_box, nearest_cell
from explorer.view.styles import scale_for

Point = tuple[float, float]
RATIO = CELL[1] / CELL[0]
SEARCH_MAX = 150  # new elements up to which the lattice search runs (its cost grows with links × links)
REACH = 12  # rings of cells searched for a free one before an element goes to the overflow rows
ROOM = 2.0  # cells per new element: the layout is spread to at least this, so free cells stay near


def _iterations(size: int) -> int:
    """Fewer iterations for bigger maps, so a request stays within seconds."""
    return max(30, min(300, 150_000 // max(size, 1)))


GRID_FROM = 300  # elements from which the grid variant runs: linear time per iteration instead of n²


def place_around(
    ids: list[str],
    links: Iterable[tuple[str, str]],
    known: dict[str, Point],
    labels: dict[str, str],
    avoid: Iterable[Point] = (),
) -> dict[str, Point]:
    """Positions for every id: the known ones exactly, the rest on free lattice cells near their neighbours.

    `avoid`: places of shared elements this map does not show; a new element never takes one, so toggling to
    another area never shows two different elements in one place.

    >>> pos = place_around(["a", "b", "c"], [("a", "b"), ("b", "c")], {"a": (0.0, 0.0)}, {})
    >>> pos["a"], len(set(pos.values()))
    ((0.0, 0.0), 3)
    """
    index = {i: k for k, i in enumerate(ids)}
    pairs = [(index[a], index[b]) for a, b in links if a in index and b in index and a != b]
    missing = [i for i in ids if i not in known]
    points = _force(ids, pairs, known, index)
    blocked = {nearest_cell(p) for p in (*known.values(), *avoid)}
    cells = _snap(ids, missing, points, blocked, pairs, index)
    if 0 < len(missing) <= SEARCH_MAX and len(pairs) <= 8 * SEARCH_MAX:
        cells = _search(ids, pairs, known, cells, labels, blocked)
    out = dict(known)
    out.update({i: cell_point(cells[i]) for i in missing})
    return {i: out[i] for i in ids}


def _force(ids, pairs, known, index) -> list[Point]:
    """igraph's Fruchterman-Reingold in column units, known elements pinned; new ones start on a square."""
    n = len(ids)
    side = math.ceil(math.sqrt(max(n - len(known), 1) * ROOM))
    if known:
        xs = [p[0] / CELL[0] for p in known.values()]
        ys = [p[1] / CELL[0] for p in known.values()]
        x0, y0 = (min(xs) + max(xs)) / 2 - side / 2, max(ys) + 1.0
    else:
        x0 = y0 = 0.0
    start, lo_x, hi_x, lo_y, hi_y = [], [], [], [], []
    free = 0
    far = 1e6
    for i in ids:
        if i in known:
            x, y = known[i][0] / CELL[0], known[i][1] / CELL[0]
            start.append((x, y))
            lo_x.append(x), hi_x.append(x), lo_y.append(y), hi_y.append(y)
        else:
            row, col = divmod(free, side)
            free += 1
            start.append((x0 + col, y0 + row * RATIO))
            lo_x.append(-far), hi_x.append(far), lo_y.append(-far), hi_y.append(far)
    if not pairs:
        return start
    g = ig.Graph(n=n, edges=pairs)
    ig.set_random_number_generator(random.Random(7))  # igraph draws from Python's random: seed it
    try:
        layout = g.layout_fruchterman_reingold(
            niter=_iterations(n), seed=start, grid=n > GRID_FROM,
            minx=lo_x, maxx=hi_x, miny=lo_y, maxy=hi_y,
        )  # fmt: skip
    finally:
        ig.set_random_number_generator(random)
    points = [(float(x), float(y)) for x, y in layout.coords]
    return _spread(points, [index[i] for i in ids if i not in known], side)


def _spread(points: list[Point], new: list[int], side: int) -> list[Point]:
    """Spread the new elements about their centre until they have room (the force layout packs them)."""
    if len(new) < 2:
        return points
    xs = [points[k][0] for k in new]
    ys = [points[k][1] for k in new]
    # Each side at least one column: a layout in one line (a path of three) has no area, and dividing by
    # next to nothing threw its elements millions of units apart.
    area = max(max(xs) - min(xs), 1.0) * max(max(ys) - min(ys), 1.0)
    grow = max(1.0, math.sqrt(side * side * RATIO / area))
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    out = list(points)
    for k in new:
        out[k] = (cx + (points[k][0] - cx) * grow, cy + (points[k][1] - cy) * grow)
    return out


def _ring(centre: Cell, radius: int):
    """The cells at Chebyshev distance `radius` from centre, in a fixed order."""
    cx, cy = centre
    if radius == 0:
        yield centre
        return
    for dx in range(-radius, radius + 1):
        yield (cx + dx, cy - radius)
        yield (cx + dx, cy + radius)
    for dy in range(-radius + 1, radius):
        yield (cx - radius, cy + dy)
        yield (cx + radius, cy + dy)


def _snap(ids, missing, points, blocked, pairs, index) -> dict[str, Cell]:
    """Each new element to the nearest free cell, best-linked first; past REACH rings, to overflow rows."""
    degree = [0] * len(ids)
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    taken: set[Cell] = set(blocked)
    out: dict[str, Cell] = {}
    late: list[str] = []
    for i in sorted(missing, key=lambda i: (-degree[index[i]], index[i])):
        x, y = points[index[i]]
        centre = nearest_cell((x * CELL[0], y * CELL[0]))
        cell = next((c for r in range(REACH + 1) for c in _ring(centre, r) if c not in taken), None)
        if cell is None:
            late.append(i)
            continue
        taken.add(cell)
        out[i] = cell
    if late:  # a dense knot of new elements: the rest go in rows below everything, in their order
        bottom = max(c[1] for c in taken) + 1
        left = min(c[0] for c in taken)
        columns = max(4, math.ceil(math.sqrt(len(late) * 2)))
        for k, i in enumerate(late):
            row, col = divmod(k, columns)
            out[i] = (left + col, bottom + row)
    return out


def _search(ids, pairs, known, cells, labels, blocked) -> dict[str, Cell]:
    """The lattice search over the new elements, the known ones fixed where they are."""
    place = [nearest_cell(known[i]) if i in known else cells[i] for i in ids]
    cols = [c[0] for c in place]
    rows = [c[1] for c in place]
    extent = ((max(cols) - min(cols) + 1) * CELL[0], (max(rows) - min(rows) + 1) * CELL[1])
    scale = scale_for(*extent, cell=CELL)
    room = [
        (c, r)
        for c in range(min(cols) - 1, max(cols) + 2)
        for r in range(min(rows) - 1, max(rows) + 2)
        if (c, r) not in blocked
    ]
    board = Board(
        ids=list(ids),
        boxes=[label_box(labels.get(i, i), scale) for i in ids],
        masks=[1] * len(ids),
        edges=[(a, b, 1) for a, b in pairs],
        allowed=[[place[k]] if i in known else room for k, i in enumerate(ids)],
        fixed={k for k, i in enumerate(ids) if i in known},
    )
    better = board.improve(place, passes=3)
    return {i: better[k] for k, i in enumerate(ids) if i not in known}
