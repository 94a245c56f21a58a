"""Element pickers that scale (issue 14, defect 1): a 20,000-element import adds nothing to other users'
page, and a picker gets at most a short list from the server."""

from __future__ import annotations

import time
from dataclasses import replace

from explorer.store.auth import LOCAL
from explorer.view.pickers import LIMIT, element_choices
from explorer.view.state import ViewState
from tests.test_large_imports import big_map


def huge_map():
    """20,000 elements (the most a JSON import may hold, with its links)."""
    return replace(big_map(20_000), name="Huge (imported)", area="A test area", connections=())


def first_paint(client) -> tuple[int, float]:
    """Bytes and seconds of what a fresh page fetches before it can draw: the page and its layout."""
    start = time.perf_counter()
    size = len(client.get("/").data) + len(client.get("/_dash-layout").data)
    return size, time.perf_counter() - start


def test_a_huge_import_leaves_everyone_elses_page_as_it_was(tmp_path):
    from explorer.web.app import create_app

    app = create_app(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    client = app.server.test_client()
    first_paint(client)  # warm
    before = min(first_paint(client) for _ in range(3))
    huge = huge_map()
    app.server.config["EXPLORER"].imports.save(huge, LOCAL)
    after = min(first_paint(client) for _ in range(3))
    print(
        f"\nfirst paint without imports: {before[0]} bytes, {before[1] * 1000:.0f} ms; "
        f"with a 20,000-element import: {after[0]} bytes, {after[1] * 1000:.0f} ms "
        f"({after[1] / before[1]:.2f}×)"
    )
    assert after[0] - before[0] < 200  # one more entry in the list of maps, nothing of its elements


def test_pickers_get_a_short_list_with_the_chosen_element_first():
    huge = huge_map()
    everything = element_choices(huge, "")
    assert len(everything) == LIMIT
    found = [o["label"] for o in element_choices(huge, "service 1999", keep=["e5"])]
    expected = sorted(e.label for e in huge.elements if "1999" in e.label)
    assert found == ["Service 5", *expected] and len(found) <= LIMIT + 1


def test_the_url_sync_sends_each_picker_its_value(tmp_path):
    from explorer.web.app import create_app
    from explorer.web.callbacks import picker_options

    app = create_app(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    huge = huge_map()
    app.server.config["EXPLORER"].imports.save(huge, LOCAL)
    state = ViewState(dataset=huge.id, focus="e12345", path="e7,e19000")
    with app.server.test_request_context("/"):
        search, focus, start, end = picker_options(state)
    assert len(search) == LIMIT and focus[0]["value"] == "e12345"
    assert start[0]["value"] == "e7" and end[0]["value"] == "e19000"
    assert max(map(len, (search, focus, start, end))) <= LIMIT
