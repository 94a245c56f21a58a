"""Dataset → networkx graph, the one input every analysis function takes."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from explorer.data.model import Dataset
from explorer.data.vocab import Layer


def build_graph(dataset: Dataset, layers: Iterable[Layer | str] | None = None) -> nx.MultiDiGraph:
    """A MultiDiGraph of the chosen layers, every model attribute carried on nodes and edges.

    A node is included when it belongs to a chosen layer or is an end of a chosen connection; an edge is
    included when its own layer is chosen. Edge keys are connection ids.

    >>> from explorer.data.model import Dataset, Element, Connection
    >>> from explorer.data.vocab import ElementType, Sector, Kind, Status, Provenance
    >>> a = Element("a", "A", ElementType.SERVICE, Sector.NHS, (Layer.C,))
    >>> b = Element("b", "B", ElementType.SERVICE, Sector.VOLUNTARY, (Layer.C,))
    >>> c = Connection("ab", "a", "b", Layer.C, Kind.REFERS, Status.GAP)
    >>> g = build_graph(Dataset("d", "D", "", Provenance.STUDY, elements=(a, b), connections=(c,)), ["C"])
    >>> g.edges["a", "b", "ab"]["status"]
    'gap'
    >>> g.nodes["b"]["sector"]
    'voluntary'
    """
    chosen = {Layer(layer) for layer in layers} if layers is not None else set(Layer)
    graph = nx.MultiDiGraph(dataset=dataset.id, provenance=dataset.provenance.value)
    for element in dataset.elements:
        if chosen.intersection(element.layers):
            graph.add_node(element.id, **_element_attrs(element))
    for connection in dataset.connections:
        if connection.layer not in chosen:
            continue
        for end in (connection.source, connection.target):
            if end not in graph:
                graph.add_node(end, **_element_attrs(dataset.element(end)))
        graph.add_edge(
            connection.source,
            connection.target,
            key=connection.id,
            id=connection.id,
            layer=connection.layer.value,
            kind=connection.kind.value,
            status=connection.status.value,
            direction=connection.direction.value,
            strength=connection.strength,
            description=connection.description,
            reason=connection.reason,
            impact=connection.impact,
            tags=connection.tags,
            cross_layer=connection.cross_layer,
            evidence=connection.evidence,
        )
    return graph


def _element_attrs(element) -> dict:
    return {
        "label": element.label,
        "type": element.type.value,
        "sector": element.sector.value,
        "layers": tuple(layer.value for layer in element.layers),
        "description": element.description,
        "tags": element.tags,
        "evidence": element.evidence,
    }
