"""The app factory: load the data once, build the page, register the callbacks."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import dash
import flask
from dash import _callback

from explorer.data.catalog import DEFAULT_DATA_DIR, load_catalog
from explorer.service import MapService
from explorer.store import db
from explorer.store.imported_maps import ImportStore
from explorer.store.versions import VersionStore
from explorer.web import ids

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"
IDS_SCRIPT = "/_explorer/ids.js"


def _ids_script() -> flask.Response:
    return flask.Response(ids.javascript(), mimetype="text/javascript", headers={"Cache-Control": "no-cache"})


@cache
def _registered() -> tuple[dict, list, list]:
    """Import the callback modules once and keep what `dash.callback` registered.

    Dash hands its global callbacks to the first app that starts and forgets them, so a second app in the
    same process (tests, benchmarks) would have none; each new app gets this copy instead.
    """
    import explorer.web.callbacks
    import explorer.web.editor
    import explorer.web.exports
    import explorer.web.import_deletion
    import explorer.web.import_preview
    import explorer.web.importer
    import explorer.web.map_keyboard
    import explorer.web.notes
    import explorer.web.pickers
    import explorer.web.presentation
    import explorer.web.projector
    import explorer.web.rooms
    import explorer.web.saved_views
    import explorer.web.tabs  # noqa: F401  (each module registers its callbacks on import)

    return (
        dict(_callback.GLOBAL_CALLBACK_MAP),
        list(_callback.GLOBAL_CALLBACK_LIST),
        list(_callback.GLOBAL_INLINE_SCRIPTS),
    )


def _hand_callbacks_to_next_app() -> None:
    callback_map, callback_list, inline = _registered()
    _callback.GLOBAL_CALLBACK_MAP.clear()
    # Dash pops a background callback's cancel inputs from its spec when an app sets up (to register the
    # cancel callback), so each app gets its own copy of that spec: else only the first app could cancel.
    _callback.GLOBAL_CALLBACK_MAP.update(
        {
            k: {**v, "background": dict(v["background"])} if v.get("background") else v
            for k, v in callback_map.items()
        }
    )
    _callback.GLOBAL_CALLBACK_LIST[:] = callback_list
    _callback.GLOBAL_INLINE_SCRIPTS[:] = inline


def create_app(
    data_dir: Path = DEFAULT_DATA_DIR,
    *,
    database_url: str | None = None,
    debug: bool = False,
    background_manager=None,
) -> dash.Dash:
    """A ready Dash app serving the datasets in data_dir. Raises LoadError if the data is bad.

    Imported maps, notes, votes, saved views and presentations go to `database_url` (default:
    $DATABASE_URL, else an SQLite file in $EXPLORER_DB_DIR or instance/), so every host on one database
    serves the same imports. Unless `debug`, the server sends security headers and a CSP.
    Long exports run on `background_manager` (default: `explorer.web.background.manager_from_env()`,
    diskcache, or Celery when REDIS_URL is set).
    """
    from explorer.web import background, compression, first_view, map_keyboard, rooms, safety, workshop
    from explorer.web.layout import page, with_tab_contents
    from explorer.web.security import harden

    url = database_url or db.database_url()
    data = MapService(load_catalog(data_dir), ImportStore(url), VersionStore(url))
    jobs = background_manager or background.manager_from_env()
    _hand_callbacks_to_next_app()
    # Bootstrap's CSS is vendored in assets/ (a workshop network may have no internet).
    app = dash.Dash(
        __name__,
        title="System Map Explorer",
        assets_folder=str(ASSETS),
        update_title=None,
        serve_locally=True,
        # Before the assets' scripts, which read the component ids from it.
        external_scripts=[IDS_SCRIPT, map_keyboard.VOCAB_SCRIPT],
        background_callback_manager=jobs,
    )
    # Screen readers pick their voice and pronunciation from the page's language (axe: html-has-lang).
    app.index_string = app.index_string.replace("<html>", '<html lang="en-GB">', 1)
    app.server.add_url_rule(IDS_SCRIPT, "explorer_ids", _ids_script)
    app.server.config["EXPLORER"] = data
    app.server.config["EXPLORER_JOBS"] = jobs  # the worker and the start-up banner ask which it is
    # A function, so each page load lists the maps imported since the app started.
    exit_to = safety.exit_url(app)

    def layout():
        whole = page(data.dataset_options(), [], data.element_options(True), exit_to)
        # Outside a request Dash is asking what to check the callbacks against: that includes the tabs'
        # contents, which a page gets only when it opens them (Dash's documented pattern for this).
        # A page's layout request comes with the page's first view drawn in (explorer/web/first_view.py).
        return (
            first_view.first_view_layout(whole) if flask.has_request_context() else with_tab_contents(whole)
        )

    app.layout = layout
    safety.install(app)
    first_view.install(app)
    map_keyboard.install(app)
    workshop.install(app, url)
    rooms.install(
        app
    )  # after sign-in, so its redirect runs for signed-in requests only  # creates or migrates the database; sign-in from the environment
    harden(app, debug)
    compression.install(app)
    return app
