"""Tensions in perspectives (§6): a table with one row per side, read and checked like the other tables.

Each row is one side of one tension: the tension's id, section, title and summary (the same on each of its
rows), then the side's own id, who holds it, the elements that hold it, their position, the map items it
bears on and its basis. Quotes and passages for a tension or a side are evidence rows whose Item is the
tension's or the side's id, so one quote check covers them with everything else.
"""

from __future__ import annotations

from explorer.data.model import Evidence, Tension, TensionSide
from explorer.data.readers.tables import Table
from explorer.data.rows import SECTION_PATTERN, _claim_id, _get, split_multi
from explorer.data.vocab import BASIS_LABELS, Basis

TENSION_COLUMNS = (
    "Tension",
    "Section",
    "Title",
    "Summary",
    "Side",
    "Who",
    "Holders",
    "Position",
    "Items",
    "Basis",
)
TENSION_REQUIRED = ("Tension", "Side", "Who", "Holders", "Position")
_SHARED = ("Section", "Title", "Summary")  # one value per tension, repeated on each of its rows


def read_tensions(check, table: Table, where_is: dict, element_ids: set[str], basis_of) -> list[dict]:
    """Raw tensions, each with its sides, in file order. `basis_of(table, row, text)` reads a Basis cell
    under the dataset's rules, so a tension side is held to the same rule as an element or connection."""
    tensions: dict[str, dict] = {}
    items = set(where_is)  # elements and connections, read before the tensions
    for row_number, row in table.rows:
        tension_id = _get(row, "Tension")
        side_id = _get(row, "Side")
        if not tension_id:
            check.add(table.path, row_number, "Tension", "empty; every row names its tension")
            continue
        tension = tensions.get(tension_id)
        if tension is None:
            if not _claim_id(check, where_is, tension_id, table.path, row_number, "Tension"):
                continue
            tension = {"id": tension_id, "sides": [], "row": row_number}
            tension.update({c.lower(): _get(row, c) for c in _SHARED})
            tensions[tension_id] = tension
            section = tension["section"]
            if not section:
                check.add(table.path, row_number, "Section", f"tension {tension_id!r} must cite a section")
            elif not SECTION_PATTERN.fullmatch(section):
                check.add(table.path, row_number, "Section", f"{section!r} is not a section number like 6.1")
        else:
            for column in _SHARED:
                if _get(row, column) and _get(row, column) != tension[column.lower()]:
                    check.add(
                        table.path,
                        row_number,
                        column,
                        f"differs from the first row of tension {tension_id!r} (row {tension['row']})",
                    )
        if not side_id:
            check.add(table.path, row_number, "Side", "empty; every side needs an id")
            continue
        if not _claim_id(check, where_is, side_id, table.path, row_number, "Side"):
            continue
        for column in ("Who", "Position"):
            if not _get(row, column):
                check.add(table.path, row_number, column, "empty; say who holds this side and what they hold")
        holders = split_multi(_get(row, "Holders"))
        if not holders:
            check.add(table.path, row_number, "Holders", "empty; name the elements that hold this view")
        for ref in holders:
            if ref not in element_ids:
                check.add(table.path, row_number, "Holders", f"no element with id {ref!r}")
        side_items = split_multi(_get(row, "Items"))
        for ref in side_items:
            if ref not in items:
                check.add(table.path, row_number, "Items", f"no element or connection with id {ref!r}")
        tension["sides"].append(
            {
                "id": side_id,
                "who": _get(row, "Who"),
                "holders": holders,
                "position": _get(row, "Position"),
                "items": side_items,
                "basis": basis_of(table, row_number, _get(row, "Basis")),
            }
        )
    for tension in tensions.values():
        if len(tension["sides"]) < 2:
            check.add(
                table.path, tension["row"], "Side", f"tension {tension['id']!r} needs at least two sides"
            )
    return list(tensions.values())


def build_tensions(raw: list[dict], evidence_by_item: dict[str, list[Evidence]]) -> tuple[Tension, ...]:
    return tuple(
        Tension(
            id=t["id"],
            section=t["section"],
            title=t["title"],
            summary=t["summary"],
            sides=tuple(
                TensionSide(
                    id=s["id"],
                    who=s["who"],
                    holders=s["holders"],
                    position=s["position"],
                    items=s["items"],
                    basis=s["basis"],
                    evidence=tuple(evidence_by_item.get(s["id"], ())),
                )
                for s in t["sides"]
            ),
            evidence=tuple(evidence_by_item.get(t["id"], ())),
        )
        for t in raw
    )


def tension_rows(tensions: tuple[Tension, ...]) -> list[dict[str, str]]:
    """The table again, one row per side, for the CSV and XLSX writers."""
    rows = []
    for t in tensions:
        for side in t.sides:
            rows.append(
                {
                    "Tension": t.id,
                    "Section": t.section,
                    "Title": t.title,
                    "Summary": t.summary,
                    "Side": side.id,
                    "Who": side.who,
                    "Holders": "|".join(side.holders),
                    "Position": side.position,
                    "Items": "|".join(side.items),
                    "Basis": side.basis.value if side.basis else "",
                }
            )
    return rows


def basis_label(basis: Basis | None) -> str:
    return BASIS_LABELS[basis] if basis else "Basis not given"
