"""Employers' jobs: posting, editing, closing and reopening their organisation's roles."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from talentmatch import formats
from talentmatch.extensions import db
from talentmatch.models import (
    Opportunity,
    OpportunityKind,
    OpportunitySkill,
    OpportunityStatus,
    Role,
    User,
)
from talentmatch.services import submissions, verification
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.opportunities import (
    CheckedSkills,
    OpportunityInput,
    apply_input,
    check_input,
    lifecycle_rules,
)
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.transaction import unit_of_work
from talentmatch.signals import announce_opportunity_changed

# Euros per month; far above any real salary, and well inside a 32-bit integer column.
MAX_SALARY = 100_000


def _require_organisation(actor: User) -> int:
    if not actor.has_role(Role.EMPLOYER):
        raise NotAllowed(_("Only employers can manage jobs."))
    if actor.organisation_id is None:
        raise NotAllowed(_("Register your organisation before posting jobs."))
    return actor.organisation_id


def _require_verified_address(actor: User) -> None:
    """Jobs go to graduates in the organisation's name: only from a confirmed address."""
    problem = verification.unverified_problem(actor)
    if problem:
        raise InvalidInput(problem)


def get_own_job(actor: User, job_id: int) -> Opportunity:
    """One of the actor's organisation's jobs: NotFound if no such job, NotAllowed if not theirs."""
    organisation_id = _require_organisation(actor)
    job = db.session.get(
        Opportunity,
        job_id,
        options=[selectinload(Opportunity.skills).selectinload(OpportunitySkill.skill)],
    )
    if job is None or job.kind is not OpportunityKind.JOB:
        raise NotFound(_("There is no such job."))
    if job.organisation_id != organisation_id:
        raise NotAllowed(_("This job belongs to another organisation."))
    return job


def list_jobs(actor: User) -> list[Opportunity]:
    """Every job of the actor's organisation, drafts and closed ones included, newest first."""
    if not actor.has_role(Role.EMPLOYER):
        raise NotAllowed(_("Only employers can manage jobs."))
    if actor.organisation_id is None:
        return []
    return list(
        db.session.scalars(
            select(Opportunity)
            .where(
                Opportunity.kind == OpportunityKind.JOB,
                Opportunity.organisation_id == actor.organisation_id,
            )
            .order_by(Opportunity.created_at.desc(), Opportunity.id.desc())
        )
    )


def _check(data: OpportunityInput, today: date, existing: Opportunity | None) -> CheckedSkills:
    """The shared opportunity rules plus the job's own, every problem reported at once."""
    errors: dict[str, str] = {}
    skills: CheckedSkills | None = None
    try:
        skills = check_input(data, today, existing)
    except InvalidInput as error:
        errors.update(error.errors)
    if data.employment_type is None:
        errors["employment_type"] = _("Choose the type of employment.")
    for name, value in (("salary_min", data.salary_min), ("salary_max", data.salary_max)):
        if value is not None and value > MAX_SALARY and name not in errors:
            errors[name] = _(
                "Give the salary in euros per month, at most %(n)s.", n=formats.number(MAX_SALARY)
            )
    if errors or skills is None:
        raise InvalidInput(errors)
    return skills


def _apply(job: Opportunity, data: OpportunityInput, skills: CheckedSkills) -> None:
    apply_input(job, data, skills)
    job.sponsors_permit = bool(data.sponsors_permit)


def create_job(
    actor: User,
    data: OpportunityInput,
    publish: bool,
    today: date,
    submission_token: str | None = None,
) -> Opportunity:
    """Post a job for the actor's organisation, open at once or kept as a draft.

    The same `submission_token` again (a double click) creates nothing: AlreadySubmitted."""
    _require_organisation(actor)
    if publish:
        _require_verified_address(actor)
    skills = _check(data, today, existing=None)
    with unit_of_work():
        submission = submissions.claim(actor, submission_token, "job")
        job = Opportunity(
            kind=OpportunityKind.JOB,
            organisation=actor.organisation,
            created_by=actor,
            status=OpportunityStatus.DRAFT,
        )
        db.session.add(job)
        _apply(job, data, skills)
        if publish:
            with lifecycle_rules():
                job.publish(today)
        db.session.flush()
        submissions.record_result(submission, job.id)
    announce_opportunity_changed(job.id)
    return job


def update_job(
    actor: User, job_id: int, data: OpportunityInput, today: date, publish: bool = False
) -> Opportunity:
    """Edit a job; its status stays, except that `publish` opens a draft."""
    job = get_own_job(actor, job_id)
    skills = _check(data, today, existing=job)
    opens = publish and job.status is OpportunityStatus.DRAFT
    if opens:
        _require_verified_address(actor)
    with unit_of_work():
        lock_for_update(job)
        _apply(job, data, skills)
        if opens:
            with lifecycle_rules():
                job.publish(today)
    announce_opportunity_changed(job.id)
    return job


def close_job(actor: User, job_id: int) -> Opportunity:
    """Stop taking applications, by the rules every opportunity closes by."""
    job = get_own_job(actor, job_id)
    with unit_of_work(), lifecycle_rules():
        job.close()
    announce_opportunity_changed(job.id)
    return job


def reopen_job(actor: User, job_id: int, today: date) -> Opportunity:
    """Open a closed job again by the rules every opportunity reopens by: not once its
    deadline has passed."""
    job = get_own_job(actor, job_id)
    if job.status is OpportunityStatus.CLOSED:
        _require_verified_address(actor)
    with unit_of_work(), lifecycle_rules():
        job.reopen(today)
    announce_opportunity_changed(job.id)
    return job
