"""Compressed responses (explorer.web.compression): the page, the bundles and the callbacks' JSON, with the
security headers still on them, in the test client and under gunicorn."""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from explorer.view.state import ViewState
from explorer.web.app import create_app
from explorer.web.compression import StaticCache

pytestmark = pytest.mark.usefixtures("dash_registry")  # tests/conftest.py

REPO = Path(__file__).resolve().parents[1]
GZIP = {"Accept-Encoding": "gzip"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'explorer.sqlite3'}"
    return create_app(database_url=url).server.test_client()


def _bundle(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return next(
        part.split('"')[0]
        for part in page.split('<script src="')[1:]
        if part.startswith("/_dash-component-suites/dash_cytoscape/")
    )


def test_the_page_is_compressed_and_keeps_its_security_headers(client):
    plain = client.get("/")
    response = client.get("/", headers=GZIP)
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    page = gzip.decompress(response.get_data())
    assert b"react-entry-point" in page
    assert abs(len(page) - len(plain.get_data())) < 100  # the same page (each carries its own random end id)
    assert len(response.get_data()) < len(plain.get_data()) / 3
    assert response.headers["Content-Security-Policy"] == plain.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_client_that_asks_for_no_encoding_gets_plain_bytes(client):
    response = client.get("/", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert b"react-entry-point" in response.get_data()


def test_the_best_encoding_the_browser_accepts_is_chosen(client):
    response = client.get(_bundle(client), headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert response.headers["Content-Encoding"] in ("zstd", "br")


def test_a_bundle_is_compressed_once_and_kept(client):
    path = _bundle(client)
    first = client.get(path, headers=GZIP)
    second = client.get(path, headers=GZIP)
    assert first.headers["Content-Encoding"] == "gzip"
    assert first.get_data() == second.get_data()
    assert b"cytoscape" in gzip.decompress(first.get_data())
    cache = client.application.extensions["explorer.compression"].cache
    assert any(key.partition(";")[2].startswith(path) for key in cache.data)


def test_only_bundles_are_kept():
    cache = StaticCache()
    cache.set("gzip;/_dash-update-component?", b"x")
    cache.set("gzip;/_dash-component-suites/dash/a.v1.js?", b"y")
    assert cache.get("gzip;/_dash-update-component?") is None
    assert cache.get("gzip;/_dash-component-suites/dash/a.v1.js?") == b"y"


def _map_body(client, state: ViewState | None = None) -> dict:
    """The request dash-renderer sends for the map part: the server answers with the map's bundle (every
    layer and highlight; the browser picks the view, assets/35-map-restyle.js)."""
    spec = next(s for s in client.get("/_dash-dependencies").get_json() if "map-bundle.data" in s["output"])
    outputs = [
        {"id": part.rpartition(".")[0], "property": part.rpartition(".")[2]}
        for part in spec["output"].strip(".").split("...")
    ]
    return {
        "output": spec["output"],
        "outputs": outputs,
        "inputs": [{"id": "part-map", "property": "data", "value": "k"}],
        "state": [
            {"id": "view-state", "property": "data", "value": (state or ViewState()).to_store()},
            {"id": "map-bundles-held", "property": "data", "value": None},  # the browser holds no bundle yet
        ],
        "changedPropIds": ["part-map.data"],
    }


def test_a_callback_answer_is_compressed(client):
    body = json.dumps(_map_body(client))
    headers = {"Content-Type": "application/json"}
    plain = client.post("/_dash-update-component", data=body, headers=headers)
    response = client.post("/_dash-update-component", data=body, headers=headers | GZIP)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    answer = json.loads(gzip.decompress(response.get_data()))
    assert answer == plain.get_json()
    assert answer["response"]["map-bundle"]["data"]["elements"]
    assert len(response.get_data()) < len(plain.get_data()) / 4


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_compressed_responses(tmp_path):
    port = _free_port()
    env = dict(os.environ, EXPLORER_DB_DIR=str(tmp_path))
    command = [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}"]
    help_text = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--help"], capture_output=True, text=True, check=False
    ).stdout
    command += ["--no-control-socket"] if "--no-control-socket" in help_text else []
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [*command, "explorer.web.wsgi:server"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers=GZIP)
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    encoding = response.headers["Content-Encoding"]
                    csp = response.headers["Content-Security-Policy"]
                    text = gzip.decompress(response.read()).decode("utf-8")
                    break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.2)
        assert encoding == "gzip"
        assert "script-src 'self' 'sha256-" in csp
        assert "react-entry-point" in text
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
