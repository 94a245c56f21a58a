"""The view state: what a user is looking at, and its round trip through the URL query string.

Anything a URL can say is parsed leniently: an unknown dataset, layer or highlight falls back to the
default, so an old or mistyped link still opens a sensible view instead of an error.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from urllib.parse import parse_qs, urlencode

from explorer.data.vocab import Sector

LAYERS = ("A", "B", "C", "all")
HIGHLIGHTS = ("none", "gaps", "attendance", "exclusions")
HOPS = (1, 2, 3)
VIEWS = ("map", "table", "matrix", "analysis")
MODES = ("side", "diff")


@dataclass(frozen=True)
class ViewState:
    dataset: str = "study"
    layer: str = "all"
    highlight: str = "none"
    select: str = ""
    sectors: tuple[str, ...] = field(default=())  # empty: every sector
    focus: str = ""  # an element id: show only its k-hop neighbourhood
    hops: int = 1
    group: str = ""  # a population group whose exclusion route is traced
    view: str = "map"  # map | table | matrix | analysis
    compare: str = ""  # a second dataset: shown side by side, or as the reference of the diff overlay
    mode: str = "side"  # side | diff
    path: str = ""  # "from,to": draw the shortest referral path between two elements

    def to_query(self) -> str:
        """The query string, defaults left out so links stay short. Keys are stable: they are in reports."""
        default = ViewState()
        pairs = []
        for key, value in asdict(self).items():
            if value == getattr(default, key) and key != "dataset":
                continue
            if key == "sectors":
                value = ",".join(value)
            pairs.append((key, str(value)))
        return "?" + urlencode(pairs)

    def with_(self, **changes) -> ViewState:
        return replace(self, **changes)


def from_query(search: str | None, datasets: list[str], default_dataset: str = "study") -> ViewState:
    """Parse a query string; anything unknown falls back to a default."""
    params = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}
    fallback = default_dataset if default_dataset in datasets else (datasets[0] if datasets else "")
    dataset = params.get("dataset", fallback)
    if dataset not in datasets:
        dataset = fallback
    layer = params.get("layer", "all")
    highlight = params.get("highlight", "none")
    sectors = tuple(s for s in params.get("sectors", "").split(",") if s in {m.value for m in Sector})
    try:
        hops = int(params.get("hops", "1"))
    except ValueError:
        hops = 1
    return ViewState(
        dataset=dataset,
        layer=layer if layer in LAYERS else "all",
        highlight=highlight if highlight in HIGHLIGHTS else "none",
        select=params.get("select", "")[:200],
        sectors=sectors,
        focus=params.get("focus", "")[:200],
        hops=hops if hops in HOPS else 1,
        group=params.get("group", "")[:200],
        view=params.get("view") if params.get("view") in VIEWS else "map",
        compare=params.get("compare", "") if params.get("compare") in datasets else "",
        mode=params.get("mode") if params.get("mode") in MODES else "side",
        path=params.get("path", "")[:401] if params.get("path", "").count(",") == 1 else "",
    )


def next_state(
    previous: ViewState | None,
    trigger: str | None,
    search: str | None,
    controls: dict,
    datasets: list[str],
    default_dataset: str = "study",
) -> ViewState:
    """The state after one user action.

    `trigger` is the id of what changed: the URL (first load, back/forward: the URL wins), a control
    (its value wins, the rest stays), a tap on the map ('tap-node'/'tap-edge': selects it), 'search'
    (selects the element found) or 'clear' (drops selection and focus).
    """
    if previous is None or trigger in (None, "url"):
        return from_query(search, datasets, default_dataset)
    dataset = controls.get("dataset")
    layer = controls.get("layer")
    highlight = controls.get("highlight")
    try:
        hops = int(controls.get("hops") or previous.hops)
    except (TypeError, ValueError):
        hops = previous.hops
    state = previous.with_(
        dataset=dataset if dataset in datasets else previous.dataset,
        layer=layer if layer in LAYERS else previous.layer,
        highlight=highlight if highlight in HIGHLIGHTS else previous.highlight,
        sectors=tuple(s for s in (controls.get("sectors") or ()) if s in {m.value for m in Sector}),
        focus=controls.get("focus") or "",
        hops=hops if hops in HOPS else previous.hops,
        group=controls.get("group") or "",
        view=controls.get("view") if controls.get("view") in VIEWS else previous.view,
        compare=controls.get("compare") if controls.get("compare") in datasets else "",
        mode=controls.get("mode") if controls.get("mode") in MODES else previous.mode,
        path=_path(controls.get("path_from"), controls.get("path_to")),
    )
    if trigger in ("tap-node", "tap-edge", "search") and controls.get("picked"):
        state = state.with_(select=str(controls["picked"])[:200])
    elif trigger == "clear":
        state = state.with_(select="", focus="", group="", path="")
    elif trigger == "matrix" and controls.get("picked"):
        # A matrix cell names a dataset and a link: show that link on the map.
        dataset_id, _, item = str(controls["picked"]).partition("::")
        if dataset_id in datasets:
            state = state.with_(dataset=dataset_id, select=item[:200], view="map", highlight="attendance")
    return state


def _path(start: str | None, end: str | None) -> str:
    return f"{start},{end}" if start and end and start != end else ""
