"""The simulator's fault switches: what each answers, how many times, and on which endpoint."""

from __future__ import annotations

import json
import re

import pytest

from coxedge_tui.sim import DEFAULT_KEY, Endpoint, FaultKind, Simulator
from coxedge_tui.sim.faults import CARRIED_OUT, Fault, parse_fault
from coxedge_tui.sim.seed import PROVIDER_STACK
from coxedge_tui.sim.simulator import endpoint_of

SERVICE = "/api/v2/services/edge-services/test-area"
KEY = {"MC-Api-Key": DEFAULT_KEY}


def get(sim: Simulator, path: str) -> tuple[int, bytes]:
    answer = sim.handle("GET", path, {}, KEY, b"")
    return answer.status, answer.body


@pytest.mark.parametrize(
    ("method", "path", "endpoint"),
    [
        ("GET", "services/edge-services/test-area/images", Endpoint.LIST),
        ("POST", "services/edge-services/test-area/images", Endpoint.CREATE),
        ("GET", f"services/edge-services/test-area/images/{PROVIDER_STACK}/ubuntu/v1", Endpoint.RETRIEVE),
        ("DELETE", f"services/edge-services/test-area/images/{PROVIDER_STACK}/web/v1", Endpoint.DELETE),
        ("GET", "tasks/abc", Endpoint.TASK),
        ("GET", "environments", Endpoint.ENVIRONMENTS),
        ("GET", "organizations", Endpoint.ORGANIZATIONS),
        ("GET", "services/edge-services/test-area/workloads", Endpoint.WORKLOADS),
        ("GET", "services/edge-services/test-area/instances", Endpoint.INSTANCES),
        ("PUT", "services/edge-services/test-area/images", None),
        ("GET", "nothing", None),
    ],
)
def test_each_request_is_classified_as_the_documented_operation_it_is(
    method: str, path: str, endpoint: Endpoint | None
) -> None:
    assert endpoint_of(method, path.split("/")) is endpoint


@pytest.mark.parametrize(
    ("spec", "fault"),
    [
        ("list:502", Fault(Endpoint.LIST, FaultKind.BAD_GATEWAY, 1)),
        ("create:drop:always", Fault(Endpoint.CREATE, FaultKind.DROP, None)),
        ("ANY:429-bare:3", Fault(Endpoint.ANY, FaultKind.RATE_LIMITED_BARE, 3)),
        ("list@production:403:always", Fault(Endpoint.LIST, FaultKind.FORBIDDEN, None, "production")),
    ],
)
def test_a_fault_is_written_endpoint_kind_and_optional_count(spec: str, fault: Fault) -> None:
    assert parse_fault(spec) == fault


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("list", "is not ENDPOINT:KIND[:COUNT]"),
        ("list:502:3:4", "is not ENDPOINT:KIND[:COUNT]"),
        ("lists:502", "Unknown endpoint 'lists'; choose from list, retrieve, create"),
        ("list:501", "Unknown fault '501'; choose from refused, connect-timeout, drop"),
        ("list:502:0", "Fault count '0' must be a positive number or 'always'."),
        ("list:502:never", "Fault count 'never' must be a positive number or 'always'."),
    ],
)
def test_a_malformed_fault_says_what_is_wrong_and_the_choices(spec: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")):
        parse_fault(spec)


def test_a_fault_counted_n_times_hits_exactly_the_next_n_requests(sim: Simulator) -> None:
    sim.faults.inject(Endpoint.ENVIRONMENTS, FaultKind.SERVER_ERROR, times=2)

    statuses = [get(sim, "/api/v2/environments")[0] for _ in range(4)]

    assert statuses == [500, 500, 200, 200]


def test_faults_for_one_endpoint_leave_the_others_alone(sim: Simulator) -> None:
    sim.faults.always(Endpoint.RETRIEVE, FaultKind.NOT_FOUND)

    assert get(sim, f"{SERVICE}/images")[0] == 200
    assert get(sim, f"{SERVICE}/images/{PROVIDER_STACK}/ubuntu/v20201110")[0] == 404


def test_faults_on_one_endpoint_are_served_in_the_order_they_were_armed(sim: Simulator) -> None:
    sim.faults.inject(Endpoint.LIST, FaultKind.UNAVAILABLE)
    sim.faults.inject(Endpoint.LIST, FaultKind.FORBIDDEN)

    assert [get(sim, f"{SERVICE}/images")[0] for _ in range(3)] == [503, 403, 200]


def test_a_gateway_fault_answers_an_html_page(sim: Simulator) -> None:
    sim.faults.inject(Endpoint.LIST, FaultKind.GATEWAY_TIMEOUT)

    answer = sim.handle("GET", f"{SERVICE}/images", {}, KEY, b"")

    assert answer.status == 504
    assert answer.headers["Content-Type"] == "text/html"
    assert b"<title>504 Gateway Time-out</title>" in answer.body


@pytest.mark.parametrize(
    ("kind", "pattern"),
    [
        (FaultKind.RATE_LIMITED, r"3"),
        (FaultKind.RATE_LIMITED_DATE, r"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT"),
        (FaultKind.RATE_LIMITED_BARE, None),
    ],
)
def test_rate_limit_faults_send_retry_after_as_seconds_as_a_date_or_not_at_all(
    sim: Simulator, kind: FaultKind, pattern: str | None
) -> None:
    sim.faults.retry_after_seconds = 3
    sim.faults.inject(Endpoint.LIST, kind)

    answer = sim.handle("GET", f"{SERVICE}/images", {}, KEY, b"")
    retry_after = answer.headers.get("Retry-After")

    assert answer.status == 429
    if pattern is None:
        assert retry_after is None
    else:
        assert retry_after is not None and re.fullmatch(pattern, retry_after)


def test_a_malformed_answer_is_never_valid_json(sim: Simulator) -> None:
    sim.faults.always(Endpoint.ANY, FaultKind.MALFORMED_JSON)

    for path in (f"{SERVICE}/images", "/api/v2/environments", "/api/v2/tasks/none", f"{SERVICE}/workloads"):
        _, body = get(sim, path)
        with pytest.raises(ValueError):
            json.loads(body)


@pytest.mark.parametrize("kind", sorted(CARRIED_OUT), ids=str)
def test_faults_that_stand_for_a_lost_or_garbled_answer_still_carry_out_the_request(
    sim: Simulator, kind: FaultKind
) -> None:
    image_id = next(i.id for i in sim.envs["test-area"].images.values() if i.custom)
    sim.instant_tasks = True
    sim.faults.inject(Endpoint.DELETE, kind)

    sim.handle("DELETE", f"{SERVICE}/images/{image_id}", {}, KEY, b"")

    assert sim.image("test-area", image_id) is None


@pytest.mark.parametrize("kind", sorted(set(FaultKind) - CARRIED_OUT), ids=str)
def test_every_other_fault_leaves_the_world_unchanged(sim: Simulator, kind: FaultKind) -> None:
    image_id = next(i.id for i in sim.envs["test-area"].images.values() if i.custom)
    sim.instant_tasks = True
    sim.faults.inject(Endpoint.DELETE, kind)

    sim.handle("DELETE", f"{SERVICE}/images/{image_id}", {}, KEY, b"")

    assert sim.image("test-area", image_id) is not None


def test_chaos_gives_every_request_the_chance_of_a_fault_reproducibly() -> None:
    def statuses(seed: int) -> list[int]:
        sim = Simulator()
        sim.faults.chaos(0.5, kinds=[FaultKind.SERVER_ERROR], seed=seed)
        return [get(sim, "/api/v2/environments")[0] for _ in range(40)]

    first = statuses(1)

    assert set(first) == {200, 500}
    assert first == statuses(1)
    assert first != statuses(2)


def test_clearing_faults_ends_chaos_and_armed_faults(sim: Simulator) -> None:
    sim.faults.chaos(1.0, kinds=[FaultKind.SERVER_ERROR])
    sim.faults.always(Endpoint.LIST, FaultKind.NOT_FOUND)

    sim.faults.clear()

    assert get(sim, "/api/v2/environments")[0] == 200
    assert get(sim, f"{SERVICE}/images")[0] == 200


def test_a_fault_of_one_environment_meets_only_that_environments_requests(sim: Simulator) -> None:
    sim.faults.faults.append(parse_fault("list@production:403:always"))
    prefix = "/api/v2/services/edge-services"
    assert get(sim, f"{prefix}/test-area/images")[0] == 200
    assert get(sim, f"{prefix}/production/images")[0] == 403
    assert get(sim, f"{prefix}/production/workloads")[0] == 200  # only its image lists
