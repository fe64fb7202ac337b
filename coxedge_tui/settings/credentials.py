"""Where the API key comes from and goes to. The key is never printed, logged or put in argv.

Lookup order, first found wins: --api-key-file, COX_API_KEY, COX_API_KEY_FILE, the profile's
api_key_file, then the OS keyring (service `coxedge-tui`, one entry per profile).
"""

from __future__ import annotations

import os
import stat
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from ..api import key_mask
from .config import Settings, save_profile_setting
from .table import DEFAULT_PROFILE

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

KEYRING_SERVICE = "coxedge-tui"
KEYRING_TIMEOUT = 4.0
STDIN = "-"
KEY_FILE_MAX_BYTES = 4096  # a key is well under 200 bytes; anything larger is the wrong file

T = TypeVar("T")


@dataclass(frozen=True)
class ApiKey:
    value: str = field(repr=False)
    source: str

    def __post_init__(self) -> None:
        # Known from the moment it is read or typed, before it is sent: server text repeating it is masked.
        key_mask.remember(self.value)

    def masked(self) -> str:
        """Enough to recognise a key, never enough to use it."""
        return key_mask.masked(self.value)

    def scrub(self, text: str) -> str:
        """The text with any copy of this key (or another the process knows) replaced by its masked form."""
        return key_mask.mask(text.replace(self.value, self.masked()) if self.value else text)


class KeyFileError(ValueError):
    """A key file that was named on purpose cannot be used."""


class KeyringUnavailable(Exception):
    """No usable keyring: absent, refused (plaintext), locked, broken or too slow."""

    def __str__(self) -> str:
        return f"keyring unavailable: {super().__str__()}"


@dataclass(frozen=True)
class KeyLookup:
    key: ApiKey | None
    looked_in: tuple[str, ...]
    problems: tuple[str, ...] = ()

    def explain(self) -> str:
        lines = ["No Cox Edge API key was found. Looked in: " + ", ".join(self.looked_in) + "."]
        lines += [f"  {p}" for p in self.problems]
        lines.append("Store a key in the keyring with `coxedge-tui login`, or set COX_API_KEY / COX_API_KEY_FILE.")
        return "\n".join(lines)


def _backend_refusal(backend: object) -> str | None:
    """Why a keyring backend must not hold the key, or None when it may."""
    from keyring.backends import chainer, fail

    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(backend, chainer.ChainerBackend):
        inner = list(backend.backends)
        if not inner:
            return "no keyring backend is installed or reachable"
        reasons = [_backend_refusal(b) for b in inner]
        return next((r for r in reasons if r), None)
    if isinstance(backend, fail.Keyring) or name == "keyring.backends.null.Keyring":
        return "no keyring backend is installed or reachable (no Secret Service / D-Bus session?)"
    lowered = name.lower()
    if lowered.startswith("keyrings.alt") or "plaintext" in lowered or ".file." in lowered:
        return f"{type(backend).__name__} stores secrets in a file; refusing it"
    return None


def usable_backend() -> KeyringBackend:
    """The backend the keyring library recommends, unless it is the fail or a plaintext one."""
    import keyring

    backend = keyring.get_keyring()
    reason = _backend_refusal(backend)
    if reason:
        raise KeyringUnavailable(reason)
    return backend


def call_with_timeout(fn: Callable[[], T], timeout: float) -> T:
    """Run a keyring call in a daemon thread so a locked keyring cannot freeze us.

    Every failure comes back as KeyringUnavailable with a reason a person can act on.
    """
    values: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            values.append(fn())
        except BaseException as exc:  # keyring backends raise anything, D-Bus errors included
            errors.append(exc)

    thread = threading.Thread(target=run, name="keyring", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise KeyringUnavailable(f"it did not answer within {timeout:g} s (locked, or waiting for a password prompt?)")
    error = errors[0] if errors else None
    if isinstance(error, KeyringUnavailable):
        raise error
    if isinstance(error, BaseException):
        detail = str(error).strip() or "no details"
        raise KeyringUnavailable(f"{type(error).__name__}: {detail}")
    return values[0]


def keyring_get(profile: str = DEFAULT_PROFILE, timeout: float = KEYRING_TIMEOUT) -> str | None:
    def read() -> str | None:
        backend = usable_backend()
        return backend.get_password(KEYRING_SERVICE, profile)

    return call_with_timeout(read, timeout)


def keyring_set(profile: str, value: str, timeout: float = KEYRING_TIMEOUT) -> None:
    def write() -> None:
        usable_backend().set_password(KEYRING_SERVICE, profile, value)

    call_with_timeout(write, timeout)


def keyring_delete(profile: str, timeout: float = KEYRING_TIMEOUT) -> bool:
    """Remove the profile's key; False when none was stored."""

    def delete() -> bool:
        from keyring.errors import PasswordDeleteError

        backend = usable_backend()
        if backend.get_password(KEYRING_SERVICE, profile) is None:
            return False
        try:
            backend.delete_password(KEYRING_SERVICE, profile)
        except PasswordDeleteError:
            return False
        return True

    return call_with_timeout(delete, timeout)


def keyring_status(timeout: float = KEYRING_TIMEOUT) -> str | None:
    """None when a usable keyring is there, else why not (without touching any secret)."""
    try:
        call_with_timeout(usable_backend, timeout)
    except KeyringUnavailable as exc:
        return str(exc)
    return None


def read_key_file(path: str, *, stdin_reader: Callable[[], str] | None = None) -> str:
    """The key in a file (first non-blank line), or standard input for '-'; at most KEY_FILE_MAX_BYTES are read."""
    if path == STDIN:
        text = (stdin_reader or (lambda: sys.stdin.read(KEY_FILE_MAX_BYTES + 1)))()
        where = "standard input"
        if len(text.encode("utf-8", "replace")) > KEY_FILE_MAX_BYTES:
            raise KeyFileError(_too_large(where))
    else:
        where = _shown_path(path)
        text = _read_capped(path, where)
    value = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not value:
        raise KeyFileError(f"The API key file {where} is empty.")
    return value


def _read_capped(path: str, where: str) -> str:
    """The file's text, read no further than the cap: /dev/zero or a disk image must not fill the memory."""
    try:
        with _open_no_wait(Path(path).expanduser()) as file:
            data = file.read(KEY_FILE_MAX_BYTES + 1)
    except FileNotFoundError:
        raise KeyFileError(f"The API key file {where} does not exist.") from None
    except OSError as exc:
        raise KeyFileError(f"Cannot read the API key file {where}: {exc.strerror or type(exc).__name__}.") from None
    if len(data) > KEY_FILE_MAX_BYTES:
        raise KeyFileError(_too_large(where))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = "\0"
    if "\0" in text:
        raise KeyFileError(f"The API key file {where} is not text (binary or not UTF-8); it must hold only the key.")
    return text


def _open_no_wait(path: Path) -> BinaryIO:
    """Open for reading without waiting for a writer: a named pipe nobody writes to reads as empty, not forever.

    `<(pass show cox)` still works: its writer is there, and reads then wait for its bytes as usual.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if hasattr(os, "set_blocking"):
        os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb")


def _too_large(where: str) -> str:
    return (
        f"The API key file {where} holds more than {KEY_FILE_MAX_BYTES // 1024} KiB, so it is not a key file; "
        "point --api-key-file or COX_API_KEY_FILE at a file that holds only the key."
    )


def _shown_path(path: str) -> str:
    """The path for messages, unless it looks like a key typed where the path belongs."""
    looks_like_a_path = os.sep in path or "." in path or path.startswith("~") or len(path) < 16
    return path if looks_like_a_path else "you named (not repeated: it looks like a key, not a path)"


def key_file_warning(path: str) -> str | None:
    """A warning when a key file can be read by other users."""
    try:
        mode = Path(path).expanduser().stat().st_mode
    except OSError:
        return None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        return f"{path} can be read by other users (mode {mode & 0o777:o}); run: chmod 600 {path}"
    return None


def _from_file(path: str, label: str, looked: list[str], stdin_reader: Callable[[], str] | None) -> KeyLookup:
    value = read_key_file(path, stdin_reader=stdin_reader)
    if path == STDIN:
        return KeyLookup(ApiKey(value, f"{label} (standard input)"), tuple(looked))
    warning = key_file_warning(path)
    return KeyLookup(ApiKey(value, f"{label} ({path})"), tuple(looked), (warning,) if warning else ())


def find_api_key(
    environ: Mapping[str, str] | None = None,
    *,
    profile: str = DEFAULT_PROFILE,
    key_file: str | None = None,
    profile_key_file: str | None = None,
    keyring_reader: Callable[[str], str | None] = keyring_get,
    stdin_reader: Callable[[], str] | None = None,
) -> KeyLookup:
    """Look in every source in order; a key file that was named but fails raises KeyFileError."""
    env = os.environ if environ is None else environ
    looked: list[str] = []
    if key_file:
        return _from_file(key_file, "--api-key-file", ["--api-key-file"], stdin_reader)
    looked.append("COX_API_KEY")
    value = env.get("COX_API_KEY", "").strip()
    if value:
        return KeyLookup(ApiKey(value, "COX_API_KEY"), tuple(looked))
    looked.append("COX_API_KEY_FILE")
    env_file = env.get("COX_API_KEY_FILE", "").strip()
    if env_file:
        return _from_file(env_file, "COX_API_KEY_FILE", looked, stdin_reader)
    if profile_key_file:
        label = f"api_key_file of profile {profile}"
        return _from_file(profile_key_file, label, [*looked, label], stdin_reader)
    looked.append(f"the OS keyring ({KEYRING_SERVICE}/{profile})")
    try:
        stored = keyring_reader(profile)
    except KeyringUnavailable as exc:
        return KeyLookup(None, tuple(looked), (str(exc),))
    except Exception as exc:  # a reader injected by a caller may raise anything
        return KeyLookup(None, tuple(looked), (f"keyring unavailable: {type(exc).__name__}: {exc}",))
    if stored and stored.strip():
        return KeyLookup(ApiKey(stored.strip(), f"keyring ({KEYRING_SERVICE}/{profile})"), tuple(looked))
    return KeyLookup(None, tuple(looked))


def key_file_path(config_path: Path, profile: str) -> Path:
    """Where the login screen writes a key file, on the user's explicit request only."""
    return config_path.parent / "keys" / f"{profile}.key"


def write_key_file(path: Path, value: str) -> None:
    """Write the key readable by the owner only (0600), in a 0700 directory; in one step, never half a key."""
    from .files import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomic(path, (value + "\n").encode("utf-8"))


def forget_saved_key_file(settings: Settings) -> str | None:
    """Delete the key file coxedge-tui wrote for this profile and drop it from the profile.

    A key file the user named by hand is left alone; the returned note says what happened.
    """
    if not settings.api_key_file or settings.config_path is None:
        return None
    ours = key_file_path(settings.config_path, settings.profile)
    if Path(settings.api_key_file).expanduser() != ours:
        return f"The profile still reads a key from {settings.api_key_file} (api_key_file); remove that line to stop."
    ours.unlink(missing_ok=True)
    save_profile_setting(settings.config_path, settings.profile, "api_key_file", None)
    return f"Deleted the key file {ours} and removed it from profile {settings.profile}."
