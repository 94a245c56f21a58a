"""Every host sees the same imported maps: two app processes, each with its own instance folder, on one
PostgreSQL. A map imported through one is listed and explored through the other (issue 14).

Needs TEST_DATABASE_URL (a PostgreSQL server); skips without it locally and fails under CI.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import pytest

from explorer.store import db
from explorer.view.bundle import bundle_payload
from tests.conftest import REPO
from tests.dash_http import call, get_json
from tests.test_store_postgres import drop_schema, postgres_url, schema_url

SERVE = """
import sys
from explorer.web.app import create_app
create_app().run(host="127.0.0.1", port=int(sys.argv[1]), debug=False)
"""
KUMU = {
    "elements": [{"label": "Shared hub", "type": "service"}, {"label": "GP practice", "type": "service"}],
    "connections": [{"from": "Shared hub", "to": "GP practice", "type": "refers"}],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(url: str, instance) -> tuple[subprocess.Popen, str]:
    # Separate instance folders (and the imports folder older versions kept files in), one database.
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "EXPLORER_DB_DIR": str(instance),
        "EXPLORER_IMPORTS_DIR": str(instance / "imports"),
    }
    for name in ("EXPLORER_FACILITATORS", "EXPLORER_VIEWERS"):
        env.pop(name, None)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return process, f"http://127.0.0.1:{port}"


def wait_up(process: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            pytest.fail(f"the app did not start: {process.stderr.read()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail("the app did not answer within 120 s")
            time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def app_processes(url: str, folder, names: tuple[str, ...]):
    """App processes on one database, each with its own instance folder under `folder`: their addresses."""
    db.get_engine(url)  # migrate once, before any process starts
    db.dispose(url)
    hosts = [start(url, folder / name) for name in names]
    try:
        for process, address in hosts:
            wait_up(process, address)
        yield [address for _, address in hosts]
    finally:
        for process, _ in hosts:
            stop(process)


@pytest.fixture
def two_hosts(tmp_path):
    base = postgres_url()
    url, schema = schema_url(base)
    try:
        with app_processes(url, tmp_path, ("host-a", "host-b")) as addresses:
            yield addresses
    finally:
        drop_schema(base, schema)


def test_an_import_on_one_host_is_explorable_on_the_other(two_hosts):
    a, b = two_hosts
    upload = "data:application/json;base64," + base64.b64encode(json.dumps(KUMU).encode()).decode()
    files = {("import-upload", "contents"): [upload], ("import-upload", "filename"): ["Shared area.json"]}
    # The upload shows a preview; the confirm loads it, with the guessed mapping (no choices changed).
    previewed = call(a, ("import-upload", "contents"), files, wants="import-preview.is_open")
    assert previewed.get("import-preview.is_open") is True, previewed
    sent = call(
        a,
        ("import-confirm", "n_clicks"),
        {**files, ("import-confirm", "n_clicks"): 1},
        wants="dataset-select.options",
    )
    imported = next(v for k, v in sent.items() if k.startswith("dataset-select.value"))
    assert imported.startswith("imported-shared-area-"), sent

    layout = json.dumps(get_json(b + "/_dash-layout"))
    assert imported in layout and "Shared area (imported)" in layout  # host B lists it on a fresh page

    # Host B opens ?dataset=<the import> rather than falling back to the study, and draws its elements.
    synced = call(
        b, ("url", "search"), {("url", "search"): f"?dataset={imported}&layer=all"}, wants="view-state.data"
    )
    state = synced["view-state.data"]
    assert state["dataset"] == imported, state
    # The map part redraws when the URL sync sets its key; the state itself is read alongside.
    key = ("part-map", "data")
    drawn = call(
        b, key, {key: synced.get("part-map.data", 1), ("view-state", "data"): state}, wants="map-bundle.data"
    )
    shown = bundle_payload(drawn["map-bundle.data"], state["layer"], state["highlight"])[0]
    labels = {e["data"].get("label") for e in shown if "source" not in e["data"]}
    assert {"Shared hub", "GP practice"} <= labels, labels
