"""An invitation in a real browser: the employer invites a candidate from the Candidates tab, the
graduate reads it in Messages, answers the recruiter's question and accepts."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, expect

from talentmatch.extensions import db
from talentmatch.models import Visibility
from talentmatch.services import matching
from tests.browser.test_content_security_policy import Violations, _log_in, _log_out
from tests.factories import make_employer, make_graduate, make_job, make_organisation, make_skills


def test_employer_invites_graduate_who_replies_and_accepts(app: Flask, page: Page, monkeypatch):
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)
    with app.app_context():
        skills = make_skills()
        data = [skills["SQL"], skills["Python (computer programming)"]]
        organisation = make_organisation("Nordic Data Oy")
        make_employer(organisation, email="erik@example.com")
        job = make_job(organisation, title="Data Analyst", required_skills=data)
        make_graduate(
            email="aino@example.com",
            full_name="Aino Open",
            visibility=Visibility.EMPLOYERS,
            skills=data,
        )
        db.session.commit()
        job_id = job.id
        matching.fit_and_activate()
    violations = Violations(page)

    _log_in(page, "erik@example.com")
    page.goto(f"/employers/jobs/{job_id}/candidates")
    page.get_by_role("link", name="Invite to apply").click()
    page.get_by_label("A note to the graduate (optional)").fill(
        "Your SQL projects caught our eye. When could you start?"
    )
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Aino Open is invited to apply.")).to_be_visible()
    expect(page.get_by_text("Invited on")).to_be_visible()
    assert violations.on(page) == []
    _log_out(page)

    _log_in(page, "aino@example.com")
    page.get_by_role("link", name="Messages").click()
    expect(page.get_by_text("Your SQL projects caught our eye.")).to_be_visible()
    page.get_by_role("link", name="Write to them").click()
    page.get_by_label("Your message").fill("I could start in March.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your message is sent.")).to_be_visible()
    expect(page.locator(".message-body")).to_have_text(["I could start in March."])
    page.get_by_role("button", name="Accept and apply").click()
    expect(page.get_by_role("heading", name="Data Analyst", level=1)).to_be_visible()
    expect(page.get_by_text("You accepted the invitation.")).to_be_visible()
    assert violations.on(page) == []
    _log_out(page)

    _log_in(page, "erik@example.com")
    page.get_by_role("link", name="Messages").click()
    expect(page.get_by_text("1 unread")).to_be_visible()
    page.get_by_role("link", name="Aino Open").click()
    expect(page.get_by_text("I could start in March.")).to_be_visible()
    expect(page.get_by_text("Invitation accepted on")).to_be_visible()
