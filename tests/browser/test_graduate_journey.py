"""A graduate's first visit in a real browser: sign up, build the profile, browse opportunities."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, expect

from talentmatch.models import CEFRLevel
from tests.factories import make_job, make_organisation, make_skills
from tests.mailbox import last_link


def _seed_catalogue(app: Flask) -> None:
    with app.app_context():
        skills = make_skills()
        employer = make_organisation("Nordic Data Oy")
        make_job(
            employer,
            title="Machine Learning Engineer",
            languages={"en": CEFRLevel.B2},
            required_skills=[skills["machine learning"], skills["Python (computer programming)"]],
        )
        make_job(employer, title="Asiakaspalvelija", languages={"fi": CEFRLevel.C1})


def test_graduate_registers_builds_profile_with_autocomplete_and_browses(
    app: Flask, page: Page, smtp_server
):
    _seed_catalogue(app)

    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("A graduate or student looking for opportunities").check()
    page.get_by_label("Full name").fill("Priya Sharma")
    page.get_by_label("Email address").fill("priya@example.com")
    page.get_by_label("Password", exact=True).fill("midnight sun 2025")
    page.get_by_label("Repeat password").fill("midnight sun 2025")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    page.goto(last_link(smtp_server, "priya@example.com", "/auth/verify/"))
    page.get_by_role("button", name="Confirm my email address").click()

    expect(page.get_by_role("heading", name="Edit your profile")).to_be_visible()
    page.get_by_label("Headline").fill("Machine-learning engineer")

    # Finnish label, picked with the keyboard from the autocomplete list.
    skill_box = page.get_by_role("combobox", name="Add a skill")
    skill_box.press_sequentially("koneopp", delay=30)
    expect(page.get_by_role("option", name="machine learning")).to_be_visible()
    skill_box.press("ArrowDown")
    skill_box.press("Enter")
    expect(page.get_by_role("checkbox", name="machine learning")).to_be_checked()

    # English alternative label, picked with the mouse.
    skill_box.press_sequentially("python", delay=30)
    page.get_by_role("option", name="Python (computer programming)").click()
    expect(page.get_by_role("checkbox", name="Python (computer programming)")).to_be_checked()

    # A skill ESCO does not know is kept as typed.
    skill_box.fill("Kaggle competitions")
    skill_box.press("Enter")
    expect(page.get_by_role("checkbox", name="Kaggle competitions")).to_be_checked()

    page.locator("select[name='languages-0-code']").select_option("en")
    page.locator("select[name='languages-0-level']").select_option("C1")
    page.locator("select[name='languages-1-code']").select_option("fi")
    page.locator("select[name='languages-1-level']").select_option("A2")
    page.get_by_role("checkbox", name="Helsinki", exact=True).check()
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("heading", name="Priya Sharma")).to_be_visible()
    skills_section = page.get_by_role("region", name="Skills")
    for label in ("machine learning", "Python (computer programming)", "Kaggle competitions"):
        expect(skills_section).to_contain_text(label)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Opportunities").click()
    expect(page.get_by_role("link", name="Asiakaspalvelija")).to_be_visible()
    page.get_by_label("Language requirements I meet").check()
    page.get_by_role("button", name="Show results").click()
    expect(page.get_by_role("link", name="Machine Learning Engineer")).to_be_visible()
    expect(page.get_by_role("link", name="Asiakaspalvelija")).to_have_count(0)

    page.get_by_role("link", name="Machine Learning Engineer").click()
    expect(page.get_by_role("heading", name="Machine Learning Engineer")).to_be_visible()
    expect(page.get_by_text("Nordic Data Oy").first).to_be_visible()
