"""Demo notifications (read and unread), email preferences, digests and saved searches, so the
notification centre and the preferences page of demo accounts are not empty.

Loaded for accounts that have none yet (idempotent). Rows are written directly rather than
through `notify`: a demo load must not fill the outbox with email to invented addresses.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    ApplicationStatus,
    DigestFrequency,
    EmailPreference,
    EmploymentType,
    MatchDigest,
    Notification,
    NotificationKind,
    OpportunityKind,
    Role,
    SavedSearch,
    User,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import email_preferences

DEMO_GRADUATES = 12  # the first graduates get digests, preferences and saved searches


def _graduate_notices() -> list[tuple[NotificationKind, str, str, int]]:
    """(kind, text, link, hours ago); the oldest are read."""
    return [
        (NotificationKind.DIGEST, "4 new strong matches for you", "/graduates/for-you", 2),
        (
            NotificationKind.SEARCH_ALERT,
            '3 new opportunities for your saved search "Data jobs in Helsinki"',
            "/opportunities/?q=data&municipality=Helsinki",
            30,
        ),
        (NotificationKind.DIGEST, "2 new strong matches for you", "/graduates/for-you", 170),
    ]


def _application_notices(now: datetime) -> int:
    """What the demo applications told each side: the employers of each new application, the
    graduate of each step it took. Those of the last two days are unread."""
    if db.session.scalar(
        select(Notification.id).where(Notification.kind == NotificationKind.APPLICATION_RECEIVED)
    ):
        return 0
    recent = now - timedelta(days=2)
    count = 0

    def add(
        user_id: int,
        kind: NotificationKind,
        text: str,
        link: str,
        at: datetime,
        about: int | None = None,
    ) -> None:
        read = None if at >= recent else at + timedelta(hours=3)
        db.session.add(
            Notification(
                user_id=user_id,
                about_user_id=about,
                kind=kind,
                text=text,
                link=link,
                created_at=at,
                read_at=read,
            )
        )

    applications = db.session.scalars(
        select(Application).options(
            selectinload(Application.events),
            selectinload(Application.applicant),
            selectinload(Application.opportunity),
        )
    ).all()
    employers: dict[int | None, list[int]] = {}
    for user_id, organisation_id in db.session.execute(
        select(User.id, User.organisation_id).where(User.role == Role.EMPLOYER)
    ):
        employers.setdefault(organisation_id, []).append(user_id)
    for application in applications:
        job = application.opportunity
        for employer_id in employers.get(job.organisation_id, []):
            add(
                employer_id,
                NotificationKind.APPLICATION_RECEIVED,
                f"{application.applicant.full_name} applied for “{job.title}”.",
                f"/employers/applications/{application.id}",
                application.created_at,
                about=application.user_id,
            )
            count += 1
        for event in application.events:
            if event.status is ApplicationStatus.SUBMITTED:
                continue
            add(
                application.user_id,
                NotificationKind.APPLICATION_STATUS,
                f"Your application for “{job.title}”: {event.status.label}.",
                f"/applications/{application.id}",
                event.created_at,
            )
            count += 1
    return count


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


def _have_digests(users: list[User]) -> set[int]:
    ids = [user.id for user in users]
    return set(
        db.session.scalars(
            select(Notification.user_id).where(
                Notification.user_id.in_(ids), Notification.kind == NotificationKind.DIGEST
            )
        )
    )


def _first(role: Role, limit: int) -> list[User]:
    return list(
        db.session.scalars(select(User).where(User.role == role).order_by(User.id).limit(limit))
    )


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
    """Digests, alerts and choices for the first demo graduates, and what the demo applications
    told both sides."""
    now = utcnow()
    graduates = _first(Role.GRADUATE, DEMO_GRADUATES)
    done = _have_digests(graduates)
    for position, user in enumerate(graduates):
        if user.id in done:
            continue
        added["notifications"] += _add_notices(user, _graduate_notices(), now)
        _graduate_choices(user, position, now)
    added["notifications"] += _application_notices(now)
