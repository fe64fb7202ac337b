"""`python -m coxedge_tui.sim` serves the simulator on loopback, for curl or any client."""

from __future__ import annotations

import re
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from coxedge_tui.sim import DEFAULT_KEY
from coxedge_tui.sim.server import SimulatorServer


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "coxedge_tui.sim", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def served() -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = start("--images", "25", "--fault", "environments:503:2")
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+/api/v2)", first)
        assert match, f"no URL on the first line: {first!r}"
        yield process, match.group(1)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_command_prints_its_url_first_and_serves_the_images_there(
    served: tuple[subprocess.Popen[str], str],
) -> None:
    _, url = served

    answer = httpx.get(f"{url}/services/edge-services/test-area/images", headers={"MC-Api-Key": DEFAULT_KEY})

    assert answer.status_code == 200
    assert answer.json()["metadata"]["recordCount"] == 25


def test_a_fault_given_on_the_command_line_is_served_as_many_times_as_asked(
    served: tuple[subprocess.Popen[str], str],
) -> None:
    _, url = served
    headers = {"MC-Api-Key": DEFAULT_KEY}

    statuses = [httpx.get(f"{url}/environments", headers=headers).status_code for _ in range(3)]

    assert statuses == [503, 503, 200]


@pytest.mark.parametrize(
    ("flags", "status_of"),
    [
        ((), lambda task: task["data"]["status"] == "FAILURE"),
        (("--task-form", "flat", "--task-failure-status", "FAILED"), lambda task: task["taskStatus"] == "FAILED"),
    ],
    ids=["defaults", "switched"],
)
def test_the_task_form_and_the_failure_spelling_are_chosen_on_the_command_line(
    flags: tuple[str, ...], status_of: Callable[[dict[str, Any]], bool]
) -> None:
    process = start("--task-delay", "0", "--fail-tasks", "1", *flags)
    try:
        assert process.stdout is not None
        match = re.search(r"(http://127\.0\.0\.1:\d+/api/v2)", process.stdout.readline())
        assert match
        with httpx.Client(base_url=match.group(1), headers={"MC-Api-Key": DEFAULT_KEY}) as http:
            workload = next(w for w in http.get("/services/edge-services/test-area/workloads").json()["data"]
                            if w["type"] == "VM")
            instance = http.get("/services/edge-services/test-area/instances", params={"workloadId": workload["id"]})
            body = {"family": "web", "tag": "v9", "workloadId": workload["id"],
                    "instanceName": instance.json()["data"][0]["name"]}
            ref = http.post("/services/edge-services/test-area/images", json=body).json()
            task = http.get(f"/tasks/{ref['taskId']}").json()
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert status_of(task), task


def test_a_malformed_fault_is_refused_with_the_choices() -> None:
    process = start("--fault", "lists:500")
    _, err = process.communicate(timeout=30)

    assert process.returncode == 2
    assert "Unknown endpoint 'lists'; choose from list, retrieve" in err
    assert "Traceback" not in err


def test_a_non_loopback_address_is_refused() -> None:
    process = start("--host", "0.0.0.0")
    _, err = process.communicate(timeout=30)

    assert process.returncode == 2
    assert "0.0.0.0 is not a loopback address" in err


def test_a_client_that_resets_its_connection_leaves_no_traceback(
    sim_server: SimulatorServer, capfd: pytest.CaptureFixture[str]
) -> None:
    # As an app does that exits the moment it has painted: its request half sent, its socket reset.
    host, port = sim_server.server_address[:2]
    earlier = set(threading.enumerate())  # other tests' servers in this process may still hold a connection open
    with socket.create_connection((str(host), int(port))) as connection:
        connection.sendall(b"GET /api/v2/")
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
    deadline = time.monotonic() + 10
    while any("process_request" in t.name for t in set(threading.enumerate()) - earlier):  # this request's handler
        assert time.monotonic() < deadline
        time.sleep(0.01)
    with socket.create_connection((str(host), int(port))) as after:  # and the server still answers the next
        after.sendall(b"GET /api/v2/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert after.recv(12).startswith(b"HTTP/1.1")
    assert "Traceback" not in capfd.readouterr().err
