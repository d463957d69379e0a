"""The staying checklist in a real browser, in each interface language: a graduate with an offer
reads their steps, gets a bad date refused, ticks a step off and records a move; an
administrator edits a step (a bad edit first) and the graduate sees it. Every page passes
axe-core at both widths (the Journey's checks)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from playwright.sync_api import expect

from talentmatch.extensions import db
from talentmatch.models import ApplicationStatus, Role, WorkPermit
from talentmatch.services import staying_steps
from talentmatch.site_dates import site_today
from tests.browser.journey import LANGUAGES, Journey
from tests.factories import make_application, make_graduate, make_job, make_user


def _titles(key: str, lang: str) -> str:
    return staying_steps.shipped().step(key).texts[lang].title


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_graduate_follows_the_checklist_and_an_administrators_edit_reaches_them(
    app: Flask, start_journey, lang: str
):
    with app.app_context():
        today = site_today()
        graduate = make_graduate(
            f"sami.{lang}@example.com",
            full_name="Sami Rahman",
            work_permit=WorkPermit.NEEDS_SPONSORSHIP,
            permit_end_date=today + timedelta(days=45),
        )
        graduate.locale = lang
        db.session.commit()
        make_application(graduate, make_job(title="Data analyst"), status=ApplicationStatus.OFFER)
        admin = make_user(Role.ADMIN, f"ada.{lang}@example.com", full_name="Ada Admin", locale=lang)
        graduate_email, admin_email = graduate.email, admin.email

    journey: Journey = start_journey("graduate", lang)
    page, w = journey.page, journey.words
    journey.arrive("/")
    journey.log_in(graduate_email)
    journey.nav().get_by_role("link", name=w("Staying checklist")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(w("Staying in the region"))
    journey.check("staying")

    # The offer brought the permit based on work, due before the permit ends: first on the list.
    steps = page.locator("section[aria-labelledby=todo-heading] li.checklist-step")
    expect(steps.first).to_have_id("step-employment_permit")
    expect(steps.first.locator("h3")).to_contain_text(_titles("employment_permit", lang))
    expect(steps.first.locator("h3 .badge")).to_have_text(w("Due soon"))
    expect(page.locator("#step-job_seeking_permit")).to_have_count(0)
    expect(page.locator(".notice-warning")).to_contain_text(
        w("This is guidance, not legal advice.")
    )

    # A day in the future is refused with the reason, at the step, and nothing is ticked.
    tax = page.locator("#step-tax_card")
    tax.locator("input[type=date]").fill((today + timedelta(days=3)).isoformat())
    tax.locator("button[type=submit]").click()
    expect(page.locator("#step-tax_card .form-errors")).to_contain_text(
        w("The day cannot be in the future.")
    )
    expect(page.locator("#step-tax_card input[type=date]")).to_have_attribute(
        "aria-invalid", "true"
    )
    journey.check("staying-bad-date")

    # A right day ticks the step off: it moves to "Done" with the day.
    done_on = today - timedelta(days=2)
    page.locator("#step-tax_card input[type=date]").fill(done_on.isoformat())
    page.locator("#step-tax_card button[type=submit]").click()
    done = page.locator("section[aria-labelledby=done-heading]")
    expect(done.locator("#step-tax_card")).to_be_visible()
    expect(page.locator("section[aria-labelledby=todo-heading] #step-tax_card")).to_have_count(0)
    journey.check()

    # A move to Espoo: the notice to DVV joins the list.
    home = page.locator("form.home-form")
    home.locator("select[name=municipality]").select_option("Helsinki")
    home.locator("[type=submit]").click()
    expect(page.locator("#step-moving_notice")).to_have_count(0)
    home = page.locator("form.home-form")
    home.locator("select[name=municipality]").select_option("Espoo")
    home.locator("input[name=moved_on]").fill(today.isoformat())
    home.locator("[type=submit]").click()
    expect(page.locator("#step-moving_notice h3")).to_contain_text(_titles("moving_notice", lang))
    journey.check("staying-moved")

    # The administrator edits the step: an empty Swedish title first, then a real change.
    admin_journey: Journey = start_journey("admin", lang)
    apage = admin_journey.page
    admin_journey.arrive("/")
    admin_journey.log_in(admin_email)
    apage.goto("/admin/")
    apage.locator("a[href='/admin/staying/']").click()
    admin_journey.check("staying-steps")
    apage.locator("a[href='/admin/staying/kela_coverage/edit']").click()
    admin_journey.check("staying-edit")
    form = apage.locator("main form[method=post]").first
    form.locator("input[name=title_sv]").fill("")
    form.locator("button[type=submit]").click()
    expect(apage.locator(".form-errors")).to_contain_text(
        w("Write this in every language: graduates read it in theirs.")
    )
    admin_journey.check("staying-edit-error")
    form = apage.locator("main form[method=post]").first
    form.locator("input[name=title_sv]").fill("Ta reda på om du omfattas av FPA")
    form.locator(f"input[name=title_{lang}]").fill(f"Kela ({lang}): check your coverage")
    form.locator("button[type=submit]").click()
    expect(admin_journey.flash()).to_be_visible()
    admin_journey.check()
    admin_journey.finish()

    page.goto("/staying/")
    expect(page.locator("#step-kela_coverage h3")).to_contain_text(
        f"Kela ({lang}): check your coverage"
    )
    journey.check()
    journey.finish()
