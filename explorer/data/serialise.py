"""The normalised JSON form of a dataset (documented in docs/data-format.md)."""

from __future__ import annotations

import json

from explorer.data.model import Connection, Dataset, Element, Evidence, Tension
from explorer.data.vocab import Voice

# Graph attribute -> dataset.json key. The dataset id is not stored as "id": GraphML writers take that
# for the XML id of the <graph> element, and readers do not give it back.
GRAPH_META = {
    "dataset_id": "id",
    "name": "name",
    "area": "area",
    "provenance": "provenance",
    "note": "note",
    "based_on": "based_on",
}


def evidence_dict(e: Evidence) -> dict[str, str]:
    out = {"section": e.section}
    for key in ("quote", "participant", "participant_sector", "passage"):
        if getattr(e, key):
            out[key] = getattr(e, key)
    if e.source != "paper":
        out["source"] = e.source
    if e.voice is not Voice.PROFESSIONALS:
        out["voice"] = e.voice.value
    return out


def basis_text(item) -> str:
    """An item's basis as text, "" when an imported map does not say."""
    return item.basis.value if item.basis else ""


def element_dict(e: Element) -> dict:
    return _with_attributes(
        e,
        {
            "id": e.id,
            "label": e.label,
            "type": e.type.value,
            "sector": e.sector.value,
            "layers": [layer.value for layer in e.layers],
            "description": e.description,
            "tags": list(e.tags),
            "basis": basis_text(e),
            "evidence": [evidence_dict(x) for x in e.evidence],
            **({"short_label": e.short_label} if e.short_label else {}),
        },
    )


def _with_attributes(item, out: dict) -> dict:
    """A foreign file's extra fields, only where there are some, so shipped maps' exports do not change."""
    if item.attributes:
        out["attributes"] = dict(item.attributes)
    return out


def connection_dict(c: Connection) -> dict:
    return _with_attributes(
        c,
        {
            "id": c.id,
            "from": c.source,
            "to": c.target,
            "layer": c.layer.value,
            "kind": c.kind.value,
            "status": c.status.value,
            "direction": c.direction.value,
            "strength": c.strength,
            "description": c.description,
            "reason": c.reason,
            "impact": c.impact,
            "tags": list(c.tags),
            "basis": basis_text(c),
            "evidence": [evidence_dict(x) for x in c.evidence],
        },
    )


def tension_dict(t: Tension) -> dict:
    return {
        "id": t.id,
        "section": t.section,
        "title": t.title,
        "summary": t.summary,
        "evidence": [evidence_dict(x) for x in t.evidence],
        "sides": [
            {
                "id": s.id,
                "who": s.who,
                "holders": list(s.holders),
                "position": s.position,
                "items": list(s.items),
                "basis": basis_text(s),
                "evidence": [evidence_dict(x) for x in s.evidence],
            }
            for s in t.sides
        ],
    }


def metadata_dict(d: Dataset) -> dict[str, str]:
    """A dataset's dataset.json keys. `source` is left out: a loader records where it read the file from."""
    return {
        "id": d.id,
        "name": d.name,
        "area": d.area,
        "provenance": d.provenance.value,
        "note": d.note,
        "based_on": d.based_on,
    }


def dataset_dict(d: Dataset) -> dict:
    out = {
        "dataset": {**metadata_dict(d), "source": d.source, "provenance_statement": d.provenance_line()},
        "elements": [element_dict(e) for e in d.elements],
        "connections": [connection_dict(c) for c in d.connections],
        "tensions": [tension_dict(t) for t in d.tensions],
    }
    if d.positions:  # an imported map's own places, from its file
        out["positions"] = {item: [x, y] for item, x, y in d.positions}
    return out


def to_json(d: Dataset) -> str:
    return json.dumps(dataset_dict(d), ensure_ascii=False, indent=2) + "\n"
