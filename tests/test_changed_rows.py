"""A refresh is compared with the list shown, so only the rows that changed are repainted."""

from __future__ import annotations

from coxedge_tui.api.models import Image
from coxedge_tui.core.image_list_model import ImageListModel, changed_indexes

A = Image(id="s/a/v1", family="a", tag="v1", status="READY")
B = Image(id="s/b/v1", family="b", tag="v1", status="PENDING")
B_READY = Image(id="s/b/v1", family="b", tag="v1", status="READY")


def test_equal_lists_have_no_changed_rows_and_a_changed_image_is_found() -> None:
    assert changed_indexes([A, B], [A.model_copy(), B.model_copy()]) == []
    assert changed_indexes([A, B], [A, B_READY]) == [1]


def test_another_order_or_length_is_another_list() -> None:
    assert changed_indexes([A, B], [B, A]) is None
    assert changed_indexes([A, B], [A]) is None


def test_the_model_updated_in_place_filters_on_the_new_values() -> None:
    model = ImageListModel()
    model.load([A, B])
    model.set_filter("pending")
    assert list(model.view) == [B]
    model.update([A, B_READY], [1])
    assert list(model.view) == []
