"""The import preview's wording and mapping, as pure functions: counts, what became what, defaults, warnings."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from explorer.data.problems import LoadError
from explorer.data.readers.loader import load_folder
from explorer.data.readers.uploads import parse_upload_report
from explorer.data.serialise import dataset_dict
from explorer.view.import_preview import NO_TYPE, build_preview, mapping_from_choices

FIXTURES = Path(__file__).parent / "fixtures" / "foreign"
KUMU = {
    "elements": [
        {"label": "Ana", "type": "Interviewee", "Website": "a.example"},
        {"label": "Youth board", "type": "Board"},
        {"label": "Bo", "type": "Interviewee"},
    ],
    "connections": [
        {"from": "Ana", "to": "Youth board", "type": "++"},
        {"from": "Bo", "to": "Ana"},
    ],
}


def url(data: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(data).decode()


def preview_of(name: str, data: bytes, mapping=None):
    dataset, report = parse_upload_report([name], [url(data)], mapping)
    return dataset, build_preview(dataset, report, name)


def test_a_kumu_file_previews_its_counts_mapping_defaults_and_fields():
    _, p = preview_of("area.json", json.dumps(KUMU).encode())
    assert (p.elements, p.connections, p.counts) == (3, 2, "3 elements, 2 connections")
    rows = {(r.kind, r.shown): r for r in p.rows}
    assert (rows["element", "Interviewee"].count, rows["element", "Interviewee"].target) == (2, "service")
    assert not rows["element", "Interviewee"].guessed
    assert (rows["element", "Board"].target, rows["element", "Board"].guessed) == ("strategic_group", True)
    assert rows["connection", "++"].target == "shapes"
    assert rows["connection", NO_TYPE].source == "" and not rows["connection", NO_TYPE].guessed
    assert ("population_group", "Population group") in rows["element", "Interviewee"].options
    # Each default is said once, as a default, not again among the warnings.
    assert len(p.defaults) == 2 and any("“Interviewee”" in d and "“Service”" in d for d in p.defaults)
    assert not any("the default" in w for w in p.warnings)
    assert any("Website" in s for s in p.sentences)


def test_a_users_choice_replaces_the_default_and_changes_the_map():
    mapping = mapping_from_choices(
        [
            ({"kind": "element", "source": "Interviewee", "start": "service"}, "population_group"),
            ({"kind": "element", "source": "Board", "start": "strategic_group"}, "strategic_group"),
            ({"kind": "x"}, "body"),
        ]
    )
    assert mapping == {"element": {"Interviewee": "population_group"}, "connection": {}}
    dataset, p = preview_of("area.json", json.dumps(KUMU).encode(), mapping)
    assert {e.label: e.type.value for e in dataset.elements}["Ana"] == "population_group"
    assert [d for d in p.defaults if "Interviewee" in d] == []
    assert len(p.defaults) == 1  # the untyped connection still uses its default


def test_forged_choices_outside_our_vocabulary_are_ignored():
    assert mapping_from_choices([({"kind": "connection", "source": "++"}, "excludes")]) == {
        "element": {},
        "connection": {},
    }
    assert mapping_from_choices([(None, None)]) == {"element": {}, "connection": {}}


def test_a_file_with_positions_and_warnings_says_so():
    _, p = preview_of("kumu-blueprint.json", (FIXTURES / "kumu-blueprint.json").read_bytes())
    assert any("labelled 'School nurse'" in w for w in p.warnings)
    _, gexf = preview_of("g.gexf", (FIXTURES / "gephi-1.3.gexf").read_bytes())
    assert gexf.positions == 2 and any("2 positions" in s for s in gexf.sentences)
    assert gexf.format.startswith("GEXF")


def test_our_own_format_has_nothing_to_map(mini):
    ours = load_folder(mini)
    _, p = preview_of("ours.json", json.dumps(dataset_dict(ours)).encode())
    assert p.rows == () and "nothing to map" in p.sentences[0]
    assert (p.elements, p.connections) == (len(ours.elements), len(ours.connections)) != (0, 0)


def test_a_damaged_file_still_raises_before_any_preview():
    with pytest.raises(LoadError):
        preview_of("area.json", b"{not json")
