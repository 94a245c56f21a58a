"""Exported images sized for print (issue 11, Deliver 5): pasted 16 cm wide on A4, a layer image keeps its
labels at 8 pt or more, with the legend below the map, the extent cropped to what is drawn, the same
positions and the same rules (wrapped, no overlaps) as the app; the illustrative marking stays."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import numpy as np
import pytest
from defusedxml import ElementTree
from PIL import Image

from explorer.data.catalog import load_catalog
from explorer.data.vocab import Sector
from explorer.devtools.legibility import export_points
from explorer.outputs.images import (
    ILLUSTRATIVE_STATEMENT,
    _cover,
    _placed_marks,
    render_png,
    render_svg,
    report_scale,
)
from explorer.outputs.map_drawing import label_widths
from explorer.outputs.print_size import export_fit, label_room, labels_clear
from explorer.outputs.theme import IMAGE_WIDTH, LABEL_PX, MAP_MAX_HEIGHT, MAP_WIDTH
from explorer.service import MapService
from explorer.view.marks import NodeMark
from explorer.view.state import ViewState
from explorer.view.styles import Scale

SVG = "{http://www.w3.org/2000/svg}"
SERVICE = MapService(load_catalog())
MAPS = [d.id for d in SERVICE.maps()]


def _groups(svg: str, name: str) -> list:
    root = ElementTree.fromstring(svg.encode("utf-8"))
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == name]


def _translate_y(group) -> float:
    return float(re.search(r"translate\(([-\d.]+),([-\d.]+)\)", group.get("transform"))[2])


@pytest.mark.parametrize("layer", ["A", "B", "C"])
@pytest.mark.parametrize("dataset_id", MAPS)
def test_a_layer_image_keeps_its_labels_at_8_pt_at_16_cm(dataset_id, layer):
    svg = render_svg(SERVICE.dataset(dataset_id), ViewState(dataset=dataset_id, layer=layer), SERVICE)
    median, smallest = export_points(svg)
    assert smallest >= 8.0, (dataset_id, layer, median, smallest)


def test_the_legend_sits_below_the_map_and_the_map_takes_the_width():
    svg = render_svg(SERVICE.dataset("study"), ViewState(dataset="study", layer="C"), SERVICE)
    root = ElementTree.fromstring(svg.encode("utf-8"))
    assert float(root.get("width")) == IMAGE_WIDTH
    [map_group], [legend] = _groups(svg, "map"), _groups(svg, "legend")
    k = float(re.search(r"scale\(([\d.]+)\)", map_group.get("transform"))[1])
    study = SERVICE.dataset("study")
    view = SERVICE.map_view(study, ViewState(dataset="study", layer="C"))
    base = report_scale(_cover(SERVICE.box(study, "C"), view))
    *_, extent = export_fit(
        view, _placed_marks(SERVICE, study, "C"), base, LABEL_PX, (MAP_WIDTH, MAP_MAX_HEIGHT)
    )
    assert (extent[2] - extent[0]) * k == pytest.approx(MAP_WIDTH, rel=0.02)  # the map fills the width
    assert _translate_y(legend) >= _translate_y(map_group) + (extent[3] - extent[1]) * k - 1
    # The legend's text is print-sized too: its scale makes a 16 px entry at least 8 pt at 16 cm.
    text_scale = float(re.search(r"scale\(([\d.]+)\)", legend.get("transform"))[1])
    assert 16 * text_scale * (16 / 2.54 * 72) / IMAGE_WIDTH >= 8.0


def test_every_area_of_a_layer_has_the_same_geometry():
    """Cropped to the layer's extent over every area, so a service sits in the same place in each image."""
    transforms = {}
    for d in MAPS:
        [group] = _groups(render_svg(SERVICE.dataset(d), ViewState(dataset=d, layer="B"), SERVICE), "map")
        # The map's scale and model offset (its top moves down under an illustrative map's warning band).
        transforms[d] = group.get("transform").split(" ", 1)[1]
    assert len(set(transforms.values())) == 1, transforms


@pytest.mark.parametrize("layer", ["A", "B", "C", "all"])
def test_exported_labels_never_overlap_labels_or_nodes(layer):
    study = SERVICE.dataset("study")
    view = SERVICE.map_view(study, ViewState(dataset="study", layer=layer))
    placed = _placed_marks(SERVICE, study, layer)
    base = Scale(font=10.0, node=39.0, edge=3.0, text_width=282.0)
    scale, widths, _extent = export_fit(view, placed, base, LABEL_PX, (MAP_WIDTH, MAP_MAX_HEIGHT))
    assert scale.font > base.font
    assert labels_clear(list(view.nodes), {n.id: widths[n.id] for n in view.nodes}, scale)


def test_label_room_shrinks_the_font_only_as_far_as_the_places_need():
    scale = Scale(font=10.0, node=30.0, edge=2.0, text_width=282.0)
    apart = [
        NodeMark("a", "Schools", 0.0, 0.0, Sector.OTHER),
        NodeMark("b", "Family Hubs", 600.0, 0.0, Sector.OTHER),
    ]
    close = [apart[0], NodeMark("b", "Family Hubs", 0.0, 90.0, Sector.OTHER)]
    assert label_room(apart, label_widths({n.id: n for n in apart}, scale), scale, 60.0) == 60.0
    room = label_room(close, label_widths({n.id: n for n in close}, scale), scale, 60.0)
    assert 10.0 < room < 60.0
    widths = label_widths({n.id: n for n in close}, scale)
    assert labels_clear(close, widths, replace(scale, font=room))
    assert not labels_clear(close, widths, replace(scale, font=room * 1.1))


def test_the_full_name_goes_with_a_node_whose_label_is_short():
    svg = render_svg(SERVICE.dataset("study"), ViewState(dataset="study", layer="C"), SERVICE)
    full = SERVICE.dataset("study").element("between_thresholds").label
    assert f"<title>{full}</title>" in svg
    # the short label drawn, wrapped as it fits where it is placed (two lines or three)
    assert ">Between" in svg and ">thresholds" in svg and "MH" in svg


@pytest.mark.parametrize("layer", ["A", "C", "all"])
def test_an_illustrative_image_says_so_in_svg_and_png(layer):
    svg = render_svg(SERVICE.dataset("west"), ViewState(dataset="west", layer=layer), SERVICE)
    assert ILLUSTRATIVE_STATEMENT in svg
    image = Image.open(io.BytesIO(render_png(svg, 1))).convert("RGB")
    rgb = np.asarray(image.crop((0, 0, image.width, 200))).astype(int)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    yellow = int(((r > 240) & (g > 220) & (g < 245) & (b > 150) & (b < 190)).sum())
    assert yellow > 20_000  # the pale yellow warning band across the top


def test_status_markers_stay_inside_the_cropped_map():
    svg = render_svg(
        SERVICE.dataset("london"), ViewState(dataset="london", layer="C", highlight="gaps"), SERVICE
    )
    [group] = _groups(svg, "map")
    numbers = [float(v) for v in re.findall(r"[-\d.]+", group.get("transform"))]
    left, k, shift = numbers[0], numbers[2], numbers[3]
    markers = [m for m in group.iter(f"{SVG}g") if m.get("class") == "marker"]
    assert len(markers) > 5
    for marker in markers:
        rect = marker.find(f"{SVG}rect")
        x1 = left + k * (float(rect.get("x")) + shift)
        x2 = x1 + k * float(rect.get("width"))
        assert left - 1 <= x1 and x2 <= left + MAP_WIDTH + 1, ("".join(marker.itertext()), x1, x2)
