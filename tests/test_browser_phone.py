"""On a phone (360×740) the map opens at a zoom its labels can be read at, and a tap still selects
(assets/20-fit.js: the fitted wide map would be drawn about 360 × 150 px, its labels 4 px high)."""

from __future__ import annotations

import pytest

from explorer.web import ids
from explorer.web.app import create_app
from tests.browser_support import LABEL_PX, LiveServer, cy_eval, open_page, shot, wait_for_map

pytestmark = pytest.mark.browser

# A node whose place is on the map's canvas, away from its edges, and where it is on the page.
ON_SCREEN = """() => {
  const cy = document.getElementById('map')._cyreg.cy;
  const r = cy.container().getBoundingClientRect();
  const n = cy.nodes(':visible').not('.anchor').filter(n => {
    const p = n.renderedPosition();
    return p.x > 30 && p.x < cy.width() - 30 && p.y > 30 && p.y < cy.height() - 30;
  })[0];
  return n ? [n.id(), r.left + n.renderedPosition().x, r.top + n.renderedPosition().y] : null;
}"""


@pytest.fixture(scope="module")
def server():
    live = LiveServer(create_app())
    yield live
    live.stop()


@pytest.mark.parametrize("layer", ["C", "all"])
def test_a_phone_opens_the_map_at_a_readable_zoom_and_a_tap_selects(server, browser, layer):
    page = open_page(browser, 360, 740, is_mobile=True, has_touch=True)
    try:
        page.goto(f"{server.url}/?dataset=study&layer={layer}")
        page.locator(f"#{ids.CONTENT_NOTE_CLOSE}").tap()
        page.locator(f"#{ids.CONTENT_NOTE}").wait_for(state="hidden")
        wait_for_map(page, "study")
        assert page.evaluate(LABEL_PX) >= 12.0
        # The drawing is bigger than the screen: the person pans to the rest of it.
        drawn = cy_eval(
            page, "const b = cy.nodes(':visible').not('.anchor').renderedBoundingBox(); return b.w;"
        )
        assert drawn > 360
        page.locator(f"#{ids.MAP}").scroll_into_view_if_needed()
        shot(page, f"phone-{layer}")
        found = page.evaluate(ON_SCREEN)
        assert found, "no node on the phone's screen"
        node, x, y = found
        page.touchscreen.tap(x, y)
        page.wait_for_function("id => new URLSearchParams(location.search).get('select') === id", arg=node)
        page.wait_for_function(
            "id => document.getElementById('map')._cyreg.cy.getElementById(id).hasClass('picked')", arg=node
        )
    finally:
        page.context.close()
