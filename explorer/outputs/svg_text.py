"""Text in hand-written SVG: escaping, an estimate of its width, wrapping, and multi-line <text>."""

from __future__ import annotations

from html import escape

from explorer.data.cells import xml_text


def clean(text: str) -> str:
    """Text safe inside SVG/XML: no control characters XML cannot hold, and markup escaped."""
    return escape(xml_text(str(text)), quote=True)


_NARROW = set("iljtfrI.,:;'|!()[]/ ·")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate of the rendered width of `text`, generous enough for DejaVu Sans (a wide fallback).

    >>> text_width("Gap", 10) < text_width("Gap (missing)", 10)
    True
    """
    units = 0.0
    for char in text:
        if char in _NARROW:
            units += 0.36
        elif char in _WIDE:
            units += 0.92
        elif char.isupper() or char.isdigit():
            units += 0.70
        else:
            units += 0.60
    return units * size * (1.08 if bold else 1.0)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Lines of `text` no wider than `width` where words allow (breaking at spaces, then after '/').

    >>> wrap("Children living with domestic abuse", 200, 20)
    ['Children living', 'with domestic', 'abuse']
    >>> wrap("Parents/children between thresholds", 150, 20)
    ['Parents/', 'children', 'between', 'thresholds']
    """
    words: list[tuple[str, str]] = []  # (word, what joins it to the word before)
    for word in text.split():
        pieces = [word]
        if text_width(word, size, bold) > width and "/" in word.strip("/"):
            parts = word.split("/")
            pieces = [p + "/" for p in parts[:-1]] + [parts[-1]]
        words += [(piece, " " if i == 0 else "") for i, piece in enumerate(pieces) if piece]
    lines: list[str] = []
    for word, glue in words:
        if lines:
            candidate = lines[-1] + glue + word
            if text_width(candidate, size, bold) <= width:
                lines[-1] = candidate
                continue
        lines.append(word)
    return lines or [""]


def text_lines(
    lines: list[str],
    x: float,
    y: float,
    size: float,
    *,
    anchor="start",
    weight="normal",
    fill="#111111",
    line_height=1.25,
) -> str:
    """One <text> of several lines; `y` is the first line's baseline."""
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{y + i * size * line_height:.1f}">{clean(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    bold = ' font-weight="bold"' if weight == "bold" else ""
    return f'<text font-size="{size:.1f}" text-anchor="{anchor}" fill="{fill}"{bold}>{spans}</text>'
