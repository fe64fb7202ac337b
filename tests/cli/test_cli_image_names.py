"""Naming images and environments on the command line: ids, references, family:tag, and unknown names."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from cli_harness import ENV, cli, custom_images, sent

from coxedge_tui.cli import main
from coxedge_tui.sim import FaultKind, Simulator
from coxedge_tui.sim.faults import Endpoint
from coxedge_tui.sim.seed import SimImage

IMAGES_PATH = f"/api/v2/services/edge-services/{ENV}/images"


def twin(world: Simulator, image: SimImage) -> SimImage:
    """Another stack's image with the same family:tag, so family:tag alone is ambiguous."""
    other = SimImage(stack_id="other-stack", slug="other-slug", family=image.family, tag=image.tag,
                     created_at=datetime(2026, 1, 2, tzinfo=UTC), description=None)
    world.add_image(ENV, other)
    return other


@pytest.mark.parametrize("form", ["reference", "family:tag"])
def test_get_accepts_a_reference_or_family_tag_with_one_list_request(
    environ: dict[str, str], world: Simulator, form: str
) -> None:
    image = custom_images(world)[0]
    name = image.reference if form == "reference" else f"{image.family}:{image.tag}"

    result = cli(environ, "images", "get", name, "-o", "json")

    assert result.code == 0, result.err
    assert json.loads(result.out) == image.to_json()
    assert sent(world, "GET") == [IMAGES_PATH, f"{IMAGES_PATH}/{image.id}"]


def test_a_full_id_is_used_as_it_is_without_listing(environ: dict[str, str], world: Simulator) -> None:
    image = custom_images(world)[0]

    result = cli(environ, "images", "get", image.id)

    assert result.code == 0
    assert sent(world, "GET") == [f"{IMAGES_PATH}/{image.id}"]


def test_delete_accepts_the_reference_the_app_copies(environ: dict[str, str], world: Simulator) -> None:
    image = custom_images(world)[0]

    result = cli(environ, "images", "delete", image.reference, "--yes", "--wait")

    assert result.code == 0, result.err
    assert sent(world, "DELETE") == [f"{IMAGES_PATH}/{image.id}"]
    assert world.image(ENV, image.id) is None


def test_a_name_that_matches_nothing_exits_4_naming_the_accepted_forms(
    environ: dict[str, str], world: Simulator
) -> None:
    result = cli(environ, "images", "delete", "web:no-such-tag", "--yes")

    assert result.code == 4
    assert "No image in test-area is named 'web:no-such-tag'" in result.err
    assert "as its reference or as family:tag" in result.err
    assert "an id stackId/family/tag, a reference slug/family:tag, or family:tag" in result.err
    assert sent(world, "DELETE") == []


def test_an_ambiguous_family_tag_exits_2_listing_the_candidates(environ: dict[str, str], world: Simulator) -> None:
    image = custom_images(world)[0]
    other = twin(world, image)

    ambiguous = cli(environ, "images", "delete", f"{image.family}:{image.tag}", "--yes")
    by_reference = cli(environ, "images", "get", other.reference, "-o", "json")

    assert ambiguous.code == 2
    assert f"names 2 images in test-area; give one of their ids:\n  {image.id}\n  {other.id}\n" in ambiguous.err
    assert sent(world, "DELETE") == []
    assert json.loads(by_reference.out)["id"] == other.id


def test_an_unknown_environment_names_the_real_ones(environ: dict[str, str], world: Simulator) -> None:
    image = custom_images(world)[0]

    listing = cli(environ, "images", "list", "-e", "nosuch")
    getting = cli(environ | {"COX_ENVIRONMENT": "nosuch"}, "images", "get", image.id)

    for result in (listing, getting):
        assert result.code == 4
        assert (
            "coxedge-tui: Environment 'nosuch' was not found. Environments for this key: test-area, production.\n"
            == result.err
        )
    assert sent(world, "GET").count("/api/v2/environments") == 2


def test_an_unknown_image_in_a_known_environment_keeps_the_servers_words(
    environ: dict[str, str], world: Simulator
) -> None:
    result = cli(environ, "images", "get", "nope/web/v0")

    assert result.code == 4
    assert "Image 'nope/web/v0' was not found (HTTP 404)." in result.err
    assert "Environment" not in result.err


def test_a_failing_workloads_list_reads_as_clean_sentences_at_the_delete_prompt(
    environ: dict[str, str],
    world: Simulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    image = custom_images(world)[0]
    world.faults.inject(Endpoint.WORKLOADS, FaultKind.GATEWAY_TIMEOUT, None)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    terminal = io.StringIO("\n")
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", terminal)

    assert main(["images", "delete", image.id]) == 1

    used_by = next(line for line in capsys.readouterr().err.splitlines() if line.startswith("  used by"))
    assert used_by.startswith("  used by    unknown. Listing workloads: the server failed (HTTP 504;")
    assert used_by.endswith("Try again; if it persists the service may be down. (Tried 3 times.)")
    assert "))" not in used_by and ".)." not in used_by
