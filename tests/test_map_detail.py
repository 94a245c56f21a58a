"""Level of detail: a map above DETAIL_LIMIT elements is drawn as an overview (straight haystack links, no
arrowheads, no text backgrounds, labels only from a zoom up); the study maps keep every detail."""

from __future__ import annotations

import json

import pytest

from explorer.devtools.synthetic import synthetic_dataset, write_data_dir
from explorer.view.bundle import bundle_payload
from explorer.view.state import ViewState
from explorer.view.styles import (
    DETAIL_LIMIT,
    OVERVIEW_MIN_FONT_PX,
    READING_ZOOM,
    detail_for,
    map_stylesheet,
    overview_scale,
    scale_for,
)
from explorer.web.app import create_app

SCALE = scale_for(2100, 1100)


def _rule(sheet: list[dict], selector: str) -> dict:
    """The style a selector ends up with: later rules win, as in cytoscape."""
    out: dict = {}
    for rule in sheet:
        if rule["selector"] == selector:
            out |= rule["style"]
    return out


def test_the_limit_is_the_element_count():
    assert detail_for(1) == detail_for(DETAIL_LIMIT) == "full"
    assert detail_for(DETAIL_LIMIT + 1) == "overview"


@pytest.mark.parametrize("diff", [False, True])
def test_a_small_map_keeps_every_detail(diff):
    sheet = map_stylesheet(SCALE, 120, diff=diff)
    edge, node = _rule(sheet, "edge"), _rule(sheet, "node")
    assert edge["curve-style"] == "bezier" and edge["target-arrow-shape"] == "triangle"
    assert node["text-background-opacity"] > 0 and "min-zoomed-font-size" not in node
    assert _rule(sheet, "edge.mutual")["source-arrow-shape"] == "triangle"


@pytest.mark.parametrize("diff", [False, True])
def test_a_big_map_is_an_overview(diff):
    sheet = map_stylesheet(SCALE, 8002, diff=diff)
    edge, node = _rule(sheet, "edge"), _rule(sheet, "node")
    assert edge["curve-style"] == "haystack"
    assert edge["target-arrow-shape"] == edge["source-arrow-shape"] == "none"
    assert edge["text-background-opacity"] == node["text-background-opacity"] == 0
    assert node["min-zoomed-font-size"] == edge["min-zoomed-font-size"] == OVERVIEW_MIN_FONT_PX
    # The overview's rules come last, so a class's arrowhead (mutual, excludes) does not bring one back.
    last = [r["selector"] for r in sheet[-2:]]
    assert last == ["node", "edge"]
    # Sizes are for the reading zoom, not the (tiny) fitted zoom of the whole map.
    assert node["font-size"] == pytest.approx(overview_scale().font)
    assert node["font-size"] * READING_ZOOM >= OVERVIEW_MIN_FONT_PX


def test_status_patterns_survive_in_the_overview():
    sheet = map_stylesheet(SCALE, 8002)
    assert _rule(sheet, "edge.status-gap")["line-style"] == "dashed"
    assert _rule(sheet, "edge.status-strained")["line-style"] == "dotted"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    write_data_dir(folder / "data", [synthetic_dataset(DETAIL_LIMIT, 2 * DETAIL_LIMIT, seed=0)])
    url = f"sqlite:///{folder / 'explorer.sqlite3'}"
    return create_app(folder / "data", database_url=url).server.test_client()


def _map_sheet(client, dataset: str) -> list[dict]:
    """The stylesheet the map is drawn with: the server sends the map's bundle, the browser picks the view
    from it as `bundle_payload` does."""
    from tests.test_compression import _map_body

    state = ViewState(dataset=dataset)
    answer = client.post(
        "/_dash-update-component",
        data=json.dumps(_map_body(client, state)),
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 200, answer.data[:300]
    bundle = answer.get_json()["response"]["map-bundle"]["data"]
    return bundle_payload(bundle, state.layer, state.highlight)[1]


def test_the_app_draws_a_big_map_as_an_overview(client):
    assert _rule(_map_sheet(client, "synthetic-0"), "edge")["curve-style"] == "haystack"
