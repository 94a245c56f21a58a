"""The Celery worker for long exports, when REDIS_URL is set:

    REDIS_URL=redis://redis.example:6379/0 DATABASE_URL=… \\
        .venv/bin/celery --app explorer.web.worker:celery worker --concurrency 2 --loglevel INFO

The worker builds the same app as the web servers (explorer.web.wsgi: EXPLORER_DATA, DATABASE_URL or
EXPLORER_DB_DIR, sign-in settings), which registers each background callback as a Celery task under the
same name the web servers queue it by; give it the same environment and the same code.
"""

from __future__ import annotations


def __getattr__(name: str):
    if name != "celery":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from explorer.web import wsgi
    from explorer.web.background import JobsOnCelery

    manager = wsgi.app.server.config["EXPLORER_JOBS"]
    if not isinstance(manager, JobsOnCelery):
        raise RuntimeError(
            "REDIS_URL is not set: without it long exports run in the web servers, not on Celery"
        )
    return manager.handle
