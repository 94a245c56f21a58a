"""A small dash-renderer: component props in, callback bodies out, responses folded back in.

The bench and the load tests (benchmarks/locust*.py) time the callbacks as the browser sets them off, over
HTTP only, so they need no part of the web package: `DashSession` reads `/_dash-layout` and
`/_dash-dependencies` and builds the same POST bodies dash-renderer would.
"""

from __future__ import annotations

import gzip
import http.client
import json
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

UPDATE = "/_dash-update-component"
# Props the two main callbacks write, to name them in reports (ids as explorer/web/ids.py has them;
# bench/server.py checks them against the running app's /_explorer/ids.js).
CALLBACK_NAMES = {"view-state.data": "sync", "map-bundle.data": "render", "map-areas.data": "fetch_areas"}


def _key(component_id, prop: str) -> str:
    return f"{component_id}.{prop}"


def _split(key: str) -> dict:
    component_id, prop = key.rsplit(".", 1)
    return {"id": component_id, "property": prop}


@dataclass
class Callback:
    """One server-side callback as `/_dash-dependencies` describes it."""

    output: str
    outputs: list[str]
    inputs: list[str]
    state: list[str]

    @property
    def name(self) -> str:
        for key, name in CALLBACK_NAMES.items():
            if key in self.outputs:
                return name
        return self.outputs[0] if self.outputs else self.output

    def body(self, props: dict, changed: list[str]) -> bytes:
        def item(key: str) -> dict:
            entry = _split(key)
            if key in props:
                entry["value"] = props[key]
            return entry

        multi = self.output.startswith("..")
        outputs = [_split(k) for k in self.outputs]
        doc = {
            "output": self.output,
            "outputs": outputs if multi else outputs[0],
            "inputs": [item(k) for k in self.inputs],
            "changedPropIds": changed,
            "parsedChangedPropsIds": changed,
            "state": [item(k) for k in self.state],
        }
        return json.dumps(doc, separators=(",", ":")).encode("utf-8")


def parse_dependencies(deps: list[dict]) -> tuple[list[Callback], list[str]]:
    """Server callbacks with plain string ids, and a note for each one left out (clientside, pattern ids)."""
    out, skipped = [], []
    for d in deps:
        if d.get("clientside_function"):
            continue
        spec = d["output"]
        keys = spec[2:-2].split("...") if spec.startswith("..") else [spec]
        ids = [k for k in keys] + [_key(i["id"], i["property"]) for i in (*d["inputs"], *d["state"])]
        if any(k.startswith("{") for k in ids) or any(not isinstance(i["id"], str) for i in d["inputs"]):
            skipped.append(spec[:80])
            continue
        out.append(
            Callback(
                output=spec,
                outputs=keys,
                inputs=[_key(i["id"], i["property"]) for i in d["inputs"]],
                state=[_key(i["id"], i["property"]) for i in d["state"]],
            )
        )
    return out, skipped


def layout_props(node, props: dict) -> dict:
    """Every prop of every component with an id in a `/_dash-layout` tree, as the renderer holds them."""
    if isinstance(node, list):
        for child in node:
            layout_props(child, props)
    elif isinstance(node, dict) and "props" in node and "type" in node:
        own = node["props"]
        component_id = own.get("id")
        for name, value in own.items():
            if name == "children" or _is_component(value):
                layout_props(value, props)
            elif isinstance(component_id, str) and name != "id":
                props[_key(component_id, name)] = value
        if isinstance(component_id, str) and "children" in own and not _is_component(own["children"]):
            props[_key(component_id, "children")] = own["children"]
    return props


def _is_component(value) -> bool:
    if isinstance(value, dict):
        return "props" in value and "type" in value
    return isinstance(value, list) and any(_is_component(v) for v in value)


@dataclass
class Call:
    name: str
    ms: float
    status: int
    request_bytes: int
    response_bytes: int
    gzip_bytes: int


Post = Callable[[str, bytes, str], tuple[int, bytes]]
Get = Callable[[str], bytes]


@dataclass
class DashSession:
    """One simulated browser tab: what it would POST for each user action, in order.

    `post(path, body, name)` sends a JSON body and gives back (status, response bytes); `get(path)` gives
    back a body. Callbacks that one action triggers go one after another (the renderer sends independent
    ones in parallel): the URL sync first, then each part whose key it changed and each reader of the view
    state. Clientside callbacks are not run: the map a state shows is picked out of the map bundle by
    `explorer.view.bundle.bundle_payload`, as the browser does.
    """

    post: Post
    get: Get
    max_chain: int = 12
    measure_gzip: bool = True  # gzip each response to report what compression would save (costs CPU)
    props: dict = field(default_factory=dict)
    callbacks: list[Callback] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    last: dict = field(default_factory=dict)  # the props the last action's responses set

    def open(self, search: str = "") -> list[Call]:
        """Load the page: layout and dependencies, then the URL's own change, as the renderer starts."""
        self.props = layout_props(json.loads(self.get("/_dash-layout")), {})
        self.callbacks, self.skipped = parse_dependencies(json.loads(self.get("/_dash-dependencies")))
        return self.change({"url.pathname": "/", "url.search": search})

    def change(self, changes: dict) -> list[Call]:
        """Set props as a user would (e.g. {'layer-radio.value': 'C'}) and run every callback it sets off."""
        self.props.update(changes)
        self.last = {}
        calls: list[Call] = []
        queue = deque([(list(changes), None)])
        while queue and len(calls) < self.max_chain:
            changed, source = queue.popleft()
            for callback in self.callbacks:
                if callback is source:
                    continue  # a callback's own outputs do not set it off again
                hit = [k for k in changed if k in callback.inputs]
                if not hit:
                    continue
                body = callback.body(self.props, hit)
                start = time.perf_counter()
                status, data = self.post(UPDATE, body, callback.name)
                ms = (time.perf_counter() - start) * 1000
                zipped = len(gzip.compress(data, 6)) if self.measure_gzip else 0
                calls.append(Call(callback.name, ms, status, len(body), len(data), zipped))
                if status == 204 or not data:
                    continue
                if status != 200:
                    raise RuntimeError(f"{callback.name}: HTTP {status}: {data[:300]!r}")
                response = json.loads(data).get("response", {})
                new = {_key(cid, prop): v for cid, values in response.items() for prop, v in values.items()}
                self.props.update(new)
                self.last.update(new)
                if new:
                    queue.append((list(new), callback))
        return calls


class HttpClient:
    """A keep-alive HTTP/1.1 connection to one host, for DashSession."""

    def __init__(self, base_url: str, timeout: float = 60):
        parts = urlsplit(base_url)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def post(self, path: str, body: bytes, _name: str = "") -> tuple[int, bytes]:
        return self.request("POST", path, body)

    def get(self, path: str) -> bytes:
        status, data = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}")
        return data

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def session_for(base_url: str) -> tuple[DashSession, HttpClient]:
    client = HttpClient(base_url)
    return DashSession(client.post, client.get), client
