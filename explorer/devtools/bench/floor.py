"""The floor: a plain page that loads cytoscape.js (the version dash-cytoscape bundles) and paints the
same elements, positions and stylesheet as the app, so the bench can say how far the app is above it."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from explorer.devtools.bench.callbacks import MapState

CYTOSCAPE_VERSION = "3.28.1"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "system-map-explorer"

# Loaded into both pages, so "painted" means the same for the app and the floor.
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

    def __init__(self, folder: Path, port: int = 0):
        class Quiet(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        handler = functools.partial(Quiet, directory=str(folder))
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def _layout(layout: dict) -> dict:
    """The app's layout prop as cytoscape takes it (dash-cytoscape passes extra keys through too)."""
    return {k: v for k, v in layout.items() if k != "fitKey"}


def write_floor(folder: Path, name: str, states: list[MapState], size: dict) -> str:
    """Write `<name>.html` and its data script into folder, the map canvas as big as the app's; the page name."""
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
    return f"{name}.html"
