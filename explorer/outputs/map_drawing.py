"""The map itself as SVG shapes in model units: nodes by sector, links by status, labels and markers.

It reads the typed marks of a `MapView` (explorer.view.marks) and follows the app's stylesheet
(explorer.view.styles): a shape and colour per sector, a line pattern, colour and marker per status,
arrowheads per direction, a tee bar for exclusions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from explorer.data.vocab import Basis, Direction, Status
from explorer.outputs.svg_text import clean, text_lines, text_width, wrap
from explorer.outputs.theme import HL_WIDTH, MARKER_FONT, Theme
from explorer.view.legend import _shape_svg
from explorer.view.mapmodel import MapView
from explorer.view.marks import DiffClass, EdgeMark, Emphasis, NodeMark, inferred_marker
from explorer.view.sizing import anchor_corners
from explorer.view.styles import (
    COMPUTED_GAP_LOOK,
    CROSS_LAYER_LOOK,
    DIFF_LOOK,
    SECTOR_LOOK,
    STATUS_LOOK,
    TENSION_LOOK,
    EdgeLook,
    Scale,
)


def _faded(mark: NodeMark | EdgeMark) -> bool:
    """Faded in the picture: outside a highlight, or the same in both maps of a Differences view."""
    return mark.emphasis is Emphasis.FADED or mark.diff is DiffClass.SAME


def _lit(mark: NodeMark | EdgeMark) -> bool:
    return mark.emphasis is Emphasis.LIT


def _edge_look(edge: EdgeMark) -> tuple[EdgeLook, str]:
    """The look of an edge (as the stylesheet's cascade gives it) and the marker it carries."""
    if edge.diff is not None:
        return DIFF_LOOK[edge.diff.value], edge.marker
    if edge.computed_gap:
        return COMPUTED_GAP_LOOK, COMPUTED_GAP_LOOK.marker
    if edge.tension:
        return TENSION_LOOK, edge.marker
    look = STATUS_LOOK.get(edge.status, STATUS_LOOK[Status.PRESENT])
    marker = inferred_marker(look.marker) if edge.inferred else look.marker
    if edge.cross_layer:
        look = CROSS_LAYER_LOOK  # the status marker stays, as in the app
    return look, marker


def _dasharray(look: EdgeLook, width: float) -> tuple[str, bool]:
    """A dash pattern in multiples of the drawn width, and whether to use round caps (dots)."""
    if look.dash:
        return " ".join(f"{d * width * 0.8:.1f}" for d in look.dash), False
    if look.pattern == "dashed":
        return f"{3.2 * width:.1f} {2.0 * width:.1f}", False
    if look.pattern == "dotted":
        return f"{0.01 * width:.2f} {2.0 * width:.1f}", True
    return "", False


def _arrow_size(width: float) -> float:
    """Cytoscape's arrow size for an edge of this width (arrow-scale 1.1), as the triangle's length."""
    return 0.3 * max((width * 13.37) ** 0.9, 29.0) * 1.1


def _unit(dx: float, dy: float) -> tuple[float, float]:
    length = math.hypot(dx, dy) or 1.0
    return dx / length, dy / length


def _triangle(tip: tuple[float, float], towards: tuple[float, float], size: float, colour: str) -> str:
    """An arrowhead with its tip at `tip`, pointing along the unit vector `towards`."""
    ux, uy = towards
    bx, by = tip[0] - ux * size, tip[1] - uy * size
    half = size * 0.5
    points = [tip, (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)]
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<polygon points="{pts}" fill="{colour}"/>'


def _tee(end: tuple[float, float], towards: tuple[float, float], width: float, colour: str) -> str:
    """A bar across the line at `end`: the threshold that stops a group reaching a service."""
    ux, uy = towards
    half = max(_arrow_size(width) * 1.1, width * 3.0)
    x, y = end[0] - ux * width * 0.6, end[1] - uy * width * 0.6
    return (
        f'<line x1="{x - uy * half:.1f}" y1="{y + ux * half:.1f}" x2="{x + uy * half:.1f}" '
        f'y2="{y - ux * half:.1f}" stroke="{colour}" stroke-width="{width * 1.3:.1f}"/>'
    )


def _edge_svg(edge: EdgeMark, nodes: dict[str, NodeMark], offset: float, scale: Scale, theme: Theme):
    """(line and arrowheads, marker label or "") for one edge; offset bends parallel edges apart."""
    a, b = nodes.get(edge.source), nodes.get(edge.target)
    if a is None or b is None or a.id == b.id:
        return "", None
    look, marker = _edge_look(edge)
    base = scale.edge * look.weight
    width = base * (HL_WIDTH if _lit(edge) else 1.0)
    # Control point: the chord's midpoint pushed sideways (a quadratic curve reaches half of that).
    # The sideways direction is fixed by the sorted pair, so a→b and b→a bend to opposite sides.
    first, second = sorted((a, b), key=lambda n: n.id)
    nx_, ny_ = _unit(second.x - first.x, second.y - first.y)
    mx, my = (a.x + b.x) / 2, (a.y + b.y) / 2
    cx, cy = mx - ny_ * offset * 2, my + nx_ * offset * 2
    radius = scale.node / 2 + width * 0.4
    start_dir = _unit(cx - a.x, cy - a.y)
    end_dir = _unit(b.x - cx, b.y - cy)  # direction of travel at the target
    start = (a.x + start_dir[0] * radius, a.y + start_dir[1] * radius)
    end = (b.x - end_dir[0] * radius, b.y - end_dir[1] * radius)
    target_head = "triangle"
    if edge.direction is Direction.UNDIRECTED:
        target_head = "none"
    if edge.excludes and edge.diff is None:
        target_head = "tee"
    source_head = "triangle" if edge.direction is Direction.MUTUAL else "none"
    arrow = max(_arrow_size(base), scale.font * 0.6) * (1.2 if _lit(edge) else 1.0)
    # The line stops at the arrowheads' base, so a dash pattern never blunts the tip.
    line_start = start
    line_end = end
    if source_head == "triangle":
        line_start = (start[0] + start_dir[0] * arrow * 0.8, start[1] + start_dir[1] * arrow * 0.8)
    if target_head == "triangle":
        line_end = (end[0] - end_dir[0] * arrow * 0.8, end[1] - end_dir[1] * arrow * 0.8)
    dash, dots = _dasharray(look, width)
    attrs = f'stroke="{look.colour}" stroke-width="{width:.1f}" fill="none"'
    if dash:
        attrs += f' stroke-dasharray="{dash}"'
    attrs += ' stroke-linecap="round"' if dots else ' stroke-linecap="butt"'
    if offset:
        path = (
            f'<path d="M{line_start[0]:.1f},{line_start[1]:.1f} Q{cx:.1f},{cy:.1f} '
            f'{line_end[0]:.1f},{line_end[1]:.1f}" {attrs}/>'
        )
    else:
        path = (
            f'<line x1="{line_start[0]:.1f}" y1="{line_start[1]:.1f}" x2="{line_end[0]:.1f}" '
            f'y2="{line_end[1]:.1f}" {attrs}/>'
        )
    parts = [path]
    if target_head == "triangle":
        parts.append(_triangle(end, end_dir, arrow, look.colour))
    elif target_head == "tee":
        parts.append(_tee(end, end_dir, width, look.colour))
    if source_head == "triangle":
        parts.append(_triangle(start, (-start_dir[0], -start_dir[1]), arrow, look.colour))
    group = f'<g class="edge">{"".join(parts)}</g>'
    label = None
    if marker and not _faded(edge):
        label = _Marker(marker, (a.x, a.y), (cx, cy), (b.x, b.y), look.colour)
    return group, label


@dataclass(frozen=True)
class _Marker:
    """A status marker to place on its (quadratic) curve, from `start` over `control` to `end`."""

    text: str
    start: tuple[float, float]
    control: tuple[float, float]
    end: tuple[float, float]
    colour: str

    def at(self, t: float) -> tuple[float, float]:
        (x0, y0), (x1, y1), (x2, y2) = self.start, self.control, self.end
        u = 1 - t
        return u * u * x0 + 2 * u * t * x1 + t * t * x2, u * u * y0 + 2 * u * t * y1 + t * t * y2


Rect = tuple[float, float, float, float]  # x1, y1, x2, y2


def overlap(a: Rect, b: Rect) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


class _Taken:
    """The boxes already drawn, bucketed in a grid, so a marker's cost looks only at its neighbours."""

    def __init__(self, rects: list[Rect], cell: float):
        self.cell = max(cell, 1.0)
        self.grid: dict[tuple[int, int], list[Rect]] = {}
        for rect in rects:
            self.add(rect)

    def _keys(self, rect: Rect):
        c = self.cell
        for gx in range(math.floor(rect[0] / c), math.floor(rect[2] / c) + 1):
            for gy in range(math.floor(rect[1] / c), math.floor(rect[3] / c) + 1):
                yield gx, gy

    def add(self, rect: Rect) -> None:
        for key in self._keys(rect):
            self.grid.setdefault(key, []).append(rect)

    def cover(self, rect: Rect) -> float:
        """How much of what is drawn the box would cover."""
        near = {id(other): other for key in self._keys(rect) for other in self.grid.get(key, ())}
        return sum(overlap(rect, other) for other in near.values())


def _outside(rect: Rect, extent: Rect | None) -> float:
    """How much of the box lies outside the drawn extent (cropped away in the image)."""
    if extent is None:
        return 0.0
    return (rect[2] - rect[0]) * (rect[3] - rect[1]) - overlap(rect, extent)


def _place_markers(
    markers: list[_Marker], taken: list[Rect], scale: Scale, theme: Theme, extent: Rect | None = None
) -> list[str]:
    """Each marker where it covers the least of the labels, nodes and markers already placed: the line's
    midpoint when that is free, else the nearest free point along the line, else beside it (one, then two
    boxes out), so that a marker covers a label's words only where nothing near the line is free."""
    size = scale.font * MARKER_FONT
    drawn = _Taken(taken, size * 6)
    out = []
    for marker in markers:
        w, h = text_width(marker.text, size) + size * 0.4, size * 1.3
        dx, dy = _unit(marker.end[0] - marker.start[0], marker.end[1] - marker.start[1])
        best: tuple[float, Rect] | None = None
        for side in (0.0, 1.0, -1.0, 2.0, -2.0):
            for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8):
                px, py = marker.at(t)
                # Beside the line: far enough along its normal for the box to clear it.
                shift = side * (abs(dy) * w / 2 + abs(dx) * h / 2 + scale.edge)
                px, py = px - dy * shift, py + dx * shift
                rect = (px - w / 2, py - h / 2, px + w / 2, py + h / 2)
                cost = drawn.cover(rect) + 4 * _outside(rect, extent) + abs(side) * 0.5
                if best is None or cost < best[0]:
                    best = (cost, rect)
                if cost < 1 + abs(side):
                    break
            if best is not None and best[0] < 1 + abs(side):
                break
        assert best is not None
        x1, y1, x2, y2 = best[1]
        if extent is not None:  # what still sticks out is moved in, so the crop never cuts a marker
            mx = max(extent[0] - x1, 0.0) - max(x2 - extent[2], 0.0)
            my = max(extent[1] - y1, 0.0) - max(y2 - extent[3], 0.0)
            x1, y1, x2, y2 = x1 + mx, y1 + my, x2 + mx, y2 + my
            best = (best[0], (x1, y1, x2, y2))
        drawn.add(best[1])
        out.append(
            f'<g class="marker"><rect x="{x1:.1f}" y="{y1:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'rx="{size * 0.25:.1f}" fill="#FFFFFF" fill-opacity="0.94" stroke="{marker.colour}" '
            f'stroke-width="{scale.edge * 0.4:.1f}"/>'
            f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 + size * 0.36:.1f}" font-size="{size:.1f}" '
            f'text-anchor="middle" fill="{theme.ink}">{clean(marker.text)}</text></g>'
        )
    return out


def _offsets(edges: list[EdgeMark], step: float) -> list[float]:
    """How far each edge bends: 0 for a lone link, spread either side for links sharing a pair."""
    pairs: dict[tuple[str, str], list[int]] = {}
    for i, edge in enumerate(edges):
        key = tuple(sorted((edge.source, edge.target)))
        pairs.setdefault(key, []).append(i)
    offsets = [0.0] * len(edges)
    for members in pairs.values():
        n = len(members)
        for rank, i in enumerate(members):
            offsets[i] = (rank - (n - 1) / 2) * step
    return offsets


def _node_svg(node: NodeMark, scale: Scale, theme: Theme) -> str:
    look = SECTOR_LOOK[node.sector]
    r = scale.node / 2
    border = scale.edge * (1.1 if _lit(node) else 0.6)
    shape = _shape_svg(look, node.x, node.y, r)
    shape = shape.replace('stroke="#222" stroke-width="1.5"', f'stroke="#222222" stroke-width="{border:.1f}"')
    if node.basis is Basis.INFERRED and node.diff is None:  # the app's double border
        ring = _shape_svg(look, node.x, node.y, r + border * 2.2)
        ring = ring.replace(f'fill="{look.colour}"', 'fill="none"').replace(
            'stroke-width="1.5"', f'stroke-width="{border:.1f}"'
        )
        shape = ring + shape
    halo = ""
    if node.picked:
        halo = (
            f'<circle cx="{node.x:.1f}" cy="{node.y:.1f}" r="{r + scale.node * 0.35:.1f}" '
            f'fill="#0072B2" fill-opacity="0.25"/>'
        )
    # Where the map draws a short label, the full name goes with the node, for screen readers and hovers.
    name = f"<title>{clean(node.name)}</title>" if node.name != node.label else ""
    return f'<g class="node">{name}{halo}{shape}</g>'


def label_widths(nodes: dict[str, NodeMark], scale: Scale) -> dict[str, float]:
    """The wrap width of each label: the map's text width, narrowed where a neighbour sits closer beside
    it (a row of the grid), so that neighbouring labels do not run into each other."""
    band = scale.font * 2.5
    out = {}
    for node in nodes.values():
        room = scale.text_width
        for other in nodes.values():
            if other is not node and abs(other.y - node.y) < band and other.x != node.x:
                room = min(room, abs(other.x - node.x) * 0.94)  # the lattice wraps at 94 % of a cell
        out[node.id] = max(room, scale.font * 3)
    return out


def label_lines(node: NodeMark, width: float, scale: Scale) -> list[str]:
    return wrap(node.label, width, scale.font)


LABEL_LINE_HEIGHT = 1.14


def label_rect(node: NodeMark, lines: list[str], scale: Scale) -> Rect:
    """Where the label's white box sits: under the node, as cytoscape's `text-valign: bottom` puts it."""
    size = scale.font
    top = node.y + scale.node / 2 + size * 0.25
    width = max(text_width(line, size) for line in lines)
    pad = size * 0.12
    return (
        node.x - width / 2 - pad,
        top - pad,
        node.x + width / 2 + pad,
        top + len(lines) * size * LABEL_LINE_HEIGHT + pad,
    )


def _label_svg(node: NodeMark, lines: list[str], scale: Scale, theme: Theme) -> str:
    """The label under the node, on a white box."""
    if not node.label:
        return ""
    size = scale.font
    x1, y1, x2, y2 = label_rect(node, lines, scale)
    pad = size * 0.12
    box = (
        f'<rect x="{x1:.1f}" y="{y1:.1f}" width="{x2 - x1:.1f}" height="{y2 - y1:.1f}" rx="{pad:.1f}" '
        f'fill="{theme.background}" fill-opacity="{theme.label_background}"/>'
    )
    text = text_lines(
        lines,
        node.x,
        y1 + pad + size * 0.9,
        size,
        anchor="middle",
        fill=theme.ink,
        line_height=LABEL_LINE_HEIGHT,
    )
    return f'<g class="label">{box}{text}</g>'


def _extent(view: MapView, nodes: dict[str, NodeMark], widths: dict[str, float], box, longest: int):
    """The model-space rectangle to draw: the layer's fitted box with room for labels, as the app fits it
    (so every area's image of a layer has the same geometry), grown if a label would still stick out."""
    (x1, y1), (x2, y2) = anchor_corners(box, view.scale, longest)
    for node in nodes.values():
        lines = label_lines(node, widths[node.id], view.scale)
        half = max(text_width(line, view.scale.font) for line in lines) / 2
        x1, x2 = min(x1, node.x - half), max(x2, node.x + half)
        y1 = min(y1, node.y - view.scale.node)
        label_bottom = node.y + view.scale.node / 2 + view.scale.font * (0.6 + LABEL_LINE_HEIGHT * len(lines))
        y2 = max(y2, label_bottom)
    return x1, y1, x2, y2


def map_svg(
    view: MapView,
    box,
    theme: Theme,
    longest: int = 40,
    fit: tuple[dict[str, float], Rect] | None = None,
) -> tuple[str, tuple[float, ...]]:
    """The map's shapes in model units, and the (x1, y1, x2, y2) extent they fill.

    `fit` (from print_size.export_fit: wrap widths and the extent to draw) replaces the app's fitted extent."""
    nodes = {n.id: n for n in view.nodes}
    edges = view.edges
    if fit is None:
        widths = label_widths(nodes, view.scale)
        extent = _extent(view, nodes, widths, box, longest)
    else:
        widths = {i: fit[0].get(i, view.scale.text_width) for i in nodes}
        extent = fit[1]
    wrapped = {n.id: label_lines(n, widths[n.id], view.scale) for n in nodes.values()}
    offsets = _offsets(edges, max(44.0, view.scale.font * 1.5))
    faded, cross, lines, raised, markers = [], [], [], [], []
    for edge, offset in zip(edges, offsets, strict=True):
        shape, marker = _edge_svg(edge, nodes, offset, view.scale, theme)
        if _faded(edge):
            faded.append(shape)
        elif edge.cross_layer and edge.diff is None:
            cross.append(shape)
        else:
            (raised if _lit(edge) else lines).append(shape)
        if marker:
            markers.append(marker)
    r = view.scale.node / 2
    taken = [(n.x - r, n.y - r, n.x + r, n.y + r) for n in nodes.values()]
    taken += [label_rect(n, wrapped[n.id], view.scale) for n in nodes.values() if n.label]
    dim_nodes = [n for n in nodes.values() if _faded(n)]
    lit_nodes = [n for n in nodes.values() if not _faded(n)]
    # Opacity is set once per layer of the drawing, not per item: the picture is the same (better where
    # faded items overlap) and the rasteriser draws one offscreen surface per group, not one per item.
    parts = [
        f'<g class="faded" opacity="{theme.dim_opacity}">',
        *faded,
        *(_node_svg(n, view.scale, theme) for n in dim_nodes),
        "</g>",
        f'<g class="faded-labels" opacity="{theme.dim_opacity + 0.1:.2f}">',
        *(_label_svg(n, wrapped[n.id], view.scale, theme) for n in dim_nodes),
        "</g>",
        '<g class="cross-layer" opacity="0.7">',
        *cross,
        "</g>",
        '<g class="edges">',
        *lines,
        *raised,
        "</g>",
        '<g class="nodes">',
        *(_node_svg(n, view.scale, theme) for n in lit_nodes),
        "</g>",
        '<g class="labels">',
        *(_label_svg(n, wrapped[n.id], view.scale, theme) for n in lit_nodes),
        "</g>",
        '<g class="markers">',
        *_place_markers(markers, taken, view.scale, theme, extent),
        "</g>",
    ]
    return "\n".join(parts), extent
