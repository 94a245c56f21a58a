"""`python -m explorer.devtools.bench.firstpaint`: the study map's first paint, app against the floor, repeated.

Navigation start to painted (the bench's definition, explorer.devtools.bench.floor.HARNESS_JS), in a fresh
browser context each time (nothing cached), for each app given with `--url` (default: this checkout,
started as `python app.py`) and the floor page painting the same elements and stylesheet, turn about, so
two versions of the app running side by side (`--url http://127.0.0.1:P1 --url http://127.0.0.1:P2`) are
compared under the same load. Prints one JSON object with the load average; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from explorer.devtools.bench.browser import BrowserBench
from explorer.devtools.bench.callbacks import map_states
from explorer.devtools.bench.floor import HARNESS_JS, StaticServer, cytoscape_js, expectation, write_floor
from explorer.devtools.bench.report import emit
from explorer.devtools.bench.server import AppProcess
from explorer.devtools.bench.stats import log, summary


def measure(urls: list[str], dataset: str, repeats: int, cytoscape: str | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return {"skipped": "Debian chromium is not installed"}
    report: dict = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "dataset": dataset,
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    states = map_states(urls[0], [dataset], [])
    expect = expectation([], states[0].elements, states[0].layout.get("padding", 30))
    times: dict[str, list[float]] = {url: [] for url in urls} | {"floor": []}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        folder = Path(tmp)
        shutil.copy(cytoscape_js(cytoscape), folder / "cytoscape.min.js")
        (folder / "harness.js").write_text(HARNESS_JS, encoding="utf-8")
        static = StaticServer(folder)
        bench = BrowserBench(p, chromium)
        report["chromium"] = bench.version
        try:
            size = None
            for n in range(repeats):
                log(f"first paint {n + 1}/{repeats}")
                for url in urls:
                    page, ms = bench.open_app(f"{url}/{states[0].search}", expect)
                    if size is None:
                        size = page.evaluate(
                            "JSON.parse(JSON.stringify(document.getElementById('map').getBoundingClientRect()))"
                        )
                        write_floor(folder, "first", states, size)
                    times[url].append(ms)
                    page.context.close()
                page, ms = bench.open_floor(static, folder, "first", states, size, expect)
                times["floor"].append(ms)
                page.context.close()
        finally:
            bench.close()
            static.stop()
    floor = statistics.median(times["floor"])
    report["first_paint_ms"] = {key: summary(values) for key, values in times.items()}
    report["ratio_p50"] = {url: round(statistics.median(times[url]) / floor, 2) for url in urls}
    report["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explorer.devtools.bench.firstpaint", description=__doc__)
    parser.add_argument("--url", action="append", help="an app already running (repeatable)")
    parser.add_argument("--dataset", default="study")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cytoscape-js", help="cytoscape.min.js for the floor (default: npm pack)")
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args(argv)
    app = None
    try:
        if not args.url:
            with tempfile.TemporaryDirectory() as tmp:
                os.environ.setdefault("EXPLORER_DB_DIR", tmp)
                app = AppProcess()
                report = measure([app.url], args.dataset, args.repeats, args.cytoscape_js)
        else:
            report = measure(args.url, args.dataset, args.repeats, args.cytoscape_js)
    finally:
        if app is not None:
            app.stop()
    emit(report, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
