"""The notification centre, email preferences and one-click unsubscribe, with the emails a real
SMTP server receives."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from urllib.parse import urlsplit

from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    ConsentPurpose,
    Notification,
    NotificationKind,
    User,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import consent_records, email_preferences
from talentmatch.services.notifications import Notice, notify
from talentmatch.services.transaction import unit_of_work
from tests import mailbox
from tests.factories import make_employer, make_graduate, make_notification

GRACE = "grace@example.com"


def _grace(app) -> int:
    with app.app_context():
        return make_graduate(email=GRACE).id


def _notify(app, user_id: int, kind: NotificationKind, text: str, link: str = "/") -> None:
    with app.app_context():
        user = db.session.get(User, user_id)
        with unit_of_work():
            notify(user, kind, link, lambda: Notice(text, text, f"{text}."))
        db.session.remove()


def _deliver(app) -> None:
    from talentmatch.services import mail

    with app.app_context():
        mail.deliver_pending()


def _nav(page: str) -> str:
    found = re.search(r'<a href="/notifications/" aria-label="([^"]*)">([^<]*)</a>', page)
    assert found, "no notifications link in the navigation"
    return f"{unescape(found.group(1))} | {found.group(2).strip()}"


def test_the_navigation_counts_unread_notifications_and_the_centre_lists_them_newest_first(
    app, client, auth
):
    with app.app_context():
        grace = make_graduate(email=GRACE)
        now = utcnow()
        make_notification(grace, "Oldest, already read", read=True, created_at=now - timedelta(2))
        make_notification(grace, "Older news", created_at=now - timedelta(hours=5))
        make_notification(grace, "Newest news", created_at=now - timedelta(minutes=1))
    auth.login(GRACE)
    page = client.get("/graduates/profile").get_data(as_text=True)
    assert _nav(page) == "Notifications, 2 unread | Notifications (2)"

    page = unescape(client.get("/notifications/").get_data(as_text=True))
    assert "2 unread notifications" in page
    assert page.index("Newest news") < page.index("Older news") < page.index("Oldest, already")


def test_following_a_notification_marks_it_read_and_opens_its_link(app, client, auth):
    with app.app_context():
        grace = make_graduate(email=GRACE)
        notice = make_notification(grace, "Your application moved", link="/graduates/saved").id
        make_notification(grace, "Another one")
    auth.login(GRACE)
    response = client.get(f"/notifications/{notice}")
    assert response.status_code == 302 and response.headers["Location"] == "/graduates/saved"
    assert _nav(client.get("/").get_data(as_text=True)).endswith("Notifications (1)")

    response = client.post("/notifications/read-all", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Marked 1 notification as read." in page
    assert _nav(page) == "Notifications, 0 unread | Notifications"


def test_marking_one_notification_read_leaves_the_others_unread(app, client, auth):
    with app.app_context():
        grace = make_graduate(email=GRACE)
        first = make_notification(grace, "First").id
        make_notification(grace, "Second")
    auth.login(GRACE)
    assert client.post(f"/notifications/{first}/read").status_code == 302
    with app.app_context():
        unread = db.session.scalars(select(Notification.text).where(Notification.read_at.is_(None)))
        assert list(unread) == ["Second"]


def test_another_persons_notification_is_not_found(app, client, auth):
    with app.app_context():
        grace = make_graduate(email=GRACE)
        make_graduate(email="other@example.com")
        notice = make_notification(grace, "Private to Grace").id
    auth.login("other@example.com")
    for response in (
        client.get(f"/notifications/{notice}"),
        client.post(f"/notifications/{notice}/read"),
    ):
        assert response.status_code == 404
        assert "Private to Grace" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Notification, notice).read_at is None


def test_the_centre_pages_and_refuses_a_page_that_does_not_exist(app, client, auth):
    with app.app_context():
        grace = make_graduate(email=GRACE)
        for number in range(25):
            make_notification(grace, f"Notice number {number:02d}")
    auth.login(GRACE)
    second = client.get("/notifications/?page=2")
    assert second.status_code == 200 and "Page 2 of 2" in second.get_data(as_text=True)
    assert client.get("/notifications/?page=3").status_code == 404
    assert client.get("/notifications/?page=x").status_code == 400
    # A number beyond any list, too large for the database's OFFSET, is a message too.
    huge = client.get("/notifications/?page=500000000000000000")
    assert huge.status_code == 400
    assert "Choose a page between 1 and 100,000." in huge.get_data(as_text=True)


def test_employers_and_staff_have_a_notification_centre_too(app, client, auth):
    with app.app_context():
        employer = make_employer(email="erkki@example.com")
        make_notification(employer, "New application for Data analyst")
    auth.login("erkki@example.com")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "New application for Data analyst" in page


# --- Email preferences -----------------------------------------------------------------------


def test_turning_a_kind_off_stops_its_email_but_not_its_notification(
    app, client, auth, smtp_server
):
    grace = _grace(app)
    auth.login(GRACE)
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert "Messages" in page and "Digest of new strong matches" in page
    response = client.post(
        "/notifications/preferences",
        data={"email_invitation": "y", "email_application_status": "y", "digest": "off"},
    )
    assert response.status_code == 302

    _notify(app, grace, NotificationKind.MESSAGE, "Nordic Data Oy wrote to you")
    _notify(app, grace, NotificationKind.INVITATION, "Nordic Data Oy invites you to apply")
    _deliver(app)
    assert [m["Subject"] for m in smtp_server.to(GRACE)] == ["Nordic Data Oy invites you to apply"]
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Nordic Data Oy wrote to you" in page  # in-app is always on


def test_an_employer_chooses_the_kinds_an_employer_receives(app, client, auth):
    with app.app_context():
        employer = make_employer(email="erkki@example.com").id
    auth.login("erkki@example.com")
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert "Applications to our jobs" in page and "Digest of new strong matches" not in page
    response = client.post("/notifications/preferences", data={"email_message": "y"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, employer)
        assert email_preferences.wants_email(user, NotificationKind.MESSAGE)
        assert not email_preferences.wants_email(user, NotificationKind.APPLICATION_RECEIVED)


def test_the_account_page_links_to_the_email_preferences(app, client, auth):
    _grace(app)
    auth.login(GRACE)
    assert 'href="/notifications/preferences"' in client.get("/auth/account").get_data(as_text=True)


def test_a_bad_digest_choice_is_refused_with_a_message(app, client, auth):
    _grace(app)
    auth.login(GRACE)
    response = client.post("/notifications/preferences", data={"digest": "hourly"})
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_choosing_a_digest_records_the_news_consent(app, client, auth):
    grace = _grace(app)
    auth.login(GRACE)
    client.post("/notifications/preferences", data={"digest": "weekly", "email_message": "y"})
    with app.app_context():
        user = db.session.get(User, grace)
        assert consent_records.in_force(user, ConsentPurpose.EMAIL_NOTIFICATIONS) is not None
        assert email_preferences.wants_email(user, NotificationKind.DIGEST)
        # Withdrawing the consent stops the digest email, though the choice stays.
        with unit_of_work():
            consent_records.withdraw(user, ConsentPurpose.EMAIL_NOTIFICATIONS)
        assert not email_preferences.wants_email(user, NotificationKind.DIGEST)
        assert email_preferences.wants_email(user, NotificationKind.MESSAGE)


# --- One-click unsubscribe -------------------------------------------------------------------


def _unsubscribe_path(message) -> str:
    url = message["List-Unsubscribe"].strip("<>")
    assert url in mailbox.body(message) and url in mailbox.html(message)
    return urlsplit(url).path


def test_the_unsubscribe_link_works_without_signing_in_and_stops_that_kind(
    app, client, smtp_server
):
    grace = _grace(app)
    _notify(app, grace, NotificationKind.MESSAGE, "First message")
    _deliver(app)
    [message] = smtp_server.to(GRACE)
    path = _unsubscribe_path(message)

    page = client.get(path)  # nobody is signed in
    assert page.status_code == 200
    text = unescape(page.get_data(as_text=True))
    assert 'Stop emails about "Messages" from TalentMatch?' in text
    assert "<button" in text
    with app.app_context():  # a GET (a link scanner, a preview) changes nothing
        user = db.session.get(User, grace)
        assert email_preferences.wants_email(user, NotificationKind.MESSAGE)

    done = client.post(path)
    assert done.status_code == 200
    assert "We will no longer email you about" in done.get_data(as_text=True)

    _notify(app, grace, NotificationKind.MESSAGE, "Second message")
    _notify(app, grace, NotificationKind.INVITATION, "An invitation")
    _deliver(app)
    assert [m["Subject"] for m in smtp_server.to(GRACE)] == ["First message", "An invitation"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 3


def test_one_click_unsubscribe_needs_no_csrf_token_and_no_session(make_app, smtp_server):
    strict = make_app(
        WTF_CSRF_ENABLED=True, MAIL_SERVER=smtp_server.host, MAIL_PORT=smtp_server.port
    )
    grace = _grace(strict)
    _notify(strict, grace, NotificationKind.APPLICATION_STATUS, "Your application moved")
    _deliver(strict)
    [message] = smtp_server.to(GRACE)
    # What a mail client sends for RFC 8058: a POST with this body, no cookies.
    response = strict.test_client().post(
        _unsubscribe_path(message),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    with strict.app_context():
        user = db.session.get(User, grace)
        assert not email_preferences.wants_email(user, NotificationKind.APPLICATION_STATUS)
    # Other forms still need their token.
    assert strict.test_client().post("/notifications/read-all").status_code in (302, 400)


def test_a_forged_or_damaged_unsubscribe_link_gets_a_clear_page(app, client):
    grace = _grace(app)
    with app.app_context():
        token = email_preferences.unsubscribe_token(
            db.session.get(User, grace), NotificationKind.MESSAGE
        )
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for path in (
        f"/notifications/unsubscribe/{forged}",
        "/notifications/unsubscribe/not-a-token",
        "/notifications/unsubscribe/" + "x" * 600,
    ):
        for response in (client.get(path), client.post(path)):
            assert response.status_code == 400
            assert "This unsubscribe link is not valid." in unescape(
                response.get_data(as_text=True)
            )
    with app.app_context():
        user = db.session.get(User, grace)
        assert email_preferences.wants_email(user, NotificationKind.MESSAGE)
        with unit_of_work():
            user.active = False  # an account that is gone
    response = client.get(f"/notifications/unsubscribe/{token}")
    assert response.status_code == 404
    assert "no longer exists" in response.get_data(as_text=True)
