"""What a connection must pass before a client is built: the address, the key's characters, the CA file.

Plain Python (no httpx or pydantic), so the app can refuse a bad setting at once and still paint
before the API layer loads.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import ssl
from urllib.parse import SplitResult, urlsplit

from .errors import CoxEdgeError
from .kinds import DEFAULT_API_URL


@functools.lru_cache(maxsize=4)
def tls_context(ca_bundle: str | None) -> ssl.SSLContext | bool:
    """Verification always on; with a CA file, trust it as well as the system's store.

    Made once per file: the check before the first frame and the client then share it.
    """
    if not ca_bundle:
        return True
    context = ssl.create_default_context()
    try:
        context.load_verify_locations(cafile=ca_bundle)
    except (OSError, ssl.SSLError) as exc:
        raise CoxEdgeError(f"The CA bundle {ca_bundle!r} could not be read: {exc}.") from None
    return context


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_no_credentials(url: str) -> str:
    """A user name or password in the address would be sent, printed and logged: refuse it without echoing it."""
    authority = re.split(r"[/?#]", url.split("//", 1)[-1], maxsplit=1)[0]
    if "@" in authority:
        raise CoxEdgeError(
            "The API URL holds a user name or password (the part before '@'), which would show in messages, logs "
            "and the process list. Remove it: Cox Edge takes only the API key (coxedge-tui login, COX_API_KEY "
            f"or --api-key-file), at an address such as {DEFAULT_API_URL}."
        )
    return url


def _split(url: str) -> SplitResult | None:
    """The address's parts, or None when they cannot be read (a broken IPv6 literal, a port that is no number)."""
    try:
        parts = urlsplit(url)
        return parts if parts.port is None or parts.port >= 0 else None
    except ValueError:
        return None


def check_base_url(url: str) -> str:
    """HTTPS anywhere; plain HTTP only on loopback (the simulator); never credentials in the address."""
    check_no_credentials(url)
    parts = _split(url)
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        shown = repr(url) if "@" not in url else "given"  # never echo what may hold a password
        raise CoxEdgeError(f"The API URL {shown} is not an http(s) address such as {DEFAULT_API_URL}.")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise CoxEdgeError(
            f"Refusing plain http:// for {parts.hostname}: the API key would cross the network "
            "unencrypted. Use https:// (http:// is allowed only for loopback simulators)."
        )
    return url.rstrip("/")


def check_api_key(key: str) -> str:
    """A header can only carry visible ASCII; say so rather than fail inside httpx with the key in the error."""
    if not all("!" <= c <= "~" for c in key):
        raise CoxEdgeError(
            "The API key holds spaces, line breaks or non-ASCII characters, so it cannot be sent. "
            "Copy the key again from the portal."
        )
    return key


def display_url(url: str) -> str:
    """The address for messages: scheme, host and port only, never user-info."""
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port is not None else ""
    return f"{parts.scheme}://{parts.hostname}{port}"
