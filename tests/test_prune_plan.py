"""Planning a prune (core/prune.py): every rule by example, and the promises as properties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coxedge_tui.api.models import Image, Workload
from coxedge_tui.core.protection import Protection
from coxedge_tui.core.prune import Action, PrunePlan, PruneRules, plan_prune

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def image(
    family: str, tag: str, days_old: float | None, status: str | None = "READY", slug: str = "acme"
) -> Image:
    created = None if days_old is None else (NOW - timedelta(days=days_old)).isoformat()
    return Image.model_validate(
        {
            "id": f"s1/{family}/{tag}", "stackId": "s1", "family": family, "tag": tag, "slug": slug,
            "status": status, "createdAt": created, "reference": f"{slug}/{family}:{tag}",
        }
    )


def uses(*images: Image) -> list[Workload]:
    return [Workload(id=f"w{n}", name=f"vm-{n}", image=i.reference) for n, i in enumerate(images)]


def decided(plan: PrunePlan) -> dict[str, tuple[Action, str]]:
    return {f"{p.image.family}:{p.image.tag}": (p.action, p.reason) for p in plan.items}


def plan(images: list[Image], keep: int = 1, **options: object) -> PrunePlan:
    workloads = options.pop("workloads", [])
    protection = options.pop("protection", Protection())
    return plan_prune(images, PruneRules(keep, **options), workloads=workloads, now=NOW, protection=protection)  # type: ignore[arg-type]


def test_the_newest_n_of_each_family_are_kept_and_the_rest_deleted() -> None:
    images = [image("web", f"v{n}", days_old=n) for n in range(1, 5)] + [image("api", "a1", 10)]

    said = decided(plan(images, keep=2))

    assert said == {
        "api:a1": (Action.KEEP, "one of the 2 newest of api"),
        "web:v1": (Action.KEEP, "one of the 2 newest of web"),
        "web:v2": (Action.KEEP, "one of the 2 newest of web"),
        "web:v3": (Action.DELETE, "beyond the 2 newest of web; 3d old"),
        "web:v4": (Action.DELETE, "beyond the 2 newest of web; 4d old"),
    }
    assert list(said) == ["api:a1", "web:v1", "web:v2", "web:v3", "web:v4"]  # by family, newest first


def test_only_images_older_than_the_limit_are_deleted() -> None:
    images = [image("web", "v1", 1), image("web", "v2", 20), image("web", "v3", 40)]

    said = decided(plan(images, keep=1, older_than=timedelta(days=30), older_than_text="30d"))

    assert said["web:v2"] == (Action.KEEP, "20d old, not older than 30d")
    assert said["web:v3"] == (Action.DELETE, "beyond the newest of its family; 1mo old")


def test_protected_images_are_kept_naming_the_pattern() -> None:
    images = [image("web", "v1", 1), image("web", "prod-2", 2)]

    said = decided(plan(images, protection=Protection(("*:prod-*",), "default")))

    assert said["web:prod-2"] == (Action.KEEP, "protected by *:prod-*")


def test_images_a_workload_uses_are_kept_naming_the_workloads() -> None:
    old = image("web", "v1", 9)

    said = decided(plan([image("web", "v2", 1), old], workloads=uses(old, old)))

    assert said["web:v1"] == (Action.KEEP, "used by vm-0, vm-1")


@pytest.mark.parametrize("status", ["PENDING", "PROCESSING", "IMAGE_STATUS_UNKNOWN", "QUARANTINED", None])
def test_images_not_ready_or_failed_are_kept(status: str | None) -> None:
    said = decided(plan([image("web", "v2", 1), image("web", "v1", 9, status=status)]))

    assert said["web:v1"] == (Action.KEEP, f"{status or 'no status'}: only READY or FAILED images are pruned")


def test_failed_images_are_pruned_like_ready_ones() -> None:
    said = decided(plan([image("web", "v2", 1), image("web", "v1", 9, status="failed")]))

    assert said["web:v1"][0] is Action.DELETE


def test_default_images_are_never_deleted_nor_counted() -> None:
    images = [image("ubuntu", "v1", 900, slug="stackpath-edge"), image("ubuntu", "v2", 1, slug="stackpath-edge")]

    said = decided(plan(images, keep=0))

    assert {action for action, _ in said.values()} == {Action.KEEP}
    assert said["ubuntu:v1"][1] == "default image: the provider's, never deleted"


def test_an_image_without_a_creation_time_is_kept_and_not_counted() -> None:
    said = decided(plan([image("web", "undated", None), image("web", "v2", 1), image("web", "v1", 9)]))

    assert said["web:undated"] == (Action.KEEP, "no createdAt, so its age is unknown")
    assert said["web:v2"][0] is Action.KEEP and said["web:v1"][0] is Action.DELETE


def test_only_the_chosen_families_are_planned() -> None:
    images = [image("web", "v1", 1), image("web", "v0", 2), image("api", "a1", 1), image("api", "a0", 2)]

    result = plan(images, keep=1, families=frozenset({"api"}))

    assert set(decided(result)) == {"api:a1", "api:a0"}
    assert result.summary() == "1 to delete and 1 to keep, in 1 family."


def test_keep_zero_deletes_every_deletable_tag() -> None:
    said = decided(plan([image("web", "v1", 1), image("web", "v0", 2)], keep=0))

    assert said["web:v1"] == (Action.DELETE, "no tag of the family is kept by count; 1d old")


def test_images_created_at_the_same_moment_rank_by_tag() -> None:
    said = decided(plan([image("web", "b", 3), image("web", "c", 3), image("web", "a", 3)], keep=1))

    assert [action for action, _ in said.values()] == [Action.KEEP, Action.DELETE, Action.DELETE]
    assert said["web:c"][0] is Action.KEEP


STATUSES = ["READY", "FAILED", "PENDING", "PROCESSING", None, "ready"]
images_strategy = st.lists(
    st.builds(
        image,
        family=st.sampled_from(["web", "api", "db"]),
        tag=st.text("abcdefgh0123456789-", min_size=1, max_size=6),
        days_old=st.one_of(st.none(), st.floats(0, 400)),
        status=st.sampled_from(STATUSES),
        slug=st.sampled_from(["acme", "acme", "acme", "stackpath-edge"]),
    ),
    max_size=15,
    unique_by=lambda i: i.id,
)


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[Image], PruneRules, list[Workload], Protection]:
    images = draw(images_strategy)
    used = draw(st.lists(st.sampled_from(images), max_size=3)) if images else []
    limit = draw(st.one_of(st.none(), st.integers(0, 200).map(lambda d: timedelta(days=d))))
    families = draw(st.frozensets(st.sampled_from(["web", "api", "db"]), max_size=2))
    patterns = draw(st.lists(st.sampled_from(["web:*", "*:a*", "db:[0-9]*", "*:*-"]), max_size=2))
    rules = PruneRules(draw(st.integers(0, 4)), limit, families=families)
    return images, rules, uses(*used), Protection(tuple(patterns), "p")


def is_final(i: Image) -> bool:
    return (i.status or "").upper() in ("READY", "FAILED")


@settings(max_examples=80, deadline=None)
@given(worlds())
def test_prune_never_plans_a_default_used_protected_or_unfinished_image(
    world: tuple[list[Image], PruneRules, list[Workload], Protection],
) -> None:
    images, rules, workloads, protection = world
    used = {w.image for w in workloads}

    result = plan_prune(images, rules, workloads=workloads, now=NOW, protection=protection)

    assert sorted(p.image.id for p in result.items) == sorted(i.id for i in images if rules.covers(i))
    for doomed in result.deletions:
        assert doomed.is_custom and is_final(doomed)
        assert doomed.reference not in used
        assert protection.pattern_for(doomed) is None
        assert doomed.created_at is not None
        assert rules.older_than is None or NOW - doomed.created_at > rules.older_than


@settings(max_examples=80, deadline=None)
@given(worlds())
def test_prune_keeps_the_newest_n_of_each_family_and_exactly_n_when_the_rest_may_go(
    world: tuple[list[Image], PruneRules, list[Workload], Protection],
) -> None:
    images, rules, workloads, protection = world
    used = {w.image for w in workloads}

    result = plan_prune(images, rules, workloads=workloads, now=NOW, protection=protection)

    for family in {i.family for i in images if rules.covers(i)}:
        ranked = sorted(
            (i for i in images if i.family == family and i.is_custom and i.created_at is not None),
            key=lambda i: (i.created_at, i.tag),  # the later tag is the newer at the same moment
            reverse=True,
        )
        newest, rest = ranked[: rules.keep], ranked[rules.keep :]
        doomed = {i.id for i in result.deletions if i.family == family}
        assert not doomed & {i.id for i in newest}
        deletable = [
            i for i in rest
            if is_final(i) and i.reference not in used and protection.pattern_for(i) is None
            and (rules.older_than is None or NOW - i.created_at > rules.older_than)  # type: ignore[operator]
        ]
        assert doomed == {i.id for i in deletable}
        if len(deletable) == len(rest):  # everything beyond the newest may go: exactly N are left
            assert len(ranked) - len(doomed) == min(rules.keep, len(ranked))
