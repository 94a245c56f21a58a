"""Dataset + view state → what the map shows: typed marks (view/marks.py), the caption, and the fitted box.

Pure functions, no Dash: the callbacks only pass their results through, and the tests call them directly.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass, field, replace
from functools import cached_property

from explorer.analysis.reference import ComputedGap
from explorer.data.model import Connection, Dataset, Element
from explorer.data.vocab import (
    BASIS_FILTER_LABELS,
    BASIS_LABELS,
    BASIS_LEADS,
    ELEMENT_TYPE_LABELS,
    HIGHLIGHT_LABELS,
    KIND_LABELS,
    LAYER_LABELS,
    LAYER_VIEW_LABELS,
    SECTOR_LABELS,
    STATUS_LABELS,
    Basis,
    BasisFilter,
    Direction,
    ElementType,
    Kind,
    Layer,
    Sector,
    Status,
)
from explorer.view.lattice import label_box
from explorer.view.marks import EdgeMark, Emphasis, NodeMark, cytoscape_elements
from explorer.view.positions import CELL, bounding_box
from explorer.view.state import ViewState
from explorer.view.styles import CANVAS, MAX_PX, TARGET_PX, Scale, fitted_scale

CITATION = "Powell et al. (2025), Children and Youth Services Review 169, 108076"


@dataclass
class MapView:
    """One map as drawn: its marks, the sizes to draw them at, and what the legend must explain.

    `elements` is the Cytoscape form of the marks, for the browser; images read `nodes` and `edges`.
    """

    nodes: list[NodeMark]
    edges: list[EdgeMark]
    corners: tuple[tuple[float, float], tuple[float, float]]
    scale: Scale
    visible_elements: list[Element]
    visible_connections: list[Connection]
    computed_gaps: list[ComputedGap] = field(default_factory=list)
    sectors: list[Sector] = field(default_factory=list)
    statuses: list[Status] = field(default_factory=list)
    has_cross_layer: bool = False
    has_inferred: bool = False  # the legend explains the inferred mark only when one is on screen
    tensions: list[str] = field(default_factory=list)  # ids of the tensions drawn (Tensions highlight)
    stated_only: bool = False

    @cached_property
    def elements(self) -> list[dict]:
        return cytoscape_elements(self.nodes, self.edges, self.corners)

    @property
    def faded(self) -> bool:
        """True when a highlight or a path fades what lies outside it."""
        return any(m.emphasis is Emphasis.FADED for m in (*self.nodes, *self.edges))


def chosen_layers(state: ViewState) -> set[Layer]:
    return set(Layer) if state.layer == "all" else {Layer(state.layer)}


def visible(dataset: Dataset, state: ViewState) -> tuple[list[Element], list[Connection]]:
    """The elements and connections of the chosen layer(s), after the sector filter and the focus."""
    layers = chosen_layers(state)
    connections = [
        c for c in dataset.connections if c.layer in layers and (state.layer == "all" or not c.cross_layer)
    ]
    ids = {e.id for e in dataset.elements if layers.intersection(e.layers)}
    if state.basis == BasisFilter.STATED:  # only what the paper states: the rest is not drawn at all
        connections = [c for c in connections if c.basis is Basis.STATED]
        ids = {i for i in ids if dataset.element(i).basis is Basis.STATED}
        connections = [c for c in connections if c.source in ids and c.target in ids]
    ids |= {end for c in connections for end in (c.source, c.target)}
    if state.sectors:
        wanted = set(state.sectors)
        ids = {i for i in ids if dataset.element(i).sector.value in wanted}
    connections = [c for c in connections if c.source in ids and c.target in ids]
    if state.focus in ids:
        ids = neighbourhood(state.focus, connections, state.hops)
        connections = [c for c in connections if c.source in ids and c.target in ids]
    elements = [e for e in dataset.elements if e.id in ids]
    return elements, connections


def neighbourhood(centre: str, connections: list[Connection], hops: int) -> set[str]:
    """Element ids within `hops` links of `centre`, ignoring direction.

    >>> from explorer.data.vocab import Kind, Status
    >>> chain = [Connection(f"{a}{b}", a, b, Layer.C, Kind.REFERS, Status.PRESENT) for a, b in ("ab", "bc")]
    >>> sorted(neighbourhood("a", chain, 1)), sorted(neighbourhood("a", chain, 2))
    (['a', 'b'], ['a', 'b', 'c'])
    """
    adjacent: dict[str, set[str]] = {}
    for c in connections:
        adjacent.setdefault(c.source, set()).add(c.target)
        adjacent.setdefault(c.target, set()).add(c.source)
    seen = {centre}
    frontier = deque([(centre, 0)])
    while frontier:
        node, depth = frontier.popleft()
        if depth == hops:
            continue
        for other in adjacent.get(node, ()):
            if other not in seen:
                seen.add(other)
                frontier.append((other, depth + 1))
    return seen


def computed_id(gap: ComputedGap) -> str:
    return f"computed--{gap.reference_id}"


def _emphasis(dataset: Dataset, state: ViewState, connections, computed) -> tuple[set[str], bool]:
    """Ids to emphasise under the highlight, and whether anything should be dimmed at all."""
    if state.highlight == "gaps":
        edges = [c for c in connections if c.status is Status.GAP]
        ids = {computed_id(g) for g in computed} | {end for g in computed for end in (g.source, g.target)}
        return ids | {c.id for c in edges} | {end for c in edges for end in (c.source, c.target)}, True
    elif state.highlight == "attendance":
        edges = [c for c in connections if c.kind is Kind.ATTENDS]
    elif state.highlight == "tensions":
        visible_ids = {c.id for c in connections} | {end for c in connections for end in (c.source, c.target)}
        ids = {i for t in dataset.tensions for i in t.item_ids}
        ids |= {end for c in connections if c.id in ids for end in (c.source, c.target)}
        return ids & (visible_ids | {e.id for e in dataset.elements}), True
    elif state.highlight == "exclusions":
        edges = [c for c in connections if c.kind in (Kind.EXCLUDES, Kind.FALLS_TO)]
        if state.group:
            edges = [c for c in edges if c.source == state.group]
    else:
        return set(), False
    ids = {c.id for c in edges} | {end for c in edges for end in (c.source, c.target)}
    if state.highlight == "attendance":
        ids |= {c.source for c in connections if c.kind is Kind.ATTENDS}
        ids |= {e.id for e in dataset.elements if e.type is ElementType.STRATEGIC_GROUP}
    return ids, True


def build_map(
    dataset: Dataset,
    state: ViewState,
    positions: dict[str, tuple[float, float]],
    box: tuple[float, float, float, float] | None = None,
    computed: list[ComputedGap] = (),
    longest_label: int = 40,
    route: tuple[list[str], list[str]] | None = None,
    placed: list[tuple[str, tuple[float, float]]] | None = None,
) -> MapView:
    """Cytoscape elements for the view.

    `placed` lists the labels and places of every element this view shows in any area: the labels grow
    only as far as they leave one another room (view_scale).

    `box` is the extent to fit, shared by every dataset for this layer: invisible anchor nodes at its
    corners make the fitted viewport, and so every service's place on screen, the same in every area.
    """
    elements, connections = visible(dataset, state)
    ids = {e.id for e in elements}
    layers = {layer.value for layer in chosen_layers(state)}
    computed = [
        g
        for g in computed
        if state.highlight == "gaps"
        and g.state == "missing"
        and g.layer in layers
        and g.source in ids
        and g.target in ids
    ]
    emphasis, dimming = _emphasis(dataset, state, connections, computed)
    if route:  # a drawn referral path outranks the highlight: it answers the question just asked
        emphasis, dimming = set(route[0]) | set(route[1]), True
    box = box or bounding_box([positions[e.id] for e in elements if e.id in positions])
    scale = view_scale(box, state, longest_label, placed)

    def emphasis_of(item_id: str) -> Emphasis:
        if not dimming:
            return Emphasis.PLAIN
        return Emphasis.LIT if item_id in emphasis else Emphasis.FADED

    nodes = [
        NodeMark(
            e.id,
            e.map_label,
            *positions.get(e.id, (0.0, 0.0)),
            sector=e.sector,
            type=e.type,
            emphasis=emphasis_of(e.id),
            picked=e.id == state.select,
            basis=e.basis,
            full_label=e.label if e.short_label else "",
        )
        for e in elements
    ]
    edges = [
        EdgeMark(
            c.id,
            c.source,
            c.target,
            direction=c.direction,
            status=c.status,
            kind=c.kind,
            cross_layer=c.cross_layer,
            emphasis=emphasis_of(c.id),
            picked=c.id == state.select,
            basis=c.basis,
        )
        for c in connections
    ]
    drawn_tensions: list[str] = []
    if state.highlight == "tensions":
        tension_edges, drawn_tensions = tension_marks(dataset, ids)
        edges += tension_edges
    # A reference link the map records (as a gap, say) is listed in the panel: one line for it is enough.
    edges += [
        EdgeMark(computed_id(g), g.source, g.target, computed_gap=True, emphasis=Emphasis.LIT)
        for g in computed
        if not g.existing
    ]
    return MapView(
        nodes=nodes,
        edges=edges,
        corners=anchor_corners(box, scale, longest_label),
        scale=scale,
        visible_elements=elements,
        visible_connections=connections,
        computed_gaps=computed,
        sectors=sorted({e.sector for e in elements}, key=list(Sector).index),
        statuses=sorted({c.status for c in connections if not c.cross_layer}, key=list(Status).index),
        has_cross_layer=any(c.cross_layer for c in connections),
        has_inferred=any(x.basis is Basis.INFERRED for x in (*elements, *connections)),
        stated_only=state.basis == BasisFilter.STATED,
        tensions=drawn_tensions,
    )


def tension_marks(dataset: Dataset, ids: set[str]) -> tuple[list[EdgeMark], list[str]]:
    """One line between each pair of elements holding opposite sides of a tension, both on screen.

    Pairs that several tensions set against each other get one line naming every section, so the
    domestic abuse services ↔ CYPMHS line reads "tension §6.1 · §6.2 · §6.3".
    """
    pairs: dict[tuple[str, str], list[str]] = {}
    drawn: list[str] = []
    for t in dataset.tensions:
        before = len(pairs), sum(map(len, pairs.values()))
        for i, side in enumerate(t.sides):
            for other in t.sides[i + 1 :]:
                for a in side.holders:
                    for b in other.holders:
                        if a != b and a in ids and b in ids:
                            sections = pairs.setdefault(tuple(sorted((a, b))), [])
                            if f"§{t.section}" not in sections:
                                sections.append(f"§{t.section}")
        if (len(pairs), sum(map(len, pairs.values()))) != before:
            drawn.append(t.id)
    marks = [
        EdgeMark(
            f"tension--{a}--{b}",
            a,
            b,
            direction=Direction.UNDIRECTED,
            tension=True,
            marker="tension " + " · ".join(sections),
            emphasis=Emphasis.LIT,
        )
        for (a, b), sections in pairs.items()
    ]
    return marks, drawn


def page_layout(state: ViewState) -> tuple[str, str]:
    """How the page lays this view's map out: ("page" or "projector", "one" map or two "side" by side)."""
    side = bool(state.compare) and state.mode == "side" and state.view == "map"
    return ("projector" if state.projector else "page", "side" if side else "one")


def label_room(placed: list[tuple[str, tuple[float, float]]], scale: Scale, largest: float) -> float:
    """The largest font (model units, at most `largest`, at least the scale's own) at which no two of the
    placed labels, wrapped at the scale's width, overlap: bigger text than the positions leave room for
    would only trade size for words drawn over words. Boxes are lattice.label_box's, the layout's own.

    >>> s = Scale(font=20.0, node=30.0, edge=2.0, text_width=282.0)
    >>> apart = [("Schools", (0.0, 0.0)), ("Family Hubs", (300.0, 0.0))]
    >>> label_room(apart, s, 40.0), round(label_room([("Schools", (0.0, 0.0)), ("Family Hubs", (0.0, 80.0))], s, 40.0))
    (40.0, 29)
    """
    if largest <= scale.font:
        return largest

    def fits(font: float) -> bool:
        sized = replace(scale, font=font)
        boxes = []
        for label, (x, y) in placed:
            b = label_box(label, sized)
            boxes.append((x + b[0], y + b[1], x + b[2], y + b[3]))
        return not any(
            min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])
            for i, a in enumerate(boxes)
            for b in boxes[i + 1 :]
        )

    if fits(largest):
        return largest
    low, high = scale.font, largest
    for _ in range(12):
        mid = (low + high) / 2
        low, high = (mid, high) if fits(mid) else (low, mid)
    return low


def view_scale(
    box,
    state: ViewState,
    longest_label: int = 40,
    placed: list[tuple[str, tuple[float, float]]] | None = None,
) -> Scale:
    """Sizes for the view as the page draws it: labels aimed at the size a room reads (styles.TARGET_PX)
    on the canvas that layout gives the map at 1280×720, but no bigger than the `placed` labels (every
    element this view shows in any area, so the sizes match across areas) leave room for.

    >>> from explorer.view.state import ViewState
    >>> from explorer.view.styles import fit_zoom
    >>> def px(s, mode):  # the size on screen once the anchors are fitted to the canvas
    ...     (x1, y1), (x2, y2) = anchor_corners((0, 0, 1800, 880), s, 40)
    ...     return s.font * fit_zoom(CANVAS[(mode, "one")], x2 - x1, y2 - y1)
    >>> page, projector = view_scale((0, 0, 1800, 880), ViewState()), view_scale((0, 0, 1800, 880), ViewState(projector=True))
    >>> px(projector, "projector") >= px(page, "page")
    True
    """
    mode, maps = page_layout(state)
    target = TARGET_PX[(mode, maps, "all" if state.layer == "all" else "layer")]
    corners = lambda s: anchor_corners(box, s, longest_label)  # noqa: E731
    scale = fitted_scale(box, CANVAS[(mode, maps)], target, MAX_PX[mode], corners, cell=CELL)
    if placed:
        # The floor is the cell's own text size (a label that fits its cell), not the bigger one a crowded
        # canvas's pixel floor would ask for.
        base = fitted_scale(box, CANVAS[(mode, maps)], 0.0, MAX_PX[mode], corners, cell=CELL)
        base = replace(base, font=min(base.font, CELL[0] / 9.5))
        scale = replace(scale, font=max(base.font, min(scale.font, label_room(placed, base, scale.font))))
    return scale


def anchor_corners(box, scale, longest_label: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where the two invisible anchor nodes go: beyond the reach of any label or curved edge.

    Cytoscape fits labels too, so a long label at the edge of one area's map would otherwise shift the
    fitted viewport and break the promise that a service sits in the same place in every area. The
    margin below allows for the longest label (over every dataset) wrapped at the label width.

    >>> from explorer.view.styles import Scale
    >>> anchor_corners((0, 0, 1000, 500), Scale(font=20, node=30, edge=2, text_width=200), 30)
    ((-150.0, -67.5), (1150.0, 618.0))
    """
    per_line = max(scale.text_width / (0.55 * scale.font), 1)
    lines = -(-longest_label // int(per_line)) + 1
    side = max(scale.text_width / 2 + scale.node, 0.5 * CELL[0])  # edges bulge too: parallel links curve out
    top = max(scale.node, 0.45 * CELL[1])
    bottom = scale.node + scale.font * (0.5 + 1.3 * lines)
    return (box[0] - side, box[1] - top), (box[2] + side, box[3] + bottom)


def longest_label(datasets: list[Dataset]) -> int:
    """The longest label the map draws (a short label where there is one), in characters."""
    return max((len(e.map_label) for d in datasets for e in d.elements), default=20)


def layer_box(datasets: list[Dataset], positions: dict, layer: str) -> tuple[float, float, float, float]:
    """The extent of every element that any of the datasets puts in the layer (or in any layer, for 'all')."""
    layers = set(Layer) if layer == "all" else {Layer(layer)}
    points = {
        e.id: positions[e.id]
        for d in datasets
        for e in d.elements
        if e.id in positions and layers.intersection(e.layers)
    }
    return bounding_box(list(points.values()))


@dataclass(frozen=True)
class Caption:
    title: str
    provenance: str
    date: str
    source: str = CITATION

    def lines(self) -> list[str]:
        return [self.title, self.provenance, f"{self.source} · {self.date}"]


def caption_for(dataset: Dataset, state: ViewState, today: dt.date | None = None) -> Caption:
    """A caption that lets an exported image stand alone: what, which layer, which highlight, whose data."""
    parts = [dataset.name, LAYER_VIEW_LABELS[state.layer], HIGHLIGHT_LABELS[state.highlight]]
    if state.focus:
        parts.append(f"focus: {state.focus} ({state.hops} hop{'s' if state.hops > 1 else ''})")
    if state.sectors:
        parts.append("sectors: " + ", ".join(SECTOR_LABELS[Sector(s)] for s in state.sectors))
    if state.basis == BasisFilter.STATED:
        parts.append(BASIS_FILTER_LABELS[BasisFilter.STATED].lower())
    return Caption(
        title=" · ".join(parts),
        provenance=dataset.provenance_line(),
        date=(today or dt.date.today()).isoformat(),
    )


def describe(dataset: Dataset, item_id: str) -> dict | None:
    """What the evidence panel shows for an element or connection id, or None if there is no such item."""
    item = dataset.get(item_id)
    if isinstance(item, Element):
        return {
            "kind": "element",
            "title": item.label,
            "facts": [
                ("Type", ELEMENT_TYPE_LABELS[item.type]),
                ("Sector", SECTOR_LABELS[item.sector]),
                ("Layers", ", ".join(layer.value for layer in item.layers)),
                *_file_facts(item),
            ],
            "description": _account(item),
            **basis_account(item.basis),
            "evidence": [_evidence(e) for e in item.evidence],
        } | _tension_facts(dataset, item.id)
    if isinstance(item, Connection):
        source, target = dataset.element(item.source), dataset.element(item.target)
        facts = [
            ("Link", f"{source.label} {KIND_LABELS[item.kind]} {target.label}"),
            ("Status", STATUS_LABELS[item.status]),
            ("Layer", LAYER_LABELS[item.layer]),
        ]
        if item.reason:
            facts.append(("Threshold or reason", item.reason))
        if item.impact:
            facts.append(("Impact", item.impact))
        facts += _file_facts(item)
        return {
            "kind": "connection",
            "title": f"{source.label} → {target.label}",
            "facts": facts,
            "description": _account(item),
            **basis_account(item.basis),
            "evidence": [_evidence(e) for e in item.evidence],
        } | _tension_facts(dataset, item.id)
    return None


def _file_facts(item) -> list[tuple[str, str]]:
    """An imported item's extra fields from its file (Kumu's Website, Gephi's modularity…), named as such."""
    return [(f"{name} (in the file)", value) for name, value in item.attributes]


def _tension_facts(dataset: Dataset, item_id: str) -> dict:
    """The tensions of §6 an item holds a side of, or bears on, for the panel ("tensions": [...])."""
    found = []
    for t in dataset.tensions:
        for side in t.sides:
            if item_id in side.holders or item_id in side.items:
                found.append(f"§{t.section} {t.title}: {side.who}")
    return {"tensions": found}


def _account(item: Element | Connection) -> str:
    """The description as the panel tells it: the basis lead already says "Our reading", so the data's own
    "Our reading: " (which keeps the CSV honest on its own) is not said twice."""
    if item.basis is Basis.INFERRED:
        return item.description.removeprefix("Our reading: ")
    return item.description


def basis_account(basis: Basis | None) -> dict:
    """How the panel opens an item's account: its basis, and the words that say how we know it.

    >>> basis_account(Basis.INFERRED)["lead"]
    'Our reading, not stated in the paper…'
    """
    if basis is None:
        return {"basis": "", "basis_label": "Basis not given", "lead": ""}
    return {"basis": basis.value, "basis_label": BASIS_LABELS[basis], "lead": BASIS_LEADS[basis]}


def _evidence(e) -> dict:
    return {
        "citation": e.citation(),
        "quote": e.quote or "",
        "passage": e.passage or "",
        "lived_experience": e.voice.value == "lived_experience",
    }
