"""Each role's work, end to end in a real browser, once in each interface language.

Every page a journey visits passes axe-core (no serious or critical violation) and fits the
screen at 1280 and 375 px, its main pages are photographed (instance/screenshots/index.html),
and what the tests look for on a page is found by role, form field, address or the app's own
catalogue in the journey's language, never by English text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    ApplicationStatus,
    CEFRLevel,
    OpportunityKind,
    Role,
    User,
    Visibility,
)
from talentmatch.services import matching
from talentmatch.services.audit import AuditEventKind
from talentmatch.services.audit_log import EVENT_LABELS
from tests.browser.journey import LANGUAGES, Journey
from tests.browser.test_analytics import CHARTS, _seed_a_university_with_history
from tests.factories import (
    make_application,
    make_career_services,
    make_employer,
    make_event,
    make_graduate,
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
    expect(page.locator(f"#save-{world.job}")).to_contain_text(w("Saved ✓ (remove)"))
    expect(page.locator(f"#opportunity-{world.other_job}")).to_have_count(0)
    journey.check()
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


@dataclass
class EmployerWorld:
    email: str
    sql: int
    python: int
    posted_job: int
    application: int
    candidate: str


def _employer_world(app: Flask, lang: str) -> EmployerWorld:
    """A verified organisation with one posted job and its applicant, and graduates who share
    their profiles with employers."""
    with app.app_context():
        skills = make_skills()
        sql, python = skills["SQL"], skills["Python (computer programming)"]
        organisation = make_organisation("Nordic Data Oy")
        employer = make_employer(
            organisation, email=f"erik.{lang}@nordicdata.example.fi", locale=lang
        )
        aino = make_graduate(
            f"aino.{lang}@example.com",
            full_name="Aino Aaltonen",
            skills=[sql, python, skills["data analytics"]],
            languages={"en": CEFRLevel.C1, "fi": CEFRLevel.NATIVE},
            visibility=Visibility.EMPLOYERS,
            field_of_study="Data Science",
            graduation_year=2024,
        )
        bao = make_graduate(
            f"bao.{lang}@example.com",
            full_name="Bao Berglund",
            skills=[sql],
            visibility=Visibility.EMPLOYERS,
        )
        posted = make_job(organisation, title="Data engineer", required_skills=[sql, python])
        application = make_application(bao, posted)
        matching.fit_and_activate()
        return EmployerWorld(
            employer.email, sql.id, python.id, posted.id, application.id, aino.full_name
        )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_employer_posts_a_job_invites_a_candidate_and_moves_an_applicant(
    app: Flask, start_journey: StartJourney, lang: str
):
    world = _employer_world(app, lang)
    journey = start_journey("employer", lang)
    page, w = journey.page, journey.words

    journey.arrive("/opportunities/")
    journey.check("opportunities")
    journey.log_in(world.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        w("Jobs at %(name)s", name="Nordic Data Oy")
    )
    journey.check("dashboard")

    # The organisation's details.
    journey.nav().get_by_role("link", name=w("Organisation")).click()
    journey.check("organisation")
    form = page.locator("main form[method=post]")
    form.locator("input[name=industry]").fill("Data consulting")
    form.locator("textarea[name=description]").fill("We help Finnish companies use their data.")
    form.locator("button[name=submit]").click()
    expect(journey.flash()).to_contain_text(w("Organisation details saved."))
    journey.check()

    # A job: first without a title, which is refused with the error tied to the field.
    page.locator("main a[href='/employers/jobs/new']").click()
    journey.check("new-job")
    form = page.locator("main form.job-form")
    form.locator("textarea[name=description]").fill("Build our data pipelines with SQL and Python.")
    form.locator("button[name=publish]:not([aria-hidden])").click()
    title = page.locator("main form.job-form input[name=title]")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#title-errors")).to_have_text(w("Please give a title."))
    assert "title-errors" in (title.get_attribute("aria-describedby") or "").split()
    # The summary at the top links to the field: following the link puts the focus there.
    summary_link = page.locator("main .form-errors[role=alert] a[href='#title']")
    expect(summary_link).to_have_text(f"{w('Job title')}: {w('Please give a title.')}")
    journey.check("new-job-error")
    summary_link.focus()
    page.keyboard.press("Enter")
    expect(title).to_be_focused()

    form = page.locator("main form.job-form")
    title.fill("Analytics engineer")
    journey.pick_skill(
        form.locator("[data-skill-picker][data-name=required_skills]"), "sql", world.sql
    )
    journey.pick_skill(
        form.locator("[data-skill-picker][data-name=required_skills]"), "pyth", world.python
    )
    form.locator("select[name='languages-0-code']").select_option("en")
    form.locator("select[name='languages-0-level']").select_option("B2")
    form.locator("select[name=employment_type]").select_option("full_time")
    form.locator("select[name=municipality]").select_option("Helsinki")
    form.locator("button[name=publish]:not([aria-hidden])").click()
    page.wait_for_url(re.compile(r"/employers/jobs/\d+(#.*)?$"))
    job_id = int(journey.path.rsplit("/", 1)[1])
    expect(page.get_by_role("heading", level=1)).to_have_text("Analytics engineer")
    journey.check("job")

    # Its candidates, ranked with the fit explained; invite the best one.
    tabs = page.get_by_role("navigation", name=w("This job"))
    tabs.get_by_role("link", name=w("Candidates")).click()
    candidate = page.locator("li.candidate", has=page.get_by_role("heading", name=world.candidate))
    expect(candidate.locator("ul.why li.why-good").first).to_be_visible()
    expect(candidate.locator("ul.why")).to_contain_text("SQL")
    journey.check("candidates")
    candidate.locator(f"a[href^='/messages/jobs/{job_id}/invite/']").click()
    journey.check("invite")
    page.locator("main form textarea[name=note]").fill("Your data skills fit this role well.")
    page.get_by_role("button", name=w("Send the invitation")).click()
    expect(journey.flash()).to_contain_text(
        w("%(name)s is invited to apply.", name=world.candidate)
    )
    journey.check()

    # The other job's applicant, moved through two steps.
    journey.nav().get_by_role("link", name=w("Our jobs")).click()
    expect(page.locator(f"main a[href='/employers/jobs/{job_id}']")).to_have_text(
        "Analytics engineer"
    )
    journey.check()
    page.locator(f"a[href='/employers/jobs/{world.posted_job}/applicants']").click()
    journey.check("applicants")
    prefix = f"application-{world.application}"
    for status in (ApplicationStatus.REVIEWED, ApplicationStatus.INTERVIEW):
        move = page.locator(f"form[action='/employers/applications/{world.application}/move']")
        move.locator(f"select[name={prefix}-status]").select_option(status.value)
        move.locator(f"textarea[name={prefix}-note]").fill(f"Next: {status.value}.")
        move.locator(f"[name={prefix}-submit]").click()
        expect(journey.flash()).to_contain_text(
            w(
                "%(name)s's application is now: %(status)s. They have been told.",
                name="Bao Berglund",
                status=w.label(status),
            )
        )
        journey.check("application" if status is ApplicationStatus.INTERVIEW else None)

    journey.log_out()
    journey.finish()


def _career_services_world(app: Flask, lang: str) -> tuple[str, int]:
    """A university's graduates with a year of history (from the analytics tests), its staff
    member's email and a new talent programme of the university to promote."""
    with app.app_context():
        email = _seed_a_university_with_history()
        staff = db.session.execute(select(User).filter_by(email=email)).scalar_one()
        staff.locale = lang
        programme = make_opportunity(
            OpportunityKind.PROGRAMME, title="Data talent programme", university=staff.university
        )
        matching.fit_and_activate()
        return email, programme.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_career_services_save_a_cohort_promote_a_programme_and_read_the_charts(
    app: Flask, start_journey: StartJourney, lang: str
):
    email, programme = _career_services_world(app, lang)
    journey = start_journey("career-services", lang)
    page, w = journey.page, journey.words

    journey.arrive("/auth/login")
    journey.log_in(email)
    expect(page.get_by_role("heading", level=1)).to_have_text(w("Career services"))
    journey.check("dashboard")

    # A cohort: the graduates who studied data, saved as a filter.
    page.locator("main a[href='/career-services/graduates']").first.click()
    journey.check("graduates")
    filters = page.locator("main form.cohort-filters")
    filters.locator("input[name=field_of_study]").fill("Data")
    filters.locator("button[type=submit]").click()
    expect(page.locator("main [role=status]").first).to_contain_text(
        w.plural("%(num)d graduate.", "%(num)d graduates.", 7)
    )
    journey.check("cohort-filtered")
    save = page.locator("main form.save-cohort")
    save.locator("input[name=name]").fill("Data graduates")
    save.locator("[type=submit]").click()
    expect(journey.flash()).to_contain_text(w("Cohort “%(name)s” saved.", name="Data graduates"))
    journey.check("cohorts")

    # Promote the programme to it, with a note.
    page.locator("main a[href$='/promote']").first.click()
    journey.check("promote")
    form = page.locator("main form[method=post]")
    form.locator("select[name=opportunity_id]").select_option(str(programme))
    form.locator("textarea[name=note]").fill("The spring intake suits your data skills.")
    form.locator("[name=submit]").click()
    expect(journey.flash()).to_contain_text(
        w.plural(
            "Promoted: %(num)d graduate received it now.",
            "Promoted: %(num)d graduates received it now.",
            7,
        )
    )
    journey.check("promotions")

    # Outcomes: every chart is drawn, each with its data table.
    page.goto("/career-services/")
    page.locator("main a[href='/career-services/analytics/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(w("Analytics"))
    panels = page.locator("section.analytics-panel")
    expect(panels).to_have_count(CHARTS)
    for index in range(CHARTS):
        panel = panels.nth(index)
        heading = panel.locator("h2").inner_text()
        expect(panel.locator("figure.chart svg[role=img]")).to_be_visible()
        table = panel.get_by_role("region", name=w("Data table: %(chart)s", chart=heading))
        expect(table.locator("table caption")).to_have_text(
            w("The numbers of “%(chart)s”", chart=heading)
        )
        assert table.locator("tbody tr").count() > 0
    journey.check("analytics")

    journey.log_out()
    journey.finish()


@dataclass
class AdminWorld:
    email: str
    startup: int
    startup_employer: str
    job: int


def _admin_world(app: Flask, lang: str) -> AdminWorld:
    """An organisation awaiting verification, a listed job, graduates and a fitted model."""
    with app.app_context():
        skills = make_skills()
        admin = make_user(Role.ADMIN, f"ada.{lang}@example.com", full_name="Ada Admin", locale=lang)
        startup = make_organisation("Startup Oy", verified=False)
        olli = make_employer(startup, email=f"olli.{lang}@startup.example.fi", full_name="Olli")
        organisation = make_organisation("Nordic Data Oy")
        make_employer(organisation, email=f"erik.{lang}@nordicdata.example.fi")
        job = make_job(organisation, title="Crypto trader", required_skills=[skills["SQL"]])
        make_job(organisation, title="Data analyst", required_skills=[skills["SQL"]])
        make_graduate(f"mei.{lang}@example.com", skills=[skills["SQL"]])
        make_career_services(make_university("University of Helsinki"), f"laura.{lang}@uh.fi")
        matching.fit_and_activate()
        return AdminWorld(admin.email, startup.id, olli.email, job.id)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_admin_verifies_an_organisation_unpublishes_a_job_and_reads_the_audit_log(
    app: Flask, start_journey: StartJourney, lang: str
):
    world = _admin_world(app, lang)
    journey = start_journey("admin", lang)
    page, w = journey.page, journey.words

    journey.arrive("/about")
    journey.check("about")
    journey.log_in(world.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(w("Administration"))
    journey.check("dashboard")

    # Users, filtered by role.
    page.locator("main a[href='/admin/users']").first.click()
    journey.check("users")
    page.locator("main form.admin-filter select[name=role]").select_option("employer")
    page.locator("main form.admin-filter button[type=submit]").click()
    expect(page.get_by_role("row", name=world.startup_employer)).to_be_visible()
    expect(page.get_by_role("row")).to_have_count(3)  # the header and two employers
    journey.check()

    # Verify the organisation awaiting verification.
    page.goto("/admin/")
    page.locator("main a[href='/admin/organisations?show=awaiting']").first.click()
    journey.check("organisations")
    page.locator(f"form[action^='/admin/organisations/{world.startup}/verify'] button").click()
    expect(journey.flash()).to_contain_text(w("%(name)s is now verified.", name="Startup Oy"))
    journey.check()

    # Unpublish a job, with the reason its owners are told.
    page.goto("/admin/")
    page.locator("main a[href='/admin/opportunities']").click()
    journey.check("opportunities")
    page.locator(f"main a[href^='/admin/opportunities/{world.job}/unpublish']").click()
    journey.check("unpublish")
    page.locator("main form textarea[name=reason]").fill("Not a job for graduates: a scam.")
    page.locator("main form button[type=submit]").click()
    expect(journey.flash()).to_contain_text(
        w("“%(title)s” is unpublished; its owners have been told why.", title="Crypto trader")
    )
    expect(
        page.locator(f"form[action^='/admin/opportunities/{world.job}/republish'] button")
    ).to_be_visible()
    journey.check()

    # The matching model's health.
    page.goto("/admin/")
    page.locator("main a[href='/admin/model']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(w("Matching model"))
    journey.check("model")

    # The audit log names what was just done.
    page.goto("/admin/")
    page.locator("main a[href='/admin/audit']").click()
    log = page.get_by_role("region", name=w("Audit log"))
    for kind in (AuditEventKind.ORGANISATION_VERIFIED, AuditEventKind.OPPORTUNITY_UNPUBLISHED):
        expect(log.get_by_role("cell", name=w.label(EVENT_LABELS[kind]))).to_be_visible()
    journey.check("audit")

    journey.log_out()
    journey.finish()
