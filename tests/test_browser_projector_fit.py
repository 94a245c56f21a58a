"""Projector mode leaves the map's labels uncovered (issue 11): the legend, the evidence card and the content
note lie in a part of the map the fit leaves free (assets/20-fit.js), beside the drawing or below it."""

from __future__ import annotations

import pytest

from explorer.view.styles import FIT_PADDING
from explorer.web import ids
from explorer.web.app import create_app
from tests.browser_support import LiveServer, open_page, shot, wait_for_map

pytestmark = pytest.mark.browser

# Every visible element's label box against every shown overlay's box, in page px.
COVERED = """overlays => {
  const cy = document.getElementById('map')._cyreg.cy;
  const r = cy.container().getBoundingClientRect();
  const boxes = overlays.map(id => document.getElementById(id)).filter(e => e && e.getClientRects().length)
    .map(e => [e.id, e.getBoundingClientRect()]);
  const hits = [];
  cy.nodes(':visible').not('.anchor').forEach(n => {
    const b = n.renderedBoundingBox({includeLabels: true});
    const x1 = r.left + b.x1, x2 = r.left + b.x2, y1 = r.top + b.y1, y2 = r.top + b.y2;
    boxes.forEach(([id, o]) => {
      if (x1 < o.right && x2 > o.left && y1 < o.bottom && y2 > o.top) hits.push([n.id(), id]);
    });
  });
  return {hits: hits, shown: boxes.map(b => b[0])};
}"""
OVERLAYS = [ids.LEGEND_CARD, ids.EVIDENCE_CARD, ids.CONTENT_NOTE]
# The drawing's share of the window's width and height (nodes with their labels).
DRAWN = """() => {
  const cy = document.getElementById('map')._cyreg.cy;
  const b = cy.nodes(':visible').not('.anchor').renderedBoundingBox({includeLabels: true});
  return [b.w / innerWidth, b.h / innerHeight];
}"""


@pytest.fixture(scope="module")
def server():
    live = LiveServer(create_app())
    yield live
    live.stop()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("layer", ["C", "all"])
def test_no_overlay_covers_a_label_and_the_note_leaves_the_map_alone(server, browser, size, layer):
    page = open_page(browser, *size)  # a fresh browser: the content note shows
    try:
        page.goto(f"{server.url}/?dataset=study&layer={layer}&projector=1&select=da_services")
        page.locator(f"#{ids.CONTENT_NOTE}").wait_for(state="visible")
        page.locator(f"#{ids.EVIDENCE_CARD} .panel-title").wait_for()
        wait_for_map(page, "study")
        seen = page.evaluate(COVERED, OVERLAYS)
        assert set(seen["shown"]) == set(OVERLAYS), seen["shown"]  # all three are on screen
        assert seen["hits"] == [], seen["hits"]
        shot(page, f"projector-{layer}-{size[0]}-note")
        page.locator(f"#{ids.CONTENT_NOTE_CLOSE}").click()
        page.locator(f"#{ids.CONTENT_NOTE}").wait_for(state="hidden")
        wait_for_map(page, "study")
        seen = page.evaluate(COVERED, OVERLAYS)
        assert seen["hits"] == [] and len(seen["shown"]) == 2, seen
        # The drawing takes the window's free room in one direction (the legend and evidence take the rest).
        wide, tall = page.evaluate(DRAWN)
        assert max(wide, tall) > 0.7, (wide, tall)
        # With nothing picked, hiding the legend gives its room back to the map, and no label is under the button.
        page.goto(f"{server.url}/?dataset=study&layer={layer}&projector=1")
        page.locator(f"#{ids.LEGEND} .legend-row").first.wait_for()
        wait_for_map(page, "study")
        before = page.evaluate("() => document.getElementById('map')._cyreg.cy.zoom()")
        page.locator(f"#{ids.LEGEND_HIDE}").click()
        page.locator(f"#{ids.LEGEND}").wait_for(state="hidden")
        # Nothing is left over the map: it is fitted again, its anchors spanning the whole box less the padding
        # in one direction, at a zoom no smaller than before.
        page.wait_for_function(
            """([z, pad]) => { const cy = document.getElementById('map')._cyreg.cy;
                 const r = cy.$('.anchor').renderedBoundingBox();
                 const whole = Math.abs(r.w - (cy.width() - 2 * pad)) < 2 || Math.abs(r.h - (cy.height() - 2 * pad)) < 2;
                 return whole && cy.zoom() >= z * 0.999 && window.explorerFit.fitted('map'); }""",
            arg=[before, FIT_PADDING],
        )
        assert page.evaluate(COVERED, OVERLAYS)["hits"] == []
        shot(page, f"projector-{layer}-{size[0]}")
    finally:
        page.context.close()


def test_side_by_side_the_legend_strip_covers_neither_map(server, page):
    page.goto(f"{server.url}/?dataset=study&layer=B&projector=1&compare=west")
    wait_for_map(page, "study")
    page.wait_for_function("id => window.explorerFit.fitted(id)", arg=ids.MAP2)
    page.locator(f"#{ids.LEGEND} .legend-row").first.wait_for()
    assert not page.evaluate("() => document.body.classList.contains('map-side')")  # the strip spans both
    assert page.evaluate(COVERED, OVERLAYS)["hits"] == []
    # Both maps keep one viewport: the same place on screen in both areas.
    same = page.evaluate(
        "id => { const a = document.getElementById('map')._cyreg.cy, b = document.getElementById(id)._cyreg.cy;"
        " return Math.abs(a.zoom() - b.zoom()) < 1e-9 && Math.abs(a.pan().x - b.pan().x) < 0.5 && Math.abs(a.pan().y - b.pan().y) < 0.5; }",
        ids.MAP2,
    )
    assert same
