"""The explorer in a real Chromium against a live server: load, layers, highlights, evidence, URLs."""

from __future__ import annotations

import re

import pytest

from explorer.data.catalog import load_catalog
from explorer.service import MapService
from explorer.view.state import ViewState
from explorer.web import ids
from explorer.web.app import create_app
from tests.browser_support import (
    LiveServer,
    choose,
    click_item,
    console_problems,
    cy_eval,
    query,
    shot,
    wait_for_map,
)

pytestmark = pytest.mark.browser
CATALOG = load_catalog()
SERVICE = MapService(CATALOG)


@pytest.fixture(scope="module")
def server():
    live = LiveServer(create_app())
    yield live
    live.stop()


def test_loads_cleanly_with_legend_and_no_console_errors(server, page):
    page.goto(server.url + "/?dataset=study")
    wait_for_map(page, "study")
    study = CATALOG.datasets["study"]
    assert cy_eval(page, "return cy.nodes(':visible').not('.anchor').length") == len(study.elements)
    assert page.locator("#legend li").count() >= 5
    banner = page.locator("#illustrative-banner")
    assert banner.is_visible() and "Study synthesis" in banner.inner_text()
    assert "ILLUSTRATIVE" not in banner.inner_text()
    shot(page, "load-study")
    assert console_problems(page.console_messages) == []


# Which items each dataset × layer shows is a unit test of the view model (test_view_model.py); here the page
# must draw exactly what the view model says, for a few views that between them hold every kind of item.
@pytest.mark.parametrize(("dataset_id", "layer"), [("study", "all"), ("north", "C"), ("london", "B")])
def test_the_page_draws_what_the_view_model_says(server, page, dataset_id, layer):
    page.goto(f"{server.url}/?dataset={dataset_id}&layer={layer}")
    wait_for_map(page, dataset_id)
    dataset = CATALOG.datasets[dataset_id]
    view = SERVICE.map_view(dataset, ViewState(dataset=dataset_id, layer=layer))
    assert set(cy_eval(page, "return cy.edges().map(e => e.id())")) == {e.id for e in view.edges}
    assert set(cy_eval(page, "return cy.nodes().not('.anchor').map(n => n.id())")) == {
        n.id for n in view.nodes
    }
    banner = page.locator("#illustrative-banner")
    assert banner.is_visible()
    if dataset.is_illustrative:
        assert "ILLUSTRATIVE area map — not a study finding" in banner.inner_text()
    else:
        assert "ILLUSTRATIVE" not in banner.inner_text()
    shot(page, f"layer-{dataset_id}-{layer}")
    assert console_problems(page.console_messages) == []


def test_controls_change_the_view_and_the_url(server, page):
    page.goto(server.url + "/?dataset=study")
    wait_for_map(page, "study")
    page.get_by_text("C · Services", exact=True).click()
    page.wait_for_function("() => location.search.includes('layer=C')")
    page.locator("#highlight-radio").get_by_text("Gaps", exact=True).click()
    page.wait_for_function("() => location.search.includes('highlight=gaps')")
    page.locator("#highlight-panel").get_by_text("Gaps the paper records").wait_for()
    gap_ids = {
        c.id
        for c in CATALOG.datasets["study"].connections
        if c.status.value == "gap" and c.layer.value == "C"
    }
    assert gap_ids, "the study records gaps in layer C"
    highlighted = set(cy_eval(page, "return cy.edges('.hl').map(e => e.id())"))
    assert gap_ids <= highlighted
    dimmed = cy_eval(page, "return cy.edges('.dim').length")
    assert dimmed > 0
    assert cy_eval(page, "return cy.edges('.status-gap').every(e => e.style('line-style') === 'dashed')")
    shot(page, "highlight-gaps")


def test_attendance_highlight_counts_and_patterns(server, page):
    page.goto(server.url + "/?dataset=study&layer=B&highlight=attendance")
    wait_for_map(page, "study")
    study = CATALOG.datasets["study"]
    absent = sum(1 for c in study.connections if c.status.value == "invited_not_attending")
    count = page.locator("#highlight-panel [data-status=invited_not_attending]")
    count.wait_for()
    assert count.inner_text() == f"Invited, does not attend: {absent}"
    styles = cy_eval(
        page,
        "const out = {}; cy.edges('.kind-attends').forEach(e => {"
        " const s = e.classes().find(c => c.startsWith('status-'));"
        " out[s] = e.style('line-style') + ' ' + (e.style('line-dash-pattern') || ''); }); return out;",
    )
    assert len(set(styles.values())) == len(styles), styles  # every status its own pattern
    shot(page, "highlight-attendance")


def test_exclusions_trace_one_group(server, page):
    study = CATALOG.datasets["study"]
    group = next(
        e
        for e in study.elements
        if e.type.value == "population_group"
        and any(c.source == e.id and c.kind.value == "excludes" for c in study.connections)
    )
    page.goto(f"{server.url}/?dataset=study&highlight=exclusions&layer=C")
    wait_for_map(page, "study")
    page.wait_for_selector("#" + ids.EXCLUSION_GROUP_BOX, state="visible")
    choose(page, "#exclusion-group-select", group.label)
    page.wait_for_function(f"() => location.search.includes('group={group.id}')")
    route = {
        c.id for c in study.connections if c.source == group.id and c.kind.value in ("excludes", "falls_to")
    }
    # Before the choice lands every group's exclusions are emphasised; wait until only this group's are.
    page.wait_for_function(
        "([ids, group]) => { const cy = document.getElementById('map')._cyreg.cy;"
        " return ids.every(i => cy.getElementById(i).hasClass('hl'))"
        " && cy.edges('.kind-excludes.hl').every(e => e.source().id() === group); }",
        arg=[sorted(route), group.id],
    )
    others = cy_eval(page, "return cy.edges('.kind-excludes.hl').map(e => e.source().id())")
    assert set(others) == {group.id}
    assert page.locator("#highlight-panel").inner_text().count("Excluded by") == sum(
        1 for c in study.connections if c.source == group.id and c.kind.value == "excludes"
    )
    shot(page, "highlight-exclusions-route")


def test_tap_shows_evidence(server, page):
    study = CATALOG.datasets["study"]
    wall = study.get("da_camhs_wall")  # the paper's main gap: the "wall" between DA services and CAMHS
    page.goto(server.url + "/?dataset=study&layer=C")
    wait_for_map(page, "study")
    click_item(page, wall.id)
    page.wait_for_function(f"() => location.search.includes('select={wall.id}')")
    panel = page.locator("#evidence-panel")
    quote = next(e for e in wall.evidence if e.quote)
    page.wait_for_selector(f"#evidence-panel >> text={quote.citation()}")
    assert quote.quote[:30] in panel.inner_text()
    assert "Gap (missing)" in panel.inner_text()
    shot(page, "evidence-panel")


def test_url_round_trip_and_back_forward(server, page):
    element = next(e for e in CATALOG.datasets["london"].elements if "B" in e.layers)
    url = f"{server.url}/?dataset=london&layer=B&highlight=attendance&select={element.id}"
    page.goto(url)
    wait_for_map(page, "london")
    assert page.locator("#layer-radio input[value=B]").is_checked()
    assert page.locator("#highlight-radio input[value=attendance]").is_checked()
    assert element.label in page.locator("#evidence-panel").inner_text()
    assert cy_eval(page, "return cy.getElementById(arg).hasClass('picked')", element.id)
    page.get_by_text("A · Funding", exact=True).click()
    page.wait_for_function("() => location.search.includes('layer=A')")
    page.go_back()
    page.wait_for_function("() => location.search.includes('layer=B')")
    page.wait_for_function("() => document.querySelector('#layer-radio input[value=B]').checked")
    assert query(page)["highlight"] == "attendance"
    page.go_forward()
    page.wait_for_function("() => document.querySelector('#layer-radio input[value=A]').checked")


def test_positions_identical_across_datasets(server, page):
    page.goto(server.url + "/?dataset=study&layer=C")
    wait_for_map(page, "study")
    script = (
        "const o = {}; cy.nodes().forEach(n => { const p = n.renderedPosition();"
        " o[n.id()] = [Math.round(p.x), Math.round(p.y)]; }); return o;"
    )
    first = cy_eval(page, script)
    for other in ("north", "london", "west"):
        page.goto(f"{server.url}/?dataset={other}&layer=C")
        wait_for_map(page, other)
        again = cy_eval(page, script)
        shared = set(first) & set(again)
        assert len(shared) > 10
        assert {k: again[k] for k in shared} == {k: first[k] for k in shared}


def test_search_centres_and_selects(server, page):
    target = next(e for e in CATALOG.datasets["study"].elements if e.id == "camhs")
    page.goto(server.url + "/?dataset=study")
    wait_for_map(page, "study")
    choose(page, "#search-select", target.label)
    page.wait_for_function(f"() => location.search.includes('select={target.id}')")
    # The centring animates; wait for it to settle rather than sleep (CI machines are slow and shared).
    page.wait_for_function(
        "id => { const cy = document.getElementById('map')._cyreg.cy; const p = cy.getElementById(id).renderedPosition();"
        " return Math.abs(p.x - cy.width() / 2) < 5 && Math.abs(p.y - cy.height() / 2) < 5 && cy.zoom() >= 0.89; }",
        arg=target.id,
        timeout=10000,
    )
    page.locator("#evidence-panel").get_by_text(target.label).first.wait_for()


def test_focus_shows_only_the_neighbourhood(server, page):
    page.goto(server.url + "/?dataset=study&layer=C&focus=camhs&hops=1")
    wait_for_map(page, "study")
    study = CATALOG.datasets["study"]
    neighbours = {"camhs"} | {
        c.target if c.source == "camhs" else c.source
        for c in study.connections
        if "camhs" in (c.source, c.target) and c.layer.value == "C" and not c.cross_layer
    }
    shown = set(cy_eval(page, "return cy.nodes().not('.anchor').map(n => n.id())"))
    assert shown == neighbours


def test_table_view_lists_the_map(server, page):
    page.goto(server.url + "/?dataset=study&layer=C&view=table")
    page.wait_for_selector("#table-elements table")
    study = CATALOG.datasets["study"]
    rows = page.locator("#table-connections tbody tr").count() - 1  # less the header row
    assert rows == sum(1 for c in study.connections if c.layer.value == "C" and not c.cross_layer)
    page.locator("#table-elements th .column-header--sort").first.click()
    labels = page.locator("#table-elements td[data-dash-column=Label]").all_inner_texts()
    assert labels == sorted(labels, key=lambda s: re.sub(r"\W", "", s).lower()) or labels == sorted(labels)
    shot(page, "table-view")


def test_the_map_view_loads_no_plotly_or_table_code_until_a_tab_needs_it(server, page):
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(server.url + "/?dataset=study")
    wait_for_map(page, "study")
    page.wait_for_load_state("networkidle")

    def chunks():
        return {
            name
            for name in ("plotly.min.js", "async-graph.js", "async-table.js")
            if any(name in u for u in loaded)
        }

    assert chunks() == set()
    assert page.locator(f"#{ids.TABLE_ELEMENTS}").count() == 0
    page.locator("#view-tabs").get_by_text("Table", exact=True).click()
    page.wait_for_selector(f"#{ids.TABLE_ELEMENTS} td")
    assert chunks() == {"async-table.js"}
    page.locator("#view-tabs").get_by_text("Matrices", exact=True).click()
    page.locator(f"#{ids.ATTENDANCE_GRAPH} .scatterlayer .point").first.wait_for()
    assert chunks() == {"plotly.min.js", "async-graph.js", "async-table.js"}
    # Drawn once, the table stays: back on the Table tab it is the same element, its rows still there.
    page.locator("#view-tabs").get_by_text("Table", exact=True).click()
    page.wait_for_selector(f"#{ids.TABLE_ELEMENTS} td")
    assert page.locator(f"#{ids.TABLE_ELEMENTS}").count() == 1
    assert console_problems(page.console_messages) == []
