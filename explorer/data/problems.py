"""Problems found while loading data, each pinned to a file, row and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        row = "" if self.row is None else str(self.row)
        column = self.column or ""
        return f"{_one_line(self.path)}:{row}:{_one_line(column)}: {_one_line(self.message)}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.path, "row": self.row, "column": self.column, "message": self.message}


def _one_line(text: str) -> str:
    """A problem is one line, whatever a file's column names hold: line breaks are shown escaped."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


class LoadError(Exception):
    """Raised with every problem found; nothing of the dataset is returned."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))


def _problem_order(p: Problem) -> tuple[str, int, str, str]:
    return (p.path, p.row if p.row is not None else -1, p.column or "", p.message)
