"""The Chromium flags every headless run here uses (the bench, legibility, the browser tests).

A module of its own so tests and tools can share one list without importing the bench (or the web app).
"""

# Debian's Chromium as Playwright drives it here: no GPU, no background network, so runs compare.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
