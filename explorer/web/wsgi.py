"""The WSGI entry point for a production server: `gunicorn 'explorer.web.wsgi:server'`.

The data folder comes from EXPLORER_DATA (default: the shipped data). Each worker process builds its own
app from the same files (see explorer.web.context): per-user state lives in the browser, so any worker can
answer any request. Debug is never on here.

`server` (the Flask app) and `app` (the Dash app) are built on first access, not on import, so importing
this module (a doctest run, a linter) does not load data or take Dash's callback registry.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from explorer.data.catalog import DEFAULT_DATA_DIR


@cache
def _app():
    from explorer.web.app import create_app

    return create_app(Path(os.environ.get("EXPLORER_DATA", str(DEFAULT_DATA_DIR))))


def __getattr__(name: str):
    if name == "app":
        return _app()
    if name == "server":
        return _app().server
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
