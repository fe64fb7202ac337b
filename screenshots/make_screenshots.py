"""Regenerate the README's screenshots from the built-in simulator: python screenshots/make_screenshots.py

Deterministic: seeded simulator, UTC, a fixed wall clock and no latency, so the SVGs only
change when the UI does.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ["TZ"] = "UTC"
time.tzset()

from textual.pilot import Pilot  # noqa: E402

from coxedge_tui.api.kinds import ImageType  # noqa: E402
from coxedge_tui.connect import demo_client  # noqa: E402
from coxedge_tui.core.list_cache import ListCache, View  # noqa: E402
from coxedge_tui.settings.config import Settings  # noqa: E402
from coxedge_tui.ui.app import CoxEdgeApp  # noqa: E402
from coxedge_tui.ui.screens.browse import BrowseScreen  # noqa: E402
from coxedge_tui.ui.screens.xray import XRayScreen  # noqa: E402

HERE = Path(__file__).resolve().parent
FIXED_NOW = datetime(2026, 11, 27, 9, 30, 0, tzinfo=UTC)

Steps = Callable[[Pilot[None], CoxEdgeApp], Awaitable[None]]


async def settle(app: CoxEdgeApp, condition: Callable[[], object], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("the screen did not settle in time")
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.3)


def browsing(app: CoxEdgeApp) -> bool:
    screen = app.screen
    return isinstance(screen, BrowseScreen) and screen.image_table.row_count > 0 and "As the server" in str(
        screen.image_detail.note
    )


async def nothing(pilot: Pilot[None], app: CoxEdgeApp) -> None:
    await pilot.press("j", "j")
    await settle(app, lambda: browsing(app))


async def filtering(pilot: Pilot[None], app: CoxEdgeApp) -> None:
    await pilot.press("slash", *"status:ready !family:web* age>1y")  # a query: every term holds
    await asyncio.sleep(0.5)


async def creating(pilot: Pilot[None], app: CoxEdgeApp) -> None:
    await pilot.press("n")
    await asyncio.sleep(0.5)
    await pilot.press(*"web-frontend", "tab", *"v2026.11.27", "tab", "enter", "down", "enter")
    await asyncio.sleep(0.5)
    await pilot.press("tab", "enter", "down", "enter", "tab", *"Frontend with the November patches")
    await asyncio.sleep(0.3)


async def deleting(pilot: Pilot[None], app: CoxEdgeApp) -> None:
    await pilot.press("3")
    await asyncio.sleep(0.5)
    await pilot.press("d")
    await asyncio.sleep(0.6)


async def tasks(pilot: Pilot[None], app: CoxEdgeApp) -> None:
    await creating(pilot, app)
    await pilot.press("ctrl+s")
    await asyncio.sleep(0.5)
    await pilot.press("3", "j", "d")
    await asyncio.sleep(0.5)
    await pilot.press("y", "t")
    await asyncio.sleep(0.8)


async def saved(pilot: Pilot[None], app: CoxEdgeApp) -> None:
    await asyncio.sleep(0.3)  # the saved list, while the (slow) live answer is on its way


async def everywhere(pilot: Pilot[None], app: CoxEdgeApp) -> None:
    await pilot.press("0")  # every environment's images, each with its environment
    await settle(app, lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 60)
    await pilot.press("slash", *"web", "enter", "j", "j")
    await settle(app, lambda: browsing(app))


async def xray(pilot: Pilot[None], app: CoxEdgeApp) -> None:
    await pilot.press("slash", *"used:yes family:api*", "enter")  # an image a workload runs
    await settle(app, lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.filter_note == "")
    await pilot.press("u")  # the workloads that run it, and their instances
    await settle(app, lambda: isinstance(app.screen, XRayScreen))
    await asyncio.sleep(0.5)


async def keys(pilot: Pilot[None], app: CoxEdgeApp) -> None:
    await pilot.press("question_mark")
    await asyncio.sleep(0.3)


SHOTS: list[tuple[str, tuple[int, int], Steps]] = [
    ("browse", (120, 36), nothing),
    ("browse-80x24", (80, 24), nothing),
    ("filter", (120, 36), filtering),
    ("create", (120, 36), creating),
    ("delete", (120, 36), deleting),
    ("tasks", (120, 36), tasks),
    ("keys", (120, 36), keys),
    ("everywhere", (120, 36), everywhere),
    ("xray", (120, 36), xray),
    ("saved-list", (120, 36), saved),
]


async def saved_list(cache_dir: Path) -> ListCache:
    """Yesterday's list of the demo, as a start on a slow link would show it before the live one."""
    client, settings = demo_client(Settings(refresh_seconds=0), latency=0)
    async with client:
        images = await client.list_images(ImageType.ALL)
    cache = ListCache(cache_dir)
    view = View(settings.profile, settings.api_url, settings.service, settings.organization, settings.environment)
    cache.save(view, images, FIXED_NOW - timedelta(days=1))
    return cache


async def shoot(name: str, size: tuple[int, int], steps: Steps) -> Path:
    slow = steps is saved
    client, settings = demo_client(Settings(refresh_seconds=0), latency=30 if slow else 0)
    with tempfile.TemporaryDirectory() as cache_dir:
        cache = await saved_list(Path(cache_dir)) if slow else None
        app = CoxEdgeApp(client, settings, list_cache=cache)
        app.wall_clock = lambda: FIXED_NOW
        return await screenshot(app, name, size, steps)


async def screenshot(app: CoxEdgeApp, name: str, size: tuple[int, int], steps: Steps) -> Path:
    async with app.run_test(size=size) as pilot:
        await settle(app, lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0)
        await steps(pilot, app)
        path = HERE / f"{name}.svg"
        path.write_text(app.export_screenshot(title=f"coxedge-tui — {name}"))
    return path


def main(names: list[str]) -> int:
    for name, size, steps in SHOTS:
        if names and name not in names:
            continue
        print(asyncio.run(shoot(name, size, steps)).relative_to(HERE.parent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
