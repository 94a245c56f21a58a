"""Saved views and presentations, in the page: made, renamed, reordered and deleted from the sidebar.

Writes go through explorer.store.views, which refuses viewers whatever the buttons show.
"""

from __future__ import annotations

from types import SimpleNamespace

import dash
import dash_bootstrap_components as dbc
from dash import (
    Input,
    Output,
    State,
    callback,
    ctx,
    dcc,
    html,
    no_update,
)

from explorer.store import views
from explorer.store.auth import Actor, ReadOnlyError
from explorer.store.views import NotFound
from explorer.view.state import from_store
from explorer.web import ids
from explorer.web.auth import current_actor
from explorer.web.workshop import SMALL, alert, app_engine


def presentation_controls() -> dbc.Card:
    """Saved views and presentations: save, open, rename, delete, order, present. Goes in the sidebar."""
    view_tools = html.Fieldset(
        [
            dbc.Label("Name", html_for=ids.VIEW_NAME, class_name="small mb-0"),
            dbc.Input(id=ids.VIEW_NAME, maxLength=120, size="sm", placeholder="e.g. The wall, layer C"),
            html.Div(
                [
                    dbc.Button("Save this view", id=ids.VIEW_SAVE, color="primary", size="sm"),
                    dbc.Button("Rename", id=ids.VIEW_RENAME, **SMALL),
                    dcc.ConfirmDialogProvider(
                        dbc.Button("Delete", id=ids.VIEW_DELETE + "-button", **SMALL),
                        id=ids.VIEW_DELETE,
                        message="Delete this saved view? It also leaves every presentation it is in.",
                    ),
                    dbc.Button("Add to presentation", id=ids.VIEW_ADD, **SMALL),
                ],
                className="d-flex flex-wrap gap-1 mt-1",
            ),
        ],
        id=ids.VIEWS_EDIT,
    )
    deck_tools = html.Fieldset(
        [
            html.Div(
                [
                    dbc.Button("↑ Earlier", id=ids.SLIDE_UP, **SMALL),
                    dbc.Button("↓ Later", id=ids.SLIDE_DOWN, **SMALL),
                    dbc.Button("Remove slide", id=ids.SLIDE_REMOVE, **SMALL),
                ],
                className="d-flex flex-wrap gap-1 mb-1",
            ),
            dbc.Label("Presentation name", html_for=ids.DECK_NAME, class_name="small mb-0"),
            dbc.Input(id=ids.DECK_NAME, maxLength=120, size="sm", placeholder="e.g. Advisory group, March"),
            html.Div(
                [
                    dbc.Button("New presentation", id=ids.DECK_NEW, color="primary", size="sm"),
                    dbc.Button("Rename", id=ids.DECK_RENAME, **SMALL),
                    dcc.ConfirmDialogProvider(
                        dbc.Button("Delete", id=ids.DECK_DELETE + "-button", **SMALL),
                        id=ids.DECK_DELETE,
                        message="Delete this presentation? Its saved views stay.",
                    ),
                ],
                className="d-flex flex-wrap gap-1 mt-1",
            ),
        ],
        id=ids.DECK_EDIT,
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Saved views", className="panel-title"),
                dbc.RadioItems(id=ids.VIEW_LIST, options=[], class_name="choice-list mb-1"),
                dbc.Button("Open view", id=ids.VIEW_OPEN, **SMALL, class_name="mb-1"),
                view_tools,
                html.H2("Presentations", className="panel-title mt-3"),
                dbc.Label("Presentation", html_for=ids.DECK_SELECT, class_name="visually-hidden"),
                dbc.Select(id=ids.DECK_SELECT, options=[], placeholder="Choose a presentation", size="sm"),
                dbc.RadioItems(id=ids.SLIDE_LIST, options=[], class_name="choice-list my-1"),
                dbc.Button("Present ▶", id=ids.DECK_START, color="success", size="sm", class_name="mb-1"),
                deck_tools,
                html.Div(id=ids.VIEWS_MSG, role="status"),
                dcc.Store(id=ids.VIEWS_REV, data=0),
            ]
        ),
        class_name="mb-2 workshop-card",
        id=ids.VIEWS_CARD,
    )


def _query(data: dict | None) -> str:
    """The query string of the view in the view-state store."""
    if not data:
        return ""
    return from_store(data).to_query()


def _view_action(trigger: str, actor: Actor, eng, s: SimpleNamespace) -> tuple[str, dict]:
    """Do one saved-view or presentation action; returns the message and the selections to change."""

    def chosen(value, what: str) -> int:
        if not value:
            raise ValueError(f"Choose a {what} first.")
        return int(value)

    if trigger == ids.VIEW_SAVE:
        query = _query(s.state)
        new = views.save_view(eng, actor, s.view_name, query)
        return f"Saved “{s.view_name.strip()}”.", {"view": str(new)}
    if trigger == ids.VIEW_RENAME:
        views.rename_view(eng, actor, chosen(s.view, "saved view"), s.view_name)
        return "View renamed.", {}
    if trigger == ids.VIEW_DELETE:
        views.delete_view(eng, actor, chosen(s.view, "saved view"))
        return "View deleted.", {"view": None, "slide": None}
    if trigger == ids.VIEW_ADD:
        slide = views.add_slide(eng, actor, chosen(s.deck, "presentation"), chosen(s.view, "saved view"))
        return "Added to the presentation.", {"slide": str(slide)}
    if trigger == ids.DECK_NEW:
        new = views.create_presentation(eng, actor, s.deck_name)
        return f"Presentation “{s.deck_name.strip()}” made: add saved views to it.", {"deck": str(new)}
    if trigger == ids.DECK_RENAME:
        views.rename_presentation(eng, actor, chosen(s.deck, "presentation"), s.deck_name)
        return "Presentation renamed.", {}
    if trigger == ids.DECK_DELETE:
        views.delete_presentation(eng, actor, chosen(s.deck, "presentation"))
        return "Presentation deleted.", {"deck": None, "slide": None}
    slide = chosen(s.slide, "slide")
    if trigger == ids.SLIDE_REMOVE:
        views.remove_slide(eng, actor, slide)
        return "Slide removed.", {"slide": None}
    views.move_slide(eng, actor, slide, -1 if trigger == ids.SLIDE_UP else 1)
    return "Slide moved.", {}


@callback(
    Output(ids.VIEWS_REV, "data"),
    Output(ids.VIEWS_MSG, "children"),
    Output(ids.VIEW_LIST, "value"),
    Output(ids.DECK_SELECT, "value"),
    Output(ids.SLIDE_LIST, "value"),
    Input(ids.VIEW_SAVE, "n_clicks"),
    Input(ids.VIEW_RENAME, "n_clicks"),
    Input(ids.VIEW_DELETE, "submit_n_clicks"),
    Input(ids.VIEW_ADD, "n_clicks"),
    Input(ids.DECK_NEW, "n_clicks"),
    Input(ids.DECK_RENAME, "n_clicks"),
    Input(ids.DECK_DELETE, "submit_n_clicks"),
    Input(ids.SLIDE_UP, "n_clicks"),
    Input(ids.SLIDE_DOWN, "n_clicks"),
    Input(ids.SLIDE_REMOVE, "n_clicks"),
    State(ids.STATE, "data"),
    State(ids.VIEW_NAME, "value"),
    State(ids.VIEW_LIST, "value"),
    State(ids.DECK_SELECT, "value"),
    State(ids.DECK_NAME, "value"),
    State(ids.SLIDE_LIST, "value"),
    State(ids.VIEWS_REV, "data"),
    prevent_initial_call=True,
)
def write_views(*args):
    """Every saved-view and presentation change; the store refuses viewers."""
    state, view_name, view, deck, deck_name, slide, revision = args[-7:]
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        raise dash.exceptions.PreventUpdate
    s = SimpleNamespace(
        state=state, view_name=view_name or "", view=view, deck=deck, deck_name=deck_name or "", slide=slide
    )
    try:
        message, chosen = _view_action(ctx.triggered_id, current_actor(), app_engine(), s)
    except (ReadOnlyError, ValueError, NotFound) as exc:
        return no_update, alert(str(exc), ok=False), no_update, no_update, no_update
    return (
        (revision or 0) + 1,
        alert(message),
        chosen.get("view", no_update),
        chosen.get("deck", no_update),
        chosen.get("slide", no_update),
    )


@callback(
    Output(ids.VIEW_LIST, "options"),
    Output(ids.DECK_SELECT, "options"),
    Output(ids.SLIDE_LIST, "options"),
    Output(ids.DECK_NAME, "value"),
    Output(ids.VIEWS_EDIT, "disabled"),
    Output(ids.DECK_EDIT, "disabled"),
    Output(ids.DECK_START, "disabled"),
    Input(ids.VIEWS_REV, "data"),
    Input(ids.DECK_SELECT, "value"),
)
def show_views(_revision, deck_id):
    eng = app_engine()
    saved = [{"label": v.name, "value": str(v.id)} for v in views.list_views(eng)]
    decks = [{"label": p.name, "value": str(p.id)} for p in views.list_presentations(eng)]
    deck = views.get_presentation(eng, int(deck_id)) if deck_id else None
    slides = [
        {"label": f"{n}. {s.name}", "value": str(s.id)} for n, s in enumerate(deck.slides if deck else (), 1)
    ]
    name = deck.name if deck and ctx.triggered_id == ids.DECK_SELECT else no_update
    read_only = not current_actor().can_write
    return saved, decks, slides, name, read_only, read_only, not slides


@callback(
    Output(ids.VIEW_NAME, "value"),
    Input(ids.VIEW_LIST, "value"),
    State(ids.VIEW_LIST, "options"),
    prevent_initial_call=True,
)
def name_chosen_view(view_id, options):
    return next((o["label"] for o in options or () if o["value"] == view_id), no_update)
