"""Telling people what happened: an in-app notification, and an email through the outbox; and
the notification centre where each person reads their own.

Every feature that informs someone calls `notify` inside its own unit of work, so the
notification and its email are stored with the change that caused them, or not at all.
The texts are rendered in the recipient's language, not the actor's. Whether the email is
sent follows the recipient's preferences (services/email_preferences.py); every notification
email carries a one-click unsubscribe link for its kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select, update

from talentmatch.extensions import db
from talentmatch.models import Notification, NotificationKind, User
from talentmatch.models.timestamps import utcnow
from talentmatch.services import email_preferences, mail
from talentmatch.services.errors import InvalidInput, NotFound
from talentmatch.services.links import absolute
from talentmatch.services.transaction import unit_of_work

PER_PAGE = 20


@dataclass(frozen=True)
class Notice:
    """What one notification says: a line for the notification centre, and an email."""

    text: str
    subject: str
    body: str


def notify(
    recipient: User,
    kind: NotificationKind,
    link: str,
    render: Callable[[], Notice],
    *,
    about: User | None = None,
    html_template: str = "notification.html",
    **context: object,
) -> Notification:
    """Record a notification for `recipient` (and queue its email) in the current transaction.

    `render` builds the texts; it is called in the recipient's language. `link` is a path
    inside the app, shown in the notification centre and in the email. `about` is the person
    the texts name, when not the recipient: erasing that person's account deletes the
    notification. The email's HTML part comes from templates/emails/`html_template`, given
    `context`.
    """
    locale = recipient.locale or "en"
    with force_locale(locale):
        notice = render()
    notification = Notification(
        user_id=recipient.id,
        about_user_id=about.id if about is not None and about.id != recipient.id else None,
        kind=kind,
        text=notice.text[:500],
        locale=locale[:10],
        link=inside(link)[:500],
    )
    db.session.add(notification)
    if email_preferences.wants_email(recipient, kind):
        queue_email(
            recipient,
            kind,
            notice.subject,
            notice.body,
            link=notification.link,
            html_template=html_template,
            **context,
        )
    return notification


def inside(link: str) -> str:
    """Only paths inside the app: anything else would make the centre an open redirect."""
    if link.startswith("/") and not link.startswith(("//", "/\\")):
        return link
    return "/notifications/"


def queue_email(
    recipient: User,
    kind: NotificationKind,
    subject: str,
    body: str,
    link: str = "",
    html_template: str = "notification.html",
    **context: object,
) -> None:
    """Queue a notification email of `kind`: `body` (plain text) with a link to the page it is
    about, the unsubscribe link and headers, and an HTML part from `html_template`."""
    locale = recipient.locale or "en"
    unsubscribe = email_preferences.unsubscribe_url(recipient, kind)
    preferences = email_preferences.preferences_url()
    url = absolute(link) if link else ""
    with force_locale(locale):
        footer = _(
            "You receive this email because of your TalentMatch email preferences.\n"
            "Unsubscribe from these emails: %(unsubscribe)s\n"
            "Email preferences: %(preferences)s",
            unsubscribe=unsubscribe,
            preferences=preferences,
        )
        # The link once: a body that already gives it (a reply link, say) gets no second one.
        opening = _("Open it in TalentMatch: %(url)s", url=url) if url and url not in body else ""
        text = "\n\n".join(part for part in (body.strip(), opening, "-- \n" + footer) if part)
        html = mail.render_html(
            html_template,
            locale,
            subject=subject,
            paragraphs=mail.paragraphs(body),
            url=url,
            unsubscribe_url=unsubscribe,
            preferences_url=preferences,
            **context,
        )
    mail.queue(recipient, subject, text, html=html, unsubscribe_url=unsubscribe)


# --- The notification centre ---------------------------------------------------------------------


def _own(user: User) -> Select[tuple[Notification]]:
    return select(Notification).where(Notification.user_id == user.id)


def unread_count(user: User) -> int:
    """One COUNT query (the navigation shows it on every page)."""
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        )
        or 0
    )


# Far beyond any real list; larger numbers overflow the database's OFFSET.
MAX_PAGE = 100_000


def page_for(user: User, page: int) -> Pagination:
    """The person's notifications, newest first."""
    if not 1 <= page <= MAX_PAGE:
        raise InvalidInput({"page": _("Choose a page between 1 and 100,000.")})
    query = _own(user).order_by(Notification.created_at.desc(), Notification.id.desc())
    found = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    if page > 1 and page > found.pages:
        raise NotFound(_("There is no page %(page)d of notifications.", page=page))
    return found


def _get_own(user: User, notification_id: int) -> Notification:
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound(_("No such notification."))
    return notification


def mark_read(user: User, notification_id: int) -> Notification:
    """Mark one of the person's notifications read; returns it (its link is where to go)."""
    notification = _get_own(user, notification_id)
    with unit_of_work():
        if notification.read_at is None:
            notification.read_at = utcnow()
    return notification


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the person read; returns how many."""
    with unit_of_work():
        result = db.session.execute(
            update(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
            .values(read_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    return int(getattr(result, "rowcount", 0) or 0)
