"""What differs between two maps, element by element and connection by connection, matched by id.

Ids are shared across datasets by design (docs/data-format.md), so matching by id is what makes "the
DA–CAMHS link is a gap in the north but present in the west" a one-line answer. Labels, descriptions and
evidence are free to differ between areas and are not compared: a diff is about the shape of the system.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.data.model import Dataset

ELEMENT_FIELDS = ("type", "sector", "layers")
CONNECTION_FIELDS = ("status", "source", "target", "kind", "layer", "direction")


def _plain(value):
    """Enum members and tuples of them as JSON values."""
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return getattr(value, "value", value)


@dataclass(frozen=True)
class Change:
    """An item in both maps whose compared fields differ: (field, value in a, value in b) per field."""

    id: str
    fields: tuple[tuple[str, object, object], ...]

    def old(self, name: str):
        return next((a for field, a, _ in self.fields if field == name), None)

    def new(self, name: str):
        return next((b for field, _, b in self.fields if field == name), None)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "changes": {name: {"old": _plain(a), "new": _plain(b)} for name, a, b in self.fields},
        }


@dataclass(frozen=True)
class ItemDiff:
    """Ids only in a, only in b, in both and alike, and in both with changes (each list sorted by id)."""

    only_a: tuple[str, ...] = ()
    only_b: tuple[str, ...] = ()
    same: tuple[str, ...] = ()
    changed: tuple[Change, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when nothing was added, removed or changed."""
        return not (self.only_a or self.only_b or self.changed)

    def as_dict(self) -> dict:
        return {
            "counts": {
                "only_a": len(self.only_a),
                "only_b": len(self.only_b),
                "same": len(self.same),
                "changed": len(self.changed),
            },
            "only_a": list(self.only_a),
            "only_b": list(self.only_b),
            "same": list(self.same),
            "changed": [c.as_dict() for c in self.changed],
        }


@dataclass(frozen=True)
class DatasetDiff:
    a: str
    b: str
    elements: ItemDiff
    connections: ItemDiff

    @property
    def is_empty(self) -> bool:
        return self.elements.is_empty and self.connections.is_empty

    def as_dict(self) -> dict:
        return {
            "a": self.a,
            "b": self.b,
            "elements": self.elements.as_dict(),
            "connections": self.connections.as_dict(),
        }


def _field(item, name: str):
    value = getattr(item, name)
    # Layers are a set written in some order; B|C and C|B are the same membership.
    return tuple(sorted(value)) if name == "layers" else value


def _compare(items_a, items_b, fields: tuple[str, ...]) -> ItemDiff:
    by_a = {item.id: item for item in items_a}
    by_b = {item.id: item for item in items_b}
    same, changed = [], []
    for item_id in sorted(by_a.keys() & by_b.keys()):
        a, b = by_a[item_id], by_b[item_id]
        delta = tuple((f, _field(a, f), _field(b, f)) for f in fields if _field(a, f) != _field(b, f))
        if delta:
            changed.append(Change(item_id, delta))
        else:
            same.append(item_id)
    return ItemDiff(
        only_a=tuple(sorted(by_a.keys() - by_b.keys())),
        only_b=tuple(sorted(by_b.keys() - by_a.keys())),
        same=tuple(same),
        changed=tuple(changed),
    )


def diff(a: Dataset, b: Dataset) -> DatasetDiff:
    """Compare two maps by id.

    Elements are the same when their type, sector and layers agree; connections when their status agrees
    (and, should an id have been reused, their ends, kind, layer and direction too). Anything else in both
    maps is `changed`, with the old (a) and new (b) value of each differing field.

    >>> from dataclasses import replace
    >>> from explorer.data.sample import demo_dataset
    >>> from explorer.data.vocab import Status
    >>> north = demo_dataset()
    >>> diff(north, north).is_empty
    True
    >>> west = replace(north, id="west", connections=tuple(
    ...     replace(c, status=Status.PRESENT) if c.id == "wall" else c for c in north.connections[:-1]))
    >>> d = diff(north, west)
    >>> d.connections.only_a, [c.as_dict() for c in d.connections.changed]
    (('kids_camhs',), [{'id': 'wall', 'changes': {'status': {'old': 'gap', 'new': 'present'}}}])
    >>> d.as_dict()["connections"]["counts"]
    {'only_a': 1, 'only_b': 0, 'same': 5, 'changed': 1}
    """
    return DatasetDiff(
        a=a.id,
        b=b.id,
        elements=_compare(a.elements, b.elements, ELEMENT_FIELDS),
        connections=_compare(a.connections, b.connections, CONNECTION_FIELDS),
    )
