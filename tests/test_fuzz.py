"""Fuzzing the loaders: whatever bytes arrive, the result is a whole Dataset or a LoadError, nothing else.

Hypothesis makes folder datasets (dataset.json and the three CSV files, from nearly valid to random
bytes), XLSX workbooks (random sheets and cell types, and corrupt zips), JSON (Kumu blueprints and our
normalised export, with random value types) and GraphML-ish XML, and hands each to
`explorer.data.readers.loader.load_folder` / `load_bytes`. The properties:

* the call returns a `Dataset` or raises `LoadError`; any other exception fails the test;
* a LoadError carries at least one Problem, and each prints as `path:row:column: message` on one line,
  with the path naming the file (or upload) it was given, a row of 1 or more (or none), and a message;
* a Dataset is never partial: every element and connection row given is there, ids are unique and every
  connection's ends are elements of the dataset.

A few hundred examples run in the normal suite; `FUZZ_LONG=1` runs thousands (the `fuzz-long` profile).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from explorer.data.model import Connection, Dataset, Element
from explorer.data.problems import LoadError, Problem
from explorer.data.readers.loader import load_bytes, load_folder
from explorer.data.validate import CONNECTION_COLUMNS, ELEMENT_COLUMNS, EVIDENCE_COLUMNS
from explorer.data.vocab import Direction, ElementType, Kind, Layer, Provenance, Sector, Status

LONG = os.environ.get("FUZZ_LONG", "") not in ("", "0")
settings.register_profile(
    "fuzz-normal",
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.register_profile("fuzz-long", parent=settings.get_profile("fuzz-normal"), max_examples=2000)
PROFILE = settings.get_profile("fuzz-long" if LONG else "fuzz-normal")


def fuzz(examples: int):
    """Settings for one test: `examples` in the normal suite, the long profile's count under FUZZ_LONG."""
    return settings(PROFILE, max_examples=PROFILE.max_examples if LONG else examples)


# -------------------------------------------------------------------------------------------------
# The property


def check_problem(problem: Problem, source: str) -> None:
    assert isinstance(problem, Problem)
    row = "" if problem.row is None else str(problem.row)
    text = str(problem)
    raw = f"{problem.path}:{row}:{problem.column or ''}: {problem.message}"
    assert text == raw.replace("\r", "\\r").replace("\n", "\\n")  # one line, line breaks escaped
    assert "\n" not in text and "\r" not in text
    assert problem.path.startswith(source), (problem.path, source)
    assert problem.row is None or (isinstance(problem.row, int) and problem.row >= 1), text
    assert problem.message.strip(), text


def check_whole(dataset: Dataset, elements: int | None, connections: int | None) -> None:
    """A returned dataset is whole: every row given is there, ids unique, ends resolved, values typed."""
    assert isinstance(dataset, Dataset)
    if elements is not None:
        assert len(dataset.elements) == elements
    if connections is not None:
        assert len(dataset.connections) == connections
    ids = [e.id for e in dataset.elements] + [c.id for c in dataset.connections]
    assert len(ids) == len(set(ids))
    element_ids = {e.id for e in dataset.elements}
    for e in dataset.elements:
        assert isinstance(e, Element) and e.label
        assert isinstance(e.type, ElementType) and isinstance(e.sector, Sector)
        assert e.layers and all(isinstance(layer, Layer) for layer in e.layers)
    for c in dataset.connections:
        assert isinstance(c, Connection)
        assert c.source in element_ids and c.target in element_ids
        assert isinstance(c.kind, Kind) and isinstance(c.status, Status)
        assert isinstance(c.layer, Layer) and isinstance(c.direction, Direction)
    assert isinstance(dataset.provenance, Provenance)


def _event(text: str) -> None:
    """Count outcomes (see --hypothesis-show-statistics); a no-op outside Hypothesis."""
    if currently_in_test_context():
        event(text)


def outcome(load, source: str, elements: int | None = None, connections: int | None = None):
    """Run load(); return the Dataset or the LoadError, having checked the property either way."""
    try:
        dataset = load()
    except LoadError as exc:
        assert exc.problems, "a LoadError must name at least one problem"
        for problem in exc.problems:
            check_problem(problem, source)
        _event(f"LoadError: {exc.problems[0].message.split(':')[0][:40]}")
        return exc
    check_whole(dataset, elements, connections)
    _event("Dataset")
    return dataset


# -------------------------------------------------------------------------------------------------
# Cells and tables

IDS = [f"e{i}" for i in range(6)]
TRICKY = [
    "",
    " ",
    '"',
    '""',
    "a,b",
    "line\nbreak",
    "cr\rhere",
    "|",
    "a||b",
    "=1+1",
    "'=cmd",
    "+SUM(A1)",
    "\ufeff",
    "\x00",
    "<img src=x onerror=alert(1)>",
    "é ü 中文 🚀",
    "x" * 300,
    "NaN",
    "1e309",
    "-0",
    "A|B|Z",
    "by and for",
    "'by-and-for'",
]
VOCAB = [m.value for enum in (ElementType, Sector, Layer, Kind, Status, Direction) for m in enum]
cells = st.one_of(
    st.sampled_from(TRICKY),
    st.sampled_from(VOCAB),
    st.sampled_from(IDS),
    st.text(max_size=20),
    st.integers(-5, 5).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
COLUMN_NAMES = [*ELEMENT_COLUMNS, *CONNECTION_COLUMNS, *EVIDENCE_COLUMNS, "", "Label ", "LABEL", "x", "Notes"]


def _valid_tables(n: int) -> dict[str, list[list[str]]]:
    """A small valid imported map: n elements in a ring of referrals, one evidence row each."""
    elements = [list(ELEMENT_COLUMNS)]
    for i in range(n):
        elements.append([f"Service {i}", "service", "", "", IDS[i], "nhs", "C"])
    connections = [list(CONNECTION_COLUMNS)]
    for i in range(n):
        j = (i + 1) % n
        connections.append([IDS[i], IDS[j], "refers", "", "", f"c{i}", "C", "present", "", "", "", ""])
    evidence = [list(EVIDENCE_COLUMNS)] + [[IDS[i], "4.4.1", "", "", "", ""] for i in range(n)]
    return {"elements.csv": elements, "connections.csv": connections, "evidence.csv": evidence}


@st.composite
def mutated_table(draw, rows: list[list[str]]) -> list[list[str]]:
    """A valid table with a few random edits: cells, columns, rows and row lengths."""
    table = [list(r) for r in rows]
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 2, 4]))):
        edit = draw(
            st.sampled_from(
                [
                    "cell",
                    "cell",
                    "cell",
                    "drop-col",
                    "add-col",
                    "rename",
                    "dup-row",
                    "blank-row",
                    "short-row",
                    "long-row",
                    "drop-row",
                ]
            )
        )
        width = len(table[0]) if table and table[0] else 0
        if edit == "cell" and len(table) > 1 and width:
            r, c = draw(st.integers(1, len(table) - 1)), draw(st.integers(0, width - 1))
            if c < len(table[r]):
                table[r][c] = draw(cells)
        elif edit == "drop-col" and width > 1:
            c = draw(st.integers(0, width - 1))
            table = [row[:c] + row[c + 1 :] for row in table]
        elif edit == "add-col":
            table = [
                [*row, draw(st.sampled_from(COLUMN_NAMES)) if i == 0 else draw(cells)]
                for i, row in enumerate(table)
            ]
        elif edit == "rename" and width:
            table[0][draw(st.integers(0, width - 1))] = draw(st.sampled_from(COLUMN_NAMES))
        elif edit == "dup-row" and len(table) > 1:
            table.append(list(table[draw(st.integers(1, len(table) - 1))]))
        elif edit == "blank-row":
            table.insert(draw(st.integers(1, len(table))), [""] * width)
        elif edit == "short-row" and len(table) > 1:
            r = draw(st.integers(1, len(table) - 1))
            table[r] = table[r][: draw(st.integers(0, max(width - 1, 0)))]
        elif edit == "long-row" and len(table) > 1:
            table[draw(st.integers(1, len(table) - 1))].append(draw(cells))
        elif edit == "drop-row" and len(table) > 1:
            table.pop(draw(st.integers(1, len(table) - 1)))
    return table


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue()


def data_rows(text: str) -> int | None:
    """Rows after the header with any non-blank cell, as the loader counts them; None if not plain CSV."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return None
    return sum(1 for r in rows[1:] if any(c.strip() for c in r))


@st.composite
def file_bytes(draw, rows: list[list[str]]) -> bytes | None:
    """One CSV file: missing (None), a mutated valid table, with broken quoting, cut short, or noise."""
    kind = draw(st.sampled_from(["table", "table", "table", "broken", "cut", "noise", "missing", "empty"]))
    if kind == "missing":
        return None
    if kind == "empty":
        return b""
    if kind == "noise":
        return draw(st.binary(max_size=300))
    text = csv_text(draw(mutated_table(rows)))
    if kind == "broken" and text:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(['"', '"x"y', "\x00", "\r", '""",'])) + text[at:]
    if kind == "cut" and text:
        text = text[: draw(st.integers(0, len(text)))]
    data = text.encode(
        draw(st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "utf-16", "latin-1"])), errors="replace"
    )
    if draw(st.booleans()) and draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data  # a BOM, sometimes twice
    return data


@st.composite
def meta_bytes(draw, folder: str) -> bytes | None:
    choice = draw(st.sampled_from(["valid"] * 10 + ["study", "wrong-id", "junk", "noise", "missing"]))
    meta = {"id": folder, "name": "Fuzz", "area": "Nowhere", "provenance": "imported"}
    if choice == "study":
        meta["provenance"] = "study"  # needs evidence for every item
    elif choice == "wrong-id":
        meta["id"] = draw(st.sampled_from(["other", "Bad Id", "", "x" * 200]))
    elif choice == "junk":
        return json.dumps(draw(json_values)).encode()
    elif choice == "noise":
        return draw(st.binary(max_size=100))
    elif choice == "missing":
        return None
    if draw(st.integers(0, 4)) == 4:
        meta[draw(st.sampled_from(["note", "source", "extra", "based_on"]))] = draw(json_values)
    return json.dumps(meta).encode()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | st.sampled_from(TRICKY),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


# -------------------------------------------------------------------------------------------------
# Folder datasets (CSV)


@fuzz(200)
@given(data=st.data(), n=st.integers(1, 5))
def test_folder_of_csv_loads_whole_or_names_its_problems(data, n):
    tables = _valid_tables(n)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "fuzz"
        folder.mkdir()
        meta = data.draw(meta_bytes("fuzz"))
        if meta is not None:
            (folder / "dataset.json").write_bytes(meta)
        written: dict[str, bytes | None] = {}
        damaged = data.draw(st.sets(st.sampled_from(sorted(tables)), max_size=3), label="damaged")
        for name, rows in tables.items():
            if name in damaged:
                written[name] = data.draw(file_bytes(rows), label=name)
            else:
                written[name] = data.draw(mutated_table(rows).map(csv_text), label=name).encode()
            if written[name] is not None:
                (folder / name).write_bytes(written[name])
        counts = {}
        for name in ("elements.csv", "connections.csv"):
            raw = written[name]
            try:
                counts[name] = data_rows(raw.decode("utf-8-sig")) if raw is not None else None
            except UnicodeDecodeError:
                counts[name] = None
        result = outcome(
            lambda: load_folder(folder), str(folder), counts["elements.csv"], counts["connections.csv"]
        )
    if all(v is not None for v in written.values()) and meta is not None and isinstance(result, Dataset):
        assert result.id == "fuzz"


@fuzz(10)
@given(n=st.integers(1, 5))
def test_an_unchanged_folder_loads(n):
    """The generator's starting point is valid, so the fuzzing above explores near a real dataset."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "fuzz"
        folder.mkdir()
        meta = {"id": "fuzz", "name": "Fuzz", "area": "Nowhere", "provenance": "imported"}
        (folder / "dataset.json").write_text(json.dumps(meta))
        for name, rows in _valid_tables(n).items():
            (folder / name).write_text(csv_text(rows))
        dataset = outcome(lambda: load_folder(folder), str(folder), n, n)
    assert isinstance(dataset, Dataset)


# -------------------------------------------------------------------------------------------------
# XLSX

xlsx_cells = st.one_of(
    cells,
    st.none(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(),
    st.sampled_from(["=1+1", "=A1", "=SUM(1,2)"]),
)
SHEET_NAMES = ["Dataset", "Elements", "Connections", "Evidence", "elements", "CONNECTIONS", "Sheet", "Notes"]


@st.composite
def workbook_bytes(draw) -> tuple[bytes, int | None, int | None]:
    """An XLSX: the valid map's sheets with edits and random cells, or random sheets; counts if known."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    n = draw(st.integers(1, 4))
    tables = _valid_tables(n)
    sheets = {
        "Dataset": [
            ["Key", "Value"],
            ["id", "fuzz-x"],
            ["name", "Fuzz"],
            ["area", "Nowhere"],
            ["provenance", "imported"],
        ],
        "Elements": tables["elements.csv"],
        "Connections": tables["connections.csv"],
    }
    counts: dict[str, int | None] = {}
    for name, rows in sheets.items():
        if draw(st.integers(0, 19)) == 19:
            continue  # a sheet missing
        rows = draw(mutated_table(rows))
        sheet_name = name if draw(st.integers(0, 9)) < 9 else draw(st.sampled_from(SHEET_NAMES))
        if sheet_name in workbook.sheetnames:
            continue
        ws = workbook.create_sheet(sheet_name)
        typed = draw(st.integers(0, 3)) == 3
        for r, row in enumerate(rows):
            if typed and r > 0:
                row = [draw(xlsx_cells) if draw(st.integers(0, 5)) == 5 else c for c in row]
            ws.append([_excel_safe(c) for c in row])
        # Rows under another sheet's name (openpyxl also renames "elements" to "elements1" beside
        # "Elements") are not that table: a workbook without a Connections sheet is a map without links.
        known = not typed and ws.title == name
        counts[name] = sum(1 for row in rows[1:] if any(str(c).strip() for c in row)) if known else None
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):
        name = draw(st.sampled_from(SHEET_NAMES))
        if name not in workbook.sheetnames:
            ws = workbook.create_sheet(name)
            for _ in range(draw(st.integers(0, 4))):
                ws.append([_excel_safe(draw(xlsx_cells)) for _ in range(draw(st.integers(0, 5)))])
    if not workbook.sheetnames:
        workbook.create_sheet("Empty")
    out = io.BytesIO()
    workbook.save(out)
    return reproducible(out.getvalue()), counts.get("Elements"), counts.get("Connections")


FIXED_TIME = "2020-01-01T00:00:00Z"


def reproducible(xlsx: bytes) -> bytes:
    """The same workbook bytes for the same draws: openpyxl stamps the time into docProps/core.xml and
    zipfile into every member, and Hypothesis needs a test case to be the same when it runs it again."""
    import re

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", FIXED_TIME.encode(), data)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


def _excel_safe(value):
    """openpyxl refuses control characters in strings; such a file cannot be written, so skip them."""
    if isinstance(value, str):
        # U+FFFE/U+FFFF are left out too: openpyxl writes them, then cannot read its own file back, which
        # crashes the loader (test_a_noncharacter_in_a_workbook_is_a_load_error_not_a_crash below).
        return "".join(ch for ch in value if (ch in "\t\n\r" or ord(ch) >= 32) and ch not in "\ufffe\uffff")
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


@fuzz(80)
@given(book=workbook_bytes())
def test_xlsx_loads_whole_or_names_its_problems(book):
    data, elements, connections = book
    outcome(lambda: load_bytes("fuzz.xlsx", data), "fuzz.xlsx", elements, connections)


@st.composite
def corrupt_zip(draw) -> bytes:
    kind = draw(st.sampled_from(["noise", "cut", "flip", "members", "empty-zip"]))
    if kind == "noise":
        return draw(st.binary(max_size=400))
    if kind in ("members", "empty-zip"):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            if kind == "members":
                for _ in range(draw(st.integers(1, 4))):
                    name = draw(
                        st.sampled_from(
                            [
                                "[Content_Types].xml",
                                "xl/workbook.xml",
                                "xl/worksheets/sheet1.xml",
                                "_rels/.rels",
                                "junk.bin",
                            ]
                        )
                    )
                    archive.writestr(name, draw(st.binary(max_size=200)))
        return out.getvalue()
    data, _, _ = draw(workbook_bytes())
    if kind == "cut":
        return data[: draw(st.integers(0, len(data) - 1))]
    at = draw(st.integers(0, len(data) - 1))
    return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]


@fuzz(60)
@given(data=corrupt_zip())
def test_corrupt_xlsx_is_a_load_error_never_a_crash(data):
    outcome(lambda: load_bytes("broken.xlsx", data), "broken.xlsx")


# -------------------------------------------------------------------------------------------------
# JSON: Kumu blueprints and our normalised export


@st.composite
def json_document(draw) -> tuple[bytes, int | None, int | None]:
    n = draw(st.integers(0, 4))
    kumu = draw(st.booleans())
    elements, connections = [], []
    for i in range(n):
        item = {"label": f"Service {i}", "type": "service", "id": IDS[i]}
        if kumu:
            item = {"_id": f"k{i}", "attributes": {"label": f"Service {i}", "element type": "Service"}}
        elements.append(item)
    for i in range(n):
        j = (i + 1) % n
        if kumu:
            connections.append({"from": f"k{i}", "to": f"k{j}", "attributes": {"connection type": "refers"}})
        else:
            connections.append({"from": IDS[i], "to": IDS[j], "type": "refers", "id": f"c{i}"})
    doc: object = {"elements": elements, "connections": connections}
    if not kumu and draw(st.booleans()):
        doc["dataset"] = {"id": "fuzz-json", "name": "Fuzz", "area": "Nowhere", "provenance": "imported"}
    edited = False
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2, 4]))):
        edited = True
        where = draw(st.sampled_from(["element", "connection", "attributes", "top", "dataset", "evidence"]))
        key = draw(
            st.sampled_from(
                [
                    "label",
                    "type",
                    "id",
                    "from",
                    "to",
                    "layer",
                    "status",
                    "sector",
                    "layers",
                    "tags",
                    "_id",
                    "strength",
                    "element type",
                    "x",
                ]
            )
        )
        value = draw(json_values)
        if where == "element" and elements:
            elements[draw(st.integers(0, len(elements) - 1))][key] = value
        elif where == "connection" and connections:
            connections[draw(st.integers(0, len(connections) - 1))][key] = value
        elif where == "attributes" and elements:
            elements[draw(st.integers(0, len(elements) - 1))]["attributes"] = value
        elif where == "top":
            doc[draw(st.sampled_from(["elements", "connections", "dataset", "extra"]))] = value
        elif where == "dataset" and "dataset" in doc and isinstance(doc["dataset"], dict):
            doc["dataset"][draw(st.sampled_from(["id", "name", "provenance", "note", "x"]))] = value
        elif where == "evidence" and elements:
            elements[0]["evidence"] = value
    if draw(st.integers(0, 9)) == 9:
        doc = draw(json_values)
        edited = True
    text = json.dumps(doc)
    kind = draw(st.sampled_from(["plain"] * 6 + ["cut", "bom", "noise", "deep"]))
    if kind == "cut":
        text = text[: draw(st.integers(0, len(text)))]
        edited = True
    elif kind == "deep":
        text = "[" * draw(st.integers(500, 100_000))
        edited = True
    data = text.encode()
    if kind == "bom":
        data = b"\xef\xbb\xbf" + data
    elif kind == "noise":
        data = draw(st.binary(max_size=200))
        edited = True
    count = None if edited else n
    return data, count, count


@fuzz(200)
@given(doc=json_document())
def test_json_loads_whole_or_names_its_problems(doc):
    data, elements, connections = doc
    outcome(lambda: load_bytes("fuzz.json", data), "fuzz.json", elements, connections)


# -------------------------------------------------------------------------------------------------
# GraphML and other XML

GRAPHML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
)
KEY_NAMES = [
    "label",
    "type",
    "sector",
    "layers",
    "kind",
    "status",
    "layer",
    "evidence",
    "weight",
    "name",
    "x",
]
KEY_TYPES = ["string", "int", "double", "boolean", "long", "float", "nonsense"]
xml_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=15
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@st.composite
def graphml_bytes(draw) -> tuple[bytes, int | None]:
    kind = draw(st.sampled_from(["graph", "graph", "graph", "graph", "cut", "dtd", "noise", "other-xml"]))
    if kind == "noise":
        return draw(st.binary(max_size=300)), None
    if kind == "dtd":
        return (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
            b"<graphml><graph>&lol2;</graph></graphml>"
        ), None
    if kind == "other-xml":
        return draw(
            st.sampled_from(
                [
                    b"<foo/>",
                    b"<graphml/>",
                    b"<graphml><graph/></graphml>",
                    b"<?xml version='1.0'?><a><b>text</b></a>",
                    b"",
                    b"<",
                ]
            )
        ), None
    keys = []
    for n, name in enumerate(draw(st.lists(st.sampled_from(KEY_NAMES), max_size=6, unique=True))):
        target = draw(st.sampled_from(["node", "edge", "all", "graph"]))
        keys.append((f"d{n}", name, target, draw(st.sampled_from(KEY_TYPES))))
    nodes = draw(st.lists(st.sampled_from([*IDS, "n 1", "Ü", "", "e0"]), max_size=6))
    parts = [GRAPHML_HEAD]
    for key_id, name, target, kind_ in keys:
        parts.append(f'<key id="{key_id}" for="{target}" attr.name="{name}" attr.type="{kind_}"/>')
    directed = draw(st.sampled_from(["directed", "undirected", "sideways"]))
    parts.append(f'<graph id="G" edgedefault="{directed}">')
    for node in nodes:
        data = "".join(
            f'<data key="{key_id}">{_escape(draw(xml_text | st.sampled_from(VOCAB)))}</data>'
            for key_id, _, target, _ in keys
            if target in ("node", "all") and draw(st.booleans())
        )
        parts.append(f'<node id="{_escape(node)}">{data}</node>')
    for e in range(draw(st.integers(0, 6))):
        source = draw(st.sampled_from([*nodes, "ghost"]))
        target = draw(st.sampled_from([*nodes, "ghost"]))
        edge_id = draw(st.sampled_from([f"x{e}", "x0", "", "e0"]))
        id_attr = f' id="{edge_id}"' if edge_id else ""
        data = "".join(
            f'<data key="{key_id}">{_escape(draw(xml_text | st.sampled_from(VOCAB)))}</data>'
            for key_id, _, target_, _ in keys
            if target_ in ("edge", "all") and draw(st.booleans())
        )
        parts.append(f'<edge{id_attr} source="{_escape(source)}" target="{_escape(target)}">{data}</edge>')
    parts.append("</graph></graphml>")
    data = "".join(parts).encode()
    if kind == "cut":
        return data[: draw(st.integers(0, len(data)))], None
    return data, None


@fuzz(150)
@given(doc=graphml_bytes(), suffix=st.sampled_from([".graphml", ".xml"]))
def test_graphml_loads_whole_or_names_its_problems(doc, suffix):
    data, elements = doc
    outcome(lambda: load_bytes("fuzz" + suffix, data), "fuzz" + suffix, elements)


# -------------------------------------------------------------------------------------------------
# Any bytes under any name


@fuzz(100)
@given(
    data=st.binary(max_size=400),
    suffix=st.sampled_from([".json", ".xlsx", ".graphml", ".xml", ".csv", ".txt", "", ".JSON"]),
)
def test_any_bytes_under_any_name(data, suffix):
    outcome(lambda: load_bytes("upload" + suffix, data), "upload" + suffix)


def test_the_long_profile_is_selected_by_the_environment():
    assert PROFILE.max_examples == (2000 if LONG else settings.get_profile("fuzz-normal").max_examples)


@pytest.mark.parametrize(
    "payload",
    [
        b"\xef\xbb\xbf" * 3 + b"Label,Type\nA,service\n",
        b'Label,Type\n"unterminated,service\n',
        b"Label,Type\nA,service\x00\n",
        b"Label,Type\n" + "é".encode("latin-1") + b",service\n",
    ],
)
def test_known_nasty_element_files(payload):
    """Fixed cases the generators reach only by luck: stacked BOMs, an open quote, NUL, Latin-1."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "fuzz"
        folder.mkdir()
        (folder / "dataset.json").write_text(
            json.dumps({"id": "fuzz", "name": "F", "area": "A", "provenance": "imported"})
        )
        (folder / "elements.csv").write_bytes(payload)
        (folder / "connections.csv").write_text("From,To,Type\n")
        outcome(lambda: load_folder(folder), str(folder))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "upload.json",
            json.dumps(
                {
                    "elements": [{"label": "A", "type": "service", "attributes": {"\n": 1}}],
                    "dataset": {"id": "x", "name": "X", "area": "Y", "provenance": "imported"},
                }
            ).encode(),
        ),
        (
            "upload.json",
            json.dumps(
                {
                    "elements": [{"label": "A", "type": "service", "line\nbreak": 1}],
                    "dataset": {"id": "x", "name": "X", "area": "Y", "provenance": "imported"},
                }
            ).encode(),
        ),
    ],
)
def test_a_problem_prints_on_one_line_whatever_the_column_name(name, data):
    error = outcome(lambda: load_bytes(name, data), name)
    assert isinstance(error, LoadError)
    for problem in error.problems:
        assert "\n" not in str(problem) and "\r" not in str(problem), str(problem)


def test_a_csv_header_with_a_line_break_is_still_a_load_error():
    """The same fault in a CSV header: the loader names it, on one line."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "fuzz"
        folder.mkdir()
        (folder / "dataset.json").write_text(
            json.dumps({"id": "fuzz", "name": "F", "area": "A", "provenance": "imported"})
        )
        (folder / "elements.csv").write_text('Label,Type,"line\nbreak"\nA,service,x\n')
        (folder / "connections.csv").write_text("From,To,Type\n")
        error = outcome(lambda: load_folder(folder), str(folder))
    assert isinstance(error, LoadError)


def test_a_noncharacter_in_a_workbook_is_a_load_error_not_a_crash():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    tables = _valid_tables(2)
    tables["elements.csv"][1][0] = "\ufffe"
    sheets = {
        "Dataset": [["Key", "Value"], ["id", "x"], ["name", "X"], ["area", "Y"], ["provenance", "imported"]],
        "Elements": tables["elements.csv"],
        "Connections": tables["connections.csv"],
    }
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    outcome(lambda: load_bytes("odd.xlsx", out.getvalue()), "odd.xlsx")
