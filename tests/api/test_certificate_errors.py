"""A certificate the client does not trust is named as such, with the host, the reason and COX_CA_BUNDLE, once."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sim_clients import Sleeps, assert_readable, over_http

from coxedge_tui.api.checks import tls_context
from coxedge_tui.api.errors import CertificateError

BODY = b'{"data": [{"id": "e1", "name": "test-area"}]}'


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that no public CA signed, and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "coxedge-tui test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


@dataclass
class TlsServer:
    url: str
    cert_file: Path
    connections: int = 0


@pytest.fixture
async def tls_server(tmp_path: Path) -> AsyncIterator[TlsServer]:
    cert_file, key_file = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    state = TlsServer("", cert_file)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        state.connections += 1  # counted before the handshake, which the client may refuse
        try:
            await writer.start_tls(context)
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n")
            writer.write(b"Content-Length: %d\r\n\r\n%s" % (len(BODY), BODY))
            await writer.drain()
        except (ssl.SSLError, ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    state.url = f"https://127.0.0.1:{server.sockets[0].getsockname()[1]}/api/v2"
    async with server:
        yield state
        server.close()


async def test_an_untrusted_certificate_is_named_with_host_reason_and_ca_bundle_and_not_retried(
    tls_server: TlsServer,
) -> None:
    sleeps = Sleeps()
    client = over_http(tls_server.url, sleeps, timeout=2.0, connect_timeout=2.0)

    with pytest.raises(CertificateError) as caught:
        await client.list_environments()
    await client.aclose()

    assert caught.value.message == (
        "Listing environments: the TLS certificate of 127.0.0.1 was not accepted: self-signed certificate. "
        "If your network's own CA signs it (a corporate proxy), set COX_CA_BUNDLE to that CA's PEM file; "
        "verification is never turned off. Nothing was sent."
    )
    assert tls_server.connections == 1
    assert sleeps.waits == []
    assert_readable(caught.value)


async def test_the_same_server_is_trusted_once_its_ca_is_the_ca_bundle(tls_server: TlsServer) -> None:
    tls_context.cache_clear()
    client = over_http(tls_server.url, Sleeps(), timeout=2.0, connect_timeout=2.0, ca_bundle=str(tls_server.cert_file))

    environments = await client.list_environments()
    await client.aclose()

    assert [e.name for e in environments] == ["test-area"]
