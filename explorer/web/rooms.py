"""Rooms in the page: the facilitator opens one and every view change is published; participants on
`/room/<code>` follow it, and can step out to explore and get back with one click.

The contract that links and scripts rely on:
- opening the page with `?room=new` opens a room as the facilitator (explorer.store.rooms);
- the page then shows the code in the element `room-code` (ids.ROOM_CODE), with a link and a QR code,
  and the URL carries `room=<code>` alongside the view;
- while the URL carries `room=<code>`, every view change is published (the view state changes on every
  control, tap and navigation, and the room's part key with it, so `host` runs on each), however the
  URL was reached.

The room's view lives in the database, so followers may be served by any worker or host: their page polls
(dcc.Interval, once a second) for the room's revision and takes the view only when it has changed.
"""

from __future__ import annotations

import re

import dash
import dash_bootstrap_components as dbc
import flask
import segno
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from explorer.store import rooms
from explorer.store.auth import ReadOnlyError
from explorer.view.state import from_query, from_store
from explorer.web import ids
from explorer.web.auth import current_actor
from explorer.web.context import current
from explorer.web.view_links import view_link
from explorer.web.workshop import SMALL, alert, app_engine, facilitator_refusal

ROOM_PATH = re.compile(r"(?:^|/)room/([A-Za-z0-9]{4,12})/?$")  # under any path prefix
POLL_MS = 1000  # a follower sees a change within about a second (the issue asks for 2 s)
HIDDEN = {"display": "none"}
BAR = "room-bar"


def room_code_in(pathname: str | None) -> str:
    """The code of a follower's page `/room/<code>`, or "" on any other page.

    >>> room_code_in("/room/abc234"), room_code_in("/")
    ('ABC234', '')
    """
    match = ROOM_PATH.search(pathname or "")
    return rooms.normal_code(match[1]) if match else ""


def follower_link(code: str, host_url: str, prefix: str = "/") -> str:
    """The link participants open.

    >>> follower_link("ABC234", "http://127.0.0.1:8050/")
    'http://127.0.0.1:8050/room/ABC234'
    """
    return host_url.rstrip("/") + prefix.rstrip("/") + f"/room/{code}"


def qr_data_uri(text: str) -> str:
    """A QR code of text, as an SVG data URI an <img> can show (segno; the CSP allows data: images)."""
    return segno.make(text, error="m").svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


def published_query(data: dict | None) -> str:
    """The query a room's followers get: the facilitator's view without the room."""
    return from_store(data).shown().to_query()


def install(app: dash.Dash) -> None:
    """`/room/<code>` without a query string redirects to the room's current view, so the follower's page
    starts on it (and its first render does not race the first poll)."""
    if "explorer.rooms" in app.server.extensions:
        return
    app.server.extensions["explorer.rooms"] = True
    prefix = app.config.routes_pathname_prefix

    def complete_room_link():
        if flask.request.query_string or flask.request.method != "GET":
            return None
        path = flask.request.path
        code = room_code_in(path) if path.startswith(prefix) else ""
        room = rooms.get_room(app_engine(), code) if code else None
        if room is None or not room.live() or room.query in ("", "?"):
            return None
        return flask.redirect(path + room.query)

    app.server.before_request(complete_room_link)


# Components ---------------------------------------------------------------------------------------


def room_card() -> dbc.Card:
    """The facilitator's room: a button to open one, then its code, link and QR code, and Close."""
    details = html.Div(
        [
            html.P(
                ["Room ", html.Strong(id=ids.ROOM_CODE, className="room-code")],
                className="mb-1",
            ),
            html.P(
                ["Participants open ", html.A(id=ids.ROOM_LINK, target="_blank", rel="noopener")],
                className="small mb-1",
            ),
            html.Img(id=ids.ROOM_QR, alt="QR code of the room's link", className="room-qr"),
            dbc.Button("Close the room", id=ids.ROOM_CLOSE, **SMALL, class_name="mt-1"),
        ],
        id=ids.ROOM_DETAILS,
        style=HIDDEN,
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Room", className="panel-title"),
                html.Div(
                    [
                        html.P(
                            "Open a room and participants can follow this map on their phones or laptops.",
                            className="hint mb-1",
                        ),
                        view_link(
                            "Open a room", {"room": "new"}, id=ids.ROOM_OPEN, className="btn btn-sm btn-dark"
                        ),
                    ],
                    id=ids.ROOM_OPENER,
                ),
                details,
                # The view state's own change opens the room, so the URL is set through a second
                # Location: Dash runs no callback again in the chain that triggered it, and this one
                # tells the page's Location by event, which starts a fresh chain.
                dcc.Location(id=ids.ROOM_GO, refresh="callback-nav"),
            ]
        ),
        id=ids.ROOM_CARD,
        class_name="mb-2 workshop-card",
        style=HIDDEN,  # shown by `host` to facilitators, never on a follower's page
    )


def room_notice() -> html.Div:
    """What happened to a room (closed, refused, ended), at the top of the page where it is seen: a viewer
    whose link asks for a room has no room card, and the card is below the fold on a laptop."""
    return html.Div(id=ids.ROOM_MSG, role="status", className="room-notice")


def follow_bar() -> html.Div:
    """A follower's bar on /room/<code>: who they follow, Step out, Back to the room. Hidden elsewhere."""
    return html.Div(
        [
            html.Span(id=ids.ROOM_FOLLOW_STATUS, role="status", className="me-2"),
            dbc.Button("Step out to explore", id=ids.ROOM_STEP_OUT, size="sm", color="light"),
            dbc.Button("Back to the room", id=ids.ROOM_REJOIN, size="sm", color="warning", style=HIDDEN),
            dcc.Interval(id=ids.ROOM_POLL, interval=POLL_MS, disabled=True),
            dcc.Store(id=ids.ROOM_FOLLOW, data=True),  # following (True) or stepped out (False)
            dcc.Store(id=ids.ROOM_SEEN, data=0),  # the room's revision this page last showed
        ],
        id=ids.ROOM_BAR,
        className=BAR,
        style=HIDDEN,
    )


# The facilitator ------------------------------------------------------------------------------------


def card_outputs(
    card=HIDDEN,
    opener=HIDDEN,
    details=HIDDEN,
    room: tuple = (no_update,) * 3,
    message=no_update,
    go=no_update,
) -> tuple:
    """The room card's outputs in `host`'s order. `opener` is the hint with "Open a room" (shown only
    while no room is open), `details` the open room's code, link and QR code; `room` is (code, link, QR)."""
    code, link, qr = room
    return go, card, details, opener, code, link, link, qr, message


@callback(
    Output(ids.ROOM_GO, "search"),
    Output(ids.ROOM_CARD, "style"),
    Output(ids.ROOM_DETAILS, "style"),
    Output(ids.ROOM_OPENER, "style"),
    Output(ids.ROOM_CODE, "children"),
    Output(ids.ROOM_LINK, "href"),
    Output(ids.ROOM_LINK, "children"),
    Output(ids.ROOM_QR, "src"),
    Output(ids.ROOM_MSG, "children"),
    # The room's part key (explorer.view.page): it changes with every view while a room is open, and
    # otherwise only with the room field, so a toggle outside a room sends nothing here.
    Input(ids.PART_ROOM, "data"),
    State(ids.STATE, "data"),
    State(ids.URL, "pathname"),
    State(ids.ROOM_CODE, "children"),
    # Called at load too: the layout may hold the first view's state already (explorer/web/first_view.py).
)
def host(_key, data, pathname, shown_code):
    """Open the room `?room=new` asks for, and publish every view while the URL carries `room=<code>`."""
    if not data:
        raise dash.exceptions.PreventUpdate
    if room_code_in(pathname):  # a follower's page: no room card
        return card_outputs()
    actor, state = current_actor(), from_store(data)
    refusal = facilitator_refusal(actor, "Only a facilitator can open or lead a room.")
    if refusal is not None:  # a viewer: no card, unless their link asks for a room, and then it says why not
        return card_outputs(message=refusal) if state.room else card_outputs()
    if not state.room:  # the message stays: it may say that the room just closed
        return card_outputs({}, {})
    engine = app_engine()
    try:
        if state.room == "new":
            room = rooms.open_room(engine, actor, published_query(data))
            return (state.with_(room=room.code).to_query(), *(no_update,) * 8)
        rooms.publish(engine, actor, state.room, published_query(data))
    except (rooms.RoomClosed, ReadOnlyError, ValueError) as error:
        message = dbc.Alert(f"Room {state.room}: {error}", color="warning", class_name="py-1 px-2 small")
        return card_outputs({}, {}, room=("", "", ""), message=message)
    if shown_code == state.room:  # published; the card already shows this room
        return card_outputs({}, details={})
    prefix = dash.get_app().config.requests_pathname_prefix
    link = follower_link(state.room, flask.request.host_url, prefix)
    return card_outputs({}, details={}, room=(state.room, link, qr_data_uri(link)), message="")


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Output(ids.ROOM_MSG, "children", allow_duplicate=True),
    Input(ids.ROOM_CLOSE, "n_clicks"),
    State(ids.STATE, "data"),
    prevent_initial_call=True,
)
def close(clicks, data):
    if not clicks or not data:
        raise dash.exceptions.PreventUpdate
    state = from_store(data)
    try:
        rooms.close_room(app_engine(), current_actor(), state.room)
    except (rooms.RoomClosed, ReadOnlyError) as error:
        return no_update, alert(str(error), ok=False)
    return state.with_(room="").to_query(), alert(f"Room {state.room} is closed.")


# The followers ------------------------------------------------------------------------------------


def follow_step(room, following: bool, seen: int, trigger: str | None) -> tuple[int, str | None, str]:
    """What a follower's page does on a poll or on stepping out or back: (revision now shown, query to
    show or None, status line). Pure, so the rules are tested without a browser."""
    if room is None:
        return seen, None, "There is no room with that code."
    status = room.status()
    if status != "live":
        return seen, None, f"Room {room.code} has ended. {status}"
    if not following:
        return seen, None, f"Exploring on your own (room {room.code})."
    if trigger == "rejoin" or seen != room.revision:
        return room.revision, room.query, _following(room.code)
    return seen, None, _following(room.code)


def _following(code: str) -> str:
    return f"Following the facilitator in room {code}."


@callback(
    Output(ids.ROOM_FOLLOW, "data"),
    Output(ids.ROOM_SEEN, "data", allow_duplicate=True),
    Input(ids.ROOM_STEP_OUT, "n_clicks"),
    Input(ids.ROOM_REJOIN, "n_clicks"),
    prevent_initial_call=True,
)
def step(_out, _back):
    """Step out or back. Its own callback, so a poll in flight cannot overwrite the choice; stepping back
    forgets the revision shown, so whichever poll comes next takes the room's view."""
    back = ctx.triggered_id == ids.ROOM_REJOIN
    return back, -1 if back else no_update


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Output(ids.ROOM_SEEN, "data"),
    Output(ids.ROOM_FOLLOW_STATUS, "children"),
    Output(ids.ROOM_POLL, "disabled"),
    Output(ids.ROOM_BAR, "style"),
    Output(ids.ROOM_BAR, "className"),
    Output(ids.ROOM_STEP_OUT, "style"),
    Output(ids.ROOM_REJOIN, "style"),
    Output(ids.DATASET, "options", allow_duplicate=True),
    Input(ids.ROOM_POLL, "n_intervals"),
    Input(ids.ROOM_FOLLOW, "data"),
    Input(ids.URL, "pathname"),
    State(ids.ROOM_SEEN, "data"),
    State(ids.URL, "search"),
    prevent_initial_call="initial_duplicate",
)
def follow(_tick, following, pathname, seen, search):
    code = room_code_in(pathname)
    if not code:
        return no_update, no_update, "", True, HIDDEN, BAR, no_update, no_update, no_update
    following = following is not False
    # A poll may arrive in the same request as the step back: look at every trigger, not the first.
    stepped = any(t["prop_id"] == f"{ids.ROOM_FOLLOW}.data" for t in ctx.triggered)
    trigger = "rejoin" if stepped and following else None
    seen, query, status = follow_step(rooms.get_room(app_engine(), code), following, seen or 0, trigger)
    ended = status.startswith(("Room ", "There is no"))
    options = no_update
    if query is not None:
        # The follower's page keeps its own parse of the view, so an unknown map falls back sensibly;
        # the area list is refreshed, as the facilitator may have made a version since the page loaded.
        query = from_query(query, current().dataset_ids()).shown().to_query()
        query = query if query != (search or "") else no_update
        options = current().dataset_options()
    return (
        query if query is not None else no_update,
        seen,
        status,
        ended,
        {},
        # While following, a phone hides the view controls (assets/16-phone.css): the facilitator drives,
        # and the map gets the screen. Stepping out brings them back.
        f"{BAR} following" if following and not ended else BAR,
        HIDDEN if not following or ended else {},
        {} if not following and not ended else HIDDEN,
        options,
    )
