"""Notes and votes on the tapped item, in the page: the add-note form, the list, and every note in a table.

Writes go through explorer.store.notes, which refuses viewers whatever the buttons show.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import (
    ALL,
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

from explorer.store import notes
from explorer.store.auth import ReadOnlyError
from explorer.web import ids
from explorer.web.auth import current_actor
from explorer.web.panels import data_table
from explorer.web.workshop import SMALL, alert, app_engine, dataset_or_none, roles_enabled, whoami


def workshop_panel() -> dbc.Card:
    """Notes and votes on the tapped item, and the add-note form. Goes in the sidebar under the evidence."""
    form = html.Fieldset(
        [
            html.Div(
                [
                    dbc.Button("Agree", id=ids.VOTE_AGREE, **SMALL, disabled=True),
                    dbc.Button("Disagree", id=ids.VOTE_DISAGREE, **SMALL, disabled=True),
                    dbc.Button("Withdraw my vote", id=ids.VOTE_WITHDRAW, **SMALL, disabled=True),
                ],
                className="d-flex flex-wrap gap-1 mb-2",
                role="group",
                **{"aria-label": "Vote on this item"},
            ),
            dcc.Store(id=ids.VOTER, storage_type="local"),
            dbc.Label(
                "Your name (optional: without one, notes and votes are anonymous)",
                html_for=ids.NOTE_AUTHOR,
                class_name="small mb-0",
            ),
            dbc.Input(
                id=ids.NOTE_AUTHOR,
                maxLength=80,
                size="sm",
                persistence=True,
                persistence_type="local",
                placeholder="e.g. Sam, or Survivors' group",
                debounce=True,
            ),
            dbc.Label("Note", html_for=ids.NOTE_TEXT, class_name="small mb-0 mt-1"),
            dbc.Textarea(id=ids.NOTE_TEXT, rows=3, maxLength=notes.NOTE_MAX, disabled=True),
            dbc.Button(
                "Add note", id=ids.NOTE_ADD, color="primary", size="sm", class_name="mt-1", disabled=True
            ),
        ],
        id=ids.NOTES_EDIT,
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Notes and votes", className="panel-title"),
                html.Div(id=ids.WHOAMI, className="hint mb-1"),
                html.Div(id=ids.NOTES_LIST, **{"aria-live": "polite"}),
                form,
                html.Div(id=ids.NOTES_MSG, role="status"),
                dcc.Store(id=ids.NOTES_REV, data=0),
            ]
        ),
        class_name="mb-2 workshop-card",
        id=ids.NOTES_CARD,
    )


def notes_table() -> html.Div:
    """Every note and vote on the dataset. Goes in the table view, under the connections table."""
    return html.Div(
        [
            html.H2("Notes and votes", className="table-title"),
            data_table(
                ids.NOTES_TABLE,
                columns=[{"name": c, "id": c} for c in notes.COLUMNS if c != "Item id"],
                data=[],
            ),
        ]
    )


def notes_panel(dataset_id: str, item_id: str, engine=None, dataset=None, can_delete: bool = False) -> list:
    """The notes and the vote tally on one item, newest last, each with its author and time."""
    if not item_id:
        return [
            html.P("Tap a service, group or link on the map to read and add notes on it.", className="hint")
        ]
    engine = engine or app_engine()
    found = notes.list_notes(engine, dataset_id, item_id)
    votes = notes.list_votes(engine, dataset_id, item_id)
    label = notes.item_label(dataset, item_id)
    items = [
        html.Li(
            [
                html.Div(n.body, className="note-body"),
                html.Div(
                    [
                        html.Strong(n.author),
                        f" · {notes.display_time(n.created_at)} ",
                        html.Button(
                            "Delete",
                            id={"type": ids.NOTE_DELETE, "id": n.id},
                            className="btn btn-link btn-sm p-0 ms-1",
                            **{"aria-label": f"Delete the note by {n.author}"},
                        )
                        if can_delete
                        else None,
                    ],
                    className="citation",
                ),
            ]
        )
        for n in found
    ]
    tally = []
    for value, word in ((1, "Agree"), (-1, "Disagree")):
        names = [notes.shown_author(v.author) for v in votes if v.value == value]
        tally.append(f"{word}: {len(names)}" + (f" ({', '.join(names)})" if names else ""))
    return [
        html.H3(f"Notes on {label} ({len(found)})", className="panel-subtitle mt-0"),
        html.Ul(items, className="note-list") if items else html.P("No notes yet.", className="hint"),
        html.P(" · ".join(tally), className="citation", id=ids.VOTE_TALLY),
    ]


@callback(
    Output(ids.NOTES_REV, "data"),
    Output(ids.NOTES_MSG, "children"),
    Output(ids.NOTE_TEXT, "value"),
    Input(ids.NOTE_ADD, "n_clicks"),
    Input(ids.VOTE_AGREE, "n_clicks"),
    Input(ids.VOTE_DISAGREE, "n_clicks"),
    Input(ids.VOTE_WITHDRAW, "n_clicks"),
    Input({"type": ids.NOTE_DELETE, "id": ALL}, "n_clicks"),
    State(ids.STATE, "data"),
    State(ids.NOTE_TEXT, "value"),
    State(ids.NOTE_AUTHOR, "value"),
    State(ids.NOTES_REV, "data"),
    State(ids.VOTER, "data"),
    prevent_initial_call=True,
)
def write_note(_add, _agree, _disagree, _withdraw, _deletes, data, text, author, revision, voter):
    """Add a note, vote, withdraw one's vote, or delete a note; the store refuses viewers."""
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        raise dash.exceptions.PreventUpdate  # a delete button appearing, not a click
    trigger, state = ctx.triggered_id, data or {}
    dataset_id, item_id = state.get("dataset", ""), state.get("select", "")
    actor, eng = current_actor(), app_engine()
    try:
        if isinstance(trigger, dict):
            notes.delete_note(eng, actor, trigger["id"])
            return (revision or 0) + 1, alert("Note deleted."), no_update
        dataset = dataset_or_none(dataset_id)
        if dataset is not None and dataset.get(item_id) is None:
            raise ValueError("Choose a service, group or link on this map first.")
        if trigger == ids.NOTE_ADD:
            notes.add_note(eng, actor, dataset_id, item_id, text, author)
            return (revision or 0) + 1, alert("Note added."), ""
        if trigger == ids.VOTE_WITHDRAW:  # the vote this browser (or this name) cast on the item
            notes.withdraw_vote(eng, actor, dataset_id, item_id, author, voter)
            return (revision or 0) + 1, alert("Your vote on this is withdrawn."), no_update
        value = 1 if trigger == ids.VOTE_AGREE else -1
        notes.vote(eng, actor, dataset_id, item_id, value, author, voter)
        name = notes.author_name(author, actor)
        return (
            (revision or 0) + 1,
            alert(f"Vote recorded for {name}: {notes.VOTE_LABELS[value]}."),
            no_update,
        )
    except (ReadOnlyError, ValueError) as exc:
        return no_update, alert(str(exc), ok=False), no_update


# Each browser makes its own anonymous voter token once, clientside (assets/30-explorer-clientside.js).
clientside_callback(
    ClientsideFunction("explorer", "mintVoter"),
    Output(ids.VOTER, "data"),
    Input(ids.VOTER, "modified_timestamp"),
    State(ids.VOTER, "data"),
)


@callback(
    Output(ids.NOTES_LIST, "children"),
    Output(ids.NOTES_EDIT, "disabled"),
    Output(ids.NOTE_TEXT, "disabled"),
    Output(ids.NOTE_ADD, "disabled"),
    Output(ids.VOTE_AGREE, "disabled"),
    Output(ids.VOTE_DISAGREE, "disabled"),
    Output(ids.VOTE_WITHDRAW, "disabled"),
    Output(ids.WHOAMI, "children"),
    # The notes' part key (explorer.view.page): the area and the picked item, so a toggle sends nothing here.
    Input(ids.PART_NOTES, "data"),
    Input(ids.NOTES_REV, "data"),
    State(ids.STATE, "data"),
)
def show_notes(_key, _revision, data):
    if not data:
        raise dash.exceptions.PreventUpdate
    actor, eng = current_actor(), app_engine()
    dataset = dataset_or_none(data["dataset"])
    item = data.get("select", "") if dataset is None or dataset.get(data.get("select", "")) else ""
    panel = notes_panel(data["dataset"], item, eng, dataset, can_delete=actor.can_write)
    off = not (item and actor.can_write)
    return panel, not actor.can_write, off, off, off, off, off, whoami(actor, roles_enabled())


@callback(
    Output(ids.NOTES_TABLE, "data"),
    Input(ids.PART_NOTES_TABLE, "data"),
    Input(ids.NOTES_REV, "data"),
    State(ids.STATE, "data"),
)
def show_notes_table(_key, _revision, data):
    """Every note on the area, while the Table tab is shown. The table is in the page only once that tab
    has been opened (explorer/web/layout.py), and this runs when it arrives."""
    if not data or data.get("view") != "table":
        raise dash.exceptions.PreventUpdate
    return notes.notes_rows(data["dataset"], app_engine(), dataset_or_none(data["dataset"]))
