"""A view of a map as a standalone image: SVG drawn in pure Python, PNG through cairosvg.

An exported image must stand alone in a report or a slide (docs: DESIGN.md, "Reports"), so it carries
a caption band (what is shown, whose data, the date; "ILLUSTRATIVE — not a study finding" for invented
area maps), the whole map, and the legend of what is on it.

The drawing reads the same `MapView` the app paints (`explorer.view.mapmodel.build_map`): the Cytoscape
element dicts with their positions and classes (`sector-nhs`, `status-gap`, `mutual`, `dim`, `hl`, …),
and it follows the app's stylesheet (`explorer.view.styles`): a shape and colour per sector, a line pattern,
colour and marker per status, arrowheads per direction, a tee bar for exclusions. The whole fitted extent
of the layer is drawn (not a viewport), so a service sits in the same place in every area's image.

>>> from explorer.data.catalog import load_catalog
>>> from explorer.view.state import ViewState
>>> catalog = load_catalog()
>>> svg = render_svg(catalog.datasets["study"], ViewState(layer="C", highlight="gaps"), catalog)
>>> svg.startswith("<?xml") and "Missing links (gaps)" in svg
True
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, replace
from html import escape

from explorer.data.catalog import Catalog
from explorer.data.cells import xml_text
from explorer.data.model import Dataset
from explorer.data.vocab import Sector, Status
from explorer.view.legend import _line_svg, _shape_svg, legend_entries
from explorer.view.mapmodel import Caption, MapView, anchor_corners, caption_for
from explorer.view.positions import CELL
from explorer.view.state import ViewState
from explorer.view.styles import (
    COMPUTED_GAP_LOOK,
    CROSS_LAYER_LOOK,
    SECTOR_LOOK,
    STATUS_LOOK,
    EdgeLook,
    Scale,
    scale_for,
)

FONT_FAMILY = "'Atkinson Hyperlegible', 'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif"
ILLUSTRATIVE_STATEMENT = "ILLUSTRATIVE — not a study finding"
PNG_SCALES = (1, 4)  # smallest and largest scale render_png accepts

# Page geometry in output pixels (at PNG scale 1).
MARGIN = 28
MAP_WIDTH = 1400  # the map's width; its height follows the layer's aspect
MAP_MAX_HEIGHT = 1300
LEGEND_GAP = 36
LEGEND_FONT = 16
LEGEND_TEXT_WIDTH = 400  # legend entries wrap at this width
TITLE_FONT = 25
PROVENANCE_FONT = 18
SOURCE_FONT = 16
WARNING_FONT = 24
MARKER_FONT = 0.85  # status markers on lines, relative to the label font
HL_WIDTH = 1.7  # highlighted links are this much wider (the app uses 2.2; print needs less)


@dataclass(frozen=True)
class Theme:
    background: str
    ink: str
    muted: str
    dim_opacity: float
    label_background: float  # opacity of the white box behind node labels


THEMES = {
    # White, dark ink; faded items a little stronger than on screen, so they survive printing.
    "report": Theme("#FFFFFF", "#111111", "#3A3A3A", 0.2, 0.85),
    "screen": Theme("#FFFFFF", "#111111", "#555555", 0.13, 0.85),
}


# ---------------------------------------------------------------- the view


def as_app_data(source):
    """An `MapService` (positions per view, shared fit boxes, computed gaps) for a Catalog or an MapService."""
    from explorer.service import MapService

    return MapService(source) if isinstance(source, Catalog) else source


def view_for(source, dataset: Dataset, state: ViewState) -> MapView:
    """The MapView the app shows for `state` (see MapService.map_view), for a Catalog or the app's MapService."""
    return as_app_data(source).map_view(dataset, state)


# ---------------------------------------------------------------- text


def _clean(text: str) -> str:
    """Text safe inside SVG/XML: no control characters XML cannot hold, and markup escaped."""
    return escape(xml_text(str(text)), quote=True)


_NARROW = set("iljtfrI.,:;'|!()[]/ ·")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate of the rendered width of `text`, generous enough for DejaVu Sans (a wide fallback).

    >>> text_width("Gap", 10) < text_width("Gap (missing)", 10)
    True
    """
    units = 0.0
    for char in text:
        if char in _NARROW:
            units += 0.36
        elif char in _WIDE:
            units += 0.92
        elif char.isupper() or char.isdigit():
            units += 0.70
        else:
            units += 0.60
    return units * size * (1.08 if bold else 1.0)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Lines of `text` no wider than `width` where words allow (breaking at spaces, then after '/').

    >>> wrap("Children living with domestic abuse", 200, 20)
    ['Children living', 'with domestic', 'abuse']
    >>> wrap("Parents/children between thresholds", 150, 20)
    ['Parents/', 'children', 'between', 'thresholds']
    """
    words: list[tuple[str, str]] = []  # (word, what joins it to the word before)
    for word in text.split():
        pieces = [word]
        if text_width(word, size, bold) > width and "/" in word.strip("/"):
            parts = word.split("/")
            pieces = [p + "/" for p in parts[:-1]] + [parts[-1]]
        words += [(piece, " " if i == 0 else "") for i, piece in enumerate(pieces) if piece]
    lines: list[str] = []
    for word, glue in words:
        if lines:
            candidate = lines[-1] + glue + word
            if text_width(candidate, size, bold) <= width:
                lines[-1] = candidate
                continue
        lines.append(word)
    return lines or [""]


def _text_lines(
    lines: list[str],
    x: float,
    y: float,
    size: float,
    *,
    anchor="start",
    weight="normal",
    fill="#111111",
    line_height=1.25,
) -> str:
    """One <text> of several lines; `y` is the first line's baseline."""
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{y + i * size * line_height:.1f}">{_clean(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    bold = ' font-weight="bold"' if weight == "bold" else ""
    return f'<text font-size="{size:.1f}" text-anchor="{anchor}" fill="{fill}"{bold}>{spans}</text>'


# ---------------------------------------------------------------- the map


@dataclass(frozen=True)
class _Node:
    id: str
    label: str
    x: float
    y: float
    classes: frozenset[str]


def _sector(classes: frozenset[str]) -> Sector:
    for c in classes:
        if c.startswith("sector-"):
            try:
                return Sector(c.removeprefix("sector-"))
            except ValueError:
                break
    return Sector.OTHER


def _status(classes: frozenset[str]) -> Status | None:
    for c in classes:
        if c.startswith("status-"):
            try:
                return Status(c.removeprefix("status-"))
            except ValueError:
                return None
    return None


def _edge_look(classes: frozenset[str]) -> tuple[EdgeLook, str]:
    """The look of an edge (as the stylesheet's cascade gives it) and the marker it carries."""
    status = _status(classes)
    look = STATUS_LOOK.get(status, STATUS_LOOK[Status.PRESENT]) if status else STATUS_LOOK[Status.PRESENT]
    marker = look.marker
    if "cross-layer" in classes:
        look = CROSS_LAYER_LOOK  # the status marker stays, as in the app
    if "computed-gap" in classes:
        look, marker = COMPUTED_GAP_LOOK, COMPUTED_GAP_LOOK.marker
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


def _edge_svg(edge: dict, nodes: dict[str, _Node], offset: float, scale: Scale, theme: Theme):
    """(line and arrowheads, marker label or "") for one edge; offset bends parallel edges apart."""
    data = edge["data"]
    classes = frozenset(edge.get("classes", "").split())
    a, b = nodes.get(data["source"]), nodes.get(data["target"])
    if a is None or b is None or a.id == b.id:
        return "", None
    look, marker = _edge_look(classes)
    base = scale.edge * look.weight
    width = base * (HL_WIDTH if "hl" in classes else 1.0)
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
    if "undirected" in classes:
        target_head = "none"
    if "excludes" in classes:
        target_head = "tee"
    source_head = "triangle" if "mutual" in classes else "none"
    arrow = max(_arrow_size(base), scale.font * 0.6) * (1.2 if "hl" in classes else 1.0)
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
    if marker and "dim" not in classes:
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


def _overlap(a: Rect, b: Rect) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _place_markers(markers: list[_Marker], taken: list[Rect], scale: Scale, theme: Theme) -> list[str]:
    """Each marker where it covers the least of the labels, nodes and markers already placed: the line's
    midpoint when that is free, else the nearest free point along the line, else just beside it."""
    size = scale.font * MARKER_FONT
    out = []
    for marker in markers:
        w, h = text_width(marker.text, size) + size * 0.4, size * 1.3
        dx, dy = _unit(marker.end[0] - marker.start[0], marker.end[1] - marker.start[1])
        best: tuple[float, Rect] | None = None
        for side in (0.0, 1.0, -1.0):
            for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8):
                px, py = marker.at(t)
                # Beside the line: far enough along its normal for the box to clear it.
                shift = side * (abs(dy) * w / 2 + abs(dx) * h / 2 + scale.edge)
                px, py = px - dy * shift, py + dx * shift
                rect = (px - w / 2, py - h / 2, px + w / 2, py + h / 2)
                cost = sum(_overlap(rect, other) for other in taken) + abs(side) * 0.5
                if best is None or cost < best[0]:
                    best = (cost, rect)
                if cost < 1:
                    break
            if best is not None and best[0] < 1:
                break
        assert best is not None
        x1, y1, x2, y2 = best[1]
        taken.append(best[1])
        out.append(
            f'<g class="marker"><rect x="{x1:.1f}" y="{y1:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'rx="{size * 0.25:.1f}" fill="#FFFFFF" fill-opacity="0.94" stroke="{marker.colour}" '
            f'stroke-width="{scale.edge * 0.4:.1f}"/>'
            f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 + size * 0.36:.1f}" font-size="{size:.1f}" '
            f'text-anchor="middle" fill="{theme.ink}">{_clean(marker.text)}</text></g>'
        )
    return out


def _offsets(edges: list[dict], step: float) -> list[float]:
    """How far each edge bends: 0 for a lone link, spread either side for links sharing a pair."""
    pairs: dict[tuple[str, str], list[int]] = {}
    for i, edge in enumerate(edges):
        key = tuple(sorted((edge["data"]["source"], edge["data"]["target"])))
        pairs.setdefault(key, []).append(i)
    offsets = [0.0] * len(edges)
    for members in pairs.values():
        n = len(members)
        for rank, i in enumerate(members):
            offsets[i] = (rank - (n - 1) / 2) * step
    return offsets


def _node_svg(node: _Node, scale: Scale, theme: Theme) -> str:
    look = SECTOR_LOOK[_sector(node.classes)]
    r = scale.node / 2
    border = scale.edge * (1.1 if "hl" in node.classes else 0.6)
    shape = _shape_svg(look, node.x, node.y, r)
    shape = shape.replace('stroke="#222" stroke-width="1.5"', f'stroke="#222222" stroke-width="{border:.1f}"')
    halo = ""
    if "picked" in node.classes:
        halo = (
            f'<circle cx="{node.x:.1f}" cy="{node.y:.1f}" r="{r + scale.node * 0.35:.1f}" '
            f'fill="#0072B2" fill-opacity="0.25"/>'
        )
    return f'<g class="node">{halo}{shape}</g>'


def label_widths(nodes: dict[str, _Node], scale: Scale) -> dict[str, float]:
    """The wrap width of each label: the map's text width, narrowed where a neighbour sits closer beside
    it (a row of the grid), so that neighbouring labels do not run into each other."""
    band = scale.font * 2.5
    out = {}
    for node in nodes.values():
        room = scale.text_width
        for other in nodes.values():
            if other is not node and abs(other.y - node.y) < band and other.x != node.x:
                room = min(room, abs(other.x - node.x) * 0.92)
        out[node.id] = max(room, scale.font * 3)
    return out


def _label_lines(node: _Node, width: float, scale: Scale) -> list[str]:
    return wrap(node.label, width, scale.font)


LABEL_LINE_HEIGHT = 1.18


def _label_rect(node: _Node, lines: list[str], scale: Scale) -> Rect:
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


def _label_svg(node: _Node, lines: list[str], scale: Scale, theme: Theme) -> str:
    """The label under the node, on a white box."""
    if not node.label:
        return ""
    size = scale.font
    x1, y1, x2, y2 = _label_rect(node, lines, scale)
    pad = size * 0.12
    box = (
        f'<rect x="{x1:.1f}" y="{y1:.1f}" width="{x2 - x1:.1f}" height="{y2 - y1:.1f}" rx="{pad:.1f}" '
        f'fill="{theme.background}" fill-opacity="{theme.label_background}"/>'
    )
    text = _text_lines(
        lines,
        node.x,
        y1 + pad + size * 0.9,
        size,
        anchor="middle",
        fill=theme.ink,
        line_height=LABEL_LINE_HEIGHT,
    )
    return f'<g class="label">{box}{text}</g>'


def _extent(view: MapView, nodes: dict[str, _Node], widths: dict[str, float], box, longest: int):
    """The model-space rectangle to draw: the layer's fitted box with room for labels, as the app fits it
    (so every area's image of a layer has the same geometry), grown if a label would still stick out."""
    (x1, y1), (x2, y2) = anchor_corners(box, view.scale, longest)
    for node in nodes.values():
        lines = _label_lines(node, widths[node.id], view.scale)
        half = max(text_width(line, view.scale.font) for line in lines) / 2
        x1, x2 = min(x1, node.x - half), max(x2, node.x + half)
        y1 = min(y1, node.y - view.scale.node)
        label_bottom = node.y + view.scale.node / 2 + view.scale.font * (0.6 + LABEL_LINE_HEIGHT * len(lines))
        y2 = max(y2, label_bottom)
    return x1, y1, x2, y2


def map_svg(view: MapView, box, theme: Theme, longest: int = 40) -> tuple[str, tuple[float, ...]]:
    """The map's shapes in model units, and the (x1, y1, x2, y2) extent they fill."""
    nodes: dict[str, _Node] = {}
    edges: list[dict] = []
    for item in view.elements:
        classes = frozenset(item.get("classes", "").split())
        if "anchor" in classes:
            continue
        if "position" in item:
            pos = item["position"]
            nodes[item["data"]["id"]] = _Node(
                item["data"]["id"], item["data"].get("label", ""), pos["x"], pos["y"], classes
            )
        else:
            edges.append(item)
    widths = label_widths(nodes, view.scale)
    wrapped = {n.id: _label_lines(n, widths[n.id], view.scale) for n in nodes.values()}
    extent = _extent(view, nodes, widths, box, longest)
    offsets = _offsets(edges, max(44.0, view.scale.font * 1.5))
    faded, cross, lines, raised, markers = [], [], [], [], []
    for edge, offset in zip(edges, offsets, strict=True):
        shape, marker = _edge_svg(edge, nodes, offset, view.scale, theme)
        classes = edge.get("classes", "").split()
        if "dim" in classes:
            faded.append(shape)
        elif "cross-layer" in classes:
            cross.append(shape)
        else:
            (raised if "hl" in classes else lines).append(shape)
        if marker:
            markers.append(marker)
    r = view.scale.node / 2
    taken = [(n.x - r, n.y - r, n.x + r, n.y + r) for n in nodes.values()]
    taken += [_label_rect(n, wrapped[n.id], view.scale) for n in nodes.values() if n.label]
    dim_nodes = [n for n in nodes.values() if "dim" in n.classes]
    lit_nodes = [n for n in nodes.values() if "dim" not in n.classes]
    # Opacity is set once per layer of the drawing, not per item: the picture is the same (better where
    # faded items overlap) and cairo renders one offscreen surface per group, not one per item.
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
        *_place_markers(markers, taken, view.scale, theme),
        "</g>",
    ]
    return "\n".join(parts), extent


# ---------------------------------------------------------------- caption and page


def _caption_svg(caption: Caption, illustrative: bool, width: float, theme: Theme) -> tuple[str, float]:
    """The caption band (without the outer <svg>) and its height."""
    parts: list[str] = []
    y = 0.0
    if illustrative:
        h = WARNING_FONT * 1.9
        parts.append(
            f'<rect x="0" y="0" width="{width:.1f}" height="{h:.1f}" fill="#FFE9A8" stroke="#111111" '
            f'stroke-width="3"/>'
            f'<rect x="0" y="0" width="14" height="{h:.1f}" fill="#111111"/>'
        )
        parts.append(
            _text_lines(
                [ILLUSTRATIVE_STATEMENT],
                30,
                h / 2 + WARNING_FONT * 0.36,
                WARNING_FONT,
                weight="bold",
                fill="#111111",
            )
        )
        note = "invented to demonstrate comparing areas; the paper gives no per-area breakdown"
        note_x = 30 + text_width(ILLUSTRATIVE_STATEMENT, WARNING_FONT, bold=True) + 24
        if note_x + text_width(note, SOURCE_FONT) < width:
            parts.append(_text_lines([note], note_x, h / 2 + SOURCE_FONT * 0.36, SOURCE_FONT, fill="#111111"))
        y = h + 14
    title = wrap(caption.title, width, TITLE_FONT, bold=True)
    parts.append(
        f'<g class="caption-title">{_text_lines(title, 0, y + TITLE_FONT, TITLE_FONT, weight="bold", fill=theme.ink)}</g>'
    )
    y += TITLE_FONT * (1.25 * len(title)) + 6
    provenance = wrap(caption.provenance, width, PROVENANCE_FONT)
    parts.append(
        f'<g class="caption-provenance">'
        f"{_text_lines(provenance, 0, y + PROVENANCE_FONT, PROVENANCE_FONT, fill=theme.ink)}</g>"
    )
    y += PROVENANCE_FONT * 1.25 * len(provenance) + 4
    source = wrap(f"{caption.source} · {caption.date}", width, SOURCE_FONT)
    parts.append(
        f'<g class="caption-source">{_text_lines(source, 0, y + SOURCE_FONT, SOURCE_FONT, fill=theme.muted)}</g>'
    )
    y += SOURCE_FONT * 1.25 * len(source) + 12
    parts.append(
        f'<line x1="0" y1="{y:.1f}" x2="{width:.1f}" y2="{y:.1f}" stroke="#999999" stroke-width="1"/>'
    )
    return "\n".join(parts), y + 16


def legend_block(
    view: MapView, highlight: str = "none", theme: str | Theme = "report"
) -> tuple[str, float, float]:
    """The legend as an SVG group (without the outer <svg>), its width and its height.

    The entries and swatches are the app's (`explorer.view.legend`): the same sectors, statuses and marker
    notes as `legend_svg`, but long entries wrap, so the legend stays a narrow column beside the map.
    """
    look = THEMES[theme] if isinstance(theme, str) else theme
    font = LEGEND_FONT
    line_height = font * 1.25
    row = font + 12
    parts = [_text_lines(["Legend"], 0, font, font * 1.1, weight="bold", fill=look.ink)]
    y = font * 1.1 + 10
    widest = text_width("Legend", font * 1.1, bold=True)
    for entry in legend_entries(view, highlight):
        marker = f" (marked “{entry.edge.marker}”)" if entry.edge and entry.edge.marker else ""
        lines = wrap(entry.label + marker, LEGEND_TEXT_WIDTH, font)
        centre = y + row / 2
        if entry.node:
            parts.append(_shape_svg(entry.node, 16, centre, 9))
        elif entry.edge:
            parts.append(_line_svg(entry.edge, 0, centre, 40))
        else:  # "Faded": a swatch at the opacity the map uses
            parts.append(
                f'<rect x="0" y="{centre - 7:.1f}" width="40" height="14" fill="#000000" '
                f'opacity="{look.dim_opacity}"/>'
            )
        parts.append(
            f'<g class="legend-entry">'
            f"{_text_lines(lines, 50, centre + font / 3, font, fill=look.ink, line_height=1.25)}</g>"
        )
        widest = max(widest, 50 + max(text_width(line, font) for line in lines))
        y += row + (len(lines) - 1) * line_height
    return "\n".join(parts), widest, y + 6


def _cover(box, view: MapView) -> tuple[float, float, float, float]:
    """The fit box, grown to cover every drawn node (elements placed at load time may lie outside it)."""
    points = [
        (item["position"]["x"], item["position"]["y"])
        for item in view.elements
        if "position" in item and "anchor" not in item.get("classes", "").split()
    ]
    xs = [box[0], box[2], *(p[0] for p in points)]
    ys = [box[1], box[3], *(p[1] for p in points)]
    return min(xs), min(ys), max(xs), max(ys)


def report_scale(box: tuple[float, float, float, float]) -> Scale:
    """Sizes for the printed map: the app's rule (`scale_for`), fitted to the image's map area instead of
    the screen's canvas, so text is 10 to 17 px on the image and lines are print-weight.

    >>> s = report_scale((0, 900, 2400, 2600))
    >>> round(s.font * MAP_WIDTH / 2400), s.text_width
    (17, 282.0)
    """
    return scale_for(box[2] - box[0], box[3] - box[1], cell=CELL, canvas=(MAP_WIDTH, MAP_MAX_HEIGHT))


def render_svg(
    dataset: Dataset,
    state: ViewState,
    app_data_like,
    theme: str = "report",
    *,
    today: dt.date | None = None,
    view: MapView | None = None,
) -> str:
    """The view as a standalone SVG document: caption band on top, the whole map, the legend to its right.

    `app_data_like` is the app's MapService or a Catalog (see `view_for`); `view` may pass a MapView
    already built for `state`. Every text is escaped, so labels holding markup stay text.
    """
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; expected one of: {', '.join(THEMES)}")
    look = THEMES[theme]
    data = as_app_data(app_data_like)
    view = view or view_for(data, dataset, state)
    box = _cover(data.boxes[state.layer], view)
    view = replace(view, scale=report_scale(box))
    body, (x1, y1, x2, y2) = map_svg(view, box, look, data.longest_label)
    k = min(MAP_WIDTH / max(x2 - x1, 1.0), MAP_MAX_HEIGHT / max(y2 - y1, 1.0))
    map_w, map_h = (x2 - x1) * k, (y2 - y1) * k
    dimmed = any("dim" in item.get("classes", "").split() for item in view.elements)
    highlight = state.highlight if state.highlight != "none" or not dimmed else "path"
    legend, legend_w, legend_h = legend_block(view, highlight, look)
    width = MARGIN + map_w + LEGEND_GAP + legend_w + MARGIN
    caption = caption_for(dataset, state, today)
    if getattr(state, "path", "") and dimmed:
        ends = [dataset.get(end) for end in state.path.split(",")]
        names = [getattr(end, "label", "?") for end in ends]
        caption = replace(caption, title=f"{caption.title} · referral path: {names[0]} → {names[1]}")
    band, band_h = _caption_svg(caption, dataset.is_illustrative, width - 2 * MARGIN, look)
    top = MARGIN + band_h
    footer_font = 13
    footer = f"View: {state.to_query()} · drawn by System Map Explorer"
    height = top + max(map_h, legend_h) + footer_font * 2 + MARGIN
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT_FAMILY}">',
            f"<title>{_clean(caption.title)}</title>",
            f"<desc>{_clean(caption.provenance)}</desc>",
            f'<rect x="0" y="0" width="100%" height="100%" fill="{look.background}"/>',
            f'<g class="caption" transform="translate({MARGIN},{MARGIN})">{band}</g>',
            f'<g class="map" transform="translate({MARGIN},{top:.1f}) scale({k:.5f}) '
            f'translate({-x1:.1f},{-y1:.1f})">',
            body,
            "</g>",
            f'<g class="legend" transform="translate({MARGIN + map_w + LEGEND_GAP:.1f},{top:.1f})">{legend}</g>',
            _text_lines([footer], MARGIN, height - MARGIN + footer_font * 0.2, footer_font, fill=look.muted),
            "</svg>",
            "",
        ]
    )


def render_png(svg: str, scale: float = 1.0) -> bytes:
    """The SVG as PNG bytes, `scale` × its pixel size (1 to 4: 2 suits print)."""
    import cairosvg

    if not PNG_SCALES[0] <= scale <= PNG_SCALES[1]:
        raise ValueError(f"PNG scale must be between {PNG_SCALES[0]} and {PNG_SCALES[1]}, not {scale}")
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)


def _safe(part: str, limit: int = 40) -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "-", part).strip("-")[:limit].strip("-")


def image_filename(dataset: Dataset | str, state: ViewState, ext: str, today: dt.date | None = None) -> str:
    """A file name that says what the image shows, in safe characters only.

    >>> image_filename("study", ViewState(layer="C", highlight="gaps"), "png", dt.date(2026, 11, 23))
    'study_layer-C_gaps_2026-11-23.png'
    """
    dataset_id = dataset if isinstance(dataset, str) else dataset.id
    parts = [_safe(dataset_id) or "map", f"layer-{_safe(state.layer)}", _safe(state.highlight)]
    if state.focus:
        parts.append(f"focus-{_safe(state.focus)}-{state.hops}")
    if state.sectors:
        parts.append("sectors-" + _safe("-".join(state.sectors)))
    if state.group and state.highlight == "exclusions":
        parts.append(f"group-{_safe(state.group)}")
    parts.append((today or dt.date.today()).isoformat())
    return "_".join(p for p in parts if p) + "." + (re.sub(r"[^a-z0-9]", "", ext.lower()) or "img")
