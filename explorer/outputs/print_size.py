"""An exported map sized for print: the labels' font, wrap widths and the cropped extent (issue 11: pasted 16 cm
wide on an A4 page, a layer image keeps its labels at 8 pt or more).

The positions and the rules are the app's: a label wraps at the lattice's 94 % of a cell (narrower where a
neighbour sits closer, map_drawing.label_widths) and grows only as far as it overlaps neither another label nor
another element's node, measured with the drawing's own wrapping and text widths (map_drawing.label_rect).
"""

from __future__ import annotations

from dataclasses import replace

from explorer.outputs.map_drawing import Rect, label_lines, label_rect, label_widths, overlap
from explorer.view.mapmodel import MapView
from explorer.view.marks import NodeMark
from explorer.view.styles import Scale


def _rects(nodes: list[NodeMark], widths: dict[str, float], scale: Scale) -> tuple[list[Rect], list[Rect]]:
    """Each node's shape and each label's box, in model units, at the scale's font."""
    r = scale.node / 2
    shapes = [(n.x - r, n.y - r, n.x + r, n.y + r) for n in nodes]
    labels = [
        label_rect(n, label_lines(n, widths[n.id], scale), scale) if n.label else (n.x, n.y, n.x, n.y)
        for n in nodes
    ]
    return shapes, labels


def labels_clear(nodes: list[NodeMark], widths: dict[str, float], scale: Scale) -> bool:
    """True when no label's box overlaps another label or another element's node (a sweep along x)."""
    shapes, labels = _rects(nodes, widths, scale)
    boxes = [(b, i, "label") for i, b in enumerate(labels)] + [(b, i, "node") for i, b in enumerate(shapes)]
    boxes.sort(key=lambda item: item[0][0])
    active: list[tuple[Rect, int, str]] = []
    for box, i, kind in boxes:
        active = [a for a in active if a[0][2] > box[0]]
        for other, j, other_kind in active:
            if i != j and "label" in (kind, other_kind) and overlap(box, other) > 0:
                return False
        active.append((box, i, kind))
    return True


def label_room(nodes: list[NodeMark], widths: dict[str, float], scale: Scale, largest: float) -> float:
    """The largest font (model units, at most `largest`, at least the scale's own) at which the labels,
    wrapped as drawn, overlap neither one another nor other nodes: sizing.label_room's rule, measured
    with the drawing's own wrapping and text widths."""
    if largest <= scale.font or labels_clear(nodes, widths, replace(scale, font=largest)):
        return largest
    low, high = scale.font, largest
    for _ in range(12):
        mid = (low + high) / 2
        low, high = (mid, high) if labels_clear(nodes, widths, replace(scale, font=mid)) else (low, mid)
    return low


def drawn_extent(nodes: list[NodeMark], widths: dict[str, float], scale: Scale) -> Rect:
    """The model-space rectangle the nodes and their labels cover, with half a node's width of room around
    the nodes for the arrowheads and the bends of parallel links."""
    shapes, labels = _rects(nodes, widths, scale)
    pad = scale.node / 2
    every = [(b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad) for b in shapes] + labels
    return (
        min(b[0] for b in every),
        min(b[1] for b in every),
        max(b[2] for b in every),
        max(b[3] for b in every),
    )


def export_fit(
    view: MapView, placed: list[NodeMark], base: Scale, label_px: float, canvas: tuple[float, float]
) -> tuple[Scale, dict[str, float], Rect]:
    """The scale, wrap widths and drawn extent of an exported map whose labels print `label_px` pixels
    high once its extent is fitted to `canvas`, or as large as the places leave room for without overlaps.

    `placed` are every element the view shows in any area, at its place: the font, the wrap widths and the
    cropped extent are worked out over them, so every area's image of a layer has the same geometry.
    """
    mine = {(round(n.x), round(n.y)) for n in view.nodes}
    every = list(view.nodes) + [n for n in placed if (round(n.x), round(n.y)) not in mine]
    if not every:
        return base, {}, (0.0, 0.0, 1.0, 1.0)
    font = base.font
    for _ in range(4):  # the extent grows with the labels, and the font needed with the extent
        sized = replace(base, font=font)
        widths = label_widths({n.id: n for n in every}, sized)
        x1, y1, x2, y2 = drawn_extent(every, widths, sized)
        k = min(canvas[0] / max(x2 - x1, 1.0), canvas[1] / max(y2 - y1, 1.0))
        font = max(base.font, label_px / k)
    widths = label_widths({n.id: n for n in every}, replace(base, font=font))
    font = label_room(every, widths, base, font)
    scale = replace(base, font=font)
    widths = label_widths({n.id: n for n in every}, scale)
    return scale, widths, drawn_extent(every, widths, scale)
