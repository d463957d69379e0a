"""A graduate's applications: applying to a job (here, or on the employer's own site), the list
of their applications with every step, and withdrawing.

One application per graduate and job is the database's rule (a unique constraint): a second
request for the same pair, however close in time, finds the first one instead of adding a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Interaction,
    InteractionKind,
    NotificationKind,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Role,
    User,
)
from talentmatch.services import application_fit, cv_files, verification
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.notifications import Notice, notify
from talentmatch.services.opportunity_texts import title_here
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.transaction import unit_of_work
from talentmatch.services.vetting import is_listed

MAX_COVER_NOTE = 3000
MAX_NOTE = 2000
# Where an application can still move; hired, rejected and withdrawn are final.
ACTIVE = frozenset(
    {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.REVIEWED,
        ApplicationStatus.INTERVIEW,
        ApplicationStatus.OFFER,
    }
)


@dataclass(frozen=True)
class ApplyInput:
    cover_note: str = ""
    cv: cv_files.CvUpload | None = None


@dataclass(frozen=True)
class Outcome:
    application: Application
    created: bool  # False: the graduate had already applied, and this is that application


@dataclass(frozen=True)
class ApplyPage:
    job: Opportunity
    fit: application_fit.RecordedFit
    existing: Application | None


def app_path(endpoint: str, **values: object) -> str:
    """A path inside the app for a notification, built without a request (commands too)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def _require_graduate(actor: User) -> None:
    if not actor.has_role(Role.GRADUATE):
        raise NotAllowed(_("Only graduates apply for jobs."))


def _require_verified_address(actor: User) -> None:
    """An application gives an employer the graduate's name: only from a confirmed address."""
    problem = verification.unverified_problem(actor)
    if problem:
        raise InvalidInput(problem)


def _appliable_job(opportunity_id: int, today: date) -> Opportunity:
    """An open, listed job before its deadline; programmes, communities and events are joined or
    attended elsewhere, not applied to here."""
    job = db.session.get(Opportunity, opportunity_id)
    if (
        job is None
        or job.status is not OpportunityStatus.OPEN
        or not is_listed(job)
        or job.kind is not OpportunityKind.JOB
    ):
        raise NotFound(_("There is no such job, or it no longer takes applications."))
    if not job.is_open_on(today):
        raise NotFound(_("The application deadline of this job has passed."))
    return job


def applied_to(viewer: User | None, opportunity_id: int) -> Application | None:
    """The viewer's application to this opportunity, if the viewer is a graduate who applied."""
    if viewer is None or not viewer.has_role(Role.GRADUATE):
        return None
    return existing_application(viewer, opportunity_id)


def applications_by_opportunity(actor: User) -> dict[int, Application]:
    """The graduate's applications keyed by the job, so lists show "Applied" instead of Apply."""
    if not actor.has_role(Role.GRADUATE):
        return {}
    rows = db.session.scalars(select(Application).where(Application.user_id == actor.id))
    return {application.opportunity_id: application for application in rows}


def existing_application(actor: User, opportunity_id: int) -> Application | None:
    return db.session.scalar(
        select(Application).where(
            Application.user_id == actor.id, Application.opportunity_id == opportunity_id
        )
    )


def apply_page(actor: User, opportunity_id: int, today: date) -> ApplyPage:
    """What the apply page shows: the job, the fit the graduate sees, an earlier application."""
    _require_graduate(actor)
    existing = existing_application(actor, opportunity_id)
    if existing is not None:
        return ApplyPage(existing.opportunity, application_fit.RecordedFit(), existing)
    job = _appliable_job(opportunity_id, today)
    return ApplyPage(job, application_fit.current_fit(actor.id, job, today), None)


def check_text(text: str, limit: int, field: str) -> str:
    text = (text or "").strip()
    if len(text) > limit:
        raise InvalidInput(
            _("Use at most %(max)d characters (you used %(length)d).", max=limit, length=len(text)),
            field,
        )
    return text


def apply(actor: User, opportunity_id: int, data: ApplyInput, today: date) -> Outcome:
    """Apply to an open job with a cover note and, optionally, a PDF CV."""
    _require_graduate(actor)
    job = _appliable_job(opportunity_id, today)
    _require_verified_address(actor)
    if job.url:
        raise InvalidInput(
            _(
                "This employer takes applications on its own site. Apply there, then record it "
                "here with “I applied there”."
            )
        )
    cover_note = check_text(data.cover_note, MAX_COVER_NOTE, "cover_note")
    if data.cv is not None:
        cv_files.check(data.cv)
    return _create(actor, job, cover_note, data.cv, external=False, today=today)


def record_external(actor: User, opportunity_id: int, note: str, today: date) -> Outcome:
    """ "I applied there": the graduate applied through the employer's own link."""
    _require_graduate(actor)
    job = _appliable_job(opportunity_id, today)
    _require_verified_address(actor)
    if not job.url:
        raise InvalidInput(_("This job takes applications here, on TalentMatch."))
    cover_note = check_text(note, MAX_COVER_NOTE, "note")
    return _create(actor, job, cover_note, None, external=True, today=today)


def _create(
    actor: User,
    job: Opportunity,
    cover_note: str,
    cv: cv_files.CvUpload | None,
    external: bool,
    today: date,
) -> Outcome:
    actor_id, job_id = actor.id, job.id
    fit = application_fit.to_json(application_fit.current_fit(actor_id, job, today))
    stored = cv_files.store(actor_id, cv.content) if cv is not None else None
    try:
        with unit_of_work():
            application = Application(
                user_id=actor_id,
                opportunity_id=job_id,
                cover_note=cover_note,
                external=external,
                cv_filename=cv_files.display_name(cv.filename) if cv is not None else None,
                cv_stored_name=stored,
                cv_size=len(cv.content) if cv is not None else None,
                explanation=fit,
            )
            db.session.add(application)
            db.session.flush()  # the unique constraint decides here, before anything else
            application.events.append(
                ApplicationEvent(status=ApplicationStatus.SUBMITTED, actor_id=actor_id)
            )
            db.session.add(
                Interaction(user_id=actor_id, opportunity_id=job_id, kind=InteractionKind.APPLY)
            )
            _tell_employers(application, actor, job)
    except IntegrityError:
        # Another request of the same graduate applied first: theirs stands, this one's file goes.
        cv_files.remove(actor_id, stored)
        earlier = db.session.scalar(
            select(Application).where(
                Application.user_id == actor_id, Application.opportunity_id == job_id
            )
        )
        if earlier is None:
            raise
        return Outcome(earlier, created=False)
    except BaseException:
        cv_files.remove(actor_id, stored)
        raise
    return Outcome(application, created=True)


def employers_of(job: Opportunity) -> list[User]:
    """The people who answer for a job: its organisation's active employer accounts."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.organisation_id == job.organisation_id,
                User.role == Role.EMPLOYER,
                User.active.is_(True),
            )
            .order_by(User.id)
        )
    )


def _tell_employers(application: Application, applicant: User, job: Opportunity) -> None:
    link = app_path("employers.application", application_id=application.id)

    def render() -> Notice:
        values = {"name": applicant.full_name, "title": title_here(job)}
        if application.external:
            text = _("%(name)s applied to “%(title)s” on your own site.", **values)
            body = _(
                "%(name)s says they applied to “%(title)s” through your organisation's "
                "own application page. You can follow the application on TalentMatch.",
                **values,
            )
        else:
            text = _("%(name)s applied to “%(title)s”.", **values)
            body = _(
                "%(name)s applied to “%(title)s”. Read the cover note and the CV, and "
                "move the application on, on the job's Applicants tab.",
                **values,
            )
        return Notice(text, _("New application: %(title)s", **values), body)

    for employer in employers_of(job):
        notify(employer, NotificationKind.APPLICATION_RECEIVED, link, render, about=applicant)


def my_applications(actor: User) -> list[Application]:
    """Every application of the graduate, newest first, closed jobs' ones too."""
    _require_graduate(actor)
    return list(
        db.session.scalars(
            select(Application)
            .where(Application.user_id == actor.id)
            .options(
                selectinload(Application.opportunity).selectinload(Opportunity.organisation),
                selectinload(Application.events),
            )
            .order_by(Application.created_at.desc(), Application.id.desc())
        )
    )


def get_own(actor: User, application_id: int) -> Application:
    """One of the graduate's own applications; anyone else's does not exist for them."""
    _require_graduate(actor)
    application = db.session.get(Application, application_id)
    if application is None or application.user_id != actor.id:
        raise NotFound(_("There is no such application."))
    return application


def withdraw(actor: User, application_id: int, note: str = "") -> Application:
    """The graduate takes back an application that is still open; the employer is told."""
    application = get_own(actor, application_id)
    note = check_text(note, MAX_NOTE, "note")
    with unit_of_work():
        lock_for_update(application)  # an employer's move at the same moment waits, or wins
        if application.status not in ACTIVE:
            raise InvalidInput(
                _(
                    "This application is closed (%(status)s): it can no longer be withdrawn.",
                    status=application.status.label,
                )
            )
        application.status = ApplicationStatus.WITHDRAWN
        application.events.append(
            ApplicationEvent(status=ApplicationStatus.WITHDRAWN, note=note, actor_id=actor.id)
        )
        job = application.opportunity

        def values() -> dict[str, str]:
            return {"name": actor.full_name, "title": title_here(job)}

        for employer in employers_of(job):
            # Employers' news about applications to their jobs is one email preference.
            notify(
                employer,
                NotificationKind.APPLICATION_RECEIVED,
                app_path("employers.application", application_id=application.id),
                lambda: Notice(
                    _("%(name)s withdrew their application to “%(title)s”.", **values()),
                    _("Application withdrawn: %(title)s", **values()),
                    _("%(name)s withdrew their application to “%(title)s”.", **values())
                    + (f"\n\n{note}" if note else ""),
                ),
                about=actor,
            )
    return application
