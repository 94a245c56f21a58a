"""Maps people bring in: parsed from what an upload sends, checked whole, and labelled `imported`.

Storing them is `explorer.store.imported_maps`; this module only turns bytes into a Dataset or a LoadError.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import replace
from pathlib import Path

from explorer.data.model import Dataset
from explorer.data.problems import LoadError, Problem
from explorer.data.readers.foreign import ImportReport
from explorer.data.readers.loader import imported_meta, load_csv_files, load_with_report
from explorer.data.vocab import Provenance

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SINGLE_FILE_TYPES = (".xlsx", ".json", ".graphml", ".xml", ".gexf", ".prsm", ".csv")
FOLDER_CSVS = {"elements.csv", "connections.csv"}
PREFIX = "imported-"
ID_MAX = 100  # the length of an id (ID_PATTERN) and of the dataset columns in the store
DIGEST_CHARS = 16


def parse_upload(filenames: list[str], contents: list[str], mapping: dict | None = None) -> Dataset:
    """A dataset from what dcc.Upload sends (names and base64 data URLs), or LoadError with every problem."""
    return parse_upload_report(filenames, contents, mapping)[0]


def parse_upload_report(
    filenames: list[str], contents: list[str], mapping: dict | None = None
) -> tuple[Dataset, ImportReport | None]:
    """The dataset an upload makes, and for maps from other tools the report of how their types were mapped
    (`mapping` overrides the guesses), or LoadError with every problem.

    One .xlsx, .json (ours or Kumu's), Kumu .csv, .graphml, .gexf or .prsm file; or the CSV files of a
    dataset folder together.
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
    report = None
    folder = len(files) > 1 or Path(filenames[0]).name.lower() in FOLDER_CSVS
    if len(files) == 1 and Path(filenames[0]).suffix.lower() in SINGLE_FILE_TYPES and not folder:
        name = filenames[0]
        dataset, report = load_with_report(name, files[name], meta=imported_meta(name), mapping=mapping)
    elif csvs and len(csvs) == len(files):
        stem = Path(label).stem if len(files) == 1 else "imported-csv"
        dataset = load_csv_files(files, imported_meta(stem + ".csv") | {"source": label})
    else:
        raise LoadError(
            [Problem(label, None, None, "upload one .xlsx, .json (ours or Kumu's), .csv (Kumu), .graphml, "
                     ".gexf or .prsm file, or the CSV files of a dataset folder (elements.csv, connections.csv, "
                     "evidence.csv, tensions.csv) together")]
        )  # fmt: skip
    return as_imported(dataset, label, files), report


def as_imported(dataset: Dataset, source: str, files: dict[str, bytes]) -> Dataset:
    """Labelled imported, named after its file, with an id that cannot collide with shipped maps."""
    hasher = hashlib.sha256()
    for name in sorted(files):  # names and lengths too, so files that concatenate alike differ
        hasher.update(f"{name}\0{len(files[name])}\0".encode())
        hasher.update(files[name])
    return replace(
        dataset,
        id=import_id(dataset.id, hasher.hexdigest()),
        name=f"{dataset.name} (imported)" if "(imported)" not in dataset.name else dataset.name,
        provenance=Provenance.IMPORTED,
        source=source,
    )


def import_id(base: str, digest: str) -> str:
    """`imported-<base>-<digest>`, at most ID_MAX characters with the whole 16-character digest kept.

    The base is cut, never the digest, so two different files never get the same id.

    >>> import_id("a" * 200, "0123456789abcdef" * 4)[-20:]
    'aaa-0123456789abcdef'
    >>> len(import_id("a" * 200, "0" * 64))
    100
    """
    tail = f"-{digest[:DIGEST_CHARS]}"
    room = ID_MAX - len(PREFIX) - len(tail)
    return f"{PREFIX}{base[:room].rstrip('-_') or 'map'}{tail}"


def _decode_data_url(name: str, content: str) -> bytes:
    try:
        _, _, payload = (content or "").partition(",")
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise LoadError([Problem(name, None, None, "the upload arrived damaged; try again")]) from None
