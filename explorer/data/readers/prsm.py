"""PRSM (the Participatory System Mapper) `.prsm` maps, plain JSON or lz-string compressed, as foreign maps.

PRSM saves a map as JSON (`nodes`, `edges`, `styles`, `mapTitle`, …) and, unless asked for plain text,
compresses it with lz-string's `compressToUTF16` before writing it out as UTF-8. A file that does not start
with `{` is decompressed first. A factor's style group (`grp`, named by the style's `groupLabel`) is its
foreign type, as is a link's; notes (plain text or Quill deltas) are descriptions; positions are kept;
fill colours and the map's own attribute columns (`attributeTitles`) become attributes.
"""

from __future__ import annotations

import json

from explorer.data.problems import LoadError, Problem
from explorer.data.readers.foreign import ForeignConnection, ForeignElement, ForeignMap
from explorer.data.readers.tables import MAX_ROWS, decode

DAMAGED = "not a PRSM map: it is neither JSON nor lz-string compressed JSON; is the file damaged?"


def prsm_map(data: bytes, label: str) -> ForeignMap:
    doc = _document(data, label)
    nodes, edges = doc.get("nodes"), doc.get("edges", [])
    if not isinstance(nodes, list) or not isinstance(edges, list):
        raise LoadError([Problem(label, None, "nodes", "expected a PRSM map with 'nodes' and 'edges' lists")])
    if len(nodes) + len(edges) > MAX_ROWS:
        raise LoadError(
            [Problem(label, None, None, f"{len(nodes) + len(edges)} factors and links; at most {MAX_ROWS}")]
        )
    styles = doc.get("styles") if isinstance(doc.get("styles"), dict) else {}
    titles = doc.get("attributeTitles") if isinstance(doc.get("attributeTitles"), dict) else {}
    meta = {}
    if isinstance(doc.get("mapTitle"), str) and doc["mapTitle"].strip() not in ("", "Untitled map"):
        meta["name"] = doc["mapTitle"].strip()
    if note := _text(doc.get("description")):
        meta["note"] = note
    foreign = ForeignMap("PRSM map", f"{label}#nodes", f"{label}#edges", meta=meta)
    problems: list[Problem] = []
    for row, node in enumerate(nodes, start=1):
        if not isinstance(node, dict) or not node.get("id"):
            problems.append(Problem(foreign.elements_path, row, "id", "expected a factor with an id"))
            continue
        foreign.elements.append(_element(node, row, _group_labels(styles, "nodes"), titles))
    for row, edge in enumerate(edges, start=1):
        if not isinstance(edge, dict):
            problems.append(Problem(foreign.connections_path, row, None, "expected a link object"))
            continue
        if edge.get("isClusterEdge"):
            continue
        foreign.connections.append(_connection(edge, row, _group_labels(styles, "edges"), titles))
    if problems:
        raise LoadError(problems)
    return foreign


def _document(data: bytes, label: str) -> dict:
    text = decode(label, data).lstrip()
    if not text.startswith("{"):
        text = _decompress(text, label)
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        raise LoadError([Problem(label, None, None, DAMAGED)]) from None
    if not isinstance(doc, dict):
        raise LoadError([Problem(label, None, None, DAMAGED)])
    return doc


def _decompress(text: str, label: str) -> str:
    from lzstring import LZString

    try:
        # lzstring 1.0.4's decompressFromUTF16 subtracts from each item, so it wants code points, not str.
        out = LZString().decompressFromUTF16([ord(ch) for ch in text])
    except Exception:  # a damaged stream fails in many ways inside the decoder
        out = None
    if not isinstance(out, str) or not out.lstrip().startswith("{"):
        raise LoadError([Problem(label, None, None, DAMAGED)])
    return out


def _group_labels(styles: dict, kind: str) -> dict[str, str]:
    groups = styles.get(kind) if isinstance(styles.get(kind), dict) else {}
    return {k: str(v.get("groupLabel") or k) for k, v in groups.items() if isinstance(v, dict)}


def _text(note) -> str:
    """A PRSM note: plain text, or a Quill delta ({"ops": [{"insert": "…"}]})."""
    if isinstance(note, str):
        return note.strip()
    if isinstance(note, dict) and isinstance(note.get("ops"), list):
        return "".join(str(op.get("insert", "")) for op in note["ops"] if isinstance(op, dict)).strip()
    return ""


def _custom(item: dict, titles: dict) -> dict[str, str]:
    out = {str(title): str(item[key]) for key, title in titles.items() if item.get(key) not in (None, "")}
    colour = item.get("color")
    if isinstance(colour, dict):
        colour = colour.get("background") or colour.get("color")
    if isinstance(colour, str) and colour:
        out["colour"] = colour
    return out


def _number(value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _element(node: dict, row: int, groups: dict, titles: dict) -> ForeignElement:
    x, y = _number(node.get("x")), _number(node.get("y"))
    label = " ".join(str(node.get("label") or "").split())
    return ForeignElement(
        key=str(node["id"]),
        label=label,
        type=groups.get(str(node.get("grp", "")), str(node.get("grp", ""))),
        row=row,
        given_id=str(node["id"]),
        description=_text(node.get("note") or node.get("title")),
        attributes=_custom(node, titles),
        position=(x, y) if x is not None and y is not None else None,
    )


def _connection(edge: dict, row: int, groups: dict, titles: dict) -> ForeignConnection:
    arrows = edge.get("arrows") if isinstance(edge.get("arrows"), dict) else {}

    def on(end: str) -> bool:
        return isinstance(arrows.get(end), dict) and bool(arrows[end].get("enabled"))

    to, back = (on("to"), on("from")) if arrows else (True, False)
    source, target = str(edge.get("from", "")), str(edge.get("to", ""))
    if back and not to:  # an arrow only at the start: the link runs the other way
        source, target = target, source
    direction = "mutual" if to and back else "directed" if (to or back) else "undirected"
    attributes = _custom(edge, titles)
    label = " ".join(str(edge.get("label") or "").split())
    if label:
        attributes["label"] = label
    return ForeignConnection(
        source=source,
        target=target,
        type=groups.get(str(edge.get("grp", "")), str(edge.get("grp", ""))),
        row=row,
        given_id=str(edge.get("id", "")),
        direction=direction,
        description=_text(edge.get("note") or edge.get("title")),
        attributes=attributes,
    )
