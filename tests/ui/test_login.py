"""The login screen and the environment picker, driven through the pilot against the simulator on loopback."""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from keyring.backends import fail
from keyring_fakes import MemoryKeyring, installed
from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Static

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.cli import build_app, build_parser
from coxedge_tui.connect import Account, demo_client, real_client
from coxedge_tui.settings.config import Settings
from coxedge_tui.settings.credentials import KEYRING_SERVICE, ApiKey, find_api_key
from coxedge_tui.sim import Simulator
from coxedge_tui.sim.server import SimulatorServer
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.environments import EnvironmentScreen
from coxedge_tui.ui.screens.login import ForgetKeyScreen, LoginScreen

SECRET = "cx-live-4f9a8e7d6c5b4a39"
SIZE = (120, 36)


@pytest.fixture
def world() -> Simulator:
    return Simulator(seed=7, images=30, api_key=SECRET)


@pytest.fixture
def server(world: Simulator) -> Iterator[SimulatorServer]:
    with SimulatorServer(world) as running:
        yield running


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    with installed(backend):
        yield backend


def real_settings(server: SimulatorServer, tmp_path: Path, environment: str = "") -> Settings:
    return Settings(
        api_url=server.url, environment=environment, refresh_seconds=0, config_path=tmp_path / "config.toml"
    )


def demo_app_asking_for_a_key(server: SimulatorServer, tmp_path: Path) -> CoxEdgeApp:
    """What a fresh machine gets: the simulator, with the login screen on top."""
    settings = real_settings(server, tmp_path)
    client, shown = demo_client(settings, latency=0)
    lookup = find_api_key({}, keyring_reader=lambda profile: None)
    account = Account(settings, lookup=lookup, login_at_start=True)
    return CoxEdgeApp(client, shown, account=account)


async def settle(pilot: Pilot[None], app: CoxEdgeApp) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def enter_key(pilot: Pilot[None], app: CoxEdgeApp, value: str) -> None:
    app.screen.query_one("#login-key", Input).value = value
    await pilot.click("#login-verify")
    await settle(pilot, app)


def browse(app: CoxEdgeApp) -> BrowseScreen:
    return next(s for s in app.screen_stack if isinstance(s, BrowseScreen))


def text_of(app: CoxEdgeApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_with_no_key_the_app_opens_on_the_simulator_under_the_login_screen(
    server: SimulatorServer, tmp_path: Path
) -> None:
    app = demo_app_asking_for_a_key(server, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, LoginScreen)
        assert app.session.demo is True
        assert browse(app).image_table.row_count == 40
        intro = text_of(app, "#login-intro")
        assert "No API key was found. Looked in: COX_API_KEY, COX_API_KEY_FILE, the OS keyring" in intro
        assert app.screen.query_one("#login-cancel", Button).label.plain == "Continue with the simulator"
        assert app.screen.query_one("#login-key", Input).password is True
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert app.session.demo is True


async def test_a_wrong_key_shows_the_servers_refusal_and_keeps_the_typed_text(
    server: SimulatorServer, tmp_path: Path, memory: MemoryKeyring
) -> None:
    app = demo_app_asking_for_a_key(server, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await enter_key(pilot, app, "wrong-key-1234567")
        assert isinstance(app.screen, LoginScreen)
        assert "Invalid API key (HTTP 403)" in text_of(app, "#login-error")
        assert app.screen.query_one("#login-key", Input).value == "wrong-key-1234567"
        assert app.session.demo is True
    assert memory.entries == {}


async def test_a_right_key_is_stored_in_the_keyring_and_the_app_switches_to_the_account(
    server: SimulatorServer, tmp_path: Path, memory: MemoryKeyring, world: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    app = demo_app_asking_for_a_key(server, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await enter_key(pilot, app, SECRET)
        assert "The key works: 2 environment(s) visible (test-area, production)" in text_of(app, "#store-text")
        assert app.screen.query_one("#login-key", Input).value == ""
        await pilot.click("#store-keyring")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert (app.session.demo, app.client.base_url, app.client.environment) == (False, server.url, "test-area")
        assert screen.image_table.row_count == 30
        assert " DEMO " not in text_of(app, "#status")
        logged_in = "Stored in the OS keyring as coxedge-tui/default. Now using"
        assert any(n.message.startswith(logged_in) for n in app._notifications)
        screenshot = app.export_screenshot().replace("&#160;", " ")
    assert memory.entries == {(KEYRING_SERVICE, "default"): SECRET}
    assert "30 images" in screenshot and SECRET not in screenshot
    assert "HTTP Request: GET" in caplog.text and SECRET not in caplog.text
    assert ("GET", "/api/v2/services/edge-services/test-area/images") in world.requests
    assert not any(SECRET in path for _, path in world.requests)


async def test_without_a_keyring_the_key_is_kept_for_the_session_only(server: SimulatorServer, tmp_path: Path) -> None:
    app = demo_app_asking_for_a_key(server, tmp_path)
    with installed(fail.Keyring()):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await enter_key(pilot, app, SECRET)
            assert "The key is kept for this session only: keyring unavailable" in text_of(app, "#store-text")
            assert app.screen.query_one("#store-keyring", Button).display is False
            await pilot.click("#store-session")
            await settle(pilot, app)
            assert app.session.demo is False
            assert browse(app).image_table.row_count == 30
    assert not (tmp_path / "keys").exists()


async def test_a_key_file_is_written_only_after_the_user_asks_twice(server: SimulatorServer, tmp_path: Path) -> None:
    app = demo_app_asking_for_a_key(server, tmp_path)
    with installed(fail.Keyring()):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await enter_key(pilot, app, SECRET)
            assert app.screen.query_one("#store-file", Button).display is False
            await pilot.click("#store-file-ask")
            await pilot.pause()
            assert "NOT encrypted" in text_of(app, "#store-file-warning")
            assert not (tmp_path / "keys").exists()
            await pilot.click("#store-file")
            await settle(pilot, app)
    path = tmp_path / "keys" / "default.key"
    assert path.read_text().strip() == SECRET
    assert path.stat().st_mode & 0o777 == 0o600
    profile = tomllib.loads((tmp_path / "config.toml").read_text())["profiles"]["default"]
    assert profile == {"api_key_file": str(path)}


async def test_a_refused_key_offers_the_login_screen_over_the_users_place(
    server: SimulatorServer, tmp_path: Path, memory: MemoryKeyring
) -> None:
    settings = real_settings(server, tmp_path, environment="test-area")
    stale = ApiKey("revoked-key-00000000", "COX_API_KEY")
    app = CoxEdgeApp(real_client(settings, stale), settings, account=Account(settings, key=stale))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, LoginScreen)
        assert isinstance(app.screen_stack[-2], BrowseScreen)
        assert not [n for n in app._notifications if "Press L" in n.message], "told to open what is open"
        intro = text_of(app, "#login-intro")
        assert "The server refused the API key from COX_API_KEY" in intro and "Invalid API key" in intro
        assert app.screen.query_one("#login-cancel", Button).label.plain == "Keep the current key"
        refused_screen = app.export_screenshot().replace("&#160;", " ")
        await enter_key(pilot, app, SECRET)
        await pilot.click("#store-session")
        await settle(pilot, app)
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.image_table.row_count == 30
        browsing_screen = app.export_screenshot().replace("&#160;", " ")
    assert memory.entries == {}
    assert "Invalid API key" in refused_screen
    for screenshot in (refused_screen, browsing_screen):
        assert stale.value not in screenshot and SECRET not in screenshot


async def test_with_a_portal_named_and_no_key_there_is_no_simulator(
    server: SimulatorServer, memory: MemoryKeyring, world: Simulator
) -> None:
    app = build_app(build_parser().parse_args(["--api-url", server.url, "--refresh", "0"]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, LoginScreen)
        assert app.session.demo is False
        assert app.screen.query_one("#login-cancel", Button).label.plain == "Quit"
        await pilot.press("escape")
        await settle(pilot, app)
        assert browse(app).image_table.row_count == 0
        assert world.requests == []
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)


async def test_a_fresh_machine_opens_the_demo_with_the_login_screen(memory: MemoryKeyring) -> None:
    app = build_app(build_parser().parse_args(["--refresh", "0"]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.query_one("#login-cancel", Button).label.plain == "Continue with the simulator"
    demo = build_app(build_parser().parse_args(["--demo", "--refresh", "0"]))
    async with demo.run_test(size=SIZE) as pilot:
        await settle(pilot, demo)
        assert " DEMO " in str(browse(demo).status_bar.render())
        assert not any(isinstance(screen, LoginScreen) for screen in demo.screen_stack)


async def test_a_real_account_without_an_environment_shows_the_first_and_says_so(
    server: SimulatorServer, tmp_path: Path
) -> None:
    settings = real_settings(server, tmp_path)
    key = ApiKey(SECRET, "COX_API_KEY")
    app = CoxEdgeApp(real_client(settings, key), settings, account=Account(settings, key=key))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.client.environment == "test-area"
        assert "edge-services › test-area" in str(browse(app).status_bar.render())
        assert browse(app).image_table.row_count == 30
        assert any("No environment was configured: showing test-area" in n.message for n in app._notifications)


async def test_the_environment_picker_switches_reloads_and_saves_to_the_profile(
    server: SimulatorServer, tmp_path: Path, screen: Callable[[CoxEdgeApp], str]
) -> None:
    settings = real_settings(server, tmp_path, environment="test-area")
    key = ApiKey(SECRET, "COX_API_KEY")
    app = CoxEdgeApp(real_client(settings, key), settings, account=Account(settings, key=key))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        picker = app.screen
        assert isinstance(picker, EnvironmentScreen)
        options = picker.query_one(OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == ["test-area", "production"]
        assert options.highlighted == 0
        assert "▐ ▌ Also save it as the environment of profile default: no" in screen(app)
        await pilot.click("#env-save")
        await pilot.pause()
        assert "▐X▌ Also save it as the environment of profile default: yes, in" in screen(app)
        options.focus()
        await pilot.press("down", "enter")
        await settle(pilot, app)
        browsing = app.screen
        assert isinstance(browsing, BrowseScreen)
        assert app.client.environment == "production"
        said = f"Now showing production. Saved as the environment of profile default in {tmp_path / 'config.toml'}."
        assert [n.message for n in app._notifications if n.title == "Environment"] == [said]
        assert "edge-services › production" in text_of(app, "#status")
        production = len(server.simulator.envs["production"].images)
        assert browsing.image_table.row_count == production
    saved = tomllib.loads((tmp_path / "config.toml").read_text())
    assert saved == {"profiles": {"default": {"environment": "production"}}}


async def test_forget_api_key_asks_first_and_then_removes_it(
    server: SimulatorServer, tmp_path: Path, memory: MemoryKeyring
) -> None:
    memory.set_password(KEYRING_SERVICE, "default", SECRET)
    settings = real_settings(server, tmp_path, environment="test-area")
    key = ApiKey(SECRET, "keyring (coxedge-tui/default)")
    app = CoxEdgeApp(real_client(settings, key), settings, account=Account(settings, key=key))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        from coxedge_tui.ui import session

        session.forget_key(app)
        await pilot.pause()
        assert isinstance(app.screen, ForgetKeyScreen)
        await pilot.press("enter")  # Cancel has the focus
        await settle(pilot, app)
        assert memory.entries
        session.forget_key(app)
        await pilot.pause()
        await pilot.click("#forget-confirm")
        await settle(pilot, app)
    assert memory.entries == {}


async def test_the_palette_offers_login_forget_and_environment_commands(
    client: CoxEdgeClient, settings: Settings
) -> None:
    app = CoxEdgeApp(client, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        titles = [command.title for command in app.get_system_commands(app.screen)]
    assert {"Log in / change API key", "Forget API key", "Switch environment"} <= set(titles)
