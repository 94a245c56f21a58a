"""Workshop mode in the page: notes and votes, saved views, presentations and a presentation mode.

Components (placed in the page by explorer/web/layout.py):
- `workshop_panel()`: notes and votes on the tapped item, with the add-note form (sidebar, under evidence).
- `presentation_controls()`: saved views and presentations, made, renamed, reordered, deleted (sidebar).
- `present_bar()`: the slide counter with previous/next/exit, shown only in presentation mode (page level).
- `notes_table()`: every note and vote on the dataset (table view).

Presentation mode is the path `/present/<presentation id>/<slide number>`, with the slide's view in the
query string as usual. The page hides the controls and keeps the map, caption, banner and legend; the arrow
keys (and a clicker's PageUp/PageDown) step through the slides, F toggles full screen, Esc leaves.

Writes go through explorer.store, which refuses viewers whatever the buttons show.
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import dash
import dash_bootstrap_components as dbc
import flask
from dash import (
    ALL,
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

from explorer.store import db, notes, views
from explorer.store.auth import Actor, ReadOnlyError, Roles, apply_auth, current_actor
from explorer.store.views import NotFound
from explorer.view.state import from_store
from explorer.web import ids
from explorer.web.panels import data_table

PRESENT_PATH = re.compile(r"^present/(\d+)/(\d+)/?$")
SMALL = {"size": "sm", "outline": True, "color": "dark"}
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
PRESENT_CSS = """
body.present-mode .topbar, body.present-mode .sidebar > :not(.legend-card) { display: none !important; }
body.present-mode .sidebar { width: 330px; background: #fff; }
body.present-mode .caption-title { font-size: 1.3rem; }
.workshop-card .btn { font-size: 0.9rem; }
.workshop-card fieldset { min-width: 0; }
.workshop-card .choice-list { max-height: 12rem; overflow-y: auto; font-size: 0.92rem; }
.note-list { list-style: none; padding-left: 0; margin-bottom: 0.4rem; }
.note-list li { border-left: 3px solid #E69F00; padding-left: 0.5rem; margin: 0.35rem 0; }
.note-body { white-space: pre-wrap; font-size: 0.95rem; }
"""


# Set-up ---------------------------------------------------------------------------------------------


def install(app: dash.Dash, database_url: str | None = None, roles: Roles | None = None) -> Roles:
    """Create or migrate the database (alembic upgrade head), note its URL on the app, apply sign-in."""
    url = database_url or app.server.config.get("EXPLORER_DATABASE_URL") or db.database_url()
    db.get_engine(url)
    app.server.config["EXPLORER_DATABASE_URL"] = url
    roles = apply_auth(app, roles)
    if "explorer.workshop" not in app.server.extensions:  # registered after sign-in's check, so it runs after
        app.server.extensions["explorer.workshop"] = True
        prefix = app.config.routes_pathname_prefix
        app.server.before_request(lambda: _complete_present_link(prefix))
    return roles


def _complete_present_link(prefix: str):
    """Redirect `/present/<id>/<n>` without a query string to the slide's view (a link typed by hand)."""
    if flask.request.query_string or flask.request.method != "GET":
        return None
    path = flask.request.path
    match = PRESENT_PATH.match(path[len(prefix) :] if path.startswith(prefix) else "")
    deck = views.get_presentation(app_engine(), int(match[1])) if match else None
    if deck is None or not 1 <= int(match[2]) <= len(deck.slides):
        return None
    return flask.redirect(path + deck.slides[int(match[2]) - 1].query)


def app_engine():
    """The engine for this app's database (the URL `install` recorded, else the environment's)."""
    return db.get_engine(flask.current_app.config.get("EXPLORER_DATABASE_URL"))


def _dataset(dataset_id: str):
    try:
        return flask.current_app.config["EXPLORER"].dataset(dataset_id)
    except (KeyError, RuntimeError):
        return None


def _alert(text: str, ok: bool = True) -> dbc.Alert:
    return dbc.Alert(
        text,
        color="success" if ok else "danger",
        class_name="py-1 px-2 my-1 small",
        dismissable=True,
        fade=False,
    )


def _whoami(actor: Actor, roles_enabled: bool) -> str:
    if not roles_enabled:
        return "No sign-in (this computer only): anyone here can add notes and views."
    if actor.can_write:
        return f"Signed in as {actor.name} (facilitator)."
    return f"Signed in as {actor.name} (viewer): read-only."


def _roles_enabled() -> bool:
    roles = flask.current_app.config.get("EXPLORER_ROLES")
    return bool(roles and roles.enabled)


# Components -----------------------------------------------------------------------------------------


def workshop_panel() -> dbc.Card:
    """Notes and votes on the tapped item, and the add-note form. Goes in the sidebar under the evidence."""
    form = html.Fieldset(
        [
            html.Div(
                [
                    dbc.Button("Agree", id=ids.VOTE_AGREE, **SMALL, disabled=True),
                    dbc.Button("Disagree", id=ids.VOTE_DISAGREE, **SMALL, disabled=True),
                ],
                className="d-flex gap-1 mb-2",
                role="group",
                **{"aria-label": "Vote on this item"},
            ),
            dbc.Label(
                "Your name (shown with notes and votes)", html_for=ids.NOTE_AUTHOR, class_name="small mb-0"
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
        id="notes-card",
    )


def presentation_controls() -> dbc.Card:
    """Saved views and presentations: save, open, rename, delete, order, present. Goes in the sidebar."""
    view_tools = html.Fieldset(
        [
            dbc.Label("Name", html_for=ids.VIEW_NAME, class_name="small mb-0"),
            dbc.Input(id=ids.VIEW_NAME, maxLength=120, size="sm", placeholder="e.g. The wall, layer C"),
            html.Div(
                [
                    dbc.Button("Save this view", id=ids.VIEW_SAVE, color="primary", size="sm"),
                    dbc.Button("Rename", id=ids.VIEW_RENAME, **SMALL),
                    dcc.ConfirmDialogProvider(
                        dbc.Button("Delete", id=ids.VIEW_DELETE + "-button", **SMALL),
                        id=ids.VIEW_DELETE,
                        message="Delete this saved view? It also leaves every presentation it is in.",
                    ),
                    dbc.Button("Add to presentation", id=ids.VIEW_ADD, **SMALL),
                ],
                className="d-flex flex-wrap gap-1 mt-1",
            ),
        ],
        id=ids.VIEWS_EDIT,
    )
    deck_tools = html.Fieldset(
        [
            html.Div(
                [
                    dbc.Button("↑ Earlier", id=ids.SLIDE_UP, **SMALL),
                    dbc.Button("↓ Later", id=ids.SLIDE_DOWN, **SMALL),
                    dbc.Button("Remove slide", id=ids.SLIDE_REMOVE, **SMALL),
                ],
                className="d-flex flex-wrap gap-1 mb-1",
            ),
            dbc.Label("Presentation name", html_for=ids.DECK_NAME, class_name="small mb-0"),
            dbc.Input(id=ids.DECK_NAME, maxLength=120, size="sm", placeholder="e.g. Advisory group, March"),
            html.Div(
                [
                    dbc.Button("New presentation", id=ids.DECK_NEW, color="primary", size="sm"),
                    dbc.Button("Rename", id=ids.DECK_RENAME, **SMALL),
                    dcc.ConfirmDialogProvider(
                        dbc.Button("Delete", id=ids.DECK_DELETE + "-button", **SMALL),
                        id=ids.DECK_DELETE,
                        message="Delete this presentation? Its saved views stay.",
                    ),
                ],
                className="d-flex flex-wrap gap-1 mt-1",
            ),
        ],
        id=ids.DECK_EDIT,
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Saved views", className="panel-title"),
                dbc.RadioItems(id=ids.VIEW_LIST, options=[], class_name="choice-list mb-1"),
                dbc.Button("Open view", id=ids.VIEW_OPEN, **SMALL, class_name="mb-1"),
                view_tools,
                html.H2("Presentations", className="panel-title mt-3"),
                dbc.Select(id=ids.DECK_SELECT, options=[], placeholder="Choose a presentation", size="sm"),
                dbc.RadioItems(id=ids.SLIDE_LIST, options=[], class_name="choice-list my-1"),
                dbc.Button("Present ▶", id=ids.DECK_START, color="success", size="sm", class_name="mb-1"),
                deck_tools,
                html.Div(id=ids.VIEWS_MSG, role="status"),
                dcc.Store(id=ids.VIEWS_REV, data=0),
            ]
        ),
        class_name="mb-2 workshop-card",
        id="views-card",
    )


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
        names = [v.author for v in votes if v.value == value]
        tally.append(f"{word}: {len(names)}" + (f" ({', '.join(names)})" if names else ""))
    return [
        html.H3(f"Notes on {label} ({len(found)})", className="panel-subtitle mt-0"),
        html.Ul(items, className="note-list") if items else html.P("No notes yet.", className="hint"),
        html.P(" · ".join(tally), className="citation", id="vote-tally"),
    ]


# Notes and votes ------------------------------------------------------------------------------------


@callback(
    Output(ids.NOTES_REV, "data"),
    Output(ids.NOTES_MSG, "children"),
    Output(ids.NOTE_TEXT, "value"),
    Input(ids.NOTE_ADD, "n_clicks"),
    Input(ids.VOTE_AGREE, "n_clicks"),
    Input(ids.VOTE_DISAGREE, "n_clicks"),
    Input({"type": ids.NOTE_DELETE, "id": ALL}, "n_clicks"),
    State(ids.STATE, "data"),
    State(ids.NOTE_TEXT, "value"),
    State(ids.NOTE_AUTHOR, "value"),
    State(ids.NOTES_REV, "data"),
    prevent_initial_call=True,
)
def write_note(_add, _agree, _disagree, _deletes, data, text, author, revision):
    """Add a note, vote, or delete a note; the store refuses viewers."""
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        raise dash.exceptions.PreventUpdate  # a delete button appearing, not a click
    trigger, state = ctx.triggered_id, data or {}
    dataset_id, item_id = state.get("dataset", ""), state.get("select", "")
    actor, eng = current_actor(), app_engine()
    try:
        if isinstance(trigger, dict):
            notes.delete_note(eng, actor, trigger["id"])
            return (revision or 0) + 1, _alert("Note deleted."), no_update
        dataset = _dataset(dataset_id)
        if dataset is not None and dataset.get(item_id) is None:
            raise ValueError("Choose a service, group or link on this map first.")
        if trigger == ids.NOTE_ADD:
            notes.add_note(eng, actor, dataset_id, item_id, text, author)
            return (revision or 0) + 1, _alert("Note added."), ""
        value = 1 if trigger == ids.VOTE_AGREE else -1
        notes.vote(eng, actor, dataset_id, item_id, value, author)
        name = notes.author_name(author, actor)
        return (
            (revision or 0) + 1,
            _alert(f"Vote recorded for {name}: {notes.VOTE_LABELS[value]}."),
            no_update,
        )
    except (ReadOnlyError, ValueError) as exc:
        return no_update, _alert(str(exc), ok=False), no_update


@callback(
    Output(ids.NOTES_LIST, "children"),
    Output(ids.NOTES_EDIT, "disabled"),
    Output(ids.NOTE_TEXT, "disabled"),
    Output(ids.NOTE_ADD, "disabled"),
    Output(ids.VOTE_AGREE, "disabled"),
    Output(ids.VOTE_DISAGREE, "disabled"),
    Output(ids.WHOAMI, "children"),
    Output(ids.NOTES_TABLE, "data"),
    Input(ids.STATE, "data"),
    Input(ids.NOTES_REV, "data"),
)
def show_notes(data, _revision):
    if not data:
        raise dash.exceptions.PreventUpdate
    actor, eng = current_actor(), app_engine()
    dataset = _dataset(data["dataset"])
    item = data.get("select", "") if dataset is None or dataset.get(data.get("select", "")) else ""
    panel = notes_panel(data["dataset"], item, eng, dataset, can_delete=actor.can_write)
    off = not (item and actor.can_write)
    table = notes.notes_rows(data["dataset"], eng, dataset)
    return panel, not actor.can_write, off, off, off, off, _whoami(actor, _roles_enabled()), table


# Saved views and presentations ----------------------------------------------------------------------


def _query(data: dict | None) -> str:
    """The query string of the view in the view-state store."""
    if not data:
        return ""
    return from_store(data).to_query()


def _view_action(trigger: str, actor: Actor, eng, s: SimpleNamespace) -> tuple[str, dict]:
    """Do one saved-view or presentation action; returns the message and the selections to change."""

    def chosen(value, what: str) -> int:
        if not value:
            raise ValueError(f"Choose a {what} first.")
        return int(value)

    if trigger == ids.VIEW_SAVE:
        query = _query(s.state)
        new = views.save_view(eng, actor, s.view_name, query)
        return f"Saved “{s.view_name.strip()}”.", {"view": str(new)}
    if trigger == ids.VIEW_RENAME:
        views.rename_view(eng, actor, chosen(s.view, "saved view"), s.view_name)
        return "View renamed.", {}
    if trigger == ids.VIEW_DELETE:
        views.delete_view(eng, actor, chosen(s.view, "saved view"))
        return "View deleted.", {"view": None, "slide": None}
    if trigger == ids.VIEW_ADD:
        slide = views.add_slide(eng, actor, chosen(s.deck, "presentation"), chosen(s.view, "saved view"))
        return "Added to the presentation.", {"slide": str(slide)}
    if trigger == ids.DECK_NEW:
        new = views.create_presentation(eng, actor, s.deck_name)
        return f"Presentation “{s.deck_name.strip()}” made: add saved views to it.", {"deck": str(new)}
    if trigger == ids.DECK_RENAME:
        views.rename_presentation(eng, actor, chosen(s.deck, "presentation"), s.deck_name)
        return "Presentation renamed.", {}
    if trigger == ids.DECK_DELETE:
        views.delete_presentation(eng, actor, chosen(s.deck, "presentation"))
        return "Presentation deleted.", {"deck": None, "slide": None}
    slide = chosen(s.slide, "slide")
    if trigger == ids.SLIDE_REMOVE:
        views.remove_slide(eng, actor, slide)
        return "Slide removed.", {"slide": None}
    views.move_slide(eng, actor, slide, -1 if trigger == ids.SLIDE_UP else 1)
    return "Slide moved.", {}


@callback(
    Output(ids.VIEWS_REV, "data"),
    Output(ids.VIEWS_MSG, "children"),
    Output(ids.VIEW_LIST, "value"),
    Output(ids.DECK_SELECT, "value"),
    Output(ids.SLIDE_LIST, "value"),
    Input(ids.VIEW_SAVE, "n_clicks"),
    Input(ids.VIEW_RENAME, "n_clicks"),
    Input(ids.VIEW_DELETE, "submit_n_clicks"),
    Input(ids.VIEW_ADD, "n_clicks"),
    Input(ids.DECK_NEW, "n_clicks"),
    Input(ids.DECK_RENAME, "n_clicks"),
    Input(ids.DECK_DELETE, "submit_n_clicks"),
    Input(ids.SLIDE_UP, "n_clicks"),
    Input(ids.SLIDE_DOWN, "n_clicks"),
    Input(ids.SLIDE_REMOVE, "n_clicks"),
    State(ids.STATE, "data"),
    State(ids.VIEW_NAME, "value"),
    State(ids.VIEW_LIST, "value"),
    State(ids.DECK_SELECT, "value"),
    State(ids.DECK_NAME, "value"),
    State(ids.SLIDE_LIST, "value"),
    State(ids.VIEWS_REV, "data"),
    prevent_initial_call=True,
)
def write_views(*args):
    """Every saved-view and presentation change; the store refuses viewers."""
    state, view_name, view, deck, deck_name, slide, revision = args[-7:]
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        raise dash.exceptions.PreventUpdate
    s = SimpleNamespace(
        state=state, view_name=view_name or "", view=view, deck=deck, deck_name=deck_name or "", slide=slide
    )
    try:
        message, chosen = _view_action(ctx.triggered_id, current_actor(), app_engine(), s)
    except (ReadOnlyError, ValueError, NotFound) as exc:
        return no_update, _alert(str(exc), ok=False), no_update, no_update, no_update
    return (
        (revision or 0) + 1,
        _alert(message),
        chosen.get("view", no_update),
        chosen.get("deck", no_update),
        chosen.get("slide", no_update),
    )


@callback(
    Output(ids.VIEW_LIST, "options"),
    Output(ids.DECK_SELECT, "options"),
    Output(ids.SLIDE_LIST, "options"),
    Output(ids.DECK_NAME, "value"),
    Output(ids.VIEWS_EDIT, "disabled"),
    Output(ids.DECK_EDIT, "disabled"),
    Output(ids.DECK_START, "disabled"),
    Input(ids.VIEWS_REV, "data"),
    Input(ids.DECK_SELECT, "value"),
)
def show_views(_revision, deck_id):
    eng = app_engine()
    saved = [{"label": v.name, "value": str(v.id)} for v in views.list_views(eng)]
    decks = [{"label": p.name, "value": str(p.id)} for p in views.list_presentations(eng)]
    deck = views.get_presentation(eng, int(deck_id)) if deck_id else None
    slides = [
        {"label": f"{n}. {s.name}", "value": str(s.id)} for n, s in enumerate(deck.slides if deck else (), 1)
    ]
    name = deck.name if deck and ctx.triggered_id == ids.DECK_SELECT else no_update
    read_only = not current_actor().can_write
    return saved, decks, slides, name, read_only, read_only, not slides


@callback(
    Output(ids.VIEW_NAME, "value"),
    Input(ids.VIEW_LIST, "value"),
    State(ids.VIEW_LIST, "options"),
    prevent_initial_call=True,
)
def name_chosen_view(view_id, options):
    return next((o["label"] for o in options or () if o["value"] == view_id), no_update)


# Presentation mode ----------------------------------------------------------------------------------


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
    State(ids.DECK_SELECT, "value"),
    State(ids.VIEW_LIST, "value"),
    prevent_initial_call=True,
)
def navigate(_prev, _next, _exit, _start, _open, pathname, deck_id, view_id):
    """Open a saved view, start a presentation, step through it, or leave it."""
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        raise dash.exceptions.PreventUpdate
    trigger, eng = ctx.triggered_id, app_engine()
    if trigger == ids.VIEW_OPEN:
        view = views.get_view(eng, int(view_id)) if view_id else None
        if view is None:
            return no_update, no_update, _alert("Choose a saved view first.", ok=False)
        return no_update, view.query, _alert(f"Opened “{view.name}”.")
    if trigger == ids.PRESENT_EXIT:
        return dash.get_relative_path("/"), no_update, no_update
    where = (int(deck_id), 1) if trigger == ids.DECK_START and deck_id else _parse_present(pathname)
    deck = views.get_presentation(eng, where[0]) if where else None
    if deck is None or not deck.slides:
        return no_update, no_update, _alert("Choose a presentation with at least one slide.", ok=False)
    number = where[1] + {ids.PRESENT_PREV: -1, ids.PRESENT_NEXT: 1}.get(trigger, 0)
    number = max(1, min(len(deck.slides), number))
    return _present_path(deck.id, number), deck.slides[number - 1].query, no_update


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


# In the browser: the page's look in presentation mode, and the keys that drive it.
clientside_callback(
    """
    function(pathname) {
        if (!document.getElementById('workshop-style')) {
            const style = document.createElement('style');
            style.id = 'workshop-style';
            style.textContent = PRESENT_CSS;
            document.head.appendChild(style);
        }
        const on = /\\/present\\/\\d+\\/\\d+\\/?$/.test(pathname || '');
        document.body.classList.toggle('present-mode', on);
        if (!window.explorerPresentKeys) {
            window.explorerPresentKeys = true;
            document.addEventListener('keydown', function (event) {
                if (!document.body.classList.contains('present-mode')) { return; }
                if (event.altKey || event.ctrlKey || event.metaKey) { return; }
                const target = event.target || {};
                if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName || '')) { return; }
                const press = function (id) {
                    const button = document.getElementById(id);
                    if (button && !button.disabled) { button.click(); }
                    event.preventDefault();
                };
                const onButton = /^(BUTTON|A)$/.test(target.tagName || '');
                if (event.key === 'ArrowRight' || event.key === 'PageDown' || (event.key === ' ' && !onButton)) {
                    press('present-next');
                } else if (event.key === 'ArrowLeft' || event.key === 'PageUp') {
                    press('present-prev');
                } else if (event.key === 'Escape' && !document.fullscreenElement) {
                    press('present-exit');
                } else if (event.key === 'f' || event.key === 'F') {
                    press('present-fullscreen');
                }
            });
        }
        return on;
    }
    """.replace("PRESENT_CSS", json.dumps(PRESENT_CSS)),
    Output(ids.PRESENT_MODE, "data"),
    Input(ids.URL, "pathname"),
)

clientside_callback(
    """
    function(clicks) {
        if (!clicks) { return window.dash_clientside.no_update; }
        if (document.fullscreenElement) { document.exitFullscreen(); }
        else if (document.documentElement.requestFullscreen) {
            document.documentElement.requestFullscreen().catch(function () {});
        }
        return window.dash_clientside.no_update;
    }
    """,
    Output(ids.PRESENT_FULL, "title"),
    Input(ids.PRESENT_FULL, "n_clicks"),
    prevent_initial_call=True,
)
