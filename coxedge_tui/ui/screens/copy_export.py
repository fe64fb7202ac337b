"""`c` and `C` copy the selected image's id and reference, `x` exports the list as shown.

A mixin of BrowseScreen, kept apart so the screen file stays about browsing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...textsafe import uncopyable
from ..text import clean

if TYPE_CHECKING:
    from ..app import CoxEdgeApp
    from ..widgets.image_table import ImageTable
    from .export_images import ExportDraft, Exported


class CopyAndExport:
    """Needs the host screen's image_table, notify and app."""

    app: CoxEdgeApp
    image_table: ImageTable

    if TYPE_CHECKING:  # provided by the host screen; stubs here would shadow them at run time

        def notify(self, message: str, **kw: object) -> None: ...

        def refuse_on_saved_list(self, doing: str) -> bool: ...

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
        """Server text goes on the clipboard only as one printable line: a paste must not run anything."""
        problem = uncopyable(value)
        if problem:
            self.notify(
                f"Nothing was copied: the {what} {problem}. As the server sent it: {clean(value)}",
                title=f"Not copied: {what}",
                severity="warning",
                markup=False,
                timeout=15,
            )
            return
        # OSC 52 reaches the clipboard only where the terminal (and tmux) allow it; the text is shown to select.
        self.app.copy_to_clipboard(value)
        self.notify(clean(value), title=f"Copied {what}", markup=False, timeout=15)

    def action_export(self) -> None:
        from ..export import default_name  # the export dialog and its formats load when first used
        from .export_images import ExportScreen

        if self.refuse_on_saved_list("exporting"):
            return
        table = self.image_table
        images = list(table.view)
        if not images:
            self.notify("No image is shown, so there is nothing to export.", severity="warning")
            return
        default = "./" + default_name(self.app.session.environment, self.app.wall_clock().astimezone().date())
        self.app.push_screen(ExportScreen(images, self._describe(len(images)), self._draft(), default), self._done)

    def _draft(self) -> ExportDraft:
        draft: ExportDraft | None = getattr(self, "_export_draft", None)
        if draft is None:
            from .export_images import ExportDraft

            draft = self._export_draft = ExportDraft()
        return draft

    def _describe(self, count: int) -> str:
        """ "12 images as shown (filter "web", sorted by tag, reversed)"."""
        table = self.image_table
        parts = []
        if table.filter_text.strip():
            parts.append(f'filter "{table.filter_text.strip()}"')
        column = getattr(table, "sort_column", None)
        if column:
            parts.append(f"sorted by {column}" + (", reversed" if getattr(table, "sort_reverse", False) else ""))
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
