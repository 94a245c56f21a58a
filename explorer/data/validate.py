"""Turn raw tables into a Dataset, checking everything and collecting every problem.

The builder either returns a whole, consistent Dataset or raises LoadError with one Problem per fault:
there is no partially loaded state for a caller to see.
"""

from __future__ import annotations

import re
from collections import defaultdict

from explorer.data.model import Connection, Dataset, Element, Evidence
from explorer.data.problems import LoadError
from explorer.data.readers.tables import MAX_CELL_CHARS, Table
from explorer.data.rows import (
    ID_PATTERN,
    MAX_LABEL_CHARS,
    MAX_SHORT_LABEL_CHARS,
    SECTION_PATTERN,
    _Checker,
    _claim_id,
    _get,
    invisible_problem,
    screen_cells,
    split_multi,
)
from explorer.data.tensions import TENSION_COLUMNS, TENSION_REQUIRED, build_tensions, read_tensions
from explorer.data.vocab import (
    ALLOWED_STATUSES,
    BASIS_LABELS,
    ELEMENT_TYPE_LABELS,
    KIND_LABELS,
    SECTOR_LABELS,
    STATUS_LABELS,
    STUDY_BASES,
    VOICE_LABELS,
    Basis,
    Direction,
    ElementType,
    Kind,
    Layer,
    Provenance,
    Sector,
    Status,
    Voice,
    choices,
    parse,
)

ELEMENT_COLUMNS = ("Label", "Type", "Description", "Tags", "Id", "Sector", "Layers", "Basis", "Short label")
CONNECTION_COLUMNS = (
    "From",
    "To",
    "Type",
    "Direction",
    "Strength",
    "Id",
    "Layer",
    "Status",
    "Description",
    "Reason",
    "Impact",
    "Tags",
    "Basis",
)
EVIDENCE_COLUMNS = (
    "Item",
    "Section",
    "Quote",
    "Participant",
    "Participant Sector",
    "Source",
    "Passage",
    "Voice",
)
# Evidence as JSON objects (normalised export, Kumu, GraphML attribute): key → evidence column.
EVIDENCE_KEYS = {
    "section": "Section",
    "quote": "Quote",
    "participant": "Participant",
    "participant_sector": "Participant Sector",
    "source": "Source",
    "passage": "Passage",
    "voice": "Voice",
}
REQUIRED = {
    "elements": ("Label", "Type"),
    "connections": ("From", "To", "Type"),
    "evidence": ("Item", "Section"),
    "tensions": TENSION_REQUIRED,
}
META_KEYS = ("id", "name", "area", "provenance", "note", "based_on", "source")
NEEDS_EVIDENCE = (Provenance.STUDY, Provenance.REFERENCE)
# Shipped maps say how we know every item; an imported map may leave Basis blank.
NEEDS_BASIS = (Provenance.STUDY, Provenance.ILLUSTRATIVE)
# `illustrative` (invented for an area map) can never describe the study's or the reference's items.
BASES_ALLOWED = {Provenance.STUDY: STUDY_BASES, Provenance.REFERENCE: STUDY_BASES}


def slug(text: str) -> str:
    """An id made from a label, for maps that come without ids."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:100] or "item"


def build_dataset(
    meta: dict[str, object],
    meta_where: str,
    elements: Table,
    connections: Table,
    evidence: Table | None = None,
    *,
    expected_id: str | None = None,
    tensions: Table | None = None,
) -> Dataset:
    """Validate tables and metadata; return the Dataset or raise LoadError listing every problem."""
    check = _Checker()
    info = _check_meta(check, meta, meta_where, expected_id)
    provenance = info.get("provenance")
    with_basis = ("Basis",) if provenance in NEEDS_BASIS else ()
    check.columns(elements, ELEMENT_COLUMNS, REQUIRED["elements"] + with_basis)
    check.columns(connections, CONNECTION_COLUMNS, REQUIRED["connections"] + with_basis)
    if evidence is not None:
        check.columns(evidence, EVIDENCE_COLUMNS, REQUIRED["evidence"])
    if tensions is not None:
        check.columns(tensions, TENSION_COLUMNS, REQUIRED["tensions"] + with_basis)
    if check.problems:  # with the wrong columns, row checks would only repeat the same fault
        raise LoadError(check.problems)
    for table in (elements, connections, evidence, tensions):
        if table is not None:
            screen_cells(check, table, MAX_CELL_CHARS)

    basis_of = _basis_reader(check, provenance)
    where_is: dict[str, tuple[str, int, str]] = {}  # id -> (file, row, column) for later messages
    raw_elements = _read_elements(check, elements, where_is, basis_of)
    by_label = {e["label"]: e["id"] for e in raw_elements}
    raw_connections = _read_connections(check, connections, where_is, by_label, basis_of)
    raw_tensions = (
        read_tensions(check, tensions, where_is, {e["id"] for e in raw_elements}, basis_of)
        if tensions is not None
        else []
    )
    evidence_by_item = _read_evidence(check, evidence, where_is) if evidence is not None else {}

    # Elements with no Layers column take the layers of their connections.
    layers_of: dict[str, set[Layer]] = defaultdict(set)
    for c in raw_connections:
        if c["layer"] is not None:
            layers_of[c["source"]].add(c["layer"])
            layers_of[c["target"]].add(c["layer"])

    if provenance in NEEDS_EVIDENCE:
        for item_id, (path, row, column) in where_is.items():
            if not evidence_by_item.get(item_id):
                check.add(path, row, column, f"{provenance.value} item {item_id!r} has no evidence")
    if check.problems:
        raise LoadError(check.problems)

    built_elements = tuple(
        Element(
            id=e["id"],
            label=e["label"],
            type=e["type"],
            sector=e["sector"],
            layers=e["layers"] or tuple(sorted(layers_of[e["id"]])) or (Layer.C,),
            description=e["description"],
            tags=e["tags"],
            evidence=tuple(evidence_by_item.get(e["id"], ())),
            basis=e["basis"],
            short_label=e["short_label"],
        )
        for e in raw_elements
    )
    built_connections = tuple(
        Connection(
            id=c["id"],
            source=c["source"],
            target=c["target"],
            layer=c["layer"],
            kind=c["kind"],
            status=c["status"],
            direction=c["direction"],
            strength=c["strength"],
            description=c["description"],
            reason=c["reason"],
            impact=c["impact"],
            tags=c["tags"],
            evidence=tuple(evidence_by_item.get(c["id"], ())),
            basis=c["basis"],
        )
        for c in raw_connections
    )
    return Dataset(
        id=info["id"],
        name=info["name"],
        area=info["area"],
        provenance=provenance,
        note=info.get("note", ""),
        source=info.get("source", ""),
        based_on=info.get("based_on", ""),
        elements=built_elements,
        connections=built_connections,
        tensions=build_tensions(raw_tensions, evidence_by_item),
    )


def _basis_reader(check: _Checker, provenance: Provenance | None):
    """A reader of Basis cells under the dataset's rules: required in shipped maps, and never
    `illustrative` in the study or the reference pathway."""
    allowed = BASES_ALLOWED.get(provenance, tuple(Basis))
    expected = ", ".join(b.value for b in allowed)

    def read(table: Table, row: int, text: str) -> Basis | None:
        if not text:
            if provenance in NEEDS_BASIS:
                check.add(
                    table.path,
                    row,
                    "Basis",
                    f"empty; {provenance.value} data says how we know every item: one of {expected}",
                )
            return None
        member = parse(Basis, text, BASIS_LABELS)
        if member is None or member not in allowed:
            check.add(table.path, row, "Basis", f"unknown value {text!r}; expected one of: {expected}")
            return None
        return member

    return read


def _check_meta(check: _Checker, meta: dict, where: str, expected_id: str | None) -> dict:
    info: dict = {}
    if not isinstance(meta, dict):
        check.add(where, None, None, "metadata must be an object of key: value pairs")
        return info
    for key in meta:
        if key not in META_KEYS:
            check.add(where, None, key, f"unknown key; expected some of: {', '.join(META_KEYS)}")
    for key in ("id", "name", "area", "provenance"):
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            check.add(where, None, key, "required, as non-empty text")
    for key in ("note", "based_on", "source"):
        if key in meta and not isinstance(meta[key], str):
            check.add(where, None, key, "must be text")
        elif key in meta:
            info[key] = meta[key].strip()
    dataset_id = meta.get("id")
    if isinstance(dataset_id, str) and dataset_id.strip():
        if not ID_PATTERN.fullmatch(dataset_id):
            check.add(where, None, "id", f"{dataset_id!r} is not a valid id ([a-z0-9][a-z0-9_-]*)")
        elif expected_id is not None and dataset_id != expected_id:
            check.add(where, None, "id", f"{dataset_id!r} does not match its folder {expected_id!r}")
        info["id"] = dataset_id
    for key in ("name", "area"):
        if isinstance(meta.get(key), str):
            info[key] = meta[key].strip()
            problem = invisible_problem(info[key])
            if len(info[key]) > MAX_LABEL_CHARS:
                problem = f"{len(info[key])} characters; at most {MAX_LABEL_CHARS}"
            if problem:
                check.add(where, None, key, problem)
    for key in ("note", "based_on", "source"):
        if len(info.get(key, "")) > MAX_CELL_CHARS:
            check.add(where, None, key, f"{len(info[key])} characters; at most {MAX_CELL_CHARS}")
    if isinstance(meta.get("provenance"), str) and meta["provenance"].strip():
        provenance = parse(Provenance, meta["provenance"])
        if provenance is None:
            check.add(where, None, "provenance", f"expected one of: {choices(Provenance)}")
        info["provenance"] = provenance
    return info


def _read_elements(check: _Checker, table: Table, where_is: dict, basis_of) -> list[dict]:
    out = []
    has_id = any(h.lower() == "id" for h in table.header)
    for row_number, row in table.rows:
        label = _get(row, "Label")
        if not label:
            check.add(table.path, row_number, "Label", "empty; every element needs a label")
            continue
        item_id = _get(row, "Id") if has_id else slug(label)
        if not item_id:
            check.add(table.path, row_number, "Id", "empty; every element needs an id")
            continue
        kind = check.vocab(table, row_number, "Type", _get(row, "Type"), ElementType, ELEMENT_TYPE_LABELS)
        sector_text = _get(row, "Sector") or "other"
        sector = check.vocab(table, row_number, "Sector", sector_text, Sector, SECTOR_LABELS)
        layers = []
        for part in split_multi(_get(row, "Layers")):
            layer = check.vocab(table, row_number, "Layers", part, Layer)
            if layer is not None and layer not in layers:
                layers.append(layer)
        if not _claim_id(check, where_is, item_id, table.path, row_number, "Id"):
            continue
        out.append(
            {
                "id": item_id,
                "label": label,
                "type": kind,
                "sector": sector,
                "layers": tuple(sorted(layers)),
                "description": _get(row, "Description"),
                "tags": split_multi(_get(row, "Tags")),
                "basis": basis_of(table, row_number, _get(row, "Basis")),
                "short_label": _short_label(check, table, row_number, label, _get(row, "Short label")),
                "where": (table.path, row_number),
            }
        )
    return out


def _short_label(check: _Checker, table: Table, row: int, label: str, text: str) -> str:
    """The label the map draws instead of a long one: shorter than the label, and short enough to read on a
    projector; "" (draw the label) when not given."""
    short = " ".join(text.split())
    if not short:
        return ""
    if len(short) > MAX_SHORT_LABEL_CHARS:
        check.add(
            table.path,
            row,
            "Short label",
            f"{len(short)} characters; a short label holds at most {MAX_SHORT_LABEL_CHARS} (the map draws "
            "it; the full label stays in Label)",
        )
    elif len(short) > len(label):
        check.add(
            table.path,
            row,
            "Short label",
            f"{short!r} is longer than its label {label!r}; a short label abbreviates the label",
        )
    return short


def _read_connections(check, table: Table, where_is: dict, by_label: dict, basis_of) -> list[dict]:
    element_ids = set(where_is)
    out = []
    for row_number, row in table.rows:
        ends = []
        for column in ("From", "To"):
            ref = _get(row, column)
            resolved = ref if ref in element_ids else by_label.get(ref)
            if not ref:
                check.add(table.path, row_number, column, "empty; expected an element id or label")
            elif resolved is None:
                check.add(table.path, row_number, column, f"no element with id or label {ref!r}")
            ends.append(resolved)
        kind = check.vocab(table, row_number, "Type", _get(row, "Type"), Kind, KIND_LABELS)
        layer = check.vocab(table, row_number, "Layer", _get(row, "Layer") or "C", Layer)
        status = check.vocab(
            table, row_number, "Status", _get(row, "Status") or "present", Status, STATUS_LABELS
        )
        if kind is not None and status is not None and status not in ALLOWED_STATUSES[kind]:
            allowed = ", ".join(s.value for s in ALLOWED_STATUSES[kind])
            check.add(
                table.path,
                row_number,
                "Status",
                f"status {status.value!r} does not fit kind {kind.value!r}; expected one of: {allowed}",
            )
        direction = check.vocab(
            table, row_number, "Direction", _get(row, "Direction") or "directed", Direction
        )
        strength = None
        if text := _get(row, "Strength"):
            try:
                strength = float(text)
            except ValueError:
                check.add(table.path, row_number, "Strength", f"{text!r} is not a number")
        reason = _get(row, "Reason")
        if kind is Kind.EXCLUDES and not reason:
            check.add(table.path, row_number, "Reason", "an exclusion needs the threshold or reason")
        item_id = _get(row, "Id")
        if not item_id:
            if not all(ends) or kind is None:
                continue
            item_id = f"{ends[0]}--{kind.value}--{ends[1]}"
        if not _claim_id(check, where_is, item_id, table.path, row_number, "Id"):
            continue
        out.append(
            {
                "id": item_id,
                "source": ends[0],
                "target": ends[1],
                "layer": layer,
                "kind": kind,
                "status": status,
                "direction": direction,
                "strength": strength,
                "description": _get(row, "Description"),
                "reason": reason,
                "impact": _get(row, "Impact"),
                "tags": split_multi(_get(row, "Tags")),
                "basis": basis_of(table, row_number, _get(row, "Basis")),
                "where": (table.path, row_number),
            }
        )
    return out


def _read_evidence(check, table: Table, where_is: dict) -> dict[str, list[Evidence]]:
    found: dict[str, list[Evidence]] = defaultdict(list)
    for row_number, row in table.rows:
        item = _get(row, "Item")
        if not item:
            check.add(table.path, row_number, "Item", "empty; expected an element or connection id")
            continue
        if item not in where_is:
            check.add(table.path, row_number, "Item", f"no element or connection with id {item!r}")
            continue
        evidence = _evidence(check, table.path, row_number, row, item)
        if evidence is not None:
            found[item].append(evidence)
    return found


def _evidence(check, path: str, row_number: int, row: dict, item: str) -> Evidence | None:
    section = _get(row, "Section")
    if not section:
        check.add(path, row_number, "Section", f"evidence for {item!r} must cite a section")
        return None
    source = (_get(row, "Source") or "paper").lower()
    if source not in ("paper", "talk", "workshop"):  # workshop: a note a workshop cited (data/edits.py)
        check.add(path, row_number, "Source", f"unknown source {source!r}; expected paper, talk or workshop")
        return None
    if source == "paper" and not SECTION_PATTERN.fullmatch(section):
        check.add(path, row_number, "Section", f"{section!r} is not a section number like 4.4.1")
        return None
    voice = Voice.PROFESSIONALS
    if text := _get(row, "Voice"):
        voice = parse(Voice, text, VOICE_LABELS)
        if voice is None:
            check.add(path, row_number, "Voice", f"unknown value {text!r}; expected one of: {choices(Voice)}")
            return None
    return Evidence(
        section=section,
        quote=_get(row, "Quote") or None,
        participant=_get(row, "Participant") or None,
        participant_sector=_get(row, "Participant Sector") or None,
        source=source,
        passage=_get(row, "Passage") or None,
        voice=voice,
    )
