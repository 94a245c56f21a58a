"""What a toggle sends to the server: each part of the page listens to its own part key (explorer.view.page), so
a layer or highlight toggle among a loaded map's views sends the URL sync and, with a highlight on, the highlight
panel; an area pick only what that area needs: never the room, the editor, the notes or the import list, which
a toggle does not change."""

from __future__ import annotations

import json

import pytest

from explorer.data.catalog import load_catalog
from explorer.data.vocab import HIGHLIGHT_LABELS, LAYER_VIEW_LABELS
from explorer.view.state import Highlight, LayerView
from explorer.web import ids
from explorer.web.app import create_app
from tests.browser_support import LiveServer, console_problems, wait_for_map

pytestmark = pytest.mark.browser
AREAS = [d.id for d in load_catalog().maps()]

# Each server callback, by one output only it writes.
CALLBACKS = {
    f"{ids.URL}.search": "sync",
    f"{ids.MAP_BUNDLE}.data": "map",
    f"{ids.CAPTION_VIEWS}.data": "captions",
    f"{ids.HIGHLIGHT_PANEL}.children": "highlight panel",
    f"{ids.EVIDENCE}.children": "evidence",
    f"{ids.EXCLUSION_GROUP}.options": "group options",
    f"{ids.ROOM_CARD}.style": "room",
    f"{ids.EDITOR_CARD}.style": "editor",
    f"{ids.NOTES_LIST}.children": "notes",
    f"{ids.IMPORT_DELETE}.style": "import list",
    f"{ids.MAP_AREAS}.data": "areas fetched ahead",
}


@pytest.fixture(scope="module")
def server():
    live = LiveServer(create_app())
    yield live
    live.stop()


def callback_of(post: str) -> str:
    """The callback a `_dash-update-component` body is for, by its outputs."""
    outputs = json.loads(post)["outputs"]
    outputs = outputs if isinstance(outputs, list) else [outputs]
    names = [CALLBACKS.get(f"{o['id']}.{o['property'].split('@')[0]}") for o in outputs]
    return next((n for n in names if n), "other: " + json.loads(post)["output"][:60])


# dash-renderer's queues of callbacks not yet done: waiting, blocked on another's outputs, in flight, answered.
IDLE = """() => { const c = window.store.getState().callbacks;
  return ['requested', 'prioritized', 'blocked', 'executing', 'watched', 'executed', 'stored']
    .every(k => !c[k] || c[k].length === 0); }"""


def settled(page, has_text: str) -> None:
    """Wait until the caption shows the new view and dash-renderer has no callback pending or in flight."""
    page.locator(f"#{ids.CAPTION}", has_text=has_text).wait_for()
    page.wait_for_function(IDLE)


def radio(component_id: str, value: str) -> str:
    return f"label[for='_dbcprivate_radioitems_{component_id}_input_{value}']"


def test_a_toggle_sends_only_the_sync_and_the_parts_it_changes(server, page):
    page.add_init_script("try { localStorage.setItem('explorer.contentNoteSeen', '1'); } catch (e) {}")
    page.goto(f"{server.url}/?dataset=study")
    wait_for_map(page, "study")
    # Once the map has painted the page fetches the other areas' bundles: wait until it holds them all.
    page.wait_for_function(
        f"n => {{ const s = window.store.getState(); let node = s.layout;"
        f" for (const k of s.paths.strs['{ids.BUNDLES_HELD}']) node = node[k];"
        f" return (node.props.data || []).length >= n; }}",
        arg=len(AREAS),
    )
    page.wait_for_function(IDLE)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.post_data) if "_dash-update-component" in r.url else None)

    def sent(action, has_text: str) -> list[str]:
        posts.clear()
        action()
        settled(page, has_text)
        return sorted(callback_of(p) for p in posts)

    layer = sent(lambda: page.click(radio(ids.LAYER, "C")), LAYER_VIEW_LABELS[LayerView.C])
    highlight = sent(lambda: page.click(radio(ids.HIGHLIGHT, "gaps")), HIGHLIGHT_LABELS[Highlight.GAPS])
    # With a highlight on, its panel lists what the layer shows: a layer toggle redraws it.
    layer_lit = sent(lambda: page.click(radio(ids.LAYER, "all")), LAYER_VIEW_LABELS[LayerView.ALL])

    def pick_west():
        page.click(f"#{ids.DATASET}")
        page.locator("[role=option]:has(input[value='west'])").click()

    area = sent(pick_west, load_catalog().datasets["west"].name)
    print("layer:", layer, "highlight:", highlight, "layer, highlighted:", layer_lit, "area:", area)
    # The sync keeps the URL and the controls; the browser draws the map, legend and caption of every view
    # it holds. The highlight's panel (its rows come from the server's view model) is all else a highlight
    # sends; without a highlight the panel is a hint, so a layer toggle sends the sync alone. No map bundle,
    # no room, editor, notes or import list.
    assert layer == ["sync"]
    assert highlight == ["highlight panel", "sync"]
    assert layer_lit == ["highlight panel", "sync"]
    # An area pick among areas fetched ahead: the map part's callback still runs (it draws the compared
    # map, and answers without a bundle the page holds); the area's group options, editor, notes and import
    # button change with the area. Nothing picked, so the evidence panel's hint stays; no room is open.
    assert area == sorted(
        ["sync", "map", "captions", "highlight panel", "group options", "editor", "notes", "import list"]
    )
    assert console_problems(page.console_messages) == []
