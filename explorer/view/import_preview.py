"""What the import preview says about an upload before anything is loaded: counts, the type mapping, the
defaults used and the warnings; and the mapping the user's choices make.

Pure: it reads the Dataset and ImportReport that `parse_upload_report` gives and returns plain data, which
`explorer.web.import_preview` lays out. Nothing here stores or loads a map.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.data.model import Dataset
from explorer.data.readers.foreign import ImportReport, TypeRow
from explorer.data.readers.mapping import mapping_choices
from explorer.data.vocab import ELEMENT_TYPE_LABELS, KIND_LABELS, ElementType, Kind

NO_TYPE = "(no type)"
KINDS = ("element", "connection")


@dataclass(frozen=True)
class MappingRow:
    """One foreign type, how many items have it, and the choice a user may change."""

    kind: str  # "element" or "connection"
    source: str  # the file's own type text ("" for none)
    shown: str  # how the preview names it
    count: int
    target: str  # our value chosen now
    guessed: bool  # False: nothing matched, the safe default is used
    options: tuple[tuple[str, str], ...]  # (value, label) the user may pick


@dataclass(frozen=True)
class Preview:
    title: str
    format: str
    elements: int
    connections: int
    positions: int
    attributes: tuple[str, ...]
    rows: tuple[MappingRow, ...] = ()
    defaults: tuple[str, ...] = ()  # sentences: what fell back to a default
    warnings: tuple[str, ...] = ()
    sentences: tuple[str, ...] = ()  # the summary, one fact a line

    @property
    def counts(self) -> str:
        return f"{_n(self.elements, 'element')}, {_n(self.connections, 'connection')}"


def build_preview(dataset: Dataset, report: ImportReport | None, source: str) -> Preview:
    """The preview of an upload that parsed: `report` is None for our own formats (nothing to map)."""
    if report is None:
        return Preview(
            title=f"Preview: {source}",
            format="this explorer's own format",
            elements=len(dataset.elements),
            connections=len(dataset.connections),
            positions=len(dataset.positions),
            attributes=(),
            sentences=("The file uses this explorer's own types, so there is nothing to map.",),
        )
    rows = tuple(_row(t) for t in report.types)
    defaults = tuple(_default_sentence(r) for r in rows if not r.guessed)
    # The mapping's own "became the default" lines are shown as defaults; the rest are the file's warnings.
    warnings = tuple(w for w in report.warnings if "the default; change it below" not in w)
    sentences = [f"Read as {report.format}."]
    if report.positions:
        sentences.append(f"{_n(report.positions, 'position')} from the file will place the elements.")
    if report.attributes:
        sentences.append(
            f"Extra fields kept as attributes ({len(report.attributes)}): {', '.join(report.attributes[:12])}"
            + ("…" if len(report.attributes) > 12 else "")
        )
    return Preview(
        title=f"Preview: {source}",
        format=report.format,
        elements=report.elements,
        connections=report.connections,
        positions=report.positions,
        attributes=tuple(report.attributes),
        rows=rows,
        defaults=defaults,
        warnings=warnings,
        sentences=tuple(sentences),
    )


def mapping_from_choices(choices: list[tuple[dict, str | None]]) -> dict[str, dict[str, str]]:
    """The `mapping` parse_upload_report takes, from (dropdown id, chosen value) pairs.

    A choice still at the value the preview opened with (the id's "start") is not the user's: the guess or
    default stands, and is still reported as such. Values not in our vocabulary (a forged request) are left
    out too.

    >>> mapping_from_choices([({"kind": "element", "source": "State", "start": "service"}, "body"),
    ...                       ({"kind": "element", "source": "Actor", "start": "service"}, "service"),
    ...                       ({"kind": "connection", "source": ""}, "nonsense")])
    {'element': {'State': 'body'}, 'connection': {}}
    """
    allowed = {k: {v for v, _ in mapping_choices(k)} for k in KINDS}
    mapping: dict[str, dict[str, str]] = {k: {} for k in KINDS}
    for key, value in choices:
        kind = (key or {}).get("kind")
        if kind in allowed and value in allowed[kind] and value != key.get("start"):
            mapping[kind][str(key.get("source", ""))] = value
    return mapping


def target_label(kind: str, value: str) -> str:
    if kind == "element":
        return ELEMENT_TYPE_LABELS[ElementType(value)]
    return KIND_LABELS[Kind(value)]


def _row(t: TypeRow) -> MappingRow:
    return MappingRow(
        kind=t.kind,
        source=t.source,
        shown=t.source or NO_TYPE,
        count=t.count,
        target=t.target,
        guessed=t.guessed,
        options=tuple(mapping_choices(t.kind)),
    )


def _default_sentence(row: MappingRow) -> str:
    noun = _n(row.count, row.kind)
    what = f"type “{row.source}”" if row.source else "no type"
    return f"{noun} with {what}: nothing matched, so “{target_label(row.kind, row.target)}” (the default)"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
