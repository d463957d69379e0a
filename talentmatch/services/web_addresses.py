"""Web addresses typed into forms: a bare domain gets https://, anything else must be http(s)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask_babel import gettext as _

_BARE_DOMAIN = re.compile(r"[\w-]+(\.[\w-]+)*\.[a-z]{2,}(/\S*)?", re.IGNORECASE)


def web_address(text: str) -> str:
    """`text` trimmed, with https:// added in front of a bare domain."""
    address = text.strip()
    if address and _BARE_DOMAIN.fullmatch(address):
        return "https://" + address
    return address


def web_address_problem(address: str, max_length: int) -> str | None:
    """Why `address` is not a usable http(s) link, or None when it is."""
    if len(address) > max_length:
        return _("Keep the web address under %(n)d characters.", n=max_length)
    if any(char.isspace() for char in address):
        return _("A web address cannot contain spaces.")
    try:
        parts = urlsplit(address)
        host = parts.hostname or ""
    except ValueError:  # e.g. an unclosed IPv6 bracket
        host = ""
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or "." not in host:
        return _("Enter a web address starting with https:// or http://.")
    return None
