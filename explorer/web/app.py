"""The app factory: load the data once, build the page, register the callbacks."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import dash
from dash import _callback

from explorer.catalog import DEFAULT_DATA_DIR, load_catalog
from explorer.web.context import AppData

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"


@cache
def _registered() -> tuple[dict, list, list]:
    """Import the callback modules once and keep what `dash.callback` registered.

    Dash hands its global callbacks to the first app that starts and forgets them, so a second app in the
    same process (tests, benchmarks) would have none; each new app gets this copy instead.
    """
    import explorer.web.callbacks
    import explorer.web.exports  # noqa: F401  (each module registers its callbacks on import)

    return (
        dict(_callback.GLOBAL_CALLBACK_MAP),
        list(_callback.GLOBAL_CALLBACK_LIST),
        list(_callback.GLOBAL_INLINE_SCRIPTS),
    )


def _hand_callbacks_to_next_app() -> None:
    callback_map, callback_list, inline = _registered()
    _callback.GLOBAL_CALLBACK_MAP.clear()
    _callback.GLOBAL_CALLBACK_MAP.update(callback_map)
    _callback.GLOBAL_CALLBACK_LIST[:] = callback_list
    _callback.GLOBAL_INLINE_SCRIPTS[:] = inline


def create_app(data_dir: Path = DEFAULT_DATA_DIR) -> dash.Dash:
    """A ready Dash app serving the datasets in data_dir. Raises LoadError if the data is bad."""
    from explorer.web.layout import page

    data = AppData(load_catalog(data_dir))
    _hand_callbacks_to_next_app()
    # Bootstrap's CSS is vendored in assets/ (a workshop network may have no internet).
    app = dash.Dash(
        __name__,
        title="System Map Explorer",
        assets_folder=str(ASSETS),
        update_title=None,
        serve_locally=True,
    )
    app.server.config["EXPLORER"] = data
    app.layout = page(data.dataset_options(), data.element_options(), data.element_options(True))
    return app
