"""`images list` and `images get` for scripts: `-o columns=`, `--fields`, `--no-headers`, and the fields in --help."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cli_harness import ENV, cli, custom_images, sent

from coxedge_tui.sim import FaultKind, Simulator
from coxedge_tui.sim.faults import Endpoint
from coxedge_tui.sim.seed import SimImage
from coxedge_tui.text.image_fields import FIELDS


def _server_order(environ: dict[str, str]) -> list[str]:
    return [image["id"] for image in json.loads(cli(environ, "images", "list", "-o", "json").out)]


def _add_image(
    world: Simulator,
    family: str,
    tag: str,
    *,
    created_at: datetime = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    description: str | None = None,
    image_size: int | None = None,
) -> SimImage:
    image = SimImage("s9", "acme", family, tag, created_at, description, image_size=image_size)
    world.add_image(ENV, image)
    return image


def test_columns_come_in_the_order_given_and_rows_in_the_servers_order(
    environ: dict[str, str], world: Simulator
) -> None:
    result = cli(environ, "images", "list", "-o", "columns=tag,id,family,status,env,type")

    assert (result.code, result.err) == (0, "")
    header, *rows = result.out.splitlines()
    assert header.split() == ["TAG", "ID", "FAMILY", "STATUS", "ENV", "TYPE"]
    cells = [row.split() for row in rows]
    assert [row[1] for row in cells] == _server_order(environ)
    images = world.envs[ENV].images
    assert all(row[0] == images[row[1]].tag and row[2] == images[row[1]].family for row in cells)
    assert {row[3] for row in cells} == {"READY"} and {row[4] for row in cells} == {ENV}
    assert {row[5] for row in cells} == {"custom", "default"}
    assert all((row[5] == "custom") == images[row[1]].custom for row in cells)


def test_age_reads_as_the_apps_age_column_and_created_is_iso_in_utc(environ: dict[str, str], world: Simulator) -> None:
    made = datetime.now(UTC) - timedelta(days=3, hours=1)
    image = _add_image(world, "aged", "v1", created_at=made)

    result = cli(environ, "images", "get", image.id, "-o", "columns=family,age,created")

    assert result.code == 0
    assert result.out.splitlines()[1].split() == ["aged", "3d", made.isoformat().replace("+00:00", "Z")]


def test_no_headers_leaves_out_the_header_row_of_table_columns_and_csv(environ: dict[str, str]) -> None:
    order = _server_order(environ)

    table = cli(environ, "images", "list", "--no-headers")
    columns = cli(environ, "images", "list", "-o", "columns=id", "--no-headers")
    as_csv = cli(environ, "images", "list", "-o", "csv", "--fields", "id", "--no-headers")
    whole_csv = cli(environ, "images", "list", "-o", "csv", "--no-headers")

    assert [line.split()[-1] for line in table.out.splitlines()] == order
    assert columns.out.splitlines() == order
    assert as_csv.out.splitlines() == order
    assert [row[0] for row in csv.reader(io.StringIO(whole_csv.out))] == order


def test_json_with_fields_holds_only_those_keys_in_that_order(environ: dict[str, str], world: Simulator) -> None:
    image = _add_image(world, "sized", "v1", image_size=1610612736, description="=cmd|' /C calc'!A0")

    listed = cli(environ, "images", "list", "-o", "json", "--fields", "size,reference,family,description")
    one = cli(environ, "images", "get", image.id, "-o", "json", "--fields", "tag,size")

    assert listed.code == 0
    records = json.loads(listed.out)
    assert all(list(record) == ["size", "reference", "family", "description"] for record in records)
    assert [r["reference"] for r in records] == [world.envs[ENV].images[i].reference for i in _server_order(environ)]
    assert next(r for r in records if r["family"] == "sized")["size"] == 1610612736
    assert json.loads(one.out) == {"tag": "v1", "size": 1610612736}


def test_size_reads_in_units_in_columns_and_in_bytes_in_csv(environ: dict[str, str], world: Simulator) -> None:
    image = _add_image(world, "sized", "v1", image_size=1610612736, description="=cmd|' /C calc'!A0")

    columns = cli(environ, "images", "get", image.id, "-o", "columns=size,tag")
    as_csv = cli(environ, "images", "list", "--type", "custom", "-o", "csv", "--fields", "family,size,description")

    assert columns.out.splitlines()[1].split() == ["1.5", "GiB", "v1"]
    row = next(r for r in csv.DictReader(io.StringIO(as_csv.out)) if r["family"] == "sized")
    assert row == {"family": "sized", "size": "1610612736", "description": "'=cmd|' /C calc'!A0"}


def test_used_is_fetched_only_when_asked_for_and_then_once_for_the_whole_list(
    environ: dict[str, str], world: Simulator
) -> None:
    without = cli(environ, "images", "list", "-o", "columns=family,tag,status,age,env")
    assert without.code == 0 and not any("/workloads" in path for path in sent(world, "GET"))

    result = cli(environ, "images", "list", "-o", "columns=id,used")

    assert result.code == 0
    assert sum("/workloads" in path for path in sent(world, "GET")) == 1
    running = {w.image for w in world.envs[ENV].workloads.values()}
    shown = dict(line.split() for line in result.out.splitlines()[1:])
    assert shown == {i.id: "yes" if i.reference in running else "no" for i in world.envs[ENV].images.values()}
    assert set(shown.values()) == {"yes", "no"}


def test_used_is_unknown_and_the_exit_code_5_when_the_workloads_cannot_be_listed(
    environ: dict[str, str], world: Simulator
) -> None:
    world.faults.inject(Endpoint.WORKLOADS, FaultKind.FORBIDDEN)

    result = cli(environ, "images", "list", "-o", "json", "--fields", "id,used")

    assert result.code == 5
    assert {record["used"] for record in json.loads(result.out)} == {None}
    assert f"usage unknown in {ENV}:" in result.err and "403" in result.err


def test_an_unknown_field_exits_2_naming_every_known_field_before_anything_is_sent(
    environ: dict[str, str], world: Simulator
) -> None:
    for argv in (("-o", "columns=family,colour"), ("-o", "json", "--fields", "colour")):
        result = cli(environ, "images", "list", *argv)

        assert (result.code, result.out) == (2, "")
        assert "unknown field 'colour'; known fields: " + ", ".join(f.name for f in FIELDS) in result.err
    assert world.requests == []


def test_options_that_mean_nothing_together_are_usage_errors(environ: dict[str, str], world: Simulator) -> None:
    no_headers_json = cli(environ, "images", "list", "-o", "json", "--no-headers")
    twice = cli(environ, "images", "list", "--fields", "tag", "-o", "columns=family")
    used_by = cli(environ, "images", "get", custom_images(world)[0].id, "--used-by", "--fields", "tag")

    assert no_headers_json.code == 2 and "--no-headers" in no_headers_json.err and "not json" in no_headers_json.err
    assert twice.code == 2 and "name the fields once" in twice.err
    assert used_by.code == 2 and "--used-by shows workloads" in used_by.err
    assert world.requests == []


def test_list_help_names_every_field_with_its_meaning(environ: dict[str, str]) -> None:
    result = cli(environ, "images", "list", "--help")

    assert result.code == 0
    lines = [" ".join(line.split()) for line in result.out.splitlines()]
    for field in FIELDS:
        assert f"{field.name} {field.meaning}" in lines
    assert {"id", "reference", "family", "tag", "status", "type", "age", "created", "env", "size", "used"} <= {
        f.name for f in FIELDS
    }


def test_the_readme_names_every_field() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**Columns for scripts.**") :].split("\n\n", 1)[0]

    assert [field.name for field in FIELDS if f"`{field.name}`" not in section] == []
