"""GraphML import: files from this app, Gephi, yEd and others.

Import parses the bytes with defusedxml first and refuses any DTD, so entity expansion ("billion laughs")
and external entities never reach a parser that would honour them; only then does networkx read the
graph. Nodes and edges become the same three tables the other readers make, checked by
`validate.build_dataset`, so the rules are the same whatever the format.

GraphML written by other tools lacks our attributes. A file in which no node has a `type` imports every
element as a `service`, and one in which no edge has a `kind` imports every connection as `refers`; missing
sectors, layers and statuses take the loader's usual defaults (`other`, `C`, `present`). Where only some
nodes or edges lack them, the usual validation errors apply. Node and edge ids are kept where they are
valid ids and unique, and otherwise made from the node id or `from--kind--to`.
"""

from __future__ import annotations

import io
import json
import re
import warnings

import networkx as nx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from explorer.data.model import Dataset
from explorer.data.problems import LoadError, Problem
from explorer.data.readers.evidence import add_evidence, tension_table
from explorer.data.readers.tables import MAX_ROWS, Table
from explorer.data.serialise import GRAPH_META
from explorer.data.validate import (
    CONNECTION_COLUMNS,
    ELEMENT_COLUMNS,
    EVIDENCE_COLUMNS,
    ID_PATTERN,
    build_dataset,
    slug,
)

REFUSED = "XML with DTD/entities is not accepted"
DEFAULT_TYPE = "service"
DEFAULT_KIND = "refers"


def load_graphml(data: bytes, label: str, default_meta: dict) -> Dataset:
    """Load a GraphML file; raise LoadError naming every problem, and return nothing partial."""
    root = _parse_safely(data, label)
    graph = _read_graph(data, label)
    items = graph.number_of_nodes() + graph.number_of_edges()
    if items > MAX_ROWS:
        raise LoadError([Problem(label, None, None, f"{items} nodes and edges; at most {MAX_ROWS}")])
    edge_ids = _edge_ids_in_order(root)
    if len(edge_ids) > graph.number_of_edges():
        message = "two edges between the same nodes share an id; every edge needs its own id"
        raise LoadError([Problem(label, None, None, message)])
    meta = dict(default_meta)
    for attr, key in GRAPH_META.items():
        value = graph.graph.get(attr)
        if value is not None and str(value) != "":
            meta[key] = str(value)
    problems: list[Problem] = []
    evidence = Table(f"{label}#evidence", list(EVIDENCE_COLUMNS))
    ids = _element_ids(graph)
    elements = _elements(graph, label, ids, evidence, problems)
    connections = _connections(graph, label, ids, edge_ids, evidence, problems)
    tensions = _tensions(label, graph.graph.get("tensions"), evidence, problems)
    if problems:
        raise LoadError(problems)
    return build_dataset(meta, f"{label}#graph", elements, connections, evidence, tensions=tensions)


def _tensions(label: str, text, evidence: Table, problems: list[Problem]) -> Table | None:
    """Tensions travel as one graph attribute holding the normalised JSON list."""
    if text is None or not str(text).strip():
        return None
    try:
        items = json.loads(str(text))
    except (ValueError, RecursionError):
        problems.append(Problem(f"{label}#graph", None, "tensions", "expected a JSON list of tensions"))
        return None
    return tension_table(label, items, evidence, problems)


def _parse_safely(data: bytes, label: str):
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise LoadError([Problem(label, None, None, REFUSED)]) from None
    except ParseError as exc:
        line, column = exc.position
        reason = re.sub(r":\s*line \d+, column \d+$", "", str(exc))
        raise LoadError([Problem(label, line, str(column + 1), f"malformed XML: {reason}")]) from None


def _read_graph(data: bytes, label: str) -> nx.MultiGraph:
    try:
        with warnings.catch_warnings():  # networkx warns about yEd ports, which we do not use
            warnings.simplefilter("ignore")
            return nx.read_graphml(io.BytesIO(data), force_multigraph=True, edge_key_type=str)
    except (nx.NetworkXError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise LoadError([Problem(label, None, None, f"not a GraphML graph: {exc}")]) from None


def _edge_ids_in_order(root) -> list[str | None]:
    """The ids of the edges in the first <graph> (and graphs nested in its nodes, which is all networkx
    reads), in document order: networkx gives edges back grouped by source node, not as the file has them."""
    graphs = [child for child in root if _local(child.tag) == "graph"]
    if not graphs:
        return []
    return [element.get("id") for element in graphs[0].iter() if _local(element.tag) == "edge"]


def _local(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _element_ids(graph) -> dict:
    """Node -> element id: the node id where it is a valid id, else one made from it."""
    ids: dict = {}
    taken: set[str] = set()
    for node in graph.nodes:
        if ID_PATTERN.fullmatch(str(node)):
            ids[node] = str(node)
            taken.add(str(node))
    for node in graph.nodes:
        if node not in ids:
            ids[node] = _unique(slug(str(node)), taken)
    return ids


def _unique(base: str, taken: set[str]) -> str:
    base = base[:95]
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def _attrs(data: dict) -> dict[str, str]:
    return {str(key).lower(): _text(value) for key, value in data.items()}


def _text(value) -> str:
    return "" if value is None else str(value)


def _elements(graph, label: str, ids: dict, evidence: Table, problems: list[Problem]) -> Table:
    path = f"{label}#nodes"
    table = Table(path, list(ELEMENT_COLUMNS))
    nodes = [(node, _attrs(data)) for node, data in graph.nodes(data=True)]
    typed = any("type" in attrs for _, attrs in nodes)
    for row, (node, attrs) in enumerate(nodes, start=1):
        cells = {
            "Label": attrs.get("label") or attrs.get("name") or str(node),  # Cytoscape writes "name"
            "Type": attrs.get("type", "") if typed else DEFAULT_TYPE,
            "Description": attrs.get("description", ""),
            "Tags": attrs.get("tags", ""),
            "Id": ids[node],
            "Sector": attrs.get("sector", ""),
            "Layers": attrs.get("layers", ""),
            "Basis": attrs.get("basis", ""),
        }
        table.rows.append((row, cells))
        _evidence(path, row, attrs.get("evidence", ""), ids[node], evidence, problems)
    return table


def _connections(graph, label, ids: dict, file_ids: list, evidence: Table, problems: list) -> Table:
    path = f"{label}#edges"
    table = Table(path, list(CONNECTION_COLUMNS))
    edges = [(u, v, key, _attrs(data)) for u, v, key, data in graph.edges(keys=True, data=True)]
    position = {edge_id: i for i, edge_id in reversed(list(enumerate(file_ids))) if edge_id}
    edges.sort(key=lambda edge: position.get(edge[2], len(file_ids)))  # edges without an id go last
    kinded = any("kind" in attrs for *_, attrs in edges)
    taken = set(ids.values())
    edge_ids: list[str | None] = []
    for _, _, key, _ in edges:  # ids from the file first, so that made ids never take theirs
        keep = isinstance(key, str) and ID_PATTERN.fullmatch(key) and key not in taken
        edge_ids.append(key if keep else None)
        if keep:
            taken.add(key)
    for row, ((u, v, _, attrs), given) in enumerate(zip(edges, edge_ids, strict=True), start=1):
        kind = attrs.get("kind", "") if kinded else DEFAULT_KIND
        item_id = given or _unique(f"{ids[u]}--{slug(kind) if kind else 'link'}--{ids[v]}", taken)
        cells = {
            "From": ids[u],
            "To": ids[v],
            "Type": kind,
            "Direction": attrs.get("direction") or ("" if graph.is_directed() else "undirected"),
            "Strength": attrs.get("strength") or attrs.get("weight", ""),
            "Id": item_id,
            "Layer": attrs.get("layer", ""),
            "Status": attrs.get("status", ""),
            "Description": attrs.get("description", ""),
            "Reason": attrs.get("reason", ""),
            "Impact": attrs.get("impact", ""),
            "Tags": attrs.get("tags", ""),
            "Basis": attrs.get("basis", ""),
        }
        table.rows.append((row, cells))
        _evidence(path, row, attrs.get("evidence", ""), item_id, evidence, problems)
    return table


def _evidence(path: str, row: int, text: str, item_id: str, evidence: Table, problems: list[Problem]):
    """Evidence travels as a JSON list in one attribute, as in the normalised export."""
    if not text.strip():
        return
    try:
        entries = json.loads(text)
    except (ValueError, RecursionError):
        entries = None
    if not isinstance(entries, list):
        problems.append(Problem(path, row, "evidence", "expected a JSON list of evidence objects"))
        return
    add_evidence(path, row, entries, item_id, evidence, problems, cell=_text)
