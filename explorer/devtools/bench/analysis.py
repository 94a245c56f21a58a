"""`explorer.analysis.cache.analyse` on the synthetic map, cold and cached, in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys

from explorer.devtools.bench.server import REPO

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
