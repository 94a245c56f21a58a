"""Dataset + view state → what the map shows: typed marks (view/marks.py), the caption, and the fitted box.

Pure functions, no Dash: the callbacks only pass their results through, and the tests call them directly.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass, field
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
from explorer.view.marks import EdgeMark, Emphasis, NodeMark, cytoscape_elements
from explorer.view.positions import bounding_box
from explorer.view.sizing import anchor_corners, page_layout, view_scale
from explorer.view.state import ViewState
from explorer.view.styles import Scale

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
        corners=anchor_corners(
            box, scale, longest_label, placed if page_layout(state)[1] == "side" else None
        ),
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
