"""Every kind of bad input gives file:row:column problems and loads nothing."""

from __future__ import annotations

import copy
import json

import pytest

from explorer.cli import main
from explorer.data.problems import LoadError
from explorer.data.readers.loader import load_bytes, load_folder
from tests.conftest import MINI_CONNECTIONS, MINI_ELEMENTS, MINI_EVIDENCE, MINI_META, write_mini


def problems_of(folder) -> list[str]:
    with pytest.raises(LoadError) as caught:
        load_folder(folder)
    return [str(p) for p in caught.value.problems]


def changed(table, row, column, value):
    out = copy.deepcopy(table)
    out[row][out[0].index(column)] = value
    return out


def test_unknown_column(tmp_path):
    elements = [[*MINI_ELEMENTS[0], "Colour"]] + [[*r, ""] for r in MINI_ELEMENTS[1:]]
    lines = problems_of(write_mini(tmp_path / "mini", elements=elements))
    assert any(
        line.endswith(
            "elements.csv:1:Colour: unknown column; expected some of: "
            "Label, Type, Description, Tags, Id, Sector, Layers, Basis, Short label"
        )
        for line in lines
    )


def test_missing_required_column(tmp_path):
    connections = [row[:2] + row[3:] for row in MINI_CONNECTIONS]  # drop Type
    lines = problems_of(write_mini(tmp_path / "mini", connections=connections))
    assert any(line.endswith("connections.csv:1:Type: required column is missing") for line in lines)


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "expected"),
    [
        ("connections", 1, "Type", "hugs", "connections.csv:2:Type: unknown value 'hugs'; expected one of"),
        ("connections", 2, "Status", "sometimes", "connections.csv:3:Status: unknown value 'sometimes'"),
        ("connections", 1, "Layer", "D", "connections.csv:2:Layer: unknown value 'D'"),
        ("elements", 3, "Layers", "B|Z", "elements.csv:4:Layers: unknown value 'Z'"),
        ("elements", 2, "Type", "robot", "elements.csv:3:Type: unknown value 'robot'"),
        ("elements", 2, "Sector", "space", "elements.csv:3:Sector: unknown value 'space'"),
        (
            "connections",
            1,
            "Status",
            "attends",
            "connections.csv:2:Status: status 'attends' does not fit kind 'refers'",
        ),
        ("connections", 3, "Reason", "", "connections.csv:4:Reason: an exclusion needs the threshold"),
        ("connections", 1, "Strength", "strong", "connections.csv:2:Strength: 'strong' is not a number"),
        ("elements", 2, "Id", "da", "elements.csv:3:Id: duplicate id 'da' (first at"),
        ("connections", 1, "Id", "camhs", "connections.csv:2:Id: duplicate id 'camhs'"),
        ("elements", 1, "Id", "Bad Id!", "elements.csv:2:Id: 'Bad Id!' is not a valid id"),
        ("connections", 1, "To", "nowhere", "connections.csv:2:To: no element with id or label 'nowhere'"),
        ("evidence", 1, "Item", "ghost", "evidence.csv:2:Item: no element or connection with id 'ghost'"),
        ("evidence", 2, "Section", "", "evidence.csv:3:Section: evidence for 'camhs' must cite a section"),
        ("evidence", 2, "Section", "four", "evidence.csv:3:Section: 'four' is not a section number"),
    ],
)
def test_bad_cells(tmp_path, table, row, column, value, expected):
    base = {"elements": MINI_ELEMENTS, "connections": MINI_CONNECTIONS, "evidence": MINI_EVIDENCE}
    folder = write_mini(tmp_path / "mini", **{table: changed(base[table], row, column, value)})
    lines = problems_of(folder)
    assert any(expected in line for line in lines), lines


def test_study_item_without_evidence(tmp_path):
    evidence = [r for r in MINI_EVIDENCE if r[0] != "wall"]
    lines = problems_of(write_mini(tmp_path / "mini", evidence=evidence))
    assert any(line.endswith("connections.csv:2:Id: study item 'wall' has no evidence") for line in lines)


def test_illustrative_items_need_no_evidence(tmp_path):
    meta = {**MINI_META, "provenance": "illustrative"}
    dataset = load_folder(write_mini(tmp_path / "mini", meta=meta, evidence=[MINI_EVIDENCE[0]]))
    assert dataset.is_illustrative and len(dataset.connections) == 4


def test_malformed_csv_names_the_line(tmp_path):
    folder = write_mini(tmp_path / "mini")
    text = (folder / "elements.csv").read_text()
    (folder / "elements.csv").write_text(text + 'Broken,"service,unclosed\n')
    lines = problems_of(folder)
    assert any("elements.csv:" in line and "malformed CSV" in line for line in lines), lines


def test_too_many_cells(tmp_path):
    elements = [*MINI_ELEMENTS, ["Extra", "service", "", "", "extra", "nhs", "C", "stated", "surplus"]]
    lines = problems_of(write_mini(tmp_path / "mini", elements=elements))
    assert any(line.endswith("elements.csv:6:: 9 cells but the header has 8") for line in lines)


def test_not_utf8(tmp_path):
    folder = write_mini(tmp_path / "mini")
    (folder / "evidence.csv").write_bytes(b"Item,Section\nda,4.4\n" + b"\xff\xfe bad\n")
    lines = problems_of(folder)
    assert any("evidence.csv:3:: not UTF-8 text" in line for line in lines), lines


def test_metadata_problems(tmp_path):
    folder = write_mini(tmp_path / "mini", meta={"id": "other", "name": "", "provenance": "rumour", "x": 1})
    lines = problems_of(folder)
    joined = "\n".join(lines)
    assert "dataset.json::id: 'other' does not match its folder 'mini'" in joined
    assert "dataset.json::name: required, as non-empty text" in joined
    assert "dataset.json::area: required, as non-empty text" in joined
    assert "dataset.json::provenance: expected one of" in joined
    assert "dataset.json::x: unknown key" in joined


def test_malformed_dataset_json_names_line_and_column(tmp_path):
    folder = write_mini(tmp_path / "mini")
    (folder / "dataset.json").write_text('{\n  "id": "mini",\n  "name": oops\n}')
    assert any("dataset.json:3:11: malformed JSON" in line for line in problems_of(folder))


def test_missing_file(tmp_path):
    folder = write_mini(tmp_path / "mini")
    (folder / "connections.csv").unlink()
    assert any(line.endswith("connections.csv::: missing file") for line in problems_of(folder))


def test_malformed_xlsx():
    with pytest.raises(LoadError) as caught:
        load_bytes("map.xlsx", b"PK\x03\x04 this is not a workbook")
    assert str(caught.value.problems[0]) == "map.xlsx::: not an XLSX workbook"


def test_malformed_kumu_json():
    with pytest.raises(LoadError) as caught:
        load_bytes("map.json", b'{"elements": [{"label": "A", "type": "service"}, 42]}')
    assert str(caught.value.problems[0]) == "map.json#elements:2:: expected an object"
    with pytest.raises(LoadError) as caught:
        load_bytes("map.json", b'{"elements": [')
    assert str(caught.value.problems[0]).startswith("map.json:1:15: malformed JSON")


def test_loading_is_all_or_nothing(tmp_path):
    """One bad row anywhere means no dataset at all, not the good rows."""
    connections = changed(MINI_CONNECTIONS, 4, "Status", "bogus")
    folder = write_mini(tmp_path / "mini", connections=connections)
    with pytest.raises(LoadError):
        load_folder(folder)


def test_cli_validate_reports_problems_and_exits_1(tmp_path, capsys):
    data = tmp_path / "data"
    write_mini(data / "mini", connections=changed(MINI_CONNECTIONS, 1, "Type", "hugs"))
    assert main(["validate", str(data)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    path, row, column, message = out[0].split(":", 3)
    assert (path.endswith("mini/connections.csv"), row, column) == (True, "2", "Type")
    assert message.startswith(" unknown value 'hugs'")


def test_cli_validate_summarises_each_dataset(tmp_path, capsys):
    data = tmp_path / "data"
    write_mini(data / "mini")
    write_mini(data / "other", meta={**MINI_META, "id": "other", "provenance": "illustrative"})
    assert main(["validate", str(data)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 2
    assert out[0].startswith(
        "mini: Mini map [study] — 4 elements, 4 connections (A: 0 elements/0 connections, "
        "B: 3 elements/1 connections, C: 3 elements/3 connections); links by basis: 3 stated, 1 inferred"
    )


def test_cli_never_prints_a_traceback_for_garbage(tmp_path, capsys):
    bad = tmp_path / "garbage.json"
    bad.write_bytes(json.dumps({"elements": "nope"}).encode())
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert "garbage.json::elements: expected an object with an 'elements' list" in out.out
