"""Reading tables (CSV files, XLSX sheets) into plain rows that remember where they came from.

Row numbers are spreadsheet row numbers: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from explorer.data.cells import restore
from explorer.data.problems import LoadError, Problem

MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_CELL_CHARS = 20_000
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024
SHEETS = ("Dataset", "Elements", "Connections", "Evidence", "Tensions")


@dataclass
class Table:
    """One table: its source name, header, and rows as (row number, {column: cell text})."""

    path: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _clean_header(header: list[str]) -> list[str]:
    cleaned = [(h or "").strip() for h in header]
    if cleaned and cleaned[0].startswith("\ufeff"):
        cleaned[0] = cleaned[0][1:]
    return cleaned


def _check_header(path: str, header: list[str]) -> list[Problem]:
    problems = []
    if len(header) > MAX_COLUMNS:
        problems.append(Problem(path, 1, None, f"{len(header)} columns; at most {MAX_COLUMNS}"))
    seen: set[str] = set()
    for h in header:
        if h and h.lower() in seen:
            problems.append(Problem(path, 1, h, "column appears twice"))
        seen.add(h.lower())
    return problems


def _rows_from_cells(path: str, header: list[str], cell_rows, problems: list[Problem]) -> Table:
    table = Table(path, header)
    for row_number, cells in cell_rows:
        if all((c is None or str(c).strip() == "") for c in cells):
            continue  # blank lines are common at the end of spreadsheets
        if len(table.rows) >= MAX_ROWS:
            problems.append(Problem(path, row_number, None, f"more than {MAX_ROWS} rows"))
            break
        if len(cells) > len(header) and any(str(c or "").strip() for c in cells[len(header) :]):
            problems.append(
                Problem(path, row_number, None, f"{len(cells)} cells but the header has {len(header)}")
            )
            continue
        row: dict[str, str] = {}
        for name, cell in zip(header, cells, strict=False):
            # Exports prefix formula-like cells with an apostrophe (see formats.safe_cells); undo it here.
            text = "" if cell is None else restore(str(cell).strip())
            if len(text) > MAX_CELL_CHARS:
                problems.append(Problem(path, row_number, name, f"cell longer than {MAX_CELL_CHARS}"))
                text = text[:MAX_CELL_CHARS]
            row[name] = text
        table.rows.append((row_number, row))
    return table


def read_csv_text(path: str, text: str) -> Table:
    """Parse CSV text; raise LoadError naming the row of any malformed line."""
    problems: list[Problem] = []
    if "\x00" in text:
        raise LoadError([Problem(path, None, None, "file contains NUL bytes; is it really CSV?")])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        raw = list(_limited(reader, MAX_ROWS + 2))
    except csv.Error as exc:
        raise LoadError([Problem(path, reader.line_num, None, f"malformed CSV: {exc}")]) from None
    if not raw:
        raise LoadError([Problem(path, 1, None, "empty file: expected a header row")])
    header = _clean_header(raw[0])
    problems += _check_header(path, header)
    table = _rows_from_cells(path, header, ((i + 2, r) for i, r in enumerate(raw[1:])), problems)
    if problems:
        raise LoadError(problems)
    return table


def _limited(reader, limit: int):
    for i, row in enumerate(reader):
        if i >= limit:
            return
        yield row


def read_csv_file(path: Path, label: str | None = None) -> Table:
    label = label or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError([Problem(label, None, None, f"cannot read: {exc.strerror}")]) from None
    return read_csv_text(label, decode(label, data))


def decode(label: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LoadError([Problem(label, line, None, "not UTF-8 text; save the file as CSV UTF-8")]) from None


def read_xlsx_bytes(
    label: str, data: bytes, required: tuple[str, ...] = ("Elements", "Connections")
) -> dict[str, Table]:
    """Read the Dataset, Elements, Connections, Evidence and Tensions sheets of a workbook."""
    from openpyxl import load_workbook

    problems: list[Problem] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            uncompressed = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise LoadError([Problem(label, None, None, "not an XLSX workbook")]) from None
    if uncompressed > MAX_XLSX_UNCOMPRESSED:
        raise LoadError([Problem(label, None, None, f"workbook expands to {uncompressed} bytes; too large")])
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise LoadError([Problem(label, None, None, f"cannot open workbook: {exc}")]) from None
    tables: dict[str, Table] = {}
    names = {name.lower(): name for name in workbook.sheetnames}
    for sheet in SHEETS:
        if sheet.lower() not in names:
            continue
        where = f"{label}[{sheet}]"
        try:  # openpyxl parses a sheet only as its rows are read, so a corrupt one fails here
            table = _read_sheet(workbook[names[sheet.lower()]], where, problems)
        except (
            ElementTree.ParseError,
            ValueError,
            KeyError,
            TypeError,
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
        ):
            problems.append(Problem(where, None, None, "cannot read this sheet; is the workbook damaged?"))
            continue
        if table is not None:
            tables[sheet] = table
    workbook.close()
    for sheet in required:
        if sheet not in tables and not problems:
            problems.append(Problem(label, None, None, f"no sheet named {sheet!r}"))
    if problems:
        raise LoadError(problems)
    return tables


def _read_sheet(ws, where: str, problems: list[Problem]) -> Table | None:
    rows = ws.iter_rows(values_only=True, max_row=MAX_ROWS + 2)
    first = next(rows, None)
    if first is None:
        problems.append(Problem(where, 1, None, "empty sheet: expected a header row"))
        return None
    header = _clean_header([_cell_text(c) for c in first])
    while header and header[-1] == "":
        header.pop()
    problems += _check_header(where, header)
    cells = ((i + 2, [_cell_text(c) for c in r]) for i, r in enumerate(rows))
    return _rows_from_cells(where, header, cells, problems)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
