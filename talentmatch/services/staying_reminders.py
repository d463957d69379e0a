"""Deadlines of the staying checklist outside its page: a reminder once when a deadline comes
near (`flask staying remind`, daily), the lines the digest lists, and the personal calendar
feed's entries.

A reminder is recorded per step, due date and channel, so running the command again reminds
nobody twice, and a new deadline (a new permit end date, a new move) is reminded of again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import or_, select

from talentmatch import formats
from talentmatch.extensions import db
from talentmatch.models import (
    GraduateProfile,
    NotificationKind,
    ReminderChannel,
    Role,
    StayingReminder,
    StayingSituation,
    User,
)
from talentmatch.services import staying, staying_steps
from talentmatch.services.links import absolute, path_for
from talentmatch.services.notifications import Notice, notify
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.staying import Item
from talentmatch.services.transaction import unit_of_work

DIGEST_DAYS = 14  # the digest lists deadlines this close


@dataclass(frozen=True)
class Deadline:
    """A step not done yet with its due date, named in one reader's language."""

    key: str
    title: str
    due_on: date
    url: str


def _deadline(item: Item, locale: str) -> Deadline:
    assert item.due_on is not None
    return Deadline(
        item.step.key,
        item.step.text(locale)[0].title,
        item.due_on,
        absolute(path_for("staying.index") + f"#step-{item.step.key}"),
    )


def _open_deadlines(user: User, today: date) -> list[Item]:
    """Steps not done whose due date is today or later, soonest first."""
    return [
        item
        for item in staying.checklist_of(user).to_do
        if item.due_on is not None and item.due_on >= today
    ]


def _reminded(user_id: int, channel: ReminderChannel) -> set[tuple[str, date]]:
    rows = db.session.execute(
        select(StayingReminder.step_key, StayingReminder.due_on).where(
            StayingReminder.user_id == user_id, StayingReminder.channel == channel
        )
    )
    return {(key, due) for key, due in rows}


def _in_reminder_window(item: Item, today: date) -> bool:
    assert item.due_on is not None and item.step.due is not None
    return item.due_on - timedelta(days=item.step.due.remind_days_before) <= today


def _render(user: User, deadlines: list[Deadline]) -> Notice:
    first = deadlines[0]
    if len(deadlines) == 1:
        text = _(
            "Coming up on your staying checklist: %(step)s, by %(date)s.",
            step=first.title,
            date=formats.date(first.due_on),
        )
    else:
        text = ngettext(
            "Coming up on your staying checklist: %(step)s, by %(date)s, and %(num)d more step.",
            "Coming up on your staying checklist: %(step)s, by %(date)s, and %(num)d more steps.",
            len(deadlines) - 1,
            step=first.title,
            date=formats.date(first.due_on),
        )
    lines = "\n".join(f"- {d.title}: {formats.date(d.due_on)}\n  {d.url}" for d in deadlines)
    body = _(
        "Hello %(name)s,\n\nthese steps of your staying checklist are due soon:\n\n%(lines)s\n\n"
        "Mark a step done on the checklist once you have taken it. The checklist is guidance, "
        "not legal advice: for advice on your own situation, visit International House "
        "Helsinki.",
        name=user.full_name,
        lines=lines,
    )
    subject = _("TalentMatch: a deadline on your staying checklist")
    return Notice(text, subject, body)


def remind_one(user_id: int, today: date) -> bool:
    """Remind one graduate of the deadlines that came near and that they were not reminded of;
    True when a reminder was sent."""
    user = db.session.get(User, user_id)
    if user is None or not user.active or not user.has_role(Role.GRADUATE):
        return False
    profile = db.session.scalar(select(GraduateProfile).where(GraduateProfile.user_id == user_id))
    if profile is None:
        return False
    with unit_of_work():
        lock_for_update(profile)  # a run in another process waits here, then reminds nobody
        already = _reminded(user_id, ReminderChannel.NOTIFICATION)
        due = [
            item
            for item in _open_deadlines(user, today)
            if _in_reminder_window(item, today) and (item.step.key, item.due_on) not in already
        ]
        if not due:
            return False
        for item in due:
            assert item.due_on is not None
            db.session.add(
                StayingReminder(
                    user_id=user_id,
                    step_key=item.step.key,
                    due_on=item.due_on,
                    channel=ReminderChannel.NOTIFICATION,
                )
            )
        locale = user.locale or "en"
        deadlines = [_deadline(item, locale) for item in due]
        notify(
            user,
            NotificationKind.STAYING_DEADLINE,
            path_for("staying.index"),
            lambda: _render(user, deadlines),
        )
    return True


def remind_due(today: date) -> int:
    """Every graduate with a deadline near (a permit end date or a recorded move within the
    longest reminder window); returns how many were reminded."""
    windows = [
        step.due.remind_days_before + step.due.days_after
        for step in staying_steps.current().steps
        if step.due is not None
    ]
    horizon = today + timedelta(days=max(windows, default=0))
    moved_since = today - timedelta(days=max(windows, default=0))
    user_ids = db.session.scalars(
        select(GraduateProfile.user_id)
        .join(User, User.id == GraduateProfile.user_id)
        .outerjoin(StayingSituation, StayingSituation.user_id == GraduateProfile.user_id)
        .where(
            User.role == Role.GRADUATE,
            User.active.is_(True),
            or_(
                GraduateProfile.permit_end_date.between(today, horizon),
                StayingSituation.moved_on >= moved_since,
            ),
        )
        .order_by(GraduateProfile.user_id)
    ).all()
    return sum(remind_one(user_id, today) for user_id in user_ids)


def digest_deadlines(user: User, today: date) -> list[Deadline]:
    """Deadlines within DIGEST_DAYS for the digest, in the graduate's language."""
    horizon = today + timedelta(days=DIGEST_DAYS)
    locale = user.locale or "en"
    with force_locale(locale):
        return [
            _deadline(item, locale)
            for item in _open_deadlines(user, today)
            if item.due_on is not None and item.due_on <= horizon
        ]


def new_in_digest(user: User, deadlines: list[Deadline]) -> bool:
    """Whether a digest has not listed one of `deadlines` yet."""
    listed = _reminded(user.id, ReminderChannel.DIGEST)
    return any((deadline.key, deadline.due_on) not in listed for deadline in deadlines)


def record_digest(user: User, deadlines: list[Deadline]) -> None:
    """Note that a digest listed `deadlines` (inside the digest's unit of work)."""
    listed = _reminded(user.id, ReminderChannel.DIGEST)
    for deadline in deadlines:
        if (deadline.key, deadline.due_on) not in listed:
            db.session.add(
                StayingReminder(
                    user_id=user.id,
                    step_key=deadline.key,
                    due_on=deadline.due_on,
                    channel=ReminderChannel.DIGEST,
                )
            )


def calendar_deadlines(user: User, today: date) -> list[Deadline]:
    """Deadlines not done yet for the graduate's calendar feed (past ones drop out)."""
    locale = user.locale or "en"
    return [_deadline(item, locale) for item in _open_deadlines(user, today)]
