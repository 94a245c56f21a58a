"""`python -m explorer report DATASET [DATASET…] -o DIR`: write a report pack (see `explorer.outputs.report_pack`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from explorer.data.catalog import DEFAULT_DATA_DIR, load_catalog
from explorer.data.problems import LoadError
from explorer.outputs.images import PNG_SCALES
from explorer.outputs.report_pack import FORMATS, build_report
from explorer.store.db import get_engine
from explorer.store.notes import notes_rows


def _scale(text: str) -> float:
    value = float(text)
    if not PNG_SCALES[0] <= value <= PNG_SCALES[1]:
        raise argparse.ArgumentTypeError(f"scale must be between {PNG_SCALES[0]} and {PNG_SCALES[1]}")
    return value


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise argparse.ArgumentTypeError(f"formats are a comma-separated choice of {', '.join(FORMATS)}")
    return chosen


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register the `report` subcommand on an argparse subparsers object."""
    p = subparsers.add_parser(
        "report",
        help="write a report pack: images of every view, tables (CSV, XLSX) and an index.html",
        description=__doc__,
    )
    p.add_argument(
        "datasets", nargs="+", metavar="DATASET", help="dataset ids; the first is compared to the rest"
    )
    p.add_argument("-o", "--output", required=True, help="folder to write the pack into")
    p.add_argument("--data", default=str(DEFAULT_DATA_DIR), help="data folder")
    p.add_argument("--scale", type=_scale, default=2.0, help="PNG scale, 1 to 4 (default 2, for print)")
    p.add_argument("--formats", type=_formats, default=FORMATS, help="image formats: png,svg (default both)")
    p.add_argument(
        "--no-names", action="store_true", help="notes and votes by 'Anonymous' (the authors' names left out)"
    )
    p.set_defaults(run=run)
    return p


def run(args) -> int:
    catalog = load_catalog(Path(args.data))
    unknown = [d for d in args.datasets if d not in catalog.datasets]
    if unknown:
        known = ", ".join(sorted(catalog.datasets))
        print(f"error: no dataset {', '.join(map(repr, unknown))}; known: {known}", file=sys.stderr)
        return 2

    def progress(done: int, total: int, message: str) -> None:
        print(f"[{done}/{total}] {message}", flush=True)

    engine = get_engine()  # the workshop's notes: $DATABASE_URL, else the SQLite file in $EXPLORER_DB_DIR
    manifest = build_report(
        catalog,
        args.datasets,
        Path(args.output),
        formats=args.formats,
        progress=progress,
        scale=args.scale,
        notes=lambda d: notes_rows(d.id, engine, d, names=not args.no_names),
    )
    print(f"wrote {len(manifest)} files to {args.output} (open {Path(args.output) / 'index.html'})")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the report command on its own: `python -m explorer.report_cli DATASET … -o DIR`."""
    parser = argparse.ArgumentParser(prog="python -m explorer")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["report", *(sys.argv[1:] if argv is None else argv)])
    try:
        return args.run(args)
    except LoadError as exc:
        for problem in exc.problems:
            print(problem)
        return 1


if __name__ == "__main__":
    sys.exit(main())
