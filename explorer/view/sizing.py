"""How big the map's text and nodes are drawn, and the fitted box around them.

Labels are aimed at the size a room reads on the canvas the page gives the map (styles.TARGET_PX,
styles.CANVAS), but never bigger than the placed labels leave one another room for. Pure functions: the
map model (mapmodel.build_map), the layout engine and the exported images all size from here.
"""

from __future__ import annotations

from dataclasses import replace

from explorer.data.model import Dataset
from explorer.data.vocab import Layer
from explorer.view.lattice import label_box
from explorer.view.positions import CELL, bounding_box
from explorer.view.state import ViewState
from explorer.view.styles import CANVAS, DETAIL_LIMIT, MAX_PX, TARGET_PX, Scale, fit_zoom, fitted_scale


def page_layout(state: ViewState) -> tuple[str, str]:
    """How the page lays this view's map out: ("page" or "projector", "one" map or two "side" by side)."""
    side = bool(state.compare) and state.mode == "side" and state.view == "map"
    return ("projector" if state.projector else "page", "side" if side else "one")


def label_room(placed: list[tuple[str, tuple[float, float]]], scale: Scale, largest: float) -> float:
    """The largest font (model units, at most `largest`, at least the scale's own) at which no two of the
    placed labels, wrapped at the scale's width, overlap: bigger text than the positions leave room for
    would only trade size for words drawn over words. Boxes are lattice.label_box's, the layout's own.

    >>> s = Scale(font=20.0, node=30.0, edge=2.0, text_width=282.0)
    >>> apart = [("Schools", (0.0, 0.0)), ("Family Hubs", (300.0, 0.0))]
    >>> label_room(apart, s, 40.0), round(label_room([("Schools", (0.0, 0.0)), ("Family Hubs", (0.0, 80.0))], s, 40.0))
    (40.0, 34)
    """
    if largest <= scale.font:
        return largest

    def fits(font: float) -> bool:
        sized = replace(scale, font=font)
        boxes = []
        for label, (x, y) in placed:
            b = label_box(label, sized)
            boxes.append((x + b[0], y + b[1], x + b[2], y + b[3]))
        return not any(
            min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])
            for i, a in enumerate(boxes)
            for b in boxes[i + 1 :]
        )

    if fits(largest):
        return largest
    low, high = scale.font, largest
    for _ in range(12):
        mid = (low + high) / 2
        low, high = (mid, high) if fits(mid) else (low, mid)
    return low


def view_scale(
    box,
    state: ViewState,
    longest_label: int = 40,
    placed: list[tuple[str, tuple[float, float]]] | None = None,
) -> Scale:
    """Sizes for the view as the page draws it: labels aimed at the size a room reads (styles.TARGET_PX)
    on the canvas that layout gives the map at 1280×720, but no bigger than the `placed` labels (every
    element this view shows in any area, so the sizes match across areas) leave room for.

    >>> from explorer.view.state import ViewState
    >>> from explorer.view.styles import fit_zoom
    >>> def px(s, mode):  # the size on screen once the anchors are fitted to the canvas
    ...     (x1, y1), (x2, y2) = anchor_corners((0, 0, 1800, 880), s, 40)
    ...     return s.font * fit_zoom(CANVAS[(mode, "one")], x2 - x1, y2 - y1)
    >>> page, projector = view_scale((0, 0, 1800, 880), ViewState()), view_scale((0, 0, 1800, 880), ViewState(projector=True))
    >>> px(projector, "projector") >= px(page, "page")
    True
    """
    mode, maps = page_layout(state)
    target = TARGET_PX[(mode, maps, "all" if state.layer == "all" else "layer")]
    tight = (
        placed if maps == "side" else None
    )  # side by side the anchors hug the labels below (anchor_corners)
    corners = lambda s: anchor_corners(box, s, longest_label, tight)  # noqa: E731
    scale = fitted_scale(box, CANVAS[(mode, maps)], target, MAX_PX[mode], corners, cell=CELL)
    if placed:
        # The floor is the cell's own text size (a label that fits its cell), not the bigger one a crowded
        # canvas's pixel floor would ask for.
        base = fitted_scale(box, CANVAS[(mode, maps)], 0.0, MAX_PX[mode], corners, cell=CELL)
        base = replace(base, font=min(base.font, CELL[0] / 9.5))
        scale = replace(scale, font=max(base.font, min(scale.font, label_room(placed, base, scale.font))))
    return scale


def anchor_corners(
    box, scale, longest_label: int, placed: list[tuple[str, tuple[float, float]]] | None = None
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where the two invisible anchor nodes go: beyond the reach of any label or curved edge.

    Cytoscape fits labels too, so a long label at the edge of one area's map would otherwise shift the
    fitted viewport and break the promise that a service sits in the same place in every area. The
    margin below allows for the longest label (over every dataset) wrapped at the label width, or, given
    the `placed` labels (every element the view shows in any area), for the lowest of them as laid out
    (lattice.label_box) and one line more: side by side, where height is short, the empty band a long
    label in the bottom row would need is not kept when no such label is there.

    >>> from explorer.view.styles import Scale
    >>> s = Scale(font=20, node=30, edge=2, text_width=200)
    >>> anchor_corners((0, 0, 1000, 500), s, 30)
    ((-150.0, -67.5), (1150.0, 618.0))
    >>> anchor_corners((0, 0, 1000, 500), s, 30, [("Schools", (0.0, 500.0)), ("A long label in two lines", (0.0, 0.0))])
    ((-150.0, -67.5), (1150.0, 571.0))
    """
    per_line = max(scale.text_width / (0.55 * scale.font), 1)
    lines = -(-longest_label // int(per_line)) + 1
    side = max(scale.text_width / 2 + scale.node, 0.5 * CELL[0])  # edges bulge too: parallel links curve out
    top = max(scale.node, 0.45 * CELL[1])
    bottom = scale.node + scale.font * (0.5 + 1.3 * lines)
    if placed:
        lowest = max(y + label_box(label, scale)[3] for label, (_, y) in placed)
        bottom = max(scale.node, lowest - box[3] + 1.3 * scale.font)
    return (box[0] - side, box[1] - top), (box[2] + side, box[3] + bottom)


def longest_label(datasets: list[Dataset]) -> int:
    """The longest label the map draws (a short label where there is one), in characters."""
    return max((len(e.map_label) for d in datasets for e in d.elements), default=20)


def layer_box(datasets: list[Dataset], positions: dict, layer: str) -> tuple[float, float, float, float]:
    """The extent of every element that any of the datasets puts in the layer (or in any layer, for 'all')."""
    layers = set(Layer) if layer == "all" else {Layer(layer)}
    points = {
        e.id: positions[e.id]
        for d in datasets
        for e in d.elements
        if e.id in positions and layers.intersection(e.layers)
    }
    return bounding_box(list(points.values()))


# Side by side, each map's box is about as tall as it is wide (617 × 524 at 1280×720 in projector mode), while
# a layer's positions are about twice as wide as tall: the map is fitted by its width, half the box's height
# is left empty, and the labels, wrapped in their columns, meet the row below first (label_room). So side by
# side a layer's rows are drawn further apart (y × k, one k for every area, so the two maps, and every area,
# keep one place per element and the same shape): the labels grow into the empty height. k stops where the
# map would fill HEIGHT_SHARE of the box's height (the legend strip's height varies by view) or the labels
# reach their target. All is not stretched: there the labels meet their neighbours across, not below (long
# words such as "commissioners" spill out of the 54 px a column gets on screen), so taller rows give them
# nothing (docs/legibility.md).
STRETCHES = (1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 2.0)
HEIGHT_SHARE = 0.92


def stretched(box, placed, k: float):
    """The extent and the placed labels with every y drawn k times as far from 0.

    >>> stretched((0, 0, 10, 20), [("a", (1.0, 2.0))], 1.5)
    ((0, 0.0, 10, 30.0), [('a', (1.0, 3.0))])
    """
    return (box[0], box[1] * k, box[2], box[3] * k), [(label, (x, y * k)) for label, (x, y) in placed]


def side_stretch(box, state: ViewState, longest: int, placed: list[tuple[str, tuple[float, float]]]) -> float:
    """How much further apart (k, in STRETCHES) a layer's rows are drawn when two maps are side by side;
    1.0 for one map and for All. The smallest k whose labels reach the target size, else the k drawing
    them biggest, among those that leave the map fitted by its width.

    >>> from explorer.view.state import ViewState
    >>> rows = [(f"Primary care network {i} services", (300.0 * (i % 6), 150.0 * (i // 6))) for i in range(24)]
    >>> side = ViewState(projector=True, compare="x", layer="A")
    >>> [side_stretch((0, 0, 1500, 450), s, 40, rows) for s in (ViewState(layer="A"), side, side.with_(layer="all"))]
    [1.0, 1.2, 1.0]
    """
    mode, maps = page_layout(state)
    if maps != "side" or state.layer == "all" or len(placed) > DETAIL_LIMIT:  # overview detail: labels apart
        return 1.0
    canvas = CANVAS[(mode, maps)]
    target = TARGET_PX[(mode, maps, "all" if state.layer == "all" else "layer")]
    best, best_px = 1.0, 0.0
    for k in STRETCHES:
        b, p = stretched(box, placed, k)
        scale = view_scale(b, state, longest, p)
        (x1, y1), (x2, y2) = anchor_corners(b, scale, longest, p)
        zoom = fit_zoom(canvas, x2 - x1, y2 - y1)
        if k > 1.0 and (y2 - y1) * zoom > HEIGHT_SHARE * max(h for _, h in _options(canvas)):
            break
        px = scale.font * zoom
        if px > best_px + 0.05:
            best, best_px = k, px
        if px >= target:
            break
    return best


def _options(canvas):
    return canvas if isinstance(canvas[0], tuple | list) else (canvas,)
