"""Large imported maps render: placed in bounded time and memory without scipy (issue 14, defect 4)."""

from __future__ import annotations

import sys
import time

import pytest

from explorer.data.model import Connection, Dataset, Element
from explorer.data.vocab import ElementType, Kind, Layer, Provenance, Sector, Status
from explorer.view.positions import positions_for


def big_map(n: int) -> Dataset:
    elements = tuple(
        Element(f"e{i}", f"Service {i}", ElementType.SERVICE, Sector.NHS, (Layer.C,)) for i in range(n)
    )
    connections = tuple(
        Connection(f"c{i}", f"e{i}", f"e{(i * 7 + 1) % n}", Layer.C, Kind.REFERS, Status.PRESENT)
        for i in range(n)
    )
    return Dataset("imported-big", "Big", "", Provenance.IMPORTED, elements=elements, connections=connections)


@pytest.mark.parametrize("n", [500, 5000])
def test_a_large_map_is_placed_without_scipy(monkeypatch, n):
    monkeypatch.setitem(sys.modules, "scipy", None)  # not a dependency: never rely on it
    dataset = big_map(n)
    start = time.perf_counter()
    positions = positions_for(dataset, {})
    seconds = time.perf_counter() - start
    print(f"\n{n} elements placed in {seconds:.2f} s")
    assert set(positions) == {e.id for e in dataset.elements}
    assert len(set(positions.values())) == n  # no two elements on one spot


def test_known_positions_stay_and_the_rest_keep_off_them(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy", None)
    dataset = big_map(600)
    positions = positions_for(dataset, {"e0": (10.0, 20.0)})
    assert positions["e0"] == (10.0, 20.0)
    # the rest are placed around it by the layout engine, never on its cell (lattice.CELL)
    assert all(abs(x - 10.0) >= 150 or abs(y - 20.0) >= 110 for i, (x, y) in positions.items() if i != "e0")
