"""In a real browser: career services open their analytics dashboard and every chart is drawn
(an SVG with a real size) next to its data table, under the Content-Security-Policy."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from flask import Flask
from playwright.sync_api import Page, expect

from talentmatch.analytics.dashboard import PANELS
from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ConsentPurpose,
    ConsentRecord,
    Interaction,
    InteractionKind,
    MatchSummary,
    OpportunityKind,
    OutcomeResponse,
    OutcomeStatus,
    Promotion,
    PromotionDelivery,
    StayingStepDone,
    Visibility,
    WorkPermit,
)
from talentmatch.services.analytics import PRIVACY_MINIMUM
from tests.browser.test_content_security_policy import Violations
from tests.factories import (
    DEFAULT_PASSWORD,
    make_career_services,
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
)

CHARTS = len(PANELS)


def _seed_a_university_with_history() -> str:
    """Twelve graduates of one university with matches, a promotion, views, applications and
    survey answers, enough for every chart to draw something; the staff member's email."""
    skills = make_skills()
    sql, python = skills["SQL"], skills["Python (computer programming)"]
    university = make_university("Aalto")
    organisation = make_organisation()
    jobs = [make_job(organisation, required_skills=[sql, python]) for _ in range(2)]
    programme = make_opportunity(OpportunityKind.PROGRAMME, university=university)
    course = make_opportunity(
        OpportunityKind.COURSE, title="Finnish for work", university=university
    )
    today = datetime.now(UTC).date()
    graduates = [
        make_graduate(
            university=university,
            visibility=Visibility.CAREER_SERVICES,
            field_of_study="Data Science" if n < 7 else "Economics",
            work_permit=WorkPermit.EU_EEA_CITIZEN if n < 6 else WorkPermit.PERMIT_ALLOWS_WORK,
            graduation_year=today.year - 2,
            skills=[sql] if n < 8 else [python],
        )
        for n in range(12)
    ]
    promotion = Promotion(
        university_id=university.id, opportunity_id=programme.id, graduate_id=graduates[0].id
    )
    db.session.add(promotion)
    db.session.flush()
    top = json.dumps(
        [{"opportunity_id": j.id, "title": j.title, "kind": "job", "band": "strong"} for j in jobs]
    )
    for n, person in enumerate(graduates):
        for weeks_ago in range(4):
            db.session.add(
                MatchSummary(
                    user_id=person.id,
                    computed_on=today - timedelta(weeks=weeks_ago),
                    strong_matches=(n + weeks_ago) % 5,
                    top=top,
                    # Finnish one level up would help eight of the twelve, SQL all twelve.
                    gaps=json.dumps(
                        {"languages": {"fi": 2} if n % 3 else {}, "skills": {sql.uri: 1}}
                    ),
                )
            )
        db.session.add(
            PromotionDelivery(
                promotion_id=promotion.id,
                user_id=person.id,
                opportunity_id=programme.id,
                opened_at=datetime.now(UTC).replace(tzinfo=None) if n < 9 else None,
            )
        )
        db.session.add(
            Interaction(user_id=person.id, opportunity_id=jobs[0].id, kind=InteractionKind.VIEW)
        )
        if n < 8:
            steps = [ApplicationStatus.SUBMITTED, ApplicationStatus.INTERVIEW]
            application = Application(
                user_id=person.id, opportunity_id=jobs[0].id, status=steps[-1], cover_note=""
            )
            application.events.extend(ApplicationEvent(status=step) for step in steps)
            db.session.add(application)
        db.session.add(
            ConsentRecord(
                user_id=person.id, purpose=ConsentPurpose.OUTCOME_SHARING, text_version="1"
            )
        )
        if n < 6:  # six take the university's course
            db.session.add(
                Interaction(
                    user_id=person.id, opportunity_id=course.id, kind=InteractionKind.TAKING
                )
            )
        # Staying checklist: everyone registered with DVV, the first eight got a tax card.
        db.session.add(
            StayingStepDone(user_id=person.id, step_key="dvv_registration", done_on=today)
        )
        if n < 8:
            db.session.add(StayingStepDone(user_id=person.id, step_key="tax_card", done_on=today))
        for months in (6, 12):
            employed = n < 7 or months == 12
            db.session.add(
                OutcomeResponse(
                    user_id=person.id,
                    checkpoint=months,
                    status=OutcomeStatus.EMPLOYED if employed else OutcomeStatus.SEEKING,
                    municipality="Espoo" if employed else None,
                    answered_at=datetime(today.year - 1, 1, 5),
                )
            )
    db.session.commit()
    return make_career_services(university, "kaisa@aalto.example.fi").email


def _log_in(page: Page, email: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_staff_open_the_dashboard_and_see_every_chart_with_its_table(app: Flask, page: Page):
    with app.app_context():
        email = _seed_a_university_with_history()
    violations = Violations(page)
    _log_in(page, email)
    page.goto("/career-services/")
    page.get_by_role("link", name="Analytics: who matches, applies, is hired and stays").click()
    expect(page.get_by_role("heading", name="Analytics", exact=True)).to_be_visible()

    charts = page.locator("figure.chart svg[role=img]")
    expect(charts).to_have_count(CHARTS)
    for index in range(CHARTS):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 40, index
        # Something is drawn in it: bars, or the line and its points.
        drawn = chart.locator("rect.chart-bar, polyline.chart-line, circle.chart-point")
        assert drawn.count() > 0, index
        assert "No data yet." not in (chart.text_content() or "")
        # Its colours come from the stylesheet, not from the page.
        fill = drawn.last.evaluate("element => getComputedStyle(element).fill")
        assert fill not in ("", "none", "rgb(0, 0, 0)"), (index, fill)

    tables = page.get_by_role("table")
    expect(tables).to_have_count(CHARTS)
    funnel = page.get_by_role("region", name="Data table: From recommended to hired")
    expect(funnel.get_by_role("row", name=re.compile(r"^Recommended "))).to_contain_text(
        "100% (36 of 36)"
    )
    staying = page.get_by_role("region", name="Data table: Staying in the Helsinki region")
    expect(staying).to_contain_text("58% (7 of 12)")
    checklist = page.get_by_role(
        "region", name="Data table: Staying checklist: who is at which step"
    )
    expect(checklist.get_by_role("row", name=re.compile(r"^Get a tax card"))).to_contain_text(
        "67% (8 of 12)"
    )
    gaps = page.get_by_role("region", name="Data table: What would open more doors for the group")
    expect(gaps.get_by_role("row", name=re.compile(r"^SQL"))).to_contain_text("12")
    expect(gaps.get_by_role("row", name=re.compile(r"^Finnish"))).to_contain_text("16")
    courses = page.get_by_role("region", name="Data table: Courses the group's graduates take")
    expect(courses.get_by_role("row", name=re.compile(r"^Finnish for work"))).to_contain_text("6")
    expect(page.get_by_text(f"fewer than {PRIVACY_MINIMUM}").first).to_be_visible()
    assert violations.on(page) == []


def test_the_dashboard_fits_a_phone_screen(app: Flask, page: Page):
    with app.app_context():
        email = _seed_a_university_with_history()
    page.set_viewport_size({"width": 375, "height": 800})
    _log_in(page, email)
    page.goto("/career-services/analytics/")
    chart = page.locator("figure.chart svg[role=img]").first
    box = chart.bounding_box()
    assert box is not None and 0 < box["width"] <= 375
    # The page itself does not scroll sideways; wide tables scroll in their own region.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_an_empty_university_shows_no_data_yet_in_every_chart(app: Flask, page: Page):
    with app.app_context():
        email = make_career_services(make_university("Uniarts")).email
    _log_in(page, email)
    page.goto("/career-services/analytics/")
    charts = page.locator("figure.chart svg[role=img]")
    expect(charts).to_have_count(CHARTS)
    for index in range(CHARTS):
        expect(charts.nth(index)).to_contain_text("No data yet.")
        box = charts.nth(index).bounding_box()
        assert box is not None and box["height"] > 0
