"""The workshop store against a real PostgreSQL: the "every backend" tests of test_store.py, again.

TEST_DATABASE_URL names the server (scripts/ci-postgres.sh starts one on 127.0.0.1 and prints it). Each
test gets a schema of its own, through the URL's search_path, so tests never see each other's rows and
the migrations run from nothing every time. Without TEST_DATABASE_URL these tests skip locally and fail
under CI, where PostgreSQL must be tested.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from explorer.store import db
from tests.test_store import (  # noqa: F401  (collected here again, against PostgreSQL)
    test_a_bad_note_is_refused_with_a_reason,
    test_a_note_keeps_author_time_and_text,
    test_a_viewer_cannot_write_anything,
    test_downgrade_to_base_and_up_again,
    test_first_use_migrates_to_head,
    test_migrations_match_the_models,
    test_notes_rows_and_dataframe_for_reports_and_exports,
    test_one_vote_per_author_and_a_new_vote_replaces_it,
    test_presentations_are_ordered_reordered_and_follow_deleted_views,
    test_processes_writing_at_once_lose_nothing,
    test_saved_views_are_made_renamed_and_deleted,
    test_the_write_callbacks_refuse_a_viewer,
    test_threads_writing_at_once_lose_nothing,
)
from tests.test_versions_rooms import (  # noqa: F401  (versions and rooms, against PostgreSQL)
    north,
    test_a_room_ends_when_its_time_is_up,
    test_a_room_follows_its_facilitator_and_ends,
    test_a_viewer_cannot_edit_or_open_a_room,
    test_an_edit_makes_a_version_with_parent_author_and_time,
    test_two_facilitators_at_once_the_second_is_refused_not_lost,
    test_undo_and_redo_move_the_current_version,
)


def postgres_url() -> str:
    """TEST_DATABASE_URL, or a skip (locally) or a failure (under CI) saying how to get one."""
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if url:
        return db.normalise(url)
    message = 'TEST_DATABASE_URL is not set (export TEST_DATABASE_URL="$(bash scripts/ci-postgres.sh)")'
    if os.environ.get("CI"):
        pytest.fail(message + "; the PostgreSQL tests must run in CI")
    pytest.skip(message)


def schema_url(base: str) -> tuple[str, str]:
    """A fresh schema, and a URL whose connections use it (and only it) by default."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def drop_schema(base: str, schema: str) -> None:
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def store_url():
    base = postgres_url()
    url, schema = schema_url(base)
    yield url
    db.dispose(url)
    drop_schema(base, schema)


def test_the_schema_is_created_in_postgresql(store_url):
    postgres = db.get_engine(store_url)
    assert postgres.dialect.name == "postgresql" and postgres.dialect.driver == "psycopg"
    with postgres.connect() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar()
        tables = set(
            connection.execute(
                text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"),
                {"s": schema},
            ).scalars()
        )
    assert {"alembic_version", "notes", "votes", "saved_views", "presentations", "slides"} <= tables
    assert {"map_versions", "map_heads", "rooms"} <= tables
