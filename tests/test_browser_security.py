"""Markup in the data stays text: labels, descriptions and quotes with HTML or script in a real Chromium.

An imported map whose labels are XSS payloads is served by its own process (a fresh Dash callback
registry), hardened as production serves it (`explorer.web.security.harden`). The page must show every
payload as literal text, in the evidence panel, the caption and the table, and on the canvas as the
node's label; no dialog may open, no payload may run, and the content-security policy must not have
to block anything the app itself does.
"""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser_support import ARTEFACTS

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parent.parent

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>window.__xss=1</script>Refuge"
DESCRIPTION = '<b onmouseover=alert(2)>bold</b><img src=x onerror="window.__xss=2">'
QUOTE = "<svg onload=alert(3)></svg>"
NAME = "<i>XSS</i> map"

SERVE = """
import sys
from pathlib import Path
from explorer.web.app import create_app
from explorer.web.security import harden
app = create_app(Path(sys.argv[1]))
harden(app, debug=False)
app.run(host="127.0.0.1", port=int(sys.argv[2]), debug=False)
"""


def write_dataset(root: Path) -> Path:
    folder = root / "xss"
    folder.mkdir(parents=True)
    meta = {"id": "xss", "name": NAME, "area": "<u>nowhere</u>", "provenance": "imported"}
    (folder / "dataset.json").write_text(json.dumps(meta), encoding="utf-8")
    rows = {
        "elements.csv": [
            ["Label", "Type", "Description", "Tags", "Id", "Sector", "Layers"],
            [IMG, "service", DESCRIPTION, "", "img", "voluntary", "C"],
            [SCRIPT, "service", "", "", "script", "nhs", "C"],
            ["Plain service", "service", "", "", "plain", "local_authority", "C"],
        ],
        "connections.csv": [
            ["From", "To", "Type", "Id", "Layer", "Status", "Description"],
            ["img", "script", "refers", "link", "C", "gap", DESCRIPTION],
            ["script", "plain", "refers", "link2", "C", "present", ""],
        ],
        "evidence.csv": [
            ["Item", "Section", "Quote", "Participant", "Participant Sector", "Source"],
            ["img", "4.4.1", QUOTE, "<b>P1</b>", "", ""],
        ],
    }
    for name, table in rows.items():
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(table)
    return root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = write_dataset(tmp_path_factory.mktemp("xss-data"))
    instance = tmp_path_factory.mktemp("xss-instance")
    env = {**os.environ, "EXPLORER_DB_DIR": str(instance)}
    env.pop("DATABASE_URL", None)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(data), str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        if process.poll() is not None:
            pytest.fail(f"the app did not start: {process.stderr.read()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("the app did not answer within 90 s")
            time.sleep(0.2)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def page(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.dialogs = []
    page.problems = []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda e: page.problems.append(f"pageerror: {e}"))
    page.on("console", lambda m: page.problems.append(m.text) if "CSP" in m.text else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    yield page
    context.close()


def open_map(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(
        """() => { const box = document.getElementById('map');
                   const cy = box && box._cyreg && box._cyreg.cy;
                   return cy && cy.getElementById('img').nonempty(); }""",
        timeout=60000,
    )
    # An injected onerror or onload fires once its image has loaded or failed: wait for every image to settle,
    # then two frames for any handler to run.
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def no_payload_ran(page) -> None:
    assert page.dialogs == []
    assert page.evaluate("() => window.__xss") is None
    assert (
        page.evaluate(
            "() => [...document.querySelectorAll('img')].filter(i => i.getAttribute('src') === 'x').length"
        )
        == 0
    )
    injected = "() => document.querySelectorAll('svg[onload], b[onmouseover], u').length"
    assert page.evaluate(injected) == 0
    assert (
        page.evaluate("() => [...document.querySelectorAll('i')].filter(e => e.innerText === 'XSS').length")
        == 0
    )
    assert page.problems == []


def test_payloads_in_labels_and_evidence_are_shown_as_text(server, page):
    open_map(page, f"{server}/?dataset=xss&select=img")
    page.wait_for_function("t => document.getElementById('evidence-panel').innerText.includes(t)", arg=IMG)
    panel = page.inner_text("#evidence-panel")
    assert IMG in panel
    assert '<b onmouseover=alert(2)>bold</b><img src=x onerror="window.__xss=2">' in panel
    assert QUOTE in panel
    assert "<b>P1</b>" in panel
    assert NAME in page.inner_text("#map-caption")
    # On the canvas the label is the node's data, which cytoscape draws as text.
    labels = page.evaluate(
        "() => { const cy = document.getElementById('map')._cyreg.cy;"
        " return [cy.getElementById('img').data('label'), cy.getElementById('script').data('label')]; }"
    )
    assert labels == [IMG, SCRIPT]
    no_payload_ran(page)
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "security-xss-labels.png"))


def test_tapping_a_node_and_the_table_keep_payloads_as_text(server, page):
    open_map(page, f"{server}/?dataset=xss")
    page.evaluate("() => document.getElementById('map')._cyreg.cy.getElementById('script').emit('tap')")
    page.wait_for_function("t => document.getElementById('evidence-panel').innerText.includes(t)", arg=SCRIPT)
    page.locator("#view-tabs").get_by_text("Table", exact=True).click()
    page.wait_for_function(
        "t => [...document.querySelectorAll('#table-elements td')].some(td => td.innerText.includes(t))",
        arg=IMG,
        timeout=20000,
    )
    cells = page.evaluate(
        "() => [...document.querySelectorAll('#table-elements td')].map(td => td.innerText)"
    )
    assert any(SCRIPT in c for c in cells)
    no_payload_ran(page)
