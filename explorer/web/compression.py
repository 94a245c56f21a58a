"""Compressed responses (flask-compress): the page, its scripts and every callback's JSON.

A map's elements and the component bundles are JSON and JavaScript, which shrink five- to tenfold
(docs/performance.md: a 2,000-node map's 3 MB toggle is 0.26 MB gzipped), and a workshop's network is
often a phone's hotspot. The browser says what it accepts (zstd, br, gzip); flask-compress picks the best
and adds `Vary: Accept-Encoding`.

Dash's own `compress=True` is not used: it reads `COMPRESS_ALGORITHM` after flask-compress has already
taken its settings, so what it configures never applies.

The bundles under `/_dash-component-suites/` carry their version in the path and never change while the
app runs, so their compressed bytes are kept (per worker, per encoding: about 2 MB in all); everything
else, callback answers above all, is compressed afresh each time. Compression happens after the
security headers are set (flask runs `after_request` hooks last-registered first, and the order does not
matter: talisman only adds headers, and the CSP's script hashes are of the page's text, not its bytes on
the wire).
"""

from __future__ import annotations

import dash
import flask
from flask_compress import Compress

# Paths whose response is the same bytes for as long as the process runs (fingerprinted by Dash).
STATIC_PREFIXES = ("/_dash-component-suites/",)
ALGORITHMS = ["zstd", "br", "gzip", "deflate"]


class StaticCache:
    """flask-compress's cache backend, keeping only the compressed bundles (keys `<algorithm>;<path>`)."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    @staticmethod
    def keeps(key: str) -> bool:
        _, _, path = key.partition(";")
        return path.startswith(STATIC_PREFIXES)

    def get(self, key: str) -> bytes | None:
        return self.data.get(key) if self.keeps(key) else None

    def set(self, key: str, value: bytes) -> None:
        if self.keeps(key):
            self.data[key] = value


def _cache_key(request: flask.Request) -> str:
    # The full path: a bundle's version is in its path, and a query string (Dash's `?m=` cache buster)
    # names another file.
    return request.full_path


def install(app: dash.Dash) -> Compress:
    """Compress the app's responses; once per app."""
    server = app.server
    if "explorer.compression" in server.extensions:
        return server.extensions["explorer.compression"]
    server.config.setdefault("COMPRESS_ALGORITHM", ALGORITHMS)
    server.config.setdefault("COMPRESS_CACHE_BACKEND", StaticCache)
    server.config.setdefault("COMPRESS_CACHE_KEY", _cache_key)
    compress = Compress(server)
    server.extensions["explorer.compression"] = compress
    return compress
