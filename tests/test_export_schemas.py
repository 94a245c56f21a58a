"""GraphML and GEXF exports validate against their published XSDs; direction is kept per link.

The published schemas are committed under tests/fixtures/foreign/xsd/ (their sources are in
tests/fixtures/foreign/SOURCES.md); a missing one fails the test.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from defusedxml.ElementTree import fromstring

from explorer.data.catalog import load_catalog
from explorer.data.readers.loader import load_bytes
from explorer.data.vocab import Direction
from explorer.data.writers import export_bytes
from tests.test_foreign_real import REPO

XSD = REPO / "tests" / "fixtures" / "foreign" / "xsd"
SCHEMAS = {"gexf": "gexf-1.2draft/gexf.xsd", "graphml": "graphml-1.0/graphml.xsd"}


def _mixed():
    """The north map with one undirected and one mutual link, so both must survive export."""
    north = load_catalog().datasets["north"]
    links = list(north.connections)
    links[0] = replace(links[0], direction=Direction.UNDIRECTED)
    links[1] = replace(links[1], direction=Direction.MUTUAL)
    return replace(north, connections=tuple(links))


@pytest.mark.parametrize("fmt", sorted(SCHEMAS))
def test_export_validates_against_its_xsd(fmt):
    from lxml import etree

    path = XSD / SCHEMAS[fmt]
    assert path.is_file(), f"{path} is missing; it is committed (tests/fixtures/foreign/SOURCES.md)"
    schema = etree.XMLSchema(etree.parse(str(path)))
    _, data = export_bytes(_mixed(), fmt)
    assert schema.validate(etree.fromstring(data)), [str(e) for e in schema.error_log][:5]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def test_gexf_has_no_graph_name_and_types_each_edge():
    dataset = _mixed()
    _, data = export_bytes(dataset, "gexf")
    root = fromstring(data)
    graph = next(c for c in root if _local(c.tag) == "graph")
    assert "name" not in graph.attrib
    types = {e.get("id"): e.get("type") for e in graph.iter() if _local(e.tag) == "edge"}
    first, second, third = (c.id for c in dataset.connections[:3])
    assert (types[first], types[second], types[third]) == ("undirected", "mutual", None)
    again = load_bytes("north.gexf", data)
    assert [c.direction for c in again.connections[:3]] == [c.direction for c in dataset.connections[:3]]


def test_graphml_marks_undirected_edges_and_keeps_mutual():
    dataset = _mixed()
    _, data = export_bytes(dataset, "graphml")
    flags = {e.get("id"): e.get("directed") for e in fromstring(data).iter() if _local(e.tag) == "edge"}
    assert flags[dataset.connections[0].id] == "false" and flags[dataset.connections[1].id] is None
    again = load_bytes("north.graphml", data)
    assert [c.direction for c in again.connections[:2]] == [Direction.UNDIRECTED, Direction.MUTUAL]


def test_kumu_round_trip_keeps_name_area_and_note():
    north = replace(load_catalog().datasets["north"], note="A note for the workshop")
    name, data = export_bytes(north, "kumu-json")
    again = load_bytes(name, data)
    assert (again.name, again.area, again.note) == (north.name, north.area, north.note)


def _with_attributes():
    """A yEd sample (edge labels, colours) plus names the formats take for something else."""
    path = (
        REPO / "tests" / "fixtures" / "foreign" / "real" / "graphml" / "yed-ldbc-schema-many-to-many.graphml"
    )
    dataset = load_bytes(path.name, path.read_bytes())
    elements = list(dataset.elements)
    extra = (("Web site", "https://a.example/?q=1&r=<2>"), ("x", "12"), ("label", "other"), ("weight", "3"))
    elements[0] = replace(elements[0], attributes=tuple(sorted((*elements[0].attributes, *extra))))
    links = list(dataset.connections)
    links[0] = replace(
        links[0], attributes=tuple(sorted((*links[0].attributes, ("type", "t"), ("Since", "2020"))))
    )
    return replace(dataset, elements=tuple(elements), connections=tuple(links))


@pytest.mark.parametrize("fmt", sorted(SCHEMAS))
def test_attributes_are_written_back_valid_and_read_back(fmt):
    from lxml import etree

    dataset = _with_attributes()
    assert any(c.attributes for c in dataset.connections[1:])  # the yEd edge labels themselves
    name, data = export_bytes(dataset, fmt)
    schema = etree.XMLSchema(etree.parse(str(XSD / SCHEMAS[fmt])))
    assert schema.validate(etree.fromstring(data)), [str(e) for e in schema.error_log][:5]
    again = load_bytes(name, data)
    assert {e.id: e.attributes for e in again.elements} == {e.id: e.attributes for e in dataset.elements}
    assert {c.id: c.attributes for c in again.connections} == {
        c.id: c.attributes for c in dataset.connections
    }
