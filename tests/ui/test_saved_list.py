"""The list saved last time: painted at once, replaced by the live one, never acted on."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coxedge_tui.api.client import Connection, CoxEdgeClient
from coxedge_tui.api.kinds import ImageType
from coxedge_tui.connect import Account
from coxedge_tui.core.list_cache import CachedImage, ListCache, View
from coxedge_tui.settings.config import Settings
from coxedge_tui.settings.credentials import ApiKey
from coxedge_tui.sim import DEFAULT_KEY, ENVIRONMENT_NAMES, IN_PROCESS_URL, Simulator
from coxedge_tui.sim.faults import Endpoint, FaultKind
from coxedge_tui.sim.server import SimulatorServer
from coxedge_tui.sim.transport import SimulatorTransport
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.messages import ImagesLoaded
from coxedge_tui.ui.screens.browse import BrowseScreen

Until = Callable[..., Awaitable[None]]
Screen = Callable[[CoxEdgeApp], str]
SAVED_AT = datetime(2026, 11, 20, 8, 15, tzinfo=UTC)
GHOST = CachedImage(
    id="old-stack/ghost/v0",
    stack_id="old-stack",
    family="ghost",
    tag="v0",
    slug="acme-staging",
    status="READY",
    created_at=datetime(2026, 1, 1, tzinfo=UTC),
    reference="acme-staging/ghost:v0",
)


@pytest.fixture
def cache(tmp_path: Path) -> ListCache:
    return ListCache(tmp_path / "lists")


@pytest.fixture
def view(settings: Settings) -> View:
    return View(settings.profile, settings.api_url, settings.service, settings.organization, "test-area")


@pytest.fixture
def saved_app(client: CoxEdgeClient, settings: Settings, cache: ListCache, view: View) -> CoxEdgeApp:
    cache.save(view, [GHOST], SAVED_AT)
    return CoxEdgeApp(client, settings, list_cache=cache)


def notes(app: CoxEdgeApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


def browse(app: CoxEdgeApp) -> BrowseScreen:
    assert isinstance(app.screen, BrowseScreen)
    return app.screen


async def test_the_saved_list_paints_at_once_and_the_live_list_replaces_it(
    saved_app: CoxEdgeApp, sim: Simulator, cache: ListCache, view: View, until: Until, screen: Screen
) -> None:
    sim.latency = 0.6  # the live answer takes a while, as over a slow link
    async with saved_app.run_test(size=(120, 36)):
        await until(lambda: "ghost" in screen(saved_app), what="the saved row")
        shown = screen(saved_app)
        assert "list saved 20 Nov 08:15, loading…" in shown
        await until(lambda: browse(saved_app).image_table.row_count == 40, what="the live list")
        await until(lambda: "ghost" not in screen(saved_app), what="the saved row and its detail to go")
        shown = screen(saved_app)
        assert "list saved" not in shown and "40 images" in shown
        # The live list (not the saved one) is what the next start will show; it is written off the event loop.
        await until(lambda: (saved := cache.load(view)) is not None and len(saved.images) == 40, what="the save")
    saved = cache.load(view)
    assert saved is not None and GHOST.id not in {i.id for i in saved.images}


@pytest.mark.parametrize(("key", "doing"), [("d", "deleting"), ("x", "exporting")])
async def test_deleting_and_exporting_wait_for_the_live_list(
    saved_app: CoxEdgeApp, sim: Simulator, until: Until, screen: Screen, key: str, doing: str
) -> None:
    sim.latency = 1.0
    async with saved_app.run_test(size=(120, 36)) as pilot:
        await until(lambda: "ghost" in screen(saved_app), what="the saved row")
        await pilot.press(key)
        refusal = f"wait a moment for the live list before {doing}"
        await until(lambda: any(refusal in m for m in notes(saved_app)), what="the refusal")
        assert isinstance(saved_app.screen, BrowseScreen)  # no confirmation or export dialog


async def test_a_failed_live_load_keeps_the_saved_list_and_says_it_is_not_live(
    saved_app: CoxEdgeApp, sim: Simulator, until: Until, screen: Screen
) -> None:
    sim.faults.always(Endpoint.LIST, FaultKind.SERVER_ERROR)
    async with saved_app.run_test(size=(120, 36)):
        await until(lambda: "not live (r retries)" in screen(saved_app), what="the stale-list note")
        assert "ghost" in screen(saved_app)
        await until(lambda: any(m.startswith("Server error:") for m in notes(saved_app)), what="the error")


async def test_without_a_cache_nothing_is_read_or_saved(
    client: CoxEdgeClient, settings: Settings, cache: ListCache, view: View, until: Until
) -> None:
    app = CoxEdgeApp(client, settings)
    async with app.run_test(size=(120, 36)):
        await until(lambda: browse(app).image_table.row_count == 40, what="the live list")
    assert cache.load(view) is None


def test_the_demo_names_the_simulators_environments() -> None:
    """The demo picks its environment from these names before the simulator loads: it must seed them all."""
    assert set(ENVIRONMENT_NAMES) == set(Simulator().envs)


@pytest.mark.long(6)
@pytest.mark.parametrize("account", ["demo", "real"])
def test_the_saved_list_paints_before_httpx_pydantic_or_the_simulator_load(tmp_path: Path, account: str) -> None:
    """The point of the saved list: the first frame needs none of the API layer (a fresh interpreter).

    For the demo and for a real account (here the simulator over loopback HTTP, key in COX_API_KEY).
    """
    script = textwrap.dedent(
        """
        import asyncio, sys
        from coxedge_tui.cli import build_app, build_parser
        from coxedge_tui.ui.screens import browse
        from coxedge_tui.ui.screens.browse import BrowseScreen

        browse.FIRST_LOAD_AT_LATEST = 60.0  # its fallback timer must not beat the first frame on a busy machine
        seen = {}
        original = BrowseScreen.on_image_table_first_paint

        def first_paint(self):
            seen["rows"] = self.image_table.row_count
            seen["loaded"] = sorted(m for m in ("httpx", "pydantic", "keyring", "coxedge_tui.sim.simulator")
                                    if m in sys.modules)
            original(self)

        BrowseScreen.on_image_table_first_paint = first_paint

        async def run(app):
            async with app.run_test(size=(120, 36)) as pilot:
                while "rows" not in seen:
                    await pilot.pause(0.05)
                while not app.screen.image_table.row_count or app.screen.saved_at is not None:
                    await pilot.pause(0.05)

        asyncio.run(run(build_app(build_parser().parse_args(sys.argv[1:] + ["--refresh", "0"]))))
        print(seen["rows"], ",".join(seen["loaded"]) or "nothing")
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("COX_")}
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), COX_CONFIG=str(tmp_path / "config.toml"))
    words = ["--demo"] if account == "demo" else []

    def start() -> str:
        done = subprocess.run(
            [sys.executable, "-c", script, *words], capture_output=True, text=True, env=env, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.strip()

    with contextlib.ExitStack() as stack:
        if account == "real":
            server = stack.enter_context(SimulatorServer(Simulator(images=40, api_key="cx-real-7f3a9b")))
            env.update(COX_API_URL=server.url, COX_API_KEY="cx-real-7f3a9b", COX_ENVIRONMENT="test-area")
        first, second = start(), start()
    # Nothing saved yet: the first rows are the live ones (how soon they paint depends on the machine's load).
    assert "pydantic" in first.split(" ", 1)[1]
    assert second == "40 nothing"


async def test_no_saved_list_is_shown_before_there_is_a_key(
    sim: Simulator, cache: ListCache, until: Until, screen: Screen
) -> None:
    """A real portal named without a key: nothing of any account shows behind the login screen."""
    real = Settings(api_url=IN_PROCESS_URL, environment="test-area", refresh_seconds=0)
    cache.save(View(real.profile, real.api_url, real.service, None, "test-area"), [GHOST], SAVED_AT)
    client = CoxEdgeClient(
        Connection(api_key="", base_url=IN_PROCESS_URL, environment="test-area"), transport=SimulatorTransport(sim)
    )
    app = CoxEdgeApp(client, real, account=Account(real), list_cache=cache)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.3)
        assert browse(app).image_table.row_count == 0
        assert "ghost" not in screen(app) and "list saved" not in screen(app)


async def test_without_an_environment_set_the_next_start_shows_the_first_environments_list(
    sim: Simulator, cache: ListCache, until: Until, screen: Screen
) -> None:
    """No environment configured (the default): the app picks the first; the next start shows its list."""
    real = Settings(api_url=IN_PROCESS_URL, environment="", refresh_seconds=0)

    def start() -> CoxEdgeApp:
        client = CoxEdgeClient(
            Connection(api_key=DEFAULT_KEY, base_url=IN_PROCESS_URL, environment=""),
            transport=SimulatorTransport(sim),
        )
        return CoxEdgeApp(client, real, account=Account(real, key=ApiKey(DEFAULT_KEY, "test")), list_cache=cache)

    first = start()
    async with first.run_test(size=(120, 36)):
        await until(lambda: browse(first).image_table.row_count == 40, what="the live list")
        saved = View(real.profile, real.api_url, real.service, None, "", DEFAULT_KEY)
        await until(lambda: cache.load(saved) is not None)
    sim.latency = 0.6
    second = start()
    async with second.run_test(size=(120, 36)):
        await until(lambda: "list saved" in screen(second) and browse(second).image_table.row_count == 40)
        await until(lambda: "list saved" not in screen(second), what="the live list")
        assert "test-area" in screen(second)


async def test_a_list_asked_for_before_a_session_change_is_dropped(
    app: CoxEdgeApp, until: Until, screen: Screen
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await until(lambda: browse(app).image_table.row_count == 40, what="the live list")
        stale = ImagesLoaded([GHOST], ImageType.ALL, app.session.environment, SAVED_AT, app.session.generation - 1)  # type: ignore[list-item]
        browse(app).post_message(stale)
        await pilot.pause(0.2)
        assert "ghost" not in screen(app) and browse(app).image_table.row_count == 40


@pytest.mark.parametrize(
    ("key", "shown"), [(DEFAULT_KEY, True), ("cx-refused-key-5e1b07", False)], ids=["same-key", "other-key"]
)
async def test_a_saved_list_is_shown_only_to_the_key_it_was_seen_with(
    sim: Simulator, cache: ListCache, until: Until, screen: Screen, key: str, shown: bool
) -> None:
    """A list seen with one key, then a start with another (here one the server refuses): none of it shows."""
    real = Settings(api_url=IN_PROCESS_URL, environment="test-area", refresh_seconds=0)
    cache.save(View(real.profile, real.api_url, real.service, None, "test-area", DEFAULT_KEY), [GHOST], SAVED_AT)
    sim.latency = 0.6
    client = CoxEdgeClient(
        Connection(api_key=key, base_url=IN_PROCESS_URL, environment="test-area"), transport=SimulatorTransport(sim)
    )
    app = CoxEdgeApp(client, real, account=Account(real, key=ApiKey(key, "test")), list_cache=cache)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(lambda: any(isinstance(s, BrowseScreen) for s in app.screen_stack), what="the list screen")
        table = next(s for s in app.screen_stack if isinstance(s, BrowseScreen)).image_table
        if shown:
            await until(lambda: "ghost" in screen(app), what="the saved row")
        else:
            await until(lambda: app.account.refused, what="the refusal")
            await pilot.pause(0.1)
            assert table.row_count == 0 and "ghost" not in screen(app)
