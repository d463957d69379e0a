"""What would open more doors in a real browser, in each interface language: a graduate with
Finnish A2 reads the lines on For you (plural forms from the catalogue), follows the Finnish line
to the jobs it would open and on to a course that closes the gap, and a skill's line to its jobs
and course. Every page passes axe-core at both
widths (the Journey's checks)."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import expect

from talentmatch.extensions import db
from talentmatch.models import CEFRLevel, OpportunityKind
from talentmatch.services import matching
from tests.browser.journey import LANGUAGES, Journey
from tests.factories import (
    COOKING,
    make_esco_skill,
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
)


def _world(app: Flask, lang: str) -> dict:
    with app.app_context():
        skills = make_skills()
        sql, python = skills["SQL"], skills["Python (computer programming)"]
        cooking = [make_esco_skill(label) for label in COOKING]
        graduate = make_graduate(
            f"lin.{lang}@example.com",
            full_name="Lin Chen",
            skills=[sql, python, skills["data analytics"]],
            languages={"en": CEFRLevel.C1, "fi": CEFRLevel.A2},
        )
        graduate.locale = lang
        db.session.commit()
        org = make_organisation(name="Nordic Data Oy")
        finnish = [
            make_job(
                org, title=title, required_skills=[sql, python], languages={"fi": CEFRLevel.B1}
            ).id
            for title in ("Data analyst", "Reporting analyst")
        ]
        cooks = [
            make_job(org, title=title, required_skills=[sql, *cooking]).id
            for title in ("Canteen cook", "Line cook", "Restaurant cook")
        ]
        make_job(org, title="Junior analyst", required_skills=[sql, python])
        university = make_university("University of Helsinki")
        finnish_course = make_opportunity(
            OpportunityKind.COURSE,
            title="Finnish for work",
            university=university,
            teaches_language="fi",
            level_from=CEFRLevel.A2,
            level_to=CEFRLevel.B1,
        ).id
        cooking_course = make_opportunity(
            OpportunityKind.COURSE,
            title="Kitchen basics",
            university=university,
            required_skills=[cooking[0]],
        ).id
        matching.fit_and_activate()
        return {
            "email": graduate.email,
            "finnish": finnish,
            "cooks": cooks,
            "cooking": cooking[0].id,
            "finnish_course": finnish_course,
            "cooking_course": cooking_course,
        }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_graduate_follows_a_would_open_line_to_its_jobs(app: Flask, start_journey, lang: str):
    world = _world(app, lang)
    journey: Journey = start_journey("graduate", lang)
    page, w = journey.page, journey.words
    journey.arrive("/")
    journey.log_in(world["email"])
    journey.nav().get_by_role("link", name=w("For you")).click()
    doors = page.locator("section[aria-labelledby=doors-heading]")
    expect(doors.get_by_role("heading", level=2)).to_have_text(w("What would open more doors"))
    finnish = doors.locator("li").first
    expect(finnish).to_contain_text(w.plural("%(num)d more job", "%(num)d more jobs", 2))
    expect(finnish).to_contain_text(w("you have %(level)s", level="A2"))
    journey.check("doors")

    finnish.locator("a[href^='/graduates/doors/languages/fi']").click()
    expect(page.locator("main h1")).to_be_visible()
    assert journey.path == "/graduates/doors/languages/fi"
    for job_id in world["finnish"]:
        expect(page.locator(f"main a[href='/opportunities/{job_id}']")).to_be_visible()
    jobs = page.locator("main section").first
    expect(jobs.locator("ol.opportunity-list > li")).to_have_count(2)
    courses = page.locator("section[aria-labelledby=courses-heading]")
    expect(courses.get_by_role("heading", level=2)).to_have_text(w("Courses that close this gap"))
    expect(courses).to_contain_text(
        w.plural("Would open %(num)d more job for you", "Would open %(num)d more jobs for you", 2)
    )
    journey.check("doors-language")
    courses.locator(f"a[href='/opportunities/{world['finnish_course']}']").click()
    expect(page.locator("main h1")).to_contain_text("Finnish for work")
    journey.check("doors-course")

    page.goto(f"/graduates/doors/skills/{world['cooking']}")
    for job_id in world["cooks"]:
        expect(page.locator(f"main a[href='/opportunities/{job_id}']").first).to_be_visible()
    cooking_course = f"a[href='/opportunities/{world['cooking_course']}']"
    expect(
        page.locator(f"section[aria-labelledby=courses-heading] {cooking_course}")
    ).to_be_visible()
    journey.check("doors-skill")
    journey.finish()
