import json

from explorer.cli import main
from explorer.data.readers.loader import load_path

CONNECTION_KEYS = {"id", "from", "to", "layer", "kind", "status", "basis", "evidence"}


def test_cli_export_matches_documented_schema(mini, tmp_path, capsys):
    out = tmp_path / "mini.json"
    assert main(["export", str(mini), "--format", "json", "-o", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert set(doc) == {"dataset", "elements", "connections", "tensions"}
    assert doc["dataset"]["provenance"] == "study"
    for connection in doc["connections"]:
        assert set(connection) >= CONNECTION_KEYS
        for evidence in connection["evidence"]:
            assert "section" in evidence
            allowed = {"section", "quote", "participant", "participant_sector", "source", "passage", "voice"}
            assert set(evidence) <= allowed
    assert {c["id"]: c["basis"] for c in doc["connections"]}["kids_da"] == "inferred"
    wall = next(c for c in doc["connections"] if c["id"] == "wall")
    assert wall["evidence"] == [
        {
            "section": "4.4.1",
            "quote": "very hit and miss with a lot of misses",
            "participant": "P24",
            "participant_sector": "domestic abuse",
        }
    ]


def test_export_to_stdout_reads_back(mini, tmp_path, capsys):
    assert main(["export", str(mini)]) == 0
    text = capsys.readouterr().out
    path = tmp_path / "again.json"
    path.write_text(text)
    again = load_path(path)
    assert again.get("wall").status.value == "gap"
