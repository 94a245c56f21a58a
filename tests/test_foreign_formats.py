"""Maps from other tools (Kumu, Gephi, yEd, Network Canvas, PRSM) come in mapped, not refused.

The files under tests/fixtures/foreign/ are hand-made in each tool's layout (see SOURCES.md there); the real
published samples are checked by tests/test_foreign_real.py.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from explorer.data.problems import LoadError
from explorer.data.readers.loader import load_bytes, load_with_report
from explorer.data.readers.mapping import guess_element_type, guess_kind
from explorer.data.vocab import Direction, ElementType, Kind, Status
from explorer.view.positions import positions_for

FIXTURES = Path(__file__).parent / "fixtures" / "foreign"


def load(name: str, mapping=None, data: bytes | None = None):
    data = (FIXTURES / name).read_bytes() if data is None else data
    return load_with_report(name, data, mapping=mapping)


def by_label(dataset):
    return {e.label: e for e in dataset.elements}


# Kumu


def test_kumu_project_export_maps_types_ids_attributes_and_positions():
    d, report = load("kumu-project.json")
    assert (len(d.elements), len(d.connections)) == (6, 5)
    assert d.name == "Harbour town support map" and "Kumu's project export" in d.note
    els = by_label(d)
    hub = els["Harbour Family Hub"]
    assert hub.id == "harbour_family_hub"  # Kumu's _id resolves the connections; our id comes from the label
    assert hub.type is ElementType.SERVICE and hub.tags == ("early help", "families")
    assert dict(hub.attributes) == {"Website": "hub.example"}
    # Two elements with one label are told apart, and the warning says so.
    assert {"Outreach worker", "Outreach worker (2)"} <= set(els)
    assert any("labelled 'Outreach worker'" in w for w in report.warnings)
    # A long label makes a short id.
    board = next(e for e in d.elements if e.label.startswith("A very long label"))
    assert len(board.id) <= 40 and board.type is ElementType.STRATEGIC_GROUP
    # Parallel links are both kept, with ids of their own.
    referrals = [c for c in d.connections if c.source == "harbour_family_hub" and c.kind is Kind.REFERS]
    assert len(referrals) == 2 and len({c.id for c in referrals}) == 2
    assert all(len(c.id) <= 100 for c in d.connections)
    assert dict(referrals[0].attributes) == {"Waiting weeks": "12"}
    directions = {c.direction for c in d.connections}
    assert {Direction.MUTUAL, Direction.UNDIRECTED, Direction.DIRECTED} <= directions
    # "reversed" runs the link the other way, as Kumu draws it.
    funding = next(c for c in d.connections if c.kind is Kind.FUNDS)
    assert (funding.source, funding.target) == ("funding_for_local_services", "harbour_family_hub")
    # Positions come from the default map, not the first.
    assert dict((i, (x, y)) for i, x, y in d.positions)["harbour_family_hub"] == (0.0, 0.0)
    assert report.positions == 3


def test_kumu_types_are_guessed_then_default_with_a_warning_and_can_be_changed():
    _, report = load("kumu-project.json")
    rows = {(r.kind, r.source): r for r in report.types}
    assert (
        rows[("element", "Interviewee")].target == "service" and not rows[("element", "Interviewee")].guessed
    )
    assert rows[("connection", "++")].target == "shapes" and rows[("connection", "++")].guessed
    assert rows[("connection", "")].count == 1 and not rows[("connection", "")].guessed
    assert any("'Interviewee' became 'service', the default" in w for w in report.warnings)
    changed, report2 = load("kumu-project.json", {"element": {"Interviewee": "population_group"}})
    workers = [e for e in changed.elements if e.label.startswith("Outreach worker")]
    assert {e.type for e in workers} == {ElementType.POPULATION_GROUP}
    assert not any("Interviewee" in w for w in report2.warnings)


def test_kumu_blueprint_with_ids_duplicate_labels_and_attends():
    d, _ = load("kumu-blueprint.json")
    assert [e.id for e in d.elements] == ["e1", "e2", "safeguarding_partnership"]
    assert dict(d.element("e1").attributes) == {"Favourite colour": "teal"}
    attends = next(c for c in d.connections if c.kind is Kind.ATTENDS)
    assert attends.status is Status.ATTENDS  # an attendance needs an attendance status; none was given
    assert d.get("c1").direction is Direction.MUTUAL


def test_kumu_csv_of_connections_makes_its_elements_and_keeps_extra_columns():
    d, report = load("kumu-connections.csv")
    assert [e.label for e in d.elements] == ["Harbour Family Hub", "Early help team", "Youth club"]
    assert len(d.connections) == 3
    first = d.connections[0]
    assert dict(first.attributes) == {"Label": "weekly", "Notes": "started 2024"}
    assert any("named only in connections" in w for w in report.warnings)


def _workbook(sheets: dict[str, list[list]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_kumu_spreadsheet_with_extra_columns_and_no_type_column():
    data = _workbook(
        {
            "Elements": [
                ["Label", "Image", "Website"],
                ["Hub", "hub.png", "hub.example"],
                ["School", "", ""],
            ],
            "Connections": [["From", "To", "Strength"], ["Hub", "School", 3]],
        }
    )
    d, report = load("kumu.xlsx", data=data)
    assert dict(by_label(d)["Hub"].attributes) == {"Image": "hub.png", "Website": "hub.example"}
    assert d.connections[0].strength == 3.0
    assert report.format == "Kumu spreadsheet"


def test_kumu_spreadsheet_errors_keep_sheet_row_and_column():
    data = _workbook({"Elements": [["Label", "Sector"], ["Hub", "moon"]], "Connections": [["From", "To"]]})
    with pytest.raises(LoadError) as caught:
        load("kumu.xlsx", data=data)
    assert [str(p) for p in caught.value.problems] == [
        "kumu.xlsx[Elements]:2:Sector: unknown value 'moon'; expected one of: national, regional, nhs, "
        "local_authority, education, voluntary, by_and_for, multi_agency, private, population, other"
    ]


# GraphML


def test_yed_labels_edge_labels_positions_colours_and_groups():
    d, report = load("yed.graphml")
    assert [e.label for e in d.elements] == ["Early help team", "GP practice", "Voluntary sector", "Refuge"]
    assert report.format == "GraphML (yEd)"
    assert dict(d.element("n0").attributes) == {"Owner": "County council", "colour": "#FCCDE5"}
    assert dict((i, (x, y)) for i, x, y in d.positions)["n0"] == (60.0, 35.0)  # the node's centre
    informs = d.get("e0")
    assert informs.kind is Kind.INFORMS and informs.description == "Letters each month"
    assert dict(informs.attributes)["label"] == "informs"
    assert d.get("e1").direction is Direction.UNDIRECTED  # no arrowhead at either end
    assert dict(d.get("e2").attributes) == {"colour": "#FF0000"}


def test_network_canvas_graphml_takes_names_and_keeps_variables():
    d, _ = load("networkcanvas.graphml")
    assert [e.label for e in d.elements] == ["Neighbour", "Teacher", "Neighbour (2)"]
    assert dict(d.elements[0].attributes) == {"closeness": "3"}
    assert {c.kind for c in d.connections} == {Kind.COLLABORATES}
    assert {c.direction for c in d.connections} == {Direction.UNDIRECTED}


# GEXF


def test_gexf_1_3_positions_attributes_and_edge_types_per_link():
    d, report = load("gephi-1.3.gexf")
    assert report.format == "GEXF 1.3" and d.name == "Harbour network"
    assert [e.label for e in d.elements] == ["Health visitor", "Domestic abuse charity", "Youth club"]
    hv = d.element("11")
    assert dict(hv.attributes) == {"Modularity Class": "1", "colour": "#f55b5b"}
    assert dict((i, (x, y)) for i, x, y in d.positions)["11"] == (-87.5, -6.5)  # GEXF's y points up
    meets, refers, mutual = d.connections
    assert (meets.direction, meets.strength, dict(meets.attributes)) == (
        Direction.UNDIRECTED,
        2.0,
        {"Since": "2023", "label": "meets"},
    )
    assert (refers.kind, refers.direction) == (Kind.REFERS, Direction.DIRECTED)
    assert mutual.direction is Direction.MUTUAL


def test_gexf_1_2draft_names_as_ids_and_parallel_edges():
    d, _ = load("gephi-1.2draft.gexf")
    assert [e.id for e in d.elements] == ["ann_smith", "bob_jones"]
    assert len(d.connections) == 2 and len({c.id for c in d.connections}) == 2
    assert dict(d.elements[0].attributes) == {"gender": "female"}


# PRSM


def test_prsm_plain_and_compressed_give_the_same_map():
    from lzstring import LZString

    plain, report = load("prsm-plain.prsm")
    text = (FIXTURES / "prsm-plain.prsm").read_text(encoding="utf-8")
    packed = LZString().compressToUTF16(text).encode("utf-8")  # as PRSM saves a map
    compressed, _ = load("packed.prsm", data=packed)
    assert [e.label for e in plain.elements] == ["Family Hub", "Children feel safe", "School"]
    assert [e.label for e in compressed.elements] == [e.label for e in plain.elements]
    assert [c.id for c in compressed.connections] == [c.id for c in plain.connections]
    assert plain.name == "Harbour factors" and plain.note == "A hand-made test map."
    hub = plain.element("family_hub")  # PRSM's UUIDs say nothing; ids come from labels
    assert hub.description == "Open five days a week"
    assert dict(hub.attributes) == {"Evidence strength": "high", "colour": "rgb(154, 219, 180)"}
    assert [c.direction for c in plain.connections] == [
        Direction.DIRECTED,
        Direction.MUTUAL,
        Direction.UNDIRECTED,
    ]
    assert len(plain.connections) == 3  # the cluster edge is PRSM's own drawing aid
    assert report.positions == 3


# Damaged files: one clear message


@pytest.mark.parametrize(
    ("name", "cut", "message"),
    [
        ("kumu-project.json", 300, "malformed JSON"),
        ("yed.graphml", 400, "malformed XML"),
        ("gephi-1.3.gexf", 500, "malformed XML"),
        ("prsm-plain.prsm", 200, "not a PRSM map"),
    ],
)
def test_a_damaged_file_gets_one_clear_message(name, cut, message):
    data = (FIXTURES / name).read_bytes()[:cut]
    with pytest.raises(LoadError) as caught:
        load(name, data=data)
    assert len(caught.value.problems) == 1 and message in caught.value.problems[0].message


def test_a_damaged_compressed_prsm_gets_one_clear_message():
    from lzstring import LZString

    packed = LZString().compressToUTF16((FIXTURES / "prsm-plain.prsm").read_text(encoding="utf-8"))
    with pytest.raises(LoadError) as caught:
        load("map.prsm", data=packed[: len(packed) // 2].encode("utf-8"))
    assert [p.message for p in caught.value.problems] == [
        "not a PRSM map: it is neither JSON nor lz-string compressed JSON; is the file damaged?"
    ]


def test_a_connection_to_nothing_is_still_an_error_with_row_and_column():
    doc = json.loads((FIXTURES / "kumu-blueprint.json").read_text())
    doc["connections"][1]["to"] = "nowhere"
    with pytest.raises(LoadError) as caught:
        load_bytes("map.json", json.dumps(doc).encode())
    assert [str(p) for p in caught.value.problems] == [
        "map.json#connections:2:To: no element with id or label 'nowhere'"
    ]


# Guesses and positions


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Strategic group or partnership", "strategic_group"), ("Domestic Abuse Act", "legislation"),
     ("Funding stream", "funding"), ("Children and families", "population_group"), ("Spaceship", "service")],
)  # fmt: skip
def test_element_type_guesses(text, expected):
    assert guess_element_type(text).value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("--", "shapes"), ("Funding", "funds"), ("refers to", "refers"), ("works with", "collaborates"),
     ("sits on", "attends"), ("", "refers")],
)  # fmt: skip
def test_kind_guesses(text, expected):
    assert guess_kind(text).value == expected


def test_an_imported_map_keeps_its_own_positions_scaled():
    d, _ = load("kumu-project.json")
    placed = positions_for(d, {"harbour_family_hub": (123456.0, 0.0)})
    hub, camhs = placed["harbour_family_hub"], placed["child_and_adolescent_mental_health_servi"]
    assert camhs[0] > hub[0] and camhs[1] < hub[1]  # the file's layout: CAMHS right of and above the hub
    assert hub[0] != 123456.0  # the file's own place, not a shared one
    assert len(placed) == len(d.elements)


def test_the_evidence_panel_shows_what_the_file_said():
    from explorer.view.mapmodel import describe

    d, _ = load("kumu-project.json")
    facts = dict(describe(d, "harbour_family_hub")["facts"])
    assert facts["Website (in the file)"] == "hub.example"
    link = next(c for c in d.connections if c.attributes)
    assert ("Waiting weeks (in the file)", "12") in describe(d, link.id)["facts"]


def test_kumu_export_writes_the_file_fields_back():
    from explorer.data.writers import export_bytes

    d, _ = load("kumu-project.json")
    name, data = export_bytes(d, "kumu-json")
    again = load_bytes(name, data)
    assert dict(again.element("harbour_family_hub").attributes) == {"Website": "hub.example"}
    assert [dict(c.attributes) for c in again.connections] == [dict(c.attributes) for c in d.connections]
