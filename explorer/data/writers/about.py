"""What every exported file says about itself: where the data came from, the study, and when it was made.

A map copied out of the app loses the banner that says whether it is a study finding or an illustrative
variation, so each format carries the same statement where a reader of that format will see it.
"""

from __future__ import annotations

from datetime import date

from explorer.data.model import Dataset

CITATION = (
    "Powell, C., Adisa, O., Herlitz, L., Bains, S., Eyrúnardóttir Clark, S., Deighton, J., Syed, S., "
    "Gilbert, R., Feder, G. & Howarth, E. (2025). Domestic abuse, primary care and child mental health "
    "services: A systems analysis of service coordination from professionals' perspectives. Children and "
    "Youth Services Review, 169, 108076. https://doi.org/10.1016/j.childyouth.2024.108076 (CC BY 4.0)"
)
GENERATOR = "System Map Explorer"


def about(dataset: Dataset, today: date | None = None) -> dict[str, str]:
    """The statement as key: value pairs, for formats with named fields (JSON, graph attributes)."""
    return {
        "provenance_statement": dataset.provenance_line(),
        "dataset": f"{dataset.name} ({dataset.id}): {dataset.area}",
        "citation": CITATION,
        "exported": f"{(today or date.today()).isoformat()} by {GENERATOR}",
    }


def about_lines(dataset: Dataset, today: date | None = None) -> list[str]:
    """The statement as lines of text, for a README file or a spreadsheet sheet."""
    info = about(dataset, today)
    lines = [
        info["provenance_statement"],
        f"Dataset: {info['dataset']}",
        f"Source study: {info['citation']}",
        f"Exported: {info['exported']}",
    ]
    if dataset.note:
        lines.append(f"Note: {dataset.note}")
    return lines
