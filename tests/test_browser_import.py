"""Importing a map in a real browser: a preview first, then it loads whole and can be explored and compared,
or errors show and nothing loads."""

from __future__ import annotations

import json

import pytest

from explorer.web.app import create_app
from tests.browser_support import LiveServer, cy_eval, shot

# A Kumu blueprint with free-text types and an untyped link: the map the preview's unit tests use.
from tests.test_import_preview import KUMU as FREE_TEXT

pytestmark = pytest.mark.browser

KUMU = {
    "elements": [
        {"label": "GP practice", "type": "service", "sector": "nhs", "id": "gp_practices"},
        {"label": "CAMHS", "type": "service", "sector": "nhs", "id": "camhs"},
        {"label": "Our new hub", "type": "service", "sector": "voluntary"},
    ],
    "connections": [
        {"from": "gp_practices", "to": "camhs", "type": "refers", "status": "strained"},
        {"from": "Our new hub", "to": "camhs", "type": "refers", "status": "gap"},
    ],
}


def confirm(page) -> None:
    """Load the previewed map: the preview is open and its notes are in before the button is pressed."""
    preview = page.locator("#import-preview")
    preview.get_by_role("button", name="Load this map").wait_for()
    page.wait_for_function("() => !document.getElementById('import-confirm').disabled")
    preview.get_by_role("button", name="Load this map").click()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(
        create_app(database_url=f"sqlite:///{tmp_path_factory.mktemp('imports') / 'db.sqlite3'}")
    )
    yield live
    live.stop()


def test_upload_a_kumu_map_then_explore_and_compare_it(server, page, tmp_path):
    path = tmp_path / "Our area.json"
    path.write_text(json.dumps(KUMU))
    page.goto(server.url + "/?dataset=study")
    page.locator("#import-upload input[type=file]").set_input_files(str(path))
    confirm(page)
    page.locator("#import-status").get_by_text("Loaded Our area (imported)").wait_for()
    page.wait_for_function("() => location.search.includes('dataset=imported-our-area-')")
    page.wait_for_function(
        "() => { const cy = document.getElementById('map')._cyreg.cy; return cy.nodes().not('.anchor').length === 3; }"
    )
    assert "Imported" in page.locator("#illustrative-banner").inner_text()
    assert "Our area.json" in page.locator("#map-caption").inner_text()
    shown = set(cy_eval(page, "return cy.edges().map(e => e.classes().join(' '))"))
    assert any("status-gap" in c for c in shown)
    dataset_id = dict(p.split("=") for p in page.url.split("?")[1].split("&"))["dataset"]
    shot(page, "import-loaded")
    # Compare it with the study at once, as a diff overlay.
    page.goto(f"{server.url}/?dataset={dataset_id}&compare=study&mode=diff&layer=C")
    page.wait_for_selector("#highlight-panel [data-diff=changed]")
    classes = cy_eval(page, "const o = {}; cy.nodes().forEach(n => { o[n.id()] = n.classes(); }); return o;")
    assert "diff-only-a" in classes["our_new_hub"]  # only in the imported map
    assert (
        "diff-only-a" not in classes["camhs"] and "diff-only-b" not in classes["camhs"]
    )  # shared id: in both
    assert "diff-only-b" in classes["da_services"]  # only in the study
    shot(page, "import-diff")


def test_a_bad_upload_lists_problems_and_loads_nothing(server, page, tmp_path):
    bad = json.loads(json.dumps(KUMU))
    bad["elements"][2]["sector"] = "spaceship"  # an unknown type is mapped to a default; a sector is ours
    bad["connections"][0]["to"] = "nowhere"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(bad))
    page.goto(server.url + "/?dataset=study")
    page.locator("#import-upload input[type=file]").set_input_files(str(path))
    page.locator("#import-status").get_by_text("Nothing was loaded").wait_for()
    table = page.locator("#import-errors")
    table.locator("td").first.wait_for()
    text = table.inner_text()
    assert "broken.json#elements" in text and "spaceship" in text
    assert "broken.json#connections" in text and "nowhere" in text
    assert "dataset=study" in page.url
    options = page.evaluate("() => document.getElementById('dataset-select').innerText")
    assert "broken" not in options
    shot(page, "import-errors")


def test_an_upload_over_the_limit_is_refused_in_the_page(server, page, tmp_path):
    """Issue 14, defect 5: from about 7.5 MB the request was a 413 that reached only the console."""
    from explorer.data.readers.uploads import MAX_UPLOAD_BYTES

    path = tmp_path / "huge.json"
    path.write_bytes(b" " * (MAX_UPLOAD_BYTES + 1))
    posts = []
    page.on(
        "request",
        lambda r: posts.append(r) if r.method == "POST" and "import-upload" in (r.post_data or "") else None,
    )
    page.goto(server.url + "/?dataset=study")
    page.locator("#import-upload input[type=file]").set_input_files(str(path))
    page.locator("#import-status .alert-danger").get_by_text(
        "huge.json is 10.0 MB; an upload may be at most 10.0 MB"
    ).wait_for()
    assert posts == [] and "dataset=study" in page.url


def test_the_request_limit_leaves_room_for_the_largest_upload_base64_encoded():
    from explorer.data.readers.uploads import MAX_UPLOAD_BYTES
    from explorer.web.security import MAX_CONTENT_LENGTH

    assert MAX_CONTENT_LENGTH > MAX_UPLOAD_BYTES * 4 / 3


def test_upload_a_gephi_file_and_it_draws_at_its_own_positions(server, page):
    from pathlib import Path

    gexf = Path(__file__).parent / "fixtures" / "foreign" / "gephi-1.3.gexf"
    page.goto(server.url + "/?dataset=study")
    page.locator("#import-upload input[type=file]").set_input_files(str(gexf))
    confirm(page)
    page.locator("#import-status").get_by_text("3 elements, 3 connections").wait_for()
    page.wait_for_function(
        "() => { const cy = document.getElementById('map')._cyreg.cy; return cy.nodes().not('.anchor').length === 3; }"
    )
    x = cy_eval(
        page,
        "const o = {}; cy.nodes().not('.anchor').forEach(n => { o[n.id()] = n.position('x'); }); return o;",
    )
    assert x["11"] < x["12"]  # Gephi put the health visitor left of the charity; so does the map
    shot(page, "import-gexf")


def test_the_preview_shows_the_mapping_and_loads_only_on_confirm(server, page, tmp_path):
    path = tmp_path / "Interviews.json"
    path.write_text(json.dumps(FREE_TEXT))
    page.goto(server.url + "/?dataset=study")
    page.locator("#import-upload input[type=file]").set_input_files(str(path))
    preview = page.locator("#import-preview")
    preview.get_by_text("3 elements, 2 connections").wait_for()
    interviewee = preview.locator("tr[data-kind=element][data-source=Interviewee] select")
    assert interviewee.input_value() == "service"  # nothing matched: the default, and it says so
    notes = page.locator("#import-preview-notes")
    notes.get_by_text("Interviewee").wait_for()
    assert "default" in notes.inner_text()
    assert (
        preview.locator("tr[data-kind=element][data-source=Board] select").input_value() == "strategic_group"
    )
    assert "Website" in page.locator("#import-preview-summary").inner_text()
    # Nothing is loaded while the preview is open.
    options = page.evaluate("() => document.getElementById('dataset-select').innerText")
    assert "Interviews" not in options and "dataset=study" in page.url
    shot(page, "import-preview")
    interviewee.select_option("population_group")
    page.wait_for_function(
        "() => !document.getElementById('import-preview-notes').innerText.includes('Interviewee')"
    )
    shot(page, "import-preview-changed")
    confirm(page)
    page.locator("#import-status").get_by_text("Loaded Interviews (imported)").wait_for()
    page.wait_for_function("() => location.search.includes('dataset=imported-interviews-')")
    page.wait_for_function(
        "() => { const cy = document.getElementById('map')._cyreg.cy; return cy.nodes().not('.anchor').length === 3; }"
    )
    classes = cy_eval(
        page, "const o = {}; cy.nodes().forEach(n => { o[n.data('label')] = n.classes(); }); return o;"
    )
    assert "type-population_group" in classes["Ana"] and "type-population_group" in classes["Bo"]
    assert "type-strategic_group" in classes["Youth board"]
    # A small map of its own fills the view (it was fitted to the shipped maps' extent, and drawn tiny).
    tall = cy_eval(page, "return cy.nodes().not('.anchor').renderedBoundingBox().h / cy.height();")
    assert tall > 0.5, tall
    shot(page, "import-preview-loaded")


def test_cancel_loads_nothing(server, page, tmp_path):
    path = tmp_path / "Not this one.json"
    path.write_text(json.dumps(FREE_TEXT))
    page.goto(server.url + "/?dataset=study")
    page.locator("#import-upload input[type=file]").set_input_files(str(path))
    page.locator("#import-preview").get_by_role("button", name="Cancel").click()
    page.locator("#import-status").get_by_text("Nothing was loaded.").wait_for()
    options = page.evaluate("() => document.getElementById('dataset-select').innerText")
    assert "Not this one" not in options and "dataset=study" in page.url


def test_the_same_file_chosen_again_previews_again(server, page, tmp_path):
    """A browser fires no change for the same selection, and Dash no callback for the same contents: a
    cancelled preview could not be brought back by choosing the file again."""
    path = tmp_path / "Again.json"
    path.write_text(json.dumps(KUMU))
    page.goto(server.url + "/?dataset=study")
    chooser = page.locator("#import-upload input[type=file]")
    preview = page.locator("#import-preview")
    for _ in range(2):
        chooser.set_input_files(str(path))
        preview.get_by_role("button", name="Cancel").click()
        page.locator("#import-status").get_by_text("Nothing was loaded.").wait_for()
        preview.get_by_role("button", name="Load this map").wait_for(state="hidden")
    assert chooser.evaluate("input => input.value") == ""
