"""`coxedge-tui images …` and `tasks get` run as a script would: a subprocess against the simulator on loopback.

The key reaches the command through COX_API_KEY only, never its arguments.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from cli_harness import ENV, cli, custom_images, default_images, first_instance, sent

from coxedge_tui.cli import main
from coxedge_tui.sim import FaultKind, Simulator
from coxedge_tui.sim.faults import Endpoint
from coxedge_tui.sim.seed import SimImage
from coxedge_tui.text.image_formats import FIELDS


def test_list_as_json_holds_every_image_with_the_apis_field_names(environ: dict[str, str], world: Simulator) -> None:
    result = cli(environ, "images", "list", "-o", "json")

    assert (result.code, result.err) == (0, "")
    listed = json.loads(result.out)
    assert {i["id"] for i in listed} == set(world.envs[ENV].images)
    assert all(tuple(image) == FIELDS for image in listed)
    web = next(i for i in listed if i["id"] == custom_images(world)[0].id)
    assert web == custom_images(world)[0].to_json()


def test_list_as_csv_has_a_header_and_one_row_per_image(environ: dict[str, str], world: Simulator) -> None:
    result = cli(environ, "images", "list", "--type", "default", "-o", "csv")

    assert result.code == 0
    assert result.out.splitlines()[0] == ",".join(FIELDS)
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert sorted(r["id"] for r in rows) == sorted(i.id for i in default_images(world))
    assert {r["slug"] for r in rows} == {"stackpath-edge"}
    assert world.received[-1].query == {"imageType": "default"}


def test_list_as_a_table_aligns_columns_for_people(environ: dict[str, str], world: Simulator) -> None:
    result = cli(environ, "images", "list", "--type", "custom")

    assert result.code == 0
    header, *rows = result.out.splitlines()
    assert header.split() == ["FAMILY", "TAG", "STATUS", "CREATED", "ID"]
    column = header.index("ID")
    assert sorted(row[column:] for row in rows) == sorted(i.id for i in custom_images(world))
    assert all(row[header.index("STATUS") :].startswith("READY") for row in rows)


def test_control_characters_from_the_server_never_reach_the_terminal_raw(
    environ: dict[str, str], world: Simulator
) -> None:
    hostile = "evil\x1b]52;c;cm0gLXJmIC8=\x07\u202e"
    world.add_image(
        ENV,
        SimImage(
            stack_id="s1", slug="acme", family=hostile, tag="v1", created_at=datetime(2026, 1, 2, tzinfo=UTC),
            description="line one\nline two\x1b[2J",
        ),
    )
    world.add_image(
        ENV,
        SimImage(
            stack_id="s2", slug="acme", family="calm", tag="v1", created_at=datetime(2026, 1, 2, tzinfo=UTC),
            description="line one\nline two\x1b[2J",
        ),
    )

    table = cli(environ, "images", "list", "--type", "custom")
    as_csv = cli(environ, "images", "list", "--type", "custom", "-o", "csv")
    as_json = cli(environ, "images", "list", "--type", "custom", "-o", "json")
    details = cli(environ, "images", "get", "s2/calm/v1")
    refused = cli(environ, "images", "get", f"s1/{hostile}/v1")  # an id with control characters is never sent

    for output in (table.out, as_csv.out, as_json.out, details.out, refused.err):
        assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
    assert refused.code == 2 and "holds a control or invisible character (U+001B)" in refused.err
    assert "evil\\x1b]52;c;cm0gLXJmIC8=\\x07\\u202e" in table.out
    assert "line two\\x1b[2J" in details.out
    assert next(i for i in json.loads(as_json.out) if i["stackId"] == "s1")["family"] == hostile


def test_get_shows_one_image_and_its_json_uses_the_api_field_names(environ: dict[str, str], world: Simulator) -> None:
    image = custom_images(world)[0]

    table = cli(environ, "images", "get", image.id)
    as_json = cli(environ, "images", "get", image.id, "-o", "json")

    assert table.code == 0
    assert f"id           {image.id}" in table.out
    assert f"reference    {image.reference}" in table.out
    assert "type         custom" in table.out
    assert json.loads(as_json.out) == image.to_json()


def test_an_unknown_image_exits_4_with_the_servers_words(environ: dict[str, str]) -> None:
    result = cli(environ, "images", "get", "nope/web/v0")

    assert result.code == 4
    assert result.out == ""
    assert "Image 'nope/web/v0' was not found (HTTP 404)" in result.err


def test_create_with_wait_follows_the_task_and_prints_it_with_the_new_image(
    environ: dict[str, str], world: Simulator
) -> None:
    workload_id, workload_name, instance = first_instance(world)

    result = cli(
        environ, "images", "create", "--family", "web", "--tag", "v9", "--workload", workload_name,
        "--instance", instance, "--description", "from the CLI", "--wait", "-o", "json",
    )

    assert result.code == 0, result.err
    printed = json.loads(result.out)
    assert printed["taskId"] in world.tasks and printed["taskStatus"] == "SUCCESS"
    env = world.envs[ENV]
    assert printed["image"] == {
        "family": "web", "tag": "v9", "reference": f"{env.stack_slug}/web:v9", "id": f"{env.stack_id}/web/v9",
    }
    assert "Creating web:v9: PENDING" in result.err
    assert result.err.rstrip().endswith(")") and "Created web:v9." in result.err
    created = world.image(ENV, f"{world.envs[ENV].stack_id}/web/v9")
    assert created is not None and created.status == "READY" and created.description == "from the CLI"
    body = json.loads(next(r.body for r in world.received if r.method == "POST"))
    assert body == {
        "family": "web", "tag": "v9", "workloadId": workload_id, "instanceName": instance,
        "description": "from the CLI",
    }


def test_create_without_wait_returns_at_once_with_the_task_and_the_image_label(
    environ: dict[str, str], world: Simulator
) -> None:
    workload_id, _, instance = first_instance(world)

    result = cli(environ, "images", "create", "--family", "web", "--tag", "v10", "--workload", workload_id,
                 "--instance", instance)
    as_json = cli(environ, "images", "create", "--family", "web", "--tag", "v11", "--workload", workload_id,
                  "--instance", instance, "-o", "json")

    assert result.code == as_json.code == 0
    rows = dict(line.split(maxsplit=1) for line in result.out.splitlines())
    assert world.tasks[rows["task"]].status == "PENDING"
    assert (rows["status"], rows["image"], rows["id"], rows["reference"]) == ("PENDING", "web:v10", "-", "-")
    assert "Create accepted for web:v10 in test-area" in result.err
    printed = json.loads(as_json.out)
    assert printed == {"taskId": printed["taskId"], "taskStatus": "PENDING", "image": {"family": "web", "tag": "v11"}}
    assert printed["taskId"] in world.tasks
    assert not any(path.startswith("/api/v2/tasks/") for path in sent(world, "GET"))


def test_a_task_that_fails_exits_5_with_the_servers_reason(environ: dict[str, str], world: Simulator) -> None:
    workload_id, _, instance = first_instance(world)
    world.fail_next_tasks = 1

    result = cli(environ, "images", "create", "--family", "web", "--tag", "v11", "--workload", workload_id,
                 "--instance", instance, "--wait")

    assert result.code == 5
    assert "Create of web:v11 failed on the server: The simulated operation failed on the edge node." in result.err


def test_an_invalid_create_is_refused_before_anything_is_sent(environ: dict[str, str], world: Simulator) -> None:
    result = cli(environ, "images", "create", "--family", "Web_1", "--tag", ".v1", "--workload", "w", "--instance", "i")

    assert result.code == 2
    assert "Not sent. Family must be lower case. Tag must not start with '.' or '-'." in result.err
    assert sent(world, "POST") == []


def test_a_create_the_server_rejects_exits_2_with_its_message(environ: dict[str, str], world: Simulator) -> None:
    workload_id, _, instance = first_instance(world)
    taken = custom_images(world)[0]

    result = cli(environ, "images", "create", "--family", taken.family, "--tag", taken.tag, "--workload", workload_id,
                 "--instance", instance)

    assert result.code == 2
    assert f"An image {taken.family}:{taken.tag} already exists (HTTP 409)." in result.err


def test_a_create_whose_answer_was_lost_is_checked_not_resent(environ: dict[str, str], world: Simulator) -> None:
    workload_id, _, instance = first_instance(world)
    world.faults.inject(Endpoint.CREATE, FaultKind.DROP)

    result = cli(environ, "images", "create", "--family", "web", "--tag", "v12", "--workload", workload_id,
                 "--instance", instance, "-o", "json")

    assert result.code == 0, result.err
    assert "outcome is unknown" in result.err
    assert "Checked with the server: web:v12 exists" in result.err
    assert json.loads(result.out) == {
        "taskId": None,
        "taskStatus": None,
        "image": {"family": "web", "tag": "v12", "reference": f"{world.envs[ENV].stack_slug}/web:v12",
                  "id": f"{world.envs[ENV].stack_id}/web/v12"},
    }
    assert len(sent(world, "POST")) == 1


def test_read_only_mode_refuses_create_and_delete_without_a_request(environ: dict[str, str], world: Simulator) -> None:
    workload_id, _, instance = first_instance(world)
    read_only = environ | {"COX_READ_ONLY": "1"}

    create = cli(read_only, "images", "create", "--family", "web", "--tag", "v1", "--workload", workload_id,
                 "--instance", instance)
    delete = cli(environ, "--read-only", "images", "delete", custom_images(world)[0].id, "--yes")

    assert (create.code, delete.code) == (2, 2)
    assert "Read-only mode: creating images is off for this session" in create.err
    assert "Read-only mode: deleting images is off for this session" in delete.err
    assert sent(world, "POST") == sent(world, "DELETE") == []


def test_delete_without_yes_and_without_a_terminal_refuses(environ: dict[str, str], world: Simulator) -> None:
    result = cli(environ, "images", "delete", custom_images(world)[0].id, stdin="y\n")

    assert result.code == 2
    assert "standard input is not a terminal. Add --yes" in result.err
    assert world.requests == []


def test_delete_with_yes_and_wait_removes_the_image(environ: dict[str, str], world: Simulator) -> None:
    image = custom_images(world)[0]

    result = cli(environ, "images", "delete", image.id, "--yes", "--wait")

    assert result.code == 0, result.err
    assert result.out.strip() in world.tasks
    assert f"Deleted {image.family}:{image.tag}." in result.err
    assert world.image(ENV, image.id) is None


def test_default_images_cannot_be_deleted(environ: dict[str, str], world: Simulator) -> None:
    result = cli(environ, "images", "delete", default_images(world)[0].id, "--yes")

    assert result.code == 2
    assert "Default images belong to the provider and cannot be deleted" in result.err
    assert sent(world, "DELETE") == []


@pytest.mark.parametrize(("answer", "code", "deleted"), [("y\n", 0, True), ("\n", 1, False), ("no\n", 1, False)])
def test_delete_on_a_terminal_asks_and_cancel_is_the_default(
    environ: dict[str, str],
    world: Simulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answer: str,
    code: int,
    deleted: bool,
) -> None:
    image = custom_images(world)[0]
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    terminal = io.StringIO(answer)
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", terminal)

    assert main(["images", "delete", image.id]) == code

    err = capsys.readouterr().err
    assert f"Delete custom image {image.family}:{image.tag}?" in err
    assert "used by    " in err and "Delete? [y/N]" in err
    assert (len(sent(world, "DELETE")) == 1) is deleted
    assert ("Cancelled; nothing was deleted." in err) is not deleted


def test_a_refused_key_exits_3(environ: dict[str, str]) -> None:
    result = cli(environ | {"COX_API_KEY": "cx-wrong-00000000"}, "images", "list")

    assert result.code == 3
    assert "Invalid API key (HTTP 403)" in result.err


def test_a_server_failure_exits_5_after_the_retries(environ: dict[str, str], world: Simulator) -> None:
    world.faults.inject(Endpoint.LIST, FaultKind.SERVER_ERROR, None)

    result = cli(environ, "images", "list", "-o", "json")

    assert result.code == 5
    assert result.out == ""
    assert "Listing images: the server failed (HTTP 500" in result.err


def test_an_unreachable_portal_exits_5(environ: dict[str, str]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    result = cli(environ | {"COX_API_URL": f"http://127.0.0.1:{port}/api/v2"}, "images", "list")

    assert result.code == 5
    assert "cannot connect" in result.err


def test_without_a_key_it_is_an_error_never_a_silent_demo(environ: dict[str, str], world: Simulator) -> None:
    no_key = {k: v for k, v in environ.items() if k != "COX_API_KEY"}

    result = cli(no_key, "images", "list")

    assert result.code == 4
    assert "No Cox Edge API key was found" in result.err and "add --demo" in result.err
    assert result.out == ""
    assert world.requests == []


def test_demo_uses_the_built_in_simulator_only_when_asked(environ: dict[str, str], world: Simulator) -> None:
    no_key = {k: v for k, v in environ.items() if k not in ("COX_API_KEY", "COX_API_URL")}

    result = cli(no_key, "images", "list", "--demo", "-o", "json")

    assert result.code == 0
    assert "using the built-in simulator (--demo)" in result.err
    assert len(json.loads(result.out)) == 40
    assert world.requests == []


def test_a_write_without_an_environment_does_not_guess_among_several(
    environ: dict[str, str], world: Simulator
) -> None:
    anywhere = {k: v for k, v in environ.items() if k != "COX_ENVIRONMENT"}

    listing = cli(anywhere, "images", "list", "-o", "json")
    create = cli(anywhere, "images", "create", "--family", "web", "--tag", "v1", "--workload", "w", "--instance", "i")

    assert listing.code == 0
    assert "using test-area, the first the API lists" in listing.err
    assert create.code == 2
    assert "the key sees several (test-area, production): name one with --environment" in create.err
    assert sent(world, "POST") == []


def test_the_scripting_commands_never_import_textual() -> None:
    code = (
        "import sys, coxedge_tui.commands.images, coxedge_tui.commands.tasks_cmd, coxedge_tui.text.image_formats\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] == 'textual'))"
    )

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)

    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr


def test_a_reader_that_stops_early_ends_the_command_quietly(environ: dict[str, str]) -> None:
    """`coxedge-tui images list | head -1`: no traceback when the pipe closes."""
    command = subprocess.Popen(
        [sys.executable, "-m", "coxedge_tui", "images", "list", "-o", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environ,
    )
    assert command.stdout is not None and command.stderr is not None
    command.stdout.close()
    err = command.stderr.read().decode()

    assert command.wait(timeout=60) == 141
    assert err == ""
