"""The one way the app puts server text on the clipboard: one printable line, or nothing and a word why."""

from __future__ import annotations

from typing import Any

from textual.app import App

from ..text.safe import uncopyable
from .text import clean


def copy_line(app: App[Any], what: str, value: str) -> None:
    """Server text goes on the clipboard only as one printable line: a paste must not run anything."""
    problem = uncopyable(value)
    if problem:
        app.notify(
            f"Nothing was copied: the {what} {problem}. As the server sent it: {clean(value)}",
            title=f"Not copied: {what}",
            severity="warning",
            markup=False,
            timeout=15,
        )
        return
    # OSC 52 reaches the clipboard only where the terminal (and tmux) allow it; the text is shown to select.
    app.copy_to_clipboard(value)
    app.notify(clean(value), title=f"Copied {what}", markup=False, timeout=15)
