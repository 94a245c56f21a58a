"""What the map draws, typed: one `NodeMark` per element and one `EdgeMark` per link, for every view.

The view model (`mapmodel.build_map`, `compare.build_diff_map`) decides the marks; two renderers draw them:
the browser, through the Cytoscape element dicts that `cytoscape_elements` makes (the classes the
stylesheet in `styles.py` selects on), and the exported images (`explorer.outputs`), which read the marks'
fields and never parse a class string.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from explorer.data.vocab import Basis, Direction, ElementType, Kind, Sector, Status
from explorer.view.styles import STATUS_LOOK


class Emphasis(StrEnum):
    """Under a highlight or a drawn path, each item is emphasised or faded; with neither, it is plain."""

    PLAIN = ""
    LIT = "hl"
    FADED = "dim"


class DiffClass(StrEnum):
    """Where an item stands in the Differences view of map A against map B."""

    ONLY_A = "only-a"
    ONLY_B = "only-b"
    CHANGED = "changed"
    SAME = "same"


@dataclass(frozen=True)
class NodeMark:
    id: str
    label: str  # as drawn: the element's short label where it has one (Element.map_label)
    x: float
    y: float
    sector: Sector
    type: ElementType | None = None
    emphasis: Emphasis = Emphasis.PLAIN
    picked: bool = False
    diff: DiffClass | None = None
    basis: Basis | None = None  # an inferred element carries a double border
    full_label: str = ""  # the whole label, where the drawn one is short: for screen readers and titles

    @property
    def name(self) -> str:
        """The element's full name, whatever the map draws."""
        return self.full_label or self.label


@dataclass(frozen=True)
class EdgeMark:
    id: str
    source: str
    target: str
    direction: Direction = Direction.DIRECTED
    status: Status | None = None
    kind: Kind | None = None
    cross_layer: bool = False
    computed_gap: bool = False  # missing against the reference pathway (§7.2, §8), not a recorded link
    emphasis: Emphasis = Emphasis.PLAIN
    picked: bool = False
    diff: DiffClass | None = None
    marker: str = ""  # a changed status in the Differences view: "Present → Gap (missing)"
    basis: Basis | None = None  # an inferred link carries "◇" after its status marker
    tension: bool = False  # a tension in perspectives (§6) between its two sides' holders; `marker` names it

    @property
    def inferred(self) -> bool:
        return self.basis is Basis.INFERRED

    @property
    def excludes(self) -> bool:
        return self.kind is Kind.EXCLUDES


INFERRED_MARK = "◇"  # our reading: a shape on the line, drawn as text so it is as large as the labels


def inferred_marker(status_marker: str) -> str:
    """The text an inferred link carries: its status marker, if any, then the diamond.

    >>> inferred_marker("gap"), inferred_marker("")
    ('gap ◇', '◇')
    """
    return f"{status_marker} {INFERRED_MARK}".strip()


def _state_classes(mark: NodeMark | EdgeMark) -> list[str]:
    classes = [str(mark.emphasis)] if mark.emphasis else []
    return classes + (["picked"] if mark.picked else [])


def node_element(mark: NodeMark) -> dict:
    """The Cytoscape dict for a node.

    >>> node_element(NodeMark("gp", "GP", 1.0, 2.0, Sector.NHS, ElementType.SERVICE, Emphasis.LIT))["classes"]
    'sector-nhs type-service hl'
    """
    if mark.diff is not None:
        classes = [f"sector-{mark.sector.value}", f"diff-{mark.diff.value}"]
    else:
        classes = [f"sector-{mark.sector.value}"] + ([f"type-{mark.type.value}"] if mark.type else [])
        if mark.basis is not None:
            classes.append(f"basis-{mark.basis.value}")
    classes += _state_classes(mark)
    data = {"id": mark.id, "label": mark.label}
    if mark.name != mark.label:  # the keyboard's announcements say the full name (assets/60-map-keyboard.js)
        data["name"] = mark.name
    return {
        "data": data,
        "position": {"x": mark.x, "y": mark.y},
        "classes": " ".join(classes),
    }


def edge_element(mark: EdgeMark) -> dict:
    """The Cytoscape dict for a link."""
    data = {"id": mark.id, "source": mark.source, "target": mark.target}
    if mark.diff is not None:
        if mark.marker:
            data["marker"] = mark.marker
        classes = [mark.direction.value, f"diff-{mark.diff.value}"]
    elif mark.computed_gap:
        classes = ["computed-gap"]
    elif mark.tension:
        data["marker"] = mark.marker
        classes = ["tension", "undirected"]
    else:
        classes = [f"status-{mark.status.value}", f"kind-{mark.kind.value}", mark.direction.value]
        if mark.cross_layer:
            classes.append("cross-layer")
        if mark.excludes:
            classes.append("excludes")
        if mark.basis is not None:
            classes.append(f"basis-{mark.basis.value}")
        if mark.inferred:
            data["marker"] = inferred_marker(STATUS_LOOK[mark.status].marker)
    classes += _state_classes(mark)
    return {"data": data, "classes": " ".join(classes)}


def anchor_elements(corners) -> list[dict]:
    """The two invisible nodes that fix the fitted viewport (see sizing.anchor_corners)."""
    return [
        {"data": {"id": f"__anchor{i}", "label": ""}, "position": {"x": x, "y": y}, "classes": "anchor",
         "selectable": False, "grabbable": False}
        for i, (x, y) in enumerate(corners)
    ]  # fmt: skip


def cytoscape_elements(nodes: list[NodeMark], edges: list[EdgeMark], corners) -> list[dict]:
    return [*map(node_element, nodes), *map(edge_element, edges), *anchor_elements(corners)]
