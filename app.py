"""Run System Map Explorer: `python app.py [--host H] [--port P] [--debug] [--data DIR]`.

Host, port and debug also come from EXPLORER_HOST, EXPLORER_PORT and EXPLORER_DEBUG. Debug is off unless asked
for: it shows tracebacks in the browser, which a workshop must never see.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from explorer.data.catalog import DEFAULT_DATA_DIR
from explorer.data.problems import LoadError
from explorer.store.auth import auth_summary, safe_host
from explorer.web.app import create_app
from explorer.web.background import describe


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("EXPLORER_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("EXPLORER_PORT", "8050")))
    parser.add_argument("--data", default=os.environ.get("EXPLORER_DATA", str(DEFAULT_DATA_DIR)))
    parser.add_argument(
        "--debug", action="store_true", default=os.environ.get("EXPLORER_DEBUG", "") in ("1", "true", "yes")
    )
    args = parser.parse_args(argv)
    try:
        app = create_app(Path(args.data), debug=args.debug)
    except LoadError as exc:
        print("The data did not load; nothing is served:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    roles = app.server.config["EXPLORER_ROLES"]
    host = safe_host(args.host, roles)
    print(auth_summary(roles))
    print(describe(app.server.config["EXPLORER_JOBS"]))
    if host != args.host:
        print(f"No sign-in configured: listening on {host} only, not {args.host}.")
    print(f"System Map Explorer on http://{host}:{args.port}/ (debug {'on' if args.debug else 'off'})")
    app.run(host=host, port=args.port, debug=args.debug)
    return 0


if __name__ == "__main__":
    sys.exit(main())
