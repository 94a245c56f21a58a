"""`python -m explorer.devtools.bench`: the same as `python -m explorer bench`."""

import contextlib
import sys

from explorer.devtools.bench import main

with contextlib.suppress(BrokenPipeError):
    sys.exit(main())
