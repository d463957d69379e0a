"""Password rules: length, the breached-password list, the email address."""

from __future__ import annotations

import pytest

from talentmatch.services.passwords import password_problem


@pytest.mark.parametrize("password", ["abrakadabra", "p0o9i8u7y6", "MapleLeafs", "zaqwsxcderfv"])
def test_passwords_from_the_breach_corpus_are_refused(app_ctx, password):
    assert password_problem(password) == (
        "This password is too common. Choose one that is harder to guess."
    )


@pytest.mark.parametrize(
    ("password", "email", "message"),
    [
        ("short1", "", "Use at least 8 characters."),
        ("x" * 257, "", "Use at most 256 characters."),
        ("mei.lin.rocks!", "mei.lin@example.com", "Your password must not contain your email"),
    ],
)
def test_other_rules_say_what_is_wrong(app_ctx, password, email, message):
    assert password_problem(password, email).startswith(message)


@pytest.mark.parametrize("password", ["northern lights 42", "Kuusi palaa 1987!", "ä ö å ß ∑ ½ 𝔘"])
def test_uncommon_passwords_are_accepted(app_ctx, password):
    assert password_problem(password, "someone@example.com") is None
