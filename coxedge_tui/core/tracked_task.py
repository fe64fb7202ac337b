"""A followed create/delete task and its wording, for any front end (never imports textual).

`TaskTracker` (in `tasks`) keeps these up to date; the UI and the CLI show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..api.errors import excerpt

REASON_CHARS = 300
REASON_KEYS = ("error", "message", "reason", "detail")
NO_REASON = "the task failed"
PAST_TENSE = {"create": "Created", "delete": "Deleted"}
PRESENT = {"create": "Creating", "delete": "Deleting"}


class TaskState(Enum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    EXPIRED = "expired"
    TIMED_OUT = "timed out"
    ERROR = "error"  # we could not learn the outcome


@dataclass
class TrackedTask:
    id: str
    operation: str
    image_id: str
    label: str
    status: str
    state: TaskState = TaskState.RUNNING
    started: float = 0.0
    ended: float | None = None
    message: str = ""
    result: object = None
    polls: int = 0
    server_task: bool = True  # False: accepted without a task, followed by checking the image itself
    environment: str = ""  # where it runs (an Everywhere row's environment); "" until the app names the session's

    def elapsed(self, now: float) -> float:
        return (self.ended if self.ended is not None else now) - self.started

    @property
    def finished(self) -> bool:
        return self.state is not TaskState.RUNNING

    @property
    def summary(self) -> str:
        """One line for a notification, e.g. "Created web:v1." or "Deleting web:v1 failed: …"."""
        doing = PRESENT.get(self.operation, f"Task {self.operation} for")
        if self.state is TaskState.SUCCEEDED:
            done = PAST_TENSE.get(self.operation)
            return f"{done} {self.label}." if done else f"{doing} {self.label} succeeded."
        if self.state is TaskState.RUNNING:
            return f"{doing} {self.label}: {self.status}"
        return f"{doing} {self.label} {self.state.value}: {self.message}"


def failure_reason(result: object, *more: object) -> str:
    """The server's reason for a failed task, from whatever shape its result has, then from `more`.

    `more` are the task's own `error` and `message`, where some servers say why beside the result.
    """
    for source in (result, *more):
        if isinstance(source, str) and source.strip():
            return excerpt(source, REASON_CHARS)
        if isinstance(source, dict):
            for key in REASON_KEYS:
                value = source.get(key)
                if isinstance(value, dict):
                    value = value.get("message")
                if isinstance(value, str) and value.strip():
                    return excerpt(value, REASON_CHARS)
    return NO_REASON


def duration_text(seconds: float) -> str:
    """600 -> "10 min", 90 -> "1 min 30 s", 45 -> "45 s"."""
    minutes, rest = divmod(round(seconds), 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"
