"""Career services introduce their graduates to employers: only graduates who share their profile
with them, never to an organisation the graduate blocked; both sides are told and can talk."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    Message,
    MessageSide,
    MessageThread,
    Notification,
    NotificationKind,
    OpportunityStatus,
    OrganisationBlock,
    User,
    Visibility,
)
from tests.factories import (
    make_career_services,
    make_employer,
    make_graduate,
    make_job,
    make_organisation,
    make_university,
)

KAISA = "kaisa@careers.example.fi"
ERIK = "erik@nordicdata.example.fi"
NAMES = {
    "open": "Aino Open",
    "careers": "Chen Careers",
    "private": "Bo Private",
    "elsewhere": "Dana Elsewhere",
}


@pytest.fixture
def ids(app) -> dict[str, int]:
    with app.app_context():
        university = make_university("Helsinki Test University")
        elsewhere = make_university("Elsewhere Test University")
        make_career_services(university, email=KAISA)
        organisation = make_organisation(name="Nordic Data Oy")
        make_employer(organisation, email=ERIK)
        make_organisation(name="Unverified Oy", verified=False)
        job = make_job(organisation, title="Data analyst")
        other_job = make_job(make_organisation(name="Other Oy"), title="Other analyst")
        closed = make_job(organisation, title="Old role", status=OpportunityStatus.CLOSED)
        found = {"organisation": organisation.id, "job": job.id, "other_job": other_job.id}
        found["closed_job"] = closed.id
        for key, visibility, home in (
            ("open", Visibility.EMPLOYERS, university),
            ("careers", Visibility.CAREER_SERVICES, university),
            ("private", Visibility.PRIVATE, university),
            ("elsewhere", Visibility.EMPLOYERS, elsewhere),
        ):
            found[key] = make_graduate(
                email=f"{key}@example.com",
                full_name=NAMES[key],
                visibility=visibility,
                university=home,
            ).id
        return found


def _page(response) -> str:
    return unescape(response.get_data(as_text=True))


def _introduce(client, ids, graduate: str, **fields):
    data = {
        "graduate_id": ids[graduate],
        "organisation_id": ids["organisation"],
        "job_id": ids["job"],
        "note": "Chen built our data club's dashboards; worth a talk.",
        **fields,
    }
    return client.post("/career-services/introductions", data=data)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_only_graduates_who_share_with_career_services_are_offered(app, client, auth, ids):
    auth.login(KAISA)
    page = _page(client.get("/career-services/introductions"))
    assert NAMES["open"] in page and NAMES["careers"] in page
    assert NAMES["private"] not in page and NAMES["elsewhere"] not in page
    assert "Nordic Data Oy" in page and "Unverified Oy" not in page
    assert "Introduce a graduate to an employer" in _page(client.get("/career-services/"))


@pytest.mark.parametrize("graduate", ["private", "elsewhere"])
def test_graduates_who_do_not_share_with_them_cannot_be_introduced(
    app, client, auth, ids, graduate
):
    auth.login(KAISA)
    refused = _introduce(client, ids, graduate)
    assert refused.status_code == 400
    with app.app_context():
        assert _count(MessageThread) == 0 and _count(Notification) == 0


def test_an_introduction_tells_both_sides_who_can_then_talk(app, client, auth, ids):
    auth.login(KAISA)
    sent = _introduce(client, ids, "careers", submission_token="t" * 24)
    again = _introduce(client, ids, "careers", submission_token="t" * 24)  # a double click

    assert sent.status_code == 302 and again.status_code == 302
    page = _page(client.get("/career-services/introductions"))
    assert "Chen Careers to Nordic Data Oy" in page
    assert "Chen built our data club's dashboards; worth a talk." in page
    with app.app_context():
        [thread] = db.session.scalars(select(MessageThread)).all()
        assert thread.opportunity_id == ids["job"]
        [message] = thread.messages
        assert message.side is MessageSide.CAREER_SERVICES
        kinds = {
            db.session.get(User, n.user_id).email: (n.kind, n.text, n.link)
            for n in db.session.scalars(select(Notification))
        }
    link = f"/messages/threads/{thread.id}"
    assert kinds == {
        "careers@example.com": (
            NotificationKind.INTRODUCTION,
            "Kaisa Kuraattori (Helsinki Test University) introduced you to Nordic Data Oy.",
            link,
        ),
        ERIK: (
            NotificationKind.INTRODUCTION,
            "Kaisa Kuraattori (Helsinki Test University career services) introduced "
            "Chen Careers to you.",
            link,
        ),
    }
    # The adviser is not a party to the conversation that follows.
    assert client.get(link).status_code == 403
    auth.logout()

    # Chen shares with career services only, yet the organisation may answer the introduction.
    auth.login(ERIK)
    thread_page = _page(client.get(link))
    assert "Kaisa Kuraattori, career services (Helsinki Test University)" in thread_page
    assert client.post(link, data={"body": "Happy to meet, Chen."}).status_code == 302
    auth.logout()
    auth.login("careers@example.com")
    assert "Happy to meet, Chen." in _page(client.get(link))
    assert client.post(link, data={"body": "Thank you!"}).status_code == 302
    with app.app_context():
        assert _count(Message) == 3


def test_an_introduction_to_an_organisation_the_graduate_blocked_is_refused(app, client, auth, ids):
    with app.app_context():
        db.session.add(OrganisationBlock(user_id=ids["open"], organisation_id=ids["organisation"]))
        db.session.commit()
    auth.login(KAISA)
    refused = _introduce(client, ids, "open")
    assert refused.status_code == 400
    assert "chosen not to be contacted by this organisation" in _page(refused)


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"note": "  "}, "Write a message first."),
        ({"note": "x" * 2_001}, "Use at most 2000 characters"),
        ({"job_id": "other_job"}, "Choose an open job of that organisation, or no job."),
        ({"job_id": "closed_job"}, "Not a valid choice"),
        ({"organisation_id": 999_999}, "Not a valid choice"),
        ({"graduate_id": "nonsense"}, "Invalid Choice"),
    ],
)
def test_bad_introductions_are_refused_with_a_message(app, client, auth, ids, fields, problem):
    fields = {
        k: ids.get(v, v) if isinstance(v, str) and k == "job_id" else v for k, v in fields.items()
    }
    auth.login(KAISA)
    refused = _introduce(client, ids, "open", **fields)
    assert refused.status_code == 400
    page = _page(refused)
    assert problem in page or problem in page.replace(",", "")
    with app.app_context():
        assert _count(MessageThread) == 0


def test_only_career_services_introduce(app, client, auth, ids):
    auth.login(ERIK)
    assert client.get("/career-services/introductions").status_code == 403
    assert _introduce(client, ids, "open").status_code == 403
