"""Run inside a private D-Bus session with gnome-keyring: drive the app's keyring code and CLI, report as JSON.

Used by test_keyring_secret_service.py; the secret comes in the COX_TEST_SECRET variable, never as an argument.
Exit status 77 means no Secret Service could be reached (the test then skips, saying why).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from coxedge_tui.settings.credentials import (
    KeyringUnavailable,
    find_api_key,
    keyring_delete,
    keyring_get,
    keyring_set,
    usable_backend,
)
from coxedge_tui.sim import Simulator
from coxedge_tui.sim.server import SimulatorServer

PROFILE = "integration"


def cli(*argv: str, stdin: str = "", env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "coxedge_tui", *argv], input=stdin, capture_output=True, text=True, env=env, timeout=60
    )
    return {"argv": list(argv), "code": done.returncode, "out": done.stdout, "err": done.stderr}


def process_arguments() -> str:
    """Every process argument on the machine that this user can read, joined."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            found.append(cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    return "\n".join(found)


def main() -> int:
    secret = os.environ.pop("COX_TEST_SECRET")
    report: dict[str, Any] = {}
    try:
        report["backend"] = type(usable_backend()).__module__
        keyring_get(PROFILE)
    except KeyringUnavailable as exc:
        print(str(exc), file=sys.stderr)
        return 77
    keyring_set(PROFILE, secret)
    lookup = find_api_key({}, profile=PROFILE)
    report["stored_then_found"] = [lookup.key.value == secret, lookup.key.source] if lookup.key else None
    report["secret_in_process_arguments"] = secret in process_arguments()
    report["deleted"] = keyring_delete(PROFILE)
    report["after_delete"] = keyring_get(PROFILE)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COX_")}
    (Path.cwd() / "config.toml").write_text(f"[profiles.{PROFILE}]\n")  # a profile is used only when it exists
    with SimulatorServer(Simulator(images=5, api_key=secret)) as server:
        env.update(COX_API_URL=server.url, COX_PROFILE=PROFILE, COX_CONFIG=str(Path.cwd() / "config.toml"))
        report["runs"] = [
            cli("login", stdin=secret + "\n", env=env),
            cli("status", env=env),
            cli("logout", env=env),
            cli("status", env=env),
        ]
    report["after_logout"] = keyring_get(PROFILE)
    report["secret_in_any_output"] = any(secret in run["out"] + run["err"] for run in report["runs"])
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
