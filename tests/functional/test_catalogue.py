"""The public catalogue pages: listing with filters, and the detail page."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from talentmatch.models import CEFRLevel, EmploymentType, OpportunityKind, OpportunityStatus
from tests.factories import (
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
)


def test_catalogue_lists_open_opportunities_anonymously(app, client):
    with app.app_context():
        make_job(title="Data analyst at Wolt")
        make_opportunity(OpportunityKind.COMMUNITY, title="Maria 01 community")
        make_job(
            title="Hidden draft",
            organisation=make_organisation(business_id=None),
            status=OpportunityStatus.DRAFT,
        )
    response = client.get("/opportunities/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Data analyst at Wolt" in page and "Maria 01 community" in page
    assert "Hidden draft" not in page
    assert "2 opportunities found" in page


def test_catalogue_filters_by_kind_and_municipality(app, client):
    university = None
    with app.app_context():
        university = make_university()
        make_job(title="Helsinki job", municipality="Helsinki")
        make_opportunity(
            OpportunityKind.EVENT, title="Espoo meetup", municipality="Espoo", university=university
        )
        make_opportunity(
            OpportunityKind.EVENT,
            title="Vantaa fair",
            municipality="Vantaa",
            university=university,
        )
    page = client.get("/opportunities/?kind=event").get_data(as_text=True)
    assert "Espoo meetup" in page and "Vantaa fair" in page and "Helsinki job" not in page
    page = client.get("/opportunities/?kind=event&municipality=Espoo").get_data(as_text=True)
    assert "Espoo meetup" in page and "Vantaa fair" not in page
    assert "1 opportunity found" in page


def test_catalogue_cards_show_provider_place_and_languages(app, client):
    with app.app_context():
        make_job(
            title="Support specialist",
            organisation=make_organisation(name="Supercell Oy"),
            municipality="Espoo",
            languages={"fi": CEFRLevel.B2},
        )
    page = client.get("/opportunities/").get_data(as_text=True)
    assert "Supercell Oy" in page and "Espoo" in page and "Finnish B2" in page


def test_text_search_finds_skill_labels(app, client):
    with app.app_context():
        skills = make_skills()
        make_job(title="Backend developer", required_skills=[skills["SQL"]])
        make_opportunity(OpportunityKind.COMMUNITY, title="Book club")
    page = client.get("/opportunities/?q=sql").get_data(as_text=True)
    assert "Backend developer" in page and "Book club" not in page


def test_languages_i_meet_hides_jobs_above_the_graduates_level(app, client, auth):
    with app.app_context():
        organisation = make_organisation()
        make_job(title="English-only developer", organisation=organisation, languages={"en": 4})
        make_job(title="Finnish-speaking sales", organisation=organisation, languages={"fi": 4})
        email = make_graduate(languages={"en": CEFRLevel.C1}).email
    auth.login(email)
    everything = client.get("/opportunities/").get_data(as_text=True)
    assert "Finnish-speaking sales" in everything
    response = client.get("/opportunities/?meets_my_languages=y")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "English-only developer" in page
    assert "Finnish-speaking sales" not in page


def test_languages_i_meet_asks_anonymous_users_to_log_in(app, client):
    with app.app_context():
        make_job(title="Any job")
    response = client.get("/opportunities/?meets_my_languages=y")
    assert response.status_code == 400
    assert "log in as a graduate" in response.get_data(as_text=True)


def test_invalid_filters_get_a_message_not_an_error(client):
    queries = ("kind=spaceship", "municipality=Atlantis", "page=abc", "page=0", "q=" + "x" * 500)
    for query in queries:
        response = client.get(f"/opportunities/?{query}")
        assert response.status_code == 400, query
        assert "form-errors" in response.get_data(as_text=True), query


def test_filters_by_employment_type_and_remote(app, client):
    with app.app_context():
        organisation = make_organisation()
        make_job(
            title="Remote intern",
            organisation=organisation,
            employment_type=EmploymentType.INTERNSHIP,
            remote_mode="remote",
        )
        make_job(title="Office full-timer", organisation=organisation)
    page = client.get("/opportunities/?employment_type=internship").get_data(as_text=True)
    assert "Remote intern" in page and "Office full-timer" not in page
    page = client.get("/opportunities/?remote=y").get_data(as_text=True)
    assert "Remote intern" in page and "Office full-timer" not in page


def test_pages_through_results_and_page_beyond_end_is_404(app, client):
    app.config["OPPORTUNITIES_PER_PAGE"] = 2
    try:
        with app.app_context():
            organisation = make_organisation()
            for number in range(3):
                make_job(title=f"Role number {number}", organisation=organisation)
        first = client.get("/opportunities/").get_data(as_text=True)
        assert "Page 1 of 2" in first and "Role number 0" not in first
        second = client.get("/opportunities/?page=2").get_data(as_text=True)
        assert "Role number 0" in second
        assert client.get("/opportunities/?page=3").status_code == 404
    finally:
        app.config["OPPORTUNITIES_PER_PAGE"] = 20


def test_detail_page_shows_everything_about_a_job(app, client):
    with app.app_context():
        skills = make_skills()
        job = make_job(
            title="Machine learning engineer",
            organisation=make_organisation(name="Reaktor"),
            description="Build models for Finnish public services.",
            required_skills=[skills["Python (computer programming)"]],
            nice_skills=[skills["SQL"]],
            languages={"en": CEFRLevel.C1},
            salary_min=4200,
            salary_max=5600,
            sponsors_permit=True,
            url="https://reaktor.example/jobs/ml",
        )
        job_id = job.id
    response = client.get(f"/opportunities/{job_id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for text in (
        "Machine learning engineer",
        "Reaktor",
        "Build models for Finnish public services.",
        "Python (computer programming)",
        "SQL",
        "English: at least C1",
        "4,200",
        "5,600",
        "sponsors a work permit",
        "https://reaktor.example/jobs/ml",
        "Full-time",
    ):
        assert text in page, text


def test_detail_page_shows_event_dates_and_capacity(app, client):
    with app.app_context():
        event = make_opportunity(
            OpportunityKind.EVENT,
            title="Startup sauna evening",
            university=make_university(),
            # Stored in UTC: 17:30 UTC is 19:30 in Helsinki in March (UTC+2).
            starts_at=datetime(2031, 3, 5, 17, 30),
            ends_at=datetime(2031, 3, 5, 20, 0),
            capacity=120,
            deadline=date.today() + timedelta(days=5),
        )
        event_id = event.id
    page = client.get(f"/opportunities/{event_id}").get_data(as_text=True)
    assert "5 Mar 2031, 19:30–22:00" in page
    assert "120 seats left" in page


def test_draft_detail_is_404_for_the_public(app, client):
    with app.app_context():
        draft_id = make_job(status=OpportunityStatus.DRAFT).id
        closed_id = make_job(
            organisation=make_organisation(business_id=None), status=OpportunityStatus.CLOSED
        ).id
    assert client.get(f"/opportunities/{draft_id}").status_code == 404
    assert client.get(f"/opportunities/{closed_id}").status_code == 404
    assert client.get("/opportunities/999999").status_code == 404
