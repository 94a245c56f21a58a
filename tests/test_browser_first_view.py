"""A page opened at a view's URL is drawn from its layout (explorer/web/first_view.py): the map, its captions
and legend are there without a callback, the controls show the URL's view, and the page then works as before."""

from __future__ import annotations

import pytest

from explorer.view.state import ViewState
from explorer.web import ids
from explorer.web.app import create_app
from tests.browser_support import LiveServer, console_problems, cy_eval, query, shot, wait_for_map
from tests.test_browser_restyle import canvas, model, radio, wait_for_canvas

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('first-view-db') / 'workshop.sqlite3'}"
    live = LiveServer(create_app(database_url=url))
    yield live
    live.stop()


def test_a_view_url_opens_drawn_without_the_map_callbacks(server, page):
    posts: list[str] = []
    page.on(
        "request", lambda r: posts.append(r.post_data or "") if "_dash-update-component" in r.url else None
    )
    # As a returning user: the first-open content note floats over the area list (explorer/web/safety.py).
    page.add_init_script("try { localStorage.setItem('explorer.contentNoteSeen', '1'); } catch (e) {}")
    page.goto(f"{server.url}/?dataset=west&highlight=gaps")
    wait_for_map(page, "west")
    page.wait_for_load_state("networkidle")
    state = ViewState(dataset="west", highlight="gaps")
    assert canvas(page) == model(state)
    drawn_by_callbacks = [
        p
        for p in posts
        for part in (ids.MAP_BUNDLE, ids.CAPTION, ids.LEGEND, ids.EVIDENCE, "view-state.data")
        if f'"output":"..{part}' in p.replace(" ", "") or f'"output":"{part}' in p.replace(" ", "")
    ]
    assert drawn_by_callbacks == [], "the page's first view should come in its layout"
    assert page.locator(f"#{ids.HIGHLIGHT} input:checked").get_attribute("value") == "gaps"
    assert page.locator(f"#{ids.LEGEND}").inner_text().strip()
    assert query(page) == {"dataset": "west", "highlight": "gaps"}
    shot(page, "first-view-west-gaps")
    # Then the page works as one drawn by its callbacks: a toggle in the browser, an area from the server.
    page.click(radio(ids.LAYER, "C"))
    wait_for_canvas(page, model(state.with_(layer="C")))
    page.wait_for_function("() => location.search.includes('layer=C')")
    page.locator(f"#{ids.DATASET}").click()
    page.locator("[role=option]:has(input[value='north'])").click()
    page.wait_for_function("() => location.search.includes('dataset=north')")
    wait_for_canvas(page, model(ViewState(dataset="north", layer="C", highlight="gaps")))
    assert cy_eval(page, "return cy.$('.anchor').length") == 2
    assert console_problems(page.console_messages) == []


def test_the_page_loads_without_the_babel_polyfill_and_its_lazy_parts_still_work(server, page):
    """Dash's @babel/polyfill is not served (explorer/web/first_view.py); `regeneratorRuntime`, which Dash's lazy
    components use, is still there (dash-bootstrap-components sets it), and a lazy component draws and works."""
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(f"{server.url}/?dataset=study")
    wait_for_map(page, "study")
    assert [u for u in asked if "/deps/" in u and "react" in u]  # the page's dependencies are asked for...
    assert not [u for u in asked if "polyfill" in u]  # ...but not the polyfill
    assert page.evaluate("() => typeof regeneratorRuntime") == "object"
    page.locator(f"#{ids.DATASET}").click()  # dcc.Dropdown: a lazy component
    page.locator("[role=option]:has(input[value='north'])").click()
    page.wait_for_function("() => location.search.includes('dataset=north')")
    wait_for_map(page, "north")
    assert console_problems(page.console_messages) == []
