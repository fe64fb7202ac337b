"""`/`: the query typed into the filter box, and what is wrong with it (or what it waits for) beside it.

A malformed query leaves the list showing the last good result; the line under the box says what is wrong
and where, until the query is fixed or cleared. Kept apart from browse.py so the screen stays about browsing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from ...api.errors import CoxEdgeError
from ...core.query import QueryError
from ...core.usage_index import EVERYWHERE_USAGE, UsageIndex
from ..text import literal

if TYPE_CHECKING:
    from .browse import BrowseScreen

PLACEHOLDER = "Filter: web family:web !status:ready age>30d used:no · Enter keeps · Esc clears · ? on the list explains"


class FilterProblem(Static):
    """The line beside the filter box: why the query is not applied, or what it waits for."""

    DEFAULT_CSS = """
    FilterProblem { display: none; height: 1; padding: 0 1; background: $boost; }
    FilterProblem.shown { display: block; }
    FilterProblem.error { color: $text-error; text-style: bold; }
    FilterProblem.note { color: $text-muted; text-style: italic; }
    """

    _said: tuple[str, bool] | None = None

    def say(self, text: str, *, error: bool = False) -> None:
        if self._said == (text, error):  # most keystrokes leave the line as it was: nothing to lay out or draw
            return
        self._said = (text, error)
        self.update(literal(text))  # it quotes what was typed: data, never markup
        self.set_class(bool(text), "shown")
        self.set_class(error, "error")
        self.set_class(not error, "note")


class FilterQuery:
    """Applies the filter box's query to the list, and keeps the line beside it up to date."""

    def __init__(self, screen: BrowseScreen) -> None:
        self.screen = screen
        self.error = ""  # why the query typed last is not applied

    @property
    def problem(self) -> FilterProblem:
        return self.screen.query_one(FilterProblem)

    def changed(self, text: str) -> None:
        table = self.screen.image_table
        try:
            table.set_filter(text)
        except QueryError as exc:
            self.error = str(exc)
            self.problem.say(self.error, error=True)
            return
        self.error = ""
        self.shown()

    def shown(self) -> None:
        """The query applied (typed, or the list or its usage refreshed): the list's counts and the note follow."""
        screen = self.screen
        self.problem.say(screen.image_table.filter_note)
        screen.families.listed()
        screen.status_bar.update_state(shown=len(screen.image_table.view))

    def usage_known(self, usage: UsageIndex | None) -> None:
        """The workloads of this refresh (None: forgotten), for `used:`."""
        table = self.screen.image_table
        if self.screen.everywhere:  # one environment's workloads say nothing of the other environments' rows
            usage = UsageIndex(error=CoxEdgeError(EVERYWHERE_USAGE))
        table.set_usage(usage)
        if not self.error and "used" in table.filter_query.fields:
            self.shown()

    def session_changed(self) -> None:
        """Another environment or account: its own name for `env:`, and no usage known yet."""
        self.screen.image_table.set_environments(self.screen.row_environments())
        self.usage_known(None)
