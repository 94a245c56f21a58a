"""The page's first view drawn into its layout (explorer/web/first_view.py): what the layout holds for the page
that asks, what it holds for anything else, and what the URL sync then does on its first call."""

from __future__ import annotations

import pytest

from explorer.view.bundle import bundle_legend, bundle_payload
from explorer.view.page import part_keys
from explorer.view.state import from_query
from explorer.web import first_view, ids
from explorer.web.app import create_app
from tests.test_store import _basic

pytestmark = pytest.mark.usefixtures("dash_registry")  # tests/conftest.py

HOST = "localhost"  # what Flask's test client calls itself


@pytest.fixture(scope="module")
def app(tmp_path_factory, dash_registry):
    made = create_app(database_url=f"sqlite:///{tmp_path_factory.mktemp('db') / 'explorer.db'}")
    made.server.test_client().get("/")  # Dash sets itself up on its first request
    return made


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def components(layout: dict) -> dict[str, dict]:
    """Every component of a layout (as JSON) with a plain id, by id: its props."""
    found: dict[str, dict] = {}

    def walk(node):
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict) and "props" in node:
            props = node["props"]
            if isinstance(props.get("id"), str):
                found[props["id"]] = props
            walk(props.get("children"))

    walk(layout)
    return found


def layout_for(client, referrer: str | None) -> dict[str, dict]:
    response = client.get("/_dash-layout", headers={"Referer": referrer} if referrer else {})
    assert response.status_code == 200
    return components(response.get_json())


def test_the_layout_asked_for_by_a_map_page_holds_that_page_drawn(app, client):
    search = "?dataset=west&layer=C&highlight=gaps"
    got = layout_for(client, f"http://{HOST}/{search}")
    service = app.server.config["EXPLORER"]
    state = from_query(search, service.dataset_ids())
    assert got[ids.STATE]["data"] == state.to_store()
    assert (got[ids.DATASET]["value"], got[ids.LAYER]["value"], got[ids.HIGHLIGHT]["value"]) == (
        "west",
        "C",
        "gaps",
    )
    assert got[ids.FIRST_VIEW]["data"] == search
    key = part_keys(state, service.restyled(state))["map"]
    assert got[ids.PART_MAP]["data"] == key
    bundle = got[ids.MAP_BUNDLE]["data"]
    assert bundle["drawn"] == "C|gaps#"
    # The bundle is the map part's own (cached) answer, and the map shows its view as the browser picks it.
    assert {k: v for k, v in bundle.items() if k != "drawn"} == service.map_bundle(state, key)
    elements, stylesheet, layout = bundle_payload(bundle, "C", "gaps")
    assert got[ids.MAP]["elements"] == elements and len(elements) > 20
    assert got[ids.MAP]["stylesheet"] == stylesheet and got[ids.MAP]["layout"] == layout
    assert any("hl" in e["classes"].split() for e in elements)  # the highlight is drawn
    # The other parts the map view shows are drawn too: caption, banner, highlight panel, evidence; the legend
    # the browser draws from the bundle, as for every view (assets/35-map-restyle.js).
    assert bundle_legend(bundle, "C", "gaps")
    assert service.dataset("west").name in str(got[ids.CAPTION]["children"])
    for part in (ids.BANNER, ids.HIGHLIGHT_PANEL, ids.EVIDENCE):
        assert got[part].get("children"), part
    assert got[ids.EXCLUSION_GROUP]["options"]


def test_anything_else_gets_the_plain_layout(client):
    plain = layout_for(client, None)
    assert plain[ids.STATE].get("data") is None and plain[ids.MAP]["elements"] == []
    for referrer in (
        f"http://{HOST}/room/ABCD12?dataset=west",  # a follower's page: the room decides its view
        "http://elsewhere.example/?dataset=west",  # another site (a browser sends it no Referer anyway)
        f"http://{HOST}/?dataset=west&view=table",  # the Table tab loads its own contents
    ):
        got = layout_for(client, referrer)
        assert got[ids.STATE].get("data") is None, referrer
        assert got[ids.MAP]["elements"] == [], referrer


def test_a_dataset_the_service_does_not_have_is_not_drawn(app, client):
    got = layout_for(client, f"http://{HOST}/?dataset=no-such-area")
    assert (
        got[ids.STATE]["data"]["dataset"]
        == from_query("", app.server.config["EXPLORER"].dataset_ids()).dataset
    )


def test_the_layout_answer_varies_with_the_page_and_is_not_kept(client):
    response = client.get("/_dash-layout", headers={"Referer": f"http://{HOST}/?dataset=west"})
    assert response.headers["Cache-Control"] == "no-store"
    assert "Referer" in response.headers["Vary"]
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="preload" href="/_dash-layout" as="fetch" crossorigin="anonymous">' in page


def test_the_parts_drawn_in_the_layout_are_their_callbacks_outputs(client):
    specs = {
        spec["inputs"][0]["id"]: spec
        for spec in client.get("/_dash-dependencies").get_json()
        if len(spec["inputs"]) == 1 and spec["inputs"][0]["id"] in ids.PARTS.values()
    }
    for part, _draw, outputs in first_view.PARTS:
        spec = specs[ids.PARTS[part]]
        listed = spec["output"][2:-2].split("...") if spec["output"].startswith("..") else [spec["output"]]
        assert listed == [f"{i}.{p}" for i, p in outputs], part
        # Not called at load: the layout drew the part, or the sync's first answer sets its key.
        assert spec["prevent_initial_call"], part


def sync_body(client, values: dict[tuple[str, str], object]) -> dict:
    spec = next(
        s
        for s in client.get("/_dash-dependencies").get_json()
        if s["output"].startswith("..url.search...view-state.data")
    )

    def each(items):
        return [
            {"id": i["id"], "property": i["property"], "value": values.get((i["id"], i["property"]))}
            for i in items
        ]

    parts = spec["output"][2:-2].split("...")
    return {
        "output": spec["output"],
        "outputs": [{"id": p.rpartition(".")[0], "property": p.rpartition(".")[2]} for p in parts],
        "inputs": each(spec["inputs"]),
        "state": each(spec["state"]),
        "changedPropIds": ["url.search"],  # dcc.Location, as it mounts
    }


def first_sync(client, page_search: str, drawn_for: str) -> dict:
    got = layout_for(client, f"http://{HOST}/{drawn_for}")
    values = {(i, p): got[i].get(p) for i, p in ((ids.STATE, "data"), (ids.FIRST_VIEW, "data"))}
    values[(ids.URL, "search")] = page_search
    response = client.post("/_dash-update-component", json=sync_body(client, values))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["response"]


def test_the_sync_first_call_on_a_drawn_page_writes_only_its_marker(client):
    assert first_sync(client, "?dataset=west", "?dataset=west") == {ids.FIRST_VIEW: {"data": None}}


def test_a_page_drawn_for_another_query_is_redrawn_by_the_sync(client):
    # A Referer cut down to the origin (a stricter browser setting): the layout drew the default view.
    sent = first_sync(client, "?dataset=west", "")
    assert sent[ids.STATE]["data"]["dataset"] == "west"
    assert sent[ids.FIRST_VIEW] == {"data": None}
    assert ids.PART_MAP in sent and ids.PART_CAPTION in sent  # the parts that differ are drawn again


def test_sign_in_guards_the_layout_as_every_other_request(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_FACILITATORS", "alice:a-pw")
    monkeypatch.setenv("EXPLORER_VIEWERS", "bob:b-pw")
    app = create_app(database_url=f"sqlite:///{tmp_path / 'explorer.db'}")
    client = app.server.test_client()
    referrer = {"Referer": f"http://{HOST}/?dataset=west"}
    response = client.get("/_dash-layout", headers=referrer)
    assert response.status_code == 401
    assert "west" not in response.get_data(as_text=True)
    # A viewer may read every map: signed in, the layout holds the page's view.
    signed_in = client.get("/_dash-layout", headers={**referrer, **_basic("bob", "b-pw")})
    assert components(signed_in.get_json())[ids.STATE]["data"]["dataset"] == "west"
