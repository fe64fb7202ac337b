"""`n`: the create-custom-image form, with live validation and workload/instance pickers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from ...api.errors import CoxEdgeError, OutcomeUnknownError
from ...api.models import (
    CreateImageRequest,
    Instance,
    TaskRef,
    create_problems,
)
from ...api.read_list import unreadable_note
from ...core.image_actions import CreateLost, send_create
from ...text.sentences import sentences
from ..text import clean
from ..worker_failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from ..app import CoxEdgeApp

BY_HAND = "\x00by-hand"
FIELDS = ("family", "tag", "workload", "instance", "description")


def instance_label(instance: Instance) -> str:
    """'web-vm-jfk-0  (RUNNING, JFK, 203.0.113.10)': where it runs and how to reach it, to pick the right one."""
    details = ", ".join(d for d in (instance.status, instance.location, instance.address) if d)
    return f"{instance.name}  ({details})" if details else instance.name


@dataclass
class Draft:
    """What the user typed; kept across a cancel so nothing typed is lost."""

    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Created:
    """The server took the request; `ref` is None when its answer was lost but the image exists."""

    request: CreateImageRequest
    ref: TaskRef | None
    workload_name: str


class CreateImageScreen(ReportsWorkerFailures, ModalScreen[Created | None]):
    DEFAULT_CSS = """
    CreateImageScreen {
        align: center middle;
    }

    #create-box {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }

    #create-box Label {
        color: $text-muted;
    }

    #create-box Input {
        border: none;
        height: 1;
        padding: 0 1;
        background: $boost;
    }

    #create-box Input:focus {
        background: $primary 30%;
    }

    #create-box Input.by-hand {
        display: none;
    }

    #create-box Input.by-hand.shown {
        display: block;
    }

    #create-box Input.invalid-field {
        border-left: outer $error;
    }

    #create-box .problem {
        height: auto;
    }

    #server-problem {
        height: auto;
        margin-top: 1;
    }

    #create-buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }

    #create-buttons Button {
        margin-left: 2;
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="create.cancel"),
        Binding("ctrl+s", "submit", "Create", id="create.submit", tooltip="Send the form"),
    ]

    app: CoxEdgeApp

    def __init__(self, draft: Draft, existing: frozenset[tuple[str, str]] = frozenset()) -> None:
        super().__init__()
        self.draft = draft
        self.existing = existing  # (family, tag) of the images listed, to catch a duplicate before sending
        self.touched: set[str] = {name for name, value in draft.values.items() if value}
        self.workload_names: dict[str, str] = {}
        self.sending = False

    def compose(self) -> ComposeResult:
        values = self.draft.values
        yield Footer()
        with VerticalScroll(id="create-box"):
            yield Static(
                Text(f"New custom image in {clean(self.app.client.environment)}", style="bold"), id="create-title"
            )
            yield Label("Family  (lower-case letters, digits, '-')")
            yield Input(values.get("family", ""), placeholder="e.g. web-frontend", id="family")
            yield Static("", classes="problem", id="family-problem")
            yield Label("Tag  (letters, digits, '_', '.', '-'; at most 128)")
            yield Input(values.get("tag", ""), placeholder="e.g. v2026.11.27", id="tag")
            yield Static("", classes="problem", id="tag-problem")
            yield Label("Workload  (a VM workload of this environment)")
            yield Select[str]([], prompt="Loading workloads…", id="workload-pick", disabled=True)
            yield Input(values.get("workload", ""), placeholder="workload id", id="workload", classes="by-hand")
            yield Static("", classes="problem", id="workload-problem")
            yield Label("Instance  (of that workload)")
            yield Select[str]([], prompt="Choose a workload first", id="instance-pick", disabled=True)
            yield Input(values.get("instance", ""), placeholder="instance name", id="instance", classes="by-hand")
            yield Static("", classes="problem", id="instance-problem")
            yield Label("Description  (optional, at most 1000 characters)")
            yield Input(values.get("description", ""), id="description")
            yield Static("", classes="problem", id="description-problem")
            yield Static("", id="server-problem")
            with Horizontal(id="create-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Create  ctrl+s", id="submit", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#family", Input).focus()
        self._validate()
        self.load_workloads()

    def value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def problems(self) -> dict[str, str]:
        family, tag = self.value("family"), self.value("tag")
        found = create_problems(family, tag, self.value("workload"), self.value("instance"), self.value("description"))
        if "tag" not in found and "family" not in found and (family, tag) in self.existing:
            found["tag"] = f"An image {family}:{tag} already exists here; choose another tag."
        return {name: found[name] for name in FIELDS if name in found}

    def _validate(self) -> dict[str, str]:
        problems = self.problems()
        for name in FIELDS:
            shown = problems.get(name, "") if name in self.touched else ""
            problem = self.query_one(f"#{name}-problem", Static)
            problem.update(Text(clean(shown), style="red"))
            problem.display = bool(shown)
            self.query_one(f"#{name}", Input).set_class(bool(shown), "invalid-field")
        return problems

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id in FIELDS:
            self.touched.add(event.input.id)
            self.draft.values[event.input.id] = event.value
            self._validate()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "description":
            self.action_submit()
            return
        if event.input.id == "workload" and event.value.strip():
            self.load_instances(event.value.strip())
        self.focus_next()

    @work(group="create-workloads", exclusive=True, exit_on_error=False)
    async def load_workloads(self) -> None:
        picker = self.query_one("#workload-pick", Select)
        try:
            listed = await self.app.client.list_workloads()
            workloads = [w for w in listed if w.is_vm]
        except CoxEdgeError as exc:
            picker.set_options([("Type the workload id by hand…", BY_HAND)])
            picker.prompt = "Could not list workloads"
            self._server_problem(f"Could not list workloads: {exc.message} You can type the id by hand.")
            picker.disabled = False
            return
        self.workload_names = {w.id: w.name or w.id for w in workloads}
        if unreadable_note(listed):
            self._server_problem(f"Workloads: {unreadable_note(listed)}; left out of the list.")
        options = [(Text(clean(f"{w.name}  ({w.status})")), w.id) for w in workloads]
        picker.set_options([*options, ("Type the workload id by hand…", BY_HAND)])
        picker.prompt = "Choose a VM workload" if workloads else "No VM workloads here"
        picker.disabled = False
        typed = self.value("workload")
        if typed in self.workload_names:
            picker.value = typed
        elif typed:
            self._show_by_hand("workload", focus=False)

    @on(Select.Changed, "#workload-pick")
    def _workload_chosen(self, event: Select.Changed) -> None:
        if event.value == BY_HAND:
            self._show_by_hand("workload")
            return
        if event.value is Select.BLANK:
            return
        box = self.query_one("#workload", Input)
        if box.value != event.value:
            box.value = str(event.value)
            self.query_one("#instance", Input).value = ""
        self.load_instances(str(event.value))

    @work(group="create-instances", exclusive=True, exit_on_error=False)
    async def load_instances(self, workload_id: str) -> None:
        picker = self.query_one("#instance-pick", Select)
        picker.disabled = True
        picker.prompt = "Loading instances…"
        try:
            instances = await self.app.client.list_instances(workload_id)
        except CoxEdgeError as exc:
            picker.set_options([("Type the instance name by hand…", BY_HAND)])
            self._server_problem(f"Could not list instances: {exc.message} You can type the name by hand.")
            picker.disabled = False
            return
        if unreadable_note(instances):
            self._server_problem(f"Instances: {unreadable_note(instances)}; left out of the list.")
        options = [(Text(clean(instance_label(i))), i.name) for i in instances]
        picker.set_options([*options, ("Type the instance name by hand…", BY_HAND)])
        picker.prompt = "Choose an instance" if instances else "This workload has no instances"
        picker.disabled = False
        typed = self.value("instance")
        if typed in {i.name for i in instances}:
            picker.value = typed
        elif typed:
            self._show_by_hand("instance", focus=False)

    @on(Select.Changed, "#instance-pick")
    def _instance_chosen(self, event: Select.Changed) -> None:
        if event.value == BY_HAND:
            self._show_by_hand("instance")
        elif event.value is not Select.BLANK:
            self.query_one("#instance", Input).value = str(event.value)

    def _show_by_hand(self, name: str, *, focus: bool = True) -> None:
        box = self.query_one(f"#{name}", Input)
        box.add_class("shown")
        if focus:
            box.focus()

    def _server_problem(self, message: str) -> None:
        box = self.query_one("#server-problem", Static)
        box.update(Text(clean(message, multiline=True), style="bold red"))
        box.display = bool(message)

    def action_cancel(self) -> None:
        if not self.sending:
            self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        if self.sending:
            return
        self.touched.update(FIELDS)
        problems = self._validate()
        if problems:
            self._server_problem("Not sent. Fix first: " + " ".join(problems.values()))
            self.query_one(f"#{next(iter(problems))}", Input).focus()
            return
        request = CreateImageRequest(
            family=self.value("family"),
            tag=self.value("tag"),
            workload_id=self.value("workload").strip(),
            instance_name=self.value("instance").strip(),
            description=self.value("description") or None,
        )
        self.send(request)

    @work(group="create-send", exclusive=True, exit_on_error=False)
    async def send(self, request: CreateImageRequest) -> None:
        self._set_sending(True)
        self._server_problem("")
        workload = self.workload_names.get(request.workload_id, request.workload_id)
        try:
            sent = await send_create(self.app.client, request, self._checking)
        except CoxEdgeError as exc:
            self._server_problem(f"{exc.title}: {exc.message}")
            self._set_sending(False)
            return
        if isinstance(sent, CreateLost) and sent.found is None:
            self._server_problem(_not_found_said(sent))
            self._set_sending(False)
            return
        self.draft.values.clear()
        self.dismiss(Created(request, None if isinstance(sent, CreateLost) else sent.ref, workload))

    def _checking(self, lost: OutcomeUnknownError) -> None:
        self._server_problem(f"{lost.message}\nChecking with the server…")

    def _set_sending(self, sending: bool) -> None:
        self.sending = sending
        button = self.query_one("#submit", Button)
        button.disabled = sending
        button.label = "Creating…" if sending else "Create  ctrl+s"


def _not_found_said(lost: CreateLost) -> str:
    """After a lost answer, the list says the create did not go through, or could not be checked."""
    if lost.check_error is not None:
        return sentences(
            "The create's answer was lost and checking failed too",
            lost.check_error.message,
            "Refresh the list (r) before sending again, or you may get a duplicate.",
        )
    return (
        "The create's answer was lost, and the server has no such image: nothing was created. "
        "Everything you typed is still here; send again when ready."
    )
