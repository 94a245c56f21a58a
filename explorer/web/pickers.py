"""Element pickers searched on the server: typing in search, focus or a path end asks for a short list.

The matching is explorer.view.pickers.element_choices; the URL sync (web/callbacks.py) sends the first
list with each picker's value.
"""

from __future__ import annotations

from dash import Input, Output, State, callback, no_update

from explorer.view.pickers import element_choices
from explorer.web import ids
from explorer.web.workshop import dataset_or_none


def _register(picker: str) -> None:
    @callback(
        Output(picker, "options", allow_duplicate=True),
        Input(picker, "search_value"),
        State(ids.STATE, "data"),
        State(picker, "value"),
        prevent_initial_call=True,
    )
    def search(query, data, value):
        if not data:
            return no_update
        return element_choices(dataset_or_none(data.get("dataset", "")), query, [value] if value else [])


for _picker in (ids.SEARCH, ids.FOCUS, ids.PATH_FROM, ids.PATH_TO):
    _register(_picker)
