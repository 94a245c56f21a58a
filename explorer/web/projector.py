"""Projector mode (issue 11): the map fills the window for a room to read from the back.

`projector=1` is part of the view state (explorer/view/state.py), so it is in the URL, back and forward
bring it back, and presentation mode turns it on for every slide. The page's look is CSS
(assets/17-projector.css) keyed on a class the browser sets on <body> from the state store: the controls fold
into one slim bar, the banner's words move into the caption, the legend becomes a compact overlay the
facilitator can hide, and the evidence floats as a card over the map. Label sizes for the bigger canvas
come from the stylesheet the map part draws (explorer/view/styles.py: `canvas_for`).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, clientside_callback, dcc, html

from explorer.web import ids


def switch() -> html.Div:
    """The toggle in the top bar; the URL sync (web/callbacks.py) reads and sets it."""
    return html.Div(
        [
            dbc.Switch(id=ids.PROJECTOR, label="Projector", value=False, class_name="mb-0"),
            dcc.Store(id=ids.PROJECTOR_MODE),
        ],
        className="control projector-control",
        title="Projector mode: the map fills the screen, with labels sized for the back of a room",
    )


def legend_hide_button() -> html.Button:
    """Shown in projector mode only: the facilitator can clear the legend off the map, and bring it back."""
    return html.Button(
        "Hide legend",
        id=ids.LEGEND_HIDE,
        className="btn btn-sm btn-outline-dark legend-hide",
        type="button",
        **{"aria-pressed": "false"},
    )


# The body's class follows the state (assets/30-explorer-clientside.js): a pure restyle, no server round trip.
clientside_callback(
    ClientsideFunction("explorer", "projectorMode"),
    Output(ids.PROJECTOR_MODE, "data"),
    Input(ids.STATE, "data"),
)
