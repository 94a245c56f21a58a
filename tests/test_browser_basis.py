"""How we know, in a real Chromium: the Tensions highlight and the 'Only what the paper states' filter."""

from __future__ import annotations

import pytest

from explorer.data.catalog import load_catalog
from explorer.data.vocab import Basis
from explorer.service import MapService
from explorer.view.state import ViewState
from explorer.web.app import create_app
from tests.browser_support import LiveServer, click_item, console_problems, cy_eval, query, shot, wait_for_map

pytestmark = pytest.mark.browser
SERVICE = MapService(load_catalog())
STUDY = SERVICE.dataset("study")


@pytest.fixture(scope="module")
def server():
    live = LiveServer(create_app())
    yield live
    live.stop()


def test_tensions_highlight_draws_both_sides_with_their_words(server, page):
    page.goto(server.url + "/?dataset=study&layer=C")
    wait_for_map(page, "study")
    page.locator("#highlight-radio").get_by_text("Tensions", exact=True).click()
    page.wait_for_function("() => location.search.includes('highlight=tensions')")
    expected = SERVICE.map_view(STUDY, ViewState(layer="C", highlight="tensions"))
    lines = {e.id: e.marker for e in expected.edges if e.tension}
    assert len(lines) >= 3
    page.wait_for_function(
        "n => document.getElementById('map')._cyreg.cy.edges('.tension').length === n", arg=len(lines)
    )
    drawn = cy_eval(page, "return cy.edges('.tension').map(e => [e.id(), e.data('marker')])")
    assert dict(drawn) == lines
    assert dict(drawn)["tension--camhs--da_services"] == "tension §6.1 · §6.2 · §6.3"
    holders = {h for t in STUDY.tensions for s in t.sides for h in s.holders}
    lit = set(cy_eval(page, "return cy.nodes('.hl').map(n => n.id())"))
    assert holders <= lit
    assert "health_visitors" in set(cy_eval(page, "return cy.nodes('.dim').map(n => n.id())"))
    panel = page.locator("#highlight-panel")
    panel.get_by_text("§6.1 The problem with 'safety first'").wait_for()
    text = panel.inner_text()
    for tension in STUDY.tensions:
        for side in tension.sides:
            assert side.who in text
    assert "we’re in the game of processing past trauma" in text  # statutory CYPMHS's side, quoted
    assert "The lived experience group's view" in text
    legend = page.locator("#legend").inner_text()
    assert "Tension in perspectives (§6)" in legend
    shot(page, "browser-tensions-highlight")
    assert console_problems(page.console_messages) == []


def test_only_what_the_paper_states(server, page):
    page.goto(server.url + "/?dataset=study&layer=C&select=falls_between_private")
    wait_for_map(page, "study")
    evidence = page.locator("#evidence-panel")
    evidence.get_by_text("Our reading, not stated in the paper…").wait_for()
    every = SERVICE.map_view(STUDY, ViewState(layer="C"))
    inferred = [c.id for c in every.visible_connections if c.basis is Basis.INFERRED]
    marked = cy_eval(page, "return cy.edges('.basis-inferred').map(e => [e.id(), e.style('label')])")
    assert sorted(i for i, _ in marked) == sorted(inferred)
    assert all(label.endswith("◇") for _, label in marked)
    assert "Our reading, not stated in the paper" in page.locator("#legend").inner_text()

    page.get_by_text("Only what the paper states", exact=True).click()
    page.wait_for_function("() => location.search.includes('basis=stated')")
    stated = sorted(c.id for c in every.visible_connections if c.basis is Basis.STATED)
    page.wait_for_function(
        "n => document.getElementById('map')._cyreg.cy.edges().length === n", arg=len(stated)
    )
    assert sorted(cy_eval(page, "return cy.edges().map(e => e.id())")) == stated
    assert cy_eval(page, "return cy.edges('.basis-inferred, .basis-reported').length") == 0
    assert "only what the paper states" in page.locator("#map-caption").inner_text()
    assert "Our reading" not in page.locator("#legend").inner_text()
    shot(page, "browser-stated-only")

    page.reload()  # the filter is in the URL: a link brings it back
    wait_for_map(page, "study")
    assert query(page)["basis"] == "stated"
    page.wait_for_function(
        "n => document.getElementById('map')._cyreg.cy.edges().length === n", arg=len(stated)
    )
    assert page.locator("#basis-filter").is_checked()
    click_item(page, "da_camhs_wall")
    page.wait_for_function("() => location.search.includes('select=da_camhs_wall')")
    evidence.get_by_text("The paper states…").wait_for()
    assert console_problems(page.console_messages) == []
