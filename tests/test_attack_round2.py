"""Round-two attack on local files: fullwidth formula signs in exports, a config others can change or that is a link."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coxedge_tui.cli import main
from coxedge_tui.settings.config import read_profile, save_profile_setting
from coxedge_tui.text.image_formats import spreadsheet_safe


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("\uff1dHYPERLINK(\"http://x\")", "'\uff1dHYPERLINK(\"http://x\")"),  # fullwidth equals
        ("\uff0b1", "'\uff0b1"),  # fullwidth plus
        ("\uff0d1", "'\uff0d1"),  # fullwidth minus
        ("\uff20SUM(A1)", "'\uff20SUM(A1)"),  # fullwidth commercial at
        ("\u3000\uff1d1", "'\u3000\uff1d1"),  # ideographic space first
        ("\ufe661", "'\ufe661"),  # small equals sign
        ("caf\u00e9 \uff1d1", "caf\u00e9 \uff1d1"),
    ],
)
def test_a_cell_that_starts_with_a_fullwidth_formula_sign_is_written_as_text(cell: str, written: str) -> None:
    assert spreadsheet_safe(cell) == written


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_config_file_any_user_can_change_is_refused_before_anything_is_sent(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[profiles.default]\napi_url = 'http://127.0.0.1:9'\n")
    config.chmod(0o666)  # another user could point api_url at their own host and collect the key
    monkeypatch.setenv("COX_CONFIG", str(config))
    monkeypatch.setenv("COX_API_KEY", "cx-live-5e4d3c2b1a09f8e7")

    code = main(["images", "list"])

    assert code == 2
    assert f"The config file {config} can be changed by any user; run: chmod o-w {config}" in capsys.readouterr().err


def test_a_setting_saved_to_a_linked_config_changes_the_linked_file_and_keeps_the_link(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles" / "coxedge.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text("[profiles.work]\nenvironment = 'test-area'\n")
    link = tmp_path / "config.toml"
    link.symlink_to(dotfiles)

    save_profile_setting(link, "work", "read_only", True)

    assert link.is_symlink()
    assert read_profile(dotfiles, "work") == {"environment": "test-area", "read_only": True}
