"""Sign-in in front of the Dash app, and the actor behind a request. Who may do what is explorer.store.auth.

Before dash-auth sees a request, `_guard` answers what it would mishandle: a request with no or wrong
credentials gets 401 (dash-auth reads a callback's body first, so an anonymous `POST {}` was a 500), a
callback request without the shape Dash sends for that callback (an unknown output, an input or state
missing) gets 400 with what is wrong, and a POST from a page of another origin gets 403
(basic-auth credentials are sent by the browser whichever site makes the request). Extra origins a
proxy serves the app under: EXPLORER_ALLOWED_ORIGINS="https://maps.example.org,https://other".
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import dash_auth
import flask

from explorer.store.auth import Actor, Roles, roles_from_env


def apply_auth(app, roles: Roles | None = None) -> Roles:
    """Put basic auth in front of every route when roles are configured; record the roles on the app."""
    roles = roles_from_env() if roles is None else roles
    config = app.server.config
    if "EXPLORER_ROLES" in config:
        return config["EXPLORER_ROLES"]
    config["EXPLORER_ROLES"] = roles
    app.server.before_request(lambda: _guard(roles, app.config.routes_pathname_prefix, app.callback_map))
    if roles.enabled:
        secret = None if app.server.secret_key else roles.secret()
        dash_auth.BasicAuth(app, auth_func=roles.check, secret_key=secret)
    return roles


def current_actor() -> Actor:
    """The actor behind the current request: its basic-auth user, or LOCAL when sign-in is off."""
    roles = flask.current_app.config.get("EXPLORER_ROLES")
    if roles is None:  # apply_auth was not called: trust nobody if users are configured
        roles = roles_from_env()
    auth = flask.request.authorization
    return roles.actor(auth.username if auth else None)


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _guard(roles: Roles, prefix: str, callbacks: dict | None = None):
    request = flask.request
    if roles.enabled:
        auth = request.authorization
        if auth is None or auth.type != "basic" or not roles.check(auth.username or "", auth.password or ""):
            return flask.Response(
                "Sign in to use the System Map Explorer.",
                status=401,
                headers={"WWW-Authenticate": 'Basic realm="System Map Explorer"'},
            )
    if request.method in SAFE_METHODS:
        return None
    if not same_origin(request.headers.get("Origin"), request.host, request.headers.get("Sec-Fetch-Site")):
        return flask.Response("Requests from other sites are refused.", status=403)
    if request.path == f"{prefix}_dash-update-component":
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or "output" not in body or not isinstance(body.get("inputs"), list):
            return flask.Response("Not a callback request.", status=400)
        problem = callback_body_problem(body, callbacks)
        if problem:
            return flask.Response(f"Not a callback request: {problem}", status=400)
    return None


def _is_dependency(entry) -> bool:
    return isinstance(entry, dict) and "id" in entry and "property" in entry


def callback_body_problem(body: dict, callbacks: dict | None) -> str | None:
    """What makes a callback request unlike the one Dash's page sends for that callback, or None.

    Dash indexes the request's inputs and states by the callback's own list, so a body with one state
    missing was an IndexError (HTTP 500); it is refused here with the counts instead. Each entry is a
    dependency ({"id", "property", "value"}), or a list of them for a pattern-matching one.

    >>> spec = {"x.children": {"inputs": [{"id": "b", "property": "n_clicks"}], "state": []}}
    >>> callback_body_problem({"output": "x.children", "inputs": [{"id": "b", "property": "n_clicks"}]}, spec)
    >>> callback_body_problem({"output": "x.children", "inputs": []}, spec)
    'callback x.children takes 1 input(s) and 0 state(s); the request has 0 and 0'
    >>> callback_body_problem({"output": "y.children", "inputs": []}, spec)
    "no callback has the output 'y.children'"
    """
    if callbacks is None:
        return None
    output = body["output"]
    spec = callbacks.get(output) if isinstance(output, str) else None
    if spec is None:
        return f"no callback has the output {str(output)[:200]!r}"
    state = body.get("state", [])
    if not isinstance(state, list):
        return "its state is not a list"
    want_in, want_state = len(spec.get("inputs", [])), len(spec.get("state", []))
    if (len(body["inputs"]), len(state)) != (want_in, want_state):
        return (
            f"callback {output} takes {want_in} input(s) and {want_state} state(s); "
            f"the request has {len(body['inputs'])} and {len(state)}"
        )
    for entry in [*body["inputs"], *state]:
        parts = entry if isinstance(entry, list) else [entry]
        if not all(_is_dependency(p) for p in parts):
            return "each input and state needs an id and a property"
    return None


def same_origin(
    origin: str | None, host: str, fetch_site: str | None = None, allowed: str | None = None
) -> bool:
    """Whether a write comes from this app's own pages: its Origin names this host (or an allowed origin).

    Without an Origin header (scripts, old browsers) the browser's Sec-Fetch-Site decides, if sent.

    >>> same_origin("http://localhost:8050", "localhost:8050"), same_origin("https://evil.example", "localhost:8050")
    (True, False)
    >>> same_origin(None, "localhost:8050", "cross-site"), same_origin(None, "localhost:8050")
    (False, True)
    """
    if not origin:
        return fetch_site not in ("cross-site", "same-site")
    extra = os.environ.get("EXPLORER_ALLOWED_ORIGINS", "") if allowed is None else allowed
    if origin.rstrip("/") in {o.strip().rstrip("/") for o in extra.split(",") if o.strip()}:
        return True
    return origin != "null" and urlsplit(origin).netloc.lower() == host.lower()
