"""A large, valid, made-up map for benchmarks: thousands of elements in clusters, with precomputed positions.

`synthetic_dataset` builds a Dataset the loader would accept (closed vocabularies, unique ids, statuses that
fit their kinds, a reason on every exclusion). Its provenance is `imported`, so evidence is optional. The
elements fall into clusters of about 50, most links stay inside a cluster, and each cluster is named in a
`cluster-NNN` tag, which `synthetic_positions` reads to lay the map out as a grid of small grids, in
linear time (a spring layout of 2,000 nodes would take minutes and differ from run to run).

Element ids depend only on their index, and positions only on the ids and cluster tags, so two synthetic
"areas" made with different seeds share their places on screen, as the real areas do.

>>> d = synthetic_dataset(120, 300, seed=1)
>>> len(d.elements), len(d.connections), d.provenance.value
(120, 300, 'imported')
>>> pos = synthetic_positions(d)
>>> len(pos) == 120 and pos == synthetic_positions(synthetic_dataset(120, 300, seed=2))
True
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

from explorer.data.model import Connection, Dataset, Element
from explorer.data.vocab import (
    ALLOWED_STATUSES,
    ATTENDANCE_STATUSES,
    RELATION_STATUSES,
    Direction,
    ElementType,
    Kind,
    Layer,
    Provenance,
    Sector,
    Status,
)
from explorer.view.lattice import CELL, STAGGER  # the stylesheet sizes labels to fit a cell

CLUSTER_SIZE = 50
CLUSTER_GAP = 0.5  # cells of empty space between clusters

# (type, weight, sectors it may take, layers it appears in)
_TYPES: list[tuple[ElementType, int, tuple[Sector, ...], tuple[Layer, ...]]] = [
    (
        ElementType.SERVICE,
        56,
        (Sector.NHS, Sector.VOLUNTARY, Sector.LOCAL_AUTHORITY, Sector.EDUCATION, Sector.PRIVATE),
        (Layer.C,),
    ),
    (
        ElementType.BODY,
        10,
        (Sector.NHS, Sector.LOCAL_AUTHORITY, Sector.REGIONAL, Sector.OTHER),
        (Layer.A, Layer.B),
    ),
    (ElementType.COMMISSIONER, 6, (Sector.NHS, Sector.LOCAL_AUTHORITY, Sector.MULTI_AGENCY), (Layer.A,)),
    (ElementType.FUNDING, 4, (Sector.NATIONAL, Sector.REGIONAL), (Layer.A,)),
    (ElementType.LEGISLATION, 2, (Sector.NATIONAL,), (Layer.A,)),
    (ElementType.STRATEGIC_GROUP, 8, (Sector.MULTI_AGENCY, Sector.LOCAL_AUTHORITY), (Layer.B,)),
    (ElementType.REVIEW, 2, (Sector.MULTI_AGENCY,), (Layer.B,)),
    (ElementType.MECHANISM, 6, (Sector.MULTI_AGENCY, Sector.VOLUNTARY), (Layer.C,)),
    (ElementType.POPULATION_GROUP, 6, (Sector.POPULATION,), (Layer.C,)),
]
# Service names and their weights: a few read as domestic abuse or child mental health services (the two
# sides of the paper's 'wall', which explorer.analysis.metrics finds by name), as in a real regional map.
_SERVICE_NAMES = {
    "Domestic abuse service": 2,
    "Refuge": 1,
    "CAMHS team": 2,
    "GP practice": 14,
    "Family Hub": 8,
    "Early help team": 8,
    "Health visiting": 8,
    "School nursing": 8,
    "Adult mental health": 8,
    "Substance misuse service": 8,
    "Children's social care": 12,
    "Youth service": 10,
    "Housing support": 11,
}
_TYPE_NAMES = {
    ElementType.BODY: "Trust",
    ElementType.COMMISSIONER: "Commissioner",
    ElementType.FUNDING: "Funding stream",
    ElementType.LEGISLATION: "Statutory duty",
    ElementType.STRATEGIC_GROUP: "Partnership board",
    ElementType.REVIEW: "Practice review",
    ElementType.MECHANISM: "Joint protocol",
    ElementType.POPULATION_GROUP: "Children in temporary housing",
}
_REASONS = ("threshold not met", "needs a stable address", "over the age limit", "no diagnosis")


def element_id(index: int) -> str:
    return f"e{index:05d}"


def synthetic_dataset(n_nodes: int = 2000, n_edges: int = 6000, seed: int = 0) -> Dataset:
    """A valid imported map of n_nodes elements in clusters and n_edges connections (no self-loops).

    The same seed gives the same map; element ids and clusters do not depend on the seed.
    """
    if n_nodes < 2:
        raise ValueError("a synthetic map needs at least two elements")
    rng = random.Random(seed)
    weights = [w for _, w, _, _ in _TYPES]
    elements: list[Element] = []
    for i in range(n_nodes):
        kind, _, sectors, layers = rng.choices(_TYPES, weights)[0]
        cluster = i // CLUSTER_SIZE
        if kind is ElementType.SERVICE:
            name = rng.choices(list(_SERVICE_NAMES), list(_SERVICE_NAMES.values()))[0]
        else:
            name = _TYPE_NAMES[kind]
        elements.append(
            Element(
                id=element_id(i),
                label=f"{name} {i} (cluster {cluster})",
                type=kind,
                sector=rng.choice(sectors),
                layers=layers,
                description=f"Synthetic element {i} for benchmarks.",
                tags=(f"cluster-{cluster:03d}",),
            )
        )
    groups = [e for e in elements if e.type is ElementType.STRATEGIC_GROUP]
    populations = [e for e in elements if e.type is ElementType.POPULATION_GROUP]
    services = [e for e in elements if e.type is ElementType.SERVICE]
    funders = [e for e in elements if e.type in (ElementType.FUNDING, ElementType.COMMISSIONER)]
    index_of = {e.id: i for i, e in enumerate(elements)}

    def near(i: int) -> int:
        """Another element, in the same cluster four times in five."""
        if rng.random() < 0.8:
            start = (i // CLUSTER_SIZE) * CLUSTER_SIZE
            j = rng.randrange(start, min(start + CLUSTER_SIZE, n_nodes))
        else:
            j = rng.randrange(n_nodes)
        return j if j != i else (i + 1) % n_nodes

    connections: list[Connection] = []
    for n in range(n_edges):
        roll = rng.random()
        reason = impact = ""
        if roll < 0.12 and groups:
            source = elements[rng.randrange(n_nodes)]
            target = rng.choice(groups)
            kind, layer = Kind.ATTENDS, Layer.B
            status = rng.choice(ATTENDANCE_STATUSES)
        elif roll < 0.18 and populations and services:
            source = rng.choice(populations)
            target = rng.choice(services)
            if rng.random() < 0.6:
                kind, status = Kind.EXCLUDES, Status.EXCLUDED
                reason, impact = rng.choice(_REASONS), "goes without support"
            else:
                kind, status = Kind.FALLS_TO, rng.choice(ALLOWED_STATUSES[Kind.FALLS_TO])
            layer = Layer.C
        elif roll < 0.28 and funders:
            source = rng.choice(funders)
            target = elements[near(index_of[source.id])]
            kind, layer = rng.choice((Kind.FUNDS, Kind.COMMISSIONS)), Layer.A
            status = rng.choice(RELATION_STATUSES)
        else:
            i = rng.randrange(n_nodes)
            source, target = elements[i], elements[near(i)]
            kind = rng.choice((Kind.REFERS, Kind.REFERS, Kind.COLLABORATES, Kind.INFORMS, Kind.MEDIATES))
            layer = Layer.C
            status = rng.choices(RELATION_STATUSES, (70, 15, 10, 5))[0]
        if source.id == target.id:
            target = elements[(index_of[source.id] + 1) % n_nodes]
        cross = layer not in source.layers and layer not in target.layers and rng.random() < 0.5
        connections.append(
            Connection(
                id=f"c{n:06d}",
                source=source.id,
                target=target.id,
                layer=layer,
                kind=kind,
                status=status,
                direction=Direction.MUTUAL if kind is Kind.COLLABORATES else Direction.DIRECTED,
                description="",
                reason=reason,
                impact=impact,
                tags=("cross-layer",) if cross else (),
            )
        )
    return Dataset(
        id=f"synthetic-{seed}",
        name=f"Synthetic map {seed} ({n_nodes} elements, {n_edges} connections)",
        area="Synthetic, for benchmarks",
        provenance=Provenance.IMPORTED,
        note="Made up by explorer.devtools.synthetic; no finding of the study.",
        source="explorer.devtools.synthetic",
        elements=tuple(elements),
        connections=tuple(connections),
    )


def _cluster_of(element: Element, index: int) -> int:
    for tag in element.tags:
        if tag.startswith("cluster-") and tag[8:].isdigit():
            return int(tag[8:])
    return index // CLUSTER_SIZE


def synthetic_positions(dataset: Dataset) -> dict[str, tuple[float, float]]:
    """Element id -> (x, y): each cluster a small square grid, the clusters a wide grid of their own.

    Deterministic and linear in the number of elements; the result goes in a positions.csv as the
    default ('all', blank Layer) position of every element.
    """
    clusters: dict[int, list[str]] = {}
    for index, element in enumerate(dataset.elements):
        clusters.setdefault(_cluster_of(element, index), []).append(element.id)
    biggest = max((len(m) for m in clusters.values()), default=1)
    side = max(1, round(biggest**0.5 + 0.49))  # cells per cluster row
    across = max(1, round((len(clusters) * 16 / 9) ** 0.5))  # clusters per row, for a wide canvas
    span_x = (side + CLUSTER_GAP) * CELL[0]
    span_y = (-(-biggest // side) + CLUSTER_GAP) * CELL[1]
    out: dict[str, tuple[float, float]] = {}
    for n, key in enumerate(sorted(clusters)):
        ox, oy = (n % across) * span_x, (n // across) * span_y
        for k, item in enumerate(clusters[key]):
            row, col = divmod(k, side)
            out[item] = (ox + col * CELL[0], oy + row * CELL[1] + (col % 2) * STAGGER)
    return out


def write_data_dir(folder: Path, datasets: list[Dataset]) -> Path:
    """Write datasets as a data folder the app serves: one dataset folder each (through the CSV ZIP
    writer) and a positions.csv holding every element's position. Returns the folder."""
    from explorer.data.catalog import write_positions
    from explorer.data.writers.csvzip import write_csv_zip

    folder.mkdir(parents=True, exist_ok=True)
    positions: dict[str, tuple[float, float]] = {}
    for dataset in datasets:
        with zipfile.ZipFile(io.BytesIO(write_csv_zip(dataset))) as archive:
            archive.extractall(folder)
        positions.update(synthetic_positions(dataset))
    write_positions(folder / "positions.csv", {"all": positions})
    return folder
