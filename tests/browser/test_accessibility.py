"""In a real browser, as each role: axe-core finds no serious or critical WCAG violation on the
pages of that role's work, and no page is wider than the screen, at 1280, 375 and 320 px."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from playwright.sync_api import Browser

from talentmatch.models import (
    ApplicationStatus,
    CEFRLevel,
    CourseCost,
    CourseFormat,
    OpportunityKind,
    Role,
    Visibility,
)
from talentmatch.models.opportunities import course_day
from talentmatch.services import matching
from tests.browser import axe
from tests.browser.journey import sign_in
from tests.factories import (
    make_application,
    make_career_services,
    make_employer,
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
    make_user,
)

WIDTHS = (1280, 375, 320)

GRADUATE, EMPLOYER = "mei@example.com", "erik@nordicdata.example.fi"
UNVERIFIED_EMPLOYER = "olli@startup.example.fi"
ADVISER, ADMIN = "laura@uni.example.fi", "admin@example.com"

PAGES = {
    None: [
        "/",
        "/opportunities/",
        "/opportunities/?kind=course",
        "/auth/login",
        "/auth/register",
        "/privacy",
        "/accessibility",
    ],
    GRADUATE: [
        "/graduates/for-you",
        "/graduates/profile",
        "/graduates/profile/edit",
        "/applications/",
        "/outcomes/",
        "/notifications/",
    ],
    EMPLOYER: ["/employers/"],
    UNVERIFIED_EMPLOYER: ["/employers/"],
    ADVISER: [
        "/career-services/",
        "/opportunities/new/course",
        "/career-services/graduates",
        "/career-services/promotions",
        "/career-services/analytics/",
    ],
    ADMIN: [
        "/admin/",
        "/admin/users",
        "/admin/organisations",
        "/admin/universities",
        "/admin/opportunities",
        "/admin/audit",
        "/admin/model",
    ],
}


@pytest.fixture
def world(app: Flask) -> None:
    """One of each role, with the rows that give their pages tables, badges and charts."""
    with app.app_context():
        skills = make_skills()
        university = make_university("University of Helsinki")
        organisation = make_organisation("Nordic Data Oy")
        make_employer(organisation, email=EMPLOYER)
        make_employer(make_organisation("Startup Oy", verified=False), email=UNVERIFIED_EMPLOYER)
        make_job(make_organisation("Other Oy", verified=False), title="Unlisted job")
        job = make_job(organisation, title="Data analyst", required_skills=[skills["SQL"]])
        offered = make_job(organisation, title="Data engineer", required_skills=[skills["SQL"]])
        make_opportunity(OpportunityKind.PROGRAMME, title="Talent programme", university=university)
        make_opportunity(
            OpportunityKind.COURSE,
            title="Finnish for working life",
            university=university,
            instruction_language="fi",
            teaches_language="fi",
            level_from=int(CEFRLevel.B1),
            level_to=int(CEFRLevel.B2),
            cost=CourseCost.PAID,
            price_eur=120,
            course_format=CourseFormat.BLENDED,
            starts_at=course_day(date.today() + timedelta(days=30)),
            ends_at=course_day(date.today() + timedelta(days=100)),
            deadline=None,
        )
        graduate = make_graduate(
            GRADUATE,
            full_name="Mei Lin",
            skills=[skills["SQL"]],
            visibility=Visibility.EMPLOYERS,
            university=university,
            graduation_year=2024,
        )
        make_application(graduate, job, ApplicationStatus.INTERVIEW)
        make_application(graduate, offered, ApplicationStatus.OFFER)
        make_career_services(university, ADVISER)
        make_user(Role.ADMIN, ADMIN, full_name="Ada Admin")
        matching.fit_and_activate()  # For you and the cohort view show their matches


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("who", list(PAGES), ids=lambda who: (who or "visitor").split("@")[0])
def test_every_page_of_a_role_passes_axe_and_fits_the_screen(
    browser: Browser, live_server: str, world: None, who: str | None, width: int
):
    context = browser.new_context(
        base_url=live_server, locale="en-GB", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        if who is not None:
            sign_in(page, who)
        problems = {}
        for path in PAGES[who]:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            found = axe.problems(page, width)
            if found:
                problems[path] = found
        assert problems == {}
    finally:
        context.close()
