"""The workshop store against a real SQLite file: schema, notes, votes, views, presentations, roles.

The tests in the "every backend" part run again against PostgreSQL in test_store_postgres.py, which
imports them and overrides the `store_url` fixture.
"""

from __future__ import annotations

import base64
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from datetime import UTC, datetime, timedelta

import flask
import pytest
from sqlalchemy import text

from explorer.data.readers.loader import load_folder
from explorer.store import auth, db, notes, views
from explorer.store.auth import LOCAL, Actor, ReadOnlyError, Roles
from explorer.web import auth as web_auth
from explorer.web import ids
from tests.conftest import REPO

ALICE = Actor("alice", auth.FACILITATOR)
BOB = Actor("bob", auth.VIEWER)
WRITERS = 20

# A writer process: adds notes and prints each note's id once its transaction has committed.
WRITER = """
import sys
from explorer.store import db, notes
from explorer.store.auth import LOCAL
url, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
engine = db.get_engine(url)
i = 0
while count == 0 or i < count:
    note_id = notes.add_note(engine, LOCAL, "study", f"item-{i % 7}", f"{name} note {i}", name)
    print(note_id, flush=True)
    i += 1
"""


def start_writer(url: str, name: str, count: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, url, name, str(count)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def note_bodies(engine) -> dict[int, str]:
    with engine.connect() as connection:
        return dict(connection.execute(text("SELECT id, body FROM notes")).all())


# Every backend ------------------------------------------------------------------------------------


def test_first_use_migrates_to_head(engine):
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(db.alembic_config()).get_current_head()
    assert db.current_revision(engine) == head
    db.migrate(engine)  # a second start is a no-op
    assert db.current_revision(engine) == head


def test_migrations_match_the_models(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from explorer.store.models import Base

    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_downgrade_to_base_and_up_again(engine):
    notes.add_note(engine, LOCAL, "study", "x", "before")
    db.migrate(engine, "head")
    from alembic import command

    with engine.execution_options(explorer_write=True).connect() as connection, connection.begin():
        command.downgrade(db.alembic_config(connection), "base")
    assert db.current_revision(engine) is None
    db.migrate(engine)
    assert notes.list_notes(engine, "study") == []
    notes.add_note(engine, LOCAL, "study", "x", "after")


def test_a_note_keeps_author_time_and_text(engine):
    before = datetime.now(UTC) - timedelta(seconds=1)
    note_id = notes.add_note(engine, ALICE, "study", "wall", "  <b>Never</b> rings back  ", "Sam")
    notes.add_note(engine, ALICE, "study", "other", "elsewhere")
    notes.add_note(engine, ALICE, "north", "wall", "another area")
    [note] = notes.list_notes(engine, "study", "wall")
    assert (note.id, note.author, note.body) == (note_id, "Sam", "<b>Never</b> rings back")
    assert note.created_at.tzinfo is not None and before <= note.created_at <= datetime.now(UTC)
    [unnamed] = notes.list_notes(engine, "study", "other")
    assert unnamed.author == "alice"  # no display name typed: the signed-in user
    notes.add_note(engine, LOCAL, "study", "x", "hi")  # no sign-in, no name
    assert notes.list_notes(engine, "study", "x")[0].author == notes.ANONYMOUS
    assert notes.delete_note(engine, ALICE, note_id) is True
    assert notes.list_notes(engine, "study", "wall") == []


@pytest.mark.parametrize(
    ("dataset_id", "item_id", "body", "message"),
    [
        ("study", "", "text", "Choose a service"),
        ("study", "wall", "   ", "Write something"),
        ("study", "wall", "x" * 4001, "at most 4000"),
        ("study", "w" * 201, "text", "too long"),
    ],
)
def test_a_bad_note_is_refused_with_a_reason(engine, dataset_id, item_id, body, message):
    with pytest.raises(ValueError, match=message):
        notes.add_note(engine, ALICE, dataset_id, item_id, body)
    assert notes.list_notes(engine, dataset_id) == []


def test_one_vote_per_author_and_a_new_vote_replaces_it(engine):
    notes.vote(engine, ALICE, "study", "wall", 1, "Sam")
    notes.vote(engine, ALICE, "study", "wall", -1, "Sam")
    notes.vote(engine, ALICE, "study", "wall", 1, "Jo")
    notes.vote(engine, ALICE, "study", "board", 1, "Sam")
    votes = notes.list_votes(engine, "study", "wall")
    assert sorted((v.author, v.value) for v in votes) == [("Jo", 1), ("Sam", -1)]
    assert notes.vote_totals(votes) == {"agree": 1, "disagree": 1}
    notes.withdraw_vote(engine, ALICE, "study", "wall", "Sam")
    assert notes.vote_totals(notes.list_votes(engine, "study", "wall")) == {"agree": 1, "disagree": 0}
    with pytest.raises(ValueError):
        notes.vote(engine, ALICE, "study", "wall", 2, "Sam")


def test_anonymous_voters_in_one_room_each_keep_their_own_vote(engine):
    # Three people on their phones, none giving a name: three votes, not one that each overwrites.
    from explorer.store.auth import LOCAL

    for token, value in (("a1", 1), ("b2", 1), ("c3", -1)):
        notes.vote(engine, LOCAL, "study", "wall", value, "", token)
    notes.vote(engine, LOCAL, "study", "wall", -1, "", "a1")  # the first changes their mind
    votes = notes.list_votes(engine, "study", "wall")
    assert notes.vote_totals(votes) == {"agree": 1, "disagree": 2}
    assert {notes.shown_author(v.author) for v in votes} == {notes.ANONYMOUS}
    notes.withdraw_vote(engine, LOCAL, "study", "wall", "", "b2")
    assert notes.vote_totals(notes.list_votes(engine, "study", "wall")) == {"agree": 0, "disagree": 2}


def test_notes_rows_and_dataframe_for_reports_and_exports(engine, mini):
    dataset = load_folder(mini)
    notes.add_note(engine, ALICE, "mini", "wall", "The wall is real", "Sam")
    notes.add_note(engine, ALICE, "mini", "da", "Well linked", "Jo")
    notes.vote(engine, ALICE, "mini", "wall", -1, "Jo")
    notes.add_note(engine, ALICE, "other", "da", "not this dataset")
    rows = notes.notes_rows("mini", engine, dataset)
    assert [(r["Item"], r["Kind"], r["Author"], r["Text"]) for r in rows] == [
        ("Domestic abuse services", "note", "Jo", "Well linked"),
        ("Domestic abuse services → Statutory CAMHS", "note", "Sam", "The wall is real"),
        ("Domestic abuse services → Statutory CAMHS", "vote", "Jo", "disagree"),
    ]
    assert all(set(r) == set(notes.COLUMNS) for r in rows)
    assert datetime.fromisoformat(rows[0]["Time (UTC)"]).tzinfo is not None
    frame = notes.notes_dataframe("mini", engine, dataset)
    assert list(frame.columns) == list(notes.COLUMNS) and len(frame) == 3
    assert list(notes.notes_dataframe("empty", engine).columns) == list(notes.COLUMNS)
    assert notes.notes_rows("mini", engine)[0]["Item"] == "da"  # without the dataset: the ids
    assert {r["Author"] for r in notes.notes_rows("mini", engine, names=False)} == {notes.ANONYMOUS}
    notes.vote(engine, ALICE, "mini", "da", 1, "", "token42")  # an anonymous voter's token stays private
    assert "token42" not in str(notes.notes_rows("mini", engine, dataset))


def test_saved_views_are_made_renamed_and_deleted(engine):
    first = views.save_view(engine, ALICE, "  The   wall ", "dataset=study&layer=C")
    second = views.save_view(engine, ALICE, "attendance", "?dataset=north&highlight=attendance")
    assert [(v.name, v.query) for v in views.list_views(engine)] == [
        ("attendance", "?dataset=north&highlight=attendance"),
        ("The wall", "?dataset=study&layer=C"),
    ]
    views.rename_view(engine, ALICE, first, "Zebra crossing")
    assert views.get_view(engine, first).name == "Zebra crossing"
    views.delete_view(engine, ALICE, second)
    assert [v.id for v in views.list_views(engine)] == [first]
    with pytest.raises(views.NotFound):
        views.rename_view(engine, ALICE, second, "gone")
    with pytest.raises(ValueError, match="name"):
        views.save_view(engine, ALICE, "  ", "?dataset=study")


def test_presentations_are_ordered_reordered_and_follow_deleted_views(engine):
    a, b, c = (views.save_view(engine, ALICE, n, f"?dataset=study&layer={n}") for n in "ABC")
    deck = views.create_presentation(engine, ALICE, "Advisory group")
    slides = [views.add_slide(engine, ALICE, deck, v) for v in (a, b, c, a)]

    def names():
        return [s.name for s in views.get_presentation(engine, deck).slides]

    assert names() == ["A", "B", "C", "A"]
    views.move_slide(engine, ALICE, slides[2], -1)
    assert names() == ["A", "C", "B", "A"]
    views.move_slide(engine, ALICE, slides[0], -1)  # already first: stays
    views.move_slide(engine, ALICE, slides[3], 1)  # already last: stays
    assert names() == ["A", "C", "B", "A"]
    views.reorder_slides(engine, ALICE, deck, [slides[1], slides[0], slides[2], slides[3]])
    assert names() == ["B", "A", "C", "A"]
    with pytest.raises(ValueError):
        views.reorder_slides(engine, ALICE, deck, [slides[0]])
    views.remove_slide(engine, ALICE, slides[2])
    assert names() == ["B", "A", "A"]
    views.delete_view(engine, ALICE, a)  # its slides go with it
    assert names() == ["B"]
    views.add_slide(engine, ALICE, deck, c)
    assert names() == ["B", "C"]
    assert [s.query for s in views.get_presentation(engine, deck).slides] == [
        "?dataset=study&layer=B",
        "?dataset=study&layer=C",
    ]
    views.rename_presentation(engine, ALICE, deck, "Board meeting")
    assert [p.name for p in views.list_presentations(engine)] == ["Board meeting"]
    views.delete_presentation(engine, ALICE, deck)
    assert views.get_presentation(engine, deck) is None and views.list_presentations(engine) == []
    assert len(views.list_views(engine)) == 2  # the views stay


def test_a_viewer_cannot_write_anything(engine):
    view = views.save_view(engine, ALICE, "v", "?dataset=study")
    deck = views.create_presentation(engine, ALICE, "d")
    slide = views.add_slide(engine, ALICE, deck, view)
    note = notes.add_note(engine, ALICE, "study", "wall", "kept")
    attempts = [
        lambda: notes.add_note(engine, BOB, "study", "wall", "no"),
        lambda: notes.delete_note(engine, BOB, note),
        lambda: notes.vote(engine, BOB, "study", "wall", 1),
        lambda: notes.withdraw_vote(engine, BOB, "study", "wall"),
        lambda: views.save_view(engine, BOB, "no", "?"),
        lambda: views.rename_view(engine, BOB, view, "no"),
        lambda: views.delete_view(engine, BOB, view),
        lambda: views.create_presentation(engine, BOB, "no"),
        lambda: views.rename_presentation(engine, BOB, deck, "no"),
        lambda: views.delete_presentation(engine, BOB, deck),
        lambda: views.add_slide(engine, BOB, deck, view),
        lambda: views.remove_slide(engine, BOB, slide),
        lambda: views.move_slide(engine, BOB, slide, 1),
        lambda: views.reorder_slides(engine, BOB, deck, [slide]),
    ]
    for attempt in attempts:
        with pytest.raises(ReadOnlyError, match="viewer role, which is read-only"):
            attempt()
    assert [n.body for n in notes.list_notes(engine, "study")] == ["kept"]
    assert notes.list_votes(engine, "study") == []
    assert [v.name for v in views.list_views(engine)] == ["v"]
    assert [s.id for s in views.get_presentation(engine, deck).slides] == [slide]
    assert views.get_presentation(engine, deck).name == "d"


def _basic(user: str, password: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def _run_callback(function, prop_id: str, *args):
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    def run():
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": prop_id, "value": 1}]))
        return function(*args)

    return copy_context().run(run)


def test_the_write_callbacks_refuse_a_viewer(store_url, engine):
    """Through the callbacks themselves, with the role taken from the request's basic-auth header."""
    from explorer.web import notes as web_notes
    from explorer.web import saved_views

    server = flask.Flask("test")
    server.config["EXPLORER_DATABASE_URL"] = store_url
    server.config["EXPLORER_ROLES"] = Roles({"alice": "a-pw"}, {"bob": "b-pw"})
    state = {"dataset": "study", "layer": "all", "highlight": "none", "select": "wall", "sectors": []}
    note_args = (1, None, None, None, [], state, "From the callback", "", 0, "tok")
    view_args = (1, *[None] * 9, state, "Saved", None, None, "", None, 0)

    with server.test_request_context("/_dash-update-component", headers=_basic("bob", "b-pw")):
        revision, message, _ = _run_callback(web_notes.write_note, f"{ids.NOTE_ADD}.n_clicks", *note_args)
        assert "read-only" in str(message) and revision is web_notes.no_update
        outputs = _run_callback(saved_views.write_views, f"{ids.VIEW_SAVE}.n_clicks", *view_args)
        assert "read-only" in str(outputs[1]) and outputs[0] is web_notes.no_update
    assert notes.list_notes(engine, "study") == [] and views.list_views(engine) == []

    with server.test_request_context("/_dash-update-component", headers=_basic("alice", "a-pw")):
        revision, message, cleared = _run_callback(
            web_notes.write_note, f"{ids.NOTE_ADD}.n_clicks", *note_args
        )
        assert (revision, cleared) == (1, "") and "Note added" in str(message)
        outputs = _run_callback(saved_views.write_views, f"{ids.VIEW_SAVE}.n_clicks", *view_args)
        assert outputs[0] == 1
    [note] = notes.list_notes(engine, "study", "wall")
    assert (note.author, note.body) == ("alice", "From the callback")
    vote_args = (None, 1, None, None, [], state, "", "", 1, "tok")
    with server.test_request_context("/_dash-update-component", headers=_basic("alice", "a-pw")):
        _run_callback(web_notes.write_note, f"{ids.VOTE_AGREE}.n_clicks", *vote_args)
        assert len(notes.list_votes(engine, "study", "wall")) == 1
        withdraw = (None, None, None, 1, [], state, "", "", 2, "tok")
        _, message, _ = _run_callback(web_notes.write_note, f"{ids.VOTE_WITHDRAW}.n_clicks", *withdraw)
        assert "withdrawn" in str(message) and notes.list_votes(engine, "study", "wall") == []
    [view] = views.list_views(engine)
    assert view.name == "Saved" and view.query.startswith("?dataset=study")


def test_threads_writing_at_once_lose_nothing(engine):
    start = threading.Barrier(WRITERS)

    def write(worker: int) -> list[int]:
        start.wait()
        made = [notes.add_note(engine, ALICE, "study", f"item-{i}", f"t{worker} n{i}") for i in range(15)]
        notes.vote(engine, ALICE, "study", "shared", 1 if worker % 2 else -1, f"voter {worker}")
        notes.vote(engine, ALICE, "study", "same-author", 1, "everyone")
        return made

    with ThreadPoolExecutor(WRITERS) as pool:
        made = [note_id for batch in pool.map(write, range(WRITERS)) for note_id in batch]
    stored = note_bodies(engine)
    assert len(made) == len(set(made)) == WRITERS * 15
    assert set(stored) == set(made)
    assert sorted(stored.values()) == sorted(f"t{w} n{i}" for w in range(WRITERS) for i in range(15))
    assert len(notes.list_votes(engine, "study", "shared")) == WRITERS
    assert len(notes.list_votes(engine, "study", "same-author")) == 1


def test_processes_writing_at_once_lose_nothing(store_url):
    """20 processes, each its own engine, start together on a database none has created yet."""
    writers = [start_writer(store_url, f"p{n}", 10) for n in range(WRITERS)]
    acknowledged = []
    for writer in writers:
        out, err = writer.communicate(timeout=240)
        assert writer.returncode == 0, err
        acknowledged += [int(line) for line in out.split()]
    assert len(acknowledged) == len(set(acknowledged)) == WRITERS * 10
    stored = note_bodies(db.get_engine(store_url))
    assert set(stored) == set(acknowledged)
    assert sorted(stored.values()) == sorted(f"p{n} note {i}" for n in range(WRITERS) for i in range(10))


# SQLite only --------------------------------------------------------------------------------------


def test_database_url_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert db.database_url({}) == f"sqlite:///{tmp_path / 'instance' / 'explorer.sqlite3'}"
    assert (
        db.database_url({"EXPLORER_DB_DIR": str(tmp_path / "x")})
        == f"sqlite:///{tmp_path / 'x' / db.FILENAME}"
    )
    pg = {"DATABASE_URL": "postgres://u:p@db:5432/explorer", "EXPLORER_DB_DIR": "ignored"}
    assert db.database_url(pg) == "postgresql+psycopg://u:p@db:5432/explorer"
    assert db.normalise("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.normalise("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"


def test_first_start_creates_the_folder_and_a_wal_database(tmp_path, monkeypatch):
    folder = tmp_path / "new" / "folder"
    monkeypatch.setenv("EXPLORER_DB_DIR", str(folder))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = db.database_url()
    try:
        engine = db.get_engine()
        assert (folder / db.FILENAME).is_file()
        with engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA busy_timeout").scalar() == db.BUSY_SECONDS * 1000
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
        assert db.get_engine() is engine  # cached by URL
    finally:
        db.dispose(url)


def test_writes_take_the_lock_up_front(engine):
    """BEGIN IMMEDIATE: a writer waits its turn instead of failing to upgrade a read lock."""
    seen = []
    from sqlalchemy import event

    event.listen(engine, "before_cursor_execute", lambda c, cur, sql, *a: seen.append(sql.split()[:2]))
    notes.add_note(engine, ALICE, "study", "wall", "x")
    notes.list_notes(engine, "study")
    assert ["BEGIN", "IMMEDIATE"] in seen and ["BEGIN"] in seen


# Roles and sign-in --------------------------------------------------------------------------------


def test_roles_from_the_environment():
    roles = auth.roles_from_env({"EXPLORER_FACILITATORS": "alice:a:b, bob:pw", "EXPLORER_VIEWERS": "room:x"})
    assert roles.facilitators == {"alice": "a:b", "bob": "pw"} and roles.viewers == {"room": "x"}
    assert roles.check("alice", "a:b") and roles.check("room", "x")
    assert not roles.check("alice", "a") and not roles.check("mallory", "x")
    assert roles.actor("alice").can_write and not roles.actor("room").can_write
    assert not roles.actor("mallory").can_write and not roles.actor(None).can_write
    assert auth.roles_from_env({}).enabled is False and auth.roles_from_env({}).actor(None) == LOCAL
    with pytest.raises(ValueError, match="name:password"):
        auth.roles_from_env({"EXPLORER_VIEWERS": "room"})
    with pytest.raises(ValueError, match="both"):
        auth.roles_from_env({"EXPLORER_FACILITATORS": "a:1", "EXPLORER_VIEWERS": "a:2"})


def test_without_sign_in_the_app_stays_on_localhost():
    off, on = Roles(), Roles({"alice": "pw"}, {"bob": "pw"})
    assert "127.0.0.1 only" in auth.auth_summary(off)
    assert "1 facilitator may write, 1 viewer may only read" in auth.auth_summary(on)
    assert auth.safe_host("0.0.0.0", off) == "127.0.0.1"
    assert auth.safe_host("127.0.0.1", off) == "127.0.0.1"
    assert auth.safe_host("0.0.0.0", on) == "0.0.0.0"


def test_apply_auth_records_the_roles_once():
    import dash

    app = dash.Dash(__name__)
    roles = Roles({"alice": "pw"})
    hooks = len(app.server.before_request_funcs.get(None, []))
    assert web_auth.apply_auth(app, roles) is roles
    assert app.server.config["EXPLORER_ROLES"] is roles and app.server.secret_key == roles.secret()
    assert len(app.server.before_request_funcs[None]) == hooks + 2  # the request guard and dash-auth
    assert web_auth.apply_auth(app, Roles()) is roles  # a second call changes nothing
    assert len(app.server.before_request_funcs[None]) == hooks + 2
    plain = dash.Dash(__name__)
    assert web_auth.apply_auth(plain, Roles()).enabled is False
    assert len(plain.server.before_request_funcs.get(None, [])) == hooks + 1  # the guard (Origin)


def test_notes_need_no_name_and_exports_can_leave_names_out(engine):
    notes.add_note(engine, LOCAL, "study", "anon-item", "No name given")
    notes.vote(engine, LOCAL, "study", "anon-item", 1)
    notes.add_note(engine, LOCAL, "study", "anon-item", "Named", author="Sam")
    rows = [r for r in notes.notes_rows("study", engine) if r["Item id"] == "anon-item"]
    assert sorted(r["Author"] for r in rows) == ["Anonymous", "Anonymous", "Sam"]
    hidden = [r for r in notes.notes_rows("study", engine, names=False) if r["Item id"] == "anon-item"]
    assert {r["Author"] for r in hidden} == {"Anonymous"}
    assert {r["Text"] for r in hidden} == {"No name given", "agree", "Named"}
