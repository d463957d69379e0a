"""After Save or Hide on "For you", the keyboard focus stays where the graduate was."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, expect

from tests.factories import DEFAULT_PASSWORD
from tests.functional.test_for_you import GRACE, _catalogue


def _sign_in(page: Page) -> None:
    page.goto("/auth/login")
    page.get_by_label("Email address").fill(GRACE)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()


# The first ranking fits the matching engine on this test's data, which takes a while.
FIRST_RANKING_MS = 180_000


def _active(page: Page) -> dict[str, str]:
    return page.evaluate(
        "() => ({id: document.activeElement.id, tag: document.activeElement.tagName,"
        " text: document.activeElement.textContent.trim()})"
    )


def test_save_pressed_with_the_keyboard_keeps_the_focus_on_that_button(
    app: Flask, page: Page, monkeypatch
):
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)
    ids = _catalogue(app)
    _sign_in(page)
    page.goto("/graduates/for-you", timeout=FIRST_RANKING_MS)
    save = page.locator(f"#save-{ids['programme']}")
    expect(save).to_have_text("Save: Data talent programme")
    save.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("Saved “Data talent programme”.")).to_be_visible(
        timeout=FIRST_RANKING_MS
    )
    assert page.url.endswith(f"#save-{ids['programme']}")
    expect(page.locator(f"#save-{ids['programme']}")).to_be_focused()
    assert _active(page) == {
        "id": f"save-{ids['programme']}",
        "tag": "BUTTON",
        "text": "Saved ✓ (remove): Data talent programme",
    }


def test_hide_moves_the_focus_to_the_next_item_in_the_lane(app: Flask, page: Page, monkeypatch):
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)
    _catalogue(app)
    _sign_in(page)
    page.goto("/graduates/for-you", timeout=FIRST_RANKING_MS)
    jobs = page.locator("#lane-job").locator("xpath=..").locator("h3")
    titles = jobs.all_text_contents()
    assert len(titles) >= 2
    first_id = int(jobs.first.get_attribute("id").removeprefix("opportunity-"))
    second = jobs.nth(1).get_attribute("id")
    hide = page.locator(f"form[action*='/opportunities/{first_id}/hide'] button")
    expect(hide).to_contain_text("Hide")
    hide.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text(f"“{titles[0]}” is hidden")).to_be_visible(timeout=FIRST_RANKING_MS)
    expect(page.locator(f"#opportunity-{first_id}")).to_have_count(0)
    expect(page.locator(f"#{second}")).to_be_focused()
    assert _active(page)["tag"] == "H3"
