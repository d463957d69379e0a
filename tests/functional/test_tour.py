"""The demo tour: only where DEMO_SIGN_IN is on, only into accounts the demo data made."""

from __future__ import annotations

import pytest

from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    AuditEvent,
    Notification,
    NotificationKind,
    Promotion,
    Role,
)
from tests.factories import make_graduate, make_job, make_university, make_user


@pytest.fixture
def tour_app(make_app):
    return make_app(DEMO_SIGN_IN=True)


def _people(app):
    with app.app_context():
        demo = make_graduate(full_name="Amina Demo")
        busy = make_graduate(full_name="Bilal Busy")
        demo.demo = busy.demo = True
        real = make_graduate(full_name="Rita Real")
        adviser = make_user(Role.CAREER_SERVICES, full_name="Laura Adviser", demo=True)
        job = make_job()
        db.session.add(Application(user_id=busy.id, opportunity_id=job.id))
        db.session.commit()
        return demo.id, busy.id, real.id, adviser.id


def test_the_tour_is_not_there_unless_switched_on(client):
    assert client.get("/tour/").status_code == 404
    assert client.post("/tour/sign-in", data={"user_id": "1"}).status_code == 404


def test_the_tour_lists_demo_accounts_busiest_first_and_never_real_ones(tour_app):
    _people(tour_app)
    page = tour_app.test_client().get("/tour/").get_data(as_text=True)
    assert "Sign in as Bilal Busy" in page
    assert "Sign in as Amina Demo" in page
    assert page.index("Bilal Busy") < page.index("Amina Demo")
    assert "1 application" in page
    assert "Sign in as Laura Adviser" in page
    assert "Rita Real" not in page


def test_signing_in_as_a_demo_graduate_opens_their_pages(tour_app):
    demo_id, _busy, _real, _adviser = _people(tour_app)
    client = tour_app.test_client()
    response = client.post("/tour/sign-in", data={"user_id": str(demo_id)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/graduates/profile")
    assert client.get("/graduates/profile").status_code == 200
    with tour_app.app_context():
        event = db.session.query(AuditEvent).filter_by(user_id=demo_id).one()
        assert event.event == "login"


def test_a_real_account_or_a_bad_id_cannot_be_entered_through_the_tour(tour_app):
    _demo, _busy, real_id, _adviser = _people(tour_app)
    client = tour_app.test_client()
    assert client.post("/tour/sign-in", data={"user_id": str(real_id)}).status_code == 404
    assert client.get("/graduates/profile").status_code == 302  # still signed out
    for bad in ("", "abc", "-1", "99999999999999", "1.5"):
        response = client.post("/tour/sign-in", data={"user_id": bad})
        assert response.status_code == 400, bad
        assert "demo account" in response.get_data(as_text=True)


def test_check_deploy_refuses_the_demo_tour(make_app):
    result = make_app(DEMO_SIGN_IN=True).test_cli_runner().invoke(args=["check-deploy"])
    assert "FAIL  demo tour: DEMO_SIGN_IN is on" in result.output


def test_accounts_with_more_kinds_of_activity_come_first(tour_app):
    with tour_app.app_context():
        many = make_graduate(full_name="Many Notices")
        broad = make_graduate(full_name="Broad Activity")
        many.demo = broad.demo = True
        job = make_job()
        for n in range(3):
            db.session.add(
                Notification(user_id=many.id, kind=NotificationKind.MESSAGE, text=f"Notice {n}")
            )
        db.session.add(Notification(user_id=broad.id, kind=NotificationKind.MESSAGE, text="One"))
        db.session.add(Application(user_id=broad.id, opportunity_id=job.id))
        db.session.commit()
    page = tour_app.test_client().get("/tour/").get_data(as_text=True)
    assert page.index("Broad Activity") < page.index("Many Notices")
    assert "1 application · 1 notification" in page
    assert "3 notifications" in page


def test_the_demo_administrator_is_neither_offered_nor_entered_through_the_tour(tour_app):
    with tour_app.app_context():
        admin = make_user(Role.ADMIN, full_name="Kaisa Admin", demo=True)
        admin_id = admin.id
    client = tour_app.test_client()
    assert "Kaisa Admin" not in client.get("/tour/").get_data(as_text=True)
    assert client.post("/tour/sign-in", data={"user_id": str(admin_id)}).status_code == 404
    assert client.get("/admin/").status_code == 302  # still signed out


def test_an_advisers_promotions_count_as_activity(tour_app):
    with tour_app.app_context():
        university = make_university()
        adviser = make_user(
            Role.CAREER_SERVICES, full_name="Promoting Adviser", demo=True, university=university
        )
        graduate = make_graduate(university=university)
        job = make_job()
        db.session.add(
            Promotion(
                university_id=university.id,
                opportunity_id=job.id,
                graduate_id=graduate.id,
                note="This fits you.",
                created_by_id=adviser.id,
            )
        )
        db.session.commit()
    page = tour_app.test_client().get("/tour/").get_data(as_text=True)
    assert "Sign in as Promoting Adviser" in page
    assert "1 promotion" in page
