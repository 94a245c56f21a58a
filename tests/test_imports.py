"""Uploads: every format comes in labelled `imported`, or nothing does and every problem is listed."""

from __future__ import annotations

import base64
import io
import json

import pytest
from openpyxl import Workbook

from explorer.data.problems import LoadError
from explorer.data.readers.loader import load_folder
from explorer.data.readers.uploads import MAX_UPLOAD_BYTES, parse_upload
from explorer.data.serialise import dataset_dict
from explorer.data.vocab import Provenance
from explorer.data.writers import export_bytes
from explorer.store.auth import LOCAL
from explorer.store.imported_maps import ImportStore
from tests.conftest import MINI_CONNECTIONS, MINI_ELEMENTS

KUMU = {
    "elements": [{"label": "GP practice", "type": "service", "sector": "nhs"},
                 {"label": "CAMHS", "type": "service", "sector": "nhs"}],
    "connections": [{"from": "GP practice", "to": "CAMHS", "type": "refers"}],
}  # fmt: skip


def url(data: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(data).decode()


def test_kumu_json_is_imported_and_named_after_its_file():
    d = parse_upload(["Our area.json"], [url(json.dumps(KUMU).encode())])
    assert d.provenance is Provenance.IMPORTED and d.source == "Our area.json"
    assert d.id.startswith("imported-our-area-") and d.name == "Our area (imported)"
    assert [c.kind.value for c in d.connections] == ["refers"]


def test_csv_files_together(mini):
    names = ["elements.csv", "connections.csv", "evidence.csv"]
    d = parse_upload(names, [url((mini / n).read_bytes()) for n in names])
    assert d.provenance is Provenance.IMPORTED
    assert dataset_dict(d)["connections"] == dataset_dict(load_folder(mini))["connections"]


def test_xlsx_and_graphml_exports_import_back(mini):
    original = load_folder(mini)
    for fmt in ("xlsx", "graphml"):
        name, data = export_bytes(original, fmt)
        d = parse_upload([name], [url(data)])
        assert d.provenance is Provenance.IMPORTED
        assert dataset_dict(d)["elements"] == dataset_dict(original)["elements"], fmt


def test_an_illustrative_export_reimports_as_imported_not_illustrative(mini):
    d = parse_upload(["study.json"], [url(json.dumps(dataset_dict(load_folder(mini))).encode())])
    assert d.provenance is Provenance.IMPORTED and "(imported)" in d.name


@pytest.mark.parametrize(
    ("names", "payloads", "expected"),
    [
        (["map.json"], [b'{"elements": [{"label": "A", "type": "robot", "sector": "moon"}]}'],
         "map.json#elements:1:Sector: unknown value 'moon'"),
        (["map.xlsx"], [b"not a zip"], "map.xlsx::: not an XLSX workbook"),
        (["map.graphml"], [b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><graphml/>'],
         "XML with DTD/entities is not accepted"),
        (["elements.csv"], [b"Label,Type\nA,service\n"], "connections.csv::: missing"),
        (["notes.txt"], [b"hello"], "upload one .xlsx"),
        (["map.json"], ["data:;base64,%%%"], "the upload arrived damaged"),
    ],
)  # fmt: skip
def test_bad_uploads_each_say_what_is_wrong(names, payloads, expected):
    contents = [p if isinstance(p, str) else url(p) for p in payloads]
    with pytest.raises(LoadError) as caught:
        parse_upload(names, contents)
    assert any(expected in str(p) for p in caught.value.problems), [str(p) for p in caught.value.problems]


def test_upload_size_cap():
    big = b"x" * (MAX_UPLOAD_BYTES + 1)
    with pytest.raises(LoadError) as caught:
        parse_upload(["big.json"], [url(big)])
    assert "at most" in str(caught.value)


def test_xlsx_rows_with_problems_load_nothing():
    wb = Workbook()
    wb.active.title = "Elements"
    for row in MINI_ELEMENTS:
        wb["Elements"].append(row)
    ws = wb.create_sheet("Connections")
    for row in [*MINI_CONNECTIONS, ["da", "ghost", "refers", "", "", "x1", "C", "present", "", "", "", ""]]:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(LoadError) as caught:
        parse_upload(["area.xlsx"], [url(buffer.getvalue())])
    assert [str(p) for p in caught.value.problems] == [
        "area.xlsx[Connections]:6:To: no element with id or label 'ghost'"
    ]


def test_store_round_trip_and_ids(tmp_path):
    store = ImportStore(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    d = parse_upload(["Our area.json"], [url(json.dumps(KUMU).encode())])
    assert store.save(d, LOCAL) == d.id
    assert store.ids() == [d.id]
    again = store.get(d.id)
    assert dataset_dict(again) == dataset_dict(d)
    assert store.get("../etc/passwd") is None and store.get("study") is None
