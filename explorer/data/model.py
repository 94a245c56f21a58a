"""The typed model every part of the app shares: datasets, elements, connections and evidence.

Instances are frozen: a loaded dataset is a value, so it can be cached per dataset id and shared between
callbacks and workers without defensive copies.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from explorer.data.vocab import Basis, Direction, ElementType, Kind, Layer, Provenance, Sector, Status, Voice


@dataclass(frozen=True)
class Evidence:
    """Where the paper supports an item: a section, and optionally a verbatim quote and who said it."""

    section: str
    quote: str | None = None
    participant: str | None = None
    participant_sector: str | None = None
    source: str = "paper"  # "paper" or "talk": which seed text the quote comes from; "workshop": a note
    # cited in a workshop (section holds its date, participant the group, quote its text)
    passage: str | None = None  # the paper's own words (not a participant's), verbatim from the section
    voice: Voice = (
        Voice.PROFESSIONALS
    )  # whose view it records: the interviewees' or the lived experience group's

    def citation(self) -> str:
        """A short human citation, e.g. '§4.4.1 · P17, Domestic Abuse'."""
        if self.source == "workshop":
            return f"workshop note, {self.section} · {self.participant or 'a workshop group'}"
        where = f"§{self.section}" if self.source == "paper" else f"talk: {self.section}"
        if self.voice is Voice.LIVED_EXPERIENCE:
            return f"{where} · the lived experience group's view"
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
    basis: Basis | None = None  # how we know it; None only in imported maps that do not say
    # What an imported file says of the item beyond our fields (Kumu's Website, Gephi's modularity…), as
    # (name, text) pairs: shown in the evidence panel and written back by the exports.
    attributes: tuple[tuple[str, str], ...] = ()
    # What the map draws when the label is too long for a projector ("Between MH thresholds" for
    # "Parents/children between primary and secondary MH thresholds"); "" draws the label itself. The panel,
    # tables, search, screen readers and reports keep the full label.
    short_label: str = ""

    @property
    def map_label(self) -> str:
        """The label as the map and the exported images draw it: the short label where there is one."""
        return self.short_label or self.label


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
    basis: Basis | None = None
    attributes: tuple[tuple[str, str], ...] = ()  # as on Element; a foreign link's label is one

    @property
    def cross_layer(self) -> bool:
        """True for links that say one layer shapes another (tagged 'cross-layer')."""
        return "cross-layer" in self.tags


@dataclass(frozen=True)
class TensionSide:
    """One side of a tension in perspectives (§6): who holds it, on which elements, and their words."""

    id: str
    who: str
    holders: tuple[str, ...]  # element ids of those who hold this view
    position: str
    items: tuple[str, ...] = ()  # elements and connections of the map the view bears on
    basis: Basis | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Tension:
    """A point where participants' perspectives diverge (§6.1-§6.3), with at least two sides."""

    id: str
    section: str
    title: str
    summary: str
    sides: tuple[TensionSide, ...]
    evidence: tuple[Evidence, ...] = ()

    @property
    def item_ids(self) -> tuple[str, ...]:
        """Every element and connection the tension draws on the map, holders first, without repeats."""
        seen: dict[str, None] = {}
        for side in self.sides:
            seen.update(dict.fromkeys(side.holders))
        for side in self.sides:
            seen.update(dict.fromkeys(side.items))
        return tuple(seen)


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
    tensions: tuple[Tension, ...] = ()
    # An imported map's own places from its file (element id, x, y), which it keeps instead of shared ones.
    positions: tuple[tuple[str, float, float], ...] = ()
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
