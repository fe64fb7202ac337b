"""The one function that masks every known API key, and the walk over decoded answers."""

from __future__ import annotations

import json

from coxedge_tui.api import key_mask
from coxedge_tui.settings.credentials import ApiKey
from coxedge_tui.text.safe import clean, json_safe

KEY = "ck_live_Mask7Lq2Zm0pX9vR4tY8wE1sD6fK2"


def test_a_key_is_known_from_the_moment_it_is_read_and_masked_everywhere_text_goes() -> None:
    assert clean(f"bad key {KEY}") == f"bad key {KEY}", "nothing is masked before the key is known"
    ApiKey(KEY, "keyring (coxedge-tui/default)")
    assert clean(f"bad key {KEY}") == f"bad key …{KEY[-4:]}"
    assert json_safe(json.dumps({"m": KEY})) == json.dumps({"m": f"…{KEY[-4:]}"}, ensure_ascii=False)


def test_short_values_are_never_taken_for_keys() -> None:
    key_mask.remember("abc")
    assert key_mask.known() == ()
    assert key_mask.mask("abc") == "abc"


def test_a_decoded_answer_is_masked_even_when_the_key_was_written_with_escapes() -> None:
    key_mask.remember(KEY)
    escaped = "\\u" + f"{ord(KEY[0]):04x}" + KEY[1:].replace("_", "\\u005f")
    raw = ('{"data": [{"description": "echo ' + escaped + '", "name": {"' + escaped + '": 1}}]}').encode()
    payload = key_mask.mask_decoded(json.loads(raw), raw)
    assert json.dumps(payload) == json.dumps(
        {"data": [{"description": f"echo …{KEY[-4:]}", "name": {f"…{KEY[-4:]}": 1}}]}
    )


def test_an_answer_that_cannot_hold_the_key_is_returned_as_it_is() -> None:
    key_mask.remember(KEY)
    raw = b'{"data": [{"description": "fish \\u0026 chips"}]}'
    payload = json.loads(raw)
    assert key_mask.mask_decoded(payload, raw) is payload
