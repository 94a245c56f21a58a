"""The MapService this request's app serves from, and the state and views a part's callback draws."""

from __future__ import annotations

import dash
import flask

from explorer.service import MapService
from explorer.view.page import Mode, mode_of
from explorer.view.state import from_store


def current() -> MapService:
    return flask.current_app.config["EXPLORER"]


def part_state(data):
    """The state a part's callback draws; it runs only when the sync changed that part's key."""
    if not data:
        raise dash.exceptions.PreventUpdate
    return from_store(data)


def views(state):
    """The area, the compared area (if any, and not itself), how they are drawn, and the main map's view."""
    app = current()
    dataset = app.dataset(state.dataset)
    other = app.dataset(state.compare) if state.compare and state.compare != state.dataset else None
    mode = mode_of(state, other is not None)
    view = app.diff_view(dataset, other, state) if mode == Mode.DIFF else app.map_view(dataset, state)
    return dataset, other, mode, view
