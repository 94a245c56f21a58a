"""A view of a map as a standalone image: SVG drawn in pure Python, PNG through resvg.

An exported image must stand alone in a report or a slide (docs: DESIGN.md, "Reports"), so it carries
a caption band (what is shown, whose data, the date; "ILLUSTRATIVE — not a study finding" for invented
area maps), the whole map, and the legend of what is on it.

The drawing reads the same `MapView` the app paints (`explorer.view.mapmodel.build_map`, or
`explorer.view.compare.build_diff_map` for the Differences view): its typed marks (`explorer.view.marks`),
and it follows the app's stylesheet (`explorer.view.styles`): a shape and colour per sector, a line pattern,
colour and marker per status, arrowheads per direction, a tee bar for exclusions. The extent drawn is what
the layer covers over every area's elements (not a viewport), so a service sits in the same place in every
area's image. The image is sized for print: pasted 16 cm wide, its labels print at 8 pt or more where the
places leave them room (theme.LABEL_PT; `python -m explorer legibility --export` measures it), with the
caption above the map and the legend below it, so the map takes the page's whole width.

>>> from explorer.data.catalog import load_catalog
>>> from explorer.view.state import ViewState
>>> catalog = load_catalog()
>>> svg = render_svg(catalog.datasets["study"], ViewState(layer="C", highlight="gaps"), catalog)
>>> svg.startswith("<?xml") and "Missing links (gaps)" in svg
True
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from explorer.data.catalog import Catalog
from explorer.data.model import Dataset
from explorer.data.vocab import CompareMode, Sector
from explorer.outputs.map_drawing import map_svg
from explorer.outputs.print_size import export_fit
from explorer.outputs.svg_text import clean, text_lines, text_width, wrap
from explorer.outputs.theme import (
    FONT_FAMILY,
    FONT_FILES,
    ILLUSTRATIVE_STATEMENT,
    IMAGE_WIDTH,
    LABEL_PX,
    LEGEND_COLUMNS,
    LEGEND_FONT,
    LEGEND_GAP,
    MAP_MAX_HEIGHT,
    MAP_WIDTH,
    MARGIN,
    PNG_SCALES,
    PROVENANCE_FONT,
    SOURCE_FONT,
    TEXT_SCALE,
    THEMES,
    TITLE_FONT,
    WARNING_FONT,
    Theme,
    font_coverage,
)
from explorer.service import MapService
from explorer.view.compare import diff_caption_for
from explorer.view.legend import LegendEntry, _line_svg, _shape_svg, diff_legend_entries, legend_entries
from explorer.view.mapmodel import Caption, MapView, caption_for
from explorer.view.marks import NodeMark
from explorer.view.positions import CELL
from explorer.view.state import ViewState
from explorer.view.styles import (
    Scale,
    scale_for,
)

# ---------------------------------------------------------------- the view


def as_app_data(source) -> MapService:
    """A `MapService` (positions per view, shared fit boxes, computed gaps) for a Catalog or a MapService."""
    return MapService(source) if isinstance(source, Catalog) else source


def view_for(source, dataset: Dataset, state: ViewState) -> MapView:
    """The MapView the app shows for `state` (see MapService.map_view), for a Catalog or the app's MapService."""
    return as_app_data(source).map_view(dataset, state)


def _caption_svg(caption: Caption, illustrative: bool, width: float, theme: Theme) -> tuple[str, float]:
    """The caption band (without the outer <svg>) and its height."""
    parts: list[str] = []
    y = 0.0
    if illustrative:
        note = "invented to demonstrate comparing areas; the paper gives no per-area breakdown"
        note_x = 30 + text_width(ILLUSTRATIVE_STATEMENT, WARNING_FONT, bold=True) + 24
        beside = note_x + text_width(note, SOURCE_FONT) < width
        note_lines = [] if beside else wrap(note, width - 40, SOURCE_FONT)
        h = WARNING_FONT * 1.9 + SOURCE_FONT * 1.25 * len(note_lines)
        parts.append(
            f'<rect x="0" y="0" width="{width:.1f}" height="{h:.1f}" fill="#FFE9A8" stroke="#111111" '
            f'stroke-width="3"/>'
            f'<rect x="0" y="0" width="14" height="{h:.1f}" fill="#111111"/>'
        )
        parts.append(
            text_lines(
                [ILLUSTRATIVE_STATEMENT],
                30,
                WARNING_FONT * 0.95 + WARNING_FONT * 0.36,
                WARNING_FONT,
                weight="bold",
                fill="#111111",
            )
        )
        if beside:
            y_note = WARNING_FONT * 0.95 + SOURCE_FONT * 0.36
            parts.append(text_lines([note], note_x, y_note, SOURCE_FONT, fill="#111111"))
        else:  # on lines of its own inside the band: the image is narrow for its text size
            y_note = WARNING_FONT * 1.75 + SOURCE_FONT * 0.5
            parts.append(text_lines(note_lines, 30, y_note, SOURCE_FONT, fill="#111111"))
        y = h + 14
    title = wrap(caption.title, width, TITLE_FONT, bold=True)
    parts.append(
        f'<g class="caption-title">{text_lines(title, 0, y + TITLE_FONT, TITLE_FONT, weight="bold", fill=theme.ink)}</g>'
    )
    y += TITLE_FONT * (1.25 * len(title)) + 6
    provenance = wrap(caption.provenance, width, PROVENANCE_FONT)
    parts.append(
        f'<g class="caption-provenance">'
        f"{text_lines(provenance, 0, y + PROVENANCE_FONT, PROVENANCE_FONT, fill=theme.ink)}</g>"
    )
    y += PROVENANCE_FONT * 1.25 * len(provenance) + 4
    source = wrap(f"{caption.source} · {caption.date}", width, SOURCE_FONT)
    parts.append(
        f'<g class="caption-source">{text_lines(source, 0, y + SOURCE_FONT, SOURCE_FONT, fill=theme.muted)}</g>'
    )
    y += SOURCE_FONT * 1.25 * len(source) + 12
    parts.append(
        f'<line x1="0" y1="{y:.1f}" x2="{width:.1f}" y2="{y:.1f}" stroke="#999999" stroke-width="1"/>'
    )
    return "\n".join(parts), y + 16


SWATCH = 72  # a legend line's length: long enough to show a whole dash pattern (excluded's dash-dot-dot)
INDENT = SWATCH + 12
SHAPE_INDENT = 50


def legend_block(
    view: MapView,
    highlight: str = "none",
    theme: str | Theme = "report",
    entries: list | None = None,
    width: float = 840.0,
    columns: int = LEGEND_COLUMNS,
) -> tuple[str, float, float]:
    """The legend as an SVG group (without the outer <svg>), its width and its height, in `columns` columns
    across `width` (it sits below the map, which keeps the map the whole width of the image).

    The entries and swatches are the app's (`explorer.view.legend`): the same sectors, statuses and marker
    notes as `legend_svg`; long entries wrap within their column.
    """
    look = THEMES[theme] if isinstance(theme, str) else theme
    font = LEGEND_FONT
    line_height = font * 1.25
    row = font + 12
    texts = []
    for entry in legend_entries(view, highlight) if entries is None else entries:
        marker = f" (marked “{entry.edge.marker}”)" if entry.edge and entry.edge.marker else ""
        texts.append((entry, entry.label + marker))
    # Sectors read down the first column, lines down the next (or, with other column counts, as many
    # entries in each). Each column is as wide as its widest entry where the columns fit side by side,
    # else the columns share the width equally and their entries wrap.
    shapes = [t for t in texts if t[0].node]
    others = [t for t in texts if not t[0].node]
    groups = [shapes, others] if columns == 2 and shapes and others else []
    if not groups:
        per_column = -(-len(texts) // max(columns, 1)) or 1
        groups = [texts[i : i + per_column] for i in range(0, len(texts), per_column)] or [[]]
    # A column of shapes only needs room for a shape before its text; one with lines, for a whole line.
    indents = [INDENT if any(not e.node for e, _ in g) else SHAPE_INDENT for g in groups]
    natural = [
        indent + max((text_width(t, font) for _, t in g), default=0.0) + font * 2
        for g, indent in zip(groups, indents, strict=True)
    ]
    widths = natural if sum(natural) <= width else [width / len(groups)] * len(groups)
    parts = [text_lines(["Legend"], 0, font, font * 1.1, weight="bold", fill=look.ink)]
    top = font * 1.1 + 10
    bottom, x = top, 0.0
    for group, column_width, indent in zip(groups, widths, indents, strict=True):
        y = top
        for entry, text in group:
            lines = wrap(text, column_width - indent - font, font)
            centre = y + row / 2
            if entry.node:
                parts.append(_shape_svg(entry.node, x + 16, centre, 9))
            elif entry.edge:
                parts.append(_line_svg(entry.edge, x, centre, x + SWATCH))
            else:  # "Faded": a swatch at the opacity the map uses
                parts.append(
                    f'<rect x="{x:.1f}" y="{centre - 7:.1f}" width="{SWATCH}" height="14" fill="#000000" '
                    f'opacity="{look.dim_opacity}"/>'
                )
            parts.append(
                f'<g class="legend-entry">'
                f"{text_lines(lines, x + indent, centre + font / 3, font, fill=look.ink, line_height=1.25)}</g>"
            )
            y += row + (len(lines) - 1) * line_height
        bottom = max(bottom, y)
        x += column_width
    return "\n".join(parts), width, bottom + 6


def _cover(box, view: MapView) -> tuple[float, float, float, float]:
    """The fit box, grown to cover every drawn node (elements placed at load time may lie outside it)."""
    points = [(n.x, n.y) for n in view.nodes]
    xs = [box[0], box[2], *(p[0] for p in points)]
    ys = [box[1], box[3], *(p[1] for p in points)]
    return min(xs), min(ys), max(xs), max(ys)


def report_scale(box: tuple[float, float, float, float]) -> Scale:
    """Sizes for the printed map: the app's rule (`scale_for`), fitted to the image's map area instead of
    the screen's canvas, so lines are print-weight; print_size.export_fit then sizes its labels for print.

    >>> s = report_scale((0, 900, 2400, 2600))
    >>> round(s.font * MAP_WIDTH / 2400), s.text_width
    (17, 282.0)
    """
    return scale_for(box[2] - box[0], box[3] - box[1], cell=CELL, canvas=(MAP_WIDTH, MAP_MAX_HEIGHT))


@dataclass(frozen=True)
class Picture:
    """What one exported image shows: its caption, one or two maps (each with its own title when two),
    and the legend's entries. Built from the same view models the app paints."""

    caption: Caption
    maps: list[tuple[str, MapView]]
    legend: list[LegendEntry]
    illustrative: bool


def picture_for(
    dataset: Dataset, state: ViewState, data: MapService, today: dt.date | None = None
) -> Picture:
    """The Picture of a state: the plain map, the Differences view, or two maps side by side."""
    other = None
    if state.compare and state.compare != dataset.id:
        try:
            other = data.dataset(state.compare)
        except KeyError:
            other = None
    if other is not None and state.mode == CompareMode.DIFF:
        overlay = data.diff_view(dataset, other, state)
        entries = diff_legend_entries(overlay.map, overlay.labels, overlay.counts)
        caption = diff_caption_for(dataset, other, state, today)
        return Picture(
            caption, [("", overlay.map)], entries, dataset.is_illustrative or other.is_illustrative
        )
    view = data.map_view(dataset, state)
    highlight = state.highlight if state.highlight != "none" or not view.faded else "path"
    caption = caption_for(dataset, state, today)
    if state.path and view.faded:
        names = [getattr(dataset.get(end), "label", "?") for end in state.path.split(",")]
        caption = replace(caption, title=f"{caption.title} · referral path: {names[0]} → {names[1]}")
    if other is None:
        return Picture(caption, [("", view)], legend_entries(view, highlight), dataset.is_illustrative)
    second = data.map_view(other, state.with_(dataset=other.id))
    entries = legend_entries(view, highlight)
    entries += [e for e in legend_entries(second, highlight) if e not in entries]
    caption = replace(
        caption,
        title=f"Side by side: {dataset.name} | {other.name} · {caption.title.split(' · ', 1)[-1]}",
        provenance=f"{dataset.provenance_line()} / {other.provenance_line()}",
    )
    maps = [(f"{d.name}: {d.provenance_line()}", v) for d, v in ((dataset, view), (other, second))]
    return Picture(caption, maps, entries, dataset.is_illustrative or other.is_illustrative)


def _placed_marks(data: MapService, dataset: Dataset, layer: str) -> list[NodeMark]:
    """Every element the layer shows in any area, as label-only marks: what the export sizes its labels by."""
    return [
        NodeMark(f"placed-{i}", label, x, y, Sector.OTHER)
        for i, (label, (x, y)) in enumerate(data.placed(dataset, layer))
    ]


def render_svg(
    dataset: Dataset,
    state: ViewState,
    app_data_like,
    theme: str = "report",
    *,
    today: dt.date | None = None,
) -> str:
    """The view as a standalone SVG document: caption band on top, the map, the legend below it.

    `app_data_like` is the app's MapService or a Catalog. The view is the one the app shows for `state`:
    the plain map, the Differences view (`compare` with `mode=diff`), or two maps side by side, stacked
    (`compare` with `mode=side`). Every text is escaped, so labels holding markup stay text.

    Sized for print: pasted IMAGE_WIDTH wide as 16 cm, labels print at theme.LABEL_PT where the places leave
    them room (print_size.export_fit), the other text at TEXT_PT or more. The map is cropped to what it
    draws over every area's elements of the layer, so a service sits in the same place in every area's image.
    """
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; expected one of: {', '.join(THEMES)}")
    look = THEMES[theme]
    data = as_app_data(app_data_like)
    picture = picture_for(dataset, state, data, today)
    placed = _placed_marks(data, dataset, state.layer)
    drawn = []
    for title, view in picture.maps:
        box = _cover(data.box(dataset, state.layer), view)
        canvas = (MAP_WIDTH, MAP_MAX_HEIGHT)
        scale, widths, extent = export_fit(view, placed, report_scale(box), LABEL_PX, canvas)
        view = replace(view, scale=scale)
        body, (x1, y1, x2, y2) = map_svg(view, box, look, data.longest_label, fit=(widths, extent))
        k = min(canvas[0] / max(x2 - x1, 1.0), canvas[1] / max(y2 - y1, 1.0))
        drawn.append((title, body, (x1, y1), k, (x2 - x1) * k, (y2 - y1) * k))
    width = IMAGE_WIDTH
    inner = (width - 2 * MARGIN) / TEXT_SCALE  # the caption's and the legend's width before scaling
    band, band_h = _caption_svg(picture.caption, picture.illustrative, inner, look)
    top = MARGIN + band_h * TEXT_SCALE
    maps_svg, y = [], top
    for title, body, (x1, y1), k, w, h in drawn:
        if title:
            size = SOURCE_FONT * TEXT_SCALE
            lines = wrap(title, width - 2 * MARGIN, size, bold=True)
            maps_svg.append(text_lines(lines, MARGIN, y + size, size, weight="bold", fill=look.ink))
            y += size * (1.25 * len(lines) + 0.5)
        left = MARGIN + (MAP_WIDTH - w) / 2  # a map narrower than the page (a tall one) is centred
        maps_svg += [
            f'<g class="map" transform="translate({left:.1f},{y:.1f}) scale({k:.5f}) '
            f'translate({-x1:.1f},{-y1:.1f})">',
            body,
            "</g>",
        ]
        y += h + (LEGEND_GAP if title else 0)
    y += LEGEND_GAP / 2
    legend, _legend_w, legend_h = legend_block(
        picture.maps[0][1], theme=look, entries=picture.legend, width=inner
    )
    legend_top = y
    y += legend_h * TEXT_SCALE
    footer_font = SOURCE_FONT * TEXT_SCALE
    footer = f"View: {state.to_query()} · drawn by System Map Explorer"
    footer_lines = wrap(footer, width - 2 * MARGIN, footer_font)
    height = y + footer_font * (1.25 * len(footer_lines) + 0.6) + MARGIN
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT_FAMILY}">',
            f"<title>{clean(picture.caption.title)}</title>",
            f"<desc>{clean(picture.caption.provenance)}</desc>",
            f'<rect x="0" y="0" width="100%" height="100%" fill="{look.background}"/>',
            f'<g class="caption" transform="translate({MARGIN},{MARGIN}) scale({TEXT_SCALE:.4f})">{band}</g>',
            *maps_svg,
            f'<g class="legend" transform="translate({MARGIN},{legend_top:.1f}) scale({TEXT_SCALE:.4f})">'
            f"{legend}</g>",
            text_lines(footer_lines, MARGIN, y + footer_font * 1.1, footer_font, fill=look.muted),
            "</svg>",
            "",
        ]
    )


def render_png(svg: str, scale: float = 1.0, background: str | None = None) -> bytes:
    """The SVG as PNG bytes, `scale` × its pixel size (1 to 4: 2 suits print), on `background` if given.

    resvg draws it in the fonts shipped in `explorer/outputs/fonts`, so no host needs a system library or
    font, and every host gives the same image. Only text those fonts cannot draw (an imported map's
    labels in another script, say) brings in the host's fonts: resvg keeps a fallback font for the rest
    of a line, so they are not offered when they are not needed.
    """
    import resvg_py

    if not PNG_SCALES[0] <= scale <= PNG_SCALES[1]:
        raise ValueError(f"PNG scale must be between {PNG_SCALES[0]} and {PNG_SCALES[1]}, not {scale}")
    shipped_only = all(ord(char) in font_coverage() for char in set(svg))
    png = resvg_py.svg_to_bytes(
        svg_string=svg,
        zoom=scale,
        background=background,
        font_files=list(FONT_FILES),
        skip_system_fonts=shipped_only,
    )
    return bytes(png)


def _safe(part: str, limit: int = 40) -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "-", part).strip("-")[:limit].strip("-")


def image_filename(dataset: Dataset | str, state: ViewState, ext: str, today: dt.date | None = None) -> str:
    """A file name that says what the image shows, in safe characters only.

    >>> image_filename("study", ViewState(layer="C", highlight="gaps"), "png", dt.date(2026, 11, 23))
    'study_layer-C_gaps_2026-11-23.png'

    A comparison says so, so a report's Differences image is not mistaken for the plain map:

    >>> image_filename("study", ViewState(layer="C", compare="london", mode="diff"), "png", dt.date(2026, 11, 23))
    'study_layer-C_none_diff-london_2026-11-23.png'
    """
    dataset_id = dataset if isinstance(dataset, str) else dataset.id
    parts = [_safe(dataset_id) or "map", f"layer-{_safe(state.layer)}", _safe(state.highlight)]
    if state.focus:
        parts.append(f"focus-{_safe(state.focus)}-{state.hops}")
    if state.sectors:
        parts.append("sectors-" + _safe("-".join(state.sectors)))
    if state.group and state.highlight == "exclusions":
        parts.append(f"group-{_safe(state.group)}")
    if state.compare and state.compare != dataset_id:
        parts.append(f"{'diff' if state.mode == 'diff' else 'vs'}-{_safe(state.compare)}")
    if state.basis == "stated":
        parts.append("stated-only")
    parts.append((today or dt.date.today()).isoformat())
    return "_".join(p for p in parts if p) + "." + (re.sub(r"[^a-z0-9]", "", ext.lower()) or "img")
