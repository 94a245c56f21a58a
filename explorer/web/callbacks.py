"""Thin callbacks: read inputs, call the view model, hand back its results."""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, html, no_update

from explorer.analysis import cache
from explorer.analysis.matrices import exclusions_across
from explorer.data.vocab import BASIS_LABELS, ELEMENT_TYPE_LABELS, KIND_LABELS, SECTOR_LABELS, STATUS_LABELS
from explorer.view import highlights
from explorer.view.compare import diff_caption_for
from explorer.view.figures import attendance_figure
from explorer.view.legend import diff_legend_entries, legend_entries
from explorer.view.mapmodel import caption_for, describe
from explorer.view.page import banner_colour
from explorer.view.pickers import element_choices
from explorer.view.state import from_store, next_state
from explorer.view.styles import diff_stylesheet, stylesheet
from explorer.web import ids, panels
from explorer.web.context import current

TRIGGERS = {ids.URL: "url", ids.CLEAR: "clear", ids.SEARCH: "search", ids.ATTENDANCE_GRAPH: "matrix"}
HIDDEN = {"display": "none"}


@callback(
    Output(ids.URL, "search"),
    Output(ids.STATE, "data"),
    Output(ids.DATASET, "value"),
    Output(ids.LAYER, "value"),
    Output(ids.HIGHLIGHT, "value"),
    Output(ids.SECTORS, "value"),
    Output(ids.BASIS_FILTER, "value"),
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
    Input(ids.URL, "search"),
    Input(ids.DATASET, "value"),
    Input(ids.LAYER, "value"),
    Input(ids.HIGHLIGHT, "value"),
    Input(ids.SECTORS, "value"),
    Input(ids.BASIS_FILTER, "value"),
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
    Input(ids.ATTENDANCE_GRAPH, "clickData"),
    State(ids.STATE, "data"),
)
def sync(
    search,
    dataset,
    layer,
    highlight,
    sectors,
    stated_only,
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
    state = next_state(from_store(data) if data else None, trigger, search, controls, datasets)
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
    Output(ids.MAP, "elements"),
    Output(ids.MAP, "stylesheet"),
    Output(ids.MAP, "layout"),
    Output(ids.MAP2, "elements"),
    Output(ids.MAP2, "stylesheet"),
    Output(ids.MAP2, "layout"),
    Output(ids.MAP2_COLUMN, "style"),
    Output(ids.LEGEND, "children"),
    Output(ids.CAPTION, "children"),
    Output(ids.CAPTION2, "children"),
    Output(ids.BANNER, "children"),
    Output(ids.BANNER, "color"),
    Output(ids.EVIDENCE, "children"),
    Output(ids.HIGHLIGHT_PANEL, "children"),
    Output(ids.EXCLUSION_GROUP_BOX, "style"),
    Output(ids.EXCLUSION_GROUP, "options"),
    Output(ids.TABLE_ELEMENTS, "data"),
    Output(ids.TABLE_ELEMENTS, "columns"),
    Output(ids.TABLE_CONNECTIONS, "data"),
    Output(ids.TABLE_CONNECTIONS, "columns"),
    Output(ids.MAP_PANEL, "style"),
    Output(ids.TABLE_PANEL, "style"),
    Output(ids.MATRIX_PANEL, "style"),
    Output(ids.ANALYSIS_PANEL, "style"),
    Output(ids.RENDERED_DATASET, "data"),
    Input(ids.STATE, "data"),
    State(ids.RENDERED_DATASET, "data"),
)
def render(data, rendered_dataset):
    if not data:
        raise dash.exceptions.PreventUpdate
    app = current()
    state = from_store(data)
    dataset = app.dataset(state.dataset)
    other = app.dataset(state.compare) if state.compare and state.compare != state.dataset else None
    fit_key = "|".join([state.dataset, state.layer, ",".join(state.sectors), state.focus, str(state.hops)])
    layout = {"name": "preset", "fit": True, "padding": 30, "animate": False, "fitKey": fit_key}
    caption = caption_for(dataset, state)
    diff_mode = other is not None and state.mode == "diff"
    if diff_mode:
        overlay = app.diff_view(dataset, other, state)
        view, sheet = overlay.map, diff_stylesheet(overlay.map.scale)
        legend = panels.legend(diff_legend_entries(view, overlay.labels, overlay.counts))
        panel = panels.diff(overlay.counts, overlay.labels, overlay.rows)
        diff_caption = diff_caption_for(dataset, other, state)
        caption_children = _caption(diff_caption.title, diff_caption.provenance)
    else:
        view = app.map_view(dataset, state)
        sheet = stylesheet(view.scale)
        legend = panels.legend(legend_entries(view, state.highlight))
        panel = _highlight_panel(dataset, state, view)
        caption_children = _caption(caption.title, caption.provenance)
    side = other is not None and state.mode == "side" and state.view == "map"
    second = app.map_view(other, state.with_(dataset=other.id)) if side else None
    # Only what changed travels: dropdown lists when the area changes, tables when they are shown.
    options = _group_options(dataset) if rendered_dataset != state.dataset else no_update
    tables = _tables(dataset, view) if state.view == "table" else (no_update,) * 4
    return (
        view.elements,
        sheet,
        layout,
        second.elements if second else no_update,
        stylesheet(second.scale) if second else no_update,
        {**layout, "fitKey": f"{fit_key}|{state.compare}"} if second else no_update,
        {} if side else HIDDEN,
        legend,
        caption_children,
        _caption(caption_for(other, state).title, other.provenance_line()) if side else no_update,
        panels.banner(dataset, other if state.compare else None),
        banner_colour(dataset, other),
        panels.evidence(_describe(dataset, other, state.select)),
        panel,
        {"display": "block"} if state.highlight == "exclusions" and not diff_mode else HIDDEN,
        options,
        *tables,
        {} if state.view == "map" else HIDDEN,
        {} if state.view == "table" else HIDDEN,
        {} if state.view == "matrix" else HIDDEN,
        {} if state.view == "analysis" else HIDDEN,
        state.dataset,
    )


def _group_options(dataset) -> list[dict]:
    """The traced group's options: this dataset's population groups by label (element pickers are
    explorer.view.pickers, searched on the server)."""
    groups = [e for e in dataset.elements if e.type.value == "population_group"]
    return [{"label": e.label, "value": e.id} for e in sorted(groups, key=lambda e: e.label)]


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


def _tables(dataset, view):
    label = {e.id: e.label for e in view.visible_elements}
    elements = [
        {
            "Label": e.label,
            "Type": ELEMENT_TYPE_LABELS[e.type],
            "Sector": SECTOR_LABELS[e.sector],
            "Layers": ", ".join(x.value for x in e.layers),
            "How we know": BASIS_LABELS[e.basis] if e.basis else "",
            "Description": e.description,
            "Evidence": "; ".join(x.citation() for x in e.evidence),
        }
        for e in view.visible_elements
    ]
    connections = [
        {
            "From": label.get(c.source, c.source),
            "Link": KIND_LABELS[c.kind],
            "To": label.get(c.target, c.target),
            "Status": STATUS_LABELS[c.status],
            "Layer": c.layer.value,
            "Reason": c.reason,
            "How we know": BASIS_LABELS[c.basis] if c.basis else "",
            "Description": c.description,
            "Evidence": "; ".join(x.citation() for x in c.evidence),
        }
        for c in view.visible_connections
    ]
    element_columns = ("Label", "Type", "Sector", "Layers", "How we know", "Description", "Evidence")
    columns = [{"name": k, "id": k} for k in element_columns]
    link_columns = (
        "From",
        "Link",
        "To",
        "Status",
        "Layer",
        "Reason",
        "How we know",
        "Description",
        "Evidence",
    )
    return elements, columns, connections, [{"name": k, "id": k} for k in link_columns]


@callback(
    Output(ids.ATTENDANCE_GRAPH, "figure"),
    Output(ids.EXCLUSION_TABLE, "data"),
    Output(ids.EXCLUSION_TABLE, "columns"),
    Input(ids.STATE, "data"),
)
def matrices(data):
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
    Input(ids.STATE, "data"),
)
def analysis(data):
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


# Centre the map on what the search found, in the browser (assets/30-explorer-clientside.js).
clientside_callback(
    ClientsideFunction("explorer", "centreOn"),
    Output(ids.CENTRED, "data"),
    Input(ids.CENTRE, "data"),
    prevent_initial_call=True,
)
