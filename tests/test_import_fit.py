"""An imported map with places of its own fills the view; one placed where the shipped maps are shares their
extent, so comparing it keeps every service in its place (issue 15: small imports were drawn tiny)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from explorer.data.catalog import load_catalog
from explorer.data.readers.uploads import parse_upload
from explorer.service import MapService
from explorer.view.state import ViewState

FIXTURES = Path(__file__).parent / "fixtures" / "foreign"


@pytest.fixture(scope="module")
def service():
    return MapService(load_catalog())


def span(corners):
    (x1, y1), (x2, y2) = corners
    return x2 - x1, y2 - y1


def own(name: str, data: bytes):
    return parse_upload([name], ["data:;base64," + base64.b64encode(data).decode()])


@pytest.mark.parametrize(
    "name, data",
    [
        ("g.gexf", (FIXTURES / "gephi-1.3.gexf").read_bytes()),  # the file's own positions
        (  # no positions, and no element a shipped map has: laid out by us, at a small extent
            "k.json",
            json.dumps(
                {"elements": [{"label": "Ana"}, {"label": "Bo"}, {"label": "Cy"}],
                 "connections": [{"from": "Ana", "to": "Bo"}, {"from": "Bo", "to": "Cy"}]}
            ).encode(),
        ),
        ("one.json", json.dumps({"elements": [{"label": "Alone"}], "connections": []}).encode()),
    ],
)  # fmt: skip
def test_a_map_with_places_of_its_own_is_fitted_to_them(service, name, data):
    dataset = own(name, data)
    state = ViewState(dataset=dataset.id, layer="all")
    assert service.own_places(dataset, "all")
    view = service.map_view(dataset, state)
    width, height = span(view.corners)
    shared_width, shared_height = (
        (service.boxes["all"][2] - service.boxes["all"][0]),
        (service.boxes["all"][3] - service.boxes["all"][1]),
    )
    assert width < shared_width / 2 and height < shared_height / 2  # was the whole shared extent
    xs = [n.x for n in view.nodes]
    (x1, _), (x2, _) = view.corners
    assert x1 <= min(xs) and max(xs) <= x2  # and every element is inside it


def test_a_map_placed_at_the_shared_positions_keeps_the_shared_extent(service):
    kumu = {
        "elements": [
            {"label": "GP practice", "type": "service", "sector": "nhs", "id": "gp_practices"},
            {"label": "CAMHS", "type": "service", "sector": "nhs", "id": "camhs"},
        ],
        "connections": [{"from": "gp_practices", "to": "camhs", "type": "refers"}],
    }
    dataset = own("k.json", json.dumps(kumu).encode())
    assert not service.own_places(dataset, "C")
    assert service.box(dataset, "C") == service.boxes["C"]
    study = service.catalog.datasets["study"]
    assert service.box(study, "C") == service.boxes["C"]
