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


def test_export_can_leave_the_names_on_notes_out(mini, tmp_path, capsys, monkeypatch):
    from explorer.store import db, notes
    from explorer.store.auth import LOCAL

    url = f"sqlite:///{tmp_path / 'notes.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    notes.add_note(db.get_engine(url), LOCAL, "mini", "wall", "Nobody came", "Ruth Named")
    assert main(["export", str(mini), "--format", "kumu-json"]) == 0
    named = json.loads(capsys.readouterr().out)["notes"]
    assert [(n["Author"], n["Text"]) for n in named] == [("Ruth Named", "Nobody came")]
    assert main(["export", str(mini), "--format", "kumu-json", "--no-names"]) == 0
    text = capsys.readouterr().out
    assert "Ruth" not in text and json.loads(text)["notes"][0]["Author"] == "Anonymous"
