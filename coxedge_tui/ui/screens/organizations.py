"""`o`: pick another organisation the key sees (GET /organizations); requests then carry ?org_id=."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...api.errors import CoxEdgeError
from ...api.models import Organization
from ..session import announce
from ..text import clean
from ..worker_failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from ..app import CoxEdgeApp


def organization_option(organization: Organization, current: str | None) -> Option:
    line = Text()
    line.append("● " if organization.id == current else "  ", style="bold green")
    line.append(clean(organization.name or organization.id), style="bold")
    line.append(f"  {clean(organization.id)}", style="dim")
    return Option(line, id=organization.id)


class OrganizationScreen(ReportsWorkerFailures, ModalScreen[Organization | None]):
    DEFAULT_CSS = """
    OrganizationScreen { align: center middle; }
    #org-box { width: 80; max-width: 100%; height: auto; max-height: 80%; border: thick $primary;
               background: $surface; padding: 1 2; }
    #org-box .title { text-style: bold; margin-bottom: 1; }
    #org-list { height: auto; max-height: 16; }
    #org-note { color: $text-muted; height: auto; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="organizations.close", tooltip="Close")]

    app: CoxEdgeApp

    def __init__(self) -> None:
        super().__init__()
        self.listed: dict[str, Organization] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="org-box"):
            yield Static("Organisations this key sees", classes="title", markup=False)
            yield OptionList(id="org-list")
            yield Static("Loading the organisations…", id="org-note", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load_organizations()

    @work(group="organizations", exclusive=True, exit_on_error=False)
    async def load_organizations(self) -> None:
        note = self.query_one("#org-note", Static)
        try:
            organizations = await self.app.client.list_organizations()
        except CoxEdgeError as exc:
            note.update(Text(clean(exc.message), style="bold red"))
            self.app.report(exc)
            return
        self.listed = {o.id: o for o in organizations}
        current = self.app.session.organization or next(iter(self.listed), None)  # none set: the key's own
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([organization_option(o, current) for o in self.listed.values()])
        if current in self.listed:
            options.highlighted = list(self.listed).index(current)
        if len(self.listed) > 1:
            note.update("Enter switches to the highlighted organisation · Esc closes.")
        else:
            note.update("This key sees no other organisation.")

    @on(OptionList.OptionSelected, "#org-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.listed[event.option.id])


def choose_organization(app: CoxEdgeApp) -> None:
    if not app.session.has_key:
        app.notify("Log in first (L): organisations are listed with the API key.", severity="warning")
        return

    def chosen(organization: Organization | None) -> None:
        if organization is not None and organization.id != app.session.organization:
            app.run_worker(switch_organization(app, organization), group="organization", exit_on_error=False)

    app.push_screen(OrganizationScreen(), chosen)


async def switch_organization(app: CoxEdgeApp, organization: Organization) -> None:
    """The session is replaced whole, in the same environment if the organisation has one by that name."""
    name = clean(organization.name or organization.id)
    try:
        environments = await app.client.for_organization(organization.id, "").list_environments()
    except CoxEdgeError as exc:
        app.report(exc)
        return
    names = [e.name for e in environments]
    if not names:
        app.notify(f"{name} lists no environment; staying where you are.", severity="warning", markup=False)
        return
    environment = app.session.environment if app.session.environment in names else names[0]
    app.session = app.session.in_organization(organization.id, organization.name, environment)
    announce(app)
    app.notify(f"Now in {name}, environment {clean(environment)}.", title="Organisation", markup=False)
