"""Settings from flags, COX_* variables and the config file's profile (in that order)."""

from __future__ import annotations

import difflib
import math
import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .api.kinds import DEFAULT_API_URL, DEFAULT_SERVICE

APP_NAME = "coxedge-tui"
DEFAULT_PROFILE = "default"
DEFAULT_REFRESH_SECONDS = 30.0
DEFAULT_REQUEST_TIMEOUT = 60.0  # the same as the API client's own default
MAX_SECONDS = 7 * 24 * 3600.0  # a week: beyond any task's life, and small enough for every timer
REFRESH_SOURCES = {"flag": "--refresh", "env": "COX_REFRESH", "profile": "refresh_seconds in the profile"}
REQUEST_TIMEOUT_SOURCES = {
    "flag": "--request-timeout",
    "env": "COX_REQUEST_TIMEOUT",
    "profile": "request_timeout in the profile",
}
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")
PROFILE_KEYS: dict[str, tuple[type, ...]] = {
    "api_url": (str,),
    "service": (str,),
    "environment": (str,),
    "organization": (str,),
    "read_only": (bool,),
    "refresh_seconds": (int, float),
    "theme": (str,),
    "api_key_file": (str,),
    "mouse": (bool,),
    "ansi": (bool,),
    "ascii": (bool,),
    "cache": (bool,),
    "request_timeout": (int, float),
}

ENV_HELP = """\
where the API key comes from (first found wins; never on the command line):
  --api-key-file PATH  a file holding the key ('-' reads standard input)
  COX_API_KEY          the key itself, then COX_API_KEY_FILE (a file holding it)
  api_key_file         in the profile, a file the login screen saved on request
  the OS keyring       service 'coxedge-tui', one entry per profile (coxedge-tui login)

environment variables (flags win over them, they win over the profile):
  COX_CONFIG         config file (default: the user config directory's coxedge-tui/config.toml)
  COX_PROFILE        profile of the config file to use (default: default)
  COX_API_URL        API base URL (default https://portal.coxedge.com/api/v2)
  COX_SERVICE        service code (default edge-services)
  COX_ENVIRONMENT    environment name (default: the first the API lists)
  COX_ORGANIZATION   organisation id, sent as ?org_id= when set
  COX_READ_ONLY      1 to refuse every create and delete
  COX_REFRESH        auto-refresh interval in seconds (default 30, 0 turns it off)
  COX_REQUEST_TIMEOUT  seconds one API request may take in all, retries included (default 60)
  COX_THEME          Textual theme, e.g. nord or ansi-dark (saved in the profile when changed in the app)
  COX_NO_MOUSE       1 to leave the mouse to the terminal (its own text selection works)
  COX_ANSI           1 to use the terminal's own 16 ANSI colours
  COX_ASCII          1 to draw borders and markers with ASCII only
  COX_NO_CACHE       1 to keep no saved list (profile: cache = false); it lets the next start paint at once
  NO_COLOR           set (to anything) for no colour at all

config file (TOML), one table per profile:
  [profiles.default]
  api_url = "https://portal.coxedge.com/api/v2"
  environment = "production"
  read_only = true
"""


class ConfigError(ValueError):
    """The config file or a setting cannot be used; the message says how to fix it."""


@dataclass(frozen=True)
class Settings:
    api_url: str = DEFAULT_API_URL
    service: str = DEFAULT_SERVICE
    environment: str = ""
    organization: str | None = None
    demo: bool = False
    read_only: bool = False
    refresh_seconds: float = DEFAULT_REFRESH_SECONDS
    profile: str = DEFAULT_PROFILE
    profile_source: str = "default"  # --profile, COX_PROFILE or default: `status` says which
    theme: str | None = None
    api_key_file: str | None = None
    config_path: Path | None = None
    # True when the API URL or organisation was set on purpose: the user wants a real portal, not the demo.
    wants_real_portal: bool = False
    mouse: bool = True
    ansi: bool = False
    ascii: bool = False
    cache: bool = True  # keep the last list in the user cache directory for an instant next start
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT


def default_config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    chosen = env.get("COX_CONFIG", "").strip()
    return Path(chosen).expanduser() if chosen else default_config_path()


def read_config(path: Path) -> dict[str, Any]:
    """The whole file as a dict; an absent file is an empty config."""
    try:
        text = path.read_text(encoding="utf-8")
        writable = os.name == "posix" and path.stat().st_mode & stat.S_IWOTH  # Windows modes say nothing of it
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"Cannot read the config file {path}: {exc.strerror or exc}.") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"The config file {path} is not UTF-8 text (byte {exc.start} cannot be read); save it as UTF-8."
        ) from None
    if writable:  # anyone could point api_url elsewhere, and the key would follow it
        raise ConfigError(f"The config file {path} can be changed by any user; run: chmod o-w {path}")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The config file {path} is not valid TOML: {exc}.") from None


def read_profile(path: Path, name: str, chosen_by: str = "--profile") -> dict[str, Any]:
    """One profile's settings, checked; {} for the default profile when the file or its table is absent.

    Any other name must be a table of the file: a mistyped profile must not fall back to the defaults.
    """
    data = read_config(path)
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict):
        raise ConfigError(f"In {path}, 'profiles' must be a table of [profiles.NAME] tables.")
    stray = sorted(set(data) - {"profiles"})
    if stray:  # `[profile.ro]` for `[profiles.ro]` would otherwise leave its settings unused
        raise ConfigError(
            f"In {path}, {stray[0]!r} is outside any profile: settings go in a [profiles.NAME] table "
            f"such as [profiles.{DEFAULT_PROFILE}]."
        )
    if name not in profiles and name != DEFAULT_PROFILE:
        raise ConfigError(unknown_profile(path, name, chosen_by, sorted(profiles)))
    profile = profiles.get(name, {})
    if not isinstance(profile, dict):
        raise ConfigError(f"In {path}, [profiles.{name}] must be a table.")
    for key, value in profile.items():
        types = PROFILE_KEYS.get(key)
        if types is None:
            known = ", ".join(PROFILE_KEYS)
            raise ConfigError(f"In {path}, [profiles.{name}] has an unknown setting {key!r} (known: {known}).")
        if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
            kind = "true or false" if bool in types else "a number" if float in types else "a string"
            raise ConfigError(f"In {path}, [profiles.{name}] {key} must be {kind}, not {value!r}.")
    return profile


def profile_names(path: Path) -> list[str]:
    profiles = read_config(path).get("profiles", {})
    return sorted(profiles) if isinstance(profiles, dict) else []


def unknown_profile(path: Path, name: str, chosen_by: str, existing: list[str]) -> str:
    """Which profiles there are, the likely one first, and how to make a new one."""
    names = sorted({DEFAULT_PROFILE, *existing})
    same = [n for n in names if n.casefold() == name.casefold()]
    close = same or difflib.get_close_matches(name, names, n=1, cutoff=0.75)
    guess = f" Did you mean {close[0]!r}?" if close else ""
    where = f"{path}" if path.exists() else f"{path} (no such file yet)"
    return (
        f"The profile {name!r} ({chosen_by}) is not in the config file {where}. "
        f"Profiles: {', '.join(names)}.{guess} To make a new profile, add a [profiles.{name}] table to the file."
    )


def _flag(name: str, value: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={value!r} is not a yes/no value (use 1 or 0).")


def positive_seconds(text: object, where: str, *, allow_zero: bool = False) -> float:
    """A number of seconds from a flag, variable or profile: finite, above 0 (or 0 where 0 turns a thing off),
    at most a week. Anything else is a ConfigError naming `where`, raised before anything is sent.
    """
    try:
        seconds = float(str(text).strip())
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0 or (seconds == 0 and not allow_zero) or seconds > MAX_SECONDS:
        least = "0 or more (0 turns it off)" if allow_zero else "above 0"
        named = f"{where} " if where else ""
        raise ConfigError(
            f"{named}{str(text)!r} is not a number of seconds {least} and at most {MAX_SECONDS:.0f} (a week)."
        )
    return seconds


def _request_timeout(text: str | None, where: str) -> float:
    """A total deadline per request: positive_seconds, or the default when nothing sets it."""
    if text is None:
        return DEFAULT_REQUEST_TIMEOUT
    return positive_seconds(text, REQUEST_TIMEOUT_SOURCES.get(where, "request_timeout"))


def _switch(flag: object, env: Mapping[str, str], variable: str, profile: Mapping[str, Any], key: str) -> bool | None:
    """A yes/no setting: the flag when given (True), else the variable, else the profile, else None."""
    if flag:
        return True
    if env.get(variable, "").strip():
        return _flag(variable, env[variable])
    value = profile.get(key)
    return value if isinstance(value, bool) else None


def _chosen_profile(flags: Mapping[str, object], env: Mapping[str, str]) -> tuple[str, str]:
    """The profile's name and what chose it."""
    if flags.get("profile") is not None:
        if not str(flags["profile"]).strip():  # `--profile "$UNSET"` must not fall back to the defaults
            raise ConfigError("--profile was given an empty name; name a profile of the config file, or leave it out.")
        return str(flags["profile"]), "--profile"
    if env.get("COX_PROFILE", "").strip():
        return env["COX_PROFILE"].strip(), "COX_PROFILE"
    return DEFAULT_PROFILE, "default"


def resolve(flags: Mapping[str, object], environ: Mapping[str, str] | None = None) -> Settings:
    """Combine parsed flags (None when not given), COX_* variables and the chosen profile."""
    env = os.environ if environ is None else environ
    path = config_path(env)
    profile_name, profile_source = _chosen_profile(flags, env)
    profile = read_profile(path, profile_name, profile_source)

    def pick(flag: str, variable: str, key: str) -> tuple[str | None, str]:
        """The value and where it came from: flag, variable, profile or nowhere."""
        value = flags.get(flag)
        if value is not None:
            return str(value), "flag"
        if env.get(variable):
            return env[variable], "env"
        if key in profile:
            return str(profile[key]), "profile"
        return None, "default"

    api_url, url_from = pick("api_url", "COX_API_URL", "api_url")
    organization, org_from = pick("org", "COX_ORGANIZATION", "organization")
    refresh_text, refresh_from = pick("refresh", "COX_REFRESH", "refresh_seconds")
    if flags.get("read_only"):
        read_only = True
    elif env.get("COX_READ_ONLY", "").strip():
        read_only = _flag("COX_READ_ONLY", env["COX_READ_ONLY"])
    else:
        read_only = bool(profile.get("read_only", False))
    no_mouse = _switch(flags.get("no_mouse"), env, "COX_NO_MOUSE", {}, "mouse")
    no_cache = _switch(flags.get("no_cache"), env, "COX_NO_CACHE", {}, "cache")
    return Settings(
        api_url=api_url or DEFAULT_API_URL,
        service=pick("service", "COX_SERVICE", "service")[0] or DEFAULT_SERVICE,
        environment=pick("environment", "COX_ENVIRONMENT", "environment")[0] or "",
        organization=organization or None,
        demo=bool(flags.get("demo")),
        read_only=read_only,
        refresh_seconds=DEFAULT_REFRESH_SECONDS
        if refresh_text is None
        else positive_seconds(refresh_text, REFRESH_SOURCES[refresh_from], allow_zero=True),
        profile=profile_name,
        profile_source=profile_source,
        theme=pick("theme", "COX_THEME", "theme")[0],
        api_key_file=profile.get("api_key_file"),
        config_path=path,
        wants_real_portal=url_from != "default" or (org_from != "default" and bool(organization)),
        mouse=bool(profile.get("mouse", True)) if no_mouse is None else not no_mouse,
        ansi=bool(_switch(flags.get("ansi"), env, "COX_ANSI", profile, "ansi")),
        ascii=bool(_switch(flags.get("ascii"), env, "COX_ASCII", profile, "ascii")),
        cache=bool(profile.get("cache", True)) if no_cache is None else not no_cache,
        request_timeout=_request_timeout(*pick("request_timeout", "COX_REQUEST_TIMEOUT", "request_timeout")),
    )


def save_profile_setting(path: Path, profile: str, key: str, value: str | bool | float | None) -> None:
    """Set (or with None remove) one setting of a profile, keeping the rest of the file.

    Comments in the file are not kept: TOML writers rebuild the document.
    """
    import tomli_w

    from .files import PRIVATE, locked, write_atomic

    if key not in PROFILE_KEYS:
        raise ConfigError(f"{key!r} is not a profile setting.")
    path = path.resolve() if path.is_symlink() else path  # a linked config (dotfiles) is changed, not unlinked
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with locked(path):  # another running instance may be changing another setting of the same file
            data = read_config(path)
            profiles = data.setdefault("profiles", {})
            if not isinstance(profiles, dict) or not isinstance(profiles.setdefault(profile, {}), dict):
                raise ConfigError(f"In {path}, [profiles.{profile}] is not a table; fix the file by hand first.")
            if value is None:
                profiles[profile].pop(key, None)
            else:
                profiles[profile][key] = value
            mode = path.stat().st_mode & 0o777 if path.exists() else PRIVATE
            write_atomic(path, tomli_w.dumps(data).encode("utf-8"), mode=mode)
    except OSError as exc:
        raise ConfigError(f"Cannot write the config file {path}: {exc.strerror or exc}.") from None
