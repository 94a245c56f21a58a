"""Maps made in other tools (Kumu, Gephi, yEd, Network Canvas, PRSM), brought into our model.

Each format's reader turns its file into a `ForeignMap`: the file's own elements and connections, with their
free-text types, labels, extra fields and positions, before any of our rules apply. `build_foreign` then maps
it into our vocabulary (`explorer.data.readers.mapping`: guessed, changeable in the import preview), makes our
ids, and hands the usual tables to `validate.build_dataset`, so a bad cell is still reported by file, row and
column and nothing loads half-way. What was mapped to what, the defaults used and the warnings come back as
an `ImportReport` for the preview.

Ids: an element keeps the id its file gives (Kumu's `id`, a GraphML or GEXF node id) where that is a short,
valid id; otherwise (Kumu's `_id`, PRSM's UUIDs, yEd's `n0::n1`) it gets one made from its label, at most
`MAX_MADE_ID` characters. The file's own keys still resolve its connections' ends. Labels that occur twice are
told apart ("A", "A (2)") with a warning; parallel connections keep their own ids.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from explorer.data.cells import ATTRIBUTE_PREFIX
from explorer.data.model import Dataset
from explorer.data.problems import LoadError, Problem
from explorer.data.readers.evidence import add_evidence, tension_table
from explorer.data.readers.mapping import (
    DEFAULT_ELEMENT_TYPE,
    DEFAULT_KIND,
    TypeChoice,
    guess_element_type,
    guess_kind,
)
from explorer.data.readers.tables import MAX_ROWS, Table
from explorer.data.rows import ID_PATTERN
from explorer.data.validate import CONNECTION_COLUMNS, ELEMENT_COLUMNS, EVIDENCE_COLUMNS, build_dataset, slug
from explorer.data.vocab import Kind, Status

MAX_MADE_ID = 40
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_ATTRIBUTES = 60
MAX_ATTRIBUTE_CHARS = 2_000
# Our own fields a foreign file may already carry (our exports do): they are read as ours, not as attributes.
ELEMENT_FIELDS = ("Sector", "Layers", "Basis", "Short label")
CONNECTION_FIELDS = ("Layer", "Status", "Reason", "Impact", "Basis")


def field_key(name: str) -> str:
    """How a file's field name is matched against ours: our graph and JSON exports write `short_label`,
    a spreadsheet column says `Short label`.

    >>> field_key("short_label") == field_key(" Short  Label") == "short label"
    True
    """
    return " ".join(str(name).replace("_", " ").lower().split())


@dataclass
class ForeignElement:
    key: str  # what the file's connections use to name it (Kumu _id or label, node id, UUID)
    label: str
    type: str = ""
    row: int = 0  # where it is in the file, for messages
    given_id: str = ""  # an id the file offers for us to keep (Kumu `id`, node id)
    description: str = ""
    tags: str = ""
    fields: dict[str, str] = field(default_factory=dict)  # our own columns, by column name
    attributes: dict[str, str] = field(default_factory=dict)
    position: tuple[float, float] | None = None
    evidence: list | None = None


@dataclass
class ForeignConnection:
    source: str  # element key, or a label
    target: str
    type: str = ""
    row: int = 0
    given_id: str = ""
    direction: str = ""
    strength: str = ""
    description: str = ""
    tags: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)
    evidence: list | None = None


@dataclass
class ForeignMap:
    format: str  # e.g. "Kumu project export", "GEXF 1.3"
    elements_path: str  # names used in messages, e.g. "map.json#elements"
    connections_path: str
    elements: list[ForeignElement] = field(default_factory=list)
    connections: list[ForeignConnection] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # name, area, note where the file has them
    warnings: list[str] = field(default_factory=list)
    implicit_elements: bool = False  # Kumu spreadsheets: a connection to an unknown label makes the element
    # Kumu's `id`s and our Id column are the author's own: kept as written, and reported if not valid ids.
    # (Node ids of graph files and PRSM's UUIDs are kept only where usable, else made from labels.)
    strict_ids: bool = False
    tensions: list | None = None


@dataclass
class TypeRow:
    """One foreign type and what it became: a row of the preview's mapping table."""

    kind: str  # "element" or "connection"
    source: str  # the file's type text, "" for none
    count: int
    target: str  # our vocabulary value
    guessed: bool  # False where nothing matched and the safe default was used


@dataclass
class ImportReport:
    format: str
    elements: int = 0
    connections: int = 0
    types: list[TypeRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    positions: int = 0
    attributes: list[str] = field(default_factory=list)

    @property
    def defaults(self) -> list[TypeRow]:
        return [row for row in self.types if not row.guessed]


def build_foreign(
    foreign: ForeignMap, meta: dict, mapping: dict | None = None
) -> tuple[Dataset, ImportReport]:
    """The Dataset a foreign map becomes under `mapping` ({"element": {type: value}, "connection": {…}},
    guessed where not given), and the report of how; or LoadError with every problem."""
    if len(foreign.elements) + len(foreign.connections) > MAX_ROWS:
        count = len(foreign.elements) + len(foreign.connections)
        raise LoadError([Problem(foreign.elements_path, None, None, f"{count} items; at most {MAX_ROWS}")])
    mapping = mapping or {}
    if foreign.implicit_elements:
        _add_implicit_elements(foreign)
    report = ImportReport(foreign.format, warnings=list(foreign.warnings))
    problems: list[Problem] = []
    ids, labels = _element_ids(foreign, report)
    element_types = _choose(
        "element",
        Counter(e.type.strip() for e in foreign.elements),
        mapping.get("element", {}),
        guess_element_type,
        DEFAULT_ELEMENT_TYPE,
        report,
    )
    kinds = _choose(
        "connection",
        Counter(c.type.strip() for c in foreign.connections),
        mapping.get("connection", {}),
        guess_kind,
        DEFAULT_KIND,
        report,
    )
    evidence = Table(f"{foreign.elements_path}#evidence", list(EVIDENCE_COLUMNS))
    elements = Table(foreign.elements_path, list(ELEMENT_COLUMNS))
    for e in foreign.elements:
        item_id = ids[id(e)]
        cells = {
            "Label": labels[id(e)],
            "Type": element_types[e.type.strip()],
            "Description": e.description,
            "Tags": e.tags,
            "Id": item_id,
            **{c: e.fields.get(c, "") for c in ELEMENT_FIELDS},
        }
        elements.rows.append((e.row, cells))
        _evidence(foreign.elements_path, e.row, e.evidence, item_id, evidence, problems)
    by_key = _resolver(foreign, ids)
    connections = Table(foreign.connections_path, list(CONNECTION_COLUMNS))
    taken = set(ids.values())
    if foreign.strict_ids:  # the author's own connection ids first, so that made ids never take theirs
        taken |= {c.given_id for c in foreign.connections if c.given_id}
    connection_ids: list[str] = []
    for c in foreign.connections:
        ends = []
        # An end we cannot resolve goes to the validator as written, which reports it by row and column
        # together with every other problem.
        ends = [by_key.get(ref) or by_key.get(ref.strip().lower()) or ref for ref in (c.source, c.target)]
        kind = kinds[c.type.strip()]
        item_id = c.given_id if foreign.strict_ids and c.given_id else _connection_id(c, ends, kind, taken)
        connection_ids.append(item_id)
        status = c.fields.get("Status", "") or (Status.ATTENDS.value if kind == Kind.ATTENDS.value else "")
        cells = {
            "From": ends[0],
            "To": ends[1],
            "Type": kind,
            "Direction": c.direction,
            "Strength": c.strength,
            "Id": item_id,
            "Description": c.description,
            "Tags": c.tags,
            **{f: c.fields.get(f, "") for f in CONNECTION_FIELDS},
            "Status": status,
        }
        connections.rows.append((c.row, cells))
        _evidence(foreign.connections_path, c.row, c.evidence, item_id, evidence, problems)
    tensions = tension_table(foreign.elements_path.split("#")[0], foreign.tensions, evidence, problems)
    if problems:  # unreadable evidence first: the validator would only add "has no evidence" after it
        raise LoadError(problems)
    full_meta = {**meta, **{k: v for k, v in foreign.meta.items() if v}}
    dataset = build_dataset(
        full_meta, f"{foreign.elements_path}", elements, connections, evidence, tensions=tensions
    )
    dataset = _with_extras(dataset, foreign, ids, connection_ids, report)
    report.elements, report.connections = len(dataset.elements), len(dataset.connections)
    return dataset, report


def _add_implicit_elements(foreign: ForeignMap) -> None:
    """Kumu makes an element for every label its connections name that its Elements sheet lacks."""
    known = {e.key.strip().lower() for e in foreign.elements} | {
        e.label.strip().lower() for e in foreign.elements
    }
    added = 0
    for c in foreign.connections:
        for ref in (c.source, c.target):
            if ref.strip() and ref.strip().lower() not in known:
                known.add(ref.strip().lower())
                foreign.elements.append(ForeignElement(key=ref.strip(), label=ref.strip(), row=c.row))
                added += 1
    if added:
        foreign.warnings.append(
            f"{added} element{'s' if added != 1 else ''} named only in connections "
            f"{'were' if added != 1 else 'was'} added, as Kumu does"
        )


def _element_ids(foreign: ForeignMap, report: ImportReport) -> tuple[dict[int, str], dict[int, str]]:
    """Our id and label for each element (keyed by object id): kept where short and valid, else made."""
    ids: dict[int, str] = {}
    taken: set[str] = set()
    for e in foreign.elements:  # ids the file gives first, so that made ids never take theirs
        wanted = e.given_id if foreign.strict_ids else e.given_id.strip()
        if wanted and foreign.strict_ids:
            ids[id(e)] = wanted  # the validator reports a bad or repeated one, by row and column
            taken.add(wanted)
        elif keepable(wanted) and wanted not in taken:
            ids[id(e)] = wanted
            taken.add(wanted)
    shortened = 0
    for e in foreign.elements:
        if id(e) in ids:
            continue
        base = slug(e.label)[:MAX_MADE_ID].strip("_") if e.label.strip() else ""
        if not base or base == "item":
            base = slug(e.key)[:MAX_MADE_ID].strip("_") or "item"
        if e.given_id.strip():
            shortened += 1
        ids[id(e)] = unique_id(base, taken)
    if shortened:
        report.warnings.append(
            f"{shortened} id{'s' if shortened != 1 else ''} in the file {'are' if shortened != 1 else 'is'} "
            "generated or not valid here; made from the labels instead"
        )
    labels: dict[int, str] = {}
    seen: Counter = Counter()
    repeated: dict[str, int] = {}
    for e in foreign.elements:
        label = " ".join(e.label.split()) or e.key
        seen[label.lower()] += 1
        if seen[label.lower()] > 1:
            repeated[label] = seen[label.lower()]
            label = f"{label} ({seen[label.lower()]})"
        labels[id(e)] = label
    for label, count in repeated.items():
        report.warnings.append(
            f"{count} elements are labelled {label!r}; told apart as “{label} (2)” and so on"
        )
    return ids, labels


def keepable(given: str) -> bool:
    """A file's own id we keep: a valid id here, and not a generated UUID (PRSM's), which says nothing."""
    return bool(given and ID_PATTERN.fullmatch(given) and not UUID.match(given))


def unique_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def _resolver(foreign: ForeignMap, ids: dict[int, str]) -> dict[str, str]:
    """What a connection's end may name: the element's key, our id, or (case aside) its label."""
    by_key: dict[str, str] = {}
    for e in foreign.elements:
        by_key.setdefault(e.key, ids[id(e)])
    for e in foreign.elements:
        by_key.setdefault(ids[id(e)], ids[id(e)])
        if e.given_id:
            by_key.setdefault(e.given_id, ids[id(e)])
    for e in foreign.elements:
        by_key.setdefault(e.label.strip().lower(), ids[id(e)])
    return by_key


def _connection_id(c: ForeignConnection, ends: list[str], kind: str, taken: set[str]) -> str:
    wanted = c.given_id.strip()
    if keepable(wanted) and wanted not in taken:
        taken.add(wanted)
        return wanted
    return unique_id(f"{ends[0] or 'x'}--{kind}--{ends[1] or 'x'}", taken)


def _choose(kind, counts: Counter, chosen: dict, guess, default: str, report: ImportReport) -> dict[str, str]:
    """Foreign type text -> our value: the user's choice, else the guess, else the default (reported)."""
    out: dict[str, str] = {}
    for source, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        choice: TypeChoice = guess(source)
        target = chosen.get(source) or choice.value
        guessed = source in chosen or choice.guessed
        out[source] = target
        report.types.append(TypeRow(kind, source, count, target, guessed))
        if not guessed:
            what = f"type {source!r}" if source else "no type"
            noun = ("element" if kind == "element" else "connection") + ("s" if count != 1 else "")
            report.warnings.append(
                f"{count} {noun} with {what} became {target!r}, the default; change it below"
            )
    return out


def _evidence(path, row, entries, item_id, evidence: Table, problems: list[Problem]) -> None:
    if entries is None:
        return
    if not isinstance(entries, list):
        problems.append(Problem(path, row, "evidence", "expected a list"))
        return
    add_evidence(path, row, entries, item_id, evidence, problems)


def _with_extras(dataset: Dataset, foreign: ForeignMap, ids, connection_ids, report: ImportReport) -> Dataset:
    """The file's extra fields as attributes, and its positions as the map's own."""
    element_attrs = {ids[id(e)]: _attributes(e.attributes) for e in foreign.elements}
    connection_attrs = {
        cid: _attributes(c.attributes) for cid, c in zip(connection_ids, foreign.connections, strict=True)
    }
    names = {k for attrs in (*element_attrs.values(), *connection_attrs.values()) for k, _ in attrs}
    report.attributes = sorted(names, key=str.lower)
    elements = tuple(replace(e, attributes=element_attrs.get(e.id, ())) for e in dataset.elements)
    connections = tuple(replace(c, attributes=connection_attrs.get(c.id, ())) for c in dataset.connections)
    positions = tuple(
        (ids[id(e)], float(e.position[0]), float(e.position[1]))
        for e in foreign.elements
        if e.position is not None
    )
    report.positions = len(positions)
    return replace(dataset, elements=elements, connections=connections, positions=positions)


def _attributes(attrs: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Non-empty attributes as sorted pairs, bounded so that no file can make an item unwieldy."""
    kept = [
        (str(k).strip().removeprefix(ATTRIBUTE_PREFIX), str(v))  # our exports' renamed ones (cells.py)
        for k, v in attrs.items()
        if str(k).strip().removeprefix(ATTRIBUTE_PREFIX) and str(v).strip()
    ]
    return tuple(sorted((k, v[:MAX_ATTRIBUTE_CHARS]) for k, v in kept[:MAX_ATTRIBUTES]))
