"""The digest of new strong matches: what it lists, once per period, and that unsubscribing or
withdrawing the news consent is respected."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    ConsentPurpose,
    DigestFrequency,
    DigestItem,
    Notification,
    NotificationKind,
    User,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import consent_records, digests, email_preferences, mail
from talentmatch.services.transaction import unit_of_work
from tests import mailbox
from tests.factories import make_graduate, make_job, make_organisation, make_skills

GRACE = "grace@example.com"


@pytest.fixture(autouse=True)
def _workers_check_for_changes_on_every_request(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


def _world(frequency: DigestFrequency) -> dict:
    """A data graduate who chose a digest, a strong match and a job that is no match."""
    skills = make_skills()
    data = [skills["SQL"], skills["Python (computer programming)"]]
    grace = make_graduate(email=GRACE, skills=[*data, skills["data analytics"]])
    with unit_of_work():
        email_preferences.set_digest(grace, frequency)
    organisation = make_organisation(name="Nordic Data Oy")
    make_job(organisation, title="Data analyst", required_skills=data)
    make_job(
        organisation,
        title="Marketing coordinator",
        required_skills=[skills["marketing principles"]],
    )
    return {"grace": grace, "organisation": organisation, "data": data}


def _digests_of(user_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(Notification.text)
            .where(Notification.user_id == user_id, Notification.kind == NotificationKind.DIGEST)
            .order_by(Notification.id)
        )
    )


def test_a_daily_digest_lists_new_strong_matches_once_a_day_and_stops_on_unsubscribe(
    app, app_ctx, runner, client, smtp_server
):
    world = _world(DigestFrequency.DAILY)
    grace_id = world["grace"].id

    result = runner.invoke(args=["notifications", "send-digests"])
    assert "Digests sent: 1." in result.output, result.output
    [first] = smtp_server.to(GRACE)
    assert first["Subject"] == "TalentMatch: 1 new strong match"
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = mailbox.body(first), mailbox.html(first)
    assert "Data analyst (Nordic Data Oy)" in text and "Data analyst</a>" in html
    assert "Marketing coordinator" not in text + html
    assert _digests_of(grace_id) == ["1 new strong match for you"]

    # The same day: nothing new is sent, whoever runs it.
    result = runner.invoke(args=["notifications", "send-digests"])
    assert "Digests sent: 0." in result.output
    tomorrow = utcnow() + timedelta(days=1)
    assert digests.send_digests(now=tomorrow) == 0  # nothing new to list
    make_job(world["organisation"], title="Data engineer", required_skills=world["data"])
    assert digests.send_digests(now=tomorrow) == 1
    assert digests.send_digests(now=tomorrow + timedelta(hours=3)) == 0  # once a day
    mail.deliver_pending()
    second = smtp_server.to(GRACE)[-1]
    assert "Data engineer" in mailbox.body(second) and "Data analyst" not in mailbox.body(second)
    listed = db.session.scalars(
        select(DigestItem.opportunity_id).where(DigestItem.user_id == grace_id)
    )
    assert len(list(listed)) == 2

    # Unsubscribing from the digest (one click, no session) stops it altogether.
    path = urlsplit(second["List-Unsubscribe"].strip("<>")).path
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    make_job(world["organisation"], title="Data scientist", required_skills=world["data"])
    assert digests.send_digests(now=tomorrow + timedelta(days=2)) == 0
    mail.deliver_pending()
    assert len(smtp_server.to(GRACE)) == 2
    assert len(_digests_of(grace_id)) == 2


def test_a_weekly_digest_waits_seven_days_and_without_consent_stays_in_app(
    app, app_ctx, smtp_server
):
    world = _world(DigestFrequency.WEEKLY)
    grace = world["grace"]
    now = utcnow()
    assert digests.send_digests(now=now) == 1
    make_job(world["organisation"], title="Data engineer", required_skills=world["data"])
    assert digests.send_digests(now=now + timedelta(days=3)) == 0
    with unit_of_work():
        consent_records.withdraw(db.session.get(User, grace.id), ConsentPurpose.EMAIL_NOTIFICATIONS)
    assert digests.send_digests(now=now + timedelta(days=7)) == 1
    mail.deliver_pending()
    assert [m["Subject"] for m in smtp_server.to(GRACE)] == ["TalentMatch: 1 new strong match"]
    assert _digests_of(grace.id) == ["1 new strong match for you"] * 2
