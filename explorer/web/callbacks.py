"""Thin callbacks: read inputs, call the view model, hand back its results."""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, html, no_update

from explorer.view import highlights
from explorer.view.bundle import view_key
from explorer.view.compare import diff_caption_for
from explorer.view.mapmodel import caption_for, describe
from explorer.view.page import (
    Mode,
    banner_colour,
    changed_parts,
    group_options,
    map_layout,
    mode_of,
    part_keys,
    views_of,
)
from explorer.view.pickers import element_choices
from explorer.view.state import from_store, next_state
from explorer.view.styles import map_stylesheet
from explorer.web import ids, panels
from explorer.web.context import current, part_state, views

TRIGGERS = {ids.URL: "url", ids.CLEAR: "clear", ids.SEARCH: "search", ids.MATRIX_CLICK: "matrix"}
HIDDEN = {"display": "none"}


# What the URL sync writes besides the URL and the parts' keys, in its outputs' order. The page's layout starts
# with the same values when it knows the page's URL (explorer/web/first_view.py).
SYNCED = (
    (ids.STATE, "data"),
    (ids.DATASET, "value"),
    (ids.LAYER, "value"),
    (ids.HIGHLIGHT, "value"),
    (ids.SECTORS, "value"),
    (ids.BASIS_FILTER, "value"),
    (ids.PROJECTOR, "value"),
    (ids.FOCUS, "value"),
    (ids.HOPS, "value"),
    (ids.EXCLUSION_GROUP, "value"),
    (ids.VIEW_TABS, "value"),
    (ids.COMPARE, "value"),
    (ids.MODE, "value"),
    (ids.PATH_FROM, "value"),
    (ids.PATH_TO, "value"),
    (ids.SEARCH, "value"),
    (ids.CENTRE, "data"),
    # With their values, so a dropdown never drops a value it has no option for (explorer.view.pickers).
    (ids.SEARCH, "options"),
    (ids.FOCUS, "options"),
    (ids.PATH_FROM, "options"),
    (ids.PATH_TO, "options"),
)


@callback(
    Output(ids.URL, "search"),
    *[Output(component, prop) for component, prop in SYNCED],
    # One key per part of the page (explorer.view.page): set only when that part changes, so only its callback runs.
    *[Output(store, "data") for store in ids.PARTS.values()],
    Output(ids.FIRST_VIEW, "data"),
    Input(ids.URL, "search"),
    Input(ids.DATASET, "value"),
    Input(ids.LAYER, "value"),
    Input(ids.HIGHLIGHT, "value"),
    Input(ids.SECTORS, "value"),
    Input(ids.BASIS_FILTER, "value"),
    Input(ids.PROJECTOR, "value"),
    Input(ids.FOCUS, "value"),
    Input(ids.HOPS, "value"),
    Input(ids.EXCLUSION_GROUP, "value"),
    Input(ids.VIEW_TABS, "value"),
    Input(ids.COMPARE, "value"),
    Input(ids.MODE, "value"),
    Input(ids.PATH_FROM, "value"),
    Input(ids.PATH_TO, "value"),
    Input(ids.SEARCH, "value"),
    Input(ids.CLEAR, "n_clicks"),
    Input(ids.MAP, "tapNodeData"),
    Input(ids.MAP, "tapEdgeData"),
    Input(ids.MAP2, "tapNodeData"),
    Input(ids.MAP2, "tapEdgeData"),
    Input(ids.MATRIX_CLICK, "data"),
    State(ids.STATE, "data"),
    State(ids.FIRST_VIEW, "data"),
)
def sync(
    search,
    dataset,
    layer,
    highlight,
    sectors,
    stated_only,
    projector,
    focus,
    hops,
    group,
    view,
    compare,
    mode,
    path_from,
    path_to,
    found,
    _clear,
    node,
    edge,
    node2,
    edge2,
    cell,
    data,
    first,
):
    """URL ⇄ controls ⇄ state in one callback, so neither side can loop on the other."""
    trigger = ctx.triggered_id
    picked = None
    if trigger in (ids.MAP, ids.MAP2):
        tapped = (
            {"tapNodeData": node, "tapEdgeData": edge}
            if trigger == ids.MAP
            else {"tapNodeData": node2, "tapEdgeData": edge2}
        )
        prop = ctx.triggered[0]["prop_id"].split(".")[-1]
        trigger, picked = "tap-node", (tapped.get(prop) or {}).get("id")
    else:
        trigger = TRIGGERS.get(trigger, trigger if trigger else None)
        if trigger == "search":
            picked = found
        elif trigger == "matrix" and cell:
            picked = cell["points"][0].get("customdata")
    controls = {
        "dataset": dataset,
        "layer": layer,
        "highlight": highlight,
        "sectors": sectors,
        "basis": "stated" if stated_only else "all",
        "projector": projector,
        "focus": focus,
        "hops": hops,
        "group": group,
        "view": view,
        "compare": compare,
        "mode": mode,
        "path_from": path_from,
        "path_to": path_to,
        "picked": picked,
    }
    datasets = current().dataset_ids()
    before = from_store(data) if data else None
    state = next_state(before, trigger, search, controls, datasets)
    # The layout drew the page for the query `first` (explorer/web/first_view.py); this is the sync's first look.
    first = first if trigger in (None, "url") else None
    # Opening the same view again (an edit saved, a room followed) redraws everything: the data may be new.
    again = trigger == "url" and before == state and first is None
    app = current()
    keys = part_keys(state, app.restyled(state))
    changed = changed_parts(
        None if before is None or again else part_keys(before, app.restyled(before)), keys
    )
    query = state.to_query()
    url = query if query != (search or "") else no_update
    seen = None if first is not None else no_update
    if first == (search or "") and before == state:
        # The page is drawn for this very URL already: only the marker goes (and a tidier query, if any).
        return url, *[no_update] * len(SYNCED), *[no_update] * len(ids.PARTS), seen
    centre = {"id": state.select} if trigger == "search" and state.select else no_update
    return (
        url,
        *synced_values(state, centre),
        *[keys[part] if part in changed else no_update for part in ids.PARTS],
        seen,
    )


def synced_values(state, centre=no_update) -> tuple:
    """The values of SYNCED for a state."""
    start, _, end = state.path.partition(",")
    return (
        state.to_store(),
        state.dataset,
        state.layer,
        state.highlight,
        list(state.sectors),
        state.basis == "stated",
        state.projector,
        state.focus or None,
        str(state.hops),
        state.group or None,
        state.view,
        state.compare or None,
        state.mode,
        start or None,
        end or None,
        None,
        centre,
        *picker_options(state),
    )


def picker_options(state) -> list[list[dict]]:
    """Short lists for search, focus and the path ends, each with its chosen element."""
    try:
        dataset = current().dataset(state.dataset)
    except KeyError:
        dataset = None
    start, _, end = state.path.partition(",")
    return [element_choices(dataset, "", keep) for keep in ([], [state.focus], [start], [end])]


@callback(
    Output(ids.MAP_BUNDLE, "data"),
    Output(ids.MAP2, "elements"),
    Output(ids.MAP2, "stylesheet"),
    Output(ids.MAP2, "layout"),
    Output(ids.MAP2_COLUMN, "style"),
    Input(ids.PART_MAP, "data"),
    State(ids.STATE, "data"),
    State(ids.BUNDLES_HELD, "data"),
    prevent_initial_call=True,  # the layout has drawn it, or the sync's first answer sets its key
)
def render_maps(key, data, held):
    """The main map as a bundle of views (the browser draws the state's one: mapView below), unless the browser
    holds that bundle already (an area fetched ahead); the second map."""
    state = part_state(data)
    app = current()
    bundle = no_update if app.token_for(state, key) in (held or []) else app.map_bundle(state, key)
    other = app.dataset(state.compare) if state.compare and state.compare != state.dataset else None
    if mode_of(state, other is not None) != Mode.SIDE:
        return bundle, no_update, no_update, no_update, HIDDEN
    second = app.map_view(other, state.with_(dataset=other.id))
    second_layout = {**map_layout(state), "fitKey": f"{map_layout(state)['fitKey']}|{state.compare}"}
    second_sheet = map_stylesheet(second.scale, len(second.elements))
    return bundle, second.elements, second_sheet, second_layout, {}


# The main map shows the state's view out of its bundle, in the browser (assets/35-map-restyle.js), which also
# switches it at the click of a layer, highlight or area, before the server has heard of it.
clientside_callback(
    ClientsideFunction("explorer", "mapView"),
    Output(ids.MAP, "elements"),
    Output(ids.MAP, "stylesheet"),
    Output(ids.MAP, "layout"),
    Input(ids.MAP_BUNDLE, "data"),
    Input(ids.STATE, "data"),
    State(ids.PART_MAP, "data"),
)


@callback(
    Output(ids.MAP_AREAS, "data"),
    Input(ids.MAP_AREAS_ASK, "data"),
    State(ids.STATE, "data"),
    State(ids.BUNDLES_HELD, "data"),
    prevent_initial_call=True,
)
def fetch_areas(asked, data, held):
    """The other shipped areas' bundles, asked for by the browser once the map of key `asked` has painted."""
    state = part_state(data)
    app = current()
    if asked != app.map_key(state):  # the page has moved on; it asks again for the map it shows
        raise dash.exceptions.PreventUpdate
    return {"base": asked, "area": state.dataset, "areas": app.area_bundles(state, set(held or []))}


# What arrived is kept in the browser (assets/35-map-restyle.js), which then says what it holds.
clientside_callback(
    ClientsideFunction("explorer", "keepAreas"),
    Output(ids.BUNDLES_HELD, "data"),
    Input(ids.MAP_AREAS, "data"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.CAPTION_VIEWS, "data"),
    Output(ids.CAPTION2, "children"),
    Output(ids.BANNER, "children"),
    Output(ids.BANNER, "color"),
    Input(ids.PART_CAPTION, "data"),
    State(ids.STATE, "data"),
    prevent_initial_call=True,
)
def render_captions(_key, data):
    state = part_state(data)
    app = current()
    dataset = app.dataset(state.dataset)
    other = app.dataset(state.compare) if state.compare and state.compare != state.dataset else None
    mode = mode_of(state, other is not None)

    def main(s):  # the main map's caption, for each view the browser may switch to by itself (views_of)
        caption = diff_caption_for(dataset, other, s) if mode == Mode.DIFF else caption_for(dataset, s)
        return _caption(caption.title, caption.provenance)

    second = (
        _caption(caption_for(other, state).title, other.provenance_line()) if mode == Mode.SIDE else no_update
    )
    return (
        {view_key(s.layer, s.highlight): main(s) for s in views_of(state, app.restyled(state))},
        second,
        panels.banner(dataset, other),
        banner_colour(dataset, other),
    )


# The caption of the state's view, picked in the browser from those drawn: a layer or highlight toggle asks for none.
clientside_callback(
    "function (views, s) { return (views && s && views[s.layer + '|' + s.highlight]) || dash_clientside.no_update; }",
    Output(ids.CAPTION, "children"),
    Input(ids.CAPTION_VIEWS, "data"),
    Input(ids.STATE, "data"),
)


@callback(
    Output(ids.HIGHLIGHT_PANEL, "children"),
    Output(ids.EXCLUSION_GROUP_BOX, "style"),
    Input(ids.PART_LEGEND, "data"),
    State(ids.STATE, "data"),
    prevent_initial_call=True,
)
def render_highlight_panel(_key, data):
    """The highlight's panel (the legend beside it comes with the map's bundle and is drawn in the browser)."""
    state = part_state(data)
    if state.highlight == "none" and not state.compare:  # a hint, whatever the map
        return _highlight_panel(None, state, None), HIDDEN
    dataset, _other, mode, view = views(state)
    if mode == Mode.DIFF:
        return panels.diff(view.counts, view.labels, view.rows), HIDDEN
    box = {"display": "block"} if state.highlight == "exclusions" else HIDDEN
    return _highlight_panel(dataset, state, view), box


@callback(
    Output(ids.EVIDENCE, "children"),
    Input(ids.PART_EVIDENCE, "data"),
    State(ids.STATE, "data"),
    prevent_initial_call=True,
)
def render_evidence(_key, data):
    state = part_state(data)
    app = current()
    dataset = app.dataset(state.dataset)
    other = app.dataset(state.compare) if state.compare and state.compare != state.dataset else None
    return panels.evidence(_describe(dataset, other, state.select))


@callback(
    Output(ids.EXCLUSION_GROUP, "options"),
    Input(ids.PART_OPTIONS, "data"),
    State(ids.STATE, "data"),
    prevent_initial_call=True,
)
def render_group_options(_key, data):
    state = part_state(data)
    return group_options(current().dataset(state.dataset))


def _caption(title: str, provenance: str) -> list:
    return [
        html.Div(title, className="caption-title", title=title),
        html.Div(provenance, className="caption-provenance", title=provenance),
    ]


def _describe(dataset, other, item_id: str):
    if not item_id:
        return None
    return describe(dataset, item_id) or (describe(other, item_id) if other else None)


def _highlight_panel(dataset, state, view) -> list:
    if state.highlight == "gaps":
        return panels.gaps(highlights.gap_rows(dataset, view.visible_connections, view.computed_gaps))
    if state.highlight == "attendance":
        return panels.attendance(highlights.attendance_summary(dataset, view.visible_connections))
    if state.highlight == "exclusions":
        routes = highlights.exclusion_routes(dataset, view.visible_connections)
        return panels.exclusions(routes, state.group)
    if state.highlight == "tensions":
        return panels.tensions(highlights.tension_rows(dataset, view.tensions))
    return [
        html.P(
            "Choose a highlight above: missing links, attendance, excluded groups, or tensions.",
            className="hint",
        )
    ]


# Centre the map on what the search found, in the browser (assets/30-explorer-clientside.js).
clientside_callback(
    ClientsideFunction("explorer", "centreOn"),
    Output(ids.CENTRED, "data"),
    Input(ids.CENTRE, "data"),
    prevent_initial_call=True,
)
