"""The simulator's images resource: list, create (with the documented rules) and delete.

Creates and deletes start a task of the `Simulator` they are given; lists are cached until the world changes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..api.models import CreateImageRequest
from .response import JsonBody, SimResponse, error
from .seed import SimEnvironment, SimImage

if TYPE_CHECKING:
    from .simulator import Simulator


def list_images(sim: Simulator, env: SimEnvironment, image_type: str) -> SimResponse:
    kind = image_type if image_type in ("default", "custom") else "all"
    cached = sim._list_cache.get((id(env), kind))
    if cached is None:
        images = [
            i.to_json()
            for i in env.images.values()
            if kind == "all" or i.custom == (kind == "custom")
        ]
        cached = json.dumps({"data": images, "metadata": {"recordCount": len(images)}}).encode()
        sim._list_cache[(id(env), kind)] = cached
    return SimResponse(200, cached)


def create_image(sim: Simulator, env: SimEnvironment, body: bytes) -> SimResponse:
    try:
        payload = json.loads(body or b"null")
    except ValueError:
        return error(400, "The request body is not valid JSON.", code=2001)
    if not isinstance(payload, dict):
        return error(400, "The request body must be a JSON object.", code=2001)
    problems = create_problems(payload)
    if problems:
        return SimResponse.json(
            400, {"errors": [{"code": 2010, "message": m, "context": {"field": f}} for f, m in problems]}
        )
    workload = env.workloads.get(payload["workloadId"])
    if workload is None:
        return error(400, f"Workload '{payload['workloadId']}' was not found in {env.name}.", code=2011)
    if workload.type != "VM":
        return error(
            400,
            f"Workload '{workload.name}' is of type {workload.type}; only workloads of type VM are allowed.",
            code=2011,
        )
    if payload["instanceName"] not in {i.name for i in workload.instances}:
        return error(
            400,
            f"Instance '{payload['instanceName']}' is not an instance of workload '{workload.name}'.",
            code=2011,
        )
    image = SimImage(
        stack_id=env.stack_id,
        slug=env.stack_slug,
        family=payload["family"],
        tag=payload["tag"],
        created_at=datetime.now(UTC),
        description=payload.get("description"),
        status="PENDING",
    )
    if image.id in env.images:
        return error(409, f"An image {image.family}:{image.tag} already exists.", code=2013)
    env.images[image.id] = image
    sim._changed()

    def halfway() -> None:
        image.status = "PROCESSING"

    def success() -> None:
        image.status = "READY"

    def failure() -> None:
        image.status = "FAILED"

    return sim._start_task(success, failure, halfway, task_result(image))


def delete_image(sim: Simulator, env: SimEnvironment, ident: str) -> SimResponse:
    image = env.images.get(ident)
    if image is None:
        return error(404, f"Image '{ident}' was not found.", code=2012)
    if not image.custom:
        return error(400, "Only custom images can be deleted.", code=2014)

    def success() -> None:
        env.images.pop(ident, None)

    return sim._start_task(success, lambda: None, None, task_result(image))


def task_result(image: SimImage) -> JsonBody:
    """Cox's client reads the resource as result.id and result.name (models.go, TaskStatus); imageId stays for ours."""
    return {"id": image.id, "name": f"{image.family}:{image.tag}", "imageId": image.id}


def create_problems(payload: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The documented create-image rules, as (field, message) pairs."""
    problems = []
    for name in ("family", "tag", "workloadId", "instanceName"):
        value = payload.get(name)
        if not isinstance(value, str) or not value:
            problems.append((name, f"{name} is required."))
    if problems:
        return problems
    known = {k: v for k, v in payload.items() if k in ("family", "tag", "workloadId", "instanceName", "description")}
    try:
        CreateImageRequest.model_validate(known)
    except ValidationError as exc:
        for item in exc.errors():
            name = str(item["loc"][0]) if item["loc"] else "body"
            problems.append((name, re.sub(r"^Value error, ", "", item["msg"])))
    return problems
