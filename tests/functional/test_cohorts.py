"""Career services' cohort view: their consenting graduates filtered, with their matches; the
CSV export of what the graduates agreed to share; saved cohorts."""

from __future__ import annotations

import csv
import io
import json
from html import unescape

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    AuditEvent,
    CEFRLevel,
    Cohort,
    DegreeLevel,
    MatchSummary,
    OpportunityKind,
    Role,
    Visibility,
    WorkPermit,
)
from talentmatch.site_dates import site_today
from tests.factories import (
    make_career_services,
    make_graduate,
    make_job,
    make_opportunity,
    make_skills,
    make_university,
    make_user,
)

STAFF_A, STAFF_B = "staff.a@example.com", "staff.b@example.com"


@pytest.fixture(autouse=True)
def _engine_checks_every_request(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


@pytest.fixture
def world(app) -> dict[str, int]:
    """University A: Aino (data, master, 2024, EU, Finnish B2, shares with employers), Bao
    (nursing, bachelor, 2022, needs sponsorship, shares with career services only), Cai (private:
    not consenting). University B: Dana (shares). Staff at both; a data job and a programme."""
    with app.app_context():
        skills = make_skills()
        python, sql = skills["Python (computer programming)"], skills["SQL"]
        analytics = skills["data analytics"]
        university_a = make_university("Aalto Test University")
        university_b = make_university("Borealis Test University")
        ids = {"university_a": university_a.id, "university_b": university_b.id}
        ids["aino"] = make_graduate(
            email="aino@example.com",
            full_name="Aino Aaltonen",
            university=university_a,
            visibility=Visibility.EMPLOYERS,
            skills=[python, sql, analytics],
            languages={"en": CEFRLevel.C1, "fi": CEFRLevel.B2},
            degree_level=DegreeLevel.MASTER,
            field_of_study="Data Science",
            graduation_year=2024,
            work_permit=WorkPermit.EU_EEA_CITIZEN,
            about="Secret about text",
        ).id
        ids["bao"] = make_graduate(
            email="bao@example.com",
            full_name="Bao Berglund",
            university=university_a,
            visibility=Visibility.CAREER_SERVICES,
            skills=[sql],
            degree_level=DegreeLevel.BACHELOR,
            field_of_study="Nursing",
            graduation_year=2022,
            work_permit=WorkPermit.NEEDS_SPONSORSHIP,
        ).id
        ids["cai"] = make_graduate(
            email="cai@example.com",
            full_name="Cai Private",
            university=university_a,
            visibility=Visibility.PRIVATE,
            field_of_study="Data Science",
        ).id
        ids["dana"] = make_graduate(
            email="dana@example.com",
            full_name="Dana Borealis",
            university=university_b,
            visibility=Visibility.EMPLOYERS,
            skills=[python],
        ).id
        ids["python"], ids["sql"] = python.id, sql.id
        make_career_services(university_a, STAFF_A)
        make_career_services(university_b, STAFF_B)
        make_job(title="Data engineer", required_skills=[python, sql, analytics])
        make_opportunity(
            OpportunityKind.PROGRAMME,
            title="Data talent programme",
            university=university_a,
            required_skills=[python, sql],
        )
    return ids


def _page(client, query: str = "", status: int = 200) -> str:
    response = client.get(f"/career-services/graduates{query}")
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return unescape(response.get_data(as_text=True))


def _csv(client, query: str = "") -> list[list[str]]:
    response = client.get(f"/career-services/graduates.csv{query}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_an_empty_filter_shows_every_consenting_graduate_and_says_so(client, auth, world):
    auth.login(STAFF_A)
    page = _page(client)
    assert "No filter: showing every graduate who shares their profile" in page
    assert "Aino Aaltonen" in page and "Bao Berglund" in page
    assert "Cai Private" not in page  # did not consent
    assert "Dana Borealis" not in page  # another university
    assert "2 graduates." in page


def test_the_filter_narrows_the_list(client, auth, world):
    auth.login(STAFF_A)
    page = _page(client, "?field_of_study=data&degree_levels=master")
    assert "Aino Aaltonen" in page and "Bao Berglund" not in page
    page = _page(client, "?graduation_year_from=2020&graduation_year_to=2022")
    assert "Bao Berglund" in page and "Aino Aaltonen" not in page
    page = _page(client, "?work_permits=needs_sponsorship")
    assert "Bao Berglund" in page and "Aino Aaltonen" not in page
    page = _page(client, "?languages-0-code=fi&languages-0-level=B1")
    assert "Aino Aaltonen" in page and "Bao Berglund" not in page
    page = _page(client, "?languages-0-code=fi&languages-0-level=C1")
    assert "No graduate matches this filter." in page
    page = _page(client, f"?skills={world['python']}")
    assert "Aino Aaltonen" in page and "Bao Berglund" not in page


def test_rows_show_studies_permit_languages_and_top_matches_with_their_band(
    app, client, auth, world
):
    auth.login(STAFF_A)
    page = _page(client)
    assert "Master's degree, Data Science" in page
    assert "EU/EEA citizen" in page or "EU" in page
    assert "Finnish B2" in page
    assert "Data engineer" in page
    assert "Strong match" in page or "Good match" in page or "Some match" in page
    assert f"/career-services/graduates/{world['aino']}/promote" in page
    with app.app_context():
        rows = db.session.scalars(select(MatchSummary)).all()
        assert {row.user_id for row in rows} == {world["aino"], world["bao"]}
        assert all(row.computed_on == site_today() for row in rows)
        top = json.loads(next(r.top for r in rows if r.user_id == world["aino"]))
        assert {"opportunity_id", "title", "kind", "band"} <= set(top[0])
    _page(client)  # a second visit the same day computes nothing new
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MatchSummary)) == 2


def test_fewer_than_three_strong_matches_filter(app, client, auth, world):
    with app.app_context():
        db.session.add(
            MatchSummary(user_id=world["aino"], computed_on=site_today(), strong_matches=4)
        )
        db.session.add(
            MatchSummary(user_id=world["bao"], computed_on=site_today(), strong_matches=1)
        )
        db.session.commit()
    auth.login(STAFF_A)
    page = _page(client, "?few_strong_matches=y")
    assert "Bao Berglund" in page and "Aino Aaltonen" not in page


def test_admins_see_every_university_with_a_university_column(client, auth, app, world):
    with app.app_context():
        make_user(Role.ADMIN, "admin@example.com")
    auth.login("admin@example.com")
    page = _page(client)
    assert "Aino Aaltonen" in page and "Dana Borealis" in page and "Cai Private" not in page
    assert ">University</th>" in page
    assert "Borealis Test University" in page


@pytest.mark.parametrize(
    "query",
    [
        "?degree_levels=wizard",
        "?work_permits=forever",
        "?graduation_year_from=99999",
        "?graduation_year_to=nineteen",
        "?skills=987654",
        "?skills=python",
        "?languages-0-code=fi&languages-0-level=Z9",
        "?page=0",
    ],
)
def test_an_invalid_filter_is_a_clear_400(client, auth, world, query):
    auth.login(STAFF_A)
    page = _page(client, query, status=400)
    assert "The filter is not valid." in page
    response = client.get(f"/career-services/graduates.csv{query}")
    assert response.status_code == 400
    assert "The filter is not valid." in unescape(response.get_data(as_text=True))


def test_the_csv_holds_what_graduates_share_with_career_services_and_no_email(
    app, client, auth, world
):
    auth.login(STAFF_A)
    rows = _csv(client)
    assert rows[0] == [
        "Name",
        "University",
        "Degree level",
        "Field of study",
        "Graduation year",
        "Skills",
        "Languages",
        "Permit situation",
        "Where they want to work",
        "Open to",
    ]
    names = [row[0] for row in rows[1:]]
    assert names == ["Aino Aaltonen", "Bao Berglund"]
    text = json.dumps(rows)
    assert "@example.com" not in text
    assert "Secret about text" not in text
    aino = rows[1]
    assert aino[3] == "Data Science" and aino[4] == "2024"
    assert "Python (computer programming)" in aino[5]
    assert "fi B2" in aino[6]
    assert aino[8] == "Helsinki"
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "cohort_exported"))
        assert event is not None and json.loads(event.details)["rows"] == 2


def test_a_csv_of_zero_rows_is_the_header_only(client, auth, world):
    auth.login(STAFF_A)
    rows = _csv(client, "?field_of_study=astrophysics")
    assert len(rows) == 1 and rows[0][0] == "Name"


def test_csv_cells_that_would_run_as_formulas_are_quoted(app, client, auth, world):
    with app.app_context():
        make_graduate(
            full_name='=HYPERLINK("http://evil.example")',
            university_id=world["university_a"],
            visibility=Visibility.CAREER_SERVICES,
            field_of_study="+cmd",
        )
    auth.login(STAFF_A)
    row = next(r for r in _csv(client) if "HYPERLINK" in r[0])
    assert row[0].startswith("'=") and row[3] == "'+cmd"


def test_withdrawing_consent_removes_the_graduate_from_the_view_and_the_csv_at_once(
    client, auth, world
):
    auth.login("bao@example.com")
    response = client.post("/privacy/consents/career_services_visibility/withdraw")
    assert response.status_code in (302, 303)
    auth.logout()
    auth.login(STAFF_A)
    assert "Bao Berglund" not in _page(client)
    assert "Bao Berglund" not in json.dumps(_csv(client))


def test_staff_save_list_and_delete_cohorts_of_their_own_university(app, client, auth, world):
    auth.login(STAFF_A)
    response = client.post(
        "/career-services/cohorts?field_of_study=data&degree_levels=master",
        data={"name": "Data masters"},
    )
    assert response.status_code == 302
    page = unescape(client.get("/career-services/cohorts").get_data(as_text=True))
    assert "Data masters" in page
    assert "field_of_study=data" in page
    with app.app_context():
        cohort = db.session.scalar(select(Cohort))
        assert cohort.university_id == world["university_a"]
        assert json.loads(cohort.criteria)["degree_levels"] == ["master"]
        cohort_id = cohort.id
    auth.logout()
    auth.login(STAFF_B)
    assert "Data masters" not in client.get("/career-services/cohorts").get_data(as_text=True)
    assert client.post(f"/career-services/cohorts/{cohort_id}/delete").status_code == 404
    assert client.get(f"/career-services/cohorts/{cohort_id}/promote").status_code == 404
    auth.logout()
    auth.login(STAFF_A)
    response = client.post(f"/career-services/cohorts/{cohort_id}/delete", follow_redirects=True)
    assert "Cohort “Data masters” deleted." in unescape(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Cohort)) == 0


def test_a_cohort_without_a_name_is_refused(app, client, auth, world):
    auth.login(STAFF_A)
    response = client.post("/career-services/cohorts", data={"name": ""})
    assert response.status_code == 400
    assert "Give the cohort a name." in unescape(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Cohort)) == 0


def test_staff_of_another_university_never_see_these_graduates(client, auth, world):
    auth.login(STAFF_B)
    page = _page(client)
    assert "Aino Aaltonen" not in page and "Bao Berglund" not in page
    assert "Dana Borealis" in page
    assert "Aino" not in json.dumps(_csv(client))
    response = client.get(f"/career-services/graduates/{world['aino']}/promote")
    assert response.status_code == 404
    assert "Aino" not in response.get_data(as_text=True)


def test_graduates_and_employers_are_refused(app, client, auth, world):
    auth.login("aino@example.com")
    for path in ("/career-services/graduates", "/career-services/graduates.csv"):
        assert client.get(path).status_code == 403


def test_the_page_says_matches_are_being_prepared_before_the_engine_is_fitted(
    app, client, auth, world, monkeypatch
):
    monkeypatch.setitem(app.config, "MATCHING_SYNC_FIT_LIMIT", 0)
    auth.login(STAFF_A)
    page = _page(client)
    assert "The matches are being prepared." in page
    assert "Aino Aaltonen" in page
