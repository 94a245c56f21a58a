"""Plotly figures for the matrices: attendance at strategic groups across areas.

Status is shown by marker shape and a glyph in the cell, as well as colour, so a greyscale print still reads.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorer.data.model import Dataset
from explorer.data.vocab import ATTENDANCE_STATUSES, STATUS_LABELS, ElementType, Kind, Status
from explorer.view.styles import BLACK, BLUE, ORANGE, VERMILLION

ATTENDANCE_MARK = {
    Status.ATTENDS: ("circle", "✓", BLUE),
    Status.INVITED_NOT_ATTENDING: ("x-thin-open", "✗", VERMILLION),
    Status.NOT_INVITED: ("square-open", "–", BLACK),
    Status.ATTENDS_NOT_EQUAL: ("diamond-open", "≠", ORANGE),
    Status.RECOMMENDED: ("star-open", "★", BLUE),
}


def _short(d: Dataset) -> str:
    """Panel titles must fit a quarter of the figure: the id, starred when illustrative."""
    return d.id.replace("-", " ").capitalize() + ("*" if d.is_illustrative else "")


def attendance_figure(datasets: list[Dataset]) -> go.Figure:
    """Organisations × strategic groups, one panel per dataset; customdata is 'dataset::connection id'."""
    rows = []
    for d in datasets:
        label = {e.id: e.label for e in d.elements}
        groups = {e.id for e in d.elements if e.type is ElementType.STRATEGIC_GROUP}
        for c in d.connections:
            if c.kind is Kind.ATTENDS and c.target in groups:
                rows.append((d, label[c.source], label[c.target], c))
    organisations = sorted({r[1] for r in rows}, reverse=True)
    groups = sorted({r[2] for r in rows})
    fig = make_subplots(
        rows=1,
        cols=max(len(datasets), 1),
        shared_yaxes=True,
        horizontal_spacing=0.015,
        subplot_titles=[_short(d) for d in datasets],
    )
    shown: set[Status] = set()
    for col, d in enumerate(datasets, start=1):
        mine = [r for r in rows if r[0] is d]
        for status in (*ATTENDANCE_STATUSES, Status.RECOMMENDED):
            cells = [r for r in mine if r[3].status is status]
            if not cells:
                continue
            symbol, glyph, colour = ATTENDANCE_MARK[status]
            fig.add_trace(
                go.Scatter(
                    x=[r[2] for r in cells],
                    y=[r[1] for r in cells],
                    mode="markers+text",
                    text=[glyph] * len(cells),
                    textposition="middle right",
                    textfont={"size": 15, "color": colour},
                    marker={
                        "symbol": symbol,
                        "size": 15,
                        "color": colour,
                        "line": {"width": 2, "color": colour},
                    },
                    name=f"{glyph} {STATUS_LABELS[status]}",
                    legendgroup=status.value,
                    showlegend=status not in shown,
                    customdata=[f"{d.id}::{r[3].id}" for r in cells],
                    hovertemplate=f"%{{y}} → %{{x}}<br>{STATUS_LABELS[status]}<extra>{d.name}</extra>",
                ),
                row=1,
                col=col,
            )
            shown.add(status)
        fig.update_xaxes(categoryorder="array", categoryarray=groups, tickangle=-40, row=1, col=col)
    fig.update_yaxes(categoryorder="array", categoryarray=organisations)
    if any(d.is_illustrative for d in datasets):
        fig.add_annotation(
            text="* illustrative area maps, not study findings",
            showarrow=False,
            xref="paper",
            yref="paper",
            x=1,
            y=1.13,
            xanchor="right",
            yanchor="bottom",
            font={"size": 13},
        )
    fig.update_layout(
        template="plotly_white",
        font={"size": 14},
        margin={"l": 10, "r": 10, "t": 80, "b": 10},
        legend={"orientation": "h", "y": 1.13, "x": 0, "yanchor": "bottom"},
        clickmode="event",
    )
    return fig
