"""Each role's work, end to end in a real browser, once in each interface language.

Every page a journey visits passes axe-core (no serious or critical violation) and fits the
screen at 1280 and 375 px, its main pages are photographed (instance/screenshots/index.html),
and what the tests look for on a page is found by role, form field, address or the app's own
catalogue in the journey's language, never by English text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import expect

from talentmatch.models import (
    ApplicationStatus,
    CEFRLevel,
    OpportunityKind,
    Role,
)
from talentmatch.services import matching
from tests.browser.journey import LANGUAGES, Journey
from tests.factories import (
    make_event,
    make_job,
    make_notification,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
    make_user,
)

StartJourney = Callable[[str, str], Journey]


@pytest.fixture(autouse=True)
def _served_fits_at_once(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The live server serves the model each journey fits before it starts."""
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


@dataclass
class GraduateWorld:
    email: str
    sql: int
    python: int
    job: int
    other_job: int
    event: int


def _graduate_world(app: Flask, lang: str) -> GraduateWorld:
    """An employer's jobs, a university's programme and event, and a graduate with an account
    but no profile yet, with one unread notification."""
    with app.app_context():
        skills = make_skills()
        sql, python = skills["SQL"], skills["Python (computer programming)"]
        university = make_university("University of Helsinki")
        organisation = make_organisation("Nordic Data Oy")
        job = make_job(
            organisation,
            title="Data analyst",
            required_skills=[sql, python],
            languages={"en": CEFRLevel.B2},
        )
        other = make_job(
            organisation,
            title="Reporting analyst",
            required_skills=[sql],
            nice_skills=[skills["data analytics"]],
        )
        make_job(
            organisation,
            title="Marketing trainee",
            required_skills=[skills["marketing principles"]],
        )
        make_opportunity(
            OpportunityKind.PROGRAMME,
            title="Data talent programme",
            university=university,
            required_skills=[sql, python],
        )
        event = make_event(university, title="Data careers evening", capacity=40)
        graduate = make_user(
            Role.GRADUATE, f"mei.{lang}@example.com", full_name="Mei Lin", locale=lang
        )
        make_notification(graduate, text="Welcome to TalentMatch", link="/graduates/profile/edit")
        matching.fit_and_activate()
        return GraduateWorld(graduate.email, sql.id, python.id, job.id, other.id, event.id)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_graduate_builds_a_profile_saves_applies_and_rsvps(
    app: Flask, start_journey: StartJourney, lang: str
):
    world = _graduate_world(app, lang)
    journey = start_journey("graduate", lang)
    page, w = journey.page, journey.words

    journey.arrive("/")
    journey.check("home")
    journey.log_in(world.email)
    journey.check()

    # The profile: skills with the picker, a language and its level, permit, municipalities.
    page.goto("/graduates/profile/edit")
    journey.check("profile-edit")
    form = page.locator("main form[method=post]")
    form.locator("input[name=headline]").fill("Data analyst, SQL and Python")
    picker = form.locator("[data-skill-picker][data-name=skills]")
    journey.pick_skill(picker, "sql", world.sql)
    journey.pick_skill(picker, "pyth", world.python)
    form.locator("select[name='languages-0-code']").select_option("en")
    form.locator("select[name='languages-0-level']").select_option("C1")
    form.locator("select[name='languages-1-code']").select_option("fi")
    form.locator("select[name='languages-1-level']").select_option("A2")
    form.locator("input[name=work_permit][value=permit_allows_work]").check()
    form.locator("input[name=municipalities][value=Helsinki]").check()
    form.locator("input[name=municipalities][value=Espoo]").check()
    form.locator("input[name=visibility][value=employers]").check()
    form.get_by_role("button", name=w("Save profile")).last.click()
    expect(journey.flash()).to_contain_text(w("Your profile is saved."))
    skills = page.locator("section[aria-labelledby=skills-heading]")
    expect(skills.locator(".chip")).to_have_count(2)
    journey.check("profile")

    # For you: the job is ranked with its reasons; save one item, hide another.
    journey.nav().get_by_role("link", name=w("For you")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(w("For you"))
    journey.check("for-you")
    item = page.locator("li.recommendation", has=page.locator(f"#opportunity-{world.job}"))
    expect(item.locator("ul.why li.why-good").first).to_be_visible()
    expect(item.locator("ul.why")).to_contain_text("SQL")
    item.locator(f"#save-{world.job}").click()
    expect(journey.flash()).to_contain_text(w("Saved “%(title)s”.", title="Data analyst"))
    expect(page.locator(f"#save-{world.job}")).to_contain_text(w("Saved ✓ (remove)"))
    journey.check()
    page.locator(f"form[action^='/graduates/opportunities/{world.other_job}/hide'] button").click()
    expect(page.locator(f"#opportunity-{world.other_job}")).to_have_count(0)
    journey.check()
    page.get_by_role("link", name=w("Hidden"), exact=True).click()
    expect(page.locator(f"a[href='/opportunities/{world.other_job}']").first).to_be_visible()
    journey.check("hidden")

    # Apply to the saved job from For you.
    journey.nav().get_by_role("link", name=w("For you")).click()
    page.locator(f"li.recommendation a[href='/applications/new/{world.job}']").click()
    journey.check("apply")
    apply_form = page.locator("main form[enctype='multipart/form-data']")
    apply_form.locator("textarea[name=cover_note]").fill("I analyse data with SQL and Python.")
    apply_form.locator("[type=submit]").click()
    journey.check("application")
    journey.nav().get_by_role("link", name=w("My applications")).click()
    row = page.get_by_role("row", name="Data analyst")
    expect(row).to_contain_text(w.label(ApplicationStatus.SUBMITTED))
    expect(row.locator("a")).to_have_text("Data analyst")
    journey.check("my-applications")

    # RSVP to the university's event.
    page.goto(f"/opportunities/{world.event}")
    journey.check("event")
    page.locator(f"form[action='/events/{world.event}/rsvp'] button").click()
    expect(page.locator("#rsvp")).to_contain_text(w("You are going."))
    journey.check()
    journey.nav().get_by_role("link", name=w("My events")).click()
    expect(page.locator(f"a[href='/opportunities/{world.event}']").first).to_be_visible()
    journey.check("events")

    # Notifications: read them all.
    journey.nav().locator("a[href='/notifications/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(w("Notifications"))
    journey.check("notifications")
    page.get_by_role("button", name=w("Mark all as read")).click()
    expect(page.locator("main p.lead")).to_have_text(w("You have read everything."))
    expect(journey.nav().locator("a[href='/notifications/']")).to_have_attribute(
        "aria-label", w.plural("Notifications, %(num)d unread", "Notifications, %(num)d unread", 0)
    )
    journey.check()

    journey.log_out()
    journey.finish()
