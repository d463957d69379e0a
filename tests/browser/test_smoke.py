"""The landing page renders in a real browser with its stylesheet."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_landing_page_renders_with_styles_and_keyboard_skip_link(page: Page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Helsinki region")
    expect(page.locator("footer")).to_contain_text("ESCO classification of the European Commission")
    # The stylesheet is served locally and applied (no CDN).
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
