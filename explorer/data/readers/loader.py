"""Load datasets from folders of CSV, XLSX workbooks and JSON (ours or Kumu's), all-or-nothing.

Every reader turns its format into the same three tables and hands them to `validate.build_dataset`,
so the rules are the same whatever the format.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

from explorer.data.model import Dataset
from explorer.data.problems import LoadError, Problem
from explorer.data.readers.evidence import add_evidence, json_cell, tension_table
from explorer.data.readers.foreign import ImportReport, build_foreign
from explorer.data.readers.gexf import gexf_map
from explorer.data.readers.graphml import graphml_map
from explorer.data.readers.kumu import csv_kind, kumu_json_map, kumu_sheets_map
from explorer.data.readers.prsm import prsm_map
from explorer.data.readers.tables import Table, decode, read_csv_file, read_csv_text, read_xlsx_bytes
from explorer.data.rows import INVISIBLE, MAX_LABEL_CHARS
from explorer.data.validate import (
    CONNECTION_COLUMNS,
    ELEMENT_COLUMNS,
    EVIDENCE_COLUMNS,
    build_dataset,
    slug,
)
from explorer.data.vocab import Provenance

MAX_JSON_ITEMS = 20_000
FOLDER_FILES = ("elements.csv", "connections.csv", "evidence.csv", "tensions.csv")
OPTIONAL_FILES = ("evidence.csv", "tensions.csv")


def imported_meta(filename: str) -> dict[str, str]:
    """Metadata for a map that arrives without any: named after its file, provenance imported."""
    # The file's name becomes the map's name: without invisible characters, and as long as a label.
    filename = INVISIBLE.sub("", filename)
    stem = Path(filename).stem[:MAX_LABEL_CHARS]
    return {
        "id": slug(stem).replace("_", "-")[:60] or "imported",
        "name": stem,
        "area": "Not given (imported map)",
        "provenance": Provenance.IMPORTED.value,
        "source": Path(filename).name,
    }


def load_path(path: Path) -> Dataset:
    """Load one dataset from a folder, .xlsx or .json file."""
    if path.is_dir():
        return load_folder(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError([Problem(str(path), None, None, f"cannot read: {exc.strerror}")]) from None
    return load_bytes(path.name, data, label=str(path))


def load_bytes(filename: str, data: bytes, *, label: str | None = None, meta=None) -> Dataset:
    """Load an uploaded or named file by its extension."""
    return load_with_report(filename, data, label=label, meta=meta)[0]


def load_with_report(
    filename: str, data: bytes, *, label: str | None = None, meta=None, mapping: dict | None = None
) -> tuple[Dataset, ImportReport | None]:
    """A file as a Dataset and, for maps from other tools, the report of how it was mapped.

    `mapping` ({"element": {their type: ours}, "connection": {…}}) overrides the guessed types.
    """
    label = label or filename
    meta = meta or imported_meta(filename)
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        return load_xlsx(data, label, meta, mapping)
    if suffix == ".json":
        return load_json_report(data, label, meta, mapping)
    if suffix == ".csv":
        return load_kumu_csv(data, label, meta, mapping)
    if suffix in (".graphml", ".xml"):
        return build_foreign(graphml_map(data, label), meta, mapping)
    if suffix == ".gexf":
        return build_foreign(gexf_map(data, label), meta, mapping)
    if suffix == ".prsm":
        return build_foreign(prsm_map(data, label), meta, mapping)
    raise LoadError([Problem(label, None, None, f"unsupported file type; use {SUPPORTED}")])


SUPPORTED = "a folder of CSV, .xlsx, .csv, .json (ours or Kumu's), .graphml, .gexf or .prsm"


def read_json(label: str, data: bytes):
    text = decode(label, data)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError([Problem(label, exc.lineno, str(exc.colno), f"malformed JSON: {exc.msg}")]) from None
    except RecursionError:
        raise LoadError([Problem(label, None, None, "malformed JSON: nested too deeply")]) from None


def load_folder(folder: Path) -> Dataset:
    problems: list[Problem] = []
    meta_path = folder / "dataset.json"
    meta: dict = {}
    if not meta_path.is_file():
        problems.append(
            Problem(str(meta_path), None, None, "missing: every dataset folder needs dataset.json")
        )
    else:
        try:
            meta = read_json(str(meta_path), meta_path.read_bytes())
        except LoadError as exc:
            problems += exc.problems
    tables: dict[str, Table | None] = {}
    for name in FOLDER_FILES:
        file = folder / name
        if not file.is_file():
            if name not in OPTIONAL_FILES:
                problems.append(Problem(str(file), None, None, "missing file"))
            tables[name] = None
            continue
        try:
            tables[name] = read_csv_file(file)
        except LoadError as exc:
            problems += exc.problems
    if problems:
        raise LoadError(problems)
    return build_dataset(
        meta,
        str(meta_path),
        tables["elements.csv"],
        tables["connections.csv"],
        tables["evidence.csv"],
        expected_id=folder.name,
        tensions=tables["tensions.csv"],
    )


def load_xlsx(data: bytes, label: str, default_meta: dict, mapping: dict | None = None):
    """Our workbook (it has a Dataset sheet) as it is; any other is a Kumu spreadsheet, mapped."""
    tables = read_xlsx_bytes(label, data, required=())
    if "Dataset" not in tables:
        if "Elements" not in tables and "Connections" not in tables:
            raise LoadError([Problem(label, None, None, "no sheet named 'Elements' or 'Connections'")])
        foreign = kumu_sheets_map(label, tables.get("Elements"), tables.get("Connections"))
        return build_foreign(foreign, default_meta, mapping)
    for required in ("Elements", "Connections"):
        if required not in tables:
            raise LoadError([Problem(label, None, None, f"no sheet named {required!r}")])
    meta = dict(default_meta)
    where = f"{label}[Dataset]"
    sheet = tables["Dataset"]
    for row_number, row in sheet.rows:
        key, value = row.get("Key", "").strip().lower(), row.get("Value", "")
        if key:
            meta[key] = value
        elif value:
            raise LoadError([Problem(where, row_number, "Key", "empty key")])
    dataset = build_dataset(
        meta,
        where,
        tables["Elements"],
        tables["Connections"],
        tables.get("Evidence"),
        tensions=tables.get("Tensions"),
    )
    return dataset, None


def load_kumu_csv(data: bytes, label: str, default_meta: dict, mapping: dict | None = None):
    """One CSV in Kumu's layout: connections (From, To, …) or elements (Label, …)."""
    table = read_csv_text(label, decode(label, data))
    kind = csv_kind(table)
    if kind is None:
        message = "expected Kumu's columns: From and To for connections, or Label for elements"
        raise LoadError([Problem(label, 1, None, message)])
    tables = {"elements": None, "connections": None, kind: table}
    foreign = kumu_sheets_map(label, tables["elements"], tables["connections"])
    return build_foreign(foreign, default_meta, mapping)


# JSON: our normalised export, or Kumu's (readers/kumu.py).


def load_json(data: bytes, label: str, default_meta: dict) -> Dataset:
    return load_json_report(data, label, default_meta)[0]


def load_json_report(data: bytes, label: str, default_meta: dict, mapping: dict | None = None):
    """Our normalised export, read strictly; anything else with an 'elements' list is Kumu's, mapped."""
    doc = read_json(label, data)
    if not isinstance(doc, dict) or not isinstance(doc.get("elements"), list):
        raise LoadError([Problem(label, None, "elements", "expected an object with an 'elements' list")])
    if not isinstance(doc.get("connections", []), list):
        raise LoadError([Problem(label, None, "connections", "expected a list")])
    items = len(doc["elements"]) + len(doc.get("connections", []))
    if items > MAX_JSON_ITEMS:
        raise LoadError([Problem(label, None, None, f"{items} items; at most {MAX_JSON_ITEMS}")])
    if "dataset" not in doc:
        return build_foreign(kumu_json_map(label, doc), default_meta, mapping)
    if not isinstance(doc["dataset"], dict):
        raise LoadError([Problem(label, None, "dataset", "expected an object")])
    meta = {k: v for k, v in doc["dataset"].items() if k != "provenance_statement"}
    problems: list[Problem] = []
    evidence = Table(f"{label}#evidence", list(EVIDENCE_COLUMNS))
    attributes: dict[str, tuple] = {}
    tables = {
        name: _json_table(label, name, doc.get(name, []), columns, evidence, problems, attributes)
        for name, columns in (("elements", ELEMENT_COLUMNS), ("connections", CONNECTION_COLUMNS))
    }
    tensions = tension_table(label, doc.get("tensions"), evidence, problems)
    positions = _json_positions(label, doc.get("positions"), problems)
    if problems:
        raise LoadError(problems)
    dataset = build_dataset(
        meta, f"{label}#dataset", tables["elements"], tables["connections"], evidence, tensions=tensions
    )
    return with_attributes(dataset, attributes, positions), None


def with_attributes(dataset: Dataset, attributes: dict[str, tuple], positions: tuple) -> Dataset:
    if not attributes and not positions:
        return dataset
    return replace(
        dataset,
        elements=tuple(replace(e, attributes=attributes.get(e.id, ())) for e in dataset.elements),
        connections=tuple(replace(c, attributes=attributes.get(c.id, ())) for c in dataset.connections),
        positions=positions,
    )


def _json_positions(label: str, given, problems: list[Problem]) -> tuple:
    if given is None:
        return ()
    where = f"{label}#positions"
    if not isinstance(given, dict):
        problems.append(Problem(where, None, None, "expected an object of id: [x, y]"))
        return ()
    out = []
    for item, point in given.items():
        if not (isinstance(point, list) and len(point) == 2 and all(_number(v) for v in point)):
            problems.append(Problem(where, None, str(item), "expected [x, y] numbers"))
            continue
        out.append((str(item), float(point[0]), float(point[1])))
    return tuple(out)


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _json_table(label, name, items, columns, evidence, problems, attributes) -> Table:
    """Our normalised export's items as table rows; any key we do not know is a problem."""
    path = f"{label}#{name}"
    by_lower = {c.lower(): c for c in columns}
    by_lower.update({"from": "From", "to": "To", "participant_sector": "Participant Sector"})
    if name == "connections":
        by_lower["kind"] = "Type"
    else:
        by_lower["short_label"] = "Short label"
    table = Table(path, [c for c in columns if c != "Id"] + ["Id"])
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(path, index, None, "expected an object"))
            continue
        row: dict[str, str] = {}
        for key, value in item.items():
            lowered = str(key).lower()
            if lowered in ("evidence", "attributes"):
                continue
            column = by_lower.get(lowered)
            if column is None:
                problems.append(Problem(path, index, str(key), "unknown key"))
                continue
            row[column] = json_cell(value)
        if "Id" not in row:
            row["Id"] = slug(row.get("Label", "")) if name == "elements" and row.get("Label") else ""
        table.rows.append((index, row))
        _json_evidence(path, index, item.get("evidence"), row["Id"], evidence, problems)
        given = item.get("attributes")
        if given is not None and (
            not isinstance(given, dict) or not all(str(k).strip() and "\n" not in str(k) for k in given)
        ):
            problems.append(Problem(path, index, "attributes", "expected an object of name: text"))
        elif given:
            attributes[row["Id"]] = tuple(sorted((str(k), json_cell(v)) for k, v in given.items()))
    return table


def _json_evidence(path, index, items, item_id, evidence: Table, problems: list[Problem]) -> None:
    if items is None:
        return
    if not isinstance(items, list):
        problems.append(Problem(path, index, "evidence", "expected a list"))
        return
    add_evidence(path, index, items, item_id, evidence, problems)


def load_csv_files(files: dict[str, bytes], default_meta: dict) -> Dataset:
    """Load a dataset from uploaded CSV files named as in a dataset folder (elements.csv, connections.csv,
    optionally evidence.csv and dataset.json)."""
    by_name = {Path(name).name.lower(): (name, data) for name, data in files.items()}
    problems: list[Problem] = []
    tables: dict[str, Table | None] = {}
    for wanted in FOLDER_FILES:
        if wanted not in by_name:
            if wanted not in OPTIONAL_FILES:
                problems.append(Problem(wanted, None, None, "missing: upload it with the other CSV files"))
            tables[wanted] = None
            continue
        name, data = by_name[wanted]
        try:
            tables[wanted] = read_csv_text(name, decode(name, data))
        except LoadError as exc:
            problems += exc.problems
    unknown = sorted(set(by_name) - {*FOLDER_FILES, "dataset.json"})
    problems += [
        Problem(by_name[n][0], None, None, f"unexpected file; expected {', '.join(FOLDER_FILES)}")
        for n in unknown
    ]
    meta = dict(default_meta)
    if "dataset.json" in by_name:
        name, data = by_name["dataset.json"]
        try:
            given = read_json(name, data)
        except LoadError as exc:
            problems += exc.problems
            given = {}
        if isinstance(given, dict):
            meta.update({k: v for k, v in given.items() if k in ("name", "area", "note")})
    if problems:
        raise LoadError(problems)
    return build_dataset(
        meta,
        "dataset.json",
        tables["elements.csv"],
        tables["connections.csv"],
        tables["evidence.csv"],
        tensions=tables["tensions.csv"],
    )
