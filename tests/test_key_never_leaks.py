"""After a whole session with failures, the API key is in no screen, notification, message, log or URL."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from coxedge_tui import debuglog
from coxedge_tui.connect import Account, real_client
from coxedge_tui.core.list_cache import ListCache
from coxedge_tui.settings.config import Settings
from coxedge_tui.settings.credentials import ApiKey
from coxedge_tui.sim import Simulator
from coxedge_tui.sim.faults import Endpoint, FaultKind
from coxedge_tui.sim.server import SimulatorServer
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.confirm_delete import ConfirmDeleteScreen
from coxedge_tui.ui.screens.create_image import CreateImageScreen

Until = Callable[..., Awaitable[None]]
KEY = "ck_live_7Hq2LmZ0pX9vR4tY8wE1sD6fG3jK5nB0"


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    path = debuglog.start(KEY, path=tmp_path / "debug.log")
    yield path
    for name in debuglog.LOGGERS:
        logger = logging.getLogger(name)
        for handler in [h for h in logger.handlers if getattr(h, "baseFilename", None) == str(path)]:
            logger.removeHandler(handler)
            handler.close()


def leaks(text: str) -> bool:
    """The whole key, or enough of it to use: only the last four characters may ever show."""
    return KEY in text or KEY[:-4] in text or KEY[4:] in text


@pytest.mark.long(6)
async def test_a_full_session_with_failures_never_shows_or_logs_the_key(
    settings: Settings, debug_log: Path, screen: Callable[[CoxEdgeApp], str], until: Until, tmp_path: Path
) -> None:
    sim = Simulator(seed=3, images=30, api_key=KEY, task_delay=0.2)
    seen: list[str] = []
    with SimulatorServer(sim) as server:
        live = replace(settings, api_url=server.url, demo=False)
        saved_lists = ListCache(tmp_path / "lists")
        key = ApiKey(KEY, "COX_API_KEY")
        app = CoxEdgeApp(real_client(live, key), live, account=Account(live, key=key), list_cache=saved_lists)
        report = app.report
        app.report = lambda error: (seen.append(f"{error.title} {error.message} {error!r}"), report(error))[1]  # type: ignore[method-assign]

        def shown() -> str:
            return screen(app) + "\n".join(f"{n.title} {n.message}" for n in app._notifications)

        async def settled() -> None:
            """Whatever the failure set going (retries, checks) has finished: the screen holds still."""
            await until(lambda: not [w for w in app.workers if w.is_running], what="the workers to finish")
            await pilot.pause()

        def look() -> None:
            seen.append(screen(app))
            seen.append(app.export_screenshot())
            seen.extend(f"{n.title} {n.message}" for n in app._notifications)

        async with app.run_test(size=(120, 40)) as pilot:
            await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0)
            browse = app.screen
            assert isinstance(browse, BrowseScreen)
            look()
            await pilot.press("j", "slash", *"web", "escape", "3")
            await pilot.pause(0.3)
            look()
            for endpoint, kind, says in (
                (Endpoint.LIST, FaultKind.SERVER_ERROR, "HTTP 500"),
                (Endpoint.LIST, FaultKind.REDIRECT, "redirected"),
                (Endpoint.RETRIEVE, FaultKind.BAD_GATEWAY, ""),  # the detail may come from the cache
                (Endpoint.LIST, FaultKind.FORBIDDEN, "HTTP 403"),
            ):
                sim.faults.always(endpoint, kind)
                app.clear_notifications()
                await pilot.press("r", "j")
                await until(lambda: says in shown(), what=says)  # noqa: B023 (awaited at once)
                await settled()
                look()
                sim.faults.clear()
                while app.screen is not browse:
                    await pilot.press("escape")
            await pilot.press("n")
            await until(lambda: isinstance(app.screen, CreateImageScreen))
            form = app.screen
            vm = next(w for w in sim.envs["test-area"].workloads.values() if w.type == "VM")
            await pilot.press(*"web", "tab", *"v1")
            form.query_one("#workload").value = vm.id
            form.query_one("#instance").value = vm.instances[0].name
            sim.faults.inject(Endpoint.CREATE, FaultKind.DROP)
            await pilot.press("ctrl+s")
            await until(lambda: "the create went through" in shown(), what="the lost create found")
            await settled()
            look()
            while app.screen is not browse:
                await pilot.press("escape")
            await pilot.press("3", "d")
            await until(lambda: isinstance(app.screen, ConfirmDeleteScreen))
            await pilot.press("y", "t")
            await until(lambda: any(t.operation == "delete" and t.finished for t in app.tracker.tasks), what="deleted")
            await settled()
            look()
            await pilot.press("L")
            await pilot.pause(0.3)
            look()
    assert len(sim.received) > 10
    urls = [f"{r.method} {r.path} {r.query}" for r in sim.received]
    assert all(r.headers.get("MC-Api-Key") == KEY for r in sim.received), "the key travels in its header only"
    logged = debug_log.read_text()
    assert "GET /services/edge-services/test-area/images" in logged, "the debug log records requests"
    assert [t for t in seen if leaks(t)] == []
    assert [u for u in urls if leaks(u)] == []
    assert not leaks(logged)
    saved = [p.read_text() for p in saved_lists.directory.iterdir()]
    assert saved, "the list was saved for the next start"
    assert [t for t in saved if leaks(t)] == []
