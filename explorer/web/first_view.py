"""The page's first view drawn into its layout, so the first paint waits for no callback.

dash-renderer fetches the layout from `/_dash-layout`, a URL without the page's query; the request's Referer
carries it (the app's referrer policy is `same-origin`: the page's URL goes to this origin only, never to
another site; explorer/web/security.py). When the Referer is this app's main page, the layout comes with what
the URL sync and the map view's parts would answer first for that URL: the controls' values, the view state,
each part's key, and each part drawn (the map bundle, captions and banner, highlight panel,
evidence, which panel shows, the traced group's options). The browser's map view (assets/35-map-restyle.js)
then draws the map from the bundle in the layout; the sync's first call finds the state unchanged and writes
nothing; the parts' callbacks (prevent_initial_call) are not called.

Anything else gets the plain layout and the sync's first answer draws the page, as before: no Referer (a
browser or proxy that strips it), another page (`/room/<code>`, a presentation), another tab than the map. A
Referer whose query no longer matches the page (stripped to the origin, say) is harmless: the sync reads the
page's own URL, finds another state and redraws what differs. The state is read as the sync reads it (the
same `next_state`, the same list of datasets, the same sign-in in front), so the layout holds nothing the
page's own callbacks would not send it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import dash
import flask
from dash import no_update
from dash.development.base_component import Component

from explorer.view.bundle import bundle_payload, view_key
from explorer.view.page import Part, part_keys
from explorer.view.state import next_state
from explorer.web import callbacks, ids
from explorer.web.context import current

# The map view's part callbacks with their outputs, in order; tests/test_first_view.py checks them against
# the registered callbacks. The Table, Matrices and Analysis tabs are not drawn in a first view of the map.
PARTS = (
    (
        Part.MAP,
        lambda key, store: callbacks.render_maps(key, store, None),  # the browser holds no bundle yet
        (
            (ids.MAP_BUNDLE, "data"),
            (ids.MAP2, "elements"),
            (ids.MAP2, "stylesheet"),
            (ids.MAP2, "layout"),
            (ids.MAP2_COLUMN, "style"),
        ),
    ),
    (
        Part.CAPTION,
        callbacks.render_captions,
        (
            (ids.CAPTION_VIEWS, "data"),
            (ids.CAPTION2, "children"),
            (ids.BANNER, "children"),
            (ids.BANNER, "color"),
        ),
    ),
    (
        Part.LEGEND,
        callbacks.render_highlight_panel,
        ((ids.HIGHLIGHT_PANEL, "children"), (ids.EXCLUSION_GROUP_BOX, "style")),
    ),
    (Part.EVIDENCE, callbacks.render_evidence, ((ids.EVIDENCE, "children"),)),
    (Part.OPTIONS, callbacks.render_group_options, ((ids.EXCLUSION_GROUP, "options"),)),
)


def page_query(referrer: str | None, host: str, index_path: str) -> str | None:
    """The query (as `location.search` gives it) of the page that asked for the layout, or None when that
    page is not this app's main page on this host.

    >>> page_query("http://h:1/?dataset=west&layer=C", "h:1", "/")
    '?dataset=west&layer=C'
    >>> page_query("http://h:1/", "h:1", "/"), page_query("http://h:1/room/AB12", "h:1", "/")
    ('', None)
    >>> page_query("http://other/?dataset=west", "h:1", "/"), page_query(None, "h:1", "/")
    (None, None)
    """
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc != host or (parts.path or "/") != index_path:
        return None
    return f"?{parts.query}" if parts.query else ""


def first_values(search: str) -> dict[tuple[str, str], object] | None:
    """Every (component id, prop) the first callbacks would set for a page at `search`, or None when its
    first view is not the map (its tab's contents load with their own callbacks)."""
    app = current()
    state = next_state(None, "url", search, {}, app.dataset_ids())
    if state.view != "map":
        return None
    keys = part_keys(state, app.restyled(state))
    store = state.to_store()
    values: dict[tuple[str, str], object] = dict(
        zip(callbacks.SYNCED, callbacks.synced_values(state), strict=True)
    )
    # Only the map's key: the map's view in the browser checks the bundle against it. The other keys only
    # call their parts' callbacks when the sync changes them, and a dcc.Store given data in the layout costs
    # its mount a copy of the data and one more update of the page.
    values[(ids.PART_MAP, "data")] = keys[Part.MAP]
    values[(ids.FIRST_VIEW, "data")] = search
    for part, draw, outputs in PARTS:
        try:
            answer = draw(keys[part], store)
        except dash.exceptions.PreventUpdate:
            continue
        values |= dict(zip(outputs, answer if len(outputs) > 1 else (answer,), strict=True))
    values |= _drawn_map(values.get((ids.MAP_BUNDLE, "data")), state)
    # The caption the browser would pick from the captions drawn (explorer/web/callbacks.py), drawn in.
    captions = values.get((ids.CAPTION_VIEWS, "data")) or {}
    if view_key(state.layer, state.highlight) in captions:
        values[(ids.CAPTION, "children")] = captions[view_key(state.layer, state.highlight)]
    return {target: value for target, value in values.items() if value is not no_update}


def _drawn_map(bundle: dict | None, state) -> dict[tuple[str, str], object]:
    """The main map given its view straight away, as the browser's map view would pick it out of the bundle
    (`bundle_payload` is that same choice): the map's view in the browser waits for the sync's first answer,
    because the sync writes the view state it reads. `drawn` tells it that this view is on the map already;
    it then draws the view's legend from the bundle, as for every view (assets/35-map-restyle.js)."""
    if not bundle:
        return {}
    shown = bundle_payload(bundle, state.layer, state.highlight, state.select)
    if shown is None:
        return {}
    elements, stylesheet, layout = shown
    return {
        (ids.MAP, "elements"): elements,
        (ids.MAP, "stylesheet"): stylesheet,
        (ids.MAP, "layout"): layout,
        # A copy: the bundle itself is cached and sent as it is to every later request.
        (ids.MAP_BUNDLE, "data"): {
            **bundle,
            "drawn": f"{view_key(state.layer, state.highlight)}#{state.select}",
        },
    }


def fill(layout, values: dict[tuple[str, str], object]):
    """The layout with each value set on its component's prop (in place; returned for convenience)."""
    wanted: dict[str, dict[str, object]] = {}
    for (component_id, prop), value in values.items():
        wanted.setdefault(component_id, {})[prop] = value
    for component in _walk(layout):
        component_id = getattr(component, "id", None)
        if isinstance(component_id, str):  # not a pattern-matching id (a dict)
            for prop, value in wanted.pop(component_id, {}).items():
                setattr(component, prop, value)
    if wanted:
        raise KeyError(f"not in the layout: {', '.join(sorted(wanted))}")
    return layout


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if isinstance(child, Component):
            yield from _walk(child)


def first_view_layout(layout):
    """The layout for this request: with its first view drawn in, when the page that asked is known."""
    app = dash.get_app()
    search = page_query(flask.request.referrer, flask.request.host, app.config.requests_pathname_prefix)
    values = first_values(search) if search is not None else None
    return fill(layout, values) if values else layout


def body_class(path: str, query: bytes) -> str:
    """The page body's class at first: `projector-mode` when the main page's URL asks for it.

    The browser sets the same class from the view state (assets/30-explorer-clientside.js), but only once
    dash-renderer's first callbacks run, after the first view's map has been drawn and fitted to the normal
    page; in the HTML, the map's first fit already sees the projector's page."""
    app = dash.get_app()
    if path != app.config.requests_pathname_prefix:
        return ""
    search = f"?{query.decode('latin-1')}" if query else ""
    state = next_state(None, "url", search, {}, current().dataset_ids())
    return "projector-mode" if state.projector else ""


def with_body_class(html: str, name: str) -> str:
    """
    >>> with_body_class("<html><body>x</body></html>", "projector-mode")
    '<html><body class="projector-mode">x</body></html>'
    >>> with_body_class("<body>x</body>", "")
    '<body>x</body>'
    """
    return html.replace("<body>", f'<body class="{name}">', 1) if name else html


# Dash puts @babel/polyfill 7 (core-js 2 and regenerator, 99 KB) before React, for browsers without ES2015+;
# every browser the app supports (docs/performance.md) has it all, and its evaluation alone took 150-180 ms
# of the page's load here. The one thing the bundles take from it, the global `regeneratorRuntime` (Dash's lazy
# components mark themselves ready with it), dash-bootstrap-components' bundle sets as it loads, before them;
# tests/test_browser_first_view.py checks it is there and no polyfill is asked for.
POLYFILL = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*"></script>\s*')


def without_polyfill(scripts: str) -> str:
    """
    >>> without_polyfill('<script src="/_dash-component-suites/dash/deps/polyfill@7.v4.12.1.min.js"></script>'
    ...                  '<script src="/react.js"></script>')
    '<script src="/react.js"></script>'
    """
    return POLYFILL.sub("", scripts, count=1)


def install(app: dash.Dash) -> None:
    """Ask for the layout and the callbacks' list while the page's scripts load, not after (dash-renderer
    asks once they have run; the browser hands it these answers). The layout answer depends on the page
    that asked (its Referer): caches must know, and keep none."""
    prefix = app.config.requests_pathname_prefix
    preload = "".join(
        f'<link rel="preload" href="{prefix}{path}" as="fetch" crossorigin="anonymous">'
        for path in ("_dash-layout", "_dash-dependencies")
    )
    if preload not in app.index_string:
        app.index_string = app.index_string.replace("{%css%}", "{%css%}" + preload, 1)
    # The top bar's dropdowns are drawn by a chunk dcc fetches once one renders; without it the first view's
    # map is on the page before its controls, and the page then shifts under it as they arrive. Its script
    # comes with the page's own (webpack takes a chunk that ran before it is asked for), 33 KB raw.
    app.scripts.append_script({"relative_package_path": "dcc/async-dropdown.js", "namespace": "dash"})

    plain_index = app.interpolate_index

    def interpolate_index(**parts) -> str:
        parts["scripts"] = without_polyfill(parts.get("scripts", ""))
        return with_body_class(
            plain_index(**parts), body_class(flask.request.path, flask.request.query_string)
        )

    app.interpolate_index = interpolate_index  # Dash's documented hook for the page's HTML

    @app.server.after_request
    def _layout_varies(response: flask.Response) -> flask.Response:
        if flask.request.path == f"{app.config.routes_pathname_prefix}_dash-layout":
            response.headers["Cache-Control"] = "no-store"
            response.vary.add("Referer")
        return response
