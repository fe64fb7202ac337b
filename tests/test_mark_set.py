"""The mark set (core/marks.py): marks follow fresh lists, and go only when a list that would hold them lacks them."""

from __future__ import annotations

from coxedge_tui.api.kinds import DEFAULT_IMAGE_SLUG, ImageType
from coxedge_tui.api.models import Image
from coxedge_tui.core.marks import MarkSet


def image(family: str, tag: str, *, custom: bool = True, status: str = "READY") -> Image:
    slug = "acme" if custom else DEFAULT_IMAGE_SLUG
    return Image.model_validate(
        {"id": f"s/{family}/{tag}", "family": family, "tag": tag, "slug": slug, "status": status}
    )


def test_a_fresh_list_keeps_the_marks_of_listed_images_with_their_new_state_and_drops_the_vanished() -> None:
    web1, web2, api1 = image("web", "1"), image("web", "2"), image("api", "1")
    marks = MarkSet()
    marks.mark([web1, web2])
    assert marks.toggle(api1) is True
    assert marks.toggle(web2) is False

    dropped = marks.listed([image("web", "1", status="FAILED")], ImageType.ALL)

    assert dropped is True
    assert [(i.id, i.status) for i in marks.images] == [(web1.id, "FAILED")]


def test_a_list_of_the_other_kind_leaves_the_marks_it_could_not_hold() -> None:
    custom, default = image("web", "1"), image("ubuntu", "22.04", custom=False)
    marks = MarkSet()
    marks.mark([custom, default])

    assert marks.listed([], ImageType.DEFAULT) is True  # the default one would be listed: it went

    assert marks.ids == {custom.id}
    marks.listed([], ImageType.CUSTOM)
    assert len(marks) == 0


def test_a_fresh_list_with_nothing_marked_is_not_read() -> None:
    class Unreadable(list[Image]):
        def __iter__(self) -> object:
            raise AssertionError("the whole list was read on the event loop")

    assert MarkSet().listed(Unreadable(), ImageType.ALL) is False
