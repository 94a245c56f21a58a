"""The view state: what a user is looking at, parsed in one place from the URL, the controls or the store.

Anything a URL or a store can say is parsed leniently: an unknown dataset, layer or highlight falls back to
the default, so an old or mistyped link still opens a sensible view instead of an error. The enums are
`StrEnum`s, so a state compares equal to the plain strings the URL and the Dash components carry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from enum import StrEnum
from urllib.parse import parse_qs, parse_qsl, urlencode

from explorer.data.vocab import BasisFilter, CompareMode, Highlight, LayerView, Page, Sector

HOPS = (1, 2, 3)
MAX_ID = 200  # an element id, or a "from,to" pair of them, is never longer than this in a state
SECTOR_VALUES = frozenset(m.value for m in Sector)
ROOM_CODE = re.compile(r"^[A-Z0-9]{4,12}$")


@dataclass(frozen=True)
class ViewState:
    dataset: str = "study"
    layer: LayerView = LayerView.ALL
    highlight: Highlight = Highlight.NONE
    select: str = ""
    sectors: tuple[str, ...] = field(default=())  # empty: every sector
    focus: str = ""  # an element id: show only its k-hop neighbourhood
    hops: int = 1
    group: str = ""  # a population group whose exclusion route is traced
    view: Page = Page.MAP
    compare: str = ""  # a second dataset: shown side by side, or as the reference of the diff overlay
    mode: CompareMode = CompareMode.SIDE
    path: str = ""  # "from,to": draw the shortest referral path between two elements
    basis: BasisFilter = BasisFilter.ALL  # `stated`: only what the paper states
    # A live room this view is shown in (explorer/web/rooms.py): its code, or "new" to open one. Not part
    # of what the room shows: `shown()` leaves it out.
    room: str = ""
    # Projector mode (issue 11): the map fills the window, controls fold into a slim bar and labels are
    # sized for the back of a room. How the page is shown, so a room's followers keep their own.
    projector: bool = False

    def __post_init__(self) -> None:
        # Built from plain strings (a caller's "C"), a state still holds its enums; a wrong value is a bug.
        for name, enum in (
            ("layer", LayerView),
            ("highlight", Highlight),
            ("view", Page),
            ("mode", CompareMode),
            ("basis", BasisFilter),
        ):
            object.__setattr__(self, name, enum(getattr(self, name)))
        object.__setattr__(self, "sectors", tuple(self.sectors))
        object.__setattr__(self, "projector", _flag(self.projector))

    def to_query(self) -> str:
        """The query string, defaults left out so links stay short. Keys are stable: they are in reports.

        >>> ViewState(dataset="london", layer=LayerView.B, highlight=Highlight.ATTENDANCE).to_query()
        '?dataset=london&layer=B&highlight=attendance'
        """
        default = ViewState()
        pairs = []
        for key, value in asdict(self).items():
            if value == getattr(default, key) and key != "dataset":
                continue
            if key == "sectors":
                value = ",".join(value)
            elif isinstance(value, bool):
                value = int(value)  # projector=1, as people type it
            pairs.append((key, str(value)))
        return "?" + urlencode(pairs)

    def to_store(self) -> dict:
        """The plain-JSON form a `dcc.Store` holds; `from_store` reads it back.

        >>> s = ViewState(layer=LayerView.C, sectors=("nhs",))
        >>> from_store(s.to_store(), ["study"]) == s
        True
        """
        out = asdict(self)
        out["sectors"] = list(self.sectors)
        return {k: (str(v) if isinstance(v, StrEnum) else v) for k, v in out.items()}

    def with_(self, **changes) -> ViewState:
        return replace(self, **changes)

    def shown(self) -> ViewState:
        """The view without its room: what a room's followers are shown."""
        return replace(self, room="", projector=False)


def _choice(enum: type[StrEnum], value, fallback):
    try:
        return enum(value)
    except ValueError:
        return fallback


def _hops(value, fallback: int) -> int:
    try:
        hops = int(value)
    except (TypeError, ValueError):
        return fallback
    return hops if hops in HOPS else fallback


def _sectors(value) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else (value or ())
    return tuple(s for s in items if s in SECTOR_VALUES)


def _short(value) -> str:
    return str(value or "")[:MAX_ID]


def _room(value) -> str:
    """A room code as the URL gives it (any case), "new", or "" when it cannot be one.

    >>> _room("abc234"), _room("new"), _room("no way!")
    ('ABC234', 'new', '')
    """
    text = str(value or "").strip()
    if text.lower() == "new":
        return "new"
    return text.upper() if ROOM_CODE.match(text.upper()) else ""


def _flag(value) -> bool:
    """A yes/no as a URL or a switch gives it: 1/true/yes/on (any case) or a truthy non-string.

    >>> _flag("1"), _flag("TRUE"), _flag("0"), _flag(""), _flag(None), _flag([1]), _flag("maybe")
    (True, True, False, False, False, True, False)
    """
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _pair(value) -> str:
    text = str(value or "")
    return text[: 2 * MAX_ID + 1] if text.count(",") == 1 else ""


def from_mapping(
    values: Mapping, datasets: list[str], default_dataset: str = "study", base: ViewState | None = None
) -> ViewState:
    """The one parser: a state from any mapping of its keys (a URL's, a store's, the controls').

    A key that is missing keeps `base`'s value (the defaults when there is none); a value that is not
    allowed falls back to it too.

    >>> from_mapping({"layer": "B", "highlight": "nonsense", "dataset": "nowhere"}, ["study"]).layer
    <LayerView.B: 'B'>
    >>> from_mapping({"hops": "9", "path": "a,b,c"}, ["study"]).hops, from_mapping({"path": "a,b"}, ["study"]).path
    (1, 'a,b')
    >>> from_mapping({"dataset": "west", "compare": "west"}, ["study", "west"]).compare
    ''
    """
    if base is None:
        fallback = default_dataset if default_dataset in datasets else (datasets[0] if datasets else "")
        base = ViewState(dataset=fallback)
    get = values.get
    dataset = get("dataset", base.dataset)
    dataset = dataset if dataset in datasets else base.dataset
    compare = get("compare", base.compare)
    return ViewState(
        dataset=dataset,
        layer=_choice(LayerView, get("layer", base.layer), base.layer),
        highlight=_choice(Highlight, get("highlight", base.highlight), base.highlight),
        select=_short(get("select", base.select)),
        sectors=_sectors(get("sectors", base.sectors)),
        focus=_short(get("focus", base.focus)),
        hops=_hops(get("hops", base.hops), base.hops),
        group=_short(get("group", base.group)),
        view=_choice(Page, get("view", base.view), base.view),
        # An area compared with itself shows nothing, so the state drops it rather than keep a dead control.
        compare=compare if compare in datasets and compare != dataset else "",
        mode=_choice(CompareMode, get("mode", base.mode), base.mode),
        path=_pair(get("path", base.path)),
        basis=_choice(BasisFilter, get("basis", base.basis), base.basis),
        room=_room(get("room", base.room)),
        projector=_flag(get("projector", base.projector)),
    )


def from_query(search: str | None, datasets: list[str], default_dataset: str = "study") -> ViewState:
    """Parse a query string; anything unknown falls back to a default."""
    params = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}
    return from_mapping(params, datasets, default_dataset)


def from_store(data: Mapping | None, datasets: list[str] | None = None) -> ViewState:
    """The state a `dcc.Store` holds (keys it does not know are ignored). With no dataset list, any dataset
    id the store names is kept: the store was written by `to_store` from a parsed state."""
    data = dict(data or {})
    known = {f.name for f in fields(ViewState)}
    data = {k: v for k, v in data.items() if k in known}
    allowed = datasets if datasets is not None else [data.get("dataset", "study")]
    compare = data.get("compare")
    if datasets is None and compare:
        allowed = [*allowed, compare]
    return from_mapping(data, allowed, default_dataset=allowed[0] if allowed else "study")


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
    (selects the element found), 'clear' (drops selection and focus) or 'matrix' (a cell names a
    dataset and a link, shown on the map).
    """
    if previous is None or trigger in (None, "url"):
        return from_query(search, datasets, default_dataset)
    # Controls that are cleared (None or empty) clear their part of the state, except the radio-like ones.
    cleared = {
        "sectors": controls.get("sectors") or (),
        "focus": controls.get("focus") or "",
        "group": controls.get("group") or "",
        "compare": controls.get("compare") or "",
        "path": _path(controls.get("path_from"), controls.get("path_to")),
    }
    given = {
        k: controls[k] for k in ("dataset", "layer", "highlight", "hops", "view", "mode") if controls.get(k)
    }
    if "basis" in controls:  # a switch: off is a value, not a missing control
        cleared["basis"] = controls["basis"] or BasisFilter.ALL
    if "projector" in controls:  # a switch too: off is a value
        cleared["projector"] = _flag(controls["projector"])
    state = from_mapping({**given, **cleared}, datasets, default_dataset, base=previous)
    picked = controls.get("picked")
    if trigger in ("tap-node", "tap-edge", "search") and picked:
        state = state.with_(select=_short(picked))
    elif trigger == "clear":
        state = state.with_(select="", focus="", group="", path="")
    elif trigger == "matrix" and picked:
        dataset_id, _, item = str(picked).partition("::")
        if dataset_id in datasets:
            state = state.with_(
                dataset=dataset_id, select=_short(item), view=Page.MAP, highlight=Highlight.ATTENDANCE
            )
    return state


def projector_query(search: str | None, on: bool = True) -> str:
    """A query string with projector mode turned on (or off), the rest kept as written: presentation mode
    shows each slide's saved view in projector mode.

    >>> projector_query("?dataset=study&layer=C"), projector_query("?projector=1&layer=B", on=False)
    ('?dataset=study&layer=C&projector=1', '?layer=B')
    """
    pairs = [
        (k, v) for k, v in parse_qsl((search or "").lstrip("?"), keep_blank_values=True) if k != "projector"
    ]
    if on:
        pairs.append(("projector", "1"))
    return "?" + urlencode(pairs) if pairs else ""


def _path(start: str | None, end: str | None) -> str:
    return f"{start},{end}" if start and end and start != end else ""
