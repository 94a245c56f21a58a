"""Notes and votes on elements and connections, per dataset.

Every write takes an Actor and refuses viewers. Reads return plain frozen records, so callers never hold
a live session.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from explorer.store import db
from explorer.store.auth import Actor, require_writer
from explorer.store.models import AUTHOR_MAX, DATASET_MAX, ITEM_MAX, NOTE_MAX, Note, Vote, utcnow

ANONYMOUS = "Anonymous"
VOTE_LABELS = {1: "agree", -1: "disagree"}
COLUMNS = ("Item", "Item id", "Kind", "Author", "Time (UTC)", "Text")


@dataclass(frozen=True)
class NoteRecord:
    id: int
    dataset_id: str
    item_id: str
    author: str
    body: str
    created_at: datetime


@dataclass(frozen=True)
class VoteRecord:
    dataset_id: str
    item_id: str
    author: str
    value: int
    created_at: datetime


def display_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def author_name(author: str | None, actor: Actor) -> str:
    """The display name typed in the form, else the signed-in user, else 'Anonymous'."""
    name = " ".join((author or "").split()) or actor.name or ANONYMOUS
    return name[:AUTHOR_MAX]


def voter_key(author: str | None, actor: Actor, voter: str | None = None) -> str:
    """Who a vote belongs to. A named voter is their name; an anonymous one is 'Anonymous' plus the random
    token their browser keeps, so that the anonymous people in a room each have a vote of their own.

    >>> from explorer.store.auth import LOCAL
    >>> voter_key("", LOCAL, "3f9a"), voter_key("Sam", LOCAL, "3f9a"), voter_key("", LOCAL)
    ('Anonymous #3f9a', 'Sam', 'Anonymous')
    """
    name = author_name(author, actor)
    token = "".join(ch for ch in (voter or "") if ch.isalnum())[:16]
    return f"{ANONYMOUS} #{token}" if name == ANONYMOUS and token else name


def shown_author(author: str) -> str:
    """A vote's author as the page shows it: an anonymous voter's token stays private.

    >>> shown_author("Anonymous #3f9a"), shown_author("Sam")
    ('Anonymous', 'Sam')
    """
    return ANONYMOUS if author.startswith(f"{ANONYMOUS} #") else author


def _key(dataset_id: str, item_id: str) -> tuple[str, str]:
    if not dataset_id or not item_id:
        raise ValueError("Choose a service, group or link on the map first.")
    if len(dataset_id) > DATASET_MAX or len(item_id) > ITEM_MAX:
        raise ValueError("That item id is too long.")
    return dataset_id, item_id


def add_note(
    engine: Engine, actor: Actor, dataset_id: str, item_id: str, body: str, author: str | None = None
) -> int:
    """Store a note; returns its id once committed."""
    require_writer(actor)
    dataset_id, item_id = _key(dataset_id, item_id)
    body = (body or "").strip()
    if not body:
        raise ValueError("Write something before adding the note.")
    if len(body) > NOTE_MAX:
        raise ValueError(f"A note can be at most {NOTE_MAX} characters (this one has {len(body)}).")
    note = Note(dataset_id=dataset_id, item_id=item_id, author=author_name(author, actor), body=body)
    with db.writing(engine) as session:
        session.add(note)
        session.flush()
        note_id = note.id
    return note_id


def delete_note(engine: Engine, actor: Actor, note_id: int) -> bool:
    require_writer(actor)
    with db.writing(engine) as session:
        return session.execute(delete(Note).where(Note.id == int(note_id))).rowcount > 0


def list_notes(engine: Engine, dataset_id: str, item_id: str | None = None) -> list[NoteRecord]:
    query = select(Note).where(Note.dataset_id == dataset_id)
    if item_id is not None:
        query = query.where(Note.item_id == item_id)
    with db.reading(engine) as session:
        rows = session.scalars(query.order_by(Note.created_at, Note.id)).all()
        return [NoteRecord(n.id, n.dataset_id, n.item_id, n.author, n.body, n.created_at) for n in rows]


def vote(
    engine: Engine,
    actor: Actor,
    dataset_id: str,
    item_id: str,
    value: int,
    author: str | None = None,
    voter: str | None = None,
) -> None:
    """One vote per author and item: +1 agree, -1 disagree; voting again replaces the earlier vote."""
    require_writer(actor)
    dataset_id, item_id = _key(dataset_id, item_id)
    if value not in VOTE_LABELS:
        raise ValueError("A vote is +1 (agree) or -1 (disagree).")
    row = {
        "dataset_id": dataset_id,
        "item_id": item_id,
        "author": voter_key(author, actor, voter),
        "value": value,
        "created_at": utcnow(),
    }
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert(Vote).values(**row)
    statement = statement.on_conflict_do_update(
        index_elements=["dataset_id", "item_id", "author"],
        set_={"value": statement.excluded.value, "created_at": statement.excluded.created_at},
    )
    with db.writing(engine) as session:
        session.execute(statement)


def withdraw_vote(
    engine: Engine,
    actor: Actor,
    dataset_id: str,
    item_id: str,
    author: str | None = None,
    voter: str | None = None,
):
    require_writer(actor)
    name = voter_key(author, actor, voter)
    with db.writing(engine) as session:
        session.execute(
            delete(Vote).where(Vote.dataset_id == dataset_id, Vote.item_id == item_id, Vote.author == name)
        )


def list_votes(engine: Engine, dataset_id: str, item_id: str | None = None) -> list[VoteRecord]:
    query = select(Vote).where(Vote.dataset_id == dataset_id)
    if item_id is not None:
        query = query.where(Vote.item_id == item_id)
    with db.reading(engine) as session:
        rows = session.scalars(query.order_by(Vote.created_at, Vote.id)).all()
        return [VoteRecord(v.dataset_id, v.item_id, v.author, v.value, v.created_at) for v in rows]


def vote_totals(votes: list[VoteRecord]) -> dict[str, int]:
    counts = Counter(VOTE_LABELS[v.value] for v in votes)
    return {"agree": counts["agree"], "disagree": counts["disagree"]}


def item_label(dataset, item_id: str) -> str:
    """An element's label, 'From → To' for a connection, or the id itself when unknown."""
    item = dataset.get(item_id) if dataset is not None else None
    if item is None:
        return item_id
    if hasattr(item, "label"):
        return item.label
    return f"{item_label(dataset, item.source)} → {item_label(dataset, item.target)}"


def notes_rows(dataset_id: str, engine: Engine | None = None, dataset=None, names: bool = True) -> list[dict]:
    """Every note and vote on a dataset, one row each, for tables, the report pack and exports.

    With `names=False` every Author is 'Anonymous', for an export that must not carry who said what.

    Columns: Item (label, when `dataset` is given), Item id, Kind ('note' or 'vote'), Author,
    Time (UTC, ISO 8601), Text (the note, or 'agree'/'disagree'). Sorted by item, then time.
    """
    engine = engine or db.get_engine()
    rows = [(n.item_id, n.created_at, "note", n.author, n.body) for n in list_notes(engine, dataset_id)] + [
        (v.item_id, v.created_at, "vote", shown_author(v.author), VOTE_LABELS[v.value])
        for v in list_votes(engine, dataset_id)
    ]
    out = [
        {
            "Item": item_label(dataset, item),
            "Item id": item,
            "Kind": kind,
            "Author": author if names else ANONYMOUS,
            "Time (UTC)": moment.isoformat(timespec="seconds"),
            "Text": text,
        }
        for item, moment, kind, author, text in rows
    ]
    return sorted(out, key=lambda r: (r["Item"].casefold(), r["Item id"], r["Time (UTC)"], r["Kind"]))


def notes_dataframe(dataset_id: str, engine: Engine | None = None, dataset=None, names: bool = True):
    """`notes_rows` as a pandas DataFrame, with the columns present even when there are no notes."""
    import pandas as pd

    return pd.DataFrame(notes_rows(dataset_id, engine, dataset, names), columns=list(COLUMNS))
