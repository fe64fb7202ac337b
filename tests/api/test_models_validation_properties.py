"""Family and tag validation accept exactly the strings the documented rules allow.

The reference checks below are written from the prose of the docs, character by
character, independently of the regexes the models use.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ValidationError

from coxedge_tui.api.models import CreateImageRequest, description_problem, family_problem, tag_problem

DOCUMENTED_FAMILY = r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"
DOCUMENTED_TAG = r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"
FAMILY_CHARS = set(string.ascii_lowercase + string.digits + "-")
TAG_CHARS = set(string.ascii_letters + string.digits + "_.-")


def family_is_valid(value: str) -> bool:
    """'lower case alphanumeric characters or '-', must begin and end with an alphanumeric character'."""
    return bool(value) and set(value) <= FAMILY_CHARS and value[0] != "-" and value[-1] != "-"


def tag_is_valid(value: str) -> bool:
    """'ASCII letters, digits, _ . -; must not start with a period or a dash; at most 128 characters'."""
    return 0 < len(value) <= 128 and set(value) <= TAG_CHARS and value[0] not in ".-"


def creates(family: str, tag: str) -> bool:
    try:
        CreateImageRequest(family=family, tag=tag, workload_id="w", instance_name="i")
    except ValidationError:
        return False
    return True


family_text = st.one_of(
    st.from_regex(DOCUMENTED_FAMILY, fullmatch=True),
    st.text(),
    st.text(alphabet=sorted(FAMILY_CHARS | {"A", "Z", "_", ".", " ", "\n", "é"}), max_size=12),
)
tag_text = st.one_of(
    st.from_regex(DOCUMENTED_TAG, fullmatch=True),
    st.text(),
    st.text(alphabet=sorted(TAG_CHARS | {" ", "\n", "\t", "/", ":", "é", "\x00"}), max_size=140),
)


@given(family_text)
@example("a")
@example("a-b")
@example("web\n")
@example("-web")
@example("web-")
@example("Web")
@example("wéb")
def test_family_is_accepted_exactly_when_the_documented_rule_allows_it(value: str) -> None:
    assert (family_problem(value) is None) == family_is_valid(value)
    assert creates(value, "v1") == family_is_valid(value)


@given(tag_text)
@example("_")
@example("v" * 128)
@example("v" * 129)
@example("v1\n")
@example(".v1")
@example("-v1")
@example("v1é")
def test_tag_is_accepted_exactly_when_the_documented_rule_allows_it(value: str) -> None:
    assert (tag_problem(value) is None) == tag_is_valid(value)
    assert creates("web", value) == tag_is_valid(value)


@given(st.from_regex(DOCUMENTED_FAMILY, fullmatch=True), st.from_regex(DOCUMENTED_TAG, fullmatch=True))
def test_any_documented_family_and_tag_make_a_request_whose_body_carries_them_unchanged(family: str, tag: str) -> None:
    body = CreateImageRequest(family=family, tag=tag, workload_id="w", instance_name="i").to_body()

    assert (body["family"], body["tag"]) == (family, tag)


@given(st.text())
def test_every_refusal_is_a_sentence_for_a_person(value: str) -> None:
    for problem in (family_problem(value), tag_problem(value)):
        assert problem is None or (problem[0].isupper() and problem.endswith("."))


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "Family is required."),
        (" web", "Family must not start or end with spaces."),
        ("Web", "Family must be lower case."),
        ("-web", "Family must begin and end with a letter or digit."),
        ("web_1", "Family may only hold lower-case letters, digits and '-'."),
    ],
)
def test_each_invalid_family_says_what_to_change(value: str, problem: str) -> None:
    assert family_problem(value) == problem


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "Tag is required."),
        ("v1 ", "Tag must not start or end with spaces."),
        ("v" * 129, "Tag is 129 characters; at most 128 are allowed."),
        (".v1", "Tag must not start with '.' or '-'."),
        ("v1/2", "Tag may only hold ASCII letters, digits, '_', '.' and '-'."),
        ("v1é", "Tag may only hold ASCII letters, digits, '_', '.' and '-'."),
    ],
)
def test_each_invalid_tag_says_what_to_change(value: str, problem: str) -> None:
    assert tag_problem(value) == problem


def test_a_description_may_be_1000_characters_with_line_breaks_but_not_more_or_control_characters() -> None:
    assert description_problem("x" * 1000) is None
    assert description_problem("line one\nline two\ttabbed") is None
    assert description_problem("x" * 1001) == "Description is 1001 characters; at most 1000 are allowed."
    assert description_problem("bell\x07") == "Description must not contain control characters."
    assert description_problem("esc\x1b[31m") == "Description must not contain control characters."


@pytest.mark.parametrize("field", ["workload_id", "instance_name"])
@pytest.mark.parametrize("value", ["", "  ", " w", "w "])
def test_workload_and_instance_are_required_without_surrounding_spaces(field: str, value: str) -> None:
    fields = {"family": "web", "tag": "v1", "workload_id": "w", "instance_name": "i", field: value}

    with pytest.raises(ValidationError):
        CreateImageRequest.model_validate(fields)
