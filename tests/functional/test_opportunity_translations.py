"""The one opportunity form stack takes the language a text is written in and optional versions
in the other languages: employers' jobs and career services' programmes, communities and
events. A version needs a title and a description, or neither; bad input saves nothing."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import Opportunity, OpportunityText, Role
from tests.factories import make_employer, make_organisation, make_university, make_user

EMPLOYER = "erika@nordicdata.example.fi"
SOON = date.today() + timedelta(days=30)


@pytest.fixture
def employer(app, auth) -> None:
    with app.app_context():
        make_employer(make_organisation(name="Nordic Data Oy"), email=EMPLOYER)
    auth.login(EMPLOYER)


def job_form(**changes) -> dict[str, object]:
    form: dict[str, object] = {
        "title": "Software developer",
        "description": "You build the City of Helsinki's open data services in Python.",
        "written_in": "en",
        "title_fi": "Ohjelmistokehittäjä",
        "description_fi": "Rakennat Helsingin kaupungin avoimen datan palveluita Pythonilla.",
        "title_sv": "",
        "description_sv": "",
        "employment_type": "full_time",
        "required_skills-typed": "",
        "nice_to_have_skills-typed": "",
        "municipality": "Helsinki",
        "remote_mode": "hybrid",
        "deadline": SOON.isoformat(),
        "publish": "1",
    }
    form.update(changes)
    return form


def saved(app) -> list[tuple[str, str, dict[str, tuple[str, str]]]]:
    """Each opportunity's title, language and versions, read in a fresh session."""
    with app.app_context():
        return [
            (o.title, o.written_in, {t.locale: (t.title, t.description) for t in o.texts})
            for o in db.session.scalars(select(Opportunity).order_by(Opportunity.id))
        ]


def nothing_saved(app) -> bool:
    with app.app_context():
        opportunities = db.session.scalar(select(func.count()).select_from(Opportunity))
        texts = db.session.scalar(select(func.count()).select_from(OpportunityText))
        return opportunities == 0 and texts == 0


def test_the_job_form_asks_for_the_language_and_offers_each_version(client, employer):
    page = unescape(client.get("/employers/jobs/new").get_data(as_text=True))
    assert '<select id="written_in" name="written_in"' in page
    assert '<option selected value="en">English</option>' in page
    for name in ("title_fi", "description_fi", "title_sv", "description_sv"):
        assert f'name="{name}"' in page
    assert "Finnish version (optional)" in page and "Swedish version (optional)" in page
    assert "Given in: English" in page
    assert "js/opportunity-languages.js" in page


def test_an_employer_posts_a_job_in_english_with_finnish_and_swedish_versions(
    app, client, employer
):
    response = client.post(
        "/employers/jobs/new",
        data=job_form(
            title_sv="Programvaruutvecklare",
            description_sv="Du bygger Helsingfors stads tjänster för öppna data i Python.",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    [(title, written_in, versions)] = saved(app)
    assert (title, written_in) == ("Software developer", "en")
    assert versions == {
        "fi": (
            "Ohjelmistokehittäjä",
            "Rakennat Helsingin kaupungin avoimen datan palveluita Pythonilla.",
        ),
        "sv": (
            "Programvaruutvecklare",
            "Du bygger Helsingfors stads tjänster för öppna data i Python.",
        ),
    }
    with app.app_context():
        job_id = db.session.scalar(select(Opportunity.id))
    edit = unescape(client.get(f"/employers/jobs/{job_id}/edit").get_data(as_text=True))
    assert "Given in: English, Finnish, Swedish" in edit
    assert 'value="Ohjelmistokehittäjä"' in edit and 'value="Programvaruutvecklare"' in edit
    detail = unescape(client.get(f"/employers/jobs/{job_id}").get_data(as_text=True))
    assert "Given in: English, Finnish, Swedish" in detail


def test_a_job_written_in_finnish_keeps_its_language(app, client, employer):
    response = client.post(
        "/employers/jobs/new",
        data=job_form(
            title="Asiakaspalvelija",
            description="Palvelet asiakkaitamme puhelimessa ja chatissa.",
            written_in="fi",
            title_fi="",
            description_fi="",
            title_en="Customer service agent",
            description_en="You serve our customers on the phone and in chat.",
        ),
    )
    assert response.status_code == 302
    assert saved(app) == [
        (
            "Asiakaspalvelija",
            "fi",
            {
                "en": (
                    "Customer service agent",
                    "You serve our customers on the phone and in chat.",
                )
            },
        )
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"description_fi": ""},
            "description_fi",
            "Give the description in this language too, or leave its title empty.",
        ),
        (
            {"title_fi": "   "},
            "title_fi",
            "Give the title in this language too, or leave its description empty.",
        ),
        (
            {"written_in": "fi"},
            "title_fi",
            "This is the language the original is written in",
        ),
        (
            {"written_in": "de"},
            "written_in",
            "Choose the language the text is written in.",
        ),
        ({"title_sv": "x" * 201, "description_sv": "Text."}, "title_sv", "200 characters"),
        ({"title_sv": "Jobb", "description_sv": "x" * 20001}, "description_sv", "20000"),
    ],
)
def test_a_half_given_or_misplaced_version_is_refused_and_nothing_is_saved(
    app, client, employer, changes, field, message
):
    response = client.post("/employers/jobs/new", data=job_form(**changes))

    assert response.status_code == 400
    page = unescape(response.get_data(as_text=True))
    assert f'id="{field}-errors"' in page
    assert message in page
    assert nothing_saved(app)


def test_editing_replaces_the_versions_and_emptying_one_removes_it(app, client, employer):
    client.post("/employers/jobs/new", data=job_form())
    with app.app_context():
        job_id = db.session.scalar(select(Opportunity.id))
    response = client.post(
        f"/employers/jobs/{job_id}/edit",
        data=job_form(
            title_fi="",
            description_fi="",
            title_sv="Programvaruutvecklare",
            description_sv="Du bygger tjänster för öppna data.",
            save_draft="1",
            publish="",
        ),
    )
    assert response.status_code == 302
    [(_title, _written_in, versions)] = saved(app)
    assert versions == {"sv": ("Programvaruutvecklare", "Du bygger tjänster för öppna data.")}
    # A refused edit leaves the saved versions as they were.
    response = client.post(
        f"/employers/jobs/{job_id}/edit",
        data=job_form(title_sv="Utvecklare", description_sv="", save_draft="1", publish=""),
    )
    assert response.status_code == 400
    assert saved(app)[0][2] == versions


def test_a_version_may_leave_out_the_description_when_the_original_has_none(app, client, employer):
    response = client.post(
        "/employers/jobs/new",
        data=job_form(description="", title_fi="Ohjelmistokehittäjä", description_fi=""),
    )
    assert response.status_code == 302
    assert saved(app)[0][2] == {"fi": ("Ohjelmistokehittäjä", "")}


@pytest.fixture
def adviser(app, auth) -> None:
    with app.app_context():
        user = make_user(Role.CAREER_SERVICES, university=make_university())
        email = user.email
    auth.login(email)


def item_form(**changes) -> dict[str, object]:
    form: dict[str, object] = {
        "title": "Mentoring programme for international graduates",
        "description": "A year of mentoring with professionals from the Helsinki region.",
        "written_in": "en",
        "title_sv": "Mentorprogram för internationella nyutexaminerade",
        "description_sv": "Ett år av mentorskap med yrkesverksamma i huvudstadsregionen.",
        "municipality": "Helsinki",
        "remote_mode": "on_site",
        "deadline": SOON.isoformat(),
        "required_skills-typed": "",
        "nice_to_have_skills-typed": "",
        "publish": "Publish",
    }
    form.update(changes)
    return form


def test_career_services_publish_a_programme_with_a_swedish_version(app, client, adviser):
    form = unescape(client.get("/opportunities/new/programme").get_data(as_text=True))
    assert 'name="written_in"' in form and "Swedish version (optional)" in form

    response = client.post("/opportunities/new/programme", data=item_form())

    assert response.status_code == 302
    [(title, written_in, versions)] = saved(app)
    assert versions == {
        "sv": (
            "Mentorprogram för internationella nyutexaminerade",
            "Ett år av mentorskap med yrkesverksamma i huvudstadsregionen.",
        )
    }
    with app.app_context():
        item_id = db.session.scalar(select(Opportunity.id))
    edit = unescape(client.get(f"/opportunities/{item_id}/edit").get_data(as_text=True))
    assert "Given in: English, Swedish" in edit


def test_an_events_half_given_version_is_refused_with_a_400(app, client, adviser):
    response = client.post(
        "/opportunities/new/event",
        data=item_form(
            title="Career evening",
            title_sv="",
            description_sv="",
            title_fi="Urailta",
            starts_at=f"{SOON.isoformat()}T17:00",
            ends_at=f"{SOON.isoformat()}T19:00",
        ),
    )
    assert response.status_code == 400
    assert "Give the description in this language too" in unescape(response.get_data(as_text=True))
    assert nothing_saved(app)
