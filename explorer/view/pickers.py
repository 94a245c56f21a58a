"""Choices for the element pickers (search, focus, path ends): a short list matching what was typed.

A picker never holds every element: a 20,000-element map inlined into four dropdowns made every page
slow to load, and the dropdown's search index grows with the square of a label's length. The server
matches instead and sends at most LIMIT choices, always with the ones already chosen, since a dropdown
drops a value it has no option for.
"""

from __future__ import annotations

from collections.abc import Iterable

from explorer.data.model import Dataset, Element

LIMIT = 50


def element_choices(
    dataset: Dataset | None, query: str | None, keep: Iterable[str] = (), limit: int = LIMIT
) -> list[dict]:
    """Up to `limit` elements whose label or id holds every word of `query` (labels starting with it
    first, then by label), after the elements in `keep`.

    >>> from explorer.data.model import Element
    >>> from explorer.data.vocab import ElementType, Layer, Provenance, Sector
    >>> els = tuple(Element(i, l, ElementType.SERVICE, Sector.NHS, (Layer.C,)) for i, l in
    ...             [("gp", "GP practice"), ("camhs", "CAMHS"), ("hub", "Early help hub")])
    >>> d = Dataset("d", "D", "", Provenance.IMPORTED, elements=els)
    >>> [o["value"] for o in element_choices(d, "h")]
    ['camhs', 'hub']
    >>> [o["value"] for o in element_choices(d, "", keep=["hub"], limit=2)]
    ['hub', 'camhs']
    """
    if dataset is None:
        return []
    words = (query or "").lower().split()
    kept = [e for e in (dataset.get(i) for i in keep if i) if isinstance(e, Element)]
    chosen = {e.id for e in kept}
    matches = []
    for e in dataset.elements:
        text = f"{e.label.lower()} {e.short_label.lower()} {e.id}"  # what the map draws finds it too
        if e.id not in chosen and all(w in text for w in words):
            matches.append(e)
    first = words[0] if words else ""
    matches.sort(key=lambda e: (not e.label.lower().startswith(first), e.label.lower(), e.id))
    return [{"label": e.label, "value": e.id} for e in [*kept, *matches][: max(limit, len(kept))]]
