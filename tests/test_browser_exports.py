"""Export from the UI in a real Chromium: "Download image" sends a PNG of the current view; "Build report pack"
runs in the background with a progress bar and Cancel while the page keeps working.

Needs `export_controls()` (explorer/web/exports.py) in the page layout.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from explorer.data.catalog import load_catalog
from explorer.outputs.report_pack import report_views
from explorer.web.app import create_app
from tests.browser_support import ARTEFACTS, LiveServer

pytestmark = pytest.mark.browser
STUDY = load_catalog().datasets["study"]
VIEWS = report_views("study")


@pytest.fixture(scope="module")
def server():
    live = LiveServer(create_app())
    yield live
    live.stop()


def download_png(browser, url: str) -> tuple[str, bytes]:
    """Open the C-layer gaps view, click "Download image" (PNG, 2×) and return the file's name and bytes."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(f"{url}/?dataset=study&layer=C&highlight=gaps")
        page.wait_for_function(
            """name => {
                const caption = document.getElementById('map-caption');
                return caption && caption.innerText.includes(name) && caption.innerText.includes('Missing');
            }""",
            arg=STUDY.name,
            timeout=15000,
        )
        button = page.get_by_role("button", name="Download image")
        button.scroll_into_view_if_needed()
        with page.expect_download(timeout=60000) as info:
            button.click()
        download = info.value
        return download.suggested_filename, open(download.path(), "rb").read()
    finally:
        context.close()


def test_download_image_sends_a_png_of_the_view(server, browser):
    from PIL import Image

    name, content = download_png(browser, server.url)
    assert re.fullmatch(r"study_layer-C_gaps_\d{4}-\d{2}-\d{2}\.png", name), name
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(content)) as image:
        width, height = image.size
    # The default scale is 2×: a print-sized image, one column (caption, map, legend below) for a page.
    assert 2500 < width < 8000 and 1500 < height < 8000
    assert len(content) > 200_000


def test_a_large_image_shows_its_progress_and_arrives(server, browser):
    """All layers at 4× takes over a second to rasterise: the bar says so while the page waits for it."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/?dataset=study&layer=all")
        page.wait_for_function(
            "name => (document.getElementById('map-caption') || {}).innerText?.includes(name)", arg=STUDY.name
        )
        page.select_option("#export-scale", "4")
        button = page.get_by_role("button", name="Download image")
        button.scroll_into_view_if_needed()
        with page.expect_download(timeout=120000) as info:
            button.click()
            page.wait_for_function(
                """() => {
                    const box = document.getElementById('export-image-running');
                    const step = document.getElementById('export-image-step');
                    return box && !box.hidden && step && step.innerText.startsWith('Image: Step');
                }""",
                timeout=60000,
            )
            ARTEFACTS.mkdir(exist_ok=True)
            page.locator("#export-controls").screenshot(path=str(ARTEFACTS / "image-progress.png"))
            shown = page.inner_text("#export-image-step")
        assert info.value.suggested_filename.endswith(".png")
        page.wait_for_function("() => document.getElementById('export-image-running').hidden", timeout=30000)
    finally:
        context.close()
    assert re.fullmatch(r"Image: Step [12] of 2: .+", shown), shown


# The report pack runs in the background (issue 14): a progress bar, Cancel, and a page that keeps working.
RUNNING = "#export-report-running"
BAR = "#export-report-progress .progress-bar"


def start_report(page, url: str) -> None:
    """Open the study on all layers, choose 1× and click "Build report pack"."""
    page.goto(f"{url}/?dataset=study&layer=all")
    page.wait_for_function(
        "name => (document.getElementById('map-caption') || {}).innerText?.includes(name)",
        arg=STUDY.name,
        timeout=60000,
    )
    page.select_option("#export-scale", "1")
    button = page.get_by_role("button", name="Build report pack")
    button.scroll_into_view_if_needed()
    button.click()


def wait_for_step(page, step: int) -> None:
    """Wait until the bar is shown and has passed `step` of its steps."""
    page.wait_for_function(
        """([running, bar, step]) => {
            const box = document.querySelector(running), b = document.querySelector(bar);
            return box && !box.hidden && b && Number(b.getAttribute('aria-valuenow')) >= step;
        }""",
        arg=[RUNNING, BAR, step],
        timeout=120000,
    )


def test_the_report_pack_shows_progress_and_the_page_keeps_working(server, browser):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    try:
        page = context.new_page()
        with page.expect_download(timeout=300000) as info:
            start_report(page, server.url)
            wait_for_step(page, 2)
            bar = page.locator(BAR)
            total = int(bar.get_attribute("aria-valuemax"))
            assert (
                total == len(VIEWS) + 3
            )  # each view of the study, then the CSVs, the workbook and the index
            expect(page.get_by_role("button", name="Build report pack")).to_be_disabled()
            expect(page.locator("#export-report-step")).to_contain_text(f"of {total}:")
            ARTEFACTS.mkdir(exist_ok=True)
            page.locator("#export-controls").screenshot(path=str(ARTEFACTS / "report-pack-progress.png"))
            # While it builds, the page still answers: another layer draws and names itself.
            page.get_by_text("C · Services", exact=True).click()
            page.wait_for_function("() => location.search.includes('layer=C')")
            expect(page.locator("#map-caption")).to_contain_text("C · Inter-service", timeout=30000)
        download = info.value
        assert re.fullmatch(r"report_study_\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
        with zipfile.ZipFile(download.path()) as archive:
            names = archive.namelist()
        assert any(n.endswith("/index.html") for n in names) and sum(
            n.endswith(".png") for n in names
        ) == len(VIEWS)
        expect(page.locator("#export-report-status")).to_contain_text(
            f"Report pack ready: {len(names)} files"
        )
        expect(page.locator(RUNNING)).to_be_hidden()
        expect(page.get_by_role("button", name="Build report pack")).to_be_enabled()
    finally:
        context.close()


def test_a_report_pack_can_be_cancelled(server, page):
    from playwright.sync_api import expect

    downloads = []
    page.on("download", lambda d: downloads.append(d))
    start_report(page, server.url)
    wait_for_step(page, 1)
    page.get_by_role("button", name="Cancel").click()
    status = page.locator("#export-report-status")
    expect(status).to_have_text("Report pack cancelled.")
    # Dash's own cancel callback stops the job; the next poll finds it gone and the bar folds away
    # (the server is shared with other tests' load, hence the generous wait).
    expect(page.locator(RUNNING)).to_be_hidden(timeout=60000)
    expect(page.get_by_role("button", name="Build report pack")).to_be_enabled()
    # A pack that ran on would have said it was ready and sent its ZIP.
    expect(status).to_have_text("Report pack cancelled.")
    assert downloads == []
