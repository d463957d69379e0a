"""In a real browser: a graduate applies with a PDF through the form, the employer invites them
to an interview from the Applicants tab and writes to them, and the graduate sees the
notification and replies."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect

from talentmatch.models import CEFRLevel, Visibility
from talentmatch.services import matching
from tests.factories import (
    DEFAULT_PASSWORD,
    make_employer,
    make_graduate,
    make_job,
    make_organisation,
    make_skills,
)
from tests.functional.test_applications import pdf_bytes


def _log_in(page: Page, email: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()


def test_a_graduate_applies_the_employer_invites_to_interview_and_writes_and_they_reply(
    app: Flask, page: Page, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)
    with app.app_context():
        skills = make_skills()
        organisation = make_organisation("Nordic Data Oy")
        make_employer(organisation, email="erik@nordicdata.example.fi")
        job_id = make_job(
            organisation,
            title="Data analyst",
            required_skills=[skills["SQL"], skills["Python (computer programming)"]],
            languages={"en": CEFRLevel.B2},
        ).id
        make_graduate(
            "mei@example.com",
            full_name="Mei Lin",
            skills=[skills["SQL"], skills["Python (computer programming)"]],
            visibility=Visibility.EMPLOYERS,
        )
        matching.fit_and_activate()  # the apply page explains the fit; fit the model first
    cv = pdf_bytes()

    _log_in(page, "mei@example.com")
    page.goto(f"/opportunities/{job_id}")
    page.get_by_role("link", name="Apply for this job").click()
    expect(page.get_by_role("heading", name="How well this job fits you")).to_be_visible()
    page.get_by_label("Cover note").fill("I analyse data with SQL and Python every day.")
    page.get_by_label("CV (optional)").set_input_files(
        files=[{"name": "Mei Lin CV.pdf", "mimeType": "application/pdf", "buffer": cv}]
    )
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_text("Your application to “Data analyst” is sent.")).to_be_visible()
    expect(page.get_by_role("link", name="Your CV: Mei Lin CV.pdf")).to_be_visible()
    _log_out(page)

    _log_in(page, "erik@nordicdata.example.fi")
    page.goto("/employers/")
    page.get_by_role("link", name="1 applicant").click()
    expect(page.get_by_role("heading", name="Applicants")).to_be_visible()
    expect(page.get_by_text("I analyse data with SQL and Python every day.")).to_be_visible()
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download the CV (Mei Lin CV.pdf)").click()
    download = downloading.value
    assert download.suggested_filename == "Mei Lin CV.pdf"
    assert Path(download.path()).read_bytes() == cv
    page.get_by_label("Next step").select_option(label="Invite to interview")
    page.get_by_label("A note to the applicant (optional)").fill("Would Tuesday at 10 suit you?")
    page.get_by_role("button", name="Save the step").click()
    expect(
        page.get_by_text("Mei Lin's application is now: Interview. They have been told.")
    ).to_be_visible()
    _log_out(page)

    _log_in(page, "mei@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My applications").click()
    expect(page.get_by_role("cell", name="Interview")).to_be_visible()
    page.get_by_role("link", name="Data analyst").click()
    expect(page.get_by_text("Would Tuesday at 10 suit you?")).to_be_visible()
    _log_out(page)

    # The employer writes about the interview in the application's conversation …
    _log_in(page, "erik@nordicdata.example.fi")
    page.goto("/employers/")
    page.get_by_role("link", name="1 applicant").click()
    page.get_by_role("link", name="Messages with Mei Lin about this application").click()
    page.get_by_label("Your message").fill("Please bring your portfolio on Tuesday.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Please bring your portfolio on Tuesday.")).to_be_visible()
    _log_out(page)

    # … the graduate sees both notifications in the navigation, opens the message and replies.
    _log_in(page, "mei@example.com")
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Notifications, 2 unread")).to_be_visible()
    navigation.get_by_role("link", name="Notifications, 2 unread").click()
    expect(page.get_by_role("link", name="New message from Nordic Data Oy")).to_be_visible()
    page.get_by_role("link", name="New message from Nordic Data Oy").click()
    expect(page.get_by_text("Please bring your portfolio on Tuesday.")).to_be_visible()
    expect(navigation.get_by_role("link", name="Notifications, 1 unread")).to_be_visible()
    page.get_by_label("Your message").fill("I will bring it. See you on Tuesday!")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("I will bring it. See you on Tuesday!")).to_be_visible()
    _log_out(page)

    _log_in(page, "erik@nordicdata.example.fi")
    navigation = page.get_by_role("navigation", name="Main")
    navigation.get_by_role("link", name="Notifications, 2 unread").click()
    page.get_by_role("link", name="New message from Mei Lin").click()
    expect(page.get_by_text("I will bring it. See you on Tuesday!")).to_be_visible()
