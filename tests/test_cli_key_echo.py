"""A server that repeats the API key: the command line never shows it, whichever source the key came from."""

from __future__ import annotations

import io
import itertools
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from key_echo import echo_the_key, leaks
from keyring_fakes import MemoryKeyring, installed

from coxedge_tui import debuglog
from coxedge_tui.cli import main
from coxedge_tui.settings.credentials import KEYRING_SERVICE
from coxedge_tui.sim import Simulator
from coxedge_tui.sim.faults import Endpoint, FaultKind
from coxedge_tui.sim.server import SimulatorServer

KEY = "ck_live_Echo9Lq2Zm0pX9vR4tY8wE1sD6fG3"
SOURCES = ("variable", "file", "keyring")


class Terminal(io.StringIO):
    """Standard input that says it is a terminal, so the delete prompt is asked."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def world() -> Simulator:
    # Each look at the clock moves it 10 s: a task is still pending when accepted, over at its first check.
    sim = Simulator(seed=7, images=24, api_key=KEY, task_delay=15.0, clock=itertools.count(step=10).__next__)
    echo_the_key(sim)
    return sim


@pytest.fixture
def server(world: Simulator) -> Iterator[SimulatorServer]:
    with SimulatorServer(world) as running:
        yield running


@pytest.fixture(params=SOURCES)
def key_args(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, server: SimulatorServer
) -> Iterator[list[str]]:
    """The account's options, with the key in the source this run tests."""
    monkeypatch.setenv("COX_API_URL", server.url)
    monkeypatch.setenv("COX_ENVIRONMENT", "test-area")
    args: list[str] = []
    if request.param == "variable":
        monkeypatch.setenv("COX_API_KEY", KEY)
    elif request.param == "file":
        path = tmp_path / "key"
        path.write_text(KEY + "\n")
        path.chmod(0o600)
        args = ["--api-key-file", str(path)]
    memory = MemoryKeyring()
    if request.param == "keyring":
        memory.set_password(KEYRING_SERVICE, "default", KEY)
    with installed(memory):
        yield args


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> str:
    monkeypatch.setattr("sys.stdin", Terminal(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert not leaks(out + err, KEY), out + err
    return f"{code}\n{out}{err}"


def custom_id(world: Simulator) -> str:
    return next(i.id for i in world.envs["test-area"].images.values() if i.custom)


def test_a_task_failure_that_repeats_the_key_is_masked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], world: Simulator, key_args: list[str]
) -> None:
    world.fail_next_tasks = 1
    said = run(monkeypatch, capsys, "images", "delete", custom_id(world), "--yes", "--wait", *key_args)
    assert said.startswith("5\n") and "failed on the server" in said
    assert f"(key …{KEY[-4:]})" in said, "the key is shown masked, as ApiKey.masked shows it"


def test_the_delete_prompt_masks_the_key_in_workload_names_and_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], world: Simulator, key_args: list[str]
) -> None:
    image = next(i for i in world.envs["test-area"].images.values() if i.custom)
    workload = next(w for w in world.envs["test-area"].workloads.values() if w.type == "VM")
    workload.image = image.reference
    said = run(monkeypatch, capsys, "images", "delete", image.id, *key_args, stdin="n\n")
    assert "used by" in said and "Cancelled" in said
    world.faults.inject(Endpoint.WORKLOADS, FaultKind.FORBIDDEN)
    said = run(monkeypatch, capsys, "images", "delete", image.id, *key_args, stdin="n\n")
    assert "used by    unknown" in said, said


def test_descriptions_task_results_and_errors_that_repeat_the_key_are_masked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], world: Simulator, key_args: list[str]
) -> None:
    image = custom_id(world)
    world.envs["test-area"].images[image].description = "nightly build"
    for output in ("table", "json"):
        said = run(monkeypatch, capsys, "images", "get", image, "-o", output, *key_args)
        assert said.startswith("0\n") and "(key " in said
    for output in ("table", "json", "csv"):
        assert run(monkeypatch, capsys, "images", "list", "-o", output, *key_args).startswith("0\n")
    said = run(monkeypatch, capsys, "images", "delete", image, "--yes", *key_args)
    task = said.split("\n")[1]
    assert run(monkeypatch, capsys, "tasks", "get", task, *key_args).startswith("0\n")
    for kind in (FaultKind.FORBIDDEN, FaultKind.NOT_FOUND, FaultKind.CONFLICT):
        world.faults.inject(Endpoint.LIST, kind)
        assert f"…{KEY[-4:]}" in run(monkeypatch, capsys, "images", "list", *key_args)
    other = [i.id for i in world.envs["test-area"].images.values() if i.custom][1]
    for kind in (FaultKind.SERVER_ERROR, FaultKind.BAD_GATEWAY):  # writes are not retried: no waiting here
        world.faults.inject(Endpoint.DELETE, kind)
        said = run(monkeypatch, capsys, "images", "delete", other, "--yes", *key_args)
        assert "the server failed" in said and f"…{KEY[-4:]}" in said


@pytest.fixture
def log_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Where `--debug` writes; its handlers leave the process's loggers when the test ends."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    before = {name: list(logging.getLogger(name).handlers) for name in debuglog.LOGGERS}
    yield tmp_path / "state"
    for name in debuglog.LOGGERS:
        logger = logging.getLogger(name)
        for handler in [h for h in logger.handlers if h not in before[name]]:
            logger.removeHandler(handler)
            handler.close()


def test_the_debug_log_masks_the_key_echoed_in_headers_and_bodies_whatever_its_source(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    world: Simulator,
    key_args: list[str],
    log_directory: Path,
) -> None:
    world.faults.inject(Endpoint.RETRIEVE, FaultKind.FORBIDDEN)
    said = run(monkeypatch, capsys, "--debug", "images", "get", custom_id(world), *key_args)
    assert said.startswith("3\n")
    logged = Path(said.split("debug log:", 1)[1].split("\n", 1)[0].strip()).read_text()
    assert "X-Echo-Key" in logged, "the log holds the answer's headers"
    assert not leaks(logged, KEY)
