"""Guessing which of our types a foreign map's free-text type means.

Kumu's element types are whatever its users typed ("Interviewee", "State"), and so are its connection types
("++", "--", "Funding"); Gephi and yEd files have none at all. A guess is only a starting point: the import
preview shows every guess and lets the user change it. Where nothing matches, the safe default is used
and the preview says so.

>>> guess_element_type("Local Safeguarding Children Board").value
'strategic_group'
>>> guess_kind("++").value, guess_kind("").guessed
('shapes', False)
"""

from __future__ import annotations

import re
from typing import NamedTuple

from explorer.data.vocab import ELEMENT_TYPE_LABELS, KIND_LABELS, ElementType, Kind, parse

DEFAULT_ELEMENT_TYPE = ElementType.SERVICE.value
DEFAULT_KIND = Kind.REFERS.value
# Kinds a user may map a foreign type to. `excludes` needs a threshold no foreign file has, so it is left out.
MAPPABLE_KINDS = tuple(k for k in Kind if k is not Kind.EXCLUDES)


class TypeChoice(NamedTuple):
    value: str
    guessed: bool  # False: nothing matched, this is the default


# Word stems in the type text -> our value, tried in order; the first match wins.
_ELEMENT_HINTS: tuple[tuple[str, ElementType], ...] = (
    (r"\b(act|acts|law|legislation|statute|regulation|bill)\b", ElementType.LEGISLATION),
    (r"\b(fund|funds|funding|budget|grant|finance)", ElementType.FUNDING),
    (r"\b(commissioner|commissioning|icb|ccg)\b", ElementType.COMMISSIONER),
    (r"\b(board|partnership|forum|committee|panel|group meeting|strategic)", ElementType.STRATEGIC_GROUP),
    (r"\b(review|dhr|inquiry|audit)\b", ElementType.REVIEW),
    (r"\b(population|people|children|families|survivors|victims|patients|users|community)\b",
     ElementType.POPULATION_GROUP),
    (r"\b(mechanism|process|pathway|protocol|practice model|way of working|phenomenon|outcome|factor)",
     ElementType.MECHANISM),
    (r"\b(organisation|organization|body|agency|council|government|department|ministry|company|"
     r"institution|charity|trust|authority)", ElementType.BODY),
    (r"\b(service|services|clinic|hospital|gp|surgery|school|team|provider|hub|centre|center)\b",
     ElementType.SERVICE),
)  # fmt: skip
_KIND_HINTS: tuple[tuple[str, Kind], ...] = (
    (r"^[+\-−–]{1,2}$|\b(positive|negative|influence|influences|causes|increases|decreases|affects|"
     r"shapes|drives|reinforces)\b", Kind.SHAPES),
    (r"\bfund", Kind.FUNDS),
    (r"\bcommission", Kind.COMMISSIONS),
    (r"\brefer", Kind.REFERS),
    (r"\b(attend|attends|member|membership|sits on)\b", Kind.ATTENDS),
    (r"\b(inform|information|data|reports? to|shares?)\b", Kind.INFORMS),
    (r"\b(collaborat|partner|works? with|together|joint|relationship|knows|friend)", Kind.COLLABORATES),
    (r"\bmediat", Kind.MEDIATES),
    (r"\b(ends? up|falls? to)\b", Kind.FALLS_TO),
)  # fmt: skip


def guess_element_type(text: str) -> TypeChoice:
    """Our element type for a foreign one: an exact name or label of ours, then a keyword, else `service`."""
    exact = parse(ElementType, text, ELEMENT_TYPE_LABELS) if text.strip() else None
    if exact is not None:
        return TypeChoice(exact.value, True)
    for pattern, member in _ELEMENT_HINTS:
        if re.search(pattern, text, re.IGNORECASE):
            return TypeChoice(member.value, True)
    return TypeChoice(DEFAULT_ELEMENT_TYPE, False)


def guess_kind(text: str) -> TypeChoice:
    """Our connection kind for a foreign type: exact, then a keyword (Kumu's '++' is an influence), else
    `refers`."""
    exact = parse(Kind, text, KIND_LABELS) if text.strip() else None
    if exact is not None and exact is not Kind.EXCLUDES:
        return TypeChoice(exact.value, True)
    if exact is Kind.EXCLUDES:  # our own exports: an exclusion keeps its kind (its reason travels with it)
        return TypeChoice(exact.value, True)
    for pattern, member in _KIND_HINTS:
        if text.strip() and re.search(pattern, text.strip(), re.IGNORECASE):
            return TypeChoice(member.value, True)
    return TypeChoice(DEFAULT_KIND, False)


def mapping_choices(kind: str) -> list[tuple[str, str]]:
    """(value, label) pairs a user may pick for a foreign type, for the preview's dropdowns."""
    if kind == "element":
        return [(t.value, ELEMENT_TYPE_LABELS[t]) for t in ElementType]
    return [(k.value, KIND_LABELS[k]) for k in MAPPABLE_KINDS]
