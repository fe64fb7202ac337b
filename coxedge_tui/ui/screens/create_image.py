"""`n`: the create-custom-image form, with live validation and workload/instance pickers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ...api.errors import CoxEdgeError, OutcomeUnknownError
from ...api.models import (
    CreateImageRequest,
    create_problems,
)
from ...core.image_actions import CreateLost, send_create
from ...core.workload_refs import ListedRefs
from ..footer_keys import KeysFooter
from ..text import clean
from ..worker_failures import ReportsWorkerFailures
from .create_form_parts import FIELDS, Places, existing, merged, not_found_said
from .create_form_parts import Created as Created  # re-exported: the form's result, where callers look for it
from .create_form_parts import Draft as Draft
from .create_form_parts import instance_label as instance_label
from .tag_hint import family_tags, tag_placeholder
from .workload_pickers import WorkloadPickers

if TYPE_CHECKING:
    from ...api.client import CoxEdgeClient
    from ..app import CoxEdgeApp

REFS = ("workload", "instance")  # checked against the server's lists, once the user leaves the field


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

    def __init__(
        self,
        draft: Draft,
        existing: frozenset[tuple[str, str]] = frozenset(),
        tags: Mapping[str, Sequence[str]] | None = None,
        today: date | None = None,
        places: Places | None = None,
    ) -> None:
        super().__init__()
        self.places = places  # opened from the Everywhere view: the environment is chosen in the form
        self.draft = draft
        self.existing = existing  # (family, tag) of the images listed, to catch a duplicate before sending
        self.tags = tags or {}  # each family's tags, oldest first: the tag placeholder suggests the next
        self.today = today or date.today()
        self.touched: set[str] = {name for name, value in draft.values.items() if value}
        # The value each of REFS had when last checked; its problem shows while the value is still that.
        self.checked: dict[str, str] = {name: draft.values[name] for name in REFS if draft.values.get(name)}
        self.refs = ListedRefs("")  # what the pickers listed, to judge what is typed by hand
        self.pickers = WorkloadPickers(self)  # the workload and instance pickers, and the boxes beside them
        self.refused = False  # "Not sent. Fix first: …" is shown, so it follows every change
        self.sending = False
        self._problems_shown: dict[str, str] = {}  # the problem line under each field, as last drawn

    def compose(self) -> ComposeResult:
        values = self.draft.values
        yield KeysFooter()
        with VerticalScroll(id="create-box"):
            yield Static(self._title(), id="create-title")
            if self.places is not None:
                yield Label("Environment  (where the image is made: the workload's)")
                names = [(Text(clean(name)), name) for name in self.places.names]
                yield Select[str](names, value=self.places.chosen, allow_blank=False, id="environment-pick")
            yield Label("Family  (lower-case letters, digits, '-')")
            yield Input(values.get("family", ""), placeholder="e.g. web-frontend", id="family")
            yield Static("", classes="problem", id="family-problem")
            yield Label("Tag  (letters, digits, '_', '.', '-'; at most 128)")
            tag_hint = tag_placeholder(values.get("family", ""), self.tags, self.today)
            yield Input(values.get("tag", ""), placeholder=tag_hint, id="tag")
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

    @property
    def client(self) -> CoxEdgeClient:
        """The client of the environment the image is made in: the one chosen in the form, or the session's."""
        if self.places is not None:
            return self.places.client_at(self.places.chosen)
        return self.app.client

    def _title(self) -> Text:
        return Text(f"New custom image in {clean(self.client.environment)}", style="bold")

    @on(Select.Changed, "#environment-pick")
    def _environment_chosen(self, event: Select.Changed) -> None:
        """Another environment: its workloads and instances are other ones, asked for again."""
        if self.places is None or not isinstance(event.value, str) or event.value == self.places.chosen:
            return
        self.places = replace(self.places, chosen=event.value)
        self.query_one("#create-title", Static).update(self._title())
        here = self.places.rows(event.value)  # its images: a family:tag taken there, and the tag to suggest
        self.existing, self.tags = existing(here), family_tags(here)
        self.query_one("#tag", Input).placeholder = tag_placeholder(self.value("family"), self.tags, self.today)
        self.refs = ListedRefs(event.value)
        self.pickers.instances_for = ""
        self.query_one("#instance-pick", Select).set_options([])
        self.validate()
        self.load_workloads()

    def on_mount(self) -> None:
        self.refs.where = self.client.environment
        self.query_one("#family", Input).focus()
        self.validate()
        self.load_workloads()

    def value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def problems(self) -> dict[str, str]:
        return merged(*self._problems())

    def _problems(self) -> tuple[dict[str, str], dict[str, str]]:
        """The documented rules broken, and the workload or instance the lists do not have (a rule broken first)."""
        family, tag = self.value("family"), self.value("tag")
        local = create_problems(family, tag, self.value("workload"), self.value("instance"), self.value("description"))
        if "tag" not in local and "family" not in local and (family, tag) in self.existing:
            local["tag"] = f"An image {family}:{tag} already exists here; choose another tag."
        return local, self.refs.problems(self.value("workload"), self.value("instance"))

    def resolve(self, name: str) -> str:
        """The workload's id or the instance's name the field stands for (UnknownRef if the lists have none)."""
        if name == "workload":
            return self.refs.workload_id(self.value("workload"))
        return self.refs.instance_name(self.value("workload"), self.value("instance"))

    def validate(self) -> dict[str, str]:
        local, refs = self._problems()
        for name in FIELDS:
            shown = local.get(name, "") if name in self.touched else ""
            if not shown and self.checked.get(name) == self.value(name):  # judged against the lists once left
                shown = refs.get(name, "")
            if self._problems_shown.get(name) != shown:  # an unchanged line is not laid out and drawn again
                self._problems_shown[name] = shown
                problem = self.query_one(f"#{name}-problem", Static)
                problem.update(Text(clean(shown), style="red"))
                problem.display = bool(shown)
            self.query_one(f"#{name}", Input).set_class(bool(shown), "invalid-field")
        problems = merged(local, refs)
        if self.refused:  # the summary of a refused send follows every change, and goes once all is fixed
            self.refused = bool(problems)
            self.server_problem("Not sent. Fix first: " + " ".join(problems.values()) if problems else "")
        return problems

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id in FIELDS:
            self.touched.add(event.input.id)
            self.draft.values[event.input.id] = event.value
            if event.input.id == "family":
                self.query_one("#tag", Input).placeholder = tag_placeholder(event.value, self.tags, self.today)
            self.validate()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "description":
            self.action_submit()
            return
        self.focus_next()  # leaving a by-hand box checks it (below)

    @on(Input.Blurred, "#workload")
    def _left_workload(self, event: Input.Blurred) -> None:
        self.pickers.left_workload(event)

    @on(Input.Blurred, "#instance")
    def _left_instance(self, event: Input.Blurred) -> None:
        self.pickers.left_instance(event)

    @work(group="create-workloads", exclusive=True, exit_on_error=False)
    async def load_workloads(self) -> None:
        await self.pickers.load_workloads()

    @on(Select.Changed, "#workload-pick")
    def _workload_chosen(self, event: Select.Changed) -> None:
        self.pickers.workload_chosen(event)

    @work(group="create-instances", exclusive=True, exit_on_error=False)
    async def load_instances(self, workload_id: str, *, focus: bool = False) -> None:
        await self.pickers.load_instances(workload_id, focus=focus)

    @on(Select.Changed, "#instance-pick")
    def _instance_chosen(self, event: Select.Changed) -> None:
        self.pickers.instance_chosen(event)

    def server_problem(self, message: str) -> None:
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
        self.checked.update({name: self.value(name) for name in REFS})
        self.refused = True  # validate words the summary, and keeps it true to every later change
        problems = self.validate()
        if problems:
            self.query_one(f"#{next(iter(problems))}", Input).focus()
            return
        request = CreateImageRequest(
            family=self.value("family"),
            tag=self.value("tag"),
            workload_id=self.resolve("workload"),
            instance_name=self.resolve("instance"),
            description=self.value("description") or None,
        )
        self.send(request)

    @work(group="create-send", exclusive=True, exit_on_error=False)
    async def send(self, request: CreateImageRequest) -> None:
        self._set_sending(True)
        self.refused = False
        self.server_problem("")
        workload = self.refs.names().get(request.workload_id, request.workload_id)
        try:
            sent = await send_create(self.client, request, self._checking)
        except CoxEdgeError as exc:
            self.server_problem(f"{exc.title}: {exc.message}")
            self._set_sending(False)
            return
        if isinstance(sent, CreateLost) and sent.found is None:
            self.server_problem(not_found_said(sent))
            self._set_sending(False)
            return
        self.draft.values.clear()
        place = self.client.environment if self.places is not None else ""
        self.dismiss(Created(request, None if isinstance(sent, CreateLost) else sent.ref, workload, place))

    def _checking(self, lost: OutcomeUnknownError) -> None:
        self.server_problem(f"{lost.message}\nChecking with the server…")

    def _set_sending(self, sending: bool) -> None:
        self.sending = sending
        button = self.query_one("#submit", Button)
        button.disabled = sending
        button.label = "Creating…" if sending else "Create  ctrl+s"
