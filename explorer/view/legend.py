"""The legend: built from what is on screen, drawn as SVG so the app and exported images share one picture."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from html import escape

from explorer.data.vocab import SECTOR_LABELS, STATUS_LABELS
from explorer.view.mapmodel import MapView
from explorer.view.styles import (
    COMPUTED_GAP_LOOK,
    CROSS_LAYER_LOOK,
    INFERRED_LOOK,
    SECTOR_LOOK,
    STATUS_LOOK,
    TENSION_LOOK,
    EdgeLook,
    NodeLook,
)


@dataclass(frozen=True)
class LegendEntry:
    label: str
    node: NodeLook | None = None
    edge: EdgeLook | None = None


def legend_entries(view: MapView, highlight: str = "none") -> list[LegendEntry]:
    entries = [LegendEntry(SECTOR_LABELS[s], node=SECTOR_LOOK[s]) for s in view.sectors]
    entries += [LegendEntry(STATUS_LABELS[s], edge=STATUS_LOOK[s]) for s in view.statuses]
    if view.computed_gaps:
        entries.append(
            LegendEntry("Missing against the reference pathway (§7.2, §8)", edge=COMPUTED_GAP_LOOK)
        )
    if view.has_cross_layer:
        entries.append(LegendEntry("Cross-layer: one layer shapes another", edge=CROSS_LAYER_LOOK))
    if view.tensions:
        entries.append(
            LegendEntry("Tension in perspectives (§6): a line between the two sides", edge=TENSION_LOOK)
        )
    if view.has_inferred:
        entries.append(LegendEntry("◇ Our reading, not stated in the paper (inferred)", edge=INFERRED_LOOK))
    if highlight != "none":
        entries.append(LegendEntry("Faded: outside the highlight"))
    return entries


def diff_legend_entries(view: MapView, labels: dict[str, str], counts: dict[str, int]) -> list[LegendEntry]:
    from explorer.view.styles import DIFF_LOOK

    entries = [LegendEntry(SECTOR_LABELS[s], node=SECTOR_LOOK[s]) for s in view.sectors]
    entries += [LegendEntry(f"{labels[k]} ({counts.get(k, 0)})", edge=DIFF_LOOK[k]) for k in DIFF_LOOK]
    return entries


def legend_rows(entries: list[LegendEntry]) -> list[list[str]]:
    """The legend as drawn on the page: each row's text and its swatch's image ("" for the faded row's plain
    swatch). The server's panel (explorer.web.panels.legend) and the browser's (assets/35-map-restyle.js, from
    the map bundle) draw these same rows.

    >>> legend_rows([LegendEntry("Faded: outside the highlight")])
    [['Faded: outside the highlight', '']]
    """
    rows = []
    for entry in entries:
        marker = f" (“{entry.edge.marker}”)" if entry.edge and entry.edge.marker else ""
        swatch = data_uri(swatch_svg(entry)) if entry.node or entry.edge else ""
        rows.append([entry.label + marker, swatch])
    return rows


def _shape_svg(look: NodeLook, cx: float, cy: float, r: float) -> str:
    fill = f'fill="{look.colour}" stroke="#222" stroke-width="1.5"'
    points = {
        "hexagon": [(1, 0), (0.5, 0.87), (-0.5, 0.87), (-1, 0), (-0.5, -0.87), (0.5, -0.87)],
        "octagon": [
            (0.92, 0.38),
            (0.38, 0.92),
            (-0.38, 0.92),
            (-0.92, 0.38),
            (-0.92, -0.38),
            (-0.38, -0.92),
            (0.38, -0.92),
            (0.92, -0.38),
        ],
        "diamond": [(0, -1), (1, 0), (0, 1), (-1, 0)],
        "round-triangle": [(0, -1), (1, 0.8), (-1, 0.8)],
        "pentagon": [(0, -1), (0.95, -0.31), (0.59, 0.81), (-0.59, 0.81), (-0.95, -0.31)],
        "star": [
            (0, -1),
            (0.22, -0.31),
            (0.95, -0.31),
            (0.36, 0.12),
            (0.59, 0.81),
            (0, 0.38),
            (-0.59, 0.81),
            (-0.36, 0.12),
            (-0.95, -0.31),
            (-0.22, -0.31),
        ],
        "tag": [(-1, -0.8), (0.4, -0.8), (1, 0), (0.4, 0.8), (-1, 0.8)],
    }.get(look.shape)
    if points:
        pts = " ".join(f"{cx + x * r:.1f},{cy + y * r:.1f}" for x, y in points)
        return f'<polygon points="{pts}" {fill}/>'
    if look.shape == "ellipse":
        return f'<circle cx="{cx}" cy="{cy}" r="{r}" {fill}/>'
    rx = {"round-rectangle": r * 0.4, "barrel": r * 0.7}.get(look.shape, 0)
    return f'<rect x="{cx - r}" y="{cy - r * 0.8}" width="{2 * r}" height="{1.6 * r}" rx="{rx}" {fill}/>'


def _dash(look: EdgeLook) -> str:
    if look.dash:
        return " ".join(str(d * 3) for d in look.dash)
    return {"dashed": "9 5", "dotted": "2 4"}.get(look.pattern, "")


def _line_svg(look: EdgeLook, x1: float, y: float, x2: float) -> str:
    dash = _dash(look)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    cap = ' stroke-linecap="round"' if look.pattern == "dotted" else ""
    width = 3 * look.weight
    mid = diamond_svg((x1 + x2) / 2, y, 6, look.colour, width * 0.7) if look.mid == "diamond" else ""
    head = (
        f'<polygon points="{x2},{y} {x2 - 9},{y - 5} {x2 - 9},{y + 5}" fill="{look.colour}"/>'
        if look.arrow
        else ""
    )
    return (
        f'<line x1="{x1}" y1="{y}" x2="{x2 - 6}" y2="{y}" stroke="{look.colour}" '
        f'stroke-width="{width:.1f}"{dash_attr}{cap}/>'
        f"{head}{mid}"
    )


def diamond_svg(x: float, y: float, r: float, colour: str, width: float) -> str:
    """The inferred mark: a hollow diamond (white inside, so the line does not run through it)."""
    pts = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"
    paint = f'fill="#FFFFFF" stroke="{colour}" stroke-width="{width:.1f}"'
    return f'<polygon class="inferred-mark" points="{pts}" {paint}/>'


def swatch_svg(entry: LegendEntry, width: int = 44, height: int = 24) -> str:
    inner = ""
    if entry.node:
        inner = _shape_svg(entry.node, width / 2, height / 2, height / 2 - 2)
    elif entry.edge:
        inner = _line_svg(entry.edge, 2, height / 2, width - 2)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{inner}</svg>'
    )


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def legend_svg(entries: list[LegendEntry], width: int = 360, font: int = 15) -> tuple[str, int]:
    """The whole legend as one SVG group (without the outer <svg>), and its height; for exports."""
    row = font + 12
    parts = [f'<text x="0" y="{font}" font-size="{font}" font-weight="bold" fill="#111">Legend</text>']
    for i, entry in enumerate(entries):
        y = (i + 1) * row + 6
        if entry.node:
            parts.append(_shape_svg(entry.node, 16, y + row / 2 - 4, 9))
        elif entry.edge:
            parts.append(_line_svg(entry.edge, 0, y + row / 2 - 4, 40))
        parts.append(
            f'<text x="50" y="{y + row / 2 + font / 3 - 4:.1f}" font-size="{font}" fill="#111">'
            f"{escape(entry.label)}{_marker_note(entry)}</text>"
        )
    return "\n".join(parts), (len(entries) + 1) * row + 12


def _marker_note(entry: LegendEntry) -> str:
    if entry.edge and entry.edge.marker:
        return escape(f" (marked “{entry.edge.marker}”)")
    return ""
