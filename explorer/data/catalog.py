"""The datasets shipped in (or dropped into) a data folder, and their shared positions."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from explorer.data.model import Dataset
from explorer.data.problems import LoadError, Problem
from explorer.data.readers.loader import load_folder
from explorer.data.vocab import Provenance

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
REFERENCE_ID = "reference"


@dataclass
class Catalog:
    """All datasets of a folder, the reference pathway, and the node positions they share."""

    datasets: dict[str, Dataset] = field(default_factory=dict)
    reference: Dataset | None = None
    positions: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)

    def view_positions(self, view: str) -> dict[str, tuple[float, float]]:
        """Positions for a view: its own where it has them, else the default ('all')."""
        return {**self.positions.get("all", {}), **self.positions.get(view, {})}

    def maps(self) -> list[Dataset]:
        """The datasets a user can open, study first, then by name."""
        order = {Provenance.STUDY: 0, Provenance.ILLUSTRATIVE: 1, Provenance.IMPORTED: 2}
        return sorted(self.datasets.values(), key=lambda d: (order.get(d.provenance, 3), d.name))


def dataset_folders(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.iterdir() if p.is_dir() and (p / "dataset.json").exists())


def load_catalog(data_dir: Path = DEFAULT_DATA_DIR) -> Catalog:
    """Load every dataset folder under data_dir; raise LoadError with all problems of all of them."""
    problems: list[Problem] = []
    catalog = Catalog()
    if not data_dir.is_dir():
        raise LoadError([Problem(str(data_dir), None, None, "not a folder")])
    for folder in dataset_folders(data_dir):
        try:
            dataset = load_folder(folder)
        except LoadError as exc:
            problems += exc.problems
            continue
        if dataset.provenance is Provenance.REFERENCE:
            catalog.reference = dataset
        else:
            catalog.datasets[dataset.id] = dataset
    try:
        catalog.positions = load_positions(data_dir / "positions.csv")
    except LoadError as exc:
        problems += exc.problems
    if catalog.positions or (data_dir / "positions.csv").exists():
        problems += _unplaced(catalog, data_dir / "positions.csv")
    if problems:
        raise LoadError(problems)
    return catalog


def load_positions(path: Path) -> dict[str, dict[str, tuple[float, float]]]:
    """Positions per view ('all', 'A', 'B', 'C'); a blank Layer cell is the default for every view."""
    if not path.exists():
        return {}
    positions: dict[str, dict[str, tuple[float, float]]] = {}
    problems = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames not in (["Id", "X", "Y"], ["Id", "Layer", "X", "Y"]):
            raise LoadError([Problem(str(path), 1, None, "header must be Id,Layer,X,Y")])
        for row_number, row in enumerate(reader, start=2):
            view = (row.get("Layer") or "all").strip() or "all"
            if view not in ("all", "A", "B", "C"):
                problems.append(Problem(str(path), row_number, "Layer", "expected A, B, C or blank"))
                continue
            try:
                positions.setdefault(view, {})[row["Id"]] = (float(row["X"]), float(row["Y"]))
            except (TypeError, ValueError):
                problems.append(Problem(str(path), row_number, "X", "X and Y must be numbers"))
    if problems:
        raise LoadError(problems)
    return positions


def write_positions(path: Path, plan: dict[str, dict[str, tuple[float, float]]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Id", "Layer", "X", "Y"])
        for view in ("all", "A", "B", "C"):
            for item, (x, y) in plan.get(view, {}).items():
                out.writerow([item, "" if view == "all" else view, round(x), round(y)])


def _unplaced(catalog: Catalog, path: Path) -> list[Problem]:
    """Shipped elements need a shared position, so a service sits in the same place in every area."""
    missing: dict[str, list[str]] = {}
    every = [*catalog.datasets.values(), *([catalog.reference] if catalog.reference else [])]
    for dataset in every:
        for element in dataset.elements:
            if element.id not in catalog.positions.get("all", {}):
                missing.setdefault(element.id, []).append(dataset.id)
    return [
        Problem(str(path), None, "Id", f"no position for element {eid!r} (used by {', '.join(ids)})")
        for eid, ids in sorted(missing.items())
    ]
