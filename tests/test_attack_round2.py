"""Round-two attack on exports: a fullwidth formula sign is a formula sign to a spreadsheet with East Asian input."""

from __future__ import annotations

import pytest

from coxedge_tui.image_formats import spreadsheet_safe


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("\uff1dHYPERLINK(\"http://x\")", "'\uff1dHYPERLINK(\"http://x\")"),  # fullwidth equals
        ("\uff0b1", "'\uff0b1"),  # fullwidth plus
        ("\uff0d1", "'\uff0d1"),  # fullwidth minus
        ("\uff20SUM(A1)", "'\uff20SUM(A1)"),  # fullwidth commercial at
        ("\u3000\uff1d1", "'\u3000\uff1d1"),  # ideographic space first
        ("\ufe661", "'\ufe661"),  # small equals sign
        ("caf\u00e9 \uff1d1", "caf\u00e9 \uff1d1"),
    ],
)
def test_a_cell_that_starts_with_a_fullwidth_formula_sign_is_written_as_text(cell: str, written: str) -> None:
    assert spreadsheet_safe(cell) == written
