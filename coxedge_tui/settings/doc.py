"""`--help`'s variables and the README's settings section, both written from settings_table.SETTINGS.

`python3 -m coxedge_tui.settings.doc` rewrites the README section; `--check` only says whether it is current.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .table import SETTINGS, Kind, Setting

README_START = "<!-- settings:start -->"
README_END = "<!-- settings:end -->"
README = Path(__file__).resolve().parents[2] / "README.md"

KEY_HELP = """\
where the API key comes from (first found wins; never on the command line):
  --api-key-file PATH  a file holding the key ('-' reads standard input)
  COX_API_KEY          the key itself, then COX_API_KEY_FILE (a file holding it)
  api_key_file         in the profile, a file the login screen saved on request
  the OS keyring       service 'coxedge-tui', one entry per profile (coxedge-tui login)
"""

CONFIG_EXAMPLE = """\
config file (TOML), one table per profile:
  [profiles.default]
  api_url = "https://portal.coxedge.com/api/v2"
  environment = "production"
  read_only = true
"""


def option_help(row: Setting) -> str:
    """argparse's help for the row's flag: what it does, then [its variable, its default]."""
    notes = [f"{variable}=1" if row.kind is Kind.SWITCH else variable for variable in row.variables]
    if row.default_text and row.kind is not Kind.SWITCH:
        notes.append(f"default: {row.default_text}")
    return f"{row.help} [{', '.join(notes)}]" if notes else row.help


def variable_help(row: Setting) -> str:
    """What setting the row's variable does, for --help."""
    return f"1 to {described(row)}" if row.kind is Kind.SWITCH else described(row)


def described(row: Setting) -> str:
    """The row's help with its default and its fallback variables."""
    said = row.help
    if row.default_text and row.kind is not Kind.SWITCH:
        said += f" (default: {row.default_text})"
    if row.variables[1:]:
        said += f"; {', '.join(row.variables[1:])} when {row.variables[0]} is not set"
    return said


def profile_entry(row: Setting) -> str:
    if row.profile_key is None:
        return ""
    if row.kind is Kind.SWITCH:
        return f"{row.profile_key} = {'false' if row.negated else 'true'}"
    if row.kind is Kind.PATTERNS:
        return f'{row.profile_key} = ["PATTERN", …]'
    if row.kind is Kind.KEYMAP:
        return "[profiles.NAME.keymap]"
    if row.kind is Kind.COMMANDS:
        return "[[profiles.NAME.commands]]"
    return row.profile_key


def variables_help() -> str:
    lines = ["environment variables (flags win over them, they win over the profile):"]
    for row in SETTINGS:
        if row.variables:
            lines.append(f"  {row.variables[0]:<20} {variable_help(row)}")
    return "\n".join(lines) + "\n"


def help_epilog() -> str:
    return KEY_HELP + "\n" + variables_help() + "\n" + CONFIG_EXAMPLE


def readme_section() -> str:
    """The Markdown table between the README's settings markers."""

    def code(text: str) -> str:
        return f"`{text}`" if text else ""

    lines = [
        "<!-- written by `python3 -m coxedge_tui.settings.doc` from coxedge_tui/settings/table.py: edit the table -->",
        "| flag | variable | profile key | meaning |",
        "| --- | --- | --- | --- |",
    ]
    for row in SETTINGS:
        flag = f"{row.flag} {row.metavar}" if row.flag and row.metavar else row.flag or ""
        variable = row.variables[0] if row.variables else ""
        variable += "=1" if variable and row.kind is Kind.SWITCH else ""
        lines.append(f"| {code(flag)} | {code(variable)} | {code(profile_entry(row))} | {described(row)} |")
    return "\n".join(lines) + "\n"


def with_section(readme: str) -> str:
    """The README with its settings section replaced by the table's."""
    head, start, rest = readme.partition(README_START)
    _, end, tail = rest.partition(README_END)
    if not start or not end:
        raise ValueError(f"README.md has no {README_START} ... {README_END} markers")
    return f"{head}{start}\n{readme_section()}{end}{tail}"


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    try:
        wanted = with_section(current)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    if "--check" in argv:
        if current != wanted:
            print("README.md's settings section is out of date: python3 -m coxedge_tui.settings.doc", file=sys.stderr)
            return 1
        return 0
    if current != wanted:
        README.write_text(wanted, encoding="utf-8")
        print("README.md: settings section rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
