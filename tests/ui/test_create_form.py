"""The create form's workload and instance: typed by hand, checked on leaving the field, and restored as left."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from test_create_delete import open_form, paste, posts, ready
from textual.widgets import Select

from coxedge_tui.sim import Simulator
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.create_image import CreateImageScreen

Until = Callable[..., Awaitable[None]]
Screen = Callable[[CoxEdgeApp], str]


async def workload_by_hand(form: CreateImageScreen, pilot: object, until: Until, family: str, tag: str) -> None:
    """Type family and tag, then choose "Type the workload id by hand…", the last entry of the workload picker."""
    await pilot.press(*family, "tab", *tag, "tab", "enter", "end", "enter")  # type: ignore[attr-defined]
    await until(lambda: form.query_one("#workload").has_focus, what="the by-hand box")


def one_line(text: str) -> str:
    """The form's text as one line: inside its frame (between the █ sides) when it has one, wrapping undone."""
    inside = [line.split("█")[1] if line.count("█") >= 2 else line for line in text.splitlines()]
    return " ".join(" ".join(inside).split())


async def test_a_workload_id_typed_by_hand_lists_its_instances_on_tab_and_the_picker_takes_focus(
    app: CoxEdgeApp, sim: Simulator, screen: Screen, until: Until
) -> None:
    vm = next(w for w in sim.envs["test-area"].workloads.values() if w.name == "api-vm")
    async with app.run_test(size=(120, 40)) as pilot:
        browse = await ready(app, until)
        form = await open_form(app, pilot, until)
        await workload_by_hand(form, pilot, until, "by-hand", "v1")
        await paste(app, pilot, vm.id)
        await pilot.press("tab")
        picker = form.query_one("#instance-pick", Select)
        await until(lambda: picker.has_focus, what="the instance picker to take focus")

        assert "Choose an instance" in screen(app) and "Choose a workload first" not in screen(app)
        assert "api-vm  (RUNNING)" in screen(app)  # the workload picker names what was typed
        await pilot.press("enter", "down", "down", "enter", "ctrl+s")
        await until(lambda: app.screen is browse, what="the form to close")
        assert posts(sim) == ["/api/v2/services/edge-services/test-area/images"]
        body = next(r.body for r in sim.received if r.method == "POST")
        assert f'"workloadId":"{vm.id}"'.encode() in body.replace(b" ", b"")
        assert f'"instanceName":"{vm.instances[1].name}"'.encode() in body.replace(b" ", b"")


async def test_an_unknown_workload_says_so_beside_the_field_naming_those_that_exist_also_when_reopened(
    app: CoxEdgeApp, sim: Simulator, screen: Screen, until: Until
) -> None:
    async with app.run_test(size=(120, 50)) as pilot:
        browse = await ready(app, until)
        form = await open_form(app, pilot, until)
        await workload_by_hand(form, pilot, until, "fresh", "v1")
        await pilot.press(*"nosuch")
        assert "No workload in test-area" not in one_line(screen(app))  # not judged while being typed
        await pilot.press("tab")
        said = "No workload in test-area has the id or name 'nosuch'. VM workloads in test-area: web-vm (id"
        await until(lambda: said in one_line(screen(app)), what="the unknown workload named beside the field")
        assert "build-vm (id" in one_line(screen(app)) and "batch-containers" not in screen(app)
        assert "Choose a workload first" in screen(app)
        assert [p for _, p in sim.requests if p.endswith("/instances")] == []

        await pilot.press("escape")
        await until(lambda: app.screen is browse, what="the form to close")
        form = await open_form(app, pilot, until)
        await until(lambda: said in one_line(screen(app)), what="the reopened draft's problem")
        assert "Type the workload id by hand…" in screen(app) and form.value("workload") == "nosuch"
        assert "Choose a VM workload" not in screen(app)
        await pilot.press("ctrl+s")
        assert posts(sim) == []


async def test_the_refusal_summary_follows_every_change_and_goes_when_all_is_fixed(
    app: CoxEdgeApp, screen: Screen, until: Until
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, until)
        form = await open_form(app, pilot, until)
        await pilot.press(*"web", "tab", *"v2020.12.11-0", "ctrl+s")
        assert "Not sent. Fix first: An image web:v2020.12.11-0 already exists here" in one_line(screen(app))

        form.query_one("#tag").focus()
        await pilot.press(*"x")
        text = one_line(screen(app))
        assert "already exists" not in text
        assert "Not sent. Fix first: A workload is required" in text
        await pilot.press("tab", "enter", "down", "enter")  # the first VM workload
        await until(lambda: not form.query_one("#instance-pick").disabled, what="instances listed")
        await pilot.press("tab", "enter", "down", "enter")
        await until(lambda: "Not sent" not in screen(app), what="the summary to go")


@pytest.mark.long(6)
async def test_a_reopened_draft_shows_every_field_as_it_was_left(
    app: CoxEdgeApp, sim: Simulator, screen: Screen, until: Until
) -> None:
    vm = next(w for w in sim.envs["test-area"].workloads.values() if w.name == "api-vm")
    async with app.run_test(size=(120, 40)) as pilot:
        browse = await ready(app, until)
        form = await open_form(app, pilot, until)
        await workload_by_hand(form, pilot, until, "kept", "v7")
        await paste(app, pilot, "api-vm")  # a workload's name, typed, and the form closed at once
        await pilot.press("escape")
        await until(lambda: app.screen is browse, what="the form to close")

        form = await open_form(app, pilot, until)
        picker = form.query_one("#instance-pick", Select)
        await until(lambda: "Choose an instance" in screen(app), what="the typed workload's instances")
        assert "api-vm  (RUNNING)" in screen(app) and "Choose a VM workload" not in screen(app)
        picker.focus()
        await pilot.press("enter", "down", "down", "enter", "tab", *"kept for later", "escape")
        await until(lambda: app.screen is browse, what="the form to close")

        form = await open_form(app, pilot, until)
        picker = form.query_one("#instance-pick", Select)
        await until(lambda: picker.value == vm.instances[1].name, what="the instance chosen again")
        text = screen(app)
        assert "api-vm  (RUNNING)" in text and vm.instances[1].name in text and "kept for later" in text
        assert form.value("workload") == vm.id and form.value("family") == "kept" and form.value("tag") == "v7"
        await pilot.press("ctrl+s")
        await until(lambda: app.screen is browse, what="the form to close")
        assert posts(sim) == ["/api/v2/services/edge-services/test-area/images"]
