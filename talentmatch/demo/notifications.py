"""Demo notifications (read and unread), email preferences, digests and saved searches, so the
notification centre and the preferences page of demo accounts are not empty.

Loaded for accounts that have none yet (idempotent). Rows are written directly rather than
through `notify`: a demo load must not fill the outbox with email to invented addresses.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    DigestFrequency,
    EmailPreference,
    EmploymentType,
    MatchDigest,
    Notification,
    NotificationKind,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Role,
    SavedSearch,
    User,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import email_preferences

DEMO_GRADUATES = 12  # the first graduates get notifications, preferences and saved searches
DEMO_EMPLOYERS = 6


def _graduate_notices(job: Opportunity | None) -> list[tuple[NotificationKind, str, str, int]]:
    """(kind, text, link, hours ago); the oldest are read."""
    title = job.title if job is not None else "Data analyst"
    job_link = f"/opportunities/{job.id}" if job is not None else "/opportunities/"
    return [
        (NotificationKind.DIGEST, "4 new strong matches for you", "/graduates/for-you", 2),
        (
            NotificationKind.APPLICATION_STATUS,
            f"Your application for {title} moved to interview",
            job_link,
            20,
        ),
        (
            NotificationKind.SEARCH_ALERT,
            '3 new opportunities for your saved search "Data jobs in Helsinki"',
            "/opportunities/?q=data&municipality=Helsinki",
            30,
        ),
        (
            NotificationKind.APPLICATION_STATUS,
            f"Your application for {title} was reviewed",
            job_link,
            72,
        ),
        (NotificationKind.DIGEST, "2 new strong matches for you", "/graduates/for-you", 170),
    ]


def _employer_notices(job: Opportunity | None) -> list[tuple[NotificationKind, str, str, int]]:
    title = job.title if job is not None else "our open job"
    return [
        (
            NotificationKind.APPLICATION_RECEIVED,
            f"New application for {title}",
            "/employers/",
            5,
        ),
        (
            NotificationKind.INVITATION_ANSWER,
            f"A graduate accepted your invitation to apply for {title}",
            "/employers/",
            50,
        ),
    ]


def _add_notices(
    user: User, notices: list[tuple[NotificationKind, str, str, int]], now: datetime
) -> int:
    for position, (kind, text, link, hours) in enumerate(notices):
        created = now - timedelta(hours=hours)
        db.session.add(
            Notification(
                user_id=user.id,
                kind=kind,
                text=text,
                link=link,
                created_at=created,
                # The two newest are unread, the rest were opened an hour after they came.
                read_at=None if position < 2 else created + timedelta(hours=1),
            )
        )
    return len(notices)


def _have_notifications(users: list[User]) -> set[int]:
    ids = [user.id for user in users]
    return set(
        db.session.scalars(select(Notification.user_id).where(Notification.user_id.in_(ids)))
    )


def _first(role: Role, limit: int) -> list[User]:
    return list(
        db.session.scalars(select(User).where(User.role == role).order_by(User.id).limit(limit))
    )


def _a_job(organisation_id: int | None = None) -> Opportunity | None:
    query = select(Opportunity).where(
        Opportunity.kind == OpportunityKind.JOB, Opportunity.status == OpportunityStatus.OPEN
    )
    if organisation_id is not None:
        query = query.where(Opportunity.organisation_id == organisation_id)
    return db.session.scalar(query.order_by(Opportunity.id).limit(1))


def _graduate_choices(user: User, position: int, now: datetime) -> None:
    """Alternate daily and weekly digests, one kind's email off, and two saved searches."""
    frequency = DigestFrequency.DAILY if position % 2 == 0 else DigestFrequency.WEEKLY
    email_preferences.set_digest(user, frequency)
    db.session.flush()
    digest = db.session.scalar(select(MatchDigest).where(MatchDigest.user_id == user.id))
    if digest is not None:
        digest.last_sent_at = now - timedelta(hours=2)
    if position % 3 == 0:
        db.session.add(EmailPreference(user_id=user.id, kind=NotificationKind.MESSAGE, email=False))
    db.session.add(
        SavedSearch(
            user_id=user.id,
            name="Data jobs in Helsinki",
            text="data",
            kind=OpportunityKind.JOB,
            municipality="Helsinki",
            alerts=True,
            alerted_up_to=now - timedelta(hours=30),
            last_alert_at=now - timedelta(hours=30),
        )
    )
    db.session.add(
        SavedSearch(
            user_id=user.id,
            name="Remote internships",
            employment_type=EmploymentType.INTERNSHIP,
            remote=True,
        )
    )


def load_notifications(added: Counter[str]) -> None:
    """Notifications and choices for the first demo graduates and employers without any."""
    now = utcnow()
    graduates = _first(Role.GRADUATE, DEMO_GRADUATES)
    employers = _first(Role.EMPLOYER, DEMO_EMPLOYERS)
    done = _have_notifications(graduates + employers)
    job = _a_job()
    for position, user in enumerate(graduates):
        if user.id in done:
            continue
        added["notifications"] += _add_notices(user, _graduate_notices(job), now)
        _graduate_choices(user, position, now)
    for user in employers:
        if user.id in done:
            continue
        own_job = _a_job(user.organisation_id) or job
        added["notifications"] += _add_notices(user, _employer_notices(own_job), now)
