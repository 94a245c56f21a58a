"""Server latency: each toggle's callback chain, timed as real HTTP POSTs, and the map each view sends."""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass

from explorer.devtools.bench.session import DashSession, session_for
from explorer.devtools.bench.stats import log, summary
from explorer.view.bundle import bundle_payload

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
            "areas_fetch": _areas_fetch(session, repeats),
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


def _areas_fetch(session: DashSession, repeats: int) -> dict:
    """The other areas' bundles, as the page asks for them once its map has painted (the browser's script
    sets the ask; the session does it here): the first ask on a freshly started app builds them, later asks
    find them cached. The browser then says it holds them, so a later ask sends their keys only; the
    session holds none, so each ask here sends every bundle (the most it can cost)."""
    ask = {"map-areas-ask.data": session.props.get("part-map.data")}
    cold = session.change(ask)
    warm = [session.change(ask) for _ in range(max(3, repeats // 3))]
    return {
        "cold_ms": round(sum(c.ms for c in cold), 1),
        "warm_ms": summary([sum(c.ms for c in calls) for calls in warm]),
        "bytes": sum(c.response_bytes for c in cold),
        "gzip_bytes": sum(c.gzip_bytes for c in cold),
        "areas": len((session.props.get("map-areas.data") or {}).get("areas", {})),
    }


def _prop_sizes(session: DashSession) -> dict:
    """Bytes of the largest props the last action set (the whole first map, no highlight): where a
    toggle's payload goes."""
    sizes = {k: len(json.dumps(v, separators=(",", ":"))) for k, v in session.last.items()}
    top = sorted(sizes.items(), key=lambda kv: -kv[1])[:8]
    return dict(top)


@dataclass
class MapState:
    """What the map shows for one view: its elements, stylesheet and layout (out of the map bundle)."""

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
    """The map the page shows now: the state's view of the last bundle, as assets/35-map-restyle.js picks it."""
    p = session.props
    state = p["view-state.data"]
    shown = bundle_payload(p["map-bundle.data"], state["layer"], state["highlight"], state.get("select", ""))
    if shown is None:
        raise RuntimeError(f"the map bundle does not hold {state['layer']}|{state['highlight']}")
    return MapState(p.get("url.search", ""), *shown)
