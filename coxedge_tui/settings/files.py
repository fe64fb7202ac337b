"""Writing the files coxedge-tui owns: in one step, with their mode from the first byte, and locked when shared.

Plain Python (no pydantic, httpx or Textual): the saved list is written through it before the API layer loads.
Config, key files, saved lists and exports all go through `write_atomic`; the config's read-modify-write
also holds `locked`, so two running instances never lose each other's changes.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

PRIVATE = 0o600
LOCK_WAIT = 2.0  # seconds; another instance holds it only while it rewrites one small file (ms)
LOCK_POLL = 0.01


class LockTimeout(OSError):
    """Another process kept the file locked for longer than we wait."""


def write_atomic(path: Path, data: bytes, *, mode: int = PRIVATE) -> None:
    """Replace `path` with `data` or leave it as it was: a unique file beside it, synced, then renamed over it.

    The mode is set before any byte is written, so a secret is never readable by others, not even for a moment.
    Raises OSError; the old file is then untouched and no temporary file is left behind.
    """
    name = path.with_name(f".{path.name}.{os.urandom(8).hex()}.tmp")  # unique: no tempfile, 15 ms to import
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(name, flags, mode & PRIVATE)
    try:
        with os.fdopen(descriptor, "wb") as out:
            if hasattr(os, "fchmod"):  # not on Windows before Python 3.13, where modes mean little anyway
                os.fchmod(out.fileno(), mode)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    _sync_directory(path.parent)


def reason(exc: OSError) -> str:
    """Why a write failed, as the end of "Cannot write PATH: ..."."""
    return "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc)).lower()


def _sync_directory(folder: Path) -> None:
    """Make the rename itself durable; not every system can open a directory, and then it is skipped."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold an advisory lock (a sibling `.NAME.lock`) around a read-modify-write of `path`.

    Where fcntl is missing (Windows) or the file system refuses locks, it goes on unlocked, as before.
    Raises LockTimeout when another process holds the lock for more than `wait` seconds (LOCK_WAIT by default).
    """
    wait = LOCK_WAIT if wait is None else wait
    try:
        import fcntl
    except ImportError:
        yield
        return
    descriptor = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, PRIVATE)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(f"another program has held its lock for {wait:g} s; try again") from None
                time.sleep(LOCK_POLL)
            except OSError:
                break  # no locks on this file system (some network mounts): write as before
        yield
    finally:
        os.close(descriptor)  # closing releases the lock
