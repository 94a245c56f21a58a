"""Long work off the request: the manager that runs Dash background callbacks (the report pack).

    (nothing set)                       diskcache: each job is a child process of the web worker that
                                        started it; results and progress in a cache folder on this host
    EXPLORER_JOBS_DIR=/srv/explorer/jobs  that folder (default: jobs/ next to the SQLite file, under
                                        EXPLORER_DB_DIR or instance/); every gunicorn worker of one host
                                        must see the same folder
    REDIS_URL=redis://host:6379/0       Celery with Redis as broker and result store, for several hosts:
                                        run `celery --app explorer.web.worker:celery worker` beside them

Either way the browser polls, so no request is held while the work runs, and every poll passes the same
sign-in and Origin checks as any other request (`explorer.web.auth`). Dash hands a job the request's
headers and cookies; they are dropped before the job is queued, so no password (basic auth sends it in
every request) is written to the cache folder or to Redis. Each run gets a key of its own, so two people
building the same pack at once never take each other's result.

A job runs outside any request, in a forked child or a Celery worker: `job_server()` gives it the Flask
server of the app that registered it, whose config holds the maps and the database URL.

On one host (diskcache), jobs must not take the cores the map's requests need: a job runs niced, and at
most `JOB_SLOTS` run at once, the rest waiting their turn with a line that says so. A slot is an
exclusive lock on a file in the jobs folder, which the kernel drops when its process ends, so a
cancelled (killed) job never keeps its slot. Celery workers are sized by their own `--concurrency`.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Mapping
from pathlib import Path

import dash
import flask
from dash.background_callback import CeleryManager, DiskcacheManager

from explorer.store.db import DEFAULT_DIR

JOB_SLOTS = max(1, (os.cpu_count() or 2) // 2)  # jobs at once on one host: half its cores at most
JOB_NICENESS = 10  # a job yields the CPU to the requests of people looking at the map
WAITING = "Waiting for another export on this server to finish…"
RESULT_SECONDS = 3600  # a finished job's result waits this long for its poll (then the browser is gone)
# Dash copies the whole request context into a job; these parts carry credentials.
DROPPED_CONTEXT = ("headers", "cookies")


def jobs_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The diskcache folder: EXPLORER_JOBS_DIR, else jobs/ in EXPLORER_DB_DIR (./instance/).

    >>> jobs_dir({"EXPLORER_JOBS_DIR": "/srv/jobs"}).as_posix(), jobs_dir({"EXPLORER_DB_DIR": "/srv/db"}).as_posix()
    ('/srv/jobs', '/srv/db/jobs')
    """
    env = os.environ if environ is None else environ
    chosen = env.get("EXPLORER_JOBS_DIR", "").strip()
    if chosen:
        return Path(chosen)
    return Path(env.get("EXPLORER_DB_DIR", "").strip() or DEFAULT_DIR) / "jobs"


def job_context(context: Mapping) -> dict:
    """The callback context a job gets: the request's, less its headers and cookies.

    >>> sorted(job_context({"headers": {"Authorization": "Basic eDp5"}, "cookies": {}, "args": {}}))
    ['args', 'cookies', 'headers']
    >>> job_context({"headers": {"Authorization": "Basic eDp5"}})["headers"]
    {}
    """
    kept = dict(context)
    for name in DROPPED_CONTEXT:
        kept[name] = {}
    return kept


class _OwnKeys:
    """Mixed into Dash's managers: a key per run, and no credentials in what is queued."""

    def build_cache_key(self, fn, args, cache_args_to_ignore, triggered):
        # Dash keys a job by its arguments; two browsers with the same view and click count would share
        # one result, and the first poll deletes it. The browser polls with the key it was given.
        return f"{super().build_cache_key(fn, args, cache_args_to_ignore, triggered)}-{uuid.uuid4().hex}"

    def call_job_fn(self, key, job_fn, args, context):
        return super().call_job_fn(key, job_fn, args, job_context(context))


class JobsOnDisk(_OwnKeys, DiskcacheManager):
    """diskcache: jobs in child processes of this host's web workers, niced, `JOB_SLOTS` at a time."""

    def call_job_fn(self, key, job_fn, args, context):
        slots = Path(self.handle.directory) / "slots"
        return super().call_job_fn(key, in_a_slot(job_fn, slots, self.handle.set), args, context)


def in_a_slot(job_fn, folder: Path, set_value, slots: int | None = None, niceness: int = JOB_NICENESS):
    """`job_fn` run niced, once one of `slots` lock files in `folder` is free; meanwhile its progress says it
    waits (`set_value(progress_key, [0, 1, WAITING])`, the bar, its maximum and the step line)."""
    count = JOB_SLOTS if slots is None else slots

    def run(result_key, progress_key, user_callback_args, context):
        os.nice(niceness)
        with _slot(folder, count, lambda: set_value(progress_key, [0, 1, WAITING])):
            return job_fn(result_key, progress_key, user_callback_args, context)

    return run


class _slot:
    """An exclusive lock on one of `count` files; `on_wait()` is called once if all are taken."""

    def __init__(self, folder: Path, count: int, on_wait):
        self.folder, self.count, self.on_wait, self.handle = folder, count, on_wait, None

    def __enter__(self):
        import fcntl

        self.folder.mkdir(parents=True, exist_ok=True)
        told = False
        while True:
            for n in range(self.count):
                # Held open until __exit__: the lock lives as long as the open file, or its process.
                handle = open(self.folder / f"slot-{n}.lock", "a")
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    handle.close()
                    continue
                self.handle = handle
                return self
            if not told:
                self.on_wait()
                told = True
            time.sleep(0.25)

    def __exit__(self, *exc):
        self.handle.close()  # closing the file drops the lock


class JobsOnCelery(_OwnKeys, CeleryManager):
    """Celery: jobs on the workers that share REDIS_URL."""


def celery_app(redis_url: str):
    """A Celery app with Redis as broker and result store, JSON only (never pickle from the network)."""
    from celery import Celery

    app = Celery("explorer", broker=redis_url, backend=redis_url)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=RESULT_SECONDS,
        worker_prefetch_multiplier=1,  # a long job does not hold back the queue behind it
        broker_connection_retry_on_startup=True,
    )
    return app


def manager_from_env(environ: Mapping[str, str] | None = None) -> JobsOnDisk | JobsOnCelery:
    """Celery on REDIS_URL when set, else diskcache in `jobs_dir()`."""
    env = os.environ if environ is None else environ
    redis_url = env.get("REDIS_URL", "").strip()
    if redis_url:
        return JobsOnCelery(celery_app(redis_url), expire=RESULT_SECONDS)
    import diskcache

    folder = jobs_dir(env)
    folder.mkdir(parents=True, exist_ok=True)
    return JobsOnDisk(diskcache.Cache(str(folder)), expire=RESULT_SECONDS)


def describe(manager) -> str:
    """One line for the start-up banner."""
    if isinstance(manager, JobsOnCelery):
        return "Long exports run on Celery workers (REDIS_URL); start them with the worker command."
    directory = getattr(getattr(manager, "handle", None), "directory", "?")
    return f"Long exports run in background processes, with their results in {directory}."


def job_server() -> flask.Flask:
    """The Flask server a job works for.

    In a diskcache child the request's app context came along with the fork; a Celery worker has built
    exactly one app (explorer.web.worker), which dash.get_app() returns.
    """
    if flask.has_app_context():
        return flask.current_app._get_current_object()
    return dash.get_app().server
