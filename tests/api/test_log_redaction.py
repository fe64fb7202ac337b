"""A log handler with RedactSecrets never writes the key, whoever logs it and however."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from coxedge_tui.api.redact import MASK, RedactSecrets, redact

KEY = "sk-live-7Hq2VxZ9pL0aBcDeF1gH"


@pytest.fixture
def log_file() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets(KEY))
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)


def test_the_key_in_a_message_or_its_arguments_is_masked(log_file: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = log_file

    logger.debug("using key %s for %s", KEY, "list")
    logger.debug(f"inline {KEY}")

    assert stream.getvalue() == f"using key {MASK} for list\ninline {MASK}\n"


def test_the_key_in_a_traceback_is_masked(log_file: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = log_file

    try:
        raise ValueError(f"Illegal header value b'{KEY}'")
    except ValueError:
        logger.exception("request failed")

    assert "Illegal header value b'[redacted]'" in stream.getvalue()
    assert KEY not in stream.getvalue()


@pytest.mark.parametrize(
    "text",
    [
        "MC-Api-Key: some-other-key-123",
        "{'mc-api-key': 'some-other-key-123'}",
        "(b'MC-Api-Key', b'some-other-key-123')",
        "mc_api_key=some-other-key-123",
    ],
)
def test_any_mc_api_key_header_value_is_masked_even_when_the_key_is_not_known(text: str) -> None:
    assert "some-other-key-123" not in redact(text)
    assert MASK in redact(text)


def test_ordinary_text_is_left_alone() -> None:
    assert redact("GET /services/edge-services/test-area/images -> 200 in 12 ms", (KEY,)) == (
        "GET /services/edge-services/test-area/images -> 200 in 12 ms"
    )
