"""Locust: workshop users toggling areas, layers and highlights through the app's real callback endpoint.

Each simulated user is one browser tab (`explorer.devtools.bench.session.DashSession`): it loads the page, layout and
dependencies, then sends the same `/_dash-update-component` bodies dash-renderer would, following the
callback chain (sync, render, and whatever else the view state sets off). Requests are named
`<toggle> <callback>`, e.g. `area render`.

Run it through `python -m explorer loadtest` (gunicorn, 2 workers, loopback, bounded in time), or by hand:

    locust -f benchmarks/locustfile.py --headless -u 50 -r 10 --run-time 60s --host http://127.0.0.1:8050

With LOADTEST_SAMPLES=FILE, every callback's and every whole toggle's time (ms) goes to FILE as JSON
when the test stops, so the runner can give exact percentiles.
"""

from __future__ import annotations

import json
import os
import random
import time

from locust import FastHttpUser, between, events, task

from explorer.devtools.bench.callbacks import TOGGLES
from explorer.devtools.bench.session import DashSession

JSON = {"Content-Type": "application/json"}
SAMPLES: dict[str, list[float]] = {}
FAILURES: dict[str, int] = {}


@events.request.add_listener
def _record(request_type, name, response_time, exception=None, **_kw):
    if request_type == "POST":
        SAMPLES.setdefault("callback", []).append(response_time)
    if exception is not None:
        FAILURES[name] = FAILURES.get(name, 0) + 1


@events.test_stop.add_listener
def _dump(**_kw):
    path = os.environ.get("LOADTEST_SAMPLES")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"samples": SAMPLES, "failures": FAILURES}, handle)


class WorkshopUser(FastHttpUser):
    """A participant clicking every second or two: area, layer or highlight, at random."""

    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.toggle = "page"
        self.session = DashSession(self._post, self._get, measure_gzip=False)
        self.client.get("/", name="page /")
        self.session.open("?dataset=study")
        options = self.session.props.get("dataset-select.options") or []
        self.datasets = [o["value"] for o in options] or ["study"]

    def _post(self, path: str, body: bytes, name: str) -> tuple[int, bytes]:
        with self.client.post(
            path, data=body, headers=JSON, name=f"{self.toggle} {name}", catch_response=True
        ) as response:
            if response.status_code not in (200, 204):
                response.failure(f"HTTP {response.status_code}")
            return response.status_code, response.content or b""

    def _get(self, path: str) -> bytes:
        response = self.client.get(path, name=f"page {path}")
        return response.content or b""

    def _change(self, toggle: str, key: str, values: list) -> None:
        current = self.session.props.get(key)
        choices = [v for v in values if v != current] or values
        self.toggle = toggle
        start = time.perf_counter()
        self.session.change({key: random.choice(choices)})
        SAMPLES.setdefault(f"toggle {toggle}", []).append((time.perf_counter() - start) * 1000)

    @task
    def area(self) -> None:
        self._change("area", "dataset-select.value", self.datasets)

    @task
    def layer(self) -> None:
        self._change("layer", *TOGGLES["layer"])

    @task
    def highlight(self) -> None:
        self._change("highlight", *TOGGLES["highlight"])
