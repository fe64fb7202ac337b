"""Running a command of the user's on an image: its argv, its environment (no API key), its output and exit code.

No shell ever runs: the argv goes to the program as it is, each placeholder replaced inside its own argument.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Mapping
from dataclasses import dataclass

from ..settings.keymap import PLACEHOLDER, CustomCommand

OUTPUT_CAP = 64 * 1024  # bytes of output kept; the rest is read and dropped so the program never blocks
READ_SIZE = 8192
STOP_WAIT = 5.0  # seconds to wait for a stopped program's end
KEY_VARIABLES = ("COX_API_KEY", "COX_API_KEY_FILE")
KEY_LIKE = ("KEY", "TOKEN", "SECRET", "PASSW", "CREDENTIAL", "AUTH")  # COX_* names that may carry one


@dataclass(frozen=True)
class ImageFacts:
    """What the placeholders stand for."""

    id: str
    reference: str
    family: str
    tag: str
    environment: str

    def values(self) -> dict[str, str]:
        return {
            "id": self.id,
            "reference": self.reference,
            "family": self.family,
            "tag": self.tag,
            "environment": self.environment,
        }


def argv_for(command: CustomCommand, image: ImageFacts) -> list[str]:
    """Each placeholder replaced in one pass, so an image's text is never read as another placeholder."""
    values = image.values()
    return [PLACEHOLDER.sub(lambda found: values[found.group(1)], word) for word in command.run]


def child_environment(environ: Mapping[str, str], api_key: str | None) -> dict[str, str]:
    """The app's environment without the API key: its variables, key-like COX_* ones, and any value holding it."""
    kept = {}
    for name, value in environ.items():
        upper = name.upper()
        if upper in KEY_VARIABLES or (upper.startswith("COX_") and any(part in upper for part in KEY_LIKE)):
            continue
        if api_key and api_key in value:
            continue
        kept[name] = value
    return kept


@dataclass(frozen=True)
class CommandResult:
    argv: tuple[str, ...]
    output: str  # stdout and stderr as the program wrote them, interleaved, decoded, at most OUTPUT_CAP bytes
    exit_code: int | None  # None: it did not start, or was stopped
    seconds: float
    truncated: bool = False
    timed_out: bool = False
    error: str = ""  # why it could not start

    @property
    def summary(self) -> str:
        """One line on how it ended."""
        if self.error:
            return self.error
        if self.timed_out:
            return f"Stopped after {self.seconds:.0f} s: it took longer than its timeout."
        return f"Exit code {self.exit_code} after {self.seconds:.1f} s."


async def run(argv: list[str], env: Mapping[str, str], timeout: float, cap: int = OUTPUT_CAP) -> CommandResult:
    """Run `argv` with stdin closed and output captured; stopped (with its children) at the timeout or when
    the caller is cancelled."""
    started = time.monotonic()
    try:
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            env=dict(env),
            start_new_session=True,  # its own process group, so a stop reaches what it started
        )
    except OSError as exc:
        reason = "no such program" if isinstance(exc, FileNotFoundError) else exc.strerror or str(exc)
        return CommandResult(tuple(argv), "", None, 0.0, error=f"Could not run {argv[0]!r}: {reason}.")
    kept = bytearray()
    dropped = False

    async def read_all() -> None:
        nonlocal dropped
        assert process.stdout is not None
        while chunk := await process.stdout.read(READ_SIZE):
            room = cap - len(kept)
            kept.extend(chunk[: max(room, 0)])
            dropped = dropped or len(chunk) > room
        await process.wait()

    timed_out = False
    try:
        await asyncio.wait_for(read_all(), timeout)
    except TimeoutError:
        timed_out = True
        await _stop(process)
    except asyncio.CancelledError:
        await _stop(process)
        raise
    return CommandResult(
        tuple(argv),
        kept.decode("utf-8", errors="replace"),
        None if timed_out else process.returncode,
        time.monotonic() - started,
        truncated=dropped,
        timed_out=timed_out,
    )


async def _stop(process: asyncio.subprocess.Process) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows has no process groups of this kind
            process.kill()
    except ProcessLookupError:
        pass
    try:  # a program that left its group may still hold the output open: it is not waited for
        await asyncio.wait_for(process.wait(), STOP_WAIT)
    except TimeoutError:
        pass
