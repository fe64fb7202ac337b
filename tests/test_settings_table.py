"""One table of settings drives resolution, the flags, `--help` and the README: each is checked against it."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from coxedge_tui.cli import build_parser
from coxedge_tui.connect import ca_bundle
from coxedge_tui.settings import doc as settings_doc
from coxedge_tui.settings.config import Settings, resolve
from coxedge_tui.settings.table import BY_FIELD, SETTINGS, Kind, Setting

COMPUTED = {"profile_source", "wants_real_portal"}  # said by resolve from the others, set by nobody


def test_the_readme_settings_section_is_the_one_the_table_writes() -> None:
    readme = settings_doc.README.read_text(encoding="utf-8")

    assert settings_doc.with_section(readme) == readme, (
        "README.md and coxedge_tui/settings/table.py differ: run python3 -m coxedge_tui.settings.doc"
    )


def test_the_script_rewrites_a_hand_edited_readme_row_and_keeps_the_rest() -> None:
    readme = settings_doc.README.read_text(encoding="utf-8")
    edited = readme.replace("| `--ascii` |", "| `--plain` |")

    assert edited != readme
    assert settings_doc.with_section(edited) == readme


def test_every_field_of_the_settings_has_a_row_with_the_same_default() -> None:
    assert {f.name for f in fields(Settings)} - COMPUTED == set(BY_FIELD)
    for name, row in BY_FIELD.items():
        assert row.default == getattr(Settings(), name) or name == "config_path"


@pytest.mark.parametrize(
    "argv", [["--request-timeout", "0"], ["--refresh", "-1"], ["status", "--request-timeout", "x"]]
)
def test_a_seconds_flag_is_checked_as_it_is_parsed(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(argv)

    assert stopped.value.code == 2
    assert f"error: argument {argv[-2]}: {argv[-1]!r} is not a number of seconds" in capsys.readouterr().err


def test_help_lists_every_flag_and_variable_of_the_table() -> None:
    shown = build_parser().format_help()
    variables = shown[shown.index("environment variables") :]

    for row in SETTINGS:
        assert row.flag is None or row.flag in shown
        for variable in row.variables[:1]:
            assert f"\n  {variable} " in variables
        assert row.variables[1:] == () or all(v in variables for v in row.variables)


def resolved_by_config(row: Setting) -> bool:
    return row.field is not None and row.read_by == "config.resolve" and row.profile_key is not None and bool(row.flag)


def three_values(row: Setting) -> tuple[object, str, object, tuple[object, object, object]]:
    """A flag value, a variable value and a profile value, each different, and what each must resolve to."""
    if row.kind is Kind.SECONDS:
        return 10.0, "20", 30, (10.0, 20.0, 30.0)
    if row.kind is Kind.SWITCH:
        on = not row.negated  # the field's value when the flag is given
        return True, "0", on, (on, not on, on)
    return "from-flag", "from-variable", "from-profile", ("from-flag", "from-variable", "from-profile")


@pytest.mark.parametrize("row", [r for r in SETTINGS if resolved_by_config(r)], ids=lambda r: r.field)
def test_each_row_resolves_flag_then_variable_then_profile_then_default(row: Setting, tmp_path: Path) -> None:
    flag, variable, in_profile, (by_flag, by_variable, by_profile) = three_values(row)
    profile_value = str(in_profile).lower() if isinstance(in_profile, bool) else repr(in_profile)
    config = tmp_path / "config.toml"
    config.write_text(f"[profiles.default]\n{row.profile_key} = {profile_value}\n", encoding="utf-8")
    empty = tmp_path / "empty.toml"
    base = {"COX_CONFIG": str(config)}
    with_variable = base | {row.variables[0]: variable}
    assert row.field is not None

    assert getattr(resolve({row.dest: flag}, with_variable), row.field) == by_flag
    assert getattr(resolve({}, with_variable), row.field) == by_variable
    assert getattr(resolve({}, base), row.field) == by_profile
    assert getattr(resolve({}, {"COX_CONFIG": str(empty)}), row.field) == row.default


@pytest.mark.parametrize(
    ("variables", "chosen"),
    [
        ({}, None),
        ({"SSL_CERT_FILE": "/etc/ssl/system.pem"}, "/etc/ssl/system.pem"),
        ({"SSL_CERT_FILE": "/etc/ssl/system.pem", "COX_CA_BUNDLE": "/corp/ca.pem"}, "/corp/ca.pem"),
        ({"COX_CA_BUNDLE": "", "SSL_CERT_FILE": "/etc/ssl/system.pem"}, "/etc/ssl/system.pem"),
    ],
)
def test_the_ca_bundle_is_read_through_the_table(
    variables: dict[str, str], chosen: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("COX_CA_BUNDLE", "SSL_CERT_FILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)

    assert ca_bundle() == chosen


def test_a_variable_is_taken_without_its_surrounding_blanks_and_a_blank_one_is_unset(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[profiles.prod]\nenvironment = 'production'\n", encoding="utf-8")
    base = {"COX_CONFIG": f" {config} "}

    chosen = resolve({}, base | {"COX_PROFILE": " prod ", "COX_ORGANIZATION": "  "})

    assert (chosen.profile, chosen.profile_source, chosen.environment) == ("prod", "COX_PROFILE", "production")
    assert (chosen.organization, chosen.wants_real_portal) == (None, False)
