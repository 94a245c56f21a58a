"""Every status reads without colour: by its line pattern, its thickness or its marker, also in greyscale.

A workshop projector washes colours out and some of the room see fewer of them, so two statuses may share a
colour only if something else on the line tells them apart. Gap, excluded and invited-but-absent share the
warning colour and must differ in the line itself, because markers are hidden on faded lines.
"""

from __future__ import annotations

from itertools import combinations

import pytest

from explorer.data.vocab import Status
from explorer.view.legend import LegendEntry, swatch_svg
from explorer.view.styles import COMPUTED_GAP_LOOK, STATUS_LOOK, TENSION_LOOK, EdgeLook

# Cytoscape.js's own dash patterns for its named styles, in multiples of the line width.
NAMED_DASH = {"solid": (), "dashed": (6.0, 3.0), "dotted": (1.0, 1.0)}


def line_signature(look: EdgeLook) -> tuple:
    """What is left of a line's look with the colour taken away: its dash and its thickness class."""
    dash = tuple(float(d) for d in look.dash) if look.dash else NAMED_DASH[look.pattern]
    return dash, look.pattern if not look.dash else "custom", round(look.weight / 0.6)


LOOKS = {
    **{s.value: look for s, look in STATUS_LOOK.items()},
    "computed": COMPUTED_GAP_LOOK,
    "tension": TENSION_LOOK,
}


@pytest.mark.parametrize(("a", "b"), list(combinations(LOOKS, 2)))
def test_every_pair_of_encodings_differs_without_colour(a, b):
    one, other = LOOKS[a], LOOKS[b]
    assert line_signature(one) != line_signature(other) or one.marker != other.marker, (a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    list(combinations([Status.GAP, Status.EXCLUDED, Status.INVITED_NOT_ATTENDING], 2)),
)
def test_gap_excluded_and_absent_differ_in_the_line_itself(a, b):
    assert line_signature(STATUS_LOOK[a]) != line_signature(STATUS_LOOK[b])


def test_the_legend_draws_each_warning_status_with_its_own_dash():
    dashes = set()
    for status in (Status.GAP, Status.EXCLUDED, Status.INVITED_NOT_ATTENDING):
        svg = swatch_svg(LegendEntry(status.value, edge=STATUS_LOOK[status]))
        dashes.add(svg.split('stroke-dasharray="', 1)[1].split('"', 1)[0])
    assert len(dashes) == 3


def test_the_signature_ignores_colour_and_sees_a_dash():
    # The check above must be able to fail: two looks that differ only in colour have one signature.
    assert line_signature(EdgeLook("#000000", "dashed")) == line_signature(EdgeLook("#D55E00", "dashed"))
    assert line_signature(EdgeLook("#000000", "dashed")) != line_signature(
        EdgeLook("#000000", "dashed", dash=(10, 4))
    )
