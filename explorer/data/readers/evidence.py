"""Evidence objects (section, quote, participant, …) from JSON-like readers, as rows of the evidence table."""

from __future__ import annotations

from explorer.data.problems import Problem
from explorer.data.readers.tables import Table
from explorer.data.validate import EVIDENCE_KEYS


def json_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    return str(value)


def add_evidence(path, row, entries: list, item_id, evidence: Table, problems: list[Problem], cell=json_cell):
    """Evidence objects (section, quote, participant, …) as rows of the evidence table, for `item_id`."""
    for entry in entries:
        if not isinstance(entry, dict):
            problems.append(Problem(path, row, "evidence", "each evidence item must be an object"))
            continue
        cells = {"Item": item_id}
        for key, value in entry.items():
            column = EVIDENCE_KEYS.get(str(key).lower())
            if column is None:
                problems.append(Problem(path, row, f"evidence.{key}", "unknown key"))
                continue
            cells[column] = cell(value)
        evidence.rows.append((row, cells))
