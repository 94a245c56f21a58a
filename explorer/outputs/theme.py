"""How exported images look: fonts, page geometry in output pixels, and the report and screen themes."""

from __future__ import annotations

from dataclasses import dataclass

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
