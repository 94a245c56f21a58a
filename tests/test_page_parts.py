"""Which parts of the page a change redraws (explorer.view.page), and the small decisions the parts make, without
a browser: a highlight toggle must not resend the tables, the evidence or the dropdown lists."""

from __future__ import annotations

import pytest

from explorer.data.catalog import load_catalog
from explorer.service import MapService
from explorer.view.bundle import view_key as bundle_view_key
from explorer.view.page import (
    ELEMENT_COLUMNS,
    LINK_COLUMNS,
    Mode,
    Part,
    changed_parts,
    group_options,
    mode_of,
    part_keys,
    table_rows,
    views_of,
)
from explorer.view.state import ViewState


def view_key(state: ViewState) -> str:
    return bundle_view_key(state.layer, state.highlight)


SERVICE = MapService(load_catalog())
STUDY = SERVICE.dataset("study")
OTHER = next(d for d in SERVICE.maps() if d.id != "study")


def changed(before: ViewState, after: ViewState) -> set[str]:
    return {p.value for p in changed_parts(part_keys(before), part_keys(after))}


def test_nothing_before_means_every_part_is_drawn():
    assert changed_parts(None, part_keys(ViewState())) == set(Part)


def test_the_same_state_redraws_nothing():
    assert changed(ViewState(highlight="gaps"), ViewState(highlight="gaps")) == set()


@pytest.mark.parametrize(
    ("change", "parts"),
    [
        ({"highlight": "gaps"}, {"map", "caption", "legend"}),
        ({"layer": "B"}, {"map", "caption"}),  # no highlight: its panel is a hint, whatever the layer
        ({"select": "x"}, {"map", "evidence", "editor", "notes"}),
        ({"view": "matrix"}, {"pages", "map", "caption", "matrix"}),
        ({"view": "analysis"}, {"pages", "map", "caption", "analysis"}),
        # Nothing picked: the evidence panel's hint is the same in every area.
        ({"dataset": OTHER.id}, {"map", "caption", "options", "editor", "notes", "imports"}),
        (
            {"dataset": OTHER.id, "select": "x"},
            {"map", "caption", "evidence", "options", "editor", "notes", "imports"},
        ),
        ({"room": "ABCD"}, {"room"}),
    ],
)
def test_a_change_redraws_only_the_parts_that_read_it(change, parts):
    assert changed(ViewState(), ViewState(**change)) == parts


def test_what_the_browser_switches_by_itself_redraws_neither_the_map_nor_the_caption():
    restyled = frozenset({"layer", "highlight", "select"})

    def switched(before, after):
        return {p.value for p in changed_parts(part_keys(before, restyled), part_keys(after, restyled))}

    assert switched(ViewState(), ViewState(layer="B")) == set()
    assert switched(ViewState(), ViewState(highlight="gaps")) == {"legend"}  # the highlight's panel
    assert switched(ViewState(highlight="gaps"), ViewState(highlight="gaps", layer="C")) == {"legend"}
    assert switched(ViewState(), ViewState(sectors=("nhs",))) == {"map", "caption"}


def test_the_caption_part_draws_every_view_the_browser_may_switch_to():
    views = views_of(ViewState(layer="B", sectors=("nhs",)), frozenset({"layer", "highlight"}))
    assert len({view_key(v) for v in views}) == len(views) == 20
    assert {v.sectors for v in views} == {("nhs",)}
    assert [view_key(v) for v in views_of(ViewState(layer="B"), frozenset({"highlight"}))][:2] == [
        "B|none",
        "B|gaps",
    ]


def test_a_room_open_publishes_every_view_but_not_the_projector():
    room = ViewState(room="ABCD")
    assert changed(room, room.with_(highlight="gaps")) >= {"room"}
    assert changed(room, room.with_(layer="B")) >= {"room"}
    assert "room" not in changed(ViewState(), ViewState(layer="B"))
    assert "room" not in changed(room, room.with_(projector=True))


def test_the_notes_table_is_redrawn_only_while_the_table_tab_is_shown():
    on_table = ViewState(view="table")
    assert "notes-table" in changed(ViewState(), on_table)
    assert "notes-table" in changed(on_table, on_table.with_(dataset=OTHER.id))
    assert "notes-table" not in changed(on_table, on_table.with_(highlight="gaps"))
    assert "notes-table" not in changed(ViewState(), ViewState(dataset=OTHER.id))


def test_tables_are_redrawn_only_while_their_tab_is_shown():
    on_table = ViewState(view="table")
    assert "tables" in changed(ViewState(), on_table)
    assert "tables" in changed(on_table, on_table.with_(highlight="gaps"))
    assert "tables" not in changed(ViewState(), ViewState(highlight="gaps"))
    assert "tables" not in changed(ViewState(view="matrix"), ViewState(view="analysis"))


def test_the_page_mode_follows_compare_mode_and_tab():
    assert mode_of(ViewState(), compared=False) == Mode.PLAIN
    assert mode_of(ViewState(mode="diff"), compared=False) == Mode.PLAIN
    assert mode_of(ViewState(mode="side"), compared=True) == Mode.SIDE
    assert mode_of(ViewState(mode="side", view="table"), compared=True) == Mode.PLAIN
    assert mode_of(ViewState(mode="diff", view="table"), compared=True) == Mode.DIFF


def test_group_options_are_this_areas_population_groups_by_label():
    options = group_options(STUDY)
    groups = {e.id for e in STUDY.elements if e.type.value == "population_group"}
    assert {o["value"] for o in options} == groups
    labels = [o["label"] for o in options]
    assert labels == sorted(labels)


def test_table_rows_are_what_the_map_draws():
    view = SERVICE.map_view(STUDY, ViewState(layer="B"))
    elements, links = table_rows(view)
    assert [r["Label"] for r in elements] == [e.label for e in view.visible_elements]
    assert len(links) == len(view.visible_connections)
    assert all(set(r) == set(ELEMENT_COLUMNS) for r in elements)
    assert all(set(r) == set(LINK_COLUMNS) for r in links)


def test_the_matrix_and_analysis_tabs_are_drawn_only_while_shown():
    analysis = ViewState(view="analysis")
    assert "analysis" in changed(analysis, analysis.with_(layer="C"))
    assert "analysis" not in changed(analysis, analysis.with_(highlight="gaps"))
    assert changed(ViewState(), ViewState(layer="C")).isdisjoint({"analysis", "matrix"})
    matrix = ViewState(view="matrix")
    assert "matrix" not in changed(matrix, matrix.with_(dataset=OTHER.id))
