"""Real published files from Kumu, Gephi, yEd, Network Canvas and PRSM load with their own counts and labels.

The files are the tools' own samples (tests/fixtures/foreign/SOURCES.md names each one's repository, path,
commit and licence). Those whose licence allows redistribution (the Gephi, yEd and PRSM samples) are committed
under tests/fixtures/foreign/real/, and a missing one fails the test. Kumu's and Network Canvas's samples are
published without a licence, so they are not committed: point `EXPLORER_FOREIGN_SAMPLES` at a folder holding
them (kumu/, graphml/); by default it is `shared/foreign` beside the checkout, as the study text is
`shared/seeds`. Without them only those tests skip. The counts below were read from the files themselves
(JSON list lengths, XML element counts, spreadsheet rows), not from this app.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from explorer.data.problems import LoadError
from explorer.data.readers.loader import load_with_report

REPO = Path(__file__).resolve().parent.parent
SAMPLES = Path(os.environ.get("EXPLORER_FOREIGN_SAMPLES", REPO.parent / "shared" / "foreign"))
COMMITTED = REPO / "tests" / "fixtures" / "foreign" / "real"
# Published without a licence: read from SAMPLES, never committed (see SOURCES.md).
UNLICENSED = ("kumu/", "graphml/networkcanvas-")

# file -> (elements, connections, labels that must be among the elements')
REAL = {
    "kumu/snap-to-tutorial-project.json": (51, 113, {"New York", "Rhode Island", "California"}),
    "kumu/kumu-changelabs-template.json": (10, 11, {"Interviewee C", "Stakeholder A", "Phenomenon B"}),
    "kumu/kumu-omidyarnetwork-us-financial-inclusion-BACKUP.json": (230, 232, {"Incentives to innovate"}),
    "kumu/paypal-mafia.xlsx": (34, 49, {"Roelof Botha", "PayPal", "Peter Thiel"}),
    "kumu/snap-to-tutorial-data.xlsx": (51, 113, {"Michigan", "Ohio", "West Virginia"}),
    "gexf/lesmis.gexf": (77, 254, {"Valjean", "Gavroche", "Javert", "Myriel"}),
    "gexf/quakers.gexf": (119, 174, {"Joseph Wyeth", "James Logan", "George Fox"}),
    "gexf/gexf-primer-1.2draft-simple.gexf": (2, 1, {"Hello", "Word"}),
    "gexf/gexf-primer-1.3-simple.gexf": (2, 1, {"Hello", "Word"}),
    "graphml/yed-ldbc-schema-many-to-many.graphml": (4, 6, {"Tag", "Message", "Person", "Forum"}),
    "graphml/yed-ldbc-schema-comfortable.graphml": (27, 27, {"Comment", "Post", "Person", "Forum"}),
    "graphml/yed-ldbc-formats.graphml": (6, 4, {"CsvRaw"}),
    "graphml/networkcanvas-minimal.graphml": (2, 1, {"Joshua", "Michael"}),
    "prsm/PathsExample.prsm": (10, 13, {"0", "9"}),
    "prsm/clusterexamplemap.prsm": (6, 7, {"Climate change", "Drought", "Flooding"}),
    "prsm/User manual examples.prsm": (2, 1, {"A factor", "Another factor"}),
    "prsm/examplemapforusermanual.prsm": (2, 1, {"A factor", "Another factor"}),
    "prsm/npctheoryofchange191.prsm": (22, 30, set()),
    "prsm/supplychainandlogisticssystem191.prsm": (16, 26, {"Extent of SC&L being audited"}),
}


def _sample(relative: str) -> Path:
    """A committed sample (it must be there), or an unlicensed one from SAMPLES (skipped without it)."""
    if not relative.startswith(UNLICENSED):
        path = COMMITTED / relative
        assert path.is_file(), f"{path} is missing; it is committed (tests/fixtures/foreign/SOURCES.md)"
        return path
    path = SAMPLES / relative
    if not path.is_file():
        pytest.skip(
            f"{path} not present (set EXPLORER_FOREIGN_SAMPLES; see tests/fixtures/foreign/SOURCES.md)"
        )
    return path


def test_every_committed_sample_is_tested():
    """A file added under real/ without counts here would be shipped untested."""
    committed = {str(p.relative_to(COMMITTED)) for p in COMMITTED.rglob("*") if p.is_file()}
    assert committed == {r for r in REAL if not r.startswith(UNLICENSED)}


@pytest.mark.parametrize("relative", sorted(REAL))
def test_a_real_file_loads_with_its_own_counts_and_labels(relative):
    path = _sample(relative)
    elements, connections, labels = REAL[relative]
    dataset, report = load_with_report(path.name, path.read_bytes())
    assert (len(dataset.elements), len(dataset.connections)) == (elements, connections)
    shown = {e.label for e in dataset.elements}
    assert labels <= shown, labels - shown
    assert report is not None and (report.elements, report.connections) == (elements, connections)


def test_the_real_damaged_kumu_workbook_gets_one_clear_message():
    """Kumu's docs repository holds an .xlsx whose zip directory is broken."""
    path = _sample("kumu/overview-of-the-euro-crisis.xlsx")
    with pytest.raises(LoadError) as caught:
        load_with_report(path.name, path.read_bytes())
    assert [str(p) for p in caught.value.problems] == [
        "overview-of-the-euro-crisis.xlsx::: not an XLSX workbook"
    ]


def test_real_positions_and_attributes_come_through():
    lesmis, _ = load_with_report("l.gexf", _sample("gexf/lesmis.gexf").read_bytes())
    assert len(lesmis.positions) == 77
    assert "Modularity Class" in dict(lesmis.elements[0].attributes)
    yed, _ = load_with_report(
        "y.graphml", _sample("graphml/yed-ldbc-schema-many-to-many.graphml").read_bytes()
    )
    assert {dict(c.attributes).get("label") for c in yed.connections} >= {"likes", "knows", "hasMember"}


def test_real_kumu_positions_and_attributes_come_through():
    kumu, _ = load_with_report("p.json", _sample("kumu/snap-to-tutorial-project.json").read_bytes())
    assert len(kumu.positions) == 51
    new_york = next(e for e in kumu.elements if e.label == "New York")
    assert dict(new_york.attributes)["region"] == "Northeast"
