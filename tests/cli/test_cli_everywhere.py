"""`images list --all-environments`: every environment's images with an environment column; one failing on stderr."""

from __future__ import annotations

import csv
import io
import json

from cli_harness import cli

from coxedge_tui.commands.common import EXIT_AUTH, EXIT_SERVER
from coxedge_tui.sim import Endpoint, FaultKind, Simulator


def test_every_environment_is_listed_with_its_name_first(environ: dict[str, str], world: Simulator) -> None:
    result = cli(environ, "images", "list", "--all-environments", "--type", "custom")

    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert lines[0].split()[:3] == ["ENVIRONMENT", "FAMILY", "TAG"]
    listed = {(line.split()[0], line.split()[-1]) for line in lines[1:]}
    expected = {(name, i.id) for name, env in world.envs.items() for i in env.images.values() if i.custom}
    assert listed == expected
    assert {name for name, _ in listed} == {"test-area", "production"}


def test_one_environment_failing_lists_the_others_and_says_so_on_stderr(
    environ: dict[str, str], world: Simulator
) -> None:
    world.faults.always(Endpoint.LIST, FaultKind.FORBIDDEN, environment="production")

    result = cli(environ, "images", "list", "--all-environments", "-o", "json")

    assert result.code == EXIT_AUTH  # what `images list --environment production` alone would exit with
    listed = json.loads(result.out)
    assert {i["environment"] for i in listed} == {"test-area"}
    assert {i["id"] for i in listed} == set(world.envs["test-area"].images)
    assert list(listed[0])[:2] == ["environment", "id"]
    assert result.err.startswith("coxedge-tui: production: ")
    assert "Traceback" not in result.err


def test_a_server_failure_in_one_environment_exits_with_the_server_code_and_keeps_the_csv(
    environ: dict[str, str], world: Simulator
) -> None:
    world.faults.always(Endpoint.LIST, FaultKind.SERVER_ERROR, environment="test-area")

    result = cli(environ, "images", "list", "--all-environments", "-o", "csv")

    assert result.code == EXIT_SERVER
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert {row["environment"] for row in rows} == {"production"}
    assert len(rows) == len(world.envs["production"].images)
    assert "test-area: " in result.err


def test_the_filter_and_the_chosen_columns_read_each_rows_own_environment(
    environ: dict[str, str], world: Simulator
) -> None:
    result = cli(
        environ, "images", "list", "--all-environments", "--filter", "env:production type:custom",
        "-o", "columns=env,id", "--no-headers",
    )  # fmt: skip

    assert (result.code, result.err) == (0, "")
    rows = [line.split() for line in result.out.splitlines()]
    expected = {i.id for i in world.envs["production"].images.values() if i.custom}
    assert {env for env, _ in rows} == {"production"}
    assert {image_id for _, image_id in rows} == expected


def test_used_in_a_filter_of_every_environment_is_refused_before_anything_is_sent(
    environ: dict[str, str], world: Simulator
) -> None:
    result = cli(environ, "images", "list", "--all-environments", "--filter", "used:no")

    assert result.code == 2
    assert "used: is not answered with --all-environments" in result.err
    assert result.out == ""
    assert not [r for r in world.received if "/images" in r.path]
