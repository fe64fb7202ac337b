"""The detail pane's rows look exactly as rich's grid drew them, and an unchanged text is not drawn again."""

from __future__ import annotations

import random

import pytest
from rich.console import Console
from rich.text import Text
from textual.app import App, ComposeResult

from coxedge_tui.ui.widgets.diff_lines import DiffLines
from coxedge_tui.ui.widgets.label_rows import LabelRows

LABELS = ["Protection", "Environment", "Family", "Tag", "Status", "Reason", "Id", "Used by", "Description"]
PIECES = [
    "web",
    "x" * 70,
    "日本語のテキストです",
    "a long value, with words to wrap",
    "",
    "line\nnext line",
    "\n",
    "tab\there",
    "e\u0301",
    "🙂🙂",
    " leading",
    "trailing ",
    "[bold]not markup[/]",
]
STYLES = ["", "red", "bold yellow", "dim", "italic on blue"]


def random_rows(rng: random.Random) -> list[tuple[str, Text]]:
    rows = []
    for label in rng.sample(LABELS, rng.randint(1, len(LABELS))):
        value = Text(style=rng.choice(STYLES))
        for _ in range(rng.randint(0, 4)):
            value.append(rng.choice(PIECES) + rng.choice(["", " ", "-"]), style=rng.choice(STYLES))
        rows.append((label, value))
    return rows


@pytest.mark.parametrize("seed", range(2))
def test_the_rows_are_drawn_segment_for_segment_as_the_grid_draws_them(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(100):
        rows = random_rows(rng)
        console = Console(width=rng.randint(1, 140), color_system="truecolor")
        drawn = LabelRows(rows)
        assert list(console.render(drawn)) == list(console.render(drawn.grid())), (console.width, rows)


class Lines(App[None]):
    def compose(self) -> ComposeResult:
        yield DiffLines(Text("Status: READY"))


async def test_an_update_with_the_same_text_draws_nothing_and_one_in_another_style_draws_again() -> None:
    async with Lines().run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        lines = pilot.app.query_one(DiffLines)
        drawn: list[object] = []
        render = lines._render_strips

        def counted(width: int) -> object:
            drawn.append(width)
            return render(width)

        lines._render_strips = counted  # type: ignore[assignment,method-assign]
        lines.update(Text("Status: READY"))
        assert drawn == [] and lines.dirty_spans == []
        lines.update(Text("Status: READY", style="bold"))  # equal to Text's own ==, which ignores the style
        assert len(drawn) == 1 and lines.dirty_spans == [(0, 0, 13)]
        lines.update(Text("Status: READY", style="bold"))
        assert len(drawn) == 1
