"""Export a dataset in every format the app offers, by name.

`EXPORT_FORMATS` maps a format name to its file extension, MIME type and writer (`Dataset -> bytes`);
`export_bytes` gives the file name and bytes of one export. Every format carries the dataset's provenance
statement where a reader of that format sees it, and every format but GEXF loads back into the same
dataset (`explorer.data.readers.loader`; the CSV ZIP unzips into a dataset folder).

The writers are imported on first use (PEP 562 `__getattr__`), because `explorer.data.readers.tables` imports
`formats.safe_cells`, and the writers in turn import the loader's modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable

    from explorer.data.model import Dataset

FORMAT_LABELS = {
    "json": "JSON (normalised, loads back)",
    "kumu-json": "Kumu JSON blueprint",
    "csv": "CSV folder (ZIP)",
    "xlsx": "Excel workbook (Kumu-compatible)",
    "graphml": "GraphML (yEd, Gephi, Cytoscape)",
    "gexf": "GEXF (Gephi)",
}


class ExportFormat(NamedTuple):
    extension: str
    mime: str
    write: Callable[[Dataset], bytes]


def _registry() -> dict[str, ExportFormat]:
    from explorer.data.serialise import to_json
    from explorer.data.writers.csvzip import write_csv_zip
    from explorer.data.writers.gexf import write_gexf
    from explorer.data.writers.graphml import write_graphml
    from explorer.data.writers.kumu import write_kumu
    from explorer.data.writers.xlsx import write_xlsx

    def write_json(dataset: Dataset) -> bytes:
        return to_json(dataset).encode("utf-8")

    return {
        "json": ExportFormat("json", "application/json", write_json),
        "kumu-json": ExportFormat("json", "application/json", write_kumu),
        "csv": ExportFormat("zip", "application/zip", write_csv_zip),
        "xlsx": ExportFormat(
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", write_xlsx
        ),
        "graphml": ExportFormat("graphml", "application/graphml+xml", write_graphml),
        "gexf": ExportFormat("gexf", "application/gexf+xml", write_gexf),
    }


_formats: dict[str, ExportFormat] | None = None


def __getattr__(name: str):
    if name == "EXPORT_FORMATS":
        global _formats
        if _formats is None:
            _formats = _registry()
        return _formats
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


WITH_NOTES = ("csv", "xlsx", "kumu-json")  # the formats with a place for the workshop's notes and votes


def export_bytes(dataset: Dataset, fmt: str, notes: list[dict] | None = None) -> tuple[str, bytes]:
    """The file name (`{id}-{fmt}.{ext}`) and bytes of `dataset` exported as `fmt`.

    `notes` (workshop notes and votes) go into CSV (notes.csv), XLSX (a Notes sheet) and Kumu JSON.
    """
    formats = __getattr__("EXPORT_FORMATS")
    if fmt not in formats:
        raise ValueError(f"unknown export format {fmt!r}; expected one of: {', '.join(formats)}")
    spec = formats[fmt]
    data = spec.write(dataset, notes) if notes is not None and fmt in WITH_NOTES else spec.write(dataset)
    return f"{dataset.id}-{fmt}.{spec.extension}", data
