"""Sign-in in front of the Dash app, and the actor behind a request. Who may do what is explorer.store.auth."""

from __future__ import annotations

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
