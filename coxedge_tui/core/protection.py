"""Protected images: the profile's `protect` patterns, glob patterns over `family:tag` that no delete may touch.

Checked by image_actions.delete_refusal, so the app, `images delete` and `images prune` refuse alike.
Never imports textual.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..api.models import Image
    from ..settings.config import Settings


def family_and_tag(image: Image) -> str:
    """What the patterns are matched against: `web:v1.2` (an absent part is empty)."""
    return f"{image.family or ''}:{image.tag or ''}"


def protected_by(image: Image, patterns: Iterable[str]) -> str | None:
    """The first pattern that protects `image`, or None.

    fnmatch semantics, case-sensitive on every system (`Web:*` does not protect `web:v1`): `*` any
    text, `?` one character, `[ab]` one of a set. The detail pane shows it as `Protected by web:*`.
    """
    name = family_and_tag(image)
    return next((p for p in patterns if fnmatchcase(name, p)), None)


@dataclass(frozen=True)
class Protection:
    """The patterns in force, and the profile they come from (named in every refusal)."""

    patterns: tuple[str, ...] = ()
    profile: str = ""

    @classmethod
    def of(cls, settings: Settings) -> Protection:
        return cls(tuple(settings.protect), settings.profile)

    def pattern_for(self, image: Image) -> str | None:
        return protected_by(image, self.patterns)

    def refusal_text(self, image: Image) -> str | None:
        """`web:1.2 is protected by web:* (profile prod)`, with how to lift it; None when not protected."""
        pattern = self.pattern_for(image)
        if pattern is None:
            return None
        return (
            f"{family_and_tag(image)} is protected by {pattern} (profile {self.profile}); to delete it, take "
            f"the pattern out of the protect list of [profiles.{self.profile}] in the config file."
        )


NO_PROTECTION = Protection()
