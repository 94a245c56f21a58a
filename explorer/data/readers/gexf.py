"""GEXF import (Gephi; versions 1.1draft, 1.2draft and 1.3), as a foreign map.

Parsed with defusedxml (no DTDs, no entities) and read by local element names, so every GEXF version's
namespace reads the same. Nodes keep their label, their `viz:position` (GEXF's y axis points up, ours down,
so y is flipped) and colour; `attvalues` are read by their attribute's title: a title we know (type,
sector, layers, …, as our own export writes them) is ours, any other is kept as an attribute. Each edge is
directed, undirected or mutual as its own `type` says, else as the graph's `defaultedgetype`; its `label`
or GEXF 1.3 `kind` is its foreign type, and its `weight` its strength.
"""

from __future__ import annotations

from explorer.data.problems import LoadError, Problem
from explorer.data.readers.foreign import (
    CONNECTION_FIELDS,
    ELEMENT_FIELDS,
    ForeignConnection,
    ForeignElement,
    ForeignMap,
    field_key,
)
from explorer.data.readers.graphml import local, parse_safely
from explorer.data.readers.tables import MAX_ROWS

DIRECTIONS = {"directed": "directed", "undirected": "undirected", "mutual": "mutual"}
_READ = {"type", "kind", "label", "description", "tags", "evidence", "direction", "strength", "id"}


def gexf_map(data: bytes, label: str) -> ForeignMap:
    root = parse_safely(data, label)
    if local(root.tag) != "gexf":
        raise LoadError(
            [Problem(label, None, None, f"not a GEXF file: the root element is <{local(root.tag)}>")]
        )
    graph = _child(root, "graph")
    if graph is None:
        raise LoadError([Problem(label, None, None, "not a GEXF graph: no <graph> element")])
    version = root.get("version") or _version(root.tag)
    foreign = ForeignMap(f"GEXF {version}", f"{label}#nodes", f"{label}#edges", meta=_meta(root))
    titles = {"node": {}, "edge": {}}
    for block in (c for c in graph if local(c.tag) == "attributes"):
        kind = block.get("class", "node")
        for attribute in (a for a in block if local(a.tag) == "attribute"):
            titles.setdefault(kind, {})[attribute.get("id", "")] = attribute.get("title") or attribute.get(
                "id", ""
            )
    nodes = [n for n in graph.iter() if local(n.tag) == "node"]
    edges = [e for e in graph.iter() if local(e.tag) == "edge"]
    if len(nodes) + len(edges) > MAX_ROWS:
        raise LoadError(
            [Problem(label, None, None, f"{len(nodes) + len(edges)} nodes and edges; at most {MAX_ROWS}")]
        )
    problems: list[Problem] = []
    for row, node in enumerate(nodes, start=1):
        if not node.get("id"):
            problems.append(Problem(foreign.elements_path, row, "id", "a node needs an id"))
            continue
        foreign.elements.append(_element(node, _values(node, titles["node"]), row))
    default = DIRECTIONS.get((graph.get("defaultedgetype") or "undirected").lower(), "undirected")
    for row, edge in enumerate(edges, start=1):
        for end in ("source", "target"):
            if not edge.get(end):
                problems.append(
                    Problem(foreign.connections_path, row, end, "an edge needs a source and a target")
                )
        foreign.connections.append(_connection(edge, _values(edge, titles["edge"]), default, row))
    if problems:
        raise LoadError(problems)
    return foreign


def _version(tag: str) -> str:
    namespace = tag.partition("}")[0].lstrip("{")
    return namespace.rstrip("/").rpartition("/")[2] or "?"


def _child(element, name: str):
    return next((c for c in element if local(c.tag) == name), None)


def _meta(root) -> dict[str, str]:
    meta = _child(root, "meta")
    out: dict[str, str] = {}
    if meta is None:
        return out
    title, description = _child(meta, "title"), _child(meta, "description")
    if title is not None and (title.text or "").strip():
        out["name"] = title.text.strip()
    if description is not None and (description.text or "").strip():
        out["note"] = description.text.strip()
    return out


def _values(element, titles: dict[str, str]) -> dict[str, str]:
    """attvalue 'for' (or 1.0's 'id') -> the attribute's title, with its value."""
    out: dict[str, str] = {}
    block = _child(element, "attvalues")
    for value in block if block is not None else ():
        if local(value.tag) == "attvalue":
            key = value.get("for") or value.get("id") or ""
            out[titles.get(key, key)] = value.get("value", "")
    return out


def _viz(element) -> tuple[tuple[float, float] | None, str]:
    position, colour = None, ""
    for part in element:
        name = local(part.tag)
        if name == "position":
            try:
                position = (float(part.get("x", "")), -float(part.get("y", "")))
            except ValueError:
                position = None
        elif name == "color":
            try:
                colour = "#" + "".join(f"{int(part.get(c, '0')):02x}" for c in "rgb")
            except ValueError:
                colour = ""
    return position, colour


def _split(values: dict[str, str], ours: tuple[str, ...]):
    fields = {c: values[k] for k in values for c in ours if field_key(k) == field_key(c) and values[k]}
    attributes = {
        k: v
        for k, v in values.items()
        if k.lower() not in _READ and field_key(k) not in {field_key(c) for c in ours} and k != "networkx_key"
    }  # networkx_key: networkx's own bookkeeping
    return fields, attributes


def _lower(values: dict[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in values.items()}


def _element(node, values: dict[str, str], row: int) -> ForeignElement:
    fields, attributes = _split(values, ELEMENT_FIELDS)
    position, colour = _viz(node)
    if colour:
        attributes.setdefault("colour", colour)
    low = _lower(values)
    return ForeignElement(
        key=node.get("id"),
        label=" ".join((node.get("label") or low.get("label") or node.get("id")).split()),
        type=low.get("type") or low.get("kind", ""),
        row=row,
        given_id=node.get("id"),
        description=low.get("description", ""),
        tags=low.get("tags", ""),
        fields=fields,
        attributes=attributes,
        position=position,
        evidence=_json_list(low.get("evidence", "")),
    )


def _connection(edge, values: dict[str, str], default: str, row: int) -> ForeignConnection:
    fields, attributes = _split(values, CONNECTION_FIELDS)
    low = _lower(values)
    label = " ".join((edge.get("label") or "").split())
    if label:  # a Gephi edge label, or an attribute `label` our export wrote as one
        attributes["label"] = label
    _, colour = _viz(edge)
    if colour:
        attributes.setdefault("colour", colour)
    direction = low.get("direction") or DIRECTIONS.get((edge.get("type") or "").lower(), default)
    return ForeignConnection(
        source=edge.get("source", ""),
        target=edge.get("target", ""),
        type=low.get("kind") or edge.get("kind") or low.get("type") or label,
        row=row,
        given_id=edge.get("id", ""),
        direction=direction,
        strength=low.get("strength") or edge.get("weight", ""),
        description=low.get("description", ""),
        tags=low.get("tags", ""),
        fields=fields,
        attributes=attributes,
        evidence=_json_list(low.get("evidence", "")),
    )


def _json_list(text: str):
    import json

    if not text.strip():
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return "not a list"
