"""Diffing two maps by id: only in a, only in b, the same, and changed with old and new values."""

import json
from dataclasses import replace

from explorer.analysis.diff import diff
from explorer.data.model import Element
from explorer.data.readers.loader import load_folder
from explorer.data.vocab import ElementType, Layer, Sector, Status


def test_a_dataset_diffed_with_itself_is_empty(mini):
    d = load_folder(mini)
    result = diff(d, d)
    assert result.is_empty
    assert result.elements.only_a == result.elements.only_b == result.elements.changed == ()
    assert result.connections.only_a == result.connections.only_b == result.connections.changed == ()
    assert result.elements.same == ("board", "camhs", "da", "kids")
    assert len(result.connections.same) == 4
    # Two separate loads of the same files compare equal too.
    assert diff(d, load_folder(mini)).is_empty


def test_a_changed_status_is_detected(mini):
    a = load_folder(mini)
    b = replace(
        a,
        id="b",
        connections=tuple(
            replace(c, status=Status.ATTENDS) if c.id == "camhs_board" else c for c in a.connections
        ),
    )
    result = diff(a, b)
    [change] = result.connections.changed
    assert change.id == "camhs_board"
    assert change.old("status") is Status.INVITED_NOT_ATTENDING and change.new("status") is Status.ATTENDS
    assert "camhs_board" not in result.connections.same
    assert result.elements.is_empty and not result.is_empty


def test_only_a_and_only_b(mini):
    a = load_folder(mini)
    hubs = Element("hubs", "Family Hubs", ElementType.SERVICE, Sector.LOCAL_AUTHORITY, (Layer.C,))
    b = replace(
        a,
        id="b",
        elements=(*a.elements, hubs),
        connections=tuple(c for c in a.connections if c.id != "wall"),
    )
    result = diff(a, b)
    assert result.elements.only_b == ("hubs",) and result.elements.only_a == ()
    assert result.connections.only_a == ("wall",) and result.connections.only_b == ()
    reverse = diff(b, a)
    assert reverse.elements.only_a == ("hubs",) and reverse.connections.only_b == ("wall",)


def test_element_changes_compare_sector_type_and_layers_not_labels(mini):
    a = load_folder(mini)
    edited = {
        "da": lambda e: replace(e, sector=Sector.BY_AND_FOR),
        "camhs": lambda e: replace(e, layers=tuple(reversed(e.layers))),  # C|B is B|C
        "board": lambda e: replace(e, label="Domestic Abuse Partnership", description="renamed"),
    }
    b = replace(a, id="b", elements=tuple(edited.get(e.id, lambda x: x)(e) for e in a.elements))
    result = diff(a, b)
    assert [c.id for c in result.elements.changed] == ["da"]
    assert result.elements.same == ("board", "camhs", "kids")


def test_as_dict_is_json_with_counts(mini):
    a = load_folder(mini)
    b = replace(
        a,
        id="b",
        elements=tuple(replace(e, layers=(Layer.C,)) if e.id == "board" else e for e in a.elements),
        connections=tuple(replace(c, status=Status.PRESENT) if c.id == "wall" else c for c in a.connections),
    )
    doc = diff(a, b).as_dict()
    assert json.loads(json.dumps(doc)) == doc
    assert (doc["a"], doc["b"]) == ("mini", "b")
    assert doc["connections"]["counts"] == {"only_a": 0, "only_b": 0, "same": 3, "changed": 1}
    assert doc["connections"]["changed"] == [
        {"id": "wall", "changes": {"status": {"old": "gap", "new": "present"}}}
    ]
    assert doc["elements"]["changed"] == [
        {"id": "board", "changes": {"layers": {"old": ["B"], "new": ["C"]}}}
    ]
