"""A profile's own keys and commands: `[profiles.NAME.keymap]` and `[[profiles.NAME.commands]]` in the config file."""

from __future__ import annotations

from pathlib import Path

import pytest

from coxedge_tui.settings.config import ConfigError, resolve
from coxedge_tui.settings.keymap import CustomCommand


def write_config(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return {"COX_CONFIG": str(path)}


def test_the_profile_holds_its_keymap_and_its_commands(tmp_path: Path) -> None:
    environ = write_config(
        tmp_path,
        """
[profiles.ops.keymap]
"browse.refresh" = "f5"
"list.half_down" = "ctrl+n, ctrl+j"

[[profiles.ops.commands]]
key = "v"
name = "Scan"
run = ["scan-image", "--ref", "{reference}", "id={id}"]

[[profiles.ops.commands]]
key = "ctrl+o"
name = "Open"
run = "open-in 'the portal' {environment}"
timeout = 5
""",
    )

    settings = resolve({"profile": "ops"}, environ)

    assert settings.keymap == (("browse.refresh", "f5"), ("list.half_down", "ctrl+n,ctrl+j"))
    assert settings.commands == (
        CustomCommand("v", "Scan", ("scan-image", "--ref", "{reference}", "id={id}")),
        CustomCommand("ctrl+o", "Open", ("open-in", "the portal", "{environment}"), 5.0),
    )


def test_a_profile_without_them_has_none(tmp_path: Path) -> None:
    settings = resolve({}, write_config(tmp_path, "[profiles.default]\n"))

    assert (settings.keymap, settings.commands) == ((), ())


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('keymap = "f5"', "[profiles.default.keymap] must be a table of binding id = keys"),
        ('[profiles.default.keymap]\n"browse.refresh" = 5', "[profiles.default.keymap] 'browse.refresh' must be keys"),
        ('[profiles.default.keymap]\n"browse.refresh" = "f5,"', "'browse.refresh' must be keys such as"),
        ('[profiles.default.keymap]\n"browse.refresh" = "ctrl r"', "not 'ctrl r'"),
        ('commands = "scan"', "[[profiles.default.commands]] must be an array of tables"),
        ('[[profiles.default.commands]]\nkey = "v"\nname = "Scan"', "commands]] #1 ('Scan') has no run"),
        ('[[profiles.default.commands]]\nkey = "v"\nrun = ["x"]', "#1 has no name"),
        ('[[profiles.default.commands]]\nkey = "a,b"\nname = "S"\nrun = ["x"]', "key must be one key"),
        ('[[profiles.default.commands]]\nkey = "v"\nname = "S"\nrun = []', "run must name a program"),
        ('[[profiles.default.commands]]\nkey = "v"\nname = "S"\nrun = ["x", 3]', "run must be a list of strings"),
        ('[[profiles.default.commands]]\nkey = "v"\nname = "S"\nrun = "x \'{id}"', "run cannot be split"),
        ('[[profiles.default.commands]]\nkey = "v"\nname = "S"\nrun = ["{reference}"]', "holds a placeholder"),
        ('[[profiles.default.commands]]\nkey = "v"\nname = "S"\nrun = ["x"]\ntimeout = 0', "timeout must be"),
        ('[[profiles.default.commands]]\nkey = "v"\nname = "S"\nrun = ["x"]\nshell = true', "unknown field 'shell'"),
    ],
)
def test_a_bad_keymap_or_command_names_the_file_and_the_entry(tmp_path: Path, text: str, said: str) -> None:
    environ = write_config(tmp_path, f"[profiles.default]\n{text}\n")

    with pytest.raises(ConfigError) as refused:
        resolve({}, environ)

    assert f"In {tmp_path / 'config.toml'}, " in str(refused.value)
    assert said in str(refused.value)

