"""Where the API key comes from: the order of the sources, and every way the keyring can fail."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from keyring.backends import fail
from keyring_fakes import BrokenKeyring, HangingKeyring, LockedKeyring, MemoryKeyring, PlaintextKeyring, installed

from coxedge_tui.settings.credentials import (
    KEYRING_SERVICE,
    ApiKey,
    KeyFileError,
    KeyringUnavailable,
    find_api_key,
    keyring_delete,
    keyring_get,
    keyring_set,
    keyring_status,
    write_key_file,
)

SECRET = "cx-live-4f9a8e7d6c5b4a39"


def key_file(tmp_path: Path, name: str, value: str) -> str:
    path = tmp_path / name
    path.write_text(value + "\n")
    path.chmod(0o600)
    return str(path)


def test_each_source_wins_over_every_later_one(tmp_path: Path) -> None:
    memory = MemoryKeyring()
    memory.set_password(KEYRING_SERVICE, "default", "from-keyring-0000")
    env = {"COX_API_KEY": "from-env-00000000", "COX_API_KEY_FILE": key_file(tmp_path, "env.key", "from-env-file-000")}
    flag_file = key_file(tmp_path, "flag.key", "from-flag-file-00")
    profile_file = key_file(tmp_path, "profile.key", "from-profile-000")
    with installed(memory):
        steps = [
            (dict(env), flag_file, "from-flag-file-00", "--api-key-file"),
            (dict(env), None, "from-env-00000000", "COX_API_KEY"),
            ({"COX_API_KEY_FILE": env["COX_API_KEY_FILE"]}, None, "from-env-file-000", "COX_API_KEY_FILE"),
            ({}, None, "from-profile-000", "api_key_file of profile default"),
        ]
        for environ, flag, expected, source in steps:
            lookup = find_api_key(environ, key_file=flag, profile_key_file=profile_file)
            assert lookup.key is not None
            assert (lookup.key.value, lookup.key.source.split(" (")[0]) == (expected, source)
        lookup = find_api_key({}, key_file=None, profile_key_file=None)
    assert lookup.key == ApiKey("from-keyring-0000", "keyring (coxedge-tui/default)")


def test_the_keyring_entry_is_per_profile() -> None:
    memory = MemoryKeyring()
    memory.set_password(KEYRING_SERVICE, "work", "work-key-00000000")
    with installed(memory):
        assert find_api_key({}, profile="default").key is None
        work = find_api_key({}, profile="work").key
    assert work is not None and work.value == "work-key-00000000"


def test_standard_input_is_read_for_a_dash() -> None:
    lookup = find_api_key({}, key_file="-", stdin_reader=lambda: f"\n  {SECRET}  \n")
    assert lookup.key == ApiKey(SECRET, "--api-key-file (standard input)")


def test_a_named_key_file_that_is_missing_or_empty_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="does not exist"):
        find_api_key({"COX_API_KEY_FILE": str(tmp_path / "absent.key")})
    with pytest.raises(KeyFileError, match="is empty"):
        find_api_key({}, key_file=key_file(tmp_path, "empty.key", "  "))


def test_a_key_file_readable_by_others_is_flagged(tmp_path: Path) -> None:
    path = key_file(tmp_path, "open.key", SECRET)
    os.chmod(path, 0o644)
    lookup = find_api_key({}, key_file=path)
    assert lookup.key is not None
    assert any("chmod 600" in problem for problem in lookup.problems)


@pytest.mark.parametrize(
    ("backend", "reason"),
    [
        (fail.Keyring(), "no keyring backend"),
        (PlaintextKeyring(), "stores secrets in a file"),
        (LockedKeyring(), "KeyringLocked: Failed to unlock"),
        (BrokenKeyring(), "ConnectionError: org.freedesktop.DBus.Error.NoReply"),
    ],
    ids=["no backend", "plaintext backend", "locked", "raises"],
)
def test_an_unusable_keyring_is_reported_and_the_lookup_moves_on(backend: object, reason: str) -> None:
    with installed(backend):  # type: ignore[arg-type]
        lookup = find_api_key({})
        status = keyring_status()
        with pytest.raises(KeyringUnavailable, match=reason):
            keyring_set("default", SECRET)
    assert lookup.key is None
    assert lookup.problems == (lookup.problems[0],)
    assert lookup.problems[0].startswith("keyring unavailable: ")
    assert reason in lookup.problems[0]
    if isinstance(backend, fail.Keyring | PlaintextKeyring):
        assert status is not None and reason in status  # refused before any secret is touched
    assert "the OS keyring (coxedge-tui/default)" in lookup.explain()
    if isinstance(backend, PlaintextKeyring):
        assert backend.entries == {}


def test_a_keyring_that_hangs_is_abandoned_after_the_timeout() -> None:
    with installed(HangingKeyring()):
        started = time.monotonic()
        with pytest.raises(KeyringUnavailable, match=r"did not answer within 0.2 s"):
            keyring_get("default", timeout=0.2)
        elapsed = time.monotonic() - started
        lookup = find_api_key({}, keyring_reader=lambda profile: keyring_get(profile, timeout=0.2))
    assert elapsed < 2
    assert lookup.key is None
    assert "did not answer" in lookup.problems[0]


def test_store_read_and_delete_through_a_working_keyring() -> None:
    memory = MemoryKeyring()
    with installed(memory):
        keyring_set("default", SECRET)
        stored = keyring_get("default")
        assert keyring_delete("default") is True
        assert keyring_delete("default") is False
        after = keyring_get("default")
    assert stored == SECRET
    assert after is None
    assert memory.entries == {}


def test_a_saved_key_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "config" / "keys" / "default.key"
    write_key_file(path, SECRET)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert find_api_key({}, key_file=str(path)).key == ApiKey(SECRET, f"--api-key-file ({path})")


def test_the_key_never_shows_in_repr_or_its_masked_form() -> None:
    key = ApiKey(SECRET, "COX_API_KEY")
    assert SECRET not in repr(key)
    assert key.masked() == "…4a39"
    assert key.scrub(f"the server said {SECRET} is wrong") == "the server said …4a39 is wrong"
    assert ApiKey("short", "x").masked() == "…"
