"""Who may take part: career services set it on the edit form, the detail page says it, and a
graduate who does not qualify is told why; graduates may give the year they moved to Finland."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    DegreeLevel,
    GraduateProfile,
    Opportunity,
    OpportunityKind,
    Role,
    TargetGroup,
    WorkPermit,
)
from tests.factories import make_graduate, make_opportunity, make_university, make_user
from tests.functional.test_graduates import profile_form

SOON = date.today() + timedelta(days=20)


@pytest.fixture
def hanken(app, auth):
    """Hanken's career services, signed in; returns (Hanken's id, Aalto's id)."""
    with app.app_context():
        hanken = make_university(name="Hanken School of Economics")
        aalto = make_university(name="Aalto University")
        user = make_user(Role.CAREER_SERVICES, university=hanken)
        ids = hanken.id, aalto.id, user.email
    auth.login(ids[2])
    return ids[:2]


def programme_form(**changes) -> dict[str, object]:
    form: dict[str, object] = {
        "title": "Hanken International Talent",
        "description": "Contacts with companies, career events and mentoring.",
        "municipality": "Helsinki",
        "remote_mode": "on_site",
        "deadline": SOON.isoformat(),
        "required_skills-typed": "",
        "nice_to_have_skills-typed": "",
        "publish": "Publish",
    }
    form.update(changes)
    return form


def _programme(app) -> Opportunity | None:
    with app.app_context():
        item = db.session.scalar(select(Opportunity))
        if item is not None:
            item.eligible_universities  # noqa: B018 - loaded before the session closes
            db.session.expunge(item)
        return item


def test_career_services_publish_a_programme_with_who_may_take_part(app, client, hanken):
    hanken_id, _aalto_id = hanken
    form = client.get("/opportunities/new/programme").get_data(as_text=True)
    assert "Who can take part" in form and "Hanken School of Economics" in form
    response = client.post(
        "/opportunities/new/programme",
        data=programme_form(
            eligible_universities=[str(hanken_id)],
            max_years_since_graduation="2",
            eligible_degree_levels=["master"],
            eligible_fields_of_study="economics, business",
            eligible_work_permits=["permit_allows_work"],
            target_groups=["international"],
        ),
    )
    assert response.status_code == 302
    item = _programme(app)
    assert [u.name for u in item.eligible_universities] == ["Hanken School of Economics"]
    assert item.max_years_since_graduation == 2
    assert item.eligible_degree_levels == [DegreeLevel.MASTER]
    assert item.eligible_fields_of_study == ["economics", "business"]
    assert item.eligible_work_permits == [WorkPermit.PERMIT_ALLOWS_WORK]
    assert item.target_groups == [TargetGroup.INTERNATIONAL]

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Students and graduates of: Hanken School of Economics" in page
    assert "Still studying, or graduated in the last 2 years" in page
    assert "Field of study: economics, business" in page

    edit = client.get(f"/opportunities/{item.id}/edit").get_data(as_text=True)
    assert 'value="economics, business"' in edit
    ticked = re.findall(r'<input checked id="eligible_universities-\d+"[^>]*value="(\d+)"', edit)
    assert ticked == [str(hanken_id)], re.findall(r"<input[^>]*eligible_universities[^>]*>", edit)


def test_clearing_every_criterion_opens_the_programme_to_everyone(app, client, hanken):
    hanken_id, _aalto_id = hanken
    client.post(
        "/opportunities/new/programme",
        data=programme_form(eligible_universities=[str(hanken_id)]),
    )
    item = _programme(app)
    response = client.post(
        f"/opportunities/{item.id}/edit", data=programme_form(publish="", save="Save")
    )
    assert response.status_code == 302
    assert not _programme(app).has_eligibility
    assert "Open to everyone." in client.get(f"/opportunities/{item.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"max_years_since_graduation": "-1"}, "Give between 0 and 50 years"),
        ({"max_years_since_graduation": "two"}, "Not a valid integer value."),
        ({"eligible_universities": ["999999"]}, "is not a valid choice"),
        ({"eligible_universities": ["abc"]}, "could not be coerced"),
        ({"eligible_degree_levels": ["kindergarten"]}, "is not a valid choice"),
        ({"target_groups": ["nationals"]}, "is not a valid choice"),
        ({"eligible_fields_of_study": "x" * 70}, "Keep each field under 60 characters"),
    ],
)
def test_bad_eligibility_gets_a_message_and_saves_nothing(app, client, hanken, changes, message):
    response = client.post("/opportunities/new/programme", data=programme_form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert 'value="Hanken International Talent"' in page  # the form comes back filled in
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Opportunity)) == 0


def test_bad_eligibility_on_edit_leaves_the_saved_item_alone(app, client, hanken):
    hanken_id, _aalto_id = hanken
    client.post(
        "/opportunities/new/programme",
        data=programme_form(eligible_universities=[str(hanken_id)]),
    )
    item = _programme(app)
    response = client.post(
        f"/opportunities/{item.id}/edit",
        data=programme_form(
            title="Renamed", publish="", save="Save", max_years_since_graduation="99"
        ),
    )
    assert response.status_code == 400
    again = _programme(app)
    assert again.title == "Hanken International Talent"
    assert [u.id for u in again.eligible_universities] == [hanken_id]


def _hanken_programme(app) -> int:
    with app.app_context():
        hanken = make_university(name="Hanken School of Economics")
        item = make_opportunity(
            OpportunityKind.PROGRAMME,
            title="Hanken International Talent",
            university=hanken,
            eligible_universities=[hanken],
            max_years_since_graduation=2,
        )
        return item.id


def test_a_graduate_who_does_not_qualify_is_told_why_and_can_still_read_it(app, client, auth):
    item_id = _hanken_programme(app)
    with app.app_context():
        aalto = make_university(name="Aalto University")
        graduate = make_graduate(university=aalto, graduation_year=date.today().year - 1)
        email = graduate.email
    auth.login(email)
    response = client.get(f"/opportunities/{item_id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This programme is not open to you" in page
    assert (
        "For students and graduates of Hanken School of Economics of the last 2 years — "
        "your profile names another university." in page
    )
    assert "Contacts with companies" not in page  # factory description is shown instead
    assert "A test opportunity in the Helsinki region." in page


def test_a_graduate_who_qualifies_is_told_so(app, client, auth):
    item_id = _hanken_programme(app)
    with app.app_context():
        hanken_id = db.session.get(Opportunity, item_id).university_id
        email = make_graduate(university_id=hanken_id, graduation_year=date.today().year).email
    auth.login(email)
    page = client.get(f"/opportunities/{item_id}").get_data(as_text=True)
    assert "You qualify" in page
    assert (
        "For students and recent graduates (the last 2 years) of Hanken School of Economics — "
        "you qualify." in page
    )
    assert "not open to you" not in page


def test_visitors_see_the_criteria_without_a_verdict(app, client):
    item_id = _hanken_programme(app)
    page = client.get(f"/opportunities/{item_id}").get_data(as_text=True)
    assert "Students and graduates of: Hanken School of Economics" in page
    assert "not open to you" not in page and "You qualify" not in page


def test_a_graduate_gives_the_year_they_moved_to_finland(app, client, auth):
    with app.app_context():
        email = make_graduate().email
    auth.login(email)
    form = client.get("/graduates/profile/edit").get_data(as_text=True)
    assert "Year you moved to Finland (optional)" in form
    assert "we never ask about nationality" in form
    response = client.post(
        "/graduates/profile/edit", data=profile_form(moved_to_finland_year="2022")
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(GraduateProfile.moved_to_finland_year)) == 2022
    assert "Moved to Finland" in client.get("/graduates/profile").get_data(as_text=True)

    future = str(date.today().year + 1)
    response = client.post(
        "/graduates/profile/edit", data=profile_form(moved_to_finland_year=future)
    )
    assert response.status_code == 400
    assert "Enter the year you moved to Finland" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(GraduateProfile.moved_to_finland_year)) == 2022


def test_for_you_leaves_out_what_a_graduate_cannot_join_and_says_why_the_rest_fits(
    app, client, auth, monkeypatch
):
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)
    about = "Data analytics and statistics; looking for a talent programme in Helsinki."
    with app.app_context():
        helsinki = make_university(name="University of Helsinki")
        metropolia = make_university(name="Metropolia University of Applied Sciences")
        make_opportunity(
            OpportunityKind.PROGRAMME,
            title="UNITalent data programme",
            description=about,
            university=helsinki,
            eligible_universities=[helsinki],
        )
        make_opportunity(
            OpportunityKind.COMMUNITY,
            title="Startup Refugees network",
            description=about,
            target_groups=[TargetGroup.NEWCOMERS],
        )
        student = make_graduate(university=helsinki, about=about).email
        nurse = make_graduate(university=metropolia, about=about).email
    auth.login(student)
    page = client.get("/graduates/for-you").get_data(as_text=True)
    assert "UNITalent data programme" in page
    assert "For students and graduates of University of Helsinki — you qualify." in page
    assert "Startup Refugees network" not in page  # no year of moving to Finland given
    auth.logout()
    auth.login(nurse)
    assert "UNITalent data programme" not in client.get("/graduates/for-you").get_data(as_text=True)
