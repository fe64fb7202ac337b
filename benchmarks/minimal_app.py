"""The cold-start floor: a minimal Textual app with the same widgets (header, table, footer).

Run as a script by the cold-start benchmark; it shows 40 rows like the demo's first screen and,
with COX_BENCH_EXIT_AFTER_FIRST_PAINT set, exits as soon as the frame with its rows is written,
detected exactly as the app detects its own (coxedge_tui/ui/first_paint.py).

With `--with-api-stack` it first imports httpx and pydantic and defines one model, as any app
that loaded its API layer before its first frame would: the benchmark reports that floor too.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

ENV_VAR = "COX_BENCH_EXIT_AFTER_FIRST_PAINT"


class ProbedTable(DataTable[str]):
    """A DataTable that notes when it first renders rows, as the app's list does."""

    armed = True

    def render_lines(self, crop):  # type: ignore[no-untyped-def]
        lines = super().render_lines(crop)
        target = os.environ.get(ENV_VAR)
        if target and self.armed and self.row_count:
            self.armed = False
            asyncio.get_running_loop().call_soon(self._painted, target)
        return lines

    def _painted(self, target: str) -> None:
        if target != "1":
            with open(target, "w", encoding="utf-8") as out:
                out.write(repr(time.time()))
        self.app.exit()


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield ProbedTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Family", "Tag", "Status", "Created", "Reference")
        table.add_rows(
            (f"family-{n % 7}", f"v2024.01.{n:02d}", "READY", f"2024-01-{n % 28 + 1:02d} 12:00", f"acme/family-{n}:v1")
            for n in range(40)
        )


def load_api_stack() -> None:
    import httpx  # noqa: F401
    from pydantic import BaseModel

    class Image(BaseModel):
        id: str
        family: str | None = None

    Image.model_validate({"id": "a"})


if __name__ == "__main__":
    if "--with-api-stack" in sys.argv[1:]:
        load_api_stack()
    MinimalApp().run()
