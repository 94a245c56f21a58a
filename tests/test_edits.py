"""Workshop edits on the typed model (explorer/data/edits.py): each returns a new map, the old one untouched."""

from __future__ import annotations

import pytest

from explorer.data.edits import Edit, EditError, apply
from explorer.data.readers.loader import load_folder, load_json
from explorer.data.serialise import to_json
from explorer.data.vocab import Basis, Layer, Sector, Status
from tests.conftest import REPO


@pytest.fixture(scope="module")
def north():
    return load_folder(REPO / "data" / "north")


def roundtrip(dataset):
    """What the store would read back: the edit must survive the loader's checks."""
    return load_json(to_json(dataset).encode(), "edited", {})


def test_add_an_element_and_a_link_to_it(north):
    added, summary = apply(
        north,
        Edit(
            "add-element",
            values={"label": "Refuge nurse", "sector": "nhs", "layers": ["C"], "basis": "reported"},
        ),
    )
    assert summary == "Added Refuge nurse" and len(added.elements) == len(north.elements) + 1
    nurse = added.get("refuge_nurse")
    assert nurse.sector is Sector.NHS and nurse.layers == (Layer.C,) and nurse.basis is Basis.REPORTED
    target = north.elements[0].id
    linked, summary = apply(
        added, Edit("add-connection", values={"source": "refuge_nurse", "target": target, "status": "gap"})
    )
    new = [c for c in linked.connections if c.source == "refuge_nurse"]
    assert len(new) == 1 and new[0].status is Status.GAP and summary.startswith("Added link Refuge nurse →")
    assert roundtrip(linked).get(new[0].id).status is Status.GAP
    assert north.get("refuge_nurse") is None  # the original is a value: never changed


def test_set_fields_of_an_element_and_a_connection(north):
    element, connection = north.elements[0], north.connections[0]
    edited, summary = apply(north, Edit("set", element.id, {"label": "Renamed", "sector": "other"}))
    assert edited.get(element.id).label == "Renamed" and edited.get(element.id).sector is Sector.OTHER
    assert "label to Renamed" in summary
    edited, _ = apply(north, Edit("set", connection.id, {"status": "conflict", "basis": "inferred"}))
    changed = edited.get(connection.id)
    assert (changed.status, changed.basis) == (Status.CONFLICT, Basis.INFERRED)
    assert roundtrip(edited).get(connection.id).status is Status.CONFLICT


def test_remove_an_element_takes_its_links_and_tension_sides(north):
    held = {h for t in north.tensions for s in t.sides for h in s.holders}
    victim = next(e for e in north.elements if e.id in held)
    links = [c for c in north.connections if victim.id in (c.source, c.target)]
    edited, summary = apply(north, Edit("remove", victim.id))
    assert edited.get(victim.id) is None and all(edited.get(c.id) is None for c in links)
    assert victim.id not in {h for t in edited.tensions for s in t.sides for h in s.holders}
    assert summary.startswith(f"Removed {victim.label}")
    roundtrip(edited)


def test_cite_a_workshop_note_as_evidence(north):
    item = north.connections[0]
    edited, summary = apply(
        north,
        Edit("cite", item.id, {"group": "Survivors' group", "date_text": "2025-03-14", "text": "True."}),
    )
    evidence = edited.get(item.id).evidence[-1]
    assert (evidence.source, evidence.section, evidence.participant, evidence.quote) == (
        "workshop",
        "2025-03-14",
        "Survivors' group",
        "True.",
    )
    assert evidence.citation() == "workshop note, 2025-03-14 · Survivors' group"
    assert roundtrip(edited).get(item.id).evidence[-1] == evidence
    assert "Survivors' group" in summary


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (Edit("add-element", values={"label": "  "}), "name"),
        (Edit("add-element", values={"label": "X", "sector": "moon"}), "sector must be one of"),
        (Edit("add-element", values={"label": "X", "layers": []}), "at least one layer"),
        (Edit("add-connection", values={"source": "nowhere", "target": "x"}), "no service or group"),
        (Edit("set", "", {"label": "X"}), "Choose a service"),
        (Edit("set", "__first__", {"colour": "red"}), "Cannot change colour"),
        (Edit("set", "__first__", {}), "Nothing changed"),
        (Edit("cite", "__first__", {"group": "G", "date_text": "14/03/2025", "text": "t"}), "date must be"),
        (Edit("cite", "__first__", {"group": "", "date_text": "2025-03-14", "text": "t"}), "which group"),
        (Edit("explode"), "Unknown edit"),
    ],
)
def test_a_bad_edit_is_refused_with_a_reason(north, edit, message):
    if edit.target == "__first__":
        edit = Edit(edit.op, north.elements[0].id, edit.values)
    with pytest.raises(EditError, match=message):
        apply(north, edit)


def test_a_duplicate_link_or_label_is_refused(north):
    c = north.connections[0]
    with pytest.raises(EditError, match="already on the map"):
        apply(
            north,
            Edit(
                "add-connection",
                values={"source": c.source, "target": c.target, "layer": c.layer, "kind": c.kind},
            ),
        )
    with pytest.raises(EditError, match="already has"):
        apply(north, Edit("add-element", values={"label": north.elements[1].label.upper()}))
