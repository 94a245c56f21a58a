"""Comparing two maps in place: the diff overlay's elements, classes, counts and table rows.

The overlay draws the union of both maps at the shared positions. Each item carries one diff class, shown by
line or border pattern as well as colour, so the comparison survives greyscale printing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from explorer.analysis.diff import DatasetDiff
from explorer.data.model import Connection, Dataset, Element
from explorer.data.vocab import KIND_LABELS, STATUS_LABELS
from explorer.view.mapmodel import Caption, MapView, caption_for, visible
from explorer.view.marks import DiffClass, EdgeMark, NodeMark
from explorer.view.sizing import anchor_corners
from explorer.view.state import ViewState
from explorer.view.styles import scale_for

DIFF_CLASSES = tuple(k.value for k in DiffClass)


@dataclass
class DiffView:
    map: MapView
    counts: dict[str, int] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # diff class -> "Only in London", …


def diff_labels(a: Dataset, b: Dataset) -> dict[str, str]:
    return {
        "only-a": f"Only in {a.name}",
        "only-b": f"Only in {b.name}",
        "changed": "In both, status changed",
        "same": "In both, the same",
    }


def build_diff_map(
    a: Dataset,
    b: Dataset,
    result: DatasetDiff,
    state: ViewState,
    positions: dict,
    box,
    longest_label: int = 40,
) -> DiffView:
    """The overlay of `b` onto `a` for the current layer and filters (highlights do not apply here)."""
    elements_a, connections_a = visible(a, state)
    elements_b, connections_b = visible(b, state.with_(dataset=b.id))
    element_class = _classes(result.elements)
    connection_class = _classes(result.connections)
    changed = {c.id: c for c in result.connections.changed}
    scale = scale_for(box[2] - box[0], box[3] - box[1])

    elements: dict[str, Element] = {e.id: e for e in elements_b}
    elements.update({e.id: e for e in elements_a})
    connections: dict[str, Connection] = {c.id: c for c in connections_b}
    connections.update({c.id: c for c in connections_a})

    nodes: list[NodeMark] = []
    edges: list[EdgeMark] = []
    counts = dict.fromkeys(DIFF_CLASSES, 0)
    rows = []
    for e in elements.values():
        kind = element_class.get(e.id, "same")
        counts[kind] += 1
        x, y = positions.get(e.id, (0.0, 0.0))
        nodes.append(
            NodeMark(
                e.id,
                e.map_label,
                x,
                y,
                e.sector,
                e.type,
                picked=e.id == state.select,
                diff=DiffClass(kind),
                full_label=e.label if e.short_label else "",
            )
        )
        if kind != "same":
            rows.append(
                {"Class": kind, "Item": e.label, "What": "element", "Detail": _element_detail(kind, e)}
            )
    for c in connections.values():
        kind = connection_class.get(c.id, "same")
        counts[kind] += 1
        marker = ""
        if kind == "changed":
            old, new = changed[c.id].old("status"), changed[c.id].new("status")
            if old is not None:
                marker = f"{STATUS_LABELS[old]} → {STATUS_LABELS[new]}"
        edges.append(
            EdgeMark(
                c.id,
                c.source,
                c.target,
                direction=c.direction,
                status=c.status,
                kind=c.kind,
                cross_layer=c.cross_layer,
                diff=DiffClass(kind),
                marker=marker,
            )
        )
        if kind != "same":
            label = f"{elements[c.source].label} {KIND_LABELS[c.kind]} {elements[c.target].label}"
            rows.append(
                {
                    "Class": kind,
                    "Item": label,
                    "What": "connection",
                    "Detail": marker or STATUS_LABELS[c.status],
                }
            )
    order = {k: i for i, k in enumerate(DIFF_CLASSES)}
    rows.sort(key=lambda r: (order[r["Class"]], r["What"], r["Item"]))
    view = MapView(
        nodes=nodes,
        edges=edges,
        corners=anchor_corners(box, scale, longest_label),
        scale=scale,
        visible_elements=list(elements.values()),
        visible_connections=list(connections.values()),
        sectors=sorted({e.sector for e in elements.values()}, key=lambda s: list(type(s)).index(s)),
    )
    return DiffView(map=view, counts=counts, rows=rows, labels=diff_labels(a, b))


def _classes(items) -> dict[str, str]:
    out = dict.fromkeys(items.only_a, "only-a")
    out.update(dict.fromkeys(items.only_b, "only-b"))
    out.update({c.id: "changed" for c in items.changed})
    return out


def _element_detail(kind: str, e: Element) -> str:
    return {"only-a": "missing from the other map", "only-b": "only in the other map"}.get(
        kind, "type, sector or layers differ"
    )


def diff_caption_for(a: Dataset, b: Dataset, state: ViewState, today: dt.date | None = None) -> Caption:
    """The caption of the Differences view: both maps named, both provenances stated."""
    plain = caption_for(a, state, today)
    # The title starts with the map's name, which may itself hold " · " (a version: "North · version 2").
    head = f"{a.name} · "
    rest = plain.title[len(head) :] if plain.title.startswith(head) else plain.title.partition(" · ")[2]
    title = f"Differences: {a.name} vs {b.name}" + (f" · {rest}" if rest else "")
    return replace(plain, title=title, provenance=f"{a.provenance_line()} / {b.provenance_line()}")
