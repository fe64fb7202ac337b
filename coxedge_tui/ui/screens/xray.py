"""`u`: the image's x-ray, a tree of the workloads that run it and each workload's instances."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from ...core.usage_index import NOT_USED, ImageUsage, UsageIndexCache, WorkloadUsage
from ..text import literal, status_text
from ..worker_failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from ...api.client import CoxEdgeClient
    from ...api.models import Image, Instance
    from ..app import CoxEdgeApp

HINT = "Enter on a workload: back to the list at this image · Esc closes"


def workload_label(usage: WorkloadUsage) -> Text:
    workload = usage.workload
    label = literal(workload.name or workload.id, "bold")
    label.append_text(literal(f"  {workload.type or '?'}  "))
    label.append_text(status_text(workload.status))
    if not usage.error:
        count = len(usage.instances)
        label.append_text(literal(f"  ({count} instance{'' if count == 1 else 's'})", "dim"))
    return label


def instance_label(instance: Instance) -> Text:
    label = literal(instance.name, "bold")
    label.append("  ")
    label.append_text(status_text(instance.status))
    for value in (instance.location, instance.address):
        if value:
            label.append_text(literal(f"  {value}"))
    return label


class XRayScreen(ReportsWorkerFailures, ModalScreen[str | None]):
    """Dismissed with the image's id when the person asks to go back to its row, else None."""

    DEFAULT_CSS = """
    XRayScreen { align: center middle; }
    #xray-box { width: 100; max-width: 100%; height: 80%; border: thick $primary; background: $surface;
                padding: 1 2; }
    #xray-title { text-style: bold; margin-bottom: 1; }
    #xray-tree { height: 1fr; }
    #xray-hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="xray.close", tooltip="Close the x-ray")]

    app: CoxEdgeApp

    def __init__(self, image: Image, usage: UsageIndexCache, client: CoxEdgeClient | None = None) -> None:
        super().__init__()
        self.image = image
        self.usage = usage
        self.client = client  # the row's environment's (the Everywhere view); None: the session's

    def compose(self) -> ComposeResult:
        with Vertical(id="xray-box"):
            where = f" in {self.client.environment}" if self.client is not None and self.client.environment else ""
            yield Static(literal(f"What runs {self.image.reference or self.image.id}{where}"), id="xray-title")
            tree: Tree[str | None] = Tree(literal(self.image.reference or self.image.id, "bold"), id="xray-tree")
            tree.auto_expand = False  # Enter on a workload goes back to the list; Space folds it
            tree.root.expand()
            tree.root.add_leaf(Text("Loading the workloads and their instances…", style="italic"))
            yield tree
            yield Static(HINT, id="xray-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Tree).focus()
        self.load_usage()

    @work(group="xray", exclusive=True, exit_on_error=False)
    async def load_usage(self) -> None:
        client = self.client or await self.app.connect()
        self.show(await self.usage.usage(client, self.image))

    def show(self, usage: ImageUsage) -> None:
        tree: Tree[str | None] = self.query_one(Tree)
        root = tree.root
        root.remove_children()
        if usage.unknown:
            root.add_leaf(literal(usage.unknown, "yellow"))
        elif not usage.workloads:
            root.add_leaf(literal(NOT_USED, "italic"))
        for used in usage.workloads:
            self._add_workload(root, used)
        tree.move_cursor(root.children[0] if root.children else root)

    @staticmethod
    def _add_workload(root: TreeNode[str | None], used: WorkloadUsage) -> None:
        node = root.add(workload_label(used), data=used.workload.id, expand=True)
        if used.error:
            node.add_leaf(literal(used.error, "yellow"))
        elif not used.instances:
            node.add_leaf(Text("no instances", style="italic"))
        for instance in used.instances:
            node.add_leaf(instance_label(instance))

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[str | None]) -> None:
        if event.node.data is not None:  # a workload: back to the list, on this image's row
            self.dismiss(self.image.id)
