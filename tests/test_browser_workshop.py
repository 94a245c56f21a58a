"""Workshop mode in a real Chromium: notes survive a reload, viewers cannot write, presentations step.

The app runs in its own process (its own SQLite folder and sign-in settings, and Dash's callback
registry fresh), built by `create_app()` with the workshop components put in the page where the layout
does not have them yet.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from explorer.web import ids
from tests.browser_support import ARTEFACTS, console_problems, open_page, wait_until_still

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parent.parent
FACILITATOR = ("alice", "wonder-land")
VIEWER = ("bob", "the-builder")
ITEM = "da_services"  # Domestic abuse services, in the study synthesis


def _find(node, wanted):
    """The first component in a layout tree for which wanted(component) holds."""
    if wanted(node):
        return node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json") and (found := _find(child, wanted)) is not None:
            return found
    return None


def _has_id(component_id):
    return lambda n: getattr(n, "id", None) == component_id


def with_workshop(layout):
    """Put the workshop components where layout.py is asked to, unless they are there already."""
    from explorer.web import notes, presentation, saved_views

    if _find(layout, _has_id(ids.NOTES_LIST)) is not None:
        return layout
    side = _find(layout, lambda n: getattr(n, "className", None) == "sidebar")
    at = next(i for i, c in enumerate(side.children) if _find(c, _has_id(ids.EVIDENCE)) is not None)
    side.children.insert(at + 1, notes.workshop_panel())
    side.children.append(saved_views.presentation_controls())
    _find(layout, _has_id(ids.TABLE_PANEL)).children.append(notes.notes_table())
    layout.children.append(presentation.present_bar())
    return layout


def serve() -> None:
    """Run in the server process: build the app, print the port, serve until killed."""
    from werkzeug.serving import make_server

    from explorer.web import workshop
    from explorer.web.app import create_app

    app = create_app()
    workshop.install(app)
    page = app.layout
    app.validation_layout = None  # Dash keeps the first layout function's result to check callbacks against
    app.layout = (lambda: with_workshop(page())) if callable(page) else with_workshop(page)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = {
        **os.environ,
        "EXPLORER_DB_DIR": str(tmp_path_factory.mktemp("workshop-db")),
        "EXPLORER_FACILITATORS": ":".join(FACILITATOR),
        "EXPLORER_VIEWERS": ":".join(VIEWER),
    }
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-c", "from tests.test_browser_workshop import serve; serve()"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    port = process.stdout.readline().strip()
    assert port.isdigit(), "the app server did not start"
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def signed_in_page(browser, user):
    return open_page(browser, http_credentials={"username": user[0], "password": user[1]})


@pytest.fixture
def alice(browser):
    page = signed_in_page(browser, FACILITATOR)
    yield page
    page.context.close()


@pytest.fixture
def bob(browser):
    page = signed_in_page(browser, VIEWER)
    yield page
    page.context.close()


def shot(page, name: str) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"))


def wait_notes_for(page, label: str) -> None:
    page.locator("#notes-list h3").filter(has_text=f"Notes on {label}").wait_for()


def test_a_note_survives_a_reload_and_shows_in_the_table(server, alice):
    alice.goto(f"{server}/?dataset=study&select={ITEM}")
    wait_notes_for(alice, "Domestic abuse services")
    assert "Signed in as alice (facilitator)" in alice.locator("#workshop-whoami").inner_text()
    alice.locator("#note-author").fill("Sam (survivors' group)")
    text = "Refuges say <b>CAMHS</b> never rings back"
    alice.locator("#note-text").fill(text)
    alice.locator("#note-add").click()
    alice.locator("#notes-list .note-body").filter(has_text=text).wait_for()
    assert alice.locator("#note-text").input_value() == ""
    alice.locator("#vote-agree").click()
    alice.locator("#" + ids.VOTE_TALLY).filter(has_text="Agree: 1 (Sam (survivors' group))").wait_for()

    alice.reload()
    wait_notes_for(alice, "Domestic abuse services")
    note = alice.locator("#notes-list li").filter(has_text=text)
    note.wait_for()
    meta = note.locator(".citation").inner_text()
    assert "Sam (survivors' group)" in meta and "UTC" in meta
    assert alice.locator("#notes-list b").count() == 0, "note text is shown as text, never as HTML"
    assert "Agree: 1" in alice.locator("#" + ids.VOTE_TALLY).inner_text()
    alice.locator("#" + ids.NOTES_CARD).scroll_into_view_if_needed()
    shot(alice, "workshop-notes")

    alice.locator("#view-tabs").get_by_text("Table", exact=True).click()
    cell = alice.locator(f"#{ids.NOTES_TABLE} td").filter(has_text=text)
    cell.wait_for()
    assert alice.locator(f"#{ids.NOTES_TABLE} td").filter(has_text="Domestic abuse services").count() >= 2
    assert console_problems(alice.console_messages) == []


def test_a_viewer_reads_but_cannot_write(server, alice, bob):
    from playwright.sync_api import expect

    alice.goto(f"{server}/?dataset=study&select={ITEM}")
    wait_notes_for(alice, "Domestic abuse services")
    alice.locator("#note-text").fill("Seen by the viewer")
    alice.locator("#note-add").click()
    alice.locator("#notes-list .note-body").filter(has_text="Seen by the viewer").wait_for()

    bob.goto(f"{server}/?dataset=study&select={ITEM}")
    wait_notes_for(bob, "Domestic abuse services")
    bob.locator("#notes-list .note-body").filter(has_text="Seen by the viewer").wait_for()
    assert "viewer" in bob.locator("#workshop-whoami").inner_text()
    for button in ("#note-add", "#vote-agree", "#view-save", "#presentation-new"):
        expect(bob.locator(button)).to_be_disabled()
    assert bob.locator("#notes-list").get_by_role("button", name="Delete").count() == 0

    # The buttons are only a courtesy: the server refuses a viewer's write however it is sent.
    before = bob.locator("#notes-list li").count()
    response = bob.request.post(
        f"{server}/_dash-update-component",
        data=json.dumps(_add_note_request()),
        headers={"Content-Type": "application/json"},
    )
    assert response.ok
    body = json.dumps(response.json())
    assert "read-only" in body and ids.NOTES_REV not in json.dumps(response.json()["response"])
    bob.reload()
    wait_notes_for(bob, "Domestic abuse services")
    assert bob.locator("#notes-list li").count() == before
    alice.locator("#notes-list li").filter(has_text="Seen by the viewer").get_by_role("button").click()
    alice.locator("#notes-message").filter(has_text="Note deleted").wait_for()
    expect(alice.locator("#notes-list li").filter(has_text="Seen by the viewer")).to_have_count(0)
    anonymous = bob.context.browser.new_context(http_credentials={"username": "bob", "password": "wrong"})
    assert anonymous.request.get(server + "/").status == 401
    anonymous.close()
    assert console_problems(alice.console_messages + bob.console_messages) == []


def _add_note_request() -> dict:
    """What the browser posts when Add note is clicked (Dash's callback protocol)."""
    outputs = [(ids.NOTES_REV, "data"), (ids.NOTES_MSG, "children"), (ids.NOTE_TEXT, "value")]
    state = {"dataset": "study", "layer": "all", "highlight": "none", "select": ITEM, "sectors": []}
    return {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [
            {"id": ids.NOTE_ADD, "property": "n_clicks", "value": 1},
            {"id": ids.VOTE_AGREE, "property": "n_clicks", "value": None},
            {"id": ids.VOTE_DISAGREE, "property": "n_clicks", "value": None},
            {"id": ids.VOTE_WITHDRAW, "property": "n_clicks", "value": None},
            [],
        ],
        "state": [
            {"id": ids.STATE, "property": "data", "value": state},
            {"id": ids.NOTE_TEXT, "property": "value", "value": "A viewer's forged note"},
            {"id": ids.NOTE_AUTHOR, "property": "value", "value": "bob"},
            {"id": ids.NOTES_REV, "property": "data", "value": 0},
            {"id": ids.VOTER, "property": "data", "value": "forged"},
        ],
        "changedPropIds": [f"{ids.NOTE_ADD}.n_clicks"],
    }


def save_view(page, server: str, query: str, name: str) -> None:
    page.goto(f"{server}/{query}")
    page.locator("#notes-list p, #notes-list h3").first.wait_for()
    page.locator("#view-name").fill(name)
    page.locator("#view-save").click()
    page.locator("#view-list label").filter(has_text=name).wait_for()


def wait_for_caption(page, text: str) -> None:
    page.locator("#map-caption").filter(has_text=text).wait_for()


def test_presentation_is_built_reordered_and_stepped_with_the_keys(server, alice):
    from playwright.sync_api import expect

    alice.on("dialog", lambda dialog: dialog.accept())
    save_view(alice, server, "?dataset=study&layer=A", "Who funds what")
    save_view(alice, server, "?dataset=study&layer=B&highlight=attendance", "Who comes to the board")
    save_view(alice, server, "?dataset=study&layer=C&highlight=gaps", "The wall")

    alice.locator("#presentation-name").fill("Advisory group")
    alice.locator("#presentation-new").click()
    alice.locator("#views-message").filter(has_text="made").wait_for()
    for name in ("Who funds what", "The wall", "Who comes to the board"):
        alice.locator("#view-list label").filter(has_text=name).click()
        alice.locator("#view-add-to-presentation").click()
        alice.locator("#slide-list label").filter(has_text=name).wait_for()
    alice.locator("#slide-list label").filter(has_text="Who comes to the board").click()
    alice.locator("#slide-up").click()
    alice.locator("#slide-list label").nth(1).filter(has_text="2. Who comes to the board").wait_for()
    alice.locator("#view-list label").filter(has_text="The wall").click()
    expect(alice.locator("#view-name")).to_have_value("The wall")
    alice.locator("#view-name").fill("The wall between DA and CAMHS")
    alice.locator("#view-rename").click()
    alice.locator("#slide-list label").nth(2).filter(has_text="3. The wall between DA and CAMHS").wait_for()

    alice.locator("#" + ids.VIEWS_CARD).scroll_into_view_if_needed()
    shot(alice, "workshop-views")
    alice.locator("#presentation-start").click()
    alice.wait_for_url("**/present/*/1?*")
    counter = alice.locator("#present-counter")
    counter.filter(has_text="1 / 3").wait_for()
    alice.wait_for_function("() => new URLSearchParams(location.search).get('layer') === 'A'")
    assert alice.locator(".topbar").is_hidden() and alice.locator("#legend").is_visible()
    assert alice.locator("#" + ids.NOTES_CARD).is_hidden()
    alice.keyboard.press("ArrowRight")
    counter.filter(has_text="2 / 3").wait_for()
    alice.wait_for_function("() => location.search.includes('layer=B')")
    wait_until_still(alice, "map")
    shot(alice, "workshop-presentation")
    alice.keyboard.press("ArrowRight")
    counter.filter(has_text="3 / 3").wait_for()
    alice.wait_for_function("() => new URLSearchParams(location.search).get('highlight') === 'gaps'")
    assert alice.locator("#present-next").is_disabled()
    alice.keyboard.press("ArrowRight")  # past the end: stays on the last slide...
    alice.keyboard.press("ArrowLeft")
    counter.filter(has_text="2 / 3").wait_for()  # ...so one step back lands on the one before it
    alice.go_back()
    counter.filter(has_text="3 / 3").wait_for()
    alice.go_back()
    counter.filter(has_text="2 / 3").wait_for()
    alice.keyboard.press("ArrowLeft")
    counter.filter(has_text="1 / 3").wait_for()
    assert alice.locator("#present-title").inner_text() == "Who funds what"

    alice.reload()  # a presentation link opens on its slide
    counter.filter(has_text="1 / 3").wait_for()
    bare = urlparse(alice.url).path.rsplit("/", 1)[0] + "/2"
    alice.goto(server + bare)  # a link without the view's query string still shows the slide's view
    counter.filter(has_text="2 / 3").wait_for()
    alice.wait_for_function("() => location.search.includes('layer=B')")
    wait_for_caption(alice, "B · Interface")
    alice.keyboard.press("ArrowLeft")
    counter.filter(has_text="1 / 3").wait_for()
    alice.keyboard.press("Escape")
    alice.locator(".topbar").wait_for()
    alice.wait_for_function("() => !location.pathname.includes('/present/')")
    expect(alice.locator("#present-bar")).to_be_hidden()

    alice.locator("#presentation-select").select_option(label="Advisory group")
    alice.locator("#slide-list label").first.wait_for()
    alice.locator("#presentation-delete-button").click()
    alice.locator("#views-message").filter(has_text="Presentation deleted").wait_for()
    expect(alice.locator("#presentation-select option").filter(has_text="Advisory group")).to_have_count(0)
    assert console_problems(alice.console_messages) == []


def test_only_a_facilitator_opens_a_room_and_a_viewer_is_told_why(server, alice, bob):
    """A viewer's `?room=new` opens nothing and says so; the facilitator's opens a room, and the hint
    and "Open a room" give way to the room's code while it is open."""
    bob.goto(f"{server}/?dataset=study&room=new")
    message = bob.locator(f"#{ids.ROOM_MSG}")
    message.filter(has_text="Only a facilitator can open or lead a room").wait_for()
    assert "viewer role" in message.inner_text()
    assert bob.locator(f"#{ids.ROOM_CODE}").inner_text() == ""
    assert bob.locator(f"#{ids.ROOM_OPENER}").is_hidden()
    shot(bob, "room-viewer-refused")
    bob.goto(f"{server}/?dataset=study")
    bob.locator(f"#{ids.NOTES_LIST}").wait_for()
    bob.wait_for_function(f"() => document.getElementById('{ids.WHOAMI}').innerText.includes('viewer')")
    assert bob.locator(f"#{ids.ROOM_CARD}").is_hidden()  # without asking for a room, a viewer sees no card

    alice.goto(f"{server}/?dataset=study")
    opener = alice.locator(f"#{ids.ROOM_OPENER}")
    opener.wait_for()
    assert "participants can follow" in opener.inner_text()
    alice.goto(f"{server}/?dataset=study&room=new")
    alice.wait_for_function(
        "id => (document.getElementById(id) || {}).innerText?.length === 6", arg=ids.ROOM_CODE
    )
    assert opener.is_hidden()
    alice.locator(f"#{ids.ROOM_CLOSE}").click()
    alice.locator(f"#{ids.ROOM_MSG}").filter(has_text="is closed").wait_for()
    opener.wait_for()
    assert alice.locator(f"#{ids.ROOM_DETAILS}").is_hidden()
    assert console_problems(alice.console_messages + bob.console_messages) == []
