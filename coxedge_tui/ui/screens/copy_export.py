"""`c` and `C` copy the selected image's id and reference, `x` exports the list as shown.

Kept apart from browse.py so the screen file stays about browsing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.image_actions import saved_list_refusal
from ..clipboard import copy_line
from ..text import clean
from .browse_base import BrowseBase

if TYPE_CHECKING:
    from .export_images import ExportDraft, Exported


class CopyAndExport(BrowseBase):
    """`c`, `C` and `x` of the browse screen."""

    def __init__(self) -> None:
        super().__init__()
        self.export_draft: ExportDraft | None = None  # the export path typed, kept across a cancel

    def action_copy_id(self) -> None:
        image = self.image_table.current_image
        if image is None:
            self.notify("No image is selected.", severity="warning")
            return
        self._copy("image id", image.id)

    def action_copy_reference(self) -> None:
        image = self.image_table.current_image
        if image is None:
            self.notify("No image is selected.", severity="warning")
            return
        if not image.reference:
            self.notify("The server gave this image no reference; c copies its id.", severity="warning")
            return
        self._copy("image reference", image.reference)

    def _copy(self, what: str, value: str) -> None:
        copy_line(self.app, what, value)

    def action_export(self) -> None:
        from ..export import default_name  # the export dialog and its formats load when first used
        from .export_images import ExportScreen

        if self.refused(saved_list_refusal(self.saved_at is not None, "exporting")):
            return
        table = self.image_table
        images = list(table.view)
        if not images:
            self.notify("No image is shown, so there is nothing to export.", severity="warning")
            return
        default = "./" + default_name(self.app.session.environment, self.app.wall_clock().astimezone().date())
        self.app.push_screen(ExportScreen(images, self._describe(len(images)), self._draft(), default), self._done)

    def _draft(self) -> ExportDraft:
        if self.export_draft is None:
            from .export_images import ExportDraft

            self.export_draft = ExportDraft()
        return self.export_draft

    def _describe(self, count: int) -> str:
        """ "12 images as shown (filter "web", sorted by tag, reversed)"."""
        table = self.image_table
        parts = []
        if table.filter_text.strip():
            parts.append(f'filter "{table.filter_text.strip()}"')
        if table.sort_column:
            parts.append(f"sorted by {table.sort_column}" + (", reversed" if table.sort_reverse else ""))
        shown = f" ({', '.join(parts)})" if parts else ""
        return f"{count} image{'s' if count != 1 else ''} as shown{shown}"

    def _done(self, exported: Exported | None) -> None:
        if exported is None:
            return
        self.notify(
            clean(f"{exported.count} image{'s' if exported.count != 1 else ''} written to {exported.path}"),
            title="Exported",
            timeout=15,
            markup=False,
        )
