"""Edits a workshop makes to a map, as pure functions: a Dataset in, a new Dataset (and a summary) out.

Nothing here writes anywhere: explorer.store.versions keeps each result as a new version of the map, so
the shipped files and the study synthesis never change. Every function checks what it is given and
raises EditError with a message a facilitator can act on; the dataset is then left as it was.

>>> from explorer.data.sample import demo_dataset
>>> d = demo_dataset()
>>> edited, summary = apply(d, Edit("set", d.connections[0].id, {"status": "present"}))
>>> edited.get(d.connections[0].id).status.value, summary.startswith("Changed")
('present', True)
>>> d.get(d.connections[0].id).status == d.connections[0].status  # the original is untouched
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from explorer.data.model import Connection, Dataset, Element, Evidence, Tension, TensionSide
from explorer.data.vocab import Basis, ElementType, Kind, Layer, Sector, Status

LABEL_MAX = 200
TEXT_MAX = 4000
WORKSHOP = "workshop"  # Evidence.source of a note cited from a workshop


class EditError(ValueError):
    """An edit that cannot be made, with the reason in words."""


@dataclass(frozen=True)
class Edit:
    """One edit: what to do (`op`), to which item (`target`, an element or connection id) and with what.

    ops: add-element, add-connection, set (change fields of an item), remove, cite (a workshop note).
    """

    op: str
    target: str = ""
    values: dict = field(default_factory=dict)


def apply(dataset: Dataset, edit: Edit) -> tuple[Dataset, str]:
    """The dataset after one edit, and a one-line summary of it for the version list."""
    values = dict(edit.values)
    if edit.op == "add-element":
        return add_element(dataset, **values)
    if edit.op == "add-connection":
        return add_connection(dataset, **values)
    if edit.op == "set":
        return set_fields(dataset, edit.target, values)
    if edit.op == "remove":
        return remove(dataset, edit.target)
    if edit.op == "cite":
        return cite_note(dataset, edit.target, **values)
    raise EditError(f"Unknown edit {edit.op!r}.")


# Values from forms ---------------------------------------------------------------------------------


def _choice(enum, value, what: str):
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise EditError(f"{what} must be one of: {allowed} (got {value!r}).") from None


def _label(value) -> str:
    label = " ".join(str(value or "").split())
    if not label:
        raise EditError("Give it a name (label) first.")
    if len(label) > LABEL_MAX:
        raise EditError(f"A label can be at most {LABEL_MAX} characters.")
    return label


def _text(value, what: str = "The description") -> str:
    text = str(value or "").strip()
    if len(text) > TEXT_MAX:
        raise EditError(f"{what} can be at most {TEXT_MAX} characters.")
    return text


def _layers(value) -> tuple[Layer, ...]:
    items = [value] if isinstance(value, str) else list(value or ())
    layers = tuple(sorted({_choice(Layer, v, "A layer") for v in items}))
    if not layers:
        raise EditError("Choose at least one layer (A, B or C).")
    return layers


def _basis(value) -> Basis | None:
    return _choice(Basis, value, "How we know (basis)") if value else None


def new_id(dataset: Dataset, text: str) -> str:
    """An id made from text, unused in the dataset (a number is added when it is taken).

    >>> from explorer.data.sample import demo_dataset
    >>> new_id(demo_dataset(), "Family Hub (new!)")
    'family_hub_new'
    """
    stem = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:90] or "item"
    candidate, n = stem, 2
    while dataset.get(candidate) is not None:
        candidate, n = f"{stem}_{n}", n + 1
    return candidate


def _element(dataset: Dataset, element_id: str) -> Element:
    item = dataset.get(element_id)
    if not isinstance(item, Element):
        raise EditError(f"There is no service or group {element_id!r} in {dataset.name}.")
    return item


def _item(dataset: Dataset, item_id: str) -> Element | Connection:
    item = dataset.get(item_id) if item_id else None
    if item is None:
        raise EditError("Choose a service, group or link on the map first.")
    return item


def _name(dataset: Dataset, item: Element | Connection) -> str:
    if isinstance(item, Element):
        return item.label
    return f"{dataset.element(item.source).label} → {dataset.element(item.target).label}"


def _swap(dataset: Dataset, old, new) -> Dataset:
    if isinstance(old, Element):
        return replace(dataset, elements=tuple(new if e.id == old.id else e for e in dataset.elements))
    return replace(dataset, connections=tuple(new if c.id == old.id else c for c in dataset.connections))


# The edits -----------------------------------------------------------------------------------------


def add_element(
    dataset: Dataset,
    label,
    type="service",  # the field's name in the model and the files
    sector="other",
    layers=("C",),
    basis="reported",
    description="",
) -> tuple[Dataset, str]:
    label = _label(label)
    if any(e.label.casefold() == label.casefold() for e in dataset.elements):
        raise EditError(f"{dataset.name} already has {label!r}; edit that one instead.")
    element = Element(
        id=new_id(dataset, label),
        label=label,
        type=_choice(ElementType, type, "The type"),
        sector=_choice(Sector, sector, "The sector"),
        layers=_layers(layers),
        description=_text(description),
        basis=_basis(basis),
    )
    return replace(dataset, elements=(*dataset.elements, element)), f"Added {label}"


def add_connection(
    dataset: Dataset,
    source,
    target,
    layer="C",
    kind="refers",
    status="present",
    basis="reported",
    description="",
) -> tuple[Dataset, str]:
    if not source or not target:
        raise EditError("Choose both ends of the link.")
    start, end = _element(dataset, source), _element(dataset, target)
    if start.id == end.id:
        raise EditError("A link needs two different ends.")
    layer, kind = _choice(Layer, layer, "The layer"), _choice(Kind, kind, "The kind of link")
    for c in dataset.connections:
        if (c.source, c.target, c.layer, c.kind) == (start.id, end.id, layer, kind):
            raise EditError(
                f"That link is already on the map ({start.label} → {end.label}); edit it instead."
            )
    connection = Connection(
        id=new_id(dataset, f"{start.id}_{kind.value}_{end.id}"),
        source=start.id,
        target=end.id,
        layer=layer,
        kind=kind,
        status=_choice(Status, status, "The status"),
        description=_text(description),
        basis=_basis(basis),
    )
    summary = f"Added link {start.label} → {end.label}"
    return replace(dataset, connections=(*dataset.connections, connection)), summary


ELEMENT_FIELDS = ("label", "type", "sector", "layers", "basis", "description")
CONNECTION_FIELDS = ("layer", "kind", "status", "basis", "description")
READERS = {
    "label": _label,
    "type": lambda v: _choice(ElementType, v, "The type"),
    "sector": lambda v: _choice(Sector, v, "The sector"),
    "layers": _layers,
    "layer": lambda v: _choice(Layer, v, "The layer"),
    "kind": lambda v: _choice(Kind, v, "The kind of link"),
    "status": lambda v: _choice(Status, v, "The status"),
    "basis": _basis,
    "description": _text,
}


def set_fields(dataset: Dataset, item_id: str, values: dict) -> tuple[Dataset, str]:
    """Change some fields of an element (label, type, sector, layers, basis, description) or a connection
    (layer, kind, status, basis, description). Fields not given keep their values."""
    item = _item(dataset, item_id)
    allowed = ELEMENT_FIELDS if isinstance(item, Element) else CONNECTION_FIELDS
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise EditError(f"Cannot change {', '.join(unknown)} here; fields: {', '.join(allowed)}.")
    changes = {k: READERS[k](v) for k, v in values.items()}
    changes = {k: v for k, v in changes.items() if getattr(item, k) != v}
    if not changes:
        raise EditError("Nothing changed: edit a field first.")
    if "label" in changes and any(
        e.label.casefold() == changes["label"].casefold() and e.id != item.id for e in dataset.elements
    ):
        raise EditError(f"{dataset.name} already has {changes['label']!r}.")
    edited = replace(item, **changes)
    if "label" in changes and getattr(item, "short_label", ""):
        # The short label abbreviated the old label; kept, the map would go on drawing the old name.
        edited = replace(edited, short_label="")
    fields = ", ".join(
        f"{k} to {_shown(v)}" if k not in ("description",) else "description" for k, v in changes.items()
    )
    return _swap(dataset, item, edited), f"Changed {_name(dataset, item)}: {fields}"


def _shown(value) -> str:
    if isinstance(value, tuple):
        return "|".join(str(v) for v in value)
    return str(value) if value is not None else "not said"


def remove(dataset: Dataset, item_id: str) -> tuple[Dataset, str]:
    """Remove an element (with its links) or a connection; tensions lose the removed items too."""
    item = _item(dataset, item_id)
    name = _name(dataset, item)
    if isinstance(item, Element):
        links = [c for c in dataset.connections if item.id in (c.source, c.target)]
        gone = {item.id, *(c.id for c in links)}
        edited = replace(
            dataset,
            elements=tuple(e for e in dataset.elements if e.id != item.id),
            connections=tuple(c for c in dataset.connections if c.id not in gone),
            tensions=_without(dataset.tensions, gone),
        )
        more = f" and its {len(links)} link{'s' * (len(links) != 1)}" if links else ""
        return edited, f"Removed {name}{more}"
    gone = {item.id}
    edited = replace(
        dataset,
        connections=tuple(c for c in dataset.connections if c.id != item.id),
        tensions=_without(dataset.tensions, gone),
    )
    return edited, f"Removed link {name}"


def _without(tensions: tuple[Tension, ...], gone: set[str]) -> tuple[Tension, ...]:
    """Tensions with the removed items dropped; a side left with no holder goes, and a tension left
    with fewer than two sides is no longer a tension."""
    kept = []
    for tension in tensions:
        sides: list[TensionSide] = []
        for side in tension.sides:
            holders = tuple(h for h in side.holders if h not in gone)
            if holders:
                sides.append(
                    replace(side, holders=holders, items=tuple(i for i in side.items if i not in gone))
                )
        if len(sides) >= 2:
            kept.append(replace(tension, sides=tuple(sides)))
    return tuple(kept)


def cite_note(dataset: Dataset, item_id: str, group="", date_text="", text="") -> tuple[Dataset, str]:
    """Cite a workshop note as evidence on an item: who said it (the group), when, and what."""
    item = _item(dataset, item_id)
    group = " ".join(str(group or "").split())
    if not group:
        raise EditError("Say which group the note comes from (e.g. Survivors' advisory group).")
    if len(group) > LABEL_MAX:
        raise EditError(f"A group name can be at most {LABEL_MAX} characters.")
    try:
        day = date.fromisoformat(str(date_text or "").strip())
    except ValueError:
        raise EditError(f"The date must be like 2025-03-14 (got {date_text!r}).") from None
    text = _text(text, "The note")
    if not text:
        raise EditError("Write the note's text first.")
    evidence = Evidence(section=day.isoformat(), quote=text, participant=group, source=WORKSHOP)
    edited = replace(item, evidence=(*item.evidence, evidence))
    return _swap(dataset, item, edited), f"Cited a note from {group} on {_name(dataset, item)}"
