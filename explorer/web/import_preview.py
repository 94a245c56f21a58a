"""The import preview: what an upload will become, the type mapping the user may change, and the button that
loads it. Nothing is stored until the user confirms.

`explorer.web.importer.upload` reads the file and fills the preview's summary and mapping table; `notes` here
re-reads it under the user's choices to show the defaults, warnings and any problems; `decide` loads it
(facilitators only, as every import) or cancels. The wording and the mapping come from
`explorer.view.import_preview`.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, html, no_update

from explorer.data.problems import LoadError
from explorer.data.readers.uploads import parse_upload_report
from explorer.view.import_preview import Preview, build_preview, mapping_from_choices
from explorer.web import ids
from explorer.web.auth import current_actor
from explorer.web.context import current
from explorer.web.workshop import facilitator_refusal

# "start" is the value the preview opened with: only a change from it is the user's own choice.
CHOICES = {"type": ids.IMPORT_CHOICE, "kind": ALL, "source": ALL, "start": ALL}
MAX_PROBLEMS_SHOWN = 20


def preview_modal() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle("Preview", id=ids.IMPORT_PREVIEW_TITLE)),
            dbc.ModalBody(
                [
                    html.P("Nothing is loaded until you choose “Load this map”.", className="hint"),
                    html.Div(id=ids.IMPORT_PREVIEW_SUMMARY),
                    html.Div(id=ids.IMPORT_PREVIEW_MAPPING),
                    html.Div(id=ids.IMPORT_PREVIEW_NOTES, **{"aria-live": "polite"}),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button("Cancel", id=ids.IMPORT_CANCEL, color="secondary", outline=True),
                    dbc.Button("Load this map", id=ids.IMPORT_CONFIRM, color="primary"),
                ]
            ),
        ],
        id=ids.IMPORT_PREVIEW,
        labelledby=ids.IMPORT_PREVIEW_TITLE,
        size="lg",
        is_open=False,
        scrollable=True,
    )


def summary(preview: Preview) -> list:
    return [
        html.P(html.Strong(preview.counts), className="mb-1"),
        *[html.P(s, className="mb-1") for s in preview.sentences],
    ]


def mapping_table(preview: Preview) -> html.Div | None:
    """One row per foreign type, with a native select (keyboard and screen readers know it) of ours."""
    if not preview.rows:
        return None
    body = []
    for row in preview.rows:
        what = "Element type" if row.kind == "element" else "Connection type"
        # dbc.Select takes no aria attributes: the label around it names it for screen readers.
        choice = html.Label(
            [
                html.Span(f"{what} “{row.shown}” becomes", className="visually-hidden"),
                dbc.Select(
                    id={
                        "type": ids.IMPORT_CHOICE,
                        "kind": row.kind,
                        "source": row.source,
                        "start": row.target,
                    },
                    options=[{"label": label, "value": value} for value, label in row.options],
                    value=row.target,
                    size="sm",
                ),
            ],
            className="w-100 mb-0",
        )
        body.append(
            html.Tr(
                [
                    html.Td(what),
                    html.Td(row.shown),
                    html.Td(str(row.count)),
                    html.Td(choice),
                    html.Td(
                        "from its name" if row.guessed else "no match: the default", className="import-guess"
                    ),
                ],
                **{"data-kind": row.kind, "data-source": row.source},
            )
        )
    head = html.Thead(
        html.Tr([html.Th(h, scope="col") for h in ("What", "In the file", "Items", "Becomes", "Our guess")])
    )
    return html.Div(
        html.Table(
            [html.Caption("How its types become ours (change any)"), head, html.Tbody(body)],
            className="table table-sm caption-top import-mapping",
        ),
        className="table-responsive",
    )


@callback(
    Output(ids.IMPORT_PREVIEW_NOTES, "children"),
    Output(ids.IMPORT_CONFIRM, "disabled"),
    Input(CHOICES, "value"),
    Input(ids.IMPORT_PREVIEW_MAPPING, "children"),  # a new preview: its choices are the file's guesses
    State(CHOICES, "id"),
    State(ids.UPLOAD, "contents"),
    State(ids.UPLOAD, "filename"),
    prevent_initial_call=True,
)
def notes(values, _table, keys, contents, filenames):
    """The defaults used, the warnings and any problems, under the choices now in the table."""
    if not contents:
        return None, True
    refusal = facilitator_refusal(current_actor(), "Only a facilitator can bring in a map.")
    if refusal is not None:
        return refusal, True
    try:
        _, preview = read(filenames, contents, keys, values)
    except LoadError as exc:
        return problems_note(exc), True
    return notes_list(preview), False


@callback(
    Output(ids.IMPORT_STATUS, "children", allow_duplicate=True),
    Output(ids.IMPORT_PREVIEW, "is_open", allow_duplicate=True),
    Output(ids.DATASET, "options"),
    Output(ids.COMPARE, "options"),
    Output(ids.DATASET, "value", allow_duplicate=True),
    Input(ids.IMPORT_CONFIRM, "n_clicks"),
    Input(ids.IMPORT_CANCEL, "n_clicks"),
    State(CHOICES, "id"),
    State(CHOICES, "value"),
    State(ids.UPLOAD, "contents"),
    State(ids.UPLOAD, "filename"),
    prevent_initial_call=True,
)
def decide(_confirm, _cancel, keys, values, contents, filenames):
    """Load the previewed map under the chosen mapping, whole, or nothing (cancel, or a problem)."""
    if ctx.triggered_id != ids.IMPORT_CONFIRM or not contents:
        return _alert("Nothing was loaded.", "secondary"), False, no_update, no_update, no_update
    app, actor = current(), current_actor()
    refusal = facilitator_refusal(actor, "Only a facilitator can bring in a map.")
    if refusal is not None:  # the store refuses a viewer too; this says why
        return refusal, False, no_update, no_update, no_update
    try:
        dataset, _ = read(filenames, contents, keys, values)
    except LoadError as exc:
        n = len(exc.problems)
        return (
            _alert(f"Nothing was loaded: {n} problem{'s' if n != 1 else ''} to fix.", "danger"),
            True,
            no_update,
            no_update,
            no_update,
        )
    app.imports.save(dataset, actor)
    options = app.dataset_options()
    text = f"Loaded {dataset.name}: {len(dataset.elements)} elements, {len(dataset.connections)} connections."
    return _alert(text, "success"), False, options, options, dataset.id


def read(filenames, contents, keys, values):
    """The dataset and preview an upload makes under the choices (dropdown ids and values) given."""
    mapping = mapping_from_choices(list(zip(keys or [], values or [], strict=False)))
    names = list(filenames or [])
    dataset, report = parse_upload_report(names, list(contents), mapping)
    return dataset, build_preview(dataset, report, " + ".join(sorted(names)))


def notes_list(preview: Preview) -> list:
    parts = []
    if preview.defaults:
        parts += [
            html.H3("Defaults used", className="h6 mt-2"),
            html.Ul([html.Li(d) for d in preview.defaults], className="import-defaults"),
        ]
    if preview.warnings:
        parts += [
            html.H3("Warnings", className="h6 mt-2"),
            html.Ul([html.Li(w) for w in preview.warnings], className="import-warnings"),
        ]
    return parts or [html.P("No defaults were needed and there are no warnings.", className="hint")]


def problems_note(exc: LoadError) -> dbc.Alert:
    shown = exc.problems[:MAX_PROBLEMS_SHOWN]
    more = len(exc.problems) - len(shown)
    return dbc.Alert(
        [
            html.P("With these choices the map would not load:", className="mb-1"),
            html.Ul([html.Li(str(p)) for p in shown] + ([html.Li(f"and {more} more")] if more else [])),
        ],
        color="danger",
        class_name="py-1 my-1",
    )


def _alert(text: str, color: str) -> dbc.Alert:
    return dbc.Alert(text, color=color, class_name="py-1 my-1")
