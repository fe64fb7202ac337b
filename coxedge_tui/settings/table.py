"""Every setting in one table: its flag, variable, profile key, kind, default and help.

config.resolve, the argparse options, `--help`'s variables and the README section are all read from here,
so a new setting is one new row (and a field of config.Settings when resolve should hand it on).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..api.kinds import DEFAULT_API_URL, DEFAULT_SERVICE

DEFAULT_PROFILE = "default"
DEFAULT_REFRESH_SECONDS = 30.0
DEFAULT_REQUEST_TIMEOUT = 60.0  # the same as the API client's own default


class Kind(Enum):
    TEXT = "text"
    SWITCH = "yes/no"
    SECONDS = "seconds"
    PATTERNS = "patterns"  # a list of glob patterns, in the profile only
    KEYMAP = "keymap"  # a table of binding id = keys, in the profile only (settings/keymap.py)
    COMMANDS = "commands"  # an array of tables of key, name, run, in the profile only (settings/keymap.py)


@dataclass(frozen=True)
class Setting:
    """One row. `field` is the config.Settings field resolve fills (None: read by whoever `read_by` names)."""

    field: str | None
    help: str  # what the flag (or the variable set to 1) does, in lower case, for --help and the README
    kind: Kind = Kind.TEXT
    flag: str | None = None
    short: str | None = None
    metavar: str | None = None
    variables: tuple[str, ...] = ()  # the first one that is set and not blank wins
    profile_key: str | None = None
    default: object = None
    default_text: str = ""  # the default as --help and the README say it
    negated: bool = False  # the flag and the variable turn the field off: --no-mouse, COX_NO_MOUSE=1
    zero_turns_off: bool = False  # for seconds: 0 is allowed and means off
    group: str = "account"  # where argparse lists the flag: account (every command), app or terminal (the TUI)
    read_by: str = "config.resolve"

    @property
    def dest(self) -> str:
        """The argparse attribute of the flag: --api-url -> api_url."""
        return (self.flag or "").removeprefix("--").replace("-", "_")

    @property
    def where_profile(self) -> str:
        return f"{self.profile_key} in the profile"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "config_path",
        "config file",
        variables=("COX_CONFIG",),
        default_text="the user config directory's coxedge-tui/config.toml",
    ),
    Setting(
        "profile",
        "profile of the config file",
        flag="--profile",
        metavar="NAME",
        variables=("COX_PROFILE",),
        default=DEFAULT_PROFILE,
        default_text=DEFAULT_PROFILE,
    ),
    Setting(
        "api_url",
        "API base URL; http:// only for loopback",
        flag="--api-url",
        metavar="URL",
        variables=("COX_API_URL",),
        profile_key="api_url",
        default=DEFAULT_API_URL,
        default_text=DEFAULT_API_URL,
    ),
    Setting(
        "service",
        "service code",
        flag="--service",
        metavar="CODE",
        variables=("COX_SERVICE",),
        profile_key="service",
        default=DEFAULT_SERVICE,
        default_text=DEFAULT_SERVICE,
    ),
    Setting(
        "environment",
        "environment name",
        flag="--environment",
        short="-e",
        metavar="NAME",
        variables=("COX_ENVIRONMENT",),
        profile_key="environment",
        default="",
        default_text="the first the API lists",
    ),
    Setting(
        "organization",
        "organisation id, sent as ?org_id= only when set",
        flag="--org",
        metavar="ID",
        variables=("COX_ORGANIZATION",),
        profile_key="organization",
    ),
    Setting(
        "api_key_file",
        "read the API key from this file ('-' = standard input); the key itself is never an argument",
        flag="--api-key-file",
        metavar="PATH",
        variables=("COX_API_KEY_FILE",),
        profile_key="api_key_file",
        read_by="credentials.find_api_key, in the key's order (resolve keeps the profile's)",
    ),
    Setting(
        "request_timeout",
        "how long one API request may take in all, connect to last byte, retries included",
        kind=Kind.SECONDS,
        flag="--request-timeout",
        metavar="SECONDS",
        variables=("COX_REQUEST_TIMEOUT",),
        profile_key="request_timeout",
        default=DEFAULT_REQUEST_TIMEOUT,
        default_text="60",
    ),
    Setting(
        None,
        "a PEM file of the CA that signs the portal's certificate (a corporate proxy's)",
        variables=("COX_CA_BUNDLE", "SSL_CERT_FILE"),
        default_text="the system's CAs",
        read_by="connect.ca_bundle",
    ),
    Setting(
        "read_only",
        "refuse every create and delete, in the API layer itself",
        kind=Kind.SWITCH,
        flag="--read-only",
        variables=("COX_READ_ONLY",),
        profile_key="read_only",
        default=False,
        group="app",
    ),
    Setting(
        "protect",
        "images never deleted, by the app, `images delete` or `images prune`: glob patterns over family:tag "
        "(fnmatch: `*` any text, `?` one character, `[ab]` a set; case-sensitive), e.g. "
        "`protect = [\"web:*\", \"*:prod-*\"]`; in the profile only, so no flag or variable can lift it",
        kind=Kind.PATTERNS,
        profile_key="protect",
        default=(),
        default_text="none",
        group="app",
    ),
    Setting(
        "keymap",
        "your own keys: binding id = keys, e.g. `\"browse.refresh\" = \"f5\"` (the ids: see Your own keys "
        "and commands); an unknown id, or two bindings on one key, is reported at start",
        kind=Kind.KEYMAP,
        profile_key="keymap",
        default=(),
        default_text="none",
        group="app",
    ),
    Setting(
        "commands",
        "your own commands, run on the selected image by a key: `key`, `name`, `run` (see Your own keys and commands)",
        kind=Kind.COMMANDS,
        profile_key="commands",
        default=(),
        default_text="none",
        group="app",
    ),
    Setting(
        "refresh_seconds",
        "auto-refresh interval, 0 = off",
        kind=Kind.SECONDS,
        flag="--refresh",
        metavar="SECONDS",
        variables=("COX_REFRESH",),
        profile_key="refresh_seconds",
        default=DEFAULT_REFRESH_SECONDS,
        default_text="30",
        zero_turns_off=True,
        group="app",
    ),
    Setting(
        "all_environments",
        "open on the Everywhere view (0): the images of every environment the key sees",
        kind=Kind.SWITCH,
        flag="--all-environments",
        variables=("COX_ALL_ENVIRONMENTS",),
        profile_key="all_environments",
        default=False,
        group="app",
    ),
    Setting(
        "demo",
        "use the built-in simulator instead of a real account",
        kind=Kind.SWITCH,
        flag="--demo",
        default=False,
        group="app",
    ),
    Setting(
        None,
        "log requests, statuses and timings to a 0600 file in the user log directory (the key is redacted; "
        "the path is printed at start)",
        kind=Kind.SWITCH,
        flag="--debug",
        group="app",
        read_by="cli.main",
    ),
    Setting(
        "cache",
        "keep no copy of the last list; by default it is saved (0600, user cache directory) so the next "
        "start shows it at once while the live list loads",
        kind=Kind.SWITCH,
        flag="--no-cache",
        variables=("COX_NO_CACHE",),
        profile_key="cache",
        default=True,
        negated=True,
        group="app",
    ),
    Setting(
        "theme",
        "Textual theme, e.g. nord or ansi-dark (saved in the profile when changed in the app)",
        flag="--theme",
        metavar="NAME",
        variables=("COX_THEME",),
        profile_key="theme",
        group="terminal",
    ),
    Setting(
        "mouse",
        "leave the mouse to the terminal (its own text selection works)",
        kind=Kind.SWITCH,
        flag="--no-mouse",
        variables=("COX_NO_MOUSE",),
        profile_key="mouse",
        default=True,
        negated=True,
        group="terminal",
    ),
    Setting(
        "ansi",
        "use the terminal's own 16 ANSI colours",
        kind=Kind.SWITCH,
        flag="--ansi",
        variables=("COX_ANSI",),
        profile_key="ansi",
        default=False,
        group="terminal",
    ),
    Setting(
        "ascii",
        "draw borders and markers with ASCII only",
        kind=Kind.SWITCH,
        flag="--ascii",
        variables=("COX_ASCII",),
        profile_key="ascii",
        default=False,
        group="terminal",
    ),
    Setting(
        None,
        "set (to anything) for no colour at all",
        variables=("NO_COLOR",),
        read_by="Textual and Rich",
    ),
)

BY_FIELD = {row.field: row for row in SETTINGS if row.field}
CA_BUNDLE = next(row for row in SETTINGS if "COX_CA_BUNDLE" in row.variables)
PROFILE_TYPES: dict[Kind, tuple[type, ...]] = {
    Kind.TEXT: (str,),
    Kind.SWITCH: (bool,),
    Kind.SECONDS: (int, float),
    Kind.PATTERNS: (list,),
    Kind.KEYMAP: (dict,),
    Kind.COMMANDS: (list,),
}
PROFILE_KEYS: dict[str, tuple[type, ...]] = {
    row.profile_key: PROFILE_TYPES[row.kind] for row in SETTINGS if row.profile_key
}
