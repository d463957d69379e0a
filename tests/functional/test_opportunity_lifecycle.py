"""One lifecycle for every kind: what is open is what the landing page counts, the catalogue
lists and the dashboard shows; jobs and programmes close and reopen by the same rules."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from talentmatch.extensions import db
from talentmatch.models import Opportunity, OpportunityKind, OpportunityStatus, Role
from talentmatch.models.opportunities import course_day
from tests.factories import (
    make_employer,
    make_event,
    make_job,
    make_opportunity,
    make_organisation,
    make_university,
    make_user,
)

TODAY = date.today()
PAST = TODAY - timedelta(days=3)


def _status(app, opportunity_id: int) -> OpportunityStatus:
    with app.app_context():
        return db.session.get(Opportunity, opportunity_id).status


def _landing_count(page: str, kind: OpportunityKind) -> int:
    found = re.search(rf'kind={kind.value}"><strong>(\d+)</strong>', page)
    assert found, kind
    return int(found.group(1))


def _listed_total(page: str) -> int:
    found = re.search(r"(\d+) opportunit(?:y|ies) found", page)
    return int(found.group(1)) if found else 0


def test_the_landing_page_counts_what_the_catalogue_lists(app, client):
    with app.app_context():
        university = make_university()
        make_job(title="Open job")
        make_job(title="Expired job", deadline=PAST)
        make_opportunity(OpportunityKind.PROGRAMME, title="Open programme", university=university)
        make_opportunity(
            OpportunityKind.PROGRAMME,
            title="Expired programme",
            university=university,
            deadline=PAST,
        )
        make_event(university, title="Coming event")
        make_event(university, title="Last week's event", starts_in=-timedelta(days=7))
        make_opportunity(OpportunityKind.COURSE, title="Self-paced course", university=university)
        make_opportunity(
            OpportunityKind.COURSE,
            title="Last week's course",
            university=university,
            starts_at=course_day(date.today() - timedelta(days=7)),
            deadline=None,
        )
    landing = client.get("/").get_data(as_text=True)
    for kind in (
        OpportunityKind.JOB,
        OpportunityKind.PROGRAMME,
        OpportunityKind.EVENT,
        OpportunityKind.COURSE,
    ):
        listed = client.get(f"/opportunities/?kind={kind.value}").get_data(as_text=True)
        assert _landing_count(landing, kind) == _listed_total(listed) == 1
    assert "Expired" not in landing and "Last week" not in landing
    assert "Last week's event" not in client.get("/opportunities/").get_data(as_text=True)
    assert "Last week's course" not in client.get("/opportunities/").get_data(as_text=True)


@pytest.fixture
def owners(app, auth):
    """A job of an employer and a programme of a career-services team, both closed; returns
    (job id, programme id, employer email, staff email)."""
    with app.app_context():
        organisation = make_organisation()
        employer = make_employer(organisation)
        university = make_university()
        staff = make_user(Role.CAREER_SERVICES, university=university)
        job = make_job(organisation, status=OpportunityStatus.CLOSED)
        programme = make_opportunity(
            OpportunityKind.PROGRAMME, university=university, status=OpportunityStatus.CLOSED
        )
        return job.id, programme.id, employer.email, staff.email


def _as(auth, email: str) -> None:
    auth.logout()
    auth.login(email)


def test_a_job_and_a_programme_reopen_and_close_alike(app, client, auth, owners):
    job_id, programme_id, employer, staff = owners
    _as(auth, employer)
    client.post(f"/employers/jobs/{job_id}/reopen")
    _as(auth, staff)
    client.post(f"/opportunities/{programme_id}/reopen")
    assert _status(app, job_id) is _status(app, programme_id) is OpportunityStatus.OPEN
    listed = client.get("/opportunities/").get_data(as_text=True)
    assert _listed_total(listed) == 2

    client.post(f"/opportunities/{programme_id}/close")
    _as(auth, employer)
    client.post(f"/employers/jobs/{job_id}/close")
    assert _status(app, job_id) is _status(app, programme_id) is OpportunityStatus.CLOSED
    assert _listed_total(client.get("/opportunities/").get_data(as_text=True)) == 0


def test_reopening_past_the_deadline_is_refused_for_a_job_and_a_programme(
    app, client, auth, owners
):
    job_id, programme_id, employer, staff = owners
    with app.app_context():
        for opportunity_id in (job_id, programme_id):
            db.session.get(Opportunity, opportunity_id).deadline = PAST
        db.session.commit()
    for email, path in (
        (employer, f"/employers/jobs/{job_id}/reopen"),
        (staff, f"/opportunities/{programme_id}/reopen"),
    ):
        _as(auth, email)
        response = client.post(path)
        assert response.status_code == 400
        assert "The deadline has passed. Edit the deadline first, then reopen it." in (
            response.get_data(as_text=True)
        )
    assert _status(app, job_id) is _status(app, programme_id) is OpportunityStatus.CLOSED


def test_a_draft_of_either_kind_cannot_be_closed_or_reopened(app, client, auth, owners):
    job_id, programme_id, employer, staff = owners
    with app.app_context():
        for opportunity_id in (job_id, programme_id):
            db.session.get(Opportunity, opportunity_id).status = OpportunityStatus.DRAFT
        db.session.commit()
    for email, base in (
        (employer, f"/employers/jobs/{job_id}"),
        (staff, f"/opportunities/{programme_id}"),
    ):
        _as(auth, email)
        closing = client.post(f"{base}/close")
        assert closing.status_code == 400
        assert "only published items can be closed" in closing.get_data(as_text=True)
        reopening = client.post(f"{base}/reopen")
        assert reopening.status_code == 400
        assert "publish it from its edit page" in reopening.get_data(as_text=True)
    assert _status(app, job_id) is _status(app, programme_id) is OpportunityStatus.DRAFT
