"""`python -m explorer …`: validate, list and export datasets from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from explorer.analysis import cache
from explorer.data.catalog import DEFAULT_DATA_DIR, load_catalog, write_positions
from explorer.data.model import Dataset
from explorer.data.problems import LoadError
from explorer.data.readers.loader import load_path
from explorer.data.serialise import to_json
from explorer.data.vocab import Layer
from explorer.data.writers import EXPORT_FORMATS, WITH_NOTES, export_bytes
from explorer.devtools.bench import add_parser as add_bench_parser
from explorer.devtools.layouts import add_parser as add_layouts_parser
from explorer.devtools.legibility import add_parser as add_legibility_parser
from explorer.devtools.loadtest import add_parser as add_loadtest_parser
from explorer.report_cli import add_parser as add_report_parser
from explorer.store.db import get_engine
from explorer.store.notes import notes_rows
from explorer.view.layout import plan_positions


def summary(dataset: Dataset) -> str:
    """One line: id, name, provenance, and element and connection counts per layer."""
    elements = Counter(layer.value for e in dataset.elements for layer in e.layers)
    connections = Counter(c.layer.value for c in dataset.connections)
    per_layer = ", ".join(
        f"{layer.value}: {elements[layer.value]} elements/{connections[layer.value]} connections"
        for layer in Layer
    )
    bases = Counter(c.basis.value if c.basis else "not given" for c in dataset.connections)
    how = ", ".join(f"{n} {basis}" for basis, n in sorted(bases.items(), key=lambda kv: -kv[1]))
    tensions = f", {len(dataset.tensions)} tensions" if dataset.tensions else ""
    return (
        f"{dataset.id}: {dataset.name} [{dataset.provenance.value}] — {len(dataset.elements)} elements, "
        f"{len(dataset.connections)} connections ({per_layer}){tensions}; links by basis: {how}"
    )


def _cmd_validate(args) -> int:
    path = Path(args.path)
    if path.is_dir() and not (path / "dataset.json").exists():
        catalog = load_catalog(path)
        for dataset in catalog.maps():
            print(summary(dataset))
        if catalog.reference:
            print(summary(catalog.reference))
        if not catalog.datasets:
            print(f"{path}::: no dataset folders found", file=sys.stderr)
            return 1
    else:
        print(summary(load_path(path)))
    return 0


def _load(args, dataset_id: str) -> Dataset:
    """A dataset by id from the data folder, or from a path to a folder or file."""
    candidate = Path(dataset_id)
    if candidate.exists():
        return load_path(candidate)
    catalog = load_catalog(Path(args.data))
    if catalog.reference and dataset_id == catalog.reference.id:
        return catalog.reference
    if dataset_id not in catalog.datasets:
        known = ", ".join(sorted(catalog.datasets))
        raise SystemExit(f"error: no dataset {dataset_id!r}; known: {known}")
    return catalog.datasets[dataset_id]


def _cmd_list(args) -> int:
    catalog = load_catalog(Path(args.data))
    for dataset in catalog.maps():
        print(f"{dataset.id}\t{dataset.provenance.value}\t{dataset.name}")
    if catalog.reference:
        print(f"{catalog.reference.id}\t{catalog.reference.provenance.value}\t{catalog.reference.name}")
    return 0


def _cmd_export(args) -> int:
    dataset = _load(args, args.dataset)
    if args.format == "json":
        data = to_json(dataset).encode("utf-8")
    else:
        with_notes = args.format in WITH_NOTES
        notes = notes_rows(dataset.id, get_engine(), dataset, names=not args.no_names) if with_notes else None
        _, data = export_bytes(dataset, args.format, notes)
    if args.output:
        Path(args.output).write_bytes(data)
        print(f"wrote {args.output}", file=sys.stderr)
    elif args.format in ("json", "kumu-json", "graphml", "gexf"):
        sys.stdout.write(data.decode("utf-8"))
    else:
        print(f"error: {args.format} is binary; give -o FILE", file=sys.stderr)
        return 2
    return 0


def _cmd_diff(args) -> int:
    result = cache.diff(_load(args, args.a), _load(args, args.b))
    print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    return 0


def _cmd_analyse(args) -> int:
    dataset = _load(args, args.dataset)
    reference = load_catalog(Path(args.data)).reference
    layers = [args.layer] if args.layer != "all" else None
    print(json.dumps(cache.analyse(dataset, reference, layers), indent=2, ensure_ascii=False))
    return 0


def _cmd_positions(args) -> int:
    """Re-plan data/positions.csv with the layout engine (explorer/view/layout.py) over every dataset."""
    data = Path(args.data)
    catalog = load_catalog(data)
    views = tuple(args.views or ("all", "A", "B", "C"))
    plan = plan_positions(
        list(catalog.datasets.values()), (catalog.reference,) if catalog.reference else (), views
    )
    # Views not re-planned keep their stored places (a quicker run while tuning one view).
    plan = {v: plan.get(v) or catalog.positions.get(v, {}) for v in ("all", "A", "B", "C")}
    write_positions(data / "positions.csv", plan)
    print(f"wrote {data / 'positions.csv'}: " + ", ".join(f"{v} {len(p)}" for v, p in plan.items()))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m explorer", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check datasets; print a summary or file:row:column problems")
    v.add_argument("path", nargs="?", default=str(DEFAULT_DATA_DIR))
    v.set_defaults(run=_cmd_validate)
    ls = sub.add_parser("list", help="list the datasets")
    ls.set_defaults(run=_cmd_list)
    e = sub.add_parser("export", help="write a dataset in normalised form")
    e.add_argument("dataset", help="dataset id, or a path to a dataset folder or file")
    e.add_argument("--format", choices=["json", *EXPORT_FORMATS], default="json")
    e.add_argument("-o", "--output")
    e.add_argument(
        "--no-names", action="store_true", help="notes and votes by 'Anonymous' (the authors' names left out)"
    )
    e.set_defaults(run=_cmd_export)
    pos = sub.add_parser(
        "positions", help="re-plan the shared node positions with the layout engine (igraph + lattice search)"
    )
    pos.add_argument("--views", nargs="*", choices=["all", "A", "B", "C"], help="re-plan only these views")
    pos.set_defaults(run=_cmd_positions)
    d = sub.add_parser("diff", help="JSON of what differs between two datasets, with counts")
    d.add_argument("a")
    d.add_argument("b")
    d.set_defaults(run=_cmd_diff)
    a = sub.add_parser("analyse", help="JSON of metrics, brokers, components and computed gaps")
    a.add_argument("dataset")
    a.add_argument("--layer", choices=["A", "B", "C", "all"], default="all")
    a.set_defaults(run=_cmd_analyse)
    add_report_parser(sub)
    add_bench_parser(sub)
    add_loadtest_parser(sub)
    add_legibility_parser(sub)
    add_layouts_parser(sub)
    for command in (ls, e, pos, d, a):
        command.add_argument("--data", default=str(DEFAULT_DATA_DIR), help="data folder")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except LoadError as exc:
        for problem in exc.problems:
            print(problem)
        return 1
    except BrokenPipeError:
        return 0
