"""A dataset as a networkx graph with plain attributes, the common ground of the GraphML and GEXF writers.

Graph files hold only strings and numbers, so multi-valued cells are `|`-joined as in the CSV format,
evidence travels as a JSON string, and the dataset's metadata and provenance statement are graph-level
attributes. A MultiDiGraph keyed by connection id keeps parallel connections (say, `funds` and
`commissions` between the same two bodies) apart.

An imported item's attributes (the extra columns and fields of the file it came from) are written back
under their own names, so they read back as attributes. A name our readers or the formats take for
something else (`label`, `x`, `weight`, …) gets the prefix `attribute:`, so it still reads back as one.
"""

from __future__ import annotations

import json

import networkx as nx

from explorer.data.cells import ATTRIBUTE_PREFIX, xml_text
from explorer.data.model import Dataset, Evidence
from explorer.data.serialise import GRAPH_META, basis_text, evidence_dict, metadata_dict, tension_dict
from explorer.data.writers.about import about


def dataset_graph(dataset: Dataset) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    values = metadata_dict(dataset)
    graph.graph.update({attr: xml_text(values[key]) for attr, key in GRAPH_META.items()})
    graph.graph.update({key: xml_text(value) for key, value in about(dataset).items()})
    if dataset.tensions:  # a graph has no place for them but an attribute: the normalised JSON form
        tensions = [tension_dict(t) for t in dataset.tensions]
        graph.graph["tensions"] = xml_text(json.dumps(tensions, ensure_ascii=False))
    for e in dataset.elements:
        graph.add_node(
            e.id,
            **extra_attributes(e.attributes, NODE_TAKEN),
            label=xml_text(e.label),
            type=e.type.value,
            sector=e.sector.value,
            layers="|".join(layer.value for layer in e.layers),
            description=xml_text(e.description),
            tags=xml_text("|".join(e.tags)),
            basis=basis_text(e),
            evidence=evidence_json(e.evidence),
            **({"short_label": xml_text(e.short_label)} if e.short_label else {}),
        )
    for c in dataset.connections:
        attrs: dict[str, str | float] = {
            "kind": c.kind.value,
            "layer": c.layer.value,
            "status": c.status.value,
            "direction": c.direction.value,
            "description": xml_text(c.description),
            "reason": xml_text(c.reason),
            "impact": xml_text(c.impact),
            "tags": xml_text("|".join(c.tags)),
            "basis": basis_text(c),
            "evidence": evidence_json(c.evidence),
        }
        if c.strength is not None:
            attrs["strength"] = float(c.strength)
        attrs |= extra_attributes(c.attributes, EDGE_TAKEN)
        graph.add_edge(c.source, c.target, key=c.id, **attrs)
    return graph


# Names that would not read back as attributes: ours, what readers/graphml.py and readers/gexf.py read as
# something else, and what networkx's GEXF writer takes over (an edge's `type`, `weight`, `id`, …). An edge
# attribute `label` is fine: yEd's and GEXF's edge labels are read back as exactly that attribute.
_OURS = {
    "label",
    "type",
    "sector",
    "layers",
    "description",
    "tags",
    "basis",
    "evidence",
    "short_label",
    "short label",
}
_EDGE_OURS = {"kind", "layer", "status", "direction", "description", "reason", "impact", "tags", "basis"}
NODE_TAKEN = _OURS | {"name", "tooltip", "x", "y", "shape_type", "kind", "direction", "strength", "id"} | {
    "pid", "viz", "start", "end", "layer", "status", "reason", "impact"}  # fmt: skip
EDGE_TAKEN = _EDGE_OURS | {"type", "strength", "weight", "evidence", "id", "key", "start", "end", "viz"} | {
    "sector", "layers"}  # fmt: skip


def extra_attributes(attributes, taken: set[str]) -> dict[str, str]:
    """An item's attributes as graph attributes, renamed where the name is taken.

    >>> extra_attributes((("Website", "a.example"), ("X", "3")), NODE_TAKEN)
    {'Website': 'a.example', 'attribute:X': '3'}
    """
    out: dict[str, str] = {}
    for name, value in attributes:
        key = xml_text(name)
        if key.lower() in taken or key.lower().startswith(ATTRIBUTE_PREFIX):
            key = ATTRIBUTE_PREFIX + key
        out[key] = xml_text(value)
    return out


def evidence_json(evidence: tuple[Evidence, ...]) -> str:
    """Evidence as the JSON list the normalised export uses, e.g. `[{"section": "4.4.1"}]`."""
    return xml_text(json.dumps([evidence_dict(e) for e in evidence], ensure_ascii=False))


def put_edges_in_order(parent, dataset: Dataset) -> None:
    """Reorder the <edge> children of a writer's XML element into the dataset's connection order.

    networkx writes edges grouped by source node; a file in the dataset's own order reads back into
    the same dataset, and lists the connections in the order their authors chose.
    """
    order = {c.id: i for i, c in enumerate(dataset.connections)}
    slots = [i for i, child in enumerate(parent) if child.tag == "edge"]
    edges = sorted((parent[i] for i in slots), key=lambda edge: order.get(edge.get("id"), len(order)))
    for slot, edge in zip(slots, edges, strict=True):
        parent[slot] = edge
