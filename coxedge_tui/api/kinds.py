"""The plain values of the API (image types and statuses, task outcomes, default addresses).

Plain Python with no pydantic or httpx, so the UI can paint before the API layer loads.
"""

from __future__ import annotations

from enum import StrEnum

DEFAULT_API_URL = "https://portal.coxedge.com/api/v2"
DEFAULT_SERVICE = "edge-services"
DEFAULT_IMAGE_SLUG = "stackpath-edge"  # default images are published under the provider's own slug


class ImageType(StrEnum):
    ALL = "all"
    DEFAULT = "default"
    CUSTOM = "custom"


class ImageStatus(StrEnum):
    READY = "READY"
    PENDING = "PENDING"
    PROCESSING = "PROCESSING"
    FAILED = "FAILED"
    UNKNOWN = "IMAGE_STATUS_UNKNOWN"


class TaskStatus(StrEnum):
    PENDING = "PENDING"
    SUCCESS = "SUCCESS"
    FAILED = "FAILED"


def task_outcome(status: str) -> TaskStatus | None:
    """SUCCESS or FAILED/FAILURE in any case; None while still running."""
    upper = status.strip().upper()
    if upper == "SUCCESS":
        return TaskStatus.SUCCESS
    if upper in ("FAILED", "FAILURE"):
        return TaskStatus.FAILED
    return None
