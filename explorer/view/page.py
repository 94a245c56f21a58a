"""Page-level view model: the small decisions about the page around the map, kept out of the callbacks."""

from __future__ import annotations

from explorer.data.model import Dataset

BANNER_COLOURS = {"illustrative": "warning", "imported": "info"}


def banner_colour(dataset: Dataset, other: Dataset | None = None) -> str:
    """The banner's Bootstrap colour: a warning when either map on screen is illustrative (so no one takes it
    for study data), info for an imported map, plain otherwise."""
    if dataset.is_illustrative or (other is not None and other.is_illustrative):
        return BANNER_COLOURS["illustrative"]
    return BANNER_COLOURS.get(dataset.provenance.value, "light")
