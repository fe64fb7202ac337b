"""The simulator's deterministic starting world: environments, images, workloads."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from . import ENVIRONMENT_NAMES

PROVIDER_SLUG = "stackpath-edge"
PROVIDER_STACK = "a8050b2b-39eb-4929-bce5-1af42055903e"
EPOCH = datetime(2020, 11, 10, 20, 33, 32, 609434, tzinfo=UTC)

DEFAULT_FAMILIES = ("centos7", "ubuntu", "debian", "rockylinux", "almalinux", "fedora")
DEFAULT_TAGS = ("v20201110", "v20220315", "v20240102")
CUSTOM_FAMILIES = ("web", "api-gateway", "cache", "build-agent", "db-replica", "edge-proxy", "ml-inference")
WORKLOAD_NAMES = ("web-vm", "api-vm", "cache-vm", "batch-containers", "build-vm")


@dataclass
class SimImage:
    stack_id: str
    slug: str
    family: str
    tag: str
    created_at: datetime
    description: str | None
    status: str = "READY"
    custom: bool = True

    @property
    def id(self) -> str:
        return f"{self.stack_id}/{self.family}/{self.tag}"

    @property
    def reference(self) -> str:
        return f"{self.slug}/{self.family}:{self.tag}"

    def to_json(self) -> dict[str, object]:
        return {
            "stackId": self.stack_id,
            "id": self.id,
            "slug": self.slug,
            "family": self.family,
            "tag": self.tag,
            "createdAt": self.created_at.isoformat().replace("+00:00", "Z"),
            "description": self.description,
            "reference": self.reference,
            "status": self.status,
        }


@dataclass
class SimInstance:
    name: str
    status: str


@dataclass
class SimWorkload:
    id: str
    name: str
    slug: str
    type: str
    status: str
    image: str | None
    instances: list[SimInstance] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "slug": self.slug,
            "type": self.type,
            "status": self.status,
            "image": self.image,
        }


@dataclass
class SimEnvironment:
    name: str
    id: str
    description: str
    stack_id: str
    stack_slug: str
    images: dict[str, SimImage] = field(default_factory=dict)
    workloads: dict[str, SimWorkload] = field(default_factory=dict)

    def to_json(self, service_code: str) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "state": "ACTIVE",
            "serviceConnection": {"id": f"conn-{self.id[:8]}", "name": "Edge Compute", "serviceCode": service_code},
        }


def seeded_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def default_images() -> list[SimImage]:
    images = []
    for f, family in enumerate(DEFAULT_FAMILIES):
        for t, tag in enumerate(DEFAULT_TAGS):
            images.append(
                SimImage(
                    stack_id=PROVIDER_STACK,
                    slug=PROVIDER_SLUG,
                    family=family,
                    tag=tag,
                    created_at=EPOCH + timedelta(days=400 * t, minutes=f),
                    description=f"Image using {family}",
                    custom=False,
                )
            )
    return images


def build_environment(
    rng: random.Random, name: str, description: str, slug: str, custom_count: int
) -> SimEnvironment:
    env = SimEnvironment(
        name=name, id=seeded_uuid(rng), description=description, stack_id=seeded_uuid(rng), stack_slug=slug
    )
    for i in range(custom_count):
        family = CUSTOM_FAMILIES[i % len(CUSTOM_FAMILIES)]
        generation = i // len(CUSTOM_FAMILIES)
        created = EPOCH + timedelta(days=30 + 3 * i, hours=rng.randrange(24), minutes=rng.randrange(60))
        image = SimImage(
            stack_id=env.stack_id,
            slug=slug,
            family=family,
            tag=f"v{created:%Y.%m.%d}-{generation}",
            created_at=created,
            description=rng.choice(
                (f"{family} golden image", f"{family} with security patches", None, f"Nightly build of {family}")
            ),
        )
        env.images[image.id] = image
    references: list[str | None] = [img.reference for img in list(env.images.values())[:3]] or [None]
    for n, wname in enumerate(WORKLOAD_NAMES):
        kind = "CONTAINER" if "containers" in wname else "VM"
        workload = SimWorkload(
            id=seeded_uuid(rng),
            name=wname,
            slug=f"{slug}-{wname}",
            type=kind,
            status="RUNNING" if n != 4 else "STOPPED",
            image=(
                "nginx:latest"
                if kind == "CONTAINER"
                else references[n % len(references)] if n < 3 else f"{PROVIDER_SLUG}/ubuntu:{DEFAULT_TAGS[-1]}"
            ),
        )
        for i, pop in enumerate(("jfk", "phx", "ams")[: 1 + n % 3]):
            workload.instances.append(
                SimInstance(
                    name=f"{wname}-{pop}-{i}",
                    status="RUNNING" if workload.status == "RUNNING" else "STOPPED",
                )
            )
        env.workloads[workload.id] = workload
    return env


def build_world(seed: int, image_count: int) -> dict[str, SimEnvironment]:
    """Two or more environments; `image_count` images in the first (defaults included)."""
    rng = random.Random(seed)
    staging, production = ENVIRONMENT_NAMES
    defaults = default_images()
    first_custom = max(0, image_count - len(defaults))
    envs = [
        build_environment(rng, staging, "Staging and experiments", "acme-staging", first_custom),
        build_environment(rng, production, "Customer-facing workloads", "acme-prod", 9),
    ]
    for env in envs:
        for image in defaults:
            env.images.setdefault(image.id, image)
    return {env.name: env for env in envs}
