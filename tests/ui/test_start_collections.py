"""The console script starts with garbage collections paused; the first rows, a command or a wait end the pause."""

from __future__ import annotations

import argparse
import gc
import sys
import tomllib
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from coxedge_tui import cli, launch
from coxedge_tui.api import background
from coxedge_tui.connect import Account, demo_client
from coxedge_tui.settings.config import Settings
from coxedge_tui.settings.credentials import find_api_key
from coxedge_tui.sim import Simulator
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens import browse as browse_module
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.login import LoginScreen
from tests.ui.conftest import list_paints

Until = Callable[..., Awaitable[None]]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pause_ended() -> Iterator[None]:
    """Whatever a test leaves, the start's pause is over and the collector on after it."""
    yield
    background.end_start_pause()
    gc.enable()


@pytest.fixture
def start_paused(pause_ended: None) -> None:
    """The pause as the console script takes it."""
    background.pause_for_start()


def test_the_console_script_and_python_m_start_paused(pause_ended: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with open(ROOT / "pyproject.toml", "rb") as project:
        assert tomllib.load(project)["project"]["scripts"]["coxedge-tui"] == "coxedge_tui.launch:main"
    assert "from .launch import main" in (ROOT / "coxedge_tui" / "__main__.py").read_text(encoding="utf-8")
    seen: list[bool] = []

    def command_line() -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(cli, "main", command_line)
    assert launch.main() == 0
    assert seen == [False]  # the command line and the UI load with no collection


def test_the_pause_stops_collections_and_its_end_freezes_what_the_start_made(start_paused: None) -> None:
    assert not gc.isenabled()
    background.pause_for_start()  # a second pause is the same pause: one end resumes
    made: list[list[int]] = [[] for _ in range(100)]  # tracked by the collector, as a start's objects are
    background.end_start_pause()
    assert gc.isenabled()
    assert not any(tracked is made[0] for tracked in gc.get_objects())  # frozen: no collection walks it
    gc.disable()
    background.end_start_pause()  # ended already: it changes nothing
    assert not gc.isenabled()


def test_a_start_that_ends_before_any_list_leaves_the_first_list_no_full_collection(
    start_paused: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(background, "_reclaimed_at", 0)  # as in a new process: no list frozen yet
    background.end_start_pause()  # no list came in time (a slow list, the login screen)
    collections: list[int] = []

    def collect(generation: int = 2) -> int:
        collections.append(generation)
        return 0

    monkeypatch.setattr(gc, "collect", collect)
    with background.collections_paused():  # the first list: far more memory than the start had
        first_list = [(n, n) for n in range(sys.getallocatedblocks() // 2)]  # two blocks each: double
    with background.collections_paused():  # the next refresh
        pass
    assert collections == []  # the first list set the measure of growth, not the start
    del first_list


def test_a_decode_during_the_start_leaves_collections_paused_until_the_start_ends(start_paused: None) -> None:
    with background.collections_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the start is not over
    background.end_start_pause()
    assert gc.isenabled()


def test_a_decode_still_running_when_the_start_ends_keeps_collections_paused(start_paused: None) -> None:
    with background.collections_paused():
        background.end_start_pause()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_command_runs_with_collections_on(start_paused: None, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def handler(args: argparse.Namespace) -> int:
        seen.append(gc.isenabled())
        return 0

    command = argparse.Namespace(command="images", handler=handler, debug=False)
    monkeypatch.setattr(cli, "parse_arguments", lambda words: command)
    assert cli.main(["images", "list"]) == 0
    assert seen == [True]


async def test_collections_resume_once_the_first_rows_are_painted(
    app: CoxEdgeApp, until: Until, start_paused: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browse_module, "START_DONE_AT_LATEST", 60)  # only the rows may end the pause here
    seen = list_paints(monkeypatch, lambda table: gc.isenabled())  # (rows, collector on)
    async with app.run_test(size=(120, 36)):
        await until(lambda: isinstance(app.screen, BrowseScreen), what="the list")
        await until(gc.isenabled, what="collections")
        assert any(rows for rows, _ in seen)
    first_rows = next(on for rows, on in seen if rows)
    assert first_rows is False  # the first rows were painted while still paused


async def test_collections_resume_even_while_no_row_has_come(
    app: CoxEdgeApp, sim: Simulator, until: Until, start_paused: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    sim.latency = 30.0  # the list is on its way for the whole test
    monkeypatch.setattr(browse_module, "START_DONE_AT_LATEST", 0.05)
    async with app.run_test(size=(120, 36)):
        await until(lambda: isinstance(app.screen, BrowseScreen), what="the list")
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        await until(gc.isenabled, what="collections")
        assert browse.image_table.row_count == 0


async def test_collections_resume_under_the_login_screen_of_a_fresh_machine(
    settings: Settings, until: Until, start_paused: None
) -> None:
    client, shown = demo_client(settings, latency=0)
    lookup = find_api_key({}, keyring_reader=lambda profile: None)
    app = CoxEdgeApp(client, shown, account=Account(settings, lookup=lookup, login_at_start=True))
    async with app.run_test(size=(120, 36)):
        await until(lambda: isinstance(app.screen, LoginScreen), what="the login screen")
        await until(gc.isenabled, what="collections")
        assert isinstance(app.screen, LoginScreen)


async def test_an_app_that_ends_before_the_list_leaves_collections_on(
    app: CoxEdgeApp, sim: Simulator, start_paused: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    sim.latency = 30.0
    monkeypatch.setattr(browse_module, "START_DONE_AT_LATEST", 60)
    async with app.run_test(size=(120, 36)):
        assert not gc.isenabled()
    assert gc.isenabled()
