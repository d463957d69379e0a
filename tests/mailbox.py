"""Reading links out of the emails the `smtp_server` fixture received."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

LINK = re.compile(r"https?://\S+")


def _part(message, content_type: str):
    for part in message.walk():
        if part.get_content_type() == content_type and not part.is_multipart():
            return part
    return None


def _decoded(part) -> str:
    payload = part.get_payload(decode=True)
    return payload.decode(part.get_content_charset() or "utf-8")


def body(message) -> str:
    """The plain-text part of a received message, transfer encoding undone."""
    part = _part(message, "text/plain")
    assert part is not None, "the message has no text/plain part"
    return _decoded(part)


def html(message) -> str:
    """The HTML part of a received message, transfer encoding undone."""
    part = _part(message, "text/html")
    assert part is not None, "the message has no text/html part"
    return _decoded(part)


def links_to(smtp_server, address: str, path_prefix: str) -> list[str]:
    """Paths (with query) of the links to `path_prefix` in every message sent to `address`."""
    found = []
    for message in smtp_server.to(address):
        for url in LINK.findall(body(message)):
            parts = urlsplit(url)
            if parts.path.startswith(path_prefix):
                found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def last_link(smtp_server, address: str, path_prefix: str) -> str:
    links = links_to(smtp_server, address, path_prefix)
    assert links, f"no link to {path_prefix} was emailed to {address}"
    return links[-1]


def confirm_email(client, smtp_server, address: str):
    """Follow the confirmation link sent to `address` and press its button."""
    link = last_link(smtp_server, address, "/auth/verify/")
    assert client.get(link).status_code == 200
    return client.post(link)
