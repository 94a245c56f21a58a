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

import re

import dash
import dash_bootstrap_components as dbc
import flask

from explorer.store import db, views
from explorer.store.auth import Actor, ReadOnlyError, Roles, require_writer
from explorer.view.state import projector_query
from explorer.web.auth import apply_auth

PRESENT_PATH = re.compile(r"^present/(\d+)/(\d+)/?$")
SMALL = {"size": "sm", "outline": True, "color": "dark"}  # the buttons of every workshop card


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
    return flask.redirect(path + projector_query(deck.slides[int(match[2]) - 1].query))


def app_engine():
    """The engine for this app's database (the URL `install` recorded, else the environment's)."""
    return db.get_engine(flask.current_app.config.get("EXPLORER_DATABASE_URL"))


def dataset_or_none(dataset_id: str):
    try:
        return flask.current_app.config["EXPLORER"].dataset(dataset_id)
    except (KeyError, RuntimeError):
        return None


def alert(text: str, ok: bool = True) -> dbc.Alert:
    return dbc.Alert(
        text,
        color="success" if ok else "danger",
        class_name="py-1 px-2 my-1 small",
        dismissable=True,
        fade=False,
    )


def facilitator_refusal(actor: Actor, doing: str = "") -> dbc.Alert | None:
    """None for a facilitator (or the local user without sign-in); for a viewer, the message that says why
    `doing` is not for them. The store refuses viewers anyway: this is what the page tells them."""
    try:
        require_writer(actor)
    except ReadOnlyError as error:
        return alert(f"{doing} {error}".strip(), ok=False)
    return None


def whoami(actor: Actor, roles_enabled: bool) -> str:
    if not roles_enabled:
        return "No sign-in (this computer only): anyone here can add notes and views."
    if actor.can_write:
        return f"Signed in as {actor.name} (facilitator)."
    return f"Signed in as {actor.name} (viewer): read-only."


def roles_enabled() -> bool:
    roles = flask.current_app.config.get("EXPLORER_ROLES")
    return bool(roles and roles.enabled)
