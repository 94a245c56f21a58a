"""What each highlight's side panel lists: the gaps, attendance at strategic groups, and exclusion routes."""

from __future__ import annotations

from collections import Counter

from explorer.data.model import Connection, Dataset
from explorer.data.vocab import (
    ATTENDANCE_STATUSES,
    BASIS_LABELS,
    BASIS_LEADS,
    KIND_LABELS,
    STATUS_LABELS,
    Basis,
    ElementType,
    Kind,
    Status,
)


def _cite(c) -> list[dict]:
    return [
        {
            "citation": e.citation(),
            "quote": e.quote or "",
            "passage": e.passage or "",
            "lived_experience": e.voice.value == "lived_experience",
        }
        for e in c.evidence
    ]


def gap_rows(dataset: Dataset, connections: list[Connection], computed=()) -> list[dict]:
    """Recorded gaps first, then gaps computed against the reference pathway."""
    rows = [
        {
            "id": c.id,
            "title": f"{dataset.element(c.source).label} ↔ {dataset.element(c.target).label}",
            "what": c.description or KIND_LABELS[c.kind],
            "origin": "recorded",
            "basis": BASIS_LABELS[c.basis] if c.basis else "",
            "evidence": _cite(c),
        }
        for c in connections
        if c.status is Status.GAP
    ]
    rows += [
        {
            "id": f"computed--{g.reference_id}",
            "title": f"{g.source_label} → {g.target_label}",
            "what": g.description or KIND_LABELS[Kind(g.kind)],
            "origin": "computed",
            "note": "; ".join(f"recorded here as {status}" for _, status in g.existing),
            "basis": BASIS_LABELS[Basis(g.basis)] if g.basis else "",
            "evidence": _cite(g),
        }
        for g in computed
    ]
    return rows


def attendance_summary(dataset: Dataset, connections: list[Connection]) -> dict:
    """Counts per attendance status, and who stands how at each strategic group."""
    links = [c for c in connections if c.kind is Kind.ATTENDS]
    counts = Counter(c.status for c in links)
    groups = [e for e in dataset.elements if e.type is ElementType.STRATEGIC_GROUP]
    by_group = []
    for group in groups:
        members = [c for c in links if c.target == group.id]
        if not members:
            continue
        by_group.append(
            {
                "group": group.label,
                "rows": [
                    {
                        "id": c.id,
                        "organisation": dataset.element(c.source).label,
                        "status": c.status.value,
                        "status_label": STATUS_LABELS[c.status],
                    }
                    for c in sorted(
                        members,
                        key=lambda c: (
                            list(ATTENDANCE_STATUSES).index(c.status)
                            if c.status in ATTENDANCE_STATUSES
                            else 9
                        ),
                    )
                ],
            }
        )
    return {
        "counts": [(s.value, STATUS_LABELS[s], counts.get(s, 0)) for s in ATTENDANCE_STATUSES],
        "groups": by_group,
    }


def exclusion_routes(dataset: Dataset, connections: list[Connection]) -> list[dict]:
    """For each population group: what excludes it and why, where it ends up, and the impact."""
    routes = []
    for group in dataset.elements:
        if group.type is not ElementType.POPULATION_GROUP:
            continue
        mine = [c for c in connections if c.source == group.id]
        excluded = [c for c in mine if c.kind is Kind.EXCLUDES]
        ends = [c for c in mine if c.kind is Kind.FALLS_TO]
        if not excluded and not ends:
            continue
        routes.append(
            {
                "id": group.id,
                "group": group.label,
                "excluded_by": [
                    {
                        "id": c.id,
                        "service": dataset.element(c.target).label,
                        "reason": c.reason,
                        "impact": c.impact,
                        "evidence": _cite(c),
                    }
                    for c in excluded
                ],
                "ends_up": [
                    {
                        "id": c.id,
                        "where": dataset.element(c.target).label,
                        "status": STATUS_LABELS[c.status],
                        "basis": BASIS_LABELS[c.basis] if c.basis else "",
                    }
                    for c in ends
                ],
            }
        )
    return routes


def tension_rows(dataset: Dataset, drawn: list[str]) -> list[dict]:
    """The tensions of §6 for the panel: each side's holders, position, basis and words, in paper order.

    `drawn` are the tensions the map draws (both sides on screen); the others are listed as not drawn here.
    """
    rows = []
    for t in dataset.tensions:
        rows.append(
            {
                "id": t.id,
                "title": f"§{t.section} {t.title}",
                "summary": t.summary,
                "drawn": t.id in drawn,
                "evidence": _cite(t),
                "sides": [
                    {
                        "id": s.id,
                        "who": s.who,
                        "holders": [dataset.element(h).label for h in s.holders if dataset.get(h)],
                        "position": s.position,
                        "lead": BASIS_LEADS[s.basis] if s.basis else "",
                        "evidence": _cite(s),
                    }
                    for s in t.sides
                ],
            }
        )
    return rows
