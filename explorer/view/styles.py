"""Visual encoding: Okabe-Ito colours, a shape per sector, a line pattern per status, and the stylesheet.

Status is never carried by colour alone: every status has its own line pattern or marker, so the map
still reads in greyscale and for colour-blind viewers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from explorer.data.vocab import Sector, Status

# Okabe & Ito (2008), the palette safe for the common colour-vision deficiencies.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#6B6B6B"


@dataclass(frozen=True)
class NodeLook:
    colour: str
    shape: str  # a cytoscape.js node shape


SECTOR_LOOK: dict[Sector, NodeLook] = {
    Sector.NATIONAL: NodeLook(BLUE, "rectangle"),
    Sector.REGIONAL: NodeLook(SKY, "hexagon"),
    Sector.NHS: NodeLook(GREEN, "round-rectangle"),
    Sector.LOCAL_AUTHORITY: NodeLook(ORANGE, "octagon"),
    Sector.EDUCATION: NodeLook(YELLOW, "barrel"),
    Sector.VOLUNTARY: NodeLook(PURPLE, "ellipse"),
    Sector.BY_AND_FOR: NodeLook(PURPLE, "star"),
    Sector.MULTI_AGENCY: NodeLook(SKY, "diamond"),
    Sector.PRIVATE: NodeLook("#BBBBBB", "tag"),
    Sector.POPULATION: NodeLook(VERMILLION, "round-triangle"),
    Sector.OTHER: NodeLook("#DDDDDD", "pentagon"),
}


@dataclass(frozen=True)
class EdgeLook:
    colour: str
    pattern: str  # solid | dashed | dotted
    dash: tuple[float, ...] = ()  # a custom dash pattern, in multiples of the line width
    marker: str = ""  # a text mark drawn on the line, so a status is readable without colour
    weight: float = 1.0
    mid: str = ""  # a shape drawn hollow at the line's middle: "diamond" marks our reading (inferred)
    arrow: bool = True  # the legend swatch's arrowhead; a tension has no direction


# Gap, excluded and invited-but-absent share the warning colour, so their dashes tell them apart on their own
# (short dashes for a gap, long ones for an absence, dash-dot-dot for a threshold's exclusion); the pairwise
# test in tests/test_encodings.py keeps every status distinct without colour.
STATUS_LOOK: dict[Status, EdgeLook] = {
    Status.PRESENT: EdgeLook("#444444", "solid"),
    Status.STRAINED: EdgeLook(ORANGE, "dotted", weight=1.3),
    Status.GAP: EdgeLook(VERMILLION, "dashed", weight=1.6, marker="gap"),
    Status.CONFLICT: EdgeLook(PURPLE, "solid", marker="✕ conflict", weight=1.3),
    Status.ATTENDS: EdgeLook(
        BLUE, "solid", weight=2.0
    ),  # thicker than a plain link, so it reads without colour
    Status.INVITED_NOT_ATTENDING: EdgeLook(VERMILLION, "dashed", dash=(10, 4), weight=1.4, marker="absent"),
    Status.NOT_INVITED: EdgeLook(BLACK, "dotted", weight=1.4, marker="not invited"),
    Status.ATTENDS_NOT_EQUAL: EdgeLook(ORANGE, "dashed", dash=(8, 2, 1, 2), weight=1.6, marker="not equal"),
    Status.EXCLUDED: EdgeLook(
        VERMILLION, "dashed", dash=(7, 2, 1.5, 2, 1.5, 2), weight=1.5, marker="excluded"
    ),
    Status.RECOMMENDED: EdgeLook(BLUE, "dashed", dash=(6, 3, 1, 3), weight=1.4, marker="should exist"),
}
COMPUTED_GAP_LOOK = EdgeLook(BLUE, "dashed", dash=(1, 2), weight=1.8, marker="missing vs reference")
# Our reading (basis `inferred`): a diamond "◇" on a link (after its status marker) and a double border on an
# element: shapes rather than colours, so the mark survives greyscale print and colour-blind viewing alike.
INFERRED_LOOK = EdgeLook("#444444", "solid", mid="diamond")
# A tension in perspectives (§6), drawn between the holders of its two sides: a dash-dot line of its own.
TENSION_LOOK = EdgeLook(BLACK, "dashed", dash=(7, 3, 2, 3), weight=2.0, arrow=False)
CROSS_LAYER_LOOK = EdgeLook("#8C8C8C", "solid", weight=0.8)


@dataclass(frozen=True)
class Scale:
    """Sizes in model units, chosen so the text is about the same size on screen at the fitted zoom."""

    font: float
    node: float
    edge: float
    text_width: float


def scale_for(
    box_width: float, box_height: float, cell=(300.0, 150.0), canvas=(920.0, 490.0), max_px: float = 17.0
) -> Scale:
    """Model-unit sizes for a view whose fitted extent is box_width × box_height.

    Text is sized to the grid cell as it will appear on screen (a projector needs it as large as the
    spacing allows), between 10 and 17 pixels.

    >>> s = scale_for(2100, 1100)  # a 7 × 5 grid: cells of about 130 px on screen
    >>> round(s.font * min(920 / 2100, 490 / 1100))  # font in screen pixels
    14
    """
    zoom = min(fit_zoom(canvas, box_width, box_height), 1.6)
    cell_px = cell[0] * zoom
    font_px = max(10.0, min(max_px, cell_px / 9.5))
    node_px = max(14.0, min(26.0, cell[1] * zoom * 0.22))
    return Scale(font=font_px / zoom, node=node_px / zoom, edge=2.0 / zoom, text_width=cell[0] * 0.94)


# The padding round the fitted anchors, in px (assets/20-fit.js's PAD): the anchors already leave the labels room.
FIT_PADDING = 10
# The map's canvas in CSS pixels in a 1280×720 window, for each way the page lays the map out
# (assets/10-explorer.css; projector mode: assets/17-projector.css), less the fit's padding each side and the
# room the fit leaves for overlays (assets/20-fit.js). Where the browser picks between two arrangements, both
# are listed and the one that draws the map bigger counts. Labels are sized for the canvas they are drawn on:
# a bigger window only makes them bigger.
CANVAS = {
    # The side panel takes 360 px (the banner heads it); the top bar two rows, a one-line caption, the keys' line.
    ("page", "one"): ((900.0, 561.0),),
    ("page", "side"): ((437.0, 561.0),),  # two maps share the main column
    # The slim bar and a one-line caption; the legend in a 272 px column beside the map, or a strip below it
    # (about 80 px: 55 in A and B, 80 in C, 100 in All).
    ("projector", "one"): ((988.0, 604.0), (1260.0, 524.0)),
    ("projector", "side"): ((617.0, 524.0),),  # each map half the window; the legend strip under both
}
# The rendered label size each aims for (issue 11), in px: projector mode ≥ 18 in one layer, ≥ 14 in All;
# the page ≥ 14 in one layer; side by side ≥ 12. The page's All view keeps the old floor: it holds three layers.
TARGET_PX = {
    ("page", "one", "layer"): 14.5,
    ("page", "one", "all"): 10.0,
    ("page", "side", "layer"): 10.0,
    ("page", "side", "all"): 8.0,
    ("projector", "one", "layer"): 18.5,
    ("projector", "one", "all"): 14.5,
    ("projector", "side", "layer"): 12.5,
    ("projector", "side", "all"): 12.5,
}
MAX_PX = {"page": 17.0, "projector": 30.0}


def fit_zoom(canvas, width: float, height: float) -> float:
    """The zoom that fits a width × height extent into `canvas`: one (w, h) or several arrangements of it
    ((w, h), (w, h), …), of which the browser takes the one that draws the map bigger.

    >>> fit_zoom((1000.0, 500.0), 2000, 500), fit_zoom(((1000.0, 600.0), (1200.0, 500.0)), 2400, 1000)
    (0.5, 0.5)
    """
    options = canvas if isinstance(canvas[0], tuple | list) else (canvas,)
    return max(min(w / max(width, 1.0), h / max(height, 1.0)) for w, h in options)


def fitted_scale(box, canvas, target_px: float, max_px: float, corners, cell=(300.0, 150.0)) -> Scale:
    """Sizes for a view whose labels should render at `target_px` or more once its anchors are fitted to
    `canvas` (px; one (w, h) or several, as fit_zoom takes). `corners(scale)` gives the anchors for a scale (sizing.anchor_corners): they leave room
    for labels, so bigger text widens the fitted extent and lowers the zoom; a few rounds settle it.

    The text is sized to the cell as before (a projector needs it as large as the spacing allows), and never
    below `target_px` on screen, nor above `max_px`. Labels wrap at the cell's width whatever their size.

    >>> corners = lambda s: ((-150.0, -100.0), (1350.0, 600.0 + 6 * s.font))
    >>> s = fitted_scale((0, 0, 1200, 495), (1220.0, 565.0), 18.5, 30.0, corners)
    >>> (x1, y1), (x2, y2) = corners(s)
    >>> round(s.font * min(1220 / (x2 - x1), 565 / (y2 - y1)), 1) >= 18.5
    True
    """
    scale = scale_for(box[2] - box[0], box[3] - box[1], cell=cell, canvas=canvas, max_px=max_px)
    for _ in range(8):
        (x1, y1), (x2, y2) = corners(scale)
        zoom = fit_zoom(canvas, x2 - x1, y2 - y1)
        font_px = min(max(scale.font * zoom, target_px), max_px)
        if abs(font_px - scale.font * zoom) < 0.05:
            break
        # Nudge a little past the target: the anchors grow with the font, so the zoom falls behind it.
        # Nodes and lines keep their cell-based sizes: growing them would take the room the words need.
        font = font_px * 1.02 / zoom if font_px > scale.font * zoom else font_px / zoom
        scale = replace(scale, font=font)
    return scale


# Above this many elements (nodes and links) the map is drawn in overview detail (docs/performance.md: with
# software rendering, a 2,000-node map's labels, text backgrounds, curved links and arrowheads took most of
# cytoscape's 8-16 s first paint). The study maps have about 120.
DETAIL_LIMIT = 300
# In overview detail, labels are drawn only once the zoom makes them this many pixels high, so the fitted
# overview shows the shape of the map and zooming in brings the names.
OVERVIEW_MIN_FONT_PX = 9
# The zoom an overview's sizes are made for: a grid cell about 135 px across, as on a fitted study map.
READING_ZOOM = 0.45


def detail_for(count: int) -> str:
    """How much to draw: "full" up to DETAIL_LIMIT elements, "overview" above.

    >>> detail_for(117), detail_for(DETAIL_LIMIT), detail_for(8002)
    ('full', 'full', 'overview')
    """
    return "full" if count <= DETAIL_LIMIT else "overview"


def overview_scale(cell=(300.0, 150.0)) -> Scale:
    """Sizes for an overview: made for READING_ZOOM, not the fitted zoom, so that at the fitted zoom of a
    big map nodes are dots that keep their cells apart and the labels are too small to draw; zoomed in
    to READING_ZOOM, they read as on a study map.

    >>> s = overview_scale()
    >>> round(s.font * READING_ZOOM), s.font * 0.05 < OVERVIEW_MIN_FONT_PX  # px at reading zoom; at min zoom
    (14, True)
    """
    return scale_for(920.0 / READING_ZOOM, 490.0 / READING_ZOOM, cell=cell)


def overview_rules() -> list[dict]:
    """What overview detail changes, after every other rule so it wins: straight 'haystack' links without
    arrowheads (the costliest part of a link to draw), no text backgrounds, labels only from a zoom up.

    A status still shows by its line pattern and colour; its text marker and the arrowheads come back on
    the full-detail map (a smaller view: a layer, a focus, a sector filter)."""
    return [
        {
            "selector": "node",
            "style": {"text-background-opacity": 0, "min-zoomed-font-size": OVERVIEW_MIN_FONT_PX},
        },
        {
            "selector": "edge",
            "style": {
                "curve-style": "haystack",
                "haystack-radius": 0,
                "target-arrow-shape": "none",
                "source-arrow-shape": "none",
                "text-background-opacity": 0,
                "min-zoomed-font-size": OVERVIEW_MIN_FONT_PX,
            },
        },
    ]


def stylesheet(scale: Scale, theme: str = "screen", detail: str = "full") -> list[dict]:
    """The cytoscape stylesheet; `theme="report"` is white, dark text, bolder lines for print;
    `detail="overview"` (see `detail_for`) is the lighter drawing for big maps."""
    ink = "#111111"
    rules: list[dict] = [
        {
            "selector": "node",
            "style": {
                "label": "data(label)",
                "font-size": scale.font,
                "font-family": "Atkinson Hyperlegible, Segoe UI, Helvetica, Arial, sans-serif",
                "color": ink,
                "text-valign": "bottom",
                "text-halign": "center",
                "text-margin-y": scale.font * 0.25,
                "text-wrap": "wrap",
                "text-max-width": scale.text_width,
                "text-background-color": "#FFFFFF",
                "text-background-opacity": 0.85,
                "text-background-padding": scale.font * 0.1,
                "width": scale.node,
                "height": scale.node,
                "border-width": scale.edge * 0.8,
                "border-color": "#222222",
            },
        },
        {"selector": "node.anchor", "style": {"opacity": 0, "events": "no", "width": 1, "height": 1}},
        {
            "selector": "edge",
            "style": {
                "width": scale.edge,
                "curve-style": "bezier",
                "target-arrow-shape": "triangle",
                "arrow-scale": 1.1,
                "font-size": scale.font * 0.8,
                "color": ink,
                "text-background-color": "#FFFFFF",
                "text-background-opacity": 0.9,
                "text-rotation": "autorotate",
            },
        },
        {"selector": "edge.mutual", "style": {"source-arrow-shape": "triangle"}},
        {"selector": "edge.undirected", "style": {"target-arrow-shape": "none"}},
    ]
    for sector, look in SECTOR_LOOK.items():
        rules.append(
            {
                "selector": f"node.sector-{sector.value}",
                "style": {"background-color": look.colour, "shape": look.shape},
            }
        )
    for status, look in STATUS_LOOK.items():
        rules.append({"selector": f"edge.status-{status.value}", "style": edge_style(look, scale)})
    rules += [
        {"selector": "edge.cross-layer", "style": edge_style(CROSS_LAYER_LOOK, scale) | {"opacity": 0.7}},
        {"selector": "edge.computed-gap", "style": edge_style(COMPUTED_GAP_LOOK, scale)},
        {
            "selector": "edge.tension",
            "style": edge_style(TENSION_LOOK, scale)
            | {"label": "data(marker)", "font-size": scale.font, "font-weight": "bold", "z-index": 12},
        },
        {"selector": "edge.excludes", "style": {"target-arrow-shape": "tee"}},
        {"selector": "edge.basis-inferred", "style": {"label": "data(marker)", "font-size": scale.font}},
        {
            "selector": "node.basis-inferred",
            "style": {"border-style": "double", "border-width": scale.edge * 2.4},
        },
        {"selector": ".dim", "style": {"opacity": 0.13}},
        {"selector": "edge.dim", "style": {"label": ""}},
        {"selector": "edge.hl", "style": {"width": scale.edge * 2.2, "z-index": 10, "opacity": 1}},
        {"selector": "node.hl", "style": {"border-width": scale.edge * 1.8, "z-index": 10, "opacity": 1}},
        {
            "selector": ".picked, :selected",
            "style": {
                "overlay-color": BLUE,
                "overlay-opacity": 0.25,
                "overlay-padding": scale.node * 0.35,
                "z-index": 20,
            },
        },
    ]
    if theme == "report":
        rules.append({"selector": "core", "style": {"active-bg-opacity": 0}})
    if detail == "overview":
        rules += overview_rules()
    return rules


def map_stylesheet(scale: Scale, count: int, diff: bool = False) -> list[dict]:
    """The stylesheet for a map of `count` elements: full detail at the view's scale up to DETAIL_LIMIT,
    else the overview, at its own scale. The bench's floor page is given the same sheet.

    >>> full, big = map_stylesheet(scale_for(2100, 1100), 117), map_stylesheet(scale_for(2100, 1100), 8002)
    >>> [r["style"].get("curve-style") for r in full if r["selector"] == "edge"]
    ['bezier']
    >>> [r["style"].get("curve-style") for r in big if r["selector"] == "edge"]
    ['bezier', 'haystack']
    """
    detail = detail_for(count)
    if detail == "overview":
        scale = overview_scale()
    return diff_stylesheet(scale, detail) if diff else stylesheet(scale, detail=detail)


def edge_style(look: EdgeLook, scale: Scale) -> dict:
    style: dict = {
        "line-color": look.colour,
        "target-arrow-color": look.colour,
        "source-arrow-color": look.colour,
        "width": scale.edge * look.weight,
        "line-style": look.pattern,
    }
    if look.dash:
        style |= {"line-style": "dashed", "line-dash-pattern": [d * scale.edge for d in look.dash]}
    if look.marker:
        style["label"] = look.marker
    return style


# The diff overlay: one look per class, each with its own line and border pattern.
DIFF_LOOK = {
    "only-a": EdgeLook(BLUE, "solid", weight=2.0),
    "only-b": EdgeLook(VERMILLION, "dotted", weight=2.0),
    "changed": EdgeLook(PURPLE, "dashed", weight=2.0),
    "same": EdgeLook("#9A9A9A", "solid", weight=0.8),
}
DIFF_BORDER = {"only-a": "solid", "only-b": "dashed", "changed": "double", "same": "solid"}


def diff_stylesheet(scale: Scale, detail: str = "full") -> list[dict]:
    rules = stylesheet(scale)
    for kind, look in DIFF_LOOK.items():
        rules.append({"selector": f"edge.diff-{kind}", "style": edge_style(look, scale) | {"label": ""}})
        rules.append(
            {
                "selector": f"node.diff-{kind}",
                "style": {
                    "border-style": DIFF_BORDER[kind],
                    "border-color": look.colour if kind != "same" else "#222222",
                    "border-width": scale.edge * (2.6 if kind != "same" else 0.8),
                },
            }
        )
    rules += [
        {"selector": "edge.diff-changed", "style": {"label": "data(marker)"}},
        {"selector": ".diff-same", "style": {"opacity": 0.35}},
        {"selector": "node.diff-only-b", "style": {"background-opacity": 0.45}},
    ]
    if detail == "overview":
        rules += overview_rules()
    return rules
