"""Rooms: a facilitator's current view, kept in the database so participants on any worker can follow it.

A room has a short code (letters and digits that cannot be mistaken for each other), the query string of
the facilitator's view and a revision that goes up on every change, so a follower's page asks only "has
it changed since revision n?". A room ends when its facilitator closes it, or when its time is up
(EXPLORER_ROOM_HOURS, default 4 hours).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from explorer.store import db
from explorer.store.auth import Actor, require_writer
from explorer.store.models import QUERY_MAX, Room, utcnow

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed on phones
CODE_LENGTH = 6
DEFAULT_HOURS = 4.0


class RoomClosed(LookupError):
    """The room does not exist, was closed, or its time is up."""


@dataclass(frozen=True)
class RoomRecord:
    code: str
    created_by: str
    query: str
    revision: int
    created_at: datetime
    expires_at: datetime
    closed_at: datetime | None

    def live(self, now: datetime | None = None) -> bool:
        return self.closed_at is None and (now or utcnow()) < self.expires_at

    def status(self, now: datetime | None = None) -> str:
        if self.closed_at is not None:
            return "The facilitator closed this room."
        if not self.live(now):
            return "This room's time is up."
        return "live"


def room_hours(environ: Mapping[str, str] | None = None) -> float:
    env = os.environ if environ is None else environ
    try:
        hours = float(env.get("EXPLORER_ROOM_HOURS", "") or DEFAULT_HOURS)
    except ValueError:
        raise ValueError("EXPLORER_ROOM_HOURS must be a number of hours, e.g. 4 or 0.5") from None
    if hours <= 0:
        raise ValueError("EXPLORER_ROOM_HOURS must be more than 0")
    return hours


def normal_code(code: str | None) -> str:
    """A code as typed (any case, spaces) in its stored form; '' when it cannot be a code.

    >>> normal_code(" abc 234 "), normal_code("no!")
    ('ABC234', '')
    """
    text = "".join(str(code or "").split()).upper()
    return text if len(text) == CODE_LENGTH and all(ch in ALPHABET for ch in text) else ""


def _query(query: str | None) -> str:
    query = "?" + (query or "").lstrip("?")
    if len(query) > QUERY_MAX:
        raise ValueError("This view's address is too long to share in a room.")
    return query


def open_room(engine: Engine, actor: Actor, query: str = "", hours: float | None = None) -> RoomRecord:
    """A new room with a fresh code, showing `query`. Only facilitators open rooms."""
    require_writer(actor)
    hours = room_hours() if hours is None else hours
    now = utcnow()
    for _ in range(8):  # 32**6 codes: a clash is rare, and then another code is drawn
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        room = Room(
            code=code,
            created_by=actor.name,
            query=_query(query),
            revision=1,
            created_at=now,
            updated_at=now,
            expires_at=now + timedelta(hours=hours),
            closed_at=None,
        )
        try:
            with db.writing(engine) as session:
                if session.get(Room, code) is not None:
                    continue
                session.add(room)
        except IntegrityError:
            continue
        return _record(room)
    raise RuntimeError("Could not find a free room code; try again.")


def get_room(engine: Engine, code: str) -> RoomRecord | None:
    code = normal_code(code)
    if not code:
        return None
    with db.reading(engine) as session:
        room = session.get(Room, code)
        return _record(room) if room else None


def publish(engine: Engine, actor: Actor, code: str, query: str) -> int:
    """Show `query` to the room's followers; returns the room's revision (unchanged if the view is)."""
    require_writer(actor)
    query = _query(query)
    with db.writing(engine) as session:
        room = session.get(Room, normal_code(code), with_for_update=True)
        if room is None or not _record(room).live():
            raise RoomClosed(_ended(room))
        if room.query != query:
            room.query, room.revision, room.updated_at = query, room.revision + 1, utcnow()
        return room.revision


def close_room(engine: Engine, actor: Actor, code: str) -> None:
    require_writer(actor)
    with db.writing(engine) as session:
        room = session.get(Room, normal_code(code), with_for_update=True)
        if room is None:
            raise RoomClosed(_ended(None))
        if room.closed_at is None:
            room.closed_at = utcnow()
            room.revision += 1


def _ended(room: Room | None) -> str:
    return "There is no room with that code." if room is None else _record(room).status()


def _record(room: Room) -> RoomRecord:
    return RoomRecord(
        room.code,
        room.created_by,
        room.query,
        room.revision,
        room.created_at,
        room.expires_at,
        room.closed_at,
    )
