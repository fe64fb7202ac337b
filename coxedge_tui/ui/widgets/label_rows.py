"""Label and value rows, drawn exactly as a two-column `Table.grid` draws them, in a fraction of its time.

The detail pane is drawn again at every cursor rest and every refresh. Rich's Table measures every
cell, wraps each in padding and renders it through several layers: about 4 ms for the pane's dozen
rows, all of it on the event loop. These rows need none of that: a bold label column as wide as
the longest label, a space, and the value folded into the rest. Each value is still rendered by
rich itself, with the options the grid gives its column, so wrapping, folding and styles are the
grid's; the label cells are the grid's segments written out. Too narrow for a value column of
MIN_VALUE cells, the grid itself draws them (it then squeezes the label column too).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

MIN_VALUE = 8  # value cells below which the grid draws the rows


class LabelRows:
    """`label  value` rows: what `grid(rows)` draws, segment for segment, without a Table.

    Labels are plain one-line words (the grid would read markup in them, and wrap a newline).
    """

    def __init__(self, rows: Sequence[tuple[str, Text]], label_style: str = "bold") -> None:
        self.rows = rows
        self.label_style = label_style

    def grid(self) -> Table:
        """The same rows as a Table: what these rows must look like, and what draws them when narrow."""
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(style=self.label_style, no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for label, value in self.rows:
            grid.add_row(label, value)
        return grid

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.grid())

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        label_width = max((cell_len(label) for label, _ in self.rows), default=0)
        value_width = options.max_width - label_width - 1
        if value_width < MIN_VALUE:
            yield self.grid()
            return
        style = console.get_style(self.label_style)
        gutter = Segment(" ", style)
        blank = Segment(" " * (label_width + 1), style)
        value_options = options.update(
            width=value_width, justify="left", no_wrap=False, overflow="fold", height=None, highlight=False
        )
        new_line = Segment.line()
        for label, value in self.rows:
            lines = console.render_lines(value, value_options, pad=True)
            first: Iterable[Segment] = (Segment(set_cell_size(label, label_width), style), gutter)
            for line in lines:
                yield from first
                yield from line
                yield new_line
                first = (blank,)
