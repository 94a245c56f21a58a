"""HTTP hardening for a served app: security headers, a content-security policy and a request size limit.

`harden(app, debug)` is a no-op in debug mode (Dash's dev tools evaluate code and load their own
resources). Otherwise, through flask-talisman:

* **Content-Security-Policy**: everything from this origin only (the app serves all its assets itself; no
  CDN). Scripts: 'self' plus the SHA-256 hash of each inline script Dash writes into the page
  (`app.csp_hashes()`: the renderer start-up and the clientside callbacks), so no 'unsafe-inline' or
  'unsafe-eval' for scripts. Styles need 'unsafe-inline': React components and plotly write inline styles
  and plotly adds <style> elements. Images: 'self' and data: URIs (legend swatches are SVG data URIs).
  Nothing may frame the app (`frame-ancestors 'none'`, and X-Frame-Options: DENY for old browsers).
* X-Content-Type-Options: nosniff, Referrer-Policy: same-origin (a view's URL names what is on screen: it
  goes to no other site; this app's own layout request reads it, explorer/web/first_view.py), and a
  Permissions-Policy that turns off camera, microphone and geolocation.
* `MAX_CONTENT_LENGTH` (room for a 10 MB upload, base64-encoded): a larger request body, such as an oversized upload, is
  answered with 413 before any callback reads it.

No HTTPS redirect and no HSTS are forced: a workshop often serves plain HTTP on a local network; put
a TLS proxy in front for anything else (HSTS is still sent on requests that arrive over HTTPS).

The hashes are taken when `harden` runs and again once the app has finished its set-up (its first
request), so inline scripts registered after `harden` are still allowed.
"""

from __future__ import annotations

import dash
from flask_talisman import Talisman

from explorer.data.readers.uploads import MAX_UPLOAD_BYTES

# The largest upload (MAX_UPLOAD_BYTES) travels base64-encoded, a third larger, inside a callback's JSON:
# the request limit leaves room for that, so the upload's own check, with its clear message, is reached.
MAX_CONTENT_LENGTH = MAX_UPLOAD_BYTES * 4 // 3 + 1024 * 1024

BASE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PERMISSIONS_POLICY = {"camera": "()", "microphone": "()", "geolocation": "()", "browsing-topics": "()"}


def content_security_policy(app: dash.Dash) -> dict[str, str]:
    """The policy for this app: BASE_POLICY with the hashes of Dash's inline scripts allowed."""
    policy = dict(BASE_POLICY)
    policy["script-src"] = " ".join(["'self'", *app.csp_hashes()])
    return policy


def harden(app: dash.Dash, debug: bool, max_content_length: int = MAX_CONTENT_LENGTH) -> Talisman | None:
    """Add security headers, a CSP and a request size limit to app's Flask server, unless debug."""
    if debug:
        return None
    server = app.server
    if "explorer.security" in server.extensions:  # already hardened: once is enough
        return server.extensions["explorer.security"]
    server.config["MAX_CONTENT_LENGTH"] = max_content_length
    talisman = Talisman(
        server,
        content_security_policy=content_security_policy(app),
        force_https=False,
        strict_transport_security=True,  # only ever sent over HTTPS
        frame_options="DENY",
        referrer_policy="same-origin",
        permissions_policy=PERMISSIONS_POLICY,
        session_cookie_secure=False,  # the app keeps no session; plain HTTP on a workshop LAN must work
    )
    refreshed = False

    def refresh_hashes() -> None:
        # Runs after Dash's own set-up (registered earlier, so it runs first): every inline script is
        # known by now, including clientside callbacks registered after harden() was called.
        nonlocal refreshed
        if not refreshed:
            talisman.content_security_policy["script-src"] = content_security_policy(app)["script-src"]
            refreshed = True

    server.before_request(refresh_hashes)
    server.extensions["explorer.security"] = talisman
    return talisman
