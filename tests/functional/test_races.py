"""Concurrent and repeated posts: one row per create form, exactly the posted skills per save."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    FormSubmission,
    GraduateProfile,
    Interaction,
    InteractionKind,
    Opportunity,
    OpportunitySkill,
    Organisation,
    ProfileSkill,
    Role,
    University,
    User,
)
from tests.factories import (
    make_employer,
    make_graduate,
    make_job,
    make_organisation,
    make_skills,
    make_university,
    make_user,
    next_business_id,
)
from tests.functional.test_career_services import event_form
from tests.functional.test_employers import _job_form
from tests.functional.test_graduates import profile_form

TIMES = 20
TOKEN = "double-click-token-0001"


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _signed_in_clients(app, client: FlaskClient, email: str, n: int) -> list[FlaskClient]:
    """`n` clients sharing one signed-in session, as tabs of one browser."""
    client.post("/auth/login", data={"email": email, "password": "correct horse battery"})
    cookie = client.get_cookie("session")
    assert cookie is not None
    clients = []
    for _ in range(n):
        other = app.test_client()
        other.set_cookie("session", cookie.value)
        clients.append(other)
    return clients


def _all_at_once(clients: list[FlaskClient], send: Callable[[FlaskClient], object]) -> list:
    """Each client sends once, all released together; returns the responses."""
    barrier = threading.Barrier(len(clients))
    responses: list = [None] * len(clients)

    def run(index: int, one: FlaskClient) -> None:
        barrier.wait()
        responses[index] = send(one)

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def test_twenty_identical_profile_saves_at_once_leave_exactly_the_posted_skills(app, client):
    with app.app_context():
        skills = make_skills()
        tokens = [f"esco:{skills['SQL'].id}:SQL", f"esco:{skills['machine learning'].id}:ML"]
        make_graduate("ana@example.com")
    clients = _signed_in_clients(app, client, "ana@example.com", TIMES)
    form = profile_form(skills=[*tokens, "text:Barista"])

    responses = _all_at_once(clients, lambda c: c.post("/graduates/profile/edit", data=form))

    assert [r.status_code for r in responses] == [302] * TIMES
    with app.app_context():
        profile = db.session.scalars(select(GraduateProfile)).one()
        assert [s.label for s in profile.skills] == ["SQL", "machine learning", "Barista"]
    assert _count(app, ProfileSkill) == 3


def test_twenty_identical_job_edits_at_once_leave_exactly_the_posted_skills(app, client):
    with app.app_context():
        skill_ids = {label: skill.id for label, skill in make_skills().items()}
        organisation = make_organisation()
        make_employer(organisation, email="erik@example.com")
        job_id = make_job(organisation).id
    clients = _signed_in_clients(app, client, "erik@example.com", TIMES)
    form = _job_form(skill_ids)

    responses = _all_at_once(clients, lambda c: c.post(f"/employers/jobs/{job_id}/edit", data=form))

    assert [r.status_code for r in responses] == [302] * TIMES
    with app.app_context():
        job = db.session.get(Opportunity, job_id)
        assert [s.label for s in job.skills] == [
            "Python (computer programming)",
            "SQL",
            "machine learning",
        ]
    assert _count(app, OpportunitySkill) == 3


def test_twenty_identical_job_posts_at_once_create_one_job(app, client):
    with app.app_context():
        skill_ids = {label: skill.id for label, skill in make_skills().items()}
        make_employer(make_organisation(), email="erik@example.com")
    clients = _signed_in_clients(app, client, "erik@example.com", TIMES)
    form = _job_form(skill_ids, submission_token=TOKEN)

    responses = _all_at_once(clients, lambda c: c.post("/employers/jobs/new", data=form))

    assert _count(app, Opportunity) == 1
    with app.app_context():
        job_id = db.session.scalar(select(Opportunity.id))
    assert [r.status_code for r in responses] == [302] * TIMES
    assert {r.headers["Location"] for r in responses} == {f"/employers/jobs/{job_id}"}
    assert _count(app, OpportunitySkill) == 3


def test_the_job_form_offers_a_fresh_token_each_time_and_a_repeat_shows_the_first_job(
    app, client, auth
):
    with app.app_context():
        skill_ids = {label: skill.id for label, skill in make_skills().items()}
        make_employer(make_organisation(), email="erik@example.com")
    auth.login("erik@example.com")
    first_form = client.get("/employers/jobs/new").get_data(as_text=True)
    second_form = client.get("/employers/jobs/new").get_data(as_text=True)
    assert 'name="submission_token"' in first_form
    assert (
        first_form.split('name="submission_token" type="hidden" value="')[1][:32]
        != (second_form.split('name="submission_token" type="hidden" value="')[1][:32])
    )

    client.post("/employers/jobs/new", data=_job_form(skill_ids, submission_token=TOKEN))
    again = client.post(
        "/employers/jobs/new",
        data=_job_form(skill_ids, submission_token=TOKEN),
        follow_redirects=True,
    )
    other = client.post(
        "/employers/jobs/new", data=_job_form(skill_ids, submission_token=TOKEN + "x")
    )

    assert again.status_code == 200
    assert "This form was already sent: here is the job it posted." in again.get_data(as_text=True)
    assert "Junior data engineer" in again.get_data(as_text=True)
    assert other.status_code == 302
    assert _count(app, Opportunity) == 2


def test_an_invalid_post_does_not_use_up_its_token(app, client, auth):
    with app.app_context():
        skill_ids = {label: skill.id for label, skill in make_skills().items()}
        make_employer(make_organisation(), email="erik@example.com")
    auth.login("erik@example.com")

    refused = client.post(
        "/employers/jobs/new", data=_job_form(skill_ids, title="", submission_token=TOKEN)
    )
    fixed = client.post("/employers/jobs/new", data=_job_form(skill_ids, submission_token=TOKEN))

    assert refused.status_code == 400
    assert f'value="{TOKEN}"' in refused.get_data(as_text=True)
    assert fixed.status_code == 302
    assert _count(app, Opportunity) == 1


def test_the_same_token_from_another_user_is_their_own(app, client, auth):
    with app.app_context():
        skill_ids = {label: skill.id for label, skill in make_skills().items()}
        make_employer(make_organisation(), email="erik@example.com")
        make_employer(make_organisation(), email="eva@example.com")
    for email in ("erik@example.com", "eva@example.com"):
        auth.login(email)
        response = client.post(
            "/employers/jobs/new", data=_job_form(skill_ids, submission_token=TOKEN)
        )
        assert response.status_code == 302
        auth.logout()

    assert _count(app, Opportunity) == 2
    assert _count(app, FormSubmission) == 2


def _staff_form() -> dict[str, str]:
    return {
        "role": "career_services",
        "full_name": "Kaisa Career",
        "email": "kaisa@example.com",
        "password": "ferry to Suomenlinna",
        "confirm": "ferry to Suomenlinna",
        "university_id": "",
    }


CREATE_FORMS = {
    "catalogue item": ("cs", "/opportunities/new/event", event_form, Opportunity),
    "university": (
        "admin",
        "/admin/universities/new",
        lambda: {"name": "Aalto University", "short_name": "Aalto", "municipality": "Espoo"},
        University,
    ),
    "staff account": ("admin", "/admin/users/new", _staff_form, User),
    "organisation": (
        "employer",
        "/employers/organisation",
        lambda: {"name": "Nordic Data Oy", "business_id": next_business_id()},
        Organisation,
    ),
}


@pytest.mark.parametrize("name", CREATE_FORMS)
def test_every_create_form_sent_twice_at_once_creates_one_row(app, client, name):
    actor, path, make_form, model = CREATE_FORMS[name]
    with app.app_context():
        university = make_university(name="University of Helsinki")
        if actor == "cs":
            make_user(Role.CAREER_SERVICES, email="actor@example.com", university=university)
        elif actor == "admin":
            make_user(Role.ADMIN, email="actor@example.com")
        else:
            make_employer(email="actor@example.com")
        form = {**make_form(), "submission_token": TOKEN}
        if name == "staff account":
            form["university_id"] = str(university.id)
        before = db.session.scalar(select(func.count()).select_from(model))
    clients = _signed_in_clients(app, client, "actor@example.com", 4)

    responses = _all_at_once(clients, lambda c: c.post(path, data=form))

    assert [r.status_code for r in responses] == [302] * 4
    assert _count(app, model) == before + 1
    if name != "organisation":  # once registered, the same form edits the organisation
        repeat = clients[0].post(path, data=form, follow_redirects=True)
        assert "This form was already sent" in repeat.get_data(as_text=True)
        assert _count(app, model) == before + 1


def test_twenty_saves_of_one_opportunity_at_once_keep_one_save(app, client):
    with app.app_context():
        make_graduate("ana@example.com")
        job_id = make_job().id
    clients = _signed_in_clients(app, client, "ana@example.com", TIMES)

    responses = _all_at_once(clients, lambda c: c.post(f"/graduates/opportunities/{job_id}/save"))

    assert [r.status_code for r in responses] == [302] * TIMES
    assert _count(app, Interaction, Interaction.kind == InteractionKind.SAVE) == 1
