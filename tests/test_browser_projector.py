"""Projector mode in a real Chromium at a projector's 1280×720: the toggle, the URL, the map's share of the
window, the legend overlay and the evidence card (issue 11, part 2)."""

from __future__ import annotations

import pytest

from explorer.web import ids
from explorer.web.app import create_app
from tests.browser_support import LABEL_PX, LiveServer, open_page, shot, wait_for_map

pytestmark = pytest.mark.browser

MAP_SHARE = """() => {
  const r = document.getElementById('map').getBoundingClientRect();
  const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
  const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
  return (w * h) / (innerWidth * innerHeight);
}"""
ON = "() => document.body.classList.contains('projector-mode')"
OFF = "() => !document.body.classList.contains('projector-mode')"


@pytest.fixture(scope="module")
def server():
    live = LiveServer(create_app())
    yield live
    live.stop()


def rect(page, selector: str) -> dict:
    return page.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }",
        selector,
    )


def inside(inner: dict, outer: dict) -> bool:
    return (
        inner["left"] >= outer["left"] - 1
        and inner["right"] <= outer["right"] + 1
        and inner["top"] >= outer["top"] - 1
        and inner["bottom"] <= outer["bottom"] + 1
    )


def test_the_switch_puts_projector_mode_in_the_url_and_back_takes_it_out(server, page):
    page.goto(f"{server.url}/?dataset=study&layer=C")
    wait_for_map(page, "study")
    assert page.evaluate(MAP_SHARE) < 0.85  # the normal page shares the window with its controls
    page.locator(f"#{ids.PROJECTOR}").check()
    page.wait_for_function("() => new URLSearchParams(location.search).get('projector') === '1'")
    page.wait_for_function(ON)
    wait_for_map(page, "study")
    share = page.evaluate(MAP_SHARE)
    assert share >= 0.85, share
    # The controls fold into one slim bar: a single row, and no taller than a button and its margins.
    assert page.locator(".topbar").bounding_box()["height"] < 50
    assert page.locator(f"#{ids.LAYER}").is_visible() and page.locator(f"#{ids.HIGHLIGHT}").is_visible()
    shot(page, "projector-1280")
    page.go_back()
    page.wait_for_function(OFF)
    page.wait_for_function("() => !location.search.includes('projector')")
    assert not page.locator(f"#{ids.PROJECTOR}").is_checked()
    page.go_forward()
    page.wait_for_function(ON)
    assert page.locator(f"#{ids.PROJECTOR}").is_checked()
    page.locator(f"#{ids.PROJECTOR}").uncheck()  # and off again from the bar itself
    page.wait_for_function(OFF)
    page.wait_for_function("() => !location.search.includes('projector')")


def test_the_legend_floats_over_the_map_and_the_facilitator_can_hide_it(server, page):
    page.goto(f"{server.url}/?dataset=london&layer=C&projector=1")
    page.wait_for_function(ON)
    wait_for_map(page, "london")
    legend = f"#{ids.LEGEND_CARD}"
    page.locator(f"#{ids.LEGEND} .legend-row").first.wait_for()
    assert inside(rect(page, legend), rect(page, "#map"))  # an overlay on the map, not a column beside it
    hide = page.locator(f"#{ids.LEGEND_HIDE}")
    hide.click()
    page.locator(f"#{ids.LEGEND}").wait_for(state="hidden")
    assert hide.get_attribute("aria-pressed") == "true" and hide.inner_text() == "Show legend"
    hide.click()
    page.locator(f"#{ids.LEGEND}").wait_for(state="visible")


def test_the_evidence_is_a_card_over_the_map_once_something_is_picked(server, page):
    page.goto(f"{server.url}/?dataset=study&layer=C&projector=1")
    page.wait_for_function(ON)
    wait_for_map(page, "study")
    card = page.locator(f"#{ids.EVIDENCE_CARD}")
    assert card.is_hidden()  # nothing picked: no empty card over the map
    page.goto(f"{server.url}/?dataset=study&layer=C&projector=1&select=da_services")
    page.wait_for_function(ON)
    card.locator(".panel-title").wait_for()
    assert inside(rect(page, f"#{ids.EVIDENCE_CARD}"), rect(page, "#map"))
    assert page.locator(f"#{ids.NOTES_CARD}").is_hidden()  # the rest of the side panel waits
    shot(page, "projector-evidence")


def test_the_content_note_does_not_push_the_map_down(server, browser):
    """On first open the note floats over the page's foot: the map's box is the same before and after."""
    page = open_page(browser)
    page.goto(f"{server.url}/?dataset=study&layer=C")
    page.locator(f"#{ids.CONTENT_NOTE}").wait_for(state="visible")
    wait_for_map(page, "study")
    before = rect(page, "#map")
    page.locator(f"#{ids.CONTENT_NOTE_CLOSE}").click()
    page.locator(f"#{ids.CONTENT_NOTE}").wait_for(state="hidden")
    assert rect(page, "#map") == before
    # The top bar keeps to two rows at 1280 wide: every control's top is on one of two lines.
    tops = page.evaluate("() => [...document.querySelector('.topbar').children].map(c => c.offsetTop)")
    assert len({round(t / 10) for t in tops}) <= 2, tops
    page.context.close()


@pytest.mark.parametrize(
    ("query", "smallest"),
    [
        # Layer B, whose positions leave its labels room to grow (the label size follows that room):
        ("layer=B&projector=1", 18.0),  # projector mode, read from the back of a room
        ("layer=B", 14.0),  # the normal page
        ("layer=B&projector=1&compare=west", 12.0),  # side by side, each map half the window
    ],
)
def test_rendered_labels_are_the_size_a_room_reads(server, page, query, smallest):
    """Median rendered label size (font-size × zoom, as docs/legibility.md measures it) at 1280×720. The other
    layers reach these sizes only where their positions leave the labels room (docs/legibility.md)."""
    page.goto(f"{server.url}/?dataset=study&{query}")
    wait_for_map(page, "study")
    if "projector" in query:
        page.wait_for_function(ON)
    size = page.evaluate(LABEL_PX)
    assert size >= smallest, size
    if "projector" in query and "compare" not in query:
        assert page.evaluate(MAP_SHARE) >= 0.85


# Both maps side by side: each one's median rendered label size, whether any two of its labels overlap, and
# whether its drawing (nodes with labels) lies inside its box.
SIDE = """ids => ids.map(id => {
  const cy = document.getElementById(id)._cyreg.cy;
  const nodes = cy.nodes(':visible').not('.anchor');
  const px = nodes.map(n => parseFloat(n.style('font-size')) * cy.zoom()).sort((a, b) => a - b);
  const boxes = nodes.map(n => n.renderedBoundingBox({includeLabels: true, includeNodes: false}));
  let overlaps = 0;
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    if (Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) > 1 && Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) > 1) overlaps++;
  }));
  const all = nodes.renderedBoundingBox({includeLabels: true});
  const inside = all.x1 >= 0 && all.y1 >= 0 && all.x2 <= cy.width() && all.y2 <= cy.height();
  return {px: px[Math.floor(px.length / 2)], overlaps: overlaps, inside: inside};
})"""


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("layer", ["A", "B", "C"])
def test_side_by_side_in_projector_mode_keeps_labels_at_12_px(server, browser, size, layer):
    """Side by side each map has half the window, about as tall as wide: a layer's rows are drawn further
    apart there (sizing.side_stretch) so its labels reach 12 px, none over another, both maps whole.
    All does not reach 12 px at 1280×720 (docs/legibility.md)."""
    page = open_page(browser, *size)
    page.goto(f"{server.url}/?dataset=study&layer={layer}&projector=1&compare=london")
    wait_for_map(page, "study")
    page.wait_for_function(ON)
    page.wait_for_function("id => window.explorerFit.fitted(id)", arg=ids.MAP2)
    left, right = page.evaluate(SIDE, [ids.MAP, ids.MAP2])
    for drawn in (left, right):
        assert drawn["px"] >= 12.0, (left, right)
        assert drawn["overlaps"] == 0 and drawn["inside"], (left, right)
    if size == (1280, 720) and layer == "C":
        shot(page, "projector-side-by-side-1280-C")
    page.context.close()
