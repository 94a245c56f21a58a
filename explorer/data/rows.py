"""The checks every table reader shares: cells by column name, ids, vocabularies and collected problems."""

from __future__ import annotations

import re

from explorer.data.problems import Problem
from explorer.data.readers.tables import Table
from explorer.data.vocab import choices, parse

# Used with fullmatch: `$` would also accept a trailing newline ("camhs\n" is not an id).
SECTION_PATTERN = re.compile(r"(\d+(\.\d+)*|Abstract)")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")
MAX_LABEL_CHARS = 200
# A short label is what a projected map draws: at most about two lines of a label cell (lattice.label_box).
MAX_SHORT_LABEL_CHARS = 28
# Characters that change the direction of the text after them or take no width. In a label they let one
# name display as another ("reversed" file extensions, look-alike services), so labels and ids refuse them;
# longer text, where they mostly arrive by copy and paste, has them removed.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
NAMING_COLUMNS = ("label", "short label", "id", "from", "to", "item", "name")


def split_multi(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _get(row: dict[str, str], column: str) -> str:
    for key, value in row.items():
        if key.lower() == column.lower():
            return value
    return ""


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: str, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(where, row, column, message))

    def columns(self, table: Table, known: tuple[str, ...], required: tuple[str, ...]) -> None:
        lowered = {k.lower(): k for k in known}
        for name in table.header:
            if name == "":
                self.add(table.path, 1, None, "a column has no name")
            elif name.lower() not in lowered:
                self.add(table.path, 1, name, f"unknown column; expected some of: {', '.join(known)}")
        present = {h.lower() for h in table.header}
        for name in required:
            if name.lower() not in present:
                self.add(table.path, 1, name, "required column is missing")

    def vocab(self, table, row, column, text, enum, labels=None):
        if not text:
            self.add(table.path, row, column, f"empty; expected one of: {choices(enum)}")
            return None
        member = parse(enum, text, labels)
        if member is None:
            self.add(table.path, row, column, f"unknown value {text!r}; expected one of: {choices(enum)}")
        return member


def _claim_id(check, where_is, item_id, path, row, column) -> bool:
    if not ID_PATTERN.fullmatch(item_id):
        check.add(path, row, column, f"{item_id!r} is not a valid id ([a-z0-9][a-z0-9_-]*)")
        return False
    if item_id in where_is:
        first = where_is[item_id]
        check.add(path, row, column, f"duplicate id {item_id!r} (first at {first[0]}:{first[1]})")
        return False
    where_is[item_id] = (path, row, column)
    return True


def invisible_problem(text: str) -> str | None:
    """What is wrong with a name holding a direction-changing or zero-width character, if it holds one.

    >>> invisible_problem("CAMHS\u202egpj.exe")
    'holds U+202E, an invisible character that can make text display as something else; remove it'
    >>> invisible_problem("CAMHS") is None
    True
    """
    found = INVISIBLE.search(text)
    if found is None:
        return None
    return (
        f"holds U+{ord(found.group()):04X}, an invisible character that can make text display as "
        "something else; remove it"
    )


def screen_cells(check: _Checker, table: Table, max_cell: int) -> None:
    """Bound every cell and keep invisible characters out of what the map displays, whatever the format.

    Names (labels, ids and the ends of links) are refused with a problem; other text loses the characters.
    """
    for row_number, row in table.rows:
        for column, text in row.items():
            if len(text) > max_cell:
                check.add(
                    table.path, row_number, column, f"{len(text)} characters; a cell holds at most {max_cell}"
                )
                row[column] = text = text[:max_cell]
            if column.lower() in NAMING_COLUMNS:
                problem = invisible_problem(text)
                if problem:
                    check.add(table.path, row_number, column, problem)
            elif INVISIBLE.search(text):
                row[column] = INVISIBLE.sub("", text)
        label = _get(row, "Label")
        if len(label) > MAX_LABEL_CHARS:
            check.add(
                table.path,
                row_number,
                "Label",
                f"{len(label)} characters; a label holds at most {MAX_LABEL_CHARS} (put the rest in Description)",
            )
