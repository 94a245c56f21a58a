"""The report pack as a background job (issue 14, part 6): diskcache by default, Celery on Redis with REDIS_URL.

Both end-to-end tests drive the callback over HTTP as dash-renderer does (start, then poll with the signed
handles) and read the ZIP that comes back. The Celery test starts its own redis-server on a free port and a
Celery worker process; without Debian's redis-server it skips locally and fails under CI (`.ci/run`
installs it).
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from explorer.data.readers.uploads import parse_upload
from explorer.store.auth import LOCAL
from explorer.store.imported_maps import ImportStore
from explorer.web import background, ids
from explorer.web.app import create_app
from tests.browser_support import LiveServer
from tests.dash_http import call_background

REPO = Path(__file__).resolve().parent.parent
PROGRESS = f"{ids.EXPORT_REPORT_PROGRESS}.value"
TOTAL = f"{ids.EXPORT_REPORT_PROGRESS}.max"
STEP = f"{ids.EXPORT_REPORT_STEP}.children"


def small_import(url: str) -> str:
    """A three-element map in the database at url, so a pack takes seconds, not the study's minute."""
    kumu = {
        "elements": [{"label": n, "type": "service"} for n in ("Hub", "GP practice", "School nurse")],
        "connections": [
            {"from": "Hub", "to": "GP practice", "type": "refers"},
            {"from": "GP practice", "to": "School nurse", "type": "informs"},
        ],
    }
    data = "data:application/json;base64," + base64.b64encode(json.dumps(kumu).encode()).decode()
    return ImportStore(url).save(parse_upload(["small.json"], [data]), LOCAL)


def build_pack(base: str, dataset_id: str, **kwargs) -> tuple[dict, list[dict]]:
    values = {
        (ids.EXPORT_REPORT, "n_clicks"): 1,
        (ids.STATE, "data"): {"dataset": dataset_id, "layer": "all", "highlight": "none"},
        (ids.EXPORT_SCALE, "value"): "1",
    }
    return call_background(base, (ids.EXPORT_REPORT, "n_clicks"), values, ids.EXPORT_REPORT_STATUS, **kwargs)


def check_pack(outputs: dict, progress: list[dict], dataset_id: str) -> None:
    status = outputs[f"{ids.EXPORT_REPORT_STATUS}.children"]
    assert status.startswith("Report pack ready:"), status
    download = outputs[f"{ids.EXPORT_REPORT_DOWNLOAD}.data"]
    assert download["filename"].startswith(f"report_{dataset_id}_") and download["base64"]
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(download["content"]))) as archive:
        names = archive.namelist()
    assert any(n.endswith("/index.html") for n in names) and any(n.endswith(".png") for n in names)
    assert f"{len(names)} files" in status
    # The bar moved forward step by step to the end, and said what it was drawing.
    assert progress, "no progress reached the page"
    done = [p[PROGRESS] for p in progress]
    assert done == sorted(done) and done[-1] == progress[-1][TOTAL] and len(set(done)) > 1
    assert progress[0][STEP].startswith("Step ") and progress[-1][STEP].endswith("index.html")


# Which manager, and what a job is given -----------------------------------------------------------


def test_diskcache_is_the_default_in_the_configured_folder(tmp_path):
    manager = background.manager_from_env({"EXPLORER_JOBS_DIR": str(tmp_path / "jobs")})
    assert isinstance(manager, background.JobsOnDisk)
    assert Path(manager.handle.directory) == tmp_path / "jobs" and (tmp_path / "jobs").is_dir()
    assert "background processes" in background.describe(manager)


def test_redis_url_means_celery_on_that_redis():
    manager = background.manager_from_env({"REDIS_URL": "redis://127.0.0.1:1/3"})
    assert isinstance(manager, background.JobsOnCelery)
    assert manager.handle.conf.broker_url == "redis://127.0.0.1:1/3"
    assert manager.handle.conf.accept_content == ["json"]  # never unpickle what comes over the network
    assert "Celery" in background.describe(manager)


def test_a_job_is_given_no_credentials_and_a_key_of_its_own(tmp_path, monkeypatch):
    """Dash hands a job the request's headers: basic auth's password must not go to the cache or Redis."""
    seen = {}
    monkeypatch.setattr(
        background.DiskcacheManager, "call_job_fn", lambda self, key, fn, args, ctx: seen.update(ctx) or 0
    )
    manager = background.manager_from_env({"EXPLORER_JOBS_DIR": str(tmp_path / "jobs")})
    context = {
        "headers": {"Authorization": "Basic YWxpY2U6c2VjcmV0"},
        "cookies": {"session": "x"},
        "args": {},
    }
    manager.call_job_fn("key", None, [], context)
    assert seen == {"headers": {}, "cookies": {}, "args": {}}
    keys = {manager.build_cache_key(build_pack, [1, {}, "1"], [], None) for _ in range(2)}
    assert len(keys) == 2  # the same arguments twice: two runs, two keys


# End to end ----------------------------------------------------------------------------------------


def test_the_report_pack_runs_in_a_diskcache_job_with_progress(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    dataset_id = small_import(url)
    manager = background.manager_from_env({"EXPLORER_JOBS_DIR": str(tmp_path / "jobs")})
    live = LiveServer(create_app(database_url=url, background_manager=manager))
    try:
        outputs, progress = build_pack(live.url, dataset_id)
    finally:
        live.stop()
    check_pack(outputs, progress, dataset_id)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_server_path() -> str:
    path = shutil.which("redis-server")
    if path:
        return path
    message = "Debian's redis-server is not installed (apt-get install redis-server)"
    if os.environ.get("CI"):
        pytest.fail(message + "; the Celery test must run in CI")
    pytest.skip(message)


def wait_for(predicate, what: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if process.poll() is not None:
            pytest.fail(f"{what}: the process ended ({process.returncode})")
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds} s")
        time.sleep(0.2)


@pytest.fixture
def redis_url(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [redis_server_path(), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    try:
        wait_for(answers, "redis-server answered", server, 30)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


WORKER_OPTIONS = ["--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle"]


def test_the_report_pack_runs_on_a_celery_worker_through_redis(tmp_path, redis_url):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    dataset_id = small_import(url)
    env = {**os.environ, "REDIS_URL": redis_url, "DATABASE_URL": url}
    for name in ("EXPLORER_FACILITATORS", "EXPLORER_VIEWERS"):
        env.pop(name, None)
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "--app", "explorer.web.worker:celery", "worker", *WORKER_OPTIONS],
        cwd=REPO,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: "ready." in log.read_text(), "the Celery worker was ready", worker, 120)
        manager = background.manager_from_env({"REDIS_URL": redis_url})
        live = LiveServer(create_app(database_url=url, background_manager=manager))
        try:
            outputs, progress = build_pack(live.url, dataset_id)
        finally:
            live.stop()
        check_pack(outputs, progress, dataset_id)
        # The worker, not this process, built it.
        assert "succeeded" in log.read_text(), log.read_text()[-3000:]
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def test_sign_in_still_guards_the_job_and_its_polls(tmp_path, monkeypatch):
    """Starting the job and every poll are ordinary callback requests: no credentials, 401; a signed-in
    viewer may build a pack (it only reads), as before it ran in the background."""
    import urllib.error

    monkeypatch.setenv("EXPLORER_FACILITATORS", "alice:a-pw")
    monkeypatch.setenv("EXPLORER_VIEWERS", "bob:b-pw")
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    dataset_id = small_import(url)
    manager = background.manager_from_env({"EXPLORER_JOBS_DIR": str(tmp_path / "jobs")})
    live = LiveServer(create_app(database_url=url, background_manager=manager))
    viewer = {"Authorization": "Basic " + base64.b64encode(b"bob:b-pw").decode()}
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            build_pack(live.url, dataset_id)
        assert refused.value.code == 401
        outputs, progress = build_pack(live.url, dataset_id, headers=viewer)
    finally:
        live.stop()
    check_pack(outputs, progress, dataset_id)


def test_every_app_in_a_process_can_cancel_a_report_pack(tmp_path):
    """Dash registers the Cancel callback when an app sets up, popping it from the shared spec; the
    second app in a process (tests, benchmarks) had no Cancel that reached the server."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    for _ in range(2):
        app = create_app(database_url=url, background_manager=background.manager_from_env(
            {"EXPLORER_JOBS_DIR": str(tmp_path / "jobs")}
        ))  # fmt: skip
        app.server.test_client().get("/")  # Dash sets the app up on its first request
        assert f"{ids.EXPORT_REPORT_CANCEL}.id" in app.callback_map


# Job slots (explorer.web.background.in_a_slot): real processes, as Dash's diskcache manager starts them.
def _record(result_key, progress_key, args, context):
    import diskcache

    diskcache.Cache(args["cache"]).set(result_key, {"niceness": os.nice(0), "pid": os.getpid()})


def _hold_forever(result_key, progress_key, args, context):
    import diskcache

    diskcache.Cache(args["cache"]).set(result_key, "holding")
    time.sleep(600)


def _start(job, key: str, cache_dir: Path, slots_dir: Path, niceness: int = 0):
    import multiprocessing

    import diskcache

    cache = diskcache.Cache(str(cache_dir))
    run = background.in_a_slot(job, slots_dir, cache.set, slots=1, niceness=niceness)
    process = multiprocessing.get_context("fork").Process(
        target=run, args=(key, f"{key}-progress", {"cache": str(cache_dir)}, {})
    )
    process.start()
    return process, cache


def _wait_for(check, what: str, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_job_waits_for_a_free_slot_says_so_and_runs_once_a_killed_job_frees_it(tmp_path):
    first, cache = _start(_hold_forever, "first", tmp_path / "cache", tmp_path / "slots")
    _wait_for(lambda: cache.get("first") == "holding", "the first job to take the only slot")
    second, _ = _start(_record, "second", tmp_path / "cache", tmp_path / "slots")
    try:
        progress = _wait_for(lambda: cache.get("second-progress"), "the waiting line")
        assert progress == [0, 1, background.WAITING]
        assert cache.get("second") is None, "the second job ran while the only slot was taken"
        first.kill()  # as Dash's cancel does: the kernel drops the dead job's lock
        ran = _wait_for(lambda: cache.get("second"), "the second job once the first was killed")
        assert ran["pid"] == second.pid
    finally:
        first.kill()
        second.kill()


def test_a_job_runs_niced(tmp_path):
    process, cache = _start(_record, "job", tmp_path / "cache", tmp_path / "slots", niceness=5)
    try:
        ran = _wait_for(lambda: cache.get("job"), "the job")
        assert ran["niceness"] == min(19, os.nice(0) + 5)
    finally:
        process.kill()
