"""A cost of Textual that tests pay hundreds of times and users once, cut here for tests only.

Textual parses every stylesheet source (each widget's DEFAULT_CSS, the app's .tcss) again for each new app and
again on every reparse, caching only inside one `Stylesheet`. A test process starts hundreds of apps with the same
CSS and the same theme variables, and parsing was a twentieth of each app's start. The parse is a pure function
of the CSS text, where it was read from, its flags and the variables, so this cache keys on exactly those and
hands every stylesheet the same (never modified) rule sets. What an app shows cannot change; the snapshots check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

_parsed: dict[tuple[object, ...], list[RuleSet]] = {}


def share_parsed_css() -> None:
    parse: Callable[..., list[RuleSet]] = Stylesheet._parse_rules
    if getattr(parse, "shared", False):
        return

    def parse_once(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
        if key not in _parsed:
            _parsed[key] = parse(self, css, read_from, is_default_rules, tie_breaker, scope)
        return _parsed[key]

    parse_once.shared = True  # type: ignore[attr-defined]
    Stylesheet._parse_rules = parse_once  # type: ignore[method-assign]

