"""The report pack: images per dataset × view, tables as CSV and XLSX, index.html, and the CLI."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import html
import io

import pytest
from openpyxl import load_workbook
from PIL import Image

from explorer.data.catalog import load_catalog
from explorer.outputs.images import ILLUSTRATIVE_STATEMENT, image_filename
from explorer.outputs.report_pack import WORKBOOK, build_report, report_views
from explorer.report_cli import main as report_main
from explorer.view.mapmodel import caption_for
from tests.conftest import MINI_CONNECTIONS, MINI_ELEMENTS, write_mini

TABLES = [
    "gaps-study", "attendance-study", "exclusions-study",
    "gaps-north", "attendance-north", "exclusions-north",
    "gaps-across", "attendance-across", "exclusions-across",
    "diff-study-vs-north",
]  # fmt: skip


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    """The pack `python -m explorer report study north -o DIR` writes (PNG at 1× to keep the test quick)."""
    out = tmp_path_factory.mktemp("pack")
    before = dt.date.today()
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = report_main(["study", "north", "-o", str(out), "--scale", "1"])
    return out, code, buffer.getvalue(), before


def test_cli_reports_progress_and_the_manifest(pack):
    out, code, printed, _ = pack
    assert code == 0
    lines = printed.strip().splitlines()
    # An image per layer and per highlight (tensions included) of each of the two datasets, then the tables
    # as CSV and XLSX and the index: 2 × (4 + 4) + 3.
    assert lines[0].startswith("[1/19] image study layer A")
    assert any(line.startswith("[19/19] index.html") for line in lines)
    assert any("tensions in perspectives" in line for line in lines)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert lines[-1].startswith(f"wrote {len(files)} files to {out}")


def test_pack_has_png_and_svg_for_every_view(pack):
    out, _, _, before = pack
    catalog = load_catalog()
    for dataset_id in ("study", "north"):
        views = report_views(dataset_id)
        assert [(v.layer, v.highlight) for v in views] == [
            ("A", "none"), ("B", "none"), ("C", "none"), ("all", "none"),
            ("all", "gaps"), ("all", "attendance"), ("all", "exclusions"), ("all", "tensions"),
        ]  # fmt: skip
        for state in views:
            for ext in ("png", "svg"):
                names = {image_filename(dataset_id, state, ext, day) for day in (before, dt.date.today())}
                assert any((out / "images" / name).exists() for name in names), names
        png = out / "images" / image_filename(dataset_id, views[2], "png", before)
        if png.exists():
            with Image.open(png) as image:
                assert image.size[0] > 1000
        svg = (out / "images" / image_filename(dataset_id, views[2], "svg", before)).read_text("utf-8")
        dataset = catalog.datasets[dataset_id]
        assert (ILLUSTRATIVE_STATEMENT in svg) == dataset.is_illustrative
    assert len(list((out / "images").iterdir())) == 2 * 2 * 8


def test_pack_has_tables_as_csv_and_one_workbook(pack):
    out, _, _, _ = pack
    for name in TABLES:
        path = out / "tables" / f"{name}.csv"
        assert path.exists(), name
        rows = list(csv.reader(path.read_text("utf-8-sig").splitlines()))
        assert rows and rows[0], name
    gaps = list(csv.DictReader((out / "tables" / "gaps-study.csv").read_text("utf-8-sig").splitlines()))
    assert any(row["id"] == "da_camhs_wall" for row in gaps)
    diff_rows = list(
        csv.DictReader((out / "tables" / "diff-study-vs-north.csv").read_text("utf-8-sig").splitlines())
    )
    assert diff_rows and {row["change"] for row in diff_rows} <= {"only in study", "only in north", "changed"}
    workbook = load_workbook(out / "tables" / WORKBOOK, read_only=True)
    assert workbook.sheetnames == ["About", *TABLES, "notes-study", "notes-north"]  # the CLI adds the notes
    about = [row[0] for row in workbook["About"].iter_rows(values_only=True) if row[0]]
    assert any(ILLUSTRATIVE_STATEMENT in line for line in about)
    assert any("Powell" in line for line in about)
    attendance = list(workbook["attendance-study"].iter_rows(values_only=True))
    assert attendance[0][0] == "organisation" and len(attendance) > 2


def test_index_html_has_captions_provenance_gaps_and_links(pack):
    out, _, _, before = pack
    page = (out / "index.html").read_text("utf-8")
    catalog = load_catalog()
    for dataset_id in ("study", "north"):
        dataset = catalog.datasets[dataset_id]
        assert html.escape(dataset.provenance_line(), quote=True) in page
        for state in report_views(dataset_id):
            title = caption_for(dataset, state, before).title
            assert html.escape(title, quote=True) in page, title
    assert "class='warning'" in page and ILLUSTRATIVE_STATEMENT in page
    assert "very hit and miss with a lot of misses" in page  # a gap's evidence quote
    assert "§4.4.1" in page  # and its citation
    for name in TABLES:
        assert f"tables/{name}.csv" in page
    assert f"tables/{WORKBOOK}" in page
    assert "images/study_layer-C_none_" in page


def test_formula_injection_is_neutralised_in_csv_and_xlsx(tmp_path):
    elements = [list(row) for row in MINI_ELEMENTS]
    elements[1][0] = '=HYPERLINK("http://evil","click")'  # da's label
    connections = [list(row) for row in MINI_CONNECTIONS]
    connections[1][8] = "=1+2"  # the wall's description
    folder = write_mini(tmp_path / "data" / "mini", elements=elements, connections=connections)
    catalog = load_catalog(folder.parent)
    progress = []
    manifest = build_report(
        catalog, ["mini"], tmp_path / "out", formats=("svg",), progress=lambda *a: progress.append(a)
    )
    assert progress[-1][0] == progress[-1][1] == len(report_views("mini")) + 3
    assert all(path.exists() for path in manifest)
    assert not [p for p in manifest if p.suffix == ".png"]
    workbook = load_workbook(tmp_path / "out" / "tables" / WORKBOOK)
    values = [c.value for sheet in workbook for row in sheet.iter_rows() for c in row if c.value]
    assert "'=1+2" in values
    assert '\'=HYPERLINK("http://evil","click")' in values
    assert not [v for v in values if isinstance(v, str) and v.startswith(("=", "+", "@"))]
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
    gaps = (tmp_path / "out" / "tables" / "gaps-mini.csv").read_text("utf-8-sig")
    assert "'=1+2" in gaps and ",=" not in gaps
    page = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "class='warning'" not in page  # a study dataset: no illustrative warning


def test_unknown_dataset_is_refused(tmp_path, capsys):
    assert report_main(["nowhere", "-o", str(tmp_path / "x")]) == 2
    assert "no dataset 'nowhere'" in capsys.readouterr().err
    with pytest.raises(ValueError, match="unknown dataset"):
        build_report(load_catalog(), ["nowhere"], tmp_path / "y")
