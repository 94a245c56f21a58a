"""The shipped datasets: whole, evidenced, honest about their provenance, and comparable."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.data.catalog import DEFAULT_DATA_DIR, load_catalog
from explorer.data.vocab import ElementType, Kind, Layer, Provenance, Status
from tests.conftest import SEEDS

CATALOG = load_catalog()
STUDY = CATALOG.datasets["study"]
PAPER = SEEDS / "001_0539a3ee430361f9.txt"
TALK = SEEDS / "000_2e762fe212fc4ddb.txt"
EVERY = [*CATALOG.datasets.values(), CATALOG.reference]


def seed_text(path: Path) -> str:
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must check every quote against the paper")
        pytest.skip(f"{path} not present (the seeds live beside the checkout)")
    return path.read_text(encoding="utf-8")


def test_validate_lists_the_four_maps(capsys):
    assert main(["validate"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    maps = [line for line in lines if "[reference]" not in line]
    # Study first, then the illustrative areas by name ("Illustrative city…", "…inner-city…", "…rural…").
    assert [line.split(":")[0] for line in maps] == ["study", "west", "london", "north"]
    assert {d.provenance for d in CATALOG.maps()} == {Provenance.STUDY, Provenance.ILLUSTRATIVE}


def test_every_study_and_reference_item_cites_a_section():
    for dataset in (STUDY, CATALOG.reference):
        items = [*dataset.elements, *dataset.connections]
        assert items and all(item.evidence for item in items)
        assert all(
            re.match(r"^\d+(\.\d+)*$", e.section)
            for item in items
            for e in item.evidence
            if e.source == "paper"
        )


@pytest.mark.parametrize("dataset", EVERY, ids=lambda d: d.id)
def test_every_quote_is_verbatim_in_the_seed(dataset):
    texts = {"paper": seed_text(PAPER), "talk": seed_text(TALK)}
    quotes = [
        (item.id, e) for item in (*dataset.elements, *dataset.connections) for e in item.evidence if e.quote
    ]
    assert quotes, "the data carries the paper's quotes"
    missing = [(item_id, e.quote) for item_id, e in quotes if e.quote not in texts[e.source]]
    assert missing == []


def test_quoted_participants_are_attributed():
    quoted = [e for item in (*STUDY.elements, *STUDY.connections) for e in item.evidence if e.quote]
    with_participant = [e for e in quoted if e.participant]
    assert all(re.match(r"^P\d+$", e.participant) for e in with_participant)
    assert all(e.participant_sector for e in with_participant)
    assert {"P17", "P24", "P14", "P15", "P11"} <= {e.participant for e in with_participant}


def test_study_covers_all_three_layers_and_the_papers_findings():
    layers = {c.layer for c in STUDY.connections}
    assert layers == set(Layer)
    wall = STUDY.get("da_camhs_wall")
    assert wall.status is Status.GAP and {wall.source, wall.target} == {"da_services", "camhs"}
    assert any(e.quote == "wall" or "wall" in (e.quote or "") for e in wall.evidence)
    attendance = {c.status for c in STUDY.connections if c.kind is Kind.ATTENDS}
    assert {Status.INVITED_NOT_ATTENDING, Status.NOT_INVITED, Status.ATTENDS_NOT_EQUAL} <= attendance
    cross = [c for c in STUDY.connections if c.cross_layer]
    assert cross and all(c.kind is Kind.SHAPES for c in cross)


def test_the_four_boundary_excluded_groups():
    groups = [e for e in STUDY.elements if e.type is ElementType.POPULATION_GROUP]
    excluded = {
        g.id for g in groups if any(c.source == g.id and c.kind is Kind.EXCLUDES for c in STUDY.connections)
    }
    sections = {
        e.section for g in groups if g.id in excluded for e in g.evidence if e.section.startswith("5.")
    }
    assert len(excluded) == 4, excluded
    assert {"5.1", "5.2", "5.3", "5.4"} <= sections
    for c in STUDY.connections:
        if c.kind is Kind.EXCLUDES:
            assert c.reason and c.status is Status.EXCLUDED
    ends = {c.source for c in STUDY.connections if c.kind is Kind.FALLS_TO}
    # §5.4 says what mothers with high needs cannot get, not where they end up; the other three have a route.
    assert excluded - ends <= {"mothers_high_needs"}, "excluded groups say where they end up"


def test_users_of_abusive_behaviour_gap():
    gaps = [
        c for c in STUDY.connections if c.status is Status.GAP and any(e.section == "6.3" for e in c.evidence)
    ]
    assert gaps


@pytest.mark.parametrize("dataset_id", ["north", "west", "london"])
def test_illustrative_areas_say_so_and_compare(dataset_id):
    area = CATALOG.datasets[dataset_id]
    assert area.provenance is Provenance.ILLUSTRATIVE and area.based_on == "study"
    assert "illustrative" in area.note.lower() and "not a study finding" in area.note.lower()
    differences = (DEFAULT_DATA_DIR / dataset_id / "DIFFERENCES.md").read_text(encoding="utf-8")
    assert "illustrative" in differences.lower()
    shared = {e.id for e in area.elements} & {e.id for e in STUDY.elements}
    assert len(shared) >= 0.85 * len(STUDY.elements)
    changed = [c for c in area.connections if (s := STUDY.get(c.id)) is None or s.status != c.status]
    missing = [c for c in STUDY.connections if area.get(c.id) is None]
    assert changed or missing, "an illustrative area differs from the synthesis"
    for c in changed:
        assert c.id in differences, f"{c.id} differs from the study but DIFFERENCES.md does not say so"
    raw = json.loads((DEFAULT_DATA_DIR / dataset_id / "dataset.json").read_text(encoding="utf-8"))
    assert raw["provenance"] == "illustrative"


def test_one_position_per_element_across_datasets():
    default = CATALOG.positions["all"]
    for dataset in EVERY:
        assert {e.id for e in dataset.elements} <= set(default)
    for view in ("A", "B", "C"):
        placed = CATALOG.view_positions(view)
        points = [
            placed[e.id] for d in CATALOG.datasets.values() for e in d.elements if Layer(view) in e.layers
        ]
        assert len(set(points)) == len({e.id for d in CATALOG.datasets.values() for e in d.elements
                                         if Layer(view) in e.layers})  # fmt: skip
