"""The documented create-image rules, in words a person can act on (plain Python: the form checks them as you type)."""

from __future__ import annotations

import re

# The documented patterns; use fullmatch, since `$` alone would accept a trailing newline.
FAMILY_RE = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")
TAG_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
DESCRIPTION_MAX = 1000


def create_problems(family: str, tag: str, workload: str, instance: str, description: str) -> dict[str, str]:
    """Every documented rule a create request breaks, by field, in words a person can act on."""
    found = {
        "family": family_problem(family),
        "tag": tag_problem(tag),
        "workload": None if workload.strip() else "A workload is required (a VM workload of this environment).",
        "instance": None if instance.strip() else "An instance is required (one of the workload's instances).",
        "description": description_problem(description),
    }
    return {name: text for name, text in found.items() if text}


def family_problem(value: str) -> str | None:
    """Why a family is invalid, in words a person can act on; None if valid."""
    if not value:
        return "Family is required."
    if value != value.strip():
        return "Family must not start or end with spaces."
    if FAMILY_RE.fullmatch(value):
        return None
    if any("A" <= c <= "Z" for c in value):
        return "Family must be lower case."
    if value[0] == "-" or value[-1] == "-":
        return "Family must begin and end with a letter or digit."
    return "Family may only hold lower-case letters, digits and '-'."


def tag_problem(value: str) -> str | None:
    if not value:
        return "Tag is required."
    if value != value.strip():
        return "Tag must not start or end with spaces."
    if len(value) > 128:
        return f"Tag is {len(value)} characters; at most 128 are allowed."
    if value[0] in ".-":
        return "Tag must not start with '.' or '-'."
    if TAG_RE.fullmatch(value):
        return None
    return "Tag may only hold ASCII letters, digits, '_', '.' and '-'."


def description_problem(value: str) -> str | None:
    if len(value) > DESCRIPTION_MAX:
        return f"Description is {len(value)} characters; at most {DESCRIPTION_MAX} are allowed."
    if any((ord(c) < 32 and c not in "\n\t") or ord(c) == 127 for c in value):
        return "Description must not contain control characters."
    return None
