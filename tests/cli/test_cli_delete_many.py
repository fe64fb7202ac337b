"""`images delete A B…` and `images delete -`: one question, a line (or JSON object) per image, one exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_harness import ENV, cli, custom_images, default_images, sent
from in_process_cli import Run, name, protect

from coxedge_tui.cli import main
from coxedge_tui.sim import Simulator


@pytest.fixture
def run(environ: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(environ, monkeypatch, capsys)


def test_several_images_are_deleted_with_a_result_line_each(run: Run, world: Simulator) -> None:
    first, second = custom_images(world)[:2]

    code, out, err = run("images", "delete", name(first), second.id, "--yes")

    assert code == 0, err
    header, *lines = out.splitlines()
    assert header.split() == ["RESULT", "IMAGE", "TASK", "DETAIL"]
    assert [line.split()[:2] for line in lines] == [["accepted", name(first)], ["accepted", name(second)]]
    assert {line.split()[2] for line in lines} <= set(world.tasks)
    paths = [f"/api/v2/services/edge-services/{ENV}/images/{i.id}" for i in (first, second)]
    assert sorted(sent(world, "DELETE")) == sorted(paths)
    assert "coxedge-tui: 2 accepted." in err


def test_ids_from_standard_input_skip_blank_lines_and_comments_and_print_json(run: Run, world: Simulator) -> None:
    first, second = custom_images(world)[:2]
    stdin = f"# old builds\n{first.id}\n\n  {name(second)}  # the second\n{first.id}\n"

    code, out, err = run("images", "delete", "-", "--yes", "-o", "json", stdin=stdin)

    assert code == 0, err
    records = json.loads(out)
    assert [(r["id"], r["result"]) for r in records] == [(first.id, "accepted"), (second.id, "accepted")]
    assert all(r["taskId"] in world.tasks and r["reason"] is None for r in records)
    assert len(sent(world, "DELETE")) == 2


def test_ids_from_standard_input_need_yes(run: Run, world: Simulator) -> None:
    code, out, err = run("images", "delete", "-", stdin=custom_images(world)[0].id)

    assert code == 2 and out == ""
    assert "the ids come from standard input, so the question cannot be asked there. Add --yes" in err
    assert world.requests == []


def test_several_images_without_yes_and_without_a_terminal_are_refused(run: Run, world: Simulator) -> None:
    code, _, err = run("images", "delete", *(i.id for i in custom_images(world)[:2]))

    assert code == 2
    assert "standard input is not a terminal. Add --yes" in err
    assert world.requests == []


def test_protected_and_default_images_are_refused_and_the_rest_deleted_with_wait(
    run: Run, world: Simulator, tmp_path: Path
) -> None:
    web = next(i for i in custom_images(world) if i.family == "web")
    other = next(i for i in custom_images(world) if i.family != "web")
    default = default_images(world)[0]
    protect(tmp_path, "web:*")

    code, out, err = run("images", "delete", web.id, default.id, other.id, "--yes", "--wait")

    assert code == 2, err
    lines = out.splitlines()[1:]
    assert lines[0].startswith(f"refused  {name(web)}")
    assert f"{name(web)} is protected by web:* (profile default)" in lines[0]
    assert lines[1].startswith(f"refused  {name(default)}") and "cannot be deleted" in lines[1]
    assert lines[2].startswith(f"deleted  {name(other)}")
    assert world.image(ENV, other.id) is None and world.image(ENV, web.id) is not None
    assert sent(world, "DELETE") == [f"/api/v2/services/edge-services/{ENV}/images/{other.id}"]
    assert "coxedge-tui: 1 deleted, 2 refused." in err


def test_a_single_protected_image_is_refused_as_a_single_delete_is(run: Run, world: Simulator, tmp_path: Path) -> None:
    web = next(i for i in custom_images(world) if i.family == "web")
    protect(tmp_path, "w?b:*")

    code, out, err = run("images", "delete", web.id, "--yes")

    assert (code, out) == (2, "")
    assert f"coxedge-tui: {name(web)} is protected by w?b:* (profile default); " in err
    assert sent(world, "DELETE") == []


def test_a_name_that_matches_no_image_exits_4_and_the_others_are_deleted(run: Run, world: Simulator) -> None:
    image = custom_images(world)[0]

    code, out, err = run("images", "delete", "nope:v1", image.id, "--yes", "-o", "json")

    assert code == 4
    records = json.loads(out)
    assert [(r["image"], r["result"]) for r in records] == [("nope:v1", "not found"), (name(image), "accepted")]
    assert "1 of the names given matches no image" in err


def test_a_task_that_fails_exits_5_naming_the_reason(run: Run, world: Simulator) -> None:
    first, second = custom_images(world)[:2]
    world.fail_next_tasks = 1  # the task the simulator starts first fails: the deletes are sent together

    code, out, err = run("images", "delete", first.id, second.id, "--yes", "--wait")

    assert code == 5
    lines = out.splitlines()[1:]
    [failed] = [line for line in lines if line.startswith("failed   ")]
    [deleted] = [line for line in lines if line.startswith("deleted  ")]
    assert failed.endswith("The simulated operation failed on the edge node.")
    assert {failed.split()[1], deleted.split()[1]} == {name(first), name(second)}
    assert "coxedge-tui: 1 deleted, 1 failed: The simulated operation failed on the edge node." in err


@pytest.mark.parametrize(("answer", "code", "deletes"), [("y\n", 2, 2), ("\n", 1, 0)])
def test_on_a_terminal_it_asks_once_flagging_the_images_workloads_use(
    run: Run, world: Simulator, answer: str, code: int, deletes: int
) -> None:
    used = custom_images(world)[0]  # the simulator's web-vm runs it
    unused = custom_images(world)[-1]
    default = default_images(world)[0]

    done, _, err = run("images", "delete", used.id, unused.id, default.id, stdin=answer, terminal=True)

    assert done == code  # 2 once the others are deleted: the default image was refused
    assert err.count("[y/N]") == 1
    assert f"Delete 2 custom images from {ENV}?" in err
    assert f"  {name(used)}  ({used.id})\n    ! in use: web-vm (VM, RUNNING" in err
    assert f"  {name(unused)}  ({unused.id})\n" in err
    assert f"Left out:\n  {name(default)}  refused: Default images belong to the provider" in err
    assert "This cannot be undone. Delete 2 images? [y/N]" in err
    assert len(sent(world, "DELETE")) == deletes


def test_one_image_keeps_the_single_delete_output(environ: dict[str, str], world: Simulator) -> None:
    image = custom_images(world)[0]

    result = cli(environ, "images", "delete", image.id, "--yes")

    assert result.code == 0
    assert result.out.strip() in world.tasks and len(result.out.splitlines()) == 1
    assert f"Delete accepted for {name(image)} (task {result.out.strip()})." in result.err


@pytest.mark.parametrize(
    ("verb", "said"),
    [
        ("delete", "4 if any name matched no image,\n            2 if any image was refused"),
        ("prune", "else 5 if any delete failed or its outcome is unknown, 2 if any\n            was refused"),
    ],
)
def test_help_says_what_the_exit_code_of_many_deletes_means(
    verb: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["images", verb, "--help"])

    shown = capsys.readouterr().out
    assert said in shown
    assert shown.index(said) < shown.index("exit codes: 0 ok, 1 cancelled")


def test_the_tasks_of_several_deletes_are_kept_for_tasks_list(run: Run, world: Simulator) -> None:
    images = custom_images(world)[:2]
    _, out, _ = run("images", "delete", *(i.id for i in images), "--yes", "-o", "json")
    sent_ids = {r["taskId"] for r in json.loads(out)}

    code, listed, _ = run("tasks", "list", "-o", "json")

    assert code == 0
    assert sent_ids <= {t["taskId"] for t in json.loads(listed)}
