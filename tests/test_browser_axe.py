"""axe-core in a real Chromium: no critical or serious accessibility violation on any view of the app.

axe-core is vendored under tests/vendor/axe-core/ (see its README there for the version and licence) and
injected into each page; the app's CSP would refuse an injected script, so the context bypasses it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.store import db, views
from explorer.store.auth import LOCAL
from explorer.web import ids
from explorer.web.app import create_app
from tests.browser_support import LiveServer, open_page, shot, wait_for_map

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")

# Each view: a query string (and a path) and what to wait for before axe looks.
VIEWS = {
    "map": "/?dataset=study",
    "map-gaps": "/?dataset=study&highlight=gaps",
    "map-attendance": "/?dataset=study&layer=B&highlight=attendance",
    "map-exclusions": "/?dataset=study&highlight=exclusions",
    "map-tensions": "/?dataset=study&highlight=tensions",
    "map-selected": "/?dataset=study&select=da_services",
    "table": "/?dataset=study&view=table",
    "matrices": "/?dataset=study&view=matrix",
    "analysis": "/?dataset=study&view=analysis&path=da_services,camhs",
    "side-by-side": "/?dataset=north&compare=west",
    "differences": "/?dataset=north&compare=west&mode=diff",
    # Projector mode (issue 11): the slim bar, the legend overlay and the evidence card over the map.
    "projector": "/?dataset=london&layer=C&projector=1",
    "projector-selected": "/?dataset=study&layer=C&projector=1&select=da_services",
    "projector-side-by-side": "/?dataset=north&compare=west&projector=1",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('axe-db') / 'workshop.sqlite3'}"
    app = create_app(database_url=url)
    engine = db.get_engine(url)
    view_id = views.save_view(engine, LOCAL, "Who funds what", "?dataset=study&layer=A")
    deck = views.create_presentation(engine, LOCAL, "Advisory group")
    views.add_slide(engine, LOCAL, deck, view_id)
    live = LiveServer(app)
    live.deck = deck
    yield live
    live.stop()


@pytest.fixture
def axe_page(browser):
    page = open_page(browser, bypass_csp=True)  # the app's CSP would refuse the injected axe script
    yield page
    page.context.close()


def violations(page) -> list[dict]:
    """axe's critical and serious violations on the page as it is now, each with the nodes it names."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))"
    )
    found = json.loads(result)["violations"]
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in found
        if v["impact"] in BLOCKING
    ]


def _settle(page, query: str) -> None:
    dataset = dict(p.split("=") for p in query.split("?", 1)[1].split("&"))["dataset"]
    if "view=" not in query:
        wait_for_map(page, dataset)
    page.wait_for_function("() => !document.querySelector('._dash-loading, [data-dash-is-loading=\"true\"]')")


@pytest.mark.parametrize("name", list(VIEWS))
def test_no_critical_or_serious_violation(server, axe_page, name):
    query = VIEWS[name]
    axe_page.goto(server.url + query)
    _settle(axe_page, query)
    if name == "table":
        axe_page.locator(f"#{ids.TABLE_ELEMENTS} td").first.wait_for()
    elif name == "matrices":
        axe_page.locator(f"#{ids.ATTENDANCE_GRAPH} .main-svg").first.wait_for()
    elif name == "analysis":
        axe_page.locator(f"#{ids.METRICS_TABLE} td").first.wait_for()
    found = violations(axe_page)
    shot(axe_page, f"axe-{name}")
    assert found == [], json.dumps(found, indent=1)


def test_presentation_mode(server, axe_page):
    axe_page.goto(f"{server.url}/present/{server.deck}/1")
    axe_page.wait_for_function("() => document.body.classList.contains('present-mode')")
    wait_for_map(axe_page, "study")
    found = violations(axe_page)
    assert found == [], json.dumps(found, indent=1)


def test_import_dialog(server, axe_page):
    axe_page.goto(server.url + "/?dataset=study")
    wait_for_map(axe_page, "study")
    axe_page.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(
        files=[{"name": "broken.csv", "mimeType": "text/csv", "buffer": b"Label,Type\n,service\n"}]
    )
    axe_page.get_by_role("dialog").wait_for()
    # Until the fade-in ends the text is part-transparent, and axe would measure that contrast.
    axe_page.wait_for_function(
        "() => [...document.querySelectorAll('.modal, .modal-backdrop')]"
        ".every(m => getComputedStyle(m).opacity === (m.classList.contains('modal') ? '1' : '0.5'))"
    )
    found = violations(axe_page)
    shot(axe_page, "axe-import-dialog")
    assert found == [], json.dumps(found, indent=1)


def test_import_preview_dialog(server, axe_page):
    axe_page.goto(server.url + "/?dataset=study")
    wait_for_map(axe_page, "study")
    kumu = b'{"elements": [{"label": "Ana", "type": "Interviewee"}, {"label": "Bo"}], "connections": [{"from": "Ana", "to": "Bo", "type": "++"}]}'
    axe_page.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(
        files=[{"name": "area.json", "mimeType": "application/json", "buffer": kumu}]
    )
    axe_page.locator(f"#{ids.IMPORT_PREVIEW_NOTES} li").first.wait_for()
    axe_page.wait_for_function(
        "() => [...document.querySelectorAll('.modal, .modal-backdrop')]"
        ".every(m => getComputedStyle(m).opacity === (m.classList.contains('modal') ? '1' : '0.5'))"
    )
    found = violations(axe_page)
    shot(axe_page, "axe-import-preview")
    assert found == [], json.dumps(found, indent=1)


def test_notes_panel_with_a_note(server, axe_page):
    axe_page.goto(server.url + "/?dataset=study&select=da_services")
    wait_for_map(axe_page, "study")
    axe_page.locator(f"#{ids.NOTE_TEXT}").fill("Not joined up here")
    axe_page.locator(f"#{ids.NOTE_ADD}").click()
    axe_page.locator(f"#{ids.NOTES_LIST} .note-body").first.wait_for()
    found = violations(axe_page)
    assert found == [], json.dumps(found, indent=1)


def test_room_pages_for_the_facilitator_and_the_followers(server, axe_page, browser):
    """The facilitator's open room (code, link, QR code, Close), and /room/<code> as a follower sees it on
    a laptop and on a phone (the follower's bar, Step out)."""
    axe_page.goto(server.url + "/?dataset=study&layer=C&room=new")
    axe_page.wait_for_function(
        "id => (document.getElementById(id) || {}).innerText?.length === 6", arg=ids.ROOM_CODE
    )
    wait_for_map(axe_page, "study")
    axe_page.locator(f"#{ids.ROOM_QR}").scroll_into_view_if_needed()
    found = {"facilitator": violations(axe_page)}
    shot(axe_page, "axe-room-facilitator")
    room = f"{server.url}/room/{axe_page.inner_text('#' + ids.ROOM_CODE)}"
    for name, size in (("follower", (1280, 720)), ("follower-phone", (360, 740))):
        follower = open_page(browser, *size, bypass_csp=True, has_touch=name.endswith("phone"))
        try:
            follower.goto(room)
            wait_for_map(follower, "study")
            follower.locator(f"#{ids.ROOM_FOLLOW_STATUS}").filter(has_text="Following").wait_for()
            found[name] = violations(follower)
            shot(follower, f"axe-room-{name}")
        finally:
            follower.context.close()
    assert found == {"facilitator": [], "follower": [], "follower-phone": []}, json.dumps(found, indent=1)


def test_the_repaired_dropdowns_and_view_buttons_still_take_the_keyboard(server, axe_page):
    """The dropdowns' buttons take Tab focus in place of their hidden inputs; Enter opens the list."""
    axe_page.goto(server.url + "/?dataset=study")
    wait_for_map(axe_page, "study")
    axe_page.locator(f"#{ids.LAYER} input").last.focus()  # 'All', just before the highlight buttons
    focused = []
    for _ in range(12):
        axe_page.keyboard.press("Tab")
        focused.append(
            axe_page.evaluate("() => document.activeElement.id || document.activeElement.className")
        )
        if focused[-1] == ids.COMPARE:
            break
    assert focused[-1] == ids.COMPARE, focused
    assert not any("focus-target" in f for f in focused), focused
    axe_page.keyboard.press("Enter")
    axe_page.get_by_role("option", name="Illustrative rural area").click()
    axe_page.wait_for_function("() => location.search.includes('compare=north')")
    axe_page.locator(f"#{ids.VIEW_TABS}").get_by_text("Table", exact=True).click()
    axe_page.wait_for_function("() => location.search.includes('view=table')")
