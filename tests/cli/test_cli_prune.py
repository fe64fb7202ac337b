"""`images prune`: keep the newest tags of each family, delete the older rest, never what must stay."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cli_harness import ENV, cli, sent
from in_process_cli import Run, protect

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.faults import Endpoint, FaultKind
from coxedge_tui.sim.seed import SimImage


@pytest.fixture
def run(environ: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(environ, monkeypatch, capsys)


@pytest.fixture
def web(world: Simulator) -> dict[str, SimImage]:
    """Tags of web beside the seeded one (which web-vm runs): new, middling, old, older, pending, protected."""
    env = world.envs[ENV]
    seeded = next(i for i in env.images.values() if i.custom and i.family == "web")
    now = datetime.now(UTC)
    added = {"seeded": seeded}
    for tag, days, status in [
        ("v-new", 1, "READY"),
        ("v-mid", 10, "READY"),
        ("v-old", 60, "FAILED"),
        ("v-older", 100, "READY"),
        ("v-pending", 90, "PENDING"),
        ("prod-1", 120, "READY"),
    ]:
        image = SimImage(env.stack_id, env.stack_slug, "web", tag, now - timedelta(days=days), None, status)
        world.add_image(ENV, image)
        added[tag] = image
    return added


def plan_lines(out: str) -> dict[str, tuple[str, str]]:
    header, *rows = out.splitlines()
    assert header.split() == ["ACTION", "IMAGE", "CREATED", "WHY"]
    why = header.index("WHY")
    return {row.split()[1]: (row.split()[0], row[why:]) for row in rows}


def test_a_dry_run_prints_each_image_with_delete_or_keep_and_why(
    run: Run, world: Simulator, web: dict[str, SimImage], tmp_path: Path
) -> None:
    protect(tmp_path, "*:prod-*")

    code, out, err = run("images", "prune", "--keep", "1", "--older-than", "30d", "--family", "web", "--dry-run")

    assert code == 0, err
    assert plan_lines(out) == {
        "web:v-new": ("keep", "the newest of its family"),
        "web:v-mid": ("keep", "10d old, not older than 30d"),
        "web:v-old": ("delete", "beyond the newest of its family; 2mo old"),
        "web:v-pending": ("keep", "PENDING: only READY or FAILED images are pruned"),
        "web:v-older": ("delete", "beyond the newest of its family; 3mo old"),
        "web:prod-1": ("keep", "protected by *:prod-*"),
        f"web:{web['seeded'].tag}": ("keep", "used by web-vm"),
    }
    assert "coxedge-tui: Dry run, nothing deleted: 2 to delete and 5 to keep, in 1 family." in err
    assert sent(world, "DELETE") == []


def test_a_dry_run_as_json_names_every_image_of_the_chosen_families(
    run: Run, world: Simulator, web: dict[str, SimImage]
) -> None:
    code, out, _ = run(
        "images", "prune", "--keep", "2", "--family", "web", "--family", "cache", "--dry-run", "-o", "json"
    )

    assert code == 0
    records = json.loads(out)
    assert {r["family"] for r in records} == {"web", "cache"}
    by_tag = {r["tag"]: r for r in records}
    assert by_tag["v-mid"]["action"] == "keep" and by_tag["v-mid"]["reason"] == "one of the 2 newest of web"
    assert by_tag["prod-1"] == by_tag["prod-1"] | {"action": "delete", "id": web["prod-1"].id, "status": "READY"}


def test_prune_deletes_the_plan_and_follows_every_task_with_wait(
    run: Run, world: Simulator, web: dict[str, SimImage], tmp_path: Path
) -> None:
    protect(tmp_path, "*:prod-*")

    code, out, err = run("images", "prune", "--keep", "1", "--older-than", "30d", "--family", "web", "--yes", "--wait")

    assert code == 0, err
    assert [line.split()[:2] for line in out.splitlines()[1:]] == [["deleted", "web:v-old"], ["deleted", "web:v-older"]]
    assert world.image(ENV, web["v-old"].id) is None and world.image(ENV, web["v-older"].id) is None
    kept = ("seeded", "v-new", "v-mid", "v-pending", "prod-1")
    assert all(world.image(ENV, web[k].id) is not None for k in kept)
    assert "coxedge-tui: 2 deleted." in err


def test_prune_without_yes_and_without_a_terminal_deletes_nothing(
    run: Run, world: Simulator, web: dict[str, SimImage]
) -> None:
    code, out, err = run("images", "prune", "--keep", "1")

    assert (code, out) == (2, "")
    assert "standard input is not a terminal. Add --yes to delete without asking. --dry-run shows the plan" in err
    assert world.requests == []


def test_prune_deletes_nothing_when_workloads_cannot_be_checked(
    run: Run, world: Simulator, web: dict[str, SimImage]
) -> None:
    world.faults.inject(Endpoint.WORKLOADS, FaultKind.BAD_REQUEST)

    code, out, err = run("images", "prune", "--keep", "1", "--yes")

    assert code == 2 and out == ""
    assert "Nothing was pruned: which images workloads use could not be checked." in err
    assert sent(world, "DELETE") == []


def test_a_protected_tag_is_refused_if_the_plan_and_the_rules_ever_disagree(
    run: Run, world: Simulator, web: dict[str, SimImage], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coxedge_tui.commands import images_prune
    from coxedge_tui.core.protection import NO_PROTECTION

    protect(tmp_path, "web:v-old")
    planner_forgot = type("Forgot", (), {"of": staticmethod(lambda settings: NO_PROTECTION)})
    monkeypatch.setattr(images_prune, "Protection", planner_forgot)  # the plan is made without the patterns

    code, out, _ = run("images", "prune", "--keep", "1", "--family", "web", "--yes", "-o", "json")

    refused = [r for r in json.loads(out) if r["result"] == "refused"]
    assert [r["image"] for r in refused] == ["web:v-old"] and code == 2
    assert refused[0]["reason"].startswith("web:v-old is protected by web:v-old (profile default)")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--keep", "x"], "'x' is not a number of tags"),
        (["--keep", "1", "--older-than", "30 days"], "'30 days' is not a duration"),
    ],
)
def test_bad_options_are_refused_before_anything_is_sent(
    environ: dict[str, str], world: Simulator, argv: list[str], said: str
) -> None:
    result = cli(environ, "images", "prune", *argv)

    assert result.code == 2
    assert said in result.err
    assert world.requests == []
