"""Each link status stays distinguishable in greyscale: its legend swatch (the line as the map draws it, with
the text mark it carries) is rasterised, turned to grey, and every pair must differ visibly.

Reads the encodings as they are (view/styles.py's STATUS_LOOK), so it keeps checking as they change.
"""

from __future__ import annotations

import io
import itertools
from xml.sax.saxutils import escape

import pytest
from PIL import Image, ImageChops, ImageStat

from explorer.outputs.images import render_png
from explorer.view.legend import LegendEntry, swatch_svg
from explorer.view.styles import STATUS_LOOK

WIDTH, HEIGHT = 180, 24
MIN_DIFFERENCE = 4.0  # mean grey-level difference (0-255) between two swatches: well above anti-aliasing


def greyscale(status) -> Image.Image:
    look = STATUS_LOOK[status]
    svg = swatch_svg(LegendEntry(str(status), edge=look), width=WIDTH, height=HEIGHT)
    if look.marker:  # the mark the map writes on the line, as the legend names it
        svg = svg.replace(
            "</svg>",
            f'<text x="{WIDTH // 2}" y="10" font-size="10" fill="{look.colour}">{escape(look.marker)}</text></svg>',
        )
    png = render_png(svg, 2, background="white")
    return Image.open(io.BytesIO(png)).convert("L")


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(STATUS_LOOK, 2)), ids=str)
def test_every_pair_of_statuses_differs_in_greyscale(a, b):
    difference = ImageStat.Stat(ImageChops.difference(greyscale(a), greyscale(b))).mean[0]
    assert difference >= MIN_DIFFERENCE, f"{a} and {b} look alike in greyscale ({difference:.1f})"


def test_the_measure_can_tell_when_two_are_the_same():
    status = next(iter(STATUS_LOOK))
    assert ImageStat.Stat(ImageChops.difference(greyscale(status), greyscale(status))).mean[0] == 0
