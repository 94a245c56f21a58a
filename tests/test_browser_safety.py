"""Safety in a real Chromium: the quick exit (button and Esc twice) and the content note on first open."""

from __future__ import annotations

import pytest

from explorer.web import ids, safety
from explorer.web.app import create_app
from tests.browser_support import LiveServer, open_page, shot, wait_for_map

pytestmark = pytest.mark.browser
ITEM = "da_services"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('safety-db') / 'workshop.sqlite3'}"
    live = LiveServer(create_app(database_url=url))
    yield live
    live.stop()


def _left_for_the_neutral_page(page, server) -> None:
    page.wait_for_url(server.url + safety.NEUTRAL_PATH)
    assert page.title() == "New tab"
    assert "System Map" not in page.content()
    assert page.evaluate("document.referrer") == ""  # the map's URL is not handed on


def test_quick_exit_button_replaces_the_page_and_back_does_not_return(server, page):
    page.goto("about:blank")
    page.goto(f"{server.url}/?dataset=study")
    wait_for_map(page, "study")
    button = page.locator(f"#{ids.QUICK_EXIT}")
    assert button.is_visible() and button.inner_text() == "Quick exit"
    shot(page, "safety-quick-exit-button")
    button.click()
    _left_for_the_neutral_page(page, server)
    page.go_back()  # the app's page was replaced, so Back goes to what came before it
    page.wait_for_url("about:blank")


def test_escape_twice_leaves_and_keeps_the_note_being_typed(server, page):
    page.goto(f"{server.url}/?dataset=study&select={ITEM}")
    wait_for_map(page, "study")
    box = page.locator(f"#{ids.NOTE_TEXT}")
    page.wait_for_function(f"() => document.getElementById('{ids.NOTE_TEXT}')?.disabled === false")
    box.fill("Half a thought about refuges")
    page.keyboard.press("Escape")
    assert page.url.startswith(f"{server.url}/?")  # once is not enough: Esc has other uses
    page.keyboard.press("Escape")
    _left_for_the_neutral_page(page, server)
    page.goto(f"{server.url}/?dataset=study&select={ITEM}")  # coming back to the same item
    page.wait_for_function(
        f"() => document.getElementById('{ids.NOTE_TEXT}')?.value === 'Half a thought about refuges'"
    )
    assert page.evaluate("() => localStorage.getItem('explorer.noteDraft')") is None
    page.locator(f"#{ids.NOTE_ADD}").click()  # Dash has the restored text, as if typed
    page.locator(f"#{ids.NOTES_LIST} .note-body", has_text="Half a thought about refuges").wait_for()


def test_content_note_on_first_open_only(server, browser):
    page = open_page(browser)
    page.goto(f"{server.url}/?dataset=study")
    note = page.locator(f"#{ids.CONTENT_NOTE}")
    note.wait_for(state="visible")
    assert "domestic abuse" in note.inner_text()
    assert "Quick exit" in note.inner_text()
    wait_for_map(page, "study")
    shot(page, "safety-content-note")
    page.locator(f"#{ids.CONTENT_NOTE_CLOSE}").click()
    note.wait_for(state="hidden")
    page.reload()
    wait_for_map(page, "study")
    assert not note.is_visible()  # the browser remembers
    fresh = open_page(browser)  # another browser profile has not seen it
    fresh.goto(f"{server.url}/?dataset=study")
    fresh.locator(f"#{ids.CONTENT_NOTE}").wait_for(state="visible")
    fresh.context.close()
    page.context.close()


def test_the_exit_target_is_a_setting(monkeypatch):
    app = create_app()
    assert safety.exit_url(app, {}) == safety.NEUTRAL_PATH
    assert safety.exit_url(app, {safety.EXIT_URL_VARIABLE: "https://example.org/"}) == "https://example.org/"


def test_notes_export_leaves_names_out_unless_asked(server, page):
    """A survivor's name on a note does not leave the room by default: the notes CSV says 'Anonymous'."""
    page.goto(f"{server.url}/?dataset=study&select={ITEM}")
    wait_for_map(page, "study")
    page.locator(f"#{ids.NOTE_AUTHOR}").fill("Ruth Named")
    page.locator(f"#{ids.NOTE_AUTHOR}").press("Tab")  # the name field is debounced: it commits on blur
    page.locator(f"#{ids.NOTE_TEXT}").fill("Nobody from CAMHS came")
    page.locator(f"#{ids.NOTE_ADD}").click()
    page.locator(f"#{ids.NOTES_LIST} .note-body", has_text="Nobody from CAMHS came").wait_for()
    assert "Ruth Named" in page.inner_text(f"#{ids.NOTES_LIST}")  # the room sees the name given

    def download() -> tuple[str, str]:
        button = page.locator(f"#{ids.EXPORT_NOTES}")
        button.scroll_into_view_if_needed()
        with page.expect_download() as info:
            button.click()
        got = info.value
        return got.suggested_filename, open(got.path(), encoding="utf-8-sig").read()

    leave_out = page.locator(f"#{ids.EXPORT_NO_NAMES}")
    assert leave_out.is_checked()  # the default
    name, text = download()
    assert name.startswith("notes_study_anonymous_") and name.endswith(".csv")
    assert "Nobody from CAMHS came" in text and "Ruth" not in text and "Anonymous" in text
    leave_out.uncheck()
    name, text = download()
    assert "anonymous" not in name and "Ruth Named" in text
