"""Retention: accounts inactive for RETENTION_MONTHS are erased, after a warning email sent
RETENTION_WARNING_DAYS before. Staff and administrator accounts are never purged."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from talentmatch import formats
from talentmatch.extensions import db
from talentmatch.models import ErasureRequest, RetentionNotice, User
from talentmatch.models.timestamps import utcnow
from talentmatch.services import erasure, mail
from talentmatch.services.transaction import unit_of_work


@dataclass
class PurgeReport:
    warned: list[int] = field(default_factory=list)
    erased: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the 31st becomes the month's end)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def last_activity(user: User) -> datetime:
    return user.last_login_at or user.created_at


def _activity():
    return func.coalesce(User.last_login_at, User.created_at)


def _candidates(inactive_since: datetime) -> list[User]:
    """Self-service accounts, not erased, with no activity after `inactive_since`."""
    erased_or_erasing = select(ErasureRequest.user_id)
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.role.in_(erasure.SELF_SERVICE_ROLES),
                User.id.not_in(erased_or_erasing),
                _activity() <= inactive_since,
            )
            .order_by(User.id)
        )
    )


def _cancel_outdated_notices(report: PurgeReport) -> None:
    """A person who logged in after being warned keeps their account: the warning is void."""
    notices = db.session.execute(
        select(RetentionNotice, User).join(User, User.id == RetentionNotice.user_id)
    ).all()
    with unit_of_work():
        for notice, user in notices:
            if last_activity(user) > notice.warned_at:
                db.session.delete(notice)
                report.cancelled.append(user.id)


def _warning_text(user: User, delete_after: datetime) -> tuple[str, str]:
    months = int(current_app.config["RETENTION_MONTHS"])
    when = formats.date(delete_after.date())
    subject = _("Your TalentMatch account will be deleted on %(date)s", date=when)
    body = _(
        "Hello %(name)s,\n\n"
        "you have not logged in to TalentMatch since %(since)s. Accounts that are not used for "
        "%(months)d months are deleted with everything stored about them, so that we do not "
        "keep personal data longer than it is useful.\n\n"
        "Your account will be deleted on %(date)s. To keep it, simply log in before then.\n\n"
        'If you would like a copy of your data first, log in and choose "Download my data" '
        "on the Privacy and consents page.\n\n"
        "TalentMatch",
        name=user.full_name,
        since=formats.date(last_activity(user).date()),
        months=months,
        date=when,
    )
    return subject, body


def purge_expired(now: datetime | None = None) -> PurgeReport:
    """Warn accounts about to expire (once), erase the expired ones that were warned in time."""
    now = now or utcnow()
    months = int(current_app.config["RETENTION_MONTHS"])
    warning = timedelta(days=int(current_app.config["RETENTION_WARNING_DAYS"]))
    expired_since = months_before(now, months)
    report = PurgeReport()
    _cancel_outdated_notices(report)
    notices = {n.user_id: n for n in db.session.scalars(select(RetentionNotice))}
    with unit_of_work():
        for user in _candidates(expired_since + warning):
            if user.id in notices:
                continue
            # Never sooner than the warning period, even for accounts long inactive.
            delete_after = max(months_before(last_activity(user), -months), now + warning)
            with mail.in_language_of(user):
                subject, body = _warning_text(user, delete_after)
                mail.queue(user, subject, body)
            db.session.add(
                RetentionNotice(user_id=user.id, warned_at=now, delete_after=delete_after)
            )
            report.warned.append(user.id)
    mail.deliver_pending()
    expired = [
        user
        for user in _candidates(expired_since)
        if user.id in notices and notices[user.id].delete_after <= now
    ]
    report.erased, report.failed = erasure.erase_for_retention(expired)
    return report
