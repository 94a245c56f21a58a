"""Comparing areas in a real browser: side by side with one viewport, the diff overlay, matrices, paths."""

from __future__ import annotations

import pytest

from explorer.analysis import cache
from explorer.data.catalog import load_catalog
from explorer.web import ids
from explorer.web.app import create_app
from tests.browser_support import LiveServer, cy_eval, shot, wait_for_map, wait_until_still

pytestmark = pytest.mark.browser
CATALOG = load_catalog()


@pytest.fixture(scope="module")
def server():
    live = LiveServer(create_app())
    yield live
    live.stop()


def viewport(page, map_id: str) -> list[float]:
    return page.evaluate(
        "id => { const cy = document.getElementById(id)._cyreg.cy; const p = cy.pan();"
        " return [cy.zoom(), p.x, p.y]; }",
        map_id,
    )


def test_side_by_side_shares_positions_and_viewport(server, page):
    page.goto(f"{server.url}/?dataset=north&layer=C&compare=london")
    wait_for_map(page, "north")
    page.wait_for_selector("#map-compare-column", state="visible")
    page.wait_for_function(
        "() => { const cy = document.getElementById('map-compare')._cyreg.cy; return cy.nodes().length > 5; }"
    )
    wait_until_still(page, "map-compare")
    assert viewport(page, "map") == pytest.approx(viewport(page, "map-compare"), abs=0.5)
    # Zoom and pan the left map as a person would: wheel over it, then drag.
    box = page.locator("#map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 80, box["y"] + box["height"] / 2 + 40, steps=5)
    page.mouse.up()
    wait_until_still(page, "map")
    wait_until_still(page, "map-compare")
    left, right = viewport(page, "map"), viewport(page, "map-compare")
    assert left[0] > 0.3 and left == pytest.approx(right, abs=0.5)
    shared = cy_eval(page, "return cy.getElementById('camhs').renderedPosition()")
    other = page.evaluate(
        "() => document.getElementById('map-compare')._cyreg.cy.getElementById('camhs').renderedPosition()"
    )
    assert shared == pytest.approx(other, abs=0.5)
    assert "ILLUSTRATIVE" in page.locator("#illustrative-banner").inner_text()
    shot(page, "compare-side-by-side")


def test_diff_overlay_classes_and_counts(server, page):
    page.goto(f"{server.url}/?dataset=north&layer=all&compare=study&mode=diff")
    wait_for_map(page, "north")
    result = cache.diff(CATALOG.datasets["north"], CATALOG.datasets["study"])
    page.wait_for_selector("#highlight-panel [data-diff=only-b]")
    only_b = set(cy_eval(page, "return cy.elements('.diff-only-b').map(e => e.id())"))
    assert only_b == set(result.elements.only_b) | set(result.connections.only_b)
    changed = set(cy_eval(page, "return cy.edges('.diff-changed').map(e => e.id())"))
    assert changed == {c.id for c in result.connections.changed}
    expected = len(result.elements.only_b) + len(result.connections.only_b)
    assert page.locator("#highlight-panel [data-diff=only-b]").inner_text().endswith(f": {expected}")
    styles = cy_eval(
        page,
        "const o = {}; ['only-a','only-b','changed','same'].forEach(k => { const e = cy.edges('.diff-' + k);"
        " if (e.length) o[k] = e[0].style('line-style') + e[0].style('line-color'); }); return o;",
    )
    assert len(set(styles.values())) == len(styles), styles
    shot(page, "compare-diff")


def test_a_dataset_compared_with_itself_falls_back_to_the_plain_map(server, page):
    # There is nothing to compare, so the app drops the comparison (the empty diff itself is a unit test in
    # test_diff.py); the page must say so in the URL and the controls, not draw a diff view.
    page.goto(f"{server.url}/?dataset=west&layer=C&compare=west&mode=diff")
    wait_for_map(page, "west")
    page.wait_for_function("() => !new URLSearchParams(location.search).has('compare')")
    assert page.locator("#map-compare-column").is_hidden()
    assert "Differences" not in page.locator("#map-caption").inner_text()
    assert cy_eval(page, "return cy.elements('[diff]').length + cy.elements('.diff-same').length") == 0


def test_clicking_an_attendance_cell_shows_the_link_on_the_map(server, page):
    page.goto(f"{server.url}/?dataset=study&view=matrix")
    graph = page.locator("#attendance-matrix")
    graph.locator(".scatterlayer .point").first.wait_for()
    shot(page, "attendance-matrix")
    # A click lands only once plotly has drawn the figure and Dash has bound its click handler to it.
    page.wait_for_function(
        "() => { const g = document.querySelector('#attendance-matrix .js-plotly-plot');"
        " return !!(g && g._fullLayout && g._ev) && !document.querySelector('[data-dash-is-loading]'); }"
    )
    point = graph.locator(".scatterlayer .point").first
    point.click(force=True)
    page.wait_for_function(
        "() => location.search.includes('view=') === false && location.search.includes('select=')"
    )
    params = dict(p.split("=") for p in page.url.split("?")[1].split("&"))
    dataset = CATALOG.datasets[params["dataset"]]
    link = dataset.get(params["select"])
    assert link is not None and link.kind.value == "attends"
    wait_for_map(page, dataset.id)
    assert cy_eval(page, "return cy.getElementById(arg).hasClass('picked')", link.id)
    assert "Attendance" in page.locator("#highlight-radio .active").inner_text()


def test_shortest_path_is_drawn(server, page):
    route = cache.shortest_path(CATALOG.datasets["study"], "da_services", "camhs", ["C"])
    assert route is not None and len(route.nodes) >= 3, "the wall means the route goes round"
    page.goto(f"{server.url}/?dataset=study&layer=C&view=analysis&path=da_services%2Ccamhs")
    page.wait_for_selector("#" + ids.PATH_STEPS)
    steps = page.locator("#" + ids.PATH_STEPS).inner_text()
    for node in route.nodes:
        assert CATALOG.datasets["study"].element(node).label in steps
    assert page.locator(f"#{ids.BROKER_LIST} li").count() >= 1
    shot(page, "analysis-path")
    page.locator("#view-tabs").get_by_text("Map", exact=True).click()
    wait_for_map(page, "study")
    emphasised = set(cy_eval(page, "return cy.elements('.hl').map(e => e.id())"))
    assert set(route.nodes) | set(route.connections) == emphasised
