"""The simulator's deterministic starting world: environments, images, workloads, the organisation.

Field names follow the models of Cox's Go client (coxedge/apiclient/models.go in
coxedge/terraform-provider-coxedge): what that client parses is what is served.
"""

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
# StackPath's spec names with the cpu and memory they stand for, as a workload reports them.
SPECS = (("SP-2", "2", "4Gi"), ("SP-3", "2", "8Gi"), ("SP-1", "1", "2Gi"), ("SP-4", "4", "16Gi"), ("SP-5", "8", "32Gi"))
POPS = ("jfk", "phx", "ams")
ORGANIZATION_ID = "9d3c1a52-5d7e-4b8a-9f0e-2c6f7b1a0e11"
ORGANIZATION_NAME = "Acme Edge"
ORGANIZATION_ENTRY_POINT = "acme"
USER_ID = "5b0f3c6e-8a41-4d2b-9b7e-0f2d6c4a1e90"
# Ids of things added to the world derive from their names, so the seeded RNG's sequence stays as it was.
NAMESPACE = uuid.UUID("1c4f1d0e-6a0b-4b7e-8f4d-7b2a9c3e5d10")


def stamp(moment: datetime, *, nanos: bool = False) -> str:
    """RFC 3339 in UTC; `nanos` gives the 9 fractional digits the upstream API sends for instances."""
    text = moment.isoformat().replace("+00:00", "Z")
    return text.replace("Z", "789Z") if nanos and "." in text else text


def named_uuid(*names: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(names)))


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
    image_size: int | None = None  # bytes; sent as imageSize (an upstream field) only when set

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
            "createdAt": stamp(self.created_at),
            "description": self.description,
            "reference": self.reference,
            "status": self.status,
        } | ({} if self.image_size is None else {"imageSize": self.image_size})


@dataclass
class SimInstance:
    name: str
    status: str
    id: str = ""
    stack_id: str = ""
    workload_id: str = ""
    ip_address: str = ""
    public_ip_address: str = ""
    location: str = ""
    created: datetime = EPOCH

    def to_json(self) -> dict[str, object]:
        """As WorkloadInstance in models.go: `ipAddress` is a list there, `createdDate`/`startedDate` strings."""
        return {
            "id": self.id,
            "stackId": self.stack_id,
            "workloadId": self.workload_id,
            "name": self.name,
            "status": self.status,
            "ipAddress": [self.ip_address],
            "publicIpAddress": self.public_ip_address,
            "location": self.location,
            "createdDate": stamp(self.created, nanos=True),
            "startedDate": stamp(self.created + timedelta(seconds=41), nanos=True),
        }


@dataclass
class SimWorkload:
    id: str
    name: str
    slug: str
    type: str
    status: str
    image: str | None
    instances: list[SimInstance] = field(default_factory=list)
    stack_id: str = ""
    created: datetime = EPOCH
    specs: str = "SP-1"
    cpu: str = "1"
    memory: str = "2Gi"

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "stackId": self.stack_id,
            "name": self.name,
            "slug": self.slug,
            "type": self.type,
            "status": self.status,
            "image": self.image,
            "created": stamp(self.created),
            "specs": self.specs,
            "cpu": self.cpu,
            "memory": self.memory,
            # models.go reads instancesPerPop with `,string`: a bare number would fail its decode.
            "deployments": [
                {
                    "name": f"{self.slug}-{pop}",
                    "pops": [pop.upper()],
                    "enableAutoScaling": False,
                    "instancesPerPop": "1",
                }
                for pop in dict.fromkeys(i.location.lower() for i in self.instances if i.location)
            ],
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

    created: datetime = EPOCH

    def summary_json(self, service_code: str) -> dict[str, object]:
        """The environment as an organisation lists it."""
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "state": "ACTIVE",
            "serviceConnection": {"id": f"conn-{self.id[:8]}", "name": "Edge Compute", "serviceCode": service_code},
        }

    def to_json(self, service_code: str) -> dict[str, object]:
        """As Environment in models.go: with its organisation, membership, creation date and roles."""
        return {
            **self.summary_json(service_code),
            "membership": "MANY_USERS",
            "creationDate": stamp(self.created),
            "organization": {"id": ORGANIZATION_ID, "name": ORGANIZATION_NAME, "entryPoint": ORGANIZATION_ENTRY_POINT},
            "roles": [
                {
                    "id": named_uuid(self.name, "role", "admin"),
                    "name": "Environment Admin",
                    "isDefault": False,
                    "users": [{"id": USER_ID}],
                },
                {"id": named_uuid(self.name, "role", "read-only"), "name": "Read-only", "isDefault": True, "users": []},
            ],
        }


def organization_json(envs: list[SimEnvironment], service_code: str) -> dict[str, object]:
    """As Organization in models.go; `billableStartDate` is a time.Time there, so it must be RFC 3339."""
    return {
        "id": ORGANIZATION_ID,
        "name": ORGANIZATION_NAME,
        "entryPoint": ORGANIZATION_ENTRY_POINT,
        "billableStartDate": "2020-11-01T00:00:00Z",
        "billingDay": 1,
        "isBillable": True,
        "billingMode": "POSTPAID",
        "isReseller": False,
        "tags": [],
        "environments": [e.summary_json(service_code) for e in envs],
        "roles": [],
        "serviceConnections": [{"id": "conn-edge", "name": "Edge Compute", "serviceCode": service_code}],
        "users": [{"id": USER_ID, "userName": "demo", "organization": {"id": ORGANIZATION_ID}}],
        "notes": "",
        "isDbAuthentication": True,
        "isLdapAuthentication": False,
        "isTrial": False,
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
    env.created = EPOCH - timedelta(days=90 + 7 * len(name))
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
        for i, pop in enumerate(POPS[: 1 + n % 3]):
            workload.instances.append(
                SimInstance(
                    name=f"{wname}-{pop}-{i}",
                    status="RUNNING" if workload.status == "RUNNING" else "STOPPED",
                )
            )
        finish_workload(env, n, workload)
        env.workloads[workload.id] = workload
    return env


def finish_workload(env: SimEnvironment, n: int, workload: SimWorkload) -> None:
    """The fields beyond the first seed's: size, dates, and each instance's id, addresses and POP."""
    workload.stack_id = env.stack_id
    workload.created = EPOCH + timedelta(days=20 + 11 * n, hours=n, minutes=7 * n, seconds=13)
    workload.specs, workload.cpu, workload.memory = SPECS[n % len(SPECS)]
    env_octet = 1 + sum(env.name.encode()) % 200
    for i, instance in enumerate(workload.instances):
        pop = instance.name.split("-")[-2]
        instance.id = named_uuid(env.name, workload.name, instance.name)
        instance.stack_id = env.stack_id
        instance.workload_id = workload.id
        instance.location = pop.upper()
        instance.ip_address = f"10.{env_octet}.{n}.{10 + i}"
        instance.public_ip_address = f"203.0.113.{10 * n + i + 10}"  # documentation range (RFC 5737)
        instance.created = workload.created + timedelta(minutes=3 + i, microseconds=123456)


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
