"""The create form's workload and instance pickers: listed from the server, or typed by hand when they cannot be.

Kept apart from create_image.py so the form's file stays about the form; the form routes their events here.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Input, Select
from textual.widgets.select import InvalidSelectValueError

from ...api.errors import CoxEdgeError
from ...api.read_list import unreadable_note
from ...core.workload_refs import UnknownRef
from ..text import clean
from .create_form_parts import instance_label

if TYPE_CHECKING:
    from .create_image import CreateImageScreen

BY_HAND = "\x00by-hand"


class WorkloadPickers:
    """Lists the workloads and the chosen workload's instances in the form's pickers, and keeps the boxes in step."""

    def __init__(self, form: CreateImageScreen) -> None:
        self.form = form
        self.instances_for = ""  # the workload whose instances were asked for last

    def left_workload(self, event: Input.Blurred) -> None:
        """A workload typed by hand is checked, shown in the picker, and its instances listed, on leaving it."""
        form = self.form
        typed = event.value.strip()
        if not typed or form.sending:
            return
        form.checked["workload"] = event.value
        try:
            workload_id = form.resolve("workload")
        except UnknownRef:
            form.validate()
            return
        if form.refs.workloads is not None:
            self._pick("workload", workload_id)
        self._use_workload(workload_id, focus=True)

    def left_instance(self, event: Input.Blurred) -> None:
        form = self.form
        form.checked["instance"] = event.value
        try:
            name = form.resolve("instance")
        except UnknownRef:
            name = ""
        if name and form.refs.instances is not None:
            self._pick("instance", name)  # an instance's id, typed, becomes its name: what the API takes
            form.query_one("#instance", Input).value = form.checked["instance"] = name
        form.validate()

    def _pick(self, name: str, value: str) -> None:
        """Show `value` in the field's picker without acting on it as a choice (no focus moves)."""
        picker = self.form.query_one(f"#{name}-pick", Select)
        if picker.value != value:
            with picker.prevent(Select.Changed), suppress(InvalidSelectValueError):  # not listed: left as it is
                picker.value = value

    def _by_hand(self, name: str) -> None:
        """The picker says the value was typed by hand, and the box shows it."""
        self._pick(name, BY_HAND)
        self._show_by_hand(name, focus=False)
        self.form.checked[name] = self.form.value(name)

    def _use_workload(self, workload_id: str, *, focus: bool) -> None:
        """The form now stands for this workload: its id in the box, its instances listed (once per workload)."""
        form = self.form
        box = form.query_one("#workload", Input)
        if box.value != workload_id:
            box.value = workload_id
        form.checked["workload"] = workload_id
        if workload_id == self.instances_for:
            picker = form.query_one("#instance-pick", Select)
            if focus and not picker.disabled and form.refs.instances and form.refs.instances[1]:
                picker.focus()
            return
        if self.instances_for:  # another workload: the instance typed was one of the last one's
            form.query_one("#instance", Input).value = ""
        self.instances_for = workload_id
        form.load_instances(workload_id, focus=focus)

    async def load_workloads(self) -> None:
        form = self.form
        picker = form.query_one("#workload-pick", Select)
        try:
            listed = await form.client.list_workloads()
            workloads = [w for w in listed if w.is_vm]
        except CoxEdgeError as exc:
            picker.set_options([("Type the workload id by hand…", BY_HAND)])
            picker.prompt = "Could not list workloads"
            form.server_problem(f"Could not list workloads: {exc.message} You can type the id by hand.")
            picker.disabled = False
            if form.value("workload").strip():
                self._by_hand("workload")
                self._use_workload(form.value("workload").strip(), focus=False)
            return
        form.refs.workloads = list(listed)
        if unreadable_note(listed):
            form.server_problem(f"Workloads: {unreadable_note(listed)}; left out of the list.")
        options = [(Text(clean(f"{w.name}  ({w.status})")), w.id) for w in workloads]
        picker.set_options([*options, ("Type the workload id by hand…", BY_HAND)])
        picker.prompt = "Choose a VM workload" if workloads else "No VM workloads here"
        picker.disabled = False
        if form.value("workload").strip():
            self._restore_workload()
        form.validate()

    def _restore_workload(self) -> None:
        """A draft's workload, typed or picked, shows as it was left: chosen in the picker, or typed by hand."""
        try:
            workload_id = self.form.resolve("workload")
        except UnknownRef:
            self._by_hand("workload")
            return
        self._pick("workload", workload_id)
        self._use_workload(workload_id, focus=False)

    def workload_chosen(self, event: Select.Changed) -> None:
        if event.value == BY_HAND:
            self._show_by_hand("workload")
        elif event.value is not Select.BLANK:
            self._use_workload(str(event.value), focus=False)

    async def load_instances(self, workload_id: str, *, focus: bool = False) -> None:
        form = self.form
        picker = form.query_one("#instance-pick", Select)
        picker.disabled = True
        picker.prompt = "Loading instances…"
        typing = [form.value(name) for name in ("family", "tag", "description")]
        try:
            instances = await form.client.list_instances(workload_id)
        except CoxEdgeError as exc:
            form.refs.instances = None
            picker.set_options([("Type the instance name by hand…", BY_HAND)])
            form.server_problem(f"Could not list instances: {exc.message} You can type the name by hand.")
            picker.disabled = False
            return
        form.refs.instances = (workload_id, list(instances))
        if unreadable_note(instances):
            form.server_problem(f"Instances: {unreadable_note(instances)}; left out of the list.")
        options = [(Text(clean(instance_label(i))), i.name) for i in instances]
        picker.set_options([*options, ("Type the instance name by hand…", BY_HAND)])
        picker.prompt = "Choose an instance" if instances else "This workload has no instances"
        picker.disabled = False
        if form.value("instance").strip():
            self._restore_instance()
        elif focus and instances and typing == [form.value(name) for name in ("family", "tag", "description")]:
            picker.focus()  # unless the user has gone on typing elsewhere meanwhile
        form.validate()

    def _restore_instance(self) -> None:
        form = self.form
        try:
            name = form.resolve("instance")
        except UnknownRef:
            self._by_hand("instance")
            return
        self._pick("instance", name)
        form.query_one("#instance", Input).value = form.checked["instance"] = name

    def instance_chosen(self, event: Select.Changed) -> None:
        if event.value == BY_HAND:
            self._show_by_hand("instance")
        elif event.value is not Select.BLANK:
            self.form.query_one("#instance", Input).value = self.form.checked["instance"] = str(event.value)

    def _show_by_hand(self, name: str, *, focus: bool = True) -> None:
        box = self.form.query_one(f"#{name}", Input)
        box.add_class("shown")
        if focus:
            box.focus()
