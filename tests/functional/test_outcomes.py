"""The first-destination survey: who is asked and when (in-app and by a real email), answering
and changing an answer, bad input that saves nothing, and a hire recorded as the answer only when
the graduate clicks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    ApplicationStatus,
    ConsentPurpose,
    Notification,
    NotificationKind,
    OutboundEmail,
    User,
)
from talentmatch.models.outcomes import (
    OUTSIDE_FINLAND,
    OutcomeResponse,
    OutcomeSource,
    OutcomeStatus,
    checkpoint_due,
)
from talentmatch.services import consent_records, email_preferences, outcome_hires, outcomes
from talentmatch.services.errors import InvalidInput
from talentmatch.services.transaction import unit_of_work
from tests import mailbox
from tests.factories import (
    make_application,
    make_career_services,
    make_employer,
    make_graduate,
    make_job,
    make_organisation,
    make_university,
)

GRACE = "grace@example.com"
OSKAR = "oskar@example.com"
RECRUITER = "recruiter@example.com"
ADVISER = "adviser@example.com"


def _today() -> date:
    return datetime.now(ZoneInfo("Europe/Helsinki")).date()


def graduate(
    email: str = GRACE,
    graduation_year: int | None = 2025,
    consent: bool = True,
    university: bool = True,
    **fields,
) -> User:
    user = make_graduate(
        email=email,
        graduation_year=graduation_year,
        university=make_university(short_name="HU") if university else None,
        **fields,
    )
    if consent:
        with unit_of_work():
            consent_records.give(user, ConsentPurpose.OUTCOME_SHARING)
    return user


def graduated_long_ago(email: str = GRACE, **fields) -> User:
    """Both checkpoints have come, whatever day the tests run."""
    return graduate(email, graduation_year=_today().year - 2, **fields)


def answers(user_id: int) -> dict[int, OutcomeResponse]:
    db.session.expire_all()
    rows = db.session.scalars(select(OutcomeResponse).where(OutcomeResponse.user_id == user_id))
    return {row.checkpoint: row for row in rows}


def ask(runner, day: str) -> str:
    result = runner.invoke(args=["outcomes", "ask", "--today", day])
    assert result.exit_code == 0, result.output
    return result.output


def page(response) -> str:
    return unescape(response.get_data(as_text=True))


# --- Asking ------------------------------------------------------------------------------------


def test_a_graduate_is_asked_on_each_checkpoint_day_once_in_app_and_by_email(
    app, app_ctx, runner, smtp_server
):
    grace_id = graduate(graduation_year=2025).id

    assert "Graduates asked: 0." in ask(runner, "2025-12-30")
    assert smtp_server.to(GRACE) == []

    assert "Graduates asked: 1." in ask(runner, "2025-12-31")
    [message] = smtp_server.to(GRACE)
    assert message["Subject"] == "The graduate survey: 6 months after graduating"
    text, html = mailbox.body(message), mailbox.html(message)
    assert "what you were doing 6 months after graduating" in text
    assert mailbox.links_to(smtp_server, GRACE, "/outcomes/") == ["/outcomes/"]
    assert "Answer the survey</a>" in html
    assert "you agreed that your university may count" in html
    [notice] = db.session.scalars(
        select(Notification).where(Notification.user_id == grace_id)
    ).all()
    assert notice.kind is NotificationKind.OUTCOME_SURVEY and notice.link == "/outcomes/"
    assert answers(grace_id)[6].asked_at is not None and 12 not in answers(grace_id)

    # Never twice about the same checkpoint: the same day, or any day before the next one.
    assert "Graduates asked: 0." in ask(runner, "2025-12-31")
    assert "Graduates asked: 0." in ask(runner, "2026-03-01")
    assert len(smtp_server.to(GRACE)) == 1

    assert "Graduates asked: 1." in ask(runner, "2026-06-30")
    assert [m["Subject"] for m in smtp_server.to(GRACE)][-1] == (
        "The graduate survey: 12 months after graduating"
    )
    assert "Graduates asked: 0." in ask(runner, "2027-01-01")
    assert set(answers(grace_id)) == {6, 12}
    assert all(row.asked_at and row.status is None for row in answers(grace_id).values())


def test_nobody_is_asked_before_graduating_or_without_consent_or_a_university(
    app, app_ctx, runner, smtp_server
):
    graduate("not-yet@example.com", graduation_year=2026)
    graduate("no-consent@example.com", consent=False)
    graduate("no-university@example.com", university=False)
    graduate("no-year@example.com", graduation_year=None)
    withdrawn = graduate("withdrawn@example.com")
    with unit_of_work():
        consent_records.withdraw(withdrawn, ConsentPurpose.OUTCOME_SHARING)

    assert "Graduates asked: 0." in ask(runner, "2026-01-15")
    assert smtp_server.messages == []
    assert db.session.scalars(select(OutcomeResponse)).all() == []
    assert db.session.scalars(select(Notification)).all() == []


def test_a_graduate_who_consents_long_after_both_checkpoints_is_asked_once_about_both(
    app, app_ctx, runner, smtp_server
):
    grace_id = graduate(graduation_year=2020).id

    assert "Graduates asked: 1." in ask(runner, "2026-12-04")
    assert "Graduates asked: 0." in ask(runner, "2026-12-05")
    [message] = smtp_server.to(GRACE)
    assert message["Subject"] == "The graduate survey: 6 and 12 months after graduating"
    assert set(answers(grace_id)) == {6, 12}


def test_a_graduate_who_answered_before_being_asked_is_not_asked(app, app_ctx, runner):
    grace = graduate(graduation_year=2025)
    outcomes.answer(grace, outcomes.OutcomeInput("6", "seeking"), date(2026, 1, 2))

    assert "Graduates asked: 0." in ask(runner, "2026-01-03")


def test_turning_the_survey_email_off_keeps_the_question_in_the_app(
    app, app_ctx, runner, smtp_server
):
    grace = graduate(graduation_year=2025)
    email_preferences.save(grace, email_preferences.PreferenceChoices(frozenset()))

    assert "Graduates asked: 1." in ask(runner, "2026-01-01")
    assert smtp_server.to(GRACE) == []
    assert db.session.scalar(select(Notification.link)) == "/outcomes/"


# --- The page and answering ------------------------------------------------------------------


EMPLOYED = {
    "checkpoint": "6",
    "status": "employed",
    "employer_name": "Nordic Data Oy",
    "municipality": "Espoo",
    "found_through_talentmatch": "y",
}


def test_answering_a_checkpoint_and_changing_the_answer(app, client, auth):
    with app.app_context():
        grace_id = graduated_long_ago().id
    auth.login(GRACE)

    survey = page(client.get("/outcomes/"))
    assert "6 months after graduating" in survey and "12 months after graduating" in survey
    assert "Not answered yet." in survey and "/outcomes/answer?checkpoint=6" in survey
    form = client.get("/outcomes/answer?checkpoint=6")
    assert form.status_code == 200 and "What are you doing?" in page(form)

    response = client.post("/outcomes/answer", data=EMPLOYED)
    assert response.status_code == 302
    assert response.headers["Location"] == "/outcomes/#checkpoint-6"
    with app.app_context():
        saved = answers(grace_id)[6]
        assert (saved.status, saved.employer_name, saved.municipality) == (
            OutcomeStatus.EMPLOYED,
            "Nordic Data Oy",
            "Espoo",
        )
        assert saved.found_through_talentmatch is True and saved.source is OutcomeSource.GRADUATE
        assert saved.answered_at is not None
    shown = page(client.get("/outcomes/"))
    assert "Nordic Data Oy" in shown and "Change my answer" in shown
    # The form opens with the answer given.
    assert 'value="Nordic Data Oy"' in page(client.get("/outcomes/answer?checkpoint=6"))

    client.post(
        "/outcomes/answer",
        data={"checkpoint": "6", "status": "further_study", "employer_name": "Nordic Data Oy"},
    )
    client.post(
        "/outcomes/answer",
        data={"checkpoint": "12", "status": "own_business", "municipality": OUTSIDE_FINLAND},
    )
    with app.app_context():
        rows = answers(grace_id)
        six, twelve = rows[6], rows[12]
        assert six.status is OutcomeStatus.FURTHER_STUDY
        assert (six.employer_name, six.municipality, six.found_through_talentmatch) == (
            "",
            None,
            None,
        )
        assert (
            twelve.status is OutcomeStatus.OWN_BUSINESS and twelve.municipality == "outside_finland"
        )
    assert "Outside Finland" in page(client.get("/outcomes/"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "retired"}, "Choose what you are doing from the list."),
        ({"status": ""}, "Choose what you are doing from the list."),
        ({"municipality": "Atlantis"}, "Choose the municipality from the list"),
        ({"municipality": ""}, "Choose the municipality from the list"),
        ({"employer_name": "  "}, "Write the name of your employer."),
        ({"employer_name": "x" * 10_000}, "Use at most 200 characters (you used 10,000)."),
        ({"checkpoint": "7"}, "There is no such checkpoint"),
        ({"checkpoint": "six"}, "There is no such checkpoint"),
        ({"status": "own_business", "municipality": "Gotham"}, "Choose the municipality"),
    ],
)
def test_bad_answers_are_refused_with_a_message_and_nothing_is_saved(
    app, client, auth, changes, message
):
    with app.app_context():
        graduated_long_ago()
    auth.login(GRACE)

    response = client.post("/outcomes/answer", data={**EMPLOYED, **changes})

    assert response.status_code == 400
    assert message in page(response)
    with app.app_context():
        assert db.session.scalars(select(OutcomeResponse)).all() == []


def test_a_checkpoint_that_has_not_come_cannot_be_answered(app, client, auth):
    with app.app_context():
        graduate(graduation_year=_today().year + 1)
    auth.login(GRACE)

    survey = page(client.get("/outcomes/"))
    assert "Opens on" in survey and "/outcomes/answer?checkpoint" not in survey
    assert "Checkpoints that have not come yet cannot be answered" in survey
    response = client.post("/outcomes/answer", data=EMPLOYED)
    assert response.status_code == 400
    assert "Only checkpoints that have come can be answered" in page(response)
    assert client.get("/outcomes/answer?checkpoint=6").status_code == 400
    with app.app_context():
        assert db.session.scalars(select(OutcomeResponse)).all() == []


def test_without_the_consent_the_page_explains_and_nothing_is_stored(app, client, auth):
    with app.app_context():
        graduated_long_ago(consent=False)
    auth.login(GRACE)

    survey = page(client.get("/outcomes/"))
    assert "Why we ask, and what we need first" in survey
    assert "/privacy/account#consent-outcome_sharing" in survey
    assert "/outcomes/answer?checkpoint" not in survey
    assert client.get("/outcomes/answer?checkpoint=6").status_code == 302
    response = client.post("/outcomes/answer", data=EMPLOYED)
    assert response.status_code == 400
    assert "Nothing was saved" in page(response)
    with app.app_context():
        assert db.session.scalars(select(OutcomeResponse)).all() == []


def test_withdrawing_the_consent_is_explained_and_stops_the_form(app, client, auth):
    with app.app_context():
        graduated_long_ago()
    auth.login(GRACE)
    assert "taken out of the statistics at once" in page(client.get("/outcomes/"))
    client.post("/privacy/consents/outcome_sharing/withdraw")

    survey = page(client.get("/outcomes/"))
    assert "Why we ask" in survey and "/outcomes/answer?checkpoint" not in survey


def test_a_graduate_without_a_graduation_year_is_told_to_add_it(app, client, auth):
    with app.app_context():
        graduate(graduation_year=None)
    auth.login(GRACE)

    survey = page(client.get("/outcomes/"))
    assert "Add your graduation year" in survey and "/graduates/profile/edit" in survey
    assert client.post("/outcomes/answer", data=EMPLOYED).status_code == 400


def test_the_profile_links_to_the_survey_and_other_roles_are_refused(app, client, auth):
    with app.app_context():
        graduated_long_ago()
        make_employer(make_organisation(), email=RECRUITER)
        make_career_services(email=ADVISER)
    auth.login(GRACE)
    assert 'href="/outcomes/"' in page(client.get("/graduates/profile"))
    client.post("/outcomes/answer", data=EMPLOYED)
    auth.logout()
    # Career services see statistics elsewhere, never anyone's answer; employers nothing.
    for staff in (RECRUITER, ADVISER):
        auth.login(staff)
        assert client.get("/outcomes/").status_code == 403
        assert client.post("/outcomes/answer", data=EMPLOYED).status_code == 403
        auth.logout()


# --- A hire as the answer ----------------------------------------------------------------------


def _hire_world(app, graduation_year: int) -> dict[str, int]:
    with app.app_context():
        grace = graduate(graduation_year=graduation_year)
        oskar = graduated_long_ago(OSKAR)
        organisation = make_organisation("Nordic Data Oy")
        make_employer(organisation, email=RECRUITER)
        job = make_job(organisation, title="Data analyst", municipality="Espoo")
        application = make_application(grace, job, ApplicationStatus.OFFER)
        return {"grace": grace.id, "oskar": oskar.id, "application": application.id}


def _hire(client, auth, application_id: int) -> None:
    auth.login(RECRUITER)
    prefix = f"application-{application_id}"
    response = client.post(
        f"/employers/applications/{application_id}/move",
        data={f"{prefix}-status": "hired", f"{prefix}-note": ""},
    )
    assert response.status_code == 302
    auth.logout()


def test_a_hire_is_recorded_as_the_answer_only_when_the_graduate_clicks(app, client, auth):
    ids = _hire_world(app, _today().year - 2)
    _hire(client, auth, ids["application"])
    with app.app_context():
        # Nothing is filled in by the hire itself; the hired email says it can be.
        assert db.session.scalars(select(OutcomeResponse)).all() == []
        hired = db.session.scalars(
            select(OutboundEmail.body).where(OutboundEmail.to_address == GRACE)
        ).all()[-1]
        assert "record this job as your answer to the graduate survey in one click" in hired
        assert "/outcomes/" in hired

    # Another graduate cannot record or decline Grace's hire.
    auth.login(OSKAR)
    for action in ("record", "decline"):
        assert client.post(f"/outcomes/hires/{ids['application']}/{action}").status_code == 404
    assert "Nordic Data Oy" not in page(client.get("/outcomes/"))
    auth.logout()
    with app.app_context():
        assert db.session.scalars(select(OutcomeResponse)).all() == []

    auth.login(GRACE)
    offer = (
        "Record this as your outcome: employed by Nordic Data Oy in Espoo, found through "
        "TalentMatch."
    )
    survey = page(client.get("/outcomes/"))
    assert offer in survey
    response = client.post(f"/outcomes/hires/{ids['application']}/record")
    assert response.status_code == 302
    assert response.headers["Location"] == "/outcomes/#checkpoint-12"
    with app.app_context():
        saved = answers(ids["grace"])[12]
        assert (saved.status, saved.employer_name, saved.municipality) == (
            OutcomeStatus.EMPLOYED,
            "Nordic Data Oy",
            "Espoo",
        )
        assert saved.found_through_talentmatch is True and saved.source is OutcomeSource.HIRE
        assert 6 not in answers(ids["grace"])
    survey = page(client.get("/outcomes/"))
    assert offer not in survey and "from your hire in TalentMatch" in survey

    # The graduate may edit it afterwards; the hire is not offered again.
    client.post(
        "/outcomes/answer", data={**EMPLOYED, "checkpoint": "12", "municipality": "Helsinki"}
    )
    with app.app_context():
        edited = answers(ids["grace"])[12]
        assert edited.municipality == "Helsinki" and edited.source is OutcomeSource.GRADUATE
    assert offer not in page(client.get("/outcomes/"))
    assert client.post(f"/outcomes/hires/{ids['application']}/record").status_code == 400


def test_a_declined_hire_is_not_offered_again_and_fills_nothing(app, client, auth):
    ids = _hire_world(app, _today().year - 2)
    _hire(client, auth, ids["application"])
    auth.login(GRACE)

    assert client.post(f"/outcomes/hires/{ids['application']}/decline").status_code == 302

    assert "Record this as your outcome" not in page(client.get("/outcomes/"))
    with app.app_context():
        [row] = answers(ids["grace"]).values()
        assert row.status is None and row.employer_name == "" and row.source is None


def test_a_hire_before_the_first_checkpoint_is_offered_when_it_comes(app, app_ctx):
    year = _today().year + 1
    grace = graduate(graduation_year=year)
    job = make_job(make_organisation("Nordic Data Oy"), municipality="Vantaa")
    application = make_application(grace, job, ApplicationStatus.HIRED)
    first = checkpoint_due(year, 6)

    before = outcomes.survey(grace, _today()).checkpoint(6)
    assert before is not None and before.hire_offer is not None and not before.is_due
    with pytest.raises(InvalidInput):
        outcomes.record_hire(grace, application.id, _today())
    assert answers(grace.id) == {}

    came = outcomes.survey(grace, first).checkpoint(6)
    assert came is not None and came.is_due and came.hire_offer.municipality == "Vantaa"
    outcomes.record_hire(grace, application.id, first)
    saved = answers(grace.id)[6]
    assert saved.source is OutcomeSource.HIRE and saved.municipality == "Vantaa"
    assert outcome_hires.hire_checkpoint(year, first - timedelta(days=1)) == 6
    assert outcome_hires.hire_checkpoint(year, checkpoint_due(year, 12)) == 12
