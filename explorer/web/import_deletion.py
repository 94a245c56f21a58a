"""Deleting an imported map: a button under the upload, shown to the facilitator who imported the open map.

The store decides (explorer.store.imported_maps.ImportStore.delete); the button's visibility only saves
a click that would be refused.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, html, no_update

from explorer.store.auth import ReadOnlyError
from explorer.web import ids
from explorer.web.auth import current_actor
from explorer.web.context import current
from explorer.web.workshop import alert

HIDDEN = {"display": "none"}


def delete_controls() -> html.Div:
    return html.Div(
        [
            dbc.Button(
                "Delete this imported map",
                id=ids.IMPORT_DELETE,
                color="danger",
                outline=True,
                size="sm",
                class_name="mt-2",
                style=HIDDEN,
            ),
            html.Div(id=ids.IMPORT_DELETE_STATUS, role="status"),
        ]
    )


# The part key (explorer.view.page) changes with the area only, so a toggle sends nothing here.
@callback(Output(ids.IMPORT_DELETE, "style"), Input(ids.PART_IMPORTS, "data"), State(ids.STATE, "data"))
def show_delete(_key, data):
    imports, dataset_id = current().imports, (data or {}).get("dataset", "")
    mine = imports is not None and imports.can_delete(dataset_id, current_actor())
    return {} if mine else HIDDEN


@callback(
    Output(ids.IMPORT_DELETE_STATUS, "children"),
    Output(ids.DATASET, "options", allow_duplicate=True),
    Output(ids.COMPARE, "options", allow_duplicate=True),
    Output(ids.DATASET, "value", allow_duplicate=True),
    Input(ids.IMPORT_DELETE, "n_clicks"),
    State(ids.STATE, "data"),
    prevent_initial_call=True,
)
def delete_import(clicks, data):
    if not clicks:
        return no_update, no_update, no_update, no_update
    app, dataset_id = current(), (data or {}).get("dataset", "")
    try:
        summary = app.imports.summary(dataset_id)
        if summary is None or not app.imports.delete(dataset_id, current_actor()):
            return alert("That map is not an imported map (or is already deleted).", ok=False), *[
                no_update
            ] * 3
    except ReadOnlyError as exc:
        return alert(str(exc), ok=False), no_update, no_update, no_update
    options = app.dataset_options()
    return alert(f"Deleted {summary.name}."), options, options, "study"
