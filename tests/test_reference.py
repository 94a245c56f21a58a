"""Computed gaps: the reference pathway minus what a map has, with weak links reported apart."""

import json

from explorer.analysis.reference import computed_gaps
from explorer.data.model import Connection, Dataset, Element, Evidence
from explorer.data.readers.loader import load_folder
from explorer.data.vocab import Direction, ElementType, Kind, Layer, Provenance, Sector, Status

ELEMENTS = tuple(
    Element(eid, label, ElementType(etype), Sector(sector), (Layer.B, Layer.C))
    for eid, label, etype, sector in [
        ("da", "DA services", "service", "voluntary"),
        ("camhs", "CAMHS", "service", "nhs"),
        ("hubs", "Family Hubs", "service", "local_authority"),
        ("gp", "GP", "service", "nhs"),
        ("board", "DA board", "strategic_group", "multi_agency"),
    ]
)
WORKER = Element("worker", "Embedded MH worker", ElementType.MECHANISM, Sector.NHS, (Layer.C,))
EVIDENCE = (Evidence("8", "pathways between DA services and CYPMHS"),)


def link(cid, source, target, status, kind="refers", direction="directed", layer="C", **extra):
    return Connection(
        cid, source, target, Layer(layer), Kind(kind), Status(status), Direction(direction), **extra
    )


def make(connections, elements=ELEMENTS, did="area", provenance=Provenance.ILLUSTRATIVE):
    return Dataset(did, did, "", provenance, elements=tuple(elements), connections=tuple(connections))


REFERENCE = make(
    [
        link(
            "r_wall",
            "da",
            "camhs",
            "recommended",
            direction="mutual",
            evidence=EVIDENCE,
            description="A route",
        ),
        link("r_hubs", "hubs", "camhs", "recommended"),
        link("r_gp", "gp", "camhs", "recommended"),
        link("r_board", "camhs", "board", "recommended", kind="attends", layer="B"),
        link("r_da_board", "da", "board", "recommended", kind="attends", layer="B"),
        link("r_worker", "worker", "da", "recommended", kind="mediates"),
        link("context", "gp", "hubs", "present"),  # not a recommendation: never a computed gap
    ],
    elements=(*ELEMENTS, WORKER),
    did="reference",
    provenance=Provenance.REFERENCE,
)


def by_id(gaps):
    return {g.reference_id: g for g in gaps}


def test_computed_gaps_are_reference_minus_present():
    area = make(
        [
            link("wall", "da", "camhs", "gap", direction="mutual"),
            link("hubs_camhs", "hubs", "camhs", "present"),
            link("gp_camhs", "gp", "camhs", "strained"),
            link("camhs_board", "camhs", "board", "invited_not_attending", kind="attends", layer="B"),
            link("da_board", "da", "board", "attends", kind="attends", layer="B"),
        ]
    )
    gaps = by_id(computed_gaps(area, REFERENCE))
    assert list(gaps) == ["r_wall", "r_gp", "r_board", "r_worker"]
    assert {rid: g.state for rid, g in gaps.items()} == {
        "r_wall": "missing",
        "r_gp": "weak",
        "r_board": "missing",
        "r_worker": "missing",
    }
    # The map's own record of the absence travels with the gap.
    assert gaps["r_wall"].existing == (("wall", "gap"),)
    assert gaps["r_board"].existing == (("camhs_board", "invited_not_attending"),)


def test_gap_carries_reference_evidence_and_endpoint_presence():
    gaps = by_id(computed_gaps(make([]), REFERENCE))
    wall = gaps["r_wall"]
    assert wall.evidence == EVIDENCE and wall.description == "A route"
    assert (wall.source_in_dataset, wall.target_in_dataset) == (True, True)
    worker = gaps["r_worker"]
    assert (worker.source_in_dataset, worker.target_in_dataset) == (False, True)
    assert worker.source_label == "Embedded MH worker"  # from the reference when the map lacks the element
    doc = wall.as_dict()
    assert json.loads(json.dumps(doc)) == doc
    assert doc["evidence"] == [{"section": "8", "quote": "pathways between DA services and CYPMHS"}]
    assert doc["state"] == "missing" and doc["from_label"] == "DA services"


def test_weak_statuses_are_reported_as_weak():
    area = make(
        [
            link("hubs_camhs", "hubs", "camhs", "conflict"),
            link("da_board", "da", "board", "attends_not_equal", kind="attends", layer="B"),
            link("gp_camhs", "gp", "camhs", "strained"),
            link("gp_camhs_2", "gp", "camhs", "present"),  # a working link beside the strained one meets it
        ]
    )
    gaps = by_id(computed_gaps(area, REFERENCE))
    assert gaps["r_hubs"].state == "weak" and gaps["r_da_board"].state == "weak"
    assert "r_gp" not in gaps


def test_direction_matters_only_between_directed_links():
    reverse = make([link("camhs_hubs", "camhs", "hubs", "present")])
    assert "r_hubs" in by_id(computed_gaps(reverse, REFERENCE))  # both directed, wrong way round
    reverse_mutual = make([link("camhs_hubs", "camhs", "hubs", "present", direction="mutual")])
    assert "r_hubs" not in by_id(computed_gaps(reverse_mutual, REFERENCE))
    # The reference's DA–CAMHS route is mutual, so a one-way referral from CAMHS meets it.
    camhs_to_da = make([link("camhs_da", "camhs", "da", "present")])
    assert "r_wall" not in by_id(computed_gaps(camhs_to_da, REFERENCE))


def test_a_link_of_another_kind_does_not_meet_the_reference():
    informs = make([link("da_camhs", "da", "camhs", "present", kind="informs")])
    assert by_id(computed_gaps(informs, REFERENCE))["r_wall"].state == "missing"


def test_mini_wall_is_a_computed_gap(mini):
    d = load_folder(mini)
    reference = make(
        [link("r", "da", "camhs", "recommended", direction="mutual")],
        elements=d.elements,
        did="reference",
    )
    [gap] = computed_gaps(d, reference)
    assert (gap.reference_id, gap.state, gap.existing) == ("r", "missing", (("wall", "gap"),))
