"""`python -m explorer bench [--quick] [--out FILE]`: measure the app the way docs/performance.md reports it.

Prints one JSON object:

* **server**: latency (p50/p95/max, ms) of the callbacks that an area, layer or highlight toggle sets off,
  sent as real HTTP POSTs to `/_dash-update-component` on a live server in this process (werkzeug on
  127.0.0.1, a port of its own), for the shipped study data and for a synthetic 2,000/6,000 map. The
  bodies are what dash-renderer sends: `DashSession` reads `/_dash-layout` and `/_dash-dependencies`,
  keeps every component prop as the browser would, and follows the callback chain (`sync` writes the
  view state, `render` draws it). Response bytes per toggle, raw and as gzip would send them.
* **browser**: click-to-painted in headless Chromium for an area toggle (without --quick also a layer and
  a highlight toggle at study size), against the FLOOR: a plain HTML page that loads cytoscape.js 3.28.1
  (the version dash-cytoscape bundles, fetched with `npm pack` into a cache folder) and paints the same
  elements, with the same preset positions, stylesheet and canvas size, in the same browser in the same
  run; the ratio app/floor of the medians. "Painted" means the same for both: the first cytoscape
  `render` event after which the canvas holds the expected elements (count, plus a sample of ids, classes
  and positions that the toggle changes) and is fitted, followed by a double requestAnimationFrame. The
  clock starts at the click's `pointerdown` timestamp. The floor applies a toggle with `cy.json()` (a
  diff by id) in a batch, and lays out again only when the app's layout prop changes. Also the 2,000-node
  map's first paint (navigation start to painted), app and floor.
* **startup_s**: `python app.py --port P` in a subprocess, until `GET /` answers 200.
* **analysis_s**: `explorer.analysis.cache.analyse` on the 2,000-node map, cold and cached.
* **targets**: each target, the measured figure and whether it is met.

`--parts server,browser,startup,analysis` picks what to measure. Figures are for the machine they ran on;
nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
UPDATE = "/_dash-update-component"
CYTOSCAPE_VERSION = "3.28.1"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "system-map-explorer"
# Debian's Chromium as Playwright drives it here (tests use these too): no GPU, no background network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 720}
# Props the two main callbacks write, to name them in reports.
CALLBACK_NAMES = {"view-state.data": "sync", "map.elements": "render"}
QUICK_BUDGET_S = 110  # --quick skips the 2,000-node toggle if it would run past this
TARGETS = {
    "study_callback_p95_ms": 20.0,
    "click_to_painted_ratio": 1.3,
    "synthetic_first_paint_s": 3.0,
    "synthetic_toggle_s": 1.0,
    "load_p95_ms": 250.0,
    "startup_s": 3.0,
}


# ------------------------------------------------------------------------------------------------
# Statistics


_STARTED = time.perf_counter()


def log(message: str) -> None:
    """Progress on stderr, with the seconds since start, so stdout stays one JSON object."""
    print(f"bench: {time.perf_counter() - _STARTED:6.1f} s  {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list.

    >>> percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), percentile([4.0], 50)
    (10, 4.0)
    """
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def summary(values: list[float], digits: int = 1) -> dict:
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50": round(statistics.median(values), digits),
        "p95": round(percentile(values, 95), digits),
        "max": round(max(values), digits),
    }


# ------------------------------------------------------------------------------------------------
# A small dash-renderer: component props in, callback bodies out, responses folded back in.


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
    back a body. Callbacks that one action triggers go one after another (the renderer would send
    independent ones in parallel; this app has one chain: sync, then render).
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


# ------------------------------------------------------------------------------------------------
# Servers


class LiveServer:
    """A Flask app on 127.0.0.1 at a free port, served by werkzeug from a thread of this process."""

    def __init__(self, wsgi_app):
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


def quiet_werkzeug() -> None:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serving_app(data_dir: Path, before_setup: Callable | None = None):
    """`create_app(data_dir)` (hardened, as production serves it), set up at once.

    Dash sets an app up on its first request; doing it here, before any timing, keeps that cost out of the
    first measured callback. `create_app` hands the callbacks to each new app, so two apps can be served
    from one process (the study data and the synthetic map). `before_setup(app)` may still change the app.
    """
    from explorer.web.app import create_app

    app = create_app(data_dir)
    if before_setup is not None:
        before_setup(app)
    app.server.test_client().get("/_dash-dependencies")
    return app


def synthetic_data_dir(folder: Path, n_nodes: int = 2000, n_edges: int = 6000) -> Path:
    """Two synthetic 'areas' (seeds 0 and 1, same element ids and places) as a data folder."""
    from explorer.devtools.synthetic import synthetic_dataset, write_data_dir

    return write_data_dir(folder, [synthetic_dataset(n_nodes, n_edges, seed) for seed in (0, 1)])


# ------------------------------------------------------------------------------------------------
# Server latency


TOGGLES = {
    "layer": ("layer-radio.value", ["A", "B", "C", "all"]),
    "highlight": ("highlight-radio.value", ["gaps", "attendance", "exclusions", "none"]),
}


def toggle_plan(datasets: list[str]) -> dict[str, tuple[str, list]]:
    return {"area": ("dataset-select.value", [*datasets[1:], datasets[0]]), **TOGGLES}


def measure_callbacks(base_url: str, datasets: list[str], repeats: int) -> dict:
    """Each toggle `repeats` times (after one warm-up cycle), cycling through its values."""
    session, client = session_for(base_url)
    try:
        first = session.open(f"?dataset={datasets[0]}")
        out: dict = {
            "page_load_calls": [c.name for c in first],
            "skipped_callbacks": session.skipped,
        }
        home = {
            "dataset-select.value": datasets[0],
            "layer-radio.value": "all",
            "highlight-radio.value": "none",
        }
        for toggle, (key, values) in toggle_plan(datasets).items():
            log(f"server: {datasets[0]} {toggle} toggle x{repeats}")
            session.change(home)  # each toggle starts from the whole first map, no highlight
            for value in values:  # warm-up: positions, computed gaps, first-time caches
                session.change({key: value})
            per_call: dict[str, list[float]] = {}
            totals, sizes, zipped, requests = [], [], [], []
            for n in range(repeats):
                calls = session.change({key: values[n % len(values)]})
                totals.append(sum(c.ms for c in calls))
                sizes.append(sum(c.response_bytes for c in calls))
                zipped.append(sum(c.gzip_bytes for c in calls))
                requests.append(sum(c.request_bytes for c in calls))
                for c in calls:
                    per_call.setdefault(c.name, []).append(c.ms)
            out[toggle] = {
                "chain": list(per_call),
                "toggle_ms": summary(totals),
                "callbacks_ms": {name: summary(v) for name, v in per_call.items()},
                "response_bytes": int(statistics.median(sizes)),
                "response_bytes_gzip": int(statistics.median(zipped)),
                "request_bytes": int(statistics.median(requests)),
            }
        session.change(home)
        out["response_props_bytes"] = _prop_sizes(session)
        return out
    finally:
        client.close()


def _prop_sizes(session: DashSession) -> dict:
    """Bytes of the largest props the last action set (the whole first map, no highlight): where a
    toggle's payload goes."""
    sizes = {k: len(json.dumps(v, separators=(",", ":"))) for k, v in session.last.items()}
    top = sorted(sizes.items(), key=lambda kv: -kv[1])[:8]
    return dict(top)


# ------------------------------------------------------------------------------------------------
# Browser: click-to-painted against the floor


HARNESS_JS = """
window.__bench = {
  // Resolve when the canvas holds what `expect` describes: count, and a sample of
  // [id, present, sorted classes or null, x or null, y or null].
  arm(cy, expect, clicked) {
    window.__benchResult = null;
    let t0 = null;
    if (clicked) {
      window.addEventListener('pointerdown', ev => { t0 = ev.timeStamp; }, {capture: true, once: true});
    } else {
      t0 = 0;  // navigation start
    }
    const fitted = () => {
      // Fitted as the app fits: the two anchor nodes span the canvas less the padding, in one dimension.
      const anchors = cy.$('.anchor');
      if (expect.padding === null || anchors.length !== 2) return true;
      if (cy.zoom() <= cy.minZoom() * 1.0001) return true;  // too big to fit: as fitted as it gets
      const r = anchors.renderedBoundingBox();
      const pad = 2 * expect.padding;
      return Math.abs(r.w - (cy.width() - pad)) < 2 || Math.abs(r.h - (cy.height() - pad)) < 2;
    };
    const why = () => {  // what still differs, or null once the canvas holds what is expected
      if (cy.elements().length !== expect.count) return `count ${cy.elements().length} != ${expect.count}`;
      for (const [id, present, cls, x, y] of expect.sample) {
        const e = cy.getElementById(id);
        if (e.empty() === present) return `${id}: present ${!present}`;
        if (!present) continue;
        const has = e.classes().slice().sort().join(' ');
        if (cls !== null && has !== cls) return `${id}: classes '${has}' != '${cls}'`;
        if (x !== null) {
          const p = e.position();
          if (Math.abs(p.x - x) > 0.5 || Math.abs(p.y - y) > 0.5) return `${id}: at ${p.x},${p.y}`;
        }
      }
      return fitted() ? null : `not fitted: zoom ${cy.zoom()}`;
    };
    const holds = () => why() === null;
    window.__benchWhy = why;
    const onRender = () => {
      if (t0 === null || !holds()) return;
      cy.off('render', onRender);
      requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__benchResult = {t0: t0, t1: performance.now()};
      }));
    };
    cy.on('render', onRender);
  }
};
"""

FLOOR_HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>cytoscape.js floor</title>
<style>html, body {{ margin: 0; font-family: sans-serif; }} #cy {{ width: {w}px; height: {h}px; }}</style>
</head><body>
<button id="toggle" type="button">toggle</button>
<div id="cy"></div>
<script src="cytoscape.min.js"></script>
<script src="harness.js"></script>
<script src="{data}"></script>
<script>
  // cytoscape keeps (and later moves) the position objects it is given, so each toggle gets fresh
  // copies, made before the click, as the app's are fresh from JSON.parse.
  const states = window.FLOOR.states;
  let current = 0, fresh = null;
  window.__prepare = () => {{ fresh = structuredClone(states[(current + 1) % states.length].elements); }};
  const cy = cytoscape({{
    container: document.getElementById('cy'),
    elements: structuredClone(states[0].elements),
    style: states[0].style,
    layout: states[0].layout,
    minZoom: 0.05, maxZoom: 4, boxSelectionEnabled: false,
  }});
  window.__cy = cy;
  if (window.__armFloor) {{ window.__armFloor(cy); }}
  document.getElementById('toggle').addEventListener('click', () => {{
    const before = states[current];
    current = (current + 1) % states.length;
    const next = states[current];
    cy.batch(() => {{
      cy.json({{elements: fresh || structuredClone(next.elements)}});
      fresh = null;
      if (JSON.stringify(next.style) !== JSON.stringify(before.style)) {{ cy.style(next.style); }}
    }});
    // Lay out (and fit) again when the app would: dash-cytoscape runs the layout when its prop changes.
    if (next.layoutKey !== before.layoutKey) {{ cy.layout(next.layout).run(); }}
  }});
</script>
</body></html>
"""


def cytoscape_js(explicit: str | None = None) -> Path:
    """cytoscape.min.js, the version dash-cytoscape bundles: a given file, else `npm pack` into a cache."""
    if explicit:
        return Path(explicit)
    target = CACHE / f"cytoscape-{CYTOSCAPE_VERSION}" / "cytoscape.min.js"
    if target.exists():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed; pass --cytoscape-js FILE")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [npm, "pack", f"cytoscape@{CYTOSCAPE_VERSION}", "--silent"],
            cwd=tmp,
            check=True,
            capture_output=True,
            timeout=180,
        )
        with tarfile.open(next(Path(tmp).glob("cytoscape-*.tgz"))) as archive:
            member = archive.getmember("package/dist/cytoscape.min.js")
            source = archive.extractfile(member)
            assert source is not None
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read())
    return target


def bundled_cytoscape_version() -> str | None:
    import dash_cytoscape

    bundle = Path(dash_cytoscape.__file__).parent / "dash_cytoscape.min.js"
    text = bundle.read_text(encoding="utf-8", errors="replace")
    return CYTOSCAPE_VERSION if f'"{CYTOSCAPE_VERSION}"' in text else None


def expectation(before: list[dict], after: list[dict], padding: float | None = 30, size: int = 40) -> dict:
    """What the canvas must hold once `after` is painted, checked cheaply: the count, and a sample of the
    elements the change adds, removes or alters (spread over the list), plus a few it keeps."""

    def look(e: dict):
        classes = " ".join(sorted((e.get("classes") or "").split()))
        position = e.get("position")
        return classes, (position or {}).get("x"), (position or {}).get("y")

    old = {e["data"]["id"]: e for e in before}
    new = {e["data"]["id"]: e for e in after}
    changed = [i for i in new if i not in old or look(new[i]) != look(old[i])]
    removed = [i for i in old if i not in new]
    kept = [i for i in new if i in old and look(new[i]) == look(old[i])]

    def spread(items: list[str], n: int) -> list[str]:
        if len(items) <= n:
            return items
        return [items[round(k * (len(items) - 1) / (n - 1))] for k in range(n)] if n > 1 else items[:1]

    sample = []
    for i in spread(changed, size // 2) + spread(kept, 4):
        classes, x, y = look(new[i])
        sample.append([i, True, classes, x, y])
    sample += [[i, False, None, None, None] for i in spread(removed, size // 4)]
    return {
        "count": len(after),
        "sample": sample,
        "changed": len(changed),
        "removed": len(removed),
        "padding": padding,
    }


class StaticServer:
    """Serve one folder on 127.0.0.1 (the floor page and cytoscape.js)."""

    def __init__(self, folder: Path):
        import functools
        from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

        class Quiet(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        handler = functools.partial(Quiet, directory=str(folder))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@dataclass
class MapState:
    """What the render callback sent for one view: the map's elements, stylesheet and layout."""

    search: str
    elements: list
    style: list
    layout: dict


def map_states(base_url: str, datasets: list[str], changes: list[tuple[str, object]]) -> list[MapState]:
    """The map after opening ?dataset=<first> and after each change in turn."""
    session, client = session_for(base_url)
    try:
        session.open(f"?dataset={datasets[0]}")
        states = [_state_of(session)]
        for key, value in changes:
            session.change({key: value})
            states.append(_state_of(session))
        return states
    finally:
        client.close()


def _state_of(session: DashSession) -> MapState:
    p = session.props
    return MapState(p.get("url.search", ""), p["map.elements"], p["map.stylesheet"], p["map.layout"])


def _wait_result(page, timeout_ms: float) -> float:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("() => !!window.__benchResult", timeout=timeout_ms, polling=20)
    except PlaywrightTimeout:
        why = page.evaluate("() => window.__benchWhy ? window.__benchWhy() : 'never armed'")
        raise RuntimeError(
            f"{page.url}: not painted as expected after {timeout_ms / 1000:.0f} s: {why}"
        ) from None
    result = page.evaluate("window.__benchResult")
    return result["t1"] - result["t0"]


class BrowserBench:
    """One Chromium; the app page and the floor page, measured turn about."""

    def __init__(self, playwright, chromium: str):
        self.browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        self.version = self.browser.version

    def close(self) -> None:
        self.browser.close()

    def new_page(self):
        context = self.browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.add_init_script(HARNESS_JS)
        return page

    # -- the app
    def open_app(self, url: str, expect: dict, timeout_ms: float = 60000) -> tuple[object, float]:
        """Open the app at url; the time from navigation start to the map painted as expected."""
        page = self.new_page()
        page.add_init_script(
            "window.__expect = " + json.dumps(expect) + ";"
            """(() => { const wait = () => { const b = document.getElementById('map');
              if (b && b._cyreg && b._cyreg.cy) { window.__bench.arm(b._cyreg.cy, window.__expect, false); }
              else { setTimeout(wait, 5); } };
            document.addEventListener('DOMContentLoaded', wait); })();"""
        )
        page.goto(url)
        first = _wait_result(page, timeout_ms)
        page.wait_for_timeout(300)
        return page, first

    def app_toggle(self, page, action: Callable, expect: dict, timeout_ms: float = 60000) -> float:
        page.bring_to_front()
        action(
            page,
            arm=lambda: page.evaluate(
                "e => window.__bench.arm(document.getElementById('map')._cyreg.cy, e, true)", expect
            ),
        )
        ms = _wait_result(page, timeout_ms)
        page.wait_for_timeout(250)  # let late callbacks (URL, panels) finish before the next click
        return ms

    # -- the floor
    def open_floor(
        self,
        static: StaticServer,
        folder: Path,
        name: str,
        states: list[MapState],
        size: dict,
        expect: dict,
        timeout_ms: float = 60000,
    ) -> tuple[object, float]:
        data = f"{name}.js"
        payload = {
            "states": [
                {
                    "elements": s.elements,
                    "style": s.style,
                    "layout": _layout(s.layout),
                    "layoutKey": json.dumps(s.layout, sort_keys=True),
                }
                for s in states
            ]
        }
        (folder / data).write_text("window.FLOOR = " + json.dumps(payload) + ";", encoding="utf-8")
        html = FLOOR_HTML.format(w=round(size["width"]), h=round(size["height"]), data=data)
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
        page = self.new_page()
        page.add_init_script(
            "window.__expect = " + json.dumps(expect) + ";"
            "window.__armFloor = cy => window.__bench.arm(cy, window.__expect, false);"
        )
        page.goto(f"{static.url}/{name}.html")
        first = _wait_result(page, timeout_ms)
        page.wait_for_timeout(300)
        return page, first

    def floor_toggle(self, page, expect: dict, timeout_ms: float = 60000) -> float:
        page.bring_to_front()
        page.evaluate("e => { window.__prepare(); window.__bench.arm(window.__cy, e, true); }", expect)
        page.click("#toggle")
        ms = _wait_result(page, timeout_ms)
        page.wait_for_timeout(50)
        return ms


def _layout(layout: dict) -> dict:
    """The app's layout prop as cytoscape takes it (dash-cytoscape passes extra keys through too)."""
    return {k: v for k, v in layout.items() if k != "fitKey"}


def pick_dataset(page, dataset_id: str, arm: Callable) -> None:
    page.click("#dataset-select")
    option = page.locator(f"[role=option]:has(input[value='{dataset_id}'])")
    option.wait_for(state="visible")
    arm()
    option.click()


def click_radio(component_id: str, value: str) -> Callable:
    def action(page, arm):
        arm()
        page.click(f"label[for='_dbcprivate_radioitems_{component_id}_input_{value}']")

    return action


def measure_browser(
    study_url: str,
    synthetic_url: str | None,
    study: list[str],
    synthetic: list[str],
    counts: dict,
    cytoscape: Path,
    restyles: tuple[str, ...] = ("layer", "highlight"),
    deadline: float | None = None,
) -> dict:
    """counts: {"study": (warm-up toggles, measured toggles), "synthetic": (...)}."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return {"skipped": "Debian chromium is not installed"}
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        folder = Path(tmp)
        shutil.copy(cytoscape, folder / "cytoscape.min.js")
        (folder / "harness.js").write_text(HARNESS_JS, encoding="utf-8")
        static = StaticServer(folder)
        bench = BrowserBench(p, chromium)
        out["chromium"] = bench.version
        try:
            out["study"] = _browser_scenarios(
                bench, static, folder, study_url, study, *counts["study"], "study", restyles
            )
            if synthetic_url:
                out["synthetic"] = _browser_scenarios(
                    bench,
                    static,
                    folder,
                    synthetic_url,
                    synthetic,
                    *counts["synthetic"],
                    "synthetic",
                    restyles=(),
                    deadline=deadline,
                )
        finally:
            bench.close()
            static.stop()
    return out


def _browser_scenarios(
    bench: BrowserBench,
    static: StaticServer,
    folder: Path,
    base_url: str,
    datasets: list[str],
    warm_up: int,
    toggles: int,
    name: str,
    restyles: tuple[str, ...] = ("layer", "highlight"),
    deadline: float | None = None,
) -> dict:
    """An area toggle, and the restyles asked for: app vs floor, turn about, in one app page.

    With a deadline (a time.perf_counter() value), toggles that would likely run past it are skipped
    (each is estimated to take as long as the first paints did), and the report says so.

    Each scenario goes there and back, so with an even number of toggles the app page is back where it
    started and the next scenario can use it without a reload.
    """
    out: dict = {}
    second = datasets[1] if len(datasets) > 1 else datasets[0]
    scenarios: dict[str, tuple[list[tuple[str, object]], list[Callable]]] = {
        "area": (
            [("dataset-select.value", second)],
            [
                lambda page, arm: pick_dataset(page, second, arm),
                lambda page, arm: pick_dataset(page, datasets[0], arm),
            ],
        ),
        "layer": (
            [("layer-radio.value", "C")],
            [click_radio("layer-radio", "C"), click_radio("layer-radio", "all")],
        ),
        "highlight": (
            [("highlight-radio.value", "gaps")],
            [click_radio("highlight-radio", "gaps"), click_radio("highlight-radio", "none")],
        ),
    }
    app = None
    for scenario, (changes, actions) in scenarios.items():
        if scenario != "area" and scenario not in restyles:
            continue
        log(f"browser: {name} {scenario} toggle, app and floor")
        states = map_states(base_url, datasets, changes)
        padding = [s.layout.get("padding", 30) if s.layout.get("fit") else None for s in states]
        expects = [
            expectation(states[1].elements, states[0].elements, padding[0]),
            expectation(states[0].elements, states[1].elements, padding[1]),
        ]
        if app is None:
            app, app_first = bench.open_app(f"{base_url}/{states[0].search}", expects[0])
            size = app.evaluate(
                "JSON.parse(JSON.stringify(document.getElementById('map').getBoundingClientRect()))"
            )
        floor, floor_first = bench.open_floor(static, folder, f"{name}-{scenario}", states, size, expects[0])
        if scenario == "area":
            out["first_paint_ms"] = {
                "app": round(app_first),
                "floor": round(floor_first),
                "elements": len(states[0].elements),
            }
        app_ms, floor_ms = [], []
        estimate = (app_first + floor_first) / 1000 * (warm_up + toggles)
        if deadline is not None and time.perf_counter() + estimate > deadline:
            out[scenario] = {"skipped": f"time budget: about {estimate:.0f} s more than --quick allows"}
            floor.context.close()
            continue
        for n in range(warm_up + toggles):  # there, back, there...: the first `warm_up` are not counted
            target = (n + 1) % 2
            a = bench.app_toggle(app, actions[n % 2], expects[target])
            f = bench.floor_toggle(floor, expects[target])
            if n >= warm_up:
                app_ms.append(a)
                floor_ms.append(f)
        floor.context.close()
        if (warm_up + toggles) % 2:  # not back where it started: the next scenario needs a fresh page
            app.context.close()
            app = None
        app_median, floor_median = statistics.median(app_ms), statistics.median(floor_ms)
        out[scenario] = {
            "elements": [len(s.elements) for s in states],
            "changed_elements": expects[1]["changed"],
            "app_ms": summary(app_ms),
            "floor_ms": summary(floor_ms),
            "ratio_p50": round(app_median / floor_median, 2) if floor_median else None,
            "map_px": [round(size["width"]), round(size["height"])],
        }
    if app is not None:
        app.context.close()
    return out


# ------------------------------------------------------------------------------------------------
# Start-up and analysis


def measure_startup(runs: int, timeout_s: float = 60) -> dict:
    """`python app.py --port P` until GET / gives 200, in seconds."""
    times = []
    for _ in range(runs):
        port = free_port()
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, str(REPO / "app.py"), "--port", str(port)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"app.py exited with {process.returncode}")
                if time.perf_counter() - start > timeout_s:
                    raise RuntimeError("app.py did not answer in time")
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    time.sleep(0.02)
            times.append(time.perf_counter() - start)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return {"runs": [round(t, 2) for t in times], "median": round(statistics.median(times), 2)}


ANALYSIS_SCRIPT = """
import json, sys, time
from explorer.analysis import cache
from explorer.devtools.synthetic import synthetic_dataset
dataset = synthetic_dataset(int(sys.argv[1]), int(sys.argv[2]), seed=0)
start = time.perf_counter()
cache.analyse(dataset)
cold = time.perf_counter() - start
start = time.perf_counter()
cache.analyse(dataset)
print(json.dumps({"cold": round(cold, 2), "cached": round(time.perf_counter() - start, 4)}))
"""


def measure_analysis(n_nodes: int, n_edges: int, budget_s: float | None) -> dict:
    """`explorer.analysis.cache.analyse` on the synthetic map, cold then cached, in a fresh Python process (so no
    earlier import or cache helps), given at most budget_s seconds."""
    out: dict = {"elements": n_nodes, "connections": n_edges}
    try:
        done = subprocess.run(
            [sys.executable, "-c", ANALYSIS_SCRIPT, str(n_nodes), str(n_edges)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=budget_s,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return {**out, "cold": None, "cached": None, "timed_out_after_s": budget_s}
    return {**out, **json.loads(done.stdout.strip().splitlines()[-1])}


# ------------------------------------------------------------------------------------------------
# The whole run


def _met(value, target, lower_is_better: bool = True):
    if value is None:
        return {"target": target, "value": None, "met": None}
    return {"target": target, "value": value, "met": value <= target if lower_is_better else value >= target}


def judge(report: dict) -> dict:
    """Each target against the figure that decides it."""
    server = report.get("server", {}).get("study", {})
    p95s = [
        s["p95"]
        for t in ("area", "layer", "highlight")
        for s in server.get(t, {}).get("callbacks_ms", {}).values()
    ]
    browser = report.get("browser", {})
    ratios = [browser.get("study", {}).get(s, {}).get("ratio_p50") for s in ("area", "layer", "highlight")]
    ratios = [r for r in ratios if r is not None]
    synthetic = browser.get("synthetic", {})
    first = synthetic.get("first_paint_ms", {}).get("app")
    toggle = synthetic.get("area", {}).get("app_ms", {}).get("p50")
    load = report.get("load", {})
    return {
        "study_callback_p95_ms": _met(max(p95s) if p95s else None, TARGETS["study_callback_p95_ms"]),
        "click_to_painted_ratio": _met(max(ratios) if ratios else None, TARGETS["click_to_painted_ratio"]),
        "synthetic_first_paint_s": _met(
            round(first / 1000, 2) if first else None, TARGETS["synthetic_first_paint_s"]
        ),
        "synthetic_toggle_s": _met(
            round(toggle / 1000, 2) if toggle else None, TARGETS["synthetic_toggle_s"]
        ),
        "startup_s": _met(report.get("startup_s", {}).get("median"), TARGETS["startup_s"]),
        "load_p95_ms": _met(load.get("p95_ms"), TARGETS["load_p95_ms"])
        if load
        else "see `python -m explorer loadtest`",
    }


def run(args) -> dict:
    from explorer.data.catalog import DEFAULT_DATA_DIR, load_catalog

    quick = args.quick
    parts = set(args.parts.split(","))
    if args.no_browser:
        parts.discard("browser")
    quiet_werkzeug()
    report: dict = {
        "bench": "python -m explorer bench" + (" --quick" if quick else ""),
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "cytoscape_bundled": bundled_cytoscape_version(),
    }
    started = time.perf_counter()
    study_datasets = [d.id for d in load_catalog(DEFAULT_DATA_DIR).maps()]
    with tempfile.TemporaryDirectory() as tmp:
        # The apps' own SQLite database and imports folder, so a bench leaves the instance/ folder alone.
        os.environ.setdefault("EXPLORER_DB_DIR", str(Path(tmp) / "instance"))
        data = synthetic_data_dir(Path(tmp) / "data", args.nodes, args.edges)
        synthetic_datasets = ["synthetic-0", "synthetic-1"]
        start = time.perf_counter()
        synthetic_app = serving_app(data)
        report["synthetic_create_app_s"] = round(time.perf_counter() - start, 2)
        study_server = LiveServer(serving_app(DEFAULT_DATA_DIR).server)
        synthetic_server = LiveServer(synthetic_app.server)
        try:
            if "server" in parts:
                report["server"] = {
                    "study": {
                        "datasets": study_datasets,
                        **measure_callbacks(study_server.url, study_datasets, 30 if quick else 200),
                    },
                    "synthetic": {
                        "elements": args.nodes,
                        "connections": args.edges,
                        **measure_callbacks(synthetic_server.url, synthetic_datasets, 6 if quick else 40),
                    },
                }
            # Start-up and analysis before the browser, so a --quick time budget falls on the browser.
            if "startup" in parts:
                log("start-up: python app.py")
                report["startup_s"] = measure_startup(1 if quick else 3)
            if "analysis" in parts:
                log("analysis: cache.analyse on the synthetic map, cold then cached")
                report["analysis_s"] = measure_analysis(args.nodes, args.edges, 30 if quick else None)
            if "browser" in parts:
                try:
                    cytoscape = cytoscape_js(args.cytoscape_js)
                    report["browser"] = measure_browser(
                        study_server.url,
                        synthetic_server.url,
                        study_datasets,
                        synthetic_datasets,
                        counts={
                            "study": (2, 4) if quick else (2, 20),
                            "synthetic": (0, 1) if quick else (2, 4),
                        },
                        cytoscape=cytoscape,
                        restyles=() if quick else ("layer", "highlight"),
                        deadline=started + QUICK_BUDGET_S if quick else None,
                    )
                except Exception as exc:  # report, do not lose the other figures
                    import traceback

                    traceback.print_exc()
                    report["browser"] = {"error": f"{type(exc).__name__}: {exc}"}
        finally:
            study_server.stop()
            synthetic_server.stop()
    report["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["targets"] = judge(report)
    report["bench_s"] = round(time.perf_counter() - started, 1)
    return report


def _cmd_bench(args) -> int:
    report = run(args)
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register `bench` with the `python -m explorer` command line."""
    b = subparsers.add_parser(
        "bench", help="measure callback latency, paint time against the floor, start-up"
    )
    b.add_argument("--quick", action="store_true", help="fewer repeats; under two minutes")
    b.add_argument("--out", help="also write the JSON here")
    b.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    b.add_argument(
        "--parts", default="server,browser,startup,analysis", help="comma-separated subset to measure"
    )
    b.add_argument("--cytoscape-js", help="cytoscape.min.js to use for the floor (default: npm pack)")
    b.add_argument("--nodes", type=int, default=2000, help="synthetic map size (elements)")
    b.add_argument("--edges", type=int, default=6000, help="synthetic map size (connections)")
    b.set_defaults(run=_cmd_bench)
    return b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explorer.devtools.bench")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["bench", *(argv if argv is not None else sys.argv[1:])])
    return args.run(args)


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
