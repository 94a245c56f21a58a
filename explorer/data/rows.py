"""The checks every table reader shares: cells by column name, ids, vocabularies and collected problems."""

from __future__ import annotations

import re

from explorer.data.problems import Problem
from explorer.data.readers.tables import Table
from explorer.data.vocab import choices, parse

SECTION_PATTERN = re.compile(r"^(\d+(\.\d+)*|Abstract)$")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")


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
    if not ID_PATTERN.match(item_id):
        check.add(path, row, column, f"{item_id!r} is not a valid id ([a-z0-9][a-z0-9_-]*)")
        return False
    if item_id in where_is:
        first = where_is[item_id]
        check.add(path, row, column, f"duplicate id {item_id!r} (first at {first[0]}:{first[1]})")
        return False
    where_is[item_id] = (path, row, column)
    return True
