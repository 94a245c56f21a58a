"""Comparing two maps in place: the diff overlay's elements, classes, counts and table rows.

The overlay draws the union of both maps at the shared positions. Each item carries one diff class, shown by
line or border pattern as well as colour, so the comparison survives greyscale printing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from explorer.analysis.diff import DatasetDiff
from explorer.data.model import Connection, Dataset, Element
from explorer.data.vocab import KIND_LABELS, STATUS_LABELS
from explorer.view.mapmodel import MapView, anchor_corners, anchor_elements, visible
from explorer.view.state import ViewState
from explorer.view.styles import scale_for

DIFF_CLASSES = ("only-a", "only-b", "changed", "same")


@dataclass
class DiffView:
    map: MapView
    counts: dict[str, int] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)


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

    out: list[dict] = []
    counts = dict.fromkeys(DIFF_CLASSES, 0)
    rows = []
    for e in elements.values():
        kind = element_class.get(e.id, "same")
        counts[kind] += 1
        x, y = positions.get(e.id, (0.0, 0.0))
        classes = f"sector-{e.sector.value} diff-{kind}" + (" picked" if e.id == state.select else "")
        out.append({"data": {"id": e.id, "label": e.label}, "position": {"x": x, "y": y}, "classes": classes})
        if kind != "same":
            rows.append(
                {"Class": kind, "Item": e.label, "What": "element", "Detail": _element_detail(kind, e)}
            )
    for c in connections.values():
        kind = connection_class.get(c.id, "same")
        counts[kind] += 1
        data = {"id": c.id, "source": c.source, "target": c.target}
        if kind == "changed":
            old, new = changed[c.id].old("status"), changed[c.id].new("status")
            if old is not None:
                data["marker"] = f"{STATUS_LABELS[old]} → {STATUS_LABELS[new]}"
        out.append({"data": data, "classes": f"{c.direction.value} diff-{kind}"})
        if kind != "same":
            label = f"{elements[c.source].label} {KIND_LABELS[c.kind]} {elements[c.target].label}"
            rows.append(
                {
                    "Class": kind,
                    "Item": label,
                    "What": "connection",
                    "Detail": data.get("marker", STATUS_LABELS[c.status]),
                }
            )
    out += anchor_elements(anchor_corners(box, scale, longest_label))
    order = {k: i for i, k in enumerate(DIFF_CLASSES)}
    rows.sort(key=lambda r: (order[r["Class"]], r["What"], r["Item"]))
    view = MapView(
        elements=out,
        scale=scale,
        visible_elements=list(elements.values()),
        visible_connections=list(connections.values()),
        sectors=sorted({e.sector for e in elements.values()}, key=lambda s: list(type(s)).index(s)),
    )
    return DiffView(map=view, counts=counts, rows=rows)


def _classes(items) -> dict[str, str]:
    out = dict.fromkeys(items.only_a, "only-a")
    out.update(dict.fromkeys(items.only_b, "only-b"))
    out.update({c.id: "changed" for c in items.changed})
    return out


def _element_detail(kind: str, e: Element) -> str:
    return {"only-a": "missing from the other map", "only-b": "only in the other map"}.get(
        kind, "type, sector or layers differ"
    )
