"""A small memo for per-dataset analysis, so a callback that re-renders a map does not redo networkx work.

Results are keyed by (dataset id, content fingerprint), not by the Dataset object: two loads of the same
files share entries, and an edited upload with a reused id does not see stale results. The fingerprint is
a hash of the normalised JSON export, computed once per Dataset object.

The module holds two caches and nothing else: entries are pure functions of their key, so each worker
process may keep its own and nothing is lost or wrong if one is cleared or never shared. Callers get a
copy of any mutable result (dict, list, DataFrame), so editing it cannot corrupt the cache.
"""

from __future__ import annotations

import copy
import hashlib
import weakref
from collections.abc import Callable
from functools import lru_cache, wraps

from explorer.analysis import diff as diff_module
from explorer.analysis import matrices, reference
from explorer.analysis import metrics as analysis
from explorer.data.model import Dataset
from explorer.data.serialise import to_json

MAXSIZE = 64

# id(dataset) -> (weak reference, fingerprint). The weak reference proves the id still names the same
# object (ids are reused once an object dies) and its callback drops the entry when the dataset goes.
_fingerprints: dict[int, tuple[weakref.ref, str]] = {}


def fingerprint(dataset: Dataset) -> str:
    """A short hash of the dataset's content, stable across processes and loads.

    >>> from explorer.data.sample import demo_dataset
    >>> fingerprint(demo_dataset()) == fingerprint(demo_dataset())
    True
    >>> len(fingerprint(demo_dataset()))
    16
    """
    key = id(dataset)
    held = _fingerprints.get(key)
    if held is not None and held[0]() is dataset:
        return held[1]
    value = hashlib.sha256(to_json(dataset).encode("utf-8")).hexdigest()[:16]

    def forget(ref: weakref.ref, key: int = key) -> None:
        if _fingerprints.get(key, (None,))[0] is ref:
            del _fingerprints[key]

    _fingerprints[key] = (weakref.ref(dataset, forget), value)
    return value


class _Keyed:
    """A dataset that hashes and compares by (id, fingerprint), so lru_cache keys on content only."""

    __slots__ = ("dataset", "key")

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.key = (dataset.id, fingerprint(dataset))

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Keyed) and self.key == other.key


def _freeze(value):
    """Arguments as hashable cache keys: datasets by content, lists of layers or ids as tuples."""
    if isinstance(value, Dataset):
        return _Keyed(value)
    if isinstance(value, set | frozenset):
        return frozenset(_freeze(v) for v in value)
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def _thaw(value):
    if isinstance(value, _Keyed):
        return value.dataset
    if isinstance(value, frozenset):
        return frozenset(_thaw(v) for v in value)
    if isinstance(value, tuple):
        return tuple(_thaw(v) for v in value)
    return value


_IMMUTABLE = (str, int, float, bool, type(None), tuple, frozenset)


def memoised(function: Callable, maxsize: int = MAXSIZE) -> Callable:
    """Wrap a pure function of datasets (and hashable or list arguments) in an lru_cache keyed by content.

    >>> from explorer.analysis.metrics import isolates
    >>> from explorer.data.sample import demo_dataset
    >>> cached_isolates = memoised(isolates)
    >>> cached_isolates(demo_dataset(), ["B"]), cached_isolates(demo_dataset(), ["B"])
    (['camhs'], ['camhs'])
    >>> cached_isolates.cache_info().hits
    1
    """

    @lru_cache(maxsize=maxsize)
    def run(args: tuple, kwargs: tuple):
        return function(*(_thaw(a) for a in args), **{k: _thaw(v) for k, v in kwargs})

    @wraps(function)
    def wrapper(*args, **kwargs):
        result = run(
            tuple(_freeze(a) for a in args), tuple(sorted((k, _freeze(v)) for k, v in kwargs.items()))
        )
        return result if isinstance(result, _IMMUTABLE) else copy.deepcopy(result)

    wrapper.cache_info = run.cache_info
    wrapper.cache_clear = run.cache_clear
    return wrapper


analyse = memoised(analysis.analyse)
centrality = memoised(analysis.centrality)
brokers = memoised(analysis.brokers)
shortest_path = memoised(analysis.shortest_path)
components = memoised(analysis.components)
isolates = memoised(analysis.isolates)
computed_gaps = memoised(reference.computed_gaps)
diff = memoised(diff_module.diff)
attendance_matrix = memoised(matrices.attendance_matrix)
exclusion_matrix = memoised(matrices.exclusion_matrix)

_MEMOS = (
    analyse,
    centrality,
    brokers,
    shortest_path,
    components,
    isolates,
    computed_gaps,
    diff,
    attendance_matrix,
    exclusion_matrix,
)


def clear() -> None:
    """Empty every memo (the fingerprints go with their datasets)."""
    for memo in _MEMOS:
        memo.cache_clear()
