"""How exported images look: fonts, page geometry in output pixels, and the report and screen themes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONT_FAMILY = "'Atkinson Hyperlegible', 'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif"
# The fonts a PNG is drawn in, shipped with the package (fonts/README.md: what they are, their licences).
FONT_FILES = tuple(str(path) for path in sorted((Path(__file__).parent / "fonts").glob("*.ttf")))
FONT_COVERAGE_FILE = (
    Path(__file__).parent / "fonts" / "coverage.txt"
)  # what they draw (devtools/font_coverage.py)


@cache
def font_coverage() -> frozenset[int]:
    """The code points the shipped fonts draw (whitespace included), read from fonts/coverage.txt."""
    points: set[int] = {0x09, 0x0A, 0x0D}
    for line in FONT_COVERAGE_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            first, last = (int(part, 16) for part in line.split("-"))
            points.update(range(first, last + 1))
    return frozenset(points)


ILLUSTRATIVE_STATEMENT = "ILLUSTRATIVE — not a study finding"
PNG_SCALES = (1, 4)  # smallest and largest scale render_png accepts

# Page geometry in output pixels (at PNG scale 1). The image is one column: caption, map(s), legend, so
# that the map takes the whole width of a page.
MARGIN = 24
MAP_WIDTH = 1400  # the map's width; its height follows the layer's aspect
MAP_MAX_HEIGHT = 1500
IMAGE_WIDTH = MAP_WIDTH + 2 * MARGIN
LEGEND_GAP = 36
LEGEND_COLUMNS = 2  # the legend sits below the map, in columns
# Sizes of the caption band and the legend before TEXT_SCALE (below) enlarges them.
LEGEND_FONT = 16
TITLE_FONT = 25
PROVENANCE_FONT = 18
SOURCE_FONT = 16
WARNING_FONT = 24

# Print sizes. Pasted 16 cm wide on an A4 page (issue 11), the image's labels keep LABEL_PT or more where the
# places leave room, and its smallest other text (source line, legend, footer) TEXT_PT.
PAGE_WIDTH_PT = 16 / 2.54 * 72
PX_PER_PT = IMAGE_WIDTH / PAGE_WIDTH_PT
LABEL_PT = 8.6  # a little over 8: rounding and the browser's wider fonts eat some
TEXT_PT = 8.3
LABEL_PX = LABEL_PT * PX_PER_PT
TEXT_SCALE = TEXT_PT * PX_PER_PT / SOURCE_FONT  # the caption band and the legend are drawn this much larger
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
