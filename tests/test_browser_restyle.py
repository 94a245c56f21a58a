"""Highlight and layer toggles among a loaded map's views are drawn in the browser (assets/35-map-restyle.js),
without a server round trip: the map changes while every request to the server is held back, it changes to
exactly what the view model draws for that view, and the map part's callback is not asked for at all."""

from __future__ import annotations

import json
import re

import pytest

from explorer.data.catalog import load_catalog
from explorer.service import MapService
from explorer.view.legend import legend_entries, legend_rows
from explorer.view.state import ViewState
from explorer.web import ids
from explorer.web.app import create_app
from tests.browser_support import LiveServer, console_problems, cy_eval, query, shot, wait_for_map

pytestmark = pytest.mark.browser
SERVICE = MapService(load_catalog())
UPDATE = re.compile(r"/_dash-update-component(\?|$)")  # Dash may add a query (?endId=…)


def release_held(page, held: list, released: list, what: str) -> None:
    """Wait for the URL sync's request, held back by the test's route (it reaches the route a little after
    the click or pick), then let it and every later request through."""
    for _ in range(200):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, f"{what} should have sent the URL sync (held back here)"
    released.append(True)
    for route in held:
        route.continue_()


@pytest.fixture(scope="module")
def server():
    live = LiveServer(create_app())
    yield live
    live.stop()


def radio(component_id: str, value: str) -> str:
    return f"label[for='_dbcprivate_radioitems_{component_id}_input_{value}']"


def canvas(page) -> dict[str, str]:
    """What cytoscape holds: each element's sorted classes."""
    return dict(
        cy_eval(page, "return cy.elements().map(e => [e.id(), e.classes().slice().sort().join(' ')])")
    )


def model(state: ViewState) -> dict[str, str]:
    view = SERVICE.map_view(SERVICE.dataset(state.dataset), state)
    return {e["data"]["id"]: " ".join(sorted(e.get("classes", "").split())) for e in view.elements}


def wait_for_legend(page, state: ViewState) -> None:
    """The legend the browser drew from the bundle: the server's rows for that view, text and swatch."""
    view = SERVICE.map_view(SERVICE.dataset(state.dataset), state)
    rows = legend_rows(legend_entries(view, state.highlight))
    page.wait_for_function(
        """rows => { const items = [...document.querySelectorAll('#legend li.legend-row')];
             return items.length === rows.length && items.every((li, i) =>
               li.innerText.trim() === rows[i][0] && (li.querySelector('img') || {}).src === (rows[i][1] || undefined)); }""",
        arg=rows,
        timeout=10000,
    )


def wait_for_canvas(page, expected: dict[str, str]) -> None:
    page.wait_for_function(
        """expected => { const cy = document.getElementById('map')._cyreg.cy;
             if (cy.elements().length !== Object.keys(expected).length) return false;
             return cy.elements().every(e => expected[e.id()] === e.classes().slice().sort().join(' ')); }""",
        arg=expected,
        timeout=10000,
    )


def bundle_requests(posts: list[str]) -> list[str]:
    return [p for p in posts if f'"{ids.MAP_BUNDLE}.data' in p or f"{ids.MAP_BUNDLE}.data" in p]


@pytest.mark.parametrize(
    ("control", "value", "change"),
    [
        (ids.HIGHLIGHT, "gaps", {"highlight": "gaps"}),
        (ids.LAYER, "C", {"layer": "C"}),
        (ids.HIGHLIGHT, "tensions", {"highlight": "tensions"}),
    ],
)
def test_a_toggle_draws_the_view_while_the_server_is_held_back(server, page, control, value, change):
    page.goto(f"{server.url}/?dataset=north")
    wait_for_map(page, "north")
    page.wait_for_load_state("networkidle")
    posts: list[str] = []
    page.on(
        "request", lambda r: posts.append(r.post_data or "") if "_dash-update-component" in r.url else None
    )
    held, released = [], []

    def hold(route):  # nothing reaches the server, nothing comes back, until released
        route.continue_() if released else held.append(route)

    page.route(UPDATE, hold)
    page.click(radio(control, value))
    after = ViewState(dataset="north").with_(**change)
    wait_for_canvas(page, model(after))
    release_held(page, held, released, "the click")
    page.wait_for_function(f"() => location.search.includes('{value}')", timeout=10000)
    page.wait_for_load_state("networkidle")
    assert bundle_requests(posts) == [], "the map part's callback ran for a toggle the browser draws itself"
    assert canvas(page) == model(after)
    wait_for_legend(page, after)
    assert query(page)[next(iter(change))] == value
    shot(page, f"restyle-{value}")
    assert console_problems(page.console_messages) == []


def test_back_and_forward_and_a_fresh_load_agree_with_the_clicked_view(server, page):
    page.goto(f"{server.url}/?dataset=study")
    wait_for_map(page, "study")
    page.click(radio(ids.LAYER, "B"))
    page.wait_for_function("() => location.search.includes('layer=B')", timeout=10000)
    page.click(radio(ids.HIGHLIGHT, "attendance"))
    page.wait_for_function("() => location.search.includes('attendance')", timeout=10000)
    clicked = ViewState(layer="B", highlight="attendance")
    wait_for_canvas(page, model(clicked))
    positions = cy_eval(page, "return cy.nodes().map(n => [n.id(), n.position()])")
    page.go_back()
    wait_for_canvas(page, model(ViewState(layer="B")))
    assert page.locator(f"#{ids.HIGHLIGHT} input:checked").get_attribute("value") == "none"
    page.go_forward()
    wait_for_canvas(page, model(clicked))
    fresh = page.context.new_page()
    fresh.goto(f"{server.url}/?dataset=study&layer=B&highlight=attendance")
    wait_for_map(fresh, "study")
    wait_for_canvas(fresh, model(clicked))
    assert json.dumps(sorted(positions)) == json.dumps(
        sorted(cy_eval(fresh, "return cy.nodes().map(n => [n.id(), n.position()])"))
    )
    fresh.close()


def test_a_tap_marks_the_picked_item_and_a_highlight_keeps_it(server, page):
    page.goto(f"{server.url}/?dataset=study&select=gp_practices")
    wait_for_map(page, "study")
    wait_for_canvas(page, model(ViewState(select="gp_practices")))
    page.click(radio(ids.HIGHLIGHT, "gaps"))
    wait_for_canvas(page, model(ViewState(select="gp_practices", highlight="gaps")))
    assert "picked" in canvas(page)["gp_practices"]


def store_data(page, component_id: str):
    """A store's data as dash-renderer holds it."""
    return page.evaluate(
        """id => { const s = window.store.getState(); let node = s.layout;
             for (const k of s.paths.strs[id]) node = node[k]; return node.props.data; }""",
        component_id,
    )


def pick_area(page, area: str) -> None:
    page.click(f"#{ids.DATASET}")
    page.locator(f"[role=option]:has(input[value='{area}'])").click()


def test_an_area_pick_among_areas_fetched_ahead_is_drawn_while_the_server_is_held_back(server, page):
    """Once the map has painted, the page fetches the other shipped areas' bundles; picking one draws it at once,
    and when the URL sync answers, the server sends no bundle for it (the page said it holds it)."""
    page.add_init_script("try { localStorage.setItem('explorer.contentNoteSeen', '1'); } catch (e) {}")
    page.goto(f"{server.url}/?dataset=study&layer=B&highlight=gaps")
    wait_for_map(page, "study")
    areas = [d.id for d in SERVICE.catalog.maps()]
    page.wait_for_function(
        f"n => {{ const s = window.store.getState(); let node = s.layout;"
        f" for (const k of s.paths.strs['{ids.BUNDLES_HELD}']) node = node[k];"
        f" return (node.props.data || []).length >= n; }}",
        arg=len(areas),
    )
    page.wait_for_load_state("networkidle")
    responses: list = []
    page.on("response", lambda r: responses.append(r) if "_dash-update-component" in r.url else None)
    held, released = [], []
    page.route(UPDATE, lambda route: route.continue_() if released else held.append(route))
    pick_area(page, "west")
    west = ViewState(dataset="west", layer="B", highlight="gaps")
    wait_for_canvas(page, model(west))
    release_held(page, held, released, "the pick")
    held.clear()
    page.wait_for_function("() => location.search.includes('dataset=west')", timeout=10000)
    page.locator(f"#{ids.CAPTION}", has_text=SERVICE.dataset("west").name).wait_for()
    page.wait_for_load_state("networkidle")
    answers = [r.text() for r in list(responses) if r.status == 200]
    assert answers, "the URL sync and the parts it changed should have answered"
    assert not [a for a in answers if f'"{ids.MAP_BUNDLE}"' in a], "the server sent a bundle the page holds"
    assert canvas(page) == model(west)
    wait_for_legend(page, west)
    # The area drawn from what was fetched ahead switches its own layers in the browser too, and goes back.
    page.click(radio(ids.LAYER, "C"))
    wait_for_canvas(page, model(west.with_(layer="C")))
    pick_area(page, "study")
    wait_for_canvas(page, model(ViewState(layer="C", highlight="gaps")))
    page.wait_for_function("() => location.search.includes('dataset=study')", timeout=10000)
    page.go_back()
    wait_for_canvas(page, model(west.with_(layer="C")))
    page.wait_for_load_state("networkidle")
    # By keyboard (the options are radio inputs that arrows move between; Enter picks), the server held back.
    released.clear()
    other = next(a for a in areas if a not in ("study", "west"))
    page.focus(f"#{ids.DATASET}")
    page.keyboard.press("Enter")
    page.focus(f"[role=option] input[value='{other}']")
    page.keyboard.press("Enter")
    wait_for_canvas(page, model(west.with_(dataset=other, layer="C")))
    released.append(True)
    for route in held:
        route.continue_()
    shot(page, "restyle-area-west")
    assert console_problems(page.console_messages) == []


def test_a_view_shown_again_is_drawn_at_its_own_places(server, page):
    """cytoscape moves the position objects it was given in place: a view drawn a second time must not come
    back with the places of the view shown in between."""
    page.goto(f"{server.url}/?dataset=study")
    wait_for_map(page, "study")
    for layer in ("C", "all", "C", "all"):
        page.click(radio(ids.LAYER, layer))
        state = ViewState(layer=layer)
        wait_for_canvas(page, model(state))
        view = SERVICE.map_view(SERVICE.dataset("study"), state)
        places = {e["data"]["id"]: e["position"] for e in view.elements if "position" in e}
        page.wait_for_function(
            """places => { const cy = document.getElementById('map')._cyreg.cy;
                 return Object.entries(places).every(([id, p]) => { const q = cy.getElementById(id).position();
                   return Math.abs(q.x - p.x) < 0.5 && Math.abs(q.y - p.y) < 0.5; }); }""",
            arg=places,
            timeout=10000,
        )
