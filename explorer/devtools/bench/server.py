"""The app under measurement, started as production starts it: `python app.py --port P --data DIR`.

A subprocess, not an import: nothing outside explorer/web/ imports the web package, and the timings then
include nothing of the bench's own process (its threads, its GIL, Playwright's pipes).
"""

from __future__ import annotations

import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
IDS_SCRIPT = "/_explorer/ids.js"
# The component ids the bench (and benchmarks/locust*.py) use as literals, checked against the live app.
EXPECTED_IDS = {
    "URL": "url",
    "STATE": "view-state",
    "DATASET": "dataset-select",
    "LAYER": "layer-radio",
    "HIGHLIGHT": "highlight-radio",
    "MAP": "map",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def synthetic_data_dir(folder: Path, n_nodes: int = 2000, n_edges: int = 6000) -> Path:
    """Two synthetic 'areas' (seeds 0 and 1, same element ids and places) as a data folder."""
    from explorer.devtools.synthetic import synthetic_dataset, write_data_dir

    return write_data_dir(folder, [synthetic_dataset(n_nodes, n_edges, seed) for seed in (0, 1)])


class AppProcess:
    """`python app.py` on 127.0.0.1 at a port of its own, until stop(); started answers GET / with 200."""

    def __init__(self, data_dir: Path | None = None, port: int | None = None, timeout_s: float = 60):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, str(REPO / "app.py"), "--port", str(self.port)]
        if data_dir is not None:
            command += ["--data", str(data_dir)]
        # Its messages go to a file, read back only if it fails to start.
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - kept open for the process; closed in stop()
        start = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=self.errors)
        try:
            self._wait(timeout_s)
        except BaseException:
            self.stop()
            raise
        self.started_s = time.perf_counter() - start

    def _wait(self, timeout_s: float) -> None:
        start = time.perf_counter()
        while True:
            if self.process.poll() is not None:
                self.errors.seek(0)
                tail = self.errors.read().decode("utf-8", "replace")[-2000:]
                raise RuntimeError(f"app.py exited with {self.process.returncode}:\n{tail}")
            if time.perf_counter() - start > timeout_s:
                raise RuntimeError(f"app.py did not answer on {self.url} in {timeout_s:.0f} s")
            try:
                # GET / also makes Dash set the app up, so that cost stays out of the first timed callback.
                with urllib.request.urlopen(f"{self.url}/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.02)

    def ids(self) -> dict:
        """The app's component ids, as its pages get them (window.explorerIds)."""
        with urllib.request.urlopen(self.url + IDS_SCRIPT, timeout=10) as response:
            text = response.read().decode("utf-8")
        return json.loads(text.split("=", 1)[1].strip().rstrip(";"))

    def check_ids(self) -> None:
        """Fail clearly if the app renamed an id the bench clicks or reads, rather than time the wrong thing."""
        ids = self.ids()
        wrong = {k: ids.get(k) for k, v in EXPECTED_IDS.items() if ids.get(k) != v}
        if wrong:
            raise RuntimeError(f"the app's ids differ from what the bench expects: {wrong}; see {IDS_SCRIPT}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.errors.close()


def measure_startup(runs: int, timeout_s: float = 60) -> dict:
    """`python app.py --port P` until GET / gives 200, in seconds."""
    times = []
    for _ in range(runs):
        app = AppProcess(timeout_s=timeout_s)
        times.append(app.started_s)
        app.stop()
    return {"runs": [round(t, 2) for t in times], "median": round(statistics.median(times), 2)}
