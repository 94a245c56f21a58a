"""GEXF export for Gephi, through networkx, with the provenance statement in GEXF's own <meta>.

networkx writes no graph-level attributes into GEXF, so the statement, dataset and citation go into the
<meta> <description>, which Gephi shows as the graph's description. Node and edge attributes are those of
the GraphML export (`network.dataset_graph`); the connection id becomes the GEXF edge id.
"""

from __future__ import annotations

import io
from xml.etree.ElementTree import SubElement

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from explorer.data.cells import keep_carriage_returns, xml_text
from explorer.data.model import Dataset
from explorer.data.writers.about import GENERATOR, about_lines
from explorer.data.writers.network import dataset_graph, put_edges_in_order


def write_gexf(dataset: Dataset) -> bytes:
    graph = dataset_graph(dataset)
    for _, _, key, data in graph.edges(keys=True, data=True):
        data["id"] = key  # GEXF's edge id; otherwise networkx numbers the edges
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    meta.find("creator").text = f"{GENERATOR} (NetworkX {nx.__version__})"
    SubElement(meta, "description").text = xml_text(
        "\n".join([*about_lines(dataset), *_tension_lines(dataset)])
    )
    writer.add_graph(graph)
    graph_xml = writer.xml.find("graph")
    graph_xml.attrib.pop("name", None)  # the GEXF 1.2draft schema allows no name on <graph>
    put_edges_in_order(writer.xml.find("graph/edges"), dataset)
    directions = {c.id: c.direction.value for c in dataset.connections}
    for edge in writer.xml.find("graph/edges"):  # undirected and mutual are kept per link
        if directions.get(edge.get("id"), "directed") != "directed":
            edge.set("type", directions[edge.get("id")])
    buffer = io.BytesIO()
    writer.write(buffer)
    return keep_carriage_returns(buffer.getvalue())


def _tension_lines(dataset: Dataset) -> list[str]:
    """GEXF has no graph attributes networkx writes, so the tensions go into the description, in words."""
    lines = ["Tensions in perspectives:"] if dataset.tensions else []
    for t in dataset.tensions:
        lines.append(f"§{t.section} {t.title}")
        basis = lambda s: f" [{s.basis.value}]" if s.basis else ""  # noqa: E731
        lines += [f"  {s.who}{basis(s)}: {s.position}" for s in t.sides]
    return lines
