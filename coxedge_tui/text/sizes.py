"""A number of bytes as people read it: `512 B`, `1.5 GiB`, `12 GiB` (the detail pane's Size).

Never imports textual.
"""

from __future__ import annotations

_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def size_text(size: int | None) -> str:
    """Binary units (as disks and VM images are sized), one decimal below 10 of a unit: `9.5 GiB`, `10 GiB`.

    None (the server sent no size) is an empty string, so a caller can leave the line out.
    """
    if size is None or size < 0:
        return ""
    if size < 1024:
        return f"{size} B"
    value, power = float(size), 0
    while value >= 1024 and power < len(_UNITS) - 1:
        value /= 1024
        power += 1
    unit = _UNITS[power]
    return f"{value:.1f} {unit}" if value < 9.95 else f"{value:.0f} {unit}"
