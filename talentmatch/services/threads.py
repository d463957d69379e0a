"""Message threads between an organisation and a graduate: opening one for an application,
reading (which marks the messages read for the reader's side), replying, and the inbox."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    Message,
    MessageSide,
    MessageThread,
    NotificationKind,
    Role,
    User,
    Visibility,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import contact, submissions
from talentmatch.services.errors import NotAllowed, NotFound
from talentmatch.services.notifications import Notice
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.transaction import unit_of_work

MAX_BODY = 5_000


def side_of(actor: User, thread: MessageThread) -> MessageSide | None:
    """Which side of the thread the actor is on, or None when they are not a party to it."""
    if actor.id == thread.user_id and actor.has_role(Role.GRADUATE):
        return MessageSide.GRADUATE
    if actor.has_role(Role.EMPLOYER) and actor.organisation_id == thread.organisation_id:
        return MessageSide.ORGANISATION
    return None


def _party_thread(actor: User, thread_id: int) -> tuple[MessageThread, MessageSide]:
    thread = db.session.get(MessageThread, thread_id)
    side = side_of(actor, thread) if thread is not None else None
    if thread is None or side is None:
        raise NotFound(_("There is no such conversation."))
    return thread, side


# --- Who may write -------------------------------------------------------------------------------


def organisation_may_write(thread: MessageThread) -> str | None:
    """Why the organisation cannot write in this thread now, or None when it can."""
    graduate = thread.graduate
    if not graduate.active:
        return _("This graduate's account is closed.")
    if contact.is_blocked(graduate.id, thread.organisation_id):
        return contact.blocked_problem()
    visibility = contact.visibility_of(graduate)
    if visibility is Visibility.EMPLOYERS:
        return None
    if thread.application_id is not None:
        return None  # the graduate wrote to the organisation by applying
    if thread.introduced_by_id is not None and visibility is Visibility.CAREER_SERVICES:
        return None  # their career service, whom they trust with the profile, introduced them
    return _(
        "This graduate no longer shares their profile with employers, so your organisation "
        "cannot write to them. You can still read the conversation."
    )


def graduate_may_write(thread: MessageThread) -> str | None:
    if contact.is_blocked(thread.user_id, thread.organisation_id):
        return _(
            "You blocked %(organisation)s. Unblock it to write to them again.",
            organisation=thread.organisation.name,
        )
    return None


def write_problem(side: MessageSide, thread: MessageThread) -> str | None:
    if side is MessageSide.GRADUATE:
        return graduate_may_write(thread)
    return organisation_may_write(thread)


# --- Reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThreadPage:
    thread: MessageThread
    side: MessageSide
    messages: list[Message]
    first_unread_id: int | None  # where the reader's new messages begin
    write_problem: str | None  # why the reader cannot reply now, if they cannot
    blocked: bool  # the graduate blocked the organisation


def read(actor: User, thread_id: int) -> ThreadPage:
    """The thread with its messages; what the other side wrote is now read for the actor's side."""
    thread, side = _party_thread(actor, thread_id)
    messages = list(
        db.session.scalars(
            select(Message)
            .where(Message.thread_id == thread.id)
            .options(selectinload(Message.sender))
            .order_by(Message.id)
        )
    )
    seen = thread.graduate_read_id if side is MessageSide.GRADUATE else thread.organisation_read_id
    first_unread = next((m.id for m in messages if m.id > seen and m.side is not side), None)
    last_id = messages[-1].id if messages else 0
    if last_id > seen:
        with unit_of_work():
            if side is MessageSide.GRADUATE:
                thread.graduate_read_id = max(thread.graduate_read_id, last_id)
            else:
                thread.organisation_read_id = max(thread.organisation_read_id, last_id)
    return ThreadPage(
        thread,
        side,
        messages,
        first_unread,
        write_problem(side, thread),
        contact.is_blocked(thread.user_id, thread.organisation_id),
    )


# --- Writing -------------------------------------------------------------------------------------


def reply(actor: User, thread_id: int, body: str, submission_token: str | None = None) -> Message:
    """Add a message to the thread for the actor's side; the other side is notified. The same
    form sent twice adds one message (AlreadySubmitted)."""
    thread, side = _party_thread(actor, thread_id)
    body = contact.clean_text(body, MAX_BODY, "body", required=True)
    if side is MessageSide.ORGANISATION:
        contact.acting_organisation(actor)
    problem = write_problem(side, thread)
    if problem:
        raise NotAllowed(problem)
    with unit_of_work():
        submission = submissions.claim(actor, submission_token, "message")
        lock_for_update(thread)  # messages of one thread in the order they were written
        message = Message(thread_id=thread.id, sender_id=actor.id, side=side, body=body)
        db.session.add(message)
        db.session.flush()
        submissions.record_result(submission, message.id)
        thread.last_message_at = utcnow()
        if side is MessageSide.GRADUATE:
            thread.graduate_read_id = message.id
        else:
            thread.organisation_read_id = message.id
        _tell_other_side(actor, thread, side, body)
    return message


def _tell_other_side(actor: User, thread: MessageThread, side: MessageSide, body: str) -> None:
    if side is MessageSide.GRADUATE:
        recipients = contact.organisation_users(thread.organisation_id, besides=actor)
        writer = actor.full_name
    else:
        recipients = [thread.graduate]
        writer = thread.organisation.name
    excerpt = body if len(body) <= 300 else body[:300] + "…"

    def render(url: str) -> Notice:
        text = _("New message from %(writer)s", writer=writer)
        return Notice(
            text=text,
            subject=text,
            body=_(
                "%(writer)s wrote:\n\n%(excerpt)s\n\nRead and reply: %(url)s\n",
                writer=writer,
                excerpt=excerpt,
                url=url,
            ),
        )

    contact.tell(
        recipients,
        NotificationKind.MESSAGE,
        "messages.thread",
        {"thread_id": thread.id},
        render,
        about=thread.graduate,
    )


# --- Opening a thread for an application ---------------------------------------------------------


def open_for_application(actor: User, application_id: int) -> ThreadPage:
    """The thread about an application, read (see `read`), created on first use."""
    return read(actor, for_application(actor, application_id).id)


def for_application(actor: User, application_id: int) -> MessageThread:
    """The thread about an application (created on first use): for the applicant and the users
    of the job's organisation only."""
    application = db.session.get(Application, application_id)
    organisation_id = application.opportunity.organisation_id if application else None
    applicant = application is not None and actor.id == application.user_id
    employer = actor.has_role(Role.EMPLOYER) and actor.organisation_id == organisation_id
    if application is None or organisation_id is None or not (applicant or employer):
        raise NotFound(_("There is no such application."))
    existing = _application_thread(application.id)
    if existing is not None:
        return existing
    try:
        with unit_of_work():
            thread = MessageThread(
                organisation_id=organisation_id,
                user_id=application.user_id,
                opportunity_id=application.opportunity_id,
                application_id=application.id,
            )
            db.session.add(thread)
    except IntegrityError:  # opened by the other side at the same moment
        earlier = _application_thread(application.id)
        if earlier is None:
            raise
        return earlier
    return thread


def _application_thread(application_id: int) -> MessageThread | None:
    return db.session.scalar(
        select(MessageThread).where(MessageThread.application_id == application_id)
    )


# --- The inbox -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxEntry:
    thread: MessageThread
    unread: int
    last: Message | None


def _mine(actor: User):
    if actor.has_role(Role.GRADUATE):
        return MessageThread.user_id == actor.id, MessageSide.GRADUATE
    if actor.has_role(Role.EMPLOYER) and actor.organisation_id is not None:
        return MessageThread.organisation_id == actor.organisation_id, MessageSide.ORGANISATION
    return None, None


def inbox(actor: User) -> list[InboxEntry]:
    """The actor's threads (the organisation's, for an employer), latest activity first, each
    with how many messages from the other side are unread."""
    condition, side = _mine(actor)
    if condition is None or side is None:
        raise NotAllowed(_("Messages are for graduates and employers."))
    read_id = (
        MessageThread.graduate_read_id
        if side is MessageSide.GRADUATE
        else MessageThread.organisation_read_id
    )
    unread = (
        select(Message.thread_id, func.count().label("unread"))
        .join(MessageThread, MessageThread.id == Message.thread_id)
        .where(condition, Message.id > read_id, Message.side != side)
        .group_by(Message.thread_id)
        .subquery()
    )
    latest = (
        select(func.max(Message.id))
        .where(Message.thread_id == MessageThread.id)
        .correlate(MessageThread)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(MessageThread, func.coalesce(unread.c.unread, 0), Message)
        .outerjoin(unread, unread.c.thread_id == MessageThread.id)
        .outerjoin(Message, and_(Message.thread_id == MessageThread.id, Message.id == latest))
        .where(condition)
        .options(
            selectinload(MessageThread.organisation),
            selectinload(MessageThread.graduate),
            selectinload(MessageThread.opportunity),
            selectinload(MessageThread.invitation),
        )
        .order_by(MessageThread.last_message_at.desc(), MessageThread.id.desc())
    ).all()
    return [InboxEntry(thread, count, last) for thread, count, last in rows]
