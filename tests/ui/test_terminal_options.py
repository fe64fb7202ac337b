"""Terminal reach: ASCII-only glyphs, the terminal's own ANSI palette, mouse and theme settings."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

import pytest

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.cli import build_parser
from coxedge_tui.connect import Account
from coxedge_tui.settings.config import ConfigError, Settings, resolve
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.help import HelpScreen
from coxedge_tui.ui.terminal import GLYPHS

Until = Callable[..., Awaitable[None]]
Screen = Callable[[CoxEdgeApp], str]


def make_app(client: CoxEdgeClient, settings: Settings, account: Settings | None = None) -> CoxEdgeApp:
    return CoxEdgeApp(client, settings, account=Account(account or settings))


async def loaded(app: CoxEdgeApp, until: Until) -> None:
    await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count == 40, what="rows")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_ascii_mode_draws_no_glyph_an_ascii_terminal_lacks(
    client: CoxEdgeClient, settings: Settings, until: Until, screen: Screen, size: tuple[int, int]
) -> None:
    app = make_app(client, replace(settings, ascii=True))
    async with app.run_test(size=size) as pilot:
        await loaded(app, until)
        await pilot.press("question_mark")
        await until(lambda: isinstance(app.screen, HelpScreen), what="the help window")
        shown = screen(app)

    assert not set(shown) & set(GLYPHS)
    assert "edge-services > test-area  |  40 images" in shown
    assert "Keys" in shown and "+" in shown  # the help window keeps a border, in ASCII
    assert re.search(r"Enter\W+Detail", shown), "a key shown as a symbol the ASCII filter mangles (⏎ as <)"


async def test_without_ascii_mode_the_unicode_glyphs_stay(
    client: CoxEdgeClient, settings: Settings, until: Until, screen: Screen
) -> None:
    app = make_app(client, settings)
    async with app.run_test(size=(80, 24)):
        await loaded(app, until)
        shown = screen(app)

    assert "edge-services › test-area  │  40 images" in shown


async def test_ansi_mode_lets_the_terminals_palette_through_with_the_ansi_theme(
    client: CoxEdgeClient, settings: Settings, until: Until
) -> None:
    app = make_app(client, replace(settings, ansi=True))
    async with app.run_test(size=(80, 24)):
        await loaded(app, until)
        assert (app.ansi_color, app.theme) == (True, "ansi-dark")


async def test_a_configured_theme_wins_over_the_ansi_default_and_is_not_saved_again(
    client: CoxEdgeClient, settings: Settings, until: Until, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    chosen = replace(settings, ansi=True, theme="nord", config_path=config)
    app = make_app(client, chosen)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, until)
        await pilot.pause()
        assert app.theme == "nord"
    assert not config.exists()


async def test_a_theme_picked_in_the_app_is_saved_in_the_profile(
    client: CoxEdgeClient, settings: Settings, until: Until, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[profiles.work]\nread_only = true\n')
    app = make_app(client, settings, replace(settings, profile="work", config_path=config))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, until)
        app.theme = "gruvbox"
        await until(lambda: "gruvbox" in config.read_text(), what="the theme in the config file")
        await pilot.pause()

    assert tomllib.loads(config.read_text()) == {"profiles": {"work": {"read_only": True, "theme": "gruvbox"}}}
    assert any(
        n.message == f"Theme gruvbox saved in profile work ({config})." for n in app._notifications
    )


def settings_for(argv: list[str], environ: dict[str, str], tmp_path: Path, profile: str = "") -> Settings:
    config = tmp_path / "config.toml"
    config.write_text(f"[profiles.default]\n{profile}\n")
    args = build_parser().parse_args(argv)
    return resolve(vars(args), environ | {"COX_CONFIG": str(config)})


def test_terminal_settings_default_to_mouse_on_unicode_and_the_theme_palette(tmp_path: Path) -> None:
    chosen = settings_for([], {}, tmp_path)

    assert (chosen.mouse, chosen.ansi, chosen.ascii, chosen.theme) == (True, False, False, None)


def test_terminal_flags_turn_each_option_on(tmp_path: Path) -> None:
    chosen = settings_for(["--no-mouse", "--ansi", "--ascii", "--theme", "nord"], {}, tmp_path)

    assert (chosen.mouse, chosen.ansi, chosen.ascii, chosen.theme) == (False, True, True, "nord")


def test_terminal_variables_and_profile_settings_follow_flags_then_variables_then_profile(tmp_path: Path) -> None:
    profile = 'mouse = false\nansi = true\nascii = true\ntheme = "dracula"'
    from_profile = settings_for([], {}, tmp_path, profile)
    from_variables = settings_for(
        [], {"COX_NO_MOUSE": "0", "COX_ANSI": "no", "COX_ASCII": "0", "COX_THEME": "nord"}, tmp_path, profile
    )
    from_flags = settings_for(["--theme", "monokai"], {"COX_THEME": "nord", "COX_NO_MOUSE": "1"}, tmp_path)

    assert (from_profile.mouse, from_profile.ansi, from_profile.ascii, from_profile.theme) == (
        False, True, True, "dracula",
    )
    assert (from_variables.mouse, from_variables.ansi, from_variables.ascii, from_variables.theme) == (
        True, False, False, "nord",
    )
    assert (from_flags.mouse, from_flags.theme) == (False, "monokai")


def test_a_mistyped_terminal_setting_is_a_clear_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[profiles.default\] mouse must be true or false, not 'off'"):
        settings_for([], {}, tmp_path, 'mouse = "off"')
    with pytest.raises(ConfigError, match="COX_ASCII='maybe' is not a yes/no value"):
        settings_for([], {"COX_ASCII": "maybe"}, tmp_path)
