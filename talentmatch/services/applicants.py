"""An employer's applicants: per job, each with its history, moved through the pipeline by a
person (submitted → reviewed → interview → offer → hired, or rejected), the graduate told of
every step. Nothing here rejects anyone on its own: closing a job leaves its applications as
they are. The CV is served to the applicant and to the job's employers, to nobody else."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import to_user_timezone
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    NotificationKind,
    Opportunity,
    Role,
    User,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import cv_files, jobs, outcome_hires, verification, vetting
from talentmatch.services.applications import ACTIVE, MAX_NOTE, app_path, check_text
from talentmatch.services.errors import InvalidInput, NotFound
from talentmatch.services.notifications import Notice, notify
from talentmatch.services.opportunity_texts import title_here
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.transaction import unit_of_work

S = ApplicationStatus
# The moves that make sense from each status; hired, rejected and withdrawn are final.
TRANSITIONS: dict[ApplicationStatus, tuple[ApplicationStatus, ...]] = {
    S.SUBMITTED: (S.REVIEWED, S.INTERVIEW, S.REJECTED),
    S.REVIEWED: (S.INTERVIEW, S.REJECTED),
    S.INTERVIEW: (S.OFFER, S.REJECTED),
    S.OFFER: (S.HIRED, S.REJECTED),
    S.HIRED: (),
    S.REJECTED: (),
    S.WITHDRAWN: (),
}


@dataclass(frozen=True)
class ApplicantList:
    job: Opportunity
    applications: list[Application]
    awaiting_verification: bool = False  # the organisation is not verified: nothing is shown


def _with_history():
    return (
        selectinload(Application.events).selectinload(ApplicationEvent.actor),
        selectinload(Application.applicant),
    )


def applicants_for(actor: User, job_id: int) -> ApplicantList:
    """Everyone who applied to one of the actor's organisation's jobs, newest first."""
    job = jobs.get_own_job(actor, job_id)  # NotFound / NotAllowed
    verification.require_verified(actor)
    if not vetting.organisation_verified(actor):
        return ApplicantList(job, [], awaiting_verification=True)
    applications = db.session.scalars(
        select(Application)
        .where(Application.opportunity_id == job.id)
        .options(*_with_history())
        .order_by(Application.created_at.desc(), Application.id.desc())
    )
    return ApplicantList(job, list(applications))


def counts_by_job(actor: User) -> dict[int, tuple[int, int]]:
    """Per job of the actor's organisation: (applications, of which still to be looked at)."""
    if actor.organisation_id is None or not vetting.organisation_verified(actor):
        return {}
    rows = db.session.execute(
        select(
            Application.opportunity_id,
            func.count(Application.id),
            func.count(Application.id).filter(Application.status == S.SUBMITTED),
        )
        .join(Opportunity, Opportunity.id == Application.opportunity_id)
        .where(Opportunity.organisation_id == actor.organisation_id)
        .group_by(Application.opportunity_id)
    ).all()
    return {job_id: (total, new) for job_id, total, new in rows}


def _employer_may_see(actor: User, application: Application) -> bool:
    return (
        actor.has_role(Role.EMPLOYER)
        and actor.organisation_id is not None
        and application.opportunity.organisation_id == actor.organisation_id
        and vetting.organisation_verified(actor)
        and actor.email_verified
    )


def get_for_employer(actor: User, application_id: int) -> Application:
    """An application to one of the actor's organisation's jobs; to anyone else it does not
    exist."""
    application = db.session.get(Application, application_id)
    if application is None or not _employer_may_see(actor, application):
        raise NotFound(_("There is no such application."))
    return application


def next_statuses(application: Application) -> tuple[ApplicationStatus, ...]:
    return TRANSITIONS[application.status]


def move(
    actor: User, application_id: int, status: ApplicationStatus, note: str = ""
) -> Application:
    """Move an application one sensible step on, with an optional note to the applicant."""
    application = get_for_employer(actor, application_id)
    note = check_text(note, MAX_NOTE, "note")
    with unit_of_work():
        lock_for_update(application)  # two colleagues at once: the second sees the first's move
        if status not in TRANSITIONS[application.status]:
            raise InvalidInput(_refusal(application.status, status), "status")
        application.status = status
        application.events.append(ApplicationEvent(status=status, note=note, actor_id=actor.id))
        _tell_applicant(application, note)
    return application


def _refusal(current: ApplicationStatus, wanted: ApplicationStatus) -> str:
    if current not in ACTIVE:
        return _(
            "This application is closed (%(status)s): its status can no longer change.",
            status=current.label,
        )
    return _(
        "An application that is “%(current)s” cannot be moved to “%(wanted)s”. Choose one of "
        "the next steps offered.",
        current=current.label,
        wanted=wanted.label,
    )


def _tell_applicant(application: Application, note: str) -> None:
    job = application.opportunity
    hired_on = to_user_timezone(utcnow()).date()

    def render() -> Notice:
        values = {"title": title_here(job), "organisation": job.provider_name}
        status = application.status.label
        text = _(
            "Your application to “%(title)s” at %(organisation)s: %(status)s.",
            status=status,
            **values,
        )
        body = text + ("\n\n" + _("A note from the employer:") + f"\n{note}" if note else "")
        if application.status is S.HIRED:
            survey_note = outcome_hires.hire_note(application.applicant, hired_on)
            body += f"\n\n{survey_note}" if survey_note else ""
        return Notice(text, _("Your application to %(title)s", **values), body)

    notify(
        application.applicant,
        NotificationKind.APPLICATION_STATUS,
        app_path("applications.detail", application_id=application.id),
        render,
    )


def cv_download(actor: User, application_id: int) -> tuple[Path, str]:
    """The CV file and its name, for the applicant or the job's employers only."""
    application = db.session.get(Application, application_id)
    if application is None or not (
        application.user_id == actor.id or _employer_may_see(actor, application)
    ):
        raise NotFound(_("There is no such file."))
    if not application.cv_stored_name:
        raise NotFound(_("This application has no CV."))
    path = cv_files.path_of(application.user_id, application.cv_stored_name)
    if not path.is_file():
        raise NotFound(_("There is no such file."))
    return path, application.cv_filename or "cv.pdf"
