"""How we know, on screen and in images: the panel's wording, the inferred mark, the stated-only filter
(in the URL), the legend and the caption."""

from __future__ import annotations

from explorer.data.catalog import load_catalog
from explorer.data.vocab import Basis, BasisFilter, Highlight
from explorer.outputs.images import render_svg
from explorer.service import MapService
from explorer.view.legend import legend_entries
from explorer.view.mapmodel import caption_for, describe
from explorer.view.state import ViewState, from_query, next_state

SERVICE = MapService(load_catalog())
STUDY = SERVICE.dataset("study")
IDS = SERVICE.dataset_ids()


def test_basis_filter_lives_in_the_url():
    state = from_query("?dataset=study&layer=C&basis=stated", IDS)
    assert state.basis is BasisFilter.STATED
    assert state.to_query() == "?dataset=study&layer=C&basis=stated"
    assert from_query("?basis=maybe", IDS).basis is BasisFilter.ALL
    assert "basis" not in ViewState().to_query()


def test_the_switch_sets_and_clears_the_filter():
    before = ViewState(layer="C")
    on = next_state(before, "basis", None, {"basis": "stated"}, IDS)
    assert on.basis is BasisFilter.STATED and on.layer == "C"
    off = next_state(on, "basis", None, {"basis": None}, IDS)
    assert off.basis is BasisFilter.ALL
    kept = next_state(on, "layer", None, {"layer": "B"}, IDS)  # another control leaves it alone
    assert kept.basis is BasisFilter.STATED


def test_stated_only_shows_only_what_the_paper_states():
    every = SERVICE.map_view(STUDY, ViewState(layer="C"))
    stated = SERVICE.map_view(STUDY, ViewState(layer="C", basis="stated"))
    assert {c.basis for c in every.visible_connections} > {Basis.STATED}
    assert stated.visible_connections and {c.basis for c in stated.visible_connections} == {Basis.STATED}
    assert {c.id for c in stated.visible_connections} == {
        c.id for c in every.visible_connections if c.basis is Basis.STATED
    }
    assert "falls_between_private" not in {e.id for e in stated.edges}
    assert "da_camhs_wall" in {e.id for e in stated.edges}


def test_inferred_links_carry_a_mark_that_is_not_colour():
    view = SERVICE.map_view(STUDY, ViewState(layer="C"))
    edges = {el["data"]["id"]: el for el in view.elements if "source" in el["data"]}
    inferred = edges["falls_between_private"]
    assert "basis-inferred" in inferred["classes"] and inferred["data"]["marker"] == "◇"
    assert edges["excl_mothers_adult_mh"]["data"]["marker"] == "excluded ◇"  # after the status marker
    assert "marker" not in edges["gp_refers_camhs"]["data"]
    assert "basis-stated" in edges["gp_refers_camhs"]["classes"]
    from explorer.view.styles import stylesheet

    rule = next(r for r in stylesheet(view.scale) if r["selector"] == "edge.basis-inferred")
    assert rule["style"]["label"] == "data(marker)"


def test_legend_explains_the_mark_only_when_it_is_on_screen():
    labels = [e.label for e in legend_entries(SERVICE.map_view(STUDY, ViewState(layer="C")))]
    assert any("Our reading, not stated in the paper" in label for label in labels)
    labels = [e.label for e in legend_entries(SERVICE.map_view(STUDY, ViewState(layer="C", basis="stated")))]
    assert not any("Our reading" in label for label in labels)


def test_panel_wording_follows_the_basis():
    assert describe(STUDY, "da_camhs_wall")["lead"] == "The paper states…"
    assert describe(STUDY, "da_attends_strategic")["lead"] == "Some participants reported…"
    inferred = describe(STUDY, "falls_between_private")
    assert inferred["lead"] == "Our reading, not stated in the paper…"
    assert not inferred["description"].startswith("Our reading"), "the lead says it once"
    assert describe(STUDY, "camhs")["basis_label"] == "Stated in the paper"
    lived = [e for e in describe(STUDY, "da_camhs_wall")["evidence"] if e["lived_experience"]]
    assert lived and "teenage boys" in lived[0]["passage"]
    north = SERVICE.dataset("north")
    assert describe(north, "schools_da")["lead"].startswith("Invented for this illustrative area")


def test_exported_image_marks_inferred_links_and_says_when_only_stated_are_shown():
    svg = render_svg(STUDY, ViewState(layer="C"), SERVICE)
    assert "◇" in svg and "Our reading, not stated in the paper (inferred)" in svg
    stated = render_svg(STUDY, ViewState(layer="C", basis="stated"), SERVICE)
    assert "◇" not in stated and "only what the paper states" in stated
    assert caption_for(STUDY, ViewState(basis="stated")).title.endswith("only what the paper states")
    assert "only what" not in caption_for(STUDY, ViewState(highlight=Highlight.GAPS)).title


def test_tensions_highlight_draws_a_line_between_the_two_sides():
    view = SERVICE.map_view(STUDY, ViewState(highlight="tensions"))
    assert view.tensions == ["safety_first", "cypmhs_role", "abusive_behaviour"]
    lines = {(e.source, e.target): e.marker for e in view.edges if e.tension}
    assert lines[("camhs", "da_services")] == "tension §6.1 · §6.2 · §6.3"
    assert lines[("camhs", "vcs_cypmhs")] == "tension §6.2"
    for tension in STUDY.tensions:  # every pair of opposite holders is joined
        for i, side in enumerate(tension.sides):
            for other in tension.sides[i + 1 :]:
                for a in side.holders:
                    for b in other.holders:
                        assert f"§{tension.section}" in lines[tuple(sorted((a, b)))]
    lit = {n.id for n in view.nodes if n.emphasis == "hl"}
    assert {h for t in STUDY.tensions for s in t.sides for h in s.holders} <= lit
    assert "parents_using_abuse" in lit, "the far end of a side's links is drawn too"
    labels = [e.label for e in legend_entries(view, "tensions")]
    assert any(label.startswith("Tension in perspectives (§6)") for label in labels)
    assert not any(e.tension for e in SERVICE.map_view(STUDY, ViewState()).edges)


def test_tensions_outside_the_view_are_not_drawn_but_listed():
    from explorer.view.highlights import tension_rows

    view = SERVICE.map_view(STUDY, ViewState(layer="B", highlight="tensions"))
    rows = tension_rows(STUDY, view.tensions)
    assert [r["title"][:4] for r in rows] == ["§6.1", "§6.2", "§6.3"]
    drawn = {r["id"] for r in rows if r["drawn"]}
    assert drawn == set(view.tensions)
    both = rows[1]["sides"]
    assert both[0]["lead"] == "The paper states…" and both[1]["lead"] == "Some participants reported…"
    assert any(e["quote"] == "we’re in the game of processing past trauma" for e in both[1]["evidence"])


def test_exported_image_draws_the_tensions():
    svg = render_svg(STUDY, ViewState(layer="C", highlight="tensions"), SERVICE)
    assert "tension §6.1 · §6.2 · §6.3" in svg and "Tension in perspectives (§6)" in svg


def test_the_panel_names_the_tensions_an_item_takes_part_in():
    camhs = describe(STUDY, "camhs")["tensions"]
    assert any(t.startswith("§6.2 ") and t.endswith(": Statutory CYPMHS") for t in camhs)
    assert describe(STUDY, "health_visitors")["tensions"] == []
    assert any(t.startswith("§6.3 ") for t in describe(STUDY, "camhs_parents_using_abuse")["tensions"])


def test_uploaded_csv_files_bring_basis_and_tensions_back():
    import io
    import zipfile

    from explorer.data.readers.loader import imported_meta, load_csv_files
    from explorer.data.writers import export_bytes

    _, data = export_bytes(STUDY, "csv")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {n.split("/")[-1]: archive.read(n) for n in archive.namelist() if n.endswith(".csv")}
    assert "tensions.csv" in files
    again = load_csv_files(files, imported_meta("study.csv"))
    assert [c.basis for c in again.connections] == [c.basis for c in STUDY.connections]
    assert again.tensions == STUDY.tensions


def test_missing_links_say_how_we_know_they_should_exist():
    from explorer.view.highlights import gap_rows

    view = SERVICE.map_view(STUDY, ViewState(highlight="gaps"))
    rows = {r["id"]: r for r in gap_rows(STUDY, view.visible_connections, view.computed_gaps)}
    assert rows["da_camhs_wall"]["basis"] == "Stated in the paper"
    assert rows["computed--mh_trust_attends_strategic"]["basis"] == "Stated in the paper"
    every = {r["id"]: r for r in gap_rows(STUDY, [], SERVICE.computed_gaps(STUDY))}
    assert every["computed--safelives_trains_camhs"]["basis"] == "Our reading (inferred)"
    assert every["computed--mh_clinicians_consult_da"]["basis"] == "Reported by some participants"
