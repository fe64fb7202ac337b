"""`images list -o csv`: no cell a spreadsheet would run as a formula; `-o json` keeps every value exact."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from cli_harness import ENV, cli

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.seed import SimImage
from coxedge_tui.text.image_formats import spreadsheet_safe

HOSTILE = SimImage(
    stack_id="@SUM(1+1)",
    slug="-2+3",
    family="=cmd|'calc'!A0",
    tag='+HYPERLINK("http:x","y")',
    created_at=datetime(2026, 1, 2, tzinfo=UTC),
    description="\t=1+1",
)
SPACED = SimImage(
    stack_id="s2", slug="acme", family="spaced", tag="v2", created_at=datetime(2026, 1, 3, tzinfo=UTC),
    description="  =2+2",
)


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tplain", "'\tplain"),
        ("\rplain", "'\rplain"),
        ("  =1+1", "'  =1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("\u00a0@x", "'\u00a0@x"),
        ("web", "web"),
        ("a-b=c", "a-b=c"),
        ("", ""),
        ("  plain", "  plain"),
    ],
)
def test_a_cell_that_starts_like_a_formula_is_written_as_text(cell: str, written: str) -> None:
    assert spreadsheet_safe(cell) == written


def test_csv_cells_that_start_like_formulas_get_a_quote_and_json_keeps_them_exact(
    environ: dict[str, str], world: Simulator
) -> None:
    world.add_image(ENV, HOSTILE)
    world.add_image(ENV, SPACED)

    as_csv = cli(environ, "images", "list", "--type", "custom", "-o", "csv")
    as_json = cli(environ, "images", "list", "--type", "custom", "-o", "json")

    assert as_csv.code == 0 and as_json.code == 0
    rows = {row["family"]: row for row in csv.DictReader(io.StringIO(as_csv.out))}
    hostile = rows["'=cmd|'calc'!A0"]
    assert hostile["stackId"] == "'@SUM(1+1)" and hostile["id"] == f"'{HOSTILE.id}"
    assert hostile["slug"] == "'-2+3" and hostile["tag"] == "'+HYPERLINK(\"http:x\",\"y\")"
    assert hostile["description"] == "'\t=1+1"
    assert rows["spaced"]["description"] == "'  =2+2" and rows["spaced"]["stackId"] == "s2"
    risky = ("=", "+", "-", "@", "\t", "\r")
    assert [c for row in rows.values() for c in row.values() if c.lstrip().startswith(risky) or c[:1] in risky] == []
    listed = {image["family"]: image for image in json.loads(as_json.out)}
    assert listed[HOSTILE.family]["stackId"] == HOSTILE.stack_id and listed[HOSTILE.family]["tag"] == HOSTILE.tag
    assert listed[HOSTILE.family]["description"] == "\t=1+1" and listed["spaced"]["description"] == "  =2+2"
