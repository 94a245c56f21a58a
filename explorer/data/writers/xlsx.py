"""XLSX export: the loader's workbook (Dataset, Elements, Connections, Evidence) plus an About sheet.

Kumu imports the Elements and Connections sheets directly, as their first columns are Kumu's. The About
sheet comes first so that whoever opens the workbook reads the provenance statement before the data; the
loader reads only the four named sheets, so About does not stop the workbook loading back.
"""

from __future__ import annotations

import io
import math
import zipfile

from explorer.data.cells import keep_carriage_returns, neutralise, xml_text
from explorer.data.model import Dataset
from explorer.data.writers.about import about_lines
from explorer.data.writers.tabular import Cell, notes_table, number_text, tables

MIN_WIDTH, MAX_WIDTH = 8, 60
ABOUT_FOOTER = (
    "The sheets Dataset, Elements, Connections, Evidence and Tensions load back into System Map Explorer; "
    "Elements and Connections start with Kumu's columns. This About sheet is ignored on import."
)


def write_xlsx(dataset: Dataset, notes: list[dict] | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    about = workbook.active
    about.title = "About"
    about.append(["About this workbook"])
    about["A1"].font = Font(bold=True)
    for line in [*about_lines(dataset), "", ABOUT_FOOTER]:
        about.append([_cell(line)])
    about.column_dimensions["A"].width = 120
    for row in about.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")

    sheets = dict(tables(dataset))
    if notes is not None:
        sheets["Notes"] = notes_table(notes)
    for name, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(name)
        sheet.append(list(header))
        for row in rows:
            sheet.append([_cell(value) for value in row])
        _style(sheet, header, rows)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return _keep_carriage_returns(buffer.getvalue())


def _cell(value: Cell) -> str | float | int | None:
    """Strength stays a number (whole numbers as int, so Excel shows `2`); text is neutralised."""
    if value is None:
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return number_text(value)
        return int(value) if value.is_integer() else value
    return neutralise(xml_text(value))


def _style(sheet, header: tuple[str, ...], rows: list[list[Cell]]) -> None:
    """Bold header, frozen top row and widths that fit the content without running off the screen."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header):
        longest = max([len(name)] + [_display_length(row[index]) for row in rows])
        width = min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))
        sheet.column_dimensions[get_column_letter(index + 1)].width = width


def _display_length(value: Cell) -> int:
    if value is None:
        return 0
    text = value if isinstance(value, str) else number_text(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _keep_carriage_returns(data: bytes) -> bytes:
    """Cell text keeps its carriage returns in Excel and in our loader alike (see keep_carriage_returns)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = [(info, source.read(info)) for info in source.infolist()]
    if not any(b"\r" in content for info, content in parts if info.filename.endswith(".xml")):
        return data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info, content in parts:
            if info.filename.endswith(".xml"):
                content = keep_carriage_returns(content)
            target.writestr(info, content)
    return buffer.getvalue()
