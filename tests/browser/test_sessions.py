"""Keep me signed in, in a real browser: it survives a restart, and the account page ends it."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Browser, expect

from tests.factories import DEFAULT_PASSWORD, make_graduate


def test_a_remembered_browser_survives_a_restart_until_signed_out_everywhere(
    app: Flask, browser: Browser, live_server: str
):
    with app.app_context():
        make_graduate(email="grace@example.com")
    first = browser.new_context(base_url=live_server, locale="en-GB")
    page = first.new_page()
    page.goto("/auth/login")
    page.get_by_label("Email address").fill("grace@example.com")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_label("Keep me signed in on this device").check()
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Account")).to_be_visible()
    # A browser restart keeps persistent cookies and drops the session cookie.
    kept = [c for c in first.cookies() if c.get("expires", -1) > 0]
    assert [c["name"] for c in kept] == ["remember_device"]
    first.close()

    restarted = browser.new_context(base_url=live_server, locale="en-GB")
    restarted.add_cookies(kept)
    page = restarted.new_page()
    page.goto("/graduates/profile")
    expect(page).to_have_url(f"{live_server}/graduates/profile")
    page.get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", name="Where you are signed in")).to_be_visible()
    expect(page.get_by_text("(this device)")).to_be_visible()
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_text("You have been signed out on every device.")).to_be_visible()
    restarted.close()

    again = browser.new_context(base_url=live_server, locale="en-GB")
    again.add_cookies(kept)
    page = again.new_page()
    page.goto("/graduates/profile")
    expect(page).to_have_url(f"{live_server}/auth/login?next=%2Fgraduates%2Fprofile")
    again.close()
