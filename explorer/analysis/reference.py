"""Computed gaps: the links the reference pathway (§7.2, §8) says should exist, checked against one map.

A reference connection (status `recommended`) is *met* when the map has a connection of the same kind
between the same two elements whose status says it works (`present`, `attends`). It is *weak* when the
best such connection is only `strained`, `attends_not_equal` or `conflict` (a relationship that exists but
does not work well is closer to weak than to missing). Otherwise it is *missing*: a computed gap. A
recorded `gap`, `invited_not_attending` or `not_invited` link does not meet it; it is listed under
`existing` so the evidence panel can say the map already records the absence.

Direction matters only when both sides are `directed`: if either the reference link or the map's link is
`mutual` or `undirected`, a link the other way round matches too.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.data.model import Connection, Dataset, Element, Evidence
from explorer.data.serialise import evidence_dict
from explorer.data.vocab import Direction, Status

MET = frozenset({Status.PRESENT, Status.ATTENDS})
WEAK = frozenset({Status.STRAINED, Status.ATTENDS_NOT_EQUAL, Status.CONFLICT})


@dataclass(frozen=True)
class ComputedGap:
    """One reference link the map does not meet (`state` "missing") or meets only weakly ("weak")."""

    reference_id: str
    source: str
    target: str
    source_label: str
    target_label: str
    kind: str
    layer: str
    direction: str
    state: str  # "missing" or "weak"
    description: str
    evidence: tuple[Evidence, ...]
    source_in_dataset: bool
    target_in_dataset: bool
    existing: tuple[tuple[str, str], ...] = ()  # (connection id, status) of the map's links of this kind
    basis: str = ""  # how we know the reference link should exist: stated, reported or inferred

    def as_dict(self) -> dict:
        return {
            "reference_id": self.reference_id,
            "from": self.source,
            "to": self.target,
            "from_label": self.source_label,
            "to_label": self.target_label,
            "kind": self.kind,
            "layer": self.layer,
            "direction": self.direction,
            "state": self.state,
            "description": self.description,
            "evidence": [evidence_dict(e) for e in self.evidence],
            "from_in_dataset": self.source_in_dataset,
            "to_in_dataset": self.target_in_dataset,
            "existing": [{"id": cid, "status": status} for cid, status in self.existing],
            "basis": self.basis,
        }


def _either_way(connection: Connection) -> bool:
    return connection.direction is not Direction.DIRECTED


def matches(reference: Connection, candidate: Connection) -> bool:
    """True when a map's connection joins the same elements, with the same kind, as a reference link.

    >>> from explorer.data.vocab import Kind, Layer
    >>> ref = Connection("r", "da", "camhs", Layer.C, Kind.REFERS, Status.RECOMMENDED)
    >>> matches(ref, Connection("c", "camhs", "da", Layer.C, Kind.REFERS, Status.PRESENT))
    False
    >>> matches(ref, Connection("c", "camhs", "da", Layer.C, Kind.REFERS, Status.PRESENT, Direction.MUTUAL))
    True
    """
    if candidate.kind is not reference.kind:
        return False
    if (candidate.source, candidate.target) == (reference.source, reference.target):
        return True
    flipped = (candidate.source, candidate.target) == (reference.target, reference.source)
    return flipped and (_either_way(reference) or _either_way(candidate))


def computed_gaps(dataset: Dataset, reference: Dataset) -> list[ComputedGap]:
    """Every `recommended` link of the reference that the map misses or meets only weakly, in reference order.

    >>> from explorer.data.sample import demo_dataset
    >>> from explorer.data.vocab import Kind, Layer, Provenance
    >>> demo = demo_dataset()
    >>> ref = Dataset("ref", "Reference", "", Provenance.REFERENCE, elements=demo.elements, connections=(
    ...     Connection("r_wall", "da", "camhs", Layer.C, Kind.REFERS, Status.RECOMMENDED, Direction.MUTUAL),
    ...     Connection("r_hubs", "hubs", "camhs", Layer.C, Kind.REFERS, Status.RECOMMENDED),
    ...     Connection("r_gp", "gp", "camhs", Layer.C, Kind.REFERS, Status.RECOMMENDED),
    ...     Connection("r_board", "camhs", "board", Layer.B, Kind.ATTENDS, Status.RECOMMENDED)))
    >>> [(g.reference_id, g.state) for g in computed_gaps(demo, ref)]
    [('r_wall', 'missing'), ('r_hubs', 'weak'), ('r_board', 'missing')]
    >>> computed_gaps(demo, ref)[0].existing  # the map records the wall as a gap
    (('wall', 'gap'),)
    """
    found = []
    for wanted in reference.connections:
        if wanted.status is not Status.RECOMMENDED:
            continue
        existing = [c for c in dataset.connections if matches(wanted, c)]
        statuses = {c.status for c in existing}
        if statuses & MET:
            continue
        state = "weak" if statuses & WEAK else "missing"
        found.append(
            ComputedGap(
                reference_id=wanted.id,
                source=wanted.source,
                target=wanted.target,
                source_label=_label(wanted.source, dataset, reference),
                target_label=_label(wanted.target, dataset, reference),
                kind=wanted.kind.value,
                layer=wanted.layer.value,
                direction=wanted.direction.value,
                state=state,
                description=wanted.description,
                evidence=wanted.evidence,
                source_in_dataset=isinstance(dataset.get(wanted.source), Element),
                target_in_dataset=isinstance(dataset.get(wanted.target), Element),
                existing=tuple((c.id, c.status.value) for c in existing),
                basis=wanted.basis.value if wanted.basis else "",
            )
        )
    return found


def _label(element_id: str, dataset: Dataset, reference: Dataset) -> str:
    for source in (dataset, reference):
        item = source.get(element_id)
        if isinstance(item, Element):
            return item.label
    return element_id
