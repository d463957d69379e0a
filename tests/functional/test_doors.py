"""What would open more doors, on For you, the profile and the list of jobs each step would open:
counts by hand, plural forms, filters and hidden jobs, and an empty profile's prompt."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import CEFRLevel, InteractionKind, Role, User
from talentmatch.services import engagement, matching
from talentmatch.site_dates import site_today
from tests.factories import (
    COOKING,
    make_esco_skill,
    make_graduate,
    make_job,
    make_organisation,
    make_skills,
    make_user,
)

GRACE = "grace@example.com"


@pytest.fixture(autouse=True)
def _workers_check_for_changes_on_every_request(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


def page(response) -> str:
    return unescape(response.get_data(as_text=True))


def _world(app) -> dict:
    """Grace: SQL, Python and data analytics, English C1 and Finnish A2. Two data jobs ask for
    Finnish B1 (B1 opens both), one for B2; three canteen jobs share SQL with her and lack
    only cooking (any one cooking skill opens all three); one job fits today."""
    with app.app_context():
        skills = make_skills()
        sql, python, analytics = (
            skills["SQL"],
            skills["Python (computer programming)"],
            skills["data analytics"],
        )
        cooking = [make_esco_skill(label) for label in COOKING]
        make_graduate(
            email=GRACE,
            skills=[sql, python, analytics],
            languages={"en": CEFRLevel.C1, "fi": CEFRLevel.A2},
        )
        org = make_organisation(name="Nordic Data Oy")
        ids = {
            "b1-a": make_job(
                org,
                title="Data analyst",
                required_skills=[sql, python],
                languages={"fi": CEFRLevel.B1},
            ).id,
            "b1-b": make_job(
                org,
                title="Reporting analyst",
                required_skills=[sql],
                languages={"fi": CEFRLevel.B1},
            ).id,
            "b2": make_job(
                org,
                title="Senior analyst",
                required_skills=[sql, python],
                languages={"fi": CEFRLevel.B2},
            ).id,
            "fits": make_job(org, title="Junior analyst", required_skills=[sql, python]).id,
        }
        for n, title in enumerate(("Canteen cook", "Line cook", "Restaurant cook")):
            ids[f"cook-{n}"] = make_job(org, title=title, required_skills=[sql, *cooking]).id
        matching.fit_and_activate()
        return {"ids": ids, "cooking": cooking[0].id}


def _doors(html: str) -> list[str]:
    section = html[html.index('id="doors-heading"') :]
    section = section[: section.index("</section>")]
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in section.split("<li>")[1:]]


def test_for_you_and_the_profile_count_what_finnish_b1_and_a_cooking_skill_would_open(
    app, client, auth
):
    _world(app)
    auth.login(GRACE)
    lines = _doors(page(client.get("/graduates/for-you")))
    assert lines[0] == "Finnish at level B1 (you have A2): 2 more jobs"
    cooking = [line for line in lines if line.endswith("3 more jobs")]
    assert len(cooking) == 4  # each cooking skill, once for each of the three near misses
    assert "use cooking techniques: 3 more jobs" in lines
    assert _doors(page(client.get("/graduates/profile"))) == lines


def test_a_line_leads_to_the_jobs_it_counts(app, client, auth):
    world = _world(app)
    auth.login(GRACE)
    html = page(client.get("/graduates/doors/languages/fi"))
    assert "Reaching Finnish at level B1 would make 2 more open jobs good or strong fits" in html
    listed = set(map(int, re.findall(r'href="/opportunities/(\d+)"', html)))
    assert listed == {world["ids"]["b1-a"], world["ids"]["b1-b"]}

    html = page(client.get(f"/graduates/doors/skills/{world['cooking']}"))
    listed = set(map(int, re.findall(r'href="/opportunities/(\d+)"', html)))
    assert listed == {world["ids"][f"cook-{n}"] for n in range(3)}


def test_counts_leave_hidden_jobs_out_and_follow_the_filters(app, client, auth):
    world = _world(app)
    with app.app_context():
        grace = db.session.scalar(select(User).where(User.email == GRACE))
        engagement.record(grace, world["ids"]["b1-b"], InteractionKind.HIDE, site_today())
    auth.login(GRACE)
    lines = _doors(page(client.get("/graduates/for-you")))
    assert lines[0] == "Finnish at level B1 (you have A2): 1 more job"
    # With "only jobs whose language requirements I meet", the Finnish job is shown once B1 is
    # reached: still one more.
    lines = _doors(page(client.get("/graduates/for-you?languages_met=y")))
    assert lines[0] == "Finnish at level B1 (you have A2): 1 more job"
    html = page(client.get("/graduates/for-you?languages_met=y"))
    assert 'href="/graduates/doors/languages/fi?languages_met=y"' in html


def test_an_empty_profile_gets_a_prompt_not_numbers(app, client, auth):
    _world(app)
    with app.app_context():
        make_user(Role.GRADUATE, "new@example.com")
    auth.login("new@example.com")
    html = page(client.get("/graduates/for-you"))
    section = html[html.index('id="doors-heading"') :]
    section = section[: section.index("</section>")]
    assert "Add at least three skills and your languages to your profile" in section
    assert "more job" not in section


def test_unknown_languages_and_skills_are_not_found(app, client, auth):
    _world(app)
    auth.login(GRACE)
    assert client.get("/graduates/doors/languages/xx").status_code == 404
    assert client.get("/graduates/doors/skills/999999").status_code == 404
