"""Export controls: download the current view as an image, build a report pack as a ZIP, or download the
workshop's notes and votes as a CSV.

Some of the people who write notes are survivors: "Leave names out" is ticked by default, and then every
note and vote in the report pack and the notes CSV is by 'Anonymous'.

`export_controls()` is the component to place in the page; importing this module registers its callbacks
with `dash.callback`. Both callbacks read the view state from the `dcc.Store` (`ids.STATE`) and draw
with `explorer.outputs.images` / `explorer.outputs.report_pack`, so what downloads is what the view shows, with its caption,
legend and provenance.

The report pack takes seconds to minutes (a 500-element map at 4× took 21 s of CPU), and one PNG of the
study's All view takes over a second at 2× (1.1 s; 1.5 s at 4×), so both are Dash
background callbacks (explorer/web/background.py: diskcache, or Celery on REDIS_URL): the page polls,
shows a progress bar with the step being drawn, and offers Cancel; the rest of the page keeps working.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import tempfile
import zipfile
from pathlib import Path

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, dcc, html
from dash.exceptions import PreventUpdate

from explorer.data.writers.csvzip import csv_bytes
from explorer.data.writers.tabular import notes_table
from explorer.outputs.images import PNG_SCALES, image_filename, render_png, render_svg
from explorer.outputs.report_pack import Progress, build_report
from explorer.store.notes import notes_rows
from explorer.view.state import ViewState, from_store
from explorer.web import background, ids, workshop
from explorer.web.context import current

log = logging.getLogger(__name__)
SCALES = list(range(PNG_SCALES[0], PNG_SCALES[1] + 1))
DEFAULT_SCALE = 2


def export_controls() -> html.Div:
    """Format (PNG/SVG), PNG scale, "Download image", and "Build report pack" with a spinner."""
    return html.Div(
        [
            html.Div("Export", className="control-label", id=f"{ids.EXPORT_CONTROLS}-label"),
            html.Div(
                [
                    dbc.RadioItems(
                        id=ids.EXPORT_FORMAT,
                        options=[{"label": "PNG", "value": "png"}, {"label": "SVG", "value": "svg"}],
                        value="png",
                        inline=True,
                        class_name="me-2",
                    ),
                    html.Label("PNG scale", htmlFor=ids.EXPORT_SCALE, className="ms-1 mb-0 small"),
                    dbc.Select(
                        id=ids.EXPORT_SCALE,
                        options=[{"label": f"{s}×", "value": str(s)} for s in SCALES],
                        value=str(DEFAULT_SCALE),
                        size="sm",
                        style={"width": "4.8em"},
                    ),
                ],
                className="d-flex align-items-center gap-1 mb-2",
            ),
            html.Div(
                [
                    dbc.Button("Download image", id=ids.EXPORT_IMAGE, color="primary", size="sm"),
                    dbc.Button(
                        "Build report pack", id=ids.EXPORT_REPORT, color="secondary", outline=True, size="sm"
                    ),
                ],
                className="d-flex flex-wrap gap-1",
            ),
            progress_panel(
                ids.EXPORT_IMAGE_RUNNING,
                ids.EXPORT_IMAGE_PROGRESS,
                html.Span(id=ids.EXPORT_IMAGE_STEP, className="hint"),
                "Image progress",
                height="0.8rem",
            ),
            dbc.Checkbox(
                id=ids.EXPORT_NO_NAMES,
                label="Leave names out of notes and votes",
                value=True,
                class_name="small mt-2 mb-1",
            ),
            dbc.Button(
                "Download notes (CSV)", id=ids.EXPORT_NOTES, color="secondary", outline=True, size="sm"
            ),
            progress_panel(
                ids.EXPORT_REPORT_RUNNING,
                ids.EXPORT_REPORT_PROGRESS,
                html.Div(
                    [
                        html.Span(id=ids.EXPORT_REPORT_STEP, className="hint me-auto"),
                        dbc.Button(
                            "Cancel", id=ids.EXPORT_REPORT_CANCEL, color="dark", outline=True, size="sm"
                        ),
                    ],
                    className="d-flex align-items-center gap-1 mt-1",
                ),
                "Report pack progress",
            ),
            html.Div(id=ids.EXPORT_REPORT_STATUS, className="hint mt-1", **{"aria-live": "polite"}),
            dcc.Download(id=ids.EXPORT_IMAGE_DOWNLOAD),
            dcc.Download(id=ids.EXPORT_REPORT_DOWNLOAD),
            dcc.Download(id=ids.EXPORT_NOTES_DOWNLOAD),
        ],
        id=ids.EXPORT_CONTROLS,
        className="export-controls",
        role="group",
        **{"aria-labelledby": f"{ids.EXPORT_CONTROLS}-label"},
    )


def progress_panel(running_id: str, bar_id: str, below, label: str, height: str = "1.1rem") -> html.Div:
    """A background job's bar with its step line below, hidden until the job runs."""
    bar = dbc.Progress(
        id=bar_id, value=0, max=1, striped=True, animated=True, style={"height": height}, class_name="mt-2"
    )
    return html.Div([bar, below], id=running_id, hidden=True, **{"aria-label": label})


def progress_outputs(bar_id: str, step_id: str) -> list[Output]:
    """What a background job's `set_progress((done, total, text))` sets: the bar's value and max, and its step line."""
    return [Output(bar_id, "value"), Output(bar_id, "max"), Output(step_id, "children")]


def state_from(data: dict | None) -> ViewState:
    """The ViewState a `ids.STATE` store holds (keys it does not know are ignored)."""
    if not data:
        raise PreventUpdate
    return from_store(data)


def png_scale(value) -> float:
    """The chosen PNG scale, kept within 1 to 4."""
    try:
        scale = float(value)
    except (TypeError, ValueError):
        return float(DEFAULT_SCALE)
    return min(max(scale, PNG_SCALES[0]), PNG_SCALES[1])


def image_download(data: dict | None, fmt: str, scale, progress: Progress | None = None) -> dict:
    """The dcc.Download payload for the current view as PNG or SVG; `progress(done, total, message)` hears
    of each step (drawing, then rasterising a PNG)."""
    app = current()
    state = state_from(data)
    if state.dataset not in app.dataset_ids():  # shipped or imported; anything else is a stale store
        raise PreventUpdate
    dataset = app.dataset(state.dataset)
    tell = progress or (lambda done, total, message: None)
    steps = 1 if fmt == "svg" else 2
    tell(0, steps, "drawing the map")
    svg = render_svg(dataset, state, app)
    if fmt == "svg":
        return dcc.send_string(svg, image_filename(dataset, state, "svg"), type="image/svg+xml")
    scale = png_scale(scale)
    tell(1, steps, f"making the PNG at {scale:g}×")
    return dcc.send_bytes(render_png(svg, scale), image_filename(dataset, state, "png"), type="image/png")


def with_names(no_names) -> bool:
    """Whether an export keeps the names on notes and votes: only when "Leave names out" is unticked.

    >>> with_names(True), with_names(None), with_names(False)
    (False, False, True)
    """
    return no_names is False


def notes_download(data: dict | None, names: bool) -> dict:
    """The dcc.Download payload of every note and vote on the current map, as CSV (formulas neutralised)."""
    app = current()
    state = state_from(data)
    if state.dataset not in app.dataset_ids():
        raise PreventUpdate
    dataset = app.dataset(state.dataset)
    rows = notes_rows(dataset.id, workshop.app_engine(), dataset, names=names)
    name = f"notes_{dataset.id}{'' if names else '_anonymous'}_{dt.date.today().isoformat()}.csv"
    return dcc.send_bytes(csv_bytes(*notes_table(rows)), name, type="text/csv")


def report_zip(
    data: dict | None, scale, names: bool = False, progress: Progress | None = None
) -> tuple[str, bytes, int]:
    """The report pack of the current dataset (and the compared one, if any) as (file name, ZIP, files);
    its notes carry their authors' names only when `names` is true. `progress(done, total, message)`
    hears of each step (`explorer.outputs.report_pack.build_report`)."""
    app = current()
    state = state_from(data)
    chosen = [state.dataset]
    compare = getattr(state, "compare", "")
    if compare and compare != state.dataset:
        chosen.append(compare)
    chosen = [d for d in chosen if d in app.dataset_ids()]
    if not chosen:
        raise PreventUpdate
    stem = f"report_{'_'.join(chosen)}_{dt.date.today().isoformat()}"
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="explorer-report-") as tmp:
        engine = workshop.app_engine()
        manifest = build_report(
            app,
            chosen,
            tmp,
            scale=png_scale(scale),
            notes=lambda d: notes_rows(d.id, engine, d, names=names),
            progress=progress,
        )
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in manifest:
                archive.write(path, f"{stem}/{Path(path).relative_to(tmp).as_posix()}")
    return f"{stem}.zip", buffer.getvalue(), len(manifest)


@callback(
    Output(ids.EXPORT_IMAGE_DOWNLOAD, "data"),
    Input(ids.EXPORT_IMAGE, "n_clicks"),
    State(ids.STATE, "data"),
    State(ids.EXPORT_FORMAT, "value"),
    State(ids.EXPORT_SCALE, "value"),
    background=True,
    progress=progress_outputs(ids.EXPORT_IMAGE_PROGRESS, ids.EXPORT_IMAGE_STEP),
    progress_default=[0, 1, "Starting…"],
    running=[
        (Output(ids.EXPORT_IMAGE, "disabled"), True, False),
        (Output(ids.EXPORT_IMAGE_RUNNING, "hidden"), False, True),
    ],
    interval=400,
    prevent_initial_call=True,
)
def download_image(set_progress, clicks, data, fmt, scale):
    if not clicks:
        raise PreventUpdate
    with background.job_server().app_context():  # a job runs outside the request that started it
        return image_download(
            data, fmt, scale, lambda d, t, m: set_progress((d, t, f"Image: {step_text(d + 1, t, m)}"))
        )


def step_text(done: int, total: int, message: str) -> str:
    """What the progress line says while the pack is built.

    >>> step_text(3, 10, "image study layer C, no highlight")
    'Step 3 of 10: image study layer C, no highlight'
    """
    return f"Step {done} of {total}: {message}"


def report_outcome(data: dict | None, scale, names: bool, progress: Progress | None = None) -> tuple:
    """The download and the status line for a report pack; a failure is told, never raised to the page."""
    try:
        name, content, count = report_zip(data, scale, names, progress)
    except PreventUpdate:
        raise
    except Exception as exc:  # told to the user; the server log keeps the traceback
        log.exception("report pack failed")
        return None, f"Could not build the report pack: {exc}"
    return dcc.send_bytes(
        content, name, type="application/zip"
    ), f"Report pack ready: {count} files in {name}."


@callback(
    Output(ids.EXPORT_REPORT_DOWNLOAD, "data"),
    Output(ids.EXPORT_REPORT_STATUS, "children"),
    Input(ids.EXPORT_REPORT, "n_clicks"),
    State(ids.STATE, "data"),
    State(ids.EXPORT_SCALE, "value"),
    State(ids.EXPORT_NO_NAMES, "value"),
    background=True,
    progress=progress_outputs(ids.EXPORT_REPORT_PROGRESS, ids.EXPORT_REPORT_STEP),
    progress_default=[0, 1, "Starting…"],
    running=[
        (Output(ids.EXPORT_REPORT, "disabled"), True, False),
        (Output(ids.EXPORT_REPORT_RUNNING, "hidden"), False, True),
        (Output(ids.EXPORT_REPORT_CANCEL, "disabled"), False, True),
    ],
    cancel=[Input(ids.EXPORT_REPORT_CANCEL, "n_clicks")],
    interval=700,
    prevent_initial_call=True,
)
def download_report(set_progress, clicks, data, scale, no_names):
    if not clicks:
        raise PreventUpdate
    with background.job_server().app_context():  # a job runs outside the request that started it
        return report_outcome(
            data, scale, with_names(no_names), lambda d, t, m: set_progress((d, t, step_text(d, t, m)))
        )


# Cancel stops the job and the bar; the status line (owned by the report callback) says so.
clientside_callback(
    """function (clicks) {
        if (!clicks) { return window.dash_clientside.no_update; }
        return 'Report pack cancelled.';
    }""",
    Output(ids.EXPORT_REPORT_STATUS, "children", allow_duplicate=True),
    Input(ids.EXPORT_REPORT_CANCEL, "n_clicks"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.EXPORT_NOTES_DOWNLOAD, "data"),
    Input(ids.EXPORT_NOTES, "n_clicks"),
    State(ids.STATE, "data"),
    State(ids.EXPORT_NO_NAMES, "value"),
    prevent_initial_call=True,
)
def download_notes(clicks, data, no_names):
    if not clicks:
        raise PreventUpdate
    return notes_download(data, with_names(no_names))
