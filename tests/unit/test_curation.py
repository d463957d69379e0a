"""Curating programmes, communities and events: who may, what is checked, and the one
lifecycle they close and reopen by."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    EmploymentType,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Role,
)
from talentmatch.services import curation
from talentmatch.services.curation import Provider
from talentmatch.services.eligibility import EligibilityInput
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.skills import SkillsInput
from tests.factories import (
    make_employer,
    make_graduate,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
    make_user,
)
from tests.unit.opportunity_helpers import (
    TODAY,
    event_input,
    find,
    job,
    make_ours_and_theirs,
    make_staff,
    titles,
)


@pytest.fixture
def app_ctx(app):
    """A request context too: the services' messages are translated for the current locale."""
    with app.test_request_context():
        yield
        db.session.remove()


def count_opportunities() -> int:
    return db.session.scalar(select(func.count()).select_from(Opportunity))


def test_career_services_create_event_for_their_university(app_ctx):
    skills = make_skills()
    university = make_university()
    staff = make_staff(university)
    data = event_input(
        required_skills=SkillsInput(tokens=(f"esco:{skills['SQL'].id}:SQL",)),
        nice_to_have_skills=SkillsInput(typed="networking"),
    )
    event = curation.create_item(staff, OpportunityKind.EVENT, data, True, TODAY)
    db.session.expire_all()
    saved = db.session.get(Opportunity, event.id)
    assert saved.university_id == university.id
    assert saved.status is OpportunityStatus.OPEN
    assert saved.created_by_id == staff.id
    assert [s.label for s in saved.required_skills] == ["SQL"]
    assert [s.label for s in saved.nice_to_have_skills] == ["networking"]
    assert [(lang.code, lang.cefr) for lang in saved.languages] == [("en", CEFRLevel.B1)]
    assert saved.capacity == 80


def test_saving_as_draft_keeps_item_out_of_the_catalogue(app_ctx):
    staff = make_staff(make_university())
    item = curation.create_item(staff, OpportunityKind.PROGRAMME, event_input(), False, TODAY)
    assert item.status is OpportunityStatus.DRAFT
    assert find().total == 0


def test_community_drops_dates_and_job_fields(app_ctx):
    staff = make_staff(make_university())
    data = event_input(employment_type=EmploymentType.FULL_TIME, salary_min=3000)
    community = curation.create_item(staff, OpportunityKind.COMMUNITY, data, True, TODAY)
    assert community.starts_at is None and community.capacity is None
    assert community.employment_type is None and community.salary_min is None


def test_curated_items_refuse_jobs(app_ctx):
    staff = make_staff(make_university())
    with pytest.raises(NotAllowed):
        curation.create_item(staff, OpportunityKind.JOB, event_input(), True, TODAY)
    assert count_opportunities() == 0


def test_graduates_and_employers_cannot_curate(app_ctx):
    for actor in (make_graduate(), make_employer(make_organisation())):
        with pytest.raises(NotAllowed):
            curation.create_item(actor, OpportunityKind.EVENT, event_input(), True, TODAY)
    assert count_opportunities() == 0


def test_career_services_cannot_publish_for_another_university(app_ctx):
    staff = make_staff(make_university())
    other = make_university()
    with pytest.raises(NotAllowed):
        curation.create_item(
            staff, OpportunityKind.EVENT, event_input(), True, TODAY, Provider(other.id)
        )


def test_admin_chooses_an_organisation_as_provider(app_ctx):
    admin = make_user(Role.ADMIN)
    organisation = make_organisation(name="Maria 01", business_id=None)
    item = curation.create_item(
        admin,
        OpportunityKind.COMMUNITY,
        event_input(),
        True,
        TODAY,
        Provider(organisation_id=organisation.id),
    )
    assert item.organisation_id == organisation.id and item.university_id is None


def test_admin_must_choose_exactly_one_provider(app_ctx):
    admin = make_user(Role.ADMIN)
    with pytest.raises(InvalidInput) as raised:
        curation.create_item(admin, OpportunityKind.EVENT, event_input(), True, TODAY)
    assert "provider" in raised.value.errors
    with pytest.raises(InvalidInput):
        curation.create_item(
            admin, OpportunityKind.EVENT, event_input(), True, TODAY, Provider(university_id=404)
        )
    assert count_opportunities() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (
            {
                "starts_at": datetime(2030, 5, 2, 18, 0),
                "ends_at": datetime(2030, 5, 2, 16, 0),
            },
            "ends_at",
        ),
        ({"starts_at": None, "ends_at": None}, "starts_at"),
        ({"deadline": TODAY - timedelta(days=1)}, "deadline"),
        ({"title": "x" * 100_000}, "title"),
        ({"title": "   "}, "title"),
        ({"capacity": 0}, "capacity"),
        ({"required_skills": SkillsInput(tokens=("esco:987654:Made up",))}, "required_skills"),
        ({"municipality": "Stockholm"}, "municipality"),
    ],
)
def test_invalid_event_is_refused_and_nothing_saved(app_ctx, changes, field):
    staff = make_staff(make_university())
    with pytest.raises(InvalidInput) as raised:
        curation.create_item(staff, OpportunityKind.EVENT, event_input(**changes), True, TODAY)
    assert field in raised.value.errors
    assert count_opportunities() == 0


def test_every_invalid_field_is_reported_at_once(app_ctx):
    staff = make_staff(make_university())
    data = event_input(starts_at=None, ends_at=None, title="", capacity=-1)
    with pytest.raises(InvalidInput) as raised:
        curation.create_item(staff, OpportunityKind.EVENT, data, True, TODAY)
    assert {"starts_at", "title", "capacity"} <= raised.value.errors.keys()


def test_update_changes_item_and_status(app_ctx):
    university = make_university()
    staff = make_staff(university)
    item = curation.create_item(staff, OpportunityKind.EVENT, event_input(), False, TODAY)
    curation.update_item(staff, item.id, event_input(title="Renamed"), TODAY, publish=True)
    db.session.expire_all()
    saved = db.session.get(Opportunity, item.id)
    assert saved.title == "Renamed" and saved.status is OpportunityStatus.OPEN


def test_failed_update_leaves_item_untouched(app_ctx):
    staff = make_staff(make_university())
    item = curation.create_item(staff, OpportunityKind.EVENT, event_input(), True, TODAY)
    bad = event_input(
        title="Changed",
        starts_at=datetime(2030, 1, 2, 12, 0),
        ends_at=datetime(2030, 1, 1, 12, 0),
    )
    with pytest.raises(InvalidInput):
        curation.update_item(staff, item.id, bad, TODAY)
    db.session.expire_all()
    saved = db.session.get(Opportunity, item.id)
    assert saved.title == "Meet Helsinki employers"
    assert [lang.code for lang in saved.languages] == ["en"]


def test_career_services_cannot_touch_another_universitys_item(app_ctx):
    staff = make_staff(make_university())
    theirs = make_opportunity(OpportunityKind.EVENT, university=make_university())
    with pytest.raises(NotAllowed):
        curation.update_item(staff, theirs.id, event_input(), TODAY)
    with pytest.raises(NotAllowed):
        curation.close_item(staff, theirs.id)
    db.session.expire_all()
    assert db.session.get(Opportunity, theirs.id).status is OpportunityStatus.OPEN


def test_career_services_cannot_manage_jobs(app_ctx):
    staff = make_staff(make_university())
    with pytest.raises(NotAllowed):
        curation.close_item(staff, job().id)


def test_managing_a_missing_item_is_not_found(app_ctx):
    with pytest.raises(NotFound):
        curation.close_item(make_staff(make_university()), 12345)


def test_close_and_reopen(app_ctx):
    staff = make_staff(make_university())
    item = curation.create_item(staff, OpportunityKind.EVENT, event_input(), True, TODAY)
    curation.close_item(staff, item.id)
    assert find().total == 0
    curation.reopen_item(staff, item.id, TODAY)
    assert titles(find()) == ["Meet Helsinki employers"]


def test_reopen_refuses_item_whose_deadline_passed(app_ctx):
    university = make_university()
    item = make_opportunity(
        OpportunityKind.PROGRAMME,
        university=university,
        status=OpportunityStatus.CLOSED,
        deadline=TODAY - timedelta(days=3),
    )
    with pytest.raises(InvalidInput):
        curation.reopen_item(make_staff(university), item.id, TODAY)


def test_list_items_covers_own_university_only_drafts_first(app_ctx):
    university = make_university()
    staff = make_staff(university)
    make_ours_and_theirs(university)
    assert [item.title for item in curation.list_items_for(staff)] == ["Ours draft", "Ours open"]


def test_own_graduates_only_names_the_curating_university(app_ctx):
    university = make_university()
    who = EligibilityInput(university_ids=(make_university().id,), own_graduates_only=True)
    item = curation.create_item(
        make_staff(university), OpportunityKind.PROGRAMME, event_input(), True, TODAY, who=who
    )
    assert [u.id for u in item.eligible_universities] == [university.id]


def test_own_graduates_only_needs_a_university_as_provider(app_ctx):
    organisation = make_organisation(business_id=None)
    with pytest.raises(InvalidInput) as raised:
        curation.create_item(
            make_user(Role.ADMIN),
            OpportunityKind.EVENT,
            event_input(),
            True,
            TODAY,
            Provider(organisation_id=organisation.id),
            who=EligibilityInput(own_graduates_only=True),
        )
    assert "own_graduates_only" in raised.value.errors
    assert count_opportunities() == 0
