"""Network analysis of a map: who is central, who brokers between DA and child mental health, who is cut off.

Every function here is pure: it takes a frozen `Dataset` (and optionally the layers to look at) and returns
plain values. They all work on the same *link graph*, the undirected simple projection of the map's
**actual links** (`link_graph`):

* A connection is an actual link when its status says the relationship exists: `present`, `strained`,
  `conflict`, `attends` or `attends_not_equal`. A `gap` is the paper saying the link is missing, a
  `recommended` link is one that should exist, and `invited_not_attending` / `not_invited` say an
  organisation is *not* at the table; none of those can carry a referral, so they are left out.
* `excludes` and `falls_to` connections are left out whatever their status: they say where a population
  group is turned away and where it ends up, not that two services work together, so a route through a
  population group would be a route no professional can take.
* Direction is ignored: a referral route that exists one way is a working relationship both ways, and the
  paper's question ("where does a child in a refuge go?") is about reachability, not who initiates.
* Population groups join the graph only through actual links, so they do not show up as isolates just
  because their connections are all exclusions.

`analyse` bundles everything into the JSON that `python -m explorer analyse DATASET` prints.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

import networkx as nx

from explorer.analysis.graph import build_graph
from explorer.data.model import Connection, Dataset, Element
from explorer.data.vocab import ElementType, Kind, Layer, Sector, Status

ACTUAL_STATUSES = frozenset(
    {Status.PRESENT, Status.STRAINED, Status.CONFLICT, Status.ATTENDS, Status.ATTENDS_NOT_EQUAL}
)
NON_SERVICE_KINDS = frozenset({Kind.EXCLUDES, Kind.FALLS_TO})

# When two elements are joined by several actual links, a route is drawn along the most telling one:
# a referral before other kinds, then the healthiest status, then the id so the choice is stable.
_STATUS_RANK = {
    Status.PRESENT: 0,
    Status.ATTENDS: 0,
    Status.STRAINED: 1,
    Status.ATTENDS_NOT_EQUAL: 1,
    Status.CONFLICT: 2,
}


def is_actual_link(connection: Connection) -> bool:
    """True when a connection is a working relationship a route can pass along (see the module notes).

    >>> from explorer.data.model import Connection
    >>> is_actual_link(Connection("w", "da", "camhs", Layer.C, Kind.REFERS, Status.GAP))
    False
    >>> is_actual_link(Connection("s", "da", "hubs", Layer.C, Kind.REFERS, Status.STRAINED))
    True
    >>> is_actual_link(Connection("x", "kids", "camhs", Layer.C, Kind.EXCLUDES, Status.EXCLUDED))
    False
    """
    return connection.kind not in NON_SERVICE_KINDS and connection.status in ACTUAL_STATUSES


def link_graph(dataset: Dataset, layers: Iterable[Layer | str] | None = None) -> nx.Graph:
    """The undirected simple graph of actual links in the chosen layers.

    Nodes carry the element attributes of `build_graph`. Each edge lists the ids of the connections it
    stands for in `connections`, most telling first (a referral, then the healthiest status).

    >>> g = link_graph(demo_dataset())
    >>> sorted(tuple(sorted(edge)) for edge in g.edges)
    [('board', 'da'), ('camhs', 'gp'), ('camhs', 'hubs'), ('da', 'hubs')]
    >>> g.edges["hubs", "camhs"]["connections"]
    ['hubs_camhs']
    >>> "kids" in g  # its only connection is an exclusion
    False
    """
    full = build_graph(dataset, layers)
    graph = nx.Graph(dataset=dataset.id)
    for node, attrs in full.nodes(data=True):
        if attrs["type"] != ElementType.POPULATION_GROUP.value:
            graph.add_node(node, **attrs)
    for source, target, key in full.edges(keys=True):
        connection = dataset.get(key)
        if not isinstance(connection, Connection) or not is_actual_link(connection):
            continue
        for end in (source, target):
            if end not in graph:
                graph.add_node(end, **full.nodes[end])
        if graph.has_edge(source, target):
            graph.edges[source, target]["connections"].append(key)
        else:
            graph.add_edge(source, target, connections=[key])
    for _, _, attrs in graph.edges(data=True):
        attrs["connections"].sort(key=lambda cid: _link_rank(dataset.get(cid)))
    return graph


def _link_rank(connection) -> tuple:
    return (connection.kind is not Kind.REFERS, _STATUS_RANK.get(connection.status, 3), connection.id)


EXACT_LIMIT = 1000
SAMPLE = 256


def centrality(dataset: Dataset, layers: Iterable[Layer | str] | None = None) -> dict[str, dict]:
    """Degree and betweenness of every element of the link graph.

    `degree` counts distinct partners over actual links (parallel links to the same partner count once);
    `betweenness` is networkx's normalised betweenness on the same undirected simple graph, so a broker
    that every route between two halves of the map passes through scores high. Maps over EXACT_LIMIT
    elements get a sampled estimate (SAMPLE sources, fixed seed).

    >>> scores = centrality(demo_dataset())
    >>> scores["hubs"]
    {'degree': 2, 'betweenness': 0.4}
    >>> scores["vru"]  # no actual links at all
    {'degree': 0, 'betweenness': 0.0}
    >>> centrality(demo_dataset(), ["B"])["da"]
    {'degree': 1, 'betweenness': 0.0}
    """
    graph = link_graph(dataset, layers)
    # Exact betweenness is O(n·m): 22 s at 2,000 elements here. Above EXACT_LIMIT, sample SAMPLE sources
    # (seeded, so repeatable); the study's maps are far below it and stay exact.
    sample = {"k": SAMPLE, "seed": 0} if graph.number_of_nodes() > EXACT_LIMIT else {}
    betweenness = nx.betweenness_centrality(graph, normalized=True, **sample)
    return {node: {"degree": graph.degree(node), "betweenness": float(betweenness[node])} for node in graph}


# ---------------------------------------------------------------------------------------------------
# The two sides of the 'wall': domestic abuse services and child mental health services.

DA_TAG = "da_service"
CMH_TAG = "cmh_service"
_DA_WORDS = re.compile(r"\bdomestic (abuse|violence)\b|\bda\b|\bidvas?\b|\brefuges?\b|\bvawg\b|\biris\b")
_CMH_WORDS = re.compile(
    r"\bcamhs\b|\bcypmhs\b|\bmhsts?\b|\bmental health support teams?\b|\bcyp ?mh\b"
    r"|\b(child|children|children s|young people|young people s|youth|cyp|infant)( and young people s?)?"
    r" (and family )?mental health\b"
)
_MENTAL_HEALTH = re.compile(r"\bmental health\b|\bmh\b")
_ADULT = re.compile(r"\badults?\b|\bperinatal\b|\bmaternal\b")


def _words(element: Element) -> str:
    """Id, label and tags as one lower-case string with separators turned into spaces, for word matching."""
    text = " ".join((element.id, element.label, *element.tags)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _tagged(dataset: Dataset, tag: str) -> set[str] | None:
    pinned = {e.id for e in dataset.elements if tag in {t.strip().lower().replace("-", "_") for t in e.tags}}
    return pinned or None


def default_da_set(dataset: Dataset) -> set[str]:
    """The domestic abuse service elements of a map.

    If any element carries the tag `da-service` (or `da_service`), the tagged elements are the set and
    nothing is guessed. Otherwise an element of type `service` counts when its id, label or tags mention
    domestic abuse or violence, 'DA', IDVAs, refuges, VAWG or IRIS (DA advocates in general practice), or
    when its sector is `by_and_for` (the paper's 'by and for' services are specialist DA services). Only
    services count: the 'Domestic Abuse Act', a 'DA board', 'Local council (DA as a political priority)'
    or a DA training body are not services a family is referred to.
    An element that also reads as child mental health goes to the DA side unless its sector is `nhs`,
    because the paper's wall is between the voluntary DA sector and statutory CAMHS/CYPMHS.

    >>> sorted(default_da_set(demo_dataset()))
    ['da']
    """
    if (pinned := _tagged(dataset, DA_TAG)) is not None:
        return pinned
    found = set()
    for element in dataset.elements:
        if element.type is not ElementType.SERVICE:
            continue
        words = _words(element)
        da = bool(_DA_WORDS.search(words)) or element.sector is Sector.BY_AND_FOR
        if da and not (element.sector is Sector.NHS and _CMH_WORDS.search(words)):
            found.add(element.id)
    return found


def default_cmh_set(dataset: Dataset) -> set[str]:
    """The child and adolescent mental health service elements of a map.

    If any element carries the tag `cmh-service` (or `cmh_service`), the tagged elements are the set.
    Otherwise a `service` counts when its id, label or tags name CAMHS, CYPMHS, mental health support
    teams (MHSTs) or child / children's / young people's mental health. Only when no element matches that
    does the rule widen to any `nhs` service mentioning 'mental health' that is not adult or perinatal, so
    a map that simply says "Mental health services" still has a side to measure against. A 'Mental health
    trust' (a body) is never in the set: it runs adult and child services alike.
    Elements already on the DA side (see `default_da_set`) are left out.

    >>> sorted(default_cmh_set(demo_dataset()))
    ['camhs']
    """
    if (pinned := _tagged(dataset, CMH_TAG)) is not None:
        return pinned
    da = default_da_set(dataset)
    candidates = [e for e in dataset.elements if e.type is ElementType.SERVICE and e.id not in da]
    found = {e.id for e in candidates if _CMH_WORDS.search(_words(e))}
    if not found:
        found = {
            e.id
            for e in candidates
            if e.sector is Sector.NHS and _MENTAL_HEALTH.search(_words(e)) and not _ADULT.search(_words(e))
        }
    return found


def _check_ids(dataset: Dataset, ids: Collection[str], name: str) -> set[str]:
    unknown = sorted(i for i in ids if not isinstance(dataset.get(i), Element))
    if unknown:
        raise KeyError(f"{name}: no element {', '.join(map(repr, unknown))} in dataset {dataset.id!r}")
    return set(ids)


def brokers(
    dataset: Dataset,
    group_a: Collection[str] | None = None,
    group_b: Collection[str] | None = None,
    layers: Iterable[Layer | str] | None = None,
    *,
    include_members: bool = False,
) -> list[tuple[str, int]]:
    """Elements that lie between two groups, ranked by how many (a, b) pairs they can carry a route for.

    `group_a` defaults to `default_da_set` and `group_b` to `default_cmh_set`; pass ids to override.
    For every pair of an element a of group_a and b of group_b that are linked at all, an element counts
    once when it lies on *some* shortest route between them, i.e. dist(a, v) + dist(v, b) == dist(a, b).
    Counting pairs rather than enumerating paths keeps the number readable ("on the shortest route for 3
    of the 4 pairs") and stays cheap however many equal routes there are. Only intermediate elements count,
    and members of either group are left out unless `include_members`: a DA service with its own link to
    CAMHS is a direct route, not a broker. Pairs with no route at all give nothing, which is the 'wall'.

    >>> brokers(demo_dataset())
    [('hubs', 1)]
    >>> brokers(demo_dataset(), ["da"], ["gp"])
    [('camhs', 1), ('hubs', 1)]
    >>> brokers(demo_dataset(), layers=["B"])  # no route in layer B alone
    []
    """
    a_set = _check_ids(dataset, group_a, "group_a") if group_a is not None else default_da_set(dataset)
    b_set = _check_ids(dataset, group_b, "group_b") if group_b is not None else default_cmh_set(dataset)
    graph = link_graph(dataset, layers)
    a_nodes = sorted(n for n in a_set if n in graph)
    b_nodes = sorted(n for n in b_set if n in graph)
    from_b = {b: nx.single_source_shortest_path_length(graph, b) for b in b_nodes}
    members = set() if include_members else a_set | b_set
    counts: dict[str, int] = {}
    for a in a_nodes:
        from_a = nx.single_source_shortest_path_length(graph, a)
        for b in b_nodes:
            if a == b or b not in from_a:
                continue
            length = from_a[b]
            for node, d_a in from_a.items():
                if node in (a, b) or node in members:
                    continue
                if d_a + from_b[b].get(node, length + 1) == length:
                    counts[node] = counts.get(node, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def route_pairs(
    dataset: Dataset,
    group_a: Collection[str],
    group_b: Collection[str],
    layers: Iterable[Layer | str] | None = None,
) -> dict[str, int]:
    """How many (a, b) pairs there are, and how many have any route of actual links.

    >>> route_pairs(demo_dataset(), ["da"], ["camhs"])
    {'pairs': 1, 'connected': 1}
    """
    graph = link_graph(dataset, layers)
    pairs = [(a, b) for a in sorted(group_a) for b in sorted(group_b) if a != b]
    connected = sum(1 for a, b in pairs if a in graph and b in graph and nx.has_path(graph, a, b))
    return {"pairs": len(pairs), "connected": connected}


# ---------------------------------------------------------------------------------------------------
# Routes, components and isolates.


@dataclass(frozen=True)
class Route:
    """A route between two elements: the elements in order and the connection taken at each step."""

    nodes: tuple[str, ...]
    connections: tuple[str, ...]

    def as_dict(self) -> dict[str, list[str]]:
        return {"nodes": list(self.nodes), "connections": list(self.connections)}


def shortest_path(
    dataset: Dataset, source: str, target: str, layers: Iterable[Layer | str] | None = None
) -> Route | None:
    """The shortest referral route between two elements over actual links, or None when there is none.

    The route is undirected and unweighted: a strained link counts as a link, since the question is
    whether a route exists at all. Where two elements share several links, the step uses the most telling
    one (a referral, then the healthiest status). None also when either element is not in the chosen
    layers' link graph.

    >>> route = shortest_path(demo_dataset(), "da", "camhs")  # around the wall, through Family Hubs
    >>> route.nodes
    ('da', 'hubs', 'camhs')
    >>> route.connections
    ('da_hubs', 'hubs_camhs')
    >>> shortest_path(demo_dataset(), "da", "vru") is None
    True
    """
    graph = link_graph(dataset, layers)
    if source not in graph or target not in graph:
        return None
    try:
        nodes = nx.shortest_path(graph, source, target)
    except nx.NetworkXNoPath:
        return None
    steps = tuple(graph.edges[u, v]["connections"][0] for u, v in itertools.pairwise(nodes))
    return Route(tuple(nodes), steps)


def components(dataset: Dataset, layers: Iterable[Layer | str] | None = None) -> list[set[str]]:
    """Connected parts of the link graph, largest first (ties by smallest id), isolates as singletons.

    >>> [sorted(part) for part in components(demo_dataset())]
    [['board', 'camhs', 'da', 'gp', 'hubs'], ['vru']]
    """
    graph = link_graph(dataset, layers)
    return sorted((set(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), min(c)))


def isolates(dataset: Dataset, layers: Iterable[Layer | str] | None = None) -> list[str]:
    """Elements of the chosen layers with no actual link: only gaps, non-attendance or nothing at all.

    >>> isolates(demo_dataset())
    ['vru']
    >>> isolates(demo_dataset(), ["B"])  # CAMHS is invited to the board but does not attend
    ['camhs']
    """
    return sorted(nx.isolates(link_graph(dataset, layers)))


# ---------------------------------------------------------------------------------------------------
# Everything at once, JSON-ready.


def analyse(
    dataset: Dataset,
    reference: Dataset | None = None,
    layers: Iterable[Layer | str] | None = None,
    *,
    da_set: Collection[str] | None = None,
    cmh_set: Collection[str] | None = None,
) -> dict:
    """Metrics, brokers, components, isolates and (given a reference pathway) computed gaps, as JSON data.

    >>> report = analyse(demo_dataset())
    >>> report["brokers"]["ranking"]
    [{'id': 'hubs', 'label': 'Family Hubs', 'count': 1}]
    >>> report["isolates"], report["components"][1]
    (['vru'], ['vru'])
    >>> report["computed_gaps"] is None  # no reference pathway given
    True
    """
    from explorer.analysis.reference import (
        computed_gaps,  # reference.py imports nothing from here; keeps it light
    )

    chosen = [Layer(layer).value for layer in layers] if layers is not None else [x.value for x in Layer]
    label = {e.id: e.label for e in dataset.elements}
    scores = centrality(dataset, chosen)
    metrics = [
        {
            "id": node,
            "label": label.get(node, node),
            "degree": s["degree"],
            "betweenness": round(s["betweenness"], 6),
        }
        for node, s in scores.items()
    ]
    metrics.sort(key=lambda m: (-m["betweenness"], -m["degree"], m["id"]))
    da = set(da_set) if da_set is not None else default_da_set(dataset)
    cmh = set(cmh_set) if cmh_set is not None else default_cmh_set(dataset)
    ranking = brokers(dataset, da, cmh, chosen)
    report = {
        "dataset": {"id": dataset.id, "name": dataset.name, "provenance": dataset.provenance.value},
        "layers": chosen,
        "actual_link_statuses": sorted(s.value for s in ACTUAL_STATUSES),
        "metrics": metrics,
        "brokers": {
            "da_set": sorted(da),
            "cmh_set": sorted(cmh),
            **route_pairs(dataset, da, cmh, chosen),
            "ranking": [{"id": n, "label": label.get(n, n), "count": c} for n, c in ranking],
        },
        "components": [sorted(c) for c in components(dataset, chosen)],
        "isolates": isolates(dataset, chosen),
        "reference": None,
        "computed_gaps": None,
        "weak_links": None,
    }
    if reference is not None:
        found = computed_gaps(dataset, reference)
        report["reference"] = reference.id
        report["computed_gaps"] = [g.as_dict() for g in found if g.state == "missing"]
        report["weak_links"] = [g.as_dict() for g in found if g.state == "weak"]
    return report
