"""Pydantic models for what Cox Edge sends and receives.

Decoding is lenient (unknown fields ignored, unknown status strings kept);
the create request is strict, with the documented validation rules.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, cast

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)

from .image_rules import DESCRIPTION_MAX as DESCRIPTION_MAX  # re-exported: callers import the rules from here too
from .image_rules import FAMILY_RE as FAMILY_RE
from .image_rules import TAG_RE as TAG_RE
from .image_rules import create_problems as create_problems
from .image_rules import description_problem, family_problem, tag_problem
from .kinds import DEFAULT_IMAGE_SLUG
from .kinds import ImageStatus as ImageStatus  # re-exported: the API layer's callers import them from here too
from .kinds import ImageType as ImageType
from .kinds import TaskStatus as TaskStatus
from .kinds import task_outcome as task_outcome


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _as_go_reads_it(cls, value: Any) -> Any:
        """null takes the field's default and a whole number in a text field is read as its digits.

        Cox's Go client reads null into a string as "" (coxedge/apiclient/models.go: plain `string`
        fields), so a null never costs the object; a required field that is null still does.
        The dict is copied only when something changes: this runs once per item of a 100k list.
        """
        if not isinstance(value, dict):
            return value
        fixed = value
        for key, optional, text in _go_rules(cls):
            found = value.get(key)
            if found is None:
                if optional and key in value:
                    fixed = dict(value) if fixed is value else fixed
                    del fixed[key]
            elif text and type(found) is int:
                fixed = dict(value) if fixed is value else fixed
                fixed[key] = str(found)
        return fixed


_RULES: dict[type[BaseModel], tuple[tuple[str, bool, bool], ...]] = {}


def _go_rules(model: type[BaseModel]) -> tuple[tuple[str, bool, bool], ...]:
    """(input key, null takes the default, a number is read as text) for each field name and alias, once per model."""
    rules = _RULES.get(model)
    if rules is None:
        rules = tuple(
            (key, not info.is_required(), info.annotation in _TEXT)
            for name, info in model.model_fields.items()
            for key in dict.fromkeys((name, info.alias or name))
        )
        _RULES[model] = rules
    return rules


_TEXT = (str, str | None)


def _lenient_timestamp(value: Any, handler: ValidatorFunctionWrapHandler) -> datetime | None:
    """A readable timestamp, or None: a garbled date must not cost the whole image."""
    try:
        parsed = cast("datetime | None", handler(value))
    except ValidationError:
        return None
    # RFC 3339 always has an offset; a bare time from a sloppy server is taken as UTC, not local.
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


LenientTimestamp = Annotated["datetime | None", WrapValidator(_lenient_timestamp)]


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


RawText = Annotated["str | None", BeforeValidator(_text_or_none)]


def _byte_count(value: Any) -> int | None:
    """A size in bytes, as a number or its digits; anything else (a unit, a negative, true) is no size at all."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and value >= 0 else None


ByteCount = Annotated["int | None", BeforeValidator(_byte_count)]


class Image(_Lenient):
    """An image; every field but `id` may be absent or null in the wild."""

    id: str
    stack_id: str | None = Field(default=None, alias="stackId")
    family: str | None = None
    tag: str | None = None
    slug: str | None = None
    status: str | None = None
    created_at: LenientTimestamp = Field(default=None, alias="createdAt")
    description: str | None = None
    reference: str | None = None
    # Upstream StackPath sends it on some images (NOTES.md); none of the documented answers has it.
    image_size: ByteCount = Field(default=None, alias="imageSize")
    # createdAt exactly as sent: a datetime keeps microseconds, the server may send nanoseconds.
    created_at_text: RawText = Field(default=None, validation_alias="createdAt", repr=False, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _derived_id(cls, value: Any) -> Any:
        """The id is documented as stackId/family/tag, so it can be rebuilt when absent."""
        if isinstance(value, dict) and not value.get("id"):
            parts = [value.get("stackId"), value.get("family"), value.get("tag")]
            parts = [str(p) if isinstance(p, int) and not isinstance(p, bool) else p for p in parts]  # read as text
            if all(isinstance(p, str) and p for p in parts):
                value = {**value, "id": "/".join(cast("list[str]", parts))}
        return value

    @property
    def is_custom(self) -> bool:
        """Default images are published under the provider's own slug."""
        return self.slug != DEFAULT_IMAGE_SLUG


REASON_FIELDS = ("result", "error", "message")  # where a task's answer may say why it failed


def _unwrapped(value: dict[str, Any]) -> dict[str, Any]:
    """A task answer's fields, whether flat (the docs) or inside `data` (public clients)."""
    inner = value.get("data")
    return inner if isinstance(inner, dict) else value


class TaskRef(_Lenient):
    """What POST and DELETE answer: a task to follow."""

    task_id: str = Field(alias="taskId")
    task_status: str = Field(default="PENDING", alias="taskStatus")
    result: Any = None
    error: Any = None  # some servers say why a task failed beside its result, not in it
    message: Any = None

    @model_validator(mode="before")
    @classmethod
    def _either_form(cls, value: Any) -> Any:
        """Accept the documented flat form and a `data`-wrapped one, with either key spelling."""
        if not isinstance(value, dict):
            return value
        value = _unwrapped(value)
        return {
            "taskId": value.get("taskId") or value.get("id"),
            "taskStatus": value.get("taskStatus", value.get("status")) or "PENDING",
            **{name: value.get(name) for name in REASON_FIELDS},
        }

    @property
    def outcome(self) -> TaskStatus | None:
        return task_outcome(self.task_status)


class Task(_Lenient):
    """A task, decoded from the flat (docs) or the wrapped (clients) form."""

    id: str
    status: str = "PENDING"
    created: LenientTimestamp = None
    result: Any = None
    error: Any = None  # some servers say why a task failed beside its result, not in it
    message: Any = None

    @model_validator(mode="before")
    @classmethod
    def _either_form(cls, value: Any, info: ValidationInfo) -> Any:
        """`id` may be null inside `data`: the caller knows it and passes it as the context's `task_id`."""
        if not isinstance(value, dict):
            return value
        wrapped = isinstance(value.get("data"), dict)  # only a task object's null id is filled, never a wrong shape
        known = info.context.get("task_id") if wrapped and isinstance(info.context, dict) else None
        value = _unwrapped(value)
        return {
            "id": value.get("id") or value.get("taskId") or known,
            "status": value.get("status", value.get("taskStatus", "PENDING")) or "PENDING",
            "created": value.get("created"),
            **{name: value.get(name) for name in REASON_FIELDS},
        }

    @property
    def outcome(self) -> TaskStatus | None:
        return task_outcome(self.status)


class CreateImageRequest(BaseModel):
    model_config = ConfigDict(populate_by_name=True, frozen=True, extra="forbid", defer_build=True)

    family: str
    tag: str
    workload_id: str = Field(alias="workloadId")
    instance_name: str = Field(alias="instanceName")
    description: str | None = None

    @field_validator("family")
    @classmethod
    def _family(cls, value: str) -> str:
        problem = family_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("tag")
    @classmethod
    def _tag(cls, value: str) -> str:
        problem = tag_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("workload_id", "instance_name")
    @classmethod
    def _required(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is required")
        if value != value.strip():
            raise ValueError("must not start or end with spaces")
        return value

    @field_validator("description")
    @classmethod
    def _description(cls, value: str | None) -> str | None:
        problem = description_problem(value or "")
        if problem:
            raise ValueError(problem)
        return value or None

    def to_body(self) -> dict[str, str]:
        return self.model_dump(by_alias=True, exclude_none=True)


class ServiceConnection(_Lenient):
    id: str = ""
    name: str = ""
    service_code: str | None = Field(default=None, alias="serviceCode")


class Environment(_Lenient):
    id: str = ""
    name: str
    description: str | None = None
    state: str | None = None
    service_connection: ServiceConnection | None = Field(default=None, alias="serviceConnection")
    membership: str | None = None
    creation_date: str | None = Field(default=None, alias="creationDate")  # kept as sent


class Organization(_Lenient):
    id: str
    name: str = ""
    entry_point: str | None = Field(default=None, alias="entryPoint")


class Workload(_Lenient):
    id: str
    name: str = ""
    slug: str = ""
    type: str = ""
    status: str = ""
    image: str | None = None
    stack_id: str | None = Field(default=None, alias="stackId")
    created: str | None = None  # kept as sent
    specs: str | None = None
    cpu: str | None = None
    memory: str | None = None

    @property
    def is_vm(self) -> bool:
        return self.type.upper() == "VM"

    @property
    def size(self) -> str:
        """'SP-2: 2 vCPU, 4Gi' from whichever of specs, cpu and memory the server sent; '' if none."""
        parts = [f"{self.cpu} vCPU" if self.cpu else "", self.memory or ""]
        resources = ", ".join(p for p in parts if p)
        return ": ".join(p for p in (self.specs or "", resources) if p)


class Instance(_Lenient):
    name: str
    status: str = ""
    workload_id: str | None = Field(default=None, alias="workloadId")
    id: str | None = None
    stack_id: str | None = Field(default=None, alias="stackId")
    # Cox's Go client reads ipAddress as a list of strings (apiclient/models.go, WorkloadInstance).
    ip_addresses: list[str] = Field(default_factory=list, alias="ipAddress")
    public_ip_address: str | None = Field(default=None, alias="publicIpAddress")
    location: str | None = None
    created_date: str | None = Field(default=None, alias="createdDate")  # kept as sent
    started_date: str | None = Field(default=None, alias="startedDate")

    @field_validator("ip_addresses", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        """A single address, or null, is read as a list rather than costing the instance."""
        if value is None:
            return []
        if isinstance(value, str):
            return [value] if value else []
        if isinstance(value, list):
            return [v for v in value if isinstance(v, str) and v]
        return []

    @property
    def address(self) -> str:
        """The address a person would reach it at: the public one, else the first private one."""
        return self.public_ip_address or next(iter(self.ip_addresses), "")


class ErrorItem(_Lenient):
    code: int | str | None = None
    error_code: int | str | None = Field(default=None, alias="errorCode")
    message: str | None = None
    context: Any = None


class ErrorBody(_Lenient):
    errors: list[ErrorItem] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _flat_form(cls, value: Any) -> Any:
        """Gateways in front of the API answer `{"message": ...}` or `{"error": ...}` instead."""
        if not isinstance(value, dict) or isinstance(value.get("errors"), list):
            return value
        for key in ("message", "error", "detail"):
            if isinstance(value.get(key), str):
                code = value.get("code")
                return {"errors": [{"message": value[key], "code": code if isinstance(code, int | str) else None}]}
        return value

    @property
    def message(self) -> str:
        return "; ".join(e.message for e in self.errors if e.message)

    @property
    def code(self) -> str | None:
        for e in self.errors:
            if e.code is not None:
                return str(e.code)
            if e.error_code is not None:
                return str(e.error_code)
        return None
