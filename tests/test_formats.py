"""Every export format: round trips through the loader, safe cells, provenance, and GraphML import."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from explorer.data.cells import TRIGGERS, neutralise, restore
from explorer.data.problems import LoadError
from explorer.data.readers.graphml import REFUSED
from explorer.data.readers.loader import load_bytes, load_folder
from explorer.data.serialise import dataset_dict
from explorer.data.validate import CONNECTION_COLUMNS, ELEMENT_COLUMNS, EVIDENCE_COLUMNS
from explorer.data.vocab import Direction, ElementType, Kind, Layer, Provenance, Sector, Status
from explorer.data.writers import EXPORT_FORMATS, FORMAT_LABELS, export_bytes

LOADABLE = ("json", "kumu-json", "csv", "xlsx", "graphml")
NASTY = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tfoo", "\rbar"]


def _reload(dataset, fmt: str, tmp_path: Path):
    """Export `dataset` as `fmt` and load the file back as a user would."""
    name, data = export_bytes(dataset, fmt)
    if fmt != "csv":
        return load_bytes(name, data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(tmp_path / "unzipped")
    return load_folder(tmp_path / "unzipped" / dataset.id)


def _same_maps(a, b) -> None:
    assert dataset_dict(a)["elements"] == dataset_dict(b)["elements"]
    assert dataset_dict(a)["connections"] == dataset_dict(b)["connections"]


def _with(dataset, **changes):
    return replace(dataset, **changes)


def _zip_text(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8-sig")


# Registry


def test_registry_names_extensions_and_filenames(mini):
    d = load_folder(mini)
    assert (
        set(EXPORT_FORMATS) == {"json", "kumu-json", "csv", "xlsx", "graphml", "gexf"} == set(FORMAT_LABELS)
    )
    for fmt, (extension, mime, write) in EXPORT_FORMATS.items():
        name, data = export_bytes(d, fmt)
        assert name == f"mini-{fmt}.{extension}"
        assert mime and callable(write) and data
    with pytest.raises(ValueError, match="unknown export format"):
        export_bytes(d, "pdf")


# Round trips


@pytest.mark.parametrize("fmt", LOADABLE)
def test_round_trip_gives_the_same_map(mini, tmp_path, fmt):
    original = load_folder(mini)
    _same_maps(_reload(original, fmt, tmp_path), original)


@pytest.mark.parametrize("fmt", ("json", "csv", "xlsx", "graphml"))
def test_round_trip_keeps_metadata(mini, tmp_path, fmt):
    original = _with(load_folder(mini), note="", based_on="study", provenance=Provenance.ILLUSTRATIVE)
    again = _reload(original, fmt, tmp_path)
    assert (again.id, again.name, again.area, again.provenance, again.based_on) == (
        "mini",
        "Mini map",
        "A test area",
        Provenance.ILLUSTRATIVE,
        "study",
    )


@pytest.mark.parametrize("fmt", LOADABLE)
def test_round_trip_keeps_strength_parallel_links_and_odd_text(mini, tmp_path, fmt):
    d = load_folder(mini)
    extra = replace(
        d.get("wall"),
        id="wall_funds",
        kind=Kind.FUNDS,
        status=Status.STRAINED,
        direction=Direction.UNDIRECTED,
        strength=-1.0,
        description='Line one\r\nline two, "quoted" & <angled>',
        tags=("cross-layer", "money"),
    )
    connections = (replace(d.connections[0], strength=0.5), *d.connections[1:], extra)
    original = _with(d, connections=connections)
    again = _reload(original, fmt, tmp_path)
    _same_maps(again, original)
    assert again.get("wall_funds").strength == -1.0 and again.get("wall").strength == 0.5


def test_csv_zip_is_a_dataset_folder(mini):
    _, data = export_bytes(load_folder(mini), "csv")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
    assert names == {
        f"mini/{f}" for f in ("dataset.json", "elements.csv", "connections.csv", "evidence.csv")
    } | {"mini/ABOUT.txt"}
    assert json.loads(_zip_text(data, "mini/dataset.json"))["provenance"] == "study"
    headers = {
        f: next(csv.reader(io.StringIO(_zip_text(data, f"mini/{f}"))))
        for f in ("elements.csv", "connections.csv", "evidence.csv")
    }
    assert headers == {
        "elements.csv": list(ELEMENT_COLUMNS),
        "connections.csv": list(CONNECTION_COLUMNS),
        "evidence.csv": list(EVIDENCE_COLUMNS),
    }


def test_xlsx_layout_is_readable_and_kumu_compatible(mini):
    _, data = export_bytes(load_folder(mini), "xlsx")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["About", "Dataset", "Elements", "Connections", "Evidence"]
    for sheet in ("Dataset", "Elements", "Connections", "Evidence"):
        ws = wb[sheet]
        assert ws.freeze_panes == "A2"
        assert all(cell.font.bold for cell in ws[1])
        assert 8 <= ws.column_dimensions["A"].width <= 60
    assert [c.value for c in wb["Elements"][1]][:4] == ["Label", "Type", "Description", "Tags"]
    assert [c.value for c in wb["Connections"][1]][:5] == ["From", "To", "Type", "Direction", "Strength"]
    assert [[c.value for c in row] for row in wb["Dataset"].iter_rows(max_row=2)] == [
        ["Key", "Value"],
        ["id", "mini"],
    ]


def test_kumu_blueprint_uses_kumu_fields_and_ids(mini):
    _, data = export_bytes(load_folder(mini), "kumu-json")
    doc = json.loads(data)
    assert set(doc) == {"name", "description", "area", "about", "elements", "connections"}
    da = next(e for e in doc["elements"] if e["id"] == "da")
    assert da["label"] == "Domestic abuse services" and da["type"] == "service" and da["tags"] == ["core"]
    wall = next(c for c in doc["connections"] if c["id"] == "wall")
    assert (wall["from"], wall["to"], wall["type"], wall["direction"]) == ("da", "camhs", "refers", "mutual")
    assert "strength" not in wall  # no strength given: Kumu gets none rather than null


def test_gexf_parses_with_networkx_and_carries_everything(mini):
    d = load_folder(mini)
    _, data = export_bytes(d, "gexf")
    graph = nx.read_gexf(io.BytesIO(data))
    assert set(graph.nodes) == {e.id for e in d.elements}
    assert graph.nodes["da"]["label"] == "Domestic abuse services"
    assert (graph.nodes["da"]["type"], graph.nodes["da"]["layers"]) == ("service", "B|C")
    edges = {attrs["id"]: (u, v, attrs) for u, v, attrs in graph.edges(data=True)}
    assert set(edges) == {c.id for c in d.connections}
    u, v, wall = edges["wall"]
    # A mutual edge is typed `mutual` in GEXF, which networkx stores both ways round; either end may come first.
    assert ({u, v}, wall["kind"], wall["status"], wall["direction"]) == (
        {"da", "camhs"},
        "refers",
        "gap",
        "mutual",
    )
    assert json.loads(wall["evidence"])[0]["participant"] == "P24"
    assert d.provenance_line() in data.decode("utf-8")
    assert re.findall(r'<edge [^>]*id="([^"]+)"', data.decode("utf-8")) == [c.id for c in d.connections]


# Formula injection


def _nasty(mini):
    d = load_folder(mini)
    elements = tuple(
        replace(e, label=NASTY[i], description=NASTY[len(NASTY) - 1 - i]) for i, e in enumerate(d.elements)
    )
    connections = tuple(
        replace(c, description=NASTY[(i + 4) % len(NASTY)]) for i, c in enumerate(d.connections)
    )
    connections = (replace(connections[0], strength=-1.0), *connections[1:])
    return _with(d, elements=elements, connections=connections)


def test_csv_cells_are_neutralised(mini):
    d = _nasty(mini)
    _, data = export_bytes(d, "csv")
    elements = list(csv.reader(io.StringIO(_zip_text(data, "mini/elements.csv"), newline="")))
    assert [row[0] for row in elements[1:]] == ["'" + text for text in NASTY[:4]]
    assert [row[2] for row in elements[1:]] == ["'" + text for text in reversed(NASTY[2:])]
    connections = list(csv.reader(io.StringIO(_zip_text(data, "mini/connections.csv"), newline="")))
    assert [row[8] for row in connections[1:]] == [
        "'" + NASTY[4],
        "'" + NASTY[5],
        "'" + NASTY[0],
        "'" + NASTY[1],
    ]
    assert connections[1][4] == "-1"  # a negative Strength stays a number


def test_xlsx_cells_are_neutralised(mini):
    d = _nasty(mini)
    _, data = export_bytes(d, "xlsx")
    wb = load_workbook(io.BytesIO(data))
    labels = [wb["Elements"].cell(row=r, column=1) for r in range(2, 6)]
    assert [cell.value for cell in labels] == ["'" + text for text in NASTY[:4]]
    assert all(cell.data_type == "s" for cell in labels)  # text, not a formula
    descriptions = [wb["Elements"].cell(row=r, column=3).value for r in range(2, 6)]
    assert descriptions == ["'" + text for text in reversed(NASTY[2:])]
    strength = wb["Connections"].cell(row=2, column=5)
    assert (strength.value, strength.data_type) == (-1, "n")


@pytest.mark.parametrize("fmt", LOADABLE)
def test_neutralised_cells_read_back_as_the_original_text(mini, tmp_path, fmt):
    original = _nasty(mini)
    again = _reload(original, fmt, tmp_path)
    _same_maps(again, original)
    assert [e.label for e in again.elements] == NASTY[:4]


def test_apostrophes_that_are_data_survive(mini, tmp_path):
    d = load_folder(mini)
    texts = ["'=already quoted", "''-x", "'plain quote'", "-1", "'-1"]
    elements = tuple(replace(e, description=t) for e, t in zip(d.elements, texts, strict=False))
    original = _with(d, elements=elements)
    for fmt in ("csv", "xlsx"):
        _same_maps(_reload(original, fmt, tmp_path / fmt), original)


@given(st.text(alphabet=st.sampled_from(["'", "a", "1", ".", *TRIGGERS]), max_size=8))
def test_restore_undoes_neutralise(text):
    safe = neutralise(text)
    assert restore(safe) == text
    assert safe == text or safe == "'" + text
    if safe and safe[0] in TRIGGERS:
        assert safe.startswith("-") and float(safe) <= 0


# Provenance in every file


def _readable_text(fmt: str, data: bytes) -> str:
    """The text a person opening the file sees first, per format."""
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            (about,) = [n for n in archive.namelist() if n.endswith("ABOUT.txt")]
            return archive.read(about).decode("utf-8")
    if fmt == "xlsx":
        wb = load_workbook(io.BytesIO(data), read_only=True)
        assert wb.sheetnames[0] == "About"
        return "\n".join(str(row[0]) for row in wb["About"].iter_rows(values_only=True) if row[0])
    return data.decode("utf-8")


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
@pytest.mark.parametrize("provenance", list(Provenance))
def test_every_file_carries_the_provenance_statement(mini, fmt, provenance):
    d = _with(load_folder(mini), provenance=provenance, note="")
    _, data = export_bytes(d, fmt)
    text = _readable_text(fmt, data)
    assert d.provenance_line() in text
    if fmt != "json":  # the normalised JSON has a fixed schema: its dataset block holds the statement
        assert "Powell, C., Adisa, O." in text and "10.1016/j.childyouth.2024.108076" in text
    if provenance is Provenance.ILLUSTRATIVE:
        assert "ILLUSTRATIVE area map, not a study finding" in text


# GraphML import: safety and files from other tools


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <graph edgedefault="directed"><node id="a"><data key="d0">&lol3;</data></node></graph>
</graphml>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE graphml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph><node id="&xxe;"/></graph></graphml>
"""
PLAIN_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE graphml SYSTEM "http://graphml.graphdrawing.org/dtds/graphml.dtd">
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph><node id="a"/></graph></graphml>
"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, PLAIN_DTD], ids=["laughs", "xxe", "dtd"])
def test_graphml_with_dtd_or_entities_is_refused(data):
    with pytest.raises(LoadError) as caught:
        load_bytes("evil.graphml", data)
    (problem,) = caught.value.problems
    assert problem.message == REFUSED == "XML with DTD/entities is not accepted"


def test_malformed_graphml_names_line_and_column():
    data = b'<?xml version="1.0"?>\n<graphml>\n  <graph><node id="a"></graph>\n</graphml>\n'
    with pytest.raises(LoadError) as caught:
        load_bytes("broken.graphml", data)
    (problem,) = caught.value.problems
    assert problem.message.startswith("malformed XML: mismatched tag")
    assert (problem.row, problem.column) == (3, "25")  # the name in </graph>


@pytest.mark.parametrize(
    "data", [b"", b"<html><body/></html>", b"\xff\xfe\x00<"], ids=["empty", "html", "junk"]
)
def test_non_graphml_is_a_load_error(data):
    with pytest.raises(LoadError):
        load_bytes("other.graphml", data)


GEPHI = b"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <graph edgedefault="directed">
    <node id="n0"/>
    <node id="n1"/>
    <node id="Health Visitors"/>
    <edge source="n0" target="n1"/>
    <edge source="n0" target="n1"/>
    <edge id="e1" source="n1" target="Health Visitors"/>
  </graph>
</graphml>
"""


def test_plain_graphml_imports_with_defaults():
    d = load_bytes("From Gephi.graphml", GEPHI)
    assert (d.id, d.name, d.provenance, d.source) == (
        "from-gephi",
        "From Gephi",
        Provenance.IMPORTED,
        "From Gephi.graphml",
    )
    assert [(e.id, e.label) for e in d.elements] == [
        ("n0", "n0"),
        ("n1", "n1"),
        ("health_visitors", "Health Visitors"),
    ]
    for e in d.elements:
        assert (e.type, e.sector, e.layers) == (ElementType.SERVICE, Sector.OTHER, (Layer.C,))
    assert len(d.connections) == 3  # parallel edges stay apart
    assert len({c.id for c in d.connections}) == 3 and d.get("e1").target == "health_visitors"
    for c in d.connections:
        assert (c.kind, c.status, c.layer, c.direction) == (
            Kind.REFERS,
            Status.PRESENT,
            Layer.C,
            Direction.DIRECTED,
        )


def test_gephi_labels_weights_and_undirected_edges_are_read():
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key attr.name="label" attr.type="string" for="node" id="label"/>
  <key attr.name="weight" attr.type="double" for="edge" id="weight"/>
  <graph edgedefault="undirected">
    <node id="0"><data key="label">GP practice</data></node>
    <node id="1"><data key="label">School nurse</data></node>
    <edge id="0" source="0" target="1"><data key="weight">2.0</data></edge>
  </graph>
</graphml>
"""
    d = load_bytes("gephi.graphml", data)
    assert [e.label for e in d.elements] == ["GP practice", "School nurse"]
    (c,) = d.connections
    assert (c.source, c.target, c.direction, c.strength) == ("0", "1", Direction.UNDIRECTED, 2.0)
    assert c.id == "0--refers--1"  # the file's id "0" is an element's already


def test_our_graphml_with_a_node_missing_its_type_is_rejected(mini):
    _, data = export_bytes(load_folder(mini), "graphml")
    broken = re.sub(rb'<data key="\w+">strategic_group</data>', b"", data)
    assert broken != data
    with pytest.raises(LoadError) as caught:
        load_bytes("mini.graphml", broken)
    assert [(p.path, p.row, p.column) for p in caught.value.problems] == [("mini.graphml#nodes", 3, "Type")]


def test_graphml_with_bad_evidence_or_values_is_rejected(mini):
    _, data = export_bytes(load_folder(mini), "graphml")
    broken = data.replace(b'>[{"section": "5.1"}]<', b">not json<")
    broken = broken.replace(b">voluntary<", b">martian<")
    assert broken.count(b"not json") == 1 and b"martian" in broken
    with pytest.raises(LoadError) as caught:
        load_bytes("mini.graphml", broken)
    assert {(p.row, p.column) for p in caught.value.problems} == {(4, "evidence")}
    # With evidence fixed, the vocabulary problem is reported by the shared validation.
    with pytest.raises(LoadError) as caught:
        load_bytes("mini.graphml", data.replace(b">voluntary<", b">martian<"))
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "Sector")]


def test_graphml_edges_sharing_an_id_between_the_same_nodes_are_refused():
    data = b"""<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">
<node id="a"/><node id="b"/><edge id="x" source="a" target="b"/><edge id="x" source="a" target="b"/>
</graph></graphml>"""
    with pytest.raises(LoadError, match="share an id"):
        load_bytes("dup.graphml", data)
