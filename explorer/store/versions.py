"""Versions of a map, made by workshop edits (explorer.data.edits), kept in the workshop database.

A version is the whole edited map as normalised JSON, with its parent (the map it was made from), author,
time and a one-line summary. Its dataset id is `<base>--v<number>`, so it opens, compares and exports like
any map. Each base map has a head (its current version) that undo and redo move, and a revision that every
change bumps: a change names the revision it was made against, and is refused when someone else changed
the map in between, rather than silently replacing their edit. Shipped files are never written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from explorer.data.edits import EditError
from explorer.data.model import Dataset
from explorer.data.problems import LoadError
from explorer.data.readers.loader import load_json
from explorer.data.serialise import to_json
from explorer.data.vocab import Provenance
from explorer.store import db
from explorer.store.auth import Actor, require_writer
from explorer.store.models import SUMMARY_MAX, MapHead, MapVersion, utcnow
from explorer.store.notes import author_name, display_time

VERSION_ID = re.compile(r"^(?P<base>[a-z0-9][a-z0-9_-]*?)--v(?P<number>[1-9]\d{0,5})$")
NAME_SUFFIX = re.compile(r" · version \d+$")


class ConflictError(RuntimeError):
    """Someone else changed the map since this edit's page was loaded; nothing was saved."""


@dataclass(frozen=True)
class VersionRecord:
    dataset_id: str
    base_id: str
    number: int
    parent_id: str
    author: str
    summary: str
    created_at: datetime


@dataclass(frozen=True)
class Head:
    base_id: str
    head_id: str  # the current version's dataset id, or base_id when no edit is current
    revision: int  # 0 until the first edit
    updated_by: str = ""
    updated_at: datetime | None = None


def version_id(base_id: str, number: int) -> str:
    """A version's dataset id.

    >>> version_id("north", 3)
    'north--v3'
    """
    return f"{base_id}--v{number}"


def base_of(dataset_id: str) -> str:
    """The map a dataset id is a version of (itself when it is no version).

    >>> base_of("north--v3"), base_of("north")
    ('north', 'north')
    """
    match = VERSION_ID.match(dataset_id or "")
    return match["base"] if match else dataset_id


def is_version(dataset_id: str) -> bool:
    return VERSION_ID.match(dataset_id or "") is not None


def base_name(name: str) -> str:
    """A map's name without its version.

    >>> base_name("North (illustrative) · version 4")
    'North (illustrative)'
    """
    return NAME_SUFFIX.sub("", name)


def head(engine: Engine, base_id: str) -> Head:
    with db.reading(engine) as session:
        row = session.get(MapHead, base_id)
        if row is None:
            return Head(base_id, base_id, 0)
        return Head(row.base_id, row.head_id, row.revision, row.updated_by, row.updated_at)


def history(engine: Engine, base_id: str) -> list[VersionRecord]:
    """Every version of a map, oldest first (undone ones too: they can be opened and redone)."""
    query = select(MapVersion).where(MapVersion.base_id == base_id).order_by(MapVersion.number)
    with db.reading(engine) as session:
        return [_record(v) for v in session.scalars(query)]


def version_ids(engine: Engine) -> list[str]:
    query = select(MapVersion.dataset_id).order_by(MapVersion.base_id, MapVersion.number)
    with db.reading(engine) as session:
        return list(session.scalars(query))


def record(engine: Engine, dataset_id: str) -> VersionRecord | None:
    with db.reading(engine) as session:
        row = session.scalars(select(MapVersion).where(MapVersion.dataset_id == dataset_id)).first()
        return _record(row) if row else None


def load_version(engine: Engine, dataset_id: str) -> Dataset | None:
    if not is_version(dataset_id):
        return None
    with db.reading(engine) as session:
        body = session.scalars(select(MapVersion.body).where(MapVersion.dataset_id == dataset_id)).first()
    return None if body is None else load_json(body.encode("utf-8"), f"version {dataset_id}", {})


def _record(v: MapVersion) -> VersionRecord:
    return VersionRecord(v.dataset_id, v.base_id, v.number, v.parent_id, v.author, v.summary, v.created_at)


def describe(v: VersionRecord) -> str:
    """'version 3 · Sam · 2025-03-14 10:02 UTC · Added Family Hub'"""
    return f"version {v.number} · {v.author} · {display_time(v.created_at)} · {v.summary}"


def as_version(edited: Dataset, base_id: str, number: int, author: str, summary: str) -> Dataset:
    """The edited map under its version's id and name. An edit of the study synthesis is no longer the
    synthesis, so its version is marked imported, with a source saying whose edit it is; an illustrative
    map's version stays illustrative."""
    name = base_name(edited.name)
    provenance = Provenance.IMPORTED if edited.provenance is Provenance.STUDY else edited.provenance
    return replace(
        edited,
        id=version_id(base_id, number),
        name=f"{name} · version {number}",
        provenance=provenance,
        source=f"workshop version {number} of {name}",
        note=f"Workshop version {number} of {name}, by {author}: {summary}.",
    )


def _changed_since(current: Head, expected_revision: int) -> ConflictError:
    who = f" by {current.updated_by}" if current.updated_by else ""
    when = f" at {display_time(current.updated_at)}" if current.updated_at else ""
    return ConflictError(
        f"Someone else changed this map{who}{when} since you loaded it, so your change was not saved "
        f"(you had revision {expected_revision}, it is now {current.revision}). Look at the current "
        "version and make your change again."
    )


def _lock_head(session, base_id: str) -> MapHead | None:
    return session.get(MapHead, base_id, with_for_update=True)


def _head_of(row: MapHead | None, base_id: str) -> Head:
    if row is None:
        return Head(base_id, base_id, 0)
    return Head(row.base_id, row.head_id, row.revision, row.updated_by, row.updated_at)


def commit(
    engine: Engine,
    actor: Actor,
    parent: Dataset,
    edited: Dataset,
    summary: str,
    expected_revision: int,
    author: str | None = None,
) -> VersionRecord:
    """Store `edited` as a new version made from `parent`, which must be the map's current version, at
    `expected_revision`; refuses (ConflictError) otherwise, and refuses a map the loader would not read
    back (EditError), so nothing half-made is kept."""
    require_writer(actor)
    base_id = base_of(parent.id)
    name = author_name(author, actor)
    summary = summary[:SUMMARY_MAX]
    try:
        with db.writing(engine) as session:
            row = _lock_head(session, base_id)
            current = _head_of(row, base_id)
            if current.revision != expected_revision:
                raise _changed_since(current, expected_revision)
            if current.head_id != parent.id:
                raise ConflictError(
                    f"You are looking at {parent.name}, but the current version is {current.head_id}; "
                    "open the current version to edit it."
                )
            last = session.scalar(select(func.max(MapVersion.number)).where(MapVersion.base_id == base_id))
            number = (last or 0) + 1
            version = as_version(edited, base_id, number, name, summary)
            body = to_json(version)
            try:
                load_json(body.encode("utf-8"), f"version {version.id}", {})
            except LoadError as error:
                raise EditError(
                    "This edit would make a map that cannot be read back: " + str(error)
                ) from None
            now = utcnow()
            session.add(
                MapVersion(
                    dataset_id=version.id,
                    base_id=base_id,
                    number=number,
                    parent_id=parent.id,
                    author=name,
                    summary=summary,
                    body=body,
                    created_at=now,
                )
            )
            _move(session, row, base_id, version.id, current.revision + 1, name, now)
            return VersionRecord(version.id, base_id, number, parent.id, name, summary, now)
    except IntegrityError:  # PostgreSQL: another facilitator made the first version at the same moment
        raise _changed_since(head(engine, base_id), expected_revision) from None


def _move(session, row: MapHead | None, base_id: str, head_id: str, revision: int, who: str, now) -> None:
    if row is None:
        session.add(
            MapHead(base_id=base_id, head_id=head_id, revision=revision, updated_by=who, updated_at=now)
        )
    else:
        row.head_id, row.revision, row.updated_by, row.updated_at = head_id, revision, who, now


def undo(
    engine: Engine, actor: Actor, base_id: str, expected_revision: int, author: str | None = None
) -> Head:
    """Make the current version's parent current again. The undone version stays listed (redo)."""
    return _step(engine, actor, base_id, expected_revision, author, forward=False)


def redo(
    engine: Engine, actor: Actor, base_id: str, expected_revision: int, author: str | None = None
) -> Head:
    """Make the newest version made from the current one current again."""
    return _step(engine, actor, base_id, expected_revision, author, forward=True)


def _step(engine, actor, base_id, expected_revision, author, *, forward: bool) -> Head:
    require_writer(actor)
    name = author_name(author, actor)
    with db.writing(engine) as session:
        row = _lock_head(session, base_id)
        current = _head_of(row, base_id)
        if current.revision != expected_revision:
            raise _changed_since(current, expected_revision)
        if forward:
            target = session.scalar(
                select(MapVersion.dataset_id)
                .where(MapVersion.base_id == base_id, MapVersion.parent_id == current.head_id)
                .order_by(MapVersion.number.desc())
                .limit(1)
            )
            if target is None:
                raise EditError("Nothing to redo.")
        else:
            if current.head_id == base_id:
                raise EditError("Nothing to undo: this is the map as it was shipped or imported.")
            target = session.scalar(
                select(MapVersion.parent_id).where(MapVersion.dataset_id == current.head_id)
            )
        now = utcnow()
        _move(session, row, base_id, target, current.revision + 1, name, now)
        return Head(base_id, target, current.revision + 1, name, now)


class VersionStore:
    """Versions for MapService: finds a version's Dataset by id. A version never changes once written, so
    each process may keep what it has read (a pure cache; every worker reads the same rows)."""

    def __init__(self, url: str | None = None):
        self.url = url
        self._cache: dict[str, Dataset] = {}

    @property
    def engine(self) -> Engine:
        return db.get_engine(self.url)

    def get(self, dataset_id: str) -> Dataset | None:
        if dataset_id in self._cache:
            return self._cache[dataset_id]
        found = load_version(self.engine, dataset_id)
        if found is not None:
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[dataset_id] = found
        return found

    def ids(self) -> list[str]:
        return version_ids(self.engine)
