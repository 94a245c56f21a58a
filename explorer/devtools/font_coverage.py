"""Write explorer/outputs/fonts/coverage.txt: the characters the shipped fonts draw, as ranges.

`python -m explorer.devtools.font_coverage` after changing a font (needs fontTools, a test extra). PNG
rendering reads the file to decide whether an image can be drawn with the shipped fonts alone.
"""

from __future__ import annotations

from pathlib import Path

from explorer.outputs.theme import FONT_COVERAGE_FILE, FONT_FILES


def ranges(font_files=FONT_FILES) -> list[tuple[int, int]]:
    """Runs of consecutive code points that any of `font_files` maps to a glyph."""
    from fontTools.ttLib import TTFont

    points = sorted({point for path in font_files for point in TTFont(path).getBestCmap()})
    runs: list[tuple[int, int]] = []
    for point in points:
        if runs and point == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], point)
        else:
            runs.append((point, point))
    return runs


def text(font_files=FONT_FILES) -> str:
    names = ", ".join(Path(f).name for f in font_files)
    lines = [f"# Code points drawn by {names}; written by python -m explorer.devtools.font_coverage"]
    return "\n".join(lines + [f"{a:04X}-{b:04X}" for a, b in ranges(font_files)]) + "\n"


if __name__ == "__main__":
    Path(FONT_COVERAGE_FILE).write_text(text(), encoding="utf-8")
    print(f"wrote {FONT_COVERAGE_FILE}")
