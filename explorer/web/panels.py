"""Dash components for the side panels; all content comes ready-made from the view model."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dash_table, html

from explorer.view.legend import LegendEntry, legend_rows
from explorer.web import ids


def legend(entries: list[LegendEntry]) -> list:
    """The legend's list (the browser draws the same from the map bundle: assets/35-map-restyle.js)."""
    rows = []
    for text, src in legend_rows(entries):
        swatch = (
            html.Img(src=src, alt="", width=44, height=24, className="me-2")
            if src
            else html.Span(className="legend-faded me-2")
        )
        rows.append(html.Li([swatch, html.Span(text)], className="legend-row"))
    return [html.Ul(rows, className="legend-list", **{"aria-label": "Legend"})]


def evidence_items(items: list[dict]) -> list:
    out = []
    for item in items:
        children = []
        if item.get("lived_experience"):
            children.append(html.Div("The lived experience group's view", className="voice-lived"))
        if item.get("passage"):
            children.append(html.Blockquote(f"The paper: “{item['passage']}”", className="passage"))
        if item["quote"]:
            children.append(html.Blockquote(f"“{item['quote']}”", className="quote"))
        children.append(html.Div(item["citation"], className="citation"))
        out.append(html.Li(children))
    return [html.Ul(out, className="evidence-list")] if out else [html.P("No evidence recorded.")]


def evidence(described: dict | None) -> list:
    if described is None:
        return [html.P("Tap a service, group or link to see what the paper says about it.", className="hint")]
    facts = [html.Div([html.Dt(k), html.Dd(v)], className="fact") for k, v in described["facts"]]
    if described.get("basis_label"):
        facts.append(html.Div([html.Dt("How we know"), html.Dd(described["basis_label"])], className="fact"))
    if described.get("tensions"):
        views = html.Ul([html.Li(t) for t in described["tensions"]], className="tension-list")
        facts.append(html.Div([html.Dt("Tensions (§6)"), html.Dd(views)], className="fact"))
    body = [html.H3(described["title"], className="panel-title"), html.Dl(facts)]
    lead = described.get("lead")
    if described["description"] or lead:
        # The account opens with how we know it, so a reader never takes our reading for the paper's.
        opening = [html.Strong(lead, className="basis-lead"), " "] if lead else []
        body.append(
            html.P(
                [*opening, described["description"]], className=f"basis-{described.get('basis') or 'none'}"
            )
        )
    body.append(html.H4("Evidence", className="panel-subtitle"))
    return body + evidence_items(described["evidence"])


def gaps(rows: list[dict]) -> list:
    if not rows:
        return [html.P("No gaps in this view.")]
    recorded = [r for r in rows if r["origin"] == "recorded"]
    computed = [r for r in rows if r["origin"] == "computed"]
    out: list = []
    for heading, items in (
        (f"Gaps the paper records ({len(recorded)})", recorded),
        (f"Missing against the reference pathway ({len(computed)})", computed),
    ):
        if not items:
            continue
        out.append(html.H4(heading, className="panel-subtitle"))
        out.append(
            html.Ul(
                [
                    html.Li(
                        [
                            html.Strong(r["title"]),
                            html.Div(r["what"]),
                            html.Div(r["note"], className="hint") if r.get("note") else None,
                            html.Div(f"How we know: {r['basis']}", className="hint")
                            if r.get("basis")
                            else None,
                            *evidence_items(r["evidence"]),
                        ],
                        id={"type": "gap-item", "id": r["id"]},
                    )
                    for r in items
                ],
                className="gap-list",
            )
        )
    return out


def attendance(summary: dict) -> list:
    counts = html.Ul(
        [html.Li(f"{label}: {n}", **{"data-status": status}) for status, label, n in summary["counts"]],
        className="count-list",
    )
    groups = []
    for group in summary["groups"]:
        groups.append(html.H4(group["group"], className="panel-subtitle"))
        groups.append(html.Ul([html.Li(f"{r['organisation']} — {r['status_label']}") for r in group["rows"]]))
    return [html.H4("Attendance links in view", className="panel-subtitle"), counts, *groups]


def tensions(rows: list[dict]) -> list:
    """The tensions of §6, each side with who holds it, what they hold and their words."""
    if not rows:
        return [html.P("This map records no tensions in perspectives.", className="hint")]
    out = []
    for row in rows:
        sides = [
            html.Li(
                [
                    html.Strong(side["who"]),
                    html.Div(", ".join(side["holders"]), className="hint"),
                    html.P([html.Strong(side["lead"], className="basis-lead"), " ", side["position"]]),
                    *evidence_items(side["evidence"]),
                ],
                className="tension-side",
            )
            for side in row["sides"]
        ]
        out += [
            html.H4(row["title"], className="panel-subtitle"),
            html.P(row["summary"]),
            html.P("Not drawn: one side is outside this view.", className="hint")
            if not row["drawn"]
            else None,
            html.Ul(sides, className="tension-sides", **{"data-tension": row["id"]}),
        ]
        if row["evidence"]:
            out += evidence_items(row["evidence"])
    return out


def exclusions(routes: list[dict], chosen: str) -> list:
    if not routes:
        return [html.P("No boundary-excluded groups in this view. Try layer C or All.")]
    out = []
    for route in routes:
        if chosen and route["id"] != chosen:
            continue
        items = [
            html.Li(
                [
                    html.Strong(f"Excluded by {x['service']}: "),
                    html.Span(x["reason"]),
                    html.Div(f"Impact: {x['impact']}") if x["impact"] else None,
                    *evidence_items(x["evidence"]),
                ]
            )
            for x in route["excluded_by"]
        ]
        if route["ends_up"]:
            where = "; ".join(
                f"{e['where']} ({'; '.join(x.lower() for x in (e['status'], e.get('basis', '')) if x)})"
                for e in route["ends_up"]
            )
            items.append(html.Li([html.Strong("Ends up with: "), where]))
        out += [html.H4(route["group"], className="panel-subtitle"), html.Ul(items, className="route")]
    return out


BANNERS = {
    "study": (
        "Study synthesis. ",
        "Rebuilt from the prose of Powell et al. (2025); tap anything for its evidence.",
    ),
    "illustrative": (
        "ILLUSTRATIVE area map — not a study finding. ",
        "Invented to demonstrate comparison: the paper gives no per-area breakdown.",
    ),
}


def banner(dataset, other=None) -> list:
    """One line, always present, so the map keeps its size (and every service its place) across areas."""
    shown = [d for d in (dataset, other) if d is not None]
    illustrative = [d for d in shown if d.is_illustrative]
    if illustrative:
        strong, rest = BANNERS["illustrative"]
        if other is not None:
            strong = f"{' and '.join(d.name for d in illustrative)}: ILLUSTRATIVE — not a study finding. "
        return [html.Strong(strong), html.Span(rest, title=" ".join(d.note for d in illustrative))]
    strong, rest = BANNERS.get(dataset.provenance.value, ("Imported map. ", dataset.provenance_line()))
    return [html.Strong(strong), html.Span(rest, title=dataset.note)]


def diff(counts: dict[str, int], labels: dict[str, str], rows: list[dict]) -> list:
    summary = html.Ul(
        [html.Li(f"{labels[k]}: {n}", **{"data-diff": k}) for k, n in counts.items()], className="count-list"
    )
    items = [
        html.Li([html.Strong(r["Item"]), html.Span(f" — {labels[r['Class']].lower()}: {r['Detail']}")])
        for r in rows
    ]
    return [
        html.H4("Differences in view", className="panel-subtitle"),
        summary,
        html.Ul(items, className="gap-list", id=ids.DIFF_LIST),
    ]


def brokers(report: dict) -> list:
    ranking = report["brokers"]["ranking"]
    if not ranking:
        return [html.P("No element lies on a route between the two groups in this view.", className="hint")]
    intro = html.P(
        "Elements on the shortest routes between domestic abuse services and child mental health services, "
        "by how many pairs of the two they connect.",
        className="hint",
    )
    return [
        intro,
        html.Ol(
            [
                html.Li(f"{b['label']} — {b['count']} pair{'s' if b['count'] != 1 else ''}")
                for b in ranking[:10]
            ],
            id=ids.BROKER_LIST,
        ),
    ]


def path(dataset, chosen: str, route) -> list:
    if not chosen:
        return [
            html.P("Choose two services to draw the shortest referral route between them.", className="hint")
        ]
    start, end = chosen.split(",")
    names = [dataset.get(start), dataset.get(end)]
    if None in names:
        return [html.P("One of those is not in this map.", className="hint")]
    if route is None:
        return [html.P(f"No referral route from {names[0].label} to {names[1].label} in this view.")]
    steps = " → ".join(dataset.element(n).label for n in route[0])
    return [
        html.P(
            [html.Strong(f"{len(route[1])} step{'s' if len(route[1]) != 1 else ''}: "), steps],
            id=ids.PATH_STEPS,
        ),
        html.P("The route is drawn on the map.", className="hint"),
    ]


def card(title: str, body, **kwargs) -> dbc.Card:
    return dbc.Card(
        [dbc.CardHeader(html.H2(title, className="card-title-sm")), dbc.CardBody(body, **kwargs)],
        className="mb-2",
    )


def data_table(component_id: str, **kwargs) -> dash_table.DataTable:
    """A sortable, keyboard-usable table in the page's look; every table of the app is one of these."""
    return dash_table.DataTable(
        id=component_id,
        sort_action="native",
        page_action="none",
        style_table={"overflowX": "auto"},
        style_cell={
            "fontSize": "16px",
            "whiteSpace": "normal",
            "height": "auto",
            "textAlign": "left",
            "fontFamily": "inherit",
            "maxWidth": "420px",
        },
        style_header={"fontWeight": "bold", "backgroundColor": "#EEEEEE"},
        **kwargs,
    )
