"""The graduate's "For you" page: lanes per kind, scores with reasons, feedback and filters."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    Interaction,
    InteractionKind,
    OpportunityKind,
    OpportunityStatus,
    WorkPermit,
)
from tests.factories import (
    make_employer,
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
)

GRACE = "grace@example.com"


@pytest.fixture(autouse=True)
def _workers_check_for_changes_on_every_request(app, monkeypatch) -> None:
    """Each test has its own data, so the engine is asked for its version every time."""
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


def _catalogue(app, **graduate) -> dict[str, int]:
    """A data graduate with Finnish A2, and one opportunity or more of every kind."""
    with app.app_context():
        skills = make_skills()
        python, sql = skills["Python (computer programming)"], skills["SQL"]
        analytics, marketing = skills["data analytics"], skills["marketing principles"]
        graduate.setdefault("languages", {"en": CEFRLevel.C1, "fi": CEFRLevel.A2})
        make_graduate(email=GRACE, skills=[python, sql, analytics], **graduate)
        organisation = make_organisation(name="Nordic Data Oy")
        university = make_university(name="University of Helsinki")
        opportunities = {
            "data": make_job(
                organisation,
                title="Data analyst",
                description="Analyse the city's open data with SQL and Python.",
                required_skills=[sql, python],
                languages={"fi": CEFRLevel.B2},
            ),
            "marketing": make_job(
                organisation,
                title="Marketing coordinator",
                description="Plan campaigns and social media posts.",
                required_skills=[marketing],
            ),
            "sponsoring": make_job(
                organisation,
                title="Python developer",
                description="Build data services in Python.",
                required_skills=[python],
                sponsors_permit=True,
                municipality="Tampere",
            ),
            "programme": make_opportunity(
                OpportunityKind.PROGRAMME,
                title="Data talent programme",
                university=university,
                required_skills=[analytics],
            ),
            "community": make_opportunity(
                OpportunityKind.COMMUNITY,
                title="Women in data community",
                university=university,
                required_skills=[analytics],
            ),
            "event": make_opportunity(
                OpportunityKind.EVENT,
                title="Data meetup at Maria 01",
                organisation=organisation,
                required_skills=[python],
            ),
        }
        return {name: opportunity.id for name, opportunity in opportunities.items()}


def _page(client, query: str = "") -> str:
    response = client.get(f"/graduates/for-you{query}")
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def test_for_you_shows_a_lane_per_kind_with_scores_and_reasons(app, client, auth):
    _catalogue(app)
    auth.login(GRACE)
    page = _page(client)
    for heading in ("Jobs", "Talent programmes", "Communities", "Events"):
        assert f">{heading}</h2>" in page
    for title in ("Data talent programme", "Women in data community", "Data meetup at Maria 01"):
        assert title in page
    assert re.search(r"(Strong|Good|Some) match", page)
    assert "Shared skills: SQL, Python (computer programming)." in page
    assert "You have Finnish A2; this job asks for B2." in page
    assert "In Helsinki, where you want to work." in page


def test_a_job_matching_the_profiles_skills_ranks_above_an_unrelated_one(app, client, auth):
    _catalogue(app)
    auth.login(GRACE)
    page = _page(client)
    assert page.index("Data analyst") < page.index("Marketing coordinator")
    assert "Missing skills: marketing principles." in page


def test_hiding_an_opportunity_removes_it_for_good(app, client, auth):
    ids = _catalogue(app)
    auth.login(GRACE)
    assert f'href="/opportunities/{ids["data"]}"' in _page(client)
    response = client.post(
        f"/graduates/opportunities/{ids['data']}/hide?next=/graduates/for-you",
        follow_redirects=True,
    )
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "“Data analyst” is hidden: you will not see it here again." in page
    assert f'href="/opportunities/{ids["data"]}"' not in page
    assert f'href="/opportunities/{ids["data"]}"' not in _page(client)
    with app.app_context():
        kinds = db.session.scalars(select(Interaction.kind)).all()
        assert kinds == [InteractionKind.HIDE]


def test_not_interested_removes_the_opportunity_and_is_recorded(app, client, auth):
    ids = _catalogue(app)
    auth.login(GRACE)
    response = client.post(f"/graduates/opportunities/{ids['marketing']}/not-interested")
    assert response.status_code == 302
    assert response.headers["Location"] == "/graduates/for-you"
    assert f'href="/opportunities/{ids["marketing"]}"' not in _page(client)
    with app.app_context():
        assert db.session.scalars(select(Interaction.kind)).all() == [
            InteractionKind.NOT_INTERESTED
        ]


def test_saving_a_data_job_lifts_a_similar_data_job(app, client, auth):
    with app.app_context():
        skills = make_skills()
        sql, analytics = skills["SQL"], skills["data analytics"]
        make_graduate(
            email=GRACE, headline="Graduate", skills=[skills["project management"], analytics]
        )
        organisation = make_organisation()
        saved = make_job(
            organisation,
            title="Data analyst",
            description="Reporting with SQL.",
            required_skills=[sql, analytics],
        )
        make_job(
            organisation,
            title="Junior data engineer",
            description="Data pipelines in Python and SQL.",
            required_skills=[sql, skills["Python (computer programming)"], analytics],
        )
        make_job(
            organisation,
            title="Project coordinator",
            description="Coordinate marketing projects.",
            required_skills=[skills["project management"], skills["marketing principles"]],
        )
        saved_id = saved.id
    auth.login(GRACE)
    before = _page(client)
    assert before.index("Project coordinator") < before.index("Junior data engineer")

    response = client.post(f"/graduates/opportunities/{saved_id}/save", follow_redirects=True)
    assert "Saved “Data analyst”." in unescape(response.get_data(as_text=True))
    after = _page(client)
    assert after.index("Junior data engineer") < after.index("Project coordinator")
    assert "Saved ✓ (remove)" in after


def test_saved_list_shows_saved_items_until_they_are_removed(app, client, auth):
    ids = _catalogue(app)
    auth.login(GRACE)
    assert "You have not saved anything yet" in client.get("/graduates/saved").get_data(
        as_text=True
    )
    client.post(f"/graduates/opportunities/{ids['programme']}/save")
    client.post(f"/graduates/opportunities/{ids['programme']}/save")  # twice keeps one save
    saved = client.get("/graduates/saved").get_data(as_text=True)
    assert saved.count(f'href="/opportunities/{ids["programme"]}"') == 1
    with app.app_context():
        assert len(db.session.scalars(select(Interaction)).all()) == 1

    response = client.post(
        f"/graduates/opportunities/{ids['programme']}/unsave?next=/graduates/saved",
        follow_redirects=True,
    )
    assert "You have not saved anything yet" in response.get_data(as_text=True)


def test_only_open_opportunities_can_be_saved(app, client, auth):
    ids = _catalogue(app)
    with app.app_context():
        closed = make_job(make_organisation(), status=OpportunityStatus.CLOSED)
        past = make_job(make_organisation(), deadline=date.today() - timedelta(days=1))
        closed_id, past_id = closed.id, past.id
    auth.login(GRACE)
    assert client.post(f"/graduates/opportunities/{closed_id}/save").status_code == 404
    assert client.post(f"/graduates/opportunities/{past_id}/hide").status_code == 404
    assert client.post("/graduates/opportunities/999999/save").status_code == 404
    assert client.post(f"/graduates/opportunities/{ids['data']}/save").status_code == 302


def test_redirect_after_feedback_stays_on_this_site(app, client, auth):
    ids = _catalogue(app)
    auth.login(GRACE)
    response = client.post(
        f"/graduates/opportunities/{ids['data']}/save?next=https://evil.example.com/"
    )
    assert response.headers["Location"] == "/graduates/for-you"


def test_language_filter_keeps_only_jobs_whose_languages_i_meet(app, client, auth):
    _catalogue(app)
    auth.login(GRACE)
    assert "Data analyst" in _page(client)
    page = _page(client, "?languages_met=y")
    assert "Data analyst" not in page
    assert "Marketing coordinator" in page
    assert 'checked id="languages_met"' in page


def test_sponsorship_filter_keeps_only_jobs_that_sponsor_a_permit(app, client, auth):
    _catalogue(app, work_permit=WorkPermit.NEEDS_SPONSORSHIP)
    auth.login(GRACE)
    page = _page(client)
    assert "You need a sponsored work permit; this employer does not offer sponsorship." in page
    filtered = _page(client, "?sponsors_permit=y")
    jobs_lane = filtered[filtered.index(">Jobs</h2>") : filtered.index(">Talent programmes</h2>")]
    assert "Python developer" in jobs_lane
    assert "Data analyst" not in jobs_lane
    assert "Marketing coordinator" not in jobs_lane


def test_municipality_filter_keeps_my_places(app, client, auth):
    _catalogue(app)
    auth.login(GRACE)
    page = _page(client)
    assert "Python developer" in page
    assert "In Tampere, not among the places you chose." in page
    filtered = _page(client, "?my_municipalities=y")
    assert "Python developer" not in filtered
    assert "Data analyst" in filtered


def test_for_you_is_for_graduates_only(app, client, auth):
    with app.app_context():
        make_employer(make_organisation(), email="erik@example.com")
    assert client.get("/graduates/for-you").status_code == 302
    auth.login("erik@example.com")
    assert client.get("/graduates/for-you").status_code == 403
    assert client.post("/graduates/opportunities/1/save").status_code == 403


def test_a_new_graduate_with_an_empty_profile_still_gets_a_page(app, client, auth):
    _catalogue(app)
    with app.app_context():
        make_graduate(email="new@example.com", languages={}, municipalities=())
    auth.login("new@example.com")
    page = _page(client)
    assert ">Jobs</h2>" in page


def _labels_of(page: str, title: str) -> str:
    """The fit label shown on the card of `title`, or "" when it has none."""
    card = page.split(f">{title}</a>")[0].rsplit('<li class="card recommendation">', 1)[-1]
    found = re.search(r"(Strong|Good|Some) match", card)
    return found.group(0) if found else ""


def test_a_job_sharing_no_skill_is_never_labelled_a_strong_match(app, client, auth):
    _catalogue(app)
    auth.login(GRACE)
    page = _page(client)
    assert "Marketing coordinator" in page
    assert _labels_of(page, "Marketing coordinator") == ""
    # both required skills met, Finnish below the job's minimum: "some", not "strong"
    assert _labels_of(page, "Data analyst") == "Some match"
    assert "2 of its 2 required skills met." in page


def test_a_thin_profile_gets_a_prompt_to_add_skills_and_no_labels(app, client, auth):
    with app.app_context():
        skills = make_skills()
        make_graduate(email=GRACE, skills=[skills["SQL"]], languages={"en": CEFRLevel.C1})
        make_job(make_organisation(), title="Data analyst", required_skills=[skills["SQL"]])
    auth.login(GRACE)
    page = _page(client)
    assert "Your profile lists 1 skill. Add at least 3 skills" in page
    assert "Data analyst" in page
    assert not re.search(r"(Strong|Good|Some) match", page)
