"""Career services curate their university's programmes and events: skills, languages, who
may take part (their own students and alumni with one tick, degree levels, years since
graduation), dates and places."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import CEFRLevel, DegreeLevel, Opportunity, OpportunityKind, Role
from tests.factories import make_organisation, make_skills, make_university, make_user

SOON = date.today() + timedelta(days=30)
LATER = SOON + timedelta(days=90)


@pytest.fixture
def helsinki(app, auth):
    """The University of Helsinki's career services, signed in; returns (its id, another
    university's id)."""
    with app.app_context():
        own = make_university(name="University of Helsinki")
        other = make_university(name="Aalto University")
        user = make_user(Role.CAREER_SERVICES, university=own)
        ids = own.id, other.id, user.email
    auth.login(ids[2])
    return ids[:2]


def programme_form(**changes) -> dict[str, object]:
    form: dict[str, object] = {
        "title": "UNITalent",
        "description": "A year of mentoring and company projects for international graduates.",
        "municipality": "Helsinki",
        "remote_mode": "hybrid",
        "deadline": SOON.isoformat(),
        "starts_at": f"{SOON.isoformat()}T09:00",
        "ends_at": f"{LATER.isoformat()}T16:00",
        "capacity": "40",
        "languages-0-code": "en",
        "languages-0-level": "B2",
        "required_skills-typed": "",
        "nice_to_have_skills-typed": "mentoring",
        "publish": "Publish",
    }
    form.update(changes)
    return form


def _saved(app) -> dict[str, object]:
    with app.app_context():
        item = db.session.scalar(select(Opportunity))
        return {
            "kind": item.kind,
            "universities": [u.name for u in item.eligible_universities],
            "degree_levels": item.eligible_degree_levels,
            "years": item.max_years_since_graduation,
            "capacity": item.capacity,
            "dates": (item.starts_at is not None, item.ends_at is not None),
            "skills": [s.label for s in item.skills],
            "languages": [(lang.code, lang.cefr) for lang in item.languages],
            "id": item.id,
        }


def test_a_programme_for_our_own_students_and_alumni_with_dates_and_places(app, client, helsinki):
    with app.app_context():
        sql = make_skills()["SQL"]
        token = f"esco:{sql.id}:SQL"
    form = client.get("/opportunities/new/programme").get_data(as_text=True)
    assert "Only our own students and alumni" in form and "Places" in form
    response = client.post(
        "/opportunities/new/programme",
        data=programme_form(
            own_graduates_only="y",
            required_skills=token,
            eligible_degree_levels=["master", "doctorate"],
            max_years_since_graduation="3",
        ),
    )
    assert response.status_code == 302
    saved = _saved(app)
    assert saved["kind"] is OpportunityKind.PROGRAMME
    assert saved["universities"] == ["University of Helsinki"]
    assert saved["degree_levels"] == [DegreeLevel.MASTER, DegreeLevel.DOCTORATE]
    assert saved["years"] == 3
    assert saved["capacity"] == 40 and saved["dates"] == (True, True)
    assert saved["skills"] == ["SQL", "mentoring"]
    assert saved["languages"] == [("en", CEFRLevel.B2)]

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Students and graduates of: University of Helsinki" in page
    edit = client.get(f"/opportunities/{saved['id']}/edit").get_data(as_text=True)
    assert 'checked id="own_graduates_only"' in edit and 'value="40"' in edit


def test_own_graduates_only_wins_over_other_universities_ticked(app, client, helsinki):
    _own_id, other_id = helsinki
    client.post(
        "/opportunities/new/event",
        data=programme_form(own_graduates_only="y", eligible_universities=[str(other_id)]),
    )
    assert _saved(app)["universities"] == ["University of Helsinki"]


def test_unticking_own_graduates_only_opens_the_item_again(app, client, helsinki):
    client.post("/opportunities/new/programme", data=programme_form(own_graduates_only="y"))
    item_id = _saved(app)["id"]
    response = client.post(
        f"/opportunities/{item_id}/edit", data=programme_form(publish="", save="Save")
    )
    assert response.status_code == 302
    assert _saved(app)["universities"] == []


def test_an_organisation_has_no_own_graduates(app, client, auth):
    with app.app_context():
        organisation_id = make_organisation(name="Maria 01", business_id=None).id
        email = make_user(Role.ADMIN).email
    auth.login(email)
    response = client.post(
        "/opportunities/new/programme",
        data=programme_form(own_graduates_only="y", provider=f"organisation:{organisation_id}"),
    )
    assert response.status_code == 400
    assert "An organisation has no students or alumni of its own" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Opportunity)) is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"capacity": "0"}, "Give between 1 and 100,000 places, or leave it empty."),
        ({"max_years_since_graduation": "-1"}, "Give between 0 and 50 years, or leave it empty."),
        ({"eligible_degree_levels": ["astronaut"]}, "not a valid choice"),
    ],
)
def test_bad_curation_input_is_refused_with_a_reason(app, client, helsinki, changes, message):
    response = client.post("/opportunities/new/programme", data=programme_form(**changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Opportunity)) is None
