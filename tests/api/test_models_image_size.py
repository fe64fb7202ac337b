"""`imageSize`, an upstream StackPath field some images carry: read when it is a byte count, else left empty."""

from __future__ import annotations

import pytest

from coxedge_tui.api.models import Image
from coxedge_tui.text.sizes import size_text

ID = "s1/web/v1"


@pytest.mark.parametrize(
    ("sent", "size"),
    [(10737418240, 10737418240), ("2048", 2048), (" 512 ", 512), (4096.0, 4096), (0, 0)],
)
def test_a_byte_count_is_read_as_a_number_or_its_digits(sent: object, size: int) -> None:
    assert Image.model_validate({"id": ID, "imageSize": sent}).image_size == size


@pytest.mark.parametrize("sent", [None, "10Gi", -1, True, 1.5, {"bytes": 1}, [1], ""])
def test_anything_else_is_no_size_and_costs_nothing_else_of_the_image(sent: object) -> None:
    image = Image.model_validate({"id": ID, "family": "web", "imageSize": sent})

    assert image.image_size is None
    assert image.family == "web"


def test_an_image_without_the_field_has_no_size_to_show() -> None:
    image = Image.model_validate({"id": ID})

    assert image.image_size is None and size_text(image.image_size) == ""


def test_the_size_is_shown_for_people() -> None:
    assert size_text(Image.model_validate({"id": ID, "imageSize": 10737418240}).image_size) == "10 GiB"
