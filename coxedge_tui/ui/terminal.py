"""How the app meets the terminal it runs in: ANSI palette, ASCII glyphs, the saved theme, hang-ups.

Every glyph the app or Textual draws that an ASCII-only terminal cannot show is in GLYPHS, and
`AsciiGlyphs` swaps them for ASCII on the way out, one cell for one cell, so layouts keep their widths.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import threading
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter
from textual.theme import Theme

from ..settings.config import ConfigError, save_profile_setting
from .text import clean

if TYPE_CHECKING:
    from .app import CoxEdgeApp

log = logging.getLogger(__name__)

ANSI_THEME = "ansi-dark"
HANGUP_GRACE_SECONDS = 3.0
TERMINAL_CHECK_SECONDS = 1.0


def _glyphs() -> dict[str, str]:
    table: dict[str, str] = {}
    for code in range(0x2500, 0x2580):  # box drawing
        name = chr(code)
        table[name] = "+"
    for name in "─━┄┅┈┉╌╍═╴╶╸╺╼╾":
        table[name] = "-"
    for name in "│┃┆┇┊┋╎╏║╵╷╹╻╽╿":
        table[name] = "|"
    for name in "▏▎▍▌▋▊▉▐▕":  # the left and right edges of "tall" and "wide" borders
        table[name] = "|"
    for name in "▔▀▁▂▃":  # top and bottom edges, thin scrollbar ends
        table[name] = "-"
    for name in "▄▅▆▇█▓▒░":
        table[name] = "#"
    table |= {
        "…": "~", "⋯": "~", "›": ">", "‹": "<", "»": ">", "«": "<", "•": "*", "·": ".", "∙": ".",
        "—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"',
        "↑": "^", "↓": "v", "←": "<", "→": ">", "▲": "^", "▼": "v", "◀": "<", "▶": ">", "▸": ">", "▾": "v",
        "✓": "v", "✔": "v", "✗": "x", "✘": "x", "●": "*", "○": "o", "◉": "*", "⏎": "<", "×": "x",
    }  # fmt: skip
    return table


GLYPHS = _glyphs()
_TRANSLATION = str.maketrans(GLYPHS)
# Keys Textual shows as symbols, in words where only ASCII shows (one cell each would make Enter a bare `<`).
KEY_WORDS = {"⏎": "Enter", "↑": "Up", "↓": "Down", "←": "Left", "→": "Right", "⌫": "Backspace"}


def ascii_key_display(shown: str) -> str:
    for symbol, word in KEY_WORDS.items():
        shown = shown.replace(symbol, word)
    return shown


class AsciiGlyphs(LineFilter):
    """Replace the drawing glyphs in rendered lines with ASCII; server text keeps its own letters."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            segment if segment.control else Segment(segment.text.translate(_TRANSLATION), segment.style)
            for segment in segments
        ]


def sixteen_colours(app: CoxEdgeApp) -> bool:
    """A terminal of 16 colours (TERM=screen, linux, xterm); a headless app (tests) has no terminal to meet."""
    return not app.is_headless and app.console.color_system in ("standard", "windows")


def start(app: CoxEdgeApp) -> None:
    """After the session has applied the configured theme: the ANSI theme if asked, then remember changes.

    On 16 colours, Textual's truecolor theme comes out mapped to the nearest of 16 (its yellow as bright
    red, its red as magenta, its orange keys as red); the terminal's own colours keep red for failures.
    """
    settings = app.session.profile
    if sixteen_colours(app):
        app.ansi_color = True
    if (app.session.settings.ansi or sixteen_colours(app)) and not settings.theme:
        app.theme = ANSI_THEME
    known = app.theme

    def changed(theme: Theme) -> None:
        nonlocal known
        if theme.name != known:
            known = theme.name
            save_theme(app, theme.name)

    app.theme_changed_signal.subscribe(app, changed)
    if not app.is_headless:
        install_exit_on_signals(app)
        watch_terminal(app)


def save_theme(app: CoxEdgeApp, name: str) -> None:
    """A theme picked in the app becomes the profile's `theme`."""
    settings = app.session.profile
    if settings.config_path is None:
        return
    try:
        save_profile_setting(settings.config_path, settings.profile, "theme", name)
    except ConfigError as exc:
        app.notify(clean(str(exc)), title="Theme not saved", severity="error", markup=False)
        return
    app.session = app.session.with_profile(replace(settings, theme=name))
    app.notify(
        clean(f"Theme {name} saved in profile {settings.profile} ({settings.config_path})."),
        title="Theme",
        markup=False,
    )


def install_exit_on_signals(app: CoxEdgeApp) -> None:
    """A closed terminal or dropped SSH session (SIGHUP), or a polite kill (SIGTERM), ends the app.

    Handling them, rather than dying of them, restores the terminal on SIGTERM; and a SIGHUP that was
    ignored (`trap '' HUP`, nohup) would otherwise leave the app reading a dead terminal in a busy loop.
    """
    loop = asyncio.get_running_loop()
    for name in ("SIGHUP", "SIGTERM"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            loop.add_signal_handler(number, _leave, app, number)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no such signals
            return


def watch_terminal(app: CoxEdgeApp) -> None:
    """End the app when its terminal has gone, even if no SIGHUP came (it went to a shell that ignores it).

    A hung-up terminal answers every ioctl with EIO while reads return nothing; Textual's input
    thread would spin on those empty reads for ever.
    """
    try:
        import termios
    except ImportError:  # not a POSIX terminal (Windows): nothing to watch
        return
    stdin = sys.__stdin__
    if stdin is None or not stdin.isatty():
        return
    descriptor = stdin.fileno()

    def check() -> None:
        try:
            termios.tcgetattr(descriptor)
        except (termios.error, OSError):
            timer.stop()
            _leave(app, signal.SIGHUP)

    timer = app.set_interval(TERMINAL_CHECK_SECONDS, check, name="terminal-check")


def _leave(app: CoxEdgeApp, number: int) -> None:
    log.info("Leaving on signal %s", signal.Signals(number).name)
    # If the shutdown itself blocks on the vanished terminal, leave anyway.
    watchdog = threading.Timer(HANGUP_GRACE_SECONDS, os._exit, args=(128 + number,))
    watchdog.daemon = True
    watchdog.start()
    app.exit(return_code=128 + number)
