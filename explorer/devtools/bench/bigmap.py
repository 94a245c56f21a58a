"""`python -m explorer.devtools.bench.bigmap`: the 2,000-node map's first paint and area toggle, app and floor.

The same measurement as the bench's synthetic scenario (explorer.devtools.bench.browser: the app started as
`python app.py --data DIR` on two synthetic areas, the floor page painting the render callback's own
elements and stylesheet in the same browser, turn about), on its own, with as many toggles as asked and the
load average before and after, so a change to the big map's drawing can be measured in a few minutes.
The floor gets the app's stylesheet, so when the app draws a big map in less detail the floor does too.

Prints one JSON object; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

from explorer.devtools.bench.browser import BrowserBench, _browser_scenarios
from explorer.devtools.bench.floor import HARNESS_JS, StaticServer, cytoscape_js
from explorer.devtools.bench.report import emit
from explorer.devtools.bench.server import AppProcess, synthetic_data_dir
from explorer.devtools.bench.stats import log


def measure(nodes: int, edges: int, toggles: int, warm_up: int, cytoscape: str | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return {"skipped": "Debian chromium is not installed"}
    report: dict = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "map": {"elements": nodes, "connections": edges},
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    script = cytoscape_js(cytoscape)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("EXPLORER_DB_DIR", str(Path(tmp) / "instance"))
        data = synthetic_data_dir(Path(tmp) / "data", nodes, edges)
        log(f"bigmap: starting the app on {nodes} elements, {edges} connections")
        app = AppProcess(data)
        folder = Path(tmp) / "floor"
        folder.mkdir()
        shutil.copy(script, folder / "cytoscape.min.js")
        (folder / "harness.js").write_text(HARNESS_JS, encoding="utf-8")
        static = StaticServer(folder)
        try:
            with sync_playwright() as p:
                bench = BrowserBench(p, chromium)
                report["chromium"] = bench.version
                try:
                    report["synthetic"] = _browser_scenarios(
                        bench,
                        static,
                        folder,
                        app.url,
                        ["synthetic-0", "synthetic-1"],
                        warm_up,
                        toggles,
                        "synthetic",
                        restyles=(),
                    )
                finally:
                    bench.close()
        finally:
            static.stop()
            app.stop()
    report["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explorer.devtools.bench.bigmap", description=__doc__)
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=6000)
    parser.add_argument("--toggles", type=int, default=2, help="measured area toggles (there and back)")
    parser.add_argument("--warm-up", type=int, default=0, help="toggles before the measured ones")
    parser.add_argument("--cytoscape-js", help="cytoscape.min.js for the floor (default: npm pack)")
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args(argv)
    report = measure(args.nodes, args.edges, args.toggles, args.warm_up, args.cytoscape_js)
    emit(report, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
