"""One row per figure: ours beside the baseline from the same run, the ratio and the target."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    figure: str
    images: int
    ours: float
    baseline: float | None
    unit: str  # "s", "B" (memory, shown in MB), "bytes" (written to the terminal), "n" (a count) or "x"
    limit: float | None = None  # ours must be at most this (same unit), when the issue sets a bound
    target: str = "reported"

    @property
    def ratio(self) -> float | None:
        return self.ours / self.baseline if self.baseline else None

    @property
    def met(self) -> str:
        if self.limit is None:
            return ""
        return "yes" if self.ours <= self.limit else "NO"


def amount(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:,.1f} ms"
    if unit == "B":
        return f"{value / 1e6:,.1f} MB"
    if unit == "bytes":
        return f"{value:,.0f} B"
    if unit == "n":
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def ratio_text(ratio: float | None) -> str:
    if ratio is None:
        return "—"
    return f"{ratio:.3f}" if ratio < 0.01 else f"{ratio:.2f}"


HEADINGS = ("figure", "images", "ImageTable", "DataTable", "ratio", "target", "met")


def table(rows: Sequence[Row]) -> str:
    cells = [HEADINGS] + [
        (
            r.figure,
            f"{r.images:,}",
            amount(r.ours, r.unit),
            amount(r.baseline, r.unit),
            ratio_text(r.ratio),
            r.target,
            r.met,
        )
        for r in rows
    ]
    widths = [max(len(row[n]) for row in cells) for n in range(len(HEADINGS))]
    right = {1, 2, 3, 4}
    lines = []
    for number, row in enumerate(cells):
        padded = (c.rjust(w) if n in right else c.ljust(w) for n, (c, w) in enumerate(zip(row, widths, strict=True)))
        line = "  ".join(padded)
        lines.append(line.rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
