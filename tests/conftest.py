"""Shared fixtures: a small, valid dataset written to a temporary folder, which tests then corrupt."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Apps built by the tests keep their database and imported maps out of the checkout's instance/ folder.
_SCRATCH = Path(tempfile.mkdtemp(prefix="explorer-tests-"))
os.environ.setdefault("EXPLORER_DB_DIR", str(_SCRATCH / "db"))
# The paper and talk live beside the checkout; EXPLORER_SEEDS points elsewhere (a helper clone, a CI job).
SEEDS = Path(os.environ.get("EXPLORER_SEEDS", REPO.parent / "shared" / "seeds"))

MINI_META = {
    "id": "mini",
    "name": "Mini map",
    "area": "A test area",
    "provenance": "study",
    "note": "Fixture for tests",
}
MINI_ELEMENTS = [
    ["Label", "Type", "Description", "Tags", "Id", "Sector", "Layers", "Basis"],
    [
        "Domestic abuse services",
        "service",
        "Specialist DA support",
        "core",
        "da",
        "voluntary",
        "B|C",
        "stated",
    ],
    ["Statutory CAMHS", "service", "Child mental health", "core", "camhs", "nhs", "B|C", "stated"],
    [
        "Domestic Abuse Board",
        "strategic_group",
        "Strategic group",
        "",
        "board",
        "multi_agency",
        "B",
        "stated",
    ],
    ["Children living with abuse", "population_group", "", "", "kids", "population", "C", "stated"],
]
MINI_CONNECTIONS = [
    [
        "From",
        "To",
        "Type",
        "Direction",
        "Strength",
        "Id",
        "Layer",
        "Status",
        "Description",
        "Reason",
        "Impact",
        "Tags",
        "Basis",
    ],
    ["da", "camhs", "refers", "mutual", "", "wall", "C", "gap", "The wall", "", "", "", "stated"],
    [
        "camhs",
        "board",
        "attends",
        "directed",
        "",
        "camhs_board",
        "B",
        "invited_not_attending",
        "",
        "",
        "",
        "",
        "stated",
    ],
    [
        "kids",
        "camhs",
        "excludes",
        "directed",
        "",
        "kids_camhs",
        "C",
        "excluded",
        "",
        "needs stability",
        "deteriorate",
        "",
        "stated",
    ],
    ["kids", "da", "falls_to", "directed", "", "kids_da", "C", "present", "", "", "", "", "inferred"],
]
MINI_EVIDENCE = [
    ["Item", "Section", "Quote", "Participant", "Participant Sector", "Source"],
    ["da", "4.4.1", "", "", "", ""],
    ["camhs", "4.4.1", "", "", "", ""],
    ["board", "4.3.1", "", "", "", ""],
    ["kids", "5.1", "", "", "", ""],
    ["wall", "4.4.1", "very hit and miss with a lot of misses", "P24", "domestic abuse", "paper"],
    ["camhs_board", "4.3.1", "", "P14", "Domestic Abuse", ""],
    ["kids_camhs", "5.1", "", "P17", "Domestic Abuse", ""],
    ["kids_da", "5.5", "", "", "", ""],
]


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def write_mini(folder: Path, **overrides) -> Path:
    """Write the mini dataset; overrides replace a whole table (meta, elements, connections, evidence)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dataset.json").write_text(json.dumps(overrides.get("meta", MINI_META)), encoding="utf-8")
    write_csv(folder / "elements.csv", overrides.get("elements", MINI_ELEMENTS))
    write_csv(folder / "connections.csv", overrides.get("connections", MINI_CONNECTIONS))
    write_csv(folder / "evidence.csv", overrides.get("evidence", MINI_EVIDENCE))
    return folder


@pytest.fixture
def mini(tmp_path) -> Path:
    return write_mini(tmp_path / "mini")


# The workshop store on a throwaway SQLite file; PostgreSQL and crash tests override `store_url`.
@pytest.fixture
def store_url(tmp_path):
    from explorer.store import db

    url = f"sqlite:///{tmp_path / 'db' / 'explorer.sqlite3'}"
    yield url
    db.dispose(url)


@pytest.fixture
def engine(store_url):
    from explorer.store import db

    return db.get_engine(store_url)


# Browser fixtures: one Chromium for the whole run, a fresh 1280×720 context (a projector's size) per test.
@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    from tests.browser_support import open_page

    page = open_page(browser)
    yield page
    page.context.close()


# Modules that build apps of their own take it with `pytestmark = pytest.mark.usefixtures("dash_registry")`.
@pytest.fixture(scope="module")
def dash_registry():
    """Leave Dash's global callback registry as it was found.

    The first app to serve a request (or to be asked for its CSP hashes) takes the callbacks and inline
    scripts registered with `dash.callback`; the apps made here must not take them from apps that other
    test modules build later in the same process.
    """
    from dash import _callback as registry

    saved = (
        dict(registry.GLOBAL_CALLBACK_MAP),
        list(registry.GLOBAL_CALLBACK_LIST),
        list(registry.GLOBAL_INLINE_SCRIPTS),
    )
    yield
    registry.GLOBAL_CALLBACK_MAP.update(saved[0])
    registry.GLOBAL_CALLBACK_LIST[:] = saved[1]
    registry.GLOBAL_INLINE_SCRIPTS[:] = saved[2]
