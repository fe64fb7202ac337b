"""`x` exports the list as shown to a file the user names; `c` and `C` copy the id and the reference."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.widgets import Static

from coxedge_tui.text.image_formats import FIELDS
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.export_images import ExportScreen
from coxedge_tui.ui.widgets.image_table import ImageTable

Until = Callable[..., Awaitable[None]]
Screen = Callable[[CoxEdgeApp], str]


def notifications(app: CoxEdgeApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def browsing(app: CoxEdgeApp, until: Until) -> BrowseScreen:
    await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count == 40, what="rows")
    assert isinstance(app.screen, BrowseScreen)
    return app.screen


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder this process may not write in (root passes every mode check, but not sysfs)."""
    if os.geteuid() == 0:
        return Path("/sys")
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    return folder


async def open_export(app: CoxEdgeApp, pilot: object, until: Until) -> ExportScreen:
    await pilot.press("x")  # type: ignore[attr-defined]
    await until(lambda: isinstance(app.screen, ExportScreen), what="the export dialog")
    assert isinstance(app.screen, ExportScreen)
    return app.screen


def problem(dialog: ExportScreen) -> str:
    """The dialog's problem line, unwrapped (long paths fold across lines on screen)."""
    return str(dialog.query_one("#export-problem", Static).content)


async def type_path(app: CoxEdgeApp, pilot: object, text: str) -> None:
    box = app.screen.query_one("#export-path")
    box.value = text  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]


async def test_export_writes_the_filtered_sorted_list_as_json_and_names_the_full_path(
    app: CoxEdgeApp, until: Until, tmp_path: Path, screen: Screen
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        browse = await browsing(app, until)
        await pilot.press("slash", *"web", "enter")
        await pilot.press("s")  # sort by the next column
        shown = list(browse.image_table.view)
        assert 0 < len(shown) < 40

        dialog = await open_export(app, pilot, until)
        assert dialog.query_one("#export-path").value == "./coxedge-images-test-area-2026-11-27.json"  # type: ignore[attr-defined]
        assert f'Export {len(shown)} images as shown (filter "web", sorted by' in screen(app)
        await type_path(app, pilot, str(tmp_path / "web.json"))
        await until(lambda: isinstance(app.screen, BrowseScreen), what="the dialog to close")

    written = json.loads((tmp_path / "web.json").read_text())
    assert [image["id"] for image in written] == [image.id for image in shown]
    assert all(tuple(image) == FIELDS for image in written)
    assert f"Exported: {len(shown)} images written to {tmp_path / 'web.json'}" in notifications(app)


async def test_a_csv_name_exports_csv_and_a_relative_name_lands_in_the_working_directory(
    app: CoxEdgeApp, until: Until, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await browsing(app, until)
        await open_export(app, pilot, until)
        await type_path(app, pilot, "images.csv")
        await until(lambda: isinstance(app.screen, BrowseScreen), what="the dialog to close")

    rows = list(csv.DictReader(io.StringIO((tmp_path / "images.csv").read_text())))
    assert len(rows) == 40 and list(rows[0]) == list(FIELDS)
    assert f"Exported: 40 images written to {tmp_path / 'images.csv'}" in notifications(app)


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("missing", "The folder {folder} does not exist."),
        ("locked", "Cannot write {folder}/list.json: permission denied."),
        ("no-suffix", "Name the file .json or .csv (not no extension)."),
    ],
)
async def test_a_file_that_cannot_be_written_is_explained_and_what_was_typed_stays(
    app: CoxEdgeApp, until: Until, tmp_path: Path, where: str, says: str
) -> None:
    folder = {"missing": tmp_path / "nowhere", "locked": unwritable_folder(tmp_path), "no-suffix": tmp_path}[where]
    typed = str(folder / ("list" if where == "no-suffix" else "list.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await browsing(app, until)
        dialog = await open_export(app, pilot, until)
        await type_path(app, pilot, typed)
        message = says.format(folder=folder)
        await until(lambda: problem(dialog) == message, what=message)

        assert app.screen is dialog
        assert dialog.query_one("#export-path").value == typed  # type: ignore[attr-defined]
    assert not (folder / "list.json").exists()


async def test_an_existing_file_is_replaced_only_after_a_second_enter(
    app: CoxEdgeApp, until: Until, tmp_path: Path, screen: Screen
) -> None:
    existing = tmp_path / "old.json"
    existing.write_text("keep me")
    async with app.run_test(size=(120, 40)) as pilot:
        await browsing(app, until)
        dialog = await open_export(app, pilot, until)
        await type_path(app, pilot, str(existing))
        await until(lambda: "exists already. Press Enter again to replace it" in problem(dialog), what="the warning")
        assert "Press Enter again" in screen(app)
        assert existing.read_text() == "keep me"

        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, BrowseScreen), what="the dialog to close")

    assert len(json.loads(existing.read_text())) == 40


async def test_cancelling_keeps_what_was_typed_for_next_time(app: CoxEdgeApp, until: Until, tmp_path: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await browsing(app, until)
        dialog = await open_export(app, pilot, until)
        dialog.query_one("#export-path").value = "half/typed.cs"  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("escape")
        await until(lambda: isinstance(app.screen, BrowseScreen), what="the dialog to close")

        again = await open_export(app, pilot, until)
        assert again.query_one("#export-path").value == "half/typed.cs"  # type: ignore[attr-defined]


async def test_the_palette_offers_export_and_copy_reference(app: CoxEdgeApp, until: Until) -> None:
    async with app.run_test(size=(120, 40)):
        browse = await browsing(app, until)
        titles = {command.title for command in app.get_system_commands(browse)}
    assert {"Export images", "Copy image reference", "Copy image id"} <= titles


async def test_c_copies_the_id_and_shift_c_the_reference_and_both_are_shown(app: CoxEdgeApp, until: Until) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        browse = await browsing(app, until)
        image = browse.image_table.current_image
        assert image is not None and image.reference

        await pilot.press("c")
        assert app.clipboard == image.id
        await pilot.press("C")
        assert app.clipboard == image.reference

    assert f"Copied image id: {image.id}" in notifications(app)
    assert f"Copied image reference: {image.reference}" in notifications(app)


async def test_nothing_shown_means_nothing_to_export(app: CoxEdgeApp, until: Until) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await browsing(app, until)
        await pilot.press("slash", *"no-such-image", "enter")
        await until(lambda: app.screen.query_one(ImageTable).row_count == 0, what="an empty list")
        await pilot.press("x")
        await pilot.pause()

        assert isinstance(app.screen, BrowseScreen)
    assert any("nothing to export" in n for n in notifications(app))
