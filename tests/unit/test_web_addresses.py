"""Web addresses typed into forms."""

from __future__ import annotations

import pytest

from talentmatch.services.web_addresses import web_address, web_address_problem


def test_a_bare_domain_gets_https_in_front():
    assert web_address("  aalto.fi/careers ") == "https://aalto.fi/careers"
    assert web_address("http://example.fi") == "http://example.fi"


@pytest.mark.parametrize(
    "address",
    ["ftp://example.fi", "javascript:alert(1)", "http://[::1", "https://localhost", "not-a-link"],
)
def test_addresses_that_are_not_public_http_links_are_refused(app_ctx, address):
    assert web_address_problem(address, 500) == (
        "Enter a web address starting with https:// or http://."
    )


def test_spaces_and_overlong_addresses_are_refused_with_their_own_message(app_ctx):
    assert web_address_problem("https://example.fi/a b", 500) == (
        "A web address cannot contain spaces."
    )
    assert web_address_problem("https://" + "a" * 600 + ".fi", 500) == (
        "Keep the web address under 500 characters."
    )


def test_a_usable_address_has_no_problem(app_ctx):
    assert web_address_problem("https://www.helsinki.fi/en", 500) is None
