"""The tables: notes and votes on map items, saved views, presentations and their slides; versions of
maps made by workshop edits; live rooms; imported maps.

Notes and votes belong to one dataset and one item (an element or a connection id). A saved view is a
named URL query string; a presentation is an ordered list of saved views (its slides).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAME_MAX = 120
AUTHOR_MAX = 80
ITEM_MAX = 200
DATASET_MAX = 100
QUERY_MAX = 2000
NOTE_MAX = 4000
SUMMARY_MAX = 400
ROOM_CODE_MAX = 12
MAP_NAME_MAX = 220  # a label's 200 characters and ' (imported)'

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stored as naive UTC (SQLite has no time zones), read back as aware UTC on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_dataset_item", "dataset_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[str] = mapped_column(String(DATASET_MAX))
    item_id: Mapped[str] = mapped_column(String(ITEM_MAX))
    author: Mapped[str] = mapped_column(String(AUTHOR_MAX))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Vote(Base):
    """One vote per author per item: +1 agree, -1 disagree. Voting again replaces it."""

    __tablename__ = "votes"
    __table_args__ = (
        UniqueConstraint("dataset_id", "item_id", "author"),
        CheckConstraint("value IN (-1, 1)", name="value"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[str] = mapped_column(String(DATASET_MAX))
    item_id: Mapped[str] = mapped_column(String(ITEM_MAX))
    author: Mapped[str] = mapped_column(String(AUTHOR_MAX))
    value: Mapped[int] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SavedView(Base):
    __tablename__ = "saved_views"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    query: Mapped[str] = mapped_column(String(QUERY_MAX))
    created_by: Mapped[str] = mapped_column(String(AUTHOR_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Presentation(Base):
    __tablename__ = "presentations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    created_by: Mapped[str] = mapped_column(String(AUTHOR_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    slides: Mapped[list[Slide]] = relationship(
        order_by="Slide.position", cascade="all, delete-orphan", passive_deletes=True
    )


class Slide(Base):
    __tablename__ = "slides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    presentation_id: Mapped[int] = mapped_column(
        ForeignKey("presentations.id", ondelete="CASCADE"), index=True
    )
    view_id: Mapped[int] = mapped_column(ForeignKey("saved_views.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    view: Mapped[SavedView] = relationship(lazy="joined", innerjoin=True)


class MapVersion(Base):
    """One version of a map made by a workshop's edit: the whole map as normalised JSON, and its parent.

    `dataset_id` is the version's own dataset id (`<base>--v<number>`); `parent_id` is the dataset it was
    made from: the shipped or imported map itself (`base_id`) or an earlier version.
    """

    __tablename__ = "map_versions"
    __table_args__ = (UniqueConstraint("base_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[str] = mapped_column(String(DATASET_MAX + 20), unique=True)
    base_id: Mapped[str] = mapped_column(String(DATASET_MAX), index=True)
    number: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[str] = mapped_column(String(DATASET_MAX + 20))
    author: Mapped[str] = mapped_column(String(AUTHOR_MAX))
    summary: Mapped[str] = mapped_column(String(SUMMARY_MAX))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MapHead(Base):
    """Which version of a map is current (undo and redo move it), and a revision counter.

    Every edit, undo and redo names the revision it was made against and bumps it, so two facilitators
    editing at once cannot overwrite each other silently: the second is refused.
    """

    __tablename__ = "map_heads"

    base_id: Mapped[str] = mapped_column(String(DATASET_MAX), primary_key=True)
    head_id: Mapped[str] = mapped_column(String(DATASET_MAX + 20))
    revision: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(String(AUTHOR_MAX))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Room(Base):
    """A live room: the facilitator's current view (a query string) that participants' pages follow."""

    __tablename__ = "rooms"

    code: Mapped[str] = mapped_column(String(ROOM_CODE_MAX), primary_key=True)
    created_by: Mapped[str] = mapped_column(String(AUTHOR_MAX))
    query: Mapped[str] = mapped_column(String(QUERY_MAX))
    revision: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ImportedMap(Base):
    """A map someone brought in: its normalised JSON, zlib-compressed, with who imported it and its size."""

    __tablename__ = "imported_maps"

    id: Mapped[str] = mapped_column(String(DATASET_MAX), primary_key=True)
    name: Mapped[str] = mapped_column(String(MAP_NAME_MAX))
    created_by: Mapped[str] = mapped_column(String(AUTHOR_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    size_bytes: Mapped[int] = mapped_column(Integer)  # the JSON before compression, which quotas count
    elements: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
