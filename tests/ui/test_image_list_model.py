"""The list's rules without a screen: filter, sort and where an image sits."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coxedge_tui.api.models import Image
from coxedge_tui.core.image_list_model import ImageListModel
from coxedge_tui.ui.widgets.image_columns import fit, fit_widths, shown_width


def image(ident: str, **fields: object) -> Image:
    return Image.model_validate({"id": ident, **fields})


WORLD = [
    image("a", family="web", tag="v2", status="READY", createdAt="2024-01-02T00:00:00Z", reference="x/web:v2"),
    image("b", family="cache", tag="v1", status="FAILED", createdAt=None, reference="x/cache:v1"),
    image("c", family="api", tag="v3", status="PENDING", createdAt="2023-05-01T00:00:00Z", reference="x/api:v3"),
    image("d", family=None, tag=None, status=None, createdAt="2024-01-01T00:00:00", reference=None),
]


def ids(model: ImageListModel) -> list[str]:
    return [i.id for i in model.view]


def test_images_are_shown_in_server_order_until_sorted() -> None:
    model = ImageListModel()
    model.load(WORLD)
    assert ids(model) == ["a", "b", "c", "d"]


def test_sorting_by_created_puts_undated_images_first_and_copes_with_dates_without_a_zone() -> None:
    model = ImageListModel()
    model.load(WORLD)
    model.set_sort("created")
    assert ids(model)[0] == "b"
    assert ids(model).index("c") < ids(model).index("a")
    model.set_sort("created", reverse=True)
    assert ids(model)[-1] == "b"


def test_sorting_by_a_text_column_puts_missing_values_first() -> None:
    model = ImageListModel()
    model.load(WORLD)
    model.set_sort("tag")
    assert ids(model) == ["d", "b", "a", "c"]


def test_the_filter_ignores_case_and_surrounding_spaces_and_keeps_the_sort() -> None:
    model = ImageListModel()
    model.load(WORLD)
    model.set_sort("family", reverse=True)
    model.set_filter("  X/  ")
    assert ids(model) == ["a", "b", "c"]


def test_a_new_list_keeps_the_users_filter_and_sort() -> None:
    model = ImageListModel()
    model.load(WORLD)
    model.set_sort("tag")
    model.set_filter("v")
    model.load([*WORLD, image("e", family="web", tag="v0")])
    assert ids(model) == ["e", "b", "a", "c"]


def test_row_of_says_where_an_image_is_shown_or_that_it_is_filtered_out() -> None:
    model = ImageListModel()
    model.load(WORLD)
    model.set_filter("web")
    assert model.row_of(model.index_of("a")) == 0
    assert model.row_of(model.index_of("c")) is None
    assert model.index_of("nope") is None


@given(st.lists(st.sampled_from(["a", "b", "ab", "ba", "x", ""]), min_size=1, max_size=8))
def test_typing_and_deleting_shows_exactly_what_a_fresh_filter_would(steps: list[str]) -> None:
    words = ["ab", "ba", "abba", "b", "xa", "", "aab"]
    typed = ImageListModel()
    typed.load([image(f"id-{n}", family=w) for n, w in enumerate(words)])
    text = ""
    for step in steps:
        text = text + step if step else text[:-1]
        typed.set_filter(text)
        fresh = ImageListModel()
        fresh.load(typed.images)
        fresh.set_filter(text)
        assert list(typed.order) == list(fresh.order)


def test_values_are_padded_or_cut_to_exactly_their_cells() -> None:
    assert fit("abc", 5) == "abc  "
    assert fit("abcdef", 4) == "abc…"
    assert fit("日本語テキスト", 6).endswith("…") and shown_width(fit("日本語テキスト", 6)) == 6
    assert shown_width("a\x1bb") == len("a\\x1bb")


def test_the_reference_column_takes_the_rest_and_the_others_give_way_on_narrow_screens() -> None:
    natural = (12, 14, 8, 5, 16)
    wide = fit_widths(120, natural)
    assert wide[:5] == natural and sum(wide) + 12 == 120
    narrow = fit_widths(56, natural)
    assert narrow[5] >= 9 and sum(narrow) + 12 == 56
