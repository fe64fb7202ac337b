"""Which images a query shows, through the list model the app and the CLI share."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coxedge_tui.api.errors import ServerError
from coxedge_tui.api.kinds import DEFAULT_IMAGE_SLUG
from coxedge_tui.api.models import Image, Workload
from coxedge_tui.core.image_list_model import SORT_COLUMNS, ImageListModel
from coxedge_tui.core.query import QueryError, parse_query
from coxedge_tui.core.query_match import WAITING_FOR_USAGE, MatchContext, select_images
from coxedge_tui.core.usage_index import UsageIndex

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def image(ident: str, created: str | None = "2026-02-01T12:00:00Z", **fields: object) -> Image:
    return Image.model_validate({"id": ident, "createdAt": created, "slug": "acme", **fields})


WORLD = [
    image("web-1", family="web", tag="v1", status="READY", reference="acme/web:v1"),
    image("web-2", "2026-03-01T10:00:00Z", family="Web", tag="v2", status="FAILED", reference="acme/web:v2"),
    image("webapp", "2025-01-01T00:00:00Z", family="webapp", tag="my tag", status="READY", reference="acme/webapp"),
    image("api", None, family="api", tag=None, status="IMAGE_STATUS_UNKNOWN", reference="acme/api:v1"),
    image("ubuntu", family="ubuntu", tag="22.04", status="READY", slug=DEFAULT_IMAGE_SLUG, reference="u/ubuntu:22.04"),
]
USAGE = UsageIndex.of([Workload(id="w1", image="acme/web:v1"), Workload(id="w2", image="u/ubuntu:22.04")])


def shown(text: str, context: MatchContext | None = None, world: list[Image] = WORLD) -> list[str]:
    model = ImageListModel()
    model.load(world)
    model.set_match_context(context or MatchContext(now=lambda: NOW, environment="prod-area", usage=USAGE))
    model.set_filter(text)
    return [i.id for i in model.view]


def test_a_bare_word_is_found_in_any_column_or_the_id_ignoring_case() -> None:
    assert shown("WEB") == ["web-1", "web-2", "webapp"]
    assert shown("22.04") == ["ubuntu"]


def test_terms_must_all_hold_and_an_exclamation_mark_turns_one_round() -> None:
    assert shown("web v2") == ["web-2"]
    assert shown("web !v2") == ["web-1", "webapp"]
    assert shown('"my tag"') == ["webapp"]


def test_family_and_tag_match_the_whole_value_ignoring_case_with_a_star_for_any_text() -> None:
    assert shown("family:web") == ["web-1", "web-2"]
    assert shown("family:WEB*") == ["web-1", "web-2", "webapp"]
    assert shown("family:*p*") == ["webapp", "api"]
    assert shown('tag:"my tag"') == ["webapp"]
    assert shown('tag:""') == ["api"]


def test_status_matches_as_the_list_shows_it_or_in_full() -> None:
    assert shown("status:ready") == ["web-1", "webapp", "ubuntu"]
    assert shown("status:unknown") == shown("status:IMAGE_STATUS_UNKNOWN") == ["api"]
    assert shown("!status:ready") == ["web-2", "api"]


def test_type_tells_the_providers_default_images_from_custom_ones() -> None:
    assert shown("type:default") == ["ubuntu"]
    assert shown("type:custom") == ["web-1", "web-2", "webapp", "api"]


def test_age_compares_the_time_since_creation_and_never_holds_for_an_undated_image() -> None:
    assert shown("age>30d") == ["webapp"]  # the others are 28 days old, 2 hours, or undated
    assert shown("age>27d") == ["web-1", "webapp", "ubuntu"]
    assert shown("age<3h") == ["web-2"]
    assert shown("age>=2h") == ["web-1", "web-2", "webapp", "ubuntu"]  # web-2 is exactly two hours old
    assert shown("age>2h") == ["web-1", "webapp", "ubuntu"]
    assert shown("age<=2h") == ["web-2"]
    assert shown("age<2h") == []
    assert shown("!age>1y") == ["web-1", "web-2", "api", "ubuntu"]


def test_env_is_the_sessions_environment_unless_each_image_has_its_own() -> None:
    assert shown("env:prod-area") == [i.id for i in WORLD]
    assert shown("env:test*") == []
    per_image = MatchContext(now=lambda: NOW, environment=lambda i: "test-area" if i.family == "api" else "prod-area")
    assert shown("env:TEST-area", per_image) == ["api"]
    assert shown("!env:test-area web", per_image) == ["web-1", "web-2", "webapp"]


def test_used_says_whether_a_workload_runs_the_image() -> None:
    assert shown("used:yes") == ["web-1", "ubuntu"]
    assert shown("used:no") == ["web-2", "webapp", "api"]
    assert shown("!used:yes") == shown("used:no")


@pytest.mark.parametrize("usage", [None, UsageIndex(error=ServerError("the workloads list failed (HTTP 500)"))])
def test_while_usage_is_unknown_no_image_counts_as_used_or_unused(usage: UsageIndex | None) -> None:
    context = MatchContext(now=lambda: NOW, usage=usage)
    assert shown("used:yes", context) == shown("used:no", context) == shown("!used:no", context) == []
    model = ImageListModel()
    model.load(WORLD)
    model.set_match_context(context)
    model.set_filter("used:no")
    assert model.filter_note == (
        WAITING_FOR_USAGE if usage is None else "used: usage unknown: the workloads list failed (HTTP 500)."
    )
    model.set_match_context(MatchContext(now=lambda: NOW, usage=USAGE))
    assert ([i.id for i in model.view], model.filter_note) == (["web-2", "webapp", "api"], "")


def test_a_malformed_query_raises_and_keeps_the_last_good_result() -> None:
    model = ImageListModel()
    model.load(WORLD)
    model.set_filter("family:web")
    with pytest.raises(QueryError):
        model.set_filter("family:web age>")
    assert ([i.id for i in model.view], model.filter_text) == (["web-1", "web-2"], "family:web")


def test_a_refresh_applies_the_query_to_the_new_list() -> None:
    model = ImageListModel()
    model.load(WORLD)
    model.set_filter("status:ready !type:default")
    model.load([*WORLD, image("new", family="web", status="READY")])
    assert [i.id for i in model.view] == ["web-1", "webapp", "new"]
    model.update([*WORLD[:4], image("ubuntu", family="ubuntu", status="READY")], [4])
    assert [i.id for i in model.view] == ["web-1", "webapp", "ubuntu"]


def test_the_cli_selects_with_the_same_matcher() -> None:
    context = MatchContext(now=lambda: NOW, usage=USAGE)
    from coxedge_tui.core.image_list_model import haystacks_of

    assert [i.id for i in select_images(WORLD, parse_query("used:no status:ready"), context, haystacks_of(WORLD))] == [
        "webapp"
    ]


term_texts = st.sampled_from(
    ["web", "!web", "v", "family:web*", "!status:ready", "type:custom", "age>10d", "!age<1d", "used:yes", "tag:*1*"]
)


@settings(max_examples=60)
@given(
    st.lists(term_texts, max_size=4),
    st.sampled_from([None, *SORT_COLUMNS]),
    st.booleans(),
)
def test_a_query_shows_the_images_every_one_of_its_terms_shows_in_the_lists_order(
    texts: list[str], column: str | None, reverse: bool
) -> None:
    context = MatchContext(now=lambda: NOW, usage=USAGE)
    model = ImageListModel()
    model.load(WORLD)
    model.set_match_context(context)
    model.set_sort(column, reverse=reverse)
    everything = [i.id for i in model.view]
    alone = []
    for text in texts:
        model.set_filter(text)
        alone.append({i.id for i in model.view})
    model.set_filter(" ".join(texts))
    assert [i.id for i in model.view] == [i for i in everything if all(i in ids for ids in alone)]


def test_a_list_prepared_for_the_query_in_advance_shows_what_a_fresh_one_would() -> None:
    from coxedge_tui.core.image_list_model import haystacks_of
    from coxedge_tui.core.query_match import ListMatcher

    context = MatchContext(now=lambda: NOW, environment="prod-area", usage=USAGE)
    text = "status:ready !family:web age>1d used:yes env:prod*"
    later = MatchContext(now=lambda: NOW, environment="prod-area", usage=UsageIndex.of([]))
    prepared = ListMatcher(WORLD, haystacks_of(WORLD), context).warm(parse_query(text))
    model = ImageListModel()
    model.set_match_context(later)  # the usage changed after the list was prepared
    model.set_filter(text)
    model.load(WORLD, haystacks_of(WORLD), prepared)
    assert [i.id for i in model.view] == []
    model.set_match_context(context)
    assert [i.id for i in model.view] == ["ubuntu"]
