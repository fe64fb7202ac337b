"""Typed results that workers post back to the screen."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.message import Message

from ..api.errors import CoxEdgeError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..api.kinds import ImageType
    from ..api.models import Image
    from ..core.everywhere import EnvironmentFailure
    from ..core.tracked_task import TrackedTask


class ImagesLoaded(Message):
    def __init__(
        self,
        images: list[Image],
        image_type: ImageType,
        environment: str,
        at: datetime,
        generation: int,
        failures: Sequence[EnvironmentFailure] = (),
    ) -> None:
        super().__init__()
        self.failures = failures  # the Everywhere view's environments that could not be listed
        self.generation = generation  # the app's session generation when the list was asked for
        self.images = images
        self.image_type = image_type
        self.environment = environment
        self.at = at


class DetailLoaded(Message):
    def __init__(self, image: Image, at: datetime, usage: str) -> None:
        super().__init__()
        self.image = image
        self.at = at
        self.usage = usage


class DetailFailed(Message):
    def __init__(self, image_id: str, error: CoxEdgeError) -> None:
        super().__init__()
        self.image_id = image_id
        self.error = error


class ApiFailed(Message):
    """A request failed; the screen keeps what it showed and tells the user why."""

    def __init__(self, error: CoxEdgeError) -> None:
        super().__init__()
        self.error = error


class TaskChanged(Message):
    """A followed task changed status or ended."""

    def __init__(self, task: TrackedTask) -> None:
        super().__init__()
        self.task = task
