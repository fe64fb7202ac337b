"""Where an image was listed: the one answer for the list model, the app's rows, exports and the CLI's output.

Only the Everywhere list (core/everywhere.py) gives its images an `environment`; a plain `Image` has none, and
the session's environment is where it was listed. Imports nothing, so the text layer can use it too.
"""

from __future__ import annotations

_PLACED: dict[type, bool] = {}  # whether a kind of row has an environment, asked once per class


def environment_of(image: object, default: str = "") -> str:
    """The environment a row was listed in (the Everywhere view's rows know it), or `default`: the session's.

    Asked of the class once: on a plain Image a missing attribute costs pydantic an exception, 6 µs a row."""
    kind = type(image)
    placed = _PLACED.get(kind)
    if placed is None:
        placed = _PLACED[kind] = hasattr(image, "environment")
    found = getattr(image, "environment", None) if placed else None
    return found if isinstance(found, str) and found else default
