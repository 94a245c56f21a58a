"""Load datasets from folders of CSV, XLSX workbooks and JSON (ours or Kumu's), all-or-nothing.

Every reader turns its format into the same three tables and hands them to `validate.build_dataset`,
so the rules are the same whatever the format.
"""

from __future__ import annotations

import json
from pathlib import Path

from explorer.data.model import Dataset
from explorer.data.problems import LoadError, Problem
from explorer.data.readers.evidence import add_evidence, json_cell, tension_table
from explorer.data.readers.graphml import load_graphml
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
    label = label or filename
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        return load_xlsx(data, label, meta or imported_meta(filename))
    if suffix == ".json":
        return load_json(data, label, meta or imported_meta(filename))
    if suffix in (".graphml", ".xml"):
        return load_graphml(data, label, meta or imported_meta(filename))
    raise LoadError(
        [Problem(label, None, None, "unsupported file type; use a folder of CSV, .xlsx, .json or .graphml")]
    )


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


def load_xlsx(data: bytes, label: str, default_meta: dict) -> Dataset:
    tables = read_xlsx_bytes(label, data)
    meta = dict(default_meta)
    where = f"{label}[Dataset]"
    if "Dataset" in tables:
        sheet = tables["Dataset"]
        for row_number, row in sheet.rows:
            key, value = row.get("Key", "").strip().lower(), row.get("Value", "")
            if key:
                meta[key] = value
            elif value:
                raise LoadError([Problem(where, row_number, "Key", "empty key")])
    return build_dataset(
        meta,
        where,
        tables["Elements"],
        tables["Connections"],
        tables.get("Evidence"),
        tensions=tables.get("Tensions"),
    )


# JSON: our normalised export, or a Kumu blueprint.
_KUMU_ELEMENT_KEYS = {"element type": "Type", "type": "Type"}
_KUMU_CONNECTION_KEYS = {"connection type": "Type", "type": "Type", "kind": "Type"}


def load_json(data: bytes, label: str, default_meta: dict) -> Dataset:
    doc = read_json(label, data)
    if not isinstance(doc, dict) or not isinstance(doc.get("elements"), list):
        raise LoadError([Problem(label, None, "elements", "expected an object with an 'elements' list")])
    if not isinstance(doc.get("connections", []), list):
        raise LoadError([Problem(label, None, "connections", "expected a list")])
    normalised = "dataset" in doc
    meta = dict(default_meta)
    if normalised:
        if not isinstance(doc["dataset"], dict):
            raise LoadError([Problem(label, None, "dataset", "expected an object")])
        meta = {k: v for k, v in doc["dataset"].items() if k != "provenance_statement"}
    items = len(doc["elements"]) + len(doc.get("connections", []))
    if items > MAX_JSON_ITEMS:
        raise LoadError([Problem(label, None, None, f"{items} items; at most {MAX_JSON_ITEMS}")])
    problems: list[Problem] = []
    evidence = Table(f"{label}#evidence", list(EVIDENCE_COLUMNS))
    kumu_ids: dict[str, str] = {}
    elements = _json_table(
        label,
        "elements",
        doc["elements"],
        ELEMENT_COLUMNS,
        _KUMU_ELEMENT_KEYS,
        strict=normalised,
        evidence=evidence,
        problems=problems,
        kumu_ids=kumu_ids,
    )
    connections = _json_table(
        label,
        "connections",
        doc.get("connections", []),
        CONNECTION_COLUMNS,
        _KUMU_CONNECTION_KEYS,
        strict=normalised,
        evidence=evidence,
        problems=problems,
        kumu_ids=kumu_ids,
    )
    tensions = tension_table(label, doc.get("tensions"), evidence, problems)
    if problems:
        raise LoadError(problems)
    return build_dataset(meta, f"{label}#dataset", elements, connections, evidence, tensions=tensions)


def _json_table(label, name, items, columns, aliases, *, strict, evidence, problems, kumu_ids) -> Table:
    path = f"{label}#{name}"
    by_lower = {c.lower(): c for c in columns}
    by_lower.update({"from": "From", "to": "To", "participant_sector": "Participant Sector"})
    table = Table(path, [c for c in columns if c != "Id"] + ["Id"])
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(path, index, None, "expected an object"))
            continue
        flat = dict(item)
        if isinstance(item.get("attributes"), dict):  # Kumu's exported form
            flat.update(item["attributes"])
        row: dict[str, str] = {}
        for key, value in flat.items():
            lowered = str(key).lower()
            column = aliases.get(lowered) or by_lower.get(lowered)
            if lowered in ("attributes", "evidence", "_id"):
                continue
            if column is None:
                if strict:
                    problems.append(Problem(path, index, str(key), "unknown key"))
                continue
            row[column] = json_cell(value)
        if name == "elements" and "_id" in flat and row.get("Label"):
            kumu_ids[str(flat["_id"])] = row.get("Id") or row["Label"]
        if name == "connections":
            for end in ("From", "To"):
                row[end] = kumu_ids.get(row.get(end, ""), row.get(end, ""))
        if "Id" not in row:
            row["Id"] = slug(row.get("Label", "")) if name == "elements" and row.get("Label") else ""
        table.rows.append((index, row))
        _json_evidence(path, index, flat.get("evidence"), row["Id"], evidence, problems)
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
