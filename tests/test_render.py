"""The exported image: caption, legend and provenance in the SVG, PNG scaling, escaping, file names."""

from __future__ import annotations

import datetime as dt
import io
import re

import numpy as np
import pytest
from defusedxml import ElementTree
from PIL import Image

from explorer.data.catalog import load_catalog
from explorer.outputs.images import (
    ILLUSTRATIVE_STATEMENT,
    image_filename,
    render_png,
    render_svg,
    view_for,
)
from explorer.service import MapService
from explorer.view.legend import legend_entries
from explorer.view.mapmodel import caption_for
from explorer.view.state import ViewState
from tests.conftest import MINI_ELEMENTS, write_mini

SVG = "{http://www.w3.org/2000/svg}"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def app_data() -> MapService:
    return MapService(load_catalog())


def texts(svg: str) -> list[str]:
    """Each <text> element's words, its lines (tspans) joined by spaces."""
    root = ElementTree.fromstring(svg.encode("utf-8"))
    return [" ".join(t.strip() for t in node.itertext() if t.strip()) for node in root.iter(f"{SVG}text")]


def squashed(text: str) -> str:
    """Text without whitespace, so a line break inside a wrapped label does not matter."""
    return re.sub(r"\s+", "", text)


def contains(svg_texts: list[str], wanted: str) -> bool:
    return any(squashed(wanted) in squashed(t) for t in svg_texts)


def test_svg_is_a_standalone_document_with_size(app_data):
    svg = render_svg(app_data.dataset("study"), ViewState(layer="C", highlight="gaps"), app_data, today=TODAY)
    root = ElementTree.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert 1000 < width < 4000 and 600 < height < 4000


@pytest.mark.parametrize(
    "state",
    [
        ViewState(layer="C", highlight="gaps"),
        ViewState(layer="C", highlight="exclusions"),
        ViewState(layer="B", highlight="attendance"),
        ViewState(layer="all"),
    ],
    ids=lambda s: f"{s.layer}-{s.highlight}",
)
def test_svg_carries_caption_date_and_every_legend_label(app_data, state):
    dataset = app_data.dataset("study")
    svg = render_svg(dataset, state, app_data, today=TODAY)
    found = texts(svg)
    caption = caption_for(dataset, state, TODAY)
    assert contains(found, caption.title)
    assert contains(found, caption.provenance)
    assert contains(found, f"{caption.source} · 2026-11-23")
    entries = legend_entries(view_for(app_data, dataset, state), state.highlight)
    assert len(entries) > 3
    for entry in entries:
        assert contains(found, entry.label), entry.label
        if entry.edge and entry.edge.marker:
            assert contains(found, entry.edge.marker)
    assert not contains(found, ILLUSTRATIVE_STATEMENT)


def test_status_markers_are_drawn_on_highlighted_lines(app_data):
    svg = render_svg(app_data.dataset("study"), ViewState(layer="C", highlight="gaps"), app_data)
    root = ElementTree.fromstring(svg.encode("utf-8"))
    markers = [g for g in root.iter(f"{SVG}g") if g.get("class") == "marker"]
    words = {"".join(m.itertext()) for m in markers}
    assert "gap" in words  # recorded gaps are marked, not told by colour alone
    faded = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "faded")
    assert float(faded.get("opacity")) < 0.5 and len(faded) > 5


def test_illustrative_dataset_says_so_in_svg(app_data):
    dataset = app_data.dataset("north")
    assert dataset.is_illustrative
    svg = render_svg(dataset, ViewState(dataset="north", layer="C"), app_data, today=TODAY)
    found = texts(svg)
    assert contains(found, ILLUSTRATIVE_STATEMENT)
    assert contains(found, dataset.provenance_line())


def _dark_pixels(image: Image.Image, box) -> int:
    return int((np.asarray(image.convert("L").crop(box)) < 100).sum())


def _warning_pixels(image: Image.Image, box) -> int:
    """Pixels of the illustrative warning band's pale yellow (#FFE9A8)."""
    rgb = np.asarray(image.convert("RGB").crop(box)).astype(int)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return int(((r > 240) & (g > 220) & (g < 245) & (b > 150) & (b < 190)).sum())


def test_png_scales_and_carries_the_caption_band(app_data):
    state = ViewState(dataset="north", layer="C", highlight="gaps")
    svg = render_svg(app_data.dataset("north"), state, app_data, today=TODAY)
    root = ElementTree.fromstring(svg.encode("utf-8"))
    width, height = int(root.get("width")), int(root.get("height"))
    one = Image.open(io.BytesIO(render_png(svg, 1)))
    two = Image.open(io.BytesIO(render_png(svg, 2)))
    assert one.format == "PNG" and one.size == (width, height)
    assert abs(two.size[0] - 2 * width) <= 1 and abs(two.size[1] - 2 * height) <= 1
    band = (0, 0, width, 150)  # the warning, title and provenance lines
    assert _dark_pixels(one, band) > 2000  # text, not a blank band
    assert _warning_pixels(one, band) > 5000  # the illustrative warning box
    band2 = tuple(2 * v for v in band)
    assert _dark_pixels(two, band2) > 3 * _dark_pixels(one, band)
    # The map itself is drawn too, below the band.
    assert _dark_pixels(one, (0, 200, width, height)) > 2000


def test_study_png_has_no_illustrative_warning(app_data):
    svg = render_svg(app_data.dataset("study"), ViewState(layer="C"), app_data, today=TODAY)
    image = Image.open(io.BytesIO(render_png(svg, 1)))
    assert _warning_pixels(image, (0, 0, image.size[0], 150)) == 0
    assert _dark_pixels(image, (0, 0, image.size[0], 120)) > 1000


@pytest.mark.parametrize("scale", [0, 0.5, 5])
def test_png_scale_out_of_range_is_refused(app_data, scale):
    svg = render_svg(app_data.dataset("study"), ViewState(layer="A"), app_data)
    with pytest.raises(ValueError, match="between 1 and 4"):
        render_png(svg, scale)


def test_markup_in_labels_is_escaped(tmp_path):
    elements = [list(row) for row in MINI_ELEMENTS]
    elements[1][0] = "<script>alert('x')</script> & co"
    elements[2][0] = 'Quote " and <b>bold</b>'
    folder = write_mini(tmp_path / "data" / "mini", elements=elements)
    catalog = load_catalog(folder.parent)
    dataset = catalog.datasets["mini"]
    svg = render_svg(dataset, ViewState(dataset="mini", layer="C"), catalog, today=TODAY)
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&amp; co" in svg
    root = ElementTree.fromstring(svg.encode("utf-8"))  # still well-formed
    assert not [node for node in root.iter() if node.tag in (f"{SVG}script", "script", f"{SVG}b")]
    found = texts(svg)
    assert contains(found, "<script>alert('x')</script> & co")
    assert contains(found, 'Quote " and <b>bold</b>')
    image = Image.open(io.BytesIO(render_png(svg, 1)))
    assert image.size[0] > 500


def test_caption_names_a_focus_and_sectors(app_data):
    state = ViewState(layer="C", focus="camhs", hops=1, sectors=("nhs", "voluntary"))
    svg = render_svg(app_data.dataset("study"), state, app_data, today=TODAY)
    found = texts(svg)
    assert contains(found, "focus: camhs (1 hop)")
    assert contains(found, "sectors: NHS / statutory health, Voluntary / community")


def test_unknown_theme_is_refused(app_data):
    with pytest.raises(ValueError, match="theme"):
        render_svg(app_data.dataset("study"), ViewState(), app_data, theme="neon")


def test_image_filename_is_descriptive_and_safe():
    assert image_filename("study", ViewState(layer="C", highlight="gaps"), "png", TODAY) == (
        "study_layer-C_gaps_2026-11-23.png"
    )
    odd = ViewState(layer="all", focus="../../etc/passwd", hops=2, sectors=("nhs",), highlight="none")
    name = image_filename("a b/c", odd, "SVG", TODAY)
    assert re.fullmatch(r"[A-Za-z0-9._-]+", name), name
    assert name.endswith("_2026-11-23.svg") and ".." not in name and "/" not in name
    assert "focus-etc-passwd-2" in name and "sectors-nhs" in name


def test_image_filename_tells_a_comparison_from_the_plain_map():
    plain = image_filename("study", ViewState(layer="C"), "png", TODAY)
    side = image_filename("study", ViewState(layer="C", compare="london"), "png", TODAY)
    diff = image_filename("study", ViewState(layer="C", compare="london", mode="diff"), "png", TODAY)
    stated = image_filename("study", ViewState(layer="C", basis="stated"), "png", TODAY)
    assert len({plain, side, diff, stated}) == 4
    assert "vs-london" in side and "diff-london" in diff and "stated-only" in stated


def test_the_differences_view_is_drawn_as_differences(app_data):
    state = ViewState(dataset="study", layer="C", compare="london", mode="diff")
    svg = render_svg(app_data.dataset("study"), state, app_data, today=TODAY)
    words = texts(svg)
    london = app_data.dataset("london")
    assert contains(words, f"Differences: {app_data.dataset('study').name} vs {london.name}")
    overlay = app_data.diff_view(app_data.dataset("study"), london, state)
    assert overlay.counts["only-a"] + overlay.counts["only-b"] > 0
    for kind, label in overlay.labels.items():
        assert contains(words, f"{label} ({overlay.counts[kind]})")
    assert contains(words, ILLUSTRATIVE_STATEMENT)  # London is illustrative, so the image says so
    # The plain view of the same layer draws none of that.
    plain = texts(render_svg(app_data.dataset("study"), state.with_(compare=""), app_data, today=TODAY))
    assert not contains(plain, "Differences:") and not contains(plain, overlay.labels["only-a"])


def test_side_by_side_draws_both_maps_with_their_names(app_data):
    state = ViewState(dataset="study", layer="B", compare="north", mode="side")
    svg = render_svg(app_data.dataset("study"), state, app_data, today=TODAY)
    root = ElementTree.fromstring(svg.encode("utf-8"))
    maps = [g for g in root.iter(f"{SVG}g") if g.get("class") == "map"]
    assert len(maps) == 2
    words = texts(svg)
    for dataset_id in ("study", "north"):
        d = app_data.dataset(dataset_id)
        assert contains(words, f"{d.name}: {d.provenance_line()}")


def test_image_export_works_for_an_imported_map(tmp_path):
    """The export callback once refused every map that was not shipped."""
    from explorer.data.readers.uploads import as_imported
    from explorer.store.auth import LOCAL
    from explorer.web import exports
    from explorer.web.app import create_app

    app = create_app(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    service = app.server.config["EXPLORER"]
    north = service.dataset("north")
    imported = as_imported(north, "our-area.xlsx", {"our-area.xlsx": b"bytes of the upload"})
    service.imports.save(imported, LOCAL)
    state = ViewState(dataset=imported.id, layer="C").to_store()
    with app.server.test_request_context("/"):
        download = exports.image_download(state, "svg", 1)
    assert download["filename"].endswith(".svg") and imported.id[:20] in download["filename"]
    words = texts(download["content"])
    assert contains(words, imported.name) and contains(words, "Imported from our-area.xlsx")


def test_image_download_tells_its_steps(tmp_path):
    """The image runs in the background with a bar: drawing, then (for a PNG) making it at the scale."""
    from explorer.web import exports
    from explorer.web.app import create_app

    app = create_app(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    state = ViewState(dataset="study", layer="C").to_store()
    heard = {"png": [], "svg": []}
    with app.server.test_request_context("/"):
        png = exports.image_download(state, "png", 1, lambda *step: heard["png"].append(step))
        exports.image_download(state, "svg", 1, lambda *step: heard["svg"].append(step))
    assert png["filename"].endswith(".png")
    assert heard["png"] == [(0, 2, "drawing the map"), (1, 2, "making the PNG at 1×")]
    assert heard["svg"] == [(0, 1, "drawing the map")]
