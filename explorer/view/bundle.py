"""A map bundle: every view of one map that the browser may switch to without asking the server.

A workshop flips between highlights and layers to see what changes, so the flip must paint in the click's own
frames. The server (the view model, still the single source of truth) builds the map once per view it covers:
each layer × each highlight for a small map, each highlight of the shown layer for a big one, and just the shown
view when two maps are compared. `map_bundle` folds those views into one payload: each element once, with its
classes, its position in each layer and a one-letter code per view (absent, plain, lit, faded). The browser
(assets/35-map-restyle.js) picks one view out of it and hands it to dash-cytoscape, which applies it in one
`cy.batch`; `bundle_payload` is the same choice in Python, for the tests and the bench.

The view-dependent classes are `hl` and `dim` (the highlight's emphasis) and `picked` (the selected item, added
for the state's `select` in the browser), so the picked item needs no server round trip either.

>>> node = {"data": {"id": "gp", "label": "GP"}, "position": {"x": 1, "y": 2}, "classes": "sector-nhs"}
>>> lit = {**node, "classes": "sector-nhs hl"}
>>> b = map_bundle("k", {("all", "none"): ([node], [], {}), ("all", "gaps"): ([lit], [], {})})
>>> b["elements"][0]["v"], bundle_payload(b, "all", "gaps", select="gp")[0][0]["classes"]
('.h', 'sector-nhs hl picked')
"""

from __future__ import annotations

from explorer.data.vocab import Highlight, LayerView
from explorer.view.state import ViewState, from_mapping

# The classes a view sets on top of an element's own; everything else in `classes` is the element's own.
EMPHASIS = {"": ".", "hl": "h", "dim": "d"}  # no emphasis, lit, faded
ABSENT = "-"
VIEW_CLASSES = frozenset({"hl", "dim", "picked"})
# Above this many elements a bundle covers the shown layer only: each view costs a `build_map` on the server.
ALL_LAYERS_MAX = 400

View = tuple[str, str]  # (layer, highlight)


def view_key(layer: str, highlight: str) -> str:
    return f"{layer}|{highlight}"


def covered_views(layer: str, elements: int, compared: bool) -> list[View]:
    """The views a bundle holds: every layer and highlight for a small map, the shown layer's highlights for a
    big one, and none (the caller adds the shown view) when two maps are compared.

    >>> len(covered_views("all", 117, False)), len(covered_views("C", 2000, False)), covered_views("C", 9, True)
    (20, 5, [])
    """
    if compared:
        return []
    layers = [v.value for v in LayerView] if elements <= ALL_LAYERS_MAX else [str(layer)]
    return [(layer_value, h.value) for layer_value in layers for h in Highlight]


def restyled_fields(layer: str, elements: int, compared: bool) -> frozenset[str]:
    """The state fields the browser switches by itself (explorer.view.page leaves them out of the map's key).

    >>> sorted(restyled_fields("all", 117, False)), sorted(restyled_fields("all", 117, True))
    (['highlight', 'layer', 'select'], [])
    """
    views = covered_views(layer, elements, compared)
    if not views:
        return frozenset()
    fields = {"highlight", "select"}
    if len({v[0] for v in views}) > 1:
        fields.add("layer")
    return frozenset(fields)


def area_states(state: ViewState, areas: list[tuple[str, int]], datasets: list[str]) -> list[ViewState]:
    """The states the area control may switch to from `state`, whose bundles the browser fetches ahead.

    `areas` are (id, element count) of the maps every user may see (the shipped ones: an imported map belongs to
    its owner and is not fetched ahead); each target is the state the URL sync would make of that area's pick,
    and only a small map's (its bundle covers every layer, so the next toggles are drawn in the browser too).
    Nothing is fetched ahead while two maps are compared: then every toggle is the server's.

    >>> [s.dataset for s in area_states(ViewState(layer="B"), [("study", 41), ("west", 42), ("big", 2000)], [])]
    ['west']
    >>> area_states(ViewState(compare="west"), [("west", 42)], ["study", "west"])
    []
    """
    if state.compare:
        return []
    known = [*datasets, *(area for area, _ in areas)]
    return [
        from_mapping({"dataset": area}, known, base=state)
        for area, size in areas
        if area != state.dataset and size <= ALL_LAYERS_MAX
    ]


def bundle_token(bundle: dict) -> str:
    """What the browser says it holds: the content's fingerprint and the key it was drawn for."""
    return f"{bundle.get('print', '')}|{bundle['key']}"


def _split(classes: str) -> tuple[str, str]:
    words = classes.split()
    own = " ".join(w for w in words if w not in VIEW_CLASSES)
    emphasis = "hl" if "hl" in words else ("dim" if "dim" in words else "")
    return own, emphasis


def _look(element: dict, own: str) -> dict:
    """What an element is, whatever the view: its data, own classes and any other keys but its position."""
    rest = {k: v for k, v in element.items() if k not in ("data", "classes", "position")}
    return {"data": element["data"], "classes": own, **({"extra": rest} if rest else {})}


def map_bundle(
    key: str,
    views: dict[View, tuple[list[dict], list[dict], dict]],
    legends: dict[View, list[list[str]]] | None = None,
) -> dict:
    """One bundle from each view's (cytoscape elements, stylesheet, layout), in the order given, and each
    view's legend rows (explorer.view.legend.legend_rows), kept once each: most views share a legend.

    `key` is what the map part was drawn for (explorer.view.page.part_keys): the browser uses a bundle only
    while the page's map key is still this one.
    """
    order = list(views)
    shared: list[list[list[str]]] = []  # the distinct legends; each view names one by its place here
    for view in order if legends else []:
        if legends[view] not in shared:
            shared.append(legends[view])
    entries: dict[str, dict] = {}
    layers: dict[str, dict] = {}
    styles: dict[str, list[dict]] = {}  # a view's own stylesheet, where it is not its layer's
    for index, (layer, highlight) in enumerate(order):
        elements, sheet, layout = views[(layer, highlight)]
        layers.setdefault(layer, {"stylesheet": sheet, "layout": layout})
        if layers[layer]["layout"] != layout:
            raise ValueError(f"view {layer}|{highlight}: the layout differs within layer {layer}")
        if layers[layer]["stylesheet"] != sheet:  # a view with more elements may cross a level of detail
            styles[view_key(layer, highlight)] = sheet
        for element in elements:
            own, emphasis = _split(element.get("classes", ""))
            look = _look(element, own)
            entry = entries.get(look["data"]["id"])
            if entry is None:
                entry = entries[look["data"]["id"]] = {**look, "at": {}, "v": [ABSENT] * len(order)}
            elif any(entry.get(k) != look.get(k) for k in ("data", "classes", "extra")):
                entry.setdefault("x", {})[view_key(layer, highlight)] = look  # rare: differs in this view
            entry["v"][index] = EMPHASIS[emphasis]
            if "position" in element:
                at = [element["position"]["x"], element["position"]["y"]]
                if entry["at"].setdefault(layer, at) != at:
                    raise ValueError(f"{look['data']['id']}: two positions in layer {layer}")
    # Nodes before links, as cytoscape adds them; in first-seen order otherwise.
    listed = sorted(entries.values(), key=lambda e: "source" in e["data"])
    for entry in listed:
        entry["v"] = "".join(entry["v"])
        if not entry["at"]:
            del entry["at"]
    bundle = {"key": key, "views": [view_key(*v) for v in order], "layers": layers, "elements": listed}
    if legends:
        bundle |= {"legends": shared, "legend": [shared.index(legends[view]) for view in order]}
    return bundle | ({"styles": styles} if styles else {})


def bundle_legend(bundle: dict, layer: str, highlight: str) -> list[list[str]] | None:
    """The legend rows the browser draws for one view (None if the bundle holds no legend for it)."""
    key = view_key(layer, highlight)
    if "legends" not in bundle or key not in bundle["views"]:
        return None
    return bundle["legends"][bundle["legend"][bundle["views"].index(key)]]


def covers(bundle: dict | None, layer: str, highlight: str) -> bool:
    return bool(bundle) and view_key(layer, highlight) in bundle["views"]


def bundle_payload(
    bundle: dict, layer: str, highlight: str, select: str = ""
) -> tuple[list[dict], list[dict], dict] | None:
    """The (elements, stylesheet, layout) dash-cytoscape is given for one view, or None if the bundle does not
    hold it. assets/35-map-restyle.js does the same; tests/test_map_bundle.py and a browser test keep them equal.
    """
    key = view_key(layer, highlight)
    if key not in bundle["views"]:
        return None
    index = bundle["views"].index(key)
    elements = []
    for entry in bundle["elements"]:
        code = entry["v"][index]
        if code == ABSENT:
            continue
        look = entry.get("x", {}).get(key, entry)
        classes = look["classes"].split()
        if code != ".":
            classes.append("hl" if code == "h" else "dim")
        if select and look["data"]["id"] == select:
            classes.append("picked")
        element = {"data": look["data"], **look.get("extra", {}), "classes": " ".join(classes)}
        if layer in entry.get("at", {}):
            x, y = entry["at"][layer]
            element["position"] = {"x": x, "y": y}
        elements.append(element)
    shown = bundle["layers"][layer]
    return elements, bundle.get("styles", {}).get(key, shown["stylesheet"]), shown["layout"]
