"""Versions of maps and live rooms in the workshop store (SQLite here; PostgreSQL in test_store_postgres.py)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import update

from explorer.data.edits import Edit, EditError, apply
from explorer.data.readers.loader import load_folder
from explorer.data.vocab import Provenance, Status
from explorer.store import db, rooms, versions
from explorer.store.auth import ReadOnlyError
from explorer.store.models import Room
from tests.conftest import REPO
from tests.test_store import ALICE, BOB


def shipped_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted((REPO / "data").rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(REPO)).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def north():
    return load_folder(REPO / "data" / "north")


def edit_status(dataset, status: str):
    return apply(dataset, Edit("set", dataset.connections[0].id, {"status": status}))


def test_an_edit_makes_a_version_with_parent_author_and_time(engine, north):
    before = shipped_digest()
    edited, summary = edit_status(north, "conflict")
    first = versions.commit(engine, ALICE, north, edited, summary, 0, "Sam")
    assert (first.dataset_id, first.parent_id, first.author, first.number) == ("north--v1", "north", "Sam", 1)
    stored = versions.load_version(engine, "north--v1")
    assert stored.get(north.connections[0].id).status is Status.CONFLICT
    assert stored.provenance is Provenance.ILLUSTRATIVE and stored.name == f"{north.name} · version 1"
    again, summary = edit_status(stored, "gap")
    second = versions.commit(engine, ALICE, stored, again, summary, 1)
    assert second.parent_id == "north--v1" and second.author == "alice"
    assert [v.dataset_id for v in versions.history(engine, "north")] == ["north--v1", "north--v2"]
    assert versions.head(engine, "north").head_id == "north--v2"
    assert versions.describe(second).startswith("version 2 · alice · ")
    assert shipped_digest() == before  # the shipped files are never written


def test_undo_and_redo_move_the_current_version(engine, north):
    edited, summary = edit_status(north, "conflict")
    versions.commit(engine, ALICE, north, edited, summary, 0)
    with pytest.raises(EditError, match="Nothing to redo"):
        versions.redo(engine, ALICE, "north", 1)
    assert versions.undo(engine, ALICE, "north", 1).head_id == "north"
    with pytest.raises(EditError, match="Nothing to undo"):
        versions.undo(engine, ALICE, "north", 2)
    assert versions.redo(engine, ALICE, "north", 2).head_id == "north--v1"
    assert versions.head(engine, "north").revision == 3


def test_two_facilitators_at_once_the_second_is_refused_not_lost(engine, north):
    mine, summary = edit_status(north, "conflict")
    theirs, their_summary = edit_status(north, "gap")
    versions.commit(engine, ALICE, north, mine, summary, 0, "Sam")
    with pytest.raises(versions.ConflictError, match="Someone else changed this map by Sam"):
        versions.commit(engine, ALICE, north, theirs, their_summary, 0, "Jo")
    assert [v.author for v in versions.history(engine, "north")] == ["Sam"]
    # An old page (the right revision number but not the current version) is refused too.
    with pytest.raises(versions.ConflictError, match="open the current version"):
        versions.commit(engine, ALICE, north, theirs, their_summary, 1, "Jo")
    with pytest.raises(versions.ConflictError):
        versions.undo(engine, ALICE, "north", 0)


def test_a_viewer_cannot_edit_or_open_a_room(engine, north):
    edited, summary = edit_status(north, "conflict")
    with pytest.raises(ReadOnlyError):
        versions.commit(engine, BOB, north, edited, summary, 0)
    with pytest.raises(ReadOnlyError):
        rooms.open_room(engine, BOB, "?dataset=north")
    assert versions.history(engine, "north") == []


def test_an_edit_of_the_study_synthesis_is_no_longer_marked_as_the_study(engine):
    study = load_folder(REPO / "data" / "study")
    edited, summary = edit_status(study, "conflict")
    record = versions.commit(engine, ALICE, study, edited, summary, 0)
    version = versions.VersionStore(engine.url.render_as_string(hide_password=False)).get(record.dataset_id)
    assert version.provenance is Provenance.IMPORTED
    assert version.provenance_line() == "Imported from workshop version 1 of " + study.name


def test_a_room_follows_its_facilitator_and_ends(engine):
    room = rooms.open_room(engine, ALICE, "dataset=north")
    assert len(room.code) == 6 and room.live() and room.query == "?dataset=north"
    assert rooms.publish(engine, ALICE, room.code.lower(), "?dataset=north&layer=B") == 2
    assert rooms.publish(engine, ALICE, room.code, "?dataset=north&layer=B") == 2  # same view: no change
    with pytest.raises(ReadOnlyError):
        rooms.publish(engine, BOB, room.code, "?dataset=west")
    assert rooms.get_room(engine, room.code).query == "?dataset=north&layer=B"
    rooms.close_room(engine, ALICE, room.code)
    closed = rooms.get_room(engine, room.code)
    assert not closed.live() and closed.status() == "The facilitator closed this room."
    with pytest.raises(rooms.RoomClosed, match="closed"):
        rooms.publish(engine, ALICE, room.code, "?dataset=west")
    assert rooms.get_room(engine, "NOPE") is None


def test_a_room_ends_when_its_time_is_up(engine):
    room = rooms.open_room(engine, ALICE, "", hours=1)
    with db.writing(engine) as session:
        session.execute(
            update(Room)
            .where(Room.code == room.code)
            .values(expires_at=room.created_at - timedelta(seconds=1))
        )
    assert rooms.get_room(engine, room.code).status() == "This room's time is up."
    with pytest.raises(rooms.RoomClosed, match="time is up"):
        rooms.publish(engine, ALICE, room.code, "?dataset=west")


def test_room_hours_come_from_the_environment():
    assert rooms.room_hours({}) == rooms.DEFAULT_HOURS
    assert rooms.room_hours({"EXPLORER_ROOM_HOURS": "0.5"}) == 0.5
    with pytest.raises(ValueError, match="EXPLORER_ROOM_HOURS"):
        rooms.room_hours({"EXPLORER_ROOM_HOURS": "soon"})
