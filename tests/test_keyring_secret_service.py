"""Against a real Secret Service: gnome-keyring in a private D-Bus session, the user's own keyring untouched."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HELPER = Path(__file__).with_name("secret_service_session.py")
NEEDED = ("dbus-run-session", "gnome-keyring-daemon")
SKIPPED_EXIT = 77


def run_in_private_session(tmp_path: Path, secret: str) -> subprocess.CompletedProcess[str]:
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"no Secret Service to test against: {', '.join(missing)} not installed (.ci/run installs them)")
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(tmp_path / "run"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
        "COX_TEST_SECRET": secret,
    }
    (tmp_path / "run").mkdir(mode=0o700)
    # The unlock password is the keyring's own (a throwaway keyring in a temporary HOME), not the API key.
    script = (
        "printf throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || exit 77; "
        f'exec "{sys.executable}" "{HELPER}"'
    )
    return subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=240,
    )


def test_login_status_logout_store_read_and_delete_the_key_in_gnome_keyring(tmp_path: Path) -> None:
    secret = "cx-it-" + secrets.token_hex(12)
    done = run_in_private_session(tmp_path, secret)
    if done.returncode == SKIPPED_EXIT:
        pytest.skip(f"no Secret Service could be started here: {done.stderr.strip()[-300:] or 'no details'}")
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["backend"] == "keyring.backends.SecretService"
    assert report["stored_then_found"] == [True, "keyring (coxedge-tui/integration)"]
    assert report["deleted"] is True and report["after_delete"] is None
    login, status, logout, status_after = report["runs"]
    assert login["code"] == 0 and "Stored in the OS keyring as coxedge-tui/integration." in login["out"]
    assert status["code"] == 0 and "keyring (coxedge-tui/integration)" in status["out"] and "works:" in status["out"]
    assert logout["code"] == 0 and "Removed the API key of profile integration" in logout["out"]
    assert status_after["code"] == 4 and "none found" in status_after["out"]
    assert report["after_logout"] is None
    assert report["secret_in_any_output"] is False
    assert report["secret_in_process_arguments"] is False
    assert secret not in done.stdout + done.stderr
