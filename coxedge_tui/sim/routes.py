"""The simulator's routes: organisations, environments, tasks, and each resource of a service.

Each takes the `Simulator` whose world it reads; the images resource lives in `image_routes`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .image_routes import create_image, delete_image, list_images
from .response import JsonBody, SimResponse, error
from .seed import SimEnvironment, organization_json

if TYPE_CHECKING:
    from .simulator import Simulator

SERVICE_CODE = "edge-services"


def route(sim: Simulator, method: str, parts: list[str], query: Mapping[str, str], body: bytes) -> SimResponse:
    if parts == ["organizations"] and method == "GET":
        return listed([own_organization(sim), *(other_organization(sim, o) for o in sim.other_organizations)])
    envs = envs_of(sim, query.get("org_id", ""))
    if parts == ["environments"] and method == "GET":
        return listed([e.to_json(SERVICE_CODE) for e in envs.values()])
    if len(parts) == 2 and parts[0] == "environments" and method == "GET":
        # Cox's client fetches one environment by id (coxedge/apiclient/environments.go).
        env = next((e for e in envs.values() if e.id == parts[1]), None)
        if env is None:
            return error(404, f"Environment '{parts[1]}' was not found.", code=2005)
        return SimResponse.json(200, {"data": env.to_json(SERVICE_CODE)})
    if len(parts) == 2 and parts[0] == "organizations" and method == "GET":
        organization = own_organization(sim)
        if parts[1] != organization["id"]:
            return error(404, f"Organization '{parts[1]}' was not found.", code=2016)
        return SimResponse.json(200, {"data": organization})
    if len(parts) == 2 and parts[0] == "tasks" and method == "GET":
        return sim._get_task(parts[1])
    if len(parts) >= 4 and parts[0] == "services":
        if parts[1] != SERVICE_CODE:
            return error(404, f"Unknown service '{parts[1]}'.", code=2004)
        env = envs.get(parts[2])
        if env is None:
            return error(404, f"Environment '{parts[2]}' was not found.", code=2005)
        return route_service(sim, method, env, parts[3:], query, body)
    return error(404, f"No such endpoint: {method} /{'/'.join(parts)}.", code=2004)


def route_service(
    sim: Simulator, method: str, env: SimEnvironment, rest: list[str], query: Mapping[str, str], body: bytes
) -> SimResponse:
    resource, ident = rest[0], "/".join(rest[1:])
    if resource == "images":
        if not ident:
            if method == "GET":
                return list_images(sim, env, query.get("imageType", ""))
            if method == "POST":
                return create_image(sim, env, body)
        elif method == "GET":
            image = env.images.get(ident)
            if image is None:
                return error(404, f"Image '{ident}' was not found.", code=2012)
            return SimResponse.json(200, {"data": image.to_json()})
        elif method == "DELETE":
            return delete_image(sim, env, ident)
        return error(405, f"Method {method} is not allowed here.", code=2006)
    if resource == "workloads" and method == "GET" and not ident:
        return listed([w.to_json() for w in env.workloads.values()])
    if resource == "workloads" and method == "GET":
        workload = env.workloads.get(ident)
        if workload is None:
            return error(404, f"Workload '{ident}' was not found in {env.name}.", code=2011)
        return SimResponse.json(200, {"data": workload.to_json()})
    if resource == "instances" and method == "GET" and not ident:
        workload = env.workloads.get(query.get("workloadId", ""))
        if workload is None:
            return error(400, "workloadId must name a workload of this environment.", code=2010)
        return listed([i.to_json() for i in workload.instances])
    return error(404, f"No such endpoint: {method} {resource}.", code=2004)


def own_organization(sim: Simulator) -> JsonBody:
    return organization_json(list(sim.envs.values()), SERVICE_CODE)


def other_organization(sim: Simulator, org_id: str) -> JsonBody:
    name, envs = sim.other_organizations[org_id]
    return {**organization_json(list(envs.values()), SERVICE_CODE), "id": org_id, "name": name}


def envs_of(sim: Simulator, org_id: str) -> dict[str, SimEnvironment]:
    """The environments of the organisation a request names with ?org_id=; any other id is the key's own."""
    other = sim.other_organizations.get(org_id)
    return other[1] if other is not None else sim.envs


def listed(items: list[Any]) -> SimResponse:
    """Every list answers `{"data": [...], "metadata": {"recordCount": N}}` (images-api.md)."""
    return SimResponse.json(200, {"data": items, "metadata": {"recordCount": len(items)}})
