"""A tiny example map for the package's docstring examples and for tests: small enough to read whole."""

from __future__ import annotations

from explorer.data.model import Connection, Dataset, Element
from explorer.data.vocab import Direction, ElementType, Kind, Provenance, Sector, Status


def demo_dataset() -> Dataset:
    """A seven-element map the examples in this package use.

    DA services reach CAMHS only through Family Hubs, because their own referral link is a `gap` (the
    'wall'); a GP refers to CAMHS; DA services attend the DA board, CAMHS is invited but does not; a
    Violence Reduction Unit has no links; children in refuges are excluded by the CAMHS threshold.

    >>> d = demo_dataset()
    >>> len(d.elements), len(d.connections)
    (7, 7)
    """
    from explorer.data.vocab import Layer as L

    def el(eid, label, etype, sector, *layers):
        return Element(eid, label, ElementType(etype), Sector(sector), tuple(L(x) for x in layers))

    def link(cid, source, target, layer, kind, status, direction="directed"):
        return Connection(cid, source, target, L(layer), Kind(kind), Status(status), Direction(direction))

    return Dataset(
        "demo",
        "Demo map",
        "An example area",
        Provenance.ILLUSTRATIVE,
        elements=(
            el("da", "Domestic abuse services", "service", "voluntary", "B", "C"),
            el("hubs", "Family Hubs", "service", "local_authority", "C"),
            el("camhs", "CAMHS / CYPMHS", "service", "nhs", "B", "C"),
            el("gp", "GP practices", "service", "nhs", "C"),
            el("board", "DA Partnership Board", "strategic_group", "multi_agency", "B"),
            el("vru", "Violence Reduction Unit", "body", "regional", "A"),
            el("kids", "Children in refuges", "population_group", "population", "C"),
        ),
        connections=(
            link("wall", "da", "camhs", "C", "refers", "gap", "mutual"),
            link("da_hubs", "da", "hubs", "C", "refers", "present", "mutual"),
            link("hubs_camhs", "hubs", "camhs", "C", "refers", "strained"),
            link("gp_camhs", "gp", "camhs", "C", "refers", "present"),
            link("da_board", "da", "board", "B", "attends", "attends"),
            link("camhs_board", "camhs", "board", "B", "attends", "invited_not_attending"),
            link("kids_camhs", "kids", "camhs", "C", "excludes", "excluded"),
        ),
    )
