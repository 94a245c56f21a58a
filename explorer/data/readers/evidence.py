"""Evidence objects (section, quote, participant, …) from JSON-like readers, as rows of the evidence table."""

from __future__ import annotations

from explorer.data.problems import Problem
from explorer.data.readers.tables import Table
from explorer.data.tensions import TENSION_COLUMNS
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


def _evidence_list(path, row, entries, item_id, evidence: Table, problems: list[Problem]) -> None:
    if entries is None:
        return
    if not isinstance(entries, list):
        problems.append(Problem(path, row, "evidence", "expected a list"))
        return
    add_evidence(path, row, entries, item_id, evidence, problems)


def tension_table(label, items, evidence: Table, problems: list[Problem]) -> Table | None:
    """The normalised export's tensions (each with its sides) as the rows of the tensions table."""
    if items is None:
        return None
    path = f"{label}#tensions"
    table = Table(path, list(TENSION_COLUMNS))
    if not isinstance(items, list):
        problems.append(Problem(path, None, None, "expected a list"))
        return table
    for index, tension in enumerate(items, start=1):
        if not isinstance(tension, dict) or not isinstance(tension.get("sides"), list):
            problems.append(Problem(path, index, "sides", "expected an object with a 'sides' list"))
            continue
        shared = {c: json_cell(tension.get(c.lower())) for c in ("Tension", "Section", "Title", "Summary")}
        shared["Tension"] = json_cell(tension.get("id"))
        _evidence_list(path, index, tension.get("evidence"), shared["Tension"], evidence, problems)
        for side in tension["sides"]:
            if not isinstance(side, dict):
                problems.append(Problem(path, index, "sides", "each side must be an object"))
                continue
            row = dict(shared)
            row.update({c: json_cell(side.get(c.lower())) for c in ("Who", "Holders", "Position", "Items")})
            row["Side"], row["Basis"] = json_cell(side.get("id")), json_cell(side.get("basis"))
            table.rows.append((index, row))
            _evidence_list(path, index, side.get("evidence"), row["Side"], evidence, problems)
    return table
