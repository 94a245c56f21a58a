"""Locust: one facilitator changing the view in a room, and followers' pages polling it (issue 17).

Run through `python -m explorer loadtest --scenario room` (gunicorn, 2 workers, loopback, bounded in time),
which opens the room in the server's database first and passes its code as LOADTEST_ROOM. Each user is one
browser tab (`explorer.devtools.bench.session.DashSession`) sending what dash-renderer would:
- the facilitator (exactly one) opens `/?dataset=…&room=<code>` and changes area, layer or highlight every
  2-4 s; each change runs sync, render and `host`, which publishes the view to the database;
- every follower opens `/room/<code>` and ticks its dcc.Interval once a second (`follow`); when the room
  has a new view the follower's page takes it (sync, render), as a phone would.

With LOADTEST_SAMPLES=FILE, every callback's time (ms), by role, and each follower's lag from a publish to
its page taking the new view go to FILE as JSON when the test stops.
"""

from __future__ import annotations

import json
import os
import random
import time

from locust import FastHttpUser, between, constant, events, task

from explorer.devtools.bench.callbacks import TOGGLES
from explorer.devtools.bench.session import DashSession

JSON = {"Content-Type": "application/json"}
SAMPLES: dict[str, list[float]] = {}
FAILURES: dict[str, int] = {}
PUBLISHED: dict[str, float] = {}  # the facilitator's view (its published query) -> when it was published
ROOM = os.environ.get("LOADTEST_ROOM", "")
AREAS = ["study", "north", "west", "london"]


@events.request.add_listener
def _record(request_type, name, response_time, exception=None, **_kw):
    if request_type == "POST":
        SAMPLES.setdefault("callback", []).append(response_time)
        SAMPLES.setdefault(f"callback {name.split(' ', 1)[0]}", []).append(response_time)
    if exception is not None:
        FAILURES[name] = FAILURES.get(name, 0) + 1


@events.test_stop.add_listener
def _dump(**_kw):
    path = os.environ.get("LOADTEST_SAMPLES")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"samples": SAMPLES, "failures": FAILURES}, handle)


class _Tab(FastHttpUser):
    abstract = True
    role = "tab"

    def _post(self, path: str, body: bytes, name: str) -> tuple[int, bytes]:
        with self.client.post(
            path, data=body, headers=JSON, name=f"{self.role} {name}", catch_response=True
        ) as response:
            if response.status_code not in (200, 204):
                response.failure(f"HTTP {response.status_code}")
            return response.status_code, response.content or b""

    def _get(self, path: str) -> bytes:
        response = self.client.get(path, name=f"page {path.split('?')[0][:30]}")
        return response.content or b""

    def _open(self, pathname: str, search: str) -> None:
        self.session = DashSession(self._post, self._get, measure_gzip=False)
        self.client.get(pathname + search, name=f"page {self.role}")
        self.session.open(search)
        if pathname != "/":
            self.session.change({"url.pathname": pathname})


class Facilitator(_Tab):
    fixed_count = 1
    role = "facilitator"
    wait_time = between(2.0, 4.0)

    def on_start(self) -> None:
        self._open("/", f"?dataset=north&room={ROOM}")

    @task
    def change_view(self) -> None:
        toggles = {**TOGGLES, "area": ("dataset-select.value", AREAS)}
        key, values = toggles[random.choice(list(toggles))]
        current = self.session.props.get(key)
        self.session.change({key: random.choice([v for v in values if v != current] or values)})
        search = self.session.props.get("url.search") or ""
        PUBLISHED[search.replace(f"&room={ROOM}", "").replace(f"room={ROOM}&", "")] = time.perf_counter()


class Follower(_Tab):
    role = "follower"
    wait_time = constant(1.0)  # the page's dcc.Interval

    def on_start(self) -> None:
        self.ticks = 0
        self._open(f"/room/{ROOM}", "")

    @task
    def poll(self) -> None:
        self.ticks += 1
        self.session.change({"room-poll.n_intervals": self.ticks})
        taken = self.session.last.get("url.search")
        if taken and taken in PUBLISHED:
            SAMPLES.setdefault("follow_lag", []).append((time.perf_counter() - PUBLISHED[taken]) * 1000)
