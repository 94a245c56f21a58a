"""What the app serves from: the catalog of datasets, loaded once per process and never mutated.

Each worker loads the same files and holds the same read-only values, so requests can go to any worker.
Per-user state lives in the browser (URL and dcc.Store), never here. The dicts below are pure caches of
deterministic results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import flask

from explorer import cache
from explorer.catalog import Catalog
from explorer.layout import positions_for
from explorer.model import Dataset
from explorer.reference import ComputedGap
from explorer.state import ViewState
from explorer.viewmodel import MapView, build_map, layer_box, longest_label

VIEWS = ("A", "B", "C", "all")


@dataclass
class AppData:
    catalog: Catalog
    _positions: dict[tuple[str, str], dict] = field(default_factory=dict)

    @cached_property
    def boxes(self) -> dict[str, tuple[float, float, float, float]]:
        """One fitted extent per view, shared by every dataset, so places on screen match across areas."""
        every = list(self.catalog.datasets.values())
        return {view: layer_box(every, self.catalog.view_positions(view), view) for view in VIEWS}

    @cached_property
    def longest_label(self) -> int:
        return longest_label(list(self.catalog.datasets.values()))

    def dataset(self, dataset_id: str) -> Dataset:
        return self.catalog.datasets[dataset_id]

    def positions(self, dataset: Dataset, view: str) -> dict[str, tuple[float, float]]:
        key = (dataset.id, view)
        if key not in self._positions:
            self._positions[key] = positions_for(dataset, self.catalog.view_positions(view))
        return self._positions[key]

    def computed_gaps(self, dataset: Dataset) -> list[ComputedGap]:
        if self.catalog.reference is None:
            return []
        return cache.computed_gaps(dataset, self.catalog.reference)

    def route(self, dataset: Dataset, state: ViewState) -> tuple[list[str], list[str]] | None:
        """The drawn referral path (`state.path`) as element and connection ids, if there is one."""
        if not state.path or state.path.count(",") != 1:
            return None
        start, end = state.path.split(",")
        found = cache.shortest_path(dataset, start, end, None if state.layer == "all" else [state.layer])
        return (list(found.nodes), list(found.connections)) if found else None

    def map_view(self, dataset: Dataset, state: ViewState) -> MapView:
        """What the map shows for a state: the one path from data to picture, for the app and the exports."""
        return build_map(
            dataset,
            state,
            self.positions(dataset, state.layer),
            self.boxes[state.layer],
            self.computed_gaps(dataset),
            self.longest_label,
            self.route(dataset, state),
        )

    def dataset_options(self) -> list[dict]:
        return [{"label": d.name, "value": d.id} for d in self.catalog.maps()]

    def element_options(self, population_groups_only: bool = False) -> list[dict]:
        """Every element of every dataset, once, by label."""
        every = {e.id: e for d in self.catalog.maps() for e in d.elements}
        chosen = [
            e for e in every.values() if not population_groups_only or e.type.value == "population_group"
        ]
        return [{"label": e.label, "value": e.id} for e in sorted(chosen, key=lambda e: e.label)]


def current() -> AppData:
    return flask.current_app.config["EXPLORER"]
