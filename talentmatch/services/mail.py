"""Email through the outbox: `queue` stores a message in the caller's transaction, `deliver_pending`
sends what is stored over SMTP once that transaction has committed.

A message whose transaction rolls back is never sent; one that cannot be delivered stays pending
with its error, for `flask mail send-pending` to retry.
"""

from __future__ import annotations

import logging
import smtplib
import sys
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from flask import current_app
from sqlalchemy import CursorResult, select, update

from talentmatch.extensions import db
from talentmatch.models import OutboundEmail, User
from talentmatch.models.timestamps import utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
SMTP_TIMEOUT_SECONDS = 10


def queue(to: User | str, subject: str, body: str) -> OutboundEmail:
    """Store a message for `to` (an account, or a bare address) in the current transaction."""
    user = to if isinstance(to, User) else None
    message = OutboundEmail(
        user_id=user.id if user is not None else None,
        to_address=user.email if user is not None else str(to),
        subject=subject[:200],
        body=body,
    )
    db.session.add(message)
    return message


def _smtp_message(outbound: OutboundEmail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = outbound.to_address
    message["Subject"] = outbound.subject
    message["Message-ID"] = make_msgid(domain="talentmatch.local")
    message.set_content(outbound.body)
    return message


def _claim(pending: Sequence[OutboundEmail]) -> list[OutboundEmail]:
    """The messages this call may send. Each is claimed by one atomic update that marks it sent
    and counts the attempt, so workers delivering at the same moment never send a message twice;
    a message that then fails is made pending again. (A worker killed mid-send loses that one
    message rather than sending it twice later.)"""
    claimed = []
    for outbound in pending:
        result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
            update(OutboundEmail)
            .where(OutboundEmail.id == outbound.id, OutboundEmail.sent_at.is_(None))
            .values(attempts=OutboundEmail.attempts + 1, sent_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            claimed.append(outbound.id)
    db.session.commit()
    found = (db.session.get(OutboundEmail, message_id) for message_id in claimed)
    return [outbound for outbound in found if outbound is not None]


def _write_to_console(pending: Sequence[OutboundEmail]) -> int:
    for outbound in pending:
        # The body as written, not MIME-encoded, so links in it can be copied whole.
        sys.stdout.write(
            "\n----- email (MAIL_TO_CONSOLE) -----\n"
            f"To: {outbound.to_address}\nSubject: {outbound.subject}\n\n{outbound.body}\n-----\n"
        )
        outbound.body = ""
    sys.stdout.flush()
    db.session.commit()
    return len(pending)


def deliver_pending(limit: int = 100) -> int:
    """Send stored messages not yet delivered; returns how many went out.

    Without MAIL_SERVER nothing is sent and messages stay in the outbox, unless MAIL_TO_CONSOLE
    is on (the development setup of `make run`): then each message is written to the console the
    app runs in, so confirmation and reset links can be followed without a mail server.
    """
    server: str = current_app.config.get("MAIL_SERVER") or ""
    console = not server and current_app.config.get("MAIL_TO_CONSOLE", False)
    if not server and not console:
        return 0
    pending = db.session.scalars(
        select(OutboundEmail)
        .where(OutboundEmail.sent_at.is_(None), OutboundEmail.attempts < MAX_ATTEMPTS)
        .order_by(OutboundEmail.id)
        .limit(limit)
    ).all()
    pending = _claim(pending)
    if not pending:
        return 0
    if console:
        return _write_to_console(pending)
    delivered: set[int] = set()
    try:
        with smtplib.SMTP(
            server, int(current_app.config["MAIL_PORT"]), timeout=SMTP_TIMEOUT_SECONDS
        ) as smtp:
            for outbound in pending:
                try:
                    smtp.send_message(_smtp_message(outbound))
                except smtplib.SMTPException as error:
                    outbound.sent_at = None
                    outbound.last_error = str(error)[:300]
                    continue
                outbound.sent_at = utcnow()
                outbound.body = ""
                outbound.last_error = ""
                delivered.add(outbound.id)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("Mail server %s unreachable: %s", server, error)
        for outbound in pending:
            if outbound.id not in delivered:
                outbound.sent_at = None
                outbound.last_error = f"mail server unreachable: {error}"[:300]
    db.session.commit()
    return len(delivered)
