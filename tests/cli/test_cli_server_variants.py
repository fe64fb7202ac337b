"""`images list / delete` against answers a real server may send: unreadable items, nanoseconds, a 204 delete."""

from __future__ import annotations

import csv
import io
import json

from cli_harness import ENV, cli, custom_images
from odd_answers import NANO_CREATED, UNREADABLE, first_item, rewrite, with_items

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.faults import Endpoint, FaultKind


def test_a_list_with_an_unreadable_item_prints_the_rest_and_says_on_stderr_what_was_left_out(
    environ: dict[str, str], world: Simulator
) -> None:
    rewrite(world, "GET", "/images", with_items(UNREADABLE))

    done = cli(environ, "images", "list", "-o", "json")

    assert done.code == 0
    assert len(json.loads(done.out)) == 24
    assert done.err == (
        "coxedge-tui: 1 of the images could not be read, so it is left out (id: Input should be a valid string).\n"
    )


def test_a_clean_list_says_nothing_on_stderr(environ: dict[str, str]) -> None:
    done = cli(environ, "images", "list")

    assert (done.code, done.err) == (0, "")


def test_json_and_csv_carry_created_at_exactly_as_the_server_sent_it(environ: dict[str, str], world: Simulator) -> None:
    rewrite(world, "GET", "/images", first_item(createdAt=NANO_CREATED))

    as_json = cli(environ, "images", "list", "-o", "json")
    as_csv = cli(environ, "images", "list", "-o", "csv")

    assert json.loads(as_json.out)[0]["createdAt"] == NANO_CREATED
    assert next(csv.DictReader(io.StringIO(as_csv.out)))["createdAt"] == NANO_CREATED


def test_a_delete_answered_204_with_wait_ends_as_deleted(environ: dict[str, str], world: Simulator) -> None:
    image = custom_images(world)[0]
    world.faults.inject(Endpoint.DELETE, FaultKind.NO_CONTENT)

    done = cli(environ, "images", "delete", image.id, "--yes", "--wait")

    assert done.code == 0, done.err
    assert done.out == ""  # no task id to print
    assert f"Delete accepted for {image.family}:{image.tag}, with no task to follow; checking the image." in done.err
    assert f"Deleted {image.family}:{image.tag}." in done.err
    assert "probably applied" not in done.err
    assert world.image(ENV, image.id) is None


def test_a_delete_answered_with_an_empty_200_without_wait_is_accepted_and_says_where_it_stands(
    environ: dict[str, str], world: Simulator
) -> None:
    image = custom_images(world)[0]
    world.faults.inject(Endpoint.DELETE, FaultKind.EMPTY)

    done = cli(environ, "images", "delete", image.id, "--yes")

    assert done.code == 0, done.err
    assert f"{image.family}:{image.tag} is still there (READY) for now; `coxedge-tui images get {image.id}`" in done.err
    assert "probably applied" not in done.err


def test_a_delete_answered_204_whose_image_stays_says_so_plainly(environ: dict[str, str], world: Simulator) -> None:
    image = custom_images(world)[0]
    world.fail_next_tasks = 1  # the delete fails on the server: the image stays
    world.faults.inject(Endpoint.DELETE, FaultKind.NO_CONTENT)

    done = cli(environ, "images", "delete", image.id, "--yes", "--wait", "--timeout", "2")

    assert done.code == 5
    assert (
        "coxedge-tui: Still there (READY) after 2 s: the server accepted the delete without a task to follow, and "
        "the image has not gone." in done.err
    )
    assert f"`coxedge-tui images get {image.id}` shows it now." in done.err
