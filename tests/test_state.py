"""The view state: one parser for the URL, the controls and the store; `next_state` for each user action."""

from __future__ import annotations

import pytest

from explorer.data.vocab import CompareMode, Highlight, LayerView, Page
from explorer.view.state import ViewState, from_query, from_store, next_state

DATASETS = ["study", "london", "north"]


def test_a_query_round_trips_with_enums():
    state = ViewState(
        dataset="london",
        layer="B",
        highlight="attendance",
        select="camhs",
        sectors=("nhs", "voluntary"),
        focus="gp",
        hops=2,
        view="table",
        compare="north",
        mode="diff",
        path="gp,camhs",
    )
    assert state.layer is LayerView.B and state.view is Page.TABLE and state.mode is CompareMode.DIFF
    assert from_query(state.to_query(), DATASETS) == state


def test_unknown_values_fall_back_to_defaults():
    state = from_query(
        "?dataset=nowhere&layer=Z&highlight=x&hops=7&view=y&mode=z&compare=elsewhere&path=a,b,c&sectors=nhs,bogus",
        DATASETS,
    )
    assert state == ViewState(dataset="study", sectors=("nhs",))


def test_long_ids_are_cut():
    state = from_query("?select=" + "x" * 5000, DATASETS)
    assert len(state.select) == 200


def test_a_store_round_trips():
    state = ViewState(dataset="north", layer="C", highlight="gaps", sectors=("nhs",))
    data = state.to_store()
    assert data["layer"] == "C" and data["sectors"] == ["nhs"]
    assert type(data["layer"]) is str  # plain JSON for dcc.Store
    assert from_store(data, DATASETS) == state
    assert from_store({**data, "unknown": 1}) == state


def test_a_wrong_value_in_code_is_an_error():
    with pytest.raises(ValueError):
        ViewState(layer="D")


def test_the_url_wins_on_first_load_and_back():
    previous = ViewState(dataset="london", layer="A")
    assert next_state(previous, "url", "?dataset=north&layer=C", {}, DATASETS) == ViewState(
        dataset="north", layer="C"
    )
    assert next_state(None, "layer", "?layer=B", {"layer": "A"}, DATASETS).layer is LayerView.B


def test_a_control_changes_its_part_and_keeps_the_rest():
    previous = ViewState(dataset="london", layer="A", select="gp", highlight="gaps")
    controls = {
        "dataset": "london",
        "layer": "C",
        "highlight": "gaps",
        "hops": 1,
        "view": "map",
        "mode": "side",
    }
    state = next_state(previous, "layer", "", controls, DATASETS)
    assert state.layer is LayerView.C and state.select == "gp" and state.highlight is Highlight.GAPS


def test_an_unknown_control_value_keeps_the_previous_one():
    previous = ViewState(layer="B", hops=2)
    state = next_state(previous, "layer", "", {"layer": "Q", "hops": "x", "dataset": "gone"}, DATASETS)
    assert (state.layer, state.hops, state.dataset) == (LayerView.B, 2, "study")


def test_taps_and_search_select_and_clear_drops_selection():
    previous = ViewState(focus="gp", group="children", path="a,b")
    controls = {"focus": "gp", "group": "children", "path_from": "a", "path_to": "b"}
    tapped = next_state(previous, "tap-node", "", {**controls, "picked": "camhs"}, DATASETS)
    assert tapped.select == "camhs" and tapped.focus == "gp" and tapped.path == "a,b"
    assert next_state(previous, "search", "", {**controls, "picked": "gp"}, DATASETS).select == "gp"
    cleared = next_state(tapped, "clear", "", controls, DATASETS)
    assert (cleared.select, cleared.focus, cleared.group, cleared.path) == ("", "", "", "")


def test_cleared_dropdowns_clear_their_part():
    previous = ViewState(focus="gp", compare="north", sectors=("nhs",))
    state = next_state(previous, "focus", "", {"focus": None, "compare": None, "sectors": []}, DATASETS)
    assert (state.focus, state.compare, state.sectors) == ("", "", ())


def test_a_path_needs_two_different_ends():
    previous = ViewState()
    assert next_state(previous, "path", "", {"path_from": "a", "path_to": "a"}, DATASETS).path == ""
    assert next_state(previous, "path", "", {"path_from": "a", "path_to": "b"}, DATASETS).path == "a,b"


def test_a_matrix_cell_opens_its_link_on_the_map():
    previous = ViewState(view="matrix")
    state = next_state(previous, "matrix", "", {"picked": "london::camhs_attends"}, DATASETS)
    assert (state.dataset, state.select, state.view, state.highlight) == (
        "london",
        "camhs_attends",
        Page.MAP,
        Highlight.ATTENDANCE,
    )
    # A cell naming a dataset that is not loaded changes nothing but what the controls say.
    assert next_state(previous, "matrix", "", {"picked": "gone::x"}, DATASETS).dataset == "study"


def test_projector_mode_is_in_the_url_as_projector_1():
    # Issue 11: presentation mode and shared links open in projector mode with `projector=1`.
    state = from_query("?dataset=study&layer=C&projector=1", ["study"])
    assert state.projector is True
    assert "projector=1" in state.to_query()
    assert from_query(state.to_query(), ["study"]) == state
    assert from_store(state.to_store(), ["study"]) == state
    assert from_query("?projector=0", ["study"]).projector is False
    assert from_query("?projector=nonsense", ["study"]).projector is False
    assert "projector" not in ViewState().to_query()


def test_projector_switch_turns_on_and_off_and_is_not_shown_to_a_room():
    on = next_state(ViewState(), "projector", "", {"projector": True}, ["study"])
    assert on.projector is True
    off = next_state(on, "projector", "", {"projector": False}, ["study"])
    assert off.projector is False
    # A control that says nothing of projector mode keeps it.
    assert next_state(on, "layer", "", {"layer": "B"}, ["study"]).projector is True
    # How the leader's screen is shown is not what the room shows.
    assert on.shown().projector is False
