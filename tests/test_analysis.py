"""Network analysis: actual links, centrality, brokers, routes, components, isolates, report, memo."""

import json
from dataclasses import replace

import pytest

from explorer.analysis import cache
from explorer.analysis.metrics import (
    analyse,
    brokers,
    centrality,
    components,
    default_cmh_set,
    default_da_set,
    isolates,
    link_graph,
    shortest_path,
)
from explorer.data.model import Connection, Dataset, Element
from explorer.data.readers.loader import load_folder
from explorer.data.sample import demo_dataset
from explorer.data.vocab import Direction, ElementType, Kind, Layer, Provenance, Sector, Status


def el(eid, label=None, etype="service", sector="voluntary", layers="C", tags=()):
    return Element(
        eid,
        label or eid,
        ElementType(etype),
        Sector(sector),
        tuple(Layer(x) for x in layers),
        tags=tuple(tags),
    )


def link(cid, source, target, kind="refers", status="present", layer="C", direction="directed"):
    return Connection(cid, source, target, Layer(layer), Kind(kind), Status(status), Direction(direction))


def dataset(elements, connections, did="t"):
    return Dataset(
        did, did, "", Provenance.ILLUSTRATIVE, elements=tuple(elements), connections=tuple(connections)
    )


@pytest.fixture
def bridged():
    """Two DA services and CAMHS; the wall is a gap, Family Hubs bridge it, early help reaches an MHST."""
    return dataset(
        [
            el("da1", "Domestic abuse service"),
            el("da2", "Refuge"),
            el("camhs", "CAMHS", sector="nhs"),
            el("mhst", "Mental health support teams in schools", sector="nhs"),
            el("hubs", "Family Hubs", sector="local_authority"),
            el("early", "Early help", sector="local_authority"),
            el("gp", "GP", sector="nhs"),
        ],
        [
            link("wall", "da1", "camhs", status="gap", direction="mutual"),
            link("da1_hubs", "da1", "hubs"),
            link("da2_hubs", "da2", "hubs", status="strained"),
            link("hubs_camhs", "camhs", "hubs"),  # drawn the other way: direction does not matter
            link("da2_early", "da2", "early"),
            link("early_mhst", "early", "mhst"),
        ],
    )


def test_only_working_relationships_are_links(mini):
    d = load_folder(mini)
    # The wall is a gap, CAMHS does not attend the board, and the child's links are an exclusion and where
    # it falls to: nothing in the mini map is an actual link.
    graph = link_graph(d)
    assert graph.number_of_edges() == 0
    assert "kids" not in graph
    assert isolates(d) == ["board", "camhs", "da"]
    assert shortest_path(d, "da", "camhs") is None
    assert brokers(d) == []


def test_exclusion_and_falls_to_do_not_carry_routes():
    d = dataset(
        [el("da"), el("camhs", sector="nhs"), el("kids", etype="population_group", sector="population")],
        [
            link("kids_da", "kids", "da", kind="falls_to"),
            link("kids_camhs", "kids", "camhs", kind="excludes", status="excluded"),
        ],
    )
    assert shortest_path(d, "da", "camhs") is None
    assert sorted(link_graph(d)) == ["camhs", "da"]


def test_shortest_path_goes_through_the_mediator():
    d = dataset(
        [el("da"), el("camhs", sector="nhs"), el("worker", "Embedded worker", etype="mechanism")],
        [
            link("wall", "da", "camhs", status="gap"),
            link("da_worker", "da", "worker", kind="informs"),
            link("da_worker_ref", "worker", "da", status="strained"),
            link("worker_camhs", "worker", "camhs", kind="mediates"),
        ],
    )
    route = shortest_path(d, "da", "camhs")
    assert route.nodes == ("da", "worker", "camhs")
    # Of the two links between da and the worker, the referral is the step drawn, even though it is strained.
    assert route.connections == ("da_worker_ref", "worker_camhs")
    assert route.as_dict() == {"nodes": ["da", "worker", "camhs"], "connections": list(route.connections)}
    assert shortest_path(d, "camhs", "da").nodes == ("camhs", "worker", "da")
    assert shortest_path(d, "da", "nobody") is None


def test_shortest_path_respects_layers():
    d = dataset(
        [el("a", layers="AC"), el("b", layers="AC"), el("c", layers="AC")],
        [link("ab", "a", "b", kind="funds", layer="A"), link("bc", "b", "c", layer="C")],
    )
    assert shortest_path(d, "a", "c").connections == ("ab", "bc")
    assert shortest_path(d, "a", "c", ["C"]) is None
    assert shortest_path(d, "a", "a").nodes == ("a",)


def test_centrality_on_a_star():
    d = dataset(
        [el("hub"), el("x"), el("y"), el("z")],
        [
            link("hx", "hub", "x"),
            link("hx2", "x", "hub", kind="collaborates"),  # a second link to the same partner
            link("hy", "hub", "y"),
            link("hz", "hub", "z", status="conflict"),
        ],
    )
    scores = centrality(d)
    assert scores["hub"] == {"degree": 3, "betweenness": 1.0}
    assert scores["x"] == {"degree": 1, "betweenness": 0.0}


def test_brokers_rank_the_known_broker_first(bridged):
    assert default_da_set(bridged) == {"da1", "da2"}
    assert default_cmh_set(bridged) == {"camhs", "mhst"}
    # Hubs lie on the shortest route for (da1, camhs), (da2, camhs) and (da1, mhst), which runs
    # da1-hubs-da2-early-mhst; early help lies on the routes to the MHST from both DA services.
    ranking = brokers(bridged)
    assert ranking[0] == ("hubs", 3)
    assert dict(ranking) == {"hubs": 3, "early": 2}
    assert "gp" not in dict(ranking)


def test_brokers_leave_out_members_unless_asked(bridged):
    # da2 sits on da1's only route to the MHST, but it is a DA service itself.
    assert "da2" not in dict(brokers(bridged))
    assert dict(brokers(bridged, include_members=True))["da2"] == 1


def test_broker_sets_can_be_overridden(bridged):
    assert brokers(bridged, ["da2"], ["gp"]) == []  # no route to the GP at all
    assert brokers(bridged, ["da1"], ["early"]) == [("da2", 1), ("hubs", 1)]
    with pytest.raises(KeyError, match="nobody"):
        brokers(bridged, ["nobody"], ["camhs"])


def test_default_sets_read_labels_tags_and_sectors():
    d = dataset(
        [
            el("act", "Domestic Abuse Act 2021", etype="legislation", sector="national"),
            el("board", "DA Partnership Board", etype="strategic_group", sector="multi_agency"),
            el(
                "council",
                "Local council (DA as a political priority)",
                etype="body",
                sector="local_authority",
            ),
            el("trust", "Mental health trust", etype="body", sector="nhs"),
            el("iris", "IRIS programme"),
            el("idva", "IDVA service"),
            el("bf", "Specialist service for Black and minoritised women", sector="by_and_for"),
            el("charity", "Small charity", tags=["domestic-abuse"]),
            el("cyp", "CYPMHS", sector="nhs"),
            el("kids_mh", "Children's mental health service", sector="voluntary"),
            el("adult", "Adult mental health services", sector="nhs"),
            el("camhs_da", "CAMHS domestic abuse pathway", sector="nhs"),
        ],
        [],
    )
    assert default_da_set(d) == {"idva", "bf", "charity", "iris"}
    assert default_cmh_set(d) == {"cyp", "kids_mh", "camhs_da"}


def test_default_cmh_set_widens_only_when_nothing_names_children():
    d = dataset(
        [
            el("mh", "Mental health services", sector="nhs"),
            el("amh", "Adult mental health", sector="nhs"),
            el("vmh", "Mental health charity", sector="voluntary"),
        ],
        [],
    )
    assert default_cmh_set(d) == {"mh"}


def test_tags_pin_the_sets():
    d = dataset(
        [
            el("da", "Domestic abuse services"),
            el("women", "Women's centre", tags=["da-service"]),
            el("camhs", "CAMHS", sector="nhs"),
            el("school", "School counsellor", sector="education", tags=["cmh_service"]),
        ],
        [],
    )
    assert default_da_set(d) == {"women"}
    assert default_cmh_set(d) == {"school"}


def test_components_and_isolates(bridged):
    parts = components(bridged)
    assert parts == [{"da1", "da2", "camhs", "mhst", "hubs", "early"}, {"gp"}]
    assert isolates(bridged) == ["gp"]
    # Layer B holds nothing of this map, so the layer's graph is empty rather than an error.
    assert components(bridged, ["B"]) == [] and isolates(bridged, ["B"]) == []


def test_analyse_is_json_ready_with_and_without_reference(bridged):
    report = analyse(bridged)
    assert json.loads(json.dumps(report)) == report
    assert report["brokers"]["ranking"][0] == {"id": "hubs", "label": "Family Hubs", "count": 3}
    assert report["brokers"]["pairs"] == 4 and report["brokers"]["connected"] == 4
    assert report["isolates"] == ["gp"]
    assert report["metrics"][0]["id"] == "hubs"
    assert report["computed_gaps"] is None

    reference = dataset(
        bridged.elements,
        [
            link("r_wall", "da1", "camhs", status="recommended", direction="mutual"),
            link("r_da2", "da2", "hubs", status="recommended"),
        ],
        did="reference",
    )
    report = analyse(bridged, reference)
    assert json.loads(json.dumps(report)) == report
    assert [g["reference_id"] for g in report["computed_gaps"]] == ["r_wall"]
    assert [g["reference_id"] for g in report["weak_links"]] == ["r_da2"]


def test_analyse_sets_and_layers_can_be_chosen(bridged):
    report = analyse(bridged, layers=["C"], da_set=["da1"], cmh_set=["mhst"])
    assert report["layers"] == ["C"]
    assert report["brokers"]["ranking"] == [
        {"id": "da2", "label": "Refuge", "count": 1},
        {"id": "early", "label": "Early help", "count": 1},
        {"id": "hubs", "label": "Family Hubs", "count": 1},
    ]


def test_demo_dataset_is_consistent():
    demo = demo_dataset()
    for c in demo.connections:
        assert isinstance(demo.get(c.source), Element) and isinstance(demo.get(c.target), Element)


def test_fingerprint_follows_content_not_object():
    a, b = demo_dataset(), demo_dataset()
    assert a is not b and cache.fingerprint(a) == cache.fingerprint(b)
    changed = replace(a, connections=a.connections[:-1])
    assert cache.fingerprint(changed) != cache.fingerprint(a)


def test_memo_hits_by_content_and_hands_out_copies(bridged):
    cache.clear()
    first = cache.analyse(bridged)
    first["isolates"].append("tampered")
    again = cache.analyse(replace(bridged))  # an equal dataset, a different object
    assert again["isolates"] == ["gp"]
    assert cache.analyse.cache_info().hits == 1
    # Layers given as a list are a valid key, and a different choice is a different entry.
    assert cache.isolates(bridged, ["C"]) == ["gp"]
    assert cache.isolates(bridged, ["B"]) == []
    assert cache.isolates.cache_info().misses == 2
    cache.clear()
    assert cache.analyse.cache_info().currsize == 0
