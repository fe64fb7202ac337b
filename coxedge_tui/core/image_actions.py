"""Creating and deleting custom images, for any front end (never imports textual).

The refusal rules are worded here once, so the app and the command line say the same sentence;
`ImageActions` keeps one session's images being created and deleted, for the marks in the list.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Protocol

from ..api.errors import CoxEdgeError, InvalidInputError, OutcomeUnknownError
from ..api.kinds import ImageType
from ..api.paths import check_image_id
from .image_list_model import environment_of
from .protection import NO_PROTECTION, Protection
from .reconcile import ImageSource, find_created, status_unless_gone, still_there
from .tasks import TaskTracker
from .tracked_task import TaskState, TrackedTask

if TYPE_CHECKING:  # the models load with pydantic, after the saved list has painted
    from ..api.models import CreateImageRequest, Image, TaskRef

DELETING = "DELETING"
FAILED = "FAILED"
NO_DEFAULT_DELETE = "Default images belong to the provider and cannot be deleted; only custom images can."


class ImageWriter(ImageSource, Protocol):
    """What creating and deleting need from the API layer; `CoxEdgeClient` is one."""

    async def create_image(self, request: CreateImageRequest) -> TaskRef: ...

    async def delete_image(self, image_id: str) -> TaskRef | None: ...


@dataclass(frozen=True)
class Refusal:
    """Why an action is not done, worded for a person; `error` when it is an API-layer refusal to report as such."""

    message: str
    title: str = ""
    error: CoxEdgeError | None = None


def read_only_refusal(read_only: bool, doing: str) -> Refusal | None:
    """`doing` is "creating images" or "deleting images"."""
    if not read_only:
        return None
    return Refusal(
        f"Read-only mode: {doing} is off for this session (--read-only, COX_READ_ONLY or the profile).",
        "Not available",
    )


def saved_list_refusal(saved_list_shown: bool, doing: str) -> Refusal | None:
    """Nothing is deleted or exported from an old list: the live one must have come first."""
    if not saved_list_shown:
        return None
    return Refusal(
        f"The list shown is the one saved last time; wait a moment for the live list before {doing}.", "Not yet"
    )


def delete_refusal(
    image: Image,
    *,
    read_only: bool,
    saved_list_shown: bool = False,
    deleting: Collection[str] = (),
    creating: Collection[str] = (),
    protection: Protection = NO_PROTECTION,
) -> Refusal | None:
    """The rules every front end applies before asking to delete `image`, the first one broken.

    `protection` is the profile's protect patterns (`Protection.of(settings)`).
    """
    if not image.is_custom:
        return Refusal(NO_DEFAULT_DELETE, "Not available")
    protected = protection.refusal_text(image)
    if protected is not None:
        return Refusal(protected, "Protected")
    refusal = read_only_refusal(read_only, "deleting images") or saved_list_refusal(saved_list_shown, "deleting")
    if refusal is not None:
        return refusal
    if image.id in deleting:
        return Refusal("That image is already being deleted; press t to watch its task.")
    if image.id in creating:
        return Refusal("That image is still being created; wait for its task to end (t).")
    try:
        check_image_id(image.id)  # an id that would leave its own path is refused before anything is asked
    except InvalidInputError as exc:
        return Refusal(exc.message, exc.title, exc)
    return None


def image_label(image: Image) -> str:
    return f"{image.family}:{image.tag}"


@dataclass(frozen=True)
class CreateSent:
    ref: TaskRef


@dataclass(frozen=True)
class CreateLost:
    """The answer was lost (`error`); `found` is the image it made, None if none; `check_error` if asking failed."""

    error: OutcomeUnknownError
    found: Image | None
    check_error: CoxEdgeError | None = None


async def send_create(
    client: ImageWriter, request: CreateImageRequest, on_lost: Callable[[OutcomeUnknownError], None] | None = None
) -> CreateSent | CreateLost:
    """Send the create once; after a lost answer (told to `on_lost` first) the custom images say whether it happened."""
    try:
        return CreateSent(await client.create_image(request))
    except OutcomeUnknownError as exc:
        if on_lost is not None:
            on_lost(exc)
        try:
            return CreateLost(exc, await find_created(client, request.family, request.tag))
        except CoxEdgeError as check:
            return CreateLost(exc, None, check)


@dataclass(frozen=True)
class DeleteSent:
    """The server's answer to a delete: a task (`ref`), or accepted without one (`ref` None)."""

    ref: TaskRef | None


@dataclass(frozen=True)
class DeleteLost:
    """The answer was lost (`error`); `now` is the image still there, None when gone; `check_error` if asking failed."""

    error: OutcomeUnknownError
    now: Image | None
    check_error: CoxEdgeError | None = None


async def send_delete(client: ImageWriter, image: Image) -> DeleteSent | DeleteLost:
    """Send the delete once; after a lost answer ask whether the image is still there (never send again)."""
    try:
        return DeleteSent(await client.delete_image(image.id))
    except OutcomeUnknownError as exc:
        try:
            return DeleteLost(exc, await still_there(client, image.id))
        except CoxEdgeError as check:
            return DeleteLost(exc, None, check)


@dataclass(frozen=True)
class FailedCreate:
    """A create whose task failed: its row stays marked FAILED with the reason until `r` finds no such image."""

    family: str | None
    tag: str | None
    reason: str
    image: Image | None  # the row listed while it was being created, if this session listed one


class ImageActions:
    """One session's creates and deletes in flight; the list shows them until the server does.

    Everything it needs is injected as accessors, since a login or an environment switch replaces the client.
    """

    def __init__(
        self,
        client: Callable[[], ImageWriter],
        tracker: Callable[[], TaskTracker],
        clock: Callable[[], datetime],
        on_marks: Callable[[dict[str, str]], None] | None = None,
    ) -> None:
        self._client = client
        self._tracker = tracker
        self._clock = clock
        self._on_marks = on_marks
        self.pending: dict[str, Image] = {}
        self.failed: dict[str, FailedCreate] = {}  # by the image id the list shows
        self.deletes_in_flight: set[str] = set()

    def create_refusal(self, *, read_only: bool) -> Refusal | None:
        return read_only_refusal(read_only, "creating images")

    def delete_refusal(
        self, image: Image, *, read_only: bool, saved_list_shown: bool, protection: Protection = NO_PROTECTION
    ) -> Refusal | None:
        return delete_refusal(
            image,
            read_only=read_only,
            saved_list_shown=saved_list_shown,
            deleting=self.deleting_marks(),
            creating=self.pending,
            protection=protection,
        )

    def forget(self) -> None:
        """Another account or environment: what was being created or deleted belongs to the old one."""
        self.pending.clear()
        self.failed.clear()
        self.deletes_in_flight.clear()
        self._marks_changed()

    def created(
        self,
        ref: TaskRef,
        family: str,
        tag: str,
        description: str | None,
        listed: Sequence[Image],
        environment: str = "",
    ) -> Image:
        """Follow an accepted create; the new image as the server will name it, listed while its task runs.

        `environment`: where it was made, from the Everywhere view; its row says so, and its sibling is from there."""
        if environment:
            listed = [i for i in listed if environment_of(i) == environment]
        image = self.provisional_image(family, tag, description, listed)
        if environment:
            from .everywhere import placed

            image = placed(image, environment)
        self.pending[image.id] = image
        name = image_label(image)
        self._tracker().follow(ref, operation="create", image_id=image.id, label=name, environment=environment)
        return image

    def provisional_image(self, family: str, tag: str, description: str | None, listed: Sequence[Image]) -> Image:
        sibling = next((i for i in listed if i.is_custom and i.stack_id), None)
        stack = sibling.stack_id if sibling else "pending"
        slug = sibling.slug if sibling else ""
        from ..api.models import Image

        return Image.model_validate(
            {
                "id": f"{stack}/{family}/{tag}",
                "stackId": stack if sibling else None,
                "family": family,
                "tag": tag,
                "slug": slug or None,
                "status": "PENDING",
                "createdAt": self._clock(),
                "description": description,
                "reference": f"{slug}/{family}:{tag}" if slug else f"{family}:{tag}",
            }
        )

    def merge_pending(self, images: list[Image], image_type: ImageType) -> list[Image]:
        """Images created this session stay listed (as PENDING) until the server lists them.

        Matched by family and tag: the provisional id is only a guess at the server's.
        """
        shown = [*self.pending.values(), *(f.image for f in self.failed.values() if f.image is not None)]
        if image_type is ImageType.DEFAULT or not shown:
            return images
        listed = {(i.family, i.tag) for i in images}
        return images + [p for p in shown if (p.family, p.tag) not in listed]

    def settle_failed(self, images: Sequence[Image], *, asked: bool) -> None:
        """Failed creates follow the server's list: marked under the id it lists them by, dropped once it
        lists them READY, and, when the user asked for the refresh (`r`), dropped when it lists none."""
        if not self.failed:
            return  # the usual case: nothing to look up, so nothing proportional to the list on the event loop
        wanted = {(f.family, f.tag) for f in self.failed.values()}
        listed = {key: i for i in images if (key := (i.family, i.tag)) in wanted}
        for image_id, failed in list(self.failed.items()):
            found = listed.get((failed.family, failed.tag))
            if (found is None and asked) or (found is not None and found.status == "READY"):
                del self.failed[image_id]
            elif found is not None and found.id != image_id:
                self.failed[found.id] = self.failed.pop(image_id)
        self._marks_changed()

    def failure_of(self, image_id: str) -> str | None:
        """Why the create of this image failed, if it did in this session."""
        failed = self.failed.get(image_id)
        return failed.reason if failed is not None else None

    def marks(self) -> dict[str, str]:
        """Every row whose status the list overrides: failed creates, then deletes in flight."""
        return {**dict.fromkeys(self.failed, FAILED), **self.deleting_marks()}

    def without_pending(self, images: Sequence[Image]) -> list[Image]:
        return [i for i in images if i.id not in self.pending]

    def deleting_marks(self) -> dict[str, str]:
        """Rows being deleted, from the requests in flight and the tasks still running: a refresh keeps them."""
        running = {t.image_id for t in self._tracker().running if t.operation == "delete"}
        return dict.fromkeys(running | self.deletes_in_flight, DELETING)

    def flight(self, image_id: str, sending: bool) -> None:
        """BulkDelete's `on_flight`: a batch's delete request leaving (True) or answered; DELETING meanwhile."""
        if sending:
            self.deletes_in_flight.add(image_id)
        else:
            self.deletes_in_flight.discard(image_id)
        self._marks_changed()

    def finished(self, task: TrackedTask) -> None:
        image = self.pending.pop(task.image_id, None)
        if task.operation == "create" and task.state is TaskState.FAILED:
            if image is not None:
                row = image.model_copy(update={"status": FAILED})
                self.failed[task.image_id] = FailedCreate(image.family, image.tag, task.message, row)
            elif task.image_id.count("/") == 2:  # a task resumed from the journal: only its id names the image
                _, family, tag = task.image_id.split("/")
                self.failed[task.image_id] = FailedCreate(family, tag, task.message, None)
        self._marks_changed()

    async def delete(self, image: Image, client: ImageWriter | None = None) -> DeleteSent | DeleteLost:
        """Send the delete and follow it: with its task, or by checking the image when accepted without one.

        `client`: the one of the image's environment (a row of the Everywhere view), else the session's."""
        writer = client if client is not None else self._client()
        self.deletes_in_flight.add(image.id)
        self._marks_changed()
        try:
            outcome = await send_delete(writer, image)
            if isinstance(outcome, DeleteSent):
                tracker, name, place = self._tracker(), image_label(image), environment_of(image)
                if outcome.ref is None:  # accepted without a task (204): the image itself shows when it is gone
                    check = partial(status_unless_gone, writer, image.id)
                    tracker.confirm(check, operation="delete", image_id=image.id, label=name, environment=place)
                else:
                    tracker.follow(outcome.ref, operation="delete", image_id=image.id, label=name, environment=place)
            return outcome
        finally:
            self.deletes_in_flight.discard(image.id)
            self._marks_changed()

    def _marks_changed(self) -> None:
        if self._on_marks is not None:
            self._on_marks(self.marks())
