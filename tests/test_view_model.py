"""The view model without a browser: which items a view draws, what a highlight lights, the legend, captions,
and the Differences view. The browser tests then only check that the page draws what these functions return.
"""

from __future__ import annotations

import datetime as dt

import pytest

from explorer.analysis import cache
from explorer.data.catalog import load_catalog
from explorer.data.vocab import ElementType, Kind, LayerView, Status
from explorer.service import MapService
from explorer.view.compare import diff_caption_for
from explorer.view.legend import legend_entries
from explorer.view.mapmodel import caption_for, chosen_layers, neighbourhood
from explorer.view.marks import DiffClass, Emphasis
from explorer.view.state import ViewState

SERVICE = MapService(load_catalog())
DATASETS = [d.id for d in SERVICE.maps()]
STUDY = SERVICE.dataset("study")
DAY = dt.date(2026, 12, 3)


def recorded_edges(view):
    """The edges that stand for recorded connections (not tension lines, not links computed from the reference)."""
    return [e for e in view.edges if not e.tension and not e.computed_gap]


@pytest.mark.parametrize("dataset_id", DATASETS)
@pytest.mark.parametrize("layer", [v.value for v in LayerView])
def test_a_layer_shows_its_own_links_and_all_shows_the_cross_layer_ones(dataset_id, layer):
    dataset = SERVICE.dataset(dataset_id)
    view = SERVICE.map_view(dataset, ViewState(dataset=dataset_id, layer=layer))
    expected = {
        c.id for c in dataset.connections if layer == "all" or (c.layer.value == layer and not c.cross_layer)
    }
    assert {e.id for e in recorded_edges(view)} == expected
    drawn = {n.id for n in view.nodes}
    assert all(e.source in drawn and e.target in drawn for e in view.edges)
    layers = chosen_layers(ViewState(layer=layer))
    # Every element drawn belongs to the layer, or is the end of one of its links.
    ends = {x for e in view.edges for x in (e.source, e.target)}
    assert all(layers.intersection(dataset.element(n).layers) or n in ends for n in drawn)
    assert view.has_cross_layer == (layer == "all" and any(c.cross_layer for c in dataset.connections))


def test_with_no_highlight_nothing_is_lit_or_faded():
    view = SERVICE.map_view(STUDY, ViewState(layer="C"))
    assert {m.emphasis for m in (*view.nodes, *view.edges)} == {Emphasis.PLAIN}
    assert not view.faded


def test_gaps_light_the_recorded_gaps_and_their_ends_and_fade_the_rest():
    view = SERVICE.map_view(STUDY, ViewState(layer="C", highlight="gaps"))
    edges = {e.id: e for e in recorded_edges(view)}
    gaps = {c.id for c in STUDY.connections if c.status is Status.GAP and c.id in edges}
    assert gaps
    assert {i for i, e in edges.items() if e.emphasis is Emphasis.LIT} == gaps
    lit_nodes = {n.id for n in view.nodes if n.emphasis is Emphasis.LIT}
    computed_ends = {x for e in view.edges if e.computed_gap for x in (e.source, e.target)}
    assert lit_nodes == {x for g in gaps for x in (STUDY.get(g).source, STUDY.get(g).target)} | computed_ends
    assert view.faded


def test_attendance_lights_every_strategic_group_and_who_attends():
    view = SERVICE.map_view(STUDY, ViewState(layer="B", highlight="attendance"))
    lit = {m.id for m in (*view.nodes, *view.edges) if m.emphasis is Emphasis.LIT}
    groups = {n.id for n in view.nodes if STUDY.element(n.id).type is ElementType.STRATEGIC_GROUP}
    attends = {e.id for e in view.edges if e.kind is Kind.ATTENDS}
    assert groups and attends
    assert groups | attends <= lit
    assert all(e.emphasis is Emphasis.FADED for e in view.edges if e.kind is not Kind.ATTENDS)


def test_choosing_an_excluded_group_lights_only_its_routes():
    group = next(
        e.id
        for e in STUDY.elements
        if e.type is ElementType.POPULATION_GROUP
        and any(c.source == e.id and c.kind is Kind.EXCLUDES for c in STUDY.connections)
    )
    every = SERVICE.map_view(STUDY, ViewState(layer="C", highlight="exclusions"))
    one = SERVICE.map_view(STUDY, ViewState(layer="C", highlight="exclusions", group=group))
    lit_every = {e.source for e in every.edges if e.excludes and e.emphasis is Emphasis.LIT}
    lit_one = {e.source for e in one.edges if e.excludes and e.emphasis is Emphasis.LIT}
    assert len(lit_every) > 1 and lit_one == {group}


def test_a_sector_filter_and_a_focus_narrow_the_map():
    health = SERVICE.map_view(STUDY, ViewState(layer="C", sectors=("nhs",)))
    assert health.nodes and {n.sector.value for n in health.nodes} == {"nhs"}
    focused = SERVICE.map_view(STUDY, ViewState(layer="C", focus="camhs", hops=1))
    everything = SERVICE.map_view(STUDY, ViewState(layer="C"))
    near = neighbourhood("camhs", everything.visible_connections, 1)
    assert {n.id for n in focused.nodes} == near
    assert len(focused.nodes) < len(everything.nodes)


def test_the_legend_explains_only_what_is_on_screen():
    plain = legend_entries(SERVICE.map_view(STUDY, ViewState(layer="C")), "none")
    labels = [e.label for e in plain]
    assert not any("Faded" in label for label in labels)
    assert not any("Tension" in label for label in labels)
    assert any("Our reading" in label for label in labels)  # layer C holds inferred links
    tensions = SERVICE.map_view(STUDY, ViewState(layer="C", highlight="tensions"))
    labels = [e.label for e in legend_entries(tensions, "tensions")]
    assert any(label.startswith("Tension in perspectives") for label in labels)
    assert any("Faded" in label for label in labels)
    stated = SERVICE.map_view(STUDY, ViewState(layer="C", basis="stated"))
    assert not any("Our reading" in e.label for e in legend_entries(stated, "none"))
    statuses = {c.status for c in stated.visible_connections}
    assert len([e for e in legend_entries(stated) if e.edge is not None and e.node is None]) >= len(statuses)


def test_captions_name_the_map_layer_highlight_and_filters():
    caption = caption_for(
        STUDY, ViewState(layer="B", highlight="attendance", sectors=("nhs",), basis="stated"), DAY
    )
    assert caption.title.startswith(STUDY.name + " · B")
    assert "sectors:" in caption.title and "only what the paper states" in caption.title
    assert caption.date == "2026-12-03"
    north = SERVICE.dataset("north")
    assert "illustrative" in caption_for(north, ViewState(), DAY).provenance.lower()


def test_the_differences_view_classes_match_the_diff_and_its_caption_names_both_maps():
    north = SERVICE.dataset("north")
    state = ViewState(dataset="north", layer="all", compare="study", mode="diff")
    view = SERVICE.diff_view(north, STUDY, state)
    result = cache.diff(north, STUDY)
    only_b = {m.id for m in (*view.map.nodes, *view.map.edges) if m.diff is DiffClass.ONLY_B}
    assert only_b == set(result.elements.only_b) | set(result.connections.only_b)
    changed = {e.id for e in view.map.edges if e.diff is DiffClass.CHANGED}
    assert changed == {c.id for c in result.connections.changed}
    assert all("→" in e.marker for e in view.map.edges if e.diff is DiffClass.CHANGED)
    assert view.labels["only-a"] == f"Only in {north.name}"
    caption = diff_caption_for(north, STUDY, state, DAY)
    assert caption.title.startswith(f"Differences: {north.name} vs {STUDY.name}")
    assert "illustrative" in caption.provenance.lower()


def test_an_area_diffed_with_itself_has_only_same_items():
    west = SERVICE.dataset("west")
    view = SERVICE.diff_view(west, west, ViewState(dataset="west", layer="C"))
    assert {m.diff for m in (*view.map.nodes, *view.map.edges)} == {DiffClass.SAME}
