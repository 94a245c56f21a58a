"""Editing a map in the page (facilitators; without sign-in, the local user): every edit, undo and redo
makes or moves to a version of the map (explorer.store.versions), never the shipped files.

The card shows which version is open, the map's versions with author and time (each opens, or opens as
Differences against its parent), Undo and Redo, and forms to change or remove the tapped item, add a
service or a link, and cite a workshop note as evidence. Each action names the revision the card was
drawn at; if another facilitator changed the map since, the store refuses and the card says so.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from explorer.data.edits import Edit, EditError, apply
from explorer.data.model import Element
from explorer.data.vocab import (
    BASIS_LABELS,
    ELEMENT_TYPE_LABELS,
    KIND_LABELS,
    LAYER_LABELS,
    SECTOR_LABELS,
    STATUS_LABELS,
    Provenance,
)
from explorer.store import versions
from explorer.store.auth import ReadOnlyError
from explorer.view.state import from_store
from explorer.web import ids
from explorer.web.auth import current_actor
from explorer.web.context import current
from explorer.web.rooms import room_code_in
from explorer.web.view_links import view_link
from explorer.web.workshop import SMALL, alert, app_engine

HIDDEN = {"display": "none"}


def _options(labels: dict) -> list[dict]:
    return [{"label": text, "value": key.value} for key, text in labels.items()]


def _select(component_id: str, labels: dict, label: str, value=None) -> html.Div:
    return html.Div(
        [
            dbc.Label(label, html_for=component_id, class_name="small mb-0"),
            dbc.Select(id=component_id, options=_options(labels), value=value, size="sm"),
        ],
        className="mb-1",
    )


def _input(component_id: str, label: str, **kwargs) -> html.Div:
    return html.Div(
        [
            dbc.Label(label, html_for=component_id, class_name="small mb-0"),
            dbc.Input(id=component_id, size="sm", **kwargs),
        ],
        className="mb-1",
    )


def _section(title: str, children: list, open_: bool = False) -> html.Details:
    return html.Details(
        [html.Summary(title, className="small fw-bold"), *children], open=open_, className="mb-2"
    )


def editor_panel() -> dbc.Card:
    """The editor card, for the sidebar. Hidden for viewers and on a follower's room page."""
    change = _section(
        "Change the tapped item",
        [
            html.Div(id=ids.EDIT_ITEM, className="hint mb-1"),
            html.Div(
                [
                    _input(ids.EDIT_LABEL, "Label", maxLength=200),
                    _select(ids.EDIT_TYPE, ELEMENT_TYPE_LABELS, "Type"),
                    _select(ids.EDIT_SECTOR, SECTOR_LABELS, "Sector"),
                    html.Div(
                        [
                            dbc.Label("Layers", class_name="small mb-0"),
                            dbc.Checklist(
                                id=ids.EDIT_LAYERS, options=_options(LAYER_LABELS), inline=True, value=[]
                            ),
                        ],
                        className="mb-1",
                    ),
                ],
                id=ids.EDIT_ELEMENT_FIELDS,
            ),
            html.Div(
                [
                    _select(ids.EDIT_STATUS, STATUS_LABELS, "Status"),
                    _select(ids.EDIT_KIND, KIND_LABELS, "Kind of link"),
                    _select(ids.EDIT_LAYER, LAYER_LABELS, "Layer"),
                ],
                id=ids.EDIT_CONNECTION_FIELDS,
            ),
            _select(ids.EDIT_BASIS, BASIS_LABELS, "How we know"),
            dbc.Label("Description", html_for=ids.EDIT_DESCRIPTION, class_name="small mb-0"),
            dbc.Textarea(id=ids.EDIT_DESCRIPTION, rows=2, maxLength=4000),
            html.Div(
                [
                    dbc.Button("Save as a new version", id=ids.EDIT_SAVE, color="primary", size="sm"),
                    dbc.Button("Remove it", id=ids.EDIT_REMOVE, **SMALL),
                ],
                className="d-flex gap-1 mt-1",
            ),
        ],
        open_=True,
    )
    add_element = _section(
        "Add a service or group",
        [
            _input(ids.EDIT_NEW_LABEL, "Label", maxLength=200),
            _select(ids.EDIT_NEW_TYPE, ELEMENT_TYPE_LABELS, "Type", "service"),
            _select(ids.EDIT_NEW_SECTOR, SECTOR_LABELS, "Sector", "voluntary"),
            _select(ids.EDIT_NEW_LAYER, LAYER_LABELS, "Layer", "C"),
            dbc.Button("Add", id=ids.EDIT_ADD_ELEMENT, **SMALL),
        ],
    )
    add_link = _section(
        "Add a link",
        [
            dbc.Label("From", html_for=ids.EDIT_FROM, class_name="small mb-0"),
            dcc.Dropdown(id=ids.EDIT_FROM, options=[], placeholder="From…", className="mb-1"),
            dbc.Label("To", html_for=ids.EDIT_TO, class_name="small mb-0"),
            dcc.Dropdown(id=ids.EDIT_TO, options=[], placeholder="To…", className="mb-1"),
            _select(ids.EDIT_NEW_KIND, KIND_LABELS, "Kind", "refers"),
            _select(ids.EDIT_NEW_STATUS, STATUS_LABELS, "Status", "present"),
            _select(ids.EDIT_NEW_LINK_LAYER, LAYER_LABELS, "Layer", "C"),
            dbc.Button("Add the link", id=ids.EDIT_ADD_LINK, **SMALL),
        ],
    )
    cite = _section(
        "Cite a workshop note on the tapped item",
        [
            _input(ids.EDIT_CITE_GROUP, "Group", maxLength=200, placeholder="e.g. Survivors' advisory group"),
            _input(ids.EDIT_CITE_DATE, "Date", type="date"),
            dbc.Label("What they said", html_for=ids.EDIT_CITE_TEXT, class_name="small mb-0"),
            dbc.Textarea(id=ids.EDIT_CITE_TEXT, rows=2, maxLength=4000),
            dbc.Button("Cite as evidence", id=ids.EDIT_CITE, **SMALL, class_name="mt-1"),
        ],
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Edit this map", className="panel-title"),
                html.Div(id=ids.EDIT_INFO, className="small mb-1"),
                html.Div(
                    [
                        dbc.Button("Undo", id=ids.EDIT_UNDO, **SMALL),
                        dbc.Button("Redo", id=ids.EDIT_REDO, **SMALL),
                    ],
                    className="d-flex gap-1 mb-1",
                ),
                html.Div(id=ids.EDIT_MSG, role="status"),
                change,
                add_element,
                add_link,
                cite,
                html.Details(
                    [html.Summary("Versions", className="small fw-bold"), html.Div(id=ids.EDIT_VERSIONS)],
                    open=True,
                ),
                dcc.Store(id=ids.EDIT_REV),
            ]
        ),
        id=ids.EDITOR_CARD,
        class_name="mb-2 workshop-card",
        style=HIDDEN,
    )


# What the card shows --------------------------------------------------------------------------------


def editable(dataset) -> str:
    """Why a map cannot be edited, or "" when it can (the reference pathway is the paper's, not a map)."""
    if dataset.provenance is Provenance.REFERENCE:
        return "The reference pathway is what the paper recommends; it is not edited."
    return ""


def version_rows(history: list, head_id: str) -> list:
    """The versions, newest first: each opens, or opens as Differences against its parent. The links set
    only the area (explorer/web/view_links.py), so the layer and highlight shown when clicked are kept."""
    if not history:
        return [html.P("No versions yet: an edit makes version 1.", className="hint")]
    items = []
    for v in reversed(history):
        opened = {"dataset": v.dataset_id, "compare": "", "mode": "", "view": ""}
        differences = {"dataset": v.dataset_id, "compare": v.parent_id or "", "mode": "diff", "view": ""}
        items.append(
            html.Li(
                [
                    view_link(versions.describe(v), opened, className="version-open"),
                    " · ",
                    view_link("differences with its parent", differences, className="version-diff"),
                    html.Strong(" (current)") if v.dataset_id == head_id else None,
                ],
                **{"data-version": v.dataset_id},
            )
        )
    return [html.Ol(items, className="version-list small", reversed=True)]


def info_line(dataset, head) -> str:
    if dataset.id == head.head_id:
        return f"Editing {dataset.name} (the current version; revision {head.revision})."
    return f"This is {dataset.name}; the current version is {head.head_id}. Open it to edit."


def item_fields(dataset, item_id: str) -> tuple:
    """The change form's values for the tapped item: label, type, sector, layers, status, kind, layer,
    basis, description, and which field groups to show."""
    item = dataset.get(item_id) if item_id else None
    if item is None:
        return ("Tap a service, group or link on the map.", "", None, None, [], None, None, None, None, "")
    basis = item.basis.value if item.basis else None
    if isinstance(item, Element):
        return (
            f"Changing {item.label}.",
            item.label,
            item.type.value,
            item.sector.value,
            [layer.value for layer in item.layers],
            None,
            None,
            None,
            basis,
            item.description,
        )
    label = f"{dataset.element(item.source).label} → {dataset.element(item.target).label}"
    return (
        f"Changing the link {label}.",
        "",
        None,
        None,
        [],
        item.status.value,
        item.kind.value,
        item.layer.value,
        basis,
        item.description,
    )


@callback(
    Output(ids.EDITOR_CARD, "style"),
    Output(ids.EDIT_INFO, "children"),
    Output(ids.EDIT_VERSIONS, "children"),
    Output(ids.EDIT_REV, "data"),
    Output(ids.EDIT_ITEM, "children"),
    Output(ids.EDIT_LABEL, "value"),
    Output(ids.EDIT_TYPE, "value"),
    Output(ids.EDIT_SECTOR, "value"),
    Output(ids.EDIT_LAYERS, "value"),
    Output(ids.EDIT_STATUS, "value"),
    Output(ids.EDIT_KIND, "value"),
    Output(ids.EDIT_LAYER, "value"),
    Output(ids.EDIT_BASIS, "value"),
    Output(ids.EDIT_DESCRIPTION, "value"),
    Output(ids.EDIT_ELEMENT_FIELDS, "style"),
    Output(ids.EDIT_CONNECTION_FIELDS, "style"),
    Output(ids.EDIT_FROM, "options"),
    Output(ids.EDIT_TO, "options"),
    Output(ids.DATASET, "options"),
    # The editor's part key (explorer.view.page): the area and the picked item, so a toggle sends nothing here.
    Input(ids.PART_EDITOR, "data"),
    State(ids.STATE, "data"),
    State(ids.URL, "pathname"),
    State(ids.EDIT_REV, "data"),
)
def show(_key, data, pathname, drawn):
    if not data:
        raise dash.exceptions.PreventUpdate
    if room_code_in(pathname) or not current_actor().can_write:
        return (HIDDEN, *(no_update,) * 18)
    service = current()
    state = from_store(data)
    dataset = service.dataset(state.dataset)
    why_not = editable(dataset)
    if why_not:
        return ({}, why_not, [], None, *(no_update,) * 15)
    engine = app_engine()
    base = versions.base_of(dataset.id)
    head = versions.head(engine, base)
    history = versions.history(engine, base)
    rev = {"dataset": dataset.id, "base": base, "revision": head.revision, "select": state.select}
    # The form is refilled only when the map, its revision or the tapped item changed, so typing is kept.
    refill = not drawn or {k: drawn.get(k) for k in rev} != rev
    fields = item_fields(dataset, state.select) if refill else (no_update,) * 10
    is_element = isinstance(dataset.get(state.select), Element) if state.select else False
    is_link = bool(state.select) and not is_element and dataset.get(state.select) is not None
    elements = [{"label": e.label, "value": e.id} for e in sorted(dataset.elements, key=lambda e: e.label)]
    return (
        {},
        info_line(dataset, head),
        version_rows(history, head.head_id),
        rev,
        *fields,
        {} if is_element else HIDDEN,
        {} if is_link else HIDDEN,
        elements if refill else no_update,
        elements if refill else no_update,
        service.dataset_options() if refill else no_update,
    )


# Actions --------------------------------------------------------------------------------------------

ACTIONS = {
    ids.EDIT_SAVE: "set",
    ids.EDIT_REMOVE: "remove",
    ids.EDIT_ADD_ELEMENT: "add-element",
    ids.EDIT_ADD_LINK: "add-connection",
    ids.EDIT_CITE: "cite",
}


def form_edit(action: str, dataset, select: str, form: dict) -> Edit:
    """The Edit an action's button asks for, from the form's values."""
    if action == "set":
        item = dataset.get(select) if select else None
        keys = (
            ("label", "type", "sector", "layers", "basis", "description")
            if isinstance(item, Element)
            else ("status", "kind", "layer", "basis", "description")
        )
        values = {k: form.get(k) for k in keys if form.get(k) is not None}
        return Edit("set", select, values)
    if action == "remove":
        return Edit("remove", select)
    if action == "add-element":
        return Edit(
            "add-element",
            values={
                "label": form.get("new_label"),
                "type": form.get("new_type") or "service",
                "sector": form.get("new_sector") or "other",
                "layers": [form.get("new_layer") or "C"],
            },
        )
    if action == "add-connection":
        return Edit(
            "add-connection",
            values={
                "source": form.get("source"),
                "target": form.get("target"),
                "kind": form.get("new_kind") or "refers",
                "status": form.get("new_status") or "present",
                "layer": form.get("new_link_layer") or "C",
            },
        )
    return Edit(
        "cite",
        select,
        {"group": form.get("group"), "date_text": form.get("date"), "text": form.get("text")},
    )


def run_action(engine, actor, service, state, action: str, form: dict, revision: int, author: str | None):
    """Do one action; returns (query to open, message). Raises EditError, ConflictError, ReadOnlyError."""
    dataset = service.dataset(state.dataset)
    base = versions.base_of(dataset.id)
    if action in ("undo", "redo"):
        step = versions.undo if action == "undo" else versions.redo
        moved = step(engine, actor, base, revision, author)
        return state.with_(
            dataset=moved.head_id, compare=""
        ).to_query(), f"{action.title()}: now {moved.head_id}."
    why_not = editable(dataset)
    if why_not:
        raise EditError(why_not)
    edited, summary = apply(dataset, form_edit(action, dataset, state.select, form))
    made = versions.commit(engine, actor, dataset, edited, summary, revision, author)
    select = "" if action == "remove" else state.select
    return (
        state.with_(dataset=made.dataset_id, compare="", select=select).to_query(),
        f"Saved as version {made.number}: {summary}.",
    )


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Output(ids.EDIT_MSG, "children"),
    Input(ids.EDIT_SAVE, "n_clicks"),
    Input(ids.EDIT_REMOVE, "n_clicks"),
    Input(ids.EDIT_ADD_ELEMENT, "n_clicks"),
    Input(ids.EDIT_ADD_LINK, "n_clicks"),
    Input(ids.EDIT_CITE, "n_clicks"),
    Input(ids.EDIT_UNDO, "n_clicks"),
    Input(ids.EDIT_REDO, "n_clicks"),
    State(ids.STATE, "data"),
    State(ids.EDIT_REV, "data"),
    State(ids.NOTE_AUTHOR, "value"),
    State(ids.EDIT_LABEL, "value"),
    State(ids.EDIT_TYPE, "value"),
    State(ids.EDIT_SECTOR, "value"),
    State(ids.EDIT_LAYERS, "value"),
    State(ids.EDIT_STATUS, "value"),
    State(ids.EDIT_KIND, "value"),
    State(ids.EDIT_LAYER, "value"),
    State(ids.EDIT_BASIS, "value"),
    State(ids.EDIT_DESCRIPTION, "value"),
    State(ids.EDIT_NEW_LABEL, "value"),
    State(ids.EDIT_NEW_TYPE, "value"),
    State(ids.EDIT_NEW_SECTOR, "value"),
    State(ids.EDIT_NEW_LAYER, "value"),
    State(ids.EDIT_FROM, "value"),
    State(ids.EDIT_TO, "value"),
    State(ids.EDIT_NEW_KIND, "value"),
    State(ids.EDIT_NEW_STATUS, "value"),
    State(ids.EDIT_NEW_LINK_LAYER, "value"),
    State(ids.EDIT_CITE_GROUP, "value"),
    State(ids.EDIT_CITE_DATE, "value"),
    State(ids.EDIT_CITE_TEXT, "value"),
    prevent_initial_call=True,
)
def act(*args):
    clicks, (data, drawn, author, *values) = args[:7], args[7:]
    trigger = ctx.triggered_id
    if not data or not drawn or not any(clicks):
        raise dash.exceptions.PreventUpdate
    action = {ids.EDIT_UNDO: "undo", ids.EDIT_REDO: "redo"}.get(trigger) or ACTIONS[trigger]
    names = [
        "label",
        "type",
        "sector",
        "layers",
        "status",
        "kind",
        "layer",
        "basis",
        "description",
        "new_label",
        "new_type",
        "new_sector",
        "new_layer",
        "source",
        "target",
        "new_kind",
        "new_status",
        "new_link_layer",
        "group",
        "date",
        "text",
    ]
    form = dict(zip(names, values, strict=True))
    state = from_store(data)
    try:
        query, message = run_action(
            app_engine(), current_actor(), current(), state, action, form, drawn["revision"], author
        )
    except (EditError, versions.ConflictError, ReadOnlyError, KeyError) as error:
        text = str(error) if not isinstance(error, KeyError) else "That map no longer exists."
        return no_update, alert(text, ok=False)
    return query, alert(message)
