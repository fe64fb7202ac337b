"""Two costs of Textual that tests pay hundreds of times and users once: both cut here, for tests only.

CSS: Textual parses every stylesheet source (each widget's DEFAULT_CSS, the app's .tcss) again for each new app and
again on every reparse, caching only inside one `Stylesheet`. A test process starts hundreds of apps with the same
CSS and the same theme variables, and parsing was a twentieth of each app's start. The parse is a pure function
of the CSS text, where it was read from, its flags and the variables, so this cache keys on exactly those and
hands every stylesheet the same (never modified) rule sets. What an app shows cannot change; the snapshots check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import textual._wait
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


IDLE_STEP = 0.005


def quicker_idle_checks() -> None:
    """`pilot.press` and `pilot.pause()` look for an idle app in steps of 5 ms, not 20 ms.

    After each key Textual's pilot waits, twice, until a step passes in which the process used under a twentieth
    of the step's CPU (the app has done what the key set going). In 20 ms steps that made every key cost at least
    40 ms of waiting, four tenths of the UI tests' wall time; the rule (a twentieth) is kept, only the step shrinks.
    """
    textual._wait.SLEEP_GRANULARITY = IDLE_STEP
    textual._wait.SLEEP_IDLE = IDLE_STEP / 20
