"""`python -m explorer bench [--quick] [--out FILE]`: measure the app the way docs/performance.md reports it.

Prints one JSON object:

* **server**: latency (p50/p95/max, ms) of the callbacks that an area, layer or highlight toggle sets off,
  sent as real HTTP POSTs to `/_dash-update-component` on the app run as `python app.py --port P
  --data DIR` in a subprocess (see server.py), for the shipped study data and for a synthetic 2,000/6,000 map. The
  bodies are what dash-renderer sends: `DashSession` reads `/_dash-layout` and `/_dash-dependencies`,
  keeps every component prop as the browser would, and follows the callbacks a toggle sets off (`sync`
  writes the view state and the key of each part it changed; `render` sends the map bundle only when the
  map's key changed; a layer or highlight toggle of a small map sends none, the browser switches it). Response bytes per toggle, raw and as gzip would send them.
* **browser**: click-to-painted in headless Chromium for an area, a layer and a highlight toggle at study
  size (`browser.study.<toggle>.ratio_p50`), and an area toggle on the 2,000-node map, against the FLOOR: a plain HTML page that loads cytoscape.js 3.28.1
  (the version dash-cytoscape bundles, fetched with `npm pack` into a cache folder) and paints the same
  elements, with the same preset positions, stylesheet and canvas size, in the same browser in the same
  run; the ratio app/floor of the medians. "Painted" means the same for both: the first cytoscape
  `render` event after which the canvas holds the expected elements (count, plus a sample of ids, classes
  and positions that the toggle changes) and is fitted, followed by a double requestAnimationFrame. The
  clock starts at the click's `pointerdown` timestamp. The floor applies a toggle with `cy.json()` (a
  diff by id) in a batch, and lays out again only when the app's layout prop changes. Also the 2,000-node
  map's first paint (navigation start to painted), app and floor.
* **startup_s**: `python app.py --port P` in a subprocess, until `GET /` answers 200.
* **analysis_s**: `explorer.analysis.cache.analyse` on the 2,000-node map, cold and cached.
* **targets**: each target, the measured figure and whether it is met.

`--parts server,browser,startup,analysis` picks what to measure. Figures are for the machine they ran on;
nothing here asserts a time.

Modules: session.py (a small dash-renderer over HTTP), server.py (the app subprocess, start-up),
callbacks.py (server latency), floor.py (the cytoscape.js floor page), browser.py (Chromium timings),
analysis.py, report.py (targets). The bench talks to the app over HTTP only; it imports nothing from the web package.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

from explorer.devtools.bench.analysis import measure_analysis
from explorer.devtools.bench.browser import measure_browser
from explorer.devtools.bench.callbacks import measure_callbacks
from explorer.devtools.bench.floor import bundled_cytoscape_version, cytoscape_js
from explorer.devtools.bench.report import emit, judge
from explorer.devtools.bench.server import AppProcess, measure_startup, synthetic_data_dir
from explorer.devtools.bench.stats import log

QUICK_BUDGET_S = 110  # --quick skips the 2,000-node toggle if it would run past this


def run(args) -> dict:
    from explorer.data.catalog import DEFAULT_DATA_DIR, load_catalog

    quick = args.quick
    parts = set(args.parts.split(","))
    if args.no_browser:
        parts.discard("browser")
    report: dict = {
        "bench": "python -m explorer bench" + (" --quick" if quick else ""),
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "cytoscape_bundled": bundled_cytoscape_version(),
    }
    started = time.perf_counter()
    study_datasets = [d.id for d in load_catalog(DEFAULT_DATA_DIR).maps()]
    with tempfile.TemporaryDirectory() as tmp:
        # The apps' own SQLite database and imports folder, so a bench leaves the instance/ folder alone.
        os.environ.setdefault("EXPLORER_DB_DIR", str(Path(tmp) / "instance"))
        data = synthetic_data_dir(Path(tmp) / "data", args.nodes, args.edges)
        synthetic_datasets = ["synthetic-0", "synthetic-1"]
        # One after the other, so the two apps do not race to set up the shared database.
        synthetic_server = AppProcess(data)
        # Now process start to first answer (it was create_app in the bench's own process).
        report["synthetic_create_app_s"] = round(synthetic_server.started_s, 2)
        try:
            study_server = AppProcess(DEFAULT_DATA_DIR)
        except BaseException:
            synthetic_server.stop()
            raise
        study_server.check_ids()
        # The --quick budget counts from here: two app processes can take many seconds to start on a busy
        # machine, and that should not squeeze out the measurements (create_app in-process took ~1.6 s).
        measuring = time.perf_counter()
        try:
            if "server" in parts:
                report["server"] = {
                    "study": {
                        "datasets": study_datasets,
                        **measure_callbacks(study_server.url, study_datasets, 30 if quick else 200),
                    },
                    "synthetic": {
                        "elements": args.nodes,
                        "connections": args.edges,
                        **measure_callbacks(synthetic_server.url, synthetic_datasets, 6 if quick else 40),
                    },
                }
            # Start-up and analysis before the browser, so a --quick time budget falls on the browser.
            if "startup" in parts:
                log("start-up: python app.py")
                report["startup_s"] = measure_startup(1 if quick else 3)
            if "analysis" in parts:
                log("analysis: cache.analyse on the synthetic map, cold then cached")
                report["analysis_s"] = measure_analysis(args.nodes, args.edges, 30 if quick else None)
            if "browser" in parts:
                try:
                    cytoscape = cytoscape_js(args.cytoscape_js)
                    report["browser"] = measure_browser(
                        study_server.url,
                        synthetic_server.url,
                        study_datasets,
                        synthetic_datasets,
                        counts={
                            "study": (2, 4) if quick else (2, 20),
                            "synthetic": (0, 1) if quick else (2, 4),
                        },
                        cytoscape=cytoscape,
                        restyles=("layer", "highlight"),
                        deadline=measuring + QUICK_BUDGET_S if quick else None,
                    )
                except Exception as exc:  # report, do not lose the other figures
                    traceback.print_exc()
                    report["browser"] = {"error": f"{type(exc).__name__}: {exc}"}
        finally:
            study_server.stop()
            synthetic_server.stop()
    report["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["targets"] = judge(report)
    report["bench_s"] = round(time.perf_counter() - started, 1)
    return report


def _cmd_bench(args) -> int:
    report = run(args)
    emit(report, args.out)
    return 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register `bench` with the `python -m explorer` command line."""
    b = subparsers.add_parser(
        "bench", help="measure callback latency, paint time against the floor, start-up"
    )
    b.add_argument("--quick", action="store_true", help="fewer repeats; under two minutes")
    b.add_argument("--out", help="also write the JSON here")
    b.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    b.add_argument(
        "--parts", default="server,browser,startup,analysis", help="comma-separated subset to measure"
    )
    b.add_argument("--cytoscape-js", help="cytoscape.min.js to use for the floor (default: npm pack)")
    b.add_argument("--nodes", type=int, default=2000, help="synthetic map size (elements)")
    b.add_argument("--edges", type=int, default=6000, help="synthetic map size (connections)")
    b.set_defaults(run=_cmd_bench)
    return b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explorer.devtools.bench")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["bench", *(argv if argv is not None else sys.argv[1:])])
    return args.run(args)
