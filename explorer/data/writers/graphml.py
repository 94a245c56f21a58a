"""GraphML export through networkx, with the edges in the dataset's order (reading is readers/graphml.py)."""

from __future__ import annotations

import io

from networkx.readwrite.graphml import GraphMLWriter

from explorer.data.cells import graphml_name, keep_carriage_returns
from explorer.data.model import Dataset
from explorer.data.writers.network import dataset_graph, put_edges_in_order


def write_graphml(dataset: Dataset) -> bytes:
    """networkx's ElementTree writer (what `nx.write_graphml_xml` does), with the edges put in order."""
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(dataset_graph(dataset))
    put_edges_in_order(writer.xml.find("graph"), dataset)
    undirected = {c.id for c in dataset.connections if c.direction.value == "undirected"}
    for edge in writer.xml.find("graph").iter("edge"):  # GraphML's own per-edge flag; mutual stays in data
        if edge.get("id") in undirected:
            edge.set("directed", "false")
    for key in writer.xml.iter("key"):  # an imported attribute's name may hold spaces: GraphML's may not
        key.set("attr.name", graphml_name(key.get("attr.name", "")))
    buffer = io.BytesIO()
    writer.dump(buffer)
    return keep_carriage_returns(buffer.getvalue())
