"""Settings from flags and COX_* variables (flags win)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from .api.client import DEFAULT_API_URL, DEFAULT_SERVICE

DEFAULT_REFRESH_SECONDS = 30.0
TRUE_WORDS = ("1", "true", "yes", "on")

ENV_HELP = """\
environment variables (flags win over them):
  COX_API_KEY        the API key (otherwise the OS keyring, service 'coxedge-tui')
  COX_API_URL        API base URL (default https://portal.coxedge.com/api/v2)
  COX_SERVICE        service code (default edge-services)
  COX_ENVIRONMENT    environment name (default: the first the API lists)
  COX_ORGANIZATION   organisation id, sent as ?org_id= when set
  COX_READ_ONLY      1 to refuse every create and delete
  COX_REFRESH        auto-refresh interval in seconds (default 30, 0 turns it off)
"""


@dataclass(frozen=True)
class Settings:
    api_url: str = DEFAULT_API_URL
    service: str = DEFAULT_SERVICE
    environment: str = ""
    organization: str | None = None
    demo: bool = False
    read_only: bool = False
    refresh_seconds: float = DEFAULT_REFRESH_SECONDS


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in TRUE_WORDS


def resolve(flags: Mapping[str, object], environ: Mapping[str, str] | None = None) -> Settings:
    """Combine parsed flags (None when not given) with COX_* variables."""
    env = os.environ if environ is None else environ

    def pick(flag: str, variable: str, default: str) -> str:
        value = flags.get(flag)
        if value is not None:
            return str(value)
        return env.get(variable) or default

    refresh_text = pick("refresh", "COX_REFRESH", str(DEFAULT_REFRESH_SECONDS))
    try:
        refresh = max(0.0, float(refresh_text))
    except ValueError:
        raise ValueError(f"The refresh interval {refresh_text!r} is not a number of seconds.") from None
    return Settings(
        api_url=pick("api_url", "COX_API_URL", DEFAULT_API_URL),
        service=pick("service", "COX_SERVICE", DEFAULT_SERVICE),
        environment=pick("environment", "COX_ENVIRONMENT", ""),
        organization=pick("org", "COX_ORGANIZATION", "") or None,
        demo=bool(flags.get("demo")),
        read_only=bool(flags.get("read_only")) or _flag(env.get("COX_READ_ONLY")),
        refresh_seconds=refresh,
    )
