"""The legibility figures on hand-drawn views: each figure counts what it says it counts."""

from __future__ import annotations

from explorer.devtools.legibility import Reading, crossings, figures, segment_hits_box, table, unique_pairs


def node(x, y, font=10.0, label=None):
    return {"x": x, "y": y, "font": font, "label": label}


def test_a_link_through_a_third_label_is_counted_but_not_through_its_own_ends():
    nodes = {
        "a": node(0, 0, label=(-10, 5, 10, 15)),
        "b": node(100, 0, label=(90, 5, 110, 15)),
        "c": node(50, 10, label=(40, -5, 60, 5)),  # its label sits on the a-b line
    }
    edges = [{"source": "a", "target": "b", "label": None}, {"source": "a", "target": "c", "label": None}]
    f = figures(Reading(zoom=2.0, nodes=nodes, edges=edges, map_share=0.5))
    assert (f.through, f.links) == (1, 2)
    assert f.label_median == 20.0 and f.label_min == 20.0


def test_overlapping_labels_and_link_labels_over_text():
    nodes = {"a": node(0, 0, label=(0, 0, 40, 10)), "b": node(30, 0, label=(30, 5, 70, 15))}
    edges = [{"source": "a", "target": "b", "label": (35, 8, 45, 12)}]
    f = figures(Reading(zoom=1.0, nodes=nodes, edges=edges, map_share=1.0))
    assert f.overlaps == 1
    assert f.over_text == 1


def test_crossings_count_proper_crossings_once_per_pair_of_ends():
    square = {"a": node(0, 0), "b": node(10, 10), "c": node(0, 10), "d": node(10, 0)}
    two_ways = [("a", "b"), ("b", "a"), ("c", "d")]
    edges = [{"source": s, "target": t, "label": None} for s, t in two_ways]
    assert unique_pairs(edges) == [("a", "b"), ("c", "d")]
    f = figures(Reading(zoom=1.0, nodes=square, edges=edges, map_share=1.0))
    assert f.crossings == 1
    # the spring layout of a 4-node graph with two disjoint links need not cross
    assert f.spring_crossings in (0, 1)


def test_segment_box_and_crossing_edge_cases():
    assert segment_hits_box(((0, 0), (10, 10)), (4, 4, 5, 5))
    assert segment_hits_box(((4.5, 4.5), (4.6, 4.6)), (4, 4, 5, 5))  # wholly inside
    assert not segment_hits_box(((0, 10), (10, 10)), (4, 4, 5, 5))
    assert crossings([((0, 0), (1, 0)), ((2, 0), (3, 0))]) == 0  # collinear, apart


def test_table_sums_the_counts():
    nodes = {"a": node(0, 0, label=(0, 0, 40, 10)), "b": node(30, 0, label=(30, 5, 70, 15))}
    f = figures(Reading(zoom=1.0, nodes=nodes, edges=[], map_share=0.25))
    text = table([("1280x720", "study", "A", f), ("1280x720", "study", "B", f)])
    assert "| **sum** | | | | 2 |" in text
    assert "| 1280x720 | study | A | 10.0 / 10.0 | 1 | 0/0 (0%) | 0 | 0 (0) | 25 |" in text


def test_labels_grow_for_the_projector_but_never_into_one_another():
    """In every view and page layout, a font grown past the cell's own size (what the layout plans for) leaves
    every placed label clear of the others, by the layout's own label boxes; projector mode never draws
    labels smaller than the page, on screen."""
    from explorer.data.catalog import load_catalog
    from explorer.service import MapService
    from explorer.view.lattice import label_box
    from explorer.view.positions import CELL
    from explorer.view.state import ViewState
    from explorer.view.styles import CANVAS, fit_zoom

    service = MapService(load_catalog())
    study = service.catalog.datasets["study"]
    seen = {}
    for layer in ("A", "B", "C", "all"):
        fonts = seen[layer] = {}
        for projector in (False, True):
            for compare in ("", "west"):
                state = ViewState(layer=layer, projector=projector, compare=compare)
                placed = service.places(study, state)[2]  # side by side, with the rows further apart
                view = service.map_view(study, state)
                (x1, y1), (x2, y2) = view.corners
                mode = ("projector" if projector else "page", "side" if compare else "one")
                fonts[projector, compare] = view.scale.font * fit_zoom(CANVAS[mode], x2 - x1, y2 - y1)  # px
                if view.scale.font <= CELL[0] / 9.5 + 1e-6:
                    continue  # within the cell: the layout's own promise
                boxes = []
                for label, (x, y) in placed:
                    b = label_box(label, view.scale)
                    boxes.append((x + b[0], y + b[1], x + b[2], y + b[3]))
                for i, a in enumerate(boxes):
                    for b in boxes[i + 1 :]:
                        assert not (min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1]))
        assert fonts[True, ""] >= fonts[False, ""]
    # B has room to spare: projector mode draws its labels bigger than the page's.
    assert seen["B"][True, ""] > seen["B"][False, ""]
