"""The profile's own keys in the app: a keymap moves a key (help and footer say so), a clash is reported naming
both bindings, and a command of the user's runs on the selected image and shows its output and exit code."""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

import pytest

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.cli import print_key_problems
from coxedge_tui.connect import Account
from coxedge_tui.settings.config import Settings
from coxedge_tui.settings.credentials import ApiKey
from coxedge_tui.settings.keymap import CustomCommand
from coxedge_tui.sim import DEFAULT_KEY
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.command_output import CommandOutputScreen
from coxedge_tui.ui.screens.help import HelpScreen

Until = Callable[..., Awaitable[None]]
Screen = Callable[[CoxEdgeApp], str]

# Writes its environment to the file named first, prints the rest of its argv as JSON, says one line on stderr.
CHILD = (
    "import json, os, sys; json.dump(dict(os.environ), open(sys.argv[1], 'w')); "
    "print(json.dumps(sys.argv[2:])); print('scanned', file=sys.stderr); sys.exit(4)"
)


def said(app: CoxEdgeApp) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


async def test_a_keymap_moves_a_key_and_a_clash_is_reported_naming_both_bindings(
    client: CoxEdgeClient, settings: Settings, until: Until, screen: Screen, capsys: pytest.CaptureFixture[str]
) -> None:
    keymap = (("browse.tasks", "f6"), ("browse.new", "q"))
    app = CoxEdgeApp(client, replace(settings, keymap=keymap))
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count, what="rows")
        await until(lambda: "Your keys" in said(app), what="the clash reported")
        assert "'app.quit' and 'browse.new' are both on q (the list)" in said(app)
        assert app.key_problems == [
            "'app.quit' and 'browse.new' are both on q (the list): change one of them in the keymap."
        ]
        await until(lambda: "f6 Tasks" in screen(app).splitlines()[-1], what="the footer's keys")

        await pilot.press("t")
        await pilot.pause()
        assert "Operation" not in screen(app)
        await pilot.press("f6")
        await until(lambda: "Operation" in screen(app), what="the tasks panel, by f6")

    print_key_problems(app)  # what the command line prints once the terminal is back
    assert capsys.readouterr().err == (
        "coxedge-tui: keys: 'app.quit' and 'browse.new' are both on q (the list): change one of them in the keymap.\n"
    )


def command_settings(settings: Settings, tmp_path: Path) -> Settings:
    run = (sys.executable, "-c", CHILD, str(tmp_path / "env.json"), "{id}", "tag={tag}", "{environment}")
    return replace(settings, commands=(CustomCommand("v", "Scan image", run), CustomCommand("r", "Taken", ("x",))))


async def test_a_command_of_the_profile_runs_on_the_selected_image_without_the_key(
    client: CoxEdgeClient, settings: Settings, until: Until, screen: Screen, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COX_API_KEY", DEFAULT_KEY)
    monkeypatch.setenv("SOME_TOOL_AUTH", f"Bearer {DEFAULT_KEY}")
    settings = command_settings(settings, tmp_path)
    app = CoxEdgeApp(client, settings, account=Account(settings, key=ApiKey(DEFAULT_KEY, "COX_API_KEY")))
    async with app.run_test(size=(140, 48), notifications=True) as pilot:  # the help's every line on screen
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count, what="rows")
        await until(lambda: "Your keys" in said(app), what="the taken key reported")
        assert "Your command 'Taken' is on r, which 'browse.refresh' already uses" in said(app)
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        image = browse.image_table.current_image
        assert image is not None

        await pilot.press("v")
        await until(lambda: isinstance(app.screen, CommandOutputScreen) and app.screen.result, what="the output")
        shown = screen(app)
        assert json.dumps([image.id, f"tag={image.tag}", "test-area"]) in shown
        assert "scanned" in shown and "Exit code 4 after" in shown
        child_env = json.loads((tmp_path / "env.json").read_text())
        assert "COX_API_KEY" not in child_env and "SOME_TOOL_AUTH" not in child_env
        assert not any(DEFAULT_KEY in value for value in child_env.values())

        await pilot.press("escape")
        app.clear_notifications()
        await pilot.press("question_mark")
        await until(lambda: isinstance(app.screen, HelpScreen), what="the keys help")
        help_lines = [line for line in screen(app).splitlines() if "Scan image" in line]
        assert len(help_lines) == 1 and help_lines[0].split("│")[0].split("█")[-1].strip() == "v"
        assert "Taken" not in screen(app)
        await pilot.press("escape")
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Scan image" in commands and "Taken" not in commands
        assert commands["Scan image"].help.endswith("(v)")


async def test_a_command_on_an_everywhere_row_is_given_that_rows_environment(
    client: CoxEdgeClient, settings: Settings, until: Until, screen: Screen, tmp_path: Path
) -> None:
    app = CoxEdgeApp(client, replace(command_settings(settings, tmp_path), all_environments=True))
    async with app.run_test(size=(140, 40)) as pilot:
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        place = browse.environment_of
        await until(lambda: any(place(i) == "production" for i in browse.image_table.view), what="production rows")
        row = next(n for n, i in enumerate(browse.image_table.view) if place(i) == "production")
        browse.image_table.move_cursor(row=row)
        image = browse.image_table.current_image
        assert image is not None

        await pilot.press("v")
        await until(lambda: isinstance(app.screen, CommandOutputScreen) and app.screen.result, what="the output")
        assert json.dumps([image.id, f"tag={image.tag}", "production"]) in screen(app)
