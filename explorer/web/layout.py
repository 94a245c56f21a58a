"""The page: top bar (area, layer, highlight), banner, map or table, and the side panels."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import dcc, html

from explorer.data.vocab import (
    COMPARE_MODE_LABELS,
    HIGHLIGHT_BUTTONS,
    HIGHLIGHT_LABELS,
    LAYER_VIEW_BUTTONS,
    LAYER_VIEW_LABELS,
    PAGE_LABELS,
    SECTOR_LABELS,
)
from explorer.view.state import HOPS
from explorer.view.styles import FIT_PADDING
from explorer.web import editor, ids, map_keyboard, notes, presentation, projector, rooms, safety, saved_views
from explorer.web.exports import export_controls
from explorer.web.import_deletion import delete_controls
from explorer.web.importer import import_controls
from explorer.web.panels import data_table


def _buttons(component_id: str, options: dict[str, str], value: str, label: str) -> html.Div:
    return html.Div(
        [
            html.Span(label, className="control-label", id=f"{component_id}-label"),
            dbc.RadioItems(
                id=component_id,
                options=[{"label": text, "value": key} for key, text in options.items()],
                value=value,
                class_name="btn-group",
                input_class_name="btn-check",
                label_class_name="btn btn-outline-dark",
                label_checked_class_name="active",
                inline=True,
            ),
        ],
        className="control",
        role="group",
        **{"aria-labelledby": f"{component_id}-label"},
    )


def _map_column(map_id: str, caption_id: str, class_name: str, column_id: str | None = None) -> html.Div:
    extra = {"id": column_id, "style": {"display": "none"}} if column_id else {}
    return html.Div(
        [
            html.Div(id=caption_id, className="caption", **{"aria-live": "polite"}),
            html.Div(
                cyto.Cytoscape(
                    id=map_id,
                    elements=[],
                    layout={"name": "preset", "fit": True, "padding": FIT_PADDING},
                    autoRefreshLayout=False,
                    minZoom=0.05,
                    maxZoom=4,
                    boxSelectionEnabled=False,
                    style={"width": "100%", "height": "100%"},
                    className="map-canvas",
                ),
                className="map-box",
            ),
        ],
        className=class_name,
        **extra,
    )


def _with(column: html.Div, extra) -> html.Div:
    column.children.append(extra)
    return column


def page(
    dataset_options: list[dict],
    element_options: list[dict],
    group_options: list[dict],
    exit_to: str = safety.NEUTRAL_PATH,
) -> html.Div:
    """The whole page. The element pickers start empty: the URL sync sends each a short list holding its
    value (a dropdown drops a value it has no option for), and typing asks the server (web/pickers.py)."""
    top = html.Header(
        [
            html.H1("System Map Explorer", className="app-title"),
            html.Div(
                [
                    html.Label("Area", htmlFor=ids.DATASET, className="control-label"),
                    dcc.Dropdown(
                        id=ids.DATASET,
                        options=dataset_options,
                        clearable=False,
                        className="dataset-select",
                        searchable=False,
                    ),
                ],
                className="control",
            ),
            _buttons(ids.LAYER, LAYER_VIEW_BUTTONS, "all", "Layer"),
            # Here, not at the end: at 1280 wide the first row has room beside the layers, the second has none.
            projector.switch(),
            _buttons(ids.HIGHLIGHT, HIGHLIGHT_BUTTONS, "none", "Highlight"),
            html.Div(
                [
                    html.Label("Compare", htmlFor=ids.COMPARE, className="control-label"),
                    html.Div(
                        [
                            dcc.Dropdown(
                                id=ids.COMPARE,
                                options=dataset_options,
                                placeholder="No comparison",
                                className="compare-select",
                                searchable=False,
                            ),
                            dbc.RadioItems(
                                id=ids.MODE,
                                options=[
                                    *(
                                        {"label": label, "value": mode}
                                        for mode, label in COMPARE_MODE_LABELS.items()
                                    ),
                                ],
                                value="side",
                                class_name="btn-group",
                                input_class_name="btn-check",
                                label_class_name="btn btn-outline-dark",
                                label_checked_class_name="active",
                                inline=True,
                            ),
                        ],
                        className="d-flex gap-1",
                    ),
                ],
                className="control",
            ),
            # Buttons, not dbc.Tabs: its tabs carry aria-controls naming panes that do not exist, one id
            # shared by all four, and tabindex -1 on every one, so no keyboard reaches them.
            html.Div(
                dbc.RadioItems(
                    id=ids.VIEW_TABS,
                    options=[{"label": label, "value": page} for page, label in PAGE_LABELS.items()],
                    value="map",
                    class_name="btn-group",
                    input_class_name="btn-check",
                    label_class_name="btn btn-outline-dark",
                    label_checked_class_name="active",
                    inline=True,
                ),
                className="control view-tabs",
                role="group",
                **{"aria-label": "View"},
            ),
        ],
        className="topbar",
    )
    tools = html.Div(
        [
            html.Label("Find a service or group", htmlFor=ids.SEARCH, className="control-label"),
            dcc.Dropdown(
                id=ids.SEARCH, options=element_options, placeholder="Type to search…", className="mb-2"
            ),
            html.Label("Focus on the neighbourhood of", htmlFor=ids.FOCUS, className="control-label"),
            html.Div(
                [
                    dcc.Dropdown(
                        id=ids.FOCUS,
                        options=element_options,
                        placeholder="Whole map",
                        className="flex-grow-1",
                    ),
                    dbc.Label("Steps", html_for=ids.HOPS, class_name="visually-hidden"),
                    dbc.Select(
                        id=ids.HOPS,
                        options=[{"label": f"{h} step{'s' if h > 1 else ''}", "value": str(h)} for h in HOPS],
                        value="1",
                        style={"width": "7.5em"},
                    ),
                ],
                className="d-flex gap-1 mb-2",
            ),
            html.Label("Sectors shown", htmlFor=ids.SECTORS, className="control-label"),
            dcc.Dropdown(
                id=ids.SECTORS,
                options=[{"label": label, "value": s.value} for s, label in SECTOR_LABELS.items()],
                multi=True,
                placeholder="All sectors",
                className="mb-2",
            ),
            dbc.Switch(
                id=ids.BASIS_FILTER,
                label="Only what the paper states",
                value=False,
                className="mb-2",
            ),
            dbc.Button("Clear selection and focus", id=ids.CLEAR, color="secondary", outline=True, size="sm"),
        ]
    )
    highlight_panel = html.Div(
        [
            html.Div(
                [
                    html.Label(
                        "Trace one group's route", htmlFor=ids.EXCLUSION_GROUP, className="control-label"
                    ),
                    dcc.Dropdown(id=ids.EXCLUSION_GROUP, options=group_options, placeholder="All groups"),
                ],
                id=ids.EXCLUSION_GROUP_BOX,
                style={"display": "none"},
                className="mb-2",
            ),
            html.Div(id=ids.HIGHLIGHT_PANEL),
        ]
    )
    map_panel = html.Div(
        [
            _with(_map_column(ids.MAP, ids.CAPTION, "map-column"), map_keyboard.announcer()),
            _map_column(ids.MAP2, ids.CAPTION2, "map-column", ids.MAP2_COLUMN),
        ],
        id=ids.MAP_PANEL,
        className="map-panel",
    )
    # The Table, Matrices and Analysis tabs start empty: their tables and plotly graph load their code
    # (dash-table's and plotly's chunks, 3.5 MB of plotly alone) only when drawn, so the first view, the map,
    # does not wait for them. web/tabs.py's render_pages fills each the first time it is shown.
    table_panel = html.Div(
        html.Div(id=ids.TABLE_BOX),
        id=ids.TABLE_PANEL,
        className="table-panel",
        style={"display": "none"},
    )
    matrix_panel = html.Div(
        html.Div(id=ids.MATRIX_BOX),
        id=ids.MATRIX_PANEL,
        className="table-panel",
        style={"display": "none"},
    )
    analysis_panel = html.Div(
        [
            html.H2("Shortest referral path", className="table-title"),
            # The path's ends stay in the page: the URL sync reads and sets them whichever tab is shown.
            html.Div(
                [
                    dcc.Dropdown(
                        id=ids.PATH_FROM,
                        options=element_options,
                        placeholder="From…",
                        className="flex-grow-1",
                    ),
                    dcc.Dropdown(
                        id=ids.PATH_TO, options=element_options, placeholder="To…", className="flex-grow-1"
                    ),
                ],
                className="d-flex gap-2 mb-1",
            ),
            html.Div(id=ids.ANALYSIS_BOX),
        ],
        id=ids.ANALYSIS_PANEL,
        className="table-panel",
        style={"display": "none"},
    )
    side = html.Aside(
        [
            # Where the map comes from (ILLUSTRATIVE for the area maps) heads the side panel, not the map's
            # column: the map keeps the height (the caption above the map says it too, in one line).
            dbc.Alert(
                id=ids.BANNER, color="light", is_open=True, class_name="banner", fade=False, children="\u00a0"
            ),
            dbc.Card(
                [dbc.CardBody([projector.legend_hide_button(), html.Div(id=ids.LEGEND)])],
                className="mb-2 legend-card",
                id=ids.LEGEND_CARD,
            ),
            dbc.Card(
                # Focusable and named: in projector mode the card over the map scrolls, and a keyboard must reach it.
                [
                    dbc.CardBody(
                        html.Div(
                            id=ids.EVIDENCE,
                            tabIndex="0",
                            role="region",
                            **{"aria-live": "polite", "aria-label": "Evidence"},
                        )
                    )
                ],
                className="mb-2 evidence-card",
                id=ids.EVIDENCE_CARD,
            ),
            notes.workshop_panel(),
            rooms.room_card(),
            editor.editor_panel(),
            dbc.Card([dbc.CardBody(highlight_panel)], className="mb-2", id=ids.HIGHLIGHT_CARD),
            dbc.Card([dbc.CardBody(tools)], className="mb-2"),
            dbc.Card([dbc.CardBody(export_controls())], className="mb-2"),
            dbc.Card([dbc.CardBody([import_controls(), delete_controls()])], className="mb-2"),
            saved_views.presentation_controls(),
        ],
        className="sidebar",
    )
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.STATE),
            dcc.Store(id=ids.CENTRE),
            dcc.Store(id=ids.MAP_BUNDLE),
            dcc.Store(id=ids.CAPTION_VIEWS),
            *[dcc.Store(id=store) for store in (ids.MAP_AREAS_ASK, ids.MAP_AREAS, ids.BUNDLES_HELD)],
            dcc.Store(id=ids.FIRST_VIEW),
            *[dcc.Store(id=part) for part in ids.PARTS.values()],
            dcc.Store(id=ids.CENTRED),
            dcc.Store(id=ids.PAGES_FILLED, data=[]),
            dcc.Store(id=ids.MATRIX_CLICK),
            safety.quick_exit(exit_to),
            top,
            rooms.follow_bar(),
            rooms.room_notice(),
            # After the follower's bar, so the floating note covers the side panel's top, never the
            # bar's "Step out" and "Back to the room".
            safety.content_note(),
            html.Main(
                [
                    html.Div([map_panel, table_panel, matrix_panel, analysis_panel], className="main-view"),
                    side,
                ],
                className="body",
            ),
            presentation.present_bar(),
            html.Div(id=ids.LAYER_HELP, hidden=True, children=list(LAYER_VIEW_LABELS.values())),
            html.Div(id=ids.HIGHLIGHT_HELP, hidden=True, children=list(HIGHLIGHT_LABELS.values())),
        ],
        className="app",
    )


def table_contents() -> list:
    """The Table tab: the view's elements and connections, and the notes and votes."""
    return [
        html.H2("Elements", className="table-title"),
        data_table(ids.TABLE_ELEMENTS),
        html.H2("Connections", className="table-title"),
        data_table(ids.TABLE_CONNECTIONS),
        notes.notes_table(),
    ]


def matrix_contents() -> list:
    """The Matrices tab: attendance at the strategic groups in every area, and the exclusions."""
    return [
        html.H2("Who comes to the strategic groups?", className="table-title"),
        html.P(
            "Each cell is an organisation's attendance at a group, in every area at once. "
            "Click a cell to see that link on the map.",
            className="hint",
        ),
        dcc.Graph(id=ids.ATTENDANCE_GRAPH, config={"displaylogo": False}, style={"height": "640px"}),
        html.H2("Who do thresholds exclude, and how?", className="table-title"),
        data_table(ids.EXCLUSION_TABLE),
    ]


def analysis_contents() -> list:
    """The Analysis tab below the path's ends: the path, the brokers and the centrality table."""
    return [
        html.Div(id=ids.PATH_RESULT, className="mb-3"),
        html.H2("Brokers between domestic abuse and child mental health services", className="table-title"),
        html.Div(id=ids.BROKERS),
        html.H2("Centrality", className="table-title"),
        data_table(ids.METRICS_TABLE),
    ]


# What fills each lazily drawn tab (explorer.view.page.pages_to_fill decides when).
TAB_CONTENTS = {"table": table_contents, "matrix": matrix_contents, "analysis": analysis_contents}


def with_tab_contents(whole: html.Div) -> html.Div:
    """The page with every lazily drawn tab's contents: what Dash checks the callbacks against."""
    return html.Div([whole, *(part for build in TAB_CONTENTS.values() for part in build())])
