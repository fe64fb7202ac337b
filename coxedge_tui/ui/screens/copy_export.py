"""`c` and `C` copy the selected image's id and reference, `x` exports the list as shown.

Kept apart from browse.py so the screen file stays about browsing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.image_actions import saved_list_refusal
from ..clipboard import copy_line
from ..text import clean

if TYPE_CHECKING:
    from .browse import BrowseScreen
    from .export_images import ExportDraft, Exported


class CopyAndExport:
    """`c`, `C` and `x` of the browse screen, which routes those keys here."""

    def __init__(self, screen: BrowseScreen) -> None:
        self.screen = screen
        self.export_draft: ExportDraft | None = None  # the export path typed, kept across a cancel

    def copy_id(self) -> None:
        screen = self.screen
        image = screen.image_table.current_image
        if image is None:
            screen.notify("No image is selected.", severity="warning")
            return
        self._copy("image id", image.id)

    def copy_reference(self) -> None:
        screen = self.screen
        image = screen.image_table.current_image
        if image is None:
            screen.notify("No image is selected.", severity="warning")
            return
        if not image.reference:
            screen.notify("The server gave this image no reference; c copies its id.", severity="warning")
            return
        self._copy("image reference", image.reference)

    def _copy(self, what: str, value: str) -> None:
        copy_line(self.screen.app, what, value)

    def export(self) -> None:
        from ..export import default_name  # the export dialog and its formats load when first used
        from .export_images import ExportScreen

        screen = self.screen
        if screen.refused(saved_list_refusal(screen.saved_at is not None, "exporting")):
            return
        table = screen.image_table
        images = list(table.view)
        if not images:
            screen.notify("No image is shown, so there is nothing to export.", severity="warning")
            return
        place = "every-environment" if screen.everywhere else screen.app.session.environment  # the file says which
        default = "./" + default_name(place, screen.app.wall_clock().astimezone().date())
        screen.app.push_screen(ExportScreen(images, self._describe(len(images)), self._draft(), default), self._done)

    def _draft(self) -> ExportDraft:
        if self.export_draft is None:
            from .export_images import ExportDraft

            self.export_draft = ExportDraft()
        return self.export_draft

    def _describe(self, count: int) -> str:
        """ "12 images as shown (filter "web", sorted by tag, reversed)"."""
        table = self.screen.image_table
        parts = []
        if table.filter_text.strip():
            parts.append(f'filter "{table.filter_text.strip()}"')
        if table.sort_column:
            parts.append(f"sorted by {table.sort_column}" + (", reversed" if table.sort_reverse else ""))
        shown = f" ({', '.join(parts)})" if parts else ""
        return f"{count} image{'s' if count != 1 else ''} as shown{shown}"

    def _done(self, exported: Exported | None) -> None:
        screen = self.screen
        if exported is None:
            return
        screen.notify(
            clean(f"{exported.count} image{'s' if exported.count != 1 else ''} written to {exported.path}"),
            title="Exported",
            timeout=15,
            markup=False,
        )
