"""Click-to-painted in headless Chromium: the app page and the floor page, measured turn about."""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from explorer.devtools.bench.callbacks import MapState, map_states
from explorer.devtools.bench.floor import HARNESS_JS, StaticServer, expectation, write_floor
from explorer.devtools.bench.stats import log, summary
from explorer.devtools.chromium import CHROMIUM_ARGS

VIEWPORT = {"width": 1280, "height": 720}


def _wait_result(page, timeout_ms: float) -> float:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("() => !!window.__benchResult", timeout=timeout_ms, polling=20)
    except PlaywrightTimeout:
        why = page.evaluate("() => window.__benchWhy ? window.__benchWhy() : 'never armed'")
        raise RuntimeError(
            f"{page.url}: not painted as expected after {timeout_ms / 1000:.0f} s: {why}"
        ) from None
    result = page.evaluate("window.__benchResult")
    return result["t1"] - result["t0"]


class BrowserBench:
    """One Chromium; the app page and the floor page, measured turn about."""

    def __init__(self, playwright, chromium: str):
        self.browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        self.version = self.browser.version

    def close(self) -> None:
        self.browser.close()

    def new_page(self):
        context = self.browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.add_init_script(HARNESS_JS)
        # As a returning user: the first-open content note floats over the controls (explorer/web/safety.py).
        page.add_init_script("try { localStorage.setItem('explorer.contentNoteSeen', '1'); } catch (e) {}")
        return page

    # -- the app
    def open_app(self, url: str, expect: dict, timeout_ms: float = 60000) -> tuple[object, float]:
        """Open the app at url; the time from navigation start to the map painted as expected."""
        page = self.new_page()
        page.add_init_script(
            "window.__expect = " + json.dumps(expect) + ";"
            """(() => { const wait = () => { const b = document.getElementById('map');
              if (b && b._cyreg && b._cyreg.cy) { window.__bench.arm(b._cyreg.cy, window.__expect, false); }
              else { setTimeout(wait, 5); } };
            document.addEventListener('DOMContentLoaded', wait); })();"""
        )
        page.goto(url)
        first = _wait_result(page, timeout_ms)
        page.wait_for_timeout(300)
        return page, first

    def app_toggle(self, page, action: Callable, expect: dict, timeout_ms: float = 60000) -> float:
        page.bring_to_front()
        action(
            page,
            arm=lambda: page.evaluate(
                "e => window.__bench.arm(document.getElementById('map')._cyreg.cy, e, true)", expect
            ),
        )
        ms = _wait_result(page, timeout_ms)
        page.wait_for_timeout(250)  # let late callbacks (URL, panels) finish before the next click
        return ms

    # -- the floor
    def open_floor(
        self,
        static: StaticServer,
        folder: Path,
        name: str,
        states: list[MapState],
        size: dict,
        expect: dict,
        timeout_ms: float = 60000,
    ) -> tuple[object, float]:
        page_name = write_floor(folder, name, states, size)
        page = self.new_page()
        page.add_init_script(
            "window.__expect = " + json.dumps(expect) + ";"
            "window.__armFloor = cy => window.__bench.arm(cy, window.__expect, false);"
        )
        page.goto(f"{static.url}/{page_name}")
        first = _wait_result(page, timeout_ms)
        page.wait_for_timeout(300)
        return page, first

    def floor_toggle(self, page, expect: dict, timeout_ms: float = 60000) -> float:
        page.bring_to_front()
        page.evaluate("e => { window.__prepare(); window.__bench.arm(window.__cy, e, true); }", expect)
        page.click("#toggle")
        ms = _wait_result(page, timeout_ms)
        page.wait_for_timeout(50)
        return ms


def pick_dataset(page, dataset_id: str, arm: Callable) -> None:
    page.click("#dataset-select")
    option = page.locator(f"[role=option]:has(input[value='{dataset_id}'])")
    option.wait_for(state="visible")
    arm()
    option.click()


def click_radio(component_id: str, value: str) -> Callable:
    def action(page, arm):
        arm()
        page.click(f"label[for='_dbcprivate_radioitems_{component_id}_input_{value}']")

    return action


def measure_browser(
    study_url: str,
    synthetic_url: str | None,
    study: list[str],
    synthetic: list[str],
    counts: dict,
    cytoscape: Path,
    restyles: tuple[str, ...] = ("layer", "highlight"),
    deadline: float | None = None,
) -> dict:
    """counts: {"study": (warm-up toggles, measured toggles), "synthetic": (...)}."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return {"skipped": "Debian chromium is not installed"}
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        folder = Path(tmp)
        shutil.copy(cytoscape, folder / "cytoscape.min.js")
        (folder / "harness.js").write_text(HARNESS_JS, encoding="utf-8")
        static = StaticServer(folder)
        bench = BrowserBench(p, chromium)
        out["chromium"] = bench.version
        try:
            out["study"] = _browser_scenarios(
                bench, static, folder, study_url, study, *counts["study"], "study", restyles
            )
            if synthetic_url:
                out["synthetic"] = _browser_scenarios(
                    bench,
                    static,
                    folder,
                    synthetic_url,
                    synthetic,
                    *counts["synthetic"],
                    "synthetic",
                    restyles=(),
                    deadline=deadline,
                )
        finally:
            bench.close()
            static.stop()
    return out


def _browser_scenarios(
    bench: BrowserBench,
    static: StaticServer,
    folder: Path,
    base_url: str,
    datasets: list[str],
    warm_up: int,
    toggles: int,
    name: str,
    restyles: tuple[str, ...] = ("layer", "highlight"),
    deadline: float | None = None,
) -> dict:
    """An area toggle, and the restyles asked for: app vs floor, turn about, in one app page.

    With a deadline (a time.perf_counter() value), toggles that would likely run past it are skipped
    (each is estimated to take as long as the first paints did), and the report says so.

    Each scenario goes there and back, so with an even number of toggles the app page is back where it
    started and the next scenario can use it without a reload.
    """
    out: dict = {}
    second = datasets[1] if len(datasets) > 1 else datasets[0]
    scenarios: dict[str, tuple[list[tuple[str, object]], list[Callable]]] = {
        "area": (
            [("dataset-select.value", second)],
            [
                lambda page, arm: pick_dataset(page, second, arm),
                lambda page, arm: pick_dataset(page, datasets[0], arm),
            ],
        ),
        "layer": (
            [("layer-radio.value", "C")],
            [click_radio("layer-radio", "C"), click_radio("layer-radio", "all")],
        ),
        "highlight": (
            [("highlight-radio.value", "gaps")],
            [click_radio("highlight-radio", "gaps"), click_radio("highlight-radio", "none")],
        ),
    }
    app = None
    for scenario, (changes, actions) in scenarios.items():
        if scenario != "area" and scenario not in restyles:
            continue
        log(f"browser: {name} {scenario} toggle, app and floor")
        states = map_states(base_url, datasets, changes)
        padding = [s.layout.get("padding", 30) if s.layout.get("fit") else None for s in states]
        expects = [
            expectation(states[1].elements, states[0].elements, padding[0]),
            expectation(states[0].elements, states[1].elements, padding[1]),
        ]
        if app is None:
            app, app_first = bench.open_app(f"{base_url}/{states[0].search}", expects[0])
            size = app.evaluate(
                "JSON.parse(JSON.stringify(document.getElementById('map').getBoundingClientRect()))"
            )
        floor, floor_first = bench.open_floor(static, folder, f"{name}-{scenario}", states, size, expects[0])
        if scenario == "area":
            out["first_paint_ms"] = {
                "app": round(app_first),
                "floor": round(floor_first),
                "elements": len(states[0].elements),
            }
        app_ms, floor_ms = [], []
        estimate = (app_first + floor_first) / 1000 * (warm_up + toggles)
        if deadline is not None and time.perf_counter() + estimate > deadline:
            out[scenario] = {"skipped": f"time budget: about {estimate:.0f} s more than --quick allows"}
            floor.context.close()
            continue
        for n in range(warm_up + toggles):  # there, back, there...: the first `warm_up` are not counted
            target = (n + 1) % 2
            a = bench.app_toggle(app, actions[n % 2], expects[target])
            f = bench.floor_toggle(floor, expects[target])
            if n >= warm_up:
                app_ms.append(a)
                floor_ms.append(f)
        floor.context.close()
        if (warm_up + toggles) % 2:  # not back where it started: the next scenario needs a fresh page
            app.context.close()
            app = None
        app_median, floor_median = statistics.median(app_ms), statistics.median(floor_ms)
        out[scenario] = {
            "elements": [len(s.elements) for s in states],
            "changed_elements": expects[1]["changed"],
            "app_ms": summary(app_ms),
            "floor_ms": summary(floor_ms),
            "ratio_p50": round(app_median / floor_median, 2) if floor_median else None,
            "map_px": [round(size["width"]), round(size["height"])],
        }
    if app is not None:
        app.context.close()
    return out
