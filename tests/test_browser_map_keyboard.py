"""The map by keyboard in a real Chromium: Tab reaches it, arrows follow links, Enter opens the evidence,
the live region says what the keyboard is on, and a ring is drawn around it."""

from __future__ import annotations

import pytest

from explorer.data.catalog import load_catalog
from explorer.data.vocab import ELEMENT_TYPE_LABELS, SECTOR_LABELS
from explorer.web import ids
from explorer.web.app import create_app
from tests.browser_support import LiveServer, cy_eval, shot, wait_for_map

pytestmark = pytest.mark.browser
STUDY = load_catalog().datasets["study"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('kb-db') / 'workshop.sqlite3'}"
    live = LiveServer(create_app(database_url=url))
    yield live
    live.stop()


def _announced(page) -> str:
    return page.locator(f"#{ids.MAP_ANNOUNCE}").inner_text()


def _current_label(page) -> str:
    return _announced(page).removeprefix("On the map. ").split(".")[0]


def test_tab_reaches_the_map_and_the_arrows_follow_links(server, page):
    page.goto(f"{server.url}/?dataset=study&layer=C&select=da_services")
    wait_for_map(page, "study")
    page.locator(f"#{ids.CLEAR}").focus()
    for _ in range(80):  # Tab onward until the map has focus, as a keyboard user would
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => document.activeElement.id") == ids.MAP:
            break
    assert page.evaluate("() => document.activeElement.id") == ids.MAP
    page.wait_for_function(f"() => document.getElementById('{ids.MAP_ANNOUNCE}').innerText.length > 0")
    da = STUDY.element("da_services")
    said = _announced(page)
    # Name, type and sector, then every link with its status
    assert said.startswith(
        f"On the map. {da.label}. {ELEMENT_TYPE_LABELS[da.type]}, {SECTOR_LABELS[da.sector]}."
    )
    shown = cy_eval(page, "return cy.getElementById('da_services').connectedEdges(':visible').length")
    assert f"{shown} links:" in said
    assert "gap (missing)" in said.lower()  # the wall between DA services and CAMHS
    ring = page.locator(".map-focus-ring")
    assert ring.is_visible()
    shot(page, "keyboard-focus-ring")

    neighbours = set(
        cy_eval(
            page,
            # The announcement says the full name (data 'name') where the map draws a short label.
            "return cy.getElementById('da_services').neighborhood('node')"
            ".map(n => n.data('name') || n.data('label'))",
        )
    )
    moved = None
    for key in ("ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp"):
        page.keyboard.press(key)
        label = _current_label(page)
        if label != da.label and not _announced(page).startswith("No link"):
            moved = label
            break
    assert moved in neighbours, (moved, neighbours)
    box = ring.bounding_box()
    at = cy_eval(
        page,
        "const n = cy.nodes().filter(n => (n.data('name') || n.data('label')) === arg)[0];"
        " const p = n.renderedPosition();"
        " const r = cy.container().getBoundingClientRect(); return [r.left + p.x, r.top + p.y];",
        moved,
    )
    assert box["x"] < at[0] < box["x"] + box["width"] and box["y"] < at[1] < box["y"] + box["height"]

    page.keyboard.press("Enter")  # opens the evidence on the item in focus
    page.locator(f"#{ids.EVIDENCE}").get_by_text(moved).first.wait_for()
    page.wait_for_function("() => location.search.includes('select=')")
    assert "select=da_services" not in page.url

    page.keyboard.press("Escape")  # leaves the map
    assert page.evaluate("() => document.activeElement.id") == ids.MAP_KEYS_BUTTON
    assert not ring.is_visible()


def test_the_help_dialog_lists_the_keys(server, page):
    page.goto(f"{server.url}/?dataset=study")
    wait_for_map(page, "study")
    page.locator(f"#{ids.MAP}").focus()
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keys for the map")
    dialog.wait_for()
    for key in ("Enter", "Escape", "N / P"):
        assert key in dialog.inner_text()
