"""HTTP hardening (explorer.web.security): headers and a CSP on the page, 413 for oversized bodies."""

from __future__ import annotations

import base64
import hashlib
import re

import dash
import pytest
from dash import html

from explorer.web.app import create_app
from explorer.web.security import MAX_CONTENT_LENGTH, harden

pytestmark = pytest.mark.usefixtures("dash_registry")  # tests/conftest.py


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy header as {directive: sources}."""
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


def inline_scripts(page: str) -> list[str]:
    """The bodies of the page's executable inline scripts (no src, not a JSON data block, not commented out
    like Dash's `<!--[if IE]>` warning)."""
    page = re.sub(r"<!--.*?-->", "", page, flags=re.S)
    out = []
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S):
        if "src=" in attrs or "application/json" in attrs:
            continue
        out.append(body)
    return out


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@pytest.fixture(scope="module")
def client():
    app = create_app()
    harden(app, debug=False)
    return app.server.test_client()


def test_the_page_carries_the_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP on a workshop network
    csp = policy(response)
    assert csp["default-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert csp["img-src"] == "'self' data:"  # legend swatches are data: URIs
    assert "'unsafe-inline'" in csp["style-src"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert "http" not in response.headers["Content-Security-Policy"]  # no CDN: every asset is local


def test_every_inline_script_of_the_page_is_allowed_by_its_hash(client):
    response = client.get("/")
    scripts = inline_scripts(response.get_data(as_text=True))
    assert scripts, "Dash writes at least the renderer's start-up inline"
    allowed = policy(response)["script-src"].split()
    for body in scripts:
        assert sha256(body) in allowed, body[:80]


def test_script_sources_are_local(client):
    page = client.get("/").get_data(as_text=True)
    sources = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert sources and all(src.startswith("/") for src in sources)


def test_other_responses_carry_the_headers_too(client):
    response = client.get("/_dash-layout")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response.headers


def test_an_oversized_body_is_refused_with_413(client):
    body = b"{" + b" " * (MAX_CONTENT_LENGTH + 1) + b"}"
    response = client.post("/_dash-update-component", data=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_a_body_under_the_limit_is_not_refused(client):
    response = client.post(
        "/_dash-update-component",
        data=b"{" + b" " * 1000 + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code != 413


def _bare_app() -> dash.Dash:
    app = dash.Dash(__name__, serve_locally=True)
    app.layout = html.Div("hello")
    return app


def test_debug_mode_is_left_alone():
    app = _bare_app()
    assert harden(app, debug=True) is None
    response = app.server.test_client().get("/")
    assert "Content-Security-Policy" not in response.headers
    assert app.server.config.get("MAX_CONTENT_LENGTH") != MAX_CONTENT_LENGTH


def test_hardening_twice_is_hardening_once():
    app = _bare_app()
    first = harden(app, debug=False)
    assert harden(app, debug=False) is first
    response = app.server.test_client().get("/")
    assert response.headers.get_all("Content-Security-Policy") == [
        response.headers["Content-Security-Policy"]
    ]


def test_the_limit_can_be_set():
    app = _bare_app()
    harden(app, debug=False, max_content_length=1000)
    response = app.server.test_client().post(
        "/_dash-update-component", data=b"x" * 2000, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
