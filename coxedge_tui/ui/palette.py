"""The command palette: every action of the app by name (ctrl+p)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from . import session
from .screens.browse import BrowseScreen

if TYPE_CHECKING:
    from .app import CoxEdgeApp


def commands(app: CoxEdgeApp, screen: Screen[object]) -> Iterable[SystemCommand]:
    if isinstance(screen, BrowseScreen):
        table = screen.image_table
        yield SystemCommand("Refresh images", "Reload the image list now (r)", screen.action_refresh)
        yield SystemCommand("Filter images", "Filter the list by text (/)", screen.action_filter)
        yield SystemCommand("Clear the filter", "Show every image again (Esc)", screen.action_clear_filter)
        yield SystemCommand(
            "Sort by the next column", "Created, family, tag, status, reference (s)", table.action_cycle_sort
        )
        yield SystemCommand(
            "Reverse the sort order", "Newest or oldest first, A-Z or Z-A (S)", table.action_reverse_sort
        )
        yield SystemCommand("Show all images", "Default and custom images (1)", lambda: screen.action_image_type("all"))
        yield SystemCommand(
            "Show default images", "The provider's images (2)", lambda: screen.action_image_type("default")
        )
        yield SystemCommand("Show custom images", "Your own images (3)", lambda: screen.action_image_type("custom"))
        yield SystemCommand("Copy image id", "Copy the selected image's id (c)", screen.action_copy_id)
        yield SystemCommand(
            "Copy image reference", "Copy the selected image's reference (C)", screen.action_copy_reference
        )
        yield SystemCommand("Export images", "Save the list as shown to a JSON or CSV file (x)", screen.action_export)
        yield SystemCommand("New custom image", "Create an image from a VM instance (n)", screen.action_new_image)
        yield SystemCommand("Delete image", "Delete the selected custom image (d)", screen.action_delete_image)
        yield SystemCommand("Prune…", "Keep the newest tags per family, mark the older rest (P)", screen.action_prune)
        yield SystemCommand("Show tasks", "Show or hide this session's tasks (t)", screen.action_toggle_tasks)
    yield SystemCommand("Switch environment", "Pick the environment to browse (e)", app.action_environments)
    yield SystemCommand("Log in / change API key", "Enter and verify an API key (L)", app.action_login)
    yield SystemCommand("Forget API key", "Remove the key from the OS keyring", lambda: session.forget_key(app))
    yield SystemCommand("Show keys", "Every key of coxedge-tui (?)", app.action_help)
