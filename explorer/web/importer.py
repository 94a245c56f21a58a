"""Bringing a map in: the upload control, and the callback that reads a file and shows its preview (or its
problems). Loading it, once the user confirms, is `explorer.web.import_preview`."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dash_table, dcc, html, no_update

from explorer.data.problems import LoadError
from explorer.data.readers.uploads import MAX_UPLOAD_BYTES, parse_upload_report
from explorer.view.import_preview import build_preview
from explorer.web import ids
from explorer.web.auth import current_actor
from explorer.web.import_preview import mapping_table, preview_modal, summary
from explorer.web.workshop import facilitator_refusal

ERROR_COLUMNS = [
    {"name": n, "id": k}
    for n, k in (("File", "file"), ("Row", "row"), ("Column", "column"), ("Problem", "message"))
]


def import_controls() -> html.Div:
    return html.Div(
        [
            html.Div("Bring in a map", className="control-label"),
            dcc.Upload(
                id=ids.UPLOAD,
                children=html.Div(["Drop a file here or ", html.Span("choose one", className="upload-link")]),
                multiple=True,
                accept=".csv,.xlsx,.json,.graphml,.xml,.gexf,.prsm",
                className="upload-box",
            ),
            html.Div(
                "Excel or CSV (ours or Kumu's), Kumu JSON, GraphML (yEd, Gephi), GEXF or PRSM, or a map's CSV files together.",
                className="hint",
            ),
            html.Div(id=ids.IMPORT_STATUS, role="status"),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle("The map was not loaded", id=ids.IMPORT_MODAL_TITLE)),
                    dbc.ModalBody(
                        [
                            html.P("Nothing was loaded. Fix these in the file and upload it again:"),
                            dash_table.DataTable(
                                id=ids.IMPORT_ERRORS,
                                columns=ERROR_COLUMNS,
                                data=[],
                                sort_action="native",
                                style_cell={
                                    "fontSize": "15px",
                                    "whiteSpace": "normal",
                                    "height": "auto",
                                    "textAlign": "left",
                                },
                                style_table={"overflowX": "auto"},
                            ),
                        ]
                    ),
                ],
                id=ids.IMPORT_MODAL,
                labelledby=ids.IMPORT_MODAL_TITLE,  # a dialog needs a name (axe: aria-dialog-name)
                size="xl",
                is_open=False,
                scrollable=True,
            ),
            preview_modal(),
        ],
        # assets/60-upload-limit.js refuses larger files before they are sent (the request would be a 413).
        **{"data-max-bytes": str(MAX_UPLOAD_BYTES)},
    )


@callback(
    Output(ids.IMPORT_STATUS, "children"),
    Output(ids.IMPORT_ERRORS, "data"),
    Output(ids.IMPORT_MODAL, "is_open"),
    Output(ids.IMPORT_PREVIEW, "is_open"),
    Output(ids.IMPORT_PREVIEW_TITLE, "children"),
    Output(ids.IMPORT_PREVIEW_SUMMARY, "children"),
    Output(ids.IMPORT_PREVIEW_MAPPING, "children"),
    Input(ids.UPLOAD, "contents"),
    State(ids.UPLOAD, "filename"),
    prevent_initial_call=True,
)
def upload(contents, filenames):
    """A preview of what the file will become (nothing is stored yet), or every problem by file, row and
    column and nothing loaded."""
    if not contents:
        return (no_update,) * 7
    refusal = facilitator_refusal(current_actor(), "Only a facilitator can bring in a map.")
    if refusal is not None:  # before reading the file: a viewer's upload costs nothing
        return refusal, [], False, False, no_update, no_update, no_update
    names = list(filenames or [])
    try:
        dataset, report = parse_upload_report(names, list(contents))
    except LoadError as exc:
        rows = [p.as_dict() for p in exc.problems[:500]]
        message = dbc.Alert(
            f"Nothing was loaded: {len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''} to fix.",
            color="danger",
            class_name="py-1 my-1",
        )
        return message, rows, True, False, no_update, no_update, no_update
    preview = build_preview(dataset, report, " + ".join(sorted(names)))
    message = dbc.Alert(
        f"Preview of {dataset.name}: {preview.counts}. Nothing is loaded until you confirm.",
        color="info",
        class_name="py-1 my-1",
    )
    return message, [], False, True, preview.title, summary(preview), mapping_table(preview)
