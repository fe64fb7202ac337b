"""Text in terminal cells: the CLI tables line up whatever the names hold, and long text is cut to fit."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from coxedge_tui.text.cells import cell_width, fit, truncate
from coxedge_tui.text.image_formats import aligned

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # one joined emoji: a family of four
NAMES = [
    FAMILY, "a\u200bb", "cafe\u0301", "\u4e2d\u6587", "\U0001f1eb\U0001f1f7", "\u2764\ufe0f", "\U0001f44d\U0001f3fd"
]


@pytest.mark.parametrize("text", [*NAMES, "plain", ""])
def test_a_name_takes_as_many_cells_as_rich_draws(text: str) -> None:
    assert cell_width(text) == cell_len(text)


def test_the_cli_table_lines_up_after_joined_emoji_and_zero_width_characters() -> None:
    table = aligned(("NAME", "ID"), [(name, f"id-{n}") for n, name in enumerate(NAMES)])
    lines = table.splitlines()
    columns = {cell_width(line[: line.index("id-") if "id-" in line else line.index("ID")]) for line in lines}
    assert columns == {max(cell_len(name) for name in NAMES) + 2}


def test_truncating_wide_text_never_passes_the_width() -> None:
    assert truncate("\u4e2d\u6587\u4e2d\u6587", 5) == "\u4e2d\u6587…"
    assert truncate(FAMILY * 3, 5) == FAMILY * 2 + "…"
    assert truncate("abcdef", 4, "...") == "a..."
    assert truncate("abcd", 4) == "abcd"
    assert fit("ab", 4) == "ab  " and cell_width(fit("\u4e2d\u6587\u4e2d", 5)) == 5
