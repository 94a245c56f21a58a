"""A dataset as the four tables of the folder format: metadata, Elements, Connections and Evidence.

The CSV and XLSX writers share these rows, so both write exactly the columns the loader reads
(`explorer.data.validate`), Kumu's columns first. Cells are raw values (text, or a float or None for Strength);
each writer makes them safe for its own format.
"""

from __future__ import annotations

import math

from explorer.data.model import Connection, Dataset, Element, Evidence
from explorer.data.serialise import basis_text, metadata_dict
from explorer.data.tensions import TENSION_COLUMNS, tension_rows
from explorer.data.validate import CONNECTION_COLUMNS, ELEMENT_COLUMNS, EVIDENCE_COLUMNS

Cell = str | float | None
METADATA_COLUMNS = ("Key", "Value")


def metadata_rows(dataset: Dataset) -> list[list[Cell]]:
    return [[key, value] for key, value in metadata_dict(dataset).items()]


def element_rows(dataset: Dataset) -> list[list[Cell]]:
    return [_ordered(ELEMENT_COLUMNS, _element_cells(e)) for e in dataset.elements]


def connection_rows(dataset: Dataset) -> list[list[Cell]]:
    return [_ordered(CONNECTION_COLUMNS, _connection_cells(c)) for c in dataset.connections]


def evidence_rows(dataset: Dataset) -> list[list[Cell]]:
    owners: list[tuple[str, tuple[Evidence, ...]]] = [
        (item.id, item.evidence) for item in (*dataset.elements, *dataset.connections)
    ]
    for t in dataset.tensions:
        owners.append((t.id, t.evidence))
        owners += [(side.id, side.evidence) for side in t.sides]
    rows = []
    for item_id, evidence in owners:
        for e in evidence:
            cells = {
                "Item": item_id,
                "Section": e.section,
                "Quote": e.quote or "",
                "Participant": e.participant or "",
                "Participant Sector": e.participant_sector or "",
                "Source": e.source,
                "Passage": e.passage or "",
                "Voice": "" if e.voice.value == "professionals" else e.voice.value,
            }
            rows.append(_ordered(EVIDENCE_COLUMNS, cells))
    return rows


def tension_table_rows(dataset: Dataset) -> list[list[Cell]]:
    return [_ordered(TENSION_COLUMNS, row) for row in tension_rows(dataset.tensions)]


def tables(dataset: Dataset) -> dict[str, tuple[tuple[str, ...], list[list[Cell]]]]:
    """Sheet name -> (header, rows), in the order a person should read them."""
    return {
        "Dataset": (METADATA_COLUMNS, metadata_rows(dataset)),
        "Elements": (ELEMENT_COLUMNS, element_rows(dataset)),
        "Connections": (CONNECTION_COLUMNS, connection_rows(dataset)),
        "Evidence": (EVIDENCE_COLUMNS, evidence_rows(dataset)),
        **({"Tensions": (TENSION_COLUMNS, tension_table_rows(dataset))} if dataset.tensions else {}),
    }


def number_text(value: float) -> str:
    """A Strength as a spreadsheet would show it: `2`, not `2.0`; it reads back as the same float."""
    if math.isfinite(value) and value.is_integer():
        return str(int(value))
    return repr(value)


def _element_cells(e: Element) -> dict[str, Cell]:
    return {
        "Label": e.label,
        "Type": e.type.value,
        "Description": e.description,
        "Tags": "|".join(e.tags),
        "Id": e.id,
        "Sector": e.sector.value,
        "Layers": "|".join(layer.value for layer in e.layers),
        "Basis": basis_text(e),
        "Short label": e.short_label,
    }


def _connection_cells(c: Connection) -> dict[str, Cell]:
    return {
        "From": c.source,
        "To": c.target,
        "Type": c.kind.value,
        "Direction": c.direction.value,
        "Strength": c.strength,
        "Id": c.id,
        "Layer": c.layer.value,
        "Status": c.status.value,
        "Description": c.description,
        "Reason": c.reason,
        "Impact": c.impact,
        "Tags": "|".join(c.tags),
        "Basis": basis_text(c),
    }


def _ordered(columns: tuple[str, ...], cells: dict[str, Cell]) -> list[Cell]:
    """Cells in the loader's column order; a KeyError here means the column lists changed."""
    return [cells[column] for column in columns]


NOTE_COLUMNS = ("Item", "Item id", "Kind", "Author", "Time (UTC)", "Text")


def notes_table(notes: list[dict]) -> tuple[tuple[str, ...], list[list[Cell]]]:
    """Workshop notes and votes (explorer.store.notes.notes_rows) as a table; readers ignore it on import."""
    return NOTE_COLUMNS, [[row.get(c, "") for c in NOTE_COLUMNS] for row in notes]
