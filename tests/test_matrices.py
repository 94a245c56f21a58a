"""Tables: attendance by strategic group, exclusions, and recorded gaps with their evidence."""

import pytest

from explorer.analysis.matrices import (
    attendance_across,
    attendance_matrix,
    exclusion_matrix,
    gaps_table,
    pivot_exclusions,
)
from explorer.data.model import Connection, Dataset, Element
from explorer.data.readers.loader import load_folder
from explorer.data.vocab import Direction, ElementType, Kind, Layer, Provenance, Sector, Status


def el(eid, label, etype="service", sector="voluntary"):
    return Element(eid, label, ElementType(etype), Sector(sector), (Layer.B,))


def attends(cid, org, group, status):
    return Connection(cid, org, group, Layer.B, Kind.ATTENDS, Status(status), Direction.DIRECTED)


ELEMENTS = (
    el("da", "DA services"),
    el("camhs", "CAMHS", sector="nhs"),
    el("bf", "'By and for' services", sector="by_and_for"),
    el("board", "DA board", "strategic_group", "multi_agency"),
    el("csp", "Safeguarding partnership", "strategic_group", "multi_agency"),
    el("dhr", "DHR panel", "strategic_group", "multi_agency"),
)


def area(did, connections):
    return Dataset(did, did, "", Provenance.ILLUSTRATIVE, elements=ELEMENTS, connections=tuple(connections))


@pytest.fixture
def north():
    return area(
        "north",
        [
            attends("da_board", "da", "board", "attends"),
            attends("camhs_board", "camhs", "board", "invited_not_attending"),
            attends("camhs_board_ref", "camhs", "board", "recommended"),  # a recommendation is not attendance
            attends("bf_board", "bf", "board", "not_invited"),
            attends("csp_camhs", "csp", "camhs", "attends"),  # arrow drawn from the group
        ],
    )


def test_attendance_matrix_cells(north):
    m = attendance_matrix(north)
    assert list(m.index) == ["DA services", "CAMHS", "'By and for' services"]
    assert list(m.columns) == ["DA board", "Safeguarding partnership", "DHR panel"]
    assert m.loc["DA services", "DA board"] == "attends"
    assert m.loc["CAMHS", "DA board"] == "invited_not_attending"
    assert m.loc["'By and for' services", "DA board"] == "not_invited"
    assert m.loc["CAMHS", "Safeguarding partnership"] == "attends"
    assert m.loc["DA services", "Safeguarding partnership"] == ""
    assert (m["DHR panel"] == "").all()  # a group nobody is recorded at still has its column


def test_attendance_matrix_of_mini(mini):
    m = attendance_matrix(load_folder(mini))
    assert m.to_dict("index") == {"Statutory CAMHS": {"Domestic Abuse Board": "invited_not_attending"}}


def test_attendance_across_is_tidy(north):
    west = area("west", [attends("camhs_board", "camhs", "board", "attends_not_equal")])
    frame = attendance_across([north, west])
    assert list(frame.columns) == [
        "dataset",
        "organisation",
        "group",
        "status",
        "organisation_id",
        "group_id",
    ]
    assert len(frame) == 5
    camhs = frame[(frame.organisation_id == "camhs") & (frame.group_id == "board")]
    assert dict(zip(camhs.dataset, camhs.status, strict=True)) == {
        "north": "invited_not_attending",
        "west": "attends_not_equal",
    }
    assert attendance_across([]).empty


def test_exclusion_matrix_long_and_pivoted(mini):
    d = load_folder(mini)
    long = exclusion_matrix([d])
    assert long.to_dict("records") == [
        {
            "dataset": "mini",
            "population_group": "Children living with abuse",
            "service": "Statutory CAMHS",
            "reason": "needs stability",
            "impact": "deteriorate",
            "group_id": "kids",
            "service_id": "camhs",
        }
    ]
    wide = pivot_exclusions(long, "mini")
    assert wide.loc["Children living with abuse", "Statutory CAMHS"] == "needs stability"


def test_pivot_needs_a_dataset_when_there_are_several(mini, tmp_path):
    from tests.conftest import MINI_META, write_mini

    other = load_folder(write_mini(tmp_path / "other", meta={**MINI_META, "id": "other"}))
    long = exclusion_matrix([load_folder(mini), other])
    assert sorted(long.dataset) == ["mini", "other"]
    with pytest.raises(ValueError, match="dataset_id"):
        pivot_exclusions(long)
    assert pivot_exclusions(long, "other").shape == (1, 1)


def test_gaps_table_cites_evidence(mini):
    table = gaps_table(load_folder(mini))
    assert list(table.id) == ["wall"]
    row = table.iloc[0]
    assert (row["from"], row["to"], row["kind"], row["layer"]) == (
        "Domestic abuse services",
        "Statutory CAMHS",
        "refers",
        "C",
    )
    assert row["evidence"] == '§4.4.1 · P24, domestic abuse: "very hit and miss with a lot of misses"'
