"""Safety for survivors in the room: a quick exit, and a short content note on first open.

* **Quick exit**: a button always on screen, or Escape pressed twice, replaces the page with a neutral one
  (`location.replace`, so Back does not come back here). The default is a plain local page, `NEUTRAL_PATH`;
  `EXPLORER_QUICK_EXIT_URL` sends it elsewhere (a weather or news site, say). A note being typed is kept in
  the browser's storage first and put back in the note box when its item is opened again.
* **Content note**: what the maps discuss, said plainly, shown on first open until dismissed; the browser
  remembers the dismissal (localStorage).

The behaviour is in assets/50-safety.js; this module places the parts in the page and serves the neutral page.
"""

from __future__ import annotations

import os

import dash
import flask
from dash import html

from explorer.web import ids

NEUTRAL_PATH = "/_explorer/neutral"
EXIT_URL_VARIABLE = "EXPLORER_QUICK_EXIT_URL"
CONTENT_NOTE = (
    "These maps are about services for children and families affected by domestic abuse: funding, "
    "referrals, mental health support, and the people services leave out. Quotes from professionals "
    "describe abuse and its harm to children. You can leave at any time with Quick exit, or by "
    "pressing Esc twice."
)
NEUTRAL_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>New tab</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; margin: 3rem; color: #333">
<h1 style="font-weight: normal; font-size: 1.4rem">Weather</h1>
<p>Cloudy with sunny spells. Light winds.</p></body></html>
"""


def exit_url(app: dash.Dash, environ=None) -> str:
    """Where the quick exit goes: $EXPLORER_QUICK_EXIT_URL, else the neutral page under the app's prefix."""
    configured = (environ if environ is not None else os.environ).get(EXIT_URL_VARIABLE, "").strip()
    if configured:
        return configured
    return app.config.requests_pathname_prefix.rstrip("/") + NEUTRAL_PATH


def install(app: dash.Dash) -> None:
    """Serve the neutral page (same origin, so it works on a workshop network with no internet)."""
    if "explorer.safety" in app.server.extensions:
        return
    app.server.extensions["explorer.safety"] = True
    app.server.add_url_rule(
        NEUTRAL_PATH,
        "explorer_neutral",
        lambda: flask.Response(NEUTRAL_PAGE, mimetype="text/html", headers={"Cache-Control": "no-store"}),
    )


def quick_exit(url: str) -> html.Button:
    """The quick exit button; assets/50-safety.js reads its target from data-exit-url."""
    return html.Button(
        "Quick exit",
        id=ids.QUICK_EXIT,
        className="quick-exit btn btn-danger",
        title="Leave this page now (or press Esc twice)",
        **{"data-exit-url": url},
    )


def content_note() -> html.Div:
    """Hidden until the script finds it has not been dismissed in this browser.

    It sits in a zero-height holder, so it floats over the banner and caption below it instead of pushing
    the map down: the map keeps one size (and every service its place) before and after it is read."""
    note = html.Div(
        [
            html.P([html.Strong("Content note. "), CONTENT_NOTE], className="mb-0"),
            html.Button("OK, hide this", id=ids.CONTENT_NOTE_CLOSE, className="btn btn-sm btn-outline-dark"),
        ],
        id=ids.CONTENT_NOTE,
        className="content-note",
        role="region",
        hidden=True,
        **{"aria-label": "Content note"},
    )
    return html.Div(note, className="content-note-holder")
