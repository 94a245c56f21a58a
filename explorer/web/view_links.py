"""Links that change part of the view and keep the rest: "Open a room", a version in the editor's list.

A link drawn with the whole view in its href goes stale as soon as a layer or highlight is toggled, and
redrawing the list on every toggle is a server round trip (docs/performance.md). So the link carries only
the fields it changes (`data-view-patch`), and assets/45-view-links.js applies them, at the click, to the
view the page shows then, as a dcc.Link would navigate (no reload; the URL sync reads the new query).
The href is the patch alone: what a new tab opened from the link gets.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from dash import html


def view_link(children, patch: dict[str, str], **props) -> html.A:
    """A link that sets `patch`'s fields of the current view ("" clears a field back to its default)."""
    href = "?" + urlencode({k: v for k, v in patch.items() if v})
    return html.A(children, href=href, **{"data-view-patch": json.dumps(patch, sort_keys=True)}, **props)
