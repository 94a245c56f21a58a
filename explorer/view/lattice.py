"""A lattice of label-sized cells, and a local search that moves elements between cells to untangle a map.

Why a lattice: the stylesheet wraps a label at 94 % of a cell's width, so two elements in neighbouring
columns never have overlapping labels. Rows are shorter than the tallest label at the size a projector needs
(a room reads a wide, short map: fewer rows mean bigger text), so a tall label needs the cell below it free:
the search weighs overlapping labels (`Board.apart`) far above anything else and leaves those cells empty.
It then weighs what a room notices: links that cross, links that run through another element's label (or
over its node), and links that run far.

Every count is weighted by the datasets that show it: each element and link carries a bit mask of the
datasets (areas) it appears in, so the cost is the sum over the areas of what each area's map would show.
The search is deterministic: fixed orders, ties broken by cell, no randomness.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from explorer.view.styles import Scale

Point = tuple[float, float]
Cell = tuple[int, int]  # (column, row)
Box = tuple[float, float, float, float]  # x1, y1, x2, y2

CELL = (300.0, 150.0)  # model units per cell; the stylesheet sizes labels to fit a cell
STAGGER = (
    CELL[1] / 4
)  # odd columns sit a little lower, so a link along a row does not run over its neighbours

# What a room notices most is a link that seems to end at the wrong element: a link through a label weighs
# more than a crossing. Length only breaks ties and keeps the map compact.
W_CROSS = 1.0
W_THROUGH = 4.0
W_LENGTH = 0.04
# Two labels drawn over each other are never worth it: an overlap outweighs any number of crossings it saves.
W_APART = 60.0


def cell_point(cell: Cell) -> Point:
    """Where an element on a cell is drawn.

    >>> cell_point((0, 0)), cell_point((1, 2))
    ((0.0, 0.0), (300.0, 337.5))
    """
    col, row = cell
    return (col * CELL[0], row * CELL[1] + (col % 2) * STAGGER)


def nearest_cell(point: Point) -> Cell:
    """The cell whose drawn place is nearest the point (inverse of cell_point for lattice points).

    >>> nearest_cell((300.0, 337.5)), nearest_cell((-10.0, 20.0))
    ((1, 2), (0, 0))
    """
    col = round(point[0] / CELL[0])
    return (col, round((point[1] - (col % 2) * STAGGER) / CELL[1]))


def wrapped_lines(label: str, per_line: int) -> list[str]:
    """The label wrapped at spaces as the renderer does, at most `per_line` characters a line.

    >>> wrapped_lines("Parents who use abusive behaviour", 16)
    ['Parents who use', 'abusive', 'behaviour']
    """
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


CHAR = 0.56  # average glyph width in ems for the label font (a little wide, to err on the safe side)
LINE = 1.25  # line height in ems


def label_box(label: str, scale: Scale) -> Box:
    """The box an element covers, node and label below it, relative to the element's centre.

    >>> from explorer.view.styles import Scale
    >>> label_box("Schools", Scale(font=30.0, node=40.0, edge=2.0, text_width=282.0))
    (-58.8, -20.0, 58.8, 71.0)
    """
    per_line = max(1, int(scale.text_width / (CHAR * scale.font)))
    lines = wrapped_lines(label, per_line)
    half = max(scale.node / 2, min(scale.text_width, max(map(len, lines)) * CHAR * scale.font) / 2)
    bottom = scale.node / 2 + scale.font * (0.25 + 0.2 + LINE * len(lines))
    return (-round(half, 1), -scale.node / 2, round(half, 1), round(bottom, 1))


def _orient(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    """True when segments ab and cd cross at a point inside both."""
    return _orient(c, d, a) * _orient(c, d, b) < 0 and _orient(a, b, c) * _orient(a, b, d) < 0


def hits(a: Point, b: Point, box: Box) -> bool:
    """True when segment ab passes through the box (Liang-Barsky clipping)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - box[0]), (dx, box[2] - a[0]), (-dy, a[1] - box[1]), (dy, box[3] - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return False
    return True


@dataclass
class Board:
    """One view to place: its elements, their boxes, the links, and the cells each element may take."""

    ids: list[str]
    boxes: list[Box]  # relative to the element's centre (label_box)
    masks: list[int]  # bit d set: dataset d shows the element
    edges: list[tuple[int, int, int]]  # (end, end, mask of the datasets that show the link)
    allowed: list[list[Cell]]  # cells each element may take (its band, its sector's run)
    fixed: set[int] = field(default_factory=set)  # elements that keep their cell (known places)
    # Weight of a pair of overlapping boxes, whichever datasets show them (the labels are sized over every
    # area, sizing.label_room): 0 where the cells alone keep labels apart.
    apart: float = 0.0
    through: float = W_THROUGH  # weight of a link through another element's node or label

    def __post_init__(self) -> None:
        self.incident: list[list[int]] = [[] for _ in self.ids]
        for k, (u, v, _) in enumerate(self.edges):
            self.incident[u].append(k)
            self.incident[v].append(k)

    def _local(self, pts: list[Point], moved: tuple[int, ...]) -> float:
        """The part of the cost that depends on where the `moved` elements are."""
        edges, masks, boxes = self.edges, self.masks, self.boxes
        touched = sorted({k for i in moved for k in self.incident[i]})
        mine = set(touched)
        cost = 0.0
        for k in touched:
            u, v, m = edges[k]
            a, b = pts[u], pts[v]
            ax, ay, bx, by = a[0], a[1], b[0], b[1]
            dx, dy = bx - ax, by - ay
            for j, (s, t, n) in enumerate(edges):
                if (j in mine and j <= k) or not (m & n) or s in (u, v) or t in (u, v):
                    continue
                (cx, cy), (ex, ey) = pts[s], pts[t]
                # the two ends of one segment on opposite sides of the other, both ways round
                if (dx * (cy - ay) - dy * (cx - ax)) * (dx * (ey - ay) - dy * (ex - ax)) >= 0:
                    continue
                fx, fy = ex - cx, ey - cy
                if (fx * (ay - cy) - fy * (ax - cx)) * (fx * (by - cy) - fy * (bx - cx)) < 0:
                    cost += W_CROSS * (m & n).bit_count()
            for w, box in enumerate(boxes):
                if w in (u, v) or not (m & masks[w]):
                    continue
                p = pts[w]
                if hits(a, b, (p[0] + box[0], p[1] + box[1], p[0] + box[2], p[1] + box[3])):
                    cost += self.through * (m & masks[w]).bit_count()
            length = ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 / CELL[0]
            cost += W_LENGTH * length * m.bit_count()
        for w in moved:
            p, box = pts[w], boxes[w]
            area = (p[0] + box[0], p[1] + box[1], p[0] + box[2], p[1] + box[3])
            for k, (s, t, n) in enumerate(edges):
                if k in mine or not (n & masks[w]) or w in (s, t):
                    continue
                if hits(pts[s], pts[t], area):
                    cost += self.through * (n & masks[w]).bit_count()
            if self.apart:
                for x, (q, other) in enumerate(zip(pts, boxes, strict=True)):
                    if x == w or (x in moved and x < w):
                        continue
                    if min(area[2], q[0] + other[2]) > max(area[0], q[0] + other[0]) and min(
                        area[3], q[1] + other[3]
                    ) > max(area[1], q[1] + other[1]):
                        cost += self.apart
        return cost

    def _blocked(self, j: int | None, here: Cell, allowed_sets: list[set[Cell]]) -> bool:
        """Whether the element in the target cell (if any) may not trade places with the one at `here`."""
        return j is not None and (j in self.fixed or here not in allowed_sets[j])

    def _trial(self, pts: list[Point], i: int, j: int | None, here: Cell, cell: Cell) -> float:
        """How the cost changes if element i moves from `here` to `cell` (and j, there, to `here`);
        `pts` is left as it was."""
        moved = (i,) if j is None else (i, j)
        before = self._local(pts, moved)
        pts[i] = cell_point(cell)
        if j is not None:
            pts[j] = cell_point(here)
        delta = self._local(pts, moved) - before
        pts[i] = cell_point(here)
        if j is not None:
            pts[j] = cell_point(cell)
        return delta

    def cost(self, place: list[Cell]) -> float:
        """The whole cost of a placement (for reports and tests; the search uses differences)."""
        pts = [cell_point(c) for c in place]
        return self._local(pts, tuple(range(len(self.ids)))) if self.ids else 0.0

    def anneal(self, place: list[Cell], steps: int = 20000, seed: int = 11, reach: int = 3) -> list[Cell]:
        """Simulated annealing over moves and swaps, then `improve`: escapes the local minima a greedy search
        stops in (a row of links that only untangles if two elements trade places and a third moves).

        Seeded, so the same input always gives the same placement.
        """
        rng = random.Random(seed)
        place = list(place)
        pts = [cell_point(c) for c in place]
        taken = {c: i for i, c in enumerate(place)}
        allowed_sets = [set(a) for a in self.allowed]
        movable = [i for i in range(len(self.ids)) if i not in self.fixed and len(self.allowed[i]) > 1]
        if not movable:
            return place
        hot, cold = 12.0, 0.3
        for step in range(steps):
            temperature = hot * (cold / hot) ** (step / steps)
            i = movable[rng.randrange(len(movable))]
            here = place[i]
            near = [c for c in self.allowed[i] if c != here and abs(c[0] - here[0]) <= reach
                    and abs(c[1] - here[1]) <= reach]  # fmt: skip
            if not near:
                continue
            cell = near[rng.randrange(len(near))]
            j = taken.get(cell)
            if self._blocked(j, here, allowed_sets):
                continue
            delta = self._trial(pts, i, j, here, cell)
            if delta <= 0 or rng.random() < math.exp(-delta / temperature):
                del taken[here]
                place[i], pts[i], taken[cell] = cell, cell_point(cell), i
                if j is not None:
                    place[j], pts[j], taken[here] = here, cell_point(here), j
        return self.improve(place, reach=reach)

    def improve(self, place: list[Cell], passes: int = 8, reach: int = 3) -> list[Cell]:
        """Move or swap elements, one at a time, while that lowers the cost.

        Each element tries every allowed cell within `reach` columns and rows of where it is: empty ones by
        moving, taken ones by swapping (when the other may take its cell). The best change is kept.
        """
        place = list(place)
        pts = [cell_point(c) for c in place]
        taken = {c: i for i, c in enumerate(place)}
        allowed_sets = [set(a) for a in self.allowed]
        order = sorted(
            (i for i in range(len(self.ids)) if i not in self.fixed),
            key=lambda i: (-len(self.incident[i]), self.ids[i]),
        )
        for _ in range(passes):
            changed = False
            for i in order:
                here = place[i]
                best, choice = -1e-9, None
                for cell in self.allowed[i]:
                    if cell == here or abs(cell[0] - here[0]) > reach or abs(cell[1] - here[1]) > reach:
                        continue
                    j = taken.get(cell)
                    if self._blocked(j, here, allowed_sets):
                        continue
                    delta = self._trial(pts, i, j, here, cell)
                    if delta < best:
                        best, choice = delta, cell
                if choice is None:
                    continue
                j = taken.pop(choice, None)
                del taken[here]
                place[i], pts[i], taken[choice] = choice, cell_point(choice), i
                if j is not None:
                    place[j], pts[j], taken[here] = here, cell_point(here), j
                changed = True
            if not changed:
                break
        return place
