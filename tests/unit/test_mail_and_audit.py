"""The email outbox against a real SMTP server on localhost, and the audit log."""

from __future__ import annotations

import json

from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import AuditEvent, OutboundEmail
from talentmatch.services import audit, mail
from talentmatch.services.transaction import unit_of_work
from tests import mailbox
from tests.factories import make_graduate


def test_a_queued_message_is_delivered_and_its_body_forgotten(app, app_ctx, smtp_server):
    user = make_graduate(email="aino@example.com")
    with unit_of_work():
        mail.queue(user, "Confirm your email address", "Open https://example.test/confirm/abc")
    assert mail.deliver_pending() == 1
    [received] = smtp_server.to("aino@example.com")
    assert received["Subject"] == "Confirm your email address"
    assert "https://example.test/confirm/abc" in mailbox.body(received)
    assert '<a href="https://example.test/confirm/abc">' in mailbox.html(received)
    stored = db.session.scalar(select(OutboundEmail))
    assert stored.sent_at is not None and stored.body == "" and stored.user_id == user.id
    assert mail.deliver_pending() == 0  # nothing is sent twice


def test_a_message_whose_transaction_rolled_back_is_never_sent(app, app_ctx, smtp_server):
    user = make_graduate(email="aino@example.com")
    try:
        with unit_of_work():
            mail.queue(user, "Welcome", "Hello")
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    assert mail.deliver_pending() == 0
    assert smtp_server.messages == []


def test_an_unreachable_mail_server_leaves_the_message_pending_with_its_error(app, app_ctx):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)  # discard port: nothing listens
    try:
        with unit_of_work():
            mail.queue("someone@example.com", "Hello", "Body")
        assert mail.deliver_pending() == 0
    finally:
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25)
    stored = db.session.scalar(select(OutboundEmail))
    assert stored.sent_at is None and stored.body == "Body"
    assert "unreachable" in stored.last_error and stored.attempts == 1


def test_the_mail_command_sends_what_is_pending(app, app_ctx, runner, smtp_server):
    with unit_of_work():
        mail.queue("someone@example.com", "Hello", "Body")
    result = runner.invoke(args=["mail", "send-pending"])
    assert result.exit_code == 0 and "Sent 1 message" in result.output
    assert [m["Subject"] for m in smtp_server.messages] == ["Hello"]


def test_an_audit_event_records_who_what_and_details(app, app_ctx):
    user = make_graduate(email="aino@example.com")
    with unit_of_work():
        audit.record(audit.AuditEventKind.LOGIN_FAILED, email=" Someone@Example.com ", attempts=3)
        audit.record(audit.AuditEventKind.LOGIN, user)
    failed, login = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert (failed.event, failed.user_id, failed.email) == (
        "login_failed",
        None,
        "someone@example.com",
    )
    assert json.loads(failed.details) == {"attempts": 3}
    assert (login.event, login.user_id) == ("login", user.id)


def test_sqlite_and_postgresql_both_enforce_foreign_keys(app, app_ctx):
    user = make_graduate(email="aino@example.com")
    with unit_of_work():
        audit.record(audit.AuditEventKind.LOGIN, user)
    with unit_of_work():
        db.session.delete(user)
    # ON DELETE SET NULL ran in the database, which SQLite does only with foreign keys on.
    db.session.expire_all()
    assert db.session.scalar(select(AuditEvent.user_id)) is None


def test_without_a_mail_server_development_prints_the_message_in_the_console(make_app, capsys):
    other = make_app(MAIL_SERVER=None, MAIL_TO_CONSOLE=True)
    link = "https://talentmatch.example.fi/auth/verify/" + "R7Dekk0514wHBHY8CO" * 4  # 114 chars
    with other.app_context():
        with unit_of_work():
            mail.queue("aino@example.com", "Confirm your email address", f"Open {link}")
        assert mail.deliver_pending() == 1
        stored = db.session.scalar(select(OutboundEmail))
        assert stored.sent_at is not None and stored.body == ""
    printed = capsys.readouterr().out
    assert "To: aino@example.com" in printed
    assert link in printed  # whole, so it can be copied from the terminal


def test_without_a_mail_server_or_console_messages_wait_in_the_outbox(app, app_ctx, capsys):
    assert not app.config.get("MAIL_TO_CONSOLE")
    with unit_of_work():
        mail.queue("aino@example.com", "Hello", "Body")
    assert mail.deliver_pending() == 0
    assert db.session.scalar(select(OutboundEmail)).sent_at is None
    assert capsys.readouterr().out == ""
