"""The core service: the catalog of datasets and imported maps, and the one path from a view state to a map.

The CLI, the web app, the images and the report pack all draw from a MapService. It is loaded once per
process and never mutated: each worker loads the same files and holds the same read-only values, so requests
can go to any worker. Per-user state lives in the browser (URL and dcc.Store), never here. The dicts below
are pure caches of deterministic results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from explorer.analysis import cache
from explorer.analysis.reference import ComputedGap
from explorer.data.catalog import Catalog
from explorer.data.model import Dataset
from explorer.data.vocab import LayerView
from explorer.store.imported_maps import ImportStore
from explorer.store.versions import VersionStore, base_of, is_version
from explorer.view.bundle import area_states, bundle_token, covered_views, map_bundle, restyled_fields
from explorer.view.compare import DiffView, build_diff_map
from explorer.view.legend import diff_legend_entries, legend_entries, legend_rows
from explorer.view.mapmodel import MapView, build_map, visible
from explorer.view.page import Mode, Part, map_layout, mode_of, part_keys
from explorer.view.positions import positions_for
from explorer.view.sizing import layer_box, longest_label, page_layout, side_stretch, stretched
from explorer.view.state import ViewState
from explorer.view.styles import map_stylesheet

BUNDLES_KEPT = 64  # map bundles cached per process (each is the same for every user who asks)

VIEWS = tuple(LayerView)


@dataclass
class MapService:
    catalog: Catalog
    imports: ImportStore | None = None
    versions: VersionStore | None = None  # maps made by workshop edits (explorer.store.versions)
    _positions: dict[tuple[str, str], dict] = field(default_factory=dict)
    _placed: dict[str, list] = field(default_factory=dict)
    _stretch: dict[tuple, float] = field(default_factory=dict)
    _bundles: dict[tuple[str, str], dict] = field(default_factory=dict)
    _gaps: dict[str, tuple[ComputedGap, ...]] = field(default_factory=dict)

    @cached_property
    def boxes(self) -> dict[str, tuple[float, float, float, float]]:
        """One fitted extent per view, shared by every dataset, so places on screen match across areas."""
        every = list(self.catalog.datasets.values())
        return {view: layer_box(every, self.catalog.view_positions(view), view) for view in VIEWS}

    @cached_property
    def longest_label(self) -> int:
        return longest_label(list(self.catalog.datasets.values()))

    def dataset(self, dataset_id: str) -> Dataset:
        if dataset_id in self.catalog.datasets:
            return self.catalog.datasets[dataset_id]
        if is_version(dataset_id):
            found = self.versions.get(dataset_id) if self.versions else None
        else:
            found = self.imports.get(dataset_id) if self.imports else None
        if found is None:
            raise KeyError(dataset_id)
        return found

    def maps(self) -> list[Dataset]:
        """Shipped maps, then imported ones (oldest first). Reads every import: for lists use dataset_options."""
        imported = [self.imports.get(i) for i in self.imports.ids()] if self.imports else []
        return self.catalog.maps() + [d for d in imported if d is not None]

    def dataset_ids(self) -> list[str]:
        """Shipped, imported, then every version made by a workshop's edits."""
        return (
            [d.id for d in self.catalog.maps()]
            + (self.imports.ids() if self.imports else [])
            + (self.versions.ids() if self.versions else [])
        )

    def positions(self, dataset: Dataset, view: str) -> dict[str, tuple[float, float]]:
        key = (dataset.id, view)
        if key not in self._positions:
            self._positions[key] = positions_for(dataset, self.catalog.view_positions(view))
        return self._positions[key]

    def box(self, dataset: Dataset, view: str) -> tuple[float, float, float, float]:
        """The extent a view of the dataset is fitted to.

        Shipped maps, and maps that place their elements where the shipped ones are (workshop versions,
        imports using our ids), share one extent, so a service sits in the same place on screen in every
        area. A map with places of its own (a file's positions, or elements no shipped map has) gets its own
        extent: fitted to the shared one it would be drawn tiny in a corner.
        """
        shared = self.boxes[view]
        if dataset.id in self.catalog.datasets:
            return shared
        own = layer_box([dataset], self.positions(dataset, view), view)
        if self.own_places(dataset, view):
            return own
        return union_box(shared, own)

    def own_places(self, dataset: Dataset, view: str) -> bool:
        """True when none of the dataset's elements sits at a shared position (see `box`)."""
        if dataset.positions:  # positions_for puts every element at the file's own places
            return True
        shared = self.catalog.view_positions(view)
        return not any(e.id in shared for e in dataset.elements)

    def computed_gaps(self, dataset: Dataset) -> list[ComputedGap]:
        """The reference links the dataset misses. Each gap is frozen, so one tuple per content serves every
        call (cache.computed_gaps deep-copies its list on each: a third of a map view's time at study size)."""
        if self.catalog.reference is None:
            return []
        key = cache.fingerprint(dataset)
        if key not in self._gaps:
            if len(self._gaps) >= BUNDLES_KEPT:
                self._gaps.pop(next(iter(self._gaps)))
            self._gaps[key] = tuple(cache.computed_gaps(dataset, self.catalog.reference))
        return list(self._gaps[key])

    def route(self, dataset: Dataset, state: ViewState) -> tuple[list[str], list[str]] | None:
        """The drawn referral path (`state.path`) as element and connection ids, if there is one."""
        if not state.path or state.path.count(",") != 1:
            return None
        start, end = state.path.split(",")
        found = cache.shortest_path(dataset, start, end, None if state.layer == "all" else [state.layer])
        return (list(found.nodes), list(found.connections)) if found else None

    def map_view(
        self, dataset: Dataset, state: ViewState, computed: list[ComputedGap] | None = None
    ) -> MapView:
        """What the map shows for a state: the one path from data to picture, for the app and the exports.

        `computed` are the dataset's computed gaps when the caller has them already (the cache copies them)."""
        positions, box, placed = self.places(dataset, state)
        return build_map(
            dataset,
            state,
            positions,
            box,
            self.computed_gaps(dataset) if computed is None else computed,
            self.longest_label,
            self.route(dataset, state),
            placed,
        )

    def places(self, dataset: Dataset, state: ViewState):
        """The positions, the extent and the placed labels (see `placed`) the map of a state is drawn with:
        the view's shared ones, with the rows further apart when two maps are side by side (sizing.side_stretch)."""
        positions, box = self.positions(dataset, state.layer), self.box(dataset, state.layer)
        placed = self.placed(dataset, state.layer)
        k = self.stretch(box, state, placed)
        if k != 1.0:
            box, placed = stretched(box, placed, k)
            positions = {i: (x, y * k) for i, (x, y) in positions.items()}
        return positions, box, placed

    def stretch(self, box, state: ViewState, placed) -> float:
        """sizing.side_stretch, once per extent, view and page layout (every shipped area shares them)."""
        key = (box, state.layer, page_layout(state), len(placed), hash(tuple(placed)))
        if key not in self._stretch:
            if len(self._stretch) >= BUNDLES_KEPT:
                self._stretch.pop(next(iter(self._stretch)))
            self._stretch[key] = side_stretch(box, state, self.longest_label, placed)
        return self._stretch[key]

    def placed(self, dataset: Dataset, view: str) -> list[tuple[str, tuple[float, float]]]:
        """Every label this view shows, at its place: in any shipped area (so sizes match across areas), or
        an imported map's own."""
        if dataset.id not in self.catalog.datasets:
            return _placed([dataset], self.positions(dataset, view), view)
        if view not in self._placed:
            every = list(self.catalog.datasets.values())
            self._placed[view] = _placed(every, self.catalog.view_positions(view), view)
        return self._placed[view]

    def diff_view(self, dataset: Dataset, other: Dataset, state: ViewState) -> DiffView:
        """The Differences view of `dataset` against `other`: both maps' union at the shared positions."""
        positions = {**self.positions(other, state.layer), **self.positions(dataset, state.layer)}
        box = union_box(self.box(dataset, state.layer), self.box(other, state.layer))
        result = cache.diff(dataset, other)
        return build_diff_map(dataset, other, result, state, positions, box, self.longest_label)

    def _compared(self, state: ViewState) -> tuple[Dataset, Dataset | None, Mode]:
        dataset = self.dataset(state.dataset)
        other = self.dataset(state.compare) if state.compare and state.compare != state.dataset else None
        return dataset, other, mode_of(state, other is not None)

    def restyled(self, state: ViewState) -> frozenset[str]:
        """The fields of `state` the browser switches by itself (explorer.view.bundle)."""
        try:
            dataset, _other, mode = self._compared(state)
        except KeyError:
            return frozenset()
        return restyled_fields(state.layer, len(dataset.elements), mode != Mode.PLAIN)

    def map_bundle(self, state: ViewState, key: str) -> dict:
        """The main map's bundle for `state`: every view the browser may switch to without asking again.

        `key` is the map part's key for the state; equal keys of equal content give equal bundles, so they are
        cached (by content fingerprint, as explorer.analysis.cache does)."""
        dataset, other, mode = self._compared(state)
        prints = self._prints(dataset, other)
        cache_key = (prints, key)
        if cache_key in self._bundles:
            return self._bundles[cache_key]
        views = covered_views(state.layer, len(dataset.elements), mode != Mode.PLAIN)
        payloads, legends = {}, {}
        computed = self.computed_gaps(dataset)
        for layer, highlight in views or [(state.layer, state.highlight)]:
            shown = state.with_(layer=layer, highlight=highlight, select="")
            if mode == Mode.DIFF:
                diff = self.diff_view(dataset, other, shown)
                sheet = map_stylesheet(diff.map.scale, len(diff.map.elements), diff=True)
                payloads[(layer, highlight)] = (diff.map.elements, sheet, map_layout(shown))
                entries = diff_legend_entries(diff.map, diff.labels, diff.counts)
            else:
                view = self.map_view(dataset, shown, computed)
                sheet = map_stylesheet(view.scale, len(view.elements))
                payloads[(layer, highlight)] = (view.elements, sheet, map_layout(shown))
                entries = legend_entries(view, highlight)
            legends[(layer, highlight)] = legend_rows(entries)
        bundle = {**map_bundle(key, payloads, legends), "print": prints}
        if len(self._bundles) >= BUNDLES_KEPT:
            self._bundles.pop(next(iter(self._bundles)))
        self._bundles[cache_key] = bundle
        return bundle

    @staticmethod
    def _prints(dataset: Dataset, other: Dataset | None) -> str:
        return ",".join(cache.fingerprint(d) for d in (dataset, other) if d is not None)

    def token_for(self, state: ViewState, key: str) -> str:
        """The token of the bundle `map_bundle(state, key)` gives, without building it (explorer.view.bundle)."""
        dataset, other, _mode = self._compared(state)
        return bundle_token({"print": self._prints(dataset, other), "key": key})

    def map_key(self, state: ViewState) -> str:
        """The map part's key for a state, as the URL sync sets it (explorer.view.page.part_keys)."""
        return part_keys(state, self.restyled(state))[Part.MAP]

    def area_bundles(self, state: ViewState, held: set[str] = frozenset()) -> dict[str, dict]:
        """For each shipped area the area control may switch to: the key the map part will have there, and its
        bundle unless the browser holds it already (`held`: bundle tokens)."""
        areas = [(d.id, len(d.elements)) for d in self.catalog.maps()]
        out = {}
        for target in area_states(state, areas, self.dataset_ids()):
            key = self.map_key(target)
            bundle = None if self.token_for(target, key) in held else self.map_bundle(target, key)
            out[target.dataset] = {"key": key, "bundle": bundle}
        return out

    def dataset_options(self) -> list[dict]:
        """The maps, each followed by its versions ('North · version 2')."""
        versions: dict[str, list[str]] = {}
        for version in self.versions.ids() if self.versions else []:
            versions.setdefault(base_of(version), []).append(version)
        options = []
        imported = self.imports.summaries() if self.imports else []  # their contents stay unread
        for d in [*self.catalog.maps(), *imported]:
            options.append({"label": d.name, "value": d.id})
            for version in versions.get(d.id, []):
                number = version.rsplit("--v", 1)[1]
                options.append({"label": f"{d.name} · version {number}", "value": version})
        return options

    def element_options(self, population_groups_only: bool = False) -> list[dict]:
        """Every element of every shipped dataset, once, by label (imported maps' elements are searched on
        the server: explorer.view.pickers)."""
        every = {e.id: e for d in self.catalog.maps() for e in d.elements}
        chosen = [
            e for e in every.values() if not population_groups_only or e.type.value == "population_group"
        ]
        return [{"label": e.label, "value": e.id} for e in sorted(chosen, key=lambda e: e.label)]


def union_box(a: tuple[float, float, float, float], b: tuple[float, float, float, float]):
    """The extent covering both.

    >>> union_box((0, 0, 1, 1), (-1, 0.5, 0.5, 2))
    (-1, 0, 1, 2)
    """
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _placed(datasets: list[Dataset], positions: dict, view: str) -> list[tuple[str, tuple[float, float]]]:
    """One (drawn label, place) per element id that any of the datasets shows in the view: what the map
    draws (mapmodel.visible), which in a layer includes the other layers' ends of the links it shows."""
    seen: dict[str, tuple[str, tuple[float, float]]] = {}
    for d in datasets:
        for e in visible(d, ViewState(dataset=d.id, layer=view))[0]:
            if e.id in positions and e.id not in seen:
                seen[e.id] = (e.map_label, positions[e.id])
    return list(seen.values())
