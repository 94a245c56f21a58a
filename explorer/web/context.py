"""The MapService this request's app serves from."""

from __future__ import annotations

import flask

from explorer.service import MapService


def current() -> MapService:
    return flask.current_app.config["EXPLORER"]
