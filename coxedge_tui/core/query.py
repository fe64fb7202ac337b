"""The list's query language, as `/` and `images list --filter` read it: parsed here, matched in query_match.

Terms are separated by blanks and must all hold. A term is a bare word (found in any column shown or the
id, as the filter always did), `field:value`, or `age>30d` / `age<2h` (also `>=`, `<=`); `!` before a term
negates it. Double quotes hold blanks (`"my tag"`, `family:"a b"`); inside them `\\"` is a quote and `\\\\` a
backslash. A query prints back to one canonical text (`str(query)`), which parses to the same query.

Never imports textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal, cast

from ..text.durations import EXAMPLES, UNITS, split_duration

TEXT_FIELDS = ("family", "tag", "status", "env")  # matched whole, ignoring case; `*` stands for any text
CHOICES: dict[str, tuple[str, ...]] = {"type": ("default", "custom"), "used": ("yes", "no")}
FIELDS = (*TEXT_FIELDS[:3], "type", "env", "used")
AGE = "age"
Operator = Literal[">", "<", ">=", "<="]
OPERATORS: tuple[Operator, ...] = (">=", "<=", ">", "<")  # longest first

_FIELD = re.compile(r"([a-z]+):", re.ASCII | re.IGNORECASE)
_AGE = re.compile(r"age(>=|<=|>|<)?", re.ASCII | re.IGNORECASE)
_AGE_LIKE = re.compile(r"age[<>=:!]", re.ASCII | re.IGNORECASE)  # meant as an age comparison, right or wrong
QUOTE, ESCAPE, NOT = '"', "\\", "!"


class QueryError(ValueError):
    """A malformed query: `str()` says what is wrong and where (a column, counted from 1)."""

    def __init__(self, reason: str, column: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.column = column


@dataclass(frozen=True)
class Contains:
    """A bare word: found, ignoring case, in any column shown or the id."""

    text: str


@dataclass(frozen=True)
class FieldIs:
    """`field:value`: a text field whole (ignoring case, `*` for any text), or one of a field's CHOICES."""

    field: str
    value: str


@dataclass(frozen=True)
class AgeIs:
    """`age>30d`: created longer ago (`>`) or more recently (`<`) than `amount` `unit`s."""

    op: Operator
    amount: int
    unit: str  # a key of text.durations.UNITS

    @property
    def span(self) -> timedelta:
        return self.amount * UNITS[self.unit]


Test = Contains | FieldIs | AgeIs


@dataclass(frozen=True)
class Term:
    test: Test
    negated: bool = False

    def __str__(self) -> str:
        test = self.test
        if isinstance(test, Contains):
            text = _quoted(test.text, bare=_bare_word(test.text))
        elif isinstance(test, FieldIs):
            text = f"{test.field}:{_quoted(test.value, bare=_bare_value(test.value))}"
        else:
            text = f"{AGE}{test.op}{test.amount}{test.unit}"
        return NOT + text if self.negated else text


@dataclass(frozen=True)
class Query:
    """Every term must hold; no term at all shows every image."""

    terms: tuple[Term, ...] = ()

    def __str__(self) -> str:
        return " ".join(map(str, self.terms))

    @property
    def needle(self) -> str | None:
        """The lower-cased text of a query of one bare word ("" for none): the filter's fast path; else None."""
        if not self.terms:
            return ""
        if len(self.terms) == 1 and not self.terms[0].negated and isinstance(self.terms[0].test, Contains):
            return self.terms[0].test.text.lower()
        return None

    @property
    def fields(self) -> frozenset[str]:
        """The fields its terms name (`age` for an age comparison)."""
        return frozenset(t.test.field if isinstance(t.test, FieldIs) else AGE for t in self.terms if _named(t))


def _named(term: Term) -> bool:
    return not isinstance(term.test, Contains)


def _bare_word(text: str) -> bool:
    """Whether a bare word reads back as itself without quotes."""
    return _bare_value(text) and not text.startswith(NOT) and not _FIELD.match(text) and not _AGE_LIKE.match(text)


def _bare_value(text: str) -> bool:
    return bool(text) and not any(c.isspace() or c == QUOTE for c in text)


def _quoted(text: str, *, bare: bool) -> str:
    if bare:
        return text
    return QUOTE + text.replace(ESCAPE, ESCAPE * 2).replace(QUOTE, ESCAPE + QUOTE) + QUOTE


@dataclass(frozen=True)
class _Part:
    text: str
    quoted: bool
    at: int  # where it starts in the query, from 0


def parse_query(text: str) -> Query:
    """The query `text` says; raises QueryError when it is malformed."""
    return Query(tuple(_term(parts) for parts in _tokens(text)))


def _tokens(text: str) -> list[list[_Part]]:
    """Runs of text between blanks, each as its quoted and unquoted parts (`family:"a b"` is two parts)."""
    tokens: list[list[_Part]] = []
    i, end = 0, len(text)
    while i < end:
        if text[i].isspace():
            i += 1
            continue
        parts: list[_Part] = []
        plain_at = i
        while i < end and not text[i].isspace():
            if text[i] != QUOTE:
                i += 1
                continue
            if i > plain_at:
                parts.append(_Part(text[plain_at:i], False, plain_at))
            opened, i, held = i, i + 1, []
            while i < end and text[i] != QUOTE:
                if text[i] == ESCAPE and i + 1 < end and text[i + 1] in (QUOTE, ESCAPE):
                    i += 1
                held.append(text[i])
                i += 1
            if i >= end:
                raise QueryError(f'unclosed quote: the " at column {opened + 1} has no closing "', opened + 1)
            i += 1
            parts.append(_Part("".join(held), True, opened))
            plain_at = i
        if i > plain_at:
            parts.append(_Part(text[plain_at:i], False, plain_at))
        tokens.append(parts)
    return tokens


def _term(parts: list[_Part]) -> Term:
    head, at = parts[0], parts[0].at
    negated = not head.quoted and head.text.startswith(NOT)
    if negated:
        rest = head.text[1:]
        if rest.startswith(NOT):
            raise QueryError(f"!! at column {at + 1}: one ! per term", at + 1)
        parts = [_Part(rest, False, at + 1), *parts[1:]] if rest else parts[1:]
        if not parts:
            raise QueryError(f"! at column {at + 1} needs a term after it, such as !family:web", at + 1)
        head = parts[0]
    return Term(_test(head, parts[1:]), negated)


def _test(head: _Part, more: list[_Part]) -> Test:
    """A bare word, a field's value or an age comparison, from a term's parts (its `!` already taken)."""
    after = "".join(p.text for p in more)
    if head.quoted:
        return Contains(head.text + after)
    column = head.at + 1
    if _AGE_LIKE.match(head.text):
        return _age(head.text, after, column)
    named = _FIELD.match(head.text)
    if named is None:
        return Contains(head.text + after)
    field, value = named.group(1).lower(), head.text[named.end() :] + after
    if field not in FIELDS:
        raise QueryError(_unknown_field(named.group(1), head.text + after, column), column)
    if not value and not more:
        none = f' (or {field}:"" for images without one)' if field in TEXT_FIELDS else ""
        raise QueryError(f"{field}: at column {column} needs a value, such as {field}:{_example(field)}{none}", column)
    if field in CHOICES:
        if value.lower() not in CHOICES[field]:
            choices = " or ".join(f"{field}:{c}" for c in CHOICES[field])
            raise QueryError(f"{field}:{value} at column {column}: give {choices}", column)
        value = value.lower()
    return FieldIs(field, value)


def _example(field: str) -> str:
    return CHOICES[field][0] if field in CHOICES else {"status": "ready", "env": "prod"}.get(field, "web")


def _unknown_field(name: str, typed: str, column: int) -> str:
    known = ", ".join(FIELDS)
    return (
        f'unknown field "{name}" at column {column}: fields are {known}, and age (age>30d, age<2h); '
        f"to find the text itself, quote it: {_quoted(typed, bare=False)}"
    )


def _age(head: str, after: str, column: int) -> AgeIs:
    matched = _AGE.match(head)
    op = matched.group(1) if matched else None
    if op is None:
        sign = head[len(AGE)]
        raise QueryError(f'age at column {column} compares with > or < (age>30d, age<=2h), not "{sign}"', column)
    duration = head[len(AGE) + len(op) :] + after
    if not duration:
        raise QueryError(f"age{op} at column {column} needs a duration after it, such as {EXAMPLES}", column)
    try:
        amount, unit = split_duration(duration)
    except ValueError as exc:
        raise QueryError(f"age{op} at column {column}: {exc}", column) from None
    return AgeIs(cast("Operator", op), amount, unit)
