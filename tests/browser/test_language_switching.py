"""Switching the interface language in a real browser: the page stays the same and keeps what was
typed into its forms (static/js/language-switch.js), a visitor's choice is kept in a cookie, a
signed-in user's on the account, and a browser asking for Finnish gets Finnish."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Browser, Page, expect

from talentmatch.models import Role
from tests.browser.journey import Words, sign_in
from tests.factories import make_skills, make_user


def _switch(page: Page, lang: str) -> None:
    before = page.url
    page.locator(f"form[data-language-switcher] button[name=locale][value={lang}]").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert page.url == before


def test_what_a_visitor_typed_survives_a_switch_but_the_password_does_not(page: Page):
    page.goto("/auth/register?next=/opportunities/")
    page.locator("input[name=role][value=graduate]").check()
    page.locator("input[name=full_name]").fill("Priya Sharma")
    page.locator("input[name=email]").fill("priya@example.com")
    page.locator("input[name=password]").fill("midnight sun 2025")

    _switch(page, "fi")

    assert page.url.endswith("/auth/register?next=/opportunities/")
    expect(page.locator("input[name=role][value=graduate]")).to_be_checked()
    expect(page.locator("input[name=full_name]")).to_have_value("Priya Sharma")
    expect(page.locator("input[name=email]")).to_have_value("priya@example.com")
    expect(page.locator("input[name=password]")).to_have_value("")


def test_skills_picked_in_the_profile_survive_a_switch(app: Flask, page: Page):
    with app.app_context():
        skills = make_skills()
        sql = skills["SQL"].id
        make_user(Role.GRADUATE, "mei@example.com", full_name="Mei Lin")
    sign_in(page, "mei@example.com")
    page.goto("/graduates/profile/edit")
    page.locator("input[name=headline]").fill("Data analyst")
    picker = page.locator("[data-skill-picker][data-name=skills]")
    picker.get_by_role("combobox").press_sequentially("sql", delay=20)
    picker.locator(f"[role=option][data-id='{sql}']").click()
    picker.get_by_role("combobox").fill("Kaggle competitions")
    picker.get_by_role("combobox").press("Enter")
    picker.get_by_role("combobox").fill("half-typed")
    page.locator("select[name='languages-0-code']").select_option("en")
    page.locator("select[name='languages-0-level']").select_option("C1")
    page.locator("input[name=municipalities][value=Espoo]").check()

    _switch(page, "sv")

    expect(page.locator("input[name=headline]")).to_have_value("Data analyst")
    expect(picker.locator(f"input[name=skills][value^='esco:{sql}:']")).to_be_checked()
    expect(picker.locator("input[name=skills][value='text:Kaggle competitions']")).to_be_checked()
    expect(picker.locator("input[name=skills]")).to_have_count(2)
    expect(picker.get_by_role("combobox")).to_have_value("half-typed")
    expect(page.locator("select[name='languages-0-code']")).to_have_value("en")
    expect(page.locator("select[name='languages-0-level']")).to_have_value("C1")
    expect(page.locator("input[name=municipalities][value=Espoo]")).to_be_checked()

    # What came back is saved like anything typed on the page (the text left in the box too).
    page.locator("input[name=visibility][value=private]").check()
    page.locator("p.actions button[type=submit]").click()
    expect(page.locator(".flashes")).to_contain_text(Words(app, "sv")("Your profile is saved."))
    chips = page.locator("section[aria-labelledby=skills-heading] .chip")
    expect(chips).to_have_count(3)
    for label in ("SQL", "Kaggle competitions", "half-typed"):
        expect(chips.filter(has_text=label)).to_have_count(1)


def test_a_visitors_choice_is_kept_in_a_cookie(browser: Browser, live_server: str, app: Flask):
    context = browser.new_context(base_url=live_server, locale="en-GB")
    try:
        page = context.new_page()
        page.goto("/about")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        _switch(page, "fi")
        cookie = next(c for c in context.cookies() if c["name"] == app.config["LANGUAGE_COOKIE"])
        assert cookie["value"] == "fi"
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        assert cookie["expires"] > 0  # kept after the browser closes, not a session cookie

        other = context.new_page()
        other.goto("/opportunities/")
        expect(other.locator("html")).to_have_attribute("lang", "fi")
        expect(other.locator("form[data-language-switcher] button[value=fi]")).to_have_attribute(
            "aria-current", "true"
        )
    finally:
        context.close()


def test_a_signed_in_users_choice_is_remembered_after_logging_out_and_in_again(
    browser: Browser, live_server: str, app: Flask
):
    with app.app_context():
        make_user(Role.ADMIN, "ada@example.com", full_name="Ada Admin", locale="en")
    first = browser.new_context(base_url=live_server, locale="en-GB")
    try:
        page = first.new_page()
        sign_in(page, "ada@example.com")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        _switch(page, "sv")
        sv = Words(app, "sv")
        page.get_by_role("button", name=sv("Log out")).click()
        expect(page.get_by_role("link", name=sv("Log in"))).to_be_visible()
    finally:
        first.close()

    # Another browser, asking for English, with no cookie: the account's choice wins.
    second = browser.new_context(base_url=live_server, locale="en-GB")
    try:
        page = second.new_page()
        page.goto("/auth/login")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        sign_in(page, "ada@example.com")
        expect(page.locator("html")).to_have_attribute("lang", "sv")
        expect(page.get_by_role("heading", level=1)).to_have_text(sv("Administration"))
    finally:
        second.close()


def test_a_browser_asking_for_finnish_gets_finnish(browser: Browser, live_server: str, app: Flask):
    context = browser.new_context(base_url=live_server, locale="fi-FI")
    try:
        page = context.new_page()
        page.goto("/")
        fi = Words(app, "fi")
        expect(page.locator("html")).to_have_attribute("lang", "fi")
        expect(page.locator("a.skip-link")).to_have_text(fi("Skip to content"))
        navigation = page.get_by_role("navigation", name=fi("Main"))
        expect(navigation.locator("a[href='/opportunities/']")).to_have_text(fi("Opportunities"))
        expect(navigation.locator("a[href='/auth/login']")).to_have_text(fi("Log in"))
        expect(page.locator("form[data-language-switcher] button[value=fi]")).to_have_attribute(
            "aria-current", "true"
        )
    finally:
        context.close()
