"""The map by keyboard and screen reader: the parts of the page, and the words the script speaks.

Modelled on Data Navigator (Elavsky et al.): the map is one focusable place; the arrow keys move along the
links from the item in focus to the neighbour that lies that way, Enter opens its evidence, Escape leaves,
and an aria-live region announces each item's name, type, sector, status and links. A ring drawn over the
canvas shows sighted keyboard users where they are. The behaviour is in assets/60-map-keyboard.js; the
labels it speaks come from explorer.data.vocab through `vocabulary_script()`, so nothing is written twice.
"""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
import flask
from dash import Input, Output, State, clientside_callback, html

from explorer.data.vocab import ELEMENT_TYPE_LABELS, KIND_LABELS, SECTOR_LABELS, STATUS_LABELS
from explorer.web import ids

VOCAB_SCRIPT = "/_explorer/vocab.js"
KEYS = (
    ("Tab", "Reach the map (and leave it again)"),
    ("← ↑ → ↓", "Move along a link to the neighbour that lies that way"),
    ("N / P", "Next or previous item, linked or not"),
    ("Enter", "Open the evidence for the item in focus"),
    ("Escape", "Leave the map (Escape twice is the quick exit)"),
    ("?", "This list of keys"),
)


def vocabulary() -> dict[str, dict[str, str]]:
    """The labels the announcements use, by the class prefix the map's elements carry."""
    return {
        "sector": {k.value: v for k, v in SECTOR_LABELS.items()},
        "type": {k.value: v for k, v in ELEMENT_TYPE_LABELS.items()},
        "status": {k.value: v for k, v in STATUS_LABELS.items()},
        "kind": {k.value: v for k, v in KIND_LABELS.items()},
    }


def vocabulary_script() -> str:
    return "window.explorerVocab = " + json.dumps(vocabulary(), sort_keys=True) + ";\n"


def install(app) -> None:
    if "explorer.map_keyboard" in app.server.extensions:
        return
    app.server.extensions["explorer.map_keyboard"] = True
    app.server.add_url_rule(
        VOCAB_SCRIPT,
        "explorer_vocab",
        lambda: flask.Response(vocabulary_script(), mimetype="text/javascript"),
    )


def announcer() -> html.Div:
    """What the keyboard is on, said to screen readers and shown under the map."""
    return html.Div(
        [
            html.Div(id=ids.MAP_ANNOUNCE, className="map-announce", role="status", **{"aria-live": "polite"}),
            html.Button("Map keys (?)", id=ids.MAP_KEYS_BUTTON, className="btn btn-link btn-sm p-0"),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle("Keys for the map", id=ids.MAP_KEYS_TITLE)),
                    dbc.ModalBody(
                        html.Table(
                            [
                                html.Thead(
                                    html.Tr([html.Th("Key", scope="col"), html.Th("Does", scope="col")])
                                ),
                                html.Tbody([html.Tr([html.Td(html.Kbd(k)), html.Td(d)]) for k, d in KEYS]),
                            ],
                            className="table table-sm mb-0",
                        )
                    ),
                ],
                id=ids.MAP_KEYS_DIALOG,
                labelledby=ids.MAP_KEYS_TITLE,
                is_open=False,
            ),
        ],
        className="map-keys",
    )


clientside_callback(
    "function (clicks, open) { return clicks ? !open : window.dash_clientside.no_update; }",
    Output(ids.MAP_KEYS_DIALOG, "is_open"),
    Input(ids.MAP_KEYS_BUTTON, "n_clicks"),
    State(ids.MAP_KEYS_DIALOG, "is_open"),
    prevent_initial_call=True,
)
