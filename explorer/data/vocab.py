"""Closed vocabularies of the data model.

Every value a data file may hold in a Type, Sector, Layer, Kind or Status column is listed here, with a
human label. The loader rejects anything else, naming file, row and column.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Provenance(StrEnum):
    STUDY = "study"
    ILLUSTRATIVE = "illustrative"
    IMPORTED = "imported"
    REFERENCE = "reference"


class Layer(StrEnum):
    A = "A"
    B = "B"
    C = "C"


LAYER_LABELS = {
    Layer.A: "A · Funding and commissioning",
    Layer.B: "B · Interface (strategic groups)",
    Layer.C: "C · Inter-service",
}


class LayerView(StrEnum):
    """What the layer control shows: one layer, or all three with the links by which one shapes another."""

    A = "A"
    B = "B"
    C = "C"
    ALL = "all"


LAYER_VIEW_LABELS = {
    LayerView.A: LAYER_LABELS[Layer.A],
    LayerView.B: LAYER_LABELS[Layer.B],
    LayerView.C: LAYER_LABELS[Layer.C],
    LayerView.ALL: "All layers (with cross-layer links)",
}
LAYER_VIEW_BUTTONS = {
    LayerView.A: "A · Funding",
    LayerView.B: "B · Interface",
    LayerView.C: "C · Services",
    LayerView.ALL: "All",
}


class Highlight(StrEnum):
    NONE = "none"
    GAPS = "gaps"
    ATTENDANCE = "attendance"
    EXCLUSIONS = "exclusions"
    TENSIONS = "tensions"


HIGHLIGHT_LABELS = {
    Highlight.NONE: "No highlight",
    Highlight.GAPS: "Missing links (gaps)",
    Highlight.ATTENDANCE: "Strategic-group attendance",
    Highlight.EXCLUSIONS: "Boundary-excluded groups",
    Highlight.TENSIONS: "Tensions in perspectives (§6)",
}
HIGHLIGHT_BUTTONS = {
    Highlight.NONE: "None",
    Highlight.GAPS: "Gaps",
    Highlight.ATTENDANCE: "Attendance",
    Highlight.EXCLUSIONS: "Exclusions",
    Highlight.TENSIONS: "Tensions",
}


class Page(StrEnum):
    """Which tab of the explorer is open."""

    MAP = "map"
    TABLE = "table"
    MATRIX = "matrix"
    ANALYSIS = "analysis"


PAGE_LABELS = {Page.MAP: "Map", Page.TABLE: "Table", Page.MATRIX: "Matrices", Page.ANALYSIS: "Analysis"}


class CompareMode(StrEnum):
    SIDE = "side"
    DIFF = "diff"


COMPARE_MODE_LABELS = {CompareMode.SIDE: "Side by side", CompareMode.DIFF: "Differences"}


class ElementType(StrEnum):
    LEGISLATION = "legislation"
    FUNDING = "funding"
    BODY = "body"
    COMMISSIONER = "commissioner"
    STRATEGIC_GROUP = "strategic_group"
    REVIEW = "review"
    SERVICE = "service"
    MECHANISM = "mechanism"
    POPULATION_GROUP = "population_group"


ELEMENT_TYPE_LABELS = {
    ElementType.LEGISLATION: "Legislation",
    ElementType.FUNDING: "Funding stream",
    ElementType.BODY: "Organisation or body",
    ElementType.COMMISSIONER: "Commissioner",
    ElementType.STRATEGIC_GROUP: "Strategic group or partnership",
    ElementType.REVIEW: "Review process",
    ElementType.SERVICE: "Service",
    ElementType.MECHANISM: "Mechanism or way of working",
    ElementType.POPULATION_GROUP: "Population group",
}


class Sector(StrEnum):
    NATIONAL = "national"
    REGIONAL = "regional"
    NHS = "nhs"
    LOCAL_AUTHORITY = "local_authority"
    EDUCATION = "education"
    VOLUNTARY = "voluntary"
    BY_AND_FOR = "by_and_for"
    MULTI_AGENCY = "multi_agency"
    PRIVATE = "private"
    POPULATION = "population"
    OTHER = "other"


SECTOR_LABELS = {
    Sector.NATIONAL: "National government",
    Sector.REGIONAL: "Regional body",
    Sector.NHS: "NHS / statutory health",
    Sector.LOCAL_AUTHORITY: "Local authority",
    Sector.EDUCATION: "Education",
    Sector.VOLUNTARY: "Voluntary / community",
    Sector.BY_AND_FOR: "'By and for' services",
    Sector.MULTI_AGENCY: "Multi-agency",
    Sector.PRIVATE: "Private",
    Sector.POPULATION: "Population group",
    Sector.OTHER: "Other / not given",
}


class Kind(StrEnum):
    FUNDS = "funds"
    COMMISSIONS = "commissions"
    SHAPES = "shapes"
    REFERS = "refers"
    COLLABORATES = "collaborates"
    INFORMS = "informs"
    MEDIATES = "mediates"
    ATTENDS = "attends"
    EXCLUDES = "excludes"
    FALLS_TO = "falls_to"


KIND_LABELS = {
    Kind.FUNDS: "funds",
    Kind.COMMISSIONS: "commissions",
    Kind.SHAPES: "shapes",
    Kind.REFERS: "refers to",
    Kind.COLLABORATES: "works with",
    Kind.INFORMS: "informs",
    Kind.MEDIATES: "mediates",
    Kind.ATTENDS: "attends",
    Kind.EXCLUDES: "excluded by threshold of",
    Kind.FALLS_TO: "ends up with",
}


class Status(StrEnum):
    PRESENT = "present"
    STRAINED = "strained"
    GAP = "gap"
    CONFLICT = "conflict"
    ATTENDS = "attends"
    INVITED_NOT_ATTENDING = "invited_not_attending"
    NOT_INVITED = "not_invited"
    ATTENDS_NOT_EQUAL = "attends_not_equal"
    EXCLUDED = "excluded"
    RECOMMENDED = "recommended"


STATUS_LABELS = {
    Status.PRESENT: "Present",
    Status.STRAINED: "Weak or strained",
    Status.GAP: "Gap (missing)",
    Status.CONFLICT: "Conflict",
    Status.ATTENDS: "Attends",
    Status.INVITED_NOT_ATTENDING: "Invited, does not attend",
    Status.NOT_INVITED: "Not invited",
    Status.ATTENDS_NOT_EQUAL: "Attends, not as an equal",
    Status.EXCLUDED: "Excluded by threshold",
    Status.RECOMMENDED: "Recommended (should exist)",
}

ATTENDANCE_STATUSES = (
    Status.ATTENDS,
    Status.INVITED_NOT_ATTENDING,
    Status.NOT_INVITED,
    Status.ATTENDS_NOT_EQUAL,
)
RELATION_STATUSES = (Status.PRESENT, Status.STRAINED, Status.GAP, Status.CONFLICT)

# Which statuses a connection of each kind may carry. Reference pathways use `recommended`.
ALLOWED_STATUSES: dict[Kind, tuple[Status, ...]] = {
    kind: (*RELATION_STATUSES, Status.RECOMMENDED) for kind in Kind
}
ALLOWED_STATUSES[Kind.ATTENDS] = (*ATTENDANCE_STATUSES, Status.RECOMMENDED)
ALLOWED_STATUSES[Kind.EXCLUDES] = (Status.EXCLUDED,)
ALLOWED_STATUSES[Kind.FALLS_TO] = (Status.PRESENT, Status.STRAINED)


class Direction(StrEnum):
    DIRECTED = "directed"
    MUTUAL = "mutual"
    UNDIRECTED = "undirected"


def choices(enum: type[StrEnum]) -> str:
    """The allowed values of a vocabulary, for error messages."""
    return ", ".join(m.value for m in enum)


def token(text: str) -> str:
    """Normalise a cell to a vocabulary token: 'By and for' and "'by-and-for'" both give 'by_and_for'."""
    return re.sub(r"[\s\-/]+", "_", text.strip().strip("'\"‘’").lower()).strip("_")


def parse(enum: type[StrEnum], text: str, labels: dict | None = None):
    """The member a cell names, by value or by its human label; None if it names none."""
    wanted = token(text)
    for member in enum:
        if wanted == token(member.value) or (labels and wanted == token(labels[member])):
            return member
    return None


class Basis(StrEnum):
    """How we know an item: what the paper states, what some participants reported, or our own reading."""

    STATED = "stated"
    REPORTED = "reported"
    INFERRED = "inferred"
    ILLUSTRATIVE = "illustrative"  # invented for an illustrative area map; never in study data


BASIS_LABELS = {
    Basis.STATED: "Stated in the paper",
    Basis.REPORTED: "Reported by some participants",
    Basis.INFERRED: "Our reading (inferred)",
    Basis.ILLUSTRATIVE: "Invented for this illustrative area",
}

# How the evidence panel opens an item's account, by its basis.
BASIS_LEADS = {
    Basis.STATED: "The paper states…",
    Basis.REPORTED: "Some participants reported…",
    Basis.INFERRED: "Our reading, not stated in the paper…",
    Basis.ILLUSTRATIVE: "Invented for this illustrative area, not from the paper…",
}

# The bases the study synthesis may use: `illustrative` belongs to the invented area maps only.
STUDY_BASES = (Basis.STATED, Basis.REPORTED, Basis.INFERRED)


class Voice(StrEnum):
    """Whose view a piece of evidence records. The paper's interviewees are professionals; its survivor
    advisory group (the lived experience group) commented on the findings, and §7 reports its views."""

    PROFESSIONALS = "professionals"
    LIVED_EXPERIENCE = "lived_experience"


VOICE_LABELS = {
    Voice.PROFESSIONALS: "Professionals interviewed",
    Voice.LIVED_EXPERIENCE: "The lived experience group's view",
}


class BasisFilter(StrEnum):
    """What the map shows by basis: everything, or only what the paper states (`basis=stated` in the URL)."""

    ALL = "all"
    STATED = "stated"


BASIS_FILTER_LABELS = {
    BasisFilter.ALL: "Everything, marked by how we know it",
    BasisFilter.STATED: "Only what the paper states",
}
