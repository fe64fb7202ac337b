"""`--debug`: requests, statuses and timings to a file in the user's log directory, key redacted."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .api import key_mask
from .api.redact import RedactSecrets

LOGGERS = ("coxedge_tui", "httpx", "httpcore")


def default_path() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("coxedge-tui")) / "debug.log"


def start(*secrets: str, path: Path | None = None) -> Path:
    """Log everything the session does at DEBUG; every record passes the redaction filter first.

    The filter masks every key the process knows (key_mask), whenever it became known.
    """
    for secret in secrets:
        key_mask.remember(secret)
    path = path or default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    os.chmod(path, 0o600)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(*secrets))
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
    return path


def protect(secret: str) -> None:
    """Also mask a key found after logging started (from a file, the keyring or the login screen)."""
    key_mask.remember(secret)
