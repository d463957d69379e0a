"""Telling people what happened: an in-app notification, and an email through the outbox.

Every feature that informs someone calls `notify` inside its own unit of work, so the
notification and its email are stored with the change that caused them, or not at all.
The texts are rendered in the recipient's language, not the actor's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import force_locale

from talentmatch.extensions import db
from talentmatch.models import Notification, NotificationKind, User
from talentmatch.services import mail


@dataclass(frozen=True)
class Notice:
    """What one notification says: a line for the notification centre, and an email."""

    text: str
    subject: str
    body: str


def notify(
    recipient: User, kind: NotificationKind, link: str, render: Callable[[], Notice]
) -> Notification:
    """Record a notification for `recipient` (and queue its email) in the current transaction.

    `render` builds the texts; it is called in the recipient's language. `link` is a path
    inside the app, shown in the notification centre and in the email.
    """
    with force_locale(recipient.locale or "en"):
        notice = render()
    notification = Notification(
        user_id=recipient.id, kind=kind, text=notice.text[:500], link=link[:500]
    )
    db.session.add(notification)
    if recipient.active and recipient.email_verified:
        mail.queue(recipient, notice.subject, notice.body)
    return notification
