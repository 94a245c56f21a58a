"""Exported PNGs draw their text in the fonts the package ships, so they need no system font or library.

Every character the shipped maps' images write (labels, marks such as ✕ and ◇, legend, caption) is drawn
with the host's fonts switched off, and compared with what the renderer draws for a character no font has
(the empty box): a character that draws the same as the box is missing from the shipped fonts.
"""

from __future__ import annotations

import io
import re
from html import escape, unescape
from pathlib import Path

import pytest
import resvg_py
from PIL import Image, ImageChops, ImageStat

from explorer.data.catalog import load_catalog
from explorer.data.vocab import Highlight, LayerView
from explorer.outputs.images import render_png, render_svg
from explorer.outputs.theme import FONT_COVERAGE_FILE, FONT_FAMILY, FONT_FILES
from explorer.view.state import ViewState

NO_FONT_HAS_IT = "\ue000"  # a private-use character: drawn as the missing-glyph box


def drawn_alone(text: str) -> Image.Image:
    """`text` drawn with only the shipped fonts (the host's are skipped)."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="40">'
        f'<text x="8" y="30" font-size="24" font-family="{FONT_FAMILY}">{escape(text)}</text></svg>'
    )
    png = resvg_py.svg_to_bytes(
        svg_string=svg, background="white", skip_system_fonts=True, font_files=list(FONT_FILES)
    )
    return Image.open(io.BytesIO(bytes(png))).convert("L")


def ink(image: Image.Image) -> float:
    return 255 - ImageStat.Stat(image).mean[0]


def characters_in_images() -> set[str]:
    catalog = load_catalog()
    found: set[str] = set()
    for dataset in catalog.datasets.values():
        for layer in LayerView:
            for highlight in Highlight:
                svg = render_svg(
                    dataset, ViewState(dataset=dataset.id, layer=layer, highlight=highlight), catalog
                )
                for text in re.findall(r"<(?:text|tspan)[^>]*>([^<]*)<", svg):
                    found |= set(unescape(text))
    return {c for c in found if not c.isspace()}


def test_the_fonts_ship_inside_the_package():
    names = {Path(f).name for f in FONT_FILES}
    assert {"AtkinsonHyperlegible-Regular.ttf", "AtkinsonHyperlegible-Bold.ttf"} <= names
    assert any("Symbols" in name for name in names)
    assert all(Path(f).is_file() and Path(f).stat().st_size > 10_000 for f in FONT_FILES)


def test_text_is_drawn_without_any_host_font():
    assert ink(drawn_alone("Gap")) > 5


def test_the_missing_glyph_check_can_fail():
    box = drawn_alone(NO_FONT_HAS_IT)
    assert ink(box) > 0, "the missing-glyph box draws nothing, so the comparison below could not fail"
    assert ImageStat.Stat(ImageChops.difference(drawn_alone(NO_FONT_HAS_IT), box)).mean[0] == 0


@pytest.fixture(scope="module")
def box() -> Image.Image:
    return drawn_alone(NO_FONT_HAS_IT)


def test_every_character_the_images_write_is_in_the_shipped_fonts(box):
    characters = characters_in_images()
    assert "·" in characters and len(characters) > 40, "the images' text was not found"
    missing = [
        c
        for c in sorted(characters)
        if ImageStat.Stat(ImageChops.difference(drawn_alone(c), box)).mean[0] == 0
    ]
    assert not missing, "drawn as the missing-glyph box: " + " ".join(
        f"{c} (U+{ord(c):04X})" for c in missing
    )


def test_a_map_image_renders_to_png_with_its_text():
    catalog = load_catalog()
    svg = render_svg(catalog.datasets["study"], ViewState(layer="C", highlight="gaps"), catalog)
    image = Image.open(io.BytesIO(render_png(svg, 1, background="white"))).convert("L")
    assert image.size[0] > 800 and ink(image) > 5


def test_the_coverage_file_is_what_the_fonts_draw():
    from explorer.devtools.font_coverage import text

    assert FONT_COVERAGE_FILE.read_text(encoding="utf-8") == text(), (
        "fonts/coverage.txt is stale: run python -m explorer.devtools.font_coverage"
    )


def test_a_line_with_a_mark_is_drawn_in_the_shipped_fonts_only():
    """resvg keeps a fallback font for the rest of a line: with the host's fonts offered, '◇ Our reading'
    came out in a host serif. The shipped fonts draw every character, so the host's are not offered."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40">'
        f'<text x="8" y="30" font-size="24" font-family="{FONT_FAMILY}">◇ Our reading ✕ conflict</text></svg>'
    )
    shipped = resvg_py.svg_to_bytes(
        svg_string=svg, background="white", skip_system_fonts=True, font_files=list(FONT_FILES)
    )
    drawn = Image.open(io.BytesIO(render_png(svg, 1, background="white"))).convert("L")
    alone = Image.open(io.BytesIO(bytes(shipped))).convert("L")
    assert ImageStat.Stat(ImageChops.difference(drawn, alone)).mean[0] == 0


def test_the_hosts_fonts_are_offered_only_for_text_the_shipped_ones_cannot_draw(monkeypatch):
    asked = []
    monkeypatch.setattr(resvg_py, "svg_to_bytes", lambda **kwargs: asked.append(kwargs) or b"")
    render_png("<svg><text>Gap ✕ §</text></svg>")
    render_png("<svg><text>خدمات الصحة</text></svg>")  # Arabic: not in Atkinson or the symbols subset
    assert [kwargs["skip_system_fonts"] for kwargs in asked] == [True, False]
