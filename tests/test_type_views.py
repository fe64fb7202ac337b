"""A tab switch shows the newest list known of that type."""

from __future__ import annotations

from coxedge_tui.api.kinds import ImageType
from coxedge_tui.api.models import Image
from coxedge_tui.core.type_views import TypeViews

PROVIDER = Image(id="p/base/v1", family="base", tag="v1", slug="stackpath-edge")
MINE = Image(id="s/web/v1", family="web", tag="v1", slug="acme")
MINE_LATER = Image(id="s/web/v2", family="web", tag="v2", slug="acme")


def test_a_type_is_cut_from_the_all_list() -> None:
    views = TypeViews()
    assert views.at_once(ImageType.CUSTOM) is None
    views.seen(ImageType.ALL, [PROVIDER, MINE])
    assert views.at_once(ImageType.CUSTOM) == [MINE]
    assert views.at_once(ImageType.DEFAULT) == [PROVIDER]


def test_a_list_of_one_type_newer_than_the_all_list_wins_and_an_all_list_replaces_it() -> None:
    views = TypeViews()
    views.seen(ImageType.ALL, [PROVIDER, MINE])
    views.seen(ImageType.CUSTOM, [MINE, MINE_LATER])
    assert views.at_once(ImageType.CUSTOM) == [MINE, MINE_LATER]
    views.seen(ImageType.ALL, [PROVIDER])
    assert views.at_once(ImageType.CUSTOM) == []


def test_all_is_pieced_together_from_both_types_and_forgotten_on_request() -> None:
    views = TypeViews()
    views.seen(ImageType.CUSTOM, [MINE])
    assert views.at_once(ImageType.ALL) is None
    views.seen(ImageType.DEFAULT, [PROVIDER])
    assert views.at_once(ImageType.ALL) == [PROVIDER, MINE]
    views.forget()
    assert views.at_once(ImageType.DEFAULT) is None
