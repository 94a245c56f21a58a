"""Maps people bring in: parsed from uploads, labelled `imported`, kept as files every worker can read.

An upload becomes a normalised JSON file in the imports folder, written atomically. Workers hold no copy of
their own beyond a cache keyed by file and modification time, so any worker serves any imported map.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import tempfile
from dataclasses import replace
from pathlib import Path

from explorer.export import to_json
from explorer.loader import imported_meta, load_bytes, load_csv_files, load_json
from explorer.model import Dataset
from explorer.problems import LoadError, Problem
from explorer.vocab import Provenance

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SINGLE_FILE_TYPES = (".xlsx", ".json", ".graphml", ".xml")


def parse_upload(filenames: list[str], contents: list[str]) -> Dataset:
    """A dataset from what dcc.Upload sends (names and base64 data URLs), or LoadError with every problem.

    One .xlsx, Kumu .json or .graphml file; or the CSV files of a dataset folder together.
    """
    if not filenames:
        raise LoadError([Problem("upload", None, None, "no file received")])
    files: dict[str, bytes] = {}
    for name, content in zip(filenames, contents, strict=True):
        files[name] = _decode_data_url(name, content)
    total = sum(len(b) for b in files.values())
    if total > MAX_UPLOAD_BYTES:
        raise LoadError([Problem("upload", None, None, f"{total} bytes; at most {MAX_UPLOAD_BYTES}")])
    csvs = [n for n in files if n.lower().endswith(".csv") or n.lower() == "dataset.json"]
    label = " + ".join(sorted(files))
    if len(files) == 1 and Path(filenames[0]).suffix.lower() in SINGLE_FILE_TYPES:
        name = filenames[0]
        dataset = load_bytes(name, files[name], meta=imported_meta(name))
    elif csvs and len(csvs) == len(files):
        stem = Path(label).stem if len(files) == 1 else "imported-csv"
        dataset = load_csv_files(files, imported_meta(stem + ".csv") | {"source": label})
    else:
        raise LoadError(
            [Problem(label, None, None, "upload one .xlsx, .json (Kumu) or .graphml file, or the CSV files "
                     "of a dataset folder (elements.csv, connections.csv, evidence.csv) together")]
        )  # fmt: skip
    return as_imported(dataset, label, files)


def as_imported(dataset: Dataset, source: str, files: dict[str, bytes]) -> Dataset:
    """Labelled imported, named after its file, with an id that cannot collide with shipped maps."""
    digest = hashlib.sha256(b"".join(files[k] for k in sorted(files))).hexdigest()[:8]
    base = dataset.id if dataset.provenance is Provenance.IMPORTED else f"{dataset.id}"
    return replace(
        dataset,
        id=f"imported-{base}-{digest}"[:100],
        name=f"{dataset.name} (imported)" if "(imported)" not in dataset.name else dataset.name,
        provenance=Provenance.IMPORTED,
        source=source,
        _index={},
    )


def _decode_data_url(name: str, content: str) -> bytes:
    try:
        _, _, payload = (content or "").partition(",")
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise LoadError([Problem(name, None, None, "the upload arrived damaged; try again")]) from None


class ImportStore:
    """Imported maps as files in one folder (shared by every worker on the host)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._cache: dict[str, tuple[float, Dataset]] = {}

    def save(self, dataset: Dataset) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{dataset.id}.json"
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(to_json(dataset))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)  # atomic: a reader sees the old file or the whole new one
        return dataset.id

    def ids(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("imported-*.json"))

    def get(self, dataset_id: str) -> Dataset | None:
        path = self.folder / f"{dataset_id}.json"
        if not dataset_id.startswith("imported-") or "/" in dataset_id or not path.is_file():
            return None
        mtime = path.stat().st_mtime
        cached = self._cache.get(dataset_id)
        if cached and cached[0] == mtime:
            return cached[1]
        data = path.read_bytes()
        meta = json.loads(data).get("dataset", {})
        dataset = replace(load_json(data, path.name, meta), _index={})
        self._cache[dataset_id] = (mtime, dataset)
        return dataset
