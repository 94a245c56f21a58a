"""Rooms and the editor's callbacks and rules, without a browser (the browser test is test_browser_live.py)."""

from __future__ import annotations

from datetime import timedelta

import flask
import pytest

from explorer.data.catalog import load_catalog
from explorer.data.edits import EditError
from explorer.data.vocab import Status
from explorer.service import MapService
from explorer.store import db, rooms, versions
from explorer.store.auth import LOCAL, Roles
from explorer.store.rooms import RoomRecord
from explorer.store.versions import VersionStore
from explorer.view.state import ViewState
from explorer.web import editor
from explorer.web import rooms as web_rooms
from tests.test_store import _basic

LINK = "budget_funds_la"


@pytest.fixture
def server(store_url):
    app = flask.Flask("test")
    app.config["EXPLORER_DATABASE_URL"] = store_url
    app.config["EXPLORER_ROLES"] = Roles({"alice": "a-pw"}, {"bob": "b-pw"})
    return app


def room(revision=3, closed=False, expired=False) -> RoomRecord:
    now = rooms.utcnow()
    return RoomRecord(
        "ABC234",
        "alice",
        "?dataset=west&layer=B",
        revision,
        now,
        now + timedelta(hours=-1 if expired else 1),
        now if closed else None,
    )


def test_room_paths_and_links():
    assert web_rooms.room_code_in("/room/abc234") == "ABC234"
    assert web_rooms.room_code_in("/app/room/ABC234/") == "ABC234"  # under a path prefix
    assert web_rooms.room_code_in("/present/1/2") == web_rooms.room_code_in("/room/no!") == ""
    assert web_rooms.qr_data_uri("http://x/room/ABC234").startswith("data:image/svg+xml")
    state = ViewState(dataset="north", layer="B", room="ABC234")
    assert web_rooms.published_query(state.to_store()) == "?dataset=north&layer=B"


@pytest.mark.parametrize(
    ("record", "following", "seen", "trigger", "expected"),
    [
        (None, True, 0, None, (0, None, "There is no room")),
        (room(closed=True), True, 1, None, (1, None, "has ended. The facilitator closed")),
        (room(expired=True), True, 1, None, (1, None, "has ended. This room's time is up")),
        (room(), True, 1, None, (3, "?dataset=west&layer=B", "Following")),  # a new view: take it
        (room(), True, 3, None, (3, None, "Following")),  # nothing new: leave the page alone
        (room(), False, 1, None, (1, None, "Exploring on your own")),  # stepped out: keep exploring
        (room(), True, 3, "rejoin", (3, "?dataset=west&layer=B", "Following")),  # back: the view now
    ],
)
def test_what_a_followers_page_does(record, following, seen, trigger, expected):
    revision, query, status = web_rooms.follow_step(record, following, seen, trigger)
    assert (revision, query) == expected[:2] and expected[2] in status


def test_only_facilitators_open_and_publish_rooms(server, store_url):
    engine = db.get_engine(store_url)
    new = ViewState(dataset="north", room="new").to_store()
    with server.test_request_context("/_dash-update-component", headers=_basic("bob", "b-pw")):
        outputs = web_rooms.host(None, new, "/", None)
        # A viewer's `?room=new` opens no room, and the card says why rather than nothing.
        assert outputs[0] is web_rooms.no_update and outputs[1] == web_rooms.HIDDEN  # no card; the notice
        assert "Only a facilitator can open or lead a room" in str(outputs[-1])
        assert web_rooms.host(None, ViewState(dataset="north").to_store(), "/", None)[1] == web_rooms.HIDDEN
    with db.reading(engine) as session:
        assert session.query(rooms.Room).count() == 0
    with server.test_request_context("/_dash-update-component", headers=_basic("alice", "a-pw")):
        closed = web_rooms.host(None, ViewState(dataset="north").to_store(), "/", None)
        assert closed[1] == closed[3] == {} and closed[2] == web_rooms.HIDDEN  # "Open a room" and its hint
        search = web_rooms.host(None, new, "/", None)[0]
        code = search.rsplit("room=", 1)[1]
        assert search == f"?dataset=north&room={code}" and rooms.get_room(engine, code).live()
        moved = ViewState(dataset="west", layer="C", room=code).to_store()
        opened = web_rooms.host(None, moved, "/", code)
        assert opened[2] == {} and opened[3] == web_rooms.HIDDEN  # the room's details, and no hint while open
    assert rooms.get_room(engine, code).query == "?dataset=west&layer=C"
    with server.test_request_context("/_dash-update-component", headers=_basic("bob", "b-pw")):
        web_rooms.host(None, ViewState(dataset="study", room=code).to_store(), "/", code)
    assert rooms.get_room(engine, code).query == "?dataset=west&layer=C"  # a viewer's view is not published


def test_an_edit_from_the_form_is_a_version_and_a_stale_one_is_refused(store_url):
    engine = db.get_engine(store_url)
    service = MapService(load_catalog(), versions=VersionStore(store_url))
    state = ViewState(dataset="north", layer="A", select=LINK, room="ABC234")
    form = {"status": "conflict", "kind": "funds", "layer": "A", "basis": "stated", "description": None}
    query, message = editor.run_action(engine, LOCAL, service, state, "set", form, 0, "Sam")
    assert query == "?dataset=north--v1&layer=A&select=budget_funds_la&room=ABC234"
    assert message.startswith("Saved as version 1")
    assert service.dataset("north--v1").get(LINK).status is Status.CONFLICT
    assert "north--v1" in service.dataset_ids()
    assert {"label": "Illustrative rural area · version 1", "value": "north--v1"} in service.dataset_options()
    # A second facilitator whose page still says revision 0 is refused, and nothing is lost.
    with pytest.raises(versions.ConflictError, match="by Sam"):
        editor.run_action(engine, LOCAL, service, state, "set", {**form, "status": "gap"}, 0, "Jo")
    query, message = editor.run_action(engine, LOCAL, service, state, "undo", {}, 1, "Sam")
    assert query.startswith("?dataset=north&") and "now north" in message
    with pytest.raises(EditError, match="Nothing changed"):
        editor.run_action(engine, LOCAL, service, state, "set", {"status": "strained"}, 2, None)


def test_form_edits_for_each_button():
    north = load_catalog().datasets["north"]
    element = north.elements[0]
    edit = editor.form_edit("set", north, element.id, {"label": "X", "sector": "nhs", "status": "gap"})
    assert (edit.op, edit.target, edit.values) == ("set", element.id, {"label": "X", "sector": "nhs"})
    edit = editor.form_edit("add-element", north, "", {"new_label": "Refuge nurse", "new_layer": "C"})
    assert edit.values["label"] == "Refuge nurse" and edit.values["layers"] == ["C"]
    edit = editor.form_edit("cite", north, LINK, {"group": "G", "date": "2025-03-14", "text": "t"})
    assert edit.values == {"group": "G", "date_text": "2025-03-14", "text": "t"}


def test_a_version_exports_like_any_map(store_url, server):
    from explorer.web import exports

    engine = db.get_engine(store_url)
    service = MapService(load_catalog(), versions=VersionStore(store_url))
    state = ViewState(dataset="north", layer="A", select=LINK)
    editor.run_action(engine, LOCAL, service, state, "set", {"status": "gap"}, 0, "Sam")
    server.config["EXPLORER"] = service
    with server.test_request_context("/"):
        download = exports.image_download(state.with_(dataset="north--v1").to_store(), "svg", 1)
    assert download["filename"].endswith(".svg") and "version 1" in download["content"]
