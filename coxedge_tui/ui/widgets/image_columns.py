"""The image list's columns: what they are called and how wide each may be at a given widget width."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from ...core.image_list_model import environment_of
from ...text.ages import age_text
from ..text import clean, local_time, short_status

if TYPE_CHECKING:
    from ...api.models import Image

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
ENVIRONMENT = Column("environment", "Environment", 6, 24)
EVERYWHERE_COLUMNS = (ENVIRONMENT, *COLUMNS)  # the Everywhere view: each row's environment first


def columns_for(images: Sequence[Image]) -> tuple[Column, ...]:
    """The columns of a list: with the environment when its rows come from every environment."""
    return EVERYWHERE_COLUMNS if images and environment_of(images[0]) else COLUMNS


def fit_widths(total: int, natural: tuple[int, ...], columns: tuple[Column, ...] = COLUMNS) -> tuple[int, ...]:
    """Every column but the last gets its natural width (capped); the last takes the rest.

    When the last column would fall below its minimum, the widest of the others give way first,
    down to their own minimums; a very narrow widget then simply crops the row.
    """
    widths = [max(c.minimum, min(c.maximum, n, total)) for c, n in zip(columns[:-1], natural, strict=True)]
    padding = 2 * CELL_PADDING * len(columns)
    last = columns[-1]
    deficit = last.minimum - (total - padding - sum(widths))
    while deficit > 0:
        shrinkable = [n for n, c in enumerate(columns[:-1]) if widths[n] > c.minimum]
        if not shrinkable:
            break
        widest = max(shrinkable, key=widths.__getitem__)
        widths[widest] -= 1
        deficit -= 1
    return (*widths, max(last.minimum, total - padding - sum(widths)))


def natural_widths(images: Sequence[Image]) -> tuple[int, ...]:
    """Each column's width for what it shows of `images` (statuses shortened); pure, for a worker thread too."""
    statuses = {short_status(status) for status in {image.status for image in images}}
    widths = (
        max(len(COLUMNS[0].label) + 2, max((shown_width(i.family) for i in images), default=0)),
        max(len(COLUMNS[1].label) + 2, max((shown_width(i.tag) for i in images), default=0)),
        max(len(COLUMNS[2].label) + 2, max(map(shown_width, statuses), default=0)),
        len(COLUMNS[3].label) + 2,  # `11mo`: no age is wider
        max(len(COLUMNS[4].label) + 2, len(local_time(datetime.now(UTC)))),  # every date is as wide
    )
    if columns_for(images) is COLUMNS:
        return widths
    places = {environment_of(image) for image in images}
    return (max(len(ENVIRONMENT.label) + 2, max(map(shown_width, places), default=0)), *widths)


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


def column_at(x: int, columns: Sequence[Column], widths: Sequence[int]) -> Column | None:
    """The column whose heading is at `x` cells from the left, if any."""
    edge = 0
    for column, width in zip(columns, widths, strict=True):
        edge += width + 2 * CELL_PADDING
        if x < edge:
            return column
    return None


def empty_text(problem: str, needle: str, width: int) -> tuple[list[str], bool]:
    """The lines an empty list shows, and whether they say why it could not be loaded (or only that it is empty)."""
    if problem:
        return textwrap.wrap(clean(problem), max(10, width - 2 * CELL_PADDING)), True
    needle = needle.strip()
    return [f"No image matches “{clean(needle)}”." if needle else "No images here."], False


def text_line(text: str, width: int, style: Style) -> Strip:
    """A line of words in the list (a note, or why it is empty), after the cell padding."""
    return Strip([Segment(" " * CELL_PADDING + text, style)]).adjust_cell_length(width, style)


def cell_texts(image: Image, columns: Sequence[Column], status: str, now: datetime) -> list[str]:
    """What each column shows of an image (the status as the list words it), cleaned of control characters."""
    texts = [
        clean(image.family),
        clean(image.tag),
        status,
        age_text(image.created_at, now),
        local_time(image.created_at),
        clean(image.reference),
    ]
    return [clean(environment_of(image)), *texts] if len(columns) > len(COLUMNS) else texts


def header_line(
    columns: Sequence[Column], widths: Sequence[int], sort: tuple[str | None, str], width: int, style: Style
) -> Strip:
    """The headings, the sorted one with its arrow (`sort`: the sorted column's key and the arrow)."""
    cells = []
    for column, cell_width in zip(columns, widths, strict=True):
        label = f"{column.label} {sort[1]}" if column.key == sort[0] else column.label
        cells.append(Segment(f" {fit(label, cell_width)} ", style))
    return Strip(cells).adjust_cell_length(width, style)
