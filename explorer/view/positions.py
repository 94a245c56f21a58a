"""Node positions: the shared, stored ones first; any element without one is placed once, deterministically.

Stored positions make toggling between areas a comparison: a service sits in the same place in every map.
"""

from __future__ import annotations

from explorer.data.model import Dataset
from explorer.view.lattice import CELL
from explorer.view.placement import place_around

Point = tuple[float, float]


def positions_for(dataset: Dataset, shared: dict[str, Point]) -> dict[str, Point]:
    """Positions for every element of the dataset, keeping the shared ones exactly.

    >>> from explorer.data.model import Element
    >>> from explorer.data.vocab import ElementType, Sector, Layer, Provenance
    >>> els = tuple(Element(i, i, ElementType.SERVICE, Sector.NHS, (Layer.C,)) for i in "ab")
    >>> pos = positions_for(Dataset("d", "D", "", Provenance.IMPORTED, elements=els), {"a": (0.0, 0.0)})
    >>> pos["a"], len(pos)
    ((0.0, 0.0), 2)
    """
    ids = [e.id for e in dataset.elements]
    if dataset.positions:  # an imported map keeps the places its own file gave, at our scale
        shared = {**shared, **own_positions(dataset)}
    out = {i: shared[i] for i in ids if i in shared}
    if len(out) == len(ids):
        return out
    links = [(c.source, c.target) for c in dataset.connections]
    labels = {e.id: e.map_label for e in dataset.elements}  # the room a drawn label takes
    return place_around(ids, links, out, labels, avoid=[p for i, p in shared.items() if i not in out])


def own_positions(dataset: Dataset, spacing: float = 260.0) -> dict[str, Point]:
    """The file's positions of an imported map, scaled so that the map spans what a spring layout of as many
    elements would (Kumu's coordinates run to thousands, Gephi's to hundreds).

    >>> from explorer.data.vocab import Provenance
    >>> d = Dataset("d", "D", "", Provenance.IMPORTED, positions=(("a", 0.0, 0.0), ("b", 10.0, 5.0)))
    >>> own_positions(d)
    {'a': (0.0, 0.0), 'b': (520.0, 260.0)}
    """
    points = {item: (x, y) for item, x, y in dataset.positions}
    x1, y1, x2, y2 = bounding_box(list(points.values()))
    span = max(x2 - x1, y2 - y1) or 1.0
    scale = spacing * max(len(points), 4) ** 0.5 / span
    return {item: ((x - x1) * scale, (y - y1) * scale) for item, (x, y) in points.items()}


def bounding_box(points: list[Point]) -> tuple[float, float, float, float]:
    """(x1, y1, x2, y2) of the points, or a unit box when there are none."""
    if not points:
        return (0.0, 0.0, 1.0, 1.0)
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


VIEWS = ("A", "B", "C")
__all__ = ["CELL", "bounding_box", "own_positions", "positions_for", "primary_layer"]


def primary_layer(element_id: str, datasets: list[Dataset]) -> str:
    """The layer where an element has most of its links, across datasets (ties go to the later layer)."""
    counts = {layer: 0 for layer in VIEWS}
    layers: set[str] = set()
    for d in datasets:
        item = d.get(element_id)
        if item is None:
            continue
        layers |= {layer.value for layer in item.layers}
        for c in d.connections:
            if element_id in (c.source, c.target) and not c.cross_layer:
                counts[c.layer.value] += 1
    candidates = [layer for layer in VIEWS if layer in layers] or list(VIEWS)
    return max(reversed(candidates), key=lambda layer: counts[layer])
