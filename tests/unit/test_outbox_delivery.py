"""The outbox against a real SMTP server: both parts, the recipient's language, the headers of a
notification email, retries with backoff after a refusal, and the .eml outbox without a server."""

from __future__ import annotations

import email
from datetime import timedelta

from flask_babel import get_locale
from sqlalchemy import select

from talentmatch import jobs
from talentmatch.extensions import db
from talentmatch.models import NotificationKind, OutboundEmail
from talentmatch.models.timestamps import utcnow
from talentmatch.services import links, mail
from talentmatch.services.notifications import Notice, notify
from talentmatch.services.transaction import unit_of_work
from tests import mailbox
from tests.factories import make_graduate

AINO = "aino@example.com"


def _notify_message(user, text: str = "Nordic Data Oy wrote to you") -> None:
    def render() -> Notice:
        return Notice(text, f"New message ({get_locale()})", f"{text}.\n\nLocale {get_locale()}")

    with unit_of_work():
        notify(user, NotificationKind.MESSAGE, "/notifications/", render)


def test_a_notification_email_has_both_parts_its_headers_and_the_recipients_language(
    app, app_ctx, smtp_server
):
    user = make_graduate(email=AINO)
    user.locale = "fi"
    db.session.commit()
    _notify_message(user, "Nordic Data Oy <b>wrote</b> to you")
    assert mail.deliver_pending() == 1

    [received] = smtp_server.to(AINO)
    assert received.is_multipart()
    assert received["Subject"] == "New message (fi)"  # rendered in the recipient's locale
    assert received["Content-Language"] == "fi"
    assert received["From"] == app.config["MAIL_FROM"]
    assert received["Message-ID"].startswith("<") and received["Date"]
    unsubscribe = received["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/notifications/unsubscribe/" in unsubscribe
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = mailbox.body(received), mailbox.html(received)
    assert "Nordic Data Oy <b>wrote</b> to you." in text and "Locale fi" in text
    assert unsubscribe.strip("<>") in text
    assert "Sähköpostiasetukset: http" in text  # the footer in Finnish, like the rest
    assert '<html lang="fi">' in html
    assert "Nordic Data Oy &lt;b&gt;wrote&lt;/b&gt; to you." in html  # autoescaped
    assert unsubscribe.strip("<>") in html
    stored = db.session.scalar(select(OutboundEmail))
    assert stored.message_id == received["Message-ID"]
    assert stored.body == "" and stored.html_body == ""  # forgotten once delivered


def test_account_emails_are_written_in_the_account_holders_language(app, client, smtp_server):
    with app.app_context():
        user = make_graduate(email=AINO)
        user.locale = "fi"
        db.session.commit()
    client.post("/auth/forgot-password", data={"email": AINO})
    [received] = smtp_server.to(AINO)
    assert received["Content-Language"] == "fi"
    assert received["List-Unsubscribe"] is None  # account emails are not notifications
    assert "/auth/reset/" in mailbox.body(received)
    assert '<html lang="fi">' in mailbox.html(received)


def test_an_undelivered_email_is_logged_by_its_id_never_by_the_address(
    app, app_ctx, smtp_server, caplog
):
    user = make_graduate(email=AINO)
    smtp_server.refuse("550 Mailbox unavailable for aino@example.com")
    _notify_message(user)

    with caplog.at_level("WARNING", logger="talentmatch.services.mail"):
        assert mail.deliver_pending() == 0

    stored = db.session.scalar(select(OutboundEmail))
    [line] = [record.getMessage() for record in caplog.records if "not delivered" in record.message]
    assert line.startswith(f"Email {stored.id} not delivered (attempt 1): ")
    assert "550" in line and "<recipient>" in line
    assert AINO not in caplog.text


def test_a_refusing_server_leaves_the_message_queued_with_its_error_until_it_accepts(
    app, app_ctx, smtp_server
):
    user = make_graduate(email=AINO)
    smtp_server.refuse("550 Mailbox unavailable")
    _notify_message(user)
    now = utcnow()

    assert mail.deliver_pending(now=now) == 0
    stored = db.session.scalar(select(OutboundEmail))
    assert stored.sent_at is None and stored.attempts == 1
    assert "550" in stored.last_error and "Mailbox unavailable" in stored.last_error
    first_wait = stored.next_attempt_at - now
    assert first_wait == timedelta(seconds=app.config["MAIL_RETRY_SECONDS"])

    # Not retried before its backoff has passed, then refused again: the wait doubles.
    assert mail.deliver_pending(now=now + first_wait / 2) == 0
    assert stored.attempts == 1
    later = now + first_wait
    assert mail.deliver_pending(now=later) == 0
    db.session.refresh(stored)
    assert stored.attempts == 2 and stored.next_attempt_at - later == first_wait * 2

    smtp_server.accept()
    assert mail.deliver_pending(now=later + first_wait * 2) == 1
    assert len(smtp_server.to(AINO)) == 1
    db.session.refresh(stored)
    assert stored.sent_at is not None and stored.last_error == ""
    assert mail.deliver_pending(now=later + timedelta(days=1)) == 0  # delivered once
    assert len(smtp_server.to(AINO)) == 1


def test_the_send_pending_command_retries_a_refused_message(app, app_ctx, runner, smtp_server):
    user = make_graduate(email=AINO)
    smtp_server.refuse()
    _notify_message(user)
    assert mail.deliver_pending() == 0
    smtp_server.accept()
    db.session.execute(
        OutboundEmail.__table__.update().values(next_attempt_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    result = runner.invoke(args=["mail", "send-pending"])
    assert "Sent 1 message" in result.output
    assert len(smtp_server.to(AINO)) == 1


def test_a_message_is_given_up_after_the_last_attempt(app, app_ctx, smtp_server):
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    try:
        smtp_server.refuse()
        with unit_of_work():
            mail.queue(AINO, "Hello", "Body")
        now = utcnow()
        mail.deliver_pending(now=now)
        mail.deliver_pending(now=now + timedelta(days=1))
        smtp_server.accept()
        assert mail.deliver_pending(now=now + timedelta(days=2)) == 0
    finally:
        app.config["MAIL_MAX_ATTEMPTS"] = 8
    stored = db.session.scalar(select(OutboundEmail))
    assert stored.attempts == 2 and stored.sent_at is None and "550" in stored.last_error


def test_without_a_mail_server_messages_are_written_to_the_outbox_folder(make_app, tmp_path):
    folder = tmp_path / "outbox"
    other = make_app(MAIL_SERVER=None, MAIL_OUTBOX_FOLDER=str(folder))
    with other.app_context():
        with unit_of_work():
            mail.queue(AINO, "Confirm your email address", "Open https://example.test/confirm")
        assert mail.deliver_pending() == 1
        assert db.session.scalar(select(OutboundEmail)).sent_at is not None
    [written] = folder.glob("*.eml")
    message = email.message_from_bytes(written.read_bytes())
    assert message["To"] == AINO and message["Subject"] == "Confirm your email address"
    assert "https://example.test/confirm" in mailbox.body(message)
    assert '<a href="https://example.test/confirm">' in mailbox.html(message)


def _reset_requested(other) -> int:
    with other.app_context():
        make_graduate(email=AINO)
    return other.test_client().post("/auth/forgot-password", data={"email": AINO}).status_code


def test_a_mail_server_that_is_down_never_fails_the_request(make_app):
    other = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)  # the discard port: nothing listens
    assert _reset_requested(other) == 302
    with other.app_context():
        stored = db.session.scalar(select(OutboundEmail))
        assert stored.sent_at is None and "unreachable" in stored.last_error


def _reset_requested_in_the_background(make_app, server: str, port: int) -> int:
    """A reset request with delivery by a background job, waited for afterwards (a retry an
    hour later is not)."""
    other = make_app(
        MAIL_BACKGROUND=True, MAIL_SERVER=server, MAIL_PORT=port, MAIL_RETRY_SECONDS=3600
    )
    queue = jobs.backend(other)
    try:
        status = _reset_requested(other)
        assert queue.wait()
    finally:
        queue.stop()
    return status


def test_in_the_background_the_request_answers_and_the_mail_follows(make_app, smtp_server):
    assert _reset_requested_in_the_background(make_app, smtp_server.host, smtp_server.port) == 302
    [received] = smtp_server.to(AINO)
    assert "/auth/reset/" in mailbox.body(received)


def test_in_the_background_a_server_that_is_down_leaves_the_mail_queued(app, make_app):
    assert _reset_requested_in_the_background(make_app, "127.0.0.1", 9) == 302
    with app.app_context():
        stored = db.session.scalar(select(OutboundEmail))
        assert stored.sent_at is None and "unreachable" in stored.last_error
        assert stored.next_attempt_at is not None


def test_a_notification_links_only_inside_the_app(app, app_ctx):
    user = make_graduate(email=AINO)
    with unit_of_work():
        outside = notify(user, NotificationKind.MESSAGE, "https://evil.example/", _notice)
        sneaky = notify(user, NotificationKind.MESSAGE, "//evil.example/", _notice)
        inside = notify(user, NotificationKind.MESSAGE, "/graduates/saved", _notice)
    assert (outside.link, sneaky.link, inside.link) == (
        "/notifications/",
        "/notifications/",
        "/graduates/saved",
    )


def _notice() -> Notice:
    return Notice("A message", "A message", "A message.")


def test_an_email_gives_its_link_once_also_when_the_body_already_has_it(app, app_ctx):
    user = make_graduate(email=AINO)
    with app.test_request_context():
        link = links.absolute("/messages/threads/7")
        with unit_of_work():
            notify(
                user,
                NotificationKind.MESSAGE,
                "/messages/threads/7",
                lambda: Notice("New message", "New message", f"Read and reply: {link}"),
            )
            notify(user, NotificationKind.MESSAGE, "/messages/threads/8", _notice)
    with_link, without_link = db.session.scalars(
        select(OutboundEmail).order_by(OutboundEmail.id)
    ).all()
    assert with_link.body.count(link) == 1
    assert "Open it in TalentMatch" not in with_link.body
    assert "Open it in TalentMatch: " in without_link.body
    assert without_link.body.count("/messages/threads/8") == 1
