"""Text measured in terminal cells, and cut to fit: the one truncation helper of the package.

Plain unicodedata, no Rich (the core and the CLI may not import it): wide characters take two cells,
combining marks and format characters none, a ZWJ sequence or a flag is one picture of two cells.
"""

from __future__ import annotations

import unicodedata

ZWJ = "\u200d"
VS16 = "\ufe0f"  # asks for the emoji picture of the character before it
ZERO_WIDTH_CATEGORIES = frozenset(("Mn", "Me", "Cf"))


def _is_skin_tone(char: str) -> bool:
    return "\U0001f3fb" <= char <= "\U0001f3ff"


def _is_regional(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def char_width(char: str) -> int:
    """Cells one character takes on its own."""
    if unicodedata.category(char) in ZERO_WIDTH_CATEGORIES or unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _clusters(text: str) -> list[tuple[str, int]]:
    """The text as (grapheme, cells) pairs, near enough to what a terminal draws."""
    clusters: list[tuple[str, int]] = []
    joining = False
    for char in text:
        width = char_width(char)
        if clusters and (joining or width == 0 or _is_skin_tone(char)):
            before, cells = clusters[-1]
            if char == VS16 and cells == 1 and not before.isascii():
                cells = 2
            clusters[-1] = (before + char, cells)
        elif clusters and _is_regional(char) and len(clusters[-1][0]) == 1 and _is_regional(clusters[-1][0]):
            clusters[-1] = (clusters[-1][0] + char, 2)  # two regional indicators make one flag
        else:
            clusters.append((char, 2 if _is_regional(char) else width))
        joining = char == ZWJ
    return clusters


def cell_width(text: str) -> int:
    """Terminal cells the text takes."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(cells for _, cells in _clusters(text))


def truncate(text: str, width: int, ellipsis: str = "…") -> str:
    """At most `width` cells: the text, or as much of its start as fits followed by the ellipsis."""
    if cell_width(text) <= width:
        return text
    room = max(0, width - cell_width(ellipsis))
    if text.isascii():
        return text[:room] + ellipsis
    kept: list[str] = []
    for grapheme, cells in _clusters(text):
        if cells > room:
            break
        kept.append(grapheme)
        room -= cells
    return "".join(kept) + ellipsis


def fit(text: str, width: int) -> str:
    """Exactly `width` cells: padded with spaces, or cut with an ellipsis."""
    if width <= 0:
        return ""
    cut = truncate(text, width)
    return cut + " " * (width - cell_width(cut))
