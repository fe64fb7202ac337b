"""Messages wrapped by the command line end in one clean full stop, whatever the API's message ends with."""

from __future__ import annotations

import pytest

from coxedge_tui.commands.common import CommandError
from coxedge_tui.commands.follow import outcome
from coxedge_tui.core.tasks import TaskState, TrackedTask
from coxedge_tui.text.sentences import sentence, sentences

RETRIED = (
    "Checking task t1: the server failed (HTTP 504; the server answered: 504 Gateway Time-out nginx). "
    "Try again; if it persists the service may be down. (Tried 3 times.)"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Not found", "Not found."),
        ("Not found.", "Not found."),
        ("Not found..", "Not found."),
        ("Image 'x' was not found (HTTP 404)", "Image 'x' was not found (HTTP 404)."),
        (RETRIED, RETRIED),
        (RETRIED + ".", RETRIED),
        ("Really?", "Really?"),
        ("  ", ""),
    ],
)
def test_a_sentence_ends_in_exactly_one_full_stop(text: str, expected: str) -> None:
    assert sentence(text) == expected


def test_sentences_are_joined_with_one_stop_each_and_blanks_dropped() -> None:
    assert sentences("Not sent", "", RETRIED, "Try later.") == f"Not sent. {RETRIED} Try later."


def failed_message(state: TaskState, message: str, operation: str = "create") -> str:
    task = TrackedTask(id="t1", operation=operation, image_id="s/web/v1", label="web:v1", status="FAILED",
                       state=state, message=message)
    with pytest.raises(CommandError) as raised:
        outcome(task, 600.0)
    assert raised.value.code == 5
    return raised.value.message


def test_a_failed_tasks_reason_gets_a_full_stop_when_the_server_gave_none() -> None:
    assert failed_message(TaskState.FAILED, "disk full") == "Create of web:v1 failed on the server: disk full."


def test_a_task_that_could_not_be_followed_ends_on_the_apis_own_sentence() -> None:
    message = failed_message(TaskState.ERROR, RETRIED, operation="task")

    assert message == f"Task t1: following the task stopped. {RETRIED}"
    assert not message.endswith(("))", ".)."))
