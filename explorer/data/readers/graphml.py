"""GraphML import: files from this app, Gephi, yEd, Network Canvas, Cytoscape and others.

Import parses the bytes with defusedxml first and refuses any DTD, so entity expansion ("billion laughs")
and external entities never reach a parser that would honour them; only then does networkx read the
graph. Nodes and edges become a foreign map (`readers.foreign`), whose types are mapped into ours.

- The label is the first of `label`, `Label`, `name` or `tooltip` (Gephi, Cytoscape, Network Canvas), or
  yEd's node label; else the node id.
- A `type` (nodes) or `kind`/`type` (edges) is the foreign type; an edge with neither takes its label
  (yEd's "likes", "knows") as its type, and keeps the label as an attribute.
- yEd's node geometry (its centre) or `x`/`y` attributes are the map's own positions; yEd's fill and line
  colours and every attribute we do not read are kept as attributes.
- Edges are directed as the graph's `edgedefault` says, unless an edge says `directed="false"` or carries
  our `direction`.
"""

from __future__ import annotations

import io
import json
import math
import re
import warnings

import networkx as nx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from explorer.data.cells import name_from_graphml
from explorer.data.problems import LoadError, Problem
from explorer.data.readers.foreign import (
    CONNECTION_FIELDS,
    ELEMENT_FIELDS,
    ForeignConnection,
    ForeignElement,
    ForeignMap,
    field_key,
)
from explorer.data.readers.tables import MAX_ROWS
from explorer.data.serialise import GRAPH_META

REFUSED = "XML with DTD/entities is not accepted"
LABEL_KEYS = ("label", "name", "tooltip")
_NODE_READ = {"label", "name", "tooltip", "type", "description", "tags", "evidence", "x", "y", "shape_type"}
_EDGE_READ = {"kind", "type", "label", "direction", "strength", "weight", "description", "tags", "evidence"}


def graphml_map(data: bytes, label: str) -> ForeignMap:
    """A GraphML file as a foreign map; LoadError naming the problem if it is not one."""
    root = parse_safely(data, label)
    graph = _read_graph(data, label)
    items = graph.number_of_nodes() + graph.number_of_edges()
    if items > MAX_ROWS:
        raise LoadError([Problem(label, None, None, f"{items} nodes and edges; at most {MAX_ROWS}")])
    edge_xml = _edges_in_order(root)
    if len({e.get("id") for e in edge_xml if e.get("id")}) < len([e for e in edge_xml if e.get("id")]):
        message = "two edges share an id; every edge needs its own id"
        raise LoadError([Problem(label, None, None, message)])
    yed_nodes, yed_edges = _yed_graphics(root)
    meta = {key: str(graph.graph[attr]) for attr, key in GRAPH_META.items() if str(graph.graph.get(attr, ""))}
    foreign = ForeignMap(
        "GraphML (yEd)" if yed_nodes else "GraphML",
        f"{label}#nodes",
        f"{label}#edges",
        meta=meta,
        tensions=_tensions(label, graph.graph.get("tensions")),
    )
    graphs = [child for child in root if local(child.tag) == "graph"]
    if len(graphs) > 1:
        foreign.warnings.append(f"the file holds {len(graphs)} graphs; only the first was read")
    ours = "dataset_id" in graph.graph  # our own export: every node says its type, as we wrote it
    problems: list[Problem] = []
    for row, (node, data_) in enumerate(graph.nodes(data=True), start=1):
        attrs = _attrs(data_)
        if ours and not attrs.get("type", "").strip():
            problems.append(
                Problem(foreign.elements_path, row, "Type", "empty; our own export gives every type")
            )
        foreign.elements.append(_element(str(node), attrs, yed_nodes.get(str(node), {}), row))
    if problems:
        raise LoadError(problems)
    directed_flags = {e.get("id"): e.get("directed") for e in edge_xml if e.get("id")}
    position = {e.get("id"): i for i, e in reversed(list(enumerate(edge_xml))) if e.get("id")}
    edges = sorted(
        graph.edges(keys=True, data=True), key=lambda edge: position.get(edge[2], len(edge_xml))
    )  # networkx groups edges by source node; the file's order is the author's
    for row, (u, v, key, data_) in enumerate(edges, start=1):
        flag = directed_flags.get(key) if isinstance(key, str) else None
        directed = graph.is_directed() if flag is None else flag.lower() in ("true", "1")
        yed = yed_edges.get(key, {}) if isinstance(key, str) else {}
        foreign.connections.append(_connection(str(u), str(v), key, _attrs(data_), yed, directed, row))
    return foreign


def _element(node: str, attrs: dict[str, str], yed: dict, row: int) -> ForeignElement:
    label = next((attrs[k] for k in LABEL_KEYS if attrs.get(k, "").strip()), "") or yed.get("label", "")
    if not label:  # Network Canvas names a node by a variable such as "alter_name"
        label = next((v for k, v in attrs.items() if k.endswith("name") and v.strip()), "")
    ours = {field_key(c): c for c in ELEMENT_FIELDS}
    attributes = {k: v for k, v in _extra(attrs, _NODE_READ).items() if field_key(k) not in ours}
    if "colour" in yed:
        attributes.setdefault("colour", yed["colour"])
    return ForeignElement(
        key=node,
        label=" ".join(label.split()) or node,
        type=attrs.get("type", ""),
        row=row,
        given_id=node,
        description=attrs.get("description", ""),
        tags=attrs.get("tags", ""),
        fields={ours[field_key(k)]: v for k, v in attrs.items() if field_key(k) in ours and v},
        attributes=attributes,
        position=yed.get("position") or _point(attrs.get("x"), attrs.get("y")),
        evidence=_evidence(attrs.get("evidence", "")),
    )


def _connection(u, v, key, attrs: dict[str, str], yed: dict, directed: bool, row: int) -> ForeignConnection:
    label = " ".join((attrs.get("label") or yed.get("label", "")).split())
    ours = attrs.get("kind") or attrs.get("type", "")
    attributes = _extra(attrs, _EDGE_READ | {c.lower() for c in CONNECTION_FIELDS})
    if label and (not attrs.get("kind") or attrs.get("label")):  # ours has kind; a label is an attribute
        attributes["label"] = label
    if "colour" in yed:
        attributes.setdefault("colour", yed["colour"])
    return ForeignConnection(
        source=u,
        target=v,
        type=ours or label,
        row=row,
        given_id=key if isinstance(key, str) else "",
        direction=attrs.get("direction") or _direction(directed, yed.get("arrows")),
        strength=attrs.get("strength") or attrs.get("weight", ""),
        description=attrs.get("description", ""),
        tags=attrs.get("tags", ""),
        fields={c: attrs[c.lower()] for c in CONNECTION_FIELDS if attrs.get(c.lower())},
        attributes=attributes,
        evidence=_evidence(attrs.get("evidence", "")),
    )


def _direction(directed: bool, arrows: tuple[bool, bool] | None) -> str:
    """yEd says direction by arrowheads: none at either end is undirected, both ends mutual."""
    if arrows is not None and directed:
        return {(True, True): "mutual", (False, False): "undirected"}.get(arrows, "directed")
    return "directed" if directed else "undirected"


def _point(x, y) -> tuple[float, float] | None:
    try:
        point = (float(x), float(y))
    except (TypeError, ValueError):
        return None
    return point if all(math.isfinite(p) for p in point) else None


def _tensions(label: str, text):
    """Tensions travel as one graph attribute holding the normalised JSON list."""
    if text is None or not str(text).strip():
        return None
    try:
        return json.loads(str(text))
    except (ValueError, RecursionError):
        raise LoadError(
            [Problem(f"{label}#graph", None, "tensions", "expected a JSON list of tensions")]
        ) from None


def _evidence(text: str):
    """Evidence travels as a JSON list in one attribute, as in the normalised export."""
    if not text.strip():
        return None
    try:
        entries = json.loads(text)
    except (ValueError, RecursionError):
        return "not a list"  # build_foreign reports it by row and column
    return entries


def parse_safely(data: bytes, label: str):
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise LoadError([Problem(label, None, None, REFUSED)]) from None
    except ParseError as exc:
        line, column = exc.position
        reason = re.sub(r":\s*line \d+, column \d+$", "", str(exc))
        raise LoadError([Problem(label, line, str(column + 1), f"malformed XML: {reason}")]) from None


def _read_graph(data: bytes, label: str) -> nx.MultiGraph:
    # networkx refuses a graph whose edges mix directions; each edge's own `directed` flag is read from the
    # defused parse instead (graphml_map), so networkx is given the file without it.
    data = re.sub(rb'(<(?:\w+:)?edge\b[^>]*?)\s+directed\s*=\s*"[^"]*"', rb"\1", data)
    try:
        with warnings.catch_warnings():  # networkx warns about yEd ports, which we do not use
            warnings.simplefilter("ignore")
            return nx.read_graphml(io.BytesIO(data), force_multigraph=True, edge_key_type=str)
    except (nx.NetworkXError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise LoadError([Problem(label, None, None, f"not a GraphML graph: {exc}")]) from None


def _edges_in_order(root) -> list:
    """The <edge> elements of the first <graph> (and graphs nested in its nodes, which is all networkx
    reads), in document order."""
    graphs = [child for child in root if local(child.tag) == "graph"]
    if not graphs:
        return []
    return [element for element in graphs[0].iter() if local(element.tag) == "edge"]


def local(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _yed_graphics(root) -> tuple[dict, dict]:
    """yEd's drawing of each node and edge (label, centre, colour), by id, where the file has one."""
    nodes: dict[str, dict] = {}
    edges: dict[str, dict] = {}
    for element in root.iter():
        kind = local(element.tag)
        if kind not in ("node", "edge") or not element.get("id"):
            continue
        drawn: dict = {}
        for data in (child for child in element if local(child.tag) == "data"):
            for part in data.iter():
                name = local(part.tag)
                if name in ("NodeLabel", "EdgeLabel") and "label" not in drawn and (part.text or "").strip():
                    drawn["label"] = part.text.strip()
                elif name == "Geometry" and "position" not in drawn:
                    drawn["position"] = _centre(part)
                elif name == "Arrows":
                    drawn["arrows"] = (
                        part.get("source", "none") != "none",
                        part.get("target", "none") != "none",
                    )
                elif name in ("Fill", "LineStyle") and part.get("color") and "colour" not in drawn:
                    drawn["colour"] = part.get("color")
        if drawn.get("position") is None:
            drawn.pop("position", None)
        if drawn:
            (nodes if kind == "node" else edges)[element.get("id")] = drawn
    return nodes, edges


def _centre(geometry) -> tuple[float, float] | None:
    corner = _point(geometry.get("x"), geometry.get("y"))
    size = _point(geometry.get("width", "0"), geometry.get("height", "0")) or (0.0, 0.0)
    return None if corner is None else (corner[0] + size[0] / 2, corner[1] + size[1] / 2)


class _Attrs(dict):
    """A node's or edge's data by lower-cased name, remembering each name as the file spelled it."""

    def __init__(self, data: dict):
        super().__init__((str(k).strip().lower(), "" if v is None else str(v)) for k, v in data.items())
        self.spelled = {str(k).strip().lower(): str(k).strip() for k in data}


def _attrs(data: dict) -> _Attrs:
    return _Attrs(data)


def _extra(attrs: _Attrs, read: set[str]) -> dict[str, str]:
    """What we do not read as ours, kept under the file's own names."""
    # `networkx_key` is networkx's own bookkeeping; names are unescaped as cells.graphml_name wrote them.
    return {
        name_from_graphml(attrs.spelled.get(k, k)): v
        for k, v in attrs.items()
        if k not in read and k != "networkx_key"
    }
