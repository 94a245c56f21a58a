"""Imported maps, in the same database as the notes: every worker and every host sees the same ones.

An upload is kept as its normalised JSON (explorer.data.serialise), compressed, with who brought it in
and its size. Only facilitators import (`require_writer`), and a facilitator may delete only the maps
they imported. Sizes are bounded per map and in total, so one upload cannot fill the database:

    EXPLORER_IMPORT_MAP_MB=20      # the largest map, as normalised JSON
    EXPLORER_IMPORT_TOTAL_MB=200   # all imported maps together

A process keeps a few parsed maps in memory, keyed by id and import time and checked against the database
on every read, so a map deleted on one host is gone on every other at once.
"""

from __future__ import annotations

import os
import threading
import zlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, func, select, text

from explorer.data.model import Dataset
from explorer.data.problems import LoadError, Problem
from explorer.data.readers.loader import load_json
from explorer.data.rows import ID_PATTERN
from explorer.data.serialise import to_json
from explorer.store import db
from explorer.store.auth import Actor, ReadOnlyError, require_writer
from explorer.store.models import MAP_NAME_MAX, ImportedMap

MB = 1024 * 1024
MAP_MB, TOTAL_MB = 20, 200
CACHED_MAPS = 4  # parsed maps kept per process; a 20,000-element map is tens of MB in memory
QUOTA_LOCK = 7_354_022  # pg_advisory_xact_lock key: one import at a time checks the total


@dataclass(frozen=True)
class ImportSummary:
    id: str
    name: str
    created_by: str
    created_at: datetime
    size_bytes: int
    elements: int


@dataclass(frozen=True)
class Quota:
    map_bytes: int = MAP_MB * MB
    total_bytes: int = TOTAL_MB * MB

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Quota:
        env = os.environ if environ is None else environ
        return cls(
            int(float(env.get("EXPLORER_IMPORT_MAP_MB") or MAP_MB) * MB),
            int(float(env.get("EXPLORER_IMPORT_TOTAL_MB") or TOTAL_MB) * MB),
        )


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{max(1, round(n / 1024))} KB"


class ImportStore:
    """Imported maps in the database at `url` (the notes' database)."""

    def __init__(self, url: str, quota: Quota | None = None):
        self.url = url
        self.quota = quota or Quota.from_env()
        self._cache: OrderedDict[str, tuple[datetime, Dataset]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        return db.get_engine(self.url)

    def save(self, dataset: Dataset, actor: Actor) -> str:
        """Keep an imported map; only facilitators may (checked here, whatever the page shows).

        The same file imported again keeps its first import (its id is a digest of the file). Raises
        LoadError, naming the limit, when the map or the total would be over its quota.
        """
        require_writer(actor)
        body = to_json(dataset).encode("utf-8")
        where = dataset.source or dataset.name
        if len(body) > self.quota.map_bytes:
            raise LoadError(
                [Problem(where, None, None, f"this map is {_mb(len(body))} once stored; a map may be at most "
                         f"{_mb(self.quota.map_bytes)}. Split it, or leave out evidence it does not need")]
            )  # fmt: skip
        with db.writing(self.engine) as session:
            if session.get_bind().dialect.name == "postgresql":
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": QUOTA_LOCK})
            if session.get(ImportedMap, dataset.id) is not None:
                return dataset.id
            used = session.scalar(select(func.coalesce(func.sum(ImportedMap.size_bytes), 0))) or 0
            if used + len(body) > self.quota.total_bytes:
                raise LoadError(
                    [Problem(where, None, None, f"imported maps already take {_mb(used)} of the "
                             f"{_mb(self.quota.total_bytes)} allowed, and this one needs {_mb(len(body))}; "
                             "delete imported maps that are no longer needed first")]
                )  # fmt: skip
            session.add(
                ImportedMap(
                    id=dataset.id,
                    name=dataset.name[:MAP_NAME_MAX],
                    created_by=actor.name,
                    size_bytes=len(body),
                    elements=len(dataset.elements),
                    content=zlib.compress(body, 6),
                )
            )
        return dataset.id

    def summaries(self) -> list[ImportSummary]:
        """Every imported map, oldest first, without reading their contents."""
        columns = [getattr(ImportedMap, k) for k in ImportSummary.__dataclass_fields__]
        with db.reading(self.engine) as session:
            rows = session.execute(select(*columns).order_by(ImportedMap.created_at, ImportedMap.id)).all()
        return [ImportSummary(*row) for row in rows]

    def ids(self) -> list[str]:
        return [s.id for s in self.summaries()]

    def summary(self, dataset_id: str) -> ImportSummary | None:
        if not ID_PATTERN.fullmatch(dataset_id or "") or not dataset_id.startswith("imported-"):
            return None
        columns = [getattr(ImportedMap, k) for k in ImportSummary.__dataclass_fields__]
        with db.reading(self.engine) as session:
            row = session.execute(select(*columns).where(ImportedMap.id == dataset_id)).first()
        return ImportSummary(*row) if row else None

    def get(self, dataset_id: str) -> Dataset | None:
        found = self.summary(dataset_id)
        if found is None:
            return None
        with self._lock:
            cached = self._cache.get(dataset_id)
            if cached and cached[0] == found.created_at:
                self._cache.move_to_end(dataset_id)
                return cached[1]
        with db.reading(self.engine) as session:
            content = session.scalar(select(ImportedMap.content).where(ImportedMap.id == dataset_id))
        if content is None:
            return None
        dataset = load_json(zlib.decompress(content), f"{dataset_id}.json", {})
        with self._lock:
            self._cache[dataset_id] = (found.created_at, dataset)
            self._cache.move_to_end(dataset_id)
            while len(self._cache) > CACHED_MAPS:
                self._cache.popitem(last=False)
        return dataset

    def can_delete(self, dataset_id: str, actor: Actor) -> bool:
        found = self.summary(dataset_id)
        return found is not None and actor.can_write and found.created_by == actor.name

    def delete(self, dataset_id: str, actor: Actor) -> bool:
        """Delete an imported map; facilitators may delete the ones they imported. Notes on it stay."""
        require_writer(actor)
        found = self.summary(dataset_id)
        if found is None:
            return False
        if found.created_by != actor.name:
            raise ReadOnlyError(
                f"Only {found.created_by or 'whoever imported it'} can delete “{found.name}”: facilitators "
                "may delete the maps they imported."
            )
        with db.writing(self.engine) as session:
            session.execute(
                delete(ImportedMap).where(ImportedMap.id == dataset_id, ImportedMap.created_by == actor.name)
            )
        with self._lock:
            self._cache.pop(dataset_id, None)
        return True
