"""Short labels: an element may carry a short label that the map and the images draw, while the panel, the
tables, search, screen readers and reports keep the full label. Read from CSV, XLSX and the foreign
formats, checked by the validator, written back by every export, used by the view model."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from explorer.data.catalog import load_catalog
from explorer.data.edits import set_fields
from explorer.data.problems import LoadError
from explorer.data.readers.loader import load_bytes, load_folder
from explorer.data.rows import MAX_SHORT_LABEL_CHARS
from explorer.data.writers import export_bytes
from explorer.service import MapService
from explorer.view.mapmodel import describe
from explorer.view.page import table_rows
from explorer.view.pickers import element_choices
from explorer.view.sizing import longest_label
from explorer.view.state import ViewState
from tests.conftest import MINI_ELEMENTS, write_mini

SHORT = "DA services"


def _mini_with_short(folder: Path, short: str = SHORT) -> Path:
    """The mini dataset with a Short label column; only 'Domestic abuse services' (row 2) has one."""
    rows = [MINI_ELEMENTS[0] + ["Short label"]]
    rows += [row + ([short] if row[4] == "da" else [""]) for row in MINI_ELEMENTS[1:]]
    return write_mini(folder, elements=rows)


def _load(folder: Path):
    return load_folder(folder)


# Readers


def test_the_csv_reader_reads_a_short_label_and_leaves_others_empty(tmp_path):
    d = _load(_mini_with_short(tmp_path / "mini"))
    assert d.element("da").short_label == SHORT and d.element("da").map_label == SHORT
    assert d.element("da").label == "Domestic abuse services"
    assert d.element("camhs").short_label == "" and d.element("camhs").map_label == "Statutory CAMHS"


def test_a_folder_without_the_column_still_loads(mini):
    assert all(e.short_label == "" for e in load_folder(mini).elements)


def test_kumu_spreadsheet_and_foreign_graphml_read_our_short_label_field():
    kumu = "Label,Type,Short label\nParents/children between primary and secondary MH thresholds,group,Between MH thresholds\n"
    d = load_bytes("kumu.csv", kumu.encode())
    assert d.elements[0].short_label == "Between MH thresholds"
    assert d.elements[0].attributes == ()  # read as ours, not kept as a file attribute
    graphml = (
        '<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<key id="d0" for="node" attr.name="label" attr.type="string"/>'
        '<key id="d1" for="node" attr.name="short_label" attr.type="string"/>'
        '<graph edgedefault="directed"><node id="a"><data key="d0">Local authority commissioners</data>'
        '<data key="d1">LA commissioners</data></node></graph></graphml>'
    )
    d = load_bytes("yed.graphml", graphml.encode())
    assert d.element("a").short_label == "LA commissioners" and d.element("a").attributes == ()


# Validator


def test_a_short_label_over_the_limit_is_reported_by_file_row_and_column(tmp_path):
    folder = _mini_with_short(tmp_path / "mini", "x" * (MAX_SHORT_LABEL_CHARS + 1))
    with pytest.raises(LoadError) as caught:
        _load(folder)
    [problem] = caught.value.problems
    assert problem.path.endswith("elements.csv") and problem.row == 2 and problem.column == "Short label"
    assert f"at most {MAX_SHORT_LABEL_CHARS}" in problem.message


def test_a_short_label_longer_than_its_label_is_reported(tmp_path):
    rows = [[*MINI_ELEMENTS[0], "Short label"]] + [[*r, ""] for r in MINI_ELEMENTS[1:]]
    rows[2][-1] = "Child and adolescent MH"  # longer than "Statutory CAMHS", within the limit
    folder = write_mini(tmp_path / "mini", elements=rows)
    with pytest.raises(LoadError) as caught:
        _load(folder)
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (3, "Short label")
    assert "longer than its label 'Statutory CAMHS'" in problem.message


def test_a_short_label_with_an_invisible_character_is_refused(tmp_path):
    with pytest.raises(LoadError, match="U\\+202E"):
        _load(_mini_with_short(tmp_path / "mini", "DA\u202eservices"))


def test_the_shipped_maps_draw_short_labels_only_for_long_labels():
    catalog = load_catalog()
    every = [*catalog.datasets.values(), catalog.reference]
    shortened = [e for d in every for e in d.elements if e.short_label]
    assert shortened, "the shipped maps abbreviate their long labels"
    assert all(len(e.map_label) <= MAX_SHORT_LABEL_CHARS + 2 for d in every for e in d.elements)
    assert all(len(e.label) > MAX_SHORT_LABEL_CHARS for e in shortened)
    # One element, one short label, in every area.
    seen: dict[str, str] = {}
    for e in (e for d in every for e in d.elements):
        assert seen.setdefault(e.id, e.short_label) == e.short_label


# Writers: every export carries it, every loadable one reads it back


@pytest.mark.parametrize("fmt", ["json", "kumu-json", "csv", "xlsx", "graphml", "gexf"])
def test_every_export_round_trips_the_short_label(tmp_path, fmt):
    original = _load(_mini_with_short(tmp_path / "mini"))
    name, data = export_bytes(original, fmt)
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.extractall(tmp_path / "unzipped")
        back = load_folder(tmp_path / "unzipped" / original.id)
    else:
        back = load_bytes(name, data)
    assert back.element("da").short_label == SHORT
    assert back.element("camhs").short_label == ""
    assert back.element("da").label == "Domestic abuse services"


def test_exports_of_maps_without_short_labels_do_not_name_the_field(mini):
    d = load_folder(mini)
    assert "short" not in export_bytes(d, "json")[1].decode().lower()
    assert "short" not in export_bytes(d, "graphml")[1].decode().lower()
    assert all("short label" not in e for e in json.loads(export_bytes(d, "kumu-json")[1])["elements"])


# View model: the map draws the short label; the panel, tables, search and screen readers get the full one


@pytest.fixture(scope="module")
def service():
    return MapService(load_catalog())


def test_the_map_draws_the_short_label_and_names_the_full_one(service):
    study = service.dataset("study")
    view = service.map_view(study, ViewState(dataset="study", layer="C"))
    node = next(n for n in view.nodes if n.id == "between_thresholds")
    full = study.element("between_thresholds").label
    assert node.label == "Between MH thresholds" and node.name == full
    data = next(e["data"] for e in view.elements if e["data"]["id"] == "between_thresholds")
    assert data["label"] == "Between MH thresholds" and data["name"] == full
    plain = next(e["data"] for e in view.elements if e["data"]["id"] == "schools")
    assert "name" not in plain  # no short label: the drawn label is the name
    # The sizes are planned for the drawn labels.
    placed = dict((label, place) for label, place in service.placed(study, "C"))
    assert "Between MH thresholds" in placed and full not in placed
    assert longest_label([study]) == max(len(e.map_label) for e in study.elements) < len(full)


def test_the_panel_tables_and_search_keep_the_full_label(service):
    study = service.dataset("study")
    full = study.element("between_thresholds").label
    assert describe(study, "between_thresholds")["title"] == full
    view = service.map_view(study, ViewState(dataset="study", layer="C"))
    elements, _links = table_rows(view)
    assert full in {r["Label"] for r in elements}
    assert "Between MH thresholds" not in {r["Label"] for r in elements}
    options = element_choices(study, "between MH")  # what the room reads on the map finds it
    assert options[0] == {"label": full, "value": "between_thresholds"}
    assert {"label": full, "value": "between_thresholds"} in service.element_options()


def test_the_diff_view_draws_short_labels_too(service):
    state = ViewState(dataset="london", compare="north", mode="diff", layer="C")
    view = service.diff_view(service.dataset("london"), service.dataset("north"), state).map
    node = next(n for n in view.nodes if n.id == "mothers_high_needs")
    assert node.label == "Mothers with high needs" and node.name.startswith("Mothers with high needs who")


def test_renaming_an_element_drops_its_short_label():
    study = load_catalog().datasets["study"]
    edited, _ = set_fields(study, "between_thresholds", {"label": "Children between MH services"})
    assert edited.element("between_thresholds").short_label == ""
    assert edited.element("between_thresholds").map_label == "Children between MH services"
    kept, _ = set_fields(study, "between_thresholds", {"description": "Changed."})
    assert kept.element("between_thresholds").short_label == "Between MH thresholds"
