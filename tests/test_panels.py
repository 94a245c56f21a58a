"""The side panels built as Dash components, checked without a browser: what a reader is told, in words."""

from __future__ import annotations

from explorer.data.catalog import load_catalog
from explorer.data.vocab import Basis, Status
from explorer.service import MapService
from explorer.view.highlights import attendance_summary, gap_rows
from explorer.view.mapmodel import describe
from explorer.view.state import ViewState
from explorer.web import panels

SERVICE = MapService(load_catalog())
STUDY = SERVICE.dataset("study")


def text(node) -> str:
    """Every string under a component tree, in reading order."""
    if node is None:
        return ""
    if isinstance(node, str | int | float):
        return str(node)
    if isinstance(node, list | tuple):
        return " ".join(text(n) for n in node)
    return text(getattr(node, "children", None))


def test_evidence_opens_with_how_we_know_it():
    for basis, lead in (
        (Basis.STATED, "The paper states…"),
        (Basis.REPORTED, "Some participants reported…"),
        (Basis.INFERRED, "Our reading, not stated in the paper…"),
    ):
        item = next(c for c in STUDY.connections if c.basis is basis and c.description)
        shown = text(panels.evidence(describe(STUDY, item.id)))
        assert lead in shown, (basis, shown[:200])
        assert shown.index(lead) < shown.index("Evidence")  # the account comes before the quotes
        assert (
            item.description[-40:] in shown
        )  # the panel drops a leading "Our reading:" the lead already says
    assert "Tap a service" in text(panels.evidence(None))


def test_the_gaps_panel_lists_every_recorded_gap_in_view():
    view = SERVICE.map_view(STUDY, ViewState(layer="C", highlight="gaps"))
    rows = gap_rows(STUDY, view.visible_connections, view.computed_gaps)
    shown = text(panels.gaps(rows))
    gaps = [c for c in view.visible_connections if c.status is Status.GAP]
    assert gaps
    for gap in gaps:
        assert STUDY.element(gap.source).label in shown and STUDY.element(gap.target).label in shown


def test_the_attendance_panel_counts_each_status():
    view = SERVICE.map_view(STUDY, ViewState(layer="B", highlight="attendance"))
    shown = text(panels.attendance(attendance_summary(STUDY, view.visible_connections)))
    absent = sum(1 for c in view.visible_connections if c.status is Status.INVITED_NOT_ATTENDING)
    assert f"Invited, does not attend: {absent}" in shown


def test_the_banner_never_lets_an_illustrative_map_pass_as_the_study():
    north = SERVICE.dataset("north")
    assert "ILLUSTRATIVE" not in text(panels.banner(STUDY))
    assert "ILLUSTRATIVE area map — not a study finding" in text(panels.banner(north))
    side = text(panels.banner(STUDY, north))
    assert north.name in side and "ILLUSTRATIVE" in side and STUDY.name not in side.split(":")[0]
