"""A live app server in a thread and a Debian Chromium driven by Playwright, for the browser tests."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from werkzeug.serving import make_server

from explorer.data.catalog import load_catalog
from explorer.devtools.chromium import CHROMIUM_ARGS as CHROMIUM_ARGS  # shared with the bench

ARTEFACTS = Path(__file__).resolve().parent.parent / "artefacts"
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


# How long a wait may take before it fails. Waits end as soon as their state holds, so this costs nothing
# when the page is quick; it is long because CI shares 2 cores, and at a load of 18 a first paint took >15 s.
WAIT_MS = 45_000


def open_page(browser, width: int = 1280, height: int = 720, **context_options):
    """A page in a fresh context that records its console, so a test can assert it stayed clean."""
    context = browser.new_context(viewport={"width": width, "height": height}, **context_options)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.console_messages = []
    page.on("console", lambda m: page.console_messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.console_messages.append(f"pageerror: {e}"))
    return page


def console_problems(messages: list[str]) -> list[str]:
    """Errors and warnings in the console, less the one cytoscape always logs."""
    return [
        m
        for m in messages
        if m.split(":", 1)[0] in ("error", "warning", "pageerror") and KNOWN_WARNING not in m
    ]


CATALOG = load_catalog()


def shot(page, name: str) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"))


def wait_for_map(page, dataset_id: str) -> None:
    """Wait until the map holds the dataset's nodes (the caption names the dataset)."""
    name = CATALOG.datasets[dataset_id].name
    page.wait_for_function(
        """name => {
            const box = document.getElementById('map');
            const cy = box && box._cyreg && box._cyreg.cy;
            const caption = document.getElementById('map-caption');
            if (!(cy && cy.nodes().length > 2 && caption && caption.innerText.includes(name))) return false;
            // Fitted: the map shows what assets/20-fit.js's last fit of these anchors set.
            return cy.$('.anchor').length === 2 && window.explorerFit.fitted('map');
        }""",
        arg=name,
    )
    wait_until_still(page, "map")


def wait_until_still(page, map_id: str = "map", timeout: float = WAIT_MS) -> None:
    """Wait until a map has stopped moving: no animation, and the same zoom and pan over two frames.

    This is the state a person sees once the fit or centring has settled, so a test waits on it, not a sleep.
    """
    page.wait_for_function(
        """id => {
            const box = document.getElementById(id);
            const cy = box && box._cyreg && box._cyreg.cy;
            if (!cy) return false;
            const now = JSON.stringify([cy.zoom(), cy.pan(), cy.width(), cy.height()]);
            const seen = (window.__explorerStill = window.__explorerStill || {});
            const same = seen[id] === now && !cy.animated() && !cy.nodes().some(n => n.animated());
            seen[id] = now;
            return same;
        }""",
        arg=map_id,
        polling="raf",
        timeout=timeout,
    )


# The median rendered element-label size on the map, in CSS px (font-size × zoom).
LABEL_PX = """() => {
  const cy = document.getElementById('map')._cyreg.cy;
  const px = cy.nodes(':visible').not('.anchor').map(n => parseFloat(n.style('font-size')) * cy.zoom());
  px.sort((a, b) => a - b);
  return px[Math.floor(px.length / 2)];
}"""


def cy_eval(page, script: str, arg=None):
    return page.evaluate(
        "([script, arg]) => { const cy = document.getElementById('map')._cyreg.cy;"
        " return (new Function('cy', 'arg', script))(cy, arg); }",
        [script, arg],
    )


def click_item(page, item_id: str) -> None:
    """A real mouse click on a node, or on the middle of an edge."""
    x, y = cy_eval(
        page,
        "const e = cy.getElementById(arg); const p = e.isNode() ? e.renderedPosition() : e.renderedMidpoint();"
        " const r = cy.container().getBoundingClientRect(); return [r.left + p.x, r.top + p.y];",
        item_id,
    )
    page.mouse.click(x, y)


def choose(page, dropdown: str, label: str) -> None:
    """Open a dropdown, type to filter, and click the option, as a person would."""
    page.locator(dropdown).click()
    page.keyboard.type(label)
    page.get_by_role("option", name=label, exact=True).click()


def query(page) -> dict:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}
