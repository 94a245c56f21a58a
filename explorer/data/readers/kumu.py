"""Kumu's formats as foreign maps: JSON (a blueprint or a whole project export) and spreadsheets.

A blueprint is `{"elements": [{"label", "type", …}], "connections": [{"from", "to", "type", …}]}`, where
`from`/`to` name an element's `id` or label. A project export (Kumu's "Export JSON" backup) wraps each item's
fields in `attributes` (`"element type"`, `"connection type"`), names items by generated `_id`s, and keeps
positions per map. A spreadsheet has an Elements sheet (Label, Type, Description, Tags, and any columns of
the user's own) and a Connections sheet (From, To, Type, Direction, Strength, Label, …), or is one CSV of
either. Our own columns (Sector, Layers, Layer, Status, Basis, …) are read as ours; every other field is kept
as an attribute of its item.
"""

from __future__ import annotations

from explorer.data.problems import LoadError, Problem
from explorer.data.readers.evidence import json_cell
from explorer.data.readers.foreign import (
    CONNECTION_FIELDS,
    ELEMENT_FIELDS,
    ForeignConnection,
    ForeignElement,
    ForeignMap,
    field_key,
)
from explorer.data.readers.tables import Table

_ELEMENT_KEYS = {"label": "label", "type": "type", "element type": "type", "description": "description",
                 "tags": "tags", "id": "id"}  # fmt: skip
_CONNECTION_KEYS = {"from": "from", "to": "to", "type": "type", "connection type": "type", "kind": "type",
                    "direction": "direction", "strength": "strength", "description": "description",
                    "tags": "tags", "id": "id"}  # fmt: skip
_SKIPPED = {"_id", "attributes", "evidence", "delayed", "reversed"}


def kumu_json_map(label: str, doc: dict) -> ForeignMap:
    """A Kumu blueprint or project export (already parsed) as a foreign map; LoadError on a wrong shape."""
    if not isinstance(doc.get("connections", []), list):
        raise LoadError([Problem(label, None, "connections", "expected a list")])
    project = "maps" in doc or any(isinstance(e, dict) and "_id" in e for e in doc["elements"])
    foreign = ForeignMap(
        "Kumu project export" if project else "Kumu JSON blueprint",
        f"{label}#elements",
        f"{label}#connections",
        meta=_meta(doc),
        tensions=doc.get("tensions"),
        strict_ids=True,
    )
    problems: list[Problem] = []
    positions = _positions(doc)
    for row, item in enumerate(doc["elements"], start=1):
        if not isinstance(item, dict):
            problems.append(Problem(foreign.elements_path, row, None, "expected an object"))
            continue
        foreign.elements.append(_element(item, row, positions))
    for row, item in enumerate(doc.get("connections", []), start=1):
        if not isinstance(item, dict):
            problems.append(Problem(foreign.connections_path, row, None, "expected an object"))
            continue
        foreign.connections.append(_connection(item, row))
    if problems:
        raise LoadError(problems)
    return foreign


def _meta(doc: dict) -> dict[str, str]:
    """Kumu's project name and description; `area` is ours, written by our own export."""
    meta = {}
    for ours, theirs in (("name", "name"), ("note", "description"), ("area", "area")):
        value = doc.get(theirs)
        if isinstance(value, str) and value.strip():
            meta[ours] = value.strip()
    return meta


def _flat(item: dict) -> dict:
    flat = {k: v for k, v in item.items() if k != "attributes"}
    if isinstance(item.get("attributes"), dict):
        flat.update(item["attributes"])
    return flat


def _split(flat: dict, known: dict[str, str], ours: tuple[str, ...]):
    """(Kumu's fields by name, our fields by column, the rest as attributes)."""
    kumu: dict[str, str] = {}
    fields: dict[str, str] = {}
    attributes: dict[str, str] = {}
    our_columns = {field_key(c): c for c in ours}
    for key, value in flat.items():
        lowered = str(key).strip().lower()
        if lowered in _SKIPPED:
            continue
        if lowered in known:
            kumu[known[lowered]] = json_cell(value)
        elif field_key(key) in our_columns:
            fields[our_columns[field_key(key)]] = json_cell(value)
        elif value not in (None, "", [], {}):
            attributes[str(key).strip()] = json_cell(value)
    return kumu, fields, attributes


def _element(item: dict, row: int, positions: dict) -> ForeignElement:
    flat = _flat(item)
    kumu, fields, attributes = _split(flat, _ELEMENT_KEYS, ELEMENT_FIELDS)
    key = str(item.get("_id") or kumu.get("id") or kumu.get("label") or f"element {row}")
    return ForeignElement(
        key=key,
        label=kumu.get("label", "").strip(),
        type=kumu.get("type", ""),
        row=row,
        given_id=kumu.get("id", ""),
        description=kumu.get("description", ""),
        tags=kumu.get("tags", ""),
        fields=fields,
        attributes=attributes,
        position=positions.get(item["_id"]) if isinstance(item.get("_id"), str) else None,
        evidence=flat.get("evidence"),
    )


def _connection(item: dict, row: int) -> ForeignConnection:
    flat = _flat(item)
    kumu, fields, attributes = _split(flat, _CONNECTION_KEYS, CONNECTION_FIELDS)
    source, target = kumu.get("from", ""), kumu.get("to", "")
    if item.get("reversed") is True:  # Kumu draws a reversed connection from `to` to `from`
        source, target = target, source
    if item.get("delayed") in (True, "true"):  # Kumu writes a bool; our export writes it back as text
        attributes["delayed"] = "true"
    return ForeignConnection(
        source=source,
        target=target,
        type=kumu.get("type", ""),
        row=row,
        given_id=kumu.get("id", ""),
        direction=kumu.get("direction", ""),
        strength=kumu.get("strength", ""),
        description=kumu.get("description", ""),
        tags=kumu.get("tags", ""),
        fields=fields,
        attributes=attributes,
        evidence=flat.get("evidence"),
    )


def _positions(doc: dict) -> dict[str, tuple[float, float]]:
    """Element _id -> position on the project's default map (else its first map)."""
    maps = (
        [m for m in doc.get("maps", []) if isinstance(m, dict)] if isinstance(doc.get("maps"), list) else []
    )
    if not maps:
        return {}
    chosen = next((m for m in maps if m.get("_id") == doc.get("defaultMap")), maps[0])
    out: dict[str, tuple[float, float]] = {}
    for placed in chosen.get("elements", []) if isinstance(chosen.get("elements"), list) else []:
        if not isinstance(placed, dict) or not isinstance(placed.get("position"), dict):
            continue
        x, y = placed["position"].get("x"), placed["position"].get("y")
        if isinstance(x, int | float) and isinstance(y, int | float) and placed.get("element"):
            out.setdefault(str(placed["element"]), (float(x), float(y)))
    return out


# Spreadsheets


def kumu_sheets_map(label: str, elements: Table | None, connections: Table | None) -> ForeignMap:
    """Kumu's Elements and Connections sheets (either may be missing) as a foreign map."""
    elements_path = elements.path if elements else f"{label}[Elements]"
    connections_path = connections.path if connections else f"{label}[Connections]"
    # Kumu makes elements for labels only its connections name; a sheet with our Id column means our layout,
    # where a connection to a missing element is a mistake to report.
    implicit = elements is None or not any(h.lower() == "id" for h in elements.header)
    foreign = ForeignMap(
        "Kumu spreadsheet", elements_path, connections_path, implicit_elements=implicit, strict_ids=True
    )
    problems: list[Problem] = []
    if elements is not None:
        if not any(h.lower() == "label" for h in elements.header):
            problems.append(Problem(elements.path, 1, "Label", "required column is missing"))
        for row, cells in elements.rows:
            kumu, fields, attributes = _split(cells, _ELEMENT_KEYS, ELEMENT_FIELDS)
            if not kumu.get("label", "").strip():
                problems.append(Problem(elements.path, row, "Label", "empty; every element needs a label"))
                continue
            foreign.elements.append(
                ForeignElement(
                    key=kumu["label"].strip(),
                    label=kumu["label"].strip(),
                    type=kumu.get("type", ""),
                    row=row,
                    given_id=kumu.get("id", ""),
                    description=kumu.get("description", ""),
                    tags=kumu.get("tags", ""),
                    fields=fields,
                    attributes=attributes,
                )
            )
    if connections is not None:
        for column in ("From", "To"):
            if not any(h.lower() == column.lower() for h in connections.header):
                problems.append(Problem(connections.path, 1, column, "required column is missing"))
        for row, cells in connections.rows:
            kumu, fields, attributes = _split(cells, _CONNECTION_KEYS, CONNECTION_FIELDS)
            foreign.connections.append(
                ForeignConnection(
                    source=kumu.get("from", "").strip(),
                    target=kumu.get("to", "").strip(),
                    type=kumu.get("type", ""),
                    row=row,
                    given_id=kumu.get("id", ""),
                    direction=kumu.get("direction", ""),
                    strength=kumu.get("strength", ""),
                    description=kumu.get("description", ""),
                    tags=kumu.get("tags", ""),
                    fields=fields,
                    attributes=attributes,
                )
            )
    if problems:
        raise LoadError(problems)
    return foreign


def csv_kind(table: Table) -> str | None:
    """'connections' for a CSV with From and To columns, 'elements' for one with Label, else None."""
    header = {h.lower() for h in table.header}
    if {"from", "to"} <= header:
        return "connections"
    if "label" in header:
        return "elements"
    return None
