"""Career services introduce one of their graduates to an employer organisation.

An introduction opens a thread between the graduate and the organisation whose first message is
the adviser's note, and notifies both sides. The adviser is not a party to the conversation that
follows (what the graduate and the employer write to each other stays between them); their
page lists the introductions they made. Only graduates of the adviser's university who share
their profile with career services can be introduced, never to an organisation they blocked.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from talentmatch.extensions import db
from talentmatch.models import (
    GraduateProfile,
    Message,
    MessageSide,
    MessageThread,
    NotificationKind,
    Opportunity,
    OpportunityKind,
    Organisation,
    Role,
    User,
    Visibility,
)
from talentmatch.services import contact, submissions
from talentmatch.services.errors import InvalidInput, NotAllowed
from talentmatch.services.matching_documents import is_recommendable, recommendable
from talentmatch.services.notifications import Notice
from talentmatch.services.opportunity_texts import title_here
from talentmatch.services.transaction import unit_of_work

SHARED_WITH_CAREER_SERVICES = (Visibility.CAREER_SERVICES, Visibility.EMPLOYERS)


@dataclass(frozen=True)
class IntroductionInput:
    graduate_id: int | None
    organisation_id: int | None
    job_id: int | None
    note: str


def _require_adviser(actor: User) -> int:
    if not actor.has_role(Role.CAREER_SERVICES) or actor.university_id is None:
        raise NotAllowed(_("Only career services of a university introduce graduates."))
    return actor.university_id


def shared_graduates(actor: User) -> list[User]:
    """The adviser's university's active graduates who share their profile with career
    services, by name."""
    university_id = _require_adviser(actor)
    return list(
        db.session.scalars(
            select(User)
            .join(GraduateProfile, GraduateProfile.user_id == User.id)
            .where(
                User.role == Role.GRADUATE,
                User.active.is_(True),
                GraduateProfile.university_id == university_id,
                GraduateProfile.visibility.in_(SHARED_WITH_CAREER_SERVICES),
            )
            .order_by(User.full_name, User.id)
        )
    )


def organisations() -> list[Organisation]:
    """Verified organisations with at least one employer account to answer."""
    has_employer = exists(
        select(User.id).where(
            User.organisation_id == Organisation.id,
            User.role == Role.EMPLOYER,
            User.active.is_(True),
        )
    )
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.verified.is_(True), has_employer)
            .order_by(Organisation.name, Organisation.id)
        )
    )


def open_jobs(today) -> list[Opportunity]:
    """Jobs an introduction may be about: open and listed, by organisation."""
    return list(
        db.session.scalars(
            select(Opportunity)
            .where(Opportunity.kind == OpportunityKind.JOB, recommendable(today))
            .options(selectinload(Opportunity.organisation))
            .order_by(Opportunity.organisation_id, Opportunity.title)
        )
    )


def _checked(
    actor: User, data: IntroductionInput, today
) -> tuple[User, Organisation, Opportunity | None, str]:
    errors: dict[str, str] = {}
    graduate = next((g for g in shared_graduates(actor) if g.id == data.graduate_id), None)
    if graduate is None:
        errors["graduate_id"] = _(
            "Choose one of your university's graduates who share their profile with you."
        )
    organisation = next((o for o in organisations() if o.id == data.organisation_id), None)
    if organisation is None:
        errors["organisation_id"] = _("Choose a verified organisation from the list.")
    job = db.session.get(Opportunity, data.job_id) if data.job_id else None
    if data.job_id and (
        job is None
        or job.kind is not OpportunityKind.JOB
        or not is_recommendable(job, today)
        or (organisation is not None and job.organisation_id != organisation.id)
    ):
        errors["job_id"] = _("Choose an open job of that organisation, or no job.")
    try:
        note = contact.clean_text(data.note, contact.MAX_NOTE, "note", required=True)
    except InvalidInput as error:
        errors.update(error.errors)
    if graduate is not None and organisation is not None:
        if contact.is_blocked(graduate.id, organisation.id):
            errors["organisation_id"] = _(
                "This graduate has chosen not to be contacted by this organisation."
            )
    if errors or graduate is None or organisation is None:
        raise InvalidInput(errors)
    return graduate, organisation, job, note


def introduce(
    actor: User, data: IntroductionInput, today, submission_token: str | None = None
) -> MessageThread:
    """Introduce a graduate to an organisation (optionally about one of its jobs) with a note;
    both sides are notified. The same form sent twice introduces once (AlreadySubmitted)."""
    _require_adviser(actor)
    graduate, organisation, job, note = _checked(actor, data, today)
    with unit_of_work():
        submission = submissions.claim(actor, submission_token, "introduction")
        thread = MessageThread(
            organisation_id=organisation.id,
            user_id=graduate.id,
            opportunity_id=job.id if job else None,
            introduced_by_id=actor.id,
        )
        db.session.add(thread)
        db.session.flush()
        db.session.add(
            Message(
                thread_id=thread.id, sender_id=actor.id, side=MessageSide.CAREER_SERVICES, body=note
            )
        )
        submissions.record_result(submission, thread.id)
        _tell_both(actor, thread, graduate, organisation, job, note)
    return thread


def _tell_both(
    actor: User,
    thread: MessageThread,
    graduate: User,
    organisation: Organisation,
    job: Opportunity | None,
    note: str,
) -> None:
    university = actor.university.name if actor.university else ""

    def to_graduate(url: str) -> Notice:
        text = _(
            "%(adviser)s (%(university)s) introduced you to %(organisation)s.",
            adviser=actor.full_name,
            university=university,
            organisation=organisation.name,
        )
        return _notice(text, note, job, url)

    def to_organisation(url: str) -> Notice:
        text = _(
            "%(adviser)s (%(university)s career services) introduced %(graduate)s to you.",
            adviser=actor.full_name,
            university=university,
            graduate=graduate.full_name,
        )
        return _notice(text, note, job, url)

    values = {"thread_id": thread.id}
    kind = NotificationKind.INTRODUCTION
    contact.tell([graduate], kind, "messages.thread", values, to_graduate)
    recipients = contact.organisation_users(organisation.id)
    contact.tell(recipients, kind, "messages.thread", values, to_organisation, about=graduate)


def _notice(text: str, note: str, job: Opportunity | None, url: str) -> Notice:
    about = _("About the job “%(title)s”.", title=title_here(job)) + "\n\n" if job else ""
    return Notice(
        text=text,
        subject=text,
        body=_(
            "%(text)s\n\n%(about)sTheir note:\n%(note)s\n\nThe conversation: %(url)s\n",
            text=text,
            about=about,
            note=note,
            url=url,
        ),
    )


def made_by(actor: User) -> list[MessageThread]:
    """The adviser's introductions, newest first."""
    _require_adviser(actor)
    return list(
        db.session.scalars(
            select(MessageThread)
            .where(MessageThread.introduced_by_id == actor.id)
            .options(
                selectinload(MessageThread.graduate),
                selectinload(MessageThread.organisation),
                selectinload(MessageThread.opportunity),
                selectinload(MessageThread.messages),
            )
            .order_by(MessageThread.created_at.desc(), MessageThread.id.desc())
        )
    )
