"""Email through the outbox, the one way the app sends mail.

`queue` stores a message (a plain-text part and an HTML part from templates/emails/, both in
the recipient's language) in the caller's transaction; a message whose transaction rolls back
is never sent. `deliver_pending` sends what is stored once that transaction has committed: over
SMTP when MAIL_SERVER is set, otherwise into MAIL_OUTBOX_FOLDER as .eml files and the log (and
the console with MAIL_TO_CONSOLE). After a request that queued mail, delivery runs off the
request as a background job (talentmatch/mail_delivery.py). A message that cannot be delivered
stays queued with its error and is tried again after an exponential backoff, at most
MAIL_MAX_ATTEMPTS times.
"""

from __future__ import annotations

import email.policy
import logging
import re
import smtplib
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale, get_locale
from sqlalchemy import ColumnElement, CursorResult, func, or_, select, update

from talentmatch.extensions import db
from talentmatch.mail_transport import open_smtp
from talentmatch.models import OutboundEmail, User
from talentmatch.models.timestamps import utcnow

log = logging.getLogger(__name__)

SESSION_FLAG = "mail_queued"  # set on the session by `queue`; read after its commit
# A claimed message is not claimed again for this long, so a worker killed mid-send delays
# the message rather than losing it.
CLAIM_SECONDS = 600
BATCH = 100  # messages sent per call of deliver_pending
MAX_BACKOFF = timedelta(hours=6)
# A link in plain text, without the punctuation that ends the sentence around it.
URL = re.compile(r"https?://[^\s<>\"]*[^\s<>\".,;:!?)\]']")
# Lines up to RFC 5322's limit: the default 78 would encode a long List-Unsubscribe link.
POLICY = email.policy.SMTP.clone(max_line_length=998)


@contextmanager
def in_language_of(user: User | None) -> Iterator[None]:
    """Render texts in `user`'s language (the current one for a bare address)."""
    if user is None:
        yield
        return
    with force_locale(user.locale or "en"):
        yield


@dataclass(frozen=True)
class Segment:
    text: str
    is_link: bool


def paragraphs(text: str) -> list[list[list[Segment]]]:
    """A plain-text body as paragraphs of lines of segments, links marked, for the HTML part."""
    result = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = []
        for line in block.splitlines():
            segments, position = [], 0
            for found in URL.finditer(line):
                if found.start() > position:
                    segments.append(Segment(line[position : found.start()], False))
                segments.append(Segment(found.group(0), True))
                position = found.end()
            if position < len(line):
                segments.append(Segment(line[position:], False))
            lines.append(segments)
        result.append(lines)
    return result


def render_html(template: str, locale: str, **context: Any) -> str:
    """An email's HTML part from templates/emails/ (autoescaped), in `locale`."""
    with force_locale(locale):
        return render_template(f"emails/{template}", locale=locale, **context)


def queue(
    to: User | str,
    subject: str,
    body: str,
    *,
    html: str | None = None,
    unsubscribe_url: str = "",
) -> OutboundEmail:
    """Store a message for `to` (an account, or a bare address) in the current transaction.

    `body` is the plain-text part; without `html`, the HTML part shows the same text. Texts are
    the caller's, rendered in the recipient's language (see `in_language_of`).
    """
    user = to if isinstance(to, User) else None
    locale = (user.locale if user is not None else None) or str(get_locale() or "en")
    if html is None:
        html = render_html(
            "message.html",
            locale,
            subject=subject,
            paragraphs=paragraphs(body),
            unsubscribe_url=unsubscribe_url,
        )
    message = OutboundEmail(
        user_id=user.id if user is not None else None,
        to_address=user.email if user is not None else str(to),
        subject=subject[:200],
        body=body,
        html_body=html,
        locale=locale[:10],
        message_id=make_msgid(domain=_message_id_domain()),
        unsubscribe_url=unsubscribe_url[:500],
    )
    db.session.add(message)
    db.session.info[SESSION_FLAG] = True
    return message


def _message_id_domain() -> str:
    sender = str(current_app.config["MAIL_FROM"])
    domain = sender.rsplit("@", 1)[-1].strip(" >")
    return domain or "talentmatch.local"


def mime_message(outbound: OutboundEmail, now: datetime | None = None) -> EmailMessage:
    """The message as sent: a plain-text and an HTML alternative with the headers receivers
    and mail clients expect."""
    message = EmailMessage(policy=POLICY)
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = outbound.to_address
    message["Subject"] = outbound.subject
    message["Date"] = formatdate((now or utcnow()).timestamp(), usegmt=True)
    message["Message-ID"] = outbound.message_id or make_msgid(domain=_message_id_domain())
    if outbound.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{outbound.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(outbound.body)
    if outbound.html_body:
        message.add_alternative(outbound.html_body, subtype="html")
    # After the parts: setting content moves or drops the Content-* headers already there.
    message["Content-Language"] = outbound.locale or "en"
    return message


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: doubling from MAIL_RETRY_SECONDS."""
    base = float(current_app.config["MAIL_RETRY_SECONDS"])
    return min(timedelta(seconds=base * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _claim(pending: Sequence[OutboundEmail], now: datetime) -> list[OutboundEmail]:
    """The messages this call may send. Each is claimed by one atomic update that counts the
    attempt and holds it for CLAIM_SECONDS, so workers delivering at the same moment never send
    a message twice."""
    claimed = []
    for outbound in pending:
        result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
            update(OutboundEmail)
            .where(OutboundEmail.id == outbound.id, _due(now))
            .values(
                attempts=OutboundEmail.attempts + 1,
                next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS),
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            claimed.append(outbound.id)
    db.session.commit()
    found = (db.session.get(OutboundEmail, message_id) for message_id in claimed)
    return [outbound for outbound in found if outbound is not None]


def _due(now: datetime) -> ColumnElement[bool]:
    return (
        OutboundEmail.sent_at.is_(None)
        & (OutboundEmail.attempts < int(current_app.config["MAIL_MAX_ATTEMPTS"]))
        & or_(OutboundEmail.next_attempt_at.is_(None), OutboundEmail.next_attempt_at <= now)
    )


def _delivered(outbound: OutboundEmail, now: datetime) -> None:
    outbound.sent_at = now
    outbound.next_attempt_at = None
    outbound.body = ""
    outbound.html_body = ""
    outbound.last_error = ""


def _failed(outbound: OutboundEmail, error: str, now: datetime) -> None:
    outbound.last_error = error[:300]
    outbound.next_attempt_at = now + backoff(outbound.attempts)
    # The outbox row names the recipient; an email address never goes into the log (a refusal
    # by the server quotes it).
    log.warning(
        "Email %s not delivered (attempt %d): %s",
        outbound.id,
        outbound.attempts,
        error.replace(outbound.to_address, "<recipient>"),
    )


def _connect(server: str) -> smtplib.SMTP:
    config = current_app.config
    return open_smtp(
        config, server, int(config["MAIL_PORT"]), float(config["MAIL_TIMEOUT_SECONDS"])
    )


def _send_smtp(server: str, pending: Sequence[OutboundEmail], now: datetime) -> int:
    settled: set[int] = set()  # delivered, or refused by the server one by one
    delivered = 0
    try:
        with _connect(server) as smtp:
            for outbound in pending:
                try:
                    smtp.send_message(mime_message(outbound, now))
                except smtplib.SMTPServerDisconnected:
                    raise
                except smtplib.SMTPException as error:
                    settled.add(outbound.id)
                    _failed(outbound, str(error), now)
                    smtp.rset()
                    continue
                settled.add(outbound.id)
                _delivered(outbound, now)
                delivered += 1
    except (OSError, smtplib.SMTPException) as error:
        log.warning("Mail server %s unreachable: %s", server, error)
        for outbound in pending:
            if outbound.id not in settled:
                _failed(outbound, f"mail server unreachable: {error}", now)
    return delivered


def _write_locally(pending: Sequence[OutboundEmail], now: datetime) -> int:
    """Without a mail server: each message into the outbox folder and the log, and the console
    in development, so links in it can be followed without a mail server."""
    folder = current_app.config.get("MAIL_OUTBOX_FOLDER") or ""
    console = current_app.config.get("MAIL_TO_CONSOLE", False)
    for outbound in pending:
        where = ""
        if folder:
            path = Path(folder)
            path.mkdir(parents=True, exist_ok=True)
            file = path / f"{now:%Y%m%d-%H%M%S}-{outbound.id}.eml"
            file.write_bytes(bytes(mime_message(outbound, now)))
            where = f" (written to {file})"
        log.info("Email to %s: %s%s", outbound.to_address, outbound.subject, where)
        if console:
            # The body as written, not MIME-encoded, so links in it can be copied whole.
            sys.stdout.write(
                "\n----- email (MAIL_TO_CONSOLE) -----\n"
                f"To: {outbound.to_address}\nSubject: {outbound.subject}\n\n"
                f"{outbound.body}\n-----\n"
            )
        _delivered(outbound, now)
    sys.stdout.flush()
    return len(pending)


def deliver_pending(limit: int = BATCH, now: datetime | None = None) -> int:
    """Send stored messages that are due (never sent, not waiting for a retry); returns how many
    went out. Without MAIL_SERVER, MAIL_OUTBOX_FOLDER or MAIL_TO_CONSOLE messages stay queued."""
    config = current_app.config
    server: str = config.get("MAIL_SERVER") or ""
    local = config.get("MAIL_OUTBOX_FOLDER") or config.get("MAIL_TO_CONSOLE", False)
    if not server and not local:
        return 0
    now = now or utcnow()
    pending = db.session.scalars(
        select(OutboundEmail).where(_due(now)).order_by(OutboundEmail.id).limit(limit)
    ).all()
    pending = _claim(pending, now)
    if not pending:
        return 0
    sent = _send_smtp(server, pending, now) if server else _write_locally(pending, now)
    db.session.commit()
    return sent


def next_retry_at() -> datetime | None:
    """When the next message waiting for a retry (or held by a claim) is due; None when none
    is (a message never tried is due at once and has no time)."""
    found: datetime | None = db.session.scalar(
        select(func.min(OutboundEmail.next_attempt_at)).where(
            OutboundEmail.sent_at.is_(None),
            OutboundEmail.attempts < int(current_app.config["MAIL_MAX_ATTEMPTS"]),
        )
    )
    return found
