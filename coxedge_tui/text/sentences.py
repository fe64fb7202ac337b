"""Messages joined into sentences with clean punctuation, for any front end (never imports textual).

The API layer's messages are whole sentences, sometimes ending in a parenthesis such as
"(Tried 3 times.)". Wrapping one in more parentheses, or adding a full stop after it, reads as
"…times.))." — so a message is only ever placed last in a sentence, or as a sentence of its own.
"""

from __future__ import annotations

_ENDS = (".", "!", "?", "…")


def sentence(text: str) -> str:
    """The text ending in exactly one full stop, or in the "?", "!" or "(… .)" it already ends with."""
    core = text.rstrip().rstrip(".").rstrip()
    if not core:
        return core
    if core.endswith(_ENDS) or (core.endswith(")") and core[:-1].rstrip().endswith(_ENDS)):
        return core
    return core + "."


def sentences(*parts: str) -> str:
    """Non-empty parts as consecutive sentences: ("Not found", "Try again.") -> "Not found. Try again."."""
    return " ".join(sentence(part) for part in parts if part.strip())
