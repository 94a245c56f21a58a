"""Imported maps, kept as files every worker on the host can read.

An upload becomes a normalised JSON file in the imports folder, written atomically. Workers hold no copy of
their own beyond a cache keyed by file and modification time, so any worker serves any imported map.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import replace
from pathlib import Path

from explorer.data.model import Dataset
from explorer.data.readers.loader import load_json
from explorer.data.serialise import to_json
from explorer.store.auth import Actor, require_writer


class ImportStore:
    """Imported maps as files in one folder (shared by every worker on the host)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._cache: dict[str, tuple[float, Dataset]] = {}

    def save(self, dataset: Dataset, actor: Actor) -> str:
        """Keep an imported map; only facilitators may (the store checks, whatever the page shows)."""
        require_writer(actor)
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
        dataset = replace(load_json(data, path.name, meta))
        self._cache[dataset_id] = (mtime, dataset)
        return dataset
