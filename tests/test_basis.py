"""How we know: every study item's basis, the rule that holds a `stated` item to its section's words,
the tensions of §6, the lived experience group's views, and the re-read's fixes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from explorer.analysis.reference import computed_gaps
from explorer.data.catalog import DEFAULT_DATA_DIR, load_catalog
from explorer.data.problems import LoadError
from explorer.data.readers.loader import load_folder
from explorer.data.vocab import STUDY_BASES, Basis, Kind, Provenance, Status, Voice
from tests.conftest import MINI_CONNECTIONS, MINI_ELEMENTS, SEEDS, write_mini
from tests.test_study_data import PAPER, seed_text

CATALOG = load_catalog()
STUDY = CATALOG.datasets["study"]
AREAS = [d for d in CATALOG.datasets.values() if d.provenance is Provenance.ILLUSTRATIVE]
HEADING = re.compile(r"^#{0,6}[ \t]*(\d+(?:\.\d+)*)\.[ \t]+\S", re.M)


def paper_sections(text: str) -> dict[str, str]:
    """Each numbered section's text, heading included, up to the next heading that is not inside it
    (so §4.4 holds §4.4.1 and §4.4.2, and §7 holds §7.1 and §7.2)."""
    heads = [(m.group(1), m.start()) for m in HEADING.finditer(text)]
    out: dict[str, str] = {}
    for i, (number, start) in enumerate(heads):
        end = next((s for n, s in heads[i + 1 :] if not f"{n}.".startswith(f"{number}.")), len(text))
        out.setdefault(number, text[start:end])
    return out


def test_the_section_splitter_finds_the_papers_structure():
    sections = paper_sections(seed_text(PAPER))
    assert {"1", "4.1.1", "4.3.1", "4.4.1", "5.1", "5.5", "6.1", "6.2", "6.3", "7", "7.2", "8"} <= set(
        sections
    )
    assert "4.4.2. Support from the wider network" in sections["4.4"]
    assert "4.3.1. Local area strategic groups" not in sections["4.4"]
    assert "7.2. Implications" in sections["7"] and "8. Conclusion" not in sections["7"]


def _items(dataset):
    sides = [side for t in dataset.tensions for side in t.sides]
    return [*dataset.elements, *dataset.connections, *sides]


def test_every_study_item_says_how_we_know():
    assert all(c.basis in STUDY_BASES for c in STUDY.connections)
    assert all(e.basis in STUDY_BASES for e in STUDY.elements)
    assert all(side.basis in STUDY_BASES for t in STUDY.tensions for side in t.sides)
    used = {c.basis for c in STUDY.connections}
    assert used == set(STUDY_BASES), "the re-read found stated, reported and inferred links"


@pytest.mark.parametrize("dataset", AREAS, ids=lambda d: d.id)
def test_illustrative_areas_carry_a_basis_and_mark_their_inventions(dataset):
    differences = (DEFAULT_DATA_DIR / dataset.id / "DIFFERENCES.md").read_text(encoding="utf-8")
    for item in (*dataset.elements, *dataset.connections):
        assert item.basis is not None, item.id
        invented = item.description.startswith("Illustrative:")
        assert invented == (item.basis is Basis.ILLUSTRATIVE), item.id
        if invented:
            assert f"`{item.id}`" in differences, f"{item.id} is invented but DIFFERENCES.md does not list it"
        else:
            original = STUDY.get(item.id)
            assert original is not None and original.basis is item.basis, item.id
    assert dataset.name.startswith("Illustrative") and "not one of the study sites" in dataset.area


def test_every_stated_item_holds_a_quote_or_passage_of_its_section():
    """The checkable rule for `stated`: a paper evidence row whose quote or passage is verbatim in the
    text of the very section it cites. A talk slide, or a section that does not hold the words, is not
    enough."""
    sections = paper_sections(seed_text(PAPER))
    stated = [item for item in _items(STUDY) if item.basis is Basis.STATED]
    assert len(stated) > 60
    unsupported = []
    for item in stated:
        held = [
            e
            for e in item.evidence
            if e.source == "paper"
            and e.section in sections
            and any(text and text in sections[e.section] for text in (e.quote, e.passage))
        ]
        if not held:
            unsupported.append(item.id)
    assert unsupported == []


def test_every_reference_link_says_how_we_know_and_stated_ones_hold_their_words():
    sections = paper_sections(seed_text(PAPER))
    links = CATALOG.reference.connections
    assert all(c.basis in STUDY_BASES for c in links)
    stated = [c for c in links if c.basis is Basis.STATED]
    held = [
        c
        for c in stated
        if any(e.source == "paper" and e.quote and e.quote in sections.get(e.section, "") for e in c.evidence)
    ]
    assert stated and held == stated


@pytest.mark.parametrize("dataset", [STUDY, *AREAS], ids=lambda d: d.id)
def test_every_passage_is_verbatim_in_its_section(dataset):
    sections = paper_sections(seed_text(PAPER))
    owners = [*_items(dataset), *dataset.tensions]
    passages = [(o.id, e) for o in owners for e in o.evidence if e.passage and e.source == "paper"]
    assert passages
    assert [(i, e.section) for i, e in passages if e.passage not in sections.get(e.section, "")] == []


def test_tension_quotes_are_verbatim():
    text = seed_text(PAPER)
    quotes = [e.quote for t in STUDY.tensions for s in t.sides for e in s.evidence if e.quote]
    assert len(quotes) >= 5 and all(q in text for q in quotes)


def test_the_three_tensions_of_section_6_each_show_both_sides():
    assert [t.section for t in STUDY.tensions] == ["6.1", "6.2", "6.3"]
    for tension in STUDY.tensions:
        assert len(tension.sides) >= 2 and tension.summary
        for side in tension.sides:
            assert side.who and side.position and side.holders
            assert any(e.quote for e in side.evidence) or any(e.passage for e in side.evidence)
            assert {STUDY.element(h).id for h in side.holders}
        assert all(STUDY.get(i) is not None for i in tension.item_ids)
    safety = STUDY.tensions[0]
    assert "safety first" in safety.title.lower()
    assert all(any(e.quote for e in side.evidence) for side in safety.sides), "both sides are quoted"
    role = STUDY.tensions[1]
    holders = [set(side.holders) for side in role.sides]
    assert {"da_services", "vcs_cypmhs"} in holders and {"camhs"} in holders


def test_the_lived_experience_groups_views_are_marked_as_theirs():
    owners = [*STUDY.elements, *STUDY.connections, *STUDY.tensions]
    views = [(o.id, e) for o in owners for e in o.evidence if e.voice is Voice.LIVED_EXPERIENCE]
    assert {i for i, _ in views} >= {"da_camhs_wall", "camhs", "cypmhs_role"}
    for _, e in views:
        assert e.participant is None, "a group's view is not a participant's words"
        assert "lived experience group" in (e.passage or "").lower()
        assert e.section.startswith("7")
    assert "lived experience group" in STUDY.get("da_camhs_wall").evidence[-1].citation().lower()


# The four examples of issue 13


def test_children_with_ongoing_abuse_are_not_drawn_as_served():
    routes = [c for c in STUDY.connections if c.source == "children_ongoing_da" and c.kind is Kind.FALLS_TO]
    assert routes and all(c.status is not Status.PRESENT for c in routes)
    vcs = STUDY.get("falls_ongoing_da_vcs")
    assert vcs.basis is Basis.REPORTED and "5.1" in {e.section for e in vcs.evidence}


def test_da_services_are_not_drawn_as_attending_strategic_groups():
    link = STUDY.get("da_attends_strategic")
    assert link.status is Status.NOT_INVITED and link.basis is Basis.REPORTED
    assert any("not being invited" in (e.passage or "") for e in link.evidence)


def test_iris_is_not_a_study_area_link_and_counts_as_missing_against_the_reference():
    assert STUDY.get("iris") is None and STUDY.get("iris_gp") is None
    gaps = {g.reference_id: g for g in computed_gaps(STUDY, CATALOG.reference)}
    assert gaps["iris_gp"].state == "missing" and not gaps["iris_gp"].source_in_dataset


def test_safety_first_tension_is_present():
    assert any(t.section == "6.1" for t in STUDY.tensions)


def test_collective_impacts_stay_collective_and_routes_say_only_what_the_paper_says():
    for c in STUDY.connections:
        if c.kind is Kind.EXCLUDES and "5.5" in c.impact:
            assert "together, not group by group" in c.impact, c.id
        if c.kind is Kind.FALLS_TO:
            sections = {e.section for e in c.evidence if e.source == "paper"}
            if sections <= {"5.5", "4.4.1"}:  # §5.5's collective list, or early help's definition
                assert c.basis is Basis.INFERRED, c.id
                assert c.description.startswith("Our reading"), c.id


def test_the_note_records_the_modelling_calls():
    note = STUDY.note
    assert "HOW WE KNOW" in note and "MODELLING CALLS" in note
    inferred = [c for c in STUDY.connections if c.basis is Basis.INFERRED]
    assert inferred and "IRIS is not drawn" in note


# The validator


def _without_basis(table, row):
    out = [list(r) for r in table]
    out[row][out[0].index("Basis")] = ""
    return out


def test_study_data_without_a_basis_is_refused_with_file_row_column(tmp_path):
    folder = write_mini(tmp_path / "mini", connections=_without_basis(MINI_CONNECTIONS, 2))
    with pytest.raises(LoadError) as caught:
        load_folder(folder)
    [problem] = caught.value.problems
    assert str(problem).endswith(
        "connections.csv:3:Basis: empty; study data says how we know every item: "
        "one of stated, reported, inferred"
    )


def test_study_data_without_a_basis_column_is_refused(tmp_path):
    elements = [row[:-1] for row in MINI_ELEMENTS]
    with pytest.raises(LoadError) as caught:
        load_folder(write_mini(tmp_path / "mini", elements=elements))
    assert [str(p).split("mini/")[-1] for p in caught.value.problems] == [
        "elements.csv:1:Basis: required column is missing"
    ]


def test_the_study_cannot_call_an_item_illustrative(tmp_path):
    elements = [list(r) for r in MINI_ELEMENTS]
    elements[1][-1] = "illustrative"
    with pytest.raises(LoadError) as caught:
        load_folder(write_mini(tmp_path / "mini", elements=elements))
    assert "elements.csv:2:Basis: unknown value 'illustrative'" in str(caught.value.problems[0])


def test_an_imported_map_may_leave_basis_blank(tmp_path):
    meta = {"id": "mini", "name": "Mini", "area": "x", "provenance": "imported"}
    elements = [row[:-1] for row in MINI_ELEMENTS]
    connections = [row[:-1] for row in MINI_CONNECTIONS]
    d = load_folder(write_mini(tmp_path / "mini", meta=meta, elements=elements, connections=connections))
    assert {c.basis for c in d.connections} == {None}


def _tensions_csv(folder: Path, rows: list[list[str]]) -> None:
    header = [
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
    ]
    from tests.conftest import write_csv

    write_csv(folder / "tensions.csv", [header, *rows])


def test_tension_problems_name_file_row_and_column(tmp_path):
    folder = write_mini(tmp_path / "mini")
    _tensions_csv(
        folder,
        [
            ["t1", "6.2", "Role", "", "t1_a", "DA staff", "da", "trauma", "wall", "stated"],
            ["t1", "6.3", "Role", "", "t1_b", "CAMHS", "nobody", "past", "", ""],
            ["t2", "6.1", "Alone", "", "t2_a", "Some", "da", "x", "ghost", "stated"],
        ],
    )
    with pytest.raises(LoadError) as caught:
        load_folder(folder)
    found = {str(p).split("mini/")[-1] for p in caught.value.problems}
    assert found == {
        "tensions.csv:3:Section: differs from the first row of tension 't1' (row 2)",
        "tensions.csv:3:Holders: no element with id 'nobody'",
        "tensions.csv:3:Basis: empty; study data says how we know every item: one of stated, reported, inferred",
        "tensions.csv:4:Items: no element or connection with id 'ghost'",
        "tensions.csv:4:Side: tension 't2' needs at least two sides",
        "tensions.csv:3:Side: study item 't1_b' has no evidence",
        "tensions.csv:2:Tension: study item 't1' has no evidence",
        "tensions.csv:2:Side: study item 't1_a' has no evidence",
        "tensions.csv:4:Tension: study item 't2' has no evidence",
        "tensions.csv:4:Side: study item 't2_a' has no evidence",
    }


def test_the_shipped_tensions_file_is_documented():
    doc = (Path(__file__).resolve().parent.parent / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert "## tensions.csv" in doc and "`Basis`" in doc and "`Passage`" in doc and "`Voice`" in doc
    raw = json.loads((DEFAULT_DATA_DIR / "study" / "dataset.json").read_text(encoding="utf-8"))
    assert raw["provenance"] == "study" and SEEDS.name == "seeds"


# Every export carries the basis, and every import reads it back


@pytest.mark.parametrize("fmt", ("json", "kumu-json", "csv", "xlsx", "graphml"))
def test_the_study_round_trips_with_basis_passages_voices_and_tensions(tmp_path, fmt):
    from explorer.data.serialise import dataset_dict
    from tests.test_formats import _reload

    again = _reload(STUDY, fmt, tmp_path)
    before, after = dataset_dict(STUDY), dataset_dict(again)
    for key in ("elements", "connections", "tensions"):
        assert after[key] == before[key], key
    assert {c.basis for c in again.connections} == set(STUDY_BASES)
    assert again.tensions == STUDY.tensions


def test_gexf_carries_basis_and_tensions():
    import io

    import networkx as nx

    from explorer.data.writers import export_bytes

    _, data = export_bytes(STUDY, "gexf")
    graph = nx.read_gexf(io.BytesIO(data))
    edges = {attrs["id"]: attrs for _, _, attrs in graph.edges(data=True)}
    assert {c.id: c.basis.value for c in STUDY.connections} == {k: v["basis"] for k, v in edges.items()}
    assert graph.nodes["camhs"]["basis"] == "stated"
    text = data.decode("utf-8")
    assert "Tensions in perspectives:" in text and "§6.1 The problem with 'safety first'" in text
    assert "Statutory CYPMHS [reported]" in text


def test_csv_export_has_basis_columns_and_a_tensions_file():
    import csv
    import io
    import zipfile

    from explorer.data.writers import export_bytes

    _, data = export_bytes(STUDY, "csv")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        read = {n.split("/")[-1]: archive.read(n).decode("utf-8-sig") for n in archive.namelist()}
    connections = list(csv.DictReader(io.StringIO(read["connections.csv"])))
    assert {r["Id"]: r["Basis"] for r in connections}["da_attends_strategic"] == "reported"
    tensions = list(csv.DictReader(io.StringIO(read["tensions.csv"])))
    assert {r["Tension"] for r in tensions} == {"safety_first", "cypmhs_role", "abusive_behaviour"}
