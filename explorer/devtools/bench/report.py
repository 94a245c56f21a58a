"""The targets the bench reports against, which are met, and how a report is given out."""

from __future__ import annotations

import json
from pathlib import Path

TARGETS = {
    "study_callback_p95_ms": 20.0,
    "click_to_painted_ratio": 1.3,
    "synthetic_first_paint_s": 3.0,
    "synthetic_toggle_s": 1.0,
    "load_p95_ms": 250.0,
    "startup_s": 3.0,
}


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


def emit(report: dict, out: str | None = None) -> None:
    """Print the report as JSON, and also write it to `out` when given (every bench tool's last step)."""
    text = json.dumps(report, indent=2)
    print(text)
    if out:
        Path(out).write_text(text + "\n", encoding="utf-8")
