"""TLS verification is never off; a corporate CA file can be added to what is trusted."""

from __future__ import annotations

import ssl
from pathlib import Path

import certifi
import pytest

from coxedge_tui.api.client import Connection, CoxEdgeClient, tls_context
from coxedge_tui.api.errors import CoxEdgeError


def test_without_a_ca_file_the_system_store_verifies() -> None:
    assert tls_context(None) is True


def test_a_ca_file_is_trusted_with_verification_still_required() -> None:
    context = tls_context(certifi.where())
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname


def test_an_unreadable_ca_file_is_refused_with_its_name(tmp_path: Path) -> None:
    missing = tmp_path / "corp-ca.pem"
    with pytest.raises(CoxEdgeError, match=r"corp-ca\.pem"):
        CoxEdgeClient(Connection(api_key="k" * 20, ca_bundle=str(missing)))
