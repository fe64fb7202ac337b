"""Protected images: the profile's `protect` patterns over family:tag, checked by the one delete rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from coxedge_tui.api.models import Image
from coxedge_tui.core.image_actions import NO_DEFAULT_DELETE, delete_refusal
from coxedge_tui.core.protection import Protection, protected_by
from coxedge_tui.settings.config import ConfigError, resolve


def image(family: str | None, tag: str | None, slug: str = "acme") -> Image:
    return Image.model_validate({"id": f"s1/{family}/{tag}", "family": family, "tag": tag, "slug": slug})


@pytest.mark.parametrize(
    ("family", "tag", "patterns", "by"),
    [
        ("web", "1.2", ["web:*"], "web:*"),
        ("api", "prod-7", ["web:*", "*:prod-*"], "*:prod-*"),
        ("web", "1.2", ["*:prod-*", "web:*"], "web:*"),
        ("web", "v1", ["web:v?"], "web:v?"),
        ("web", "v12", ["web:v?"], None),
        ("cache", "b", ["cache:[ab]"], "cache:[ab]"),
        ("web", "1.2", ["Web:*"], None),  # case-sensitive everywhere
        ("web", "1.2", ["web"], None),
        ("webapp", "1", ["web:*"], None),
        ("web", "1.2", [], None),
        (None, "1", [":1"], ":1"),
    ],
)
def test_an_image_is_protected_by_the_first_pattern_matching_its_family_and_tag(
    family: str | None, tag: str, patterns: list[str], by: str | None
) -> None:
    assert protected_by(image(family, tag), patterns) == by


def test_deleting_a_protected_image_is_refused_naming_the_pattern_and_the_profile() -> None:
    refusal = delete_refusal(image("web", "1.2"), read_only=False, protection=Protection(("web:*",), "prod"))

    assert refusal is not None
    assert refusal.title == "Protected"
    assert refusal.message.startswith("web:1.2 is protected by web:* (profile prod); ")
    assert "[profiles.prod]" in refusal.message


def test_an_unprotected_custom_image_may_be_deleted() -> None:
    assert delete_refusal(image("api", "1"), read_only=False, protection=Protection(("web:*",), "prod")) is None


def test_a_default_image_is_refused_as_a_default_one_even_when_a_pattern_matches() -> None:
    refusal = delete_refusal(image("ubuntu", "v1", "stackpath-edge"), read_only=False, protection=Protection(("*:*",)))

    assert refusal is not None and refusal.message == NO_DEFAULT_DELETE


def test_protection_is_refused_before_read_only_mode_so_the_stronger_reason_is_named() -> None:
    refusal = delete_refusal(image("web", "1"), read_only=True, protection=Protection(("web:*",), "default"))

    assert refusal is not None and "protected by web:*" in refusal.message


def write_config(tmp_path: Path, body: str) -> dict[str, str]:
    config = tmp_path / "config.toml"
    config.write_text(body, encoding="utf-8")
    return {"COX_CONFIG": str(config)}


def test_the_profile_holds_the_patterns(tmp_path: Path) -> None:
    environ = write_config(tmp_path, '[profiles.prod]\nprotect = ["web:*", "*:prod-*"]\n')

    settings = resolve({"profile": "prod"}, environ)

    assert settings.protect == ("web:*", "*:prod-*")
    assert Protection.of(settings) == Protection(("web:*", "*:prod-*"), "prod")


def test_without_patterns_nothing_is_protected(tmp_path: Path) -> None:
    assert resolve({}, write_config(tmp_path, "[profiles.default]\n")).protect == ()


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ('"web:*"', "protect must be a list of patterns, not 'web:*'"),
        ('["web"]', "protect: 'web' is not a family:tag pattern"),
        ("[3]", "protect: 3 is not a family:tag pattern"),
        ('[" "]', "protect: ' ' is not a family:tag pattern"),
    ],
)
def test_a_pattern_that_could_never_match_is_a_configuration_error(tmp_path: Path, value: str, said: str) -> None:
    environ = write_config(tmp_path, f"[profiles.default]\nprotect = {value}\n")

    with pytest.raises(ConfigError) as refused:
        resolve({}, environ)

    assert said in str(refused.value)
