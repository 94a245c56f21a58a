"""Export from the UI in a real Chromium: "Download image" sends a PNG of the current view.

Needs `export_controls()` (explorer/web/exports.py) in the page layout.
"""

from __future__ import annotations

import io
import re

import pytest

from explorer.data.catalog import load_catalog
from explorer.web.app import create_app
from tests.browser_support import LiveServer

pytestmark = pytest.mark.browser
STUDY = load_catalog().datasets["study"]


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
    # The default scale is 2×: a print-sized image, landscape like the map.
    assert 2500 < width < 8000 and 1500 < height < 6000 and width > height
    assert len(content) > 200_000
