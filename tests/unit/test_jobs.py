"""Employers posting, editing, closing and reopening their organisation's jobs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    EmploymentType,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    RemoteMode,
)
from talentmatch.services import jobs
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.opportunities import LanguageRequirement, OpportunityInput
from talentmatch.services.skills import SkillsInput
from tests.factories import (
    make_employer,
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
)

TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _english(app_ctx):
    """Services run here without a request, so there is no browser language to choose from."""
    with force_locale("en"):
        yield


@pytest.fixture
def skills():
    return make_skills()


@pytest.fixture
def employer():
    return make_employer(make_organisation(name="Nordic Data Oy"))


def _job_input(skills, **overrides) -> OpportunityInput:
    values = {
        "title": "Junior data engineer",
        "description": "Pipelines for the city's open data.",
        "municipality": "Espoo",
        "remote_mode": RemoteMode.HYBRID,
        "deadline": TODAY + timedelta(days=30),
        "required_skills": SkillsInput(
            tokens=(f"esco:{skills['Python (computer programming)'].id}:Python",),
            typed="SQL, dbt",
        ),
        "nice_to_have_skills": SkillsInput(tokens=(f"esco:{skills['machine learning'].id}:ML",)),
        "languages": [
            LanguageRequirement("en", CEFRLevel.C1),
            LanguageRequirement("fi", CEFRLevel.B2),
        ],
        "employment_type": EmploymentType.FULL_TIME,
        "salary_min": 3200,
        "salary_max": 4000,
        "sponsors_permit": True,
        "url": "https://nordicdata.example.fi/jobs/42",
    }
    values.update(overrides)
    return OpportunityInput(**values)


def _job_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Opportunity))


def test_employer_publishes_a_job_with_skills_and_language_requirements(employer, skills):
    job = jobs.create_job(employer, _job_input(skills), publish=True, today=TODAY)
    db.session.expire_all()
    saved = db.session.get(Opportunity, job.id)
    assert saved.kind is OpportunityKind.JOB
    assert saved.status is OpportunityStatus.OPEN
    assert saved.organisation_id == employer.organisation_id
    assert saved.created_by_id == employer.id
    assert [s.label for s in saved.required_skills] == [
        "Python (computer programming)",
        "SQL",
        "dbt",
    ]
    assert saved.required_skills[1].skill_id == skills["SQL"].id
    assert saved.required_skills[2].skill_id is None  # kept as typed
    assert [s.label for s in saved.nice_to_have_skills] == ["machine learning"]
    assert {(lang.code, lang.cefr) for lang in saved.languages} == {
        ("en", CEFRLevel.C1),
        ("fi", CEFRLevel.B2),
    }
    assert (saved.salary_min, saved.salary_max, saved.sponsors_permit) == (3200, 4000, True)


def test_job_saved_as_draft_stays_a_draft(employer, skills):
    job = jobs.create_job(employer, _job_input(skills), publish=False, today=TODAY)
    assert db.session.get(Opportunity, job.id).status is OpportunityStatus.DRAFT


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"salary_min": 5000, "salary_max": 4000}, "salary_max"),
        ({"deadline": TODAY - timedelta(days=1)}, "deadline"),
        ({"required_skills": SkillsInput(tokens=("esco:987654:Ghost skill",))}, "required_skills"),
        ({"description": "x" * 100_000}, "description"),
        ({"title": "T" * 100_000}, "title"),
        ({"employment_type": None}, "employment_type"),
        ({"municipality": "Atlantis"}, "municipality"),
        ({"salary_max": 10**12}, "salary_max"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "https://example.fi/" + "a" * 1000}, "url"),
    ],
)
def test_invalid_job_is_refused_and_nothing_is_saved(employer, skills, overrides, field):
    with pytest.raises(InvalidInput) as raised:
        jobs.create_job(employer, _job_input(skills, **overrides), publish=True, today=TODAY)
    assert field in raised.value.errors
    assert _job_count() == 0


def test_every_problem_is_reported_at_once(employer, skills):
    data = _job_input(skills, employment_type=None, salary_min=9000, salary_max=10, title="")
    with pytest.raises(InvalidInput) as raised:
        jobs.create_job(employer, data, publish=True, today=TODAY)
    assert {"employment_type", "salary_max", "title"} <= set(raised.value.errors)


def test_employer_without_organisation_cannot_post(skills):
    loner = make_employer()
    with pytest.raises(NotAllowed):
        jobs.create_job(loner, _job_input(skills), publish=True, today=TODAY)
    assert _job_count() == 0


def test_graduate_cannot_post_a_job(skills):
    with pytest.raises(NotAllowed):
        jobs.create_job(make_graduate(), _job_input(skills), publish=True, today=TODAY)


def test_update_replaces_skills_and_languages_and_keeps_status(employer, skills):
    job = jobs.create_job(employer, _job_input(skills), publish=True, today=TODAY)
    edited = replace(
        _job_input(skills),
        title="Data engineer",
        required_skills=SkillsInput(tokens=(f"esco:{skills['SQL'].id}:SQL",)),
        languages=[LanguageRequirement("fi", CEFRLevel.C1)],
    )
    jobs.update_job(employer, job.id, edited, TODAY)
    db.session.expire_all()
    saved = db.session.get(Opportunity, job.id)
    assert saved.title == "Data engineer"
    assert [s.label for s in saved.required_skills] == ["SQL"]
    assert [(lang.code, lang.cefr) for lang in saved.languages] == [("fi", CEFRLevel.C1)]
    assert saved.status is OpportunityStatus.OPEN


def test_failed_update_leaves_the_job_as_it_was(employer, skills):
    job = jobs.create_job(employer, _job_input(skills), publish=True, today=TODAY)
    broken = _job_input(skills, title="Renamed", salary_min=9000, salary_max=100)
    with pytest.raises(InvalidInput):
        jobs.update_job(employer, job.id, broken, TODAY)
    db.session.expire_all()
    saved = db.session.get(Opportunity, job.id)
    assert saved.title == "Junior data engineer"
    assert len(saved.skills) == 4
    assert len(saved.languages) == 2


def test_publishing_a_draft_from_the_edit_form_opens_it(employer, skills):
    job = jobs.create_job(employer, _job_input(skills), publish=False, today=TODAY)
    jobs.update_job(employer, job.id, _job_input(skills), TODAY, publish=True)
    assert db.session.get(Opportunity, job.id).status is OpportunityStatus.OPEN


def test_a_draft_whose_deadline_passed_cannot_be_published_unchanged(employer, skills):
    job = jobs.create_job(employer, _job_input(skills), publish=False, today=TODAY)
    later = job.deadline + timedelta(days=1)
    with pytest.raises(InvalidInput) as raised:
        jobs.update_job(employer, job.id, _job_input(skills), later, publish=True)
    assert "deadline" in raised.value.errors
    assert db.session.get(Opportunity, job.id).status is OpportunityStatus.DRAFT


def test_close_and_reopen_a_job(employer, skills):
    job = jobs.create_job(employer, _job_input(skills), publish=True, today=TODAY)
    jobs.close_job(employer, job.id)
    db.session.expire_all()
    assert db.session.get(Opportunity, job.id).status is OpportunityStatus.CLOSED
    jobs.reopen_job(employer, job.id, TODAY)
    db.session.expire_all()
    assert db.session.get(Opportunity, job.id).status is OpportunityStatus.OPEN


def test_reopening_after_the_deadline_asks_to_edit_the_deadline_first(employer, skills):
    job = jobs.create_job(employer, _job_input(skills), publish=True, today=TODAY)
    jobs.close_job(employer, job.id)
    with pytest.raises(InvalidInput) as raised:
        jobs.reopen_job(employer, job.id, job.deadline + timedelta(days=1))
    assert "Edit the deadline first" in str(raised.value)
    db.session.expire_all()
    assert db.session.get(Opportunity, job.id).status is OpportunityStatus.CLOSED


def test_a_draft_cannot_be_closed(employer, skills):
    job = jobs.create_job(employer, _job_input(skills), publish=False, today=TODAY)
    with pytest.raises(InvalidInput):
        jobs.close_job(employer, job.id)
    assert db.session.get(Opportunity, job.id).status is OpportunityStatus.DRAFT


def test_employer_cannot_touch_another_organisations_job(employer, skills):
    other_job = make_job(make_organisation(name="Rival Oy", business_id="1572860-0"))
    for act in (
        lambda: jobs.get_own_job(employer, other_job.id),
        lambda: jobs.update_job(employer, other_job.id, _job_input(skills), TODAY),
        lambda: jobs.close_job(employer, other_job.id),
        lambda: jobs.reopen_job(employer, other_job.id, TODAY),
    ):
        with pytest.raises(NotAllowed):
            act()
    db.session.expire_all()
    untouched = db.session.get(Opportunity, other_job.id)
    assert untouched.status is OpportunityStatus.OPEN
    assert untouched.title != "Junior data engineer"


def test_missing_job_and_non_job_opportunities_are_not_found(employer):
    programme = make_opportunity(OpportunityKind.PROGRAMME, university=make_university())
    for missing_id in (987654, programme.id):
        with pytest.raises(NotFound):
            jobs.get_own_job(employer, missing_id)


def test_dashboard_lists_only_the_organisations_jobs_with_every_status(employer, skills):
    draft = jobs.create_job(employer, _job_input(skills, title="Draft"), False, TODAY)
    open_job = jobs.create_job(employer, _job_input(skills, title="Open"), True, TODAY)
    closed = jobs.create_job(employer, _job_input(skills, title="Closed"), True, TODAY)
    jobs.close_job(employer, closed.id)
    make_job(make_organisation(name="Rival Oy", business_id="1572860-0"), title="Theirs")
    listed = jobs.list_jobs(employer)
    assert {job.id for job in listed} == {draft.id, open_job.id, closed.id}
    assert {job.title: job.status for job in listed} == {
        "Draft": OpportunityStatus.DRAFT,
        "Open": OpportunityStatus.OPEN,
        "Closed": OpportunityStatus.CLOSED,
    }


def test_dashboard_of_employer_without_organisation_is_empty():
    assert jobs.list_jobs(make_employer()) == []
