"""Retention: accounts inactive for 24 months are erased, after one warning email 30 days
before, delivered to a real SMTP server; a login in between keeps the account; staff are spared."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import ErasureRequest, ErasureStep, RetentionNotice, Role, User
from talentmatch.services import retention
from tests import mailbox
from tests.factories import (
    make_employer,
    make_graduate,
    make_organisation,
    make_university,
    make_user,
)

NOW = datetime(2026, 12, 2, 9, 0)


def _inactive(user: User, months: int, days: int = 0) -> User:
    user.last_login_at = retention.months_before(NOW, months) - timedelta(days=days)
    db.session.commit()
    return user


def _state(user_id: int) -> str:
    user = db.session.get(User, user_id)
    return "erased" if user.email.endswith("@erased.invalid") else "kept"


def test_months_are_counted_on_the_calendar():
    assert retention.months_before(datetime(2026, 3, 31, 8), 1) == datetime(2026, 2, 28, 8)
    assert retention.months_before(datetime(2026, 12, 2), 24) == datetime(2024, 12, 2)
    assert retention.months_before(datetime(2024, 12, 2), -24) == datetime(2026, 12, 2)


def test_an_account_inactive_for_23_months_is_warned_once_by_email(app, app_ctx, smtp_server):
    warned = _inactive(make_graduate("aino@example.com", full_name="Aino"), 23, days=5)
    recent = _inactive(make_graduate("recent@example.com"), 22)

    report = retention.purge_expired(NOW)

    assert report.warned == [warned.id] and report.erased == []
    [message] = smtp_server.to("aino@example.com")
    assert message["Subject"].startswith("Your TalentMatch account will be deleted on")
    body = mailbox.body(message)
    assert "Hello Aino" in body and "simply log in before then" in body
    assert smtp_server.to("recent@example.com") == []
    assert retention.purge_expired(NOW + timedelta(days=1)).warned == []  # sent once
    assert len(smtp_server.to("aino@example.com")) == 1
    assert _state(warned.id) == _state(recent.id) == "kept"


def test_an_account_is_erased_at_24_months_once_the_warning_period_has_passed(app, app_ctx):
    user = _inactive(make_graduate("aino@example.com"), 23, days=5)
    retention.purge_expired(NOW)
    notice = db.session.scalar(select(RetentionNotice))

    assert retention.purge_expired(notice.delete_after - timedelta(hours=1)).erased == []
    report = retention.purge_expired(notice.delete_after + timedelta(hours=1))

    assert report.erased == [user.id]
    assert _state(user.id) == "erased"
    request = db.session.scalar(select(ErasureRequest))
    assert request.step is ErasureStep.DONE and request.reason.value == "retention"
    assert db.session.scalar(select(RetentionNotice)) is None


def test_a_long_inactive_account_is_never_erased_without_a_warning_first(app, app_ctx):
    user = _inactive(make_graduate("old@example.com"), 40)

    first = retention.purge_expired(NOW)

    assert first.warned == [user.id] and first.erased == []
    assert _state(user.id) == "kept"
    assert retention.purge_expired(NOW + timedelta(days=29)).erased == []
    assert retention.purge_expired(NOW + timedelta(days=31)).erased == [user.id]


def test_logging_in_after_the_warning_cancels_it(app, app_ctx):
    user = _inactive(make_graduate("aino@example.com"), 23, days=5)
    retention.purge_expired(NOW)
    user.last_login_at = NOW + timedelta(days=3)
    db.session.commit()

    report = retention.purge_expired(NOW + timedelta(days=40))

    assert report.cancelled == [user.id] and report.erased == []
    assert _state(user.id) == "kept"
    assert db.session.scalar(select(RetentionNotice)) is None


def test_an_account_that_never_logged_in_counts_from_its_creation(app, app_ctx):
    employer = make_employer(make_organisation(), email="erik@example.com")
    employer.created_at = retention.months_before(NOW, 24) - timedelta(days=1)
    db.session.commit()

    assert retention.purge_expired(NOW).warned == [employer.id]


def test_staff_and_administrators_are_never_purged(app, app_ctx):
    staff = _inactive(make_user(Role.CAREER_SERVICES, university=make_university()), 30)
    admin = _inactive(make_user(Role.ADMIN), 30)

    first = retention.purge_expired(NOW)
    later = retention.purge_expired(NOW + timedelta(days=60))

    assert first.warned == later.warned == later.erased == []
    assert _state(staff.id) == _state(admin.id) == "kept"


def test_the_purge_command_reports_what_it_did(app, app_ctx, runner):
    _inactive(make_graduate("old@example.com"), 30)

    result = runner.invoke(args=["privacy", "purge-expired"])

    assert result.exit_code == 0, result.output
    assert "Warned 1 account(s), erased 0" in result.output


def test_the_resume_command_finishes_interrupted_erasures(app, app_ctx, runner, monkeypatch):
    from talentmatch.services import erasure

    user = make_graduate("aino@example.com")
    monkeypatch.setattr(erasure, "_remove_files", _interrupted)
    failed = runner.invoke(args=["privacy", "resume-erasures"])
    assert failed.exit_code == 0 and "Completed 0 erasure(s)." in failed.output
    try:
        erasure.erase_own_account(user, "correct horse battery")
    except erasure.ErasureInterrupted:
        pass
    still = runner.invoke(args=["privacy", "resume-erasures"])
    assert still.exit_code == 1 and "files_removed: OSError" in still.output
    monkeypatch.undo()

    result = runner.invoke(args=["privacy", "resume-erasures"])

    assert result.exit_code == 0 and "Completed 1 erasure(s)." in result.output
    db.session.expire_all()
    assert _state(user.id) == "erased"


def _interrupted(request, user):
    raise OSError("the upload volume is not mounted")
