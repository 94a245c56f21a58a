"""Thin callbacks: read inputs, call the view model, hand back its results."""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, html, no_update

from explorer.analysis import cache
from explorer.analysis.matrices import exclusions_across
from explorer.view import highlights
from explorer.view.compare import diff_caption_for
from explorer.view.figures import attendance_figure
from explorer.view.mapmodel import caption_for, describe
from explorer.view.page import (
    ELEMENT_COLUMNS,
    LAZY_PAGES,
    LINK_COLUMNS,
    Mode,
    banner_colour,
    changed_parts,
    group_options,
    map_layout,
    mode_of,
    page_to_fill,
    part_keys,
    table_rows,
)
from explorer.view.pickers import element_choices
from explorer.view.state import from_store, next_state
from explorer.view.styles import map_stylesheet
from explorer.web import ids, panels
from explorer.web.context import current
from explorer.web.layout import TAB_CONTENTS

TRIGGERS = {ids.URL: "url", ids.CLEAR: "clear", ids.SEARCH: "search", ids.MATRIX_CLICK: "matrix"}
HIDDEN = {"display": "none"}


@callback(
    Output(ids.URL, "search"),
    Output(ids.STATE, "data"),
    Output(ids.DATASET, "value"),
    Output(ids.LAYER, "value"),
    Output(ids.HIGHLIGHT, "value"),
    Output(ids.SECTORS, "value"),
    Output(ids.BASIS_FILTER, "value"),
    Output(ids.PROJECTOR, "value"),
    Output(ids.FOCUS, "value"),
    Output(ids.HOPS, "value"),
    Output(ids.EXCLUSION_GROUP, "value"),
    Output(ids.VIEW_TABS, "value"),
    Output(ids.COMPARE, "value"),
    Output(ids.MODE, "value"),
    Output(ids.PATH_FROM, "value"),
    Output(ids.PATH_TO, "value"),
    Output(ids.SEARCH, "value"),
    Output(ids.CENTRE, "data"),
    # With their values, so a dropdown never drops a value it has no option for (explorer.view.pickers).
    Output(ids.SEARCH, "options"),
    Output(ids.FOCUS, "options"),
    Output(ids.PATH_FROM, "options"),
    Output(ids.PATH_TO, "options"),
    # One key per part of the page (explorer.view.page): set only when that part changes, so only its callback runs.
    *[Output(store, "data") for store in ids.PARTS.values()],
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
    # Opening the same view again (an edit saved, a room followed) redraws everything: the data may be new.
    again = trigger == "url" and before == state
    app = current()
    keys = part_keys(state, app.restyled(state))
    changed = changed_parts(
        None if before is None or again else part_keys(before, app.restyled(before)), keys
    )
    query = state.to_query()
    start, _, end = state.path.partition(",")
    return (
        query if query != (search or "") else no_update,
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
        {"id": state.select} if trigger == "search" and state.select else no_update,
        *picker_options(state),
        *[keys[part] if part in changed else no_update for part in ids.PARTS],
    )


def picker_options(state) -> list[list[dict]]:
    """Short lists for search, focus and the path ends, each with its chosen element."""
    try:
        dataset = current().dataset(state.dataset)
    except KeyError:
        dataset = None
    start, _, end = state.path.partition(",")
    return [element_choices(dataset, "", keep) for keep in ([], [state.focus], [start], [end])]


def _state(data):
    """The state a part's callback draws; it runs only when the sync changed that part's key."""
    if not data:
        raise dash.exceptions.PreventUpdate
    return from_store(data)


def _views(state):
    """The area, the compared area (if any, and not itself), how they are drawn, and the main map's view."""
    app = current()
    dataset = app.dataset(state.dataset)
    other = app.dataset(state.compare) if state.compare and state.compare != state.dataset else None
    mode = mode_of(state, other is not None)
    view = app.diff_view(dataset, other, state) if mode == Mode.DIFF else app.map_view(dataset, state)
    return dataset, other, mode, view


@callback(
    Output(ids.MAP_BUNDLE, "data"),
    Output(ids.MAP2, "elements"),
    Output(ids.MAP2, "stylesheet"),
    Output(ids.MAP2, "layout"),
    Output(ids.MAP2_COLUMN, "style"),
    Input(ids.PART_MAP, "data"),
    State(ids.STATE, "data"),
    State(ids.BUNDLES_HELD, "data"),
)
def render_maps(key, data, held):
    """The main map as a bundle of views (the browser draws the state's one: mapView below), unless the browser
    holds that bundle already (an area fetched ahead); the second map."""
    state = _state(data)
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
    state = _state(data)
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
    Output(ids.CAPTION, "children"),
    Output(ids.CAPTION2, "children"),
    Output(ids.BANNER, "children"),
    Output(ids.BANNER, "color"),
    Input(ids.PART_CAPTION, "data"),
    State(ids.STATE, "data"),
)
def render_captions(_key, data):
    state = _state(data)
    app = current()
    dataset = app.dataset(state.dataset)
    other = app.dataset(state.compare) if state.compare and state.compare != state.dataset else None
    mode = mode_of(state, other is not None)
    caption = diff_caption_for(dataset, other, state) if mode == Mode.DIFF else caption_for(dataset, state)
    second = (
        _caption(caption_for(other, state).title, other.provenance_line()) if mode == Mode.SIDE else no_update
    )
    return (
        _caption(caption.title, caption.provenance),
        second,
        panels.banner(dataset, other),
        banner_colour(dataset, other),
    )


@callback(
    Output(ids.HIGHLIGHT_PANEL, "children"),
    Output(ids.EXCLUSION_GROUP_BOX, "style"),
    Input(ids.PART_LEGEND, "data"),
    State(ids.STATE, "data"),
)
def render_highlight_panel(_key, data):
    """The highlight's panel (the legend beside it comes with the map's bundle and is drawn in the browser)."""
    state = _state(data)
    if state.highlight == "none" and not state.compare:  # a hint, whatever the map
        return _highlight_panel(None, state, None), HIDDEN
    dataset, _other, mode, view = _views(state)
    if mode == Mode.DIFF:
        return panels.diff(view.counts, view.labels, view.rows), HIDDEN
    box = {"display": "block"} if state.highlight == "exclusions" else HIDDEN
    return _highlight_panel(dataset, state, view), box


@callback(Output(ids.EVIDENCE, "children"), Input(ids.PART_EVIDENCE, "data"), State(ids.STATE, "data"))
def render_evidence(_key, data):
    state = _state(data)
    app = current()
    dataset = app.dataset(state.dataset)
    other = app.dataset(state.compare) if state.compare and state.compare != state.dataset else None
    return panels.evidence(_describe(dataset, other, state.select))


@callback(
    Output(ids.TABLE_ELEMENTS, "data"),
    Output(ids.TABLE_ELEMENTS, "columns"),
    Output(ids.TABLE_CONNECTIONS, "data"),
    Output(ids.TABLE_CONNECTIONS, "columns"),
    Input(ids.PART_TABLES, "data"),
    State(ids.STATE, "data"),
)
def render_tables(_key, data):
    """Built only while the Table tab is shown."""
    state = _state(data)
    if state.view != "table":
        raise dash.exceptions.PreventUpdate
    _dataset, _other, mode, view = _views(state)
    elements, connections = table_rows(view.map if mode == Mode.DIFF else view)
    return elements, _columns(ELEMENT_COLUMNS), connections, _columns(LINK_COLUMNS)


@callback(
    Output(ids.MAP_PANEL, "style"),
    Output(ids.TABLE_PANEL, "style"),
    Output(ids.MATRIX_PANEL, "style"),
    Output(ids.ANALYSIS_PANEL, "style"),
    Output(ids.TABLE_BOX, "children"),
    Output(ids.MATRIX_BOX, "children"),
    Output(ids.ANALYSIS_BOX, "children"),
    Output(ids.PAGES_FILLED, "data"),
    Input(ids.PART_PAGES, "data"),
    State(ids.STATE, "data"),
    State(ids.PAGES_FILLED, "data"),
)
def render_pages(_key, data, filled):
    """Show the chosen tab, drawing its contents the first time (their callbacks then run as they arrive)."""
    state = _state(data)
    styles = tuple({} if state.view == page else HIDDEN for page in ("map", *LAZY_PAGES))
    fill = page_to_fill(state.view, filled)
    contents = tuple(TAB_CONTENTS[page]() if page == fill else no_update for page in LAZY_PAGES)
    return *styles, *contents, [*(filled or []), fill] if fill else no_update


@callback(Output(ids.EXCLUSION_GROUP, "options"), Input(ids.PART_OPTIONS, "data"), State(ids.STATE, "data"))
def render_group_options(_key, data):
    state = _state(data)
    return group_options(current().dataset(state.dataset))


def _columns(names) -> list[dict]:
    return [{"name": k, "id": k} for k in names]


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


@callback(
    Output(ids.ATTENDANCE_GRAPH, "figure"),
    Output(ids.EXCLUSION_TABLE, "data"),
    Output(ids.EXCLUSION_TABLE, "columns"),
    Input(ids.PART_MATRIX, "data"),
    State(ids.STATE, "data"),
)
def matrices(_key, data):
    """Built only when the Matrices tab is open: every area at once, so the state's dataset does not matter."""
    if not data or data.get("view") != "matrix":
        raise dash.exceptions.PreventUpdate
    maps = current().maps()
    rows, names = exclusions_across(maps)
    columns = [{"name": c, "id": c} for c in names]
    return attendance_figure(maps), rows, columns


@callback(
    Output(ids.BROKERS, "children"),
    Output(ids.METRICS_TABLE, "data"),
    Output(ids.METRICS_TABLE, "columns"),
    Output(ids.PATH_RESULT, "children"),
    Input(ids.PART_ANALYSIS, "data"),
    State(ids.STATE, "data"),
)
def analysis(_key, data):
    if not data or data.get("view") != "analysis":
        raise dash.exceptions.PreventUpdate
    app = current()
    state = from_store(data)
    dataset = app.dataset(state.dataset)
    layers = None if state.layer == "all" else [state.layer]
    report = cache.analyse(dataset, app.catalog.reference, layers)
    metrics = [
        {"Element": m["label"], "Links": m["degree"], "Betweenness": round(m["betweenness"], 3)}
        for m in report["metrics"]
    ]
    columns = [{"name": k, "id": k} for k in ("Element", "Links", "Betweenness")]
    return (
        panels.brokers(report),
        metrics,
        columns,
        panels.path(dataset, state.path, app.route(dataset, state)),
    )


# A matrix cell's click reaches the URL sync through a store: the graph is in the page only once the
# Matrices tab has been opened, and a callback cannot take an input that is not in the page.
clientside_callback(
    "function (click) { return click; }",
    Output(ids.MATRIX_CLICK, "data"),
    Input(ids.ATTENDANCE_GRAPH, "clickData"),
    prevent_initial_call=True,
)


# Centre the map on what the search found, in the browser (assets/30-explorer-clientside.js).
clientside_callback(
    ClientsideFunction("explorer", "centreOn"),
    Output(ids.CENTRED, "data"),
    Input(ids.CENTRE, "data"),
    prevent_initial_call=True,
)
