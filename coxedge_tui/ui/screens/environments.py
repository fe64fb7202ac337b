"""`e`: pick the environment from GET /environments, optionally saving it to the profile."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from ...api.errors import CoxEdgeError
from ...api.models import Environment
from ...api.read_list import unreadable_note
from ..footer_keys import KeysFooter
from ..text import clean
from ..worker_failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from ..app import CoxEdgeApp


@dataclass(frozen=True)
class EnvironmentChoice:
    name: str
    save: bool


def environment_option(environment: Environment, current: str) -> Option:
    line = Text()
    line.append("● " if environment.name == current else "  ", style="bold green")
    line.append(clean(environment.name), style="bold")
    if environment.description:
        line.append(f"  {clean(environment.description)}", style="dim")
    if environment.state and environment.state.upper() != "ACTIVE":
        line.append(f"  [{clean(environment.state)}]", style="yellow")
    return Option(line, id=environment.name)


class SaveChoice(Checkbox):
    """The save box says its state in words: its tick differs from its blank only by colour in most themes."""

    def __init__(self, profile: str, config_path: Path | None, *, id: str) -> None:
        self.profile, self.config_path = profile, config_path
        super().__init__(self._said(False), value=False, id=id)
        self.BUTTON_INNER = " "

    def _said(self, value: bool) -> Text:
        where = f", in {self.config_path}" if value and self.config_path else ""
        return Text(f"Also save it as the environment of profile {self.profile}: {'yes' if value else 'no'}{where}")

    def watch_value(self) -> None:
        super().watch_value()
        self.BUTTON_INNER = "X" if self.value else " "
        self.label = self._said(self.value)


class EnvironmentScreen(ReportsWorkerFailures, ModalScreen[EnvironmentChoice | None]):
    DEFAULT_CSS = """
    EnvironmentScreen { align: center middle; }
    #env-box { width: 80; max-width: 100%; height: auto; max-height: 80%; border: thick $primary;
               background: $surface; padding: 1 2; }
    #env-box .title { text-style: bold; margin-bottom: 1; }
    #env-list { height: auto; max-height: 16; }
    #env-note { color: $text-muted; height: auto; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="environments.close")]

    app: CoxEdgeApp

    def compose(self) -> ComposeResult:
        settings = self.app.session.profile
        yield KeysFooter()
        with Vertical(id="env-box"):
            yield Static(f"Environments of {clean(self.app.session.settings.service)}", classes="title", markup=False)
            yield OptionList(id="env-list")
            yield Static("Loading the environments…", id="env-note", markup=False)
            yield SaveChoice(settings.profile, settings.config_path, id="env-save")

    def on_mount(self) -> None:
        self.query_one("#env-save", Checkbox).display = not self.app.session.demo
        self.query_one(OptionList).focus()
        self.load_environments()

    @work(group="environments", exclusive=True, exit_on_error=False)
    async def load_environments(self) -> None:
        try:
            environments = await self.app.client.list_environments()
        except CoxEdgeError as exc:
            self.query_one("#env-note", Static).update(Text(clean(exc.message), style="bold red"))
            self.app.report(exc)
            return
        current = self.app.client.environment
        # An environment is chosen by its name (it is the path), so a name listed twice is one choice.
        shown: dict[str, Environment] = {}
        for environment in environments:
            shown.setdefault(environment.name, environment)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([environment_option(e, current) for e in shown.values()])
        names = list(shown)
        if current in names:
            options.highlighted = names.index(current)
        note = "Enter switches to the highlighted environment · Esc closes."
        repeated = sorted(name for name, times in Counter(e.name for e in environments).items() if times > 1)
        if repeated:
            note = f"The API lists {', '.join(repeated)} more than once; each name is shown once. {note}"
        note = note if environments else "The API lists no environment."
        skipped = unreadable_note(environments)
        said = f"{note}\n{skipped}" if skipped else note
        self.query_one("#env-note", Static).update(Text(clean(said, multiline=True)))

    def worker_failed(self, worker: Worker[object]) -> None:
        self.query_one("#env-note", Static).update(
            Text(clean(f"The environments could not be listed: {worker.error}"), style="bold red")
        )

    @on(OptionList.OptionSelected, "#env-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(EnvironmentChoice(event.option.id, self.query_one("#env-save", Checkbox).value))
