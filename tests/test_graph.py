from explorer.analysis.graph import build_graph
from explorer.data.readers.loader import load_folder


def test_layers_choose_edges_and_carry_attributes(mini):
    d = load_folder(mini)
    everything = build_graph(d)
    assert everything.number_of_edges() == 4 and set(everything) == {"da", "camhs", "board", "kids"}
    edge = everything.edges["da", "camhs", "wall"]
    assert edge["status"] == "gap" and edge["kind"] == "refers" and edge["evidence"][0].participant == "P24"
    assert everything.nodes["kids"]["type"] == "population_group"

    b_only = build_graph(d, ["B"])
    assert list(b_only.edges(keys=True)) == [("camhs", "board", "camhs_board")]
    # Elements of the layer are there even without an edge in it.
    assert set(b_only) == {"da", "camhs", "board"}


def test_edge_end_outside_chosen_layer_is_pulled_in(mini):
    d = load_folder(mini)
    c_only = build_graph(d, ["C"])
    assert "board" not in c_only
    assert c_only.graph == {"dataset": "mini", "provenance": "study"}
