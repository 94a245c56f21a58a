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
