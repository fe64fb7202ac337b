"""The files coxedge-tui writes: in one step, owner-only, and no change lost between two running instances."""

from __future__ import annotations

import fcntl
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coxedge_tui.settings import files
from coxedge_tui.settings.config import ConfigError, read_config, save_profile_setting
from coxedge_tui.settings.credentials import write_key_file
from coxedge_tui.settings.files import write_atomic

SAVES = 40  # each save parses the whole file (tomlkit keeps its comments): 80 profiles stay quick

SAVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from coxedge_tui.settings.config import save_profile_setting

    path, who, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    print("ready", flush=True)
    sys.stdin.readline()  # both instances start saving at the same moment
    for n in range(count):
        save_profile_setting(path, f"{who}{n}", "environment", f"{who}-env-{n}")
    """
)


def test_two_instances_saving_settings_at_once_lose_none_of_the_others_changes(tmp_path: Path) -> None:
    """Each save adds a profile of its own: a change lost to the other instance's rewrite would be missing."""
    path = tmp_path / "config.toml"
    instances = [
        subprocess.Popen(
            [sys.executable, "-c", SAVER, str(path), who, str(SAVES)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("a", "b")
    ]
    for instance in instances:
        assert instance.stdout is not None and instance.stdout.readline() == "ready\n"
    for instance in instances:
        assert instance.stdin is not None
        instance.stdin.write("go\n")
        instance.stdin.flush()
    for instance in instances:
        _, err = instance.communicate(timeout=120)
        assert instance.returncode == 0, err[-2000:]
    profiles = read_config(path)["profiles"]
    lost = [
        f"{who}{n}"
        for who in ("a", "b")
        for n in range(SAVES)
        if profiles.get(f"{who}{n}", {}).get("environment") != f"{who}-env-{n}"
    ]
    assert lost == []
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_a_config_held_locked_too_long_is_not_written_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    save_profile_setting(path, "default", "environment", "production")
    before = path.read_bytes()
    monkeypatch.setattr(files, "LOCK_WAIT", 0.0)
    with open(files.lock_path(path), "w") as other:  # another instance in the middle of its save
        fcntl.flock(other, fcntl.LOCK_EX)
        with pytest.raises(ConfigError, match="another program has held its lock for 0 s; try again"):
            save_profile_setting(path, "default", "environment", "staging")
    assert path.read_bytes() == before
    save_profile_setting(path, "default", "environment", "staging")  # released: it goes through
    assert read_config(path)["profiles"]["default"]["environment"] == "staging"


def test_without_fcntl_the_config_is_still_saved_unlocked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fcntl", None)  # as on Windows: `import fcntl` fails
    path = tmp_path / "config.toml"
    save_profile_setting(path, "default", "environment", "production")
    assert read_config(path)["profiles"]["default"]["environment"] == "production"
    assert not files.lock_path(path).exists()


def test_a_new_config_is_the_owners_alone_and_an_existing_one_keeps_its_mode(tmp_path: Path) -> None:
    new, existing = tmp_path / "new" / "config.toml", tmp_path / "config.toml"
    save_profile_setting(new, "default", "theme", "nord")
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    existing.write_text("[profiles.default]\n")
    existing.chmod(0o644)  # the user's choice: the file holds no secret
    save_profile_setting(existing, "default", "theme", "nord")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o644


def test_the_mode_is_the_one_asked_for_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        write_atomic(tmp_path / "secret", b"x")
        write_atomic(tmp_path / "shared", b"x", mode=0o644)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "secret").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "shared").stat().st_mode) == 0o644


# Each writer rewrites a small existing file with more than the file-size limit allows (a full disk, a quota).
WRITER = textwrap.dedent(
    """
    import resource, signal, sys
    from datetime import UTC, datetime
    from pathlib import Path

    from coxedge_tui.api.models import Image
    from coxedge_tui.settings.config import save_profile_setting
    from coxedge_tui.settings.credentials import write_key_file
    from coxedge_tui.core.list_cache import ListCache, View
    from coxedge_tui.ui.export import write_export

    which, folder = sys.argv[1], Path(sys.argv[2])
    big = "x" * 4096
    image = Image.model_validate({"id": "s/web/v1", "family": "web", "tag": "v1", "description": big})
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
    try:
        if which == "config":
            save_profile_setting(folder / "config.toml", "default", "environment", big)
        elif which == "key file":
            write_key_file(folder / "default.key", big)
        elif which == "export":
            write_export(folder / "images.json", [image], replace=True)
        else:
            ListCache(folder).save(View("default", "u", "s", None, "e", "cx-key"), [image], datetime.now(UTC))
    except Exception as exc:
        print(type(exc).__name__, exc)
    """
)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="file-size limits are POSIX")
@pytest.mark.parametrize(
    ("which", "name", "said"),
    [
        ("config", "config.toml", "ConfigError Cannot write the config file"),
        ("key file", "default.key", "OSError [Errno 27] File too large"),
        ("export", "images.json", "ExportError Cannot write"),
        ("saved list", None, ""),  # a saved list only saves time: its failure is silent
    ],
)
def test_a_failed_write_leaves_the_old_file_as_it_was(tmp_path: Path, which: str, name: str | None, said: str) -> None:
    from datetime import UTC, datetime

    from coxedge_tui.core.list_cache import CachedImage, ListCache, View

    if name is None:
        view = View("default", "u", "s", None, "e", "cx-key")
        ListCache(tmp_path).save(view, [CachedImage(id="s/old/v0")], datetime.now(UTC))
        name = ListCache(tmp_path).path(view).name
    elif which == "config":
        save_profile_setting(tmp_path / name, "default", "environment", "production")
    elif which == "key file":
        write_key_file(tmp_path / name, "cx-old-key")
    else:
        (tmp_path / name).write_text("[]\n")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if not p.name.endswith(".lock")}
    done = subprocess.run(
        [sys.executable, "-c", WRITER, which, str(tmp_path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith(said) and (said or not done.stdout)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if not p.name.endswith(".lock")}
    assert after == before  # the old content, and no temporary file left beside it
