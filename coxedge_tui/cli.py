"""The command line: parse, resolve settings and the key, then hand off to the UI."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import __version__
from .api.errors import CoxEdgeError
from .config import ENV_HELP, resolve
from .credentials import ApiKey, find_api_key


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coxedge-tui",
        description="A terminal UI for Cox Edge virtual-machine images: list, inspect, create, delete "
        "and follow their tasks. Without an API key it opens on the built-in simulator.",
        epilog=ENV_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"coxedge-tui {__version__}")
    parser.add_argument("--api-url", metavar="URL", help="API base URL [COX_API_URL]")
    parser.add_argument("--service", metavar="CODE", help="service code [COX_SERVICE, default edge-services]")
    parser.add_argument("--environment", "-e", metavar="NAME", help="environment name [COX_ENVIRONMENT]")
    parser.add_argument("--org", metavar="ID", help="organisation id, sent as ?org_id= [COX_ORGANIZATION]")
    parser.add_argument("--read-only", action="store_true", default=None, help="refuse create and delete [COX_READ_ONLY=1]")
    parser.add_argument("--refresh", type=float, metavar="SECONDS", help="auto-refresh interval, 0 = off [COX_REFRESH]")
    parser.add_argument("--demo", action="store_true", help="use the built-in simulator instead of a real account")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = resolve(vars(args))
    except ValueError as exc:
        parser.error(str(exc))
    key: ApiKey | None = None
    notice: str | None = None
    if not settings.demo:
        lookup = find_api_key()
        key = lookup.key
        if key is None:
            wants_real = bool(args.api_url or os.environ.get("COX_API_URL") or settings.organization)
            if wants_real:
                print(lookup.explain(), file=sys.stderr)
                return 2
            notice = lookup.explain().replace("Or try the app on its built-in simulator: coxedge-tui --demo", "")
            notice = notice.strip() + "\nShowing the built-in simulator meanwhile."
    from .connect import demo_client, real_client
    from .ui.app import CoxEdgeApp

    if key is None:
        client, settings = demo_client(settings)
    else:
        try:
            client = real_client(settings, key)
        except CoxEdgeError as exc:
            print(f"coxedge-tui: {exc}", file=sys.stderr)
            return 2
    app = CoxEdgeApp(client, settings, key_source=key.source if key else "simulator", notice=notice)
    app.run()
    return app.return_code or 0
