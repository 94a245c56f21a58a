"""Each format loads into the same dataset."""

from __future__ import annotations

import io
import json

from openpyxl import Workbook

from explorer.data.readers.loader import load_bytes, load_folder, load_path
from explorer.data.serialise import dataset_dict, to_json
from explorer.data.vocab import Kind, Layer, Provenance, Sector, Status
from tests.conftest import MINI_CONNECTIONS, MINI_ELEMENTS, MINI_EVIDENCE, MINI_META


def test_folder_loads_every_field(mini):
    d = load_folder(mini)
    assert (d.id, d.provenance) == ("mini", Provenance.STUDY)
    assert [e.id for e in d.elements] == ["da", "camhs", "board", "kids"]
    da = d.element("da")
    assert da.sector is Sector.VOLUNTARY and da.layers == (Layer.B, Layer.C) and da.tags == ("core",)
    wall = d.get("wall")
    assert (wall.source, wall.target, wall.kind, wall.status) == ("da", "camhs", Kind.REFERS, Status.GAP)
    assert wall.evidence[0].quote == "very hit and miss with a lot of misses"
    assert wall.evidence[0].citation() == "§4.4.1 · P24, domestic abuse"
    assert d.get("kids_camhs").reason == "needs stability"


def _workbook(meta: dict) -> bytes:
    wb = Workbook()
    wb.active.title = "Dataset"
    wb["Dataset"].append(["Key", "Value"])
    for key, value in meta.items():
        wb["Dataset"].append([key, value])
    for name, rows in (
        ("Elements", MINI_ELEMENTS),
        ("Connections", MINI_CONNECTIONS),
        ("Evidence", MINI_EVIDENCE),
    ):
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_xlsx_gives_the_same_dataset_as_csv(mini):
    from_csv = load_folder(mini)
    from_xlsx = load_bytes("mini.xlsx", _workbook(MINI_META))
    assert dataset_dict(from_xlsx)["elements"] == dataset_dict(from_csv)["elements"]
    assert dataset_dict(from_xlsx)["connections"] == dataset_dict(from_csv)["connections"]


def test_xlsx_without_dataset_sheet_is_imported_and_named_after_file():
    wb = Workbook()
    wb.active.title = "Elements"
    for row in MINI_ELEMENTS:
        wb["Elements"].append(row)
    ws = wb.create_sheet("Connections")
    for row in MINI_CONNECTIONS:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    d = load_bytes("Our area map.xlsx", buffer.getvalue())
    assert d.provenance is Provenance.IMPORTED
    assert d.source == "Our area map.xlsx" and d.name == "Our area map"
    assert len(d.connections) == 4


def test_kumu_flat_blueprint():
    doc = {
        "elements": [
            {"label": "GP practice", "type": "Service", "sector": "NHS", "tags": ["primary care"]},
            {"label": "Health visitors", "type": "service", "sector": "nhs"},
        ],
        "connections": [{"from": "GP practice", "to": "Health visitors", "type": "collaborates"}],
    }
    d = load_bytes("kumu.json", json.dumps(doc).encode())
    assert [e.id for e in d.elements] == ["gp_practice", "health_visitors"]
    assert d.element("gp_practice").tags == ("primary care",)
    (c,) = d.connections
    assert (c.source, c.target, c.kind, c.status) == (
        "gp_practice",
        "health_visitors",
        Kind.COLLABORATES,
        Status.PRESENT,
    )
    assert c.id == "gp_practice--collaborates--health_visitors"
    # No Layers given: elements take the layers of their connections.
    assert d.element("gp_practice").layers == (Layer.C,)


def test_kumu_exported_form_with_attributes_and_internal_ids():
    doc = {
        "elements": [
            {
                "_id": "elem-1",
                "attributes": {
                    "label": "Schools",
                    "element type": "service",
                    "sector": "education",
                    "image": "x.png",
                },
            },
            {"_id": "elem-2", "attributes": {"label": "CAMHS", "element type": "service", "sector": "nhs"}},
        ],
        "connections": [
            {
                "_id": "conn-1",
                "from": "elem-1",
                "to": "elem-2",
                "attributes": {"connection type": "refers", "layer": "C", "status": "strained"},
            }
        ],
    }
    d = load_bytes("export.json", json.dumps(doc).encode())
    (c,) = d.connections
    assert (c.source, c.target, c.status) == ("schools", "camhs", Status.STRAINED)


def test_normalised_json_round_trip(mini, tmp_path):
    original = load_folder(mini)
    path = tmp_path / "mini.json"
    path.write_text(to_json(original), encoding="utf-8")
    again = load_path(path)
    assert dataset_dict(again)["elements"] == dataset_dict(original)["elements"]
    assert dataset_dict(again)["connections"] == dataset_dict(original)["connections"]
    assert (again.id, again.provenance, again.name) == (original.id, original.provenance, original.name)


def test_replace_builds_a_fresh_index():
    """`dataclasses.replace(dataset, connections=…)` once kept the old index, so a removed link was still found."""
    from dataclasses import replace

    from explorer.data.catalog import load_catalog

    study = load_catalog().datasets["study"]
    removed = study.connections[0]
    assert study.get(removed.id) is removed
    smaller = replace(study, connections=study.connections[1:])
    assert smaller.get(removed.id) is None
    assert study.get(removed.id) is removed
