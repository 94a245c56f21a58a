"""The Table, Matrices and Analysis tabs: shown when chosen, drawn the first time, filled while open.

The map view does not need their contents (four DataTables and a plotly graph), so the page starts without them
(explorer/web/layout.py) and the map's first paint does not wait for their code.
"""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, clientside_callback, no_update

from explorer.analysis import cache
from explorer.analysis.matrices import exclusions_across
from explorer.view.figures import attendance_figure
from explorer.view.page import ELEMENT_COLUMNS, LAZY_PAGES, LINK_COLUMNS, Mode, page_to_fill, table_rows
from explorer.view.state import from_store
from explorer.web import ids, panels
from explorer.web.context import current, part_state, views
from explorer.web.layout import TAB_CONTENTS

HIDDEN = {"display": "none"}


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
    state = part_state(data)
    if state.view != "table":
        raise dash.exceptions.PreventUpdate
    _dataset, _other, mode, view = views(state)
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
    prevent_initial_call=True,
)
def render_pages(_key, data, filled):
    """Show the chosen tab, drawing its contents the first time (their callbacks then run as they arrive)."""
    state = part_state(data)
    styles = tuple({} if state.view == page else HIDDEN for page in ("map", *LAZY_PAGES))
    fill = page_to_fill(state.view, filled)
    contents = tuple(TAB_CONTENTS[page]() if page == fill else no_update for page in LAZY_PAGES)
    return *styles, *contents, [*(filled or []), fill] if fill else no_update


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


def _columns(names) -> list[dict]:
    return [{"name": k, "id": k} for k in names]
