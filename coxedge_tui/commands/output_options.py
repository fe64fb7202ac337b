"""`-o FORMAT`, `-o columns=FIELD,...`, `--fields` and `--no-headers`, checked while the line is parsed.

A wrong field or a combination that means nothing is a usage error (exit 2) before anything is sent.
Light to import: `--help` and shell completion read it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from ..text.image_fields import NAMES, FieldError, fields_help, parse_fields

COLUMNS = "columns="
COLUMNS_FORMAT = "columns"  # what args.output holds after -o columns=...
HEADED = ("table", "csv", COLUMNS_FORMAT)  # the outputs with a header row


def formats_text(formats: Sequence[str]) -> str:
    return ", ".join(formats) + f", {COLUMNS}FIELD,..."


def add_output_options(parser: argparse.ArgumentParser, formats: Sequence[str], what: str = "format") -> None:
    """-o with `formats` and columns=, --fields and --no-headers; the fields are listed in the epilog of --help."""
    parser.add_argument(
        "-o",
        "--output",
        action=_Output,
        formats=tuple(formats),
        default=formats[0],
        metavar="FORMAT",
        help=f"{what}: {formats_text(formats)} (a table of those fields, in that order); default {formats[0]}",
    )
    parser.add_argument(
        "--fields",
        action=_Fields,
        default=None,
        metavar="FIELD,...",
        help="only these fields, in this order, in any format (json: each object holds only these keys)",
    )
    parser.add_argument(
        "--no-headers",
        action=_NoHeaders,
        nargs=0,
        default=False,
        help="leave out the header row of table, columns and csv output",
    )
    parser.epilog = fields_help() + "\n" + (parser.epilog or "")


def _fields(action: argparse.Action, text: str) -> tuple[str, ...]:
    try:
        return tuple(field.name for field in parse_fields(text))
    except FieldError as exc:
        raise argparse.ArgumentError(action, str(exc)) from None


class _Output(argparse.Action):
    def __init__(self, option_strings: Sequence[str], dest: str, formats: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(option_strings, dest, **kwargs)
        self.formats = formats

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: str | None = None
    ) -> None:
        text = str(values)
        if text.startswith(COLUMNS):
            if getattr(namespace, "fields_from", None) == "--fields":
                raise argparse.ArgumentError(self, "name the fields once: with -o columns=... or with --fields")
            namespace.fields, namespace.fields_from = _fields(self, text.removeprefix(COLUMNS)), COLUMNS
            text = COLUMNS_FORMAT
        elif text not in self.formats:
            raise argparse.ArgumentError(
                self, f"unknown format {text!r}; choose from {formats_text(self.formats)} (fields: {', '.join(NAMES)})"
            )
        elif getattr(namespace, "fields_from", None) == COLUMNS:
            namespace.fields, namespace.fields_from = None, None  # a later -o replaces the earlier columns=
        if namespace.no_headers and text not in HEADED:
            raise argparse.ArgumentError(self, f"--no-headers is for {', '.join(HEADED)} output, not {text}")
        namespace.output = text


class _Fields(argparse.Action):
    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: str | None = None
    ) -> None:
        if getattr(namespace, "fields_from", None) == COLUMNS:
            raise argparse.ArgumentError(self, "name the fields once: with -o columns=... or with --fields")
        namespace.fields, namespace.fields_from = _fields(self, str(values)), "--fields"


class _NoHeaders(argparse.Action):
    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: str | None = None
    ) -> None:
        if namespace.output not in HEADED:
            raise argparse.ArgumentError(self, f"it is for {', '.join(HEADED)} output, not {namespace.output}")
        namespace.no_headers = True
