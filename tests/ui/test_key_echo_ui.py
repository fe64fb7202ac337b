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
from textual.pilot import Pilot
from textual.widgets import Input

from coxedge_tui import debuglog
from coxedge_tui.cli import build_app, build_parser
from coxedge_tui.settings.credentials import KEYRING_SERVICE
from coxedge_tui.sim import Simulator
from coxedge_tui.sim.faults import Endpoint, FaultKind
from coxedge_tui.sim.server import SimulatorServer
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.confirm_delete import ConfirmDeleteScreen
from coxedge_tui.ui.screens.create_image import CreateImageScreen
from coxedge_tui.ui.screens.environments import EnvironmentScreen
from coxedge_tui.ui.screens.export_images import ExportScreen
from coxedge_tui.ui.screens.login import LoginScreen
from tests.ui.conftest import virtual_tasks
from tests.virtual_time import VirtualTime

Until = Callable[..., Awaitable[None]]
KEY = "ck_live_Tui4Lq2Zm0pX9vR4tY8wE1sD6fH7"
MASKED = f"(key …{KEY[-4:]})"
WRONG_KEY = "ck_live_Typo4Lq2Zm0pX9vR4tY8wE1sD6fJ9"
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
    args = ["--no-cache", "--debug"]  # the log itself is started by the debug_log fixture, as main() would
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


def app_for(args: list[str], vt: VirtualTime) -> CoxEdgeApp:
    """The app as `coxedge-tui ARGS` builds it, its task checks on virtual time."""
    app = build_app(build_parser().parse_args(args), tracker=virtual_tasks(vt))
    assert app.tracker.now() == vt.clock(), "the app follows tasks with the tracker it was given"
    return app


class Session:
    """The app as `coxedge-tui` builds it for one key source, and everything a person or a file got to see."""

    def __init__(self, app: CoxEdgeApp, screen: Callable[[CoxEdgeApp], str]) -> None:
        self.app = app
        self.screen = screen
        self.seen: list[str] = []

    def shows(self, text: str) -> bool:
        return text in self.screen(self.app)

    def look(self) -> str:
        """What the screen shows now; kept, with an SVG screenshot and the notifications, for the final check."""
        shown = self.screen(self.app)
        self.seen.extend([shown, self.app.export_screenshot()])
        self.seen.extend(f"{n.title} {n.message}" for n in self.app._notifications)
        return shown


async def browse_with_the_key(where: str, s: Session, pilot: Pilot[None], until: Until) -> BrowseScreen:
    """Log in when the key is to be typed, then wait for the list and select an image a workload uses."""
    app = s.app
    if where == "login screen":
        await until(lambda: isinstance(app.screen, LoginScreen), what="the login screen")
        app.screen.query_one("#login-key", Input).value = WRONG_KEY
        await pilot.click("#login-verify")
        await until(lambda: s.shows("Invalid API key"), what="the refusal")
        assert f"(key …{WRONG_KEY[-4:]})" in s.look() and not leaks("\n".join(s.seen), WRONG_KEY)
        app.screen.query_one("#login-key", Input).value = KEY
        await pilot.press("enter")  # the refusal left the focus in the key field, where Enter verifies
        await until(lambda: s.shows("The key works"), what="the key accepted")
        s.look()
        await pilot.click("#store-session")
    await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0)
    browse = app.screen
    assert isinstance(browse, BrowseScreen)
    used = next(n for n, i in enumerate(browse.image_table.view) if i.reference and "web" in i.reference)
    browse.image_table.move_cursor(row=used)
    await until(lambda: s.shows("nightly build " + MASKED), what="the description, key masked")
    s.look()
    return browse


async def test_the_key_a_server_repeats_is_masked_on_screen_and_in_the_log_whatever_its_source(
    source: tuple[str, list[str]],
    world: Simulator,
    debug_log: Path,
    vt: VirtualTime,
    screen: Callable[[CoxEdgeApp], str],
    until: Until,
) -> None:
    where, args = source
    s = Session(app_for(args, vt), screen)
    async with s.app.run_test(size=(150, 45)) as pilot:
        await browse_with_the_key(where, s, pilot, until)
        world.faults.always(Endpoint.LIST, FaultKind.FORBIDDEN)
        await pilot.press("r")
        await until(lambda: isinstance(s.app.screen, LoginScreen), what="the login screen with the refusal")
        assert MASKED in s.look()
        assert any(MASKED in n.message for n in s.app._notifications)
    assert [t for t in s.seen if leaks(t, KEY)] == []
    logged = debug_log.read_text()
    assert "X-Echo-Key" in logged, "the log holds the answers' headers"
    assert not leaks(logged, KEY)


@pytest.mark.long(6)
@pytest.mark.parametrize("source", ["login screen"], indirect=True)
async def test_every_dialog_panel_screenshot_and_export_masks_the_key(
    source: tuple[str, list[str]],
    world: Simulator,
    tmp_path: Path,
    vt: VirtualTime,
    screen: Callable[[CoxEdgeApp], str],
    until: Until,
) -> None:
    where, args = source
    s = Session(app_for(args, vt), screen)
    app = s.app
    async with app.run_test(size=(150, 45)) as pilot:
        browse = await browse_with_the_key(where, s, pilot, until)

        await pilot.press("e")
        await until(lambda: isinstance(app.screen, EnvironmentScreen) and s.shows("Enter switches"), what="envs")
        assert "test-area " + MASKED in s.look()
        await pilot.press("escape")

        await pilot.press("n")
        await until(lambda: isinstance(app.screen, CreateImageScreen), what="the create dialog")
        await until(lambda: not app.screen.query_one("#workload-pick").disabled, what="the workloads")
        await pilot.click("#workload-pick")
        await until(lambda: s.shows(MASKED), what="workload names, key masked")
        s.look()
        await pilot.press("escape", "escape")
        await until(lambda: app.screen is browse, what="back to the list")

        world.fail_next_tasks = 1
        await pilot.press("d")
        await until(lambda: isinstance(app.screen, ConfirmDeleteScreen) and s.shows("used by"), what="usage")
        assert "web-vm " + MASKED in s.look()
        await pilot.press("y")
        await until(lambda: app.tracker.tasks, what="the delete's task followed")
        await vt.run_until(app.tracker, lambda: not app.tracker.running)  # checked once: it has failed
        await pilot.press("t")
        await until(lambda: s.shows("edge node. " + MASKED), what="the task's failure, key masked")
        s.look()

        await pilot.press("ctrl+p")
        app.screen.query_one(Input).value = "screenshot"  # set, not typed: the search runs on the value
        await until(lambda: s.shows("Save an SVG 'screenshot'"), what="the palette's Screenshot")
        await pilot.press("enter")
        downloads = tmp_path / "downloads"
        await until(lambda: any(downloads.iterdir()), what="the screenshot")
        shots = list(downloads.iterdir())
        assert any("Saved to " in n.message and "readable by you only" in n.message for n in app._notifications)

        await pilot.press("x")
        await until(lambda: isinstance(app.screen, ExportScreen), what="the export dialog")
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "images.csv")
        await pilot.press("enter")
        await until(lambda: (tmp_path / "images.csv").exists(), what="the export")
        s.look()

    assert [shot.suffix for shot in shots] == [".svg"]
    assert [oct(shot.stat().st_mode & 0o777) for shot in shots] == ["0o600"], "screenshots are private, like exports"
    files = [shots[0].read_text(), (tmp_path / "images.csv").read_text()]
    assert all(MASKED in f.replace("&#160;", " ") for f in files), "the files hold the server's text, key masked"
    assert [f for f in files if leaks(f, KEY)] == []
    assert [t for t in s.seen if leaks(t, KEY)] == []
