"""Presentation mode: the path `/present/<presentation id>/<slide number>`, with the slide's view in the query string.

The page hides the controls and keeps the map, caption, banner and legend; the arrow keys (and a clicker's
PageUp/PageDown) step through the slides, F toggles full screen, Esc leaves (assets/30-present.js).
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import (
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    dcc,
    html,
    no_update,
)

from explorer.store import views
from explorer.view.state import projector_query
from explorer.web import ids
from explorer.web.workshop import PRESENT_PATH, SMALL, alert, app_engine

BAR_STYLE = {
    "position": "fixed",
    "right": "0.6rem",
    "bottom": "0.6rem",
    "width": "314px",
    "zIndex": 1050,
    "alignItems": "center",
    "flexWrap": "wrap",
    "gap": "0.4rem",
    "background": "rgba(255,255,255,0.95)",
    "border": "1px solid #d0d0d0",
    "borderRadius": "0.4rem",
    "padding": "0.3rem 0.5rem",
    "fontSize": "1rem",
}


def present_bar() -> html.Div:
    """The slide counter and its buttons; hidden outside presentation mode. Goes at the page's top level."""
    return html.Div(
        [
            html.Div(id=ids.PRESENT_TITLE, className="fw-bold w-100"),
            dbc.Button("‹", id=ids.PRESENT_PREV, **SMALL, title="Previous slide (←)"),
            html.Span(id=ids.PRESENT_COUNTER, **{"aria-live": "polite"}),
            dbc.Button("›", id=ids.PRESENT_NEXT, **SMALL, title="Next slide (→)"),
            dbc.Button("Full screen", id=ids.PRESENT_FULL, **SMALL, title="Full screen (F)"),
            dbc.Button("Exit", id=ids.PRESENT_EXIT, **SMALL, title="Leave the presentation (Esc)"),
            dcc.Store(id=ids.PRESENT_MODE),
        ],
        id=ids.PRESENT_BAR,
        style={**BAR_STYLE, "display": "none"},
        role="navigation",
        **{"aria-label": "Presentation"},
    )


def _present_path(deck_id: int, number: int) -> str:
    return dash.get_relative_path(f"/present/{deck_id}/{number}")


def _parse_present(pathname: str | None) -> tuple[int, int] | None:
    match = PRESENT_PATH.match(dash.strip_relative_path(pathname or "/") or "")
    return (int(match[1]), int(match[2])) if match else None


@callback(
    Output(ids.URL, "pathname"),
    Output(ids.URL, "search", allow_duplicate=True),
    Output(ids.VIEWS_MSG, "children", allow_duplicate=True),
    Input(ids.PRESENT_PREV, "n_clicks"),
    Input(ids.PRESENT_NEXT, "n_clicks"),
    Input(ids.PRESENT_EXIT, "n_clicks"),
    Input(ids.DECK_START, "n_clicks"),
    Input(ids.VIEW_OPEN, "n_clicks"),
    State(ids.URL, "pathname"),
    State(ids.URL, "search"),
    State(ids.DECK_SELECT, "value"),
    State(ids.VIEW_LIST, "value"),
    prevent_initial_call=True,
)
def navigate(_prev, _next, _exit, _start, _open, pathname, search, deck_id, view_id):
    """Open a saved view, start a presentation, step through it, or leave it."""
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        raise dash.exceptions.PreventUpdate
    trigger, eng = ctx.triggered_id, app_engine()
    if trigger == ids.VIEW_OPEN:
        view = views.get_view(eng, int(view_id)) if view_id else None
        if view is None:
            return no_update, no_update, alert("Choose a saved view first.", ok=False)
        return no_update, view.query, alert(f"Opened “{view.name}”.")
    if trigger == ids.PRESENT_EXIT:  # back to the full page: the slide's view, without projector mode
        return dash.get_relative_path("/"), projector_query(search, on=False), no_update
    where = (int(deck_id), 1) if trigger == ids.DECK_START and deck_id else _parse_present(pathname)
    deck = views.get_presentation(eng, where[0]) if where else None
    if deck is None or not deck.slides:
        return no_update, no_update, alert("Choose a presentation with at least one slide.", ok=False)
    number = where[1] + {ids.PRESENT_PREV: -1, ids.PRESENT_NEXT: 1}.get(trigger, 0)
    number = max(1, min(len(deck.slides), number))
    # A slide is shown in projector mode (issue 11): the map fills the screen, labels sized for the room.
    return _present_path(deck.id, number), projector_query(deck.slides[number - 1].query), no_update


@callback(
    Output(ids.PRESENT_BAR, "style"),
    Output(ids.PRESENT_TITLE, "children"),
    Output(ids.PRESENT_COUNTER, "children"),
    Output(ids.PRESENT_PREV, "disabled"),
    Output(ids.PRESENT_NEXT, "disabled"),
    Input(ids.URL, "pathname"),
)
def show_slide(pathname):
    """In presentation mode: the slide's name and number. The view itself is in the query string."""
    where = _parse_present(pathname)
    if where is None:
        return {**BAR_STYLE, "display": "none"}, "", "", True, True
    deck = views.get_presentation(app_engine(), where[0])
    shown = {**BAR_STYLE, "display": "flex"}
    if deck is None or not 1 <= where[1] <= len(deck.slides):
        return shown, "This slide no longer exists.", "", True, True
    count = f"{where[1]} / {len(deck.slides)}"
    return shown, deck.slides[where[1] - 1].name, count, where[1] == 1, where[1] == len(deck.slides)


# In the browser (assets/30-present.js): the page's look in presentation mode, and the keys that drive it.
clientside_callback(
    ClientsideFunction("explorer", "presentMode"),
    Output(ids.PRESENT_MODE, "data"),
    Input(ids.URL, "pathname"),
)

clientside_callback(
    ClientsideFunction("explorer", "toggleFullscreen"),
    Output(ids.PRESENT_FULL, "title"),
    Input(ids.PRESENT_FULL, "n_clicks"),
    prevent_initial_call=True,
)
