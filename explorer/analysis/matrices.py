"""Tables behind the picture: who attends which strategic group, who is excluded where, and recorded gaps.

Wide tables (`attendance_matrix`, `pivot_exclusions`) are for reading one map; tidy long tables
(`attendance_across`, `exclusion_matrix`) carry a `dataset` column so several maps can be faceted into
small multiples or compared with a groupby. Rows and columns keep the map's own element order, which
authors use to group related elements.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from explorer.data.model import Connection, Dataset, Element
from explorer.data.vocab import ElementType, Kind, Status

ATTENDANCE_COLUMNS = ["dataset", "organisation", "group", "status", "organisation_id", "group_id"]
EXCLUSION_COLUMNS = ["dataset", "population_group", "service", "reason", "impact", "group_id", "service_id"]
GAP_COLUMNS = ["id", "from", "to", "layer", "kind", "basis", "description", "evidence"]


def _as_list(datasets: Dataset | Iterable[Dataset]) -> list[Dataset]:
    return [datasets] if isinstance(datasets, Dataset) else list(datasets)


def _labels(dataset: Dataset) -> dict[str, str]:
    """Element id → label, with the id added where two elements share a label, so rows never merge."""
    counts: dict[str, int] = {}
    for element in dataset.elements:
        counts[element.label] = counts.get(element.label, 0) + 1
    return {e.id: e.label if counts[e.label] == 1 else f"{e.label} ({e.id})" for e in dataset.elements}


def _attendance(dataset: Dataset) -> list[tuple[str, str, Connection]]:
    """(organisation id, group id, connection) for each `attends` link, the strategic group on the right.

    Where an organisation has several attendance links to one group, a recorded status wins over
    `recommended` (a reference link is not attendance), then the first in the file.
    """
    chosen: dict[tuple[str, str], Connection] = {}
    for connection in dataset.connections:
        if connection.kind is not Kind.ATTENDS:
            continue
        org, group = connection.source, connection.target
        source = dataset.get(org)
        # Authors occasionally draw the arrow from the group; the strategic group is the column either way.
        if isinstance(source, Element) and source.type is ElementType.STRATEGIC_GROUP:
            target = dataset.get(group)
            if not (isinstance(target, Element) and target.type is ElementType.STRATEGIC_GROUP):
                org, group = group, org
        held = chosen.get((org, group))
        if held is None or (
            held.status is Status.RECOMMENDED and connection.status is not Status.RECOMMENDED
        ):
            chosen[(org, group)] = connection
    return [(org, group, c) for (org, group), c in chosen.items()]


def attendance_matrix(dataset: Dataset) -> pd.DataFrame:
    """Organisations (rows) × strategic groups (columns), each cell an attendance status or "".

    Columns are every `strategic_group` element, attended or not; rows are the organisations with any
    attendance link, in the map's element order.

    >>> from explorer.data.sample import demo_dataset
    >>> attendance_matrix(demo_dataset()).to_dict("index")  # doctest: +NORMALIZE_WHITESPACE
    {'Domestic abuse services': {'DA Partnership Board': 'attends'},
     'CAMHS / CYPMHS': {'DA Partnership Board': 'invited_not_attending'}}
    """
    labels = _labels(dataset)
    groups = [e.id for e in dataset.elements if e.type is ElementType.STRATEGIC_GROUP]
    links = _attendance(dataset)
    seen_orgs = {org for org, _, _ in links}
    orgs = [e.id for e in dataset.elements if e.id in seen_orgs]
    for _, group, _ in links:  # an attending 'group' not typed as one still gets a column
        if group not in groups:
            groups.append(group)
    frame = pd.DataFrame(
        "", index=[labels[o] for o in orgs], columns=[labels[g] for g in groups], dtype=object
    )
    for org, group, connection in links:
        frame.loc[labels[org], labels[group]] = connection.status.value
    frame.index.name = "organisation"
    frame.columns.name = "group"
    return frame


def attendance_across(datasets: Dataset | Iterable[Dataset]) -> pd.DataFrame:
    """Every attendance link of several maps, one row each: dataset, organisation, group, status (+ ids).

    >>> from explorer.data.sample import demo_dataset
    >>> attendance_across([demo_dataset()])[["dataset", "organisation", "status"]]
      dataset             organisation                 status
    0    demo  Domestic abuse services                attends
    1    demo           CAMHS / CYPMHS  invited_not_attending
    """
    rows = []
    for dataset in _as_list(datasets):
        labels = _labels(dataset)
        for org, group, connection in _attendance(dataset):
            rows.append(
                [
                    dataset.id,
                    labels.get(org, org),
                    labels.get(group, group),
                    connection.status.value,
                    org,
                    group,
                ]
            )
    return pd.DataFrame(rows, columns=ATTENDANCE_COLUMNS)


def exclusion_matrix(datasets: Dataset | Iterable[Dataset]) -> pd.DataFrame:
    """Boundary exclusions of several maps in long form: which population group each service's threshold
    excludes, and the reason (the threshold or criterion) and impact the map gives.

    >>> from explorer.data.sample import demo_dataset
    >>> exclusion_matrix(demo_dataset())[["dataset", "population_group", "service"]]
      dataset     population_group         service
    0    demo  Children in refuges  CAMHS / CYPMHS
    """
    rows = []
    for dataset in _as_list(datasets):
        labels = _labels(dataset)
        for c in dataset.connections:
            if c.kind is Kind.EXCLUDES:
                rows.append(
                    [
                        dataset.id,
                        labels.get(c.source, c.source),
                        labels.get(c.target, c.target),
                        c.reason,
                        c.impact,
                        c.source,
                        c.target,
                    ]
                )
    return pd.DataFrame(rows, columns=EXCLUSION_COLUMNS)


def pivot_exclusions(frame: pd.DataFrame, dataset_id: str | None = None) -> pd.DataFrame:
    """One map's exclusions as population groups (rows) × services (columns), cells the reason or "".

    `frame` is `exclusion_matrix` output; `dataset_id` picks the map (needed when it holds several).
    Two exclusions of one group by one service are joined with " | ".

    >>> from explorer.data.sample import demo_dataset
    >>> pivot_exclusions(exclusion_matrix(demo_dataset())).shape
    (1, 1)
    """
    if dataset_id is not None:
        frame = frame[frame["dataset"] == dataset_id]
    elif frame["dataset"].nunique() > 1:
        raise ValueError("the frame holds several datasets; say which with dataset_id")
    wide = frame.pivot_table(
        index="population_group",
        columns="service",
        values="reason",
        aggfunc=lambda reasons: " | ".join(r for r in reasons if r),
        fill_value="",
        sort=False,
    )
    wide.columns.name = "service"
    return wide


def gaps_table(dataset: Dataset) -> pd.DataFrame:
    """The map's recorded gaps (status `gap`), with their evidence as readable citations.

    Each evidence item reads like '§4.4.1 · P24, Domestic Abuse: "quote"'; several are joined with "; ".

    >>> from explorer.data.sample import demo_dataset
    >>> gaps_table(demo_dataset())[["id", "from", "to", "kind"]]
         id                     from              to    kind
    0  wall  Domestic abuse services  CAMHS / CYPMHS  refers
    """
    labels = _labels(dataset)
    rows = []
    for c in dataset.connections:
        if c.status is not Status.GAP:
            continue
        cited = "; ".join(f'{e.citation()}: "{e.quote}"' if e.quote else e.citation() for e in c.evidence)
        rows.append(
            [
                c.id,
                labels.get(c.source, c.source),
                labels.get(c.target, c.target),
                c.layer.value,
                c.kind.value,
                c.basis.value if c.basis else "",
                c.description,
                cited,
            ]
        )
    return pd.DataFrame(rows, columns=GAP_COLUMNS)


def exclusions_across(datasets: list[Dataset]) -> tuple[list[dict], list[str]]:
    """One row per (population group, excluding service), one column per dataset holding the reason.

    >>> from explorer.data.sample import demo_dataset
    >>> rows, columns = exclusions_across([demo_dataset()])
    >>> columns[:2], len(rows)
    (['Population group', 'Excluded by'], 1)
    """
    frame = exclusion_matrix(datasets)
    names = {d.id: d.name for d in datasets}
    rows = []
    for (group, service), part in frame.groupby(["population_group", "service"], sort=False):
        row = {"Population group": group, "Excluded by": service}
        for d in datasets:
            reasons = part[part["dataset"] == d.id]["reason"].tolist()
            row[names[d.id]] = " | ".join(reasons) if reasons else "— (not excluded here)"
        rows.append(row)
    return rows, ["Population group", "Excluded by", *names.values()]
