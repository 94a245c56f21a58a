"""The app factory: load the data once, build the page, register the callbacks."""

from __future__ import annotations

from pathlib import Path

import dash

from explorer.catalog import DEFAULT_DATA_DIR, load_catalog
from explorer.web.context import AppData

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"


def create_app(data_dir: Path = DEFAULT_DATA_DIR) -> dash.Dash:
    """A ready Dash app serving the datasets in data_dir. Raises LoadError if the data is bad."""
    import explorer.web.callbacks  # noqa: F401  (registers the callbacks with dash.callback)
    from explorer.web.layout import page

    # Bootstrap's CSS is vendored in assets/ (a workshop network may have no internet).
    data = AppData(load_catalog(data_dir))
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
