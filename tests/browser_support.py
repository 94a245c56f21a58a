"""A live app server in a thread and a Debian Chromium driven by Playwright, for the browser tests."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

ARTEFACTS = Path(__file__).resolve().parent.parent / "artefacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
KNOWN_WARNING = "You have set a custom wheel sensitivity"


def chromium_path() -> str:
    """Debian's chromium; missing, browser tests skip locally and fail under CI."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    message = "Debian chromium is not installed (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(message + "; browser tests must run in CI")
    pytest.skip(message)


class LiveServer:
    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app.server, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


def console_problems(messages: list[str]) -> list[str]:
    """Errors and warnings in the console, less the one cytoscape always logs."""
    return [
        m
        for m in messages
        if m.split(":", 1)[0] in ("error", "warning", "pageerror") and KNOWN_WARNING not in m
    ]
