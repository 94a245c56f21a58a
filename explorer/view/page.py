"""How a view state splits into the parts of the page, and the small decisions each part makes.

Each part of the page (the maps, the captions and banner, the legend and highlight panel, the evidence, the
tables, which tab shows, the traced group's options) is drawn by its own callback. A part is redrawn only when
the fields of the state it reads change: `part_keys` names those fields, so that flipping a highlight does not
resend the tables, the captions or the dropdown lists (docs/performance.md: React applying every output of one
big callback was where a toggle's time went).
"""

from __future__ import annotations

import json
from enum import StrEnum

from explorer.data.vocab import (
    BASIS_LABELS,
    ELEMENT_TYPE_LABELS,
    KIND_LABELS,
    SECTOR_LABELS,
    STATUS_LABELS,
    Highlight,
    LayerView,
)
from explorer.view.state import ViewState
from explorer.view.styles import FIT_PADDING


class Part(StrEnum):
    MAP = "map"  # both maps' elements, stylesheets and layouts, and whether the second is shown
    CAPTION = "caption"  # the captions above the maps and the provenance banner
    LEGEND = "legend"  # the legend, the highlight panel and the traced-group picker's box
    EVIDENCE = "evidence"  # the evidence panel of the selected item
    TABLES = "tables"  # the Table tab's two tables
    PAGES = "pages"  # which of the map, table, matrix and analysis panels is shown
    OPTIONS = "options"  # the traced group's options, this area's population groups
    MATRIX = "matrix"  # the Matrices tab: every area at once, drawn only while the tab is shown
    ANALYSIS = "analysis"  # the Analysis tab: brokers, metrics and the referral path, only while shown
    # The side panel's parts, which a layer or highlight toggle leaves alone (docs/performance.md).
    ROOM = "room"  # the room card: a room open publishes every view; otherwise only the room field matters
    EDITOR = "editor"  # the editor's form and versions: the area and the picked item
    NOTES = "notes"  # the notes on the picked item
    NOTES_TABLE = "notes-table"  # every note on the area, on the Table tab only
    IMPORTS = "imports"  # whether this area is an import the user may delete


class Mode(StrEnum):
    PLAIN = "plain"  # one map
    SIDE = "side"  # the compared area drawn beside it
    DIFF = "diff"  # one map of the Differences against the compared area


# What each part reads. The map's parts read every field but a few, so a field added to the state later
# redraws them until someone says it need not; the rest name the fields they read.
_NOT_DRAWN = ("room", "view")  # the room is not what is shown; the tab is its own part
_ONLY: dict[Part, tuple[str, ...]] = {
    Part.EVIDENCE: ("dataset", "compare", "select"),
    Part.PAGES: ("view",),
    Part.OPTIONS: ("dataset",),
    Part.MATRIX: ("view",),
    Part.ANALYSIS: ("dataset", "layer", "path", "view"),
    Part.ROOM: ("room",),
    Part.EDITOR: ("dataset", "select"),
    Part.NOTES: ("dataset", "select"),
    Part.NOTES_TABLE: ("dataset",),
    Part.IMPORTS: ("dataset",),
}
_EXCEPT: dict[Part, tuple[str, ...]] = {
    Part.MAP: _NOT_DRAWN,  # `select` marks the picked item on the map
    Part.CAPTION: (*_NOT_DRAWN, "select"),
    Part.LEGEND: (*_NOT_DRAWN, "select"),
    Part.TABLES: (*_NOT_DRAWN, "select"),
}


def part_keys(state: ViewState, restyled: frozenset[str] = frozenset()) -> dict[Part, str]:
    """Each part's key: equal keys mean the part would draw the same thing.

    `restyled` are the fields the browser switches by itself among the views the map's bundle holds
    (explorer.view.bundle.restyled_fields): the map's key leaves them out, so flipping them sends nothing.

    >>> a, b = ViewState(), ViewState(highlight="gaps")
    >>> sorted(p.value for p in changed_parts(part_keys(a), part_keys(b)))
    ['caption', 'legend', 'map']
    """
    store = state.to_store()
    keys = {part: {name: store[name] for name in names} for part, names in _ONLY.items()}
    keys |= {part: {k: v for k, v in store.items() if k not in names} for part, names in _EXCEPT.items()}
    on_map = state.view == "map"
    # The second map is drawn only on the Map tab; the tables only on the Table tab (hidden, they keep one key).
    keys[Part.MAP]["on_map"] = keys[Part.CAPTION]["on_map"] = on_map
    for name in restyled:  # the browser switches these; the caption it picks from those drawn (`views_of`)
        keys[Part.MAP].pop(name, None)
        keys[Part.CAPTION].pop(name, None)
    if state.highlight == "none" and not state.compare:  # the highlight panel's hint, whatever the layer
        keys[Part.LEGEND] = {"highlight": "none"}
    if not state.select:  # nothing picked: the evidence panel's hint, whatever the area
        keys[Part.EVIDENCE] = {"select": ""}
    if state.room:  # a room open: every view it shows (explorer/web/rooms.py: published_query) is published
        keys[Part.ROOM] = {**state.shown().to_store(), "room": state.room}
    # A tab's own parts are drawn only while it is shown; hidden, each keeps one key, so a toggle leaves them be.
    tabs = (
        (Part.TABLES, "table"),
        (Part.NOTES_TABLE, "table"),
        (Part.MATRIX, "matrix"),
        (Part.ANALYSIS, "analysis"),
    )
    for part, page in tabs:
        if state.view != page:
            keys[part] = {"hidden": True}
    return {part: json.dumps(keys[part], sort_keys=True) for part in Part}


def views_of(state: ViewState, restyled: frozenset[str]) -> list[ViewState]:
    """The states the browser may switch to from `state` by itself (every value of the restyled fields), for
    the parts it then picks from what the server drew for each (the caption), keyed by the bundle's `view_key`.

    >>> len(views_of(ViewState(), frozenset({"layer", "highlight"}))), len(views_of(ViewState(), frozenset()))
    (20, 1)
    """
    layers = list(LayerView) if "layer" in restyled else [state.layer]
    highlights = list(Highlight) if "highlight" in restyled else [state.highlight]
    return [state.with_(layer=layer, highlight=h) for layer in layers for h in highlights]


# The tabs drawn only once they are first shown (their tables and graph load code the map does not need).
LAZY_PAGES = ("table", "matrix", "analysis")


def page_to_fill(view: str, filled: list[str] | None) -> str | None:
    """The tab to draw now: the one shown, if it is drawn lazily and not drawn yet; once drawn, it stays.

    >>> page_to_fill("table", []), page_to_fill("table", ["table"]), page_to_fill("map", None)
    ('table', None, None)
    """
    return view if view in LAZY_PAGES and view not in (filled or []) else None


def changed_parts(before: dict[Part, str] | None, after: dict[Part, str]) -> set[Part]:
    """The parts whose keys differ; every part when there was nothing before."""
    if before is None:
        return set(after)
    return {part for part, key in after.items() if before.get(part) != key}


def mode_of(state: ViewState, compared: bool) -> Mode:
    """One map, two side by side (on the Map tab only), or the Differences overlay."""
    if not compared:
        return Mode.PLAIN
    if state.mode == "diff":
        return Mode.DIFF
    return Mode.SIDE if state.view == "map" else Mode.PLAIN


def map_layout(state: ViewState) -> dict:
    """The map's preset layout. `fitKey` changes when the fitted extent may (area, layer, filters, focus), and
    dash-cytoscape lays out (and fits) again only when its layout prop changes."""
    # The anchors follow the label sizes, which follow the page's layout (sizing.view_scale): a projector
    # or comparison toggle moves them, and the map must fit them again.
    page = (str(state.projector), state.compare, state.mode)
    fit_key = "|".join(
        [state.dataset, state.layer, ",".join(state.sectors), state.focus, str(state.hops), *page]
    )
    # dash-cytoscape fits every element evenly; assets/20-fit.js then fits the anchors into the part of the box
    # no overlay covers, with the same padding.
    return {"name": "preset", "fit": True, "padding": FIT_PADDING, "animate": False, "fitKey": fit_key}


def banner_colour(dataset, other=None) -> str:
    """Illustrative data warns (even when only the compared area is); imported data informs; the study is plain."""
    if dataset.is_illustrative or (other is not None and other.is_illustrative):
        return "warning"
    return {"imported": "info"}.get(dataset.provenance.value, "light")


def group_options(dataset) -> list[dict]:
    """The traced group's options: this dataset's population groups by label (element pickers are
    explorer.view.pickers, searched on the server)."""
    groups = [e for e in dataset.elements if e.type.value == "population_group"]
    return [{"label": e.label, "value": e.id} for e in sorted(groups, key=lambda e: e.label)]


ELEMENT_COLUMNS = ("Label", "Type", "Sector", "Layers", "How we know", "Description", "Evidence")
LINK_COLUMNS = ("From", "Link", "To", "Status", "Layer", "Reason", "How we know", "Description", "Evidence")


def table_rows(view) -> tuple[list[dict], list[dict]]:
    """The Table tab's rows: what the map draws, elements then links, with labels instead of ids."""
    label = {e.id: e.label for e in view.visible_elements}
    elements = [
        {
            "Label": e.label,
            "Type": ELEMENT_TYPE_LABELS[e.type],
            "Sector": SECTOR_LABELS[e.sector],
            "Layers": ", ".join(x.value for x in e.layers),
            "How we know": BASIS_LABELS[e.basis] if e.basis else "",
            "Description": e.description,
            "Evidence": "; ".join(x.citation() for x in e.evidence),
        }
        for e in view.visible_elements
    ]
    connections = [
        {
            "From": label.get(c.source, c.source),
            "Link": KIND_LABELS[c.kind],
            "To": label.get(c.target, c.target),
            "Status": STATUS_LABELS[c.status],
            "Layer": c.layer.value,
            "Reason": c.reason,
            "How we know": BASIS_LABELS[c.basis] if c.basis else "",
            "Description": c.description,
            "Evidence": "; ".join(x.citation() for x in c.evidence),
        }
        for c in view.visible_connections
    ]
    return elements, connections
