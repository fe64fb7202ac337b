"""Keyring backends for tests: one that works in memory, and one for each way a real one fails."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A working keyring that forgets everything when the test ends."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("not stored")


class LockedKeyring(MemoryKeyring):
    """What the Secret Service backend raises when the collection stays locked."""

    def _refuse(self, *args: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")

    get_password = set_password = delete_password = _refuse  # type: ignore[assignment]


class BrokenKeyring(MemoryKeyring):
    """A backend whose D-Bus connection fails in the middle of a call."""

    def _break(self, *args: str) -> None:
        raise ConnectionError("org.freedesktop.DBus.Error.NoReply: did not receive a reply")

    get_password = set_password = delete_password = _break  # type: ignore[assignment]


class HangingKeyring(MemoryKeyring):
    """A backend that waits forever, as a locked keyring behind an unseen password prompt does."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def _hang(self, *args: str) -> None:
        self.release.wait(60)

    get_password = set_password = delete_password = _hang  # type: ignore[assignment]


class PlaintextKeyring(MemoryKeyring):
    """Stands for keyrings.alt's file backend, which must never receive the key."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


@contextmanager
def installed(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        if isinstance(backend, HangingKeyring):
            backend.release.set()
        keyring.set_keyring(previous)
