"""Kumu JSON blueprint export: Kumu's own fields first, ours alongside, provenance under "about".

Kumu reads `label`, `type`, `description` and `tags` of elements and `from`, `to`, `type`, `direction` and
`strength` of connections; elements carry our `id`, which Kumu matches `from`/`to` against, so labels need
not be unique. Kumu keeps the other fields as attributes. Our loader reads the blueprint back in its Kumu
mode (there is no top-level "dataset" key), which ignores "about".
"""

from __future__ import annotations

import json

from explorer.data.model import Connection, Dataset, Element
from explorer.data.serialise import basis_text, evidence_dict, tension_dict
from explorer.data.writers.about import about


def kumu_blueprint(dataset: Dataset, notes: list[dict] | None = None) -> dict:
    blueprint = {
        "name": dataset.name,  # Kumu's project name and description; "area" is ours
        "description": dataset.note,
        "area": dataset.area,
        "about": about(dataset),
        "elements": [_element(e) for e in dataset.elements],
        "connections": [_connection(c) for c in dataset.connections],
    }
    if dataset.tensions:
        blueprint["tensions"] = [tension_dict(t) for t in dataset.tensions]  # ours; Kumu ignores it
    if notes is not None:
        blueprint["notes"] = notes  # ours; Kumu and our importer ignore it
    return blueprint


def write_kumu(dataset: Dataset, notes: list[dict] | None = None) -> bytes:
    return (json.dumps(kumu_blueprint(dataset, notes), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _with_file_fields(item, out: dict) -> dict:
    """An imported item's extra fields go back as Kumu fields of their own, as Kumu keeps them."""
    for name, value in item.attributes:
        out.setdefault(name, value)
    return out


def _element(e: Element) -> dict:
    return _with_file_fields(
        e,
        {
            "label": e.label,
            "type": e.type.value,
            "description": e.description,
            "tags": list(e.tags),
            "id": e.id,
            "sector": e.sector.value,
            "layers": [layer.value for layer in e.layers],
            "basis": basis_text(e),
            "evidence": [evidence_dict(x) for x in e.evidence],
            **({"short label": e.short_label} if e.short_label else {}),  # ours; Kumu keeps it as a field
        },
    )


def _connection(c: Connection) -> dict:
    out: dict = {"from": c.source, "to": c.target, "type": c.kind.value, "direction": c.direction.value}
    if c.strength is not None:  # Kumu expects a number or nothing
        out["strength"] = c.strength
    out.update(
        {
            "id": c.id,
            "layer": c.layer.value,
            "status": c.status.value,
            "description": c.description,
            "reason": c.reason,
            "impact": c.impact,
            "tags": list(c.tags),
            "basis": basis_text(c),
            "evidence": [evidence_dict(x) for x in c.evidence],
        }
    )
    return _with_file_fields(c, out)
