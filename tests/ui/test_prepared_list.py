"""A fresh list is made ready in a worker thread, in parts, so that showing it does little on the event loop."""

from __future__ import annotations

import pytest

from coxedge_tui.api.models import Image
from coxedge_tui.core.image_list_model import ImageListModel, changed_indexes, haystacks_of
from coxedge_tui.ui.widgets import prepared_list
from coxedge_tui.ui.widgets.image_columns import natural_widths
from coxedge_tui.ui.widgets.prepared_list import prepare_list


def images(count: int, status: str = "READY", tag: str = "v") -> list[Image]:
    return [
        Image(id=f"s/web{n}/v1", family=f"web{n}" * (n % 3 + 1), tag=f"{tag}{n}", status=status)
        for n in range(count)
    ]


@pytest.fixture(autouse=True)
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prepared_list, "STEP", 2)


def test_an_equal_refresh_shows_the_images_already_shown() -> None:
    shown = images(7)
    fresh = images(7)
    fresh[4] = fresh[4].model_copy(update={"status": "PENDING"})
    changed_row = fresh[4]
    prepared = prepare_list(shown, fresh)
    assert prepared.changed == [4]
    assert [a is b for a, b in zip(prepared.images, shown, strict=True)] == [True] * 4 + [False] + [True] * 2
    assert prepared.images[4] is changed_row


def test_what_is_prepared_in_parts_is_what_the_whole_list_gives() -> None:
    shown = images(7)
    fresh = images(7, tag="w")
    expected_changed = changed_indexes(shown, fresh)
    prepared = prepare_list(shown, list(fresh))
    assert list(prepared.changed or []) == expected_changed == list(range(7))
    assert prepared.haystacks == haystacks_of(fresh)
    assert prepared.natural == natural_widths(fresh)
    assert prepare_list(shown, images(6)).changed is None  # another list


def test_a_list_updated_from_its_prepared_form_shows_the_rows_a_fresh_load_shows() -> None:
    shown, fresh = images(7), images(7, status="FAILED")
    fresh[2] = fresh[2].model_copy(update={"status": "READY"})
    updated, loaded = ImageListModel(), ImageListModel()
    updated.load(shown)
    prepared = prepare_list(shown, list(fresh))
    assert prepared.changed is not None
    updated.update(prepared.images, prepared.changed, prepared.haystacks)
    loaded.load(fresh)
    for text in ("failed", "ready", "web2", ""):
        updated.set_filter(text)
        loaded.set_filter(text)
        assert [i.id for i in updated.view] == [i.id for i in loaded.view], text
