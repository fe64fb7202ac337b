"""`f`: the list grouped by family, one row per family (tag count, newest tag), expanding to its tags.

It shows the list's images as filtered; the image under its cursor becomes the list's selected image
(a family row selects its newest tag), so the detail pane and every key that acts on one image follow it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from itertools import groupby
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree

from ...text.ages import age_text
from ..text import clean, status_text

if TYPE_CHECKING:
    from ...api.models import Image

NO_DATE = datetime.min.replace(tzinfo=UTC)


def newest_first(images: Iterable[Image]) -> list[Image]:
    """Tags newest first by createdAt; undated ones last."""
    return sorted(images, key=lambda i: (i.created_at or NO_DATE, i.tag or ""), reverse=True)


def by_family(images: Iterable[Image]) -> list[tuple[str, list[Image]]]:
    """(family, its images newest first), families in name order."""
    ordered = sorted(images, key=lambda i: i.family or "")
    return [(family, newest_first(group)) for family, group in groupby(ordered, key=lambda i: i.family or "")]


class FamilyTree(Tree["Image | None"]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,l", "expand", "Expand", show=False, id="families.expand", tooltip="Show the family's tags"),
        Binding("left,h", "collapse", "Collapse", show=False, id="families.collapse", tooltip="Fold the family"),
        Binding("escape", "leave", "Flat list", show=False, id="families.leave", tooltip="Back to the flat list"),
    ]

    class Chosen(Message):
        """The tree's cursor is now on `image` (a family row: its newest tag)."""

        def __init__(self, image: Image) -> None:
            super().__init__()
            self.image = image

    class Leave(Message):
        """Esc: back to the flat list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Families", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self._family_of: dict[int, str] = {}  # family row's node id → its family

    def show_images(self, images: Iterable[Image]) -> None:
        """Rebuild from `images`; the families that were open stay open, the cursor on the same row."""
        opened = {self._family_of.get(node.id) for node in self.root.children if node.is_expanded}
        line = self.cursor_line
        now = self.clock()
        self.clear()
        self._family_of = {}
        for family, tags in by_family(images):
            newest = tags[0]
            count = f"{len(tags)} tag" if len(tags) == 1 else f"{len(tags)} tags"
            label = Text(clean(family or "(no family)"), style="bold")
            label.append(f"  {count} · newest {clean(newest.tag)} ({age_text(newest.created_at, now)})", style="")
            node = self.root.add(label, data=None, expand=family in opened)
            self._family_of[node.id] = family
            for image in tags:
                leaf = Text(clean(image.tag))
                leaf.append("  ")
                leaf.append_text(status_text(image.status))
                leaf.append(f"  {age_text(image.created_at, now)}", style="dim")
                node.add_leaf(leaf, data=image)
        self.cursor_line = max(0, line)

    def action_expand(self) -> None:
        node = self.cursor_node
        if node is not None and node.allow_expand:
            node.expand()

    def action_collapse(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.data is not None and node.parent is not None:
            self.move_cursor(node.parent)  # on a tag: up to its family
        else:
            node.collapse()

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Image | None]) -> None:
        event.stop()
        node = event.node
        image = node.data
        if image is None and node.children:
            image = node.children[0].data
        if image is not None:
            self.post_message(self.Chosen(image))
