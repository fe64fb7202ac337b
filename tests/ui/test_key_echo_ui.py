"""A server that repeats the API key: no screen, notification, screenshot, export or log line of the app shows it.

The key comes from each source in turn (variable, key file, keyring, login screen); the app is built as
`coxedge-tui` builds it, against a careless simulator on loopback (tests/key_echo.py).
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from key_echo import echo_the_key, leaks
from keyring_fakes import MemoryKeyring, installed
from textual.widgets import Input

from coxedge_tui import debuglog
from coxedge_tui.cli import build_app, build_parser
from coxedge_tui.credentials import KEYRING_SERVICE
from coxedge_tui.sim import Simulator
from coxedge_tui.sim.faults import Endpoint, FaultKind
from coxedge_tui.sim.server import SimulatorServer
from coxedge_tui.tasks import TaskTracker
from coxedge_tui.ui.app import CoxEdgeApp, _CurrentClient
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.confirm_delete import ConfirmDeleteScreen
from coxedge_tui.ui.screens.create_image import CreateImageScreen
from coxedge_tui.ui.screens.environments import EnvironmentScreen
from coxedge_tui.ui.screens.export_images import ExportScreen
from coxedge_tui.ui.screens.login import LoginScreen

Until = Callable[..., Awaitable[None]]
KEY = "ck_live_Tui4Lq2Zm0pX9vR4tY8wE1sD6fH7"
MASKED = f"(key …{KEY[-4:]})"
SOURCES = ("variable", "file", "keyring", "login screen")


@pytest.fixture
def world() -> Simulator:
    # Each look at the clock moves it 10 s: a task is pending when accepted and over at its first check.
    sim = Simulator(seed=7, images=24, api_key=KEY, task_delay=15.0, clock=itertools.count(step=10).__next__)
    env = sim.envs["test-area"]
    for image in env.images.values():
        image.description = "nightly build"
    used = next(i for i in env.images.values() if i.custom)
    next(w for w in env.workloads.values() if w.type == "VM").image = used.reference
    echo_the_key(sim)
    return sim


@pytest.fixture
def server(world: Simulator) -> Iterator[SimulatorServer]:
    with SimulatorServer(world) as running:
        yield running


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    """`--debug` as the command line starts it: only a key in COX_API_KEY is known this early."""
    path = debuglog.start(os.environ.get("COX_API_KEY", ""), path=tmp_path / "debug.log")
    yield path
    for name in debuglog.LOGGERS:
        logger = logging.getLogger(name)
        for handler in [h for h in logger.handlers if getattr(h, "baseFilename", None) == str(path)]:
            logger.removeHandler(handler)
            handler.close()


@pytest.fixture(params=SOURCES)
def source(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, server: SimulatorServer
) -> Iterator[tuple[str, list[str]]]:
    """Where the key is, and the arguments that say so."""
    monkeypatch.setenv("COX_API_URL", server.url)
    monkeypatch.setenv("COX_ENVIRONMENT", "test-area")
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(tmp_path / "downloads"))
    (tmp_path / "downloads").mkdir()
    args = ["--no-cache"]
    if request.param == "variable":
        monkeypatch.setenv("COX_API_KEY", KEY)
    elif request.param == "file":
        path = tmp_path / "key"
        path.write_text(KEY + "\n")
        path.chmod(0o600)
        args.append(f"--api-key-file={path}")
    memory = MemoryKeyring()
    if request.param == "keyring":
        memory.set_password(KEYRING_SERVICE, "default", KEY)
    with installed(memory):
        yield request.param, args


def app_for(args: list[str]) -> CoxEdgeApp:
    app = build_app(build_parser().parse_args(args))
    app.tracker = TaskTracker(_CurrentClient(app), on_change=app._task_changed, first_interval=0.05)
    return app


async def test_a_server_repeating_the_key_never_gets_it_shown_saved_or_logged(
    source: tuple[str, list[str]],
    world: Simulator,
    debug_log: Path,
    tmp_path: Path,
    screen: Callable[[CoxEdgeApp], str],
    until: Until,
) -> None:
    where, args = source
    app = app_for(args)
    seen: list[str] = []

    def look() -> str:
        shown = screen(app)
        seen.extend([shown, app.export_screenshot()])
        seen.extend(f"{n.title} {n.message}" for n in app._notifications)
        return shown

    async with app.run_test(size=(150, 45)) as pilot:
        if where == "login screen":
            await until(lambda: isinstance(app.screen, LoginScreen), what="the login screen")
            app.screen.query_one("#login-key", Input).value = KEY
            await pilot.click("#login-verify")
            await until(lambda: "The key works" in look(), what="the key accepted")
            await pilot.click("#store-session")
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0)
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        used = next(n for n, i in enumerate(browse.image_table.view) if i.reference and "web" in i.reference)
        browse.image_table.move_cursor(row=used)
        await until(lambda: "nightly build " + MASKED in look(), what="the description, key masked")

        await pilot.press("e")
        await until(lambda: isinstance(app.screen, EnvironmentScreen) and "Enter switches" in look(), what="envs")
        assert "test-area " + MASKED in look()
        await pilot.press("escape")

        await pilot.press("n")
        await until(lambda: isinstance(app.screen, CreateImageScreen), what="the create dialog")
        await until(lambda: not app.screen.query_one("#workload-pick").disabled, what="the workloads")
        await pilot.click("#workload-pick")
        await until(lambda: MASKED in look(), what="workload names, key masked")
        await pilot.press("escape", "escape")
        await until(lambda: app.screen is browse, what="back to the list")

        world.fail_next_tasks = 1
        await pilot.press("d")
        await until(lambda: isinstance(app.screen, ConfirmDeleteScreen) and "used by" in look(), what="usage")
        assert "web-vm " + MASKED in look()
        await pilot.press("y", "t")
        await until(lambda: "edge node. " + MASKED in look(), what="the task's failure, key masked")

        world.faults.always(Endpoint.LIST, FaultKind.FORBIDDEN)
        await pilot.press("r")
        await until(lambda: isinstance(app.screen, LoginScreen), what="the login screen with the refusal")
        assert MASKED in look()
        world.faults.clear()
        await pilot.press("escape")
        await until(lambda: app.screen is browse, what="back to the list")
        await pilot.press("r")

        await pilot.press("ctrl+p")
        await pilot.press(*"screenshot")
        await pilot.pause(0.3)
        await pilot.press("enter")
        downloads = tmp_path / "downloads"
        await until(lambda: any(downloads.iterdir()), what="the screenshot")
        shots = list(downloads.iterdir())

        await pilot.press("x")
        await until(lambda: isinstance(app.screen, ExportScreen), what="the export dialog")
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "images.csv")
        await pilot.press("enter")
        await until(lambda: (tmp_path / "images.csv").exists(), what="the export")
        look()

    assert [s.name for s in shots if s.suffix == ".svg"] == [s.name for s in shots]
    assert [oct(s.stat().st_mode & 0o777) for s in shots] == ["0o600"], "screenshots are private, like exports"
    files = [s.read_text() for s in shots] + [(tmp_path / "images.csv").read_text()]
    assert all(MASKED in f.replace("&#160;", " ") for f in files), "the files hold the server's text, key masked"
    assert [f for f in files if leaks(f, KEY)] == []
    assert [t for t in seen if leaks(t, KEY)] == []
    logged = debug_log.read_text()
    assert "X-Echo-Key" in logged, "the log holds the answers' headers"
    assert not leaks(logged, KEY)
