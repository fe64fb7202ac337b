"""Where the API key comes from: COX_API_KEY, then the OS keyring. Never printed."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

KEYRING_SERVICE = "coxedge-tui"
DEFAULT_PROFILE = "default"
KEYRING_TIMEOUT = 3.0


@dataclass(frozen=True)
class ApiKey:
    value: str = field(repr=False)
    source: str

    def masked(self) -> str:
        """Enough to recognise a key, never enough to use it."""
        return f"…{self.value[-4:]}" if len(self.value) >= 12 else "…"


@dataclass(frozen=True)
class KeyLookup:
    key: ApiKey | None
    looked_in: tuple[str, ...]
    problems: tuple[str, ...] = ()

    def explain(self) -> str:
        lines = ["No Cox Edge API key was found. Looked in: " + ", ".join(self.looked_in) + "."]
        lines += [f"  {p}" for p in self.problems]
        lines.append("Set COX_API_KEY, or store the key in the keyring with:")
        lines.append(f"  python -m keyring set {KEYRING_SERVICE} {DEFAULT_PROFILE}")
        lines.append("Or try the app on its built-in simulator: coxedge-tui --demo")
        return "\n".join(lines)


def _usable_backend() -> object:
    """The recommended keyring backend, refusing the fail and plaintext ones."""
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    name = type(backend).__module__ + "." + type(backend).__name__
    if isinstance(backend, fail.Keyring) or "plaintext" in name.lower() or "file" in name.lower():
        raise RuntimeError(f"no secure keyring backend (found {type(backend).__name__})")
    return backend


def call_with_timeout(fn: Callable[[], str | None], timeout: float) -> str | None:
    """Run a keyring call in a daemon thread so a locked keyring cannot freeze us."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # keyring backends raise anything, D-Bus included
            box["error"] = exc

    thread = threading.Thread(target=run, name="keyring", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError(f"the keyring did not answer within {timeout:.0f} s (locked?)")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")  # type: ignore[return-value]


def keyring_get(profile: str = DEFAULT_PROFILE, timeout: float = KEYRING_TIMEOUT) -> str | None:
    def read() -> str | None:
        backend = _usable_backend()
        return backend.get_password(KEYRING_SERVICE, profile)  # type: ignore[attr-defined, no-any-return]

    return call_with_timeout(read, timeout)


def find_api_key(
    environ: Mapping[str, str] | None = None,
    *,
    profile: str = DEFAULT_PROFILE,
    keyring_reader: Callable[[str], str | None] = keyring_get,
) -> KeyLookup:
    env = os.environ if environ is None else environ
    looked = ["COX_API_KEY"]
    value = env.get("COX_API_KEY", "").strip()
    if value:
        return KeyLookup(ApiKey(value, "COX_API_KEY"), tuple(looked))
    looked.append(f"the OS keyring ({KEYRING_SERVICE}/{profile})")
    try:
        stored = keyring_reader(profile)
    except Exception as exc:
        return KeyLookup(None, tuple(looked), (f"keyring unavailable: {exc}",))
    if stored:
        return KeyLookup(ApiKey(stored.strip(), f"keyring ({profile})"), tuple(looked))
    return KeyLookup(None, tuple(looked))
