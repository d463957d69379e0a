"""Invitations to apply: an employer invites a candidate to one of its open jobs with a note; the
graduate accepts (and goes to the job to apply) or declines; both sides are told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from talentmatch.extensions import db
from talentmatch.models import (
    Invitation,
    InvitationStatus,
    MessageThread,
    NotificationKind,
    Opportunity,
    User,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import contact, jobs
from talentmatch.services.errors import InvalidInput, NotFound
from talentmatch.services.matching_documents import is_recommendable
from talentmatch.services.notifications import Notice
from talentmatch.services.opportunity_texts import title_here
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.transaction import unit_of_work


@dataclass(frozen=True)
class InvitationDraft:
    """What the invite page shows: the job and the candidate the employer is about to invite."""

    job: Opportunity
    graduate: User
    existing: Invitation | None
    job_open: bool  # only open jobs whose deadline has not passed can be offered


class AlreadyInvited(InvalidInput):
    """The graduate was invited to this job before (a double click, or a colleague did)."""

    def __init__(self, invitation: Invitation) -> None:
        self.invitation = invitation
        super().__init__(_("This graduate has already been invited to apply for this job."))


def _find(graduate_id: int, job_id: int) -> Invitation | None:
    return db.session.scalar(
        select(Invitation).where(
            Invitation.user_id == graduate_id, Invitation.opportunity_id == job_id
        )
    )


def prepare(actor: User, job_id: int, graduate_id: int, today: date) -> InvitationDraft:
    """Check that the employer may invite this graduate to this job, before the note is written."""
    job = jobs.get_own_job(actor, job_id)
    organisation = contact.acting_organisation(actor)
    graduate = contact.graduate_account(graduate_id)
    if not contact.shares_with_employers(graduate):
        raise NotFound(_("There is no such candidate."))
    contact.require_not_blocked(graduate, organisation)
    return InvitationDraft(job, graduate, _find(graduate.id, job.id), is_recommendable(job, today))


def closed_job_problem() -> str:
    return _("Only open jobs whose deadline has not passed can be offered to candidates.")


def invite(actor: User, job_id: int, graduate_id: int, note: str, today: date) -> Invitation:
    """Invite a candidate to apply; the graduate is notified. A second invitation to the same
    graduate and job (a double click, a colleague at the same time) raises AlreadyInvited."""
    draft = prepare(actor, job_id, graduate_id, today)
    note = contact.clean_text(note, contact.MAX_NOTE, "note", required=False)
    if draft.existing is not None:
        raise AlreadyInvited(draft.existing)
    if not draft.job_open:
        raise InvalidInput(closed_job_problem())
    organisation = contact.acting_organisation(actor)
    try:
        with unit_of_work():
            invitation = Invitation(
                user_id=draft.graduate.id,
                opportunity_id=draft.job.id,
                organisation_id=organisation.id,
                invited_by_id=actor.id,
                note=note,
            )
            db.session.add(invitation)
            db.session.flush()  # the unique constraint decides between two at once
            thread = MessageThread(
                organisation_id=organisation.id,
                user_id=draft.graduate.id,
                opportunity_id=draft.job.id,
                invitation_id=invitation.id,
            )
            db.session.add(thread)
            db.session.flush()
            _tell_graduate(invitation, thread)
    except IntegrityError:
        earlier = _find(draft.graduate.id, draft.job.id)
        if earlier is None:
            raise
        raise AlreadyInvited(earlier) from None
    return invitation


def _tell_graduate(invitation: Invitation, thread: MessageThread) -> None:
    organisation, job = invitation.organisation, invitation.opportunity

    def render(url: str) -> Notice:
        text = _(
            "%(organisation)s invites you to apply for “%(title)s”.",
            organisation=organisation.name,
            title=title_here(job),
        )
        note = invitation.note or _("(no note)")
        return Notice(
            text=text,
            subject=text,
            body=_(
                "Hello %(name)s,\n\n%(text)s\n\nTheir note:\n%(note)s\n\n"
                "Accept or decline the invitation, or reply to them, here:\n%(url)s\n",
                name=invitation.graduate.full_name,
                text=text,
                note=note,
                url=url,
            ),
        )

    contact.tell(
        [invitation.graduate],
        NotificationKind.INVITATION,
        "messages.thread",
        {"thread_id": thread.id},
        render,
    )


def answer(actor: User, invitation_id: int, accept: bool) -> Invitation:
    """The graduate accepts or declines an open invitation; the inviting side is told. Answering
    again with the same answer changes nothing; changing an answer is refused."""
    contact.require_graduate(actor)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.user_id != actor.id:
        raise NotFound(_("There is no such invitation."))
    wanted = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    with unit_of_work():
        lock_for_update(invitation)  # two answers at once: the second sees the first
        if invitation.status is wanted:
            return invitation
        if invitation.status is not InvitationStatus.OPEN:
            raise InvalidInput(_("You have already answered this invitation."))
        invitation.status = wanted
        invitation.answered_at = utcnow()
        _tell_organisation(invitation)
    return invitation


def _tell_organisation(invitation: Invitation) -> None:
    inviter = invitation.invited_by
    recipients = (
        [inviter]
        if inviter is not None
        and inviter.active
        and inviter.organisation_id == invitation.organisation_id
        else contact.organisation_users(invitation.organisation_id)
    )
    accepted = invitation.status is InvitationStatus.ACCEPTED
    thread_id = db.session.scalar(
        select(MessageThread.id).where(MessageThread.invitation_id == invitation.id)
    )

    def render(url: str) -> Notice:
        values = {
            "name": invitation.graduate.full_name,
            "title": title_here(invitation.opportunity),
        }
        text = (
            _("%(name)s accepted your invitation to apply for “%(title)s”.", **values)
            if accepted
            else _("%(name)s declined your invitation to apply for “%(title)s”.", **values)
        )
        return Notice(
            text=text,
            subject=text,
            body=_("%(text)s\n\nThe conversation: %(url)s\n", text=text, url=url),
        )

    contact.tell(
        recipients,
        NotificationKind.INVITATION_ANSWER,
        "messages.thread",
        {"thread_id": thread_id or 0},
        render,
        about=invitation.graduate,
    )


def received_by(actor: User) -> list[Invitation]:
    """The graduate's invitations, open ones first, newest first."""
    contact.require_graduate(actor)
    rows = db.session.scalars(
        select(Invitation)
        .where(Invitation.user_id == actor.id)
        .options(selectinload(Invitation.opportunity), selectinload(Invitation.organisation))
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    ).all()
    return sorted(rows, key=lambda i: i.status is not InvitationStatus.OPEN)


def sent_for_job(actor: User, job_id: int) -> dict[int, Invitation]:
    """The invitations the actor's organisation sent for one of its jobs, by graduate id."""
    job = jobs.get_own_job(actor, job_id)
    rows = db.session.scalars(select(Invitation).where(Invitation.opportunity_id == job.id))
    return {invitation.user_id: invitation for invitation in rows}
