"""Demo contact between employers and graduates: invitations (open, accepted, declined), the
conversations that followed, and a career-services introduction, so the inbox is not empty.

Only graduates who show their profile to employers are invited; the introduced graduate shares
it with their university's career services. Loaded once: if any invitation exists, nothing is
added.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from talentmatch.demo.generate import DemoPlan
from talentmatch.demo.staff import ADVISERS
from talentmatch.extensions import db
from talentmatch.models import (
    GraduateProfile,
    Invitation,
    InvitationStatus,
    Message,
    MessageSide,
    MessageThread,
    Notification,
    NotificationKind,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Organisation,
    User,
    Visibility,
)

SENIOR = re.compile(r"\b(senior|lead|head|chief|principal|manager|johtaja|päällikkö)\b", re.I)
# The University of Helsinki's demo adviser introduces one of her graduates.
ADVISER = ADVISERS[0]

# (answer, days ago, the conversation after it: who writes, then what, oldest first)
Script = tuple[InvitationStatus | None, int, tuple[tuple[MessageSide, str], ...]]
G, ORG = MessageSide.GRADUATE, MessageSide.ORGANISATION
SCRIPTS: tuple[Script, ...] = (
    (
        InvitationStatus.ACCEPTED,
        9,
        (
            (
                G,
                "Thank you for the invitation! I have just sent my application. Is the team "
                "working in English, or should I expect some meetings in Finnish?",
            ),
            (
                ORG,
                "Thanks, {first}, we received it. The team works in English; we help new "
                "colleagues with Finnish if they want to learn. Could you do a video call next "
                "Tuesday or Wednesday afternoon?",
            ),
            (G, "Wednesday afternoon works well for me, any time after 13:00."),
            (ORG, "Great, Wednesday at 14:00 then. I will send the link by email the day before."),
        ),
    ),
    (
        InvitationStatus.DECLINED,
        6,
        (
            (
                G,
                "Thank you for thinking of me. I have just accepted another offer, so I will not "
                "apply this time, but I would be glad to hear from you in the future.",
            ),
            (
                ORG,
                "Congratulations on the new job, {first}! Best of luck, and let's keep in touch.",
            ),
        ),
    ),
    (None, 2, ()),
    (
        InvitationStatus.ACCEPTED,
        4,
        (
            (
                G,
                "I would like to apply. Is it possible to work remotely some days of the week? "
                "I live in Vantaa.",
            ),
            (
                ORG,
                "Yes: most of the team is at the office on Tuesdays and Thursdays and works "
                "from home otherwise. Looking forward to your application!",
            ),
        ),
    ),
    (None, 1, ()),
    (
        InvitationStatus.OPEN,
        3,
        (
            (
                G,
                "Thank you! Is there a deadline for the application? I "
                "am finishing my thesis this month.",
            ),
        ),
    ),
)
NOTE = (
    "Hello {first}, your experience with {skills} fits our {title} role well, and we would be "
    "glad to receive your application. The team is international and works mostly in English."
)
INTRODUCTION_NOTE = (
    "Hello both! {first} graduated from the University of Helsinki and is looking for a first "
    "role in {field}. {organisation} has hired our graduates before, so I thought you should "
    "meet. {first}, the recruiter will write to you here; feel free to ask them anything."
)
INTRODUCTION_REPLY = (
    "Thank you, Laura, for the introduction. Hello {first}! We are recruiting in the spring; "
    "would you like to have a short call next week to hear about our team?"
)


@dataclass(frozen=True)
class Pairing:
    job: Opportunity
    graduate: User
    shared: list[str]  # skill labels the job asks for and the graduate has


def load_contact(plan: DemoPlan, now: datetime, added: Counter[str]) -> None:
    """Invitations, conversations and an introduction between the demo people, once."""
    if db.session.scalar(select(func.count()).select_from(Invitation)):
        return
    emails = [g.email for g in plan.graduates]
    graduates = list(
        db.session.scalars(
            select(User)
            .join(GraduateProfile, GraduateProfile.user_id == User.id)
            .where(User.email.in_(emails))
            .options(selectinload(User.profile).selectinload(GraduateProfile.skills))
            .order_by(User.id)
        )
    )
    jobs = list(
        db.session.scalars(
            select(Opportunity)
            .join(Organisation, Organisation.id == Opportunity.organisation_id)
            .where(
                Opportunity.kind == OpportunityKind.JOB,
                Opportunity.status == OpportunityStatus.OPEN,
                Organisation.business_id.in_([e.business_id for e in plan.employers]),
            )
            .options(selectinload(Opportunity.skills), selectinload(Opportunity.organisation))
            .order_by(Opportunity.id)
        )
    )
    if not graduates or not jobs:
        return
    recruiters = {
        u.organisation_id: u
        for u in db.session.scalars(
            select(User).where(User.email.in_([e.contact_email for e in plan.employers]))
        )
    }
    sharing = [g for g in graduates if _visibility(g) is Visibility.EMPLOYERS]
    pairings = _pairings(jobs, sharing, len(SCRIPTS))
    for pairing, script in zip(pairings, SCRIPTS, strict=False):
        recruiter = recruiters.get(pairing.job.organisation_id)
        if recruiter is not None:
            _invitation(pairing, recruiter, script, now)
            added["invitations"] += 1
    used = {p.graduate.id for p in pairings}
    _introduction(graduates, jobs, recruiters, used, now, added)


def _visibility(user: User) -> Visibility:
    return user.profile.visibility if user.profile else Visibility.PRIVATE


def _skills(user: User) -> set[int]:
    return {s.skill_id for s in user.profile.skills if s.skill_id} if user.profile else set()


def _pairings(jobs: Sequence[Opportunity], graduates: Sequence[User], wanted: int) -> list[Pairing]:
    """Jobs of different organisations, each with the unused graduate sharing most skills."""
    found: list[Pairing] = []
    organisations: set[int | None] = set()
    used: set[int] = set()
    # Every few jobs rather than the first ones, so the examples come from different fields;
    # and roles a recent graduate could take.
    stride = max(1, len(jobs) // (wanted * 4))
    for job in [*jobs[::stride], *jobs]:
        if len(found) == wanted:
            break
        if job.organisation_id in organisations or SENIOR.search(job.title):
            continue
        required = {s.skill_id: s.label for s in job.skills if s.skill_id}
        best = max(
            (g for g in graduates if g.id not in used),
            key=lambda g: (len(_skills(g) & set(required)), -g.id),
            default=None,
        )
        if best is None or len(_skills(best) & set(required)) < 2:
            continue
        shared = [required[s] for s in required if s in _skills(best)][:3]
        found.append(Pairing(job, best, shared))
        organisations.add(job.organisation_id)
        used.add(best.id)
    return found


def _first(user: User) -> str:
    return user.full_name.split()[0]


def _invitation(pairing: Pairing, recruiter: User, script: Script, now: datetime) -> None:
    answer, days_ago, conversation = script
    job, graduate = pairing.job, pairing.graduate
    sent = now - timedelta(days=days_ago, hours=3)
    invitation = Invitation(
        user_id=graduate.id,
        opportunity_id=job.id,
        organisation_id=recruiter.organisation_id,
        invited_by_id=recruiter.id,
        note=NOTE.format(first=_first(graduate), skills=", ".join(pairing.shared), title=job.title),
        status=answer or InvitationStatus.OPEN,
        created_at=sent,
        answered_at=sent + timedelta(hours=5)
        if answer not in (None, InvitationStatus.OPEN)
        else None,
    )
    db.session.add(invitation)
    db.session.flush()
    thread = MessageThread(
        organisation_id=invitation.organisation_id,
        user_id=graduate.id,
        opportunity_id=job.id,
        invitation_id=invitation.id,
        created_at=sent,
        last_message_at=sent,
    )
    _converse(thread, graduate, recruiter, conversation, sent + timedelta(hours=6))
    if invitation.status is InvitationStatus.OPEN:
        _notify(
            graduate,
            NotificationKind.INVITATION,
            f"{job.organisation.name if job.organisation else ''} invites you to apply for "
            f"“{job.title}”.",
            thread,
            sent,
        )


def _converse(
    thread: MessageThread,
    graduate: User,
    recruiter: User,
    lines: Sequence[tuple[MessageSide, str]],
    start: datetime,
) -> None:
    """Add the messages; everything is read except the last one, for whoever it was sent to."""
    db.session.add(thread)
    db.session.flush()
    messages = []
    for n, (side, text) in enumerate(lines):
        at = start + timedelta(hours=5 * n)
        message = Message(
            thread_id=thread.id,
            sender_id=graduate.id if side is MessageSide.GRADUATE else recruiter.id,
            side=side,
            body=text.format(first=_first(graduate)),
            created_at=at,
        )
        db.session.add(message)
        messages.append(message)
        thread.last_message_at = at
    db.session.flush()
    for message in messages[:-1]:
        thread.graduate_read_id = thread.organisation_read_id = message.id
    if messages:
        last = messages[-1]
        if last.side is MessageSide.GRADUATE:
            thread.graduate_read_id = last.id
            _notify(
                recruiter,
                NotificationKind.MESSAGE,
                f"New message from {graduate.full_name}",
                thread,
                last.created_at,
            )
        else:
            thread.organisation_read_id = last.id
            _notify(
                graduate,
                NotificationKind.MESSAGE,
                f"New message from {recruiter.organisation.name if recruiter.organisation else ''}",
                thread,
                last.created_at,
            )


def _notify(user: User, kind: NotificationKind, text: str, thread: MessageThread, at) -> None:
    db.session.add(
        Notification(
            user_id=user.id,
            kind=kind,
            text=text,
            link=f"/messages/threads/{thread.id}",
            created_at=at,
        )
    )


def _introduction(
    graduates: Sequence[User],
    jobs: Sequence[Opportunity],
    recruiters: dict[int | None, User],
    used: set[int],
    now: datetime,
    added: Counter[str],
) -> None:
    """The University of Helsinki's adviser introduces one of her graduates."""
    adviser = db.session.scalar(select(User).where(User.email == ADVISER.email))
    university = adviser.university if adviser is not None else None
    if adviser is None or university is None:
        return
    candidates = [
        g
        for g in graduates
        if g.id not in used
        and g.profile is not None
        and g.profile.university_id == university.id
        and _visibility(g) in (Visibility.CAREER_SERVICES, Visibility.EMPLOYERS)
    ]
    pairing = next(iter(_pairings(jobs, candidates, 1)), None)
    recruiter = recruiters.get(pairing.job.organisation_id) if pairing else None
    if pairing is None or recruiter is None or recruiter.organisation is None:
        return
    graduate = pairing.graduate
    when = now - timedelta(days=5)
    thread = MessageThread(
        organisation_id=recruiter.organisation_id,
        user_id=graduate.id,
        opportunity_id=pairing.job.id,
        introduced_by_id=adviser.id,
        created_at=when,
        last_message_at=when,
    )
    db.session.add(thread)
    db.session.flush()
    db.session.add(
        Message(
            thread_id=thread.id,
            sender_id=adviser.id,
            side=MessageSide.CAREER_SERVICES,
            body=INTRODUCTION_NOTE.format(
                first=_first(graduate),
                field=graduate.profile.field_of_study.lower() if graduate.profile else "",
                organisation=recruiter.organisation.name,
            ),
            created_at=when,
        )
    )
    db.session.flush()
    thread.organisation_read_id = thread.graduate_read_id = (
        db.session.scalar(select(func.max(Message.id)).where(Message.thread_id == thread.id)) or 0
    )
    _converse(
        thread,
        graduate,
        recruiter,
        ((MessageSide.ORGANISATION, INTRODUCTION_REPLY),),
        when + timedelta(hours=20),
    )
    added["introductions"] += 1
