"""Engines and sessions: an SQLite file (WAL) by default, PostgreSQL when DATABASE_URL is set.

The only module-level state is the engine cache, keyed by URL. An engine enters it once its database is
migrated to head, so every caller of `get_engine` gets a database with the current schema. Nothing else
is kept in the process: several workers or hosts can share one PostgreSQL database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

DEFAULT_DIR = "instance"
FILENAME = "explorer.sqlite3"
BUSY_SECONDS = 30
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK = 7_354_021  # pg_advisory_xact_lock key: one migrating worker at a time

_ENGINES: dict[str, Engine] = {}


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """DATABASE_URL (PostgreSQL through psycopg 3), else an SQLite file in EXPLORER_DB_DIR (./instance/)."""
    env = os.environ if environ is None else environ
    url = env.get("DATABASE_URL", "").strip()
    if url:
        return normalise(url)
    folder = Path(env.get("EXPLORER_DB_DIR", "").strip() or DEFAULT_DIR)
    return f"sqlite:///{(folder / FILENAME).resolve()}"


def normalise(url: str) -> str:
    """Hosting services hand out postgres:// URLs; SQLAlchemy needs the driver named (psycopg 3)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def get_engine(url: str | None = None) -> Engine:
    """The engine for url (default: `database_url()`), its database created and migrated on first use."""
    url = url or database_url()
    engine = _ENGINES.get(url)
    if engine is None:
        fresh = _create(url)
        migrate(fresh)
        engine = _ENGINES.setdefault(url, fresh)
        if engine is not fresh:  # another thread got there first
            fresh.dispose()
    return engine


def dispose(url: str) -> None:
    """Close an engine's connections and forget it (tests, and before a process forks)."""
    engine = _ENGINES.pop(url, None)
    if engine is not None:
        engine.dispose()


def _after_fork() -> None:
    # A forked child (gunicorn --preload, multiprocessing) must not reuse its parent's connections.
    for engine in list(_ENGINES.values()):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_after_fork)


def _create(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=20)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        parsed, connect_args={"timeout": BUSY_SECONDS}, pool_size=10, max_overflow=20, pool_timeout=60
    )
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection, _record) -> None:
    # The driver's own transaction handling is off: `_sqlite_begin` says BEGIN, so writers can ask for
    # IMMEDIATE and wait on busy_timeout instead of failing when a read lock cannot be upgraded.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")  # a commit is on disk before it is acknowledged
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection) -> None:
    write = connection.get_execution_options().get("explorer_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """A session in one write transaction, committed on leaving the block (then, and only then, durable)."""
    writer = engine.execution_options(explorer_write=True)
    with Session(writer, expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


def alembic_config(connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """`alembic upgrade head`, in one transaction that concurrent starters wait on rather than race.

    A database already at head is only read, so a crowd of workers starting at once does not queue
    for the write lock.
    """
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config()
    if (
        revision == "head"
        and current_revision(engine) == ScriptDirectory.from_config(config).get_current_head()
    ):
        return
    with engine.execution_options(explorer_write=True).connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
