"""Thin callbacks: read inputs, call the view model, hand back its results."""

from __future__ import annotations

from dataclasses import asdict

import dash
from dash import Input, Output, State, callback, clientside_callback, ctx, no_update

from explorer import highlights, ids
from explorer.legend import legend_entries
from explorer.state import ViewState, next_state
from explorer.styles import stylesheet
from explorer.viewmodel import build_map, caption_for, describe
from explorer.vocab import ELEMENT_TYPE_LABELS, KIND_LABELS, SECTOR_LABELS, STATUS_LABELS
from explorer.web import panels
from explorer.web.context import current

TRIGGERS = {
    ids.URL: "url",
    ids.CLEAR: "clear",
    ids.SEARCH: "search",
}


@callback(
    Output(ids.URL, "search"),
    Output(ids.STATE, "data"),
    Output(ids.DATASET, "value"),
    Output(ids.LAYER, "value"),
    Output(ids.HIGHLIGHT, "value"),
    Output(ids.SECTORS, "value"),
    Output(ids.FOCUS, "value"),
    Output(ids.HOPS, "value"),
    Output(ids.EXCLUSION_GROUP, "value"),
    Output(ids.VIEW_TABS, "active_tab"),
    Output(ids.SEARCH, "value"),
    Output(ids.CENTRE, "data"),
    Input(ids.URL, "search"),
    Input(ids.DATASET, "value"),
    Input(ids.LAYER, "value"),
    Input(ids.HIGHLIGHT, "value"),
    Input(ids.SECTORS, "value"),
    Input(ids.FOCUS, "value"),
    Input(ids.HOPS, "value"),
    Input(ids.EXCLUSION_GROUP, "value"),
    Input(ids.VIEW_TABS, "active_tab"),
    Input(ids.SEARCH, "value"),
    Input(ids.CLEAR, "n_clicks"),
    Input(ids.MAP, "tapNodeData"),
    Input(ids.MAP, "tapEdgeData"),
    State(ids.STATE, "data"),
)
def sync(
    search, dataset, layer, highlight, sectors, focus, hops, group, view, found, _clear, node, edge, data
):
    """URL ⇄ controls ⇄ state: one callback, so neither side can loop on the other."""
    app = current()
    trigger = ctx.triggered_id
    picked = None
    if trigger == ids.MAP:
        prop = ctx.triggered[0]["prop_id"].split(".")[-1]
        trigger, picked = ("tap-node", node) if prop == "tapNodeData" else ("tap-edge", edge)
        picked = (picked or {}).get("id")
    else:
        trigger = TRIGGERS.get(trigger, trigger if trigger else None)
        picked = found if trigger == "search" else None
    previous = ViewState(**{**data, "sectors": tuple(data["sectors"])}) if data else None
    controls = {"dataset": dataset, "layer": layer, "highlight": highlight, "sectors": sectors,
                "focus": focus, "hops": hops, "group": group, "view": view, "picked": picked}  # fmt: skip
    datasets = [d.id for d in app.catalog.maps()]
    state = next_state(previous, trigger, search, controls, datasets)
    query = state.to_query()
    return (
        query if query != (search or "") else no_update,
        asdict(state),
        state.dataset,
        state.layer,
        state.highlight,
        list(state.sectors),
        state.focus or None,
        str(state.hops),
        state.group or None,
        state.view,
        None,
        {"id": state.select} if trigger == "search" and state.select else no_update,
    )


@callback(
    Output(ids.MAP, "elements"),
    Output(ids.MAP, "stylesheet"),
    Output(ids.MAP, "layout"),
    Output(ids.LEGEND, "children"),
    Output(ids.CAPTION, "children"),
    Output(ids.BANNER, "children"),
    Output(ids.BANNER, "is_open"),
    Output(ids.BANNER, "color"),
    Output(ids.EVIDENCE, "children"),
    Output(ids.HIGHLIGHT_PANEL, "children"),
    Output("exclusion-group-box", "style"),
    Output(ids.SEARCH, "options"),
    Output(ids.FOCUS, "options"),
    Output(ids.EXCLUSION_GROUP, "options"),
    Output(ids.TABLE_ELEMENTS, "data"),
    Output(ids.TABLE_ELEMENTS, "columns"),
    Output(ids.TABLE_CONNECTIONS, "data"),
    Output(ids.TABLE_CONNECTIONS, "columns"),
    Output(ids.MAP_PANEL, "style"),
    Output(ids.TABLE_PANEL, "style"),
    Input(ids.STATE, "data"),
)
def render(data):
    if not data:
        raise dash.exceptions.PreventUpdate
    app = current()
    state = ViewState(**{**data, "sectors": tuple(data["sectors"])})
    dataset = app.dataset(state.dataset)
    computed = app.computed_gaps(dataset)
    view = build_map(
        dataset,
        state,
        app.positions(dataset, state.layer),
        app.boxes[state.layer],
        computed,
        app.longest_label,
    )
    fit_key = "|".join([state.dataset, state.layer, ",".join(state.sectors), state.focus, str(state.hops)])
    layout = {"name": "preset", "fit": True, "padding": 30, "animate": False, "fitKey": fit_key}
    caption = caption_for(dataset, state)
    element_options = [
        {"label": e.label, "value": e.id} for e in sorted(dataset.elements, key=lambda e: e.label)
    ]
    groups = [o for o in element_options if dataset.element(o["value"]).type.value == "population_group"]
    panel = _highlight_panel(dataset, state, view)
    return (
        view.elements,
        stylesheet(view.scale),
        layout,
        panels.legend(legend_entries(view, state.highlight)),
        [
            dash.html.Div(caption.title, className="caption-title"),
            dash.html.Div(caption.provenance, className="caption-provenance"),
        ],
        panels.banner(dataset),
        True,
        {"illustrative": "warning", "imported": "info"}.get(dataset.provenance.value, "light"),
        panels.evidence(describe(dataset, state.select) if state.select else None),
        panel,
        {"display": "block"} if state.highlight == "exclusions" else {"display": "none"},
        element_options,
        element_options,
        groups,
        *_tables(dataset, view),
        {"display": "none"} if state.view == "table" else {},
        {} if state.view == "table" else {"display": "none"},
    )


def _highlight_panel(dataset, state, view) -> list:
    if state.highlight == "gaps":
        return panels.gaps(highlights.gap_rows(dataset, view.visible_connections, view.computed_gaps))
    if state.highlight == "attendance":
        return panels.attendance(highlights.attendance_summary(dataset, view.visible_connections))
    if state.highlight == "exclusions":
        routes = highlights.exclusion_routes(dataset, view.visible_connections)
        return panels.exclusions(routes, state.group)
    return [
        dash.html.P(
            "Choose a highlight above: missing links, attendance, or excluded groups.", className="hint"
        )
    ]


def _tables(dataset, view):
    elements = [
        {
            "Label": e.label,
            "Type": ELEMENT_TYPE_LABELS[e.type],
            "Sector": SECTOR_LABELS[e.sector],
            "Layers": ", ".join(x.value for x in e.layers),
            "Description": e.description,
            "Evidence": "; ".join(x.citation() for x in e.evidence),
        }
        for e in view.visible_elements
    ]
    connections = [
        {
            "From": dataset.element(c.source).label,
            "Link": KIND_LABELS[c.kind],
            "To": dataset.element(c.target).label,
            "Status": STATUS_LABELS[c.status],
            "Layer": c.layer.value,
            "Reason": c.reason,
            "Description": c.description,
            "Evidence": "; ".join(x.citation() for x in c.evidence),
        }
        for c in view.visible_connections
    ]
    columns = [{"name": k, "id": k} for k in ("Label", "Type", "Sector", "Layers", "Description", "Evidence")]
    link_columns = ("From", "Link", "To", "Status", "Layer", "Reason", "Description", "Evidence")
    return elements, columns, connections, [{"name": k, "id": k} for k in link_columns]


# Centre the map on what the search found, in the browser: the server does not know the canvas size.
clientside_callback(
    """
    function(request) {
        const none = window.dash_clientside.no_update;
        const box = document.getElementById('map');
        const cy = box && box._cyreg && box._cyreg.cy;
        if (!request || !cy) { return none; }
        const item = cy.getElementById(request.id);
        if (item.empty()) { return none; }
        // Centre the node itself: cytoscape's own `center` would centre node and label together.
        const zoom = Math.max(cy.zoom(), 0.9);
        const at = item.isNode() ? item.position() : item.midpoint();
        cy.stop();
        cy.animate({zoom: zoom, pan: {x: cy.width() / 2 - zoom * at.x, y: cy.height() / 2 - zoom * at.y}},
                   {duration: 250});
        return request.id;
    }
    """,
    Output(ids.CENTRED, "data"),
    Input(ids.CENTRE, "data"),
    prevent_initial_call=True,
)
