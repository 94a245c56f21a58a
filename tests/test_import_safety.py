"""Imported maps that cannot hurt anyone: who may import, ids that never collide, bounded and honest text,
and requests the guard refuses (issue 14, defects 2 and 3 and the minor ones)."""

from __future__ import annotations

import base64
import json
from contextvars import copy_context

import flask
import pytest

from explorer.data.problems import LoadError
from explorer.data.readers.uploads import parse_upload
from explorer.store.auth import LOCAL, Actor, ReadOnlyError, Roles
from explorer.store.imported_maps import ImportStore
from explorer.web import auth as web_auth


def url(data: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(data).decode()


def kumu(*labels: str, description: str = "") -> bytes:
    elements = [{"label": label, "type": "service", "description": description} for label in labels]
    return json.dumps({"elements": elements, "connections": []}).encode()


def problems_of(names, payloads) -> list[str]:
    with pytest.raises(LoadError) as caught:
        parse_upload(names, [url(p) for p in payloads])
    return [str(p) for p in caught.value.problems]


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


# Defect 2: viewers could import --------------------------------------------------------------------


def test_the_store_refuses_a_viewers_import(tmp_path):
    store = ImportStore(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    dataset = parse_upload(["area.json"], [url(kumu("GP practice"))])
    with pytest.raises(ReadOnlyError):
        store.save(dataset, Actor("bob", "viewer"))
    assert store.ids() == []
    assert store.save(dataset, Actor("alice", "facilitator")) == dataset.id


def test_the_upload_callback_refuses_a_viewer_and_keeps_nothing(tmp_path):
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    from explorer.data.catalog import load_catalog
    from explorer.service import MapService
    from explorer.web import import_preview, importer

    server = flask.Flask("test")
    server.config["EXPLORER"] = MapService(
        load_catalog(), ImportStore(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    )
    server.config["EXPLORER_ROLES"] = Roles({"alice": "a-pw"}, {"bob": "b-pw"})

    def fire(headers, trigger, function, *args):
        with server.test_request_context("/_dash-update-component", headers=headers):

            def run():
                context_value.set(AttributeDict(triggered_inputs=[{"prop_id": trigger, "value": 1}]))
                return function(*args)

            return copy_context().run(run)

    sent = ([url(kumu("GP practice"))], ["area.json"])
    status, *_ = fire(basic("bob", "b-pw"), "import-upload.contents", importer.upload, *sent)
    assert "read-only" in str(status) and server.config["EXPLORER"].imports.ids() == []
    # A viewer who forges the confirm request is refused too.
    status, *_ = fire(
        basic("bob", "b-pw"), "import-confirm.n_clicks", import_preview.decide, 1, None, [], [], *sent
    )
    assert "read-only" in str(status) and server.config["EXPLORER"].imports.ids() == []
    # A facilitator sees a preview, and nothing is stored until they confirm.
    status, *_ = fire(basic("alice", "a-pw"), "import-upload.contents", importer.upload, *sent)
    assert "Preview" in str(status) and server.config["EXPLORER"].imports.ids() == []
    status, *_, opened = fire(
        basic("alice", "a-pw"), "import-confirm.n_clicks", import_preview.decide, 1, None, [], [], *sent
    )
    assert "Loaded" in str(status) and opened.startswith("imported-area-")
    assert server.config["EXPLORER"].imports.ids() == [opened]


# Defect 3: an import could silently replace another ------------------------------------------------


def test_two_files_with_one_long_name_get_two_ids(tmp_path):
    name = "A very long name for our area's map of services " * 3 + ".json"
    first = parse_upload([name], [url(kumu("GP practice"))])
    second = parse_upload([name], [url(kumu("CAMHS"))])
    assert first.id != second.id and len(first.id) <= 100 and len(second.id) <= 100
    store = ImportStore(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    store.save(first, LOCAL)
    store.save(second, LOCAL)
    assert sorted(store.ids()) == sorted([first.id, second.id])
    assert [e.label for e in store.get(first.id).elements] == ["GP practice"]


# Minor: ids must match their pattern whole ---------------------------------------------------------


def test_an_id_with_a_trailing_newline_is_not_an_id():
    element = {"label": "A", "type": "service", "id": "a\n"}
    found = problems_of(["m.json"], [json.dumps({"elements": [element]}).encode()])
    assert any("'a\\n' is not a valid id" in p for p in found), found
    doc = {"dataset": {"id": "area\n", "name": "Area", "area": "x", "provenance": "imported"}, "elements": []}
    assert any("is not a valid id" in p for p in problems_of(["m.json"], [json.dumps(doc).encode()]))


# Minor: display spoofing with direction overrides and zero-width characters ------------------------


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u2066", "\ufeff", "\u200f"])
def test_a_label_with_an_invisible_character_is_refused(char):
    found = problems_of(["area.json"], [kumu(f"GP{char}practice")])
    assert found == [
        f"area.json#elements:1:Label: holds U+{ord(char):04X}, an invisible character that can make text "
        "display as something else; remove it"
    ]


def test_longer_text_loses_invisible_characters_and_the_file_name_too():
    dataset = parse_upload(["our\u202earea.json"], [url(kumu("GP practice", description="Open\u200b daily"))])
    assert dataset.elements[0].description == "Open daily"
    assert "\u202e" not in dataset.name and "\u202e" not in dataset.id


# Every format has cell limits (JSON had none) ------------------------------------------------------


def test_a_json_label_of_ten_thousand_characters_is_refused():
    found = problems_of(["area.json"], [kumu("x" * 10_000)])
    assert found == [
        "area.json#elements:1:Label: 10000 characters; a label holds at most 200 (put the rest in Description)"
    ]


def test_a_json_cell_over_the_cell_limit_is_refused():
    found = problems_of(["area.json"], [kumu("GP practice", description="y" * 20_001)])
    assert found == ["area.json#elements:1:Description: 20001 characters; a cell holds at most 20000"]


# Minor: anonymous writes get 401, other sites' writes 403 ------------------------------------------


@pytest.fixture(scope="module")
def signed_in_app():
    import dash
    from dash import html

    from explorer.web.app import _registered

    # A plain Dash app takes every callback registered so far when it serves its first request; let the
    # explorer copy them first, or a later create_app() in this process would miss those already imported.
    _registered()
    app = dash.Dash(__name__)
    app.layout = html.Div([html.Button(id="b"), html.Div(id="x")])
    app.callback(dash.Output("x", "children"), dash.Input("b", "n_clicks"))(lambda n: f"clicked {n}")
    web_auth.apply_auth(app, Roles({"alice": "a-pw"}, {"bob": "b-pw"}))
    return app.server.test_client()


def test_an_anonymous_post_gets_401_not_500(signed_in_app):
    response = signed_in_app.post("/_dash-update-component", json={})
    assert response.status_code == 401 and "Basic" in response.headers["WWW-Authenticate"]
    assert (
        signed_in_app.post(
            "/_dash-update-component", json={}, headers={"Authorization": "Bearer x"}
        ).status_code
        == 401
    )
    assert (
        signed_in_app.post("/_dash-update-component", json={}, headers=basic("alice", "wrong")).status_code
        == 401
    )


def test_a_signed_in_post_that_is_no_callback_gets_400(signed_in_app):
    assert (
        signed_in_app.post("/_dash-update-component", json={}, headers=basic("bob", "b-pw")).status_code
        == 400
    )


def test_a_callback_body_missing_a_state_gets_400_saying_so(tmp_path):
    """A body one state short was an IndexError inside Dash, answered 500; the guard now says what is wrong."""
    from explorer.web.app import create_app

    client = create_app(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}").server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    spec = next(s for s in deps if s["output"] == "export-notes-download.data")
    each = [{"id": d["id"], "property": d["property"], "value": None} for d in spec["state"]]
    body = {
        "output": spec["output"],
        "outputs": {"id": "export-notes-download", "property": "data"},
        "inputs": [{"id": "export-notes-button", "property": "n_clicks", "value": None}],
        "changedPropIds": [],
    }
    short = client.post("/_dash-update-component", json={**body, "state": each[:-1]})
    assert short.status_code == 400, short.data[:200]
    assert short.text == (
        "Not a callback request: callback export-notes-download.data takes 1 input(s) and 2 state(s); "
        "the request has 1 and 1"
    )
    assert client.post("/_dash-update-component", json=body).status_code == 400  # no "state" at all
    assert client.post("/_dash-update-component", json={**body, "state": [*each[:-1], 7]}).status_code == 400
    unknown = client.post("/_dash-update-component", json={**body, "output": "nothing.here", "state": each})
    assert unknown.status_code == 400 and "no callback has the output 'nothing.here'" in unknown.text
    # The whole body is still answered as before: no click, no update (204).
    assert client.post("/_dash-update-component", json={**body, "state": each}).status_code == 204


def test_a_post_from_another_origin_gets_403(signed_in_app):
    body = {
        "output": "x.children",
        "inputs": [{"id": "b", "property": "n_clicks", "value": 1}],
        "outputs": {"id": "x", "property": "children"},
    }
    evil = {**basic("alice", "a-pw"), "Origin": "https://evil.example"}
    assert signed_in_app.post("/_dash-update-component", json=body, headers=evil).status_code == 403
    cross = {**basic("alice", "a-pw"), "Sec-Fetch-Site": "cross-site"}
    assert signed_in_app.post("/_dash-update-component", json=body, headers=cross).status_code == 403
    own = {**basic("alice", "a-pw"), "Origin": "http://localhost"}
    assert signed_in_app.post("/_dash-update-component", json=body, headers=own).status_code not in (
        400,
        401,
        403,
    )


# Imported maps in the store: quotas, and facilitators delete their own --------------------------


def test_quotas_per_map_and_in_total_say_which_limit(tmp_path):
    from explorer.store.imported_maps import Quota

    one = parse_upload(["one.json"], [url(kumu("GP practice", description="d" * 3000))])
    two = parse_upload(["two.json"], [url(kumu("CAMHS", description="e" * 3000))])
    store = ImportStore(f"sqlite:///{tmp_path / 'db.sqlite3'}", Quota(map_bytes=2000, total_bytes=10_000))
    with pytest.raises(LoadError, match=r"this map is \d+ KB once stored; a map may be at most 2 KB"):
        store.save(one, LOCAL)
    store = ImportStore(store.url, Quota(map_bytes=5000, total_bytes=6000))
    store.save(one, LOCAL)
    with pytest.raises(LoadError, match=r"imported maps already take .* delete imported maps"):
        store.save(two, LOCAL)
    assert store.ids() == [one.id]


def test_a_facilitator_deletes_their_own_imports_only(tmp_path):
    store = ImportStore(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    alice, carol, bob = Actor("alice", "facilitator"), Actor("carol", "facilitator"), Actor("bob", "viewer")
    dataset = parse_upload(["area.json"], [url(kumu("GP practice"))])
    store.save(dataset, alice)
    assert store.get(dataset.id) is not None  # cached now: a delete elsewhere must still be seen
    assert store.can_delete(dataset.id, alice) and not store.can_delete(dataset.id, carol)
    with pytest.raises(ReadOnlyError, match="Only alice can delete"):
        store.delete(dataset.id, carol)
    with pytest.raises(ReadOnlyError):
        store.delete(dataset.id, bob)
    other_host = ImportStore(store.url)
    assert other_host.get(dataset.id) is not None
    assert store.delete(dataset.id, alice)
    assert other_host.get(dataset.id) is None and other_host.ids() == []
