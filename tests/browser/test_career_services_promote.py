"""Career services promote a programme to a cohort in a real browser, and the graduate sees it
first in "For you", marked as recommended by their university's career services, with the note."""

from __future__ import annotations

import re

from flask import Flask
from playwright.sync_api import Page, expect

from talentmatch.models import DegreeLevel, OpportunityKind, Visibility
from talentmatch.services import matching
from tests.browser.test_content_security_policy import Violations, _log_in, _log_out
from tests.factories import (
    make_career_services,
    make_graduate,
    make_opportunity,
    make_skills,
    make_university,
)

NOTE = "The spring intake suits your data skills: apply before March."


def test_staff_filter_a_cohort_and_promote_a_programme_the_graduate_sees(
    app: Flask, page: Page, monkeypatch
):
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)
    with app.app_context():
        skills = make_skills()
        data = [skills["SQL"], skills["Python (computer programming)"], skills["data analytics"]]
        university = make_university("Aalto Test University")
        make_career_services(university, "kaisa@example.com")
        make_graduate(
            email="aino@example.com",
            full_name="Aino Aaltonen",
            university=university,
            visibility=Visibility.CAREER_SERVICES,
            skills=data,
            field_of_study="Data Science",
            degree_level=DegreeLevel.MASTER,
            graduation_year=2024,
        )
        make_graduate(
            email="bao@example.com",
            full_name="Bao Berglund",
            university=university,
            visibility=Visibility.CAREER_SERVICES,
            field_of_study="Nursing",
        )
        make_opportunity(
            OpportunityKind.PROGRAMME,
            title="Data talent programme",
            university=university,
            required_skills=data,
        )
        matching.fit_and_activate()
    violations = Violations(page)

    _log_in(page, "kaisa@example.com")
    page.goto("/career-services/")
    page.get_by_role("link", name="Your graduates and their matches").click()
    expect(page.get_by_text("No filter: showing every graduate")).to_be_visible()
    page.get_by_label("Field of study").fill("data")
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page.get_by_role("rowheader", name="Aino Aaltonen")).to_be_visible()
    expect(page.get_by_text("Bao Berglund")).to_have_count(0)
    page.get_by_label("Cohort name").fill("Data graduates")
    page.get_by_role("button", name="Save this filter as a cohort").click()
    expect(page.get_by_text("Cohort “Data graduates” saved.")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Promote to this cohort")).click()
    page.get_by_label("Opportunity").select_option(
        label="Data talent programme (Aalto Test University)"
    )
    page.get_by_label("Note to the graduate").fill(NOTE)
    page.get_by_role("button", name="Promote", exact=True).click()
    expect(page.get_by_text("Promoted: 1 graduate received it now.")).to_be_visible()
    expect(page.get_by_role("cell", name="Cohort “Data graduates”")).to_be_visible()
    assert violations.on(page) == []
    _log_out(page)

    _log_in(page, "aino@example.com")
    page.goto("/graduates/for-you")
    promoted = page.locator(".promoted-item")
    expect(promoted).to_have_count(1)
    expect(promoted).to_contain_text("Recommended by Aalto Test University career services")
    expect(promoted).to_contain_text("Data talent programme")
    expect(promoted).to_contain_text(NOTE)
    assert violations.on(page) == []
