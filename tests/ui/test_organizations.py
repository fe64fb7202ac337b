"""`o`: switch to another organisation the key sees; requests carry its ?org_id= and the status line names it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.widgets import OptionList

from coxedge_tui.sim import Simulator
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.organizations import OrganizationScreen

Until = Callable[..., Awaitable[None]]
Screen = Callable[[CoxEdgeApp], str]
ENV = "test-area"
BETA = "5b0e6f4e-0c1d-4f8e-a3d2-7e9b1c2d3e4f"


async def test_o_switches_organisation_and_the_list_status_line_and_requests_follow(
    app: CoxEdgeApp, sim: Simulator, screen: Screen, until: Until
) -> None:
    beta = sim.add_organization(BETA, "Beta [b]Labs[/b]", seed=11, images=12)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        await pilot.press("o")
        await until(
            lambda: isinstance(app.screen, OrganizationScreen) and app.screen.query_one(OptionList).option_count == 2,
            what="the organisations",
        )
        await pilot.press("down", "enter")
        await until(
            lambda: {i.id for i in browse.image_table.images} == set(beta[ENV].images), what="Beta's images listed"
        )
        await pilot.pause()

        status = screen(app).splitlines()[0]
        assert "Beta [b]Labs[/b] › edge-services › test-area" in status
        listed = [r for r in sim.received if r.method == "GET" and r.path.endswith(f"/{ENV}/images")]
        assert listed[-1].query.get("org_id") == BETA
        assert "org_id" not in listed[0].query  # the key's own organisation, as before the switch


async def test_o_says_so_when_the_key_sees_no_other_organisation(app: CoxEdgeApp, screen: Screen, until: Until) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen), what="the list")
        await pilot.press("o")
        await until(
            lambda: isinstance(app.screen, OrganizationScreen) and app.screen.query_one(OptionList).option_count == 1,
            what="the organisations",
        )
        await pilot.pause()

        assert "This key sees no other organisation." in screen(app)
        assert "● Acme Edge" in screen(app)
