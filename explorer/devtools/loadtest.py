"""`python -m explorer loadtest [--users 50] [--seconds 60] [--out FILE]`: a bounded load test on loopback.

`--scenario room [--followers 40]` runs a live room instead (benchmarks/locust_room.py): one facilitator
changing the view, and the followers' pages polling it once a second, as in a workshop (issue 17).

Starts gunicorn with two workers (`explorer.web.wsgi:server`) on 127.0.0.1 at a free port, runs locust
headless against it (benchmarks/locustfile.py: each user loads the page, then toggles areas, layers and
highlights through `/_dash-update-component`) for a fixed time, stops both, and prints one JSON object:
callback and whole-toggle latency p50/p95, requests per second, and error counts.

Locust runs on the same machine as the server, so the figures include its CPU use; nothing leaves the
loopback interface, and the run ends by itself after --seconds.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from explorer.devtools.bench.report import TARGETS, emit
from explorer.devtools.bench.server import REPO, free_port
from explorer.devtools.bench.stats import log, summary

LOCUSTFILE = REPO / "benchmarks" / "locustfile.py"
ROOM_LOCUSTFILE = REPO / "benchmarks" / "locust_room.py"


def open_room(env: dict) -> str:
    """A room in the server's own database (the one EXPLORER_DB_DIR / DATABASE_URL in env name)."""
    from explorer.store import db, rooms
    from explorer.store.auth import LOCAL

    url = db.database_url(env)
    code = rooms.open_room(db.get_engine(url), LOCAL, "?dataset=north").code
    db.dispose(url)
    return code


def wait_until_up(url: str, process: subprocess.Popen, timeout_s: float = 90) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout_s:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout_s} s")


def _no_control_socket() -> list[str]:
    """gunicorn 24+ opens a control socket in ~/.gunicorn; a load test needs none (and two runs would share
    one), so turn it off where the option exists."""
    help_text = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--help"], capture_output=True, text=True, check=False
    ).stdout
    return ["--no-control-socket"] if "--no-control-socket" in help_text else []


def _stats_rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _exceptions(path: Path) -> list[dict]:
    return [
        {"count": int(r.get("Count", 0) or 0), "message": (r.get("Message") or "")[:200]}
        for r in _stats_rows(path)
    ]


def run(args) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    if args.data:
        env["EXPLORER_DATA"] = str(Path(args.data).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # Its own SQLite database, so a load test leaves the instance/ folder alone.
        env.setdefault("EXPLORER_DB_DIR", str(folder))
        server_log = (folder / "gunicorn.log").open("w")
        gunicorn = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            *_no_control_socket(),
            "explorer.web.wsgi:server",
        ]
        log(f"loadtest: {' '.join(gunicorn[2:])}")
        server = subprocess.Popen(gunicorn, cwd=REPO, env=env, stdout=server_log, stderr=subprocess.STDOUT)
        try:
            ready = wait_until_up(url + "/", server)
            users, locustfile = args.users, LOCUSTFILE
            if args.scenario == "room":
                users, locustfile = args.followers + 1, ROOM_LOCUSTFILE
                env["LOADTEST_ROOM"] = open_room(env)
            samples_path = folder / "samples.json"
            prefix = folder / "locust"
            command = [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(locustfile),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(args.spawn_rate),
                "--run-time",
                f"{args.seconds}s",
                "--stop-timeout",
                "5",
                "--host",
                url,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ]
            log(f"loadtest: locust ({args.scenario}), {users} users, {args.seconds} s, against {url}")
            locust = subprocess.run(
                command,
                cwd=REPO,
                env={**env, "LOADTEST_SAMPLES": str(samples_path)},
                capture_output=True,
                text=True,
                timeout=args.seconds + 120,
            )
            rows = _stats_rows(Path(f"{prefix}_stats.csv"))
            exceptions = _exceptions(Path(f"{prefix}_exceptions.csv"))
            recorded = json.loads(samples_path.read_text()) if samples_path.exists() else {}
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            server_log.close()
        server_tail = (folder / "gunicorn.log").read_text(errors="replace").splitlines()[-5:]
    samples = recorded.get("samples", {})
    total = next((r for r in rows if r.get("Name") == "Aggregated"), {})
    requests = int(total.get("Request Count", 0) or 0)
    failures = int(total.get("Failure Count", 0) or 0)
    callbacks = summary(samples.get("callback", []))
    report = {
        "load": "python -m explorer loadtest",
        "server": f"gunicorn --workers {args.workers} explorer.web.wsgi:server (sync workers)",
        "data": args.data or "shipped data",
        "scenario": args.scenario,
        "users": users,
        "seconds": args.seconds,
        "server_ready_s": round(ready, 2),
        "loadavg_at_end": [round(x, 2) for x in os.getloadavg()],
        "requests": requests,
        "requests_per_s": round(float(total.get("Requests/s", 0) or 0), 1),
        "failures": failures,
        "exceptions": sum(e["count"] for e in exceptions),
        "errors": failures + sum(e["count"] for e in exceptions),
        "callback_ms": callbacks,
        "toggle_ms": {k.split(" ", 1)[1]: summary(v) for k, v in samples.items() if k.startswith("toggle ")},
        "callback_ms_by_role": {
            k.split(" ", 1)[1]: summary(v) for k, v in samples.items() if k.startswith("callback ")
        },
        "follow_lag_ms": summary(samples.get("follow_lag", [])),
        "per_request": {
            r["Name"]: {
                "n": int(r["Request Count"]),
                "failures": int(r["Failure Count"]),
                "p50": float(r["50%"] or 0),
                "p95": float(r["95%"] or 0),
            }
            for r in rows
            if r.get("Name") not in (None, "Aggregated")
        },
        "exception_messages": exceptions[:5],
        "locust_exit_code": locust.returncode,
        "locust_stderr_tail": locust.stderr.strip().splitlines()[-5:],
        "gunicorn_log_tail": server_tail,
    }
    p95 = callbacks.get("p95")
    report["target"] = {
        "callback_p95_ms": TARGETS["load_p95_ms"],
        "errors": 0,
        "met": p95 is not None and p95 <= TARGETS["load_p95_ms"] and report["errors"] == 0,
    }
    return report


def _cmd_loadtest(args) -> int:
    report = run(args)
    emit(report, args.out)
    return 0 if report["errors"] == 0 else 1


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register `loadtest` with the `python -m explorer` command line."""
    p = subparsers.add_parser("loadtest", help="locust against gunicorn on loopback, bounded in time")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--scenario", choices=("toggles", "room"), default="toggles")
    p.add_argument(
        "--followers", type=int, default=40, help="room scenario: followers besides the facilitator"
    )
    p.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    p.add_argument("--seconds", type=int, default=60, help="how long the load runs")
    p.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    p.add_argument("--data", help="data folder to serve (default: the shipped data)")
    p.add_argument("--out", help="also write the JSON here")
    p.set_defaults(run=_cmd_loadtest)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explorer.devtools.loadtest")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["loadtest", *(argv if argv is not None else sys.argv[1:])])
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
