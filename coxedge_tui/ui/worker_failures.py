"""A screen's worker that fails reaches the person: Textual tells only the screen, and never the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from .app import CoxEdgeApp


class ReportsWorkerFailures:
    """Mix into every screen that runs workers (exit_on_error=False would otherwise drop their errors)."""

    app: CoxEdgeApp

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.app.report_worker_failure(event.worker)
            self.worker_failed(event.worker)

    def worker_failed(self, worker: Worker[object]) -> None:
        """What the screen itself shows when one of its workers failed (a note in place of `Loading…`)."""
