"""`f` of the browse screen: the list grouped by family in the list's place, and back again."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...api.models import Image
    from ..widgets.family_tree import FamilyTree
    from .browse import BrowseScreen


class FamilyView:
    """Holds the family tree, made on first use of `f`, and keeps it in step with the list."""

    def __init__(self, screen: BrowseScreen) -> None:
        self.screen = screen
        self.tree: FamilyTree | None = None

    @property
    def shown(self) -> bool:
        return self.tree is not None and self.tree.display

    async def toggle(self) -> None:
        if self.shown:
            self.leave()
            return
        screen = self.screen
        tree = self.tree
        if tree is None:
            from ..widgets.family_tree import FamilyTree  # made on first use: the first screen does not show it

            tree = self.tree = FamilyTree(id="families")
            tree.clock = lambda: screen.app.wall_clock()
            await screen.query_one("#panes").mount(tree, after="#images")
        tree.show_images(screen.image_table.view)
        screen.image_table.display = False
        tree.display = True
        tree.focus()

    def leave(self) -> None:
        if self.tree is None:
            return
        self.tree.display = False
        self.screen.image_table.display = True
        self.screen.image_table.focus()

    def listed(self) -> None:
        """A refresh or a filter: the tree shows the list as it is now."""
        if self.tree is not None and self.shown:
            self.tree.show_images(self.screen.image_table.view)

    def chosen(self, image: Image) -> None:
        """The tree's image becomes the list's selected one, so d, c, space and the detail pane act on it."""
        table = self.screen.image_table
        row = next((n for n, shown in enumerate(table.view) if shown.id == image.id), None)
        if row is not None:
            table.move_cursor(row=row)
