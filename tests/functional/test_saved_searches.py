"""Saved searches on /opportunities/: save, list, run again, delete, and daily alerts of new
results by email."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    ConsentPurpose,
    Notification,
    NotificationKind,
    SavedSearch,
    User,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import consent_records, mail, saved_searches
from tests import mailbox
from tests.factories import make_employer, make_graduate, make_job, make_organisation

GRACE = "grace@example.com"


def _searches(app) -> list[tuple[str, str, bool]]:
    with app.app_context():
        return [
            (s.name, s.text, s.alerts)
            for s in db.session.scalars(select(SavedSearch).order_by(SavedSearch.id))
        ]


def test_a_graduate_saves_the_current_search_runs_it_again_and_deletes_it(app, client, auth):
    with app.app_context():
        make_graduate(email=GRACE)
        organisation = make_organisation(name="Nordic Data Oy")
        make_job(organisation, title="Data analyst", description="Work with data.")
        make_job(organisation, title="Chef", description="Cook lunch.")
    auth.login(GRACE)
    page = client.get("/opportunities/?q=data&kind=job").get_data(as_text=True)
    assert "Save this search" in page
    assert 'action="/opportunities/saved-searches?' in page

    response = client.post(
        "/opportunities/saved-searches?q=data&kind=job", data={"name": "  Data   jobs "}
    )
    assert response.status_code == 302
    # A double click saves one search: the same name replaces it.
    client.post("/opportunities/saved-searches?q=data&kind=job", data={"name": "Data jobs"})
    assert _searches(app) == [("Data jobs", "data", False)]

    page = client.get("/opportunities/saved-searches").get_data(as_text=True)
    assert "Data jobs" in page and "Words: data" in page
    assert 'href="/opportunities/?q=data&amp;kind=job"' in page  # the link that runs it again
    run = client.get("/opportunities/?q=data&kind=job").get_data(as_text=True)
    assert "Data analyst" in run and "Chef" not in run

    with app.app_context():
        search_id = db.session.scalar(select(SavedSearch.id))
    assert client.post(f"/opportunities/saved-searches/{search_id}/delete").status_code == 302
    assert _searches(app) == []


def test_a_search_without_a_name_or_with_bad_filters_is_refused(app, client, auth):
    with app.app_context():
        make_graduate(email=GRACE)
    auth.login(GRACE)
    response = client.post("/opportunities/saved-searches?q=data", data={"name": "   "})
    assert response.status_code == 400
    assert "Give the search a name." in response.get_data(as_text=True)
    response = client.post("/opportunities/saved-searches?kind=spaceship", data={"name": "X"})
    assert response.status_code == 400
    response = client.post("/opportunities/saved-searches", data={"name": "x" * 81})
    assert response.status_code == 400
    assert _searches(app) == []


def test_saved_searches_are_for_graduates(app, client, auth):
    with app.app_context():
        make_employer(email="erkki@example.com")
    auth.login("erkki@example.com")
    assert client.get("/opportunities/saved-searches").status_code == 403
    assert client.post("/opportunities/saved-searches", data={"name": "Mine"}).status_code == 403
    assert 'action="/opportunities/saved-searches' not in client.get("/opportunities/").get_data(
        as_text=True
    )


def test_alerts_list_new_results_at_most_once_a_day(app, client, auth, smtp_server):
    with app.app_context():
        grace = make_graduate(email=GRACE).id
        organisation = make_organisation(name="Nordic Data Oy")
        make_job(organisation, title="Old data job", description="Data work.")
    auth.login(GRACE)
    client.post("/opportunities/saved-searches?q=data", data={"name": "Data jobs", "alerts": "y"})
    with app.app_context():
        user = db.session.get(User, grace)
        assert consent_records.in_force(user, ConsentPurpose.EMAIL_NOTIFICATIONS) is not None
        assert saved_searches.send_alerts() == 0  # nothing added since saving
        make_job(organisation, title="New data engineer", description="Data pipelines.")
        make_job(organisation, title="New chef", description="Cook lunch.")
        later = utcnow()
        assert saved_searches.send_alerts(now=later) == 1
        make_job(organisation, title="Another data role", description="More data.")
        assert saved_searches.send_alerts(now=later) == 0  # once a day
        mail.deliver_pending()
    [alert] = smtp_server.to(GRACE)
    assert alert["Subject"] == 'TalentMatch: 1 new result for "Data jobs"'
    assert alert["List-Unsubscribe"] and alert["List-Unsubscribe-Post"]
    text = mailbox.body(alert)
    assert "New data engineer (Nordic Data Oy)" in text
    assert "Old data job" not in text and "New chef" not in text
    assert "New data engineer</a>" in mailbox.html(alert)

    with app.app_context():
        assert saved_searches.send_alerts(now=later + timedelta(days=1)) == 1  # the next day
        mail.deliver_pending()
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(Notification)
                .where(Notification.kind == NotificationKind.SEARCH_ALERT)
            )
            == 2
        )
    assert "Another data role" in mailbox.body(smtp_server.to(GRACE)[-1])

    # Alerts off: nothing more, by command or otherwise.
    with app.app_context():
        search_id = db.session.scalar(select(SavedSearch.id))
    assert client.post(f"/opportunities/saved-searches/{search_id}/alerts").status_code == 302
    assert _searches(app) == [("Data jobs", "data", False)]
    with app.app_context():
        make_job(organisation, title="Yet another data role", description="Data.")
        assert saved_searches.send_alerts(now=later + timedelta(days=3)) == 0
