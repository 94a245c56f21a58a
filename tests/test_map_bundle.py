"""The map bundle (explorer.view.bundle): every view the browser switches to by itself must be exactly the map the
server would draw for that state, class for class and place for place, and the map part's key must leave out
only what the bundle covers."""

from __future__ import annotations

import json

import pytest

from explorer.data.catalog import load_catalog
from explorer.data.vocab import Highlight, LayerView
from explorer.service import MapService
from explorer.view.bundle import (
    ALL_LAYERS_MAX,
    area_states,
    bundle_legend,
    bundle_payload,
    bundle_token,
    covered_views,
    covers,
    map_bundle,
    restyled_fields,
)
from explorer.view.legend import diff_legend_entries, legend_entries, legend_rows
from explorer.view.page import Part, changed_parts, map_layout, part_keys
from explorer.view.state import ViewState, next_state
from explorer.view.styles import map_stylesheet
from explorer.web import ids

SERVICE = MapService(load_catalog())
AREAS = [d.id for d in SERVICE.maps()]


def drawn(elements: list[dict]) -> list[tuple]:
    """An element list as cytoscape would hold it: order and class order do not matter."""
    return sorted(
        (
            json.dumps(e["data"], sort_keys=True),
            " ".join(sorted(e.get("classes", "").split())),
            json.dumps(e.get("position"), sort_keys=True),
            e.get("selectable"),
            e.get("grabbable"),
        )
        for e in elements
    )


def bundle_for(state: ViewState) -> dict:
    return SERVICE.map_bundle(state, part_keys(state, SERVICE.restyled(state))[Part.MAP])


@pytest.mark.parametrize("dataset", AREAS)
def test_every_view_of_a_small_map_is_the_servers_own_drawing(dataset):
    base = ViewState(dataset=dataset, select="")
    bundle = bundle_for(base)
    assert len(bundle["views"]) == len(LayerView) * len(Highlight)
    for layer in LayerView:
        for highlight in Highlight:
            state = base.with_(layer=layer, highlight=highlight)
            view = SERVICE.map_view(SERVICE.dataset(dataset), state)
            elements, sheet, layout = bundle_payload(bundle, layer, highlight)
            assert drawn(elements) == drawn(view.elements), (dataset, layer, highlight)
            assert sheet == map_stylesheet(view.scale, len(view.elements))
            assert layout == map_layout(state)
            assert bundle_legend(bundle, layer, highlight) == legend_rows(legend_entries(view, highlight))


def test_the_picked_item_is_marked_in_the_browser_as_the_server_marks_it():
    bundle = bundle_for(ViewState())
    element = next(e for e in bundle["elements"] if "source" in e["data"])["data"]["id"]
    for highlight in ("none", "gaps"):
        state = ViewState(highlight=highlight, select=element)
        view = SERVICE.map_view(SERVICE.dataset("study"), state)
        assert drawn(bundle_payload(bundle, "all", highlight, select=element)[0]) == drawn(view.elements)


def test_a_highlight_lights_and_fades_and_brings_its_own_lines():
    bundle = bundle_for(ViewState())
    plain = bundle_payload(bundle, "all", "none")[0]
    gaps = bundle_payload(bundle, "all", "gaps")[0]
    tensions = bundle_payload(bundle, "all", "tensions")[0]
    assert not any({"hl", "dim"} & set(e["classes"].split()) for e in plain)
    assert {"hl", "dim"} <= {c for e in gaps for c in e["classes"].split()}
    ids = {e["data"]["id"] for e in plain}
    assert any(e["data"]["id"].startswith("computed--") for e in gaps if e["data"]["id"] not in ids)
    assert any("tension" in e["classes"].split() for e in tensions if e["data"]["id"] not in ids)


def test_a_layer_moves_and_drops_elements_and_brings_its_own_sizes():
    bundle = bundle_for(ViewState())
    every, services = bundle_payload(bundle, "all", "none"), bundle_payload(bundle, "C", "none")
    assert len(services[0]) < len(every[0])
    assert services[2]["fitKey"] != every[2]["fitKey"]
    at = {e["data"]["id"]: e.get("position") for e in every[0]}
    assert any(e.get("position") not in (None, at.get(e["data"]["id"])) for e in services[0])


def test_a_view_the_bundle_does_not_hold_is_none():
    small = map_bundle("k", {("C", "none"): ([], [], {})})
    assert bundle_payload(small, "C", "gaps") is None
    assert covers(small, "C", "none") and not covers(small, "all", "none") and not covers(None, "C", "none")


def test_what_differs_between_views_of_one_element_is_kept_per_view():
    a = {"data": {"id": "t", "source": "x", "target": "y", "marker": "one"}, "classes": "tension"}
    b = {**a, "data": {**a["data"], "marker": "two"}}
    bundle = map_bundle("k", {("all", "none"): ([a], [], {}), ("all", "gaps"): ([b], [], {})})
    assert bundle_payload(bundle, "all", "gaps")[0][0]["data"]["marker"] == "two"
    assert bundle_payload(bundle, "all", "none")[0][0]["data"]["marker"] == "one"


def test_a_view_with_its_own_stylesheet_keeps_it_and_one_layer_has_one_layout():
    bundle = map_bundle("k", {("all", "none"): ([], [{"a": 1}], {}), ("all", "gaps"): ([], [{"a": 2}], {})})
    assert bundle_payload(bundle, "all", "gaps")[1] == [{"a": 2}]
    assert bundle_payload(bundle, "all", "none")[1] == [{"a": 1}]
    with pytest.raises(ValueError, match="layout differs within layer"):
        map_bundle("k", {("all", "none"): ([], [], {"a": 1}), ("all", "gaps"): ([], [], {"a": 2})})


def test_big_maps_cover_their_layer_and_compared_maps_only_their_view():
    assert {v[0] for v in covered_views("B", ALL_LAYERS_MAX + 1, False)} == {"B"}
    assert restyled_fields("B", ALL_LAYERS_MAX + 1, False) == {"highlight", "select"}
    compared = ViewState(compare=AREAS[1])
    assert SERVICE.restyled(compared) == frozenset()
    assert bundle_for(compared)["views"] == ["all|none"]


@pytest.mark.parametrize(
    ("change", "redraws_map"),
    [
        ({"highlight": "gaps"}, False),
        ({"layer": "C"}, False),
        ({"select": "gp"}, False),
        ({"dataset": AREAS[1]}, True),
        ({"sectors": ("nhs",)}, True),
        ({"group": "x"}, True),
        ({"compare": AREAS[1]}, True),
    ],
)
def test_the_map_part_is_redrawn_only_for_what_the_bundle_does_not_hold(change, redraws_map):
    before, after = ViewState(), ViewState(**change)
    keys = [part_keys(s, SERVICE.restyled(s)) for s in (before, after)]
    assert (Part.MAP in changed_parts(*keys)) is redraws_map


def test_with_a_comparison_every_toggle_redraws_the_map():
    before = ViewState(compare=AREAS[1])
    after = before.with_(highlight="gaps")
    keys = [part_keys(s, SERVICE.restyled(s)) for s in (before, after)]
    assert Part.MAP in changed_parts(*keys)


def test_equal_keys_and_content_share_one_bundle():
    assert bundle_for(ViewState()) is bundle_for(ViewState(highlight="gaps", layer="B"))


def controls_of(state: ViewState, **change) -> dict:
    """The controls as the URL sync reads them (explorer.web.callbacks.sync), with `change` picked."""
    path_from, _, path_to = state.path.partition(",")
    controls = {
        "dataset": state.dataset,
        "layer": state.layer,
        "highlight": state.highlight,
        "sectors": list(state.sectors),
        "basis": state.basis,
        "projector": state.projector,
        "focus": state.focus,
        "hops": str(state.hops),
        "group": state.group,
        "view": state.view,
        "compare": state.compare,
        "mode": state.mode,
        "path_from": path_from,
        "path_to": path_to,
        "picked": None,
    }
    return controls | change


@pytest.mark.parametrize(
    "state",
    [
        ViewState(),
        ViewState(layer="B", highlight="gaps", select="gp_practices"),
        ViewState(dataset="west", sectors=("nhs",), basis="stated", projector=True, focus="gp_practices"),
    ],
)
def test_each_area_fetched_ahead_is_under_the_key_the_sync_will_give_it(state):
    """The browser draws an area pick from the bundle it holds under that area's key: the key must be the one
    the URL sync sets for that pick, or the sync's answer would not find it (and the server would send it)."""
    fetched = SERVICE.area_bundles(state)
    assert sorted(fetched) == sorted(a for a in AREAS if a != state.dataset)
    for area, entry in fetched.items():
        after = next_state(state, ids.DATASET, None, controls_of(state, dataset=area), SERVICE.dataset_ids())
        assert entry["key"] == part_keys(after, SERVICE.restyled(after))[Part.MAP]
        assert entry["bundle"] == bundle_for(after)
        assert SERVICE.token_for(after, entry["key"]) == bundle_token(entry["bundle"])


def test_a_bundle_the_browser_holds_is_not_sent_again():
    state = ViewState()
    first = SERVICE.area_bundles(state)
    held = {bundle_token(entry["bundle"]) for entry in first.values()}
    again = SERVICE.area_bundles(state, held)
    assert {a: e["key"] for a, e in again.items()} == {a: e["key"] for a, e in first.items()}
    assert all(entry["bundle"] is None for entry in again.values())
    # Another content under the same key is another bundle: the token says which content it is.
    assert bundle_token({**first["west"]["bundle"], "print": "edited"}) not in held


def test_only_small_shipped_areas_are_fetched_ahead_and_none_while_comparing():
    shipped = [("study", 41), ("west", 42), ("big", ALL_LAYERS_MAX + 1)]
    assert [s.dataset for s in area_states(ViewState(), shipped, [])] == ["west"]
    assert area_states(ViewState(compare="west"), shipped, ["study", "west"]) == []
    assert SERVICE.area_bundles(ViewState(compare=AREAS[1])) == {}
    # An imported map is not a shipped area: it is not fetched ahead even when it is the one shown.
    picked = area_states(ViewState(dataset="imported-1", layer="C"), shipped, ["imported-1"])
    assert [(s.dataset, s.layer) for s in picked] == [("study", "C"), ("west", "C")]


def test_a_comparison_brings_the_legend_of_its_differences():
    state = ViewState(dataset=AREAS[0], compare=AREAS[1], mode="diff", highlight="gaps")
    diff = SERVICE.diff_view(SERVICE.dataset(AREAS[0]), SERVICE.dataset(AREAS[1]), state)
    expected = legend_rows(diff_legend_entries(diff.map, diff.labels, diff.counts))
    assert bundle_legend(bundle_for(state), "all", "gaps") == expected
    assert bundle_legend(bundle_for(state), "all", "none") is None  # a view the bundle does not hold


def test_views_that_share_a_legend_carry_it_once():
    bundle = bundle_for(ViewState())
    assert len(bundle["legend"]) == len(bundle["views"])
    assert len(bundle["legends"]) < len(bundle["views"])
    assert len({json.dumps(rows) for rows in bundle["legends"]}) == len(bundle["legends"])
