"""The typed model every part of the app shares: datasets, elements, connections and evidence.

Instances are frozen: a loaded dataset is a value, so it can be cached per dataset id and shared between
callbacks and workers without defensive copies.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from explorer.data.vocab import Direction, ElementType, Kind, Layer, Provenance, Sector, Status


@dataclass(frozen=True)
class Evidence:
    """Where the paper supports an item: a section, and optionally a verbatim quote and who said it."""

    section: str
    quote: str | None = None
    participant: str | None = None
    participant_sector: str | None = None
    source: str = "paper"  # "paper" or "talk": which seed text the quote comes from

    def citation(self) -> str:
        """A short human citation, e.g. '§4.4.1 · P17, Domestic Abuse'."""
        where = f"§{self.section}" if self.source == "paper" else f"talk: {self.section}"
        who = ", ".join(p for p in (self.participant, self.participant_sector) if p)
        return f"{where} · {who}" if who else where


@dataclass(frozen=True)
class Element:
    id: str
    label: str
    type: ElementType
    sector: Sector
    layers: tuple[Layer, ...]
    description: str = ""
    tags: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Connection:
    id: str
    source: str
    target: str
    layer: Layer
    kind: Kind
    status: Status
    direction: Direction = Direction.DIRECTED
    strength: float | None = None
    description: str = ""
    reason: str = ""  # for exclusions: the threshold or criterion that excludes the group
    impact: str = ""  # for exclusions: what happens to the group
    tags: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    @property
    def cross_layer(self) -> bool:
        """True for links that say one layer shapes another (tagged 'cross-layer')."""
        return "cross-layer" in self.tags


@dataclass(frozen=True)
class Dataset:
    id: str
    name: str
    area: str
    provenance: Provenance
    note: str = ""
    source: str = ""  # file or folder it was loaded from
    based_on: str = ""  # for illustrative datasets, the dataset they vary
    elements: tuple[Element, ...] = ()
    connections: tuple[Connection, ...] = ()
    # Not an init field: `dataclasses.replace(d, connections=…)` must build a fresh index, never reuse the old.
    _index: dict[str, Element | Connection] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, Element | Connection] = {e.id: e for e in self.elements}
        index.update({c.id: c for c in self.connections})
        object.__setattr__(self, "_index", index)

    def get(self, item_id: str) -> Element | Connection | None:
        return self._index.get(item_id)

    def element(self, element_id: str) -> Element:
        item = self._index[element_id]
        assert isinstance(item, Element)
        return item

    @property
    def is_illustrative(self) -> bool:
        return self.provenance is Provenance.ILLUSTRATIVE

    def provenance_line(self) -> str:
        """One line saying where the data came from, for banners, captions and exports."""
        if self.provenance is Provenance.STUDY:
            return "Study synthesis rebuilt from Powell et al. (2025), sections cited per item"
        if self.provenance is Provenance.ILLUSTRATIVE:
            return "ILLUSTRATIVE area map, not a study finding: the paper gives no per-area breakdown"
        if self.provenance is Provenance.REFERENCE:
            return "Reference pathway: links Powell et al. (2025) §7.2 and §8 say should exist"
        return f"Imported from {self.source or 'an uploaded file'}"
