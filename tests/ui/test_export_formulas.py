"""`x` to a .csv file: no cell a spreadsheet would run as a formula; a .json file keeps every value exact."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.seed import SimImage
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.export_images import ExportScreen

Until = Callable[..., Awaitable[None]]
HOSTILE = SimImage(
    stack_id="@SUM(1+1)",
    slug="-2+3",
    family="=cmd|'calc'!A0",
    tag='+HYPERLINK("http:x","y")',
    created_at=datetime(2026, 1, 2, tzinfo=UTC),
    description=" \t=1+1",
)


async def test_exported_csv_cells_that_start_like_formulas_get_a_quote_and_json_keeps_them_exact(
    app: CoxEdgeApp, sim: Simulator, until: Until, tmp_path: Path
) -> None:
    sim.add_image("test-area", HOSTILE)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count == 41)
        for name in ("images.csv", "images.json"):
            await pilot.press("x")
            await until(lambda: isinstance(app.screen, ExportScreen), what="the export dialog")
            app.screen.query_one("#export-path").value = str(tmp_path / name)  # type: ignore[attr-defined]
            await pilot.pause()
            await pilot.press("enter")
            await until(lambda: isinstance(app.screen, BrowseScreen), what="the dialog to close")

    rows = list(csv.DictReader(io.StringIO((tmp_path / "images.csv").read_text())))
    hostile = next(row for row in rows if "cmd|" in row["family"])
    assert hostile["family"] == "'=cmd|'calc'!A0" and hostile["stackId"] == "'@SUM(1+1)"
    assert hostile["slug"] == "'-2+3" and hostile["tag"] == "'+HYPERLINK(\"http:x\",\"y\")"
    assert hostile["description"] == "' \t=1+1" and hostile["id"] == f"'{HOSTILE.id}"
    exported = next(image for image in json.loads((tmp_path / "images.json").read_text()) if image["id"] == HOSTILE.id)
    assert (exported["family"], exported["tag"], exported["slug"]) == (HOSTILE.family, HOSTILE.tag, HOSTILE.slug)
    assert exported["description"] == HOSTILE.description
