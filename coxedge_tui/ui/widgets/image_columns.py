"""The image list's columns: what they are called and how wide each may be at a given widget width."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size

from ..text import clean

CELL_PADDING = 1


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    minimum: int
    maximum: int


COLUMNS: tuple[Column, ...] = (
    Column("family", "Family", 6, 32),
    Column("tag", "Tag", 6, 32),
    Column("status", "Status", 6, 20),
    Column("age", "Age", 3, 5),
    Column("created", "Created", 10, 16),
    Column("reference", "Reference", 9, 1_000),
)


def fit_widths(total: int, natural: tuple[int, ...]) -> tuple[int, ...]:
    """Every column but the last gets its natural width (capped); the last takes the rest.

    When the last column would fall below its minimum, the widest of the others give way first,
    down to their own minimums; a very narrow widget then simply crops the row.
    """
    widths = [max(c.minimum, min(c.maximum, n, total)) for c, n in zip(COLUMNS[:-1], natural, strict=True)]
    padding = 2 * CELL_PADDING * len(COLUMNS)
    last = COLUMNS[-1]
    deficit = last.minimum - (total - padding - sum(widths))
    while deficit > 0:
        shrinkable = [n for n, c in enumerate(COLUMNS[:-1]) if widths[n] > c.minimum]
        if not shrinkable:
            break
        widest = max(shrinkable, key=widths.__getitem__)
        widths[widest] -= 1
        deficit -= 1
    return (*widths, max(last.minimum, total - padding - sum(widths)))


def shown_width(value: str | None) -> int:
    """Cells a server value takes once shown (control characters escaped, wide characters counted twice)."""
    if not value:
        return 0
    if value.isascii() and value.isprintable():
        return len(value)
    return cell_len(clean(value))


def fit(text: str, width: int) -> str:
    """Exactly `width` cells: padded with spaces, or cut with an ellipsis."""
    if width <= 0:
        return ""
    if text.isascii():
        return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"
