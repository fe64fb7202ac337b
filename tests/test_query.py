"""The query language of `/` and `images list --filter`: what each piece means, what each mistake says."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coxedge_tui.core.query import (
    CHOICES,
    FIELDS,
    TEXT_FIELDS,
    AgeIs,
    Contains,
    FieldIs,
    Query,
    QueryError,
    Term,
    parse_query,
)
from coxedge_tui.text.durations import UNITS, parse_duration


def terms(text: str) -> list[Term]:
    return list(parse_query(text).terms)


def error_of(text: str) -> QueryError:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    return caught.value


def test_an_empty_or_blank_query_has_no_terms_and_shows_everything() -> None:
    assert parse_query("").terms == () == parse_query("  \t ").terms
    assert parse_query("").needle == ""


def test_blanks_separate_terms_that_must_all_hold() -> None:
    assert terms("  web  v2 ") == [Term(Contains("web")), Term(Contains("v2"))]


def test_a_single_bare_word_is_todays_filter_lower_cased() -> None:
    assert parse_query(" WeB ").needle == "web"
    assert parse_query("web v2").needle is None
    assert parse_query("!web").needle is None
    assert parse_query("family:web").needle is None


def test_an_exclamation_mark_negates_the_term_it_starts() -> None:
    assert terms("!web !family:api !age>2d") == [
        Term(Contains("web"), negated=True),
        Term(FieldIs("family", "api"), negated=True),
        Term(AgeIs(">", 2, "d"), negated=True),
    ]


def test_an_exclamation_mark_inside_a_word_or_quotes_is_text() -> None:
    assert terms('wow! "!x"') == [Term(Contains("wow!")), Term(Contains("!x"))]


@pytest.mark.parametrize("field", FIELDS)
def test_each_field_takes_a_value_after_a_colon_and_its_name_ignores_case(field: str) -> None:
    value = CHOICES[field][-1] if field in CHOICES else "Some-Value"
    assert terms(f"{field.upper()}:{value}") == [Term(FieldIs(field, value))]


def test_type_and_used_take_only_their_choices_in_any_case() -> None:
    assert terms("type:DEFAULT used:Yes") == [Term(FieldIs("type", "default")), Term(FieldIs("used", "yes"))]
    assert str(error_of("type:foo")) == "type:foo at column 1: give type:default or type:custom"
    assert str(error_of("web used:maybe")) == "used:maybe at column 5: give used:yes or used:no"


def test_a_field_without_a_value_says_so_and_shows_an_example() -> None:
    assert str(error_of("family:")) == (
        'family: at column 1 needs a value, such as family:web (or family:"" for images without one)'
    )
    assert str(error_of("x used:")) == "used: at column 3 needs a value, such as used:yes"


def test_an_empty_quoted_value_finds_images_without_one() -> None:
    assert terms('tag:""') == [Term(FieldIs("tag", ""))]


def test_an_unknown_field_names_the_known_ones_and_how_to_search_the_text() -> None:
    error = error_of("web fam:x")
    assert error.column == 5
    assert str(error) == (
        'unknown field "fam" at column 5: fields are family, tag, status, type, env, used, and age '
        '(age>30d, age<2h); to find the text itself, quote it: "fam:x"'
    )
    assert terms('"ubuntu:22.04"') == [Term(Contains("ubuntu:22.04"))]


@pytest.mark.parametrize(
    ("text", "op", "amount", "unit"),
    [("age>30d", ">", 30, "d"), ("age<2h", "<", 2, "h"), ("AGE>=1W", ">=", 1, "w"), ("age<=06mo", "<=", 6, "mo")],
)
def test_age_compares_with_a_duration(text: str, op: str, amount: int, unit: str) -> None:
    (term,) = terms(text)
    assert term == Term(AgeIs(op, amount, unit))  # type: ignore[arg-type]
    assert isinstance(term.test, AgeIs) and term.test.span == parse_duration(f"{amount}{unit}")


def test_age_without_a_duration_says_what_to_give() -> None:
    error = error_of("status:ready age>")
    assert (error.column, str(error)) == (
        14,
        "age> at column 14 needs a duration after it, such as 30d, 12h, 2w or 90m",
    )


def test_age_with_a_bad_duration_says_why_in_the_durations_words() -> None:
    assert str(error_of("age<3x")).startswith("age< at column 1: '3x' is not a duration: give a whole number")


@pytest.mark.parametrize("sign", [":", "="])
def test_age_compares_only_with_greater_or_less(sign: str) -> None:
    assert str(error_of(f"age{sign}3d")) == f'age at column 1 compares with > or < (age>30d, age<=2h), not "{sign}"'


def test_words_that_only_begin_like_age_are_text() -> None:
    assert terms("agent age") == [Term(Contains("agent")), Term(Contains("age"))]


def test_quotes_hold_blanks_in_words_and_values() -> None:
    assert terms('"my tag" family:"a b" !tag:"x  y"') == [
        Term(Contains("my tag")),
        Term(FieldIs("family", "a b")),
        Term(FieldIs("tag", "x  y"), negated=True),
    ]


def test_a_backslash_in_quotes_escapes_a_quote_or_itself_and_is_text_elsewhere() -> None:
    assert terms(r'"say \"hi\"" "a\\b" c\d "e\f"') == [
        Term(Contains('say "hi"')),
        Term(Contains("a\\b")),
        Term(Contains("c\\d")),
        Term(Contains("e\\f")),
    ]


def test_an_unclosed_quote_says_where_it_opened() -> None:
    error = error_of('web family:"a b')
    assert (error.column, str(error)) == (12, 'unclosed quote: the " at column 12 has no closing "')


def test_a_lone_or_doubled_exclamation_mark_is_an_error() -> None:
    assert str(error_of("web !")) == "! at column 5 needs a term after it, such as !family:web"
    assert str(error_of("!!web")) == "!! at column 1: one ! per term"


def test_a_query_prints_as_one_canonical_text() -> None:
    query = parse_query('  Family:Web   !TYPE:Custom age>=030D "my tag" x "!y" "tag:z" tag:""  ')
    assert str(query) == 'family:Web !type:custom age>=30d "my tag" x "!y" "tag:z" tag:""'
    assert query.fields == {"family", "type", "age", "tag"}


text_values = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
tests = st.one_of(
    st.builds(Contains, text_values),
    st.builds(FieldIs, st.sampled_from(TEXT_FIELDS), text_values),
    st.sampled_from([FieldIs(field, value) for field, choices in CHOICES.items() for value in choices]),
    st.builds(
        AgeIs,
        st.sampled_from([">", "<", ">=", "<="]),
        st.integers(min_value=0, max_value=999_999_999),
        st.sampled_from(sorted(UNITS)),
    ),
)
queries = st.builds(Query, st.lists(st.builds(Term, tests, st.booleans()), max_size=6).map(tuple))


@given(queries)
def test_every_query_prints_to_a_text_that_parses_back_to_it(query: Query) -> None:
    assert parse_query(str(query)) == query


pieces = st.sampled_from([*'ab !:"\\<>=d2 \t', "age", "family:", "type:", "used:no"])


@given(st.lists(pieces, max_size=16).map("".join))
def test_any_text_that_parses_prints_back_to_the_same_query(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError as error:
        assert 1 <= error.column <= len(text)
        return
    assert parse_query(str(query)) == query
