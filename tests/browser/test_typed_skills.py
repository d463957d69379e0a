"""What people type, in a real browser: everyday words and typos in the skill picker, a thin
profile asked for more skills, and a Finnish search word finding an English posting."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, expect

from talentmatch.models import CEFRLevel
from talentmatch.recommender.language import language_models
from talentmatch.services.skills import import_esco
from tests.factories import make_job, make_organisation
from tests.mailbox import last_link


def _full_esco_and_a_job(app: Flask) -> None:
    with app.app_context():
        import_esco()
        make_job(
            make_organisation("Nordic Data Oy"),
            title="Data Scientist",
            description="You build machine learning models for the city's services.",
            languages={"en": CEFRLevel.B2},
        )
    language_models()  # as after the app's warm-up


def _first_option(page: Page, typed: str) -> str:
    box = page.get_by_role("combobox", name="Add a skill")
    box.fill("")
    box.press_sequentially(typed, delay=30)
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options.first).to_be_visible()
    return options.first.inner_text()


def test_typed_skills_thin_profile_and_finnish_search(app: Flask, page: Page, smtp_server):
    _full_esco_and_a_job(app)
    page.goto("/auth/register")
    page.get_by_label("A graduate or student looking for opportunities").check()
    page.get_by_label("Full name").fill("Ana Costa")
    page.get_by_label("Email address").fill("ana@example.com")
    page.get_by_label("Password", exact=True).fill("midnight sun 2025")
    page.get_by_label("Repeat password").fill("midnight sun 2025")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    page.goto(last_link(smtp_server, "ana@example.com", "/auth/verify/"))
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_role("heading", name="Edit your profile")).to_be_visible()

    assert _first_option(page, "Excel").startswith("use spreadsheets software")
    page.get_by_role("combobox", name="Add a skill").press("ArrowDown")
    page.get_by_role("combobox", name="Add a skill").press("Enter")
    expect(page.get_by_role("checkbox", name="use spreadsheets software")).to_be_checked()
    assert _first_option(page, "Pyhton").startswith("Python (computer programming)")
    page.get_by_role("listbox").get_by_role("option").first.click()
    expect(page.get_by_role("checkbox", name="Python (computer programming)")).to_be_checked()

    page.locator("select[name='languages-0-code']").select_option("en")
    page.locator("select[name='languages-0-level']").select_option("C1")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("heading", name="Ana Costa")).to_be_visible()

    page.goto("/graduates/for-you")
    expect(page.get_by_text("Your profile lists 2 skills. Add at least 3 skills")).to_be_visible()
    expect(page.get_by_text("Strong match")).to_have_count(0)

    page.goto("/opportunities/?q=koneoppiminen")
    expect(page.get_by_role("link", name="Data Scientist")).to_be_visible()
