"""A create whose task failed stays listed as FAILED with the server's reason, until `r` finds no such image."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from coxedge_tui.api.kinds import ImageType
from coxedge_tui.api.models import Image
from coxedge_tui.core.image_actions import FAILED, ImageActions
from coxedge_tui.core.tasks import TaskState, TrackedTask

NOW = datetime(2026, 11, 27, tzinfo=UTC)


class NoTracker:
    running: list[TrackedTask] = []


def listed(family: str, status: str, stack: str = "stack") -> Image:
    return Image.model_validate({"id": f"{stack}/{family}/v1", "family": family, "tag": "v1", "status": status})


def failed_create(actions: ImageActions) -> str:
    image = actions.provisional_image("doomed", "v1", None, [listed("sibling", "READY")])
    actions.pending[image.id] = image
    task = TrackedTask("t-1", "create", image.id, "doomed:v1", "FAILURE", TaskState.FAILED, message="Quota exceeded.")
    actions.finished(task)
    return image.id


def make() -> ImageActions:
    tracker: Any = NoTracker()
    return ImageActions(client=lambda: None, tracker=lambda: tracker, clock=lambda: NOW)  # type: ignore[arg-type,return-value]


def test_the_failed_row_stays_marked_with_its_reason_while_the_server_lists_no_such_image() -> None:
    actions = make()
    image_id = failed_create(actions)
    rows = actions.merge_pending([listed("sibling", "READY")], ImageType.ALL)
    assert [(i.family, i.status) for i in rows] == [("sibling", "READY"), ("doomed", FAILED)]
    assert (actions.marks(), actions.failure_of(image_id)) == ({image_id: FAILED}, "Quota exceeded.")
    actions.settle_failed([listed("sibling", "READY")], asked=False)  # an automatic refresh keeps it
    assert actions.marks() == {image_id: FAILED}
    actions.settle_failed([listed("sibling", "READY")], asked=True)  # r: the server has no such image
    assert actions.marks() == {} and actions.merge_pending([], ImageType.ALL) == []


def test_the_mark_follows_the_id_the_server_lists_and_ends_when_the_server_says_ready() -> None:
    actions = make()
    failed_create(actions)
    still_pending = listed("doomed", "PENDING", stack="real")
    actions.settle_failed([still_pending], asked=True)
    assert actions.marks() == {still_pending.id: FAILED}, "the server's PENDING contradicts the failed task"
    actions.settle_failed([listed("doomed", "READY", stack="real")], asked=False)
    assert actions.marks() == {}


class Unreadable(list[Image]):
    """A list of 100k images, as far as a refresh's bookkeeping is concerned: reading it is a test failure."""

    def __iter__(self) -> Any:
        raise AssertionError("the whole list was read on the event loop")


def test_a_refresh_with_no_failed_create_does_not_read_the_list() -> None:
    actions = make()
    actions.settle_failed(Unreadable(), asked=True)
    assert actions.marks() == {}
