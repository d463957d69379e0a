"""The privacy pages: the notice, consents shown and withdrawn, the data download and deleting
an account, as graduates, employers and administrators use them."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    AuditEvent,
    ConsentPurpose,
    ConsentRecord,
    GraduateProfile,
    Role,
    User,
    Visibility,
)
from talentmatch.services import profiles
from tests.factories import (
    DEFAULT_PASSWORD,
    make_employer,
    make_graduate,
    make_organisation,
    make_user,
)
from tests.functional.test_auth import limiter_restored  # noqa: F401  (the fixture)


def test_the_privacy_notice_is_public_and_linked_from_every_page(app, client):
    app.config["PRIVACY_CONTACT"] = "dpo@helsinki-talent.example"
    try:
        response = client.get("/privacy")
    finally:
        app.config["PRIVACY_CONTACT"] = "privacy@talentmatch.local"
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "dpo@helsinki-talent.example" in text
    for statement in (
        "does not ask for your nationality, ethnic origin, age, gender or a photo",
        "The year you moved to Finland is optional. It is used only to check",
        "GDPR Article 22",
        "An employer sees a ranking of consenting candidates only",
        "not used for 24 months are deleted",
        "30 days before, we email you a warning",
        "Career-services and administrator accounts are not deleted this way",
    ):
        assert statement in text, statement
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)


def _consent_states(client) -> dict[str, str]:
    text = client.get("/privacy/account").get_data(as_text=True)
    states = {}
    for purpose in ConsentPurpose:
        start = text.find(f'id="consent-{purpose.value}"')
        if start < 0:
            continue
        section = text[start : text.find("</article>", start)]
        states[purpose.value] = "in force" if "In force" in section else "not given"
    return states


def test_a_graduate_sees_the_consents_their_visibility_gave_and_withdraws_one(app, client, auth):
    with app.app_context():
        user = make_graduate("mei@example.com")
        profiles.set_visibility(user, Visibility.EMPLOYERS)
    auth.login("mei@example.com")

    page = client.get("/privacy/account").get_data(as_text=True)
    assert "Employers may find me and see my profile" in page
    assert "text version 2026-12-02" in page
    assert _consent_states(client) == {
        "career_services_visibility": "in force",
        "employer_visibility": "in force",
        "outcome_sharing": "not given",
        "email_notifications": "not given",
    }

    response = client.post("/privacy/consents/employer_visibility/withdraw", follow_redirects=True)

    assert "Consent withdrawn: Employers may find me and see my profile." in response.get_data(
        as_text=True
    )
    assert _consent_states(client)["employer_visibility"] == "not given"
    assert _consent_states(client)["career_services_visibility"] == "in force"
    with app.app_context():
        profile = db.session.scalar(select(GraduateProfile))
        assert profile.visibility is Visibility.CAREER_SERVICES
        withdrawn = db.session.scalar(
            select(ConsentRecord).where(ConsentRecord.purpose == ConsentPurpose.EMPLOYER_VISIBILITY)
        )
        assert withdrawn.withdrawn_at is not None
        events = [e.event for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
        assert events[-1] == "consent_withdrawn"


def test_giving_and_withdrawing_a_consent_keeps_its_history(app, client, auth):
    with app.app_context():
        make_graduate("aino@example.com")
    auth.login("aino@example.com")

    client.post("/privacy/consents/email_notifications/give")
    client.post("/privacy/consents/email_notifications/withdraw")
    client.post("/privacy/consents/email_notifications/give")

    assert _consent_states(client)["email_notifications"] == "in force"
    with app.app_context():
        records = db.session.scalars(select(ConsentRecord).order_by(ConsentRecord.id)).all()
        assert [(r.purpose, r.withdrawn_at is None) for r in records] == [
            (ConsentPurpose.EMAIL_NOTIFICATIONS, False),
            (ConsentPurpose.EMAIL_NOTIFICATIONS, True),
        ]


def test_withdrawing_career_services_visibility_makes_the_profile_private(app, client, auth):
    with app.app_context():
        user = make_graduate("omar@example.com")
        profiles.set_visibility(user, Visibility.EMPLOYERS)
    auth.login("omar@example.com")

    client.post("/privacy/consents/career_services_visibility/withdraw")

    with app.app_context():
        assert db.session.scalar(select(GraduateProfile)).visibility is Visibility.PRIVATE
        assert (
            db.session.scalars(
                select(ConsentRecord).where(ConsentRecord.withdrawn_at.is_(None))
            ).all()
            == []
        )


def test_an_unknown_or_foreign_consent_is_refused_with_a_message(app, client, auth):
    with app.app_context():
        make_employer(make_organisation(), email="erik@example.com")
    auth.login("erik@example.com")

    assert set(_consent_states(client)) == {"email_notifications"}
    unknown = client.post("/privacy/consents/selling_my_data/give")
    assert unknown.status_code == 400 and b"There is no such consent." in unknown.data
    foreign = client.post("/privacy/consents/employer_visibility/give")
    assert foreign.status_code == 400
    assert b"This consent does not apply to your account." in foreign.data
    with app.app_context():
        assert db.session.scalars(select(ConsentRecord)).all() == []


def test_download_my_data_is_a_json_attachment_with_the_account(app, client, auth):
    with app.app_context():
        make_graduate("mei@example.com", headline="Data analyst with SQL")
    auth.login("mei@example.com")

    response = client.post("/privacy/export")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="talentmatch-my-data-'
    )
    assert response.headers["Cache-Control"] == "no-store"
    document = json.loads(response.data)
    assert document["tables"]["users"][0]["email"] == "mei@example.com"
    assert document["tables"]["graduate_profiles"][0]["headline"] == "Data analyst with SQL"
    assert "password_hash" not in document["tables"]["users"][0]
    assert document["files"] == []


@pytest.mark.usefixtures("limiter_restored")
def test_downloads_are_rate_limited(make_app):
    limited = make_app(RATELIMIT_ENABLED=True, EXPORT_RATE_LIMIT="2 per hour")
    with limited.app_context():
        make_graduate("mei@example.com")
    client = limited.test_client()
    client.post("/auth/login", data={"email": "mei@example.com", "password": DEFAULT_PASSWORD})

    statuses = [client.post("/privacy/export").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_deleting_my_account_needs_my_password_and_says_what_happens(app, client, auth):
    with app.app_context():
        make_graduate("mei@example.com", full_name="Mei Lin")
    auth.login("mei@example.com")

    page = client.get("/privacy/delete").get_data(as_text=True)
    assert "You are signed out everywhere at once" in page
    assert "Your email address is free again" in page

    refused = client.post("/privacy/delete", data={"password": "not my password"})

    assert refused.status_code == 400
    assert "That is not your password." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User)).full_name == "Mei Lin"
        assert db.session.scalar(select(GraduateProfile)) is not None

    done = client.post(
        "/privacy/delete", data={"password": DEFAULT_PASSWORD}, follow_redirects=True
    )

    assert "Your account and your personal data have been deleted." in done.get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.full_name == "" and user.email.endswith("@erased.invalid")
        assert db.session.scalar(select(GraduateProfile)) is None
    assert client.get("/privacy/account").status_code == 302  # signed out
    login = auth.login("mei@example.com")
    assert login.status_code == 400


def test_staff_are_told_an_administrator_deletes_their_account(app, client, auth):
    with app.app_context():
        make_user(Role.ADMIN, email="root@example.com")
    auth.login("root@example.com")

    page = client.get("/privacy/account").get_data(as_text=True)

    assert "Staff accounts are deleted by an administrator." in page
    assert client.get("/privacy/delete").status_code == 403


def test_an_administrator_deletes_an_account_after_confirming(app, client, auth):
    with app.app_context():
        make_user(Role.ADMIN, email="root@example.com")
        graduate_id = make_graduate("mei@example.com", full_name="Mei Lin").id
    auth.login("root@example.com")
    users_page = client.get("/admin/users").get_data(as_text=True)
    assert f"/privacy/accounts/{graduate_id}/erase" in users_page

    page = client.get(f"/privacy/accounts/{graduate_id}/erase").get_data(as_text=True)
    assert "Mei Lin (mei@example.com)" in page
    unconfirmed = client.post(f"/privacy/accounts/{graduate_id}/erase", data={})
    assert unconfirmed.status_code == 400 and b"Tick the box to confirm." in unconfirmed.data
    with app.app_context():
        assert db.session.get(User, graduate_id).full_name == "Mei Lin"

    done = client.post(
        f"/privacy/accounts/{graduate_id}/erase", data={"confirm": "y"}, follow_redirects=True
    )

    text = done.get_data(as_text=True)
    assert "The account&#39;s personal data has been deleted." in text
    assert "Deleted account" in text
    with app.app_context():
        assert db.session.get(User, graduate_id).email == f"erased-{graduate_id}@erased.invalid"
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "account_erased"))
        assert event.subject_user_id == graduate_id and event.user_id != graduate_id
    assert client.get("/privacy/accounts/999999/erase").status_code == 404


def test_only_administrators_reach_the_erase_page(app, client, auth):
    with app.app_context():
        victim = make_graduate("mei@example.com").id
        make_graduate("other@example.com")
    auth.login("other@example.com")

    assert client.get(f"/privacy/accounts/{victim}/erase").status_code == 403
    assert (
        client.post(f"/privacy/accounts/{victim}/erase", data={"confirm": "y"}).status_code == 403
    )
    with app.app_context():
        assert db.session.get(User, victim).email == "mei@example.com"


def test_signed_in_people_find_privacy_in_the_navigation(app, client, auth):
    with app.app_context():
        make_graduate("mei@example.com")
    auth.login("mei@example.com")
    assert 'href="/privacy/account"' in client.get("/").get_data(as_text=True)
