"""Prune… (palette): keep the newest N tags of each family; the plan is shown, and its deletions marked.

The plan is core/prune.py's, as `images prune --dry-run` prints it; nothing is deleted here: the
marked rows go with `d`, through the same question and bulk delete as any marks.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ...api.errors import CoxEdgeError
from ...api.kinds import ImageType
from ...api.read_list import ReadList
from ...core.protection import Protection
from ...core.prune import Action, PrunePlan, PruneRules, plan_prune
from ...text.durations import parse_duration
from ...text.sentences import sentences
from ..footer_keys import KeysFooter
from ..text import literal, local_time
from ..worker_failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from ...api.models import Image, Workload
    from ..app import CoxEdgeApp

DEFAULT_KEEP = "3"
FIELDS = ("keep", "older-than", "families")


def rules_from(keep: str, older_than: str, families: str) -> PruneRules:
    """The form's three fields as rules; a ValueError says in words what is wrong with one."""
    if not keep.strip().isdigit():
        raise ValueError(f"Keep must be a whole number of tags per family (0 or more), not {keep.strip()!r}.")
    older = parse_duration(older_than) if older_than.strip() else None
    chosen = frozenset(f for f in families.replace(",", " ").split() if f)
    return PruneRules(int(keep), older, older_than.strip(), chosen)


class PruneScreen(ReportsWorkerFailures, ModalScreen[list["Image"] | None]):
    DEFAULT_CSS = """
    PruneScreen { align: center middle; }
    #prune-box {
        width: 110; max-width: 100%; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    #prune-fields { height: 4; }
    #prune-fields > Vertical { width: 1fr; height: 4; margin-right: 1; }
    #prune-plan { height: auto; max-height: 1fr; min-height: 3; margin: 1 0; }
    #prune-buttons { height: auto; align-horizontal: right; }
    #prune-buttons Button { margin-left: 2; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prune.cancel", tooltip="Close without marking anything"),
        Binding("ctrl+s", "mark", "Mark them", id="prune.mark", tooltip="Mark the images the plan deletes"),
    ]
    AUTO_FOCUS = "#keep"

    app: CoxEdgeApp

    def __init__(self, now: datetime) -> None:
        super().__init__()
        self.now = now
        self.images: list[Image] | None = None  # the custom images and workloads, once listed
        self.workloads: list[Workload] = []
        self.plan: PrunePlan | None = None

    def compose(self) -> ComposeResult:
        yield KeysFooter()
        with Vertical(id="prune-box"):
            yield Static(Text("Prune: keep the newest tags of each family, delete the older rest", style="bold"))
            with Horizontal(id="prune-fields"):
                with Vertical():
                    yield Label("Keep per family")
                    yield Input(DEFAULT_KEEP, id="keep")
                with Vertical():
                    yield Label("Older than")
                    yield Input(placeholder="e.g. 30d (blank: any age)", id="older-than")
                with Vertical():
                    yield Label("Families")
                    yield Input(placeholder="all (or e.g. web api-gateway)", id="families")
            with VerticalScroll(id="prune-plan"):
                yield Static(Text("Listing the custom images and the workloads…", style="italic"), id="plan")
            yield Static("", id="prune-summary")
            with Horizontal(id="prune-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Mark them  (ctrl+s)", id="mark", variant="warning", disabled=True)

    def on_mount(self) -> None:
        self.load()

    @work(group="prune-load", exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        client = self.app.client
        try:
            images = await client.list_images(ImageType.CUSTOM)
            workloads = await client.list_workloads()
        except CoxEdgeError as exc:
            self._say(sentences("Nothing can be planned: the images or workloads could not be listed", exc.message))
            return
        if isinstance(workloads, ReadList) and workloads.unreadable:  # one of them may use an image we would delete
            self._say(
                f"Nothing can be planned: {workloads.unreadable} of the workloads could not be read "
                f"({workloads.reason}), so which images they use is unknown."
            )
            return
        self.images, self.workloads = list(images), list(workloads)
        self.replan()

    def _say(self, text: str, style: str = "bold red") -> None:
        self.query_one("#plan", Static).update(literal(text, style, multiline=True))
        self.query_one("#prune-summary", Static).update("")
        self.query_one("#mark", Button).disabled = True

    @on(Input.Changed)
    def replan(self) -> None:
        if self.images is None:
            return
        self.plan = None
        try:
            rules = rules_from(*(self.query_one(f"#{field}", Input).value for field in FIELDS))
        except ValueError as exc:
            self._say(str(exc), "bold yellow")
            return
        protection = Protection.of(self.app.session.settings)
        plan = plan_prune(self.images, rules, workloads=self.workloads, now=self.now, protection=protection)
        self.plan = plan
        grid = Table.grid(padding=(0, 2))
        for _ in range(4):
            grid.add_column(no_wrap=True)
        grid.columns[-1].no_wrap = False
        grid.columns[-1].overflow = "fold"
        for item in plan.items:
            deleting = item.action is Action.DELETE
            grid.add_row(
                Text(item.action.value, style="bold red" if deleting else "green"),
                literal(f"{item.image.family}:{item.image.tag}"),
                Text(local_time(item.image.created_at)),
                literal(item.reason, "" if deleting else "dim", multiline=True),
            )
        missing = sorted(rules.families - {i.family or "" for i in self.images})
        shown = grid if plan.items else Text("No custom image of these families.", style="italic")
        self.query_one("#plan", Static).update(shown)
        note = f" No family called {', '.join(missing)}." if missing else ""
        self.query_one("#prune-summary", Static).update(literal(plan.summary() + note, "bold"))
        mark = self.query_one("#mark", Button)
        mark.disabled = not plan.deletions
        mark.label = f"Mark {len(plan.deletions)} to delete  (ctrl+s)"

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#mark")
    def action_mark(self) -> None:
        if self.plan is not None and self.plan.deletions:
            self.dismiss(self.plan.deletions)
