"""Workshop notes and votes travel with the map: into data exports and the report pack."""

from __future__ import annotations

import io
import json
import zipfile

from openpyxl import load_workbook

from explorer.data.catalog import load_catalog
from explorer.data.readers.uploads import parse_upload
from explorer.data.writers import export_bytes
from explorer.outputs.report_pack import build_report
from explorer.store import db
from explorer.store.auth import LOCAL
from explorer.store.notes import add_note, notes_rows, vote
from tests.test_imports import url


def _engine_with_notes(tmp_path):
    engine = db.get_engine(f"sqlite:///{tmp_path / 'notes.sqlite3'}")
    add_note(engine, LOCAL, "north", "da_camhs_wall", "=Worse here: no CAMHS worker at all", author="Ruth")
    vote(engine, LOCAL, "north", "da_camhs_wall", 1, author="Sam")
    return engine


def test_exports_carry_notes_and_still_import(tmp_path):
    engine = _engine_with_notes(tmp_path)
    north = load_catalog().datasets["north"]
    rows = notes_rows("north", engine, north)
    assert [r["Kind"] for r in rows] == ["note", "vote"] and rows[0]["Author"] == "Ruth"

    _, workbook = export_bytes(north, "xlsx", rows)
    sheet = load_workbook(io.BytesIO(workbook))["Notes"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Item", "Item id", "Kind", "Author", "Time (UTC)", "Text"]
    assert values[1][5] == "'=Worse here: no CAMHS worker at all"  # formula injection neutralised

    _, archive = export_bytes(north, "csv", rows)
    names = zipfile.ZipFile(io.BytesIO(archive)).namelist()
    assert "north/notes.csv" in names

    _, kumu = export_bytes(north, "kumu-json", rows)
    assert json.loads(kumu)["notes"][0]["Text"] == "=Worse here: no CAMHS worker at all"

    for fmt, data in (("xlsx", workbook), ("kumu-json", kumu)):
        back = parse_upload([f"north.{'json' if fmt == 'kumu-json' else fmt}"], [url(data)])
        assert len(back.connections) == len(north.connections), fmt


def test_report_pack_has_a_notes_table(tmp_path):
    engine = _engine_with_notes(tmp_path)
    catalog = load_catalog()
    manifest = build_report(
        catalog, ["north"], tmp_path / "pack", formats=("svg",), notes=lambda d: notes_rows(d.id, engine, d)
    )
    notes_csv = next(p for p in manifest if p.name == "notes-north.csv")
    text = notes_csv.read_text(encoding="utf-8-sig")
    assert "Ruth" in text and "no CAMHS worker" in text and "agree" in text
    assert "notes-north" in (tmp_path / "pack" / "index.html").read_text(encoding="utf-8")
