"""`images list --filter QUERY`: the app's `/` query language for scripts, with its words for a malformed query."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from cli_harness import ENV, cli

from coxedge_tui.sim import FaultKind, Simulator
from coxedge_tui.sim.faults import Endpoint
from coxedge_tui.sim.seed import SimImage


def ids_of(out: str) -> list[str]:
    return [image["id"] for image in json.loads(out)]


def images_listed(world: Simulator) -> int:
    return sum(1 for method, path in world.requests if method == "GET" and path.endswith(f"/{ENV}/images"))


def test_filter_keeps_the_images_every_term_shows_in_the_servers_order(
    environ: dict[str, str], world: Simulator
) -> None:
    result = cli(environ, "images", "list", "-o", "json", "--filter", "type:default !family:centos* !ubuntu v2022")

    assert (result.code, result.err) == (0, "")
    expected = [
        i.id
        for i in world.envs[ENV].images.values()
        if not i.custom and not i.family.startswith("centos") and "ubuntu" not in i.id and "v2022" in i.id
    ]
    assert ids_of(result.out) == expected and len(expected) == 4


def test_filter_by_family_and_status_as_a_table(environ: dict[str, str], world: Simulator) -> None:
    result = cli(environ, "images", "list", "--filter", 'family:"CACHE" status:ready')

    assert result.code == 0
    header, *rows = result.out.splitlines()
    assert header.split()[:2] == ["FAMILY", "TAG"]
    assert [row.split()[0] for row in rows] == ["cache"]


def test_used_lists_the_workloads_once_and_keeps_the_images_they_run(environ: dict[str, str], world: Simulator) -> None:
    running = {w.image for w in world.envs[ENV].workloads.values()}

    used = cli(environ, "images", "list", "-o", "json", "--filter", "used:yes")
    unused = cli(environ, "images", "list", "-o", "csv", "--filter", "used:no type:custom")

    assert (used.code, unused.code) == (0, 0)
    assert ids_of(used.out) == [i.id for i in world.envs[ENV].images.values() if i.reference in running]
    assert len(ids_of(used.out)) == 4
    assert [line.split(",")[2] for line in unused.out.splitlines()[1:]] == ["build-agent", "db-replica", "edge-proxy"]
    workloads = [p for m, p in world.requests if m == "GET" and p.endswith(f"/{ENV}/workloads")]
    assert len(workloads) == 2  # one per command


def test_when_the_workloads_cannot_be_listed_used_is_not_guessed(environ: dict[str, str], world: Simulator) -> None:
    world.faults.always(Endpoint.WORKLOADS, FaultKind.SERVER_ERROR)

    result = cli(environ, "images", "list", "--filter", "used:no")

    assert (result.code, result.out) == (5, "")
    assert "usage unknown, so used: cannot be answered:" in result.err
    assert "Traceback" not in result.err


def test_age_compares_with_the_time_since_creation(environ: dict[str, str], world: Simulator) -> None:
    env = world.envs[ENV]
    new = SimImage(
        stack_id=env.stack_id,
        slug=env.stack_slug,
        family="fresh",
        tag="v1",
        created_at=datetime.now(UTC) - timedelta(hours=1),
        description="",
    )
    world.add_image(ENV, new)

    young = cli(environ, "images", "list", "-o", "json", "--filter", "age<1d")
    old = cli(environ, "images", "list", "-o", "json", "--filter", "!age<1d")

    assert ids_of(young.out) == [new.id]
    assert len(ids_of(old.out)) == len(env.images) - 1


def test_a_malformed_query_is_a_usage_error_that_says_what_and_where_before_any_request(
    environ: dict[str, str], world: Simulator
) -> None:
    unknown = cli(environ, "images", "list", "--filter", "status:ready colour:red")
    no_age = cli(environ, "images", "list", "--filter", "age>")
    unclosed = cli(environ, "images", "list", "--filter", 'family:"web')

    assert (unknown.code, no_age.code, unclosed.code) == (2, 2, 2)
    assert unknown.out == no_age.out == unclosed.out == ""
    assert 'argument --filter: unknown field "colour" at column 14: fields are family, tag, status' in unknown.err
    assert "argument --filter: age> at column 1 needs a duration after it, such as 30d" in no_age.err
    assert 'argument --filter: unclosed quote: the " at column 8 has no closing "' in unclosed.err
    assert images_listed(world) == 0


def test_a_filter_that_matches_nothing_says_so_on_stderr(environ: dict[str, str]) -> None:
    result = cli(environ, "images", "list", "--filter", "family:nothing-like-it")

    assert (result.code, result.out) == (0, "")
    assert "none of the 24 images in test-area matches the filter: family:nothing-like-it" in result.err


def test_help_names_the_query_language(environ: dict[str, str]) -> None:
    result = cli(environ, "images", "list", "--help")

    assert result.code == 0
    assert "--filter QUERY" in result.out and "used:yes|no, age>30d" in " ".join(result.out.split())
