"""CSV export: a ZIP holding one dataset folder exactly as docs/data-format.md describes it.

Unzipping gives `<id>/dataset.json, elements.csv, connections.csv, evidence.csv`, a folder the loader reads
as it is (its name is the dataset id, as the loader requires), plus ABOUT.txt with the provenance
statement, which a CSV file has no place for and which the loader ignores.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

from explorer.data.cells import neutralise
from explorer.data.model import Dataset
from explorer.data.serialise import metadata_dict
from explorer.data.writers.about import about_lines
from explorer.data.writers.tabular import Cell, notes_table, number_text, tables


def write_csv_zip(dataset: Dataset, notes: list[dict] | None = None) -> bytes:
    buffer = io.BytesIO()
    folder = dataset.id
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{folder}/ABOUT.txt", "\n".join(about_lines(dataset)) + "\n")
        meta = json.dumps(metadata_dict(dataset), ensure_ascii=False, indent=2) + "\n"
        archive.writestr(f"{folder}/dataset.json", meta)
        for name, (header, rows) in tables(dataset).items():
            if name != "Dataset":
                archive.writestr(f"{folder}/{name.lower()}.csv", csv_bytes(header, rows))
        if notes is not None:
            archive.writestr(f"{folder}/notes.csv", csv_bytes(*notes_table(notes)))
    return buffer.getvalue()


def csv_bytes(header: tuple[str, ...], rows: list[list[Cell]]) -> bytes:
    """UTF-8 with a BOM, so that Excel shows accents and quotes correctly; the loader accepts the BOM."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return text.getvalue().encode("utf-8-sig")


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return number_text(value)
    return neutralise(value)
