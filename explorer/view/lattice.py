"""A lattice of label-sized cells, and a local search that moves elements between cells to untangle a map.

Why a lattice: the stylesheet wraps a label at 94 % of a cell's width, so two elements in neighbouring
columns rarely have overlapping labels (a long word overflows the width: label_box counts it, and the
search keeps such labels apart). Rows are shorter than the tallest label at the size a projector needs
(a room reads a wide, short map: fewer rows mean bigger text), so a tall label needs the cell below it free:
the search weighs overlapping labels (`Board.apart`) far above anything else and leaves those cells empty.
It then weighs what a room notices: links that cross, links that run through another element's label (or
over its node), and links that run far.

Every count is weighted by the datasets that show it: each element and link carries a bit mask of the
datasets (areas) it appears in, so the cost is the sum over the areas of what each area's map would show.
The search is deterministic: fixed orders, ties broken by cell, seeded randomness. A last pass
(`Board.nudge`) shifts elements off their cells' points by less than half a cell where that clears a link
off a label or a crossing.
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


# Advance widths in ems of Liberation Sans / Arial, the face Chromium draws the stylesheet's font list in where
# Atkinson Hyperlegible and Segoe UI are not installed (measured with canvas measureText on this machine); other
# characters count as 0.6. Cytoscape wraps and sizes a label by these widths, not by a character count.
_EMS = {}
for _chars, _em in (
    ("'", 0.191), ("ijl|", 0.222), ("ft /,.:;I![]", 0.278), ("r-()\"", 0.333), ("cksvxyzJ", 0.5),
    ("abdeghnopqu0123456789L_?#$", 0.556), ("+=<>~", 0.584), ("FTZ", 0.611), ("ABEKPSVXY&", 0.667),
    ("wCDHNRU", 0.722), ("GOQ", 0.778), ("mM", 0.833), ("%", 0.889), ("W", 0.944), ("@", 1.015),
):  # fmt: skip
    _EMS.update(dict.fromkeys(_chars, _em))
EM_SLACK = 1.02  # measured widths are exact on this machine; a little more for hinting and other faces


def text_ems(text: str, slack: float = EM_SLACK) -> float:
    """The width of a line of text in ems.

    >>> round(text_ems("commissioners", 1.0), 2), round(text_ems("Family Hubs", 1.0), 2)
    (6.67, 5.56)
    """
    return sum(_EMS.get(ch, 0.6) for ch in text) * slack


def wrapped_lines(label: str, font: float, width: float, slack: float = EM_SLACK) -> list[str]:
    """The label wrapped as cytoscape wraps it (`text-wrap: wrap`): a label wider than `width` breaks at
    spaces, every line keeps its trailing space, and a word wider than `width` overflows.

    >>> wrapped_lines("Parents who use abusive behaviour", 30.0, 282.0)
    ['Parents who use ', 'abusive behaviour ']
    >>> wrapped_lines("LA commissioners", 50.0, 282.0)
    ['LA ', 'commissioners ']
    """
    if text_ems(label, slack) * font <= width:
        return [label]
    lines: list[str] = []
    line = ""
    for word in label.split():
        test = word if not line else line + " " + word
        if text_ems(test, slack) * font <= width:
            line += word + " "
        else:
            if line:
                lines.append(line)
            line = word + " "
    if line.strip():
        lines.append(line)
    return lines or [""]


CHAR = 0.56  # average glyph width in ems for the label font (a little wide): characters a line, for reports
LINE = 1.05  # line height in ems: cytoscape's 1.0 and a little more


def label_box(label: str, scale: Scale) -> Box:
    """The box an element covers, node and label below it, relative to the element's centre: the label's
    box as cytoscape draws it (`renderedBoundingBox` with labels), the widest wrapped line, its text
    background's padding (0.1 em a side) and cytoscape's 2-unit margin of error.
    (The lattice's cells no longer keep every pair of labels apart on their own: a wrapped line keeps its
    trailing space and a long word overflows `text-max-width`, so a wide label can reach past its cell.)

    >>> from explorer.view.styles import Scale
    >>> label_box("Schools", Scale(font=30.0, node=40.0, edge=2.0, text_width=282.0))
    (-59.4, -20.0, 59.4, 64.0)
    >>> label_box("LA commissioners", Scale(font=50.36, node=41.1, edge=2.0, text_width=282.0))[2] > 180
    True
    """
    # A label near the wrapping width may wrap in one face and not another: the box covers both.
    wraps = [wrapped_lines(label, scale.font, scale.text_width, slack) for slack in (1.0, EM_SLACK)]
    lines = max(wraps, key=len)
    wide = max(text_ems(line) for w in wraps for line in w) * scale.font
    half = max(scale.node / 2, wide / 2 + 0.1 * scale.font + 2.0)
    bottom = scale.node / 2 + scale.font * (0.25 + 0.1 + LINE * len(lines)) + 2.0
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
        # What each count weighs never changes, so the pairs that can count are listed once (the search
        # evaluates the cost hundreds of thousands of times): links two areas show with no end in common,
        # and each link's elements it could run through.
        edges, masks = self.edges, self.masks
        self._pairs = [
            [(j, s, t, W_CROSS * (m & n).bit_count()) for j, (s, t, n) in enumerate(edges)
             if m & n and s not in (u, v) and t not in (u, v)]
            for u, v, m in edges
        ]  # fmt: skip
        self._over = [
            [(w, self.through * (m & masks[w]).bit_count()) for w in range(len(self.ids))
             if w not in (u, v) and m & masks[w]]
            for u, v, m in edges
        ]  # fmt: skip
        self._under = [
            [(k, s, t, self.through * (n & masks[w]).bit_count()) for k, (s, t, n) in enumerate(edges)
             if n & masks[w] and w not in (s, t)]
            for w in range(len(self.ids))
        ]  # fmt: skip

    def _local(self, pts: list[Point], moved: tuple[int, ...]) -> float:
        """The part of the cost that depends on where the `moved` elements are."""
        edges, boxes = self.edges, self.boxes
        touched = sorted({k for i in moved for k in self.incident[i]})
        mine = set(touched)
        cost = 0.0
        for k in touched:
            u, v, m = edges[k]
            a, b = pts[u], pts[v]
            ax, ay, bx, by = a[0], a[1], b[0], b[1]
            dx, dy = bx - ax, by - ay
            for j, s, t, weight in self._pairs[k]:
                if j in mine and j <= k:
                    continue
                (cx, cy), (ex, ey) = pts[s], pts[t]
                # the two ends of one segment on opposite sides of the other, both ways round
                if (dx * (cy - ay) - dy * (cx - ax)) * (dx * (ey - ay) - dy * (ex - ax)) >= 0:
                    continue
                fx, fy = ex - cx, ey - cy
                if (fx * (ay - cy) - fy * (ax - cx)) * (fx * (by - cy) - fy * (bx - cx)) < 0:
                    cost += weight
            lox, hix = (ax, bx) if ax < bx else (bx, ax)
            loy, hiy = (ay, by) if ay < by else (by, ay)
            for w, weight in self._over[k]:
                p, box = pts[w], boxes[w]
                x1, y1, x2, y2 = p[0] + box[0], p[1] + box[1], p[0] + box[2], p[1] + box[3]
                if x1 > hix or x2 < lox or y1 > hiy or y2 < loy:
                    continue  # the box is beside the link's own extent: it cannot be hit
                if hits(a, b, (x1, y1, x2, y2)):
                    cost += weight
            length = (dx * dx + dy * dy) ** 0.5 / CELL[0]
            cost += W_LENGTH * length * m.bit_count()
        for w in moved:
            p, box = pts[w], boxes[w]
            area = (p[0] + box[0], p[1] + box[1], p[0] + box[2], p[1] + box[3])
            for k, s, t, weight in self._under[w]:
                if k in mine:
                    continue
                if hits(pts[s], pts[t], area):
                    cost += weight
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

    def nudge(self, place: list[Cell], offsets: list[Point], passes: int = 4) -> list[Point]:
        """Points near the placement's cells that cost less: each element in turn tries its cell's point moved
        by each of `offsets` and keeps the cheapest, while that lowers the cost. Links are straight, so a
        label a link runs through, or two links that just cross, can often be cleared by a shift smaller
        than a cell, which no move between cells gives. Points stay inside the placement's extent (so the
        fitted zoom, and with it the label size, is kept) and nearer their own cell than any other.
        """
        home = [cell_point(c) for c in place]
        pts = list(home)
        if not pts:
            return pts
        x1, x2 = min(p[0] for p in home), max(p[0] for p in home)
        y1, y2 = min(p[1] for p in home), max(p[1] for p in home)
        order = sorted(
            (i for i in range(len(self.ids)) if i not in self.fixed),
            key=lambda i: (-len(self.incident[i]), self.ids[i]),
        )
        for _ in range(passes):
            changed = False
            for i in order:
                current = pts[i]
                before = self._local(pts, (i,))
                best, choice = -1e-9, None
                for dx, dy in offsets:
                    p = (home[i][0] + dx, home[i][1] + dy)
                    if p == current or not (x1 <= p[0] <= x2 and y1 <= p[1] <= y2):
                        continue
                    pts[i] = p
                    delta = self._local(pts, (i,)) - before
                    if delta < best:
                        best, choice = delta, p
                pts[i] = current if choice is None else choice
                changed = changed or choice is not None
            if not changed:
                break
        return pts

    def point_cost(self, pts: list[Point]) -> float:
        """The whole cost of elements drawn at these points."""
        return self._local(list(pts), tuple(range(len(self.ids)))) if self.ids else 0.0
