"""Opportunity.is_open_on and its SQL twin open_on agree; publish, close and reopen follow one
rule for every kind."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import LifecycleRefused, Opportunity, OpportunityKind, OpportunityStatus
from talentmatch.models.opportunities import course_day
from talentmatch.models.timestamps import utcnow
from tests.factories import make_event, make_job, make_opportunity, make_university
from tests.unit.opportunity_helpers import TODAY


@pytest.fixture
def app_ctx(app):
    """A request context too: the refusals are translated for the current locale."""
    with app.test_request_context():
        yield
        db.session.remove()


def test_python_and_sql_agree_on_what_is_open(app_ctx):
    university = make_university()
    made = {
        "open job": make_job(),
        "due today": make_job(deadline=TODAY),
        "expired job": make_job(deadline=TODAY - timedelta(days=1)),
        "draft": make_job(status=OpportunityStatus.DRAFT),
        "closed": make_job(status=OpportunityStatus.CLOSED),
        "community": make_opportunity(OpportunityKind.COMMUNITY, university=university),
        "coming event": make_event(university),
        "event under way": make_event(university, starts_in=-timedelta(hours=1), hours=3),
        "event over": make_event(university, starts_in=-timedelta(days=2)),
        "programme under way": make_opportunity(
            OpportunityKind.PROGRAMME,
            university=university,
            starts_at=utcnow() - timedelta(days=30),
            deadline=None,
        ),
        "self-paced course": make_opportunity(OpportunityKind.COURSE, university=university),
        "course starting today": make_opportunity(
            OpportunityKind.COURSE, university=university, starts_at=course_day(TODAY)
        ),
        "course under way": make_opportunity(
            OpportunityKind.COURSE,
            university=university,
            starts_at=course_day(TODAY - timedelta(days=1)),
            ends_at=course_day(TODAY + timedelta(days=30)),
            deadline=None,
        ),
    }
    in_python = {name for name, o in made.items() if o.is_open_on(TODAY)}
    ids = set(db.session.scalars(select(Opportunity.id).where(Opportunity.open_on(TODAY))))
    in_sql = {name for name, o in made.items() if o.id in ids}
    assert (
        in_python
        == in_sql
        == {
            "open job",
            "due today",
            "community",
            "coming event",
            "event under way",
            "programme under way",
            "self-paced course",
            "course starting today",
        }
    )


@pytest.mark.parametrize(
    "kind", [OpportunityKind.JOB, OpportunityKind.PROGRAMME, OpportunityKind.COURSE]
)
def test_every_kind_closes_and_reopens_by_the_same_rules(app_ctx, kind):
    item = make_opportunity(kind, university=make_university())
    item.close()
    item.close()  # closing a closed item changes nothing
    assert item.status is OpportunityStatus.CLOSED and not item.is_open_on(TODAY)
    item.reopen(TODAY)
    item.reopen(TODAY)  # nor does reopening an open one
    assert item.is_open_on(TODAY)

    item.close()
    item.deadline = TODAY - timedelta(days=1)
    with pytest.raises(LifecycleRefused) as refused:
        item.reopen(TODAY)
    assert refused.value.field == "deadline"
    assert item.status is OpportunityStatus.CLOSED


@pytest.mark.parametrize("kind", [OpportunityKind.JOB, OpportunityKind.EVENT])
def test_a_draft_is_published_not_reopened_and_never_closed(app_ctx, kind):
    item = make_opportunity(kind, university=make_university(), status=OpportunityStatus.DRAFT)
    for change in (item.close, lambda: item.reopen(TODAY)):
        with pytest.raises(LifecycleRefused):
            change()
    item.publish(TODAY)
    assert item.status is OpportunityStatus.OPEN


def test_a_started_event_cannot_be_published_or_reopened(app_ctx):
    event = make_event(starts_in=-timedelta(minutes=5), status=OpportunityStatus.CLOSED)
    with pytest.raises(LifecycleRefused) as refused:
        event.reopen(TODAY)
    assert "already started" in refused.value.message
    event.status = OpportunityStatus.DRAFT
    with pytest.raises(LifecycleRefused):
        event.publish(TODAY)


def test_a_course_that_has_started_cannot_be_reopened(app_ctx):
    course = make_opportunity(
        OpportunityKind.COURSE,
        university=make_university(),
        status=OpportunityStatus.CLOSED,
        starts_at=course_day(TODAY - timedelta(days=1)),
        deadline=None,
    )
    with pytest.raises(LifecycleRefused) as refused:
        course.reopen(TODAY)
    assert refused.value.field == "starts_at"
    assert course.status is OpportunityStatus.CLOSED
