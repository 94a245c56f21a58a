"""A report pack: every view of some maps as images, the tables behind them, and an index.html to read.

`build_report(catalog, ["study", "north"], out_dir)` writes

- `images/`: a PNG and an SVG (`explorer.outputs.images`) of each dataset × layer (A, B, C, all) with no highlight,
  and of each highlight (gaps, attendance, exclusions) on all layers; every image carries its caption
  (what, whose data, the date, "ILLUSTRATIVE — not a study finding" where so) and its legend;
- `tables/`: the recorded gaps, the attendance matrix and the exclusions of each dataset, the same across
  the datasets, and the diff of the first dataset against each other one, each as a CSV file and all
  together as one workbook (`tables.xlsx`, one sheet per table, an About sheet first); every text cell
  is neutralised against formula injection (`explorer.data.cells`);
- `index.html`: the images with their captions, the provenance statement of every dataset (illustrative
  ones in a warning box), the gap list with evidence quotes and citations, and links to the tables.

It returns the manifest: the paths written, in order.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pandas as pd

from explorer.analysis import matrices
from explorer.analysis.diff import diff
from explorer.data.cells import neutralise, xml_text
from explorer.data.model import Dataset
from explorer.data.vocab import HIGHLIGHT_LABELS, LAYER_VIEW_LABELS, Highlight, LayerView
from explorer.data.writers.about import CITATION, GENERATOR
from explorer.outputs.images import (
    ILLUSTRATIVE_STATEMENT,
    as_app_data,
    image_filename,
    render_png,
    render_svg,
)
from explorer.view import highlights
from explorer.view.mapmodel import caption_for
from explorer.view.state import ViewState

FORMATS = ("png", "svg")
LAYER_VIEWS = tuple(LayerView)
HIGHLIGHT_VIEWS = tuple(h for h in Highlight if h is not Highlight.NONE)
WORKBOOK = "tables.xlsx"
Progress = Callable[[int, int, str], None]


def report_views(dataset_id: str) -> list[ViewState]:
    """The views a pack shows of one dataset: each layer plain, then each highlight on all layers.

    >>> [(str(v.layer), str(v.highlight)) for v in report_views("study")][3:5]
    [('all', 'none'), ('all', 'gaps')]
    """
    views = [ViewState(dataset=dataset_id, layer=layer) for layer in LAYER_VIEWS]
    views += [ViewState(dataset=dataset_id, layer="all", highlight=h) for h in HIGHLIGHT_VIEWS]
    return views


# ---------------------------------------------------------------- tables


@dataclass(frozen=True)
class Table:
    """One table of the pack: its file stem, a human title, the frame, and whether its index is a column."""

    name: str
    title: str
    frame: pd.DataFrame
    index: bool = False


def _gaps_across(datasets: Sequence[Dataset]) -> pd.DataFrame:
    frames = [matrices.gaps_table(d).assign(dataset=d.id) for d in datasets]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return frame[["dataset", *matrices.GAP_COLUMNS]] if not frame.empty else frame


DIFF_COLUMNS = ["item", "id", "label", "change", "field", "value_a", "value_b"]


def _plain(value) -> str:
    if isinstance(value, tuple | list):
        return "|".join(_plain(v) for v in value)
    return str(getattr(value, "value", value))


def diff_table(a: Dataset, b: Dataset) -> pd.DataFrame:
    """What differs between two maps, one row per item (and per changed field), readable in a sheet.

    >>> from dataclasses import replace
    >>> from explorer.data.sample import demo_dataset
    >>> north = demo_dataset()
    >>> west = replace(north, id="west", connections=north.connections[:-1])
    >>> diff_table(north, west)[["item", "id", "change"]].to_dict("records")
    [{'item': 'connection', 'id': 'kids_camhs', 'change': 'only in demo'}]
    """
    result = diff(a, b)

    def label(item_id: str) -> str:
        item = a.get(item_id) or b.get(item_id)
        if item is None:
            return item_id
        if hasattr(item, "label"):
            return item.label
        ends = [(a.get(end) or b.get(end)) for end in (item.source, item.target)]
        names = [getattr(end, "label", "?") for end in ends]
        return f"{names[0]} → {names[1]}"

    rows = []
    for kind, part in (("element", result.elements), ("connection", result.connections)):
        rows += [[kind, i, label(i), f"only in {a.id}", "", "", ""] for i in part.only_a]
        rows += [[kind, i, label(i), f"only in {b.id}", "", "", ""] for i in part.only_b]
        for change in part.changed:
            for field, old, new in change.fields:
                rows.append([kind, change.id, label(change.id), "changed", field, _plain(old), _plain(new)])
    return pd.DataFrame(rows, columns=DIFF_COLUMNS)


def report_tables(datasets: Sequence[Dataset]) -> list[Table]:
    """The pack's tables: per dataset, then across datasets and diffs when there are several."""
    tables: list[Table] = []
    for d in datasets:
        tables += [
            Table(f"gaps-{d.id}", f"Recorded gaps: {d.name}", matrices.gaps_table(d)),
            Table(
                f"attendance-{d.id}",
                f"Attendance at strategic groups: {d.name}",
                matrices.attendance_matrix(d),
                index=True,
            ),
            Table(f"exclusions-{d.id}", f"Boundary exclusions: {d.name}", matrices.exclusion_matrix(d)),
        ]
    if len(datasets) > 1:
        tables += [
            Table("gaps-across", "Recorded gaps across the datasets", _gaps_across(datasets)),
            Table(
                "attendance-across", "Attendance across the datasets", matrices.attendance_across(datasets)
            ),
            Table(
                "exclusions-across",
                "Boundary exclusions across the datasets",
                matrices.exclusion_matrix(datasets),
            ),
        ]
        first = datasets[0]
        for other in datasets[1:]:
            tables.append(
                Table(
                    f"diff-{first.id}-vs-{other.id}",
                    f"Differences: {first.name} vs {other.name}",
                    diff_table(first, other),
                )
            )
    return tables


def _cell(value) -> str | int | float | None:
    """A value as a safe cell: text neutralised against formula injection, numbers kept, NaN empty."""
    if value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    return neutralise(xml_text(str(value)))


def _rows(table: Table) -> tuple[list[str], list[list]]:
    frame = table.frame
    header = [str(c) for c in frame.columns]
    rows = [list(r) for r in frame.itertuples(index=False, name=None)]
    if table.index:
        header = [str(frame.index.name or ""), *header]
        rows = [[idx, *r] for idx, r in zip(frame.index, rows, strict=True)]
    return [_cell(h) or "" for h in header], [[_cell(v) for v in r] for r in rows]


def csv_bytes(table: Table) -> bytes:
    """The table as CSV: UTF-8 with a BOM (Excel shows accents right), text cells neutralised."""
    header, rows = _rows(table)
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return text.getvalue().encode("utf-8-sig")


def _sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (at most 31 characters, none of []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f"~{n}"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def xlsx_bytes(tables: Sequence[Table], about: Sequence[str]) -> bytes:
    """All tables as one workbook: an About sheet (provenance of every dataset, what each sheet holds)
    then one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "About"
    taken = {"about"}
    sheet.append(["About these tables"])
    sheet["A1"].font = Font(bold=True)
    names = {id(t): _sheet_name(t.name, taken) for t in tables}
    for line in [*about, "", *(f"Sheet {names[id(t)]}: {t.title}" for t in tables)]:
        sheet.append([_cell(line)])
    sheet.column_dimensions["A"].width = 120
    for row in sheet.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    for table in tables:
        sheet = workbook.create_sheet(names[id(table)])
        header, rows = _rows(table)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for index, name in enumerate(header):
            longest = max([len(str(name))] + [len(str(r[index] or "")) for r in rows])
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(60, max(8, longest + 2))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- the pack


def _about_lines(datasets: Sequence[Dataset], today: dt.date) -> list[str]:
    lines = []
    for d in datasets:
        lines.append(f"{d.name} ({d.id}): {d.provenance_line()}")
        if d.is_illustrative:
            lines.append(f"  {ILLUSTRATIVE_STATEMENT}")
    lines += ["", f"Source study: {CITATION}", f"Made {today.isoformat()} by {GENERATOR}"]
    return lines


def _write(path: Path, data: bytes | str, manifest: list[Path]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    manifest.append(path)


def build_report(
    catalog,
    dataset_ids: Iterable[str],
    out_dir: Path | str,
    *,
    formats: Sequence[str] = FORMATS,
    progress: Progress | None = None,
    scale: float = 2.0,
    today: dt.date | None = None,
    notes: Callable[[Dataset], list[dict]] | None = None,
) -> list[Path]:
    """Write a report pack for the datasets into out_dir and return the files written (the manifest).

    `catalog` is a Catalog or the app's MapService; `formats` is any of "png" and "svg"; PNGs are drawn at
    `scale` × (2 suits print). `progress(done, total, message)` is called as each step finishes.
    `notes(dataset)` gives the workshop's notes and votes on a dataset, added as one table per dataset.
    """
    data = as_app_data(catalog)
    ids = list(dict.fromkeys(dataset_ids))
    known = {i: data.dataset(i) for i in ids if i in data.dataset_ids()}
    unknown = [i for i in ids if i not in known]
    if unknown or not ids:
        raise ValueError(
            f"unknown dataset(s) {', '.join(unknown) or '(none given)'}; known: {', '.join(data.dataset_ids())}"
        )
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ValueError(f"unknown image format(s) {bad}; expected some of {', '.join(FORMATS)}")
    today = today or dt.date.today()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    datasets = [known[i] for i in ids]
    views = [(d, v) for d in datasets for v in report_views(d.id)]
    total = len(views) + 3
    done = 0
    manifest: list[Path] = []

    def step(message: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, message)

    figures: dict[str, list[dict]] = {d.id: [] for d in datasets}
    for dataset, state in views:
        svg = render_svg(dataset, state, data, today=today)
        files = {}
        for fmt in formats:
            name = image_filename(dataset, state, fmt, today)
            content = svg if fmt == "svg" else render_png(svg, scale)
            _write(out / "images" / name, content, manifest)
            files[fmt] = f"images/{name}"
        figures[dataset.id].append({"caption": caption_for(dataset, state, today), "files": files})
        step(f"image {dataset.id} layer {state.layer}, {HIGHLIGHT_LABELS[state.highlight].lower()}")

    tables = report_tables(datasets)
    if notes is not None:
        tables += [
            Table(f"notes-{d.id}", f"Workshop notes and votes: {d.name}", _notes_frame(notes(d)))
            for d in datasets
        ]
    table_files = []
    for table in tables:
        path = out / "tables" / f"{table.name}.csv"
        _write(path, csv_bytes(table), manifest)
        table_files.append((table, f"tables/{path.name}"))
    step(f"{len(tables)} tables as CSV")
    _write(out / "tables" / WORKBOOK, xlsx_bytes(tables, _about_lines(datasets, today)), manifest)
    step(f"workbook tables/{WORKBOOK}")

    gaps = {d.id: _gap_rows(data, d) for d in datasets}
    html = index_html(datasets, figures, gaps, table_files, today)
    _write(out / "index.html", html, manifest)
    step("index.html")
    return manifest


def _notes_frame(rows: list[dict]) -> pd.DataFrame:
    columns = ["Item", "Item id", "Kind", "Author", "Time (UTC)", "Text"]
    return pd.DataFrame(rows, columns=columns)


def _gap_rows(data, dataset: Dataset) -> list[dict]:
    """Recorded gaps, then links the reference pathway says should exist and this map lacks."""
    computed = [g for g in data.computed_gaps(dataset) if g.state == "missing"]
    return highlights.gap_rows(dataset, list(dataset.connections), computed)


# ---------------------------------------------------------------- index.html

STYLE = """
body { font-family: 'Atkinson Hyperlegible', 'Segoe UI', Helvetica, Arial, sans-serif; color: #111;
       background: #fff; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.35rem; margin-top: 2.2rem; border-bottom: 2px solid #111; padding-bottom: 0.2rem; }
h3 { font-size: 1.1rem; margin-top: 1.5rem; }
.meta, .citation, figcaption .source { color: #3a3a3a; font-size: 0.92rem; }
.warning { border: 3px solid #111; border-left: 14px solid #111; background: #ffe9a8; padding: 0.6rem 1rem;
           margin: 0.8rem 0; }
.warning strong { font-size: 1.15rem; }
.provenance { border: 1px solid #bbb; padding: 0.6rem 1rem; margin: 0.8rem 0; }
figure { margin: 1.2rem 0 2rem; }
figure img { max-width: 100%; height: auto; border: 1px solid #ccc; }
figcaption { margin-top: 0.3rem; }
blockquote { border-left: 3px solid #0072B2; margin: 0.3rem 0 0.3rem 0.5rem; padding-left: 0.6rem;
             font-style: italic; }
.gaps li { margin-bottom: 0.8rem; }
.origin { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: #3a3a3a; }
table { border-collapse: collapse; }
td, th { border: 1px solid #bbb; padding: 0.25rem 0.6rem; text-align: left; }
"""


def _e(text) -> str:
    return escape(xml_text(str(text)), quote=True)


def _provenance_block(d: Dataset) -> str:
    body = (
        f"<p><strong>{_e(d.name)}</strong> <span class='meta'>({_e(d.id)}; {_e(d.area)})</span><br>"
        f"{_e(d.provenance_line())}</p>"
    )
    if d.note:
        body += f"<p class='meta'>{_e(d.note)}</p>"
    if d.is_illustrative:
        return (
            f"<div class='warning' role='note'><p><strong>⚠ {_e(ILLUSTRATIVE_STATEMENT)}</strong></p>"
            f"{body}</div>"
        )
    return f"<div class='provenance'>{body}</div>"


def _figure(figure: dict) -> str:
    caption = figure["caption"]
    files = figure["files"]
    src = files.get("png") or files.get("svg")
    links = " · ".join(f"<a href='{_e(path)}'>{fmt.upper()}</a>" for fmt, path in files.items())
    return (
        f"<figure><a href='{_e(files.get('svg', src))}'><img src='{_e(src)}' alt='{_e(caption.title)}' "
        f"loading='lazy'></a><figcaption><strong>{_e(caption.title)}</strong><br>{_e(caption.provenance)}"
        f"<br><span class='source'>{_e(caption.source)} · {_e(caption.date)} · {links}</span>"
        f"</figcaption></figure>"
    )


def _gap_list(rows: list[dict]) -> str:
    if not rows:
        return "<p>No gaps recorded or computed.</p>"
    items = []
    for row in rows:
        origin = (
            "recorded in the map" if row["origin"] == "recorded" else "missing against the reference pathway"
        )
        evidence = "".join(
            (f"<blockquote>“{_e(ev['quote'])}”</blockquote>" if ev["quote"] else "")
            + f"<div class='citation'>{_e(ev['citation'])}</div>"
            for ev in row["evidence"]
        )
        note = f"<div class='meta'>{_e(row['note'])}</div>" if row.get("note") else ""
        items.append(
            f"<li><span class='origin'>{origin}</span><br><strong>{_e(row['title'])}</strong>: "
            f"{_e(row['what'])}{note}{evidence}</li>"
        )
    return f"<ul class='gaps'>{''.join(items)}</ul>"


def index_html(
    datasets: Sequence[Dataset],
    figures: dict[str, list[dict]],
    gaps: dict[str, list[dict]],
    table_files: list[tuple[Table, str]],
    today: dt.date,
) -> str:
    """The pack's front page; every text from the data is escaped."""
    names = ", ".join(d.name for d in datasets)
    parts = [
        "<!DOCTYPE html>",
        "<html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Report pack: {_e(names)}</title><style>{STYLE}</style></head><body>",
        f"<h1>System map report pack</h1><p class='meta'>{_e(names)} · made {today.isoformat()} by "
        f"{_e(GENERATOR)}</p>",
    ]
    if any(d.is_illustrative for d in datasets):
        parts.append(
            f"<div class='warning' role='alert'><strong>⚠ {_e(ILLUSTRATIVE_STATEMENT)}.</strong> "
            "Some maps in this pack are illustrative area maps, invented to demonstrate comparing areas: "
            "Powell et al. (2025) give no per-area breakdown. Do not cite them as findings.</div>"
        )
    parts += ["<h2>Where the data comes from</h2>", *(_provenance_block(d) for d in datasets)]
    parts.append(f"<p class='citation'>Source study: {_e(CITATION)}</p>")
    parts.append("<h2>Tables</h2><ul>")
    parts.append(
        f"<li><a href='tables/{WORKBOOK}'>All tables in one workbook (XLSX)</a>, one sheet per table</li>"
    )
    parts += [f"<li><a href='{_e(path)}'>{_e(table.title)}</a> (CSV)</li>" for table, path in table_files]
    parts.append("</ul>")
    for d in datasets:
        parts.append(f"<h2>{_e(d.name)}</h2>")
        parts.append(_provenance_block(d) if d.is_illustrative else "")
        parts.append("<h3>Views</h3>")
        parts += [_figure(f) for f in figures.get(d.id, [])]
        parts.append(f"<h3>Gaps in {_e(d.name)}, with the evidence</h3>")
        parts.append(_gap_list(gaps.get(d.id, [])))
    parts.append(f"<p class='meta'>Layers: {_e('; '.join(LAYER_VIEW_LABELS.values()))}.</p></body></html>")
    return "\n".join(p for p in parts if p)
