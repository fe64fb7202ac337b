"""Keep the API key out of logs: a filter for any handler that writes log records somewhere."""

from __future__ import annotations

import logging
import re
import traceback

from . import key_mask

MASK = "[redacted]"
# The header in any spelling a library might print it: `MC-Api-Key: x`, `'mc-api-key': 'x'`, `mc_api_key=x`.
_HEADER = re.compile(r"""(?i)(mc[-_]api[-_]key['"]?\s*[:=,]\s*b?['"]?)[^\s'",)}\]]+""")


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` with every given secret and every MC-Api-Key header value replaced by a mask."""
    text = _HEADER.sub(lambda m: m.group(1) + MASK, text)
    for secret in secrets:
        text = text.replace(secret, MASK)
    return key_mask.mask(text)  # also a known key split by a space, a line break or an escaped mark


class RedactSecrets(logging.Filter):
    """Attach to a handler (not a logger) so records from every library pass through it.

    Masks the secrets it was given and every key the process knows (key_mask), also those found later.
    """

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        # Very short "secrets" would mask ordinary words; a real key is far longer.
        self.secrets = tuple(s for s in secrets if len(s) >= key_mask.MIN_LENGTH)

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = (*self.secrets, *key_mask.known())
        message = record.getMessage()
        clean = redact(message, secrets)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = redact(record.exc_text, secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, secrets)
        return True
