#!/bin/sh
# A bounded load test on loopback: gunicorn (2 workers) + locust (50 users, 60 s); prints one JSON object.
# Needs the bench extras: .venv/bin/pip install -e '.[bench]'. Arguments go to `python -m explorer loadtest`.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
python="${PYTHON:-$here/.venv/bin/python}"
[ -x "$python" ] || python=python3
cd "$here"
exec "$python" -m explorer.devtools.loadtest "$@"
